//! `[calendars.NAME]`: zone, weekly hours, holidays and special days.

use std::collections::BTreeMap;

use serde_spanned::Spanned;
use toml::de::DeString;

use super::load::{Cx, Value};
use crate::calendar::spec::WEEKDAYS;
use crate::calendar::{CalendarSpec, LocalInterval};

const KEYS: &[&str] = &[
    "timezone",
    "always",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "holidays",
    "special",
    "description",
];

/// Reads one calendar; `None` (with diagnostics) when it is not usable.
pub fn calendar(cx: &mut Cx<'_>, key: &Spanned<DeString<'_>>, v: &Value<'_>) -> Option<CalendarSpec> {
    let name = key.get_ref().to_string();
    let place = format!("calendar `{name}`");
    let t = cx.table(v, &place)?;
    let before = cx.d.list.len();
    cx.check_keys(t, KEYS, &place);

    let tz = match t.get("timezone") {
        Some(v) => cx.tz(v, &format!("{place} timezone")),
        None => {
            cx.err(
                key.span(),
                format!("{place} has no `timezone`"),
                "add `timezone = \"Europe/Amsterdam\"` (an IANA zone name)",
            );
            None
        }
    };
    let always = t
        .get("always")
        .and_then(|v| cx.boolean(v, &format!("{place} always")))
        .unwrap_or(false);

    let mut week: [Vec<LocalInterval>; 7] = Default::default();
    let mut any_day = None;
    for (i, day) in WEEKDAYS.iter().enumerate() {
        if let Some(v) = t.get(*day) {
            any_day.get_or_insert(v.span());
            week[i] = hours(cx, v, &format!("{place} {day}"));
        }
    }
    if always && let Some(span) = any_day {
        cx.err(
            span,
            format!("{place} has `always = true` and weekday hours"),
            "remove the weekday hours, or remove `always = true`",
        );
    }

    let mut holidays = BTreeMap::new();
    if let Some(v) = t.get("holidays")
        && let Some(items) = cx.array(v, &format!("{place} holidays"))
    {
        for item in items {
            let (date, label) = match item.get_ref() {
                toml::de::DeValue::Table(ht) => {
                    cx.check_keys(ht, &["date", "name"], &format!("a holiday of {place}"));
                    let date = match ht.get("date") {
                        Some(d) => cx.date(d, "holiday date"),
                        None => {
                            cx.err(
                                item.span(),
                                "holiday without `date`",
                                "write { date = \"2026-12-25\", name = \"Christmas Day\" }",
                            );
                            None
                        }
                    };
                    let label = ht.get("name").and_then(|n| cx.name(n, "holiday name"));
                    (date, label)
                }
                _ => (cx.date(item, "holiday"), None),
            };
            if let Some(date) = date
                && holidays.insert(date, label).is_some()
            {
                cx.err(
                    item.span(),
                    format!("holiday {date} is listed twice in {place}"),
                    "remove one of them",
                );
            }
        }
    }

    let mut special = BTreeMap::new();
    if let Some(v) = t.get("special")
        && let Some(items) = cx.array(v, &format!("{place} special"))
    {
        for item in items {
            let Some(st) = cx.table(item, "a special day") else {
                continue;
            };
            cx.check_keys(
                st,
                &["date", "hours", "name"],
                &format!("a special day of {place}"),
            );
            let date = match st.get("date") {
                Some(d) => cx.date(d, "special day date"),
                None => {
                    cx.err(
                        item.span(),
                        "special day without `date`",
                        "write { date = \"2026-12-24\", hours = [\"08:00-12:00\"] }",
                    );
                    None
                }
            };
            let hrs = match st.get("hours") {
                Some(h) => hours(cx, h, &format!("{place} special day")),
                None => {
                    cx.err(
                        item.span(),
                        "special day without `hours`",
                        "add hours = [\"08:00-12:00\"], or hours = [] to close the day (or list it under holidays)",
                    );
                    Vec::new()
                }
            };
            let label = st.get("name").and_then(|n| cx.name(n, "special day name"));
            if let Some(date) = date {
                if holidays.contains_key(&date) {
                    cx.err(
                        item.span(),
                        format!("{date} is both a holiday and a special day in {place}"),
                        "keep only one of them",
                    );
                } else if special.insert(date, (hrs, label)).is_some() {
                    cx.err(
                        item.span(),
                        format!("special day {date} is listed twice in {place}"),
                        "merge the two entries",
                    );
                }
            }
        }
    }

    let tz = tz?;
    if cx.d.list.len() > before {
        return None;
    }
    let spec = if always {
        let mut s = CalendarSpec::always(&name, tz);
        s.holidays = holidays;
        s.special = special;
        s
    } else {
        CalendarSpec {
            name: name.clone(),
            tz,
            week,
            holidays,
            special,
            always: false,
        }
    };
    if spec.never_open() {
        cx.err(
            key.span(),
            format!("{place} is never open, so no deadline on it could ever be reached"),
            "add opening hours like mon = [\"08:00-17:00\"], or `always = true` for 24x7",
        );
        return None;
    }
    // Holidays (and closed special days) on every day it would open, to the end of the
    // range: as never open, from then on.
    if let Some(from) = spec.closed_for_good_from() {
        cx.err(
            key.span(),
            format!(
                "{place} is closed on every day from {from} to the end of 2299 (its holidays and closed special days cover every day it would open), so no deadline after {from} could ever be reached"
            ),
            "list only the real holidays, or add opening hours on days that are not holidays",
        );
        return None;
    }
    // Open on a few dates only: a deadline past the last of them could never be reached.
    if !spec.always && spec.week.iter().all(Vec::is_empty) {
        let last = spec
            .special
            .iter()
            .rev()
            .find(|(_, (h, _))| !h.is_empty())
            .map(|(d, _)| d.to_string())
            .unwrap_or_default();
        cx.err(
            key.span(),
            format!(
                "{place} is open only on its special days, the last on {last}: no deadline after that could ever be reached"
            ),
            "add weekly opening hours like mon = [\"08:00-17:00\"], or `always = true` for 24x7",
        );
        return None;
    }
    Some(spec)
}

