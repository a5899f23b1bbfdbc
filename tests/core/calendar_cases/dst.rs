//! 24x7 and DST.

use super::*;

/// (zone, wall date of the change, start before the change, expected start + 1h,
/// length of that local day).
const DST_CHANGES: [(Tz, &str, &str, &str, i64); 6] = [
    // Amsterdam springs forward at 02:00 CET -> 03:00 CEST.
    (
        Amsterdam,
        "2026-03-29",
        "2026-03-29T01:30:00+01:00",
        "2026-03-29T03:30:00+02:00",
        23 * HOUR,
    ),
    // ... and falls back at 03:00 CEST -> 02:00 CET: 02:30 happens twice.
    (
        Amsterdam,
        "2026-10-25",
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:30:00+01:00",
        25 * HOUR,
    ),
    // New York springs forward at 02:00 EST -> 03:00 EDT.
    (
        New_York,
        "2026-03-08",
        "2026-03-08T01:30:00-05:00",
        "2026-03-08T03:30:00-04:00",
        23 * HOUR,
    ),
    // ... and falls back at 02:00 EDT -> 01:00 EST.
    (
        New_York,
        "2026-11-01",
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T01:30:00-05:00",
        25 * HOUR,
    ),
    // Sydney falls back on 5 April at 03:00 AEDT -> 02:00 AEST.
    (
        Sydney,
        "2026-04-05",
        "2026-04-05T02:30:00+11:00",
        "2026-04-05T02:30:00+10:00",
        25 * HOUR,
    ),
    // ... and springs forward on 4 October at 02:00 AEST -> 03:00 AEDT.
    (
        Sydney,
        "2026-10-04",
        "2026-10-04T01:30:00+10:00",
        "2026-10-04T03:30:00+11:00",
        23 * HOUR,
    ),
];

/// The first instant showing wall time `hm` on `day` in `tz` (01:00 happens twice on
/// 2026-11-01 in New York).
fn wall(day: &str, hm: &str, tz: &Tz) -> i64 {
    let naive = chrono::NaiveDateTime::parse_from_str(&format!("{day} {hm}"), "%Y-%m-%d %H:%M").unwrap();
    chrono::TimeZone::from_local_datetime(tz, &naive)
        .earliest()
        .unwrap()
        .timestamp()
}

/// Local midnight of `day` and of the next day in `tz`.
fn local_day_bounds(day: &str, tz: &Tz) -> (i64, i64) {
    let d = date(day);
    let next = d.succ_opt().unwrap();
    (at(&format!("{d} 00:00"), tz), at(&format!("{next} 00:00"), tz))
}

#[test]
fn always_and_explicit_24x7_count_real_hours_across_dst_changes() {
    for (tz, day, start, want, day_len) in DST_CHANGES {
        let always = Calendar::new(CalendarSpec::always("24x7", tz));
        let explicit = Calendar::new(explicit_24x7(tz));
        for cal in [&always, &explicit] {
            let kind = if cal.spec().always {
                "always"
            } else {
                "mon..sun 00:00-24:00"
            };
            let ctx = format!("{kind} in {tz} on {day}");
            // One business hour across the change is one real hour; the printed
            // wall time shows the jump.
            assert_eq!(add(cal, start, HOUR), want, "{ctx}");
            let a = at(start, &tz);
            assert_eq!(cal.add(a, HOUR), Some(a + HOUR), "{ctx}");
            // The local day of the change has 23 or 25 real hours, all open.
            let (d0, d1) = local_day_bounds(day, &tz);
            assert_eq!(d1 - d0, day_len, "{ctx}: chrono agrees on the day length");
            assert_eq!(cal.elapsed(d0, d1), day_len, "{ctx}");
            // 24 business hours from local midnight are 24 real hours, which is not
            // the next local midnight.
            assert_eq!(cal.add(d0, DAY), Some(d0 + DAY), "{ctx}");
            assert_ne!(cal.add(d0, DAY), Some(d1), "{ctx}");
            // add(0), elapsed(add) and reversed ranges.
            assert_eq!(cal.add(a, 0), Some(a), "{ctx}");
            for d in [1, MIN, HOUR, 3 * HOUR, DAY, 3 * DAY + 7] {
                assert_eq!(cal.elapsed(a, cal.add(a, d).unwrap()), d, "{ctx}: {d}s");
            }
            assert_eq!(cal.elapsed(d1, d0), 0, "{ctx}");
            // Open everywhere, including inside the repeated or skipped hour.
            for t in (d0 - HOUR..d1 + HOUR).step_by(600) {
                assert!(cal.is_open(t), "{ctx}: {}", show(t, &tz));
                assert_eq!(cal.next_open(t), Some(t), "{ctx}");
            }
            // Business days are calendar days: the 1st after the eve is the change day,
            // closing at the following local midnight.
            let eve = d0 - 12 * HOUR;
            assert_eq!(cal.business_days_end(eve, 1), Some(d1), "{ctx}");
        }
        // Both spellings of 24x7 agree everywhere in a week around the change.
        let (d0, _) = local_day_bounds(day, &tz);
        for a in (d0 - 3 * DAY..d0 + 3 * DAY).step_by(1_800) {
            for d in [1, 59 * MIN, 25 * HOUR] {
                assert_eq!(always.add(a, d), explicit.add(a, d), "{tz} add({a}, {d})");
                assert_eq!(
                    always.elapsed(a, a + d),
                    explicit.elapsed(a, a + d),
                    "{tz} elapsed"
                );
            }
        }
    }
}

