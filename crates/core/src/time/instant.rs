//! Instants as Unix seconds: parsing what people and scripts type, and RFC 3339 output
//! (how people read them on a screen is `shown`).
//!
//! Seconds are the unit of the whole engine ("seconds count"); sub-second parts of
//! input are dropped. The parser has a fast path for the exact RFC 3339 shape so that
//! batch mode can read a million lines a second, and falls back to local wall time in
//! a given zone for `YYYY-MM-DD HH:MM`.

use chrono::{LocalResult, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

use crate::time::civil::{DAY, civil_from_days, days_from_civil};

/// First year the engine handles (inclusive).
pub const FIRST_YEAR: i64 = 1900;
/// Last year the engine handles (inclusive).
pub const LAST_YEAR: i64 = 2299;

/// A time the user typed could not be turned into an instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error(
        "`{0}` is not a time — use RFC 3339 like `2026-11-20T16:30:00+01:00` or `YYYY-MM-DD HH:MM` in the display zone"
    )]
    Malformed(String),
    #[error(
        "`{input}` does not exist in {zone} (the clocks jump forward over it) — give a time after the change, or an explicit offset"
    )]
    Nonexistent { input: String, zone: String },
    #[error(
        "`{input}` happens twice in {zone} (the clocks go back) — add the offset: `{earlier}` or `{later}`"
    )]
    Ambiguous {
        input: String,
        zone: String,
        earlier: String,
        later: String,
    },
    #[error(
        "`{0}` is outside the years {FIRST_YEAR}–{LAST_YEAR} that slawatch handles (from 1900-01-01T00:00:00Z up to 2300-01-01T00:00:00Z)"
    )]
    OutOfRange(String),
    #[error("`{input}` is not a day of the calendar: {why}")]
    NoSuchDay { input: String, why: String },
}

/// First instant the engine handles: 1900-01-01T00:00:00Z.
const FIRST_INSTANT: i64 = days_from_civil(FIRST_YEAR, 1, 1) * DAY;
/// First instant past the engine's range: 2300-01-01T00:00:00Z.
const END_INSTANT: i64 = days_from_civil(LAST_YEAR + 1, 1, 1) * DAY;

/// The UTC offset in seconds (local minus UTC) of `tz` at the instant `t`.
#[must_use]
pub fn offset_at(tz: &Tz, t: i64) -> i32 {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(dt) => tz
            .offset_from_utc_datetime(&dt.naive_utc())
            .fix()
            .local_minus_utc(),
        None => 0,
    }
}

/// The local day number (days since 1970-01-01 of the wall-clock date) of `t` in `tz`.
#[must_use]
pub fn local_day(tz: &Tz, t: i64) -> i64 {
    (t + i64::from(offset_at(tz, t))).div_euclid(DAY)
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let mut v = 0u32;
    for &c in b.get(at..at + n)? {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Wall-clock fields read from the text, before a zone is applied.
struct Fields {
    year: i64,
    month: u32,
    day: u32,
    secs: i64,
    /// Explicit UTC offset in seconds, if the text had one.
    offset: Option<i64>,
}

fn scan(s: &str) -> Option<Fields> {
    let b = s.as_bytes();
    if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let year = i64::from(digits(b, 0, 4)?);
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let mut i = 16;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b, i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let frac_start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == frac_start {
                return None;
            }
        }
    }
    let offset = match b.get(i) {
        None => None,
        Some(b'Z' | b'z') if i + 1 == b.len() => Some(0),
        Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
            let oh = i64::from(digits(b, i + 1, 2)?);
            let om = i64::from(digits(b, i + 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            Some(if sign == b'-' { -o } else { o })
        }
        _ => return None,
    };
    if !(1..=12).contains(&month) || day == 0 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if day > days_in_month(year, month) {
        return None;
    }
    Some(Fields {
        year,
        month,
        day,
        secs: i64::from(hour * 3600 + minute * 60 + second),
        offset,
    })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a text shaped like a time names no day (`2027-02-29`, `2026-13-01`), for a
/// message that says so instead of "not a time".
fn no_such_day(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || b.get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let year = i64::from(digits(b, 0, 4)?);
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month} — months are 01 to 12"));
    }
    let last = days_in_month(year, month);
    if day == 0 || day > last {
        let name = MONTHS[month as usize - 1];
        let leap = if month == 2 && last == 28 {
            format!(" ({year} is not a leap year)")
        } else {
            String::new()
        };
        return Some(format!("{name} {year} has {last} days{leap}"));
    }
    None
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Parses an RFC 3339 time, or a wall-clock time without offset read in `zone`.
///
/// # Errors
/// [`TimeError`] says what is wrong with the text and how to write it instead.
pub fn parse_instant(s: &str, zone: &Tz) -> Result<i64, TimeError> {
    let text = s.trim();
    let f = scan(text).ok_or_else(|| match no_such_day(text) {
        Some(why) => TimeError::NoSuchDay {
            input: text.to_owned(),
            why,
        },
        None => TimeError::Malformed(text.to_owned()),
    })?;
    // A written year just outside is read too: 1900-01-01T00:00Z shown west of UTC is
    // 1899-12-31, and what slawatch prints in any zone must read back (found by fuzzing).
    let out_of_range = || TimeError::OutOfRange(text.to_owned());
    if !(FIRST_YEAR - 1..=LAST_YEAR + 1).contains(&f.year) {
        return Err(out_of_range());
    }
    let year_in_range = (FIRST_YEAR..=LAST_YEAR).contains(&f.year);
    // The written year may be in range while the instant is not (`1900-01-01 00:30`
    // in Berlin is 1899 in UTC): the engine's range is of instants. Its end is included:
    // a 24x7 deadline can land on it, and the batch mode's answer must read back.
    let in_range = |t: i64| {
        (FIRST_INSTANT..=END_INSTANT)
            .contains(&t)
            .then_some(t)
            .ok_or_else(out_of_range)
    };
    let wall = days_from_civil(f.year, f.month, f.day) * DAY + f.secs;
    if let Some(o) = f.offset {
        return in_range(wall - o);
    }
    let naive = NaiveDate::from_ymd_opt(f.year as i32, f.month, f.day)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d + chrono::Duration::seconds(f.secs))
        .ok_or_else(|| TimeError::Malformed(text.to_owned()))?;
    let shown = |dt: chrono::DateTime<Tz>| {
        let mut s = String::with_capacity(25);
        push_rfc3339(&mut s, dt.timestamp(), dt.offset().fix().local_minus_utc());
        s
    };
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(dt) => in_range(dt.timestamp()),
        _ if !year_in_range => Err(out_of_range()),
        LocalResult::None => Err(TimeError::Nonexistent {
            input: text.to_owned(),
            zone: zone.name().to_owned(),
        }),
        LocalResult::Ambiguous(a, b) => Err(TimeError::Ambiguous {
            input: text.to_owned(),
            zone: zone.name().to_owned(),
            earlier: shown(a),
            later: shown(b),
        }),
    }
}

