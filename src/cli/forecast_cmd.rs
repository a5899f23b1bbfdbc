//! The breach forecast on the command line: the history it learns from (read on all
//! cores), the at-risk jobs for `list --at-risk`, and `forecast backtest`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::json;

use super::args::Global;
use super::report_cmd::date_range;
use super::{CliResult, Failure, db_path, policy};
use slawatch_core::job::Job;
use slawatch_core::policy::{ClockKind, Policy};
use slawatch_core::report::forecast::{Assignments, Backtest, BacktestSpec, Confusion, Forecast, backtest};
use slawatch_core::time::duration::format_secs;
use slawatch_core::time::instant::rfc3339;
use slawatch_store::Store;

/// The at-risk forecasts of each open job at `now`, by job id. `open` must be every
/// open job: the technicians' queues count them all.
pub(crate) fn at_risk<'a>(
    path: &Path,
    policy: &'a Policy,
    open: impl IntoIterator<Item = &'a Job>,
    now: i64,
) -> Result<HashMap<i64, Vec<Forecast>>, Failure> {
    let history = crate::service::report::load_history(path, policy, now)?;
    if history.len() < history.min_samples() {
        crate::say!(
            "forecast: the store holds {} finished transitions, fewer than the {} an estimate needs \
             — no job can be called at risk yet",
            history.len(),
            history.min_samples()
        );
    }
    Ok(crate::service::report::at_risk(policy, &history, open, now))
}

/// A forecast for `--json`.
/// `forecast worst` (hidden): what the dashboard takes from the forecast, computed in a
/// process of its own: the worst at-risk forecast of each job (most overdue first) and
/// the work queued per technician, as JSON.
pub(crate) fn worst(global: &Global) -> CliResult {
    let policy = policy(global)?;
    let path = db_path(global)?;
    let now = crate::service::clock::now();
    let outlook = crate::service::report::outlook(&path, &policy, now)?;
    let json = serde_json::to_value(&outlook)
        .map_err(|e| Failure::Runtime(format!("cannot encode the forecast: {e}")))?;
    super::emit_json(&json, false)
}

pub(crate) fn forecast_json(f: &Forecast, tz: &chrono_tz::Tz) -> serde_json::Value {
    json!({
        "clock": f.clock, "stage": f.stage,
        "expected": f.expected.map(|t| rfc3339(t, tz)),
        "expected_p80": f.expected_p80.map(|t| rfc3339(t, tz)),
        "deadline": f.deadline.map(|t| rfc3339(t, tz)),
        "overrun_seconds": f.overrun, "queue_seconds": f.queue,
        "median_seconds": f.estimate.median, "p80_seconds": f.estimate.p80,
        "samples": f.estimate.samples, "basis": f.estimate.basis,
    })
}

/// What `forecast backtest` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct BacktestArgs {
    pub from: String,
    pub to: String,
    pub min_samples: usize,
    pub no_queue: bool,
    pub details: bool,
    pub json: bool,
}

pub(crate) fn run_backtest(global: &Global, a: &BacktestArgs) -> CliResult {
    let policy = policy(global)?;
    let tz = policy.display_tz;
    let (from, to) = date_range(&a.from, &a.to, &tz)?;
    if a.min_samples == 0 {
        return Err(Failure::BadInput(
            "--min-samples 0: an estimate needs at least 1 sample (the default is 20)".to_owned(),
        ));
    }
    let store = Store::open_existing(&db_path(global)?)?;
    let now = crate::service::clock::now();
    // Whole rows: the replay judges every job (recorded outcomes included), and a
    // backtest runs over thousands of jobs, not millions.
    let jobs = store.jobs(&slawatch_store::JobFilter::default())?;
    let mut assignments: Assignments = HashMap::new();
    for (job, at, who) in store.assignment_changes()? {
        assignments.entry(job).or_default().push((at, who));
    }
    let spec = BacktestSpec {
        from,
        to,
        now,
        min_samples: a.min_samples,
        queue: !a.no_queue,
    };
    let b = backtest(&policy, &jobs, &assignments, &spec);
    if a.json {
        return super::emit(&backtest_json(&b, a, &spec, &tz).to_string());
    }
    super::emit(backtest_text(&b, a, &spec, &tz).trim_end_matches('\n'))
}

fn confusion_json(c: &Confusion) -> serde_json::Value {
    json!({
        "judged": c.total(),
        "true_positive": c.true_positive, "false_positive": c.false_positive,
        "false_negative": c.false_negative, "true_negative": c.true_negative,
        "precision": c.precision(), "recall": c.recall(),
    })
}

