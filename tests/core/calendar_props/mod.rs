//! Property tests for the business-hours calendar engine against a naive reference.
//!
//! The reference (`Naive`) knows nothing of the engine: it walks UTC time one step at
//! a time (a minute, or a second for calendars with second boundaries), converts each
//! step to local wall time with chrono-tz and asks whether that wall time lies inside
//! the local date's intervals (holidays closed, special days with their own hours).
//! With minute boundaries and whole-minute offsets, openness is constant inside each
//! UTC minute, so minute steps still give exact second counts.
//!
//! Starts lie in 2026 (some on exact DST transitions, near the UTC year boundaries
//! where the engine changes chunk, some anywhere); most are minute-aligned, a quarter
//! carry seconds.

use crate::common::calendars;

use std::cell::RefCell;
use std::sync::OnceLock;

use calendars::{DAY, HOUR, MIN, daily, explicit_24x7, office};
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use proptest::prelude::*;
use slawatch_core::calendar::{Calendar, CalendarSpec, LocalInterval};

mod properties;

/// 2026-01-01T00:00:00Z and 2027-01-01T00:00:00Z.
const Y2026: i64 = 1_767_225_600;
const Y2027: i64 = 1_798_761_600;

// ---------------------------------------------------------------- naive reference

struct Naive<'a> {
    spec: &'a CalendarSpec,
    /// Seconds per step: 60 when every boundary is on a whole minute, else 1.
    step: i64,
    /// Openness of consecutive steps from a first one, remembered so that the
    /// several walks of one test case over the same days ask chrono only once.
    memo: RefCell<(i64, Vec<bool>)>,
}

impl<'a> Naive<'a> {
    fn minutes(spec: &'a CalendarSpec) -> Self {
        Self::new(spec, MIN)
    }

    fn seconds(spec: &'a CalendarSpec) -> Self {
        Self::new(spec, 1)
    }

    fn new(spec: &'a CalendarSpec, step: i64) -> Self {
        Self {
            spec,
            step,
            memo: RefCell::new((0, Vec::new())),
        }
    }

    fn local(&self, t: i64) -> NaiveDateTime {
        self.spec.tz.timestamp_opt(t, 0).unwrap().naive_local()
    }

    fn hours(&self, date: NaiveDate) -> &[LocalInterval] {
        if self.spec.holidays.contains_key(&date) {
            return &[];
        }
        if let Some((hours, _)) = self.spec.special.get(&date) {
            return hours;
        }
        &self.spec.week[date.weekday().num_days_from_monday() as usize]
    }

    /// Whether the instant `t` is open: its local wall time lies inside one of the
    /// intervals of its local date.
    fn open(&self, t: i64) -> bool {
        let local = self.local(t);
        let tod = local.time().num_seconds_from_midnight();
        self.hours(local.date())
            .iter()
            .any(|iv| iv.start <= tod && tod < iv.end)
    }

    /// `open` for the step starting at `blk` (openness is constant inside a step).
    fn open_step(&self, blk: i64) -> bool {
        let mut memo = self.memo.borrow_mut();
        let (base, seen) = &mut *memo;
        if seen.is_empty() {
            *base = blk;
        }
        if blk < *base {
            return self.open(blk);
        }
        let i = usize::try_from((blk - *base) / self.step).unwrap();
        while seen.len() <= i {
            let t = *base + seen.len() as i64 * self.step;
            seen.push(self.open(t));
        }
        seen[i]
    }

    fn floor(&self, t: i64) -> i64 {
        t - t.rem_euclid(self.step)
    }

    /// Business seconds in `[a, b)`.
    fn elapsed(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let mut sum = 0;
        let mut blk = self.floor(a);
        while blk < b {
            if self.open_step(blk) {
                sum += (blk + self.step).min(b) - blk.max(a);
            }
            blk += self.step;
        }
        sum
    }

    /// The earliest instant with `d` business seconds since `a`, looking no further
    /// than `a + limit`.
    fn add(&self, a: i64, d: i64, limit: i64) -> Option<i64> {
        if d == 0 {
            return Some(a);
        }
        let mut left = d;
        let mut blk = self.floor(a);
        while blk < a + limit {
            if self.open_step(blk) {
                let from = blk.max(a);
                let len = blk + self.step - from;
                if left <= len {
                    return Some(from + left);
                }
                left -= len;
            }
            blk += self.step;
        }
        None
    }

