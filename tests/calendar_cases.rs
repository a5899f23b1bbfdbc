//! Hand-written cases for the business-hours calendar engine (DESIGN.md §3, Calendars).
//!
//! Every expectation is an exact RFC 3339 instant (or a count of seconds) with a
//! comment that says why it is right. The "office" calendar (Europe/Amsterdam):
//! mon-thu 08:00-12:00 + 13:00-17:00, fri 08:00-12:00 + 13:00-16:00, weekend closed,
//! holidays 2026-12-25 and 2026-12-26, special day 2026-12-24 08:00-12:00.
//!
//! Dates used: 2026-11-16 is a Monday, so 2026-11-17 Tue, 2026-11-20 Fri,
//! 2026-11-21/22 the weekend; 2026-12-24 is a Thursday, 2026-12-28 a Monday,
//! 2026-12-31 a Thursday; 2026-04-06 is Easter Monday.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/calendars.rs"]
mod calendars;

use calendars::{DAY, HOUR, MIN, at, daily, date, explicit_24x7, office, show};
use chrono_tz::Tz;
use chrono_tz::{America::New_York, Australia::Sydney, Europe::Amsterdam};
use slawatch_core::calendar::{Calendar, CalendarSpec, ClosedDay, DayKind};

fn office_cal() -> Calendar {
    Calendar::new(office())
}

/// `cal.add(start, d)` printed in the calendar's zone; `start` is RFC 3339 or local wall time.
fn add(cal: &Calendar, start: &str, d: i64) -> String {
    let tz = cal.tz();
    show(cal.add(at(start, tz), d).unwrap(), tz)
}

fn elapsed(cal: &Calendar, a: &str, b: &str) -> i64 {
    let tz = cal.tz();
    cal.elapsed(at(a, tz), at(b, tz))
}

fn bd_end(cal: &Calendar, start: &str, n: u32) -> String {
    let tz = cal.tz();
    show(cal.business_days_end(at(start, tz), n).unwrap(), tz)
}

fn next_open(cal: &Calendar, t: &str) -> String {
    let tz = cal.tz();
    show(cal.next_open(at(t, tz)).unwrap(), tz)
}

fn is_open(cal: &Calendar, t: &str) -> bool {
    cal.is_open(at(t, cal.tz()))
}

// ---------------------------------------------------------------- add: office hours

#[test]
fn add_friday_afternoon_rolls_into_monday() {
    let cal = office_cal();
    // Fri 15:00-16:00 gives 1h; the weekend is closed; the second hour is Mon 08:00-09:00.
    assert_eq!(
        add(&cal, "2026-11-20 15:00", 2 * HOUR),
        "2026-11-23T09:00:00+01:00"
    );
    // 1h30m: 1h on Friday, 30m on Monday morning.
    assert_eq!(
        add(&cal, "2026-11-20 15:00", 90 * MIN),
        "2026-11-23T08:30:00+01:00"
    );
    // Friday lunch: 13:00-16:00 is 3h, so 3h + 1m ends one minute into Monday.
    assert_eq!(
        add(&cal, "2026-11-20 12:15", 3 * HOUR + MIN),
        "2026-11-23T08:01:00+01:00"
    );
}

#[test]
fn add_lands_on_closing_time_not_on_the_next_opening() {
    let cal = office_cal();
    // Fri 15:00 + 1h is reached at the Friday close (16:00), not at Monday 08:00.
    assert_eq!(add(&cal, "2026-11-20 15:00", HOUR), "2026-11-20T16:00:00+01:00");
    // Tue 11:00 + 1h is reached when the morning closes for lunch at 12:00.
    assert_eq!(add(&cal, "2026-11-17 11:00", HOUR), "2026-11-17T12:00:00+01:00");
    // Tue 16:00 + 1h is the evening close, 17:00.
    assert_eq!(add(&cal, "2026-11-17 16:00", HOUR), "2026-11-17T17:00:00+01:00");
    // One second more than is left on Friday moves to Monday 08:00:01.
    assert_eq!(
        add(&cal, "2026-11-20 15:00", HOUR + 1),
        "2026-11-23T08:00:01+01:00"
    );
}

