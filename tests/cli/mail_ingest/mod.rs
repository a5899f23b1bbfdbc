//! Issue 17, mail to job through the real binary: `slawatch ingest mail` on .eml files
//! and standard input, against a real store file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::Value;

use crate::common::cli::Cli;
use crate::common::example_policy;

/// 2026-11-20T12:00:00Z, a Friday.
const NOW: i64 = 1_795_176_000;
/// Our server's stamp: 11:50Z.
const RECEIVED: &str = "Fri, 20 Nov 2026 11:50:00 +0000";
const RECEIPT: i64 = NOW - 600;

fn desk(dir: &Path) -> Cli {
    Cli::new(&dir.join("jobs.db"), "anna").at(NOW)
}

/// The example policy with `from` replaced by `to` in its text.
fn policy_with(dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = example_policy().text;
    assert!(text.contains(from), "`{from}` not in the example policy");
    let path = dir.join("sla.toml");
    std::fs::write(&path, text.replace(from, to)).unwrap();
    path
}

/// A mail from `from` with `subject`, Date `date`, and `extra` headers.
fn mail(from: &str, id: &str, subject: &str, date: &str, extra: &str) -> String {
    format!(
        "Received: from mx.acme.example by mail.us.example; {RECEIVED}\r\nFrom: {from}\r\nTo: service@us.example\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\nDate: {date}\r\n{extra}\r\nThe pump at site 3 leaks.\r\n"
    )
}

/// Ingests `text` (written to a file in `dir`) and returns the `--json` answer.
fn ingest(cli: &Cli, dir: &Path, text: &[u8]) -> Value {
    let n = std::fs::read_dir(dir).unwrap().count();
    let file = dir.join(format!("m{n}.eml"));
    std::fs::write(&file, text).unwrap();
    cli.json(&["ingest", "mail", file.to_str().unwrap(), "--json"])
}

/// The job as `show --json` has it.
fn show(cli: &Cli, job: i64) -> Value {
    cli.json(&["show", &job.to_string(), "--json"])["job"].clone()
}

/// The data of the job's `created` event, read from the store file itself.
fn created_data(dir: &Path, job: i64) -> Value {
    let conn = rusqlite::Connection::open(dir.join("jobs.db")).unwrap();
    let data: String = conn
        .query_row(
            "SELECT data FROM events WHERE job = ?1 AND kind = 'created'",
            [job],
            |r| r.get(0),
        )
        .unwrap();
    let v: Value = serde_json::from_str(&data).unwrap();
    v["origin"].clone()
}

fn job_of(v: &Value) -> i64 {
    v["job"].as_i64().unwrap_or_else(|| panic!("no job in {v}"))
}

const DATE_15_BEFORE: &str = "Fri, 20 Nov 2026 11:45:00 +0000";
const DATE_2H_BEFORE: &str = "Fri, 20 Nov 2026 09:50:00 +0000";

#[test]
fn mail_clock_starts_at_receipt_not_the_senders_date() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let v = ingest(
        &cli,
        dir.path(),
        mail(
            "Ann <ann@acme.example>",
            "a1@acme.example",
            "Pump down",
            DATE_15_BEFORE,
            "",
        )
        .as_bytes(),
    );
    assert_eq!(v["outcome"], "created", "{v}");
    let job = show(&cli, job_of(&v));
    assert_eq!(job["customer"], "Acme Corp", "{job}");
    assert_eq!(job["priority"], "P1", "the subject rule `down` sets P1: {job}");
    let data = created_data(dir.path(), job_of(&v));
    let m = &data["mail"];
    assert_eq!(m["receipt"], RECEIPT, "{data}");
    assert_eq!(m["clock_start"], RECEIPT);
    assert_eq!(m["started_by"], "receipt");
    assert_eq!(m["why"], "policy");
    assert_eq!(m["receipt_from"], "received");
    assert_eq!(m["date"], NOW - 900);
    cli.ok(&["verify"]);
}

