//! Proleptic Gregorian date arithmetic on plain integers.
//!
//! The calendar engine works in Unix seconds; these helpers turn day numbers into
//! dates and back without going through chrono, which keeps the hot paths
//! (batch mode, year lookup) free of allocation and table lookups.

/// Seconds in a civil day.
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 of the given civil date (month 1..=12, day 1..=31).
#[must_use]
pub const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Shift the year so that it starts in March: the leap day is then the last
    // day of the shifted year and month lengths follow a fixed pattern.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day number (days since 1970-01-01).
#[must_use]
pub const fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// The civil year that contains the Unix instant `t` (in UTC).
#[must_use]
pub const fn year_of(t: i64) -> i64 {
    civil_from_days(t.div_euclid(DAY)).0
}

/// Weekday of a day number, Monday = 0 … Sunday = 6.
#[must_use]
pub const fn weekday_from_days(days: i64) -> usize {
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    (days + 3).rem_euclid(7) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_from_1900_to_2300() {
        let start = days_from_civil(1900, 1, 1);
        let end = days_from_civil(2300, 1, 1);
        let mut expected = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        for d in start..end {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
            let got = chrono::NaiveDate::from_ymd_opt(y as i32, m, day).unwrap();
            assert_eq!(got, expected, "day number {d}");
            assert_eq!(
                weekday_from_days(d),
                chrono::Datelike::weekday(&got).num_days_from_monday() as usize
            );
            expected = expected.succ_opt().unwrap();
        }
    }

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(year_of(-1), 1969);
        assert_eq!(year_of(days_from_civil(2026, 12, 31) * DAY + DAY - 1), 2026);
    }
}