    fn next_open(&self, t: i64, limit: i64) -> Option<i64> {
        let mut blk = self.floor(t);
        while blk < t + limit {
            if self.open_step(blk) {
                return Some(blk.max(t));
            }
            blk += self.step;
        }
        None
    }

    /// Closing instant (end of the last open second) of the `n`th local date after
    /// the local date of `start` that has any open time, looking no further than
    /// `start + limit`.
    fn business_days_end(&self, start: i64, n: usize, limit: i64) -> Option<i64> {
        let start_day = self.local(start).date();
        // (local date, closing instant) of the business days met so far, in order.
        let mut found: Vec<(NaiveDate, i64)> = Vec::new();
        let mut blk = self.floor(start);
        while blk < start + limit {
            let day = self.local(blk).date();
            // Local dates only move forward in the zones used, so a date before `day`
            // is complete.
            if found.len() >= n && found[n - 1].0 < day {
                return Some(found[n - 1].1);
            }
            if day > start_day && self.open_step(blk) {
                match found.last_mut() {
                    Some((d, close)) if *d == day => *close = blk + self.step,
                    _ => found.push((day, blk + self.step)),
                }
            }
            blk += self.step;
        }
        None
    }
}

// ---------------------------------------------------------------- zones and starts

/// Zones for random calendars: the three of the suite, half-hour DST (Lord Howe),
/// changes at local midnight (Santiago, Beirut), odd fixed offsets, no DST at all.
fn zones() -> &'static [(Tz, Vec<i64>)] {
    static ZONES: OnceLock<Vec<(Tz, Vec<i64>)>> = OnceLock::new();
    ZONES.get_or_init(|| {
        use chrono_tz::{America, Asia, Australia, Europe, Pacific};
        [
            Europe::Amsterdam,
            America::New_York,
            Australia::Sydney,
            Australia::Lord_Howe,
            America::Santiago,
            Asia::Beirut,
            America::St_Johns,
            Pacific::Chatham,
            Asia::Kolkata,
            chrono_tz::UTC,
        ]
        .into_iter()
        .map(|tz| (tz, anchors(tz)))
        .collect()
    })
}

fn offset(tz: Tz, t: i64) -> i32 {
    use chrono::Offset;
    tz.offset_from_utc_datetime(&chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc())
        .fix()
        .local_minus_utc()
}

