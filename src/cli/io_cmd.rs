//! `import`.

use std::path::Path;

use serde_json::json;

use super::args::Global;
use super::names::{Confirmed, NameBook};
use super::{CliResult, Failure, db_path, policy};
use crate::intake::import::{Format, rows};
use slawatch_store::{ImportReport, RejectedRow, Store};

pub(crate) fn import(
    global: &Global,
    file: &Path,
    format: Option<&str>,
    json_out: bool,
    confirmed: Confirmed,
) -> CliResult {
    let policy = policy(global)?;
    // Checked before anything is read or written, as for every other command that acts.
    super::logging_actor(global)?;
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
    let path = db_path(global)?;
    // A row whose customer, technician or type reads as a typo of a known one is
    // refused, as `log` refuses it; the names are checked in file order.
    let mut book = NameBook::new(&policy, &path, confirmed)?;
    let mut rows = rows(text, format, &policy.display_tz)
        .map_err(|e| Failure::BadInput(format!("{}: {e}; nothing imported", file.display())))?
        .map(move |(line, r)| (line, r.and_then(|job| book.settle(job))));
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
        let who = super::logging_actor(global)?;
        let mut store = Store::open(&path)?;
        crate::serve::webhooks::sync_routes(&mut store, &policy)?;
        store.import(
            &policy,
            first.into_iter().chain(rows),
            &who,
            crate::service::clock::now(),
        )?
    };
    if json_out {
        super::emit_json(&json!(report), false)?;
    } else {
        super::emit(&format!(
            "Imported {}{} from {}.",
            plural(report.imported, "job"),
            match (report.first_id, report.last_id) {
                (Some(a), Some(b)) => format!(" (ids {a}–{b})"),
                _ => String::new(),
            },
            file.display()
        ))?;
        for r in &report.rejected {
            crate::say!(
                "{}:{}: rejected: {}",
                file.display(),
                r.line,
                slawatch_core::text::inert(&r.reason, 2000)
            );
        }
    }
    if report.rejected.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(format!(
            "{} rejected (listed above); {} imported",
            plural(report.rejected.len(), "row"),
            plural(report.imported, "job")
        )))
    }
}

/// `1 row`, `2 rows`.
fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
