//! The dispatcher's command line on a real SQLite file: every action, every refusal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

#[path = "common/cli.rs"]
mod cli;
use cli::{Cli, EXAMPLE};

struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("jobs.db")
    }

    fn run(&self, args: &[&str]) -> Output {
        Cli::new(&self.db(), "anna").output(args)
    }

    fn ok(&self, args: &[&str]) -> String {
        Cli::new(&self.db(), "anna").ok(args)
    }

    fn json(&self, args: &[&str]) -> Value {
        Cli::new(&self.db(), "anna").json(args)
    }

    /// Exit 2, the message on stderr contains `msg`, and no event was written.
    fn refused(&self, args: &[&str], msg: &str) {
        let before = self.events();
        Cli::new(&self.db(), "anna").refused(args, msg);
        assert_eq!(self.events(), before, "{args:?} wrote an event");
    }

    fn events(&self) -> i64 {
        if !self.db().exists() {
            return 0;
        }
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    }
}

fn hours_ago(h: i64) -> String {
    slawatch_core::time::instant::rfc3339(slawatch::service::clock::now() - h * 3600, &chrono_tz::UTC)
}

#[test]
fn a_job_from_logging_to_resolution() {
    let d = Desk::new();
    let at = hours_ago(3);
    let logged = d.json(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P2",
        "--type",
        "malfunction",
        "--summary",
        "Pump tripping",
        "--site",
        "Plant 2",
        "--tech",
        "jan",
        "--at",
        &at,
        "--json",
    ]);
    assert_eq!(logged["id"], 1);
    assert_eq!(logged["job"]["tier"], "priority");
    assert_eq!(logged["job"]["contract"], "ACME-2026");
    assert_eq!(logged["clocks"].as_array().unwrap().len(), 3);
    let text = d.ok(&["respond", "1", "--note", "called back"]);
    assert!(text.contains("Job 1 responded by anna"), "{text}");
    d.ok(&["assign", "1", "--to", "maria"]);
    d.ok(&["attend", "1"]);
    d.ok(&[
        "pause",
        "1",
        "--reason",
        "waiting on customer",
        "--note",
        "needs approval",
    ]);
    let paused = d.json(&["show", "1", "--json"]);
    assert_eq!(paused["job"]["status"], "paused");
    let resolve = paused["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == "resolve")
        .unwrap()
        .clone();
    assert_eq!(resolve["state"], "paused");
    assert_eq!(resolve["paused_for"], "waiting on customer");
    d.ok(&["resume", "1"]);
    d.ok(&["note", "1", "replaced the impeller"]);
    d.ok(&["escalate", "1", "--note", "customer chasing"]);
    // Level 1 is the dispatch lead's: the on-call manager may not acknowledge it.
    Cli::new(&d.db(), "maria").refused(
        &["ack", "1", "--note", "on it"],
        "needs the role dispatch; maria has only oncall",
    );
    Cli::new(&d.db(), "jan").ok(&["ack", "1", "--note", "on it"]);
    d.ok(&["resolve", "1"]);
    let shown = d.json(&["show", "1", "--json"]);
    assert_eq!(shown["job"]["status"], "resolved");
    assert_eq!(shown["job"]["technician"], "maria");
    assert_eq!(shown["job"]["acked_level"], 1);
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "created",
            "responded",
            "assigned",
            "attended",
            "paused",
            "resumed",
            "note",
            "escalated",
            "acknowledged",
            "resolved"
        ]
    );
    let actors: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(actors[8], "jan");
    // The resolve event carries the outcome of the clock it stopped.
    let outcomes = &shown["events"][9]["data"]["outcomes"];
    assert_eq!(outcomes[0]["clock"], "resolve");
    let timeline = d.ok(&["show", "1"]);
    assert!(
        timeline.contains("paused: waiting on customer — needs approval"),
        "{timeline}"
    );
    assert!(timeline.contains("assigned to maria"), "{timeline}");
    d.ok(&["reopen", "1", "--note", "came back"]);
    assert_eq!(d.json(&["show", "1", "--json"])["job"]["status"], "open");
    let verify = d.ok(&["verify"]);
    assert!(
        verify.contains("ok — 11 events in an unbroken chain, 1 job agrees with its events"),
        "{verify}"
    );
}

