//! One date style across the dashboard and the command line (issue 16): people read
//! `Sun 13:30` (the date as well beyond six days) in the policy's display zone, as the
//! dashboard writes them; scripts read RFC 3339 in every `--json`.

use crate::common::cli::{Cli, policy_with_notify};

/// 2026-11-15 12:00 UTC, a Sunday: 13:00 in the example policy's Europe/Amsterdam.
const NOV_15: i64 = 1_794_744_000;
const DAY: i64 = 86_400;

/// The words of `text` that are RFC 3339 instants (the machine form people should not
/// have to read).
fn rfc3339_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| chrono::DateTime::parse_from_rfc3339(w).is_ok())
        .map(str::to_owned)
        .collect()
}

#[test]
fn log_and_show_name_deadlines_as_the_dashboard_does() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "alice").at(NOV_15);
    let logged = c.log_job("Globex", "P1", "x");
    assert!(logged.contains("due Sun 13:30"), "{logged}");
    assert!(rfc3339_words(&logged).is_empty(), "{logged}");
    let shown = c.ok(&["show", "1"]);
    assert!(shown.contains("due Sun 13:30"), "{shown}");
    assert!(rfc3339_words(&shown).is_empty(), "{shown}");
    // More than six days away, the date is named as well.
    let later = c.clone().at(NOV_15 + 10 * DAY).ok(&["show", "1"]);
    assert!(later.contains("due Sun 2026-11-15 13:30"), "{later}");
}

#[test]
fn an_action_says_when_in_the_dashboard_style() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "alice").at(NOV_15);
    c.log_job("Globex", "P1", "x");
    let out = c.clone().at(NOV_15 + 600).ok(&["respond", "1"]);
    assert!(out.contains("by alice at Sun 13:10;"), "{out}");
    assert!(out.contains("met at Sun 13:10"), "{out}");
    assert!(rfc3339_words(&out).is_empty(), "{out}");
}

#[test]
fn show_and_action_json_give_the_job_instants_in_rfc3339() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "alice").at(NOV_15);
    c.log_job("Globex", "P1", "x");
    let acted = c.clone().at(NOV_15 + 600).json(&["respond", "1", "--json"]);
    let shown = c.clone().at(NOV_15 + 700).json(&["show", "1", "--json"]);
    for v in [&acted, &shown] {
        let job = &v["job"];
        for k in ["created_at", "last_event_at", "responded_at"] {
            let s = job[k]
                .as_str()
                .unwrap_or_else(|| panic!("{k} is not a string: {job}"));
            assert!(chrono::DateTime::parse_from_rfc3339(s).is_ok(), "{k}: {s}");
        }
        assert!(job["attended_at"].is_null(), "{job}");
    }
    assert_eq!(shown["job"]["responded_at"], "2026-11-15T13:10:00+01:00");
}

#[test]
fn a_watch_line_says_which_alert_of_which_job_and_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let policy = policy_with_notify(dir.path(), "[notify]\ndesktop = false\nterminal = \"off\"");
    let c = Cli::new(&dir.path().join("jobs.db"), "anna")
        .policy(&policy)
        .at(NOV_15);
    c.log_job("Globex", "P1", "printer on fire");
    // 25 minutes into the 30-minute respond window: the 75% warning (late, at 90% too).
    let out = c.clone().at(NOV_15 + 25 * 60).ok(&["watch", "--once"]);
    let line = out
        .lines()
        .find(|l| l.contains("WARNING"))
        .unwrap_or_else(|| panic!("no warning line:\n{out}"));
    for want in [
        "Sun 2026-11-15 13:25",
        "#1 Globex",
        "respond",
        "due Sun 13:30",
        "printer on fire",
    ] {
        assert!(line.contains(want), "`{want}` missing: {line}");
    }
    assert!(rfc3339_words(&out).is_empty(), "{out}");
}
