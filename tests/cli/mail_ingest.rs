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

#[test]
fn mail_replies_by_reference_and_by_token_are_notes() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let v = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "t1@acme.example",
            "Pump noisy",
            DATE_15_BEFORE,
            "",
        )
        .as_bytes(),
    );
    let job = job_of(&v);
    let by_ref = ingest(
        &cli,
        dir.path(),
        mail(
            "carl@acme.example",
            "t2@acme.example",
            "Re: Pump noisy",
            DATE_15_BEFORE,
            "References: <t1@acme.example>\r\n",
        )
        .as_bytes(),
    );
    assert_eq!(
        (by_ref["outcome"].as_str(), by_ref["job"].as_i64()),
        (Some("attached"), Some(job)),
        "{by_ref}"
    );
    let by_token = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "t3@acme.example",
            &format!("Re: [#{job}] Pump noisy"),
            DATE_15_BEFORE,
            "",
        )
        .as_bytes(),
    );
    assert_eq!(
        (by_token["outcome"].as_str(), by_token["job"].as_i64()),
        (Some("attached"), Some(job)),
        "{by_token}"
    );
    let shown = cli.ok(&["show", &job.to_string()]);
    assert_eq!(shown.matches("mail from").count(), 2, "{shown}");
    assert_eq!(cli.json(&["list", "--json"]).as_array().map_or(0, Vec::len), 1);
}

#[test]
fn mail_reply_from_a_foreign_sender_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let v = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "x1@acme.example",
            "Pump noisy",
            DATE_15_BEFORE,
            "",
        )
        .as_bytes(),
    );
    let job = job_of(&v);
    let foreign = ingest(
        &cli,
        dir.path(),
        mail(
            "eve@globex.example",
            "x2@globex.example",
            &format!("Re: [#{job}] Pump noisy"),
            DATE_15_BEFORE,
            "",
        )
        .as_bytes(),
    );
    assert_eq!(foreign["outcome"], "held", "{foreign}");
    assert!(
        foreign["reason"]
            .as_str()
            .unwrap()
            .contains(&format!("a reply to job {job}")),
        "{foreign}"
    );
    assert!(!cli.ok(&["show", &job.to_string()]).contains("mail from eve"));
}

#[test]
fn mail_reply_resumes_a_waiting_on_customer_pause() {
    let dir = tempfile::tempdir().unwrap();
    let early = Cli::new(&dir.path().join("jobs.db"), "anna").at(NOW - 1800);
    let first = mail(
        "ann@acme.example",
        "r1@acme.example",
        "Pump noisy",
        "Fri, 20 Nov 2026 11:25:00 +0000",
        "",
    )
    .replace(RECEIVED, "Fri, 20 Nov 2026 11:28:00 +0000");
    let v = ingest(&early, dir.path(), first.as_bytes());
    let job = job_of(&v);
    let cli = desk(dir.path());
    cli.ok(&[
        "pause",
        &job.to_string(),
        "--reason",
        "waiting on customer",
        "--at",
        "2026-11-20T11:40:00Z",
    ]);
    assert_eq!(show(&cli, job)["status"], "paused");
    let reply = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "r2@acme.example",
            "Re: Pump noisy",
            DATE_15_BEFORE,
            "In-Reply-To: <r1@acme.example>\r\n",
        )
        .as_bytes(),
    );
    assert_eq!(reply["outcome"], "attached", "{reply}");
    let after = show(&cli, job);
    assert_eq!(after["status"], "open", "{after}");
    let conn = rusqlite::Connection::open(dir.path().join("jobs.db")).unwrap();
    let at: i64 = conn
        .query_row(
            "SELECT at FROM events WHERE job = ?1 AND kind = 'resumed'",
            [job],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(at, RECEIPT, "resumed at the reply's receipt");
    cli.ok(&["verify"]);
}

#[test]
fn mail_auto_reply_is_no_job_but_logged() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    for (i, extra) in ["Auto-Submitted: auto-replied\r\n", "Precedence: bulk\r\n"]
        .iter()
        .enumerate()
    {
        let v = ingest(
            &cli,
            dir.path(),
            mail(
                "ann@acme.example",
                &format!("auto{i}@acme.example"),
                "Out of office",
                DATE_15_BEFORE,
                extra,
            )
            .as_bytes(),
        );
        assert_eq!(v["outcome"], "ignored", "{v}");
    }
    let bounce = ingest(
        &cli,
        dir.path(),
        mail(
            "MAILER-DAEMON@mx.acme.example",
            "b1@mx",
            "Undelivered",
            DATE_15_BEFORE,
            "",
        )
        .as_bytes(),
    );
    assert_eq!(bounce["outcome"], "ignored", "{bounce}");
    assert!(
        !dir.path().join("jobs.db").exists()
            || cli.json(&["list", "--json"]).as_array().map_or(0, Vec::len) == 0
    );
    let log = cli.json(&["mail", "log", "--json"]);
    assert_eq!(log.as_array().unwrap().len(), 3, "{log}");
    assert!(
        log[0]["detail"].as_str().unwrap().contains("auto-submitted"),
        "{log}"
    );
}

#[test]
fn mail_not_a_mail_exits_2_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let mut child = cli
        .command(&["ingest", "mail"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"just some text\nnot a header\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a mail"),
        "{out:?}"
    );
}

