//! The job row a job's events say it has: `verify` compares it with the stored row.

use serde::Deserialize;
use serde_json::Value;

use super::events::EventRow;
use super::model::{ClockEntry, JobRow, Outcome};

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
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
    let d: Value = serde_json::from_str(&e.data).unwrap_or(Value::Null);
    r.event_count += 1;
    r.last_event_at = e.at;
    let mut entry = None;
    match e.kind.as_str() {
        "created" => {
            r.customer = text(&d, "customer").unwrap_or_default();
            r.contract = text(&d, "contract");
            r.priority = text(&d, "priority").unwrap_or_default();
            r.job_type = text(&d, "type");
            r.asset = text(&d, "asset");
            r.site = text(&d, "site");
            r.summary = text(&d, "summary").unwrap_or_default();
            r.technician = text(&d, "technician");
            r.tier = text(&d, "tier").unwrap_or_default();
            r.windows = text(&d, "windows").unwrap_or_default();
            r.policy_hash = text(&d, "policy_hash").unwrap_or_default();
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
            c.out = d
                .get("outcomes")
                .and_then(|o| Vec::<Outcome>::deserialize(o).ok())
                .unwrap_or_default();
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
            r.pause_reason = text(&d, "reason");
            let mut c = ClockEntry::new("paused", e.at);
            c.reason = text(&d, "reason");
            entry = Some(c);
        }
        "resumed" => {
            r.status = "open".to_owned();
            r.paused_at = None;
            r.pause_reason = None;
            entry = Some(ClockEntry::new("resumed", e.at));
        }
        "assigned" => r.technician = text(&d, "to"),
        "reprioritized" => {
            r.priority = text(&d, "to").unwrap_or_default();
            r.job_type = text(&d, "type");
            r.tier = text(&d, "tier").unwrap_or_default();
            r.windows = text(&d, "windows").unwrap_or_default();
            r.policy_hash = text(&d, "policy_hash").unwrap_or_default();
            let mut c = ClockEntry::new("reprioritized", e.at);
            c.priority = text(&d, "to");
            c.job_type = text(&d, "type");
            c.from_priority = text(&d, "from");
            c.from_type = text(&d, "from_type");
            entry = Some(c);
        }
        "escalated" => {
            r.escalation_level = d.get("level").and_then(Value::as_i64).unwrap_or(0);
            r.escalated_at = Some(e.at);
            r.escalated_by = Some(e.actor.clone());
        }
        "acknowledged" => r.acked_level = d.get("level").and_then(Value::as_i64).unwrap_or(0),
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
