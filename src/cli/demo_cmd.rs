//! `demo-data`: fill a store with realistic made-up jobs.

use super::args::Global;
use super::{CliResult, Failure, db_path};
use crate::demo::DemoGen;
use crate::policy::parse_policy;
use crate::store::Store;

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
    let now = crate::clock::now();
    let mut jobs_left = DemoGen::new(seed, jobs, days, now).peekable();
    let mut written = 0usize;
    while jobs_left.peek().is_some() {
        let mut batch = store.batch()?;
        for demo in jobs_left.by_ref().take(CHUNK) {
            let mut row = batch.log(&policy, &demo.job, demo.logged_by, now)?;
            for (action, at, who) in &demo.steps {
                batch.apply(&policy, &mut row, action, who, *at, now)?;
            }
            batch.save(&row)?;
            written += 1;
        }
        batch.commit()?;
    }
    Ok(written)
}