#[test]
fn always_and_explicit_24x7_agree_at_the_year_end() {
    for tz in [Amsterdam, New_York, Sydney] {
        let always = Calendar::new(CalendarSpec::always("24x7", tz));
        let explicit = Calendar::new(explicit_24x7(tz));
        let a = at("2026-12-31 22:00", &tz);
        for cal in [&always, &explicit] {
            assert_eq!(cal.add(a, 4 * HOUR), Some(a + 4 * HOUR), "{tz}");
            assert_eq!(cal.elapsed(a - DAY, a + DAY), 2 * DAY, "{tz}");
            assert_eq!(
                show(cal.add(a, 4 * HOUR).unwrap(), &tz)[..16],
                *"2027-01-01T02:00"
            );
        }
    }
}

#[test]
fn always_calendar_with_a_holiday_closes_that_local_day() {
    let mut spec = CalendarSpec::always("24x7-but-christmas", Amsterdam);
    spec.holidays
        .insert(date("2026-12-25"), Some("Christmas Day".to_owned()));
    let cal = Calendar::new(spec);
    // 24, 25, 26 December: only the 24th and the 26th count.
    assert_eq!(elapsed(&cal, "2026-12-24 00:00", "2026-12-27 00:00"), 2 * DAY);
    // From 23:00 on the 24th, 1h reaches midnight; the rest starts on the 26th.
    assert_eq!(add(&cal, "2026-12-24 23:00", HOUR), "2026-12-25T00:00:00+01:00");
    assert_eq!(
        add(&cal, "2026-12-24 23:00", 2 * HOUR),
        "2026-12-26T01:00:00+01:00"
    );
    assert!(!is_open(&cal, "2026-12-25 12:00"));
    assert_eq!(next_open(&cal, "2026-12-25 12:00"), "2026-12-26T00:00:00+01:00");
    assert_eq!(
        cal.closed_days_between(
            at("2026-12-24 12:00", &Amsterdam),
            at("2026-12-26 12:00", &Amsterdam)
        ),
        vec![ClosedDay {
            date: date("2026-12-25"),
            kind: DayKind::Holiday(Some("Christmas Day".to_owned())),
        }]
    );
}

#[test]
fn always_flag_means_24x7_whatever_the_week_field_holds() {
    // `always = true` is "open around the clock" (DESIGN.md §3). A spec built with the
    // flag but without filling `week` (as a policy loader might) must still be 24x7,
    // with or without holidays — the flag must not mean different things depending
    // on whether some unrelated date is a holiday.
    let bare = |holiday: bool| {
        let mut spec = weekly_closed("bare-24x7", Amsterdam);
        spec.always = true;
        if holiday {
            spec.holidays.insert(date("2026-12-25"), None);
        }
        Calendar::new(spec)
    };
    let a = at("2026-11-17 03:00", &Amsterdam);
    assert_eq!(bare(false).add(a, HOUR), Some(a + HOUR));
    assert_eq!(
        bare(true).add(a, HOUR),
        Some(a + HOUR),
        "a holiday in December must not close November"
    );
    assert!(bare(true).is_open(a));
}

