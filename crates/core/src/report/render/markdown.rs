//! Markdown: headings and tables, fit to paste into a ticket or send as they are.

use chrono_tz::Tz;

use super::{Evidence, dur, evidence_lines, money, opt_dur, paused, pct};
use crate::report::{Group, Report};
use crate::text::inert;

/// Job text for the page: inert, then every character Markdown would read as markup
/// escaped — no raw HTML (`<img onerror=…>`), no link or image (`[x](javascript:…)`),
/// no emphasis or code, and no `|` to break the table.
fn md(s: &str) -> String {
    md_cut(s, 200)
}

/// [`md`], cut at `max` characters.
fn md_cut(s: &str, max: usize) -> String {
    let clean = inert(s, max);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn group_rows(g: &Group, out: &mut Vec<String>) {
    for (i, c) in g.clocks.iter().enumerate() {
        out.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            if i == 0 { md(&g.key) } else { String::new() },
            c.clock.name(),
            c.jobs,
            c.met,
            c.met_late,
            c.breached_open,
            c.open_within,
            pct(c.adherence),
            opt_dur(c.business.map(|s| s.median)),
            opt_dur(c.business.map(|s| s.p90)),
            opt_dur(c.wall.map(|s| s.median)),
            dur(c.excluded_secs),
        ));
    }
}

pub(super) fn render(r: &Report, ev: &Evidence, tz: &Tz) -> String {
    let mut out = vec![
        format!("# SLA compliance report, {}", super::range(r, tz)),
        String::new(),
    ];
    for l in evidence_lines(r, ev, tz) {
        // Longer than a cell: the chain line holds the head (twice) and must stay whole,
        // and the corrections line lists up to 20.
        out.push(format!("- {}", md_cut(&l, 8000)));
    }
    out.push(String::new());
    out.push("## Summary".to_owned());
    out.push(String::new());
    out.push(format!(
        "| {} | clock | jobs | met | met late | breached (open) | open within | adherence | median | p90 | wall median | excluded |",
        r.by
    ));
    out.push("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|".to_owned());
    for g in &r.groups {
        group_rows(g, &mut out);
    }
    group_rows(&r.total, &mut out);
    out.push(String::new());
    out.push(
        "Adherence = met / (met + met late + breached); jobs still open within their window are not \
         judged yet. Times are business time on each tier's calendar; pauses caused by the customer \
         are excluded."
            .to_owned(),
    );
    out.push(String::new());
    out.push("## Adherence per week".to_owned());
    out.push(String::new());
    out.push("| week | respond | attend | resolve |".to_owned());
    out.push("|---|--:|--:|--:|".to_owned());
    for w in &r.weekly {
        out.push(format!(
            "| {} | {} | {} | {} |",
            w.week,
            pct(w.adherence[0]),
            pct(w.adherence[1]),
            pct(w.adherence[2])
        ));
    }
    out.push(String::new());
    out.push(format!("## Breaches ({})", r.breaches.len()));
    out.push(String::new());
    if !r.breaches.is_empty() {
        out.push(
            "| job | customer | clock | state | target | actual | overrun | technician | paused |".to_owned(),
        );
        out.push("|--:|---|---|---|--:|--:|--:|---|---|".to_owned());
        for b in &r.breaches {
            out.push(format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                b.job,
                md(&b.customer),
                b.clock.name(),
                b.state.replace('_', " "),
                dur(b.target),
                dur(b.actual),
                dur(b.overrun),
                md(b.technician.as_deref().unwrap_or("—")),
                md(&paused(&b.paused)),
            ));
        }
        out.push(String::new());
    }
    out.push("## Service credits".to_owned());
    out.push(String::new());
    if r.credits.is_empty() {
        out.push("No credit terms apply to these jobs.".to_owned());
    } else {
        out.push("| account | month | jobs | breaches | share | monthly fee | credit |".to_owned());
        out.push("|---|---|--:|--:|--:|--:|--:|".to_owned());
        for c in &r.credits {
            out.push(format!(
                "| {} | {} | {} | {} | {:.1} %{} | {} | {} |",
                md(&c.account),
                c.month,
                c.jobs,
                c.breaches,
                c.share * 100.0,
                if c.capped { " (cap)" } else { "" },
                money(c.monthly_fee),
                money(c.credit),
            ));
        }
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn job_text_cannot_be_markup() {
        assert_eq!(
            md("<img src=x onerror=alert(1)> [a](javascript:x) *b* a|b"),
            "&lt;img src=x onerror=alert(1)&gt; \\[a\\](javascript:x) \\*b\\* a\\|b"
        );
    }
}
