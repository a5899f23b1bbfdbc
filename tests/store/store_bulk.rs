//! Bulk loads (import, demo data) go through a pipeline: a second thread prepares the
//! rows in chunks, the writer hashes and inserts them in transactions of 20,000. These
//! tests hold it to the one-job-at-a-time paths, row for row and hash for hash, with
//! bad rows on both sides of the chunk and transaction boundaries.

use std::path::Path;

use rusqlite::types::Value;
use slawatch::service::demo::DemoGen;
use slawatch_core::job::{JobAction, JobScript, NewJob};
use slawatch_core::policy::Policy;
use slawatch_store::{RejectedRow, Store, StoreError};

use crate::common::cli;
use crate::common::example_policy;
use cli::Cli;

const NOW: i64 = 1_795_000_000;

fn policy() -> Policy {
    example_policy().parse()
}

/// Every row of the tables a bulk load writes, every column, in rowid order. First
/// SQLite's own check of the foreign keys, which bulk loads switch off while they write
/// (every technician named exists, every event's job exists).
fn dump(store: &Store) -> Vec<String> {
    let conn = store.connection();
    let broken: Vec<(String, i64)> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(broken.is_empty(), "rows whose foreign key has no row: {broken:?}");
    let mut out = Vec::new();
    for table in ["jobs", "events", "technicians"] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        out.extend(rows.map(|r| format!("{table} {:?}", r.unwrap())));
    }
    out
}

fn open(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(name)).unwrap()
}

/// The reference: `demos` written one job at a time through the Batch API, `per_tx` jobs
/// a transaction.
fn write_through_batches(store: &mut Store, policy: &Policy, demos: DemoGen, per_tx: usize) {
    let mut demos = demos.peekable();
    while demos.peek().is_some() {
        let mut batch = store.batch().unwrap();
        for demo in demos.by_ref().take(per_tx) {
            let mut row = batch.log(policy, &demo.job, demo.logged_by, NOW).unwrap();
            for (action, at, who) in &demo.steps {
                batch.apply(policy, &mut row, action, who, *at, NOW).unwrap();
            }
            batch.save(&row).unwrap();
        }
        batch.commit().unwrap();
    }
}

/// Two dumps agree row for row (the first difference is the one reported).
fn assert_same_rows(bulk: &[String], one: &[String]) {
    assert_eq!(bulk.len(), one.len());
    for (b, o) in bulk.iter().zip(one) {
        assert_eq!(b, o);
    }
}

/// Row numbers (0-based) made bad: both sides of the pipeline's chunks of 2,048 rows,
/// and a spread of others.
fn is_bad(i: usize) -> bool {
    [0, 2046, 2047, 2048, 2049, 4095, 4096].contains(&i) || i % 331 == 7
}

fn job(i: usize) -> NewJob {
    let customers = ["Acme Corp", "Globex", "Initech", "Hooli Campus"];
    NewJob {
        customer: customers[i % 4].to_owned(),
        // A bad row: an unknown priority (refused when matching), or one in the future.
        priority: if is_bad(i) && i.is_multiple_of(2) {
            "P9".to_owned()
        } else {
            format!("P{}", i % 4 + 1)
        },
        job_type: Some("malfunction".to_owned()),
        asset: Some(format!("PUMP-{:03}", i % 50)),
        summary: format!("Job #{i}"),
        technician: (!i.is_multiple_of(5)).then(|| ["anna", "jan", "maria", "Bob Smith"][i % 4].to_owned()),
        at: Some(if is_bad(i) && i % 2 == 1 {
            NOW + 60
        } else {
            NOW - 3600 - i as i64
        }),
        ..NewJob::default()
    }
}

#[test]
fn pipelined_import_writes_what_logging_one_by_one_writes() {
    let dir = tempfile::tempdir().unwrap();
    let policy = policy();
    let n = 6_000;
    // Rows the reader already refused travel through the pipeline as they are.
    let rows: Vec<(usize, Result<NewJob, String>)> = (0..n)
        .map(|i| {
            let row = if i % 997 == 3 {
                Err(format!("unreadable row {i}"))
            } else {
                Ok(job(i))
            };
            (i + 2, row)
        })
        .collect();

    let mut bulk = open(dir.path(), "bulk.db");
    let report = bulk.import(&policy, rows.clone(), "importer", NOW).unwrap();

    let mut one = open(dir.path(), "one.db");
    let mut rejected = Vec::new();
    for (line, row) in rows {
        let res = row.and_then(|j| {
            one.log_job(&policy, &j, "importer", NOW).map_err(|e| match e {
                StoreError::Refused(m) => m,
                other => other.to_string(),
            })
        });
        if let Err(reason) = res {
            rejected.push(RejectedRow { line, reason });
        }
    }
    assert!(rejected.len() > 20, "the planted bad rows: {}", rejected.len());
    assert_eq!(
        report.rejected, rejected,
        "the same rows rejected, in order, for the same reasons"
    );
    assert_eq!(report.imported, n - rejected.len());
    assert_eq!(
        (report.first_id, report.last_id),
        (Some(1), Some(report.imported as i64))
    );
    let (bulk_rows, one_rows) = (dump(&bulk), dump(&one));
    assert_same_rows(&bulk_rows, &one_rows);
    assert!(bulk.verify().unwrap().ok());
}