fn backtest_json(
    b: &Backtest,
    a: &BacktestArgs,
    spec: &BacktestSpec,
    tz: &chrono_tz::Tz,
) -> serde_json::Value {
    let mut clocks = serde_json::Map::new();
    for k in ClockKind::ALL {
        clocks.insert(k.name().to_owned(), confusion_json(&b.clocks[k.index()]));
    }
    let mut out = json!({
        "from": rfc3339(spec.from, tz), "to": rfc3339(spec.to, tz), "judged_at": rfc3339(spec.now, tz),
        "min_samples": spec.min_samples, "queue": spec.queue,
        "jobs": b.jobs, "moments": b.moments, "skipped": b.skipped,
        "clocks": clocks, "overall": confusion_json(&b.overall),
    });
    if a.details {
        out["predictions"] = b
            .predictions
            .iter()
            .map(|p| {
                json!({
                    "job": p.job, "stage": p.stage, "moment": rfc3339(p.moment, tz), "clock": p.clock,
                    "at_risk": p.at_risk, "breached": p.breached,
                    "expected": p.expected.map(|t| rfc3339(t, tz)),
                    "deadline": p.deadline.map(|t| rfc3339(t, tz)),
                    "overrun_seconds": p.overrun, "queue_seconds": p.queue,
                    "median_seconds": p.estimate.median, "p80_seconds": p.estimate.p80,
                    "samples": p.estimate.samples, "basis": p.estimate.basis,
                })
            })
            .collect();
    }
    out
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn backtest_text(b: &Backtest, a: &BacktestArgs, spec: &BacktestSpec, tz: &chrono_tz::Tz) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let sk = &b.skipped;
    let judged = b.overall.total();
    let _ = writeln!(
        s,
        "Forecast backtest: jobs logged {} to {}",
        rfc3339(spec.from, tz),
        rfc3339(spec.to, tz)
    );
    let _ = writeln!(
        s,
        "Outcomes as of {}; at least {} samples per key; technician queues {}.",
        rfc3339(spec.now, tz),
        spec.min_samples,
        if spec.queue { "counted" } else { "not counted" }
    );
    let _ = writeln!(
        s,
        "{} jobs, {} stage moments, {judged} judged. Not judged: {} already breached at the moment,\n\
         {} too little history, {} still open (outcome unknown), {} no clock left.",
        b.jobs, b.moments, sk.already_breached, sk.no_history, sk.undecided, sk.no_clock
    );
    let _ = writeln!(
        s,
        "At risk = the expected stop of the clock the next step stops passes its deadline."
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{:<8} {:>7} {:>8} {:>7} {:>6} {:>6} {:>6} {:>7} {:>9} {:>7}",
        "CLOCK", "JUDGED", "BREACHED", "AT RISK", "TP", "FP", "FN", "TN", "PRECISION", "RECALL"
    );
    let rows = ClockKind::ALL
        .iter()
        .map(|k| (k.name(), &b.clocks[k.index()]))
        .chain(std::iter::once(("all", &b.overall)));
    for (name, c) in rows {
        let _ = writeln!(
            s,
            "{name:<8} {:>7} {:>8} {:>7} {:>6} {:>6} {:>6} {:>7} {:>9} {:>7}",
            c.total(),
            c.true_positive + c.false_negative,
            c.true_positive + c.false_positive,
            c.true_positive,
            c.false_positive,
            c.false_negative,
            c.true_negative,
            percent(c.precision()),
            percent(c.recall())
        );
    }
    let o = &b.overall;
    let _ = writeln!(s);
    let _ = writeln!(s, "Confusion matrix, all clocks:");
    let _ = writeln!(s, "{:<14} {:>9} {:>9}", "", "breached", "met");
    let _ = writeln!(
        s,
        "{:<14} {:>9} {:>9}",
        "at risk", o.true_positive, o.false_positive
    );
    let _ = writeln!(
        s,
        "{:<14} {:>9} {:>9}",
        "not at risk", o.false_negative, o.true_negative
    );
    if a.details {
        let _ = writeln!(s);
        for p in &b.predictions {
            let _ = writeln!(
                s,
                "job {:>6} {:<9} {} {:<7} {} → {} (median {}, {} samples, {}{})",
                p.job,
                p.stage.name(),
                rfc3339(p.moment, tz),
                p.clock.name(),
                if p.at_risk { "at risk" } else { "on time" },
                if p.breached { "breached" } else { "met" },
                format_secs(p.estimate.median),
                p.estimate.samples,
                p.estimate.basis.name(),
                if p.queue > 0 {
                    format!(", queue {}", format_secs(p.queue))
                } else {
                    String::new()
                }
            );
        }
    }
    s
}
