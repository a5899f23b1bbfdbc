//! Running a command with a hang guard: its output, or a failure naming what hung.
//! The guard is never an assertion about speed, only the end of a wait.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Hang guard for one command (a debug build on a slow 2-core machine).
pub const RUN_SECS: u64 = 60;

/// Runs `cmd` (no stdin, output captured) and waits at most [`RUN_SECS`].
pub fn bounded(mut cmd: Command, what: &str) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    // Drain the pipes while waiting, so a large output cannot block the child.
    let out = std::thread::spawn(move || child.wait_with_output());
    let deadline = Instant::now() + Duration::from_secs(RUN_SECS);
    while !out.is_finished() {
        assert!(Instant::now() < deadline, "{what} hung (over {RUN_SECS} s)");
        std::thread::sleep(Duration::from_millis(20));
    }
    out.join().unwrap().unwrap()
}
