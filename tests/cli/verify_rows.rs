//! `verify` rebuilds every field of every job row from its events: reports read the
//! rows, so a row edited behind slawatch's back (another customer, a breach turned into
//! "met" in the clock log) must be caught and named, while a store slawatch wrote through
//! every kind of event passes.

use crate::common::cli;

use cli::Cli;

/// 2026-11-20T12:00:00Z, a Friday.
const NOW: i64 = 1_795_694_400;

fn at(hours_before: i64) -> String {
    chrono::DateTime::from_timestamp(NOW - hours_before * 3600, 0)
        .unwrap()
        .to_rfc3339()
}

/// A store whose jobs went through every event that changes a row.
fn worked_store(dir: &std::path::Path) -> Cli {
    let cli = Cli::new(&dir.join("jobs.db"), "anna").at(NOW);
    let log = |args: &[&str]| {
        let mut all = vec!["log", "--at"];
        let when = at(30);
        all.push(&when);
        all.extend_from_slice(args);
        cli.ok(&all);
    };
    log(&[
        "--customer",
        "Acme Corp",
        "--priority",
        "P2",
        "--type",
        "malfunction",
        "--asset",
        "PUMP-7",
        "--site",
        "Plant 2",
        "--contract",
        "ACME-2026",
        "--summary",
        "Pump down",
        "--tech",
        "jan",
    ]);
    log(&[
        "--customer",
        "Globex",
        "--priority",
        "P3",
        "--summary",
        "Door sensor",
    ]);
    log(&[
        "--customer",
        "Initech",
        "--priority",
        "P1",
        "--type",
        "maintenance",
        "--summary",
        "Filter",
    ]);
    let step = |args: &[&str], hours_before: i64| {
        let when = at(hours_before);
        let mut all = args.to_vec();
        all.extend_from_slice(&["--at", &when]);
        cli.ok(&all);
    };
    step(&["respond", "1", "--note", "on it"], 29);
    step(&["pause", "1", "--reason", "waiting on customer"], 28);
    step(&["resume", "1"], 27);
    step(&["reprioritize", "1", "--priority", "P1"], 26);
    step(
        &["reprioritize", "2", "--priority", "P2", "--type", "malfunction"],
        26,
    );
    step(&["assign", "2", "--to", "maria"], 25);
    step(&["escalate", "2", "--level", "2"], 24);
    cli.user("maria").ok(&["ack", "2", "--at", &at(23)]);
    step(&["note", "3", "parts ordered"], 22);
    step(&["attend", "1"], 21);
    step(&["resolve", "1"], 20);
    step(&["reopen", "1"], 19);
    step(&["resolve", "1", "--note", "fixed for good"], 18);
    step(&["pause", "3", "--reason", "waiting for parts"], 17);
    cli
}

fn verify(cli: &Cli) -> (Option<i32>, String) {
    let out = cli.output(&["verify"]);
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
fn a_store_written_through_every_kind_of_event_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let cli = worked_store(dir.path());
    let (code, out) = verify(&cli);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("3 jobs agree with their events"), "{out}");
}

