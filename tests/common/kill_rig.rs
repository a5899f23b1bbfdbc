//! A store, a policy whose `[notify]` hook logs every delivery to a file, and the means
//! to start slawatch at scripted instants and kill it without warning. Shared by the
//! kill -9 tests (`e2e::kill_storm`, `e2e::alerts_after_kill`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A `[notify]` table whose hook runs `script` (sh) with `$0` = `file`: no desktop, no
/// terminal, so the hook's file is the whole record of what was delivered.
pub fn hook(script: &str, file: &Path) -> String {
    format!(
        "[notify]\ndesktop = false\nterminal = \"off\"\ncommand = [\"sh\", \"-c\", '{script}', '{}']",
        file.display()
    )
}

/// One line per delivery: the user, the delivering slawatch's process id and the alert
/// events the notice told of.
pub const LOG_DELIVERY: &str = r#"echo "$SLAWATCH_USER $PPID $SLAWATCH_EVENTS" >> "$0""#;

/// A delivery as logged by [`LOG_DELIVERY`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub user: String,
    pub pid: u32,
    pub events: Vec<i64>,
}

/// The deliveries logged in `file` (none if it does not exist yet).
pub fn deliveries(file: &Path) -> Vec<Delivered> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .map(|l| {
            let mut f = l.split(' ');
            let user = f.next().unwrap().to_owned();
            let pid = f.next().unwrap().parse().unwrap();
            let events = f
                .next()
                .unwrap_or("")
                .split(',')
                .filter(|e| !e.is_empty())
                .map(|e| e.parse().unwrap())
                .collect();
            Delivered { user, pid, events }
        })
        .collect()
}

/// How often each event was delivered to `user`, and by which processes.
pub fn by_event(all: &[Delivered], user: &str) -> BTreeMap<i64, Vec<u32>> {
    let mut m: BTreeMap<i64, Vec<u32>> = BTreeMap::new();
    for d in all.iter().filter(|d| d.user == user) {
        for e in &d.events {
            m.entry(*e).or_default().push(d.pid);
        }
    }
    m
}

/// A store and policy in a temporary directory.
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub policy: PathBuf,
}

impl Desk {
    pub fn new(policy_text: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let policy = dir.path().join("sla.toml");
        std::fs::write(&policy, policy_text).unwrap();
        Self { dir, policy }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("jobs.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The environment of a slawatch of `user` on the process clock `now`.
    pub fn env(&self, user: &str, now: i64) -> Vec<(&'static str, String)> {
        vec![
            ("SLAWATCH_DB", self.db().display().to_string()),
            ("SLAWATCH_POLICY", self.policy.display().to_string()),
            ("SLAWATCH_USER", user.to_owned()),
            ("SLAWATCH_NOW", now.to_string()),
            ("XDG_CACHE_HOME", self.path("cache").display().to_string()),
        ]
    }

    /// `slawatch ARGS` as `user` at `now`; never on the developer's desktop session.
    pub fn cmd(&self, user: &str, now: i64, args: &[&str]) -> Command {
        let mut c = super::bin();
        c.args(args)
            .envs(self.env(user, now))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("XDG_RUNTIME_DIR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    /// Runs `slawatch ARGS` to its end (hang guard: 60 s) and asserts exit 0.
    pub fn ok(&self, user: &str, now: i64, args: &[&str]) -> String {
        let out = finish(
            self.cmd(user, now, args).spawn().unwrap(),
            60,
            &format!("{args:?}"),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "slawatch {args:?}: {}",
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// `slawatch verify` exits 0 and finds the chain and the jobs in agreement.
    pub fn verify(&self, when: &str) {
        let now = slawatch::service::clock::now();
        let out = finish(self.cmd("anna", now, &["verify"]).spawn().unwrap(), 120, "verify");
        assert_eq!(
            out.status.code(),
            Some(0),
            "verify after {when}: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
    }

    /// The store, read only (for checks; slawatch's own API would migrate or lock).
    pub fn read(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(self.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    }
}

/// The seed of a run's random plan: `SLAWATCH_KILL_SEED` to repeat one, else a fresh one.
pub fn seed() -> u64 {
    #[allow(clippy::disallowed_methods)] // a fresh random seed, not a time of the SLA
    std::env::var("SLAWATCH_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Waits for `child` at most `secs` (a hang guard, not a timing assertion).
pub fn finish(mut child: Child, secs: u64, what: &str) -> Output {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "{what} hung (killed after {secs} s)\nstderr:\n{}",
                text(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// SIGKILLs `child` (std's `kill` sends SIGKILL on Unix); true if it was still running.
pub fn kill9(child: &mut Child) -> bool {
    let alive = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    alive
}

/// SIGKILLs the process `pid` that is not our child (the dashboard inside tmux).
pub fn kill9_pid(pid: u32) -> bool {
    Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The process id of the command in the pane of `tui`: the dashboard itself (the
/// driver runs it without a shell).
pub fn pane_pid(tui: &super::tmux::Tui) -> u32 {
    let session = tui.name();
    let out = Command::new("tmux")
        .args([
            "-L",
            &format!("tui-rig-{session}"),
            "display-message",
            "-p",
            "-t",
            session,
        ])
        .arg("#{pane_pid}")
        .output()
        .unwrap();
    text(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("no pane pid for {session}: {out:?}"))
}

/// Polls `cond` every 20 ms for at most `secs` (a hang guard).
pub fn wait_for(secs: u64, what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !cond() {
        assert!(Instant::now() < deadline, "gave up waiting {secs} s for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// splitmix64: a seeded, reproducible stream.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn ms(&mut self, max: u64) -> Duration {
        Duration::from_millis(self.below(max + 1))
    }
}
