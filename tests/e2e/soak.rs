//! Concurrency soak (issue 7): four worker processes doing random legal and illegal
//! actions on one store while a dashboard (in tmux) and `slawatch watch` (with a command
//! hook) run on it. Afterwards every accepted action is in the log exactly once, nothing
//! else by the workers is, every refusal has an expected reason, `verify` passes and the
//! `jobs` projection agrees with a replay of the events.
//!
//! Each worker is this test binary run again with `SLAWATCH_SOAK_WORKER=N` (a real,
//! separate process opening the store through the library). `SLAWATCH_SOAK_PER=N` sets
//! the actions per worker; `SLAWATCH_SOAK=full` runs the 10,000 each and prints
//! the figures recorded in RELIABILITY.md.
use crate::common;

use crate::common::cli;
use crate::common::soak_check;
use crate::common::soak_worker;
use crate::common::tmux;
use cli::policy_with_hook;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use slawatch_core::policy::{Policy, parse_policy};
use slawatch_store::Store;
use soak_worker::{ACTORS, Rng, new_job};

/// Jobs in the store when the soak starts.
const SEED_JOBS: usize = 40;
const SEED: u64 = 7;

/// Actions per worker: small enough for CI by default.
fn per_worker() -> usize {
    if std::env::var("SLAWATCH_SOAK").as_deref() == Ok("full") {
        return 10_000;
    }
    std::env::var("SLAWATCH_SOAK_PER")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_500)
}

