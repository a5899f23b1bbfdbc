//! The terminal table: the summary per group and clock, the breach list, the credits.

use chrono_tz::Tz;

use super::{Evidence, dur, evidence_lines, money, opt_dur, paused, pct};
use crate::report::{Group, Report};
use crate::text::inert;

/// Breaches listed in the terminal table at most.
const TABLE_BREACHES: usize = 100;

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.chars().take(w).collect()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

fn rpad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_owned()
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

fn group_lines(g: &Group, out: &mut Vec<String>) {
    for (i, c) in g.clocks.iter().enumerate() {
        let key = if i == 0 { inert(&g.key, 24) } else { String::new() };
        out.push(format!(
            "{} {} {} {} {} {} {} {} {} {} {} {} {}",
            pad(&key, 24),
            pad(c.clock.name(), 7),
            rpad(&c.jobs.to_string(), 6),
            rpad(&c.met.to_string(), 6),
            rpad(&c.met_late.to_string(), 5),
            rpad(&c.breached_open.to_string(), 8),
            rpad(&c.open_within.to_string(), 6),
            rpad(&pct(c.adherence), 9),
            rpad(&opt_dur(c.business.map(|s| s.avg)), 8),
            rpad(&opt_dur(c.business.map(|s| s.median)), 8),
            rpad(&opt_dur(c.business.map(|s| s.p90)), 8),
            rpad(&opt_dur(c.wall.map(|s| s.median)), 9),
            rpad(&dur(c.excluded_secs), 9),
        ));
    }
}

pub(super) fn render(r: &Report, ev: &Evidence, tz: &Tz) -> String {
    let mut out = vec!["slawatch compliance report".to_owned()];
    // Filters and reasons hold typed text: inert for the terminal.
    out.extend(evidence_lines(r, ev, tz).iter().map(|l| inert(l, 8000)));
    out.push(String::new());
    out.push(format!(
        "{} {} {} {} {} {} {} {} {} {} {} {} {}",
        pad(&r.by.to_uppercase(), 24),
        pad("CLOCK", 7),
        rpad("JOBS", 6),
        rpad("MET", 6),
        rpad("LATE", 5),
        rpad("BREACHED", 8),
        rpad("OPEN", 6),
        rpad("ADHERENCE", 9),
        rpad("AVG", 8),
        rpad("MEDIAN", 8),
        rpad("P90", 8),
        rpad("WALL MED", 9),
        rpad("EXCLUDED", 9),
    ));
    for g in &r.groups {
        group_lines(g, &mut out);
    }
    group_lines(&r.total, &mut out);
    out.push(String::new());
    out.push(
        "LATE: stopped after the deadline; BREACHED: still running past it; OPEN: still within it \
         (not judged). Adherence = met / (met + late + breached). Times are business time."
            .to_owned(),
    );
    out.push(String::new());
    out.push(format!("Breaches ({})", r.breaches.len()));
    if !r.breaches.is_empty() {
        out.push(format!(
            "{} {} {} {} {} {} {} {} {}",
            rpad("JOB", 8),
            pad("CUSTOMER", 20),
            pad("CLOCK", 7),
            pad("STATE", 8),
            rpad("TARGET", 8),
            rpad("ACTUAL", 9),
            rpad("OVERRUN", 9),
            pad("TECH", 12),
            "PAUSED"
        ));
    }
    // A terminal is no place for a quarter of a million lines: the largest overruns, and
    // where the rest is.
    let mut shown: Vec<&crate::report::Breach> = r.breaches.iter().collect();
    if shown.len() > TABLE_BREACHES {
        shown.sort_by_key(|b| (std::cmp::Reverse(b.overrun), b.job));
        shown.truncate(TABLE_BREACHES);
    }
    for b in shown {
        out.push(format!(
            "{} {} {} {} {} {} {} {} {}",
            rpad(&b.job.to_string(), 8),
            pad(&inert(&b.customer, 20), 20),
            pad(b.clock.name(), 7),
            pad(b.state, 8),
            rpad(&dur(b.target), 8),
            rpad(&dur(b.actual), 9),
            rpad(&dur(b.overrun), 9),
            pad(&inert(b.technician.as_deref().unwrap_or("—"), 12), 12),
            inert(&paused(&b.paused), 80),
        ));
    }
    if r.breaches.len() > TABLE_BREACHES {
        out.push(format!(
            "… the {TABLE_BREACHES} largest overruns of {}; all of them: --format csv --section breaches (or md, html, json)",
            r.breaches.len()
        ));
    }
    out.push(String::new());
    out.push(format!("Service credits ({})", r.credits.len()));
    for c in &r.credits {
        out.push(format!(
            "{} {} {} jobs, {} breaches × {:.1} % = {:.1} %{} of {} → {}",
            pad(&inert(&c.account, 20), 20),
            c.month,
            c.jobs,
            c.breaches,
            c.per_breach * 100.0,
            c.share * 100.0,
            if c.capped { " (capped)" } else { "" },
            money(c.monthly_fee),
            money(c.credit),
        ));
    }
    if !r.daily_breaches.is_empty() {
        let worst = r.daily_breaches.iter().max_by_key(|d| d.1);
        if let Some((day, n)) = worst.filter(|d| d.1 > 0) {
            out.push(String::new());
            out.push(format!("Most breaches on one day: {n} on {day}."));
        }
    }
    out.join("\n") + "\n"
}
