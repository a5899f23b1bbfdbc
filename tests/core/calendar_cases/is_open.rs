//! is_open / next_open.

use super::*;

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
