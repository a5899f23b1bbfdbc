//! Issue 17's "done when", end to end on the real binary: a mail delivered to a real IMAP
//! server (dovecot) from a contract's domain becomes a job whose clock starts at its
//! receipt; the customer's acknowledgement reaches a real SMTP receiver with the
//! deadlines; the customer's reply lands on the job and ends its "waiting on customer"
//! pause; a CC'd copy makes no second job; an auto-reply makes none.

use std::path::Path;

use crate::common::cli::Cli;
use crate::imap_ingest::Imap;
use crate::mail_ack::Sink;

/// 2026-12-07T13:20:00Z, our server's stamp on the first mail.
const RECEIPT: i64 = 1_796_649_600;
const NOW: i64 = RECEIPT + 600;

fn deliver(imap: &Imap, name: &str, text: &str) {
    let file = imap.dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    imap.rig(&["deliver", file.to_str().unwrap()]);
}

fn mail(id: &str, subject: &str, received: &str, extra: &str, body: &str) -> String {
    format!(
        "Received: from mx.acme.example by mail.us.example; {received}\r\n\
From: Facilities <facilities@acme.example>\r\nTo: service@us.example\r\nSubject: {subject}\r\n\
Message-ID: <{id}>\r\nDate: Mon, 07 Dec 2026 09:00:00 +0000\r\n{extra}\r\n{body}\r\n"
    )
}

/// One pass of `ingest imap` over the rig's INBOX, as the desk's user `mail`.
fn ingest(cli: &Cli, imap: &Imap, extra: &[&str]) -> String {
    let pw = imap.password_file();
    let mut args = vec![
        "ingest",
        "imap",
        "--host",
        "localhost",
        "--port",
        &imap.tls_port,
        "--user",
        &imap.user,
        "--password-file",
        pw.to_str().unwrap(),
        "--ca",
        &imap.ca,
    ];
    args.extend_from_slice(extra);
    cli.ok(&args)
}

fn policy(dir: &Path, sink: &Sink) -> std::path::PathBuf {
    let p = dir.join("sla.toml");
    std::fs::write(
        &p,
        format!(
            "{}\n[mail.acknowledge]\nsmtp = \"{}:{}\"\nsecurity = \"plain\"\nfrom = \"desk@us.example\"\n",
            crate::common::example_policy().text,
            sink.var("SMTP_HOST"),
            sink.var("SMTP_PORT")
        ),
    )
    .unwrap();
    p
}

#[test]
fn a_customers_mail_becomes_a_job_is_acknowledged_and_their_reply_resumes_it() {
    let imap = Imap::start();
    let sink = Sink::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(&dir.path().join("jobs.db"), "mail")
        .at(NOW)
        .policy(&policy(dir.path(), &sink));

    // The customer's mail, stamped by our server at RECEIPT; its Date is hours earlier.
    let first = mail(
        "boiler-1@acme.example",
        "Boiler down in east wing",
        "Mon, 07 Dec 2026 13:20:00 +0000",
        "",
        "No heating since this morning.",
    );
    deliver(&imap, "m1.eml", &first);
    let said = ingest(&cli, &imap, &[]);
    assert!(said.contains("created job 1"), "{said}");
    assert!(said.contains("acknowledgement sent"), "{said}");
    let job = cli.json(&["show", "1", "--json"])["job"].clone();
    assert_eq!(job["customer"], "Acme Corp", "{job}");
    let receipt = slawatch_core::time::instant::rfc3339(RECEIPT, &chrono_tz::Europe::Amsterdam);
    assert_eq!(
        job["created_at"], receipt,
        "the clock starts at our receipt, not the Date: {job}"
    );

    // The acknowledgement, with the deadlines.
    let eml = sink.run(&["wait", r"\[#1\] Re: Boiler down in east wing", "10"]);
    let ack = std::fs::read_to_string(eml.trim()).unwrap();
    assert!(ack.contains("To: facilities@acme.example"), "{ack}");
    assert!(ack.contains("We will respond by"), "{ack}");

    // The desk waits on the customer; their reply ends the pause.
    cli.ok(&["pause", "1", "--reason", "waiting on customer"]);
    let reply = mail(
        "boiler-2@acme.example",
        "Re: [#1] Boiler down in east wing",
        "Mon, 07 Dec 2026 13:28:00 +0000",
        "In-Reply-To: <boiler-1@acme.example>\r\nReferences: <boiler-1@acme.example>\r\n",
        "The technician can come in through the back door.",
    );
    deliver(&imap, "m2.eml", &reply);
    // A CC'd copy of the first mail, and an out-of-office answer to our acknowledgement.
    deliver(&imap, "m3.eml", &first);
    let auto = mail(
        "ooo-1@acme.example",
        "Out of office: [#1] Re: Boiler down in east wing",
        "Mon, 07 Dec 2026 13:29:00 +0000",
        "Auto-Submitted: auto-replied\r\n",
        "I am away until Monday.",
    );
    deliver(&imap, "m4.eml", &auto);
    // As JSON lines this time, one per message, each with its UID in the mailbox.
    let said = ingest(&cli, &imap, &["--json"]);
    let lines: Vec<serde_json::Value> = said
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let seen: Vec<(&str, u64, &str)> = lines
        .iter()
        .map(|v| {
            assert_eq!(v["mailbox"], "INBOX", "{v}");
            (
                v["outcome"].as_str().unwrap(),
                v["uid"].as_u64().unwrap(),
                v["message_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("attached", 2, "boiler-2@acme.example"),
            ("duplicate", 3, "boiler-1@acme.example"),
            ("ignored", 4, "ooo-1@acme.example"),
        ],
        "{said}"
    );
    assert_eq!(lines[0]["job"], 1, "{said}");

    let shown = cli.json(&["show", "1", "--json"]);
    assert_eq!(shown["job"]["status"], "open", "the reply resumed it: {shown}");
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"note") && kinds.contains(&"resumed"), "{kinds:?}");
    let all = cli.json(&["list", "--all", "--json"]);
    assert_eq!(
        all.as_array().unwrap().len(),
        1,
        "one job for all four mails: {all}"
    );
    assert_eq!(sink.run(&["count"]).trim(), "1", "one acknowledgement");
    assert_eq!(
        imap.rig(&["count", "--unseen"]).stdout,
        b"0\n",
        "every mail flagged seen"
    );
}
