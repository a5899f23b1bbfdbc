//! The real `slawatch` binary on a store file with the example policy, as one user, at an
//! optional scripted `now`: the one way the integration tests run the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The example policy with its `[notify]` table replaced by `notify`.
pub fn example_with_notify(notify: &str) -> String {
    let example = super::example_policy().text.to_owned();
    let start = example.find("\n[notify]\n").expect("a [notify] table") + 1;
    let end = start
        + example[start..]
            .find("\n\n")
            .expect("a blank line after [notify]");
    format!("{}{notify}{}", &example[..start], &example[end..])
}

/// [`example_with_notify`] written to `dir/sla.toml`; its path.
pub fn policy_with_notify(dir: &Path, notify: &str) -> PathBuf {
    let path = dir.join("sla.toml");
    std::fs::write(&path, example_with_notify(notify)).expect("the policy is written");
    path
}

/// The example policy written to `dir/sla.toml` with its notifications going only to a
/// command hook that appends one line per alert to `log`: the values of `fields`
/// (placeholders such as `job`, `kind`, `clock`), separated by spaces.
pub fn policy_with_hook(dir: &Path, log: &Path, fields: &[&str]) -> PathBuf {
    let echo: Vec<String> = (0..fields.len()).map(|i| format!("${i}")).collect();
    let args: Vec<String> = fields.iter().map(|f| format!(", \"{{{f}}}\"")).collect();
    let notify = format!(
        "[notify]\ndesktop = false\nterminal = \"off\"\ncommand = [\"sh\", \"-c\", \
         \"echo \\\"{}\\\" >> '{}'\"{}]",
        echo.join(" "),
        log.display(),
        args.concat()
    );
    policy_with_notify(dir, &notify)
}

/// Who runs the command line, on which store, with which policy and clock.
#[derive(Clone)]
pub struct Cli {
    pub db: PathBuf,
    pub policy: PathBuf,
    pub user: String,
    pub env: Vec<(String, String)>,
}

impl Cli {
    /// `user` on `db` with the example policy and the real clock; no desktop bus, so a
    /// command never reaches the desktop of whoever runs the tests.
    pub fn new(db: &Path, user: &str) -> Self {
        Self {
            db: db.to_path_buf(),
            policy: PathBuf::from(super::example_policy().path),
            user: user.to_owned(),
            env: Vec::new(),
        }
    }

    /// The same, with the process clock started at `now` (unix seconds).
    #[must_use]
    pub fn at(self, now: i64) -> Self {
        self.with("SLAWATCH_NOW", &now.to_string())
    }

    #[must_use]
    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    #[must_use]
    pub fn policy(mut self, policy: &Path) -> Self {
        self.policy = policy.to_path_buf();
        self
    }

    #[must_use]
    pub fn user(&self, user: &str) -> Self {
        let mut other = self.clone();
        other.user = user.to_owned();
        other
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = super::bin();
        c.arg("--db")
            .arg(&self.db)
            .arg("--policy")
            .arg(&self.policy)
            .args(args)
            .env("SLAWATCH_USER", &self.user)
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    pub fn output(&self, args: &[&str]) -> Output {
        self.command(args)
            .output()
            .unwrap_or_else(|e| panic!("slawatch {args:?} did not start: {e}"))
    }

    /// Stdout of a command that must succeed (exit 0).
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.output(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "slawatch {args:?} as {}: {}",
            self.user,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Logs a job of `customer` with `priority` and `summary` (nothing else given); its
    /// output.
    pub fn log_job(&self, customer: &str, priority: &str, summary: &str) -> String {
        self.ok(&[
            "log",
            "--customer",
            customer,
            "--priority",
            priority,
            "--summary",
            summary,
        ])
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("slawatch {args:?}: not JSON ({e}):\n{out}"))
    }

    /// Stderr of a command that must exit with `code`.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.output(args);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "slawatch {args:?} as {}: {err}",
            self.user
        );
        err
    }

    /// Stderr of a refusal: exit 2, with `msg` in the message.
    pub fn refused(&self, args: &[&str], msg: &str) -> String {
        let err = self.fails(args, 2);
        assert!(err.contains(msg), "slawatch {args:?}: `{err}` lacks `{msg}`");
        err
    }
}
