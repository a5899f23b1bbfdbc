//! `export`: jobs or events as CSV or JSON lines, streamed row by row, so a store of
//! millions of events is written with the memory of one row.

use std::io::{BufWriter, Write};
use std::path::Path;

use chrono_tz::Tz;
use serde::Serialize;
use serde_json::value::RawValue;

use super::args::Global;
use super::{CliResult, Failure, db_path, parse_time, policy, write_failure};
use slawatch_core::job::{EventRow, Job};
use slawatch_core::time::instant::rfc3339;
use slawatch_store::{JobFilter, Store};

const JOB_HEADER: [&str; 18] = [
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

const EVENT_HEADER: [&str; 9] = [
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

pub(crate) fn export(
    global: &Global,
    events: bool,
    from: Option<&str>,
    to: Option<&str>,
    format: &str,
    out: Option<&Path>,
) -> CliResult {
    let csv = match format {
        "csv" => true,
        "json" | "jsonl" => false,
        other => return Err(Failure::BadInput(format!("--format {other}: use csv or json"))),
    };
    let policy = policy(global)?;
    let store = Store::open_existing(&db_path(global)?)?;
    // An export reads its rows once, in id order (a date range over all customers has
    // no index of its own since schema v5): through a small cache, not a map of the file.
    store.stream_reads()?;
    let from = from.map(|t| parse_time(t, &policy, "--from")).transpose()?;
    let to = to.map(|t| parse_time(t, &policy, "--to")).transpose()?;
    let tz = &policy.display_tz;
    let sink: Box<dyn Write> = match out {
        Some(p) => Box::new(
            crate::service::files::create_private_file(p)
                .map_err(|e| Failure::Runtime(format!("cannot write {}: {e}", p.display())))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let jobs = JobFilter {
        from,
        to,
        ..JobFilter::default()
    };
    if csv {
        let mut w = csv::Writer::from_writer(sink);
        if events {
            w.write_record(EVENT_HEADER).map_err(csv_failure)?;
            store.try_scan_events(from, to, |e| {
                w.write_record(event_cells(e, tz)).map_err(csv_failure)
            })?;
        } else {
            w.write_record(JOB_HEADER).map_err(csv_failure)?;
            store.try_scan_jobs(&jobs, |j| w.write_record(job_cells(j, tz)).map_err(csv_failure))?;
        }
        w.flush().map_err(io_failure)?;
    } else {
        let mut w = BufWriter::new(sink);
        if events {
            store.try_scan_events(from, to, |e| {
                writeln!(w, "{}", event_line(e, tz)).map_err(io_failure)
            })?;
        } else {
            store.try_scan_jobs(&jobs, |j| writeln!(w, "{}", job_line(j, tz)).map_err(io_failure))?;
        }
        w.flush().map_err(io_failure)?;
    }
    Ok(())
}

fn io_failure(e: std::io::Error) -> Failure {
    write_failure("export", &e)
}

fn csv_failure(e: csv::Error) -> Failure {
    match e.kind() {
        csv::ErrorKind::Io(io) => write_failure("export", io),
        _ => Failure::Runtime(format!("export: {e}")),
    }
}

/// A CSV field: no control sequence, no formula (`--format json` keeps text exactly).
fn cell(s: &str) -> String {
    slawatch_core::text::spreadsheet_text(s)
}

fn job_cells(j: &Job, tz: &Tz) -> [String; 18] {
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
        j.windows.clone(),
        j.escalation_level.to_string(),
        j.policy_hash.clone(),
    ]
}

fn event_cells(e: &EventRow, tz: &Tz) -> [String; 9] {
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

/// A job as one JSON line: the row's fields, `created_at` in RFC 3339.
fn job_line(j: &Job, tz: &Tz) -> String {
    let mut v = serde_json::json!(j);
    v["created_at"] = serde_json::json!(rfc3339(j.created_at, tz));
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

fn event_line(e: &EventRow, tz: &Tz) -> String {
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
    };
    // Serialising borrowed strings and integers cannot fail; an empty line would say so.
    slawatch_core::text::json_safe(serde_json::to_string(&line).unwrap_or_default())
}
