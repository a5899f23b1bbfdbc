//! A job from logging to resolution, the refusals on the way, re-prioritising and listing.

use super::*;

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
    let text = example_policy().text.replace("default_tier = \"standard\"\n", "");
    std::fs::write(&strict, text).unwrap();
    let out = common::bin()
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
