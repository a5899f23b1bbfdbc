//! `slawatch` (the dashboard) and `slawatch demo`.

use std::path::PathBuf;

use super::args::Global;
use super::demo_cmd::EXAMPLE_POLICY;
use super::{CliResult, Failure, actor, db_path, policy_path};
use crate::service::policy::PolicySource;
use crate::tui::Options;

pub(crate) fn dashboard(global: &Global) -> CliResult {
    // The user's own settings first: a broken config.toml stops here, before any store
    // is made or the terminal is touched.
    let prefs = crate::service::config_file::load(global.config.as_deref()).map_err(Failure::BadInput)?;
    let db = db_path(global)?;
    let policy = policy_path(global.policy.as_deref())?;
    // A first run opens on an empty store, so the first job can be logged with `n`;
    // anything already there (even a broken file) is left to the store to judge. The
    // policy is checked first, so a broken one leaves no empty store behind.
    if std::fs::symlink_metadata(&db).is_err() {
        super::load_policy(&policy)?;
        drop(slawatch_store::Store::open(&db)?);
    }
    let label = db
        .file_name()
        .map_or_else(|| db.display().to_string(), |n| n.to_string_lossy().into_owned());
    let opts = Options {
        db,
        policy: PolicySource::File(policy),
        user: actor(global),
        prefs,
    };
    crate::tui::run(opts, &label).map_err(Failure::BadInput)
}

pub(crate) fn demo(global: &Global, store: Option<PathBuf>, jobs: usize) -> CliResult {
    let prefs = crate::service::config_file::load(global.config.as_deref()).map_err(Failure::BadInput)?;
    let path = store
        .unwrap_or_else(|| std::env::temp_dir().join(format!("slawatch-demo-{}.db", std::process::id())));
    if path.exists() {
        return Err(Failure::BadInput(format!(
            "{} already exists — the demo writes a fresh store; pick another --store",
            path.display()
        )));
    }
    super::demo_cmd::fill(&path, jobs, 14, 2026)?;
    let opts = Options {
        db: path.clone(),
        policy: PolicySource::Builtin(EXAMPLE_POLICY),
        // The example policy's demo user holds every role, so the whole chain shows.
        user: global.user.clone().unwrap_or_else(|| "demo".to_owned()),
        prefs,
    };
    let result = crate::tui::run(opts, "demo");
    crate::say!(
        "The demo store is kept at {} (policy: sla.toml.example).",
        path.display()
    );
    result.map_err(Failure::Runtime)
}