fn load(path: &Path) -> Policy {
    parse_policy("sla.toml", &std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Seed jobs logged up to 3 h ago: thresholds and automatic escalations fall before
/// and during the soak.
fn seed(db: &Path, policy: &Policy) {
    let mut store = Store::open(db).unwrap();
    let mut rng = Rng::new(SEED);
    let now = slawatch::service::clock::now();
    for i in 0..SEED_JOBS {
        store
            .log_job(policy, &new_job(&mut rng, now, &format!("seed {i}")), "anna", now)
            .unwrap();
    }
}

/// Worker role: the test binary run again by `soak_runs_four_workers_…`. Without the
/// variable, one worker alone on a store of its own, where nothing races it: every
/// prediction must then hold exactly.
#[test]
fn soak_worker() {
    if let Ok(w) = std::env::var("SLAWATCH_SOAK_WORKER") {
        let w: usize = w.parse().unwrap();
        let db = PathBuf::from(std::env::var("SLAWATCH_SOAK_DB").unwrap());
        let policy = load(Path::new(&std::env::var("SLAWATCH_SOAK_POLICY").unwrap()));
        let n: usize = std::env::var("SLAWATCH_SOAK_N").unwrap().parse().unwrap();
        let tally = std::env::var("SLAWATCH_SOAK_TALLY").unwrap();
        let mut out = std::io::BufWriter::new(std::fs::File::create(tally).unwrap());
        soak_worker::run(w, &db, &policy, n, SEED, &mut out);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let policy_path = policy_with_hook(
        dir.path(),
        &dir.path().join("hook.txt"),
        &["job", "kind", "clock"],
    );
    let policy = load(&policy_path);
    seed(&db, &policy);
    let mut tally = Vec::new();
    // anna's and pieter's runs: a dispatcher, and one whose acknowledgements need a role.
    for w in [0, 3] {
        soak_worker::run(w, &db, &policy, 300, SEED, &mut tally);
    }
    let figures = soak_check::check(&db, &String::from_utf8(tally).unwrap());
    assert_eq!(figures.raced, 0, "nothing raced a worker alone");
    assert!(figures.accepted > 100 && figures.refused > 100, "{figures:?}");
}

/// [`soak_worker`]'s name for the test harness: its module path inside the test binary
/// (the binary holds every end-to-end test), so `--exact` runs that test and no other.
fn worker_test() -> String {
    match module_path!().split_once("::") {
        Some((_crate, module)) => format!("{module}::soak_worker"),
        None => "soak_worker".to_owned(),
    }
}

fn spawn_worker(w: usize, db: &Path, policy: &Path, n: usize, tally: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .arg(worker_test())
        .args(["--exact", "--nocapture", "--test-threads=1"])
        .env("SLAWATCH_SOAK_WORKER", w.to_string())
        .env("SLAWATCH_SOAK_DB", db)
        .env("SLAWATCH_SOAK_POLICY", policy)
        .env("SLAWATCH_SOAK_N", n.to_string())
        .env("SLAWATCH_SOAK_TALLY", tally)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn open_jobs(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM jobs WHERE status <> 'resolved'", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn soak_runs_four_workers_beside_a_dashboard_and_a_watcher() {
    let n = per_worker();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let hook = dir.path().join("hook.txt");
    let policy_path = policy_with_hook(dir.path(), &hook, &["job", "kind", "clock"]);
    let policy = load(&policy_path);
    seed(&db, &policy);

    let env = [
        ("SLAWATCH_USER", "demo"),
        ("SLAWATCH_DB", db.to_str().unwrap()),
        ("SLAWATCH_POLICY", policy_path.to_str().unwrap()),
    ];
    let tui = tmux::Tui::start_with("soak", &env, &[]);
    tui.wait(
        &format!("│ {SEED_JOBS} open "),
        60,
        "the dashboard shows the seeded jobs",
    );
    let first = tui.screen();
    let watch_out = std::fs::File::create(dir.path().join("watch.txt")).unwrap();
    let mut watcher = common::bin()
        .args(["watch", "--every", "1"])
        .envs(env)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(Stdio::null())
        .stdout(watch_out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let started = Instant::now();
    let tallies: Vec<PathBuf> = (0..ACTORS.len())
        .map(|w| dir.path().join(format!("tally-{w}.jsonl")))
        .collect();
    let workers: Vec<Child> = tallies
        .iter()
        .enumerate()
        .map(|(w, t)| spawn_worker(w, &db, &policy_path, n, t))
        .collect();
    // Hang guard only: generous for a debug build on 2 shared cores.
    let deadline = started + Duration::from_secs(120 + n as u64 / 10);
    for (w, mut child) in workers.into_iter().enumerate() {
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("worker {w} hung");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "worker {w} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            tallies[w].exists(),
            "worker {w} ran no test: `{}` matched nothing",
            worker_test()
        );
    }
    let took = started.elapsed();

    // Both watchers of the store lived through it, and the dashboard caught up.
    assert!(
        watcher.try_wait().unwrap().is_none(),
        "watch died during the soak"
    );
    assert_eq!(tui.run("status", &[], "dashboard status").trim(), "running");
    let open = open_jobs(&db);
    tui.wait(
        &format!("│ {open} open "),
        60,
        "the dashboard shows the store's open jobs",
    );
    let last = tui.screen();
    assert_ne!(first, last, "the dashboard redrew");
    tui.keys(&["q"]);
    assert_eq!(tui.wait_exit(20), "0", "the dashboard quits cleanly");
    let killed = Command::new("kill")
        .args(["-TERM", &watcher.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = watcher.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let tally: String = tallies
        .iter()
        .map(|t| std::fs::read_to_string(t).unwrap())
        .collect();
    let figures = soak_check::check(&db, &tally);
    assert_eq!(figures.attempts, n * ACTORS.len());
    let verify = common::bin().arg("verify").envs(env).output().unwrap();
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    assert!(String::from_utf8_lossy(&verify.stdout).contains("unbroken chain"));
    let hooked = std::fs::read_to_string(&hook).unwrap_or_default();
    eprintln!(
        "soak: {} workers x {n} actions in {:.1} s, {figures}; {} hook calls; dashboard:\n{last}",
        ACTORS.len(),
        took.as_secs_f64(),
        hooked.lines().count()
    );
    assert!(
        !hooked.is_empty(),
        "the alerts of the seeded jobs reached the hook"
    );
}
