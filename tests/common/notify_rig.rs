//! A real notification server for tests: `../shared/tools/notify-server.sh` (a private
//! D-Bus session bus, Xvfb and dunst) in a state directory of its own, stopped on drop.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const RIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/notify-server.sh");

pub struct Rig {
    dir: tempfile::TempDir,
    /// `DBUS_SESSION_BUS_ADDRESS` of the private bus.
    pub address: String,
}

fn rig(dir: &Path, args: &[&str]) -> Output {
    Command::new("bash")
        .arg(RIG)
        .args(args)
        .env("NOTIFY_RIG_DIR", dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {RIG}: {e}"))
}

impl Rig {
    /// Starts the rig; fails the test (never skips) when it cannot.
    pub fn start() -> Self {
        assert!(
            Path::new(RIG).is_file(),
            "{RIG} is missing: the notification tests expect the shared tools beside the clone"
        );
        let dir = tempfile::tempdir().unwrap();
        let out = rig(dir.path(), &["start"]);
        assert!(
            out.status.success(),
            "the notification server did not start (it needs dunst, xvfb, dbus; .ci/run installs them): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let address = std::fs::read_to_string(dir.path().join("address"))
            .unwrap()
            .trim()
            .to_owned();
        assert!(!address.is_empty(), "the rig wrote no bus address");
        Self { dir, address }
    }

    /// Until a notification with exactly this summary arrived (false after `secs`).
    pub fn wait(&self, summary: &str, secs: u32) -> bool {
        rig(self.dir.path(), &["wait", summary, &secs.to_string()])
            .status
            .success()
    }

    /// Every notification received so far.
    pub fn received(&self) -> Vec<Value> {
        let out = rig(self.dir.path(), &["received", "--json"]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// How many notifications with this summary arrived.
    pub fn count(&self, summary: &str) -> usize {
        self.received().iter().filter(|n| n["summary"] == summary).count()
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        rig(self.dir.path(), &["stop"]);
    }
}
