//! Shared by the hostile-times tests: a small policy in Europe/Berlin around one
//! calendar, and a desk that runs the real binary on it at a fixed instant.

use std::path::PathBuf;
use std::process::Output;

pub use super::bounded::bounded;
pub use super::cli::Cli;
/// A Monday in November 2026, 15:00 in Berlin: the process clock of every command.
pub const NOW: &str = "2026-11-30T15:00:00+01:00";

/// A policy in Europe/Berlin: one calendar `c` (`calendar` is its TOML body), one
/// tier `t` on it, every customer on the default tier.
pub fn policy_text(calendar: &str) -> String {
    format!(
        "display_timezone = \"Europe/Berlin\"\ndefault_tier = \"t\"\n\n[calendars.c]\n\
         timezone = \"Europe/Berlin\"\n{calendar}\n\n[calendars.always]\ntimezone = \"UTC\"\n\
         always = true\n\n[tiers.t]\ncalendar = \"c\"\nrespond = \"1h\"\nresolve = \"2bd\"\n"
    )
}

pub const OFFICE: &str = "mon = [\"09:00-17:00\"]\ntue = [\"09:00-17:00\"]\nwed = [\"09:00-17:00\"]\n\
                      thu = [\"09:00-17:00\"]\nfri = [\"09:00-17:00\"]";

pub struct Desk {
    pub dir: tempfile::TempDir,
    pub policy: PathBuf,
}

impl Desk {
    pub fn new(calendar: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let policy = dir.path().join("sla.toml");
        std::fs::write(&policy, policy_text(calendar)).unwrap();
        Self { dir, policy }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("jobs.db")
    }

    /// The command line as anna on the desk's store and policy.
    pub fn cli(&self) -> Cli {
        Cli::new(&self.db(), "anna").policy(&self.policy)
    }

    pub fn run_at(&self, now: &str, args: &[&str]) -> Output {
        let c = self.cli().with("SLAWATCH_NOW", now).command(args);
        bounded(c, &format!("{args:?}"))
    }

    pub fn ok_at(&self, now: &str, args: &[&str]) -> String {
        let out = self.run_at(now, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_at(NOW, args)
    }

    /// Exit 2, `msg` on stderr, no event written.
    pub fn refused(&self, args: &[&str], msg: &str) {
        let before = self.events();
        let out = self.run_at(NOW, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} should be refused: {err}");
        assert!(err.contains(msg), "{args:?}: `{err}` lacks `{msg}`");
        assert_eq!(self.events(), before, "{args:?} wrote an event");
    }

    pub fn events(&self) -> i64 {
        if !self.db().exists() {
            return 0;
        }
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    }

    pub fn log_at(&self, at: &str) -> Vec<String> {
        self.log_args(&["--at", at])
    }

    pub fn log_args(&self, extra: &[&str]) -> Vec<String> {
        let mut args = vec!["log", "--customer", "Acme", "--priority", "P1", "--summary", "x"];
        args.extend_from_slice(extra);
        self.ok(&args).lines().map(str::to_owned).collect()
    }
}