/// Instants worth starting near in `tz`: the exact 2026 offset changes (found with
/// chrono by hourly scan and bisection), the UTC year boundaries (where the engine
/// switches chunks) and the local ones.
fn anchors(tz: Tz) -> Vec<i64> {
    let mut out = vec![Y2026, Y2027];
    for year in [2026, 2027] {
        let midnight = NaiveDate::from_ymd_opt(year, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        out.push(tz.from_local_datetime(&midnight).earliest().unwrap().timestamp());
    }
    let mut t = Y2026 - DAY;
    while t < Y2027 + DAY {
        if offset(tz, t) != offset(tz, t + HOUR) {
            let (mut lo, mut hi) = (t, t + HOUR);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset(tz, mid) == offset(tz, lo) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(hi);
        }
        t += HOUR;
    }
    out
}

fn zone_anchors(tz: Tz) -> Vec<i64> {
    zones()
        .iter()
        .find(|(z, _)| *z == tz)
        .map_or_else(|| anchors(tz), |(_, a)| a.clone())
}

/// A start in 2026: near an anchor (within minutes or days) or anywhere; three in four
/// on a whole minute, the rest with seconds.
fn start_near(anchors: Vec<i64>) -> BoxedStrategy<i64> {
    let anchors = prop::sample::select(anchors);
    let close_by = (anchors.clone(), -3 * HOUR..3 * HOUR).prop_map(|(a, o)| a + o);
    let days_off = (anchors, -4 * DAY..4 * DAY).prop_map(|(a, o)| a + o);
    let anywhere = Y2026 - 2 * DAY..Y2027 + 2 * DAY;
    let year_end_weeks = Y2026 + 350 * DAY..Y2026 + 366 * DAY;
    (
        prop_oneof![
            2 => close_by,
            2 => days_off,
            2 => anywhere,
            1 => year_end_weeks,
        ],
        0..4u8,
    )
        .prop_map(|(t, s)| if s == 0 { t } else { t - t.rem_euclid(MIN) })
        .boxed()
}

/// Business seconds up to `max`: zero, whole minutes or any second.
fn window(max: i64) -> BoxedStrategy<i64> {
    prop_oneof![
        1 => Just(0),
        4 => (0..=max / MIN).prop_map(|m| m * MIN),
        2 => 1..=max,
    ]
    .boxed()
}

/// A zone of `zones()` and a start near its anchors.
fn zone_and_start() -> BoxedStrategy<(Tz, i64)> {
    (0..zones().len())
        .prop_flat_map(|z| {
            let (tz, anchors) = zones()[z].clone();
            (Just(tz), start_near(anchors))
        })
        .boxed()
}

// ---------------------------------------------------------------- random calendars

/// Wall times (minutes) where DST changes happen, plus midnight at both ends.
const EDGES: [u32; 9] = [0, 60, 90, 120, 150, 180, 1_380, 1_410, 1_440];

/// Up to three intervals of one day on whole minutes (may touch or overlap, which
/// the engine must merge), an empty day or the whole day.
fn arb_day() -> BoxedStrategy<Vec<LocalInterval>> {
    let bound = prop_oneof![2 => prop::sample::select(EDGES.to_vec()), 3 => 0u32..=1_440];
    let interval = (bound.clone(), bound).prop_filter_map("empty interval", |(a, b)| {
        (a != b).then(|| LocalInterval {
            start: a.min(b) * 60,
            end: a.max(b) * 60,
        })
    });
    prop_oneof![
        1 => Just(vec![]),
        1 => Just(vec![LocalInterval { start: 0, end: 86_400 }]),
        5 => prop::collection::vec(interval, 1..=3),
    ]
    .boxed()
}

/// A day with boundaries on any second (never empty, so a search never runs long).
fn arb_day_seconds() -> BoxedStrategy<Vec<LocalInterval>> {
    let bound = prop_oneof![
        1 => prop::sample::select(EDGES.to_vec()).prop_map(|m| m * 60),
        3 => 0u32..=86_400,
    ];
    let interval = (bound.clone(), bound).prop_filter_map("empty interval", |(a, b)| {
        (a != b).then(|| LocalInterval {
            start: a.min(b),
            end: a.max(b),
        })
    });
    prop::collection::vec(interval, 1..=3).boxed()
}

/// A random calendar in a random zone with holidays and special days near `start`
/// (the other value).
fn arb_calendar(seconds: bool) -> BoxedStrategy<(CalendarSpec, i64)> {
    (0..zones().len())
        .prop_flat_map(move |z| {
            let (tz, anchors) = zones()[z].clone();
            let day = if seconds { arb_day_seconds() } else { arb_day() };
            let week = prop::collection::vec(day.clone(), 7);
            let holidays = prop::collection::vec(-2i64..12, 0..4);
            let special = prop::collection::vec((-2i64..12, day), 0..3);
            (Just(tz), week, holidays, special, start_near(anchors))
        })
        .prop_map(|(tz, week, holidays, special, start)| {
            let mut spec = calendars::weekly("random", tz, <[_; 7]>::try_from(week).unwrap());
            // One in eight: 24x7 with exceptions (`always` plus holidays / special days).
            if start % 8 == 3 {
                spec = CalendarSpec::always("random-24x7", tz);
            }
            let local = tz.timestamp_opt(start, 0).unwrap().date_naive();
            for d in holidays {
                spec.holidays.insert(local + days(d), None);
            }
            for (d, hours) in special {
                spec.special
                    .insert(local + days(d), (hours, Some("special".to_owned())));
            }
            (spec, start)
        })
        .boxed()
}

fn days(n: i64) -> chrono::TimeDelta {
    chrono::TimeDelta::days(n)
}

/// Nominal business seconds of a week by wall time (union of each day's intervals).
fn weekly_business(spec: &CalendarSpec) -> i64 {
    spec.week
        .iter()
        .map(|day| {
            (0..86_400u32)
                .step_by(60)
                .filter(|s| day.iter().any(|iv| iv.start <= *s && *s < iv.end))
                .count() as i64
                * 60
        })
        .sum()
}

// ---------------------------------------------------------------- fixed calendars

fn office_cal() -> &'static (CalendarSpec, Calendar) {
    static CAL: OnceLock<(CalendarSpec, Calendar)> = OnceLock::new();
    CAL.get_or_init(|| (office(), Calendar::new(office())))
}