#[test]
fn logging_refusals_write_nothing() {
    let d = Desk::new();
    d.refused(
        &[
            "log",
            "--customer",
            "Acme Corp",
            "--priority",
            "P9",
            "--summary",
            "x",
        ],
        "unknown priority `P9`",
    );
    d.refused(
        &[
            "log",
            "--customer",
            "Acme Corp",
            "--priority",
            "P1",
            "--summary",
            "  ",
        ],
        "the summary is empty",
    );
    d.refused(
        &[
            "log",
            "--customer",
            "Acme Corp",
            "--priority",
            "P1",
            "--summary",
            "x",
            "--at",
            "2099-01-01 10:00",
        ],
        "is in the future",
    );
    d.refused(
        &[
            "log",
            "--customer",
            "Acme Corp",
            "--priority",
            "P1",
            "--summary",
            "x",
            "--contract",
            "GLOBEX-GOLD",
        ],
        "belongs to `Globex`",
    );
    // A policy without default_tier refuses a customer without a contract.
    let strict = d.dir.path().join("strict.toml");
    let text = std::fs::read_to_string(EXAMPLE)
        .unwrap()
        .replace("default_tier = \"standard\"\n", "");
    std::fs::write(&strict, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_slawatch"))
        .args([
            "--policy",
            strict.to_str().unwrap(),
            "log",
            "--customer",
            "Nobody BV",
            "--priority",
            "P1",
            "--summary",
            "x",
        ])
        .env("SLAWATCH_DB", d.db())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("customer `Nobody BV` has no contract in force"));
    assert_eq!(d.events(), 0);
}

#[test]
fn illegal_transitions_are_refused_with_the_reason() {
    let d = Desk::new();
    d.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P3",
        "--summary",
        "Door stuck",
        "--at",
        &hours_ago(2),
    ]);
    d.refused(&["resume", "1"], "job 1 is not paused");
    d.refused(&["reopen", "1"], "job 1 is not resolved");
    d.refused(&["ack", "1"], "has not been escalated");
    d.refused(
        &["attend", "1", "--at", &hours_ago(3)],
        "--at must not be earlier",
    );
    d.refused(
        &["respond", "1", "--at", "2099-01-01T00:00:00Z"],
        "is in the future",
    );
    d.refused(
        &["pause", "1", "--reason", "lunch"],
        "unknown pause reason `lunch` — use one of: waiting on customer",
    );
    d.refused(&["respond", "42"], "job 42 does not exist");
    d.ok(&["respond", "1"]);
    d.refused(&["respond", "1"], "job 1 was already responded to by anna");
    d.ok(&["pause", "1", "--reason", "no site access"]);
    d.refused(
        &["pause", "1", "--reason", "no site access"],
        "already paused (no site access)",
    );
    d.ok(&["resolve", "1"]);
    d.refused(&["resolve", "1"], "job 1 was already resolved by anna");
    d.refused(&["attend", "1"], "reopen it first");
    d.refused(&["note", "1", " "], "the note is empty");
    d.ok(&["reopen", "1"]);
    d.ok(&["escalate", "1", "--level", "2"]);
    d.refused(&["escalate", "1", "--level", "1"], "already escalated to level 2");
    // Escalating and acknowledging need a role of the policy's chain (issue 7: who may
    // do what); the refusal names the role and who holds it.
    d.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P3",
        "--summary",
        "Gate",
    ]);
    let before = d.events();
    let err = Cli::new(&d.db(), "bob").refused(
        &["escalate", "2"],
        "escalating to level 1 (Dispatch lead) needs the role dispatch or oncall; bob has no role",
    );
    assert!(err.contains("ask anna or jan or demo or maria"), "{err}");
    assert_eq!(d.events(), before, "a refused escalation wrote an event");
    let maria = Cli::new(&d.db(), "maria");
    maria.ok(&["escalate", "2", "--level", "1"]);
    maria.refused(&["ack", "2"], "needs the role dispatch; maria has only oncall");
    d.ok(&["ack", "2"]);
    d.refused(
        &["reprioritize", "1", "--priority", "P3"],
        "already has priority P3",
    );
}

#[test]
fn reprioritize_rematches_the_tier_and_keeps_the_start() {
    let d = Desk::new();
    let at = hours_ago(1);
    d.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P3",
        "--summary",
        "Camera offline",
        "--at",
        &at,
    ]);
    assert_eq!(d.json(&["show", "1", "--json"])["job"]["tier"], "priority");
    let out = d.json(&["reprioritize", "1", "--priority", "P1", "--json"]);
    assert_eq!(out["job"]["tier"], "critical");
    assert_eq!(out["job"]["priority"], "P1");
    // Critical: respond 30m on 24x7 from the original logging time, an hour ago → breached.
    let respond = out["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == "respond")
        .unwrap()
        .clone();
    assert_eq!(respond["state"], "breached");
    let shown = d.ok(&["show", "1"]);
    assert!(shown.contains("priority P3 → P1 (tier critical)"), "{shown}");
    d.ok(&["verify"]);
}

