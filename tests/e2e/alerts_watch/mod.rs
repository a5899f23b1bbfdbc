//! The headless alert engine, `slawatch watch`, end to end: the real binary on a real
//! store, delivering to a real notification server (dunst on a private D-Bus session,
//! started by `../shared/tools/notify-server.sh`), falling back without one, and several
//! processes racing on one store at scripted instants (`SLAWATCH_NOW`).
//!
//! Every wait is a poll with a deadline (a hang guard), never a sleep standing in for
//! an assertion.
use crate::common::{self, example_policy};

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::cli;
use crate::common::notify_rig;
use cli::policy_with_notify;
use notify_rig::Rig;

mod delivery;
mod hook;
mod race;

/// Hang guard for a `watch --once`: a desktop send gives up after 2 s, so anything near
/// this is a hang, even for a debug build on a slow 2-core machine.
const WATCH_SECS: u64 = 20;

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;

/// `t` (Unix seconds) as RFC 3339, what `--at` accepts.
fn at(t: i64) -> String {
    slawatch_core::time::instant::rfc3339(t, &chrono_tz::UTC)
}

/// Waits for `child` until `deadline`; kills it and fails if it is still running then.
fn finish(mut child: Child, deadline: Instant, what: &str) -> Output {
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return child.wait_with_output().unwrap(),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let out = child.wait_with_output().unwrap();
                panic!(
                    "{what} hung (killed after the deadline)\nstdout:\n{}\nstderr:\n{}",
                    text(&out.stdout),
                    text(&out.stderr)
                );
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("{what}: cannot wait: {e}"),
        }
    }
}

fn spawn(mut cmd: Command, what: &str) -> Child {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"))
}

/// Runs `cmd` with the hang guard.
fn bounded(cmd: Command, what: &str) -> Output {
    let deadline = Instant::now() + Duration::from_secs(WATCH_SECS);
    finish(spawn(cmd, what), deadline, what)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A store in a temporary directory, used through the command line.
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

    /// `slawatch ARGS` as `user`, on the process clock `now` (the real one when `None`).
    /// Never on the developer's own desktop session: the bus is removed unless a test
    /// sets one.
    fn cmd(&self, user: &str, now: Option<i64>, args: &[&str]) -> Command {
        let mut c = common::bin();
        c.args(args)
            .env("SLAWATCH_DB", self.db())
            .env("SLAWATCH_POLICY", example_policy().path)
            .env("SLAWATCH_USER", user)
            // The notification icon is cached here, not in the user's ~/.cache.
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("XDG_RUNTIME_DIR")
            .env_remove("SLAWATCH_NOW");
        if let Some(now) = now {
            c.env("SLAWATCH_NOW", now.to_string());
        }
        c
    }

    fn ok_at(&self, now: Option<i64>, args: &[&str]) -> String {
        let out = bounded(self.cmd("anna", now, args), &format!("slawatch {args:?}"));
        assert_eq!(
            out.status.code(),
            Some(0),
            "slawatch {args:?}: {}",
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    fn ok(&self, args: &[&str]) -> String {
        self.ok_at(None, args)
    }

    fn show(&self, job: i64) -> Value {
        serde_json::from_str(&self.ok(&["show", &job.to_string(), "--json"])).unwrap()
    }

    /// The events of `kind` of `job`.
    fn events(&self, job: i64, kind: &str) -> Vec<Value> {
        self.show(job)["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == kind)
            .cloned()
            .collect()
    }

    /// Job 1, Acme Corp P1 (tier critical: respond 30m, attend 2h, resolve 4h, 24x7)
    /// for technician jan, logged 5 h ago, responded and attended in time: only its
    /// resolve clock is breached (an hour ago).
    fn log_resolve_breach(&self, summary: &str) {
        let logged = slawatch::service::clock::now() - 5 * HOUR;
        self.ok(&[
            "log",
            "--customer",
            "Acme Corp",
            "--priority",
            "P1",
            "--summary",
            summary,
            "--tech",
            "jan",
            "--at",
            &at(logged),
        ]);
        self.ok(&["respond", "1", "--at", &at(logged + 10 * MINUTE)]);
        self.ok(&["attend", "1", "--at", &at(logged + HOUR)]);
    }

    fn verify(&self) {
        let out = self.ok(&["verify"]);
        assert!(out.contains("unbroken chain"), "{out}");
    }
}