#[test]
fn add_starting_inside_lunch_counts_from_the_afternoon_opening() {
    let cal = office_cal();
    // Nothing counts during lunch; 30m after the 13:00 reopening is 13:30.
    assert_eq!(
        add(&cal, "2026-11-17 12:30", 30 * MIN),
        "2026-11-17T13:30:00+01:00"
    );
    // The afternoon holds exactly 4h: 13:00 + 4h is the 17:00 close.
    assert_eq!(
        add(&cal, "2026-11-17 12:30", 4 * HOUR),
        "2026-11-17T17:00:00+01:00"
    );
    // Seconds count: 12:59:59 is still lunch, so + 1s is 13:00:01.
    assert_eq!(
        add(&cal, "2026-11-17T12:59:59+01:00", 1),
        "2026-11-17T13:00:01+01:00"
    );
}

#[test]
fn add_from_exactly_opening_and_exactly_closing() {
    let cal = office_cal();
    // From the 08:00 opening, 4h is the whole morning: lands on 12:00.
    assert_eq!(
        add(&cal, "2026-11-17 08:00", 4 * HOUR),
        "2026-11-17T12:00:00+01:00"
    );
    // 8h is the whole Tuesday: lands on the 17:00 close.
    assert_eq!(
        add(&cal, "2026-11-17 08:00", 8 * HOUR),
        "2026-11-17T17:00:00+01:00"
    );
    // From the 12:00 close (lunch), 1h starts counting at 13:00: 14:00.
    assert_eq!(add(&cal, "2026-11-17 12:00", HOUR), "2026-11-17T14:00:00+01:00");
    // From the 17:00 close, 1h is Wednesday 08:00-09:00.
    assert_eq!(add(&cal, "2026-11-17 17:00", HOUR), "2026-11-18T09:00:00+01:00");
    // From the Friday 16:00 close, 1m is Monday 08:01.
    assert_eq!(add(&cal, "2026-11-20 16:00", MIN), "2026-11-23T08:01:00+01:00");
    // Before opening (06:00) counts from 08:00.
    assert_eq!(add(&cal, "2026-11-17 06:00", HOUR), "2026-11-17T09:00:00+01:00");
}

#[test]
fn add_window_that_ends_exactly_at_closing_stays_on_closing() {
    let cal = office_cal();
    // Wed 10:00: 2h to lunch + 4h afternoon = 6h exactly reaches Wed 17:00.
    assert_eq!(
        add(&cal, "2026-11-18 10:00", 6 * HOUR),
        "2026-11-18T17:00:00+01:00"
    );
    // Mon 08:00 + 4 * 8h + 7h is the whole week: the Friday 16:00 close, not Monday.
    assert_eq!(
        add(&cal, "2026-11-16 08:00", 39 * HOUR),
        "2026-11-20T16:00:00+01:00"
    );
    // Same from the Sunday before: counting starts Monday 08:00.
    assert_eq!(
        add(&cal, "2026-11-15 20:00", 39 * HOUR),
        "2026-11-20T16:00:00+01:00"
    );
}

#[test]
fn add_over_a_monday_holiday_skips_it() {
    // Office hours with Easter Monday 2026-04-06 as a holiday (after the spring DST change).
    let mut spec = office();
    spec.holidays
        .insert(date("2026-04-06"), Some("Easter Monday".to_owned()));
    let cal = Calendar::new(spec);
    // Fri 2026-04-03 15:00-16:00 = 1h; Sat, Sun closed; Mon holiday; Tue 08:00-09:00.
    assert_eq!(
        add(&cal, "2026-04-03 15:00", 2 * HOUR),
        "2026-04-07T09:00:00+02:00"
    );
    // Exactly the Friday remainder still lands on the Friday close.
    assert_eq!(add(&cal, "2026-04-03 15:00", HOUR), "2026-04-03T16:00:00+02:00");
    // Fri 7h + Tue 8h between Friday and Wednesday midnight; Monday counts nothing.
    assert_eq!(elapsed(&cal, "2026-04-03 00:00", "2026-04-08 00:00"), 15 * HOUR);
    assert_eq!(
        elapsed(&cal, "2026-04-06 00:00", "2026-04-07 00:00"),
        0,
        "Easter Monday is closed all day"
    );
    // The first business day after Friday is Tuesday (close 17:00).
    assert_eq!(bd_end(&cal, "2026-04-03 10:00", 1), "2026-04-07T17:00:00+02:00");
}

