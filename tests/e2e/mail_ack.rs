//! The customer's acknowledgement reaches a real SMTP receiver (`../shared/tools/
//! smtp-sink.sh`): plain on loopback, with STARTTLS against the rig's own CA, and a
//! server that refuses says so (for the outbox to try again).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use slawatch::intake::ack::{Commitment, DEFAULT_TEMPLATE, Security, Server, compose, send};
use slawatch::intake::outbox::{Round, deliver_due};
use slawatch_core::policy::ClockKind;
use slawatch_store::OutboxKind;

const RIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/smtp-sink.sh");

/// A private SMTP receiver, stopped when dropped.
pub(crate) struct Sink {
    env: HashMap<String, String>,
}

impl Sink {
    pub(crate) fn start(args: &[&str]) -> Self {
        let out = Command::new(RIG)
            .arg("start")
            .args(args)
            .env_remove("SMTP_RIG_DIR")
            .output()
            .expect("smtp-sink.sh runs");
        assert!(
            out.status.success(),
            "smtp-sink.sh start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // `export NAME=VALUE` lines, the value possibly quoted.
        let env = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("export "))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.trim_matches(['\'', '"']).to_owned()))
            .collect();
        Self { env }
    }

    pub(crate) fn var(&self, name: &str) -> &str {
        self.env
            .get(name)
            .unwrap_or_else(|| panic!("{name} in {:?}", self.env))
    }

    pub(crate) fn run(&self, args: &[&str]) -> String {
        let out = Command::new(RIG)
            .args(args)
            .env("SMTP_RIG_DIR", self.var("SMTP_RIG_DIR"))
            .output()
            .expect("smtp-sink.sh runs");
        assert!(
            out.status.success(),
            "smtp-sink.sh {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn server(&self, port_var: &str, security: Security) -> Server {
        Server {
            host: self.var("SMTP_HOST").to_owned(),
            port: self.var(port_var).parse().unwrap(),
            security,
            credentials: None,
            ca: self.env.get("SMTP_CA").map(PathBuf::from),
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = Command::new(RIG)
            .arg("stop")
            .env("SMTP_RIG_DIR", self.var("SMTP_RIG_DIR"))
            .output();
    }
}

fn commitment(job: i64) -> Commitment {
    Commitment {
        job,
        to: "facilities@acme.example".to_owned(),
        subject: "Boiler down in east wing".to_owned(),
        message_id: Some("<boiler-1@acme.example>".to_owned()),
        deadlines: vec![
            (ClockKind::Respond, 1_796_657_700),
            (ClockKind::Resolve, 1_796_752_800),
        ],
        tz: chrono_tz::Europe::Amsterdam,
    }
}

#[test]
fn the_acknowledgement_arrives_once_with_the_deadlines() {
    let sink = Sink::start(&[]);
    let m = compose(
        "desk@service.example",
        DEFAULT_TEMPLATE,
        &commitment(1042),
        1_796_650_000,
    )
    .unwrap();
    send(
        &sink.server("SMTP_PORT", Security::Plain),
        &m,
        Duration::from_secs(10),
    )
    .unwrap();
    let file = sink.run(&["wait", r"\[#1042\] Re: Boiler down", "10"]);
    let eml = std::fs::read_to_string(file.trim()).unwrap();
    assert!(
        eml.contains("We will respond by Mon 2026-12-07 16:35 (Europe/Amsterdam)."),
        "{eml}"
    );
    assert!(
        eml.contains("We will resolve it by Tue 2026-12-08 19:00"),
        "{eml}"
    );
    assert!(eml.contains("Auto-Submitted: auto-replied"), "{eml}");
    assert!(eml.contains("In-Reply-To: <boiler-1@acme.example>"), "{eml}");
    let received = sink.run(&["received"]);
    assert_eq!(received.lines().count(), 1, "{received}");
    assert!(
        received.starts_with("desk@service.example\tfacilities@acme.example\t"),
        "{received}"
    );
}

#[test]
fn starttls_against_the_relays_own_ca() {
    let sink = Sink::start(&["--tls"]);
    let m = compose(
        "desk@service.example",
        DEFAULT_TEMPLATE,
        &commitment(7),
        1_796_650_000,
    )
    .unwrap();
    send(
        &sink.server("SMTP_PORT", Security::StartTls),
        &m,
        Duration::from_secs(10),
    )
    .unwrap();
    sink.run(&["wait", r"\[#7\] Re:", "10"]);
    let json = sink.run(&["received", "--json"]);
    assert!(
        json.contains("\"tls\": true") || json.contains("\"tls\":true"),
        "{json}"
    );
}

#[test]
fn a_refusing_server_is_an_error_naming_it_and_nothing_arrives() {
    let sink = Sink::start(&[]);
    sink.run(&["fail", "on"]);
    let m = compose(
        "desk@service.example",
        DEFAULT_TEMPLATE,
        &commitment(9),
        1_796_650_000,
    )
    .unwrap();
    let e = send(
        &sink.server("SMTP_PORT", Security::Plain),
        &m,
        Duration::from_secs(10),
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(text.contains(sink.var("SMTP_HOST")), "{text}");
    assert!(text.contains("tried again"), "{text}");
    assert_eq!(sink.run(&["count"]).trim(), "0");
    sink.run(&["fail", "off"]);
    send(
        &sink.server("SMTP_PORT", Security::Plain),
        &m,
        Duration::from_secs(10),
    )
    .unwrap();
    assert_eq!(sink.run(&["count"]).trim(), "1");
}

/// A store with two jobs logged, and an acknowledgement of job 1 composed.
fn store_with_ack(dir: &std::path::Path) -> (std::path::PathBuf, Vec<u8>) {
    let db = dir.join("jobs.db");
    let cli = crate::common::cli::Cli::new(&db, "anna");
    cli.log_job("Globex", "P2", "Boiler down in east wing");
    cli.log_job("Initech", "P3", "Badge reader dead");
    let m = compose(
        "desk@service.example",
        DEFAULT_TEMPLATE,
        &commitment(1),
        1_796_650_000,
    )
    .unwrap();
    (db, m.formatted())
}

const ENVELOPE: (&str, &str) = ("desk@service.example", "facilities@acme.example");

#[test]
fn the_outbox_sends_once_per_job_and_tries_again_after_a_refusal() {
    let sink = Sink::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (db, message) = store_with_ack(dir.path());
    let store = slawatch_store::Store::open_existing(&db).unwrap();
    let now = 1_796_650_000;
    assert!(
        store
            .queue_mail(1, OutboxKind::Ack, ENVELOPE, &message, now)
            .unwrap()
    );
    // A second ingester of the same mail queues nothing more.
    assert!(
        !store
            .queue_mail(1, OutboxKind::Ack, ENVELOPE, &message, now)
            .unwrap()
    );
    let server = sink.server("SMTP_PORT", Security::Plain);
    let t = Duration::from_secs(10);

    sink.run(&["fail", "on"]);
    let round = deliver_due(&store, &server, now, t).unwrap();
    assert!(round.sent.is_empty());
    assert_eq!(round.failed.len(), 1, "{round:?}");
    let row = &store.outbox().unwrap()[0];
    assert_eq!((row.attempts, row.sent_at, row.due_at), (1, None, now + 60));
    assert!(
        row.last_error.as_deref().is_some_and(|e| e.contains("451")),
        "{row:?}"
    );
    // Not due yet: nothing is tried.
    sink.run(&["fail", "off"]);
    assert_eq!(
        deliver_due(&store, &server, now + 30, t).unwrap(),
        Round::default()
    );
    assert_eq!(sink.run(&["count"]).trim(), "0");
    // Due: sent, once.
    let round = deliver_due(&store, &server, now + 60, t).unwrap();
    assert_eq!(round.sent, vec![1]);
    assert_eq!(
        deliver_due(&store, &server, now + 3600, t).unwrap(),
        Round::default()
    );
    assert_eq!(sink.run(&["count"]).trim(), "1");
    let row = &store.outbox().unwrap()[0];
    assert_eq!((row.attempts, row.sent_at), (2, Some(now + 60)));
}

#[test]
fn two_senders_at_once_send_each_acknowledgement_once() {
    let sink = Sink::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (db, message) = store_with_ack(dir.path());
    let now = 1_796_650_000;
    {
        let store = slawatch_store::Store::open_existing(&db).unwrap();
        store
            .queue_mail(1, OutboxKind::Ack, ENVELOPE, &message, now)
            .unwrap();
        store
            .queue_mail(2, OutboxKind::Ack, ENVELOPE, &message, now)
            .unwrap();
    }
    let server = sink.server("SMTP_PORT", Security::Plain);
    let rounds: Vec<Round> = std::thread::scope(|s| {
        let senders: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let store = slawatch_store::Store::open_existing(&db).unwrap();
                    deliver_due(&store, &server, now, Duration::from_secs(10)).unwrap()
                })
            })
            .collect();
        senders.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut sent: Vec<i64> = rounds.iter().flat_map(|r| r.sent.clone()).collect();
    sent.sort_unstable();
    assert_eq!(sent, vec![1, 2], "{rounds:?}");
    assert_eq!(sink.run(&["count"]).trim(), "2");
}

