//! Business days.

use super::*;

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
