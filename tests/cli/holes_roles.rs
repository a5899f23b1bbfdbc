//! Issue 15, escalation and roles: no way past the escalation chain, acknowledgement
//! only by the roles of the level a job is at, one identity whatever its case, and the
//! system's own name reserved. Each test failed on the binary before the issue.

use std::path::Path;

use crate::common::cli::Cli;
use crate::common::example_policy;

fn desk(dir: &Path) -> Cli {
    let anna = Cli::new(&dir.join("jobs.db"), "anna");
    anna.log_job("Acme Corp", "P2", "Pump tripping");
    anna
}

#[test]
fn escalate_stops_at_the_top_of_the_chain_and_names_each_level() {
    let dir = tempfile::tempdir().unwrap();
    let anna = desk(dir.path());
    // Before: "--level 9" was recorded on a two-level chain.
    let err = anna.refused(
        &["escalate", "1", "--level", "9"],
        "level 9 is not in the escalation chain",
    );
    assert!(err.contains("1 (Dispatch lead), 2 (On-call manager)"), "{err}");
    let out = anna.ok(&["escalate", "1"]);
    assert!(out.contains("escalated to level 1 (Dispatch lead)"), "{out}");
    let out = anna.ok(&["escalate", "1"]);
    assert!(out.contains("escalated to level 2 (On-call manager)"), "{out}");
    // Before: a third `escalate` went to level 3, which nobody is told of.
    anna.refused(&["escalate", "1"], "the top of the escalation chain");
    let show = anna.json(&["show", "1", "--json"]);
    assert_eq!(show["job"]["escalation_level"], 2, "{show}");
}

#[test]
fn without_a_chain_there_is_no_escalation() {
    let dir = tempfile::tempdir().unwrap();
    let text = example_policy().text;
    let start = text.find("[[escalation.levels]]").unwrap();
    // Drop every level (and the tiers' automatic escalations that name them).
    let mut cut = String::new();
    let mut skipping = false;
    for line in text[..].lines() {
        if line.starts_with("[[escalation.levels]]") {
            skipping = true;
            continue;
        }
        if skipping && line.starts_with('[') {
            skipping = false;
        }
        if !skipping && !line.trim_start().starts_with("escalate =") {
            cut.push_str(line);
            cut.push('\n');
        }
    }
    assert!(start > 0 && !cut.contains("\n[[escalation.levels]]"));
    let policy = dir.path().join("sla.toml");
    std::fs::write(&policy, cut).unwrap();
    let anna = Cli::new(&dir.path().join("jobs.db"), "anna").policy(&policy);
    let check = anna.output(&["policy", "check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    anna.log_job("Acme Corp", "P2", "x");
    anna.refused(&["escalate", "1", "--level", "3"], "defines no escalation chain");
}

/// A store that holds a job at level 9, written when the policy had nine levels.
fn job_at_an_undefined_level(dir: &Path) -> Cli {
    let mut text = example_policy().text.to_owned();
    text.push_str("\n[[escalation.levels]]\nlevel = 9\nname = \"Board\"\nnotify = [\"oncall\"]\n");
    let nine = dir.join("nine.toml");
    std::fs::write(&nine, text).unwrap();
    let anna = desk(dir);
    anna.clone().policy(&nine).ok(&["escalate", "1", "--level", "9"]);
    anna
}

#[test]
fn a_job_at_a_level_the_policy_no_longer_defines_needs_the_tops_role_to_acknowledge() {
    let dir = tempfile::tempdir().unwrap();
    let anna = job_at_an_undefined_level(dir.path());
    // Before: at an undefined level anyone could acknowledge.
    anna.user("nobody")
        .refused(&["ack", "1"], "needs the role oncall");
    anna.refused(&["ack", "1"], "needs the role oncall");
    anna.refused(&["escalate", "1"], "the top of the escalation chain");
    // verify says so (the record itself is sound: exit 0).
    let out = anna.output(&["verify"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("job 1 is at escalation level 9, which the policy does not define (1 (Dispatch lead), 2 (On-call manager)): it is treated as level 2 (On-call manager), the top"),
        "{err}"
    );
    let out = anna.user("maria").ok(&["ack", "1"]);
    assert!(out.contains("Job 1 acknowledged by maria"), "{out}");
}

#[test]
fn the_system_name_is_reserved_whatever_its_case() {
    let dir = tempfile::tempdir().unwrap();
    let anna = desk(dir.path());
    // Before: `--user slawatch resolve` was recorded as if slawatch had done it.
    for name in ["slawatch", "SlaWatch"] {
        anna.user(name).refused(&["resolve", "1"], "reserved");
        anna.user(name).refused(
            &[
                "log",
                "--customer",
                "Acme Corp",
                "--priority",
                "P2",
                "--summary",
                "x",
            ],
            "reserved",
        );
    }
    let c = rusqlite::Connection::open(dir.path().join("jobs.db")).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "only anna's log was written");
}

#[test]
fn a_user_is_one_identity_whatever_its_case() {
    let dir = tempfile::tempdir().unwrap();
    let anna = desk(dir.path());
    anna.ok(&["escalate", "1", "--level", "2"]);
    // Roles already matched ANNA to anna; the ack needs maria's role either way.
    anna.user("MARIA").ok(&["ack", "1"]);
}
