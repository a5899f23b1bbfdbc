//! Instants as Unix seconds: parsing what people and scripts type, and RFC 3339 output.
//!
//! Seconds are the unit of the whole engine ("seconds count"); sub-second parts of
//! input are dropped. The parser has a fast path for the exact RFC 3339 shape so that
//! batch mode can read a million lines a second, and falls back to local wall time in
//! a given zone for `YYYY-MM-DD HH:MM`.

use chrono::{LocalResult, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

use crate::calendar::{HORIZON_END, HORIZON_START};
use crate::civil::{DAY, civil_from_days, days_from_civil};

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
    #[error("`{0}` is outside the years {FIRST_YEAR}–{LAST_YEAR} (UTC) that slawatch handles")]
    OutOfRange(String),
}

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
    let f = scan(text).ok_or_else(|| TimeError::Malformed(text.to_owned()))?;
    // The range is one of instants (the engine's, 1900-01-01T00:00Z up to 2300-01-01T00:00Z),
    // not of written years: 1900-01-01T00:00Z shown west of UTC is 1899-12-31, and
    // 2299-12-31 23:59 in Belize is already 2300 in UTC. What slawatch prints in any zone must
    // read back, and nothing it reads may lie outside what the engine handles.
    let out_of_range = || TimeError::OutOfRange(text.to_owned());
    if !(FIRST_YEAR - 1..=LAST_YEAR + 1).contains(&f.year) {
        return Err(out_of_range());
    }
    match resolve(text, &f, zone) {
        Ok(t) if (HORIZON_START..=HORIZON_END).contains(&t) => Ok(t),
        Err(e) if (FIRST_YEAR..=LAST_YEAR).contains(&f.year) => Err(e),
        Ok(_) | Err(_) => Err(out_of_range()),
    }
}

/// The instant of scanned fields: their own offset, or else their wall time in `zone`.
fn resolve(text: &str, f: &Fields, zone: &Tz) -> Result<i64, TimeError> {
    let wall = days_from_civil(f.year, f.month, f.day) * DAY + f.secs;
    if let Some(o) = f.offset {
        return Ok(wall - o);
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
        LocalResult::Single(dt) => Ok(dt.timestamp()),
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
pub fn push_rfc3339(out: &mut String, t: i64, offset: i32) {
    // RFC 3339 offsets have no seconds, but old offsets had them (Monrovia was -00:44:30 until
    // 1972): show the offset cut to whole minutes and the wall time in that offset, so
    // that the text still names exactly `t`.
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

/// `t` as `Mon 2026-11-23 17:00` in `tz`, for people.
#[must_use]
pub fn human(t: i64, tz: &Tz) -> String {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(dt) => dt.with_timezone(tz).format("%a %Y-%m-%d %H:%M %Z").to_string(),
        None => t.to_string(),
    }
}

/// `Mon 23 17:00` in `tz`: compact, for pickers and lists.
#[must_use]
pub fn short_time(t: i64, tz: &Tz) -> String {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(dt) => dt.with_timezone(tz).format("%a %d %H:%M").to_string(),
        None => t.to_string(),
    }
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
        for bad in [
            "2026-13-01 10:00",
            "2026-02-29 10:00",
            "tomorrow",
            "2026-11-20T25:00:00Z",
        ] {
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

    /// Found by fuzzing: an accepted time printed in a zone west of UTC fell in 1899 and
    /// was refused when read back.
    #[test]
    fn the_edges_of_the_range_read_back_in_every_zone() {
        let yellowknife = chrono_tz::America::Yellowknife;
        let start = parse_instant("1900-01-01T00:00:00Z", &yellowknife).unwrap();
        let shown = rfc3339(start, &yellowknife);
        assert!(shown.starts_with("1899-12-31T"), "{shown}");
        assert_eq!(parse_instant(&shown, &yellowknife), Ok(start));
        let end = parse_instant("2300-01-01T00:00:00Z", &Amsterdam).unwrap();
        assert_eq!(parse_instant(&rfc3339(end, &Amsterdam), &Amsterdam), Ok(end));
        for outside in [
            "1899-12-31T23:59:59Z",
            "2300-01-01T00:00:01Z",
            "2300-01-01 01:00:01",
            "1899-06-01 12:00",
        ] {
            assert!(
                matches!(parse_instant(outside, &Amsterdam), Err(TimeError::OutOfRange(_))),
                "{outside}"
            );
        }
    }

    /// Found by fuzzing: old offsets have seconds (Monrovia -00:44:30 until 1972), which
    /// RFC 3339 cannot write; the seconds were dropped and the text named another instant.
    #[test]
    fn offsets_with_seconds_print_the_same_instant() {
        let monrovia = chrono_tz::Africa::Monrovia;
        let t = parse_instant("1920-06-01T12:00:00Z", &monrovia).unwrap();
        assert_eq!(offset_at(&monrovia, t), -(44 * 60 + 30));
        let shown = rfc3339(t, &monrovia);
        assert_eq!(shown, "1920-06-01T11:16:00-00:44");
        assert_eq!(parse_instant(&shown, &monrovia), Ok(t));
    }
}
