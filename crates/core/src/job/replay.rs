//! The job row a job's events say it has: `verify` compares it with the stored row.

use std::fmt::Debug;

use serde::Deserialize;

use super::model::{ClockEntry, ClockText, Job, Outcome};
use super::{EventKind, JobStatus};

/// The fields of an event's data that shape the row (read typed: building a general
/// JSON value for each of millions of events was most of `verify`'s own time). Data
/// that does not fit reads as empty, and the row then disagrees.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Data {
    customer: Option<String>,
    contract: Option<String>,
    priority: Option<String>,
    #[serde(rename = "type")]
    job_type: Option<String>,
    asset: Option<String>,
    site: Option<String>,
    summary: Option<String>,
    technician: Option<String>,
    tier: Option<String>,
    windows: Option<String>,
    policy_hash: Option<String>,
    outcomes: Option<Vec<Outcome>>,
    reason: Option<String>,
    to: Option<String>,
    from: Option<String>,
    from_type: Option<String>,
    level: Option<i64>,
}

/// Applies one event to the row its events so far say the job has. Every field of the
/// row is rebuilt (only the id is not): a report reads the rows, so a row edited behind
/// slawatch's back — another customer, a breach turned into "met" in the clock log — must
/// show here.
/// One event as the replay needs it, borrowed from the row that holds it.
pub struct Step<'a> {
    pub kind: &'a str,
    pub at: i64,
    pub actor: &'a str,
    pub data: &'a str,
    /// Taken back by a later `revoked` event: counted, not applied.
    pub revoked: bool,
}

pub fn step(r: &mut Job, e: &Step<'_>) {
    // An alert is a notice about the job, not a change to it: the row does not count it.
    // An unknown kind (a row inserted behind slawatch's back) still counts as an event.
    let kind = EventKind::parse(e.kind);
    if kind == Some(EventKind::Alert) {
        return;
    }
    if e.revoked || kind == Some(EventKind::Revoked) {
        r.event_count += 1;
        r.last_event_at = e.at;
        return;
    }
    let d: Data = serde_json::from_str(e.data).unwrap_or_default();
    r.event_count += 1;
    r.last_event_at = e.at;
    let mut entry = None;
    match kind {
        Some(EventKind::Created) => {
            r.customer = d.customer.unwrap_or_default();
            r.contract = d.contract;
            r.priority = d.priority.unwrap_or_default();
            r.job_type = d.job_type;
            r.asset = d.asset;
            r.site = d.site;
            r.summary = d.summary.unwrap_or_default();
            r.technician = d.technician;
            r.tier = d.tier.unwrap_or_default();
            r.windows = d.windows.unwrap_or_default().into();
            r.policy_hash = d.policy_hash.unwrap_or_default().into();
            r.status = JobStatus::Open;
            r.created_at = e.at;
            r.created_by = e.actor.into();
        }
        Some(k @ (EventKind::Responded | EventKind::Attended | EventKind::Resolved)) => {
            match k {
                EventKind::Responded => r.responded_at = Some(e.at),
                EventKind::Attended => {
                    r.attended_at = Some(e.at);
                    r.responded_at.get_or_insert(e.at);
                }
                _ => {
                    r.resolved_at = Some(e.at);
                    r.responded_at.get_or_insert(e.at);
                    r.attended_at.get_or_insert(e.at);
                    r.status = JobStatus::Resolved;
                    r.paused_at = None;
                    r.pause_reason = None;
                }
            }
            let mut c = ClockEntry::new(k, e.at);
            c.out = d.outcomes.unwrap_or_default();
            entry = Some(c);
        }
        Some(EventKind::Reopened) => {
            r.status = JobStatus::Open;
            r.resolved_at = None;
            entry = Some(ClockEntry::new(EventKind::Reopened, e.at));
        }
        Some(EventKind::Paused) => {
            r.status = JobStatus::Paused;
            r.paused_at = Some(e.at);
            r.pause_reason = d.reason.clone();
            entry = Some(ClockEntry::with_text(
                EventKind::Paused,
                e.at,
                ClockText {
                    reason: d.reason.clone(),
                    ..ClockText::default()
                },
            ));
        }
        Some(EventKind::Resumed) => {
            r.status = JobStatus::Open;
            r.paused_at = None;
            r.pause_reason = None;
            entry = Some(ClockEntry::new(EventKind::Resumed, e.at));
        }
        Some(EventKind::Assigned) => r.technician = d.to,
        Some(EventKind::Reprioritized) => {
            r.priority = d.to.clone().unwrap_or_default();
            r.job_type = d.job_type.clone();
            r.tier = d.tier.clone().unwrap_or_default();
            r.windows = d.windows.clone().unwrap_or_default().into();
            r.policy_hash = d.policy_hash.clone().unwrap_or_default().into();
            entry = Some(ClockEntry::with_text(
                EventKind::Reprioritized,
                e.at,
                ClockText {
                    priority: d.to.clone(),
                    job_type: d.job_type.clone(),
                    from_priority: d.from.clone(),
                    from_type: d.from_type.clone(),
                    ..ClockText::default()
                },
            ));
        }
        Some(EventKind::Escalated) => {
            r.escalation_level = d.level.unwrap_or(0);
            r.escalated_at = Some(e.at);
            r.escalated_by = Some(e.actor.to_owned());
        }
        Some(EventKind::Acknowledged) => {
            r.acked_level = d.level.unwrap_or(0);
            r.acked_by = Some(e.actor.to_owned());
            r.acked_at = Some(e.at);
        }
        Some(EventKind::Cancelled) => {
            r.status = JobStatus::Cancelled;
            r.paused_at = None;
            r.pause_reason = None;
            entry = Some(ClockEntry::new(EventKind::Cancelled, e.at));
        }
        _ => {}
    }
    r.clock_log.extend(entry);
}

