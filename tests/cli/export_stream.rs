//! `export` through the binary: the event log comes out with each event's data exactly as
//! stored, so anyone can check the chain from the export alone, in CSV and JSON lines;
//! jobs and events come out in id order with the date range applied.

use serde_json::Value;
use serde_json::value::RawValue;
use slawatch_core::job::{GENESIS, event_hash};

use crate::common::cli;
use cli::Cli;

const NOW: i64 = 1_795_000_000;

fn epoch(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp()
}

/// A store with several jobs, each with a few events of different kinds.
fn desk(dir: &std::path::Path) -> Cli {
    let cli = Cli::new(&dir.join("jobs.db"), "anna").at(NOW);
    for (i, customer) in ["Acme Corp", "Globex", "Initech"].iter().enumerate() {
        let at = slawatch_core::time::instant::rfc3339(NOW - 7200 + i as i64 * 600, &chrono_tz::UTC);
        cli.ok(&[
            "log",
            "--customer",
            customer,
            "--priority",
            "P2",
            "--summary",
            "Pump tripping",
            "--at",
            &at,
        ]);
    }
    cli.ok(&["respond", "1", "--note", "on it"]);
    cli.ok(&["pause", "2", "--reason", "waiting on customer"]);
    cli.ok(&["assign", "3", "--to", "jan"]);
    cli.ok(&["resolve", "1"]);
    cli
}

/// An event as read back from an export, times as epoch seconds.
#[derive(Debug, PartialEq)]
struct Exported {
    id: i64,
    job: i64,
    kind: String,
    at: i64,
    recorded_at: i64,
    actor: String,
    data: String,
    prev_hash: String,
    hash: String,
}

/// Checks the chain the way `verify` does, from exported fields alone.
fn check_chain(events: &[Exported]) {
    let mut prev = GENESIS.to_owned();
    for e in events {
        assert_eq!(e.prev_hash, prev, "event {}: links to the one before", e.id);
        let again = event_hash(
            &e.prev_hash,
            e.job,
            &e.kind,
            e.at,
            e.recorded_at,
            &e.actor,
            &e.data,
        );
        assert_eq!(
            again, e.hash,
            "event {} ({}): its hash from the exported fields",
            e.id, e.kind
        );
        prev.clone_from(&e.hash);
    }
}

/// The events of a JSON-lines export; the data as the hash covers it: `data_text` where
/// the line has one (the terminal escapes changed the stored bytes), else `data` verbatim.
fn from_json_lines(text: &str) -> Vec<Exported> {
    #[derive(serde::Deserialize)]
    struct Raw<'a> {
        #[serde(borrow)]
        data: &'a RawValue,
        data_text: Option<String>,
    }
    text.lines()
        .map(|line| {
            let raw: Raw = serde_json::from_str(line).unwrap();
            let v: Value = serde_json::from_str(line).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_owned();
            Exported {
                id: v["id"].as_i64().unwrap(),
                job: v["job"].as_i64().unwrap(),
                kind: s("kind"),
                at: epoch(&s("at")),
                recorded_at: epoch(&s("recorded_at")),
                actor: s("actor"),
                data: raw.data_text.unwrap_or_else(|| raw.data.get().to_owned()),
                prev_hash: s("prev_hash"),
                hash: s("hash"),
            }
        })
        .collect()
}

#[test]
fn the_exported_event_log_proves_its_own_chain() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());

    let events = from_json_lines(&cli.ok(&["export", "--events", "--format", "json"]));
    assert_eq!(events.len(), 7, "three logged, four actions");
    assert_eq!(
        events.iter().map(|e| e.id).collect::<Vec<_>>(),
        (1..=7).collect::<Vec<_>>(),
        "in log order"
    );
    check_chain(&events);

    let csv_text = cli.ok(&["export", "--events"]);
    let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
    let from_csv: Vec<_> = rd
        .records()
        .map(|r| {
            let r = r.unwrap();
            Exported {
                id: r[0].parse().unwrap(),
                job: r[1].parse().unwrap(),
                kind: r[2].to_owned(),
                at: epoch(&r[3]),
                recorded_at: epoch(&r[4]),
                actor: r[5].to_owned(),
                data: r[6].to_owned(),
                prev_hash: r[7].to_owned(),
                hash: r[8].to_owned(),
            }
        })
        .collect();
    assert_eq!(from_csv, events, "CSV and JSON lines carry the same fields");
}

#[test]
fn a_date_range_selects_jobs_by_logging_time_and_events_by_their_time() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    // Jobs logged at NOW-7200, NOW-6600, NOW-6000: the range holds the second only.
    let from = slawatch_core::time::instant::rfc3339(NOW - 6700, &chrono_tz::UTC);
    let to = slawatch_core::time::instant::rfc3339(NOW - 6100, &chrono_tz::UTC);
    let jobs = cli.ok(&["export", "--format", "json", "--from", &from, "--to", &to]);
    let ids: Vec<i64> = jobs
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [2]);
    let csv_jobs = cli.ok(&["export", "--from", &from, "--to", &to]);
    assert_eq!(csv_jobs.lines().count(), 2, "header and job 2: {csv_jobs}");
    assert!(
        csv_jobs.lines().nth(1).unwrap().starts_with("2,Globex,"),
        "{csv_jobs}"
    );
    // Events: only the created event of job 2 happened in that range.
    let events = cli.ok(&[
        "export", "--events", "--format", "json", "--from", &from, "--to", &to,
    ]);
    let kinds: Vec<(i64, String)> = events
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["job"].as_i64().unwrap(), v["kind"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(kinds, [(2, "created".to_owned())]);
}

/// Notes with characters a terminal acts on or hides: the export escapes them, the
/// JSON lines still prove the chain (through `data_text`), and the CSV's data cell still
/// means the stored JSON.
#[test]
fn escaped_text_still_proves_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let evil = "zero\u{200b}width, right-to-left \u{202e}mark, C1 \u{9b}31m and DEL \u{7f}";
    cli.ok(&["note", "2", evil]);
    let text = cli.ok(&["export", "--events", "--format", "json"]);
    for c in ['\u{200b}', '\u{202e}', '\u{9b}', '\u{7f}'] {
        assert!(!text.contains(c), "{c:?} reached the output");
    }
    let events = from_json_lines(&text);
    assert_eq!(events.len(), 8);
    let note = events.last().unwrap();
    assert!(
        note.data.contains(evil),
        "data_text is the stored text: {}",
        note.data
    );
    check_chain(&events);

    let csv_text = cli.ok(&["export", "--events"]);
    let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
    let last = rd.records().last().unwrap().unwrap();
    let data: Value = serde_json::from_str(&last[6]).unwrap();
    assert_eq!(data["text"], evil);
}

/// A row added behind slawatch's back (the triggers stop changes, not inserts) with line
/// breaks in its data: each event is still one JSON line, its data the stored text.
#[test]
fn an_inserted_row_with_line_breaks_stays_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let odd = "{\n  \"text\": \"added by hand\"\r\n}";
    {
        let c = rusqlite::Connection::open(dir.path().join("jobs.db")).unwrap();
        c.execute(
            "INSERT INTO events (job, kind, at, recorded_at, actor, data, prev_hash, hash)
             VALUES (1, 'note', ?1, ?1, 'mallory', ?2, 'x', 'y')",
            rusqlite::params![NOW, odd],
        )
        .unwrap();
    }
    let text = cli.ok(&["export", "--events", "--format", "json"]);
    assert!(!text.contains('\r'), "no bare carriage return");
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 8);
    assert_eq!(lines[7]["data"], odd);
}
