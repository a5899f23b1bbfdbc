//! Replies: a note on their job (by reference or by token), held from a foreign sender,
//! resuming a pause; auto-replies never a job.

use super::*;

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

/// A mail job of Acme's, closed with `close` (e.g. `["resolve", "JOB"]`), then a reply to it.
fn reply_after(cli: &Cli, dir: &Path, tag: &str, close: &[&str]) -> (i64, Value) {
    let first = mail(
        "ann@acme.example",
        &format!("{tag}1@acme.example"),
        "Pump noisy",
        DATE_15_BEFORE,
        "",
    );
    let job = job_of(&ingest(cli, dir, first.as_bytes()));
    let id = job.to_string();
    let mut args: Vec<&str> = close.to_vec();
    args.insert(1, &id);
    cli.ok(&args);
    let reply = mail(
        "ann@acme.example",
        &format!("{tag}2@acme.example"),
        "Re: Pump noisy",
        DATE_15_BEFORE,
        &format!("In-Reply-To: <{tag}1@acme.example>\r\n"),
    );
    (job, ingest(cli, dir, reply.as_bytes()))
}

#[test]
fn mail_reply_to_a_resolved_job_is_attached_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let (job, reply) = reply_after(&cli, dir.path(), "rr", &["resolve"]);
    assert_eq!(
        (reply["outcome"].as_str(), reply["job"].as_i64()),
        (Some("attached"), Some(job)),
        "{reply}"
    );
    assert_eq!(reply["flagged"], format!("job {job} is resolved"), "{reply}");
    let log = cli.ok(&["mail", "log"]);
    assert!(log.contains(&format!("flagged: job {job} is resolved")), "{log}");
    let last = cli
        .json(&["mail", "log", "--json"])
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["flagged"], format!("job {job} is resolved"), "{last}");
    // The reply does not reopen the job: a dispatcher decides.
    assert_eq!(show(&cli, job)["status"], "resolved");
    let shown = cli.ok(&["show", &job.to_string()]);
    assert!(shown.contains("mail from ann@acme.example"), "{shown}");
    cli.ok(&["verify"]);
}

#[test]
fn mail_reply_to_a_cancelled_job_is_attached_and_flagged_not_held() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let (job, reply) = reply_after(&cli, dir.path(), "cc", &["cancel", "--reason", "duplicate"]);
    assert_eq!(
        (reply["outcome"].as_str(), reply["job"].as_i64()),
        (Some("attached"), Some(job)),
        "{reply}"
    );
    assert_eq!(reply["flagged"], format!("job {job} is cancelled"), "{reply}");
    assert_eq!(cli.json(&["mail", "held", "--json"]), serde_json::json!([]));
    assert_eq!(show(&cli, job)["status"], "cancelled");
    cli.ok(&["verify"]);
}
