//! A self-contained HTML page: readable in a browser with no network (inline style, an
//! inline SVG chart of weekly adherence and a sparkline of breaches per day), every
//! piece of job text escaped.

use std::fmt::Write;

use chrono_tz::Tz;

use super::{Evidence, dur, evidence_lines, money, opt_dur, paused, pct};
use crate::report::{Group, Report};

/// Job text for the page: inert, then escaped.
fn esc(s: &str) -> String {
    crate::text::escape_markup(&crate::text::inert(s, 400))
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .5em}\
td.n{text-align:right}th{background:#f3f3f3}.bad{color:#b00}.muted{color:#777}\
.total td{font-weight:bold;border-top:2px solid #888}.respond{fill:#4e79a7}.attend{fill:#f28e2b}.resolve{fill:#59a14f}";

fn group_rows(g: &Group, total: bool, out: &mut String) {
    // Only a cell that holds lateness is red.
    let num = |n: usize| if n > 0 { "n bad" } else { "n" };
    for (i, c) in g.clocks.iter().enumerate() {
        let key = if i == 0 { esc(&g.key) } else { String::new() };
        let _ = write!(
            out,
            "<tr{}><td>{key}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"{}\">{}</td><td class=\"{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            if total { " class=\"total\"" } else { "" },
            c.clock.name(),
            c.jobs,
            c.met,
            num(c.met_late),
            c.met_late,
            num(c.breached_open),
            c.breached_open,
            c.open_within,
            pct(c.adherence),
            opt_dur(c.business.map(|s| s.median)),
            opt_dur(c.business.map(|s| s.p90)),
            opt_dur(c.wall.map(|s| s.median)),
            dur(c.excluded_secs),
        );
    }
}

/// Grouped bars: per week, one bar per clock, 0–100 %.
fn weekly_chart(r: &Report) -> String {
    let (bar, gap, h) = (10, 12, 120);
    let w = 40 + r.weekly.len() * (3 * bar + gap);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{}\" role=\"img\" \
         aria-label=\"Adherence per week and clock\">",
        h + 40
    );
    for p in [0, 50, 100] {
        let y = 10 + h - h * p / 100;
        let _ = write!(
            svg,
            "<line x1=\"36\" x2=\"{w}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/>\
             <text x=\"0\" y=\"{}\" font-size=\"10\">{p}%</text>",
            y + 3
        );
    }
    for (i, wk) in r.weekly.iter().enumerate() {
        let x0 = 40 + i * (3 * bar + gap);
        for (k, name) in ["respond", "attend", "resolve"].iter().enumerate() {
            if let Some(a) = wk.adherence[k] {
                let bh = (a * h as f64).round() as usize;
                let _ = write!(
                    svg,
                    "<rect class=\"{name}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{bh}\">\
                     <title>{} {name}: {}</title></rect>",
                    x0 + k * bar,
                    10 + h - bh,
                    bar - 1,
                    wk.week,
                    pct(Some(a))
                );
            }
        }
        let _ = write!(
            svg,
            "<text x=\"{x0}\" y=\"{}\" font-size=\"9\">{}</text>",
            h + 25,
            wk.week.get(5..).unwrap_or(&wk.week)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A line of breaches per day.
fn sparkline(r: &Report) -> String {
    let n = r.daily_breaches.len().max(2);
    let max = r.daily_breaches.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    let (w, h) = (4 * n, 30);
    let points: Vec<String> = r
        .daily_breaches
        .iter()
        .enumerate()
        .map(|(i, (_, c))| format!("{},{}", i * 4, h - h * c / max))
        .collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{}\" role=\"img\" \
         aria-label=\"Breaches per day\"><polyline fill=\"none\" stroke=\"#b00\" points=\"{}\"/></svg> \
         <span class=\"muted\">most: {max} a day</span>",
        h + 2,
        points.join(" ")
    )
}

pub(super) fn render(r: &Report, ev: &Evidence, tz: &Tz) -> String {
    let title = format!("SLA compliance report, {}", super::range(r, tz));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>{STYLE}</style></head><body>\n<h1>{}</h1>\n<ul>",
        esc(&title),
        esc(&title)
    );
    for l in evidence_lines(r, ev, tz) {
        // Longer than a cell: the chain line holds the head (twice) and must stay whole.
        let l = crate::text::escape_markup(&crate::text::inert(&l, 8000));
        let _ = write!(out, "<li>{l}</li>");
    }
    out.push_str("</ul>\n<h2>Summary</h2>\n<table><tr>");
    for h in [
        r.by,
        "clock",
        "jobs",
        "met",
        "met late",
        "breached (open)",
        "open within",
        "adherence",
        "median",
        "p90",
        "wall median",
        "excluded",
    ] {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr>");
    for g in &r.groups {
        group_rows(g, false, &mut out);
    }
    group_rows(&r.total, true, &mut out);
    out.push_str(
        "</table>\n<p class=\"muted\">Adherence = met / (met + met late + breached); jobs still open \
         within their window are not judged yet. Times are business time on each tier's calendar; \
         pauses caused by the customer are excluded.</p>\n<h2>Adherence per week</h2>\n",
    );
    out.push_str(&weekly_chart(r));
    out.push_str(
        "\n<p><svg width=\"10\" height=\"10\"><rect class=\"respond\" width=\"10\" height=\"10\"/></svg> respond \
         <svg width=\"10\" height=\"10\"><rect class=\"attend\" width=\"10\" height=\"10\"/></svg> attend \
         <svg width=\"10\" height=\"10\"><rect class=\"resolve\" width=\"10\" height=\"10\"/></svg> resolve</p>\n\
         <table><tr><th>week</th><th>respond</th><th>attend</th><th>resolve</th></tr>",
    );
    for w in &r.weekly {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            w.week,
            pct(w.adherence[0]),
            pct(w.adherence[1]),
            pct(w.adherence[2])
        );
    }
    let _ = write!(
        out,
        "</table>\n<h2>Breaches per day</h2>\n<p>{}</p>\n<h2>Breaches ({})</h2>\n",
        sparkline(r),
        r.breaches.len()
    );
    if !r.breaches.is_empty() {
        out.push_str(
            "<table><tr><th>job</th><th>customer</th><th>clock</th><th>state</th><th>target</th>\
             <th>actual</th><th>overrun</th><th>technician</th><th>paused</th></tr>",
        );
        for b in &r.breaches {
            let _ = write!(
                out,
                "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n bad\">{}</td><td>{}</td><td>{}</td></tr>",
                b.job,
                esc(&b.customer),
                b.clock.name(),
                b.state.replace('_', " "),
                dur(b.target),
                dur(b.actual),
                dur(b.overrun),
                esc(b.technician.as_deref().unwrap_or("—")),
                esc(&paused(&b.paused)),
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("<h2>Service credits</h2>\n");
    if r.credits.is_empty() {
        out.push_str("<p>No credit terms apply to these jobs.</p>\n");
    } else {
        out.push_str(
            "<table><tr><th>account</th><th>month</th><th>jobs</th><th>breaches</th><th>share</th>\
             <th>monthly fee</th><th>credit</th></tr>",
        );
        for c in &r.credits {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{:.1} %{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&c.account),
                c.month,
                c.jobs,
                c.breaches,
                c.share * 100.0,
                if c.capped { " (cap)" } else { "" },
                money(c.monthly_fee),
                money(c.credit),
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}
