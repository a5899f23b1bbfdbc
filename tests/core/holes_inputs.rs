//! Issue 15, pure policy cases: policy values that loaded but misled — warning thresholds
//! that took the breach's place, fees without bound, calendars that are never open.

use slawatch_core::policy::{Diagnostic, parse_policy};

const BASE: &str = r#"display_timezone = "UTC"

[calendars.office]
timezone = "UTC"
mon = ["08:00-17:00"]
tue = ["08:00-17:00"]

[tiers.standard]
calendar = "office"
respond = "4h"
resolve = "3bd"
warn = [0.5, 0.9]

[[contracts]]
id = "ACME"
customer = "Acme Corp"
rules = [ { tier = "standard" } ]
credit = { monthly_fee = 12000, per_breach = 0.02, cap = 0.20 }
"#;

fn planted(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "`{from}` not in BASE");
    BASE.replacen(from, to, 1)
}

/// Line and column (1-based) of the first `needle` in `src`.
fn place_of(src: &str, needle: &str) -> (usize, usize) {
    let at = src
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in source"));
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The one diagnostic of `src`, which must be at `needle` and say `message`.
fn one_problem(src: &str, needle: &str, message: &str) -> Diagnostic {
    let diags = match parse_policy("sla.toml", src) {
        Ok(_) => panic!("policy unexpectedly valid:\n{src}"),
        Err(e) => e.diagnostics,
    };
    assert_eq!(diags.len(), 1, "expected one problem, got {diags:#?}");
    let d = diags.into_iter().next().unwrap();
    assert_eq!((d.line, d.col), place_of(src, needle), "place of {d:#?}");
    assert!(d.message.contains(message), "`{}` lacks `{message}`", d.message);
    d
}

#[test]
fn base_is_valid() {
    parse_policy("sla.toml", BASE).unwrap();
}

/// Thresholds are recorded by thousandths of the window: 0.9996 was the breach's own
/// key, so the breach was never recorded; 0.5 and 0.5004 were one alert.
#[test]
fn warning_thresholds_that_share_a_key_are_refused() {
    let src = planted("warn = [0.5, 0.9]", "warn = [0.5, 0.9996]");
    let d = one_problem(&src, "0.9996", "warn threshold 0.9996 is the breach");
    assert!(d.hint.contains("0.999"), "{d:?}");
    let src = planted("warn = [0.5, 0.9]", "warn = [0.5, 0.5004]");
    let d = one_problem(&src, "0.5004", "warn threshold 0.5004 is the same alert as 0.5");
    assert!(d.hint.contains("0.001"), "{d:?}");
    // Tenths of a percent apart stay apart; the last thousandth below the breach is kept.
    let p = parse_policy(
        "sla.toml",
        &planted("warn = [0.5, 0.9]", "warn = [0.5, 0.501, 0.999]"),
    )
    .unwrap();
    assert_eq!(p.tiers["standard"].warn, [0.5, 0.501, 0.999]);
}

#[test]
fn monthly_fees_are_finite_and_bounded() {
    for fee in ["inf", "1e308", "1.5e12"] {
        let src = planted("monthly_fee = 12000", &format!("monthly_fee = {fee}"));
        let d = one_problem(&src, fee, &format!("monthly_fee {fee} is more than"));
        assert!(d.hint.contains("1,000,000,000,000"), "{d:?}");
    }
    let src = planted("monthly_fee = 12000", "monthly_fee = nan");
    one_problem(&src, "nan", "monthly_fee nan must be more than 0");
    parse_policy("sla.toml", &planted("monthly_fee = 12000", "monthly_fee = 1e12")).unwrap();
}

/// Closed every day of the week, said in any of the ways TOML allows, or only by
/// special days: refused at the calendar. Closed weekends, `always = true` and holidays
/// on an open calendar are legitimate.
#[test]
fn calendars_closed_every_day_are_refused_and_real_ones_kept() {
    let week = "mon = [\"08:00-17:00\"]\ntue = [\"08:00-17:00\"]\n";
    for closed in [
        "mon = []\ntue = []\nwed = []\nthu = []\nfri = []\nsat = []\nsun = []\n",
        "",
        "always = false\n",
        "special = [{ date = \"2026-12-01\", hours = [] }]\n",
    ] {
        let src = planted(week, closed);
        one_problem(&src, "office]", "calendar `office` is never open");
    }
    for open in [
        "mon = [\"08:00-17:00\"]\nsat = []\nsun = []\nholidays = [\"2026-12-07\"]\n",
        "always = true\nholidays = [\"2026-12-25\"]\n",
        "sun = [\"00:00-00:01\"]\n",
    ] {
        let src = planted(week, open);
        parse_policy("sla.toml", &src).unwrap_or_else(|e| panic!("{open}: {e}"));
    }
}

/// `holidays = [...]` of every Monday and Tuesday (the office's days) from `from` to the
/// end of `to_year`.
fn office_days_as_holidays(from: chrono::NaiveDate, to_year: i32) -> String {
    use chrono::Datelike;
    let mut days = Vec::new();
    let mut d = from;
    while d.year() <= to_year {
        if d.weekday().num_days_from_monday() < 2 {
            days.push(format!("\"{d}\""));
        }
        d = d.succ_opt().unwrap();
    }
    format!("holidays = [{}]\n", days.join(", "))
}

/// Issue 15: a calendar whose every opening day, from some date to the end of the range,
/// is a holiday passed `policy check`; its deadlines after that date never came.
#[test]
fn a_calendar_whose_every_open_day_is_a_holiday_is_refused() {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let week = "mon = [\"08:00-17:00\"]\ntue = [\"08:00-17:00\"]\n";
    let closed = format!("{week}{}", office_days_as_holidays(start, 2299));
    let src = planted(week, &closed);
    one_problem(
        &src,
        "office]",
        "is closed on every day from 2026-12-07 to the end of 2299",
    );
    // The same, 24x7: every day a holiday from 2290 on.
    let mut all = Vec::new();
    let mut d = chrono::NaiveDate::from_ymd_opt(2290, 1, 1).unwrap();
    while d <= chrono::NaiveDate::from_ymd_opt(2299, 12, 31).unwrap() {
        all.push(format!("\"{d}\""));
        d = d.succ_opt().unwrap();
    }
    let src = planted(week, &format!("always = true\nholidays = [{}]\n", all.join(", ")));
    one_problem(&src, "office]", "is closed on every day from 2290-01-01");
    // A year of holidays on the office's days is odd, but it opens again after it.
    let year = format!("{week}{}", office_days_as_holidays(start, 2027));
    parse_policy("sla.toml", &planted(week, &year)).unwrap();
}