#[test]
fn mail_clock_at_date_within_skew_and_receipt_outside() {
    let dir = tempfile::tempdir().unwrap();
    let policy = policy_with(dir.path(), "start = \"received\"", "start = \"date\"");
    let cli = desk(dir.path()).policy(&policy);
    let near = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "n1@acme.example",
            "Noisy fan",
            DATE_15_BEFORE,
            "",
        )
        .as_bytes(),
    );
    let d = created_data(dir.path(), job_of(&near));
    assert_eq!(
        (d["mail"]["clock_start"].as_i64(), d["mail"]["why"].as_str()),
        (Some(NOW - 900), Some("date_trusted")),
        "{d}"
    );
    let far = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "f1@acme.example",
            "Noisy fan",
            DATE_2H_BEFORE,
            "",
        )
        .as_bytes(),
    );
    let d = created_data(dir.path(), job_of(&far));
    assert_eq!(
        (d["mail"]["clock_start"].as_i64(), d["mail"]["why"].as_str()),
        (Some(RECEIPT), Some("date_skewed")),
        "{d}"
    );
}

#[test]
fn mail_unknown_sender_hold_default_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let text = mail(
        "bob@stranger.example",
        "s1@stranger.example",
        "Help",
        DATE_15_BEFORE,
        "",
    );
    let v = ingest(&cli, dir.path(), text.as_bytes());
    assert_eq!(v["outcome"], "held", "{v}");
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("unknown sender bob@stranger.example"),
        "{v}"
    );
    let held = cli.json(&["mail", "held", "--json"]);
    assert_eq!(held.as_array().unwrap().len(), 1, "{held}");
    // The dispatcher assigns it an hour later: the clock stays at the mail's receipt.
    let later = Cli::new(&dir.path().join("jobs.db"), "anna").at(NOW + 3600);
    let a = later.json(&[
        "mail",
        "assign",
        &held[0]["id"].to_string(),
        "--customer",
        "Globex",
        "--json",
    ]);
    let job = show(&later, job_of(&a));
    assert_eq!(job["customer"], "Globex", "{job}");
    assert_eq!(
        created_data(dir.path(), job_of(&a))["mail"]["clock_start"],
        RECEIPT
    );
    assert!(
        later
            .json(&["mail", "held", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );

    let dir = tempfile::tempdir().unwrap();
    let policy = policy_with(
        dir.path(),
        "unknown_sender = \"hold\"",
        "unknown_sender = \"default\"",
    );
    let cli = desk(dir.path()).policy(&policy);
    let v = ingest(&cli, dir.path(), text.as_bytes());
    assert_eq!(v["outcome"], "created", "{v}");
    assert_eq!(show(&cli, job_of(&v))["customer"], "stranger.example");

    let dir = tempfile::tempdir().unwrap();
    let policy = policy_with(
        dir.path(),
        "unknown_sender = \"hold\"",
        "unknown_sender = \"refuse\"",
    );
    let cli = desk(dir.path()).policy(&policy);
    let v = ingest(&cli, dir.path(), text.as_bytes());
    assert_eq!(v["outcome"], "ignored", "{v}");
    assert!(v["job"].is_null());
}

#[test]
fn mail_cc_copy_makes_one_job() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let text = mail(
        "ann@acme.example",
        "cc1@acme.example",
        "Pump noisy",
        DATE_15_BEFORE,
        "",
    );
    let first = ingest(&cli, dir.path(), text.as_bytes());
    // The CC'd copy arrives through another route with its own Received header.
    let copy = format!("Received: from relay by mail.us.example; {RECEIVED}\r\n{text}");
    let second = ingest(&cli, dir.path(), copy.as_bytes());
    assert_eq!(second["outcome"], "duplicate", "{second}");
    assert_eq!(second["job"], first["job"]);
    let list = cli.json(&["list", "--json"]);
    assert_eq!(list.as_array().map_or(0, Vec::len), 1, "{list}");
}

mod hostile;
mod inputs;
mod replies;
