//! Issue 15, evidence that holds: a store is tampered with behind slawatch's back (through
//! SQLite directly, the way someone with the file would) and `verify`, `verify --head`,
//! every report format and every export must show it or carry the head that exposes it.

use std::path::Path;

use crate::common::cli::Cli;
use crate::common::forger::rehash;
use rusqlite::Connection;
use slawatch_core::job::GENESIS;

/// 2026-11-20T12:00:00Z, a Friday.
const NOW: i64 = 1_795_694_400;

fn at(hours_before: i64) -> String {
    chrono::DateTime::from_timestamp(NOW - hours_before * 3600, 0)
        .unwrap()
        .to_rfc3339()
}

/// Three jobs logged through the binary, with a few actions on them.
fn desk(dir: &Path) -> Cli {
    let cli = Cli::new(&dir.join("jobs.db"), "anna").at(NOW);
    for (customer, prio) in [("Acme Corp", "P2"), ("Globex", "P3"), ("Initech", "P1")] {
        cli.ok(&[
            "log",
            "--at",
            &at(30),
            "--customer",
            customer,
            "--priority",
            prio,
            "--summary",
            "Pump down",
        ]);
    }
    cli.ok(&["respond", "1", "--at", &at(29)]);
    cli.ok(&["note", "2", "parts ordered", "--at", &at(28)]);
    cli.ok(&["respond", "3", "--at", &at(27)]);
    cli
}

fn open(cli: &Cli) -> Connection {
    Connection::open(&cli.db).unwrap()
}

/// `N:HASH` of the store as it is, read straight from the file.
fn head_of(cli: &Cli) -> String {
    let c = open(cli);
    let n: i64 = c
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    let h: String = c
        .query_row("SELECT hash FROM events ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap_or_else(|_| GENESIS.to_owned());
    format!("{n}:{h}")
}

fn drop_triggers(c: &Connection) {
    for t in ["events_no_update", "events_no_delete", "events_no_replace"] {
        c.execute_batch(&format!("DROP TRIGGER IF EXISTS {t}")).unwrap();
    }
}

/// The triggers as slawatch creates them, so only the tampering itself is left to find.
fn restore_triggers(c: &Connection) {
    for (_, _, sql) in slawatch_store::schema::APPEND_ONLY_TRIGGERS {
        c.execute_batch(sql).unwrap();
    }
}

/// Stdout and stderr of a run, with its exit code.
fn run(cli: &Cli, args: &[&str]) -> (Option<i32>, String) {
    let out = cli.output(args);
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn verify_prints_the_chain_head_to_publish() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let head = head_of(&cli);
    let out = cli.ok(&["verify"]);
    assert!(out.contains(&format!("chain head {head}")), "{out}");
    assert!(out.contains(&format!("slawatch verify --head {head}")), "{out}");
    let json = cli.json(&["verify", "--json"]);
    assert_eq!(json["head"], head.as_str(), "{json}");
}

#[test]
fn the_published_head_still_passes_with_more_events_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let head = head_of(&cli);
    cli.ok(&["respond", "2", "--at", &at(20)]);
    cli.ok(&["resolve", "1", "--at", &at(19)]);
    let (code, out) = run(&cli, &["verify", "--head", &head]);
    assert_eq!(code, Some(0), "{out}");
    let n = head.split(':').next().unwrap();
    assert!(out.contains(&format!("the first {n} events")), "{out}");
}

#[test]
fn removing_the_last_events_passes_verify_but_fails_the_published_head() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    cli.ok(&[
        "log",
        "--at",
        &at(10),
        "--customer",
        "Globex",
        "--priority",
        "P2",
        "--summary",
        "Last",
    ]);
    let head = head_of(&cli);
    // The last job goes entirely, its one event and its row: the chain left is unbroken.
    {
        let c = open(&cli);
        drop_triggers(&c);
        c.execute_batch("DELETE FROM events WHERE job = 4; DELETE FROM jobs WHERE id = 4;")
            .unwrap();
        restore_triggers(&c);
    }
    let (code, out) = run(&cli, &["verify"]);
    assert_eq!(code, Some(0), "no head to hold it to: {out}");
    let (code, out) = run(&cli, &["verify", "--head", &head]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("the store holds only 6 events"), "{out}");
    assert!(out.contains("removed since the head was published"), "{out}");
}

