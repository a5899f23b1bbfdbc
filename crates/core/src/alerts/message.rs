//! What a notification says: a one-line summary, a body with the facts a dispatcher
//! acts on, and how urgent it is. Job text is made inert (no control sequences);
//! markup escaping for the desktop happens in `deliver`.

use serde_json::Value;

use crate::job::EventKind;
use crate::job::{EventRow, Job};
use crate::policy::Policy;
use crate::text::inert;
use crate::time::age;
use crate::time::shown::when;

/// How loudly a notice is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoticeUrgency {
    Normal,
    /// Breaches and escalations.
    Critical,
}

impl NoticeUrgency {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            NoticeUrgency::Normal => "normal",
            NoticeUrgency::Critical => "critical",
        }
    }
}

/// One notification, ready for every delivery method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// `warning`, `breach`, `escalation`, `reminder` or `summary`.
    pub kind: &'static str,
    pub job: Option<i64>,
    /// The event it announces, if one.
    pub event: Option<i64>,
    pub level: i64,
    pub late: bool,
    pub summary: String,
    /// Plain text, lines separated by `\n`.
    pub body: String,
    pub urgency: NoticeUrgency,
    /// Severity among notices of one clock: the fraction in thousandths (1000: breach).
    pub rank: i64,
    /// Job fields for the command hook (`{job}`, `{customer}`, …).
    pub fields: Vec<(&'static str, String)>,
    /// Every alert event this notice tells of (several once collapsed or summarised):
    /// they are marked delivered when it is out.
    pub events: Vec<i64>,
}

const TEXT_MAX: usize = 120;

/// Every field a notice may carry for the command hook: the placeholders its arguments
/// may hold (a notice without one of them fills it empty).
pub const HOOK_FIELDS: &[&str] = &[
    "job", "customer", "summary", "tech", "priority", "clock", "level", "kind", "count",
];

/// `{safe:NAME}` in a hook's argument: the field's value in a form no program reads as an
/// option (`-rf`, `--output=…`, `+x`) or a file (`@/etc/secret` to `curl -d`).
pub const SAFE_FIELD_PREFIX: &str = "safe:";

/// The value of a `{safe:NAME}` placeholder: a value starting with `-`, `+`, `@` or `'`
/// gets one `'` in front; any other is unchanged. A receiver gets the value back exactly
/// by dropping one leading `'` when there is one.
#[must_use]
pub fn safe_field_value(v: &str) -> String {
    if v.starts_with(['-', '+', '@', '\'']) {
        format!("'{v}")
    } else {
        v.to_owned()
    }
}

fn job_fields(job: &Job, clock: &str, level: i64, kind: &str) -> Vec<(&'static str, String)> {
    vec![
        ("job", job.id.to_string()),
        ("customer", inert(&job.customer, TEXT_MAX)),
        ("summary", inert(&job.summary, TEXT_MAX)),
        (
            "tech",
            job.technician
                .as_deref()
                .map(|t| inert(t, TEXT_MAX))
                .unwrap_or_default(),
        ),
        ("priority", inert(&job.priority, 40)),
        ("clock", clock.to_owned()),
        ("level", level.to_string()),
        ("kind", kind.to_owned()),
    ]
}

/// `Tech: Jonas · resolve due Mon 14:00 (12m over)`.
fn due_line(policy: &Policy, job: &Job, clock: &str, deadline: Option<i64>, now: i64) -> String {
    let tech = job
        .technician
        .as_deref()
        .map_or_else(|| "unassigned".to_owned(), |t| format!("Tech: {}", inert(t, 40)));
    let due = deadline.map_or_else(String::new, |d| {
        let when = when(d, now, &policy.display_tz);
        if now > d {
            format!(" · {clock} was due {when} ({} over)", age(now - d))
        } else {
            format!(" · {clock} due {when} (in {})", age(d - now))
        }
    });
    format!("{tech}{due}")
}

fn level_name(policy: &Policy, level: i64) -> String {
    policy
        .escalation
        .iter()
        .find(|l| i64::from(l.level) == level)
        .map_or_else(String::new, |l| format!(" {}", inert(&l.name, 40)))
}

