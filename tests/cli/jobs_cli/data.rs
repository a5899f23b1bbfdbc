//! Import, export, policy diff, verify, the dashboard's refusals before the terminal,
//! and text that is only text.

use super::*;

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
    let text = example_policy().text.to_owned().replace(
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
    let out = common::bin()
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
    // A missing store is no longer refused: the dashboard creates it so a first run can
    // log its first job (issue 16, e2e `first_run`). A broken policy still is.
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
        example_policy()
            .text
            .replace("respond = \"30m\"", "respond = \"30x\""),
    )
    .unwrap();
    let out = common::bin()
        .args(["--policy", broken.to_str().unwrap()])
        .env("SLAWATCH_DB", d.db())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.toml:") && err.contains("`30x`"), "{err}");
}

/// A first run with a broken policy is refused before the dashboard creates its store:
/// no empty store is left behind.
#[test]
fn a_first_run_with_a_broken_policy_leaves_no_store_behind() {
    let d = Desk::new();
    let broken = d.dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        example_policy()
            .text
            .replace("respond = \"30m\"", "respond = \"30x\""),
    )
    .unwrap();
    let out = common::bin()
        .args(["--policy", broken.to_str().unwrap()])
        .env("SLAWATCH_DB", d.db())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.toml:") && err.contains("`30x`"), "{err}");
    assert!(!d.db().exists(), "an empty store was left behind");
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
