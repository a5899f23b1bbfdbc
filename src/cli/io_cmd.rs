//! `import`, `export`, `verify`.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use super::args::Global;
use super::{CliResult, Failure, actor, db_path, parse_time, policy};
use crate::importer::{Format, rows};
use crate::instant::rfc3339;
use crate::store::{ImportReport, JobFilter, RejectedRow, Store};

pub(crate) fn import(global: &Global, file: &Path, format: Option<&str>, json_out: bool) -> CliResult {
    let policy = policy(global)?;
    let format = match format.map(str::to_lowercase).as_deref() {
        Some("csv") => Format::Csv,
        Some("jsonl" | "json") => Format::JsonLines,
        Some(other) => return Err(Failure::BadInput(format!("--format {other}: use csv or jsonl"))),
        None => match file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("jsonl" | "json" | "ndjson") => Format::JsonLines,
            _ => Format::Csv,
        },
    };
    let text = std::fs::read_to_string(file).map_err(|e| {
        Failure::BadInput(if e.kind() == std::io::ErrorKind::InvalidData {
            format!(
                "{} is not UTF-8 text (Latin-1 or UTF-16?) — save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet); nothing imported",
                file.display()
            )
        } else {
            format!("cannot read {}: {e}", file.display())
        })
    })?;
    // Editors on Windows start UTF-8 files with a byte-order mark: invisible, and
    // JSON lines would call the first row "not JSON".
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut rows = rows(text, format, &policy.display_tz)
        .map_err(|e| Failure::BadInput(format!("{}: {e}; nothing imported", file.display())))?;
    // The rows up to the first good one; the rest are parsed while the store is
    // written, on the import's preparing thread.
    let mut first = Vec::new();
    for row in rows.by_ref() {
        let good = row.1.is_ok();
        first.push(row);
        if good {
            break;
        }
    }
    let report = if first.last().is_none_or(|(_, r)| r.is_err()) {
        // Nothing can be logged: no store is created (or touched) for it.
        ImportReport {
            imported: 0,
            first_id: None,
            last_id: None,
            rejected: first
                .into_iter()
                .filter_map(|(line, r)| r.err().map(|reason| RejectedRow { line, reason }))
                .collect(),
        }
    } else {
        let mut store = Store::open(&db_path(global)?)?;
        store.import(
            &policy,
            first.into_iter().chain(rows),
            &actor(global),
            crate::clock::now(),
        )?
    };
    if json_out {
        super::emit_json(&json!(report), false)?;
    } else {
        super::emit(&format!(
            "Imported {} jobs{} from {}.",
            report.imported,
            match (report.first_id, report.last_id) {
                (Some(a), Some(b)) => format!(" (ids {a}–{b})"),
                _ => String::new(),
            },
            file.display()
        ))?;
        for r in &report.rejected {
            eprintln!(
                "{}:{}: rejected: {}",
                file.display(),
                r.line,
                crate::display::inert(&r.reason, 2000)
            );
        }
    }
    if report.rejected.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(format!(
            "{} rows rejected (listed above); the other {} were imported",
            report.rejected.len(),
            report.imported
        )))
    }
}

/// A CSV field: no control sequence, no formula (`--format json` keeps text exactly).
fn csv_safe(s: &str) -> String {
    crate::display::spreadsheet_text(s)
}

/// An event's data for a CSV field: its JSON with every character a terminal would act
/// on escaped, so nothing is lost (the stored text is valid JSON; anything else is
/// passed through the cell cleaning).
fn csv_json(data: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(data) {
        Ok(v) => crate::display::json_safe(v.to_string()),
        Err(_) => csv_safe(data),
    }
}

