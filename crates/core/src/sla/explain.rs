//! "Why is this due Tuesday?" — a job's deadlines in plain words.

use super::{ClockState, ClockStatus, JobInput, JobSla};
use crate::calendar::DayKind;
use crate::policy::Policy;
use crate::time::duration::{Window, format_secs};
use crate::time::shown::human;

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The explanation of every clock of a job, one line per fact.
#[must_use]
pub fn explain_job(policy: &Policy, job: &JobInput<'_>, sla: &JobSla<'_>, now: i64) -> Vec<String> {
    let tier = sla.matched.tier;
    let cal = &tier.calendar;
    let tz = &policy.display_tz;
    let mut out = vec![
        format!(
            "Tier {}: {}, for this {} job{}.",
            tier.name,
            sla.matched.reason(),
            sla.priority,
            sla.job_type
                .as_ref()
                .map(|t| format!(" of type {t}"))
                .unwrap_or_default()
        ),
        format!(
            "Calendar {} in {}: {}.",
            cal.name(),
            cal.tz().name(),
            if cal.spec().always {
                "open 24x7".to_owned()
            } else {
                cal.spec().describe_week().join("; ")
            }
        ),
        format!("Logged {}; every clock starts then.", human(job.created_at, tz)),
    ];
    for c in &sla.clocks {
        out.extend(explain_clock(c, job, cal, tz, now));
    }
    out
}

fn explain_clock(
    c: &ClockStatus,
    job: &JobInput<'_>,
    cal: &crate::calendar::Calendar,
    tz: &chrono_tz::Tz,
    now: i64,
) -> Vec<String> {
    let mut out = Vec::new();
    let window = match c.window {
        Window::Business(s) => format!("{} of business time", format_secs(s)),
        Window::BusinessDays(n) => format!(
            "until closing time of the {} business day after the logging day ({} of business time)",
            ordinal(n),
            format_secs(c.target)
        ),
    };
    let due = c
        .deadline
        .map_or_else(|| "no reachable deadline".to_owned(), |d| human(d, tz));
    let verb = match c.state {
        ClockState::Met | ClockState::MetLate => "was due",
        ClockState::Paused => "would be due (if resumed now)",
        _ => "is due",
    };
    out.push(format!("{}: {window}; {verb} {due}.", c.kind));
    if let Some(deadline) = c.deadline {
        let closed = cal.closed_days_between(job.created_at, deadline);
        let mut weekend = Vec::new();
        for d in &closed {
            match &d.kind {
                DayKind::Holiday(name) => out.push(format!(
                    "  skipped holiday {}{}",
                    d.date.format("%a %Y-%m-%d"),
                    name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
                )),
                DayKind::Special(name) => out.push(format!(
                    "  special hours on {}{}",
                    d.date.format("%a %Y-%m-%d"),
                    name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
                )),
                DayKind::Regular => weekend.push(d.date.format("%a %Y-%m-%d").to_string()),
            }
        }
        if !weekend.is_empty() {
            out.push(format!("  skipped closed days: {}", weekend.join(", ")));
        }
    }
    for e in &c.excluded {
        out.push(format!(
            "  excluded {} of business time: {} from {} to {}",
            format_secs(e.business_secs),
            e.reason,
            human(e.from, tz),
            e.to.map_or_else(|| "now".to_owned(), |t| human(t, tz))
        ));
    }
    for e in &c.not_excluded {
        let why = if e.provider_delay {
            "the provider's own delay; the clock kept running".to_owned()
        } else {
            format!("the tier does not pause the {} clock", c.kind)
        };
        out.push(format!(
            "  not excluded: {} from {} to {} ({why})",
            e.reason,
            human(e.from, tz),
            e.to.map_or_else(|| "now".to_owned(), |t| human(t, tz))
        ));
    }
    let status = match c.state {
        ClockState::Met => format!(
            "met at {} after {} ({} to spare)",
            c.stopped_at.map_or_else(String::new, |t| human(t, tz)),
            format_secs(c.elapsed),
            format_secs(c.remaining)
        ),
        ClockState::MetLate => format!(
            "done at {} but late: {} taken, {} over",
            c.stopped_at.map_or_else(String::new, |t| human(t, tz)),
            format_secs(c.elapsed),
            format_secs(-c.remaining)
        ),
        ClockState::Breached => format!("breached: {} over", format_secs(-c.remaining)),
        ClockState::Paused => format!(
            "paused ({}), {} left",
            c.paused_for.as_deref().unwrap_or("on hold"),
            format_secs(c.remaining)
        ),
        ClockState::Running if !c.open_now => format!(
            "running, {} left; not counting now (outside business hours{})",
            format_secs(c.remaining),
            cal.next_open(now)
                .map(|t| format!(", opens {}", human(t, tz)))
                .unwrap_or_default()
        ),
        ClockState::Running => format!(
            "running, {} elapsed, {} left ({:.0} %)",
            format_secs(c.elapsed),
            format_secs(c.remaining),
            c.fraction * 100.0
        ),
    };
    out.push(format!("  now: {status}."));
    out
}