#[test]
fn add_across_the_christmas_special_half_day_and_holidays() {
    let cal = office_cal();
    // Thu 24th is a half day (08-12): 2h from 10:00, then 25 (holiday), 26 (holiday,
    // Saturday), 27 (Sunday) are closed; the third hour is Mon 28th 08:00-09:00.
    assert_eq!(
        add(&cal, "2026-12-24 10:00", 3 * HOUR),
        "2026-12-28T09:00:00+01:00"
    );
    // Exactly what is left of the half day lands on its noon close.
    assert_eq!(
        add(&cal, "2026-12-24 10:00", 2 * HOUR),
        "2026-12-24T12:00:00+01:00"
    );
    // Wed 23rd 16:00: 1h on Wednesday + 2h Thursday morning = Thu 10:00.
    assert_eq!(
        add(&cal, "2026-12-23 16:00", 3 * HOUR),
        "2026-12-24T10:00:00+01:00"
    );
    // The 24th has no afternoon: 13:00 on the 24th is closed and counts from Monday.
    assert_eq!(add(&cal, "2026-12-24 13:00", MIN), "2026-12-28T08:01:00+01:00");
    // The special day holds 4h; the holidays and the weekend hold none.
    assert_eq!(elapsed(&cal, "2026-12-24 00:00", "2026-12-25 00:00"), 4 * HOUR);
    assert_eq!(elapsed(&cal, "2026-12-24 00:00", "2026-12-28 00:00"), 4 * HOUR);
    assert_eq!(elapsed(&cal, "2026-12-25 00:00", "2026-12-28 08:00"), 0);
}

#[test]
fn add_across_the_year_end() {
    let cal = office_cal();
    // Thu 2026-12-31 16:00-17:00 = 1h, then Fri 2027-01-01 (not a holiday here) 08:00-09:00.
    assert_eq!(
        add(&cal, "2026-12-31 16:00", 2 * HOUR),
        "2027-01-01T09:00:00+01:00"
    );
    // Fri 2027-01-01 is a 7h day: 1h + 7h lands on its 16:00 close.
    assert_eq!(
        add(&cal, "2026-12-31 16:00", 8 * HOUR),
        "2027-01-01T16:00:00+01:00"
    );
    assert_eq!(
        elapsed(&cal, "2026-12-31 16:00", "2027-01-04 09:00"),
        9 * HOUR,
        "1h Thu + 7h Fri + 1h Mon"
    );
}

#[test]
fn add_zero_is_the_start_itself_open_or_closed() {
    let cal = office_cal();
    for s in [
        "2026-11-17T10:00:00+01:00", // open
        "2026-11-17T12:30:00+01:00", // lunch
        "2026-11-21T10:00:00+01:00", // Saturday
        "2026-12-25T10:00:00+01:00", // holiday
        "2026-11-20T16:00:00+01:00", // exactly closing
        "2026-11-17T10:00:07+01:00", // with seconds
    ] {
        assert_eq!(add(&cal, s, 0), s, "add(s, 0) == s");
    }
}

// ---------------------------------------------------------------- elapsed

#[test]
fn elapsed_is_zero_for_empty_and_reversed_ranges() {
    let cal = office_cal();
    let a = at("2026-11-17 10:00", &Amsterdam);
    let b = at("2026-11-18 10:00", &Amsterdam);
    assert_eq!(cal.elapsed(a, a), 0, "[a, a) is empty");
    assert_eq!(cal.elapsed(b, a), 0, "b <= a counts nothing");
    assert_eq!(cal.elapsed(a, b), 8 * HOUR, "Tue 10-12, 13-17, Wed 08-10");
}

