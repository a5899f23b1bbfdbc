//! Running the real binary against store files made hostile: a hang guard, the checks
//! of a clean refusal, a store to spoil, and ways to take away permission or disk space
//! without needing root. For `store::store_files` and `e2e::read_only_dashboard`, on top of `cli.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use slawatch_core::job::NewJob;
use slawatch_store::Store;

/// Hang guard for one command; the locked case waits out the 10 s busy timeout.
const HANG_SECS: u64 = 90;

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `slawatch ARGS` as anna on `db`, on the real clock, with nothing on stdin.
pub fn slawatch(db: &Path, args: &[&str]) -> Command {
    let mut c = super::cli::Cli::new(db, "anna").command(args);
    c.env_remove("SLAWATCH_NOW").stdin(Stdio::null());
    c
}

/// Runs `cmd` with the hang guard.
pub fn run(mut cmd: Command, what: &str) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let deadline = Instant::now() + Duration::from_secs(HANG_SECS);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Exit `code`, every fragment of `says` on stderr, no panic, nothing on stdout.
pub fn refused(out: &Output, code: i32, says: &[&str], what: &str) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{what}: {err}");
    for s in says {
        assert!(err.contains(s), "{what}: `{err}` lacks `{s}`");
    }
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        out.stdout.is_empty(),
        "{what} wrote to stdout: {}",
        text(&out.stdout)
    );
}

pub fn ok(out: &Output, what: &str) -> String {
    assert_eq!(out.status.code(), Some(0), "{what}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// A store of `jobs` jobs with a note each, written through the library.
pub fn store_with(db: &Path, jobs: usize) {
    let policy = super::example_policy().parse();
    let now = slawatch::service::clock::now();
    let mut store = Store::open(db).unwrap();
    for i in 0..jobs {
        let id = store
            .log_job(
                &policy,
                &NewJob {
                    customer: "Acme Corp".into(),
                    priority: format!("P{}", i % 4 + 1),
                    summary: format!("Pump {i} tripping, a summary long enough to fill pages"),
                    at: Some(now - 7200),
                    ..NewJob::default()
                },
                "anna",
                now,
            )
            .unwrap();
        store
            .record(
                &policy,
                id,
                &slawatch_core::job::JobAction::Note {
                    text: format!("note {i}"),
                },
                "anna",
                None,
                now,
            )
            .unwrap();
    }
}

/// (jobs, events) and the chain checked, through the library.
pub fn counts(db: &Path) -> (i64, i64) {
    let store = Store::open_existing(db).unwrap();
    let report = store.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    store.counts().unwrap()
}

/// Every file of the store (the database, and its `-wal` if it holds anything), byte
/// for byte.
pub fn snapshot(db: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    [db.to_path_buf(), wal]
        .into_iter()
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

/// The command without the root's power to ignore file permissions: as root, drop the
/// capabilities that override them (the files stay root's own, so the policy and the
/// binary can still be read wherever the checkout is); as anyone else, unchanged.
pub fn without_override(cmd: Command) -> Command {
    let prefix = override_dropped();
    let Some((program, args)) = prefix.split_first() else {
        return cmd;
    };
    let mut c = Command::new(program);
    c.args(args).arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c
}

/// The command line that runs a program without those capabilities (empty: not root).
pub fn override_dropped() -> Vec<String> {
    let root = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .is_some_and(|l| l.split_whitespace().nth(2) == Some("0"));
    if !root {
        return Vec::new();
    }
    let caps = "-dac_override,-dac_read_search,-fowner";
    vec![
        "setpriv".to_owned(),
        format!("--bounding-set={caps}"),
        format!("--inh-caps={caps}"),
        "--".to_owned(),
    ]
}

pub fn set_mode(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::os::unix::fs::PermissionsExt::from_mode(mode)).unwrap();
}

/// `slawatch ARGS` under a file size limit of `kib` KiB, as a full disk: the shell
/// ignores SIGXFSZ so a write past the limit fails (EFBIG) instead of killing it.
pub fn limited(db: &Path, kib: u64, args: &[&str]) -> Command {
    let inner = slawatch(db, args);
    let mut c = Command::new("bash");
    c.arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\""))
        .arg(inner.get_program())
        .args(inner.get_args());
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c.env_remove("SLAWATCH_NOW").stdin(Stdio::null());
    c
}