/// A re-prioritisation's entry names the new type only when one was given; the event
/// names the type in force after it either way. Compared in the latter form.
pub fn normalised(mut row: Job) -> Job {
    for e in &mut row.clock_log {
        if e.k == EventKind::Reprioritized && e.job_type().is_none() {
            let mut text = e.text();
            text.job_type.clone_from(&text.from_type);
            e.set_text(text);
        }
    }
    row
}

/// The fields in which `row` and `replayed` differ, each as `name: row → events`.
pub fn differences(row: &Job, replayed: &Job) -> Vec<String> {
    fn cut(s: String) -> String {
        if s.chars().count() > 240 {
            format!("{}…", s.chars().take(240).collect::<String>())
        } else {
            s
        }
    }
    let mut out = Vec::new();
    let mut field = |name: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{name}: {} → {}", cut(a), cut(b)));
        }
    };
    let (a, b) = (row, replayed);
    let scalars: [(&str, &dyn Debug, &dyn Debug); 27] = [
        ("customer", &a.customer, &b.customer),
        ("contract", &a.contract, &b.contract),
        ("priority", &a.priority, &b.priority),
        ("type", &a.job_type, &b.job_type),
        ("asset", &a.asset, &b.asset),
        ("site", &a.site, &b.site),
        ("summary", &a.summary, &b.summary),
        ("technician", &a.technician, &b.technician),
        ("status", &a.status, &b.status),
        ("created_at", &a.created_at, &b.created_at),
        ("created_by", &a.created_by, &b.created_by),
        ("responded_at", &a.responded_at, &b.responded_at),
        ("attended_at", &a.attended_at, &b.attended_at),
        ("resolved_at", &a.resolved_at, &b.resolved_at),
        ("paused_at", &a.paused_at, &b.paused_at),
        ("pause_reason", &a.pause_reason, &b.pause_reason),
        ("escalation_level", &a.escalation_level, &b.escalation_level),
        ("escalated_at", &a.escalated_at, &b.escalated_at),
        ("escalated_by", &a.escalated_by, &b.escalated_by),
        ("acked_level", &a.acked_level, &b.acked_level),
        ("acked_by", &a.acked_by, &b.acked_by),
        ("acked_at", &a.acked_at, &b.acked_at),
        ("tier", &a.tier, &b.tier),
        ("windows", &a.windows, &b.windows),
        ("policy_hash", &a.policy_hash, &b.policy_hash),
        ("last_event_at", &a.last_event_at, &b.last_event_at),
        ("event_count", &a.event_count, &b.event_count),
    ];
    for (name, x, y) in scalars {
        field(name, format!("{x:?}"), format!("{y:?}"));
    }
    // An entry in the form it is stored in: short, and shows an edited outcome.
    let entry = |e: &ClockEntry| serde_json::to_string(e).unwrap_or_else(|_| format!("{e:?}"));
    for (i, (x, y)) in a.clock_log.iter().zip(&b.clock_log).enumerate() {
        if x != y {
            field(&format!("clock_log[{i}]"), entry(x), entry(y));
        }
    }
    if a.clock_log.len() != b.clock_log.len() {
        field(
            "clock_log entries",
            a.clock_log.len().to_string(),
            b.clock_log.len().to_string(),
        );
    }
    out
}