/// Daily wall intervals the DST changes fall into, in the three zones of the suite:
/// 01:00-05:00 (3h / 5h on change days), 02:00-03:00 (gone / doubled) and
/// 22:00-24:00 + 00:00-01:30 (open across midnight).
fn night_cals() -> &'static [(CalendarSpec, Calendar)] {
    static CALS: OnceLock<Vec<(CalendarSpec, Calendar)>> = OnceLock::new();
    CALS.get_or_init(|| {
        use chrono_tz::{America::New_York, Australia::Sydney, Europe::Amsterdam};
        let mut out = Vec::new();
        for tz in [Amsterdam, New_York, Sydney] {
            for hours in [
                &["01:00-05:00"][..],
                &["02:00-03:00"][..],
                &["00:00-01:30", "22:00-24:00"][..],
            ] {
                let spec = daily("night", tz, hours);
                out.push((spec.clone(), Calendar::new(spec)));
            }
        }
        out
    })
}

fn night_case() -> BoxedStrategy<(usize, i64)> {
    (0..night_cals().len())
        .prop_flat_map(|i| {
            let tz = night_cals()[i].0.tz;
            (Just(i), start_near(zone_anchors(tz)))
        })
        .boxed()
}

/// How far the reference searches: far past any window generated here.
const LIMIT: i64 = 40 * DAY;

/// Checks `add` and `elapsed` of `cal` against the reference at `(a, d)`, and
/// `elapsed`, `is_open` and `next_open` over `[a, a + span)`.
fn check_against_naive(
    naive: &Naive<'_>,
    cal: &Calendar,
    a: i64,
    d: i64,
    span: i64,
) -> Result<(), TestCaseError> {
    let tz = naive.spec.tz;
    let show = |t: i64| calendars::show(t, &tz);
    let got = cal.add(a, d);
    match naive.add(a, d, LIMIT) {
        Some(want) => {
            prop_assert_eq!(got.map(show), Some(show(want)), "add({}, {}s)", show(a), d);
        }
        None => prop_assert!(
            got.is_none_or(|t| t >= a + LIMIT),
            "add({}, {d}s) = {:?}, reference finds nothing before {}",
            show(a),
            got.map(show),
            show(a + LIMIT)
        ),
    }
    if let Some(end) = got {
        prop_assert_eq!(cal.elapsed(a, end), d, "elapsed(a, add(a, d)) from {}", show(a));
    }
    let b = a + span;
    let in_range = naive.elapsed(a, b);
    prop_assert_eq!(cal.elapsed(a, b), in_range, "elapsed({}, {})", show(a), show(b));
    // The business time up to a random instant often ends exactly on a closing time:
    // `add` must land on that closing, not on the next opening.
    if span > 0 {
        prop_assert_eq!(
            cal.add(a, in_range).map(show),
            naive.add(a, in_range, LIMIT).map(show),
            "add({}, elapsed up to {} = {}s)",
            show(a),
            show(b),
            in_range
        );
    }
    prop_assert_eq!(cal.is_open(a), naive.open(a), "is_open({})", show(a));
    if let Some(next) = naive.next_open(a, LIMIT) {
        prop_assert_eq!(
            cal.next_open(a).map(show),
            Some(show(next)),
            "next_open({})",
            show(a)
        );
        // Around the next opening (`a` itself when open).
        for t in [next - 1, next] {
            prop_assert_eq!(cal.is_open(t), naive.open(t), "is_open({})", show(t));
        }
    }
    // Around the instant `add` lands on (often a closing time).
    if let Some(end) = got {
        for t in [end - 1, end] {
            prop_assert_eq!(cal.is_open(t), naive.open(t), "is_open({})", show(t));
        }
    }
    Ok(())
}
