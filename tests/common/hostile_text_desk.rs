//! Shared by the hostile-text tests: the hostile strings, a desk (a store and the
//! example policy at a fixed instant) with job 1 full of them, and the checks that
//! terminal-bound bytes are inert.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use slawatch_core::text::is_invisible;

pub use super::bounded::bounded;
pub use super::cli::Cli;

/// A Wednesday afternoon: the job below (standard tier, office hours, respond 4 h)
/// is breached by then, whatever day the test runs.
pub const NOW: &str = "2026-11-25T15:00:00+01:00";

/// Every trick at once, for the summary and the notes. Starts with a formula, ends
/// with text (the store trims).
pub const EVIL: &str = concat!(
    "=cmd|' /C calc'!A0 <script>alert(1)</script> & \"q\" 'a' | pipe ",
    "\u{1b}[2J\u{1b}[H\u{1b}[10;10H",
    "\u{1b}]0;PWNED\u{7}",
    "\u{1b}]52;c;UFdORUQ=\u{7}",
    "\u{1b}]8;;http://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    "\u{9b}31m\u{9d}0;C1TITLE\u{9c}",
    "\u{1}\u{8}\u{7f}\r",
    "\u{202e}gnp.exe\u{202c}\u{200b}\u{2066}\u{feff}",
    "\n$(touch pwned) `touch pwned2`; touch pwned3 '); DROP TABLE events; --"
);

/// The same tricks within the 200 bytes a name may have: customer, technician, site,
/// asset, and the user who acts.
pub const EVIL_NAME: &str = concat!(
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\u{1b}[2J\u{1b}]0;PWNED\u{7}\u{9b}31m\u{1}\u{7f}",
    "\u{202e}gnp.exe\u{200b}<b>&amp;</b>|\n",
    "$(touch pwned)"
);

pub struct Desk {
    pub dir: tempfile::TempDir,
}

impl Desk {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("jobs.db")
    }

    /// The command line as `user` on the desk's store at [`NOW`].
    pub fn cli(&self, user: &str) -> Cli {
        Cli::new(&self.db(), user)
            .with("SLAWATCH_NOW", NOW)
            .with("XDG_CACHE_HOME", self.dir.path().join("cache").to_str().unwrap())
    }

    /// `slawatch ARGS` as `user` at [`NOW`], in the desk's directory (where a shell
    /// injection would leave its files), without any desktop session or colour setting
    /// of the developer's.
    pub fn cmd(&self, user: &str, args: &[&str]) -> Command {
        self.cmd_under(&self.cli(user), args)
    }

    /// The same with another policy file.
    pub fn cmd_with_policy(&self, user: &str, policy: &Path, args: &[&str]) -> Command {
        self.cmd_under(&self.cli(user).policy(policy), args)
    }

    fn cmd_under(&self, cli: &Cli, args: &[&str]) -> Command {
        let mut c = cli.command(args);
        c.current_dir(self.dir.path())
            .env_remove("XDG_RUNTIME_DIR")
            .env_remove("NO_COLOR");
        c
    }

    pub fn run_as(&self, user: &str, args: &[&str]) -> Output {
        bounded(self.cmd(user, args), &format!("{args:?}"))
    }

    /// Exit 0; stdout, checked for stray controls on stdout and stderr.
    pub fn ok_raw(&self, user: &str, args: &[&str]) -> Vec<u8> {
        let out = self.run_as(user, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_inert(&out.stderr, &format!("stderr of {args:?}"), "\n");
        out.stdout
    }

    pub fn events(&self) -> i64 {
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    }

    pub fn exists(&self, name: &str) -> bool {
        self.dir.path().join(name).exists()
    }

    /// Job 1 with hostile text in every field and every note (the technician comes
    /// with `assign`), acted on by a user whose name is hostile too.
    pub fn hostile_job(&self) {
        let t = |hm: &str| format!("2026-11-25T{hm}:00+01:00");
        let log = self.ok_raw(
            EVIL_NAME,
            &[
                "log",
                "--customer",
                EVIL_NAME,
                "--priority",
                "P2",
                "--summary",
                EVIL,
                "--site",
                EVIL_NAME,
                "--asset",
                EVIL_NAME,
                "--at",
                &t("08:00"),
            ],
        );
        assert_inert(&log, "log", "\n");
        for args in [
            vec!["note", "1", EVIL, "--at", &t("09:00")],
            vec!["assign", "1", "--to", EVIL_NAME, "--at", &t("09:30")],
            vec![
                "pause",
                "1",
                "--reason",
                "waiting on customer",
                "--note",
                EVIL,
                "--at",
                &t("13:00"),
            ],
            vec!["resume", "1", "--note", EVIL, "--at", &t("13:30")],
        ] {
            let out = self.ok_raw(EVIL_NAME, &args);
            assert_inert(&out, &format!("{args:?}"), "\n");
        }
    }
}

/// Text bound for a terminal: valid UTF-8, no control character but those in `allowed`,
/// no C1 control, no bidi override or zero-width character.
pub fn assert_inert(bytes: &[u8], what: &str, allowed: &str) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    for (i, c) in text.char_indices() {
        let bad = (c.is_control() && !allowed.contains(c)) || is_invisible(c);
        assert!(
            !bad,
            "{what}: {c:?} at byte {i}, in …{}…",
            text[i.saturating_sub(40)..].chars().take(80).collect::<String>()
        );
    }
}

/// Serialised JSON: inert as bytes (pretty-printing newlines allowed), and a value.
pub fn safe_json(bytes: &[u8], what: &str) -> Value {
    assert_inert(bytes, what, "\n");
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"))
}

/// Every string anywhere in `v`.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

pub fn holds(v: &Value, s: &str) -> bool {
    let mut all = Vec::new();
    strings(v, &mut all);
    all.iter().any(|x| x == s)
}
