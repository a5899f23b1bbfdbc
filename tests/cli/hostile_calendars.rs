//! Hostile calendars through the real binary: never open (a load error at its place),
//! open one minute a week (windows of days still compute), 10,000 holidays (load and
//! list stay quick; the figures are printed for RELIABILITY.md, never asserted).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::example_policy;
use crate::common::time_desk;
use time_desk::*;

/// `policy check` on `text`: exit 2 and the whole stderr.
fn check_fails(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sla.toml");
    std::fs::write(&p, text).unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "anna")
        .policy(&p)
        .command(&["policy", "check"]);
    let out = bounded(c, "policy check");
    assert_eq!(out.status.code(), Some(2), "{text}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn calendars_that_are_never_open_are_load_errors_at_their_place() {
    // Only a time zone; all days empty and a holiday; only a closed special day.
    for body in [
        "",
        "mon = []\nholidays = [\"2026-12-25\"]",
        "special = [{ date = \"2026-12-01\", hours = [] }]",
    ] {
        let err = check_fails(&policy_text(body));
        assert!(
            err.contains(
                "sla.toml:4:12: calendar `c` is never open, so no deadline on it could ever be reached"
            ),
            "{body}: {err}"
        );
        assert!(
            err.contains("add opening hours like mon = [\"08:00-17:00\"]"),
            "{err}"
        );
    }
    // Open on two dates only: after the last, no deadline could be reached.
    let err = check_fails(&policy_text(
        "special = [{ date = \"2026-12-01\", hours = [\"09:00-10:00\"] }, { date = \"2026-12-08\", hours = [\"09:00-10:00\"] }]",
    ));
    assert!(
        err.contains(
            "sla.toml:4:12: calendar `c` is open only on its special days, the last on 2026-12-08: \
             no deadline after that could ever be reached"
        ),
        "{err}"
    );
    // A store is never touched by a policy that does not load.
    let desk = Desk::new("");
    let out = desk.run_at(
        NOW,
        &["log", "--customer", "Acme", "--priority", "P1", "--summary", "x"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!desk.db().exists(), "a store was created under a broken policy");
}

#[test]
fn a_calendar_open_one_minute_a_week_still_computes() {
    let desk = Desk::new("mon = [\"09:00-09:01\"]");
    let started = Instant::now();
    // Monday 08:00: the minute at 09:00 is the first; 1h is 60 Mondays on.
    let out = desk.log_at("2026-11-30 08:00");
    assert!(
        out[1].contains("respond  1h     due Mon 2028-01-17 09:01"),
        "{out:?}"
    );
    // 2bd: the second business day after the start day closes at 09:01.
    assert!(
        out[2].contains("resolve  2bd    due Mon 2026-12-14 09:01"),
        "{out:?}"
    );
    let list = desk.ok_at("2026-12-05T10:00:00+01:00", &["list"]);
    assert!(list.contains("resolve"), "{list}");
    // A window beyond 2299 on such a calendar never comes due: said so, no countdown.
    let far = Desk::new("mon = [\"09:00-09:01\"]");
    std::fs::write(
        &far.policy,
        policy_text("mon = [\"09:00-09:01\"]").replace("respond = \"1h\"", "respond = \"300h\""),
    )
    .unwrap();
    let out = far.log_at("2026-11-30 08:00");
    assert_eq!(
        out[1].trim(),
        "respond  300h   due never (beyond 2299)  running",
        "{out:?}"
    );
    let list = far.ok(&["list", "--sort", "id"]);
    assert!(
        list.contains("resolve"),
        "the most urgent clock is the reachable one: {list}"
    );
    // The extremes of `calendar` on it end (beyond 2299) instead of searching forever.
    for args in [
        &[
            "add",
            "--calendar",
            "c",
            "--start",
            "1900-01-01 01:00",
            "--minutes",
            "6000000",
        ][..],
        &[
            "add",
            "--calendar",
            "c",
            "--start",
            "2299-12-25 00:00",
            "--business-days",
            "10000",
        ],
    ] {
        let mut v = vec!["calendar"];
        v.extend_from_slice(args);
        let out = desk.run_at(NOW, &v);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("beyond the year 2299"));
    }
    let minutes = desk.ok(&[
        "calendar",
        "elapsed",
        "--calendar",
        "c",
        "--from",
        "1900-01-01 01:00",
        "--to",
        "2299-12-31 00:00",
    ]);
    // One minute for each Monday of the 400 years.
    assert_eq!(minutes.trim(), "20871");
    eprintln!(
        "1-minute week: log, list and calendar extremes in {:?}",
        started.elapsed()
    );
}

/// The example policy with the office calendar's holidays replaced by `n` dates, two
/// weeks apart from 1900 on (a Monday, so half of them close an open day).
fn with_holidays(n: usize) -> String {
    let example = example_policy().text.to_owned();
    let start = example.find("holidays = [\n    { date = \"2026-12-25\"").unwrap();
    let end = start + example[start..].find("]\n").unwrap() + 2;
    let mut list = String::from("holidays = [\n");
    let first = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    for i in 0..n {
        let d = first + chrono::Duration::days(14 * i as i64);
        let _ = writeln!(list, "    {{ date = \"{d}\", name = \"Holiday {i}\" }},");
    }
    list.push_str("]\n");
    format!("{}{list}{}", &example[..start], &example[end..])
}

fn timed(desk_policy: &Path, db: &Path, args: &[&str]) -> (Output, Duration) {
    let c = Cli::new(db, "anna").policy(desk_policy).command(args);
    let t = Instant::now();
    let out = bounded(c, &format!("{args:?}"));
    (out, t.elapsed())
}

#[test]
fn ten_thousand_holidays_load_and_list() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("sla.toml");
    std::fs::write(&policy, with_holidays(10_000)).unwrap();
    let db = dir.path().join("jobs.db");
    let (out, check) = timed(&policy, &db, &["policy", "check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (out, _) = timed(&policy, &db, &["demo-data", "--jobs", "300", "--days", "30"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (out, list) = timed(&policy, &db, &["list", "--all"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 301);
    // The holidays are in force: Monday 2026-12-14 (holiday 3312) is skipped.
    let (out, _) = timed(
        &policy,
        &db,
        &[
            "calendar",
            "add",
            "--calendar",
            "office",
            "--start",
            "2026-12-11 15:00",
            "--minutes",
            "120",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "2026-12-15T09:00:00+01:00"
    );
    eprintln!("10,000 holidays: policy check {check:?}, list of 300 jobs {list:?}");
}