#[test]
fn mail_broken_input_has_a_clear_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let broken_mime = "From: ann@acme.example\r\nSubject: parts\r\nMessage-ID: <mime@acme.example>\r\nContent-Type: multipart/mixed; boundary=\"never\"\r\n\r\n--never\r\nContent-Type: text/plain\r\n\r\nno end";
    let v = ingest(&cli, dir.path(), broken_mime.as_bytes());
    assert_eq!(v["outcome"], "created", "{v}");
    let nul = b"From: ann@acme.example\r\nSubject: nul\x00bytes\r\nMessage-ID: <nul@acme.example>\r\n\r\nbody\x00\x00";
    let v = ingest(&cli, dir.path(), nul);
    assert_eq!(v["outcome"], "created", "{v}");
    assert!(!show(&cli, job_of(&v))["summary"].as_str().unwrap().contains('\0'));
    let huge = format!(
        "From: ann@acme.example\r\nSubject: {}\r\nMessage-ID: <huge@acme.example>\r\n\r\nbody",
        "x".repeat(2_000_000)
    );
    let v = ingest(&cli, dir.path(), huge.as_bytes());
    assert!(
        ["created", "held"].contains(&v["outcome"].as_str().unwrap()),
        "{v}"
    );
    let policy = policy_with(dir.path(), "max_size = \"10MB\"", "max_size = \"1KB\"");
    let small = desk(dir.path()).policy(&policy);
    let big = format!(
        "From: ann@acme.example\r\nSubject: big\r\nMessage-ID: <big@acme.example>\r\n\r\n{}",
        "y".repeat(5000)
    );
    let v = ingest(&small, dir.path(), big.as_bytes());
    assert_eq!(v["outcome"], "held", "{v}");
    assert!(v["reason"].as_str().unwrap().contains("max_size"), "{v}");
    cli.ok(&["verify"]);
}

#[test]
fn mail_reply_to_a_cancelled_job_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let v = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "c1@acme.example",
            "Pump noisy",
            DATE_15_BEFORE,
            "",
        )
        .as_bytes(),
    );
    let job = job_of(&v);
    cli.ok(&["cancel", &job.to_string(), "--reason", "duplicate"]);
    let reply = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "c2@acme.example",
            "Re: Pump noisy",
            DATE_15_BEFORE,
            "In-Reply-To: <c1@acme.example>\r\n",
        )
        .as_bytes(),
    );
    assert!(
        ["attached", "held"].contains(&reply["outcome"].as_str().unwrap()),
        "{reply}"
    );
    let log = cli.json(&["mail", "log", "--json"]);
    assert_eq!(log.as_array().unwrap().len(), 2, "{log}");
}

#[test]
fn mail_sender_too_long_for_a_name_still_makes_a_job() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let from = format!("{}@acme.example", "a".repeat(240));
    let v = ingest(
        &cli,
        dir.path(),
        mail(&from, "long@acme.example", "Pump noisy", DATE_15_BEFORE, "").as_bytes(),
    );
    assert_eq!(v["outcome"], "created", "{v}");
    assert_eq!(show(&cli, job_of(&v))["created_by"], "mail");
}

#[test]
fn mail_maildir_moves_each_mail_after_its_job_and_never_doubles() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
    }
    let cli = desk(dir.path());
    let a = mail(
        "ann@acme.example",
        "md1@acme.example",
        "Pump noisy",
        DATE_15_BEFORE,
        "",
    );
    let b = mail(
        "ann@acme.example",
        "md2@acme.example",
        "Door stuck",
        DATE_15_BEFORE,
        "",
    );
    std::fs::write(md.join("new/1.host"), &a).unwrap();
    std::fs::write(md.join("new/2.host"), &b).unwrap();
    std::fs::write(md.join("new/3.host"), "not a mail at all\n").unwrap();
    let out = cli.ok(&["ingest", "maildir", md.to_str().unwrap(), "--json"]);
    assert_eq!(out.lines().count(), 2, "{out}");
    let left: Vec<_> = std::fs::read_dir(md.join("new"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["3.host"], "the non-mail stays in new/, never lost");
    assert_eq!(std::fs::read_dir(md.join("cur")).unwrap().count(), 2);
    // A crash after the commit but before the move: the file is back in new/.
    std::fs::write(md.join("new/1.host"), &a).unwrap();
    let out = cli.ok(&["ingest", "maildir", md.to_str().unwrap(), "--json"]);
    assert!(out.contains("\"duplicate\""), "{out}");
    assert_eq!(
        cli.json(&["list", "--json"]).as_array().map_or(0, Vec::len),
        2,
        "no mail doubled"
    );
}

#[test]
fn mail_a_broken_policy_is_a_retry_not_a_bounce() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("sla.toml");
    std::fs::write(&policy, "display_timezone = 3\n").unwrap();
    let cli = desk(dir.path()).policy(&policy);
    let file = dir.path().join("m.eml");
    std::fs::write(
        &file,
        mail("ann@acme.example", "p1@acme.example", "Pump", DATE_15_BEFORE, ""),
    )
    .unwrap();
    let err = cli.fails(&["ingest", "mail", file.to_str().unwrap()], 1);
    assert!(err.contains("delivered again"), "{err}");
}