#[test]
fn elapsed_counts_business_seconds_in_a_half_open_range() {
    let cal = office_cal();
    // A whole week: 4 * 8h + 7h.
    assert_eq!(elapsed(&cal, "2026-11-16 00:00", "2026-11-23 00:00"), 39 * HOUR);
    // 11:59:59 is open (1s), lunch counts nothing, 13:00:00 is open (1s up to 13:00:01).
    assert_eq!(
        elapsed(&cal, "2026-11-17T11:59:59+01:00", "2026-11-17T13:00:01+01:00"),
        2
    );
    // [08:00:00, 08:00:01) holds exactly the opening second.
    assert_eq!(
        elapsed(&cal, "2026-11-17T08:00:00+01:00", "2026-11-17T08:00:01+01:00"),
        1
    );
    // [07:59:59, 08:00:00) is before opening.
    assert_eq!(
        elapsed(&cal, "2026-11-17T07:59:59+01:00", "2026-11-17T08:00:00+01:00"),
        0
    );
    // The weekend holds nothing.
    assert_eq!(elapsed(&cal, "2026-11-20 16:00", "2026-11-23 08:00"), 0);
}

#[test]
fn elapsed_of_add_gives_back_the_window() {
    let cal = office_cal();
    let starts = [
        "2026-11-17 10:00",
        "2026-11-17 12:30",
        "2026-11-20 15:59",
        "2026-11-21 09:00",
        "2026-12-23 16:30",
        "2026-12-24 11:59",
        "2026-12-31 16:45",
    ];
    let windows = [1, MIN, 30 * MIN, HOUR, 4 * HOUR, 8 * HOUR, 5 * 8 * HOUR + 17];
    for s in starts {
        let a = at(s, &Amsterdam);
        for d in windows {
            let end = cal.add(a, d).unwrap();
            assert_eq!(cal.elapsed(a, end), d, "elapsed({s}, add({s}, {d}))");
            // add is the earliest such instant: one second earlier is one second short.
            assert_eq!(cal.elapsed(a, end - 1), d - 1, "add({s}, {d}) is the earliest");
        }
    }
}

// ---------------------------------------------------------------- business days

#[test]
fn business_days_end_counts_days_after_the_start_day() {
    let cal = office_cal();
    // Wed start: the 1st business day after is Thursday, closing 17:00.
    assert_eq!(bd_end(&cal, "2026-11-18 10:00", 1), "2026-11-19T17:00:00+01:00");
    // 2nd is Friday, which closes at 16:00.
    assert_eq!(bd_end(&cal, "2026-11-18 10:00", 2), "2026-11-20T16:00:00+01:00");
    // Thu, Fri, Mon, Tue, Wed: the 5th is next Wednesday.
    assert_eq!(bd_end(&cal, "2026-11-18 10:00", 5), "2026-11-25T17:00:00+01:00");
    // The start day is the local date, whatever the time on it.
    assert_eq!(bd_end(&cal, "2026-11-18 00:00", 1), "2026-11-19T17:00:00+01:00");
    assert_eq!(
        bd_end(&cal, "2026-11-18T23:59:59+01:00", 1),
        "2026-11-19T17:00:00+01:00"
    );
    // After closing on Friday: still "after Friday", so Monday.
    assert_eq!(bd_end(&cal, "2026-11-20 20:00", 1), "2026-11-23T17:00:00+01:00");
    // 0 business days is not a window.
    assert_eq!(cal.business_days_end(at("2026-11-18 10:00", &Amsterdam), 0), None);
}

#[test]
fn business_days_end_from_the_weekend() {
    let cal = office_cal();
    // Saturday and Sunday starts: Monday is the first business day after.
    assert_eq!(bd_end(&cal, "2026-11-21 10:00", 1), "2026-11-23T17:00:00+01:00");
    assert_eq!(bd_end(&cal, "2026-11-22 23:00", 1), "2026-11-23T17:00:00+01:00");
    // Saturday + 5bd: Mon..Fri, the Friday 16:00 close.
    assert_eq!(bd_end(&cal, "2026-11-21 10:00", 5), "2026-11-27T16:00:00+01:00");
}

#[test]
fn business_days_end_across_christmas_and_the_year_end() {
    let cal = office_cal();
    // Wed 23rd: the 1st day after is the special half day, closing at 12:00.
    assert_eq!(bd_end(&cal, "2026-12-23 10:00", 1), "2026-12-24T12:00:00+01:00");
    // The 2nd skips 25 (holiday), 26 (holiday), 27 (Sunday): Mon 28th.
    assert_eq!(bd_end(&cal, "2026-12-23 10:00", 2), "2026-12-28T17:00:00+01:00");
    assert_eq!(bd_end(&cal, "2026-12-23 10:00", 3), "2026-12-29T17:00:00+01:00");
    // From the 24th itself and from the holiday: Monday.
    assert_eq!(bd_end(&cal, "2026-12-24 09:00", 1), "2026-12-28T17:00:00+01:00");
    assert_eq!(bd_end(&cal, "2026-12-25 10:00", 1), "2026-12-28T17:00:00+01:00");
    // Thu 31st: Fri 2027-01-01 (16:00 close), then Mon 2027-01-04.
    assert_eq!(bd_end(&cal, "2026-12-31 10:00", 1), "2027-01-01T16:00:00+01:00");
    assert_eq!(bd_end(&cal, "2026-12-31 10:00", 2), "2027-01-04T17:00:00+01:00");
}