/// A list of `"HH:MM-HH:MM"` intervals, checked for order and overlap.
fn hours(cx: &mut Cx<'_>, v: &Value<'_>, place: &str) -> Vec<LocalInterval> {
    let Some(items) = cx.array(v, place) else {
        return Vec::new();
    };
    let mut out: Vec<(LocalInterval, std::ops::Range<usize>)> = Vec::new();
    for item in items {
        let Some(text) = cx.string(item, &format!("an interval of {place}")) else {
            continue;
        };
        match parse_interval(&text) {
            Ok(iv) => out.push((iv, item.span())),
            Err((msg, hint)) => cx.err(item.span(), format!("{place}: {msg}"), hint),
        }
    }
    out.sort_by_key(|(iv, _)| iv.start);
    for w in out.windows(2) {
        let ((a, _), (b, span)) = (&w[0], &w[1]);
        if b.start < a.end {
            cx.err(
                span.clone(),
                format!("{place}: `{}` overlaps `{}`", b.label(), a.label()),
                "make the intervals disjoint, or merge them into one",
            );
        }
    }
    out.into_iter().map(|(iv, _)| iv).collect()
}

fn parse_clock(s: &str, is_end: bool) -> Result<u32, (String, String)> {
    let bad = || {
        (
            format!("`{s}` is not a time of day"),
            "write times as HH:MM, 00:00 to 23:59 (24:00 only as an end)".to_owned(),
        )
    };
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m > 59 || h > 24 || (h == 24 && (m != 0 || !is_end)) {
        return Err(bad());
    }
    Ok(h * 3600 + m * 60)
}

/// `"08:00-12:00"` → seconds from midnight.
pub fn parse_interval(text: &str) -> Result<LocalInterval, (String, String)> {
    let Some((a, b)) = text.split_once('-') else {
        return Err((
            format!("`{text}` is not an interval"),
            "write an interval as \"08:00-12:00\"".to_owned(),
        ));
    };
    let start = parse_clock(a.trim(), false)?;
    let end = parse_clock(b.trim(), true)?;
    if end <= start {
        return Err((
            format!("`{text}` ends before it starts"),
            "the end must be later the same day; split a night shift as \"22:00-24:00\" and \"00:00-06:00\" on the next day".to_owned(),
        ));
    }
    Ok(LocalInterval { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        assert_eq!(
            parse_interval("08:00-12:00"),
            Ok(LocalInterval {
                start: 28_800,
                end: 43_200
            })
        );
        assert_eq!(
            parse_interval("00:00-24:00"),
            Ok(LocalInterval {
                start: 0,
                end: 86_400
            })
        );
        assert!(parse_interval("25:00-26:00").unwrap_err().0.contains("`25:00`"));
        assert!(
            parse_interval("12:00-08:00")
                .unwrap_err()
                .0
                .contains("ends before")
        );
        assert!(parse_interval("24:00-24:00").is_err());
        assert!(parse_interval("8").is_err());
        assert!(parse_interval("08:60-09:00").is_err());
    }
}
