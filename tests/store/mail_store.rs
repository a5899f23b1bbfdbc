//! Issue 17: schema v9 (mail messages, held mail, the ingest log) over older stores.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use slawatch_core::job::NewJob;
use slawatch_store::{MailEntry, MailTake, Store, Taken, schema};

use crate::common::{self, example_policy};

fn slawatch(db: &Path, args: &[&str]) -> Command {
    let mut c = common::bin();
    c.args(args)
        .env("SLAWATCH_DB", db)
        .env("SLAWATCH_POLICY", example_policy().path)
        .env("SLAWATCH_USER", "anna");
    c
}

fn now() -> i64 {
    slawatch::service::clock::now()
}

const MAIL: &[u8] = b"From: Ann <ann@acme.example>\r\nSubject: Pump noisy\r\nMessage-ID: <m1@acme.example>\r\n\r\nIt hums.\r\n";

#[test]
fn mail_a_v8_store_migrates_to_v10_and_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v8.db");
    let policy = example_policy().parse();
    {
        let mut s = Store::open(&db).unwrap();
        for summary in ["one", "two"] {
            let job = NewJob {
                customer: "Globex".into(),
                priority: "P2".into(),
                summary: summary.into(),
                ..NewJob::default()
            };
            s.log_job(&policy, &job, "anna", now()).unwrap();
        }
        // The same file as version 8 wrote it: no mail tables, the v8 version number.
        let c = s.connection();
        c.execute_batch(
            "DROP TABLE outbox; DROP TABLE mail_messages; DROP TABLE mail_held; DROP TABLE mail_log;
             DROP TRIGGER webhook_queue; DROP TABLE webhook_outbox; DROP TABLE webhook_routes;
             PRAGMA user_version = 8;",
        )
        .unwrap();
    }
    let before: Vec<String> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut st = c.prepare("SELECT data FROM events ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let mut child = slawatch(&db, &["ingest", "mail", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(MAIL).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["outcome"].as_str(), v["job"].as_i64()),
        (Some("created"), Some(3)),
        "{v}"
    );
    assert!(
        dir.path().join("v8.db.bak-v8").exists(),
        "the v8 file is backed up first"
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::VERSION);
    assert_eq!(
        schema::VERSION,
        13,
        "v9 the mail tables, v10 the outbox, v11 its claims and give-ups, v12 the API's tokens, v13 webhooks"
    );
    let after: Vec<String> = {
        let mut st = c.prepare("SELECT data FROM events ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(after[..2], before[..], "old events are untouched");
    assert!(!after[0].contains("origin"), "a typed job's data is as it was");
    assert!(after[2].contains("\"origin\":{\"mail\""), "{}", after[2]);
    let out = slawatch(&db, &["verify"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn mail_one_message_id_is_taken_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let policy = example_policy().parse();
    let mut s = Store::open(&db).unwrap();
    let e = MailEntry {
        message_id: "x@acme.example",
        source: "pipe",
        sender: Some("ann@acme.example"),
        subject: "hi",
        now: now(),
    };
    let first = s
        .take_mail(&policy, &e, &MailTake::Ignore { reason: "auto" })
        .unwrap();
    assert_eq!(first, Taken::Ignored);
    let raw = b"raw";
    let again = s
        .take_mail(
            &policy,
            &e,
            &MailTake::Hold {
                reason: "x",
                raw,
                receipt: 0,
            },
        )
        .unwrap();
    assert_eq!(again, Taken::Duplicate(None));
    let log = s.mail_log(10).unwrap();
    assert_eq!(
        log.iter().map(|r| r.outcome.as_str()).collect::<Vec<_>>(),
        ["ignored", "duplicate"]
    );
    assert!(
        s.mail_held(true).unwrap().is_empty(),
        "the duplicate was not held"
    );
}
