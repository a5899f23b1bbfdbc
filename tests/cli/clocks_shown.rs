//! Issue 16, through the real binary: what `show` and `list` say about clocks must be
//! readable at a glance — a stopped clock with the window and deadline it was judged
//! against, business time in hours (never 24-hour "days"), far deadlines with their
//! date, and the timeline in the order things happened.

use crate::common::cli::Cli;

/// Monday 2026-11-23 10:00 in Amsterdam: the field calendar (07:00-19:00) is open.
const MON_10: &str = "2026-11-23T10:00:00+01:00";

fn secs(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp()
}

fn clock_line<'a>(show: &'a str, clock: &str) -> &'a str {
    show.lines()
        .find(|l| l.trim_start().starts_with(clock) && l.contains(" due "))
        .unwrap_or_else(|| panic!("no `{clock}` deadline line in:\n{show}"))
}

/// A Globex P3 (tier priority: respond 1h on the field calendar) logged at 10:00.
fn globex_p3(dir: &std::path::Path, now: &str) -> Cli {
    let cli = Cli::new(&dir.join("jobs.db"), "anna").at(secs(now));
    cli.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P3",
        "--summary",
        "Badge reader faulty",
        "--at",
        MON_10,
    ]);
    cli
}

#[test]
fn a_met_clock_keeps_the_window_and_deadline_it_was_met_against_after_a_reprioritisation() {
    let dir = tempfile::tempdir().unwrap();
    let cli = globex_p3(dir.path(), "2026-11-23T10:30:00+01:00");
    cli.ok(&["respond", "1", "--at", "2026-11-23T10:10:00+01:00"]);
    // P1 is the critical tier: respond 30m around the clock. The response was judged
    // against the 1h window, due 11:00; that stands.
    cli.ok(&[
        "reprioritize",
        "1",
        "--priority",
        "P1",
        "--at",
        "2026-11-23T10:20:00+01:00",
    ]);
    let show = cli.ok(&["show", "1"]);
    let respond = clock_line(&show, "respond");
    assert!(
        respond.contains(" 1h "),
        "the window it was met against: {respond}"
    );
    assert!(
        respond.contains("due Mon 11:00"),
        "the deadline it was met against: {respond}"
    );
    assert!(respond.contains("met at"), "{respond}");
    // The new windows apply to the clocks still running.
    let attend = clock_line(&show, "attend");
    assert!(attend.contains(" 2h "), "{attend}");
}

#[test]
fn business_time_left_is_written_in_hours_never_in_24_hour_days() {
    let dir = tempfile::tempdir().unwrap();
    // Initech P3 is tier standard: resolve in 3bd on the office calendar (8 business
    // hours a day, lunch closed), until Thursday's close: 6 + 3 x 8 = 30 hours.
    let cli = Cli::new(&dir.path().join("jobs.db"), "anna").at(secs(MON_10));
    cli.ok(&[
        "log",
        "--customer",
        "Initech",
        "--priority",
        "P3",
        "--summary",
        "Printer",
        "--at",
        MON_10,
    ]);
    let show = cli.ok(&["show", "1"]);
    let resolve = clock_line(&show, "resolve");
    assert!(resolve.contains("(30:00:00 left)"), "{resolve}");
    cli.ok(&["respond", "1"]);
    let list = cli.ok(&["list"]);
    assert!(list.contains("30:00:00  resolve"), "{list}");
}

#[test]
fn list_is_sorted_by_the_business_time_left_it_shows_breached_first_by_how_far_over() {
    let dir = tempfile::tempdir().unwrap();
    // Monday 16:55: the office closes at 17:00, the critical tier counts around the clock.
    let cli = Cli::new(&dir.path().join("jobs.db"), "anna").at(secs("2026-11-23T16:55:00+01:00"));
    // 1: Globex P1 (30m, 24x7) from 16:15: 10 minutes over.
    // 2: Globex P1 from 16:45: 20 minutes left, due 17:15.
    // 3: Acme Corp P3 (4h, office) from 13:10: 15 business minutes left, due Tuesday 08:10.
    // 4: Initech P3 (4h, office) from Friday 09:00: breached by a day's hours.
    for (customer, priority, at) in [
        ("Globex", "P1", "2026-11-23T16:15:00+01:00"),
        ("Globex", "P1", "2026-11-23T16:45:00+01:00"),
        ("Acme Corp", "P3", "2026-11-23T13:10:00+01:00"),
        ("Initech", "P3", "2026-11-20T09:00:00+01:00"),
    ] {
        cli.ok(&[
            "log",
            "--customer",
            customer,
            "--priority",
            priority,
            "--summary",
            "x",
            "--at",
            at,
        ]);
    }
    let list = cli.ok(&["list"]);
    let rows: Vec<(String, i64)> = list
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let (_, due, _, id) = (w.next()?, w.next()?, w.next()?, w.next()?);
            Some((due.to_owned(), id.parse().ok()?))
        })
        .collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
    assert_eq!(
        ids,
        vec![4, 1, 3, 2],
        "sorted by the business time DUE shows:\n{list}"
    );
    assert_eq!(rows[2].0, "0:15:00", "{list}");
}

#[test]
fn show_lists_the_timeline_in_time_order_even_with_events_recorded_late() {
    let dir = tempfile::tempdir().unwrap();
    let ten_40 = secs("2026-11-23T10:40:00+01:00");
    let cli = Cli::new(&dir.path().join("jobs.db"), "anna").at(ten_40);
    cli.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P1",
        "--summary",
        "Line down",
        "--at",
        MON_10,
    ]);
    cli.ok(&["note", "1", "called the site"]);
    // The alert engine runs later and records each crossing at the instant it happened
    // (10:15 … 10:30): after the note in the log, before it in time.
    let later = Cli::new(&cli.db, "anna").at(ten_40 + 300);
    later.ok(&["watch", "--once"]);
    let show = later.ok(&["show", "1"]);
    let timeline: Vec<&str> = show
        .lines()
        .skip_while(|l| !l.starts_with("Timeline:"))
        .skip(1)
        .collect();
    let pos = |what: &str| {
        timeline
            .iter()
            .position(|l| l.contains(what))
            .unwrap_or_else(|| panic!("no `{what}` in the timeline:\n{show}"))
    };
    assert!(pos("logged") < pos("respond at 50 %"), "{show}");
    assert!(pos("breach of respond") < pos("called the site"), "{show}");
    assert!(pos("called the site") < pos("escalated"), "{show}");
}
