//! `export`: jobs or events as CSV or JSON lines, streamed row by row, so a store of
//! millions of events is written with the memory of one row.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::args::Global;
use super::{CliResult, Failure, db_path, parse_time, policy, write_failure};
use crate::intake::export::{
    EVENT_HEADER, HEAD_COLUMN, JOB_HEADER, event_cells, event_line, job_cells, job_line,
};
use crate::service::files::PrivateFile;
use slawatch_store::{JobFilter, Store};

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
    let sink = match out {
        Some(p) => Sink::File(PrivateFile::create(p)?),
        None => Sink::Stdout(std::io::stdout().lock()),
    };
    let jobs = JobFilter {
        from,
        to,
        ..JobFilter::default()
    };
    // The head and the rows in one read transaction: the head is exactly the log the
    // rows were read from.
    store
        .at_head(|head| {
            let head = head.to_string();
            let head = head.as_str();
            if csv {
                let mut w = csv::Writer::from_writer(sink);
                if events {
                    w.write_record(EVENT_HEADER.iter().chain([&HEAD_COLUMN]))
                        .map_err(csv_failure)?;
                    store.try_scan_events(from, to, |e| {
                        let cells = event_cells(e, tz);
                        w.write_record(cells.iter().map(String::as_str).chain([head]))
                            .map_err(csv_failure)
                    })?;
                } else {
                    w.write_record(JOB_HEADER.iter().chain([&HEAD_COLUMN]))
                        .map_err(csv_failure)?;
                    store.try_scan_jobs(&jobs, |j| {
                        let cells = job_cells(j, tz);
                        w.write_record(cells.iter().map(String::as_str).chain([head]))
                            .map_err(csv_failure)
                    })?;
                }
                w.into_inner()
                    .map_err(|e| io_failure(std::io::Error::new(e.error().kind(), e.error().to_string())))
            } else {
                let mut w = BufWriter::new(sink);
                if events {
                    store.try_scan_events(from, to, |e| {
                        writeln!(w, "{}", event_line(e, tz, head)).map_err(io_failure)
                    })?;
                } else {
                    store.try_scan_jobs(&jobs, |j| {
                        writeln!(w, "{}", job_line(j, tz, head)).map_err(io_failure)
                    })?;
                }
                w.into_inner().map_err(|e| io_failure(e.into_error()))
            }
        })?
        .finish()?;
    Ok(())
}

/// Where an export goes: a file that appears whole when the export is done (and not
/// at all when it fails), or stdout.
enum Sink {
    File(PrivateFile),
    Stdout(std::io::StdoutLock<'static>),
}

impl Sink {
    fn finish(self) -> CliResult {
        match self {
            Sink::File(f) => Ok(f.commit()?),
            Sink::Stdout(mut o) => o.flush().map_err(io_failure),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::File(f) => f.write(buf),
            Sink::Stdout(o) => o.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File(f) => f.flush(),
            Sink::Stdout(o) => o.flush(),
        }
    }
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