#[test]
fn list_sorts_most_overdue_first_and_filters() {
    let d = Desk::new();
    d.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P1",
        "--summary",
        "Fresh",
        "--tech",
        "jan",
    ]);
    d.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P1",
        "--summary",
        "Old",
        "--at",
        &hours_ago(5),
    ]);
    d.ok(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P1",
        "--summary",
        "Done",
        "--at",
        &hours_ago(1),
    ]);
    d.ok(&["resolve", "3"]);
    let list = d.json(&["list", "--json"]);
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [2, 1], "open only, most overdue first");
    assert_eq!(list[0]["state"], "breached");
    assert_eq!(list[0]["urgency"], "breached");
    let all = d.json(&["list", "--all", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    let mine = d.json(&["list", "--tech", "jan", "--json"]);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let breached = d.json(&["list", "--breached", "--json"]);
    assert_eq!(breached.as_array().unwrap().len(), 1);
    let text = d.ok(&["list"]);
    let first = text.lines().nth(1).unwrap();
    assert!(first.starts_with('✖') && first.contains("Old"), "{text}");
}

#[test]
fn import_keeps_good_rows_and_names_every_bad_one() {
    let d = Desk::new();
    let csv = d.dir.path().join("jobs.csv");
    std::fs::write(
        &csv,
        format!(
            "customer,priority,type,summary,tech,at\n\
             Acme Corp,P1,malfunction,Pump down,jan,{}\n\
             Acme Corp,P9,malfunction,Bad priority,,\n\
             Globex,P2,incident,,anna,\n\
             Globex,P2,incident,\"Gate B, readers offline\",anna,\n\
             Initech,P3,maintenance,Filters,,2099-01-01T00:00:00Z\n\
             Initech,P3,maintenance,Filters,,yesterday\n",
            hours_ago(2)
        ),
    )
    .unwrap();
    let out = d.run(&["import", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("Imported 2 jobs (ids 1–2)"), "{stdout}");
    let p = csv.display().to_string();
    for (line, why) in [
        (3, "unknown priority `P9`"),
        (4, "`summary` is empty"),
        (6, "is in the future"),
        (7, "`yesterday` is not a time"),
    ] {
        assert!(
            stderr.contains(&format!("{p}:{line}: rejected: ")) && stderr.contains(why),
            "line {line}: {stderr}"
        );
    }
    assert!(stderr.contains("4 rows rejected"), "{stderr}");
    let jobs = d.json(&["list", "--json"]);
    assert_eq!(jobs.as_array().unwrap().len(), 2);
    let jsonl = d.dir.path().join("more.jsonl");
    std::fs::write(
        &jsonl,
        "{\"customer\":\"Globex\",\"priority\":\"P4\",\"summary\":\"Badges\"}\n",
    )
    .unwrap();
    let rep = d.json(&["import", jsonl.to_str().unwrap(), "--json"]);
    assert_eq!(rep["imported"], 1);
    // A bad header imports nothing.
    let bad = d.dir.path().join("bad.csv");
    std::fs::write(&bad, "customer,prio,summary\nAcme Corp,P1,x\n").unwrap();
    d.refused(
        &["import", bad.to_str().unwrap()],
        "unknown column `prio` — did you mean `priority`?",
    );
}

#[test]
fn export_jobs_and_events() {
    let d = Desk::new();
    d.ok(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P1",
        "--summary",
        "=HYPERLINK(\"x\")",
    ]);
    d.ok(&["respond", "1"]);
    let csv = d.ok(&["export"]);
    assert!(csv.starts_with("id,customer,contract,priority"), "{csv}");
    assert!(csv.contains("'=HYPERLINK"), "formula neutralised: {csv}");
    let events = d.ok(&["export", "--events", "--format", "json"]);
    let lines: Vec<Value> = events.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["kind"], "responded");
    assert_eq!(lines[1]["prev_hash"], lines[0]["hash"]);
}

#[test]
fn policy_diff_lists_jobs_that_would_change() {
    let d = Desk::new();
    d.ok(&[
        "log",
        "--customer",
        "Initech",
        "--priority",
        "P3",
        "--summary",
        "Socket",
        "--at",
        &hours_ago(1),
    ]);
    d.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P1",
        "--summary",
        "Down",
        "--at",
        &hours_ago(1),
    ]);
    let new = d.dir.path().join("new.toml");
    let text = std::fs::read_to_string(EXAMPLE).unwrap().replace(
        "[tiers.standard]\ncalendar = \"office\"\nrespond = \"4h\"",
        "[tiers.standard]\ncalendar = \"office\"\nrespond = \"2h\"",
    );
    std::fs::write(&new, text).unwrap();
    let diff = d.json(&["policy", "diff", new.to_str().unwrap(), "--json"]);
    let arr = diff.as_array().unwrap();
    assert_eq!(arr.len(), 1, "{diff}");
    assert_eq!(arr[0]["job"], 1);
    assert!(
        arr[0]["changes"][0].as_str().unwrap().starts_with("respond due"),
        "{diff}"
    );
}