fn push2(out: &mut String, v: i64) {
    out.push(char::from(b'0' + (v / 10 % 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

/// Appends `t` as RFC 3339 with the given UTC offset (seconds), e.g. `2026-11-20T17:00:00+01:00`.
///
/// RFC 3339 offsets have no seconds: an offset with seconds (local mean time before
/// 1972, such as Monrovia's -00:44:30) is cut to whole minutes and the local time
/// shown with it, so the text still names exactly the instant `t`.
pub fn push_rfc3339(out: &mut String, t: i64, offset: i32) {
    let offset = offset - offset % 60;
    let local = t + i64::from(offset);
    let (y, m, d) = civil_from_days(local.div_euclid(DAY));
    let sod = local.rem_euclid(DAY);
    if (0..10_000).contains(&y) {
        push2(out, y / 100);
        push2(out, y % 100);
    } else {
        out.push_str(&y.to_string());
    }
    out.push('-');
    push2(out, i64::from(m));
    out.push('-');
    push2(out, i64::from(d));
    out.push('T');
    push2(out, sod / 3600);
    out.push(':');
    push2(out, sod / 60 % 60);
    out.push(':');
    push2(out, sod % 60);
    let (sign, o) = if offset < 0 {
        ('-', -i64::from(offset))
    } else {
        ('+', i64::from(offset))
    };
    out.push(sign);
    push2(out, o / 3600);
    out.push(':');
    push2(out, o / 60 % 60);
}

/// `t` as RFC 3339 in the zone `tz`.
#[must_use]
pub fn rfc3339(t: i64, tz: &Tz) -> String {
    let mut s = String::with_capacity(25);
    push_rfc3339(&mut s, t, offset_at(tz, t));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Amsterdam;

    #[test]
    fn parses_rfc3339_and_local() {
        let t = parse_instant("2026-11-20T16:30:00+01:00", &Amsterdam).unwrap();
        assert_eq!(t, 1_795_188_600);
        assert_eq!(parse_instant("2026-11-20 16:30", &Amsterdam).unwrap(), t);
        assert_eq!(parse_instant("2026-11-20T15:30:00Z", &Amsterdam).unwrap(), t);
        assert_eq!(parse_instant("2026-11-20T15:30:00.999Z", &Amsterdam).unwrap(), t);
        assert_eq!(rfc3339(t, &Amsterdam), "2026-11-20T16:30:00+01:00");
        assert_eq!(rfc3339(t, &chrono_tz::UTC), "2026-11-20T15:30:00+00:00");
    }

    #[test]
    fn rejects_bad_and_dst_gap_and_reports_fold() {
        for bad in ["tomorrow", "2026-11-20T25:00:00Z", "2026-11-20T10:00:60Z"] {
            assert!(
                matches!(parse_instant(bad, &Amsterdam), Err(TimeError::Malformed(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            parse_instant("2026-03-29 02:30", &Amsterdam),
            Err(TimeError::Nonexistent { .. })
        ));
        let err = parse_instant("2026-10-25 02:30", &Amsterdam).unwrap_err();
        assert!(
            err.to_string().contains("+02:00") && err.to_string().contains("+01:00"),
            "{err}"
        );
        assert!(matches!(
            parse_instant("1850-01-01T00:00:00Z", &Amsterdam),
            Err(TimeError::OutOfRange(_))
        ));
        assert_eq!(
            rfc3339(
                parse_instant("2026-06-01T00:00:00-09:30", &Amsterdam).unwrap(),
                &chrono_tz::Pacific::Marquesas
            ),
            "2026-06-01T00:00:00-09:30"
        );
    }

    #[test]
    fn days_that_do_not_exist_are_named() {
        let why = |t: &str| match parse_instant(t, &Amsterdam) {
            Err(TimeError::NoSuchDay { why, .. }) => why,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(
            why("2027-02-29 10:00"),
            "February 2027 has 28 days (2027 is not a leap year)"
        );
        assert_eq!(
            why("2100-02-29T10:00:00Z"),
            "February 2100 has 28 days (2100 is not a leap year)"
        );
        assert_eq!(why("2026-04-31 10:00"), "April 2026 has 30 days");
        assert_eq!(
            why("2026-13-01 10:00"),
            "there is no month 13 — months are 01 to 12"
        );
        assert_eq!(
            why("2026-00-10 10:00"),
            "there is no month 0 — months are 01 to 12"
        );
        assert_eq!(why("2026-01-00 10:00"), "January 2026 has 31 days");
        // Leap days of leap years, including the century rule.
        for ok in [
            "2028-02-29 10:00",
            "2000-02-29T00:00:00Z",
            "2024-02-29T23:59:59+14:00",
        ] {
            assert!(parse_instant(ok, &Amsterdam).is_ok(), "{ok}");
        }
    }

    #[test]
    fn offsets_at_the_edges_and_sub_second_input() {
        let utc = |t: &str| parse_instant(t, &Amsterdam).unwrap();
        assert_eq!(utc("2026-11-30T10:00:00+14:00"), utc("2026-11-29T20:00:00Z"));
        assert_eq!(utc("2026-11-29T10:00:00-12:00"), utc("2026-11-29T22:00:00Z"));
        // Fractions of a second are dropped (seconds are the engine's unit), not rounded.
        assert_eq!(
            utc("2026-11-30T08:00:59.999999999+01:00"),
            utc("2026-11-30T07:00:59Z")
        );
        assert_eq!(utc("2026-11-30 08:00:30"), utc("2026-11-30T07:00:30Z"));
        assert_eq!(utc("1900-01-01T00:00:00Z"), -2_208_988_800);
        assert!(matches!(
            parse_instant("0001-01-01T00:00:00Z", &Amsterdam),
            Err(TimeError::OutOfRange(_))
        ));
        assert!(matches!(
            parse_instant("2026-11-30T08:00:00+24:00", &Amsterdam),
            Err(TimeError::Malformed(_))
        ));
    }

    #[test]
    fn the_range_is_of_instants_not_of_written_years() {
        let berlin = chrono_tz::Europe::Berlin;
        for out in [
            "1900-01-01 00:30",
            "1900-01-01T00:30:00+01:00",
            "2299-12-31T23:59:59-12:00",
            "2299-12-31T23:59:59-00:01",
        ] {
            assert!(
                matches!(parse_instant(out, &berlin), Err(TimeError::OutOfRange(_))),
                "{out}"
            );
        }
        assert_eq!(parse_instant("1900-01-01 01:00", &berlin).unwrap(), FIRST_INSTANT);
        assert_eq!(
            parse_instant("2299-12-31T23:59:59Z", &berlin).unwrap(),
            END_INSTANT - 1
        );
        // The last instant, written in Berlin, is in 2300: still read (it is what slawatch
        // prints for it there), and so is the end itself, where a 24x7 deadline may land.
        assert_eq!(
            parse_instant("2300-01-01T00:59:59+01:00", &berlin),
            Ok(END_INSTANT - 1)
        );
        assert_eq!(parse_instant("2300-01-01 01:00", &berlin), Ok(END_INSTANT));
        assert!(matches!(
            parse_instant("2300-01-01 01:00:01", &berlin),
            Err(TimeError::OutOfRange(_))
        ));
        // 1900-01-01T00:00Z shown in Yellowknife (local mean time, -07:33:52) is in 1899.
        let yellowknife = chrono_tz::America::Yellowknife;
        let shown = rfc3339(FIRST_INSTANT, &yellowknife);
        assert!(shown.starts_with("1899-12-31T"), "{shown}");
        assert_eq!(parse_instant(&shown, &yellowknife), Ok(FIRST_INSTANT));
    }

    #[test]
    fn an_offset_with_seconds_still_names_the_instant() {
        // Monrovia kept local mean time, -00:44:30, until 1972.
        let tz = chrono_tz::Africa::Monrovia;
        let t = parse_instant("1971-01-01T12:00:00Z", &tz).unwrap();
        assert_eq!(offset_at(&tz, t), -2670);
        let shown = rfc3339(t, &tz);
        assert_eq!(shown, "1971-01-01T11:16:00-00:44");
        assert_eq!(parse_instant(&shown, &tz).unwrap(), t);
    }
}
