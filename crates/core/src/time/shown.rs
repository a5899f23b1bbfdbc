//! Instants as people read them: a screen's short times (`Tue 13:19`, with the date
//! beyond six days), the dashboard's running clock, and the full form of messages.
//! (RFC 3339 for scripts is `instant`.)

use chrono_tz::Tz;

use crate::time::civil::DAY;

/// `t` as `Mon 2026-11-23 17:00` in `tz`, for people.
#[must_use]
pub fn human(t: i64, tz: &Tz) -> String {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(dt) => dt.with_timezone(tz).format("%a %Y-%m-%d %H:%M %Z").to_string(),
        None => t.to_string(),
    }
}

/// How far from `now` a time may be and still be named by its weekday alone.
const WEEKDAY_ONLY: i64 = 6 * DAY;

/// `t` as people read a time on a screen, in `tz`: `Tue 13:19` within six days of
/// `now`, `Mon 2026-12-21 13:19` further away (in either direction) — the date that
/// [`human`] writes, without the zone. The one short style of the dashboard, the
/// command line and alert texts.
#[must_use]
pub fn when(t: i64, now: i64, tz: &Tz) -> String {
    if (t - now).abs() > WEEKDAY_ONLY {
        return dated(t, tz);
    }
    formatted(t, tz, "%a %H:%M")
}

/// `t` as `Mon 2026-12-21 13:19` in `tz`: [`when`]'s form with the date, for lines read
/// long after they were written (a log of alerts).
#[must_use]
pub fn dated(t: i64, tz: &Tz) -> String {
    formatted(t, tz, "%a %Y-%m-%d %H:%M")
}

fn formatted(t: i64, tz: &Tz, format: &str) -> String {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(dt) => dt.with_timezone(tz).format(format).to_string(),
        None => t.to_string(),
    }
}

/// `Mon 12:30:09` in `tz`: the dashboard's running clock (the one display with seconds).
#[must_use]
pub fn clock(t: i64, tz: &Tz) -> String {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(dt) => dt.with_timezone(tz).format("%a %H:%M:%S").to_string(),
        None => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::instant::parse_instant;
    use chrono_tz::Europe::Amsterdam;

    #[test]
    fn times_within_six_days_by_weekday_further_with_their_date() {
        let now = parse_instant("2026-11-23 12:30", &Amsterdam).unwrap();
        let t = |s: &str| parse_instant(s, &Amsterdam).unwrap();
        assert_eq!(when(t("2026-11-24 13:19"), now, &Amsterdam), "Tue 13:19");
        assert_eq!(when(t("2026-11-29 12:30"), now, &Amsterdam), "Sun 12:30");
        assert_eq!(
            when(t("2026-12-07 17:00"), now, &Amsterdam),
            "Mon 2026-12-07 17:00"
        );
        assert_eq!(
            when(t("2026-11-16 09:00"), now, &Amsterdam),
            "Mon 2026-11-16 09:00",
            "long ago too"
        );
        assert_eq!(clock(now + 9, &Amsterdam), "Mon 12:30:09");
    }
}