#[test]
fn a_job_is_acknowledged_once_with_its_own_deadlines() {
    use slawatch::intake::outbox::{Acked, Settings, acknowledge};
    let sink = Sink::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let now = 1_796_650_000; // Mon 2026-12-07 13:26:40 UTC
    let cli = crate::common::cli::Cli::new(&db, "anna").at(now);
    cli.log_job("Globex", "P2", "Boiler down in east wing");
    let policy =
        slawatch::service::policy::load(std::path::Path::new(crate::common::example_policy().path)).unwrap();
    let store = slawatch_store::Store::open_existing(&db).unwrap();
    let settings = Settings {
        server: sink.server("SMTP_PORT", Security::Plain),
        from: "desk@service.example".to_owned(),
        template: DEFAULT_TEMPLATE.to_owned(),
    };
    let mail = (
        "facilities@globex.example",
        "Boiler down in east wing",
        Some("<b1@globex.example>"),
    );
    let t = Duration::from_secs(10);
    assert_eq!(
        acknowledge(&store, &policy, &settings, 1, mail, now, t).unwrap(),
        Acked::Sent
    );
    assert_eq!(
        acknowledge(&store, &policy, &settings, 1, mail, now + 5, t).unwrap(),
        Acked::AlreadyQueued,
        "a second ingester of the same mail sends nothing"
    );
    let file = sink.run(&["wait", r"\[#1\] Re: Boiler down", "10"]);
    let eml = std::fs::read_to_string(file.trim()).unwrap();
    // Globex P2 is the critical tier, 24x7 on a UTC calendar: respond in 30m, on site in
    // 2h, resolve in 4h from the log, in the calendar's zone.
    assert!(
        eml.contains("We will respond by Mon 2026-12-07 13:56 (UTC)."),
        "{eml}"
    );
    assert!(
        eml.contains("We will be on site by Mon 2026-12-07 15:26 (UTC)."),
        "{eml}"
    );
    assert!(
        eml.contains("We will resolve it by Mon 2026-12-07 17:26 (UTC)."),
        "{eml}"
    );
    assert_eq!(sink.run(&["count"]).trim(), "1");
}