fn verify_code(db: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_slawatch"))
        .args(["verify"])
        .env("SLAWATCH_DB", db)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn verify_catches_an_event_edited_behind_slawatchs_back() {
    let d = Desk::new();
    d.ok(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P1",
        "--summary",
        "Pump",
        "--at",
        &hours_ago(2),
    ]);
    d.ok(&["respond", "1"]);
    d.ok(&["resolve", "1"]);
    assert_eq!(verify_code(&d.db()).0, Some(0));
    let c = rusqlite::Connection::open(d.db()).unwrap();
    // The schema refuses the edit…
    let err = c
        .execute("UPDATE events SET actor = 'mallory' WHERE id = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(
        c.execute("DELETE FROM events WHERE id = 3", [])
            .unwrap_err()
            .to_string()
            .contains("append-only")
    );
    // …so a forger drops the triggers first; verify still names the event.
    c.execute_batch("DROP TRIGGER events_no_update; UPDATE events SET at = at - 3600 WHERE id = 2;")
        .unwrap();
    drop(c);
    let (code, err) = verify_code(&d.db());
    assert_eq!(code, Some(1));
    assert!(
        err.contains("event 2 (job 1, responded): its content does not match its hash"),
        "{err}"
    );
}

#[test]
fn verify_catches_a_removed_event_and_a_stale_projection() {
    let d = Desk::new();
    d.ok(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P1",
        "--summary",
        "A",
        "--at",
        &hours_ago(2),
    ]);
    d.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P1",
        "--summary",
        "B",
        "--at",
        &hours_ago(2),
    ]);
    d.ok(&["respond", "1"]);
    d.ok(&["respond", "2"]);
    let c = rusqlite::Connection::open(d.db()).unwrap();
    c.execute_batch("DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 3;")
        .unwrap();
    drop(c);
    let (code, err) = verify_code(&d.db());
    assert_eq!(code, Some(1));
    assert!(
        err.contains("event 4 (job 2, responded): its prev_hash does not match"),
        "{err}"
    );
    assert!(
        err.contains("job 1: the jobs row disagrees with its events"),
        "{err}"
    );
}

#[test]
fn the_dashboard_refuses_a_missing_store_or_broken_policy_before_touching_the_terminal() {
    let d = Desk::new();
    // No store yet: exit 2, the reason on stderr, nothing at all on stdout (no escape codes).
    let out = d.run(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "the terminal was touched: {:?}",
        out.stdout
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no job store here"));
    d.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P1",
        "--summary",
        "x",
    ]);
    let broken = d.dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        std::fs::read_to_string(EXAMPLE)
            .unwrap()
            .replace("respond = \"30m\"", "respond = \"30x\""),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_slawatch"))
        .args(["--policy", broken.to_str().unwrap()])
        .env("SLAWATCH_DB", d.db())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.toml:") && err.contains("`30x`"), "{err}");
}

#[test]
fn quotes_and_sql_in_every_text_field_are_only_text() {
    let d = Desk::new();
    let evil = "Robert'); DROP TABLE jobs; -- \"x\" %_ \\ ' OR '1'='1";
    let out = d.ok(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P2",
        "--type",
        evil,
        "--asset",
        evil,
        "--site",
        evil,
        "--summary",
        evil,
        "--tech",
        evil,
    ]);
    assert!(out.contains("Logged job 1"), "{out}");
    d.ok(&["note", "1", evil]);
    d.ok(&["assign", "1", "--to", "jan"]);
    d.ok(&["assign", "1", "--to", evil]);
    d.ok(&["pause", "1", "--reason", "waiting on customer", "--note", evil]);
    d.ok(&["resume", "1", "--note", evil]);
    let shown = d.json(&["show", "1", "--json"]);
    assert_eq!(shown["job"]["summary"], evil);
    assert_eq!(shown["job"]["technician"], evil);
    assert_eq!(shown["job"]["site"], evil);
    // Searches with the text find it and nothing else; the store is whole.
    let listed = d.json(&["list", "--tech", evil, "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let none = d.json(&["list", "--customer", "' OR '1'='1", "--json"]);
    assert_eq!(none.as_array().unwrap().len(), 0);
    assert!(d.ok(&["verify"]).contains("unbroken chain"));
    let report = d.ok(&[
        "report",
        "--from",
        "2020-01-01",
        "--to",
        "2030-12-31",
        "--tech",
        evil,
        "--no-verify",
    ]);
    assert!(report.contains("1 jobs"), "{report}");
}
