//! Calendar fixtures shared by `core::calendar_cases` and `core::calendar_props`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use slawatch_core::calendar::{CalendarSpec, LocalInterval};
use slawatch_core::time::instant::{parse_instant, rfc3339};

pub const MIN: i64 = 60;
pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;

/// `"08:00"`, `"24:00"` or `"08:00:30"` as seconds from local midnight.
pub fn hms(s: &str) -> u32 {
    let parts: Vec<u32> = s.split(':').map(|p| p.parse().unwrap()).collect();
    match parts.as_slice() {
        [h, m] => h * 3_600 + m * 60,
        [h, m, s] => h * 3_600 + m * 60 + s,
        _ => panic!("bad wall time {s:?}"),
    }
}

/// `"08:00-12:00"`.
pub fn iv(s: &str) -> LocalInterval {
    let (a, b) = s.split_once('-').unwrap();
    LocalInterval {
        start: hms(a),
        end: hms(b),
    }
}

pub fn ivs(list: &[&str]) -> Vec<LocalInterval> {
    list.iter().map(|s| iv(s)).collect()
}

/// `"2026-12-25"`.
pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An instant written as RFC 3339, or as `YYYY-MM-DD HH:MM` in `tz`.
pub fn at(s: &str, tz: &Tz) -> i64 {
    parse_instant(s, tz).unwrap()
}

pub fn show(t: i64, tz: &Tz) -> String {
    rfc3339(t, tz)
}

/// A spec with the given week (Mon = 0) and no exceptions.
pub fn weekly(name: &str, tz: Tz, week: [Vec<LocalInterval>; 7]) -> CalendarSpec {
    CalendarSpec {
        name: name.to_owned(),
        tz,
        week,
        holidays: BTreeMap::new(),
        special: BTreeMap::new(),
        always: false,
    }
}

/// The same intervals every day of the week.
pub fn daily(name: &str, tz: Tz, list: &[&str]) -> CalendarSpec {
    let hours = ivs(list);
    weekly(name, tz, std::array::from_fn(|_| hours.clone()))
}

/// 24x7 written out as mon..sun 00:00-24:00, without the `always` flag.
pub fn explicit_24x7(tz: Tz) -> CalendarSpec {
    daily("explicit-24x7", tz, &["00:00-24:00"])
}

/// The office calendar of the suite, in Europe/Amsterdam:
/// mon-thu 08:00-12:00, 13:00-17:00; fri 08:00-12:00, 13:00-16:00; weekend closed;
/// holidays 2026-12-25 and 2026-12-26; special day 2026-12-24 08:00-12:00.
pub fn office() -> CalendarSpec {
    let long = ivs(&["08:00-12:00", "13:00-17:00"]);
    let fri = ivs(&["08:00-12:00", "13:00-16:00"]);
    let mut spec = weekly(
        "office",
        chrono_tz::Europe::Amsterdam,
        [
            long.clone(),
            long.clone(),
            long.clone(),
            long,
            fri,
            vec![],
            vec![],
        ],
    );
    spec.holidays
        .insert(date("2026-12-25"), Some("Christmas Day".to_owned()));
    spec.holidays
        .insert(date("2026-12-26"), Some("Boxing Day".to_owned()));
    spec.special.insert(
        date("2026-12-24"),
        (ivs(&["08:00-12:00"]), Some("Christmas Eve".to_owned())),
    );
    spec
}
