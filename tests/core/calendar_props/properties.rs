//! The properties, each against the naive reference or plain arithmetic.

use super::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Office hours in Amsterdam, windows up to three business days.
    #[test]
    fn office_matches_naive(
        a in start_near(zone_anchors(chrono_tz::Europe::Amsterdam)),
        d in window(3 * 8 * HOUR),
        span in -DAY..8 * DAY,
    ) {
        let (spec, cal) = office_cal();
        check_against_naive(&Naive::minutes(spec), cal, a, d, span)?;
    }

    /// Night intervals the DST changes cut into (3h / 5h days, vanished and doubled
    /// hours, intervals across midnight), starts near the changes.
    #[test]
    fn night_calendars_match_naive(
        (i, a) in night_case(),
        d in window(3 * 4 * HOUR),
        span in -DAY..5 * DAY,
    ) {
        let (spec, cal) = &night_cals()[i];
        check_against_naive(&Naive::minutes(spec), cal, a, d, span)?;
    }

    /// Random weeks (touching and overlapping intervals, whole days, DST-edge wall
    /// times) in random zones with random holidays and special days.
    #[test]
    fn random_calendars_match_naive(
        (spec, a) in arb_calendar(false),
        frac in 0.0f64..1.5,
        with_seconds in any::<bool>(),
        span in -DAY..6 * DAY,
    ) {
        let cal = Calendar::new(spec.clone());
        // Up to a week and a half of the calendar's nominal business time.
        let per_week = weekly_business(&spec).max(HOUR);
        let d = (frac * per_week as f64) as i64;
        let d = if with_seconds { d } else { d - d % MIN };
        check_against_naive(&Naive::minutes(&spec), &cal, a, d, span)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// `business_days_end` for the fixed calendars (a night calendar, or the office
    /// one with starts near the same instants): the nth local date after the start
    /// date with open time, at its closing instant.
    #[test]
    fn fixed_calendars_business_days_end_matches_naive(
        (i, a) in night_case(),
        n in 1usize..=4,
        office_instead in any::<bool>(),
    ) {
        let (spec, cal) = if office_instead {
            let (spec, cal) = office_cal();
            (spec, cal)
        } else {
            let (spec, cal) = &night_cals()[i];
            (spec, cal)
        };
        let tz = spec.tz;
        let want = Naive::minutes(spec).business_days_end(a, n, 12 * DAY);
        prop_assert!(want.is_some());
        prop_assert_eq!(
            cal.business_days_end(a, n as u32).map(|t| calendars::show(t, &tz)),
            want.map(|t| calendars::show(t, &tz)),
            "business_days_end({}, {})", calendars::show(a, &tz), n
        );
    }

    /// `business_days_end` on random calendars.
    #[test]
    fn random_calendars_business_days_end_matches_naive(
        (spec, a) in arb_calendar(false),
        n in 1usize..=3,
    ) {
        let cal = Calendar::new(spec.clone());
        let tz = spec.tz;
        let got = cal.business_days_end(a, n as u32);
        match Naive::minutes(&spec).business_days_end(a, n, 30 * DAY) {
            Some(want) => prop_assert_eq!(
                got.map(|t| calendars::show(t, &tz)),
                Some(calendars::show(want, &tz)),
                "business_days_end({}, {})", calendars::show(a, &tz), n
            ),
            None => prop_assert!(got.is_none_or(|t| t > a + 29 * DAY), "{:?}", got),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// `add` never goes back when the start or the window grows.
    #[test]
    fn add_is_monotonic_in_start_and_window(
        (spec, a) in arb_calendar(false),
        later in 0..3 * DAY,
        d in window(2 * DAY),
        more in window(DAY),
    ) {
        let cal = Calendar::new(spec);
        // `None` (beyond the horizon) is later than any instant.
        let add = |t: i64, d: i64| cal.add(t, d).unwrap_or(i64::MAX);
        let (x, y) = (add(a, d), add(a + later, d));
        prop_assert!(x <= y, "add(a, d) = {} > add(a + {}, d) = {}", x, later, y);
        let z = add(a, d + more);
        prop_assert!(x <= z, "add(a, d) = {} > add(a, d + {}) = {}", x, more, z);
    }

    /// `elapsed(a, b) + elapsed(b, c) == elapsed(a, c)` for `a <= b <= c`, and
    /// `add` is the earliest instant with `d` elapsed.
    #[test]
    fn elapsed_is_additive_and_inverts_add(
        (spec, a) in arb_calendar(false),
        ab in 0..4 * DAY,
        bc in 0..4 * DAY,
        d in window(DAY),
    ) {
        let cal = Calendar::new(spec);
        let (b, c) = (a + ab, a + ab + bc);
        prop_assert_eq!(cal.elapsed(a, b) + cal.elapsed(b, c), cal.elapsed(a, c));
        prop_assert!(cal.elapsed(a, c) <= c - a);
        // One second counts exactly when it is open; the next opening is open and
        // nothing counts before it.
        prop_assert_eq!(cal.elapsed(a, a + 1), i64::from(cal.is_open(a)));
        if let Some(next) = cal.next_open(a) {
            prop_assert!(next >= a && cal.is_open(next));
            prop_assert_eq!(cal.elapsed(a, next), 0);
        }
        // The business time up to `c` is reached no later than `c`.
        let upto_c = cal.elapsed(a, c);
        let reached = cal.add(a, upto_c);
        prop_assert!(reached.is_some_and(|t| t <= c), "add(a, elapsed(a, c)) = {:?} > c = {}", reached, c);
        if let Some(end) = cal.add(a, d) {
            prop_assert_eq!(cal.elapsed(a, end), d);
            if d > 0 {
                prop_assert_eq!(cal.elapsed(a, end - 1), d - 1, "add is the earliest");
                prop_assert!(cal.is_open(end - 1), "the last counted second is open");
            }
        }
    }

    /// 24x7, spelled `always` or mon..sun 00:00-24:00, is plain arithmetic in any zone.
    #[test]
    fn always_and_explicit_24x7_are_plain_arithmetic(
        (tz, a) in zone_and_start(),
        d in window(10 * DAY),
        n in 1u32..=5,
    ) {
        let always = Calendar::new(CalendarSpec::always("24x7", tz));
        let explicit = Calendar::new(explicit_24x7(tz));
        for cal in [&always, &explicit] {
            prop_assert_eq!(cal.add(a, d), Some(a + d));
            prop_assert_eq!(cal.elapsed(a, a + d), d);
            prop_assert_eq!(cal.elapsed(a + d, a), 0);
            prop_assert!(cal.is_open(a));
            prop_assert_eq!(cal.next_open(a), Some(a));
        }
        prop_assert_eq!(always.business_days_end(a, n), explicit.business_days_end(a, n));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Intervals with boundaries on any second, checked second by second.
    #[test]
    fn second_boundaries_match_naive_per_second(
        (spec, a) in arb_calendar(true),
        d in window(HOUR),
        span in -HOUR..8 * HOUR,
    ) {
        let cal = Calendar::new(spec.clone());
        let naive = Naive::seconds(&spec);
        let tz = spec.tz;
        let show = |t: i64| calendars::show(t, &tz);
        match naive.add(a, d, DAY) {
            Some(want) => prop_assert_eq!(cal.add(a, d).map(show), Some(show(want))),
            None => prop_assert!(cal.add(a, d).is_none_or(|t| t >= a + DAY)),
        }
        prop_assert_eq!(cal.elapsed(a, a + span), naive.elapsed(a, a + span));
        prop_assert_eq!(cal.is_open(a), naive.open(a));
    }
}
