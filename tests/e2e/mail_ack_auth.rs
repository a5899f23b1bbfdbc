//! The acknowledgement through a relay that wants a login (`smtp-sink.sh start --auth
//! U:P --tls`): STARTTLS and SMTPS with AUTH arrive; a wrong password is recorded in the
//! outbox with the server's 535 and given up after three tries; a missing password file
//! is a delivery failure naming it. All through the real binary and policy.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::cli::Cli;
use crate::mail_ack::Sink;

const NOW: i64 = 1_796_650_000; // Mon 2026-12-07 13:26:40 UTC

const MAIL: &str = "Received: from mx.acme.example by mail.us.example; Mon, 07 Dec 2026 13:20:00 +0000\r\n\
From: Facilities <facilities@acme-holding.example>\r\nTo: service@us.example\r\n\
Subject: Boiler down in east wing\r\nMessage-ID: <boiler-auth@acme-holding.example>\r\n\
Date: Mon, 07 Dec 2026 13:19:00 +0000\r\n\r\nNo heating since this morning.\r\n";

/// A policy beside `dir` acknowledging through the sink on `port_var` with `security`
/// and the login lines `login`.
fn policy(dir: &Path, sink: &Sink, port_var: &str, security: &str, login: &str) -> PathBuf {
    let p = dir.join("sla.toml");
    std::fs::write(
        &p,
        format!(
            "{}\n[mail.acknowledge]\nsmtp = \"{}:{}\"\nsecurity = \"{security}\"\nfrom = \"desk@service.example\"\nca = \"{}\"\n{login}",
            crate::common::example_policy().text,
            sink.var("SMTP_HOST"),
            sink.var(port_var),
            sink.var("SMTP_CA"),
        ),
    )
    .unwrap();
    p
}

fn ingest(cli: &Cli, dir: &Path) -> Value {
    let file = dir.join("m.eml");
    std::fs::write(&file, MAIL).unwrap();
    let out = cli.json(&["ingest", "mail", file.to_str().unwrap(), "--json"]);
    assert_eq!(out["outcome"], "created", "{out}");
    out
}

/// The sink's one received message, as JSON.
fn received(sink: &Sink) -> Value {
    let lines = sink.run(&["received", "--json"]);
    let all: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(all.len(), 1, "{lines}");
    all[0].clone()
}

fn sent_with_login(security: &str, port_var: &str) {
    let sink = Sink::start(&["--auth", "desk@service.example:s3cret-pw", "--tls"]);
    let dir = tempfile::tempdir().unwrap();
    // Relative to the policy file, not to where slawatch runs.
    std::fs::write(dir.path().join("smtp-password"), "s3cret-pw\n").unwrap();
    let p = policy(
        dir.path(),
        &sink,
        port_var,
        security,
        "user = \"desk@service.example\"\npassword_file = \"smtp-password\"\n",
    );
    let cli = Cli::new(&dir.path().join("jobs.db"), "mail").at(NOW).policy(&p);
    let out = ingest(&cli, dir.path());
    assert_eq!(out["acknowledgement"], "sent", "{out}");
    let r = received(&sink);
    assert_eq!(r["auth"], "desk@service.example", "{r}");
    assert!(r["tls"] == true || r["tls"].is_string(), "{r}");
    assert_eq!(r["to"][0], "facilities@acme-holding.example", "{r}");
}

#[test]
fn starttls_with_a_login_arrives() {
    sent_with_login("starttls", "SMTP_PORT");
}

#[test]
fn smtps_with_a_login_arrives() {
    sent_with_login("tls", "SMTPS_PORT");
}

#[test]
fn a_wrong_password_is_recorded_with_the_535_and_given_up_after_three_tries() {
    let sink = Sink::start(&["--auth", "desk@service.example:s3cret-pw", "--tls"]);
    let dir = tempfile::tempdir().unwrap();
    let p = policy(
        dir.path(),
        &sink,
        "SMTP_PORT",
        "starttls",
        "user = \"desk@service.example\"\npassword_env = \"SLAWATCH_TEST_SMTP_PW\"\n",
    );
    let cli = Cli::new(&dir.path().join("jobs.db"), "mail")
        .at(NOW)
        .policy(&p)
        .with("SLAWATCH_TEST_SMTP_PW", "wrong");
    let out = ingest(&cli, dir.path());
    let ack = out["acknowledgement"].as_str().unwrap();
    assert!(
        ack.contains("queued, to be tried again") && ack.contains("535"),
        "{out}"
    );
    let rows = cli.json(&["mail", "outbox", "--json"]);
    let row = &rows[0];
    assert_eq!(
        (row["state"].as_str(), row["tries"].as_i64()),
        (Some("queued"), Some(1)),
        "{rows}"
    );
    assert!(row["last_error"].as_str().unwrap().contains("535"), "{rows}");
    assert_eq!(row["to"], "facilities@acme-holding.example", "{rows}");
    assert_eq!(
        row["subject"],
        format!("[#{}] Re: Boiler down in east wing", out["job"]),
        "{rows}"
    );
    // Two more refusals and it is given up: no hourly retries of a wrong password.
    cli.ok(&["mail", "outbox", "retry", "--all"]);
    cli.ok(&["mail", "outbox", "retry", "--all"]);
    let rows = cli.json(&["mail", "outbox", "--json"]);
    assert_eq!(rows[0]["state"], "failed", "{rows}");
    assert_eq!(rows[0]["tries"], 3, "{rows}");
    assert!(rows[0]["next_try"].is_null(), "{rows}");
    // A later ingest pass (an empty Maildir: only the outbox round) tries it no more.
    let later = cli.clone().at(NOW + 7200);
    let md = dir.path().join("md");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
    }
    later.ok(&["ingest", "maildir", md.to_str().unwrap()]);
    assert_eq!(later.json(&["mail", "outbox", "--json"])[0]["tries"], 3);
    assert_eq!(sink.run(&["count"]).trim(), "0");
    // The password fixed, a retry by its id sends it.
    let fixed = later.with("SLAWATCH_TEST_SMTP_PW", "s3cret-pw");
    let id = rows[0]["id"].as_i64().unwrap().to_string();
    let said = fixed.ok(&["mail", "outbox", "retry", &id]);
    assert!(said.contains("sent 1"), "{said}");
    assert_eq!(received(&sink)["auth"], "desk@service.example");
    assert_eq!(fixed.json(&["mail", "outbox", "--json"])[0]["state"], "sent");
}

#[test]
fn a_missing_password_file_is_a_delivery_failure_naming_it() {
    let sink = Sink::start(&["--auth", "desk@service.example:s3cret-pw", "--tls"]);
    let dir = tempfile::tempdir().unwrap();
    let p = policy(
        dir.path(),
        &sink,
        "SMTP_PORT",
        "starttls",
        "user = \"desk@service.example\"\npassword_file = \"no-such-password\"\n",
    );
    let cli = Cli::new(&dir.path().join("jobs.db"), "mail").at(NOW).policy(&p);
    let out = ingest(&cli, dir.path());
    let ack = out["acknowledgement"].as_str().unwrap();
    let path = dir.path().join("no-such-password");
    assert!(
        ack.contains("queued, to be tried again") && ack.contains(path.to_str().unwrap()),
        "{out}"
    );
    let rows = cli.json(&["mail", "outbox", "--json"]);
    assert_eq!(rows[0]["state"], "queued", "{rows}");
    assert!(
        rows[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("no-such-password"),
        "{rows}"
    );
    assert_eq!(sink.run(&["count"]).trim(), "0");
}