pub(crate) fn export(
    global: &Global,
    events: bool,
    from: Option<&str>,
    to: Option<&str>,
    format: &str,
    out: Option<&Path>,
) -> CliResult {
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
            super::create_private_file(p)
                .map_err(|e| Failure::Runtime(format!("cannot write {}: {e}", p.display())))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let io = |e: std::io::Error| super::write_failure("export", &e);
    let csv_err = |e: csv::Error| match e.kind() {
        csv::ErrorKind::Io(io_e) => super::write_failure("export", io_e),
        _ => Failure::Runtime(format!("export: {e}")),
    };
    match format {
        "json" | "jsonl" => {
            let mut w = std::io::BufWriter::new(sink);
            if events {
                for e in store.events_between(from, to)? {
                    let mut v = json!(e);
                    v["at"] = json!(rfc3339(e.at, tz));
                    v["recorded_at"] = json!(rfc3339(e.recorded_at, tz));
                    v["data"] = serde_json::from_str(&e.data).unwrap_or_default();
                    writeln!(w, "{}", crate::display::json_safe(v.to_string())).map_err(io)?;
                }
            } else {
                for j in store.jobs(&JobFilter {
                    from,
                    to,
                    ..JobFilter::default()
                })? {
                    let mut v = json!(j);
                    v["created_at"] = json!(rfc3339(j.created_at, tz));
                    writeln!(w, "{}", crate::display::json_safe(v.to_string())).map_err(io)?;
                }
            }
            w.flush().map_err(io)?;
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(sink);
            let t = |v: Option<i64>| v.map(|t| rfc3339(t, tz)).unwrap_or_default();
            if events {
                w.write_record([
                    "id",
                    "job",
                    "kind",
                    "at",
                    "recorded_at",
                    "actor",
                    "data",
                    "prev_hash",
                    "hash",
                ])
                .map_err(csv_err)?;
                for e in store.events_between(from, to)? {
                    w.write_record([
                        e.id.to_string(),
                        e.job.to_string(),
                        e.kind,
                        rfc3339(e.at, tz),
                        rfc3339(e.recorded_at, tz),
                        csv_safe(&e.actor),
                        csv_json(&e.data),
                        e.prev_hash,
                        e.hash,
                    ])
                    .map_err(csv_err)?;
                }
            } else {
                w.write_record([
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
                ])
                .map_err(csv_err)?;
                for j in store.jobs(&JobFilter {
                    from,
                    to,
                    ..JobFilter::default()
                })? {
                    let o = |s: &Option<String>| csv_safe(s.as_deref().unwrap_or(""));
                    w.write_record([
                        j.id.to_string(),
                        csv_safe(&j.customer),
                        o(&j.contract),
                        csv_safe(&j.priority),
                        o(&j.job_type),
                        o(&j.asset),
                        o(&j.site),
                        csv_safe(&j.summary),
                        o(&j.technician),
                        j.status.clone(),
                        rfc3339(j.created_at, tz),
                        t(j.responded_at),
                        t(j.attended_at),
                        t(j.resolved_at),
                        j.tier.clone(),
                        j.windows.clone(),
                        j.escalation_level.to_string(),
                        j.policy_hash.clone(),
                    ])
                    .map_err(csv_err)?;
                }
            }
            w.flush().map_err(io)?;
        }
        other => return Err(Failure::BadInput(format!("--format {other}: use csv or json"))),
    }
    Ok(())
}

pub(crate) fn verify(global: &Global, json_out: bool) -> CliResult {
    let store = Store::open_existing(&db_path(global)?)?;
    let report = store.verify()?;
    if json_out {
        super::emit_json(
            &json!({
                "ok": report.ok(), "events": report.events, "jobs": report.jobs,
                "problems": report.problems.iter().map(|p| json!({"event": p.event, "job": p.job, "message": p.message})).collect::<Vec<_>>(),
            }),
            false,
        )?;
    } else if report.ok() {
        let (events, jobs) = (report.events, report.jobs);
        super::emit(&format!(
            "{}: ok — {events} {} in an unbroken chain, {jobs} {} with {} events",
            store.path().display(),
            if events == 1 { "event" } else { "events" },
            if jobs == 1 { "job agrees" } else { "jobs agree" },
            if jobs == 1 { "its" } else { "their" },
        ))?;
    } else {
        for p in &report.problems {
            eprintln!("{}: {}", store.path().display(), p.message);
        }
    }
    if report.ok() {
        Ok(())
    } else {
        Err(Failure::Runtime(format!(
            "verify found {} problem(s)",
            report.problems.len()
        )))
    }
}