#[test]
fn business_days_end_at_the_utc_year_boundary_in_far_zones() {
    // Mon-Fri 09:00-17:00 calendars on both sides of UTC.
    let nine_to_five = |tz: Tz| {
        let mut spec = daily("nine-to-five", tz, &["09:00-17:00"]);
        spec.week[5].clear();
        spec.week[6].clear();
        Calendar::new(spec)
    };
    // New York, Thu 2026-12-31 20:00 local is already 2027 in UTC; the local start day
    // is still Thursday, so the 1st business day after is Fri 2027-01-01.
    let ny = nine_to_five(New_York);
    assert_eq!(
        bd_end(&ny, "2026-12-31T20:00:00-05:00", 1),
        "2027-01-01T17:00:00-05:00"
    );
    // Sydney, Fri 2027-01-01 10:00 local is still 2026 in UTC; the start day is Friday,
    // so the 1st business day after is Mon 2027-01-04.
    let syd = nine_to_five(Sydney);
    assert_eq!(
        bd_end(&syd, "2027-01-01T10:00:00+11:00", 1),
        "2027-01-04T17:00:00+11:00"
    );
    // Sydney, Thu 2026-12-31 10:00 local: Friday 2027-01-01, closing 06:00 UTC.
    assert_eq!(
        bd_end(&syd, "2026-12-31T10:00:00+11:00", 1),
        "2027-01-01T17:00:00+11:00"
    );
}

#[test]
fn a_wall_interval_inside_the_spring_forward_gap_is_no_business_day() {
    // Open 02:00-03:00 every day in Amsterdam: on 2026-03-29 that wall hour does not
    // exist (01:59:59 CET is followed by 03:00:00 CEST), on 2026-10-25 it happens twice.
    let cal = Calendar::new(daily("gap", Amsterdam, &["02:00-03:00"]));
    assert_eq!(elapsed(&cal, "2026-03-29 00:00", "2026-03-30 00:00"), 0);
    assert_eq!(elapsed(&cal, "2026-10-25 00:00", "2026-10-26 00:00"), 2 * HOUR);
    // 29 March has no open time, so the first business day after the 28th is the 30th.
    assert_eq!(bd_end(&cal, "2026-03-28 10:00", 1), "2026-03-30T03:00:00+02:00");
    // 25 October closes at the second 03:00 (CET).
    assert_eq!(bd_end(&cal, "2026-10-24 10:00", 1), "2026-10-25T03:00:00+01:00");
    // 1h from 28 March 02:30 CET: 30m that night, 30m on the 30th (the 29th has none).
    assert_eq!(add(&cal, "2026-03-28 02:30", HOUR), "2026-03-30T02:30:00+02:00");
    // 90m from the first 02:00 on 25 October: both 02:00-03:00 hours count.
    assert_eq!(
        add(&cal, "2026-10-25T02:00:00+02:00", 90 * MIN),
        "2026-10-25T02:30:00+01:00"
    );
}

// ---------------------------------------------------------------- is_open / next_open