fn weekly_closed(name: &str, tz: Tz) -> CalendarSpec {
    calendars::weekly(name, tz, std::array::from_fn(|_| Vec::new()))
}

#[test]
fn daily_01_to_05_interval_is_3h_or_5h_on_dst_days() {
    // A 01:00-05:00 wall interval every day: the DST change falls inside it in all
    // three zones, so it is 3 real hours on spring-forward days and 5 on fall-back.
    let expected: [(Tz, &str, i64); 9] = [
        (Amsterdam, "2026-03-28", 4 * HOUR),
        (Amsterdam, "2026-03-29", 3 * HOUR),
        (Amsterdam, "2026-10-25", 5 * HOUR),
        (New_York, "2026-03-08", 3 * HOUR),
        (New_York, "2026-11-01", 5 * HOUR),
        (New_York, "2026-11-02", 4 * HOUR),
        (Sydney, "2026-04-05", 5 * HOUR),
        (Sydney, "2026-10-04", 3 * HOUR),
        (Sydney, "2026-10-05", 4 * HOUR),
    ];
    for (tz, day, want) in expected {
        let cal = Calendar::new(daily("night", tz, &["01:00-05:00"]));
        let (d0, d1) = local_day_bounds(day, &tz);
        assert_eq!(cal.elapsed(d0, d1), want, "{tz} {day}");
        // From the opening, the whole interval lands on the 05:00 close.
        let open = wall(day, "01:00", &tz);
        let close = wall(day, "05:00", &tz);
        assert_eq!(close - open, want, "{tz} {day}: chrono agrees");
        assert_eq!(cal.add(open, want), Some(close), "{tz} {day}");
        assert_eq!(cal.business_days_end(d0 - HOUR, 1), Some(close), "{tz} {day}");
    }
}

#[test]
fn daily_01_to_05_interval_add_across_the_changes() {
    let ams = Calendar::new(daily("night", Amsterdam, &["01:00-05:00"]));
    // Spring: 1 real hour after 01:00 CET is 03:00 CEST (02:xx does not exist).
    assert_eq!(
        add(&ams, "2026-03-29T01:00:00+01:00", HOUR),
        "2026-03-29T03:00:00+02:00"
    );
    // 3h is the whole (short) interval: the 05:00 CEST close.
    assert_eq!(
        add(&ams, "2026-03-29T01:00:00+01:00", 3 * HOUR),
        "2026-03-29T05:00:00+02:00"
    );
    // One more second is the next night.
    assert_eq!(
        add(&ams, "2026-03-29T01:00:00+01:00", 3 * HOUR + 1),
        "2026-03-30T01:00:01+02:00"
    );
    // Autumn: 4h after 01:00 CEST is 04:00 CET, still open.
    assert_eq!(
        add(&ams, "2026-10-25T01:00:00+02:00", 4 * HOUR),
        "2026-10-25T04:00:00+01:00"
    );
    assert_eq!(
        add(&ams, "2026-10-25T01:00:00+02:00", 5 * HOUR),
        "2026-10-25T05:00:00+01:00"
    );
    assert_eq!(
        add(&ams, "2026-10-25T01:00:00+02:00", 5 * HOUR + 1),
        "2026-10-26T01:00:01+01:00"
    );
    // Both 02:30s are open.
    assert!(is_open(&ams, "2026-10-25T02:30:00+02:00"));
    assert!(is_open(&ams, "2026-10-25T02:30:00+01:00"));
    assert!(!is_open(&ams, "2026-10-25T05:00:00+01:00"));

    let ny = Calendar::new(daily("night", New_York, &["01:00-05:00"]));
    assert_eq!(
        add(&ny, "2026-11-01T01:00:00-04:00", 5 * HOUR),
        "2026-11-01T05:00:00-05:00"
    );
    assert_eq!(
        add(&ny, "2026-03-08T04:00:00-04:00", 2 * HOUR),
        "2026-03-09T02:00:00-04:00"
    );

    let syd = Calendar::new(daily("night", Sydney, &["01:00-05:00"]));
    assert_eq!(
        add(&syd, "2026-10-04T01:00:00+10:00", HOUR),
        "2026-10-04T03:00:00+11:00"
    );
    assert_eq!(
        add(&syd, "2026-04-05T01:00:00+11:00", 2 * HOUR),
        "2026-04-05T02:00:00+10:00"
    );
}
