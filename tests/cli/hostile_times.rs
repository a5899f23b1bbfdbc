//! Hostile times through the real binary: far past and far future, leap days, wall
//! times that do not exist or happen twice on DST days, a whole day skipped by the date
//! line, offsets at the edges (+14:00, -12:00), seconds and fractions. Each bad input:
//! exit 2, a message that says what and how to fix it, nothing written. Hostile
//! calendars are in `cli::hostile_calendars`.

use crate::common::time_desk;
use time_desk::*;

#[test]
fn far_past_is_handled_from_1900_and_refused_before() {
    let desk = Desk::new(OFFICE);
    // 1900-01-01 was a Monday: open 09:00-17:00, respond 1h.
    let out = desk.log_at("1900-01-01 09:30");
    assert!(out[0].starts_with("Logged job 1"), "{out:?}");
    // Berlin kept local mean time (+00:53:28) until 1893; in 1900 it was +01:00.
    assert!(out[1].contains("due Mon 1900-01-01 10:30  breached"), "{out:?}");
    let show = desk.ok(&["show", "1"]);
    assert!(show.contains("Mon 1900-01-01 09:30 CET"), "{show}");
    let list = desk.ok(&["list"]);
    assert_eq!(list.lines().count(), 2, "{list}");
    let report = desk.ok(&["report", "--from", "1900-01-01", "--to", "1900-01-31"]);
    assert!(report.contains("Acme"), "{report}");
    // The range is of instants: 00:30 on 1900-01-01 in Berlin is still 1899 in UTC
    // (it was answered "beyond the year 2299" before), and 2299-12-31 at -12:00 is 2300.
    assert_eq!(
        desk.ok(&[
            "calendar",
            "add",
            "--calendar",
            "c",
            "--start",
            "1900-01-01 01:00",
            "--minutes",
            "1"
        ])
        .trim(),
        "1900-01-01T09:01:00+01:00"
    );
    for bad in [
        "1899-12-31 23:59",
        "0001-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
        "1900-01-01 00:30",
        "2299-12-31T23:59:59-12:00",
    ] {
        desk.refused(
            &[
                "log",
                "--customer",
                "Acme",
                "--priority",
                "P1",
                "--summary",
                "x",
                "--at",
                bad,
            ],
            "is outside the years 1900–2299 that slawatch handles",
        );
    }
}

#[test]
fn the_future_is_refused_for_jobs_and_actions() {
    let desk = Desk::new(OFFICE);
    desk.log_at("2026-11-30 10:00");
    let log = [
        "log",
        "--customer",
        "Acme",
        "--priority",
        "P1",
        "--summary",
        "x",
        "--at",
    ];
    for future in [
        "2026-11-30 15:01",
        "2299-12-31 10:00",
        // Now (14:00 UTC) is 04:00 the next day at +14:00 and 02:00 at -12:00: half
        // an hour later, written either way, has not happened yet.
        "2026-12-01T04:30:00+14:00",
        "2026-11-30T02:30:00-12:00",
    ] {
        let mut args = log.to_vec();
        args.push(future);
        desk.refused(&args, "is in the future");
    }
    desk.refused(
        &[
            "log",
            "--customer",
            "Acme",
            "--priority",
            "P1",
            "--summary",
            "x",
            "--at",
            "9999-12-31T23:59:59Z",
        ],
        "is outside the years 1900–2299",
    );
    desk.refused(&["respond", "1", "--at", "2026-11-30 16:00"], "is in the future");
    desk.refused(
        &["respond", "1", "--at", "2026-11-30 09:00"],
        "must not be earlier",
    );
    // The same instant written at +14:00 and at -12:00 is accepted and is the same.
    desk.ok(&["respond", "1", "--at", "2026-12-01T00:00:00+14:00"]);
    let show = desk.ok(&["show", "1"]);
    assert!(show.contains("Mon 2026-11-30 11:00 CET"), "{show}");
    desk.refused(
        &["attend", "1", "--at", "2026-11-29T21:59:59-12:00"],
        "must not be earlier",
    );
    desk.ok(&["attend", "1", "--at", "2026-11-29T22:00:00-12:00"]);
}

