//! Where the dashboard's own settings live and reading them: `--config`,
//! `SLAWATCH_CONFIG`, or `$XDG_CONFIG_HOME/slawatch/config.toml` (else
//! `~/.config/slawatch/config.toml`). Only a file named explicitly must exist.

use std::path::{Path, PathBuf};

use super::policy::{LoadError, read_text};
use crate::tui::prefs::Prefs;

/// The default place of config.toml, if a config directory is known.
#[must_use]
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("slawatch").join("config.toml"))
}

/// The user's settings: the file named (`--config`, `SLAWATCH_CONFIG`), else the one
/// in the config directory, else the defaults.
///
/// # Errors
/// A message for stderr: the file named cannot be read, or any problem in the file,
/// each at its line and column.
pub fn load(explicit: Option<&Path>) -> Result<Prefs, String> {
    let (path, named) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_path() {
            Some(p) => (p, false),
            None => return Ok(Prefs::default()),
        },
    };
    let text = match read_text(&path) {
        Ok(t) => t,
        Err(LoadError::Unreadable(e)) if !named && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Prefs::default());
        }
        Err(LoadError::Unreadable(e)) => {
            return Err(format!(
                "cannot read config file {}: {e} — fix the path given by --config or SLAWATCH_CONFIG, or leave both unset for the defaults",
                path.display()
            ));
        }
        Err(LoadError::NotAFile(kind)) => {
            return Err(format!(
                "config file {} is not a regular file (it is a {kind}) — point --config at a TOML file such as config.toml.example",
                path.display()
            ));
        }
        Err(LoadError::TooBig(n)) => {
            return Err(format!(
                "config file {} is {n} bytes — is it the right file? (see config.toml.example)",
                path.display()
            ));
        }
        Err(LoadError::Invalid(e)) => return Err(e.to_string()),
    };
    crate::tui::config::parse(&path.display().to_string(), &text).map_err(|e| {
        let n = e.diagnostics.len();
        format!(
            "{e}\n{}: {n} problem{} found — the dashboard starts once they are fixed (config.toml.example shows every setting)",
            path.display(),
            if n == 1 { "" } else { "s" }
        )
    })
}