#[test]
fn pipelined_demo_data_writes_what_the_batch_api_writes() {
    let dir = tempfile::tempdir().unwrap();
    let policy = policy();
    // More jobs than a chunk, in several transactions.
    let (n, per_tx) = (5_000, 1_500);

    let mut bulk = open(dir.path(), "bulk.db");
    let scripts = DemoGen::new(11, n, 60, NOW).map(|d| JobScript {
        job: d.job,
        logged_by: d.logged_by,
        steps: d.steps,
    });
    assert_eq!(bulk.write_scripted(&policy, scripts, NOW, per_tx).unwrap(), n);

    let mut one = open(dir.path(), "one.db");
    write_through_batches(&mut one, &policy, DemoGen::new(11, n, 60, NOW), per_tx);
    let (bulk_rows, one_rows) = (dump(&bulk), dump(&one));
    assert!(
        one_rows.len() > 2 * n,
        "events beyond the `created` ones: {}",
        one_rows.len()
    );
    assert_same_rows(&bulk_rows, &one_rows);
    assert!(bulk.verify().unwrap().ok());
}

/// The job another dispatcher logs while a bulk load is being prepared.
fn logged_meanwhile(while_what: &str) -> NewJob {
    NewJob {
        customer: "Globex".to_owned(),
        priority: "P1".to_owned(),
        summary: format!("Logged while {while_what}"),
        ..NewJob::default()
    }
}

/// The planning thread numbers the jobs and hashes their events ahead, over the id and
/// chain head it found; a job logged by someone else before the writer starts makes
/// both wrong, and the writer must notice and hash the jobs itself.
#[test]
fn a_job_logged_meanwhile_does_not_break_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let policy = policy();
    let someone = logged_meanwhile("the demo data was planned");
    let (n, per_tx) = (3_000, 1_000);

    let mut bulk = open(dir.path(), "bulk.db");
    // The first script, taken on the planning thread, logs a job through another
    // connection; the writer is still waiting for the first chunk then, so the job
    // lands before the load's first transaction, after the plan's id and head were read.
    let mut other = Some(open(dir.path(), "bulk.db"));
    let scripts = DemoGen::new(3, n, 30, NOW).map(|d| {
        if let Some(mut store) = other.take() {
            store.log_job(&policy, &someone, "someone", NOW).unwrap();
        }
        JobScript {
            job: d.job,
            logged_by: d.logged_by,
            steps: d.steps,
        }
    });
    assert_eq!(bulk.write_scripted(&policy, scripts, NOW, per_tx).unwrap(), n);

    let mut one = open(dir.path(), "one.db");
    one.log_job(&policy, &someone, "someone", NOW).unwrap();
    write_through_batches(&mut one, &policy, DemoGen::new(3, n, 30, NOW), per_tx);
    let (bulk_rows, one_rows) = (dump(&bulk), dump(&one));
    assert_same_rows(&bulk_rows, &one_rows);
    assert!(bulk.verify().unwrap().ok());
}

/// What another dispatcher does while an import is being prepared.
#[derive(Clone, Copy)]
enum Meanwhile {
    /// Logs a job: the import's planned ids and chain head are both taken.
    LogsAJob,
    /// Adds a note to an existing job: the ids hold, the chain head moves.
    AddsANote,
}

impl Meanwhile {
    fn act(self, store: &mut Store, policy: &Policy) {
        match self {
            Self::LogsAJob => {
                let someone = logged_meanwhile("the import was prepared");
                store.log_job(policy, &someone, "someone", NOW).unwrap();
            }
            Self::AddsANote => {
                let note = JobAction::Note {
                    text: "Added while the import was prepared".to_owned(),
                };
                store.record(policy, 1, &note, "someone", None, NOW).unwrap();
            }
        }
    }
}