/// The notice for an `alert` or `escalated` event of `job`; `None` for other kinds.
#[must_use]
pub fn notice_for_event(policy: &Policy, e: &EventRow, job: &Job, now: i64) -> Option<Notice> {
    let d = e.data_value();
    let text = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let who = format!("#{} {}", job.id, inert(&job.customer, 40));
    let what = inert(&job.summary, TEXT_MAX);
    let late = d.get("late").and_then(Value::as_bool).unwrap_or(false);
    let late_line = if late {
        format!("\nlate: crossed at {}", when(e.at, now, &policy.display_tz))
    } else {
        String::new()
    };
    match e.event_kind() {
        Some(EventKind::Alert) => {
            let clock = text("clock");
            let fraction = d.get("fraction").and_then(Value::as_f64).unwrap_or(1.0);
            let breach = text("kind") == "breach";
            let deadline = d.get("deadline").and_then(Value::as_i64);
            let head = if breach {
                "BREACH".to_owned()
            } else {
                format!("WARNING {:.0}%", fraction * 100.0)
            };
            let kind = if breach { "breach" } else { "warning" };
            Some(Notice {
                kind,
                job: Some(job.id),
                event: Some(e.id),
                level: 0,
                late,
                summary: format!("{head} · {who} · {clock}"),
                body: format!(
                    "{what}\n{}{late_line}",
                    due_line(policy, job, &clock, deadline, now)
                ),
                urgency: if breach {
                    NoticeUrgency::Critical
                } else {
                    NoticeUrgency::Normal
                },
                rank: crate::policy::threshold_key(fraction),
                fields: job_fields(job, &clock, 0, kind),
                events: vec![e.id],
            })
        }
        Some(EventKind::Escalated) => {
            let level = d
                .get("level")
                .and_then(Value::as_i64)
                .unwrap_or(job.escalation_level);
            let clock = text("clock");
            let note = text("note");
            let by = if note.is_empty() {
                format!("escalated by {}", inert(&e.actor, 40))
            } else {
                format!("escalated by {}: {}", inert(&e.actor, 40), inert(&note, TEXT_MAX))
            };
            let deadline = d.get("deadline").and_then(Value::as_i64);
            Some(Notice {
                kind: "escalation",
                job: Some(job.id),
                event: Some(e.id),
                level,
                late,
                summary: format!("ESCALATED L{level}{} · {who}", level_name(policy, level)),
                body: format!(
                    "{what}\n{by}\n{}\nacknowledge: k in the dashboard, or slawatch ack {}{late_line}",
                    due_line(
                        policy,
                        job,
                        if clock.is_empty() { "resolve" } else { &clock },
                        deadline,
                        now
                    ),
                    job.id
                ),
                urgency: NoticeUrgency::Critical,
                rank: 2000 + level,
                fields: job_fields(job, &clock, level, "escalation"),
                events: vec![e.id],
            })
        }
        _ => None,
    }
}

/// An `alert` event's data in a few words: `breach of resolve (late)`.
#[must_use]
pub fn alert_text(data: &Value) -> String {
    let clock = data.get("clock").and_then(Value::as_str).unwrap_or("?");
    let late = if data.get("late").and_then(Value::as_bool) == Some(true) {
        " (late)"
    } else {
        ""
    };
    match data.get("kind").and_then(Value::as_str) {
        Some("breach") => format!("breach of {clock}{late}"),
        _ => format!(
            "warning: {clock} at {:.0} %{late}",
            data.get("fraction").and_then(Value::as_f64).unwrap_or(0.0) * 100.0
        ),
    }
}

/// A repeat of an escalation nobody has acknowledged yet.
#[must_use]
pub fn reminder_notice(policy: &Policy, job: &Job, round: i64, now: i64) -> Notice {
    let level = job.escalation_level;
    let since = job.escalated_at.unwrap_or(now);
    Notice {
        kind: "reminder",
        job: Some(job.id),
        event: None,
        level,
        late: false,
        summary: format!(
            "UNACKNOWLEDGED L{level}{} · #{} {}",
            level_name(policy, level),
            job.id,
            inert(&job.customer, 40)
        ),
        body: format!(
            "{}\nescalated {} ago, reminder {round}\nacknowledge: k in the dashboard, or slawatch ack {}",
            inert(&job.summary, TEXT_MAX),
            age(now - since),
            job.id
        ),
        urgency: NoticeUrgency::Critical,
        rank: 3000 + level,
        fields: job_fields(job, "", level, "reminder"),
        events: Vec::new(),
    }
}

/// One notice for many (a process that was off, or a burst): counts by kind, and the
/// most urgent few named.
#[must_use]
pub fn missed_summary(notices: &[Notice], away: bool) -> Notice {
    let count = |k: &str| notices.iter().filter(|n| n.kind == k).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    for (k, one, many) in [
        ("breach", "breach", "breaches"),
        ("escalation", "escalation", "escalations"),
        ("reminder", "reminder", "reminders"),
        ("warning", "warning", "warnings"),
    ] {
        let n = count(k);
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    let mut worst: Vec<&Notice> = notices.iter().collect();
    worst.sort_by_key(|n| std::cmp::Reverse((n.urgency, n.rank)));
    let named: Vec<&str> = worst.iter().take(3).map(|n| n.summary.as_str()).collect();
    let jobs: std::collections::BTreeSet<i64> = notices.iter().filter_map(|n| n.job).collect();
    Notice {
        kind: "summary",
        job: None,
        event: None,
        level: 0,
        late: away,
        summary: if away {
            format!("{} while you were away", plural(notices.len(), "alert", "alerts"))
        } else {
            format!("{} at once", plural(notices.len(), "alert", "alerts"))
        },
        body: format!(
            "{} on {}\n{}",
            parts.join(", "),
            plural(jobs.len(), "job", "jobs"),
            named.join("\n")
        ),
        urgency: notices
            .iter()
            .map(|n| n.urgency)
            .max()
            .unwrap_or(NoticeUrgency::Normal),
        rank: 0,
        fields: vec![
            ("kind", "summary".to_owned()),
            ("count", notices.len().to_string()),
        ],
        events: notices.iter().flat_map(|n| n.events.iter().copied()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_a_notice_carries_is_a_hook_placeholder() {
        for (name, _) in job_fields(&Job::default(), "resolve", 1, "breach") {
            assert!(HOOK_FIELDS.contains(&name), "{name}");
        }
    }
}
