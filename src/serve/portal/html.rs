//! The page itself, written on the server: every text from a job made inert (as the CLI
//! shows it) and escaped for HTML text and attributes. The inline style and script are
//! fixed texts, allowed by their SHA-256 in the Content-Security-Policy.

use std::fmt::Write as _;

use super::view::View;

pub const STYLE: &str = include_str!("page.css");
pub const SCRIPT: &str = include_str!("page.js");

/// `s` safe inside HTML text and a quoted attribute: `& < > " '` as entities, and
/// control, bidirectional and zero-width characters as [`slawatch_core::text::inert`]
/// handles them (cut at `max` characters).
#[must_use]
pub fn escape(s: &str, max: usize) -> String {
    slawatch_core::text::escape_markup(&slawatch_core::text::inert(s, max))
}

/// Long enough for any text the page shows (the view cuts them already).
const MAX: usize = 10_000;

fn e(s: &str) -> String {
    escape(s, MAX)
}

fn head(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><title>{}</title><style>{STYLE}</style></head>",
        e(title)
    );
}

/// The page of `view`; `feed` is where the script re-reads its data (none: it only ticks).
#[must_use]
pub fn page(view: &View, feed: Option<&str>) -> String {
    let mut out = String::with_capacity(8 * 1024);
    head(&mut out, &format!("Service commitments — {}", view.customer));
    let feed_attr = feed.map_or_else(String::new, |f| format!(" data-feed=\"{}\"", e(f)));
    let _ = write!(
        out,
        "<body data-now=\"{}\"{feed_attr}><header><h1>Service commitments for {}</h1>\
         <p class=\"sub\">As of {} — deadlines in each contract calendar's zone; business time counts only the calendar's hours.</p></header>",
        view.now,
        e(&view.customer),
        e(&view.now_text)
    );
    out.push_str("<h2>Open jobs</h2><div id=\"open\">");
    if view.jobs.is_empty() {
        out.push_str("<p class=\"note\">No open jobs.</p>");
    }
    for j in &view.jobs {
        let _ = write!(
            out,
            "<article class=\"job\"><h3>#{} {}</h3><p class=\"sub\">{} · logged {} · {}</p>\
             <table><tr><th>Clock</th><th>State</th><th>Deadline</th><th>Business time left</th><th>Due in</th></tr>",
            j.id,
            e(&j.summary),
            e(&j.priority),
            e(&j.logged),
            e(&j.status)
        );
        for c in &j.clocks {
            let tick = match (c.state, c.deadline_at) {
                (slawatch_core::sla::ClockState::Running, Some(d)) => format!(" data-deadline=\"{d}\""),
                _ => String::new(),
            };
            let late = if tick.is_empty() || !c.due_text.starts_with('-') {
                ""
            } else {
                " late"
            };
            let _ = write!(
                out,
                "<tr class=\"{state}\"><td>{}</td><td class=\"state\">{state}</td><td>{}</td><td>{}</td>\
                 <td class=\"left{late}\"{tick}>{}</td></tr>",
                c.clock,
                e(&format!("{} ({})", c.deadline_text, c.zone)),
                e(&c.business_left_text),
                e(&c.due_text),
                state = c.state.name(),
            );
        }
        out.push_str("</table></article>");
    }
    out.push_str("</div>");
    let _ = write!(out, "<h2>Adherence, last {} days</h2>", view.days);
    if view.adherence.iter().all(|a| a.total == 0) {
        out.push_str("<p class=\"note\">Nothing judged yet in this period.</p>");
    }
    out.push_str("<table><tr><th>Clock</th><th>Met in time</th><th>Adherence</th></tr>");
    for a in &view.adherence {
        let pct = a.percent.map_or_else(|| "—".to_owned(), |p| format!("{p:.1} %"));
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}/{}</td><td>{pct}</td></tr>",
            a.clock, a.met, a.total
        );
    }
    out.push_str("</table><h2>Breaches</h2>");
    if view.breaches.is_empty() {
        let _ = write!(
            out,
            "<p class=\"note\">No breaches in the last {} days.</p>",
            view.days
        );
    } else {
        out.push_str("<table><tr><th>Job</th><th>Clock</th><th>State</th><th>Late by</th></tr>");
        for b in &view.breaches {
            let _ = write!(
                out,
                "<tr><td>#{}</td><td>{}</td><td>{}</td><td class=\"late\">{}</td></tr>",
                b.job,
                b.clock,
                b.state.replace('_', " "),
                e(&b.overrun_text)
            );
        }
        out.push_str("</table>");
    }
    let _ = write!(
        out,
        "<h2>Evidence</h2><p>Chain head <code>{h}</code>: every event recorded on the desk is \
         chained by its hash to the one before, so <code>slawatch verify --head {h}</code> \
         proves later that none of what this page was read from has been changed or removed.</p>\
         <script>{SCRIPT}</script></body></html>",
        h = e(&view.chain_head)
    );
    out
}

/// The page of a link that no longer opens anything.
#[must_use]
pub fn gone() -> String {
    let mut out = String::new();
    head(&mut out, "Link no longer valid");
    let _ = write!(
        out,
        "<body><h1>Service commitments</h1><p>{}</p></body></html>",
        e(super::GONE)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<script>a&b</script>", 100),
            "&lt;script&gt;a&amp;b&lt;/script&gt;"
        );
        assert_eq!(escape("say \"hi\" it's", 100), "say &quot;hi&quot; it&#39;s");
        // ESC and C1 controls show as �, line breaks as a space, bidi overrides vanish.
        assert_eq!(
            escape("a\u{1b}[31mb\nc\u{202e}d\u{9b}", 100),
            "a\u{FFFD}[31mb cd\u{FFFD}"
        );
        assert_eq!(escape("abcdef", 4), "abc…");
        assert_eq!(escape("plain text", 100), "plain text");
    }
}
