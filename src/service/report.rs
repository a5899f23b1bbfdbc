//! Running a report (or the forecast's history) against a store file: every core reads
//! its share of the jobs on its own connection and feeds a [`Builder`]; the parts merge
//! into one report. Shared by `slawatch report` and the dashboard's Reports view (the
//! pure figures are in `report`).

use std::collections::HashMap;
use std::path::Path;

use slawatch_core::job::{ChainHead, Job};
use slawatch_core::policy::Policy;
use slawatch_core::report::forecast::{Forecast, History, HistoryBuilder, MIN_SAMPLES, forecast_open};
use slawatch_core::report::render::{Correction, Evidence};
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

/// [`build`], with the chain head its data stands for, and the head when reading began
/// if a write moved it meanwhile. The shares read on connections of their own, so no one
/// transaction covers them: the head is read before and after, and while a write came
/// between, the report is built again (every change to a job appends an event, so an
/// unmoved head means the data read is exactly the store at that head).
///
/// # Errors
/// The store cannot be read.
pub fn build_at_head(
    path: &Path,
    policy: &Policy,
    spec: Spec,
    filter: &JobFilter,
    tier: Option<&str>,
    now: i64,
) -> Result<(Report, ChainHead, Option<ChainHead>), StoreError> {
    const TRIES: usize = 3;
    let store = Store::open_existing(path)?;
    let mut before = store.chain_head()?;
    let mut tries = 0;
    loop {
        let report = build(path, policy, spec, filter, tier, now)?;
        let after = store.chain_head()?;
        tries += 1;
        if after == before {
            return Ok((report, after, None));
        }
        if tries == TRIES {
            return Ok((report, after, Some(before)));
        }
        before = after;
    }
}

/// What the report can prove about its data at chain head `head` (read with the data,
/// by [`build_at_head`]; `moved_from` if a write came between): the event chain checked
/// now (unless `verify` is false), the filters, when it was made.
///
/// # Errors
/// The store cannot be read.
pub fn evidence(
    path: &Path,
    (head, moved_from): (ChainHead, Option<ChainHead>),
    filters: Vec<String>,
    verify: bool,
    now: i64,
) -> Result<Evidence, StoreError> {
    let check = format!("`slawatch verify --head {head}` proves later that they are unchanged");
    let read = moved_from.map_or_else(String::new, |from| {
        format!(" (the store was written while this report was read: its data lies between heads {from} and {head})")
    });
    let (chain_ok, chain) = if verify {
        let store = Store::open_existing(path)?;
        store.stream_reads()?;
        let v = store.verify()?;
        if v.ok() {
            (
                true,
                format!(
                    "verified — chain head {head}{read}: its {} events form an unbroken chain of hashes from the first, {} jobs agree with the events, the append-only triggers are in place; {check}",
                    head.events, v.jobs
                ),
            )
        } else {
            (
                false,
                format!(
                    "NOT VERIFIED — {}; chain head {head}{read} as read",
                    v.problems.first().map_or("", |p| p.message.as_str())
                ),
            )
        }
    } else {
        (
            false,
            format!(
                "not verified for this report (--no-verify); chain head {head}{read}: `slawatch verify --head {head}` checks its {} events",
                head.events
            ),
        )
    };
    Ok(Evidence {
        chain_ok,
        chain,
        chain_head: head,
        generated_at: now,
        filters,
        corrections: Vec::new(),
    })
}

/// The events taken back among the jobs matching `filter` (and of tier `tier`) logged
/// in `[from, to)`, oldest revocation first: a report's evidence lists them.
///
/// # Errors
/// The store cannot be read.
pub fn corrections(
    path: &Path,
    filter: &JobFilter,
    tier: Option<&str>,
    (from, to): (i64, i64),
) -> Result<Vec<Correction>, StoreError> {
    let store = Store::open_existing(path)?;
    let mut out = Vec::new();
    for e in store.revocations()? {
        // The same filter as the report's jobs, one job at a time (revocations are few).
        let one = JobFilter {
            ids: Some((e.job, e.job + 1)),
            from: Some(filter.from.map_or(from, |f| f.max(from))),
            to: Some(filter.to.map_or(to, |t| t.min(to))),
            lean: true,
            ..filter.clone()
        };
        let mut matches = false;
        store.scan_jobs(&one, |row| {
            matches |= tier.is_none_or(|t| row.tier.eq_ignore_ascii_case(t));
        })?;
        if !matches {
            continue;
        }
        let d = e.data_value();
        out.push(Correction {
            job: e.job,
            event: d["event"].as_i64().unwrap_or(0),
            kind: d["kind"].as_str().unwrap_or("?").to_owned(),
            by: d["by"].as_str().unwrap_or("?").to_owned(),
            at: d["at"].as_i64().unwrap_or(0),
            revoked_in: e.id,
            revoked_by: e.actor.clone(),
            revoked_at: e.at,
            reason: d["reason"].as_str().unwrap_or("").to_owned(),
        });
    }
    Ok(out)
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

/// What the dashboard takes from the forecast: for each open job at risk at `now` the
/// forecast with the largest expected overrun, and the work queued per technician.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Outlook {
    pub worst: Vec<Forecast>,
    /// Business seconds of work each technician's open jobs are expected to take.
    pub queued: HashMap<String, i64>,
}

/// The dashboard's [`Outlook`] at `now`. Reads every open job and the store's whole
/// history.
///
/// # Errors
/// The store cannot be read.
pub fn outlook(path: &Path, policy: &Policy, now: i64) -> Result<Outlook, StoreError> {
    let open = Store::open_existing(path)?.jobs(&JobFilter {
        open_only: true,
        lean: true,
        ..JobFilter::default()
    })?;
    let history = load_history(path, policy, now)?;
    let (all, queued) = slawatch_core::report::forecast::outlook(policy, &history, &open, now);
    // The worst as `list --at-risk` names it first: the largest overrun, then the
    // earliest deadline.
    let rank = |f: &Forecast| {
        (
            std::cmp::Reverse(f.overrun),
            f.deadline.unwrap_or(i64::MAX),
            f.clock,
        )
    };
    let mut worst: HashMap<i64, Forecast> = HashMap::new();
    for f in all.into_iter().filter(|f| f.at_risk) {
        match worst.get(&f.job) {
            Some(w) if rank(w) <= rank(&f) => {}
            _ => {
                worst.insert(f.job, f);
            }
        }
    }
    let mut worst: Vec<Forecast> = worst.into_values().collect();
    worst.sort_by_key(|f| (std::cmp::Reverse(f.overrun), f.job));
    Ok(Outlook { worst, queued })
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
