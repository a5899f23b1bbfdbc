//! The job row a job's events say it has: `verify` compares it with the stored row.

use serde::Deserialize;

use super::events::EventRow;
use super::model::{ClockEntry, JobRow, Outcome};

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
pub(super) fn step(r: &mut JobRow, e: &EventRow) {
    // An alert is a notice about the job, not a change to it: the row does not count it.
    if e.kind == "alert" {
        return;
    }
    let d: Data = serde_json::from_str(&e.data).unwrap_or_default();
    r.event_count += 1;
    r.last_event_at = e.at;
    let mut entry = None;
    match e.kind.as_str() {
        "created" => {
            r.customer = d.customer.unwrap_or_default();
            r.contract = d.contract;
            r.priority = d.priority.unwrap_or_default();
            r.job_type = d.job_type;
            r.asset = d.asset;
            r.site = d.site;
            r.summary = d.summary.unwrap_or_default();
            r.technician = d.technician;
            r.tier = d.tier.unwrap_or_default();
            r.windows = d.windows.unwrap_or_default();
            r.policy_hash = d.policy_hash.unwrap_or_default();
            r.status = "open".to_owned();
            r.created_at = e.at;
            r.created_by.clone_from(&e.actor);
        }
        "responded" | "attended" | "resolved" => {
            match e.kind.as_str() {
                "responded" => r.responded_at = Some(e.at),
                "attended" => {
                    r.attended_at = Some(e.at);
                    r.responded_at.get_or_insert(e.at);
                }
                _ => {
                    r.resolved_at = Some(e.at);
                    r.responded_at.get_or_insert(e.at);
                    r.attended_at.get_or_insert(e.at);
                    r.status = "resolved".to_owned();
                    r.paused_at = None;
                    r.pause_reason = None;
                }
            }
            let mut c = ClockEntry::new(&e.kind, e.at);
            c.out = d.outcomes.unwrap_or_default();
            entry = Some(c);
        }
        "reopened" => {
            r.status = "open".to_owned();
            r.resolved_at = None;
            entry = Some(ClockEntry::new("reopened", e.at));
        }
        "paused" => {
            r.status = "paused".to_owned();
            r.paused_at = Some(e.at);
            r.pause_reason = d.reason.clone();
            let mut c = ClockEntry::new("paused", e.at);
            c.reason = d.reason.clone();
            entry = Some(c);
        }
        "resumed" => {
            r.status = "open".to_owned();
            r.paused_at = None;
            r.pause_reason = None;
            entry = Some(ClockEntry::new("resumed", e.at));
        }
        "assigned" => r.technician = d.to,
        "reprioritized" => {
            r.priority = d.to.clone().unwrap_or_default();
            r.job_type = d.job_type.clone();
            r.tier = d.tier.clone().unwrap_or_default();
            r.windows = d.windows.clone().unwrap_or_default();
            r.policy_hash = d.policy_hash.clone().unwrap_or_default();
            let mut c = ClockEntry::new("reprioritized", e.at);
            c.priority = d.to.clone();
            c.job_type = d.job_type.clone();
            c.from_priority = d.from.clone();
            c.from_type = d.from_type.clone();
            entry = Some(c);
        }
        "escalated" => {
            r.escalation_level = d.level.unwrap_or(0);
            r.escalated_at = Some(e.at);
            r.escalated_by = Some(e.actor.clone());
        }
        "acknowledged" => r.acked_level = d.level.unwrap_or(0),
        _ => {}
    }
    r.clock_log.extend(entry);
}

/// A re-prioritisation's entry names the new type only when one was given; the event
/// names the type in force after it either way. Compared in the latter form.
pub(super) fn normalised(mut row: JobRow) -> JobRow {
    for e in &mut row.clock_log {
        if e.k == "reprioritized" && e.job_type.is_none() {
            e.job_type.clone_from(&e.from_type);
        }
    }
    row
}

/// The fields in which `row` and `replayed` differ, each as `name: row → events`.
pub(super) fn differences(row: &JobRow, replayed: &JobRow) -> Vec<String> {
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
    field(
        "customer",
        format!("{:?}", a.customer),
        format!("{:?}", b.customer),
    );
    field(
        "contract",
        format!("{:?}", a.contract),
        format!("{:?}", b.contract),
    );
    field(
        "priority",
        format!("{:?}", a.priority),
        format!("{:?}", b.priority),
    );
    field("type", format!("{:?}", a.job_type), format!("{:?}", b.job_type));
    field("asset", format!("{:?}", a.asset), format!("{:?}", b.asset));
    field("site", format!("{:?}", a.site), format!("{:?}", b.site));
    field("summary", format!("{:?}", a.summary), format!("{:?}", b.summary));
    field(
        "technician",
        format!("{:?}", a.technician),
        format!("{:?}", b.technician),
    );
    field("status", format!("{:?}", a.status), format!("{:?}", b.status));
    field(
        "created_at",
        format!("{:?}", a.created_at),
        format!("{:?}", b.created_at),
    );
    field(
        "created_by",
        format!("{:?}", a.created_by),
        format!("{:?}", b.created_by),
    );
    field(
        "responded_at",
        format!("{:?}", a.responded_at),
        format!("{:?}", b.responded_at),
    );
    field(
        "attended_at",
        format!("{:?}", a.attended_at),
        format!("{:?}", b.attended_at),
    );
    field(
        "resolved_at",
        format!("{:?}", a.resolved_at),
        format!("{:?}", b.resolved_at),
    );
    field(
        "paused_at",
        format!("{:?}", a.paused_at),
        format!("{:?}", b.paused_at),
    );
    field(
        "pause_reason",
        format!("{:?}", a.pause_reason),
        format!("{:?}", b.pause_reason),
    );
    field(
        "escalation_level",
        format!("{:?}", a.escalation_level),
        format!("{:?}", b.escalation_level),
    );
    field(
        "escalated_at",
        format!("{:?}", a.escalated_at),
        format!("{:?}", b.escalated_at),
    );
    field(
        "escalated_by",
        format!("{:?}", a.escalated_by),
        format!("{:?}", b.escalated_by),
    );
    field(
        "acked_level",
        format!("{:?}", a.acked_level),
        format!("{:?}", b.acked_level),
    );
    field("tier", format!("{:?}", a.tier), format!("{:?}", b.tier));
    field("windows", format!("{:?}", a.windows), format!("{:?}", b.windows));
    field(
        "policy_hash",
        format!("{:?}", a.policy_hash),
        format!("{:?}", b.policy_hash),
    );
    field(
        "last_event_at",
        format!("{:?}", a.last_event_at),
        format!("{:?}", b.last_event_at),
    );
    field(
        "event_count",
        format!("{:?}", a.event_count),
        format!("{:?}", b.event_count),
    );
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