/// The same for an import: its preparing thread numbers the jobs and hashes their
/// `created` events over the id and head it found before the import began; the writer
/// must use those hashes only while both hold.
#[test]
fn a_write_during_an_import_does_not_break_the_chain() {
    let policy = policy();
    let n = 5_000;
    for (meanwhile, first_id) in [(Meanwhile::LogsAJob, 3), (Meanwhile::AddsANote, 2)] {
        let dir = tempfile::tempdir().unwrap();
        let mut bulk = open(dir.path(), "bulk.db");
        bulk.log_job(&policy, &job(1), "earlier", NOW).unwrap();
        let mut other = Some(open(dir.path(), "bulk.db"));
        // Taken on the preparing thread while the writer waits for the first chunk.
        let rows = (0..n).map(|i| {
            if let Some(mut store) = other.take() {
                meanwhile.act(&mut store, &policy);
            }
            (i + 2, Ok(job(i)))
        });
        let report = bulk.import(&policy, rows, "importer", NOW).unwrap();
        assert_eq!(report.first_id, Some(first_id));

        let mut one = open(dir.path(), "one.db");
        one.log_job(&policy, &job(1), "earlier", NOW).unwrap();
        meanwhile.act(&mut one, &policy);
        for i in 0..n {
            let logged = one.log_job(&policy, &job(i), "importer", NOW);
            // Only the planted bad rows are refused, by the import too.
            assert_eq!(logged.is_err(), is_bad(i), "row {i}: {logged:?}");
        }
        assert_same_rows(&dump(&bulk), &dump(&one));
        assert!(bulk.verify().unwrap().ok());
    }
}

#[test]
fn a_refused_demo_job_stops_the_load_and_keeps_the_transactions_before() {
    let dir = tempfile::tempdir().unwrap();
    let policy = policy();
    let mut store = open(dir.path(), "bulk.db");
    let scripts = DemoGen::new(5, 3_000, 30, NOW)
        .enumerate()
        .map(|(i, d)| JobScript {
            // Job 2,345 (in the third transaction of 1,000) has a priority the policy lacks.
            job: if i == 2_344 {
                NewJob {
                    priority: "P9".to_owned(),
                    ..d.job
                }
            } else {
                d.job
            },
            logged_by: d.logged_by,
            steps: d.steps,
        });
    let err = store.write_scripted(&policy, scripts, NOW, 1_000).unwrap_err();
    assert!(err.to_string().contains("P9"), "{err}");
    let jobs: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(jobs, 2_000, "the two whole transactions before the refused job");
    assert!(store.verify().unwrap().ok());
}

/// Through the binary: 41,000 rows, so three transactions and twenty chunks; bad rows
/// on both sides of every boundary are named by their own line, the good ones keep
/// their order and get consecutive ids, and `verify` accepts the store.
#[test]
fn import_names_bad_rows_across_chunks_and_transactions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let cli = Cli::new(&db, "importer").at(NOW);
    let at = slawatch_core::time::instant::rfc3339(NOW - 7200, &chrono_tz::UTC);
    let n = 41_000;
    let bad = |i: usize| {
        [
            0,
            2047,
            2048,
            19_998,
            19_999,
            20_000,
            20_001,
            39_999,
            40_000,
            n - 1,
        ]
        .contains(&i)
            || i % 1_201 == 5
    };
    let mut csv = String::from("customer,priority,summary,at\n");
    for i in 0..n {
        let priority = if bad(i) { "P0" } else { "P2" };
        csv.push_str(&format!("Globex,{priority},Job #{i},{at}\n"));
    }
    let file = dir.path().join("jobs.csv");
    std::fs::write(&file, csv).unwrap();

    let out = cli.output(&["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<u64> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    let expected: Vec<u64> = (0..n).filter(|i| bad(*i)).map(|i| i as u64 + 2).collect();
    assert_eq!(lines, expected);
    let good: Vec<usize> = (0..n).filter(|i| !bad(*i)).collect();
    assert_eq!(report["imported"], good.len());
    assert_eq!(report["first_id"], 1);
    assert_eq!(report["last_id"], good.len());

    let export = cli.ok(&["export", "--format", "json"]);
    let jobs: Vec<serde_json::Value> = export.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(jobs.len(), good.len());
    for (k, (job, i)) in jobs.iter().zip(&good).enumerate() {
        assert_eq!(job["id"], k + 1);
        assert_eq!(job["summary"], format!("Job #{i}"), "job {}", k + 1);
    }
    assert!(cli.ok(&["verify"]).contains("unbroken chain"));
}
