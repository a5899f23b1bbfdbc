//! How jobs and events are written out for other tools: CSV rows (inert for spreadsheets)
//! and JSON lines (the stored text exactly, so the hash chain checks from an export).
//! Beside `import`, which reads the same shapes back in.
//!
//! Every row and line also carries `chain_head`, the event chain's head (`N:HASH`) the
//! export was read at, last: a column a spreadsheet shows and a script reads by name,
//! after the columns existing readers know (not a comment line a CSV reader would trip on).

use chrono_tz::Tz;
use serde::Serialize;
use serde_json::value::RawValue;

use slawatch_core::job::{EventRow, Job};
use slawatch_core::time::instant::rfc3339;

pub const JOB_HEADER: [&str; 18] = [
    "id",
    "customer",
    "contract",
    "priority",
    "type",
    "asset",
    "site",
    "summary",
    "technician",
    "status",
    "created_at",
    "responded_at",
    "attended_at",
    "resolved_at",
    "tier",
    "windows",
    "escalation_level",
    "policy_hash",
];

pub const EVENT_HEADER: [&str; 9] = [
    "id",
    "job",
    "kind",
    "at",
    "recorded_at",
    "actor",
    "data",
    "prev_hash",
    "hash",
];

/// The column (and JSON field) every exported row ends with.
pub const HEAD_COLUMN: &str = "chain_head";

/// A CSV field: no control sequence, no formula (`--format json` keeps text exactly).
fn cell(s: &str) -> String {
    slawatch_core::text::spreadsheet_text(s)
}

pub fn job_cells(j: &Job, tz: &Tz) -> [String; 18] {
    let o = |s: &Option<String>| cell(s.as_deref().unwrap_or(""));
    let t = |v: Option<i64>| v.map(|t| rfc3339(t, tz)).unwrap_or_default();
    [
        j.id.to_string(),
        cell(&j.customer),
        o(&j.contract),
        cell(&j.priority),
        o(&j.job_type),
        o(&j.asset),
        o(&j.site),
        cell(&j.summary),
        o(&j.technician),
        j.status.name().to_owned(),
        rfc3339(j.created_at, tz),
        t(j.responded_at),
        t(j.attended_at),
        t(j.resolved_at),
        j.tier.clone(),
        j.windows.to_string(),
        j.escalation_level.to_string(),
        j.policy_hash.to_string(),
    ]
}

pub fn event_cells(e: &EventRow, tz: &Tz) -> [String; 9] {
    [
        e.id.to_string(),
        e.job.to_string(),
        e.kind.clone(),
        rfc3339(e.at, tz),
        rfc3339(e.recorded_at, tz),
        cell(&e.actor),
        data_cell(&e.data),
        e.prev_hash.clone(),
        e.hash.clone(),
    ]
}

/// An event's data for a CSV field: the stored JSON as it is, with every character a
/// terminal would act on escaped (which keeps its meaning inside JSON strings). Text that
/// is not JSON as slawatch writes it (an edited row) goes through the cell cleaning.
fn data_cell(data: &str) -> String {
    match stored(data) {
        Data::Json(_) => slawatch_core::text::json_safe(data.to_owned()),
        Data::Text(t) => cell(t),
    }
}

/// A job as JSON: the row's fields, every instant in RFC 3339 in `tz` (the `*_at`
/// fields; durations and counts stay numbers). For `export`, `show --json` and the
/// actions' `--json`.
pub fn job_json(j: &Job, tz: &Tz) -> serde_json::Value {
    let mut v = serde_json::json!(j);
    let t = |t: i64| serde_json::json!(rfc3339(t, tz));
    let o = |x: Option<i64>| x.map_or(serde_json::Value::Null, t);
    v["created_at"] = t(j.created_at);
    v["last_event_at"] = t(j.last_event_at);
    for (k, x) in [
        ("responded_at", j.responded_at),
        ("attended_at", j.attended_at),
        ("resolved_at", j.resolved_at),
        ("paused_at", j.paused_at),
        ("escalated_at", j.escalated_at),
        ("acked_at", j.acked_at),
    ] {
        v[k] = o(x);
    }
    v
}

/// A job as one JSON line: [`job_json`] and the chain head.
pub fn job_line(j: &Job, tz: &Tz, head: &str) -> String {
    let mut v = job_json(j, tz);
    v[HEAD_COLUMN] = serde_json::json!(head);
    slawatch_core::text::json_safe(v.to_string())
}

/// An event as one JSON line, in the stored column order. Its data is the stored JSON
/// byte for byte (keys in their order), so the line holds everything its hash covers;
/// where the terminal escapes change those bytes, `data_text` has them exactly.
#[derive(Serialize)]
struct EventLine<'a> {
    id: i64,
    job: i64,
    kind: &'a str,
    at: String,
    recorded_at: String,
    actor: &'a str,
    data: Data<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_text: Option<&'a str>,
    prev_hash: &'a str,
    hash: &'a str,
    chain_head: &'a str,
}

/// Stored data that is JSON is written as JSON; anything else (an edited row) as a string.
#[derive(Serialize)]
#[serde(untagged)]
enum Data<'a> {
    Json(&'a RawValue),
    Text(&'a str),
}

/// How `data` is written: as JSON only if it is exactly one JSON value with no line
/// break or other control character between its tokens (slawatch never writes those;
/// an edited row may, and a JSON line must stay one line).
fn stored(data: &str) -> Data<'_> {
    if !data.bytes().any(|b| b < 0x20)
        && let Ok(raw) = serde_json::from_str::<&RawValue>(data)
        && raw.get().len() == data.len()
    {
        return Data::Json(raw);
    }
    Data::Text(data)
}

pub fn event_line(e: &EventRow, tz: &Tz, head: &str) -> String {
    let data = stored(&e.data);
    let escaped = matches!(data, Data::Json(_)) && slawatch_core::text::json_escapes(&e.data);
    let line = EventLine {
        id: e.id,
        job: e.job,
        kind: &e.kind,
        at: rfc3339(e.at, tz),
        recorded_at: rfc3339(e.recorded_at, tz),
        actor: &e.actor,
        data,
        // Inside a JSON string the escapes decode to the very characters stored.
        data_text: escaped.then_some(e.data.as_str()),
        prev_hash: &e.prev_hash,
        hash: &e.hash,
        chain_head: head,
    };
    // Serialising borrowed strings and integers cannot fail; an empty line would say so.
    slawatch_core::text::json_safe(serde_json::to_string(&line).unwrap_or_default())
}
