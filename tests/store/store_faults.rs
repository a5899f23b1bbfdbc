//! The store under races, old and new files, and a kill -9 in the middle of an import.
use crate::common::{self, example_policy};

use std::path::Path;
use std::process::{Command, Stdio};

use slawatch_core::job::{JobAction, NewJob};
use slawatch_store::{Store, StoreError, schema};

fn slawatch(db: &Path, user: &str, args: &[&str]) -> Command {
    let mut c = common::bin();
    c.args(args)
        .env("SLAWATCH_DB", db)
        .env("SLAWATCH_POLICY", example_policy().path)
        .env("SLAWATCH_USER", user);
    c
}

fn now() -> i64 {
    slawatch::service::clock::now()
}

fn job(customer: &str) -> NewJob {
    NewJob {
        customer: customer.into(),
        priority: "P2".into(),
        summary: "Lift stuck".into(),
        at: Some(now() - 3600),
        ..NewJob::default()
    }
}

#[test]
fn racing_processes_exactly_one_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let policy = example_policy().parse();
    Store::open(&db)
        .unwrap()
        .log_job(&policy, &job("Globex"), "anna", now())
        .unwrap();
    let users = ["anna", "jan", "maria", "pieter", "sofia", "thomas"];
    let children: Vec<_> = users
        .iter()
        .map(|u| {
            slawatch(&db, u, &["resolve", "1"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let winners: Vec<usize> = (0..outs.len()).filter(|&i| outs[i].status.success()).collect();
    assert_eq!(winners.len(), 1, "exactly one wins");
    let winner = users[winners[0]];
    for (i, o) in outs.iter().enumerate() {
        if i == winners[0] {
            continue;
        }
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("job 1 was already resolved by {winner} at")),
            "{err}"
        );
    }
    let store = Store::open_existing(&db).unwrap();
    assert_eq!(store.counts().unwrap(), (1, 2));
    assert!(store.verify().unwrap().ok());
}

#[test]
fn racing_threads_never_lose_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let policy = example_policy().parse();
    Store::open(&db).unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let (db, policy) = (&db, &policy);
            s.spawn(move || {
                let mut store = Store::open(db).unwrap();
                for i in 0..25 {
                    let id = store
                        .log_job(policy, &job("Acme Corp"), &format!("t{t}"), now())
                        .unwrap();
                    store
                        .record(
                            policy,
                            id,
                            &JobAction::Note {
                                text: format!("note {i}"),
                            },
                            &format!("t{t}"),
                            None,
                            now(),
                        )
                        .unwrap();
                }
            });
        }
    });
    let store = Store::open_existing(&db).unwrap();
    assert_eq!(store.counts().unwrap(), (100, 200));
    let report = store.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn readers_see_changes_through_data_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let policy = example_policy().parse();
    let reader = Store::open(&db).unwrap();
    let v0 = reader.data_version().unwrap();
    assert_eq!(reader.data_version().unwrap(), v0, "nothing changed");
    Store::open(&db)
        .unwrap()
        .log_job(&policy, &job("Globex"), "anna", now())
        .unwrap();
    assert_ne!(reader.data_version().unwrap(), v0, "another connection wrote");
}

