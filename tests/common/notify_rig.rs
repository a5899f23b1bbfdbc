//! A real notification server for tests: `../shared/tools/notify-server.sh` (a private
//! D-Bus session bus, Xvfb and dunst) in a state directory of its own, stopped on drop.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const RIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/notify-server.sh");
/// Seconds for a notification to reach dunst (a debug build on a slow CI machine).
pub const ARRIVE_SECS: u32 = 20;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).trim().to_owned()
}

/// A real notification server on a private bus, in its own state directory; stopped
/// when dropped, pass or fail.
pub struct Rig {
    dir: tempfile::TempDir,
    /// The rig's `DBUS_SESSION_BUS_ADDRESS`.
    pub bus: String,
}

impl Rig {
    /// Starts the rig. Without it the desktop test cannot say anything: it fails
    /// (loudly), it never skips.
    pub fn start() -> Self {
        assert!(
            Path::new(RIG).is_file(),
            "the notification rig {RIG} is missing: these tests expect the shared tools beside \
             the clone (../shared/tools/notify-server.sh)"
        );
        // The guard exists before the rig does, so a half-started rig is stopped too.
        let mut rig = Self {
            dir: tempfile::tempdir().unwrap(),
            bus: String::new(),
        };
        // `start` prints shell exports (`printf %q`-quoted): let the shell unquote them.
        let out = Command::new("bash")
            .arg("-c")
            .arg(
                r#"exports=$(bash "$0" start) && eval "$exports" && printf '%s' "$DBUS_SESSION_BUS_ADDRESS""#,
            )
            .arg(RIG)
            .env("NOTIFY_RIG_DIR", rig.dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run bash for {RIG}: {e}"));
        rig.bus = text(&out.stdout);
        assert!(
            out.status.success() && !rig.bus.is_empty(),
            "the notification rig did not start (`{RIG} start`, {}). It needs dbus-daemon, \
             dbus-send, dbus-monitor, Xvfb, dunst, notify-send and jq and installs them with \
             apt when missing (as root or with sudo); install them first with `{RIG} install` \
             (`.ci/run` does). Its output:\n{}",
            out.status,
            text(&out.stderr)
        );
        rig
    }

    pub fn tool(&self, args: &[&str]) -> Output {
        Command::new("bash")
            .arg(RIG)
            .args(args)
            .env("NOTIFY_RIG_DIR", self.dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {RIG}: {e}"))
    }

    /// Every notification dunst accepted, in the order its logging script wrote them.
    pub fn received(&self) -> Vec<Value> {
        let out = self.tool(&["received", "--json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("`{l}`: {e}")))
            .collect()
    }

    /// Polls until a notification with `summary` arrived; fails with what did arrive.
    pub fn wait(&self, summary: &str) {
        let out = self.tool(&["wait", summary, &ARRIVE_SECS.to_string()]);
        assert!(
            out.status.success(),
            "no notification `{summary}` reached dunst within {ARRIVE_SECS} s: {}\nreceived: {:?}\n\
             D-Bus monitor:\n{}",
            text(&out.stderr),
            self.received(),
            text(&self.tool(&["received", "--monitor"]).stdout)
        );
    }

    /// How many notifications with exactly this summary arrived.
    pub fn count(&self, summary: &str) -> usize {
        self.received().iter().filter(|n| n["summary"] == summary).count()
    }

    /// The dunst process, for freezing it.
    pub fn dunst_pid(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dunst.pid"))
            .unwrap()
            .trim()
            .to_owned()
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        // Resumes a frozen dunst first, then stops only what the rig started.
        let _ = self.tool(&["stop"]);
    }
}
