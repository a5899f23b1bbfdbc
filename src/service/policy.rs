//! The policy the dashboard and `watch` run on: where it comes from, reading it, and
//! noticing an edit (the one watcher both use; an edit applies live, a broken edit
//! keeps the policy in force).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use slawatch_core::policy::{Policy, PolicyErrors, parse_policy};

/// Where the policy comes from.
#[derive(Debug, Clone)]
pub enum PolicySource {
    /// A file, watched: edits apply live.
    File(PathBuf),
    /// Text compiled into the binary (the demo).
    Builtin(&'static str),
}

/// Why a policy file cannot be used.
#[derive(Debug)]
pub enum LoadError {
    /// The file cannot be read.
    Unreadable(std::io::Error),
    /// The policy is invalid: every problem, each at its file:line:col.
    Invalid(PolicyErrors),
}

/// The one way a policy file is read and validated (the command line, the dashboard and
/// `watch` each say the error in their own words).
///
/// # Errors
/// The file cannot be read, or the policy is invalid.
pub fn load(path: &Path) -> Result<Policy, LoadError> {
    let text = std::fs::read_to_string(path).map_err(LoadError::Unreadable)?;
    parse_policy(&path.display().to_string(), &text).map_err(LoadError::Invalid)
}

/// Reads and validates the policy; the error says what is wrong and where.
///
/// # Errors
/// The file cannot be read, or the policy is invalid.
pub fn read_policy(src: &PolicySource) -> Result<Policy, String> {
    match src {
        PolicySource::Builtin(text) => parse_policy("sla.toml.example", text).map_err(|e| e.to_string()),
        PolicySource::File(p) => load(p).map_err(|e| match e {
            LoadError::Unreadable(e) => format!("cannot read {}: {e}", p.display()),
            LoadError::Invalid(e) => e.to_string(),
        }),
    }
}

/// Notices edits of the policy file by its modification time.
#[derive(Debug)]
pub struct PolicyWatch {
    source: PolicySource,
    mtime: Option<SystemTime>,
}

impl PolicyWatch {
    /// Watches `source` from its state now (the policy already read is current).
    #[must_use]
    pub fn new(source: PolicySource) -> Self {
        let mtime = Self::mtime(&source);
        Self { source, mtime }
    }

    fn mtime(source: &PolicySource) -> Option<SystemTime> {
        match source {
            PolicySource::File(f) => std::fs::metadata(f).and_then(|m| m.modified()).ok(),
            PolicySource::Builtin(_) => None,
        }
    }

    /// The policy as edited since the last call, or why the edit cannot be used;
    /// `None` when the file did not change.
    pub fn poll(&mut self) -> Option<Result<Policy, String>> {
        let m = Self::mtime(&self.source);
        if m == self.mtime {
            return None;
        }
        self.mtime = m;
        Some(read_policy(&self.source))
    }
}
