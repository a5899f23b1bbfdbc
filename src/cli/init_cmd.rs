//! `slawatch init`: a starter policy and an empty store, so the first run works.

use super::args::Global;
use super::demo_cmd::EXAMPLE_POLICY;
use super::{CliResult, Failure, db_path, emit, policy_path};
use slawatch_store::Store;

pub(crate) fn init(global: &Global) -> CliResult {
    let policy = policy_path(global.policy.as_deref())?;
    let db = db_path(global)?;
    // symlink_metadata: a dangling link is something that exists too.
    let existing: Vec<String> = [&policy, &db]
        .into_iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Failure::BadInput(format!(
            "init writes only new files, and these exist already: {} — remove them, or pass --policy FILE / --db FILE elsewhere",
            existing.join(", ")
        )));
    }
    if let Some(dir) = policy.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Runtime(format!("cannot create {}: {e}", dir.display())))?;
    }
    // create_new: never overwrite a policy that appeared since the check above.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&policy)
        .and_then(|mut f| std::io::Write::write_all(&mut f, EXAMPLE_POLICY.as_bytes()))
        .map_err(|e| Failure::Runtime(format!("cannot write {}: {e}", policy.display())))?;
    drop(Store::open(&db)?);
    emit(&format!(
        "Wrote the starter policy {} (the commented sla.toml.example: edit its contracts and calendars, then `slawatch policy check`).\nCreated the empty store {}.\nNext: `slawatch` opens the dashboard (press n to log a job), or `slawatch log --customer NAME --priority P1 --summary TEXT`.",
        policy.display(),
        db.display()
    ))
}