#[test]
fn a_mail_made_job_is_acknowledged_to_its_sender_once_and_a_cc_copy_adds_none() {
    let sink = Sink::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("sla.toml");
    std::fs::write(
        &policy,
        format!(
            "{}\n[mail.acknowledge]\nsmtp = \"{}:{}\"\nsecurity = \"plain\"\nfrom = \"desk@service.example\"\n",
            crate::common::example_policy().text,
            sink.var("SMTP_HOST"),
            sink.var("SMTP_PORT")
        ),
    )
    .unwrap();
    let now = 1_796_650_000; // Mon 2026-12-07 13:26:40 UTC
    let cli = crate::common::cli::Cli::new(&dir.path().join("jobs.db"), "mail")
        .at(now)
        .policy(&policy);
    let mail = "Received: from mx.acme.example by mail.us.example; Mon, 07 Dec 2026 13:20:00 +0000\r\n\
From: Facilities <facilities@acme-holding.example>\r\nTo: service@us.example\r\n\
Subject: Boiler down in east wing\r\nMessage-ID: <boiler-7@acme-holding.example>\r\n\
Date: Mon, 07 Dec 2026 13:19:00 +0000\r\n\r\nNo heating since this morning.\r\n";
    let file = dir.path().join("m.eml");
    std::fs::write(&file, mail).unwrap();
    let first = cli.json(&["ingest", "mail", file.to_str().unwrap(), "--json"]);
    assert_eq!(first["outcome"], "created", "{first}");
    assert_eq!(first["acknowledgement"], "sent", "{first}");
    let job = first["job"].as_i64().unwrap();
    let eml = sink.run(&["wait", &format!(r"\[#{job}\] Re: Boiler down"), "10"]);
    let text = std::fs::read_to_string(eml.trim()).unwrap();
    assert!(text.contains("To: facilities@acme-holding.example"), "{text}");
    assert!(text.contains("We will respond by"), "{text}");
    assert!(
        text.contains("In-Reply-To: <boiler-7@acme-holding.example>"),
        "{text}"
    );
    // The same mail again (a CC'd copy, a re-delivery): no second job, no second mail.
    let again = cli.json(&["ingest", "mail", file.to_str().unwrap(), "--json"]);
    assert_eq!(again["outcome"], "duplicate", "{again}");
    assert!(again.get("acknowledgement").is_none(), "{again}");
    // Our own acknowledgement, fed back in (a loop): ignored.
    let looped = cli.json(&["ingest", "mail", eml.trim(), "--json"]);
    assert_eq!(looped["outcome"], "ignored", "{looped}");
    assert_eq!(sink.run(&["count"]).trim(), "1");
}