#[test]
fn is_open_around_lunch_and_the_weekend() {
    let cal = office_cal();
    let cases = [
        ("2026-11-17T07:59:59+01:00", false, "before opening"),
        ("2026-11-17T08:00:00+01:00", true, "opening second is open"),
        ("2026-11-17T11:59:59+01:00", true, "last morning second"),
        ("2026-11-17T12:00:00+01:00", false, "closing second is closed"),
        ("2026-11-17T12:59:59+01:00", false, "still lunch"),
        ("2026-11-17T13:00:00+01:00", true, "afternoon opening"),
        ("2026-11-17T17:00:00+01:00", false, "closed at 17:00"),
        ("2026-11-20T15:59:59+01:00", true, "Friday last second"),
        ("2026-11-20T16:00:00+01:00", false, "Friday closes at 16:00"),
        ("2026-11-21T10:00:00+01:00", false, "Saturday"),
        ("2026-11-22T10:00:00+01:00", false, "Sunday"),
        ("2026-12-24T11:00:00+01:00", true, "special day morning"),
        ("2026-12-24T14:00:00+01:00", false, "special day has no afternoon"),
        ("2026-12-25T10:00:00+01:00", false, "Christmas Day"),
    ];
    for (t, want, why) in cases {
        assert_eq!(is_open(&cal, t), want, "{t}: {why}");
    }
}

#[test]
fn next_open_around_lunch_the_weekend_and_holidays() {
    let cal = office_cal();
    // Open instants are their own next opening.
    assert_eq!(
        next_open(&cal, "2026-11-17T10:00:00+01:00"),
        "2026-11-17T10:00:00+01:00"
    );
    assert_eq!(
        next_open(&cal, "2026-11-17T11:59:59+01:00"),
        "2026-11-17T11:59:59+01:00"
    );
    // Lunch (including its first second) reopens at 13:00.
    assert_eq!(next_open(&cal, "2026-11-17 12:00"), "2026-11-17T13:00:00+01:00");
    assert_eq!(next_open(&cal, "2026-11-17 12:30"), "2026-11-17T13:00:00+01:00");
    // Friday close and the weekend reopen on Monday 08:00.
    assert_eq!(next_open(&cal, "2026-11-20 16:00"), "2026-11-23T08:00:00+01:00");
    assert_eq!(next_open(&cal, "2026-11-22 23:59"), "2026-11-23T08:00:00+01:00");
    // After the Christmas Eve noon close: 25, 26, 27 closed, Monday 28th 08:00.
    assert_eq!(next_open(&cal, "2026-12-24 12:00"), "2026-12-28T08:00:00+01:00");
}

// ---------------------------------------------------------------- closed days

#[test]
fn closed_days_between_lists_the_weekend_holidays_and_the_special_day() {
    let cal = office_cal();
    let a = at("2026-12-23 10:00", &Amsterdam);
    let b = at("2026-12-29 10:00", &Amsterdam);
    assert_eq!(
        cal.closed_days_between(a, b),
        vec![
            ClosedDay {
                date: date("2026-12-24"),
                kind: DayKind::Special(Some("Christmas Eve".to_owned())),
            },
            ClosedDay {
                date: date("2026-12-25"),
                kind: DayKind::Holiday(Some("Christmas Day".to_owned())),
            },
            // A holiday on a Saturday is reported as the holiday.
            ClosedDay {
                date: date("2026-12-26"),
                kind: DayKind::Holiday(Some("Boxing Day".to_owned())),
            },
            // Sunday is closed by the week itself.
            ClosedDay {
                date: date("2026-12-27"),
                kind: DayKind::Regular,
            },
        ]
    );
    // An ordinary weekend.
    let a = at("2026-11-20 15:00", &Amsterdam);
    let b = at("2026-11-23 09:00", &Amsterdam);
    assert_eq!(
        cal.closed_days_between(a, b),
        vec![
            ClosedDay {
                date: date("2026-11-21"),
                kind: DayKind::Regular,
            },
            ClosedDay {
                date: date("2026-11-22"),
                kind: DayKind::Regular,
            },
        ]
    );
    // Nothing in an empty or reversed range, nothing for a plain 24x7 calendar.
    assert!(cal.closed_days_between(b, a).is_empty());
    assert!(cal.closed_days_between(a, a).is_empty());
    let always = Calendar::new(CalendarSpec::always("24x7", Amsterdam));
    assert!(always.closed_days_between(a, b).is_empty());
}

