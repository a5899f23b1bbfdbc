//! Closed days.

use super::*;

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
