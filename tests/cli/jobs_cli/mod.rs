//! The dispatcher's command line on a real SQLite file: every action, every refusal.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::cli;
use crate::common::{self, example_policy};
use cli::Cli;

mod data;
mod lifecycle;

struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("jobs.db")
    }

    fn run(&self, args: &[&str]) -> Output {
        Cli::new(&self.db(), "anna").output(args)
    }

    fn ok(&self, args: &[&str]) -> String {
        Cli::new(&self.db(), "anna").ok(args)
    }

    fn json(&self, args: &[&str]) -> Value {
        Cli::new(&self.db(), "anna").json(args)
    }

    /// Exit 2, the message on stderr contains `msg`, and no event was written.
    fn refused(&self, args: &[&str], msg: &str) {
        let before = self.events();
        Cli::new(&self.db(), "anna").refused(args, msg);
        assert_eq!(self.events(), before, "{args:?} wrote an event");
    }

    fn events(&self) -> i64 {
        if !self.db().exists() {
            return 0;
        }
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    }
}

fn hours_ago(h: i64) -> String {
    slawatch_core::time::instant::rfc3339(slawatch::service::clock::now() - h * 3600, &chrono_tz::UTC)
}