#[test]
fn leap_days_exist_only_in_leap_years() {
    let desk = Desk::new(OFFICE);
    let log = |at| {
        [
            "log",
            "--customer",
            "Acme",
            "--priority",
            "P1",
            "--summary",
            "x",
            "--at",
            at,
        ]
    };
    for (bad, why) in [
        (
            "2027-02-29 10:00",
            "February 2027 has 28 days (2027 is not a leap year)",
        ),
        (
            "2100-02-29 10:00",
            "February 2100 has 28 days (2100 is not a leap year)",
        ),
        ("2026-04-31 10:00", "April 2026 has 30 days"),
        ("2026-13-01 10:00", "there is no month 13"),
    ] {
        desk.refused(&log(bad), why);
    }
    // 2028-02-29 is a day; on 2026-11-30 it is in the future, on 2028-03-01 it is not.
    desk.refused(&log("2028-02-29 10:00"), "is in the future");
    let out = desk.ok_at("2028-03-01T12:00:00+01:00", &log("2028-02-29 10:00"));
    assert!(out.contains("due Tue 11:00"), "{out}");
    // Tuesday: the 29th (the 1st is a Wednesday). 2bd from it: Wednesday, Thursday,
    // closing time of the second.
    assert!(out.contains("due Thu 17:00"), "{out}");
    assert_eq!(
        desk.ok(&[
            "calendar",
            "add",
            "--calendar",
            "c",
            "--start",
            "2024-02-28 16:30",
            "--minutes",
            "60"
        ])
        .trim(),
        "2024-02-29T09:30:00+01:00"
    );
}

