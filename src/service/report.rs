//! Running a report (or the forecast's history) against a store file: every core reads
//! its share of the jobs on its own connection and feeds a [`Builder`]; the parts merge
//! into one report. Shared by `slawatch report` and the dashboard's Reports view (the
//! pure figures are in `report`).

use std::collections::HashMap;
use std::path::Path;

use slawatch_core::job::Job;
use slawatch_core::policy::Policy;
use slawatch_core::report::forecast::{Forecast, History, HistoryBuilder, MIN_SAMPLES, forecast_open};
use slawatch_core::report::render::Evidence;
use slawatch_core::report::{Builder, Report, Spec};
use slawatch_store::{JobFilter, Store, StoreError, by_shares, cores};

/// The report of `spec` over the jobs matching `filter` (and of tier `tier`, if given).
///
/// # Errors
/// The store cannot be read.
pub fn build(
    path: &Path,
    policy: &Policy,
    spec: Spec,
    filter: &JobFilter,
    tier: Option<&str>,
    now: i64,
) -> Result<Report, StoreError> {
    let ranges = Store::open_existing(path)?.id_ranges(cores())?;
    let parts = by_shares(path, ranges, |conn, range| {
        conn.stream_reads()?;
        let mut b = Builder::new(policy, spec, now);
        let f = JobFilter {
            ids: Some(range),
            lean: true,
            ..filter.clone()
        };
        conn.scan_jobs(&f, |row| {
            if tier.is_none_or(|t| row.tier.eq_ignore_ascii_case(t)) {
                b.add(row);
            }
        })?;
        b.seal();
        Ok(b)
    })?;
    // The first share is the start: merging it into an empty builder would copy it all.
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_else(|| Builder::new(policy, spec, now));
    for p in parts {
        all.merge(p);
    }
    Ok(all.finish())
}

/// What the report can prove about its data: the event chain checked now (unless
/// `verify` is false), the filters, when it was made.
///
/// # Errors
/// The store cannot be read.
pub fn evidence(path: &Path, filters: Vec<String>, verify: bool, now: i64) -> Result<Evidence, StoreError> {
    let (chain_ok, chain) = if verify {
        let store = Store::open_existing(path)?;
        store.stream_reads()?;
        let v = store.verify()?;
        if v.ok() {
            (
                true,
                format!(
                    "verified — {} events in an unbroken chain, {} jobs agree with them",
                    v.events, v.jobs
                ),
            )
        } else {
            (
                false,
                format!(
                    "NOT VERIFIED — {}",
                    v.problems.first().map_or("", |p| p.message.as_str())
                ),
            )
        }
    } else {
        (false, "not verified for this report (--no-verify)".to_owned())
    };
    Ok(Evidence {
        chain_ok,
        chain,
        generated_at: now,
        filters,
    })
}

/// The history of every transition in the store that ended by `upto`, each core
/// reading its share of the jobs on its own connection.
///
/// # Errors
/// The store cannot be read.
pub fn load_history(path: &Path, policy: &Policy, upto: i64) -> Result<History, StoreError> {
    let ranges = Store::open_existing(path)?.id_ranges(cores())?;
    let parts = by_shares(path, ranges, |conn, range| {
        conn.stream_reads()?;
        let mut b = HistoryBuilder::new(MIN_SAMPLES);
        conn.each_lean_job(range, |j| b.add_job(policy, &j, upto))?;
        Ok(b.finish())
    })?;
    let mut all = History::new(MIN_SAMPLES);
    for p in parts {
        all.absorb(p);
    }
    Ok(all)
}

/// The forecast the dashboard marks for each open job at risk at `now`: the one with the
/// largest expected overrun. Reads every open job and the store's whole history.
///
/// # Errors
/// The store cannot be read.
pub fn worst_at_risk(path: &Path, policy: &Policy, now: i64) -> Result<HashMap<i64, Forecast>, StoreError> {
    // Only what judging needs: not every open job's summary and site again.
    let open = Store::open_existing(path)?.jobs(&JobFilter {
        open_only: true,
        lean: true,
        ..JobFilter::default()
    })?;
    let history = load_history(path, policy, now)?;
    Ok(at_risk(policy, &history, &open, now)
        .into_iter()
        .filter_map(|(job, fs)| fs.into_iter().max_by_key(|f| f.overrun).map(|f| (job, f)))
        .collect())
}

/// The at-risk forecasts of each open job at `now`, by job id. `open` must be every open
/// job: the technicians' queues count them all.
#[must_use]
pub fn at_risk<'a>(
    policy: &'a Policy,
    history: &History,
    open: impl IntoIterator<Item = &'a Job>,
    now: i64,
) -> HashMap<i64, Vec<Forecast>> {
    let mut out: HashMap<i64, Vec<Forecast>> = HashMap::new();
    for f in forecast_open(policy, history, open, now) {
        if f.at_risk {
            out.entry(f.job).or_default().push(f);
        }
    }
    out
}