/// Version 5 re-keys the open-jobs index (by id, not status) and drops two: a v4 store
/// with open, paused and resolved jobs lists the same open jobs after migrating, through
/// the new index, and still verifies.
#[test]
fn a_v4_store_with_jobs_migrates_to_the_v5_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v4.db");
    let run = |args: &[&str]| {
        let out = slawatch(&db, "anna", args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    for summary in ["one", "two", "three", "four"] {
        run(&[
            "log",
            "--customer",
            "Globex",
            "--priority",
            "P2",
            "--summary",
            summary,
            "--tech",
            "jan",
        ]);
    }
    run(&["pause", "2", "--reason", "waiting on customer"]);
    run(&["resolve", "3"]);
    let open_before = run(&["list", "--open", "--json"]);
    // The same file as version 4 wrote it: the v4 indexes, no v7 trigger, no v8 columns,
    // no v9 mail tables, no v10 outbox, the v4 version number.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "DROP TABLE mail_messages; DROP TABLE mail_held; DROP TABLE mail_log; DROP TABLE outbox;
             DROP TRIGGER webhook_queue; DROP TABLE webhook_outbox; DROP TABLE webhook_routes;
             DROP TRIGGER events_no_replace;
             ALTER TABLE jobs DROP COLUMN acked_by;
             ALTER TABLE jobs DROP COLUMN acked_at;
             DROP INDEX jobs_open;
             CREATE INDEX jobs_open ON jobs(status) WHERE status <> 'resolved';
             CREATE INDEX jobs_created ON jobs(created_at);
             CREATE INDEX jobs_technician ON jobs(technician COLLATE NOCASE) WHERE technician IS NOT NULL;
             PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    // Ids and statuses: the countdowns move on between the two runs.
    let open = |json: &str| -> Vec<(i64, String)> {
        serde_json::from_str::<Vec<serde_json::Value>>(json)
            .unwrap()
            .iter()
            .map(|j| {
                (
                    j["id"].as_i64().unwrap(),
                    j["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let open_after = run(&["list", "--open", "--json"]);
    assert_eq!(open(&open_after), open(&open_before));
    let mut ids: Vec<i64> = open(&open_after).iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    assert_eq!(ids, [1, 2, 4], "open and paused jobs, not the resolved one");
    assert!(dir.path().join("v4.db.bak-v4").exists());
    let c = rusqlite::Connection::open(&db).unwrap();
    let indexes: Vec<(String, String)> = c
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let names: Vec<&str> = indexes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["jobs_contract_created", "jobs_customer_created", "jobs_open"]
    );
    assert!(indexes[2].1.contains("ON jobs(id)"), "{}", indexes[2].1);
    assert!(run(&["verify"]).contains("ok"));
}

#[test]
fn a_v1_file_is_backed_up_then_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        schema::create_at_version(&c, 1).unwrap();
        c.execute("INSERT INTO technicians (name, created_at) VALUES ('jan', 0)", [])
            .unwrap();
    }
    let out = slawatch(
        &db,
        "anna",
        &[
            "log",
            "--customer",
            "Globex",
            "--priority",
            "P1",
            "--summary",
            "x",
            "--tech",
            "jan",
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let backup = dir.path().join("old.db.bak-v1");
    assert!(backup.exists(), "backup written before migrating");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&backup).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600, "the backup holds customer data: owner only");
    let b = rusqlite::Connection::open(&backup).unwrap();
    assert_eq!(
        b.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        1
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(
        c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        schema::VERSION
    );
    let active: i64 = c
        .query_row("SELECT active FROM technicians WHERE name = 'jan'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(active, 1, "old rows kept, new column filled");
}

#[test]
fn a_file_from_a_newer_slawatch_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out = slawatch(&db, "anna", &["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("written by a newer slawatch (schema v99"), "{err}");
    assert!(std::fs::read(&db).unwrap() == before, "the file was modified");
    assert!(matches!(
        Store::open(&db),
        Err(StoreError::TooNew { found: 99, .. })
    ));
}

#[test]
fn a_file_that_is_not_sqlite_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.txt");
    std::fs::write(
        &db,
        "shopping list: milk, eggs, and a much longer line to fill a page header",
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = slawatch(&db, "anna", &["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a slawatch store"));
    assert!(std::fs::read(&db).unwrap() == before, "the file was modified");
}

#[test]
fn kill_9_during_import_loses_no_committed_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let csv = dir.path().join("big.csv");
    let at = slawatch_core::time::instant::rfc3339(slawatch::service::clock::now() - 3600, &chrono_tz::UTC);
    let mut text = String::from("customer,priority,type,summary,at\n");
    for i in 0..150_000 {
        text.push_str(&format!("Acme Corp,P{},malfunction,Job {i},{at}\n", i % 4 + 1));
    }
    std::fs::write(&csv, text).unwrap();
    let mut child = slawatch(&db, "anna", &["import", csv.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill without warning.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let committed =
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|c| c.query_row("SELECT count(*) FROM jobs", [], |r| r.get::<_, i64>(0)))
                .unwrap_or(0);
        if committed >= 20_000 || std::time::Instant::now() > deadline {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the import was killed before it finished");
    let store = Store::open_existing(&db).unwrap();
    let (jobs, events) = store.counts().unwrap();
    assert!(jobs >= 20_000, "committed batches survive: {jobs}");
    assert_eq!(jobs % 20_000, 0, "only whole batches: {jobs}");
    assert_eq!(events, jobs);
    let report = store.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    let out = slawatch(&db, "anna", &["verify"]).output().unwrap();
    assert!(out.status.success());
}

/// The text limits hold for every writer, not only the command line and import: the
/// dashboard's prompts and scripts using the library reach the store directly.
#[test]
fn the_store_itself_refuses_oversized_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("limits.db");
    let policy = example_policy().parse();
    let mut store = Store::open(&db).unwrap();
    let huge = "x".repeat(1 << 20);
    let big_job = NewJob {
        summary: huge.clone(),
        ..job("Globex")
    };
    let refused = store.log_job(&policy, &big_job, "anna", now()).unwrap_err();
    assert!(
        matches!(&refused, StoreError::Refused(m) if m.contains("the summary is 1048576 bytes long")),
        "{refused}"
    );
    let id = store.log_job(&policy, &job("Globex"), "anna", now()).unwrap();
    let refused = store
        .record(&policy, id, &JobAction::Note { text: huge }, "anna", None, now())
        .unwrap_err();
    assert!(
        matches!(&refused, StoreError::Refused(m) if m.contains("at most")),
        "{refused}"
    );
    let events: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 1, "only the good job's creation was written");
}