#[test]
fn wall_times_that_do_not_exist_or_happen_twice_are_refused_with_the_choice() {
    let desk = Desk::new(OFFICE);
    let log = [
        "log",
        "--customer",
        "Acme",
        "--priority",
        "P1",
        "--summary",
        "x",
        "--at",
    ];
    let mut args = log.to_vec();
    args.push("2026-03-29 02:30");
    desk.refused(
        &args,
        "`2026-03-29 02:30` does not exist in Europe/Berlin (the clocks jump forward over it)",
    );
    let mut args = log.to_vec();
    args.push("2026-10-25 02:30");
    desk.refused(
        &args,
        "`2026-10-25 02:30` happens twice in Europe/Berlin (the clocks go back) — add the offset: \
         `2026-10-25T02:30:00+02:00` or `2026-10-25T02:30:00+01:00`",
    );
    // Both choices work, an hour apart; the same rule holds for `calendar`.
    let elapsed = |from: &str, to: &str| {
        desk.ok(&[
            "calendar",
            "elapsed",
            "--calendar",
            "always",
            "--from",
            from,
            "--to",
            to,
        ])
        .trim()
        .to_owned()
    };
    assert_eq!(
        elapsed("2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00"),
        "60"
    );
    let out = desk.run_at(
        NOW,
        &[
            "calendar",
            "add",
            "--calendar",
            "c",
            "--start",
            "2026-03-29 02:30",
            "--minutes",
            "5",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--start: `2026-03-29 02:30` does not exist"));
    // Just after the gap is an ordinary time.
    assert_eq!(elapsed("2026-03-29 01:59", "2026-03-29 03:00"), "1");
}

#[test]
fn offsets_seconds_and_fractions() {
    let desk = Desk::new(OFFICE);
    let cal = |args: &[&str]| {
        let mut v = vec!["calendar"];
        v.extend_from_slice(args);
        desk.ok(&v).trim().to_owned()
    };
    // +14:00 and -12:00: a day apart on the calendar, two hours apart in time.
    assert_eq!(
        cal(&[
            "elapsed",
            "--calendar",
            "always",
            "--from",
            "2026-11-30T10:00:00+14:00",
            "--to",
            "2026-11-29T10:00:00-12:00"
        ]),
        "120"
    );
    assert_eq!(
        cal(&[
            "add",
            "--calendar",
            "always",
            "--start",
            "2026-11-30T10:00:00+14:00",
            "--minutes",
            "1.5"
        ]),
        "2026-11-29T20:01:30+00:00"
    );
    // Sunday 20:00 UTC is Sunday 21:00 in Berlin: the office opens Monday 09:00.
    assert_eq!(
        cal(&[
            "add",
            "--calendar",
            "c",
            "--start",
            "2026-11-30T10:00:00+14:00",
            "--minutes",
            "60"
        ]),
        "2026-11-30T10:00:00+01:00"
    );
    // Seconds count, fractions of a second are dropped.
    assert_eq!(
        cal(&[
            "elapsed",
            "--calendar",
            "always",
            "--from",
            "2026-11-30T10:00:00Z",
            "--to",
            "2026-11-30T10:00:30.999Z"
        ]),
        "0.5"
    );
    assert_eq!(
        cal(&[
            "add",
            "--calendar",
            "c",
            "--start",
            "2026-11-30 09:00:30",
            "--minutes",
            "0"
        ]),
        "2026-11-30T09:00:30+01:00"
    );
    for (bad, msg) in [
        ("2026-11-30T10:00:00+24:00", "is not a time"),
        ("2026-11-30T10:00:60Z", "is not a time"),
        ("2026-11-30T10:00:00+0100", "is not a time"),
    ] {
        let out = desk.run_at(
            NOW,
            &[
                "calendar",
                "add",
                "--calendar",
                "c",
                "--start",
                bad,
                "--minutes",
                "1",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(msg), "{bad}");
    }
    for (minutes, msg) in [
        (
            "600000000",
            "minutes is more than slawatch counts — at most 6000000",
        ),
        ("-5", "is negative"),
        ("inf", "is not a number of minutes"),
        ("NaN", "is not a number of minutes"),
    ] {
        // `--minutes=-5`: as a separate word clap would read `-5` as an option.
        let arg = format!("--minutes={minutes}");
        let out = desk.run_at(NOW, &["calendar", "add", "--calendar", "c", "--start", NOW, &arg]);
        assert_eq!(out.status.code(), Some(2), "{minutes}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{minutes}: {err}");
    }
    // Batch mode answers each such line in order, an error line for a bad one.
    let mut c = desk.cli().command(&["calendar", "batch", "--calendar", "always"]);
    let input = "add 2027-02-29T10:00:00Z 5\nelapsed 2026-11-30T10:00:00+14:00 2026-11-29T10:00:00-12:00\n\
                 add 1899-01-01T00:00:00Z 1\naddbd 2026-10-25T02:30:00+01:00 1\nadd 2026-03-29T02:30:00+02:00 0\n";
    let path = desk.dir.path().join("batch.txt");
    std::fs::write(&path, input).unwrap();
    c.stdin(std::fs::File::open(&path).unwrap());
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        lines,
        [
            "error: `2027-02-29T10:00:00Z` is not a day of the calendar: February 2027 has 28 days (2027 is not a leap year)",
            "120",
            "error: `1899-01-01T00:00:00Z` is outside the years 1900–2299 that slawatch handles \
             (from 1900-01-01T00:00:00Z up to 2300-01-01T00:00:00Z)",
            "2026-10-27T00:00:00+00:00",
            // 02:30 at +02:00 does not exist on that day, but as an instant it is 00:30Z.
            "2026-03-29T00:30:00+00:00",
        ]
    );
}

#[test]
fn a_whole_day_skipped_by_the_date_line_and_the_zones_at_the_edges() {
    // Samoa skipped Friday 2011-12-30 when it moved across the date line (-10 to +14);
    // Kiritimati is +14:00 and Etc/GMT+12 is -12:00 all year.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sla.toml");
    std::fs::write(
        &path,
        format!(
            "display_timezone = \"Pacific/Apia\"\ndefault_tier = \"t\"\n\n[calendars.c]\n\
             timezone = \"Pacific/Apia\"\n{OFFICE}\nholidays = [\"2011-12-30\"]\n\n\
             [calendars.k]\ntimezone = \"Pacific/Kiritimati\"\nmon = [\"00:00-24:00\"]\n\n\
             [calendars.g]\ntimezone = \"Etc/GMT+12\"\nsun = [\"23:59-24:00\"]\n\n\
             [tiers.t]\ncalendar = \"c\"\nrespond = \"1h\"\nresolve = \"2bd\"\n"
        ),
    )
    .unwrap();
    let cal = |args: &[&str]| {
        let mut v = vec!["calendar"];
        v.extend_from_slice(args);
        let c = Cli::new(&dir.path().join("jobs.db"), "anna")
            .policy(&path)
            .command(&v);
        let out = bounded(c, &format!("{args:?}"));
        let text = String::from_utf8_lossy(if out.status.success() {
            &out.stdout
        } else {
            &out.stderr
        })
        .trim()
        .to_owned();
        (out.status.code(), text)
    };
    let (code, err) = cal(&[
        "add",
        "--calendar",
        "c",
        "--start",
        "2011-12-30 10:00",
        "--minutes",
        "60",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("`2011-12-30 10:00` does not exist in Pacific/Apia"),
        "{err}"
    );
    // Thursday 16:30 (-10:00) + 1h: half an hour that day, the rest on Monday (+14:00).
    assert_eq!(
        cal(&[
            "add",
            "--calendar",
            "c",
            "--start",
            "2011-12-29 16:30",
            "--minutes",
            "60"
        ]),
        (Some(0), "2012-01-02T09:30:00+14:00".to_owned())
    );
    assert_eq!(
        cal(&[
            "add",
            "--calendar",
            "c",
            "--start",
            "2011-12-29 16:30",
            "--business-days",
            "1"
        ]),
        (Some(0), "2012-01-02T17:00:00+14:00".to_owned())
    );
    assert_eq!(
        cal(&[
            "elapsed",
            "--calendar",
            "c",
            "--from",
            "2011-12-29 08:00",
            "--to",
            "2012-01-03 08:00"
        ]),
        (Some(0), "960".to_owned())
    );
    assert_eq!(
        cal(&[
            "add",
            "--calendar",
            "k",
            "--start",
            "2026-11-29T10:00:00Z",
            "--minutes",
            "1"
        ]),
        (Some(0), "2026-11-30T00:01:00+14:00".to_owned())
    );
    assert_eq!(
        cal(&[
            "add",
            "--calendar",
            "g",
            "--start",
            "2026-11-29T10:00:00Z",
            "--business-days",
            "2"
        ]),
        (Some(0), "2026-12-07T00:00:00-12:00".to_owned())
    );
}
