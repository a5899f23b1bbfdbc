//! elapsed.

use super::*;

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
