//! Issue 15: mistakes taken back in the open (`revoke`) and duplicates cancelled
//! (`cancel`), both new events in the record, never an edit of it.

use std::path::Path;

use serde_json::Value;

use crate::common::cli::Cli;

/// Tue 2026-11-24 09:00 in Amsterdam: office hours on every calendar of the example.
const L: i64 = 1_795_507_200;
const MIN: i64 = 60;

fn at(dir: &Path, user: &str, t: i64) -> Cli {
    Cli::new(&dir.join("jobs.db"), user).at(t)
}

/// A critical job (Acme P1: respond, attend and resolve clocks) logged at `L`.
fn critical(dir: &Path) {
    at(dir, "anna", L).log_job("Acme Corp", "P1", "Chiller down");
}

fn clock<'a>(show: &'a Value, kind: &str) -> &'a Value {
    show["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == kind || c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} clock in {show}"))
}

#[test]
fn a_revoked_attend_leaves_the_attend_clock_running_with_the_time_it_really_ran() {
    let dir = tempfile::tempdir().unwrap();
    critical(dir.path());
    at(dir.path(), "jan", L + 10 * MIN).ok(&["attend", "1"]);
    let before = at(dir.path(), "jan", L + 10 * MIN).json(&["show", "1", "--json"]);
    assert_ne!(clock(&before, "attend")["state"], "running", "{before}");
    // Before issue 15 there was no way to take it back but an edit of the store.
    let out =
        at(dir.path(), "jan", L + 25 * MIN).ok(&["revoke", "1", "--event", "2", "--reason", "wrong job"]);
    assert!(out.contains("event 2 revoked by jan"), "{out}");
    let show = at(dir.path(), "jan", L + 25 * MIN).json(&["show", "1", "--json"]);
    let attend = clock(&show, "attend");
    assert_eq!(attend["state"], "running", "{show}");
    // It ran all along: 25 minutes of business time since logging, not 10.
    assert_eq!(attend["elapsed_seconds"].as_i64(), Some(25 * MIN), "{attend}");
    assert!(show["job"]["attended_at"].is_null(), "{show}");
    // The record keeps both: the attend, marked revoked, and the revocation.
    let events = show["events"].as_array().unwrap();
    assert_eq!(events[1]["kind"], "attended");
    assert_eq!(events[1]["revoked_by"], 3);
    assert_eq!(events[2]["kind"], "revoked");
    assert_eq!(events[2]["data"]["event"], 2);
    assert_eq!(events[2]["data"]["reason"], "wrong job");
    let text = at(dir.path(), "jan", L + 25 * MIN).ok(&["show", "1"]);
    assert!(text.contains("REVOKED by jan (#3)"), "{text}");
    assert!(
        text.contains("revoked event 2 (attended by jan): wrong job"),
        "{text}"
    );
    // The chain and the replayed rows agree.
    at(dir.path(), "jan", L + 26 * MIN).ok(&["verify"]);
    // The report's evidence names the revocation, in every format.
    let range = ["report", "--from", "2026-11-01", "--to", "2026-12-01"];
    let table = at(dir.path(), "jan", L + 26 * MIN).ok(&range);
    assert!(
        table.contains("1 event taken back in the event log, the figures computed without it: job 1 event 2 (attended by jan at 2026-11-24T09:10:00+01:00) revoked by jan at 2026-11-24T09:25:00+01:00 (event 3): wrong job"),
        "{table}"
    );
    for format in ["md", "html"] {
        let out = at(dir.path(), "jan", L + 26 * MIN).ok(&[&range[..], &["--format", format]].concat());
        assert!(out.contains("revoked by jan"), "{format}: {out}");
    }
    let json = at(dir.path(), "jan", L + 26 * MIN).json(&[&range[..], &["--format", "json"]].concat());
    let c = &json["evidence"]["corrections"][0];
    assert_eq!(
        (c["job"].as_i64(), c["event"].as_i64(), c["kind"].as_str()),
        (Some(1), Some(2), Some("attended")),
        "{json}"
    );
    // Another customer's report does not list it.
    let other = at(dir.path(), "jan", L + 26 * MIN).ok(&[&range[..], &["--customer", "Globex"]].concat());
    assert!(!other.contains("taken back"), "{other}");
}