#[test]
fn every_field_a_report_reads_is_checked_against_the_events() {
    // (the edit, the job, what verify must name)
    let edits = [
        (
            "UPDATE jobs SET customer = 'Globex' WHERE id = 1",
            1,
            "customer: \"Globex\" → \"Acme Corp\"",
        ),
        (
            "UPDATE jobs SET contract = NULL WHERE id = 1",
            1,
            "contract: None → Some(\"ACME-2026\")",
        ),
        (
            "UPDATE jobs SET tier = 'planned' WHERE id = 1",
            1,
            "tier: \"planned\" → \"critical\"",
        ),
        (
            "UPDATE jobs SET type = 'service' WHERE id = 2",
            2,
            "type: Some(\"service\")",
        ),
        (
            "UPDATE jobs SET asset = 'GEN-1' WHERE id = 1",
            1,
            "asset: Some(\"GEN-1\")",
        ),
        (
            "UPDATE jobs SET site = NULL WHERE id = 1",
            1,
            "site: None → Some(\"Plant 2\")",
        ),
        (
            "UPDATE jobs SET summary = 'nothing' WHERE id = 3",
            3,
            "summary: \"nothing\" → \"Filter\"",
        ),
        (
            "UPDATE jobs SET technician = 'jan' WHERE id = 2",
            2,
            "technician: Some(\"jan\") → Some(\"maria\")",
        ),
        (
            "UPDATE jobs SET created_at = created_at + 3600 WHERE id = 2",
            2,
            "created_at:",
        ),
        (
            "UPDATE jobs SET created_by = 'mallory' WHERE id = 3",
            3,
            "created_by: \"mallory\" → \"anna\"",
        ),
        (
            "UPDATE jobs SET windows = 'respond=9h' WHERE id = 3",
            3,
            "windows: \"respond=9h\"",
        ),
        (
            "UPDATE jobs SET policy_hash = 'x' WHERE id = 3",
            3,
            "policy_hash: \"x\"",
        ),
        (
            "UPDATE jobs SET escalated_at = NULL WHERE id = 2",
            2,
            "escalated_at: None",
        ),
        (
            "UPDATE jobs SET escalated_by = 'maria' WHERE id = 2",
            2,
            "escalated_by: Some(\"maria\") → Some(\"anna\")",
        ),
        (
            "UPDATE jobs SET pause_reason = 'no site access' WHERE id = 3",
            3,
            "pause_reason",
        ),
        (
            "UPDATE jobs SET clock_log = replace(clock_log, '\"reason\":\"waiting on customer\"', \
             '\"reason\":\"no site access\"') WHERE id = 1",
            1,
            "clock_log[1]: {\"k\":\"paused\"",
        ),
        (
            "UPDATE jobs SET clock_log = replace(clock_log, '\"from_priority\":\"P2\"', '\"from_priority\":\"P1\"') \
             WHERE id = 1",
            1,
            "\"k\":\"reprioritized\"",
        ),
    ];
    for (sql, job, named) in edits {
        let dir = tempfile::tempdir().unwrap();
        let cli = worked_store(dir.path());
        let c = rusqlite::Connection::open(&cli.db).unwrap();
        assert_eq!(c.execute(sql, []).unwrap(), 1, "{sql}: one row edited");
        drop(c);
        let (code, out) = verify(&cli);
        assert_eq!(code, Some(1), "{sql}: {out}");
        assert!(
            out.contains(&format!("job {job}: the jobs row disagrees with its events"))
                && out.contains(named),
            "{sql}: expected job {job} and `{named}` in:\n{out}"
        );
    }
}

#[test]
fn a_breach_turned_into_met_in_the_clock_log_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(&dir.path().join("jobs.db"), "anna").at(NOW);
    // Critical tier: respond within 30 minutes; responded after two hours.
    cli.ok(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P1",
        "--summary",
        "Flooded",
        "--at",
        &at(3),
    ]);
    cli.ok(&["respond", "1", "--at", &at(1)]);
    let c = rusqlite::Connection::open(&cli.db).unwrap();
    let log: String = c
        .query_row("SELECT clock_log FROM jobs WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert!(log.contains("\"state\":\"met_late\""), "{log}");
    c.execute(
        "UPDATE jobs SET clock_log = replace(clock_log, '\"state\":\"met_late\"', '\"state\":\"met\"')",
        [],
    )
    .unwrap();
    drop(c);
    let (code, out) = verify(&cli);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("\"state\":\"met\"") && out.contains("→") && out.contains("\"state\":\"met_late\""),
        "{out}"
    );
}

#[test]
fn rows_removed_at_either_end_or_all_are_each_named() {
    // Job ids are split into shares by the rows that exist: the events of removed rows past
    // the last one (or of all rows) must still be checked.
    for (sql, named) in [
        ("DELETE FROM jobs WHERE id IN (1, 3)", vec![1, 3]),
        ("DELETE FROM jobs", vec![1, 2, 3]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let cli = worked_store(dir.path());
        let c = rusqlite::Connection::open(&cli.db).unwrap();
        c.execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql};"))
            .unwrap();
        drop(c);
        let (code, out) = verify(&cli);
        assert_eq!(code, Some(1), "{sql}: {out}");
        for job in named {
            assert!(
                out.contains(&format!("job {job} has events but no row in jobs")),
                "{sql}: {out}"
            );
        }
    }
}
