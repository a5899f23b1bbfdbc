//! `list` reads, judges and formats its jobs in one share per core: the shares together
//! must give every job once, in one order, the same in text and JSON.

use crate::common::cli;

use cli::Cli;
use serde_json::Value;

/// 2026-11-20T12:00:00Z.
const NOW: i64 = 1_795_694_400;

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|j| j["id"].as_i64().expect("an id"))
        .collect()
}

#[test]
fn every_open_job_is_listed_once_most_urgent_first_in_text_and_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cli = Cli::new(&dir.path().join("jobs.db"), "anna").at(NOW);
    cli.ok(&["demo-data", "--jobs", "3000", "--days", "30"]);

    let all = cli.json(&["list", "--all", "--json"]);
    let mut open_in_all: Vec<i64> = all
        .as_array()
        .expect("a JSON array")
        .iter()
        .filter(|j| j["status"] != "resolved")
        .map(|j| j["id"].as_i64().expect("an id"))
        .collect();
    assert!(
        open_in_all.len() > 100,
        "the demo store has open jobs to share out"
    );
    assert_eq!(ids(&all).len(), 3000, "--all lists every job once");

    let open = cli.json(&["list", "--open", "--json"]);
    let listed = ids(&open);
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    sorted.dedup();
    open_in_all.sort_unstable();
    assert_eq!(sorted, open_in_all, "each open job once, and only those");
    assert_eq!(sorted.len(), listed.len(), "no job twice");

    // Most urgent first (issue 16): by the business time left that DUE shows, the
    // furthest over first; then deadline (a clock without one, "never", after them);
    // jobs without a running clock last; ties by id.
    let key = |j: &Value| {
        let deadline = match (&j["clock"], j["deadline"].as_str()) {
            (Value::Null, _) => i64::MAX,
            (_, None) => i64::MAX - 1,
            (_, Some(d)) => chrono::DateTime::parse_from_rfc3339(d)
                .expect("an RFC 3339 deadline")
                .timestamp(),
        };
        let left = match &j["clock"] {
            Value::Null => i64::MAX,
            _ => j["remaining_seconds"].as_i64().expect("business seconds left"),
        };
        (left, deadline, j["id"].as_i64().expect("an id"))
    };
    let keys: Vec<(i64, i64, i64)> = open.as_array().expect("array").iter().map(key).collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "sorted by business time left, then deadline, then id"
    );

    // The text listing, formatted in shares, is the same jobs in the same order.
    let text = cli.ok(&["list", "--open"]);
    let text_ids: Vec<i64> = text
        .lines()
        .skip(1)
        .map(|l| {
            // Symbol (2), due (10), clock (8) and their gaps come first.
            let id: String = l.chars().skip(24).take(6).collect();
            id.trim()
                .parse()
                .unwrap_or_else(|_| panic!("a job id in columns 25-30: {l}"))
        })
        .collect();
    assert_eq!(text_ids, listed);
}
