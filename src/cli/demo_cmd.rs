//! `demo-data`: fill a store with realistic made-up jobs.

use super::args::Global;
use super::{CliResult, Failure, db_path};
use crate::service::demo::{DEMO_LOGGER, DemoGen};
use slawatch_core::job::JobScript;
use slawatch_core::policy::parse_policy;
use slawatch_store::Store;

/// The example policy, compiled in: demo data always matches it.
pub(crate) const EXAMPLE_POLICY: &str = include_str!("../../sla.toml.example");

/// Jobs per transaction.
const CHUNK: usize = 20_000;

pub(crate) fn run(global: &Global, jobs: usize, days: u32, seed: u64) -> CliResult {
    let path = db_path(global)?;
    check_days(days, crate::service::clock::now())?;
    let written = fill(&path, jobs, days, seed)?;
    super::emit(&format!(
        "Wrote {written} demo jobs to {} (policy: sla.toml.example).",
        path.display()
    ))?;
    Ok(())
}

/// Writes `jobs` demo jobs into the store at `path`; returns how many.
pub(crate) fn fill(path: &std::path::Path, jobs: usize, days: u32, seed: u64) -> Result<usize, Failure> {
    let policy = parse_policy("sla.toml.example", EXAMPLE_POLICY)
        .map_err(|e| Failure::Runtime(format!("the built-in example policy is invalid: {e}")))?;
    let mut store = Store::open(path)?;
    let real = store.jobs_not_logged_by(DEMO_LOGGER)?;
    if real > 0 {
        return Err(Failure::BadInput(format!(
            "{}: holds {real} jobs that are not demo data (not logged by `{DEMO_LOGGER}`) — demo jobs would stay in its reports and credits for good; nothing was written. Write demo data into a new store: pass --db with a new file (e.g. --db demo.db)",
            path.display()
        )));
    }
    let now = crate::service::clock::now();
    let scripts = DemoGen::new(seed, jobs, days, now).map(|d| JobScript {
        job: d.job,
        logged_by: d.logged_by,
        steps: d.steps,
    });
    Ok(store.write_scripted(&policy, scripts, now, CHUNK)?)
}

/// `--days` spreads the jobs back from `now`: at least one day, and never before the
/// first day the engine handles (1900-01-01).
fn check_days(days: u32, now: i64) -> CliResult {
    use slawatch_core::time::civil::{DAY, days_from_civil};
    use slawatch_core::time::instant::FIRST_YEAR;
    let most = (now - days_from_civil(FIRST_YEAR, 1, 1) * DAY) / DAY;
    if days == 0 || i64::from(days) > most {
        return Err(Failure::BadInput(format!(
            "--days {days}: use 1 to {most} — the jobs are spread over the last D days, and slawatch handles no time before {FIRST_YEAR}-01-01"
        )));
    }
    Ok(())
}