#[test]
fn an_edit_with_every_later_hash_recomputed_fails_the_published_head() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let head = head_of(&cli);
    let n: i64 = head.split(':').next().unwrap().parse().unwrap();
    {
        let c = open(&cli);
        drop_triggers(&c);
        c.execute(
            "UPDATE events SET data = replace(data, 'parts ordered', 'nothing ordered') WHERE id = 5",
            [],
        )
        .unwrap();
        rehash(&c);
        restore_triggers(&c);
    }
    let (code, out) = run(&cli, &["verify"]);
    assert_eq!(code, Some(0), "rehashed, the chain alone holds: {out}");
    let (code, out) = run(&cli, &["verify", "--head", &head]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains(&format!("event {n} hashes to ")), "{out}");
    assert!(
        out.contains(&format!("an event at or before {n} was changed")),
        "{out}"
    );
}

#[test]
fn a_malformed_head_is_bad_input_with_how_to_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    for bad in ["7", "x:abc", "7:zz", "-1:00", &format!("7:{}", "a".repeat(63))] {
        let err = cli.fails(&["verify", "--head", bad], 2);
        assert!(err.contains("N:HASH"), "{bad}: {err}");
    }
}

#[test]
fn dropped_append_only_triggers_fail_verify_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    open(&cli)
        .execute_batch("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;")
        .unwrap();
    let (code, out) = run(&cli, &["verify"]);
    assert_eq!(code, Some(1), "{out}");
    for t in ["events_no_update", "events_no_delete"] {
        assert!(out.contains(t), "{t}: {out}");
    }
    assert!(out.contains("changed silently"), "{out}");
    assert!(out.contains("CREATE TRIGGER"), "says how to restore it: {out}");
}

#[test]
fn insert_or_replace_cannot_overwrite_an_event() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let c = open(&cli);
    let err = c
        .execute(
            "INSERT OR REPLACE INTO events (id, job, kind, at, recorded_at, actor, data, prev_hash, hash)
             SELECT id, job, kind, at, recorded_at, 'mallory', data, prev_hash, hash FROM events WHERE id = 2",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let actor: String = c
        .query_row("SELECT actor FROM events WHERE id = 2", [], |r| r.get(0))
        .unwrap();
    assert_eq!(actor, "anna");
}

#[test]
fn a_field_of_the_wrong_type_names_its_event() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    // A blob: a TEXT column would turn an integer into text on its own.
    {
        let c = open(&cli);
        c.execute_batch(
            "DROP TRIGGER events_no_update;
             UPDATE events SET data = x'7b7d' WHERE id = 4;
             CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                 BEGIN SELECT RAISE(ABORT, 'events are append-only: they cannot be changed'); END;",
        )
        .unwrap();
    }
    let (code, out) = run(&cli, &["verify"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(!out.contains("Invalid type"), "{out}");
    assert!(out.contains("event 4 (job 1"), "{out}");
    assert!(out.contains("data"), "names the field: {out}");
}

#[test]
fn every_report_format_carries_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let head = head_of(&cli);
    let range = ["report", "--from", "2026-11-01", "--to", "2026-11-30"];
    for format in ["table", "md", "html"] {
        let mut args = range.to_vec();
        args.extend(["--format", format]);
        let out = cli.ok(&args);
        assert!(out.contains(&format!("chain head {head}")), "{format}: {out}");
        assert!(out.contains("verify --head"), "{format}: {out}");
    }
    let mut args = range.to_vec();
    args.extend(["--format", "json"]);
    let json = cli.json(&args);
    assert_eq!(json["evidence"]["chain_head"], head.as_str(), "{json}");
    for section in ["summary", "breaches", "credits"] {
        let mut args = range.to_vec();
        args.extend(["--format", "csv", "--section", section]);
        let out = cli.ok(&args);
        let mut rd = csv::Reader::from_reader(out.as_bytes());
        let col = rd
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "chain_head")
            .unwrap_or_else(|| panic!("{section}: no chain_head column: {out}"));
        for r in rd.records() {
            assert_eq!(&r.unwrap()[col], head.as_str(), "{section}");
        }
    }
}

#[test]
fn every_export_carries_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let head = head_of(&cli);
    for events in [false, true] {
        let mut args = vec!["export"];
        if events {
            args.push("--events");
        }
        let out = cli.ok(&args);
        let mut rd = csv::Reader::from_reader(out.as_bytes());
        let col = rd
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "chain_head")
            .unwrap_or_else(|| panic!("no chain_head column: {out}"));
        let mut rows = 0;
        for r in rd.records() {
            assert_eq!(&r.unwrap()[col], head.as_str());
            rows += 1;
        }
        assert!(rows > 0);
        args.extend(["--format", "json"]);
        let out = cli.ok(&args);
        for line in out.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["chain_head"], head.as_str(), "{line}");
        }
    }
}