#[test]
fn closed_days_between_leaves_out_the_date_of_an_exclusive_midnight_end() {
    // [a, b) with b exactly at local midnight holds no instant of b's date, so that
    // date is not met between a and b (the doc comment says "Local dates in [a, b)").
    // A calendar open 08:00-24:00 has deadlines at midnight, e.g. Fri 23:00 + 1h.
    let mut spec = daily("late", Amsterdam, &["08:00-24:00"]);
    spec.week[5].clear();
    spec.week[6].clear();
    let cal = Calendar::new(spec);
    let a = at("2026-11-20 23:00", &Amsterdam);
    let due = cal.add(a, HOUR).unwrap();
    assert_eq!(show(due, &Amsterdam), "2026-11-21T00:00:00+01:00");
    assert_eq!(
        cal.closed_days_between(a, due),
        vec![],
        "no Saturday instant lies in [Fri 23:00, Sat 00:00)"
    );
    // The same with a 24x7 calendar closed on Christmas Day: a job due at midnight
    // before the holiday did not skip the holiday, so its explanation must not list it.
    let mut spec = CalendarSpec::always("24x7-but-christmas", Amsterdam);
    spec.holidays
        .insert(date("2026-12-25"), Some("Christmas Day".to_owned()));
    let cal = Calendar::new(spec);
    let a = at("2026-12-24 20:00", &Amsterdam);
    let due = cal.add(a, 4 * HOUR).unwrap();
    assert_eq!(show(due, &Amsterdam), "2026-12-25T00:00:00+01:00");
    assert_eq!(
        cal.closed_days_between(a, due),
        vec![],
        "due at the start of the holiday: nothing was skipped"
    );
}

// ---------------------------------------------------------------- 24x7 and DST

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

// ---------------------------------------------------------------- edges of the range

#[test]
fn add_with_a_window_past_the_horizon_is_none() {
    // "None when that instant lies beyond the year 2299": a window of ~300 years from
    // 2026 is past it, and so is the largest window there is (which must neither
    // overflow nor wrap around to some instant before 1900).
    let cal = office_cal();
    let a = at("2026-11-17 10:00", &Amsterdam);
    assert_eq!(cal.add(a, 300 * 366 * DAY), None);
    assert_eq!(cal.add(a, i64::MAX / 2), None);
    assert_eq!(cal.add(a, i64::MAX), None, "i64::MAX business seconds");
    let always = Calendar::new(CalendarSpec::always("24x7", Amsterdam));
    assert_eq!(always.add(a, i64::MAX), None);
}

#[test]
fn both_24x7_spellings_agree_at_the_horizon() {
    use slawatch_core::calendar::HORIZON_END;
    let always = Calendar::new(CalendarSpec::always("24x7", chrono_tz::UTC));
    let explicit = Calendar::new(explicit_24x7(chrono_tz::UTC));
    // The last hour the engine handles: both count it, and both say the same about
    // the instant one hour later (2300-01-01T00:00:00Z, the first one past the range).
    let last_hour = HORIZON_END - HOUR;
    assert_eq!(always.elapsed(last_hour, HORIZON_END), HOUR);
    assert_eq!(explicit.elapsed(last_hour, HORIZON_END), HOUR);
    assert_eq!(
        always.add(last_hour, HOUR),
        explicit.add(last_hour, HOUR),
        "`always` vs mon..sun 00:00-24:00"
    );
    // Past the range nothing is open, so there is no next opening either: a
    // `next_open` answer must itself be open.
    let past = HORIZON_END + 5;
    assert!(!always.is_open(past) && !explicit.is_open(past));
    assert_eq!(explicit.next_open(past), None);
    assert_eq!(
        always.next_open(past),
        None,
        "`always`: next_open(t) must be open"
    );
}

#[test]
fn closed_days_between_lists_a_day_whose_hours_fall_in_the_dst_gap() {
    // Open 02:00-03:00 daily in Amsterdam: 2026-03-29 has no open time at all (that
    // wall hour does not exist), so it is "closed all day" — business_days_end already
    // skips it as no business day — and the explanation of a window over it must
    // name it.
    let cal = Calendar::new(daily("gap", Amsterdam, &["02:00-03:00"]));
    let a = at("2026-03-28 10:00", &Amsterdam);
    let b = at("2026-03-30 10:00", &Amsterdam);
    assert_eq!(
        cal.elapsed(a, b),
        HOUR,
        "28th 02:00 is before a; 30th 02:00-03:00 counts"
    );
    assert_eq!(
        cal.closed_days_between(a, b),
        vec![ClosedDay {
            date: date("2026-03-29"),
            kind: DayKind::Regular,
        }]
    );
}
