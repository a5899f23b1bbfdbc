//! The dashboard's at-risk markers come from `slawatch forecast worst`, run as a child
//! process (so the history pass never swells the dashboard): it must say what
//! `list --at-risk` says, and the dashboard must show it.

use std::collections::HashMap;

use crate::common::cli;
use crate::common::tmux;

use crate::common::example_policy;
use cli::Cli;
use serde_json::Value;
use tmux::Tui;

/// 2026-11-20T12:00:00Z.
const NOW: i64 = 1_795_694_400;

fn demo_store(dir: &std::path::Path) -> Cli {
    let cli = Cli::new(&dir.join("jobs.db"), "anna").at(NOW);
    cli.ok(&["demo-data", "--jobs", "3000", "--days", "60"]);
    cli
}

#[test]
fn the_childs_answer_is_the_worst_of_list_at_risk_for_every_job() {
    let dir = tempfile::tempdir().unwrap();
    let cli = demo_store(dir.path());
    let outlook = cli.json(&["forecast", "worst"]);
    // The work queued per technician comes with it, for the technicians view.
    let queued = outlook["queued"].as_object().unwrap();
    assert!(
        !queued.is_empty(),
        "the demo's technicians have work queued: {outlook}"
    );
    assert!(queued.values().all(|s| s.as_i64().unwrap() >= 0), "{outlook}");
    let worst: HashMap<i64, &Value> = outlook["worst"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["job"].as_i64().unwrap(), f))
        .collect();
    let listed = cli.json(&["list", "--at-risk", "--json"]);
    let listed = listed.as_array().unwrap();
    assert!(
        listed.len() > 10,
        "the demo store has jobs at risk: {}",
        listed.len()
    );
    assert_eq!(worst.len(), listed.len(), "one forecast per job at risk");
    for job in listed {
        let id = job["id"].as_i64().unwrap();
        let f = worst
            .get(&id)
            .unwrap_or_else(|| panic!("job {id} at risk but not in the answer"));
        assert_eq!(f["at_risk"], true);
        // Each process's scripted clock starts at NOW when it starts and runs on: the
        // two commands judge a second or two apart, and an overrun grows with time.
        let (a, b) = (
            f["overrun"].as_i64().unwrap(),
            job["overrun_seconds"].as_i64().unwrap(),
        );
        assert!((a - b).abs() <= 2, "job {id}: the largest overrun: {a} vs {b}");
        // The clock `list --at-risk` names first is the one the dashboard shows.
        assert_eq!(
            job["at_risk"][0]["clock"], f["clock"],
            "job {id}: the clock named first"
        );
    }
}

#[test]
fn the_dashboard_shows_the_forecast_from_its_child_process() {
    let dir = tempfile::tempdir().unwrap();
    let cli = demo_store(dir.path());
    let at_risk = cli
        .json(&["list", "--at-risk", "--json"])
        .as_array()
        .unwrap()
        .len();
    assert!(at_risk > 10, "the demo store has jobs at risk: {at_risk}");
    let db = cli.db.to_str().unwrap().to_owned();
    let tui = Tui::start_with(
        "forecast-child",
        &[("SLAWATCH_USER", "anna"), ("SLAWATCH_NOW", &NOW.to_string())],
        &["--db", &db, "--policy", example_policy().path],
    );
    tui.wait(" open ", 30, "the dashboard's first screen");
    // `f`: only the jobs the forecast expects to breach — as many as `list --at-risk`.
    tui.keys(&["f"]);
    tui.wait(
        &format!("\\[at risk\\] +{at_risk} shown"),
        60,
        "the forecast's jobs, as many as list --at-risk names",
    );
}