#[test]
fn who_may_revoke_what() {
    let dir = tempfile::tempdir().unwrap();
    critical(dir.path());
    at(dir.path(), "jan", L + 10 * MIN).ok(&["respond", "1"]);
    // Someone else's event: only a `revoke` role (oncall: maria).
    at(dir.path(), "anna", L + 12 * MIN).refused(
        &["revoke", "1", "--event", "2", "--reason", "x"],
        "recorded by jan, not by anna; that needs the role oncall — ask maria",
    );
    // One's own, after the window (15m in the example).
    at(dir.path(), "jan", L + 26 * MIN).refused(
        &["revoke", "1", "--event", "2", "--reason", "x"],
        "more than the policy's revoke_window (15m)",
    );
    at(dir.path(), "JAN", L + 26 * MIN)
        .refused(&["revoke", "1", "--event", "2", "--reason", "x"], "revoke_window");
    // The job's creation: cancel instead.
    at(dir.path(), "maria", L + 27 * MIN).refused(
        &["revoke", "1", "--event", "1", "--reason", "x"],
        "cancel the job instead",
    );
    at(dir.path(), "maria", L + 27 * MIN).refused(
        &["revoke", "1", "--event", "9", "--reason", "x"],
        "job 1 has no event 9",
    );
    at(dir.path(), "maria", L + 27 * MIN)
        .refused(&["revoke", "1", "--event", "2", "--reason", " "], "say why");
    at(dir.path(), "maria", L + 27 * MIN).ok(&[
        "revoke",
        "1",
        "--event",
        "2",
        "--reason",
        "no call was made",
    ]);
    at(dir.path(), "maria", L + 28 * MIN).refused(
        &["revoke", "1", "--event", "2", "--reason", "x"],
        "already revoked by maria",
    );
    at(dir.path(), "maria", L + 28 * MIN).refused(
        &["revoke", "1", "--event", "3", "--reason", "x"],
        "itself a revocation",
    );
}

#[test]
fn revocations_go_newest_first_where_events_build_on_each_other() {
    let dir = tempfile::tempdir().unwrap();
    critical(dir.path());
    let anna = |t: i64| at(dir.path(), "anna", t);
    anna(L + MIN).ok(&["resolve", "1"]);
    anna(L + 2 * MIN).ok(&["reopen", "1"]);
    anna(L + 3 * MIN).refused(
        &["revoke", "1", "--event", "2", "--reason", "x"],
        "event 3 (reopened by anna",
    );
    anna(L + 3 * MIN).ok(&[
        "revoke",
        "1",
        "--event",
        "3",
        "--reason",
        "reopened the wrong job",
    ]);
    let show = anna(L + 3 * MIN).json(&["show", "1", "--json"]);
    assert_eq!(show["job"]["status"], "resolved", "{show}");
    anna(L + 4 * MIN).ok(&["revoke", "1", "--event", "2", "--reason", "not fixed yet"]);
    let show = anna(L + 4 * MIN).json(&["show", "1", "--json"]);
    assert_eq!(show["job"]["status"], "open", "{show}");
    anna(L + 5 * MIN).ok(&["verify"]);
}

#[test]
fn a_cancelled_duplicate_leaves_the_queue_and_the_figures_and_can_be_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    critical(dir.path());
    critical(dir.path());
    let anna = |t: i64| at(dir.path(), "anna", t);
    anna(L + MIN).refused(&["cancel", "2", "--reason", ""], "say why the job is cancelled");
    let out = anna(L + MIN).ok(&["cancel", "2", "--reason", "duplicate of 1"]);
    assert!(out.contains("status cancelled"), "{out}");
    // Out of the queue, its clocks stopped, nothing more to do to it.
    let open = anna(L + 10 * 3600).json(&["list", "--json"]);
    let ids: Vec<i64> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1], "{open}");
    let show = anna(L + 10 * 3600).ok(&["show", "2"]);
    assert!(show.contains("cancelled by anna"), "{show}");
    assert!(show.contains("not judged: the job was cancelled"), "{show}");
    anna(L + 2 * MIN).refused(&["resolve", "2"], "was already cancelled by anna");
    anna(L + 2 * MIN).refused(&["reopen", "2"], "was already cancelled by anna");
    // The report counts it apart, not judged: job 1 breaches, job 2 does not.
    let report = anna(L + 10 * 3600).json(&[
        "report",
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-01",
        "--format",
        "json",
    ]);
    let text = report.to_string();
    assert_eq!(
        report["report"]["jobs"].as_i64().or(report["jobs"].as_i64()),
        Some(1),
        "{text}"
    );
    assert!(text.contains("\"cancelled\":[2]"), "{text}");
    let table = anna(L + 10 * 3600).ok(&["report", "--from", "2026-11-01", "--to", "2026-12-01"]);
    assert!(table.contains("1 cancelled job not judged"), "{table}");
    // Cancelled by mistake: revoked, it is back in the queue with its clocks.
    anna(L + 3 * MIN).ok(&[
        "revoke",
        "2",
        "--event",
        "3",
        "--reason",
        "not a duplicate after all",
    ]);
    let open = anna(L + 4 * MIN).json(&["list", "--json"]);
    assert_eq!(open.as_array().unwrap().len(), 2, "{open}");
    anna(L + 5 * MIN).ok(&["verify"]);
}
