//! add: office hours.

use super::*;

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
