//! The real binary in a real terminal: a private tmux server driven by
//! `../shared/tools/tui-drive.sh`. Shared by the end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

use super::BIN;
const DRIVER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/tui-drive.sh");
/// Wide enough for the detail pane beside the list (it needs 110 columns).
pub const SIZE: &str = "140x40";

/// These tests need tmux; without it they fail (loudly), they never skip.
pub fn require_tmux() {
    let tmux = Command::new("tmux").arg("-V").output();
    assert!(
        tmux.as_ref().is_ok_and(|o| o.status.success()),
        "tmux is not installed (or does not run): the dashboard end-to-end tests drive the \
         real binary in tmux. Install it, e.g. `apt-get install -y tmux`. ({tmux:?})"
    );
    assert!(
        Path::new(DRIVER).is_file(),
        "the terminal driver {DRIVER} is missing: these tests expect the shared tools beside \
         the clone (../shared/tools/tui-drive.sh)"
    );
}

pub fn drive(args: &[&str]) -> Output {
    Command::new("bash")
        .arg(DRIVER)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {DRIVER}: {e}"))
}

/// One dashboard in its own tmux session; stopped when dropped, pass or fail.
pub struct Tui {
    name: String,
    /// The private tmux server's socket: `tui-drive.sh stop` kills the server but
    /// leaves this file behind.
    socket: Option<PathBuf>,
}

impl Tui {
    /// Starts `slawatch ARGS` as `user` in a fixed-size terminal.
    pub fn start(tag: &str, user: &str, args: &[&str]) -> Self {
        Self::start_with(tag, &[("SLAWATCH_USER", user)], args)
    }

    /// Starts `slawatch ARGS` with extra environment variables.
    pub fn start_with(tag: &str, env: &[(&str, &str)], args: &[&str]) -> Self {
        require_tmux();
        // Many tests share one test binary (one process id) and run at once: the counter
        // keeps two sessions with the same tag apart.
        static STARTED: AtomicU32 = AtomicU32::new(0);
        let n = STARTED.fetch_add(1, Ordering::Relaxed);
        let name = format!("slawatch-e2e-{tag}-{}-{n}", std::process::id());
        // A session of the same name can only be a leftover of a killed run.
        drive(&["stop", &name]);
        // The guard exists before the session does, so a failed start is cleaned up too.
        let mut tui = Self { name, socket: None };
        let env: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut argv = vec!["start", tui.name.as_str(), "-s", SIZE];
        for e in &env {
            argv.extend(["-e", e.as_str()]);
        }
        argv.extend(["--", BIN]);
        argv.extend_from_slice(args);
        let out = drive(&argv);
        assert!(
            out.status.success(),
            "cannot start {argv:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The driver names the server `tui-rig-NAME`.
        let socket = Command::new("tmux")
            .args(["-L", &format!("tui-rig-{}", tui.name)])
            .args(["display-message", "-p", "#{socket_path}"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
        tui.socket = socket.filter(|p| p.is_absolute());
        tui
    }

    /// The session's name (the driver's NAME).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs a driver subcommand on this session; panics with its stderr (which holds the
    /// screen when a wait timed out) if it fails.
    pub fn run(&self, sub: &str, rest: &[&str], what: &str) -> String {
        let mut argv = vec![sub, self.name.as_str()];
        argv.extend_from_slice(rest);
        let out = drive(&argv);
        assert!(
            out.status.success(),
            "[{}] {what}: `tui-drive.sh {}` failed:\n{}",
            self.name,
            argv.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn keys(&self, keys: &[&str]) {
        self.run("keys", keys, "sending keys");
    }

    pub fn type_text(&self, text: &str) {
        self.run("type", &[text], "typing");
    }

    /// Until `pattern` (grep -E) is on the screen.
    pub fn wait(&self, pattern: &str, secs: u32, what: &str) {
        self.run("wait", &[pattern, &secs.to_string()], what);
    }

    /// Until `pattern` is no longer on the screen.
    pub fn wait_gone(&self, pattern: &str, secs: u32, what: &str) {
        self.run("wait-gone", &[pattern, &secs.to_string()], what);
    }

    pub fn screen(&self) -> String {
        self.run("screen", &[], "reading the screen")
    }

    /// Until the program has exited; its exit status.
    pub fn wait_exit(&self, secs: u32) -> String {
        self.run("wait-exit", &[&secs.to_string()], "waiting for the exit")
            .trim()
            .to_owned()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        drive(&["stop", &self.name]);
        if let Some(socket) = &self.socket {
            let _ = std::fs::remove_file(socket);
        }
    }
}
