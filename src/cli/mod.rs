//! Command line: clap definitions and one file per subcommand group.

mod args;
mod calendar_cmd;
mod policy_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use args::{Cli, Command};

use crate::policy::{Policy, parse_policy};

/// How a command failed: bad input (exit 2) or a runtime failure (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The user's input (policy, arguments, data) is wrong.
    #[error("{0}")]
    BadInput(String),
    /// Something outside the user's input failed (I/O, the store).
    #[error("{0}")]
    Runtime(String),
}

impl Failure {
    #[must_use]
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::BadInput(_) => ExitCode::from(2),
            Failure::Runtime(_) => ExitCode::from(1),
        }
    }
}

pub type CliResult = Result<(), Failure>;

/// Runs a parsed command line.
///
/// # Errors
/// [`Failure`] with the message for stderr.
pub fn run(cli: Cli) -> CliResult {
    match cli.command {
        Command::Policy(cmd) => policy_cmd::run(&cli.global, cmd),
        Command::Calendar(cmd) => calendar_cmd::run(&cli.global, cmd),
    }
}

/// The policy file to use: `--policy`, `SLAWATCH_POLICY`, or the XDG config dir.
pub(crate) fn policy_path(explicit: Option<&Path>) -> Result<PathBuf, Failure> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    dirs::config_dir()
        .map(|d| d.join("slawatch").join("sla.toml"))
        .ok_or_else(|| {
            Failure::BadInput(
                "no policy file given and no config directory known — pass --policy FILE or set SLAWATCH_POLICY".to_owned(),
            )
        })
}

/// Reads and validates a policy file.
pub(crate) fn load_policy(path: &Path) -> Result<Policy, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::BadInput(format!(
            "cannot read policy file {}: {e} — pass --policy FILE or set SLAWATCH_POLICY (start from sla.toml.example)",
            path.display()
        ))
    })?;
    parse_policy(&path.display().to_string(), &text).map_err(|e| {
        let n = e.diagnostics.len();
        Failure::BadInput(format!(
            "{e}\n{}: {n} problem{} found",
            path.display(),
            if n == 1 { "" } else { "s" }
        ))
    })
}

/// Parses a time from the command line in the policy's display zone.
pub(crate) fn parse_time(text: &str, policy: &Policy, what: &str) -> Result<i64, Failure> {
    crate::instant::parse_instant(text, &policy.display_tz)
        .map_err(|e| Failure::BadInput(format!("{what}: {e}")))
}
