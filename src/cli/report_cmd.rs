//! `slawatch report`: compliance figures over a date range, in five formats.

use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::args::{Global, ReportArgs};
use super::names::{self, Kind};
use super::{CliResult, Failure, db_path, policy};
use slawatch_core::report::render::{Format, Section, render};
use slawatch_core::report::{GroupBy, Spec};
use slawatch_store::JobFilter;

/// `--from` and `--to` as `[from, to)`; an empty range is refused.
pub(crate) fn date_range(from: &str, to: &str, tz: &Tz) -> Result<(i64, i64), Failure> {
    let start = range_bound(from, tz, false, "--from")?;
    let end = range_bound(to, tz, true, "--to")?;
    if end <= start {
        return Err(Failure::BadInput(format!(
            "--to {to} is not after --from {from}: the range would be empty"
        )));
    }
    Ok((start, end))
}

/// The start of a local date, or an instant; `end` moves a bare date to the next
/// midnight (`--to 2026-10-31` includes the 31st).
fn range_bound(s: &str, tz: &Tz, end: bool, flag: &str) -> Result<i64, Failure> {
    if let Ok(d) = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        let day = if end { d.succ_opt().unwrap_or(d) } else { d };
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        return tz
            .from_local_datetime(&midnight)
            .earliest()
            .map(|t| t.timestamp())
            .ok_or_else(|| Failure::BadInput(format!("{flag} {s}: that midnight does not exist in {tz}")));
    }
    slawatch_core::time::instant::parse_instant(s, tz).map_err(|e| {
        Failure::BadInput(format!(
            "{flag} {s}: {e} — give a date (2026-10-01) or a time (2026-10-01 08:00, RFC 3339)"
        ))
    })
}

/// `--month 2026-11` as its first day.
fn parse_month(s: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d").map_err(|_| {
        Failure::BadInput(format!(
            "--month {}: not a month — write year and month, e.g. 2026-11",
            slawatch_core::text::inert(s, 40)
        ))
    })
}

/// The first day of the month before the one `now` falls in, in `tz`.
fn last_month(now: i64, tz: &Tz) -> NaiveDate {
    let today = tz
        .timestamp_opt(now, 0)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let first = today.with_day(1).unwrap_or(today);
    first.pred_opt().and_then(|d| d.with_day(1)).unwrap_or(first)
}

/// The month starting on `first` as `[its first midnight, the next month's)`, read in
/// `tz` exactly as `--from FIRST --to LAST-DAY` is.
fn month_range(first: NaiveDate, tz: &Tz) -> Result<(i64, i64), Failure> {
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| Failure::BadInput(format!("--month {first}: beyond the calendar")))?;
    let last = next.pred_opt().unwrap_or(first);
    date_range(&first.to_string(), &last.to_string(), tz)
}

pub(crate) fn report(global: &Global, a: &ReportArgs) -> CliResult {
    let policy = policy(global)?;
    let tz = policy.display_tz;
    let by = GroupBy::parse(&a.by).ok_or_else(|| {
        Failure::BadInput(format!(
            "--by {}: group by one of {}",
            a.by,
            GroupBy::NAMES.join(", ")
        ))
    })?;
    let format = Format::parse(&a.format).ok_or_else(|| {
        Failure::BadInput(format!(
            "--format {}: one of {}",
            a.format,
            Format::NAMES.join(", ")
        ))
    })?;
    let section = match a.section.as_str() {
        "summary" => Section::Summary,
        "breaches" => Section::Breaches,
        "credits" => Section::Credits,
        other => {
            return Err(Failure::BadInput(format!(
                "--section {other}: one of summary, breaches, credits (the table a CSV holds)"
            )));
        }
    };
    let (from, to) = match (&a.from, &a.to, &a.month) {
        (Some(from), Some(to), _) => date_range(from, to, &tz)?,
        (_, _, Some(m)) => month_range(parse_month(m)?, &tz)?,
        // clap lets through only --from with --to, --month, or --last-month.
        _ => month_range(last_month(crate::service::clock::now(), &tz), &tz)?,
    };
    if let Some(t) = &a.tier
        && policy.tier(t).is_none()
    {
        return Err(Failure::BadInput(format!(
            "--tier {t}: the policy has no such tier (it has {})",
            policy.tiers.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let path = db_path(global)?;
    // Report filters stay exact (`acme` must not add two customers up), but a typo is
    // said instead of an empty report that looks like a perfect month.
    let (stored_customers, stored_techs) = names::stored(&path)?;
    if let Some(c) = &a.customer {
        names::exact_filter(
            Kind::Customer,
            "--customer",
            c,
            &names::customers(&policy, &stored_customers),
        )?;
    }
    if let Some(t) = &a.tech {
        names::exact_filter(
            Kind::Technician,
            "--tech",
            t,
            &names::technicians(&policy, &stored_techs),
        )?;
    }
    let now = crate::service::clock::now();
    let filter = JobFilter {
        customer: a.customer.clone(),
        contract: a.contract.clone(),
        technician: a.tech.clone(),
        from: Some(from),
        to: Some(to),
        ..JobFilter::default()
    };
    let spec = Spec { from, to, by };
    let (report, head, moved_from) =
        crate::service::report::build_at_head(&path, &policy, spec, &filter, a.tier.as_deref(), now)?;
    let mut filters = Vec::new();
    for (what, v) in [
        ("customer", &a.customer),
        ("contract", &a.contract),
        ("tier", &a.tier),
        ("technician", &a.tech),
    ] {
        if let Some(v) = v {
            filters.push(format!("{what} {v}"));
        }
    }
    let mut evidence =
        crate::service::report::evidence(&path, (head, moved_from), filters, !a.no_verify, now)?;
    evidence.corrections =
        crate::service::report::corrections(&path, &filter, a.tier.as_deref(), (from, to))?;
    let text = render(&report, &evidence, format, section, &tz);
    match &a.out {
        Some(out) => crate::service::files::write(out, text.as_bytes())?,
        None => super::emit(text.trim_end_matches('\n'))?,
    }
    // The process ends after the report: freeing a million jobs' figures and breaches
    // one by one would only delay the prompt.
    std::mem::forget(report);
    Ok(())
}
