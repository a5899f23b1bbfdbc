//! `demo-data`: fill a store with realistic made-up jobs.

use super::args::Global;
use super::{CliResult, Failure, db_path};
use crate::service::demo::DemoGen;
use slawatch_core::job::JobScript;
use slawatch_core::policy::parse_policy;
use slawatch_store::Store;

/// The example policy, compiled in: demo data always matches it.
pub(crate) const EXAMPLE_POLICY: &str = include_str!("../../sla.toml.example");

/// Jobs per transaction.
const CHUNK: usize = 20_000;

pub(crate) fn run(global: &Global, jobs: usize, days: u32, seed: u64) -> CliResult {
    let path = db_path(global)?;
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
    let now = crate::service::clock::now();
    let scripts = DemoGen::new(seed, jobs, days, now).map(|d| JobScript {
        job: d.job,
        logged_by: d.logged_by,
        steps: d.steps,
    });
    Ok(store.write_scripted(&policy, scripts, now, CHUNK)?)
}
