//! Edges of the range.

use super::*;

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
