//! Files and stores that cannot be turned against the user (issue 15): output files and
//! backups are created owner-only through a new file and a rename, never through a link;
//! `--db` is a path, never an SQLite URI; demo data never lands among real jobs; a
//! message to a closed stderr never becomes a panic; a FIFO, a device or a leftover
//! backup is named for what it is; an action waiting for the lock takes its time after.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common;
use common::cli::Cli;

/// 2026-11-24 10:00 UTC, a Tuesday.
const NOW: i64 = 1_795_514_400;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

/// A store with one real job in `dir/jobs.db`.
fn one_job(dir: &Path) -> Cli {
    let cli = Cli::new(&dir.join("jobs.db"), "anna").at(NOW);
    cli.log_job("Globex", "P3", "Gate");
    cli
}

const REPORT: [&str; 7] = [
    "report",
    "--from",
    "2026-11-01",
    "--to",
    "2026-12-01",
    "--format",
    "md",
];

fn with_out<'a>(args: &[&'a str], out: &'a Path) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--out", out.to_str().unwrap()]);
    all
}

#[test]
fn report_out_onto_an_existing_0644_file_leaves_it_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let cli = one_job(dir.path());
    let out = dir.path().join("report.md");
    std::fs::write(&out, "last month's report").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    cli.ok(&with_out(&REPORT, &out));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Globex") || text.contains('|'), "{text}");
    assert_eq!(mode(&out), 0o600, "an older mode is never kept");
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("report"))
        .collect();
    assert_eq!(names, ["report.md"]);
}

#[test]
fn out_onto_a_symlink_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cli = one_job(dir.path());
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("report.md");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    for args in [
        REPORT.to_vec(),
        vec!["export", "--format", "csv"],
        vec!["export", "--events", "--format", "json"],
    ] {
        let err = cli.refused(&with_out(&args, &link), "symbolic link");
        assert!(err.contains("report.md"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious", "{args:?}");
        assert_eq!(mode(&victim), 0o644);
        assert!(is_link(&link), "the link stays as it was");
    }
}

/// A store at schema v4 with one technician, as an older slawatch left it.
fn v4_store(db: &Path) {
    let c = rusqlite::Connection::open(db).unwrap();
    slawatch_store::schema::create_at_version(&c, 4).unwrap();
    c.execute("INSERT INTO technicians (name, created_at) VALUES ('jan', 0)", [])
        .unwrap();
}

fn backups(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".bak-"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_planted_backup_symlink_is_not_written_through_by_a_migration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    v4_store(&db);
    let victim = dir.path().join("elsewhere.db");
    let planted = dir.path().join("old.db.bak-v4");
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let out = Cli::new(&db, "anna").at(NOW).output(&["list", "--all", "--json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!victim.exists(), "nothing written where the link points");
    assert!(is_link(&planted), "the planted link is left alone");
    let fresh = dir.path().join("old.db.bak-v4-2");
    assert_eq!(backups(dir.path()), ["old.db.bak-v4", "old.db.bak-v4-2"]);
    assert_eq!(mode(&fresh), 0o600, "the backup holds customer data");
    assert!(
        err.contains("old.db.bak-v4-2"),
        "says where the backup went: {err}"
    );
    let b = rusqlite::Connection::open(&fresh).unwrap();
    let v: i64 = b.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 4);
}

#[test]
fn a_leftover_backup_does_not_block_a_migration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    v4_store(&db);
    let leftover = dir.path().join("old.db.bak-v4");
    std::fs::write(&leftover, "the backup of an earlier upgrade").unwrap();
    let out = Cli::new(&db, "anna").at(NOW).output(&["list", "--all", "--json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("disk space"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&leftover).unwrap(),
        "the backup of an earlier upgrade",
        "the older backup is kept"
    );
    assert_eq!(backups(dir.path()), ["old.db.bak-v4", "old.db.bak-v4-2"]);
    assert!(err.contains("old.db.bak-v4-2"), "{err}");
    assert_eq!(mode(&dir.path().join("old.db.bak-v4-2")), 0o600);
    // The store was migrated: a write works and a second run makes no more backups.
    let cli = Cli::new(&db, "anna").at(NOW);
    cli.log_job("Globex", "P3", "x");
    assert_eq!(backups(dir.path()).len(), 2);
}

#[test]
fn db_is_always_a_path_never_an_sqlite_uri() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["file:jobs.db?mode=memory", "file:locks.db?nolock=1"] {
        let run = |args: &[&str]| {
            common::bin()
                .current_dir(dir.path())
                .args(["--db", name, "--policy", common::example_policy().path])
                .args(args)
                .env("SLAWATCH_USER", "anna")
                .output()
                .unwrap()
        };
        let out = run(&[
            "log",
            "--customer",
            "Globex",
            "--priority",
            "P3",
            "--summary",
            "x",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let file = dir.path().join(name);
        assert!(
            std::fs::metadata(&file).is_ok_and(|m| m.len() > 0),
            "the job is kept in a file named exactly {name}"
        );
        let out = run(&["show", "1", "--json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let c =
            rusqlite::Connection::open_with_flags(&file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let n: i64 = c
            .query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1, "{name}");
    }
    // Nothing else was created beside them (no `jobs.db` from the URI's path).
    assert!(!dir.path().join("jobs.db").exists());
    assert!(!dir.path().join("locks.db").exists());
}

fn job_count(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn demo_data_never_lands_among_real_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let cli = one_job(dir.path());
    let err = cli.refused(&["demo-data", "--jobs", "20", "--days", "5"], "--db");
    assert!(err.contains("not demo"), "{err}");
    assert_eq!(job_count(&cli.db), 1, "no demo job was written");

    // A new store, then more demo data into it: fine.
    let demo = Cli::new(&dir.path().join("demo.db"), "anna").at(NOW);
    demo.ok(&["demo-data", "--jobs", "20", "--days", "5"]);
    demo.ok(&["demo-data", "--jobs", "20", "--days", "5", "--seed", "3"]);
    assert_eq!(job_count(&demo.db), 40);
    // Once a real job is in it, no more.
    demo.log_job("Globex", "P3", "real");
    demo.refused(&["demo-data", "--jobs", "20"], "--db");
    assert_eq!(job_count(&demo.db), 41);
    // Nobody logs a real job under the name that marks demo jobs.
    let fresh = Cli::new(&dir.path().join("fresh.db"), "demo-data").at(NOW);
    fresh.refused(
        &[
            "log",
            "--customer",
            "Globex",
            "--priority",
            "P3",
            "--summary",
            "x",
        ],
        "demo-data",
    );
}

#[test]
fn demo_data_days_stay_in_the_supported_range() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Cli::new(&dir.path().join("demo.db"), "anna").at(NOW);
    let err = demo.refused(&["demo-data", "--jobs", "5", "--days", "4294967295"], "--days");
    assert!(err.contains("1900"), "{err}");
    assert!(!demo.db.exists() || job_count(&demo.db) == 0);
    demo.refused(&["demo-data", "--jobs", "5", "--days", "0"], "--days");
    // The largest allowed value still works.
    demo.ok(&["demo-data", "--jobs", "5", "--days", "36500"]);
}

/// `slawatch ARGS` with fd 2 closed (`2>&-`).
fn with_stderr_closed(cli: &Cli, args: &[&str]) -> Output {
    let c = cli.command(args);
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg("exec \"$@\" 2>&-")
        .arg("sh")
        .arg(c.get_program());
    sh.args(c.get_args());
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.output().unwrap()
}

/// `slawatch ARGS` with stderr a pipe nobody reads any more.
fn with_stderr_a_closed_pipe(cli: &Cli, args: &[&str]) -> std::process::ExitStatus {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    cli.command(args)
        .stdout(Stdio::null())
        .stderr(writer)
        .status()
        .unwrap()
}

#[test]
fn a_failure_with_nobody_reading_stderr_keeps_its_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let cli = one_job(dir.path());
    let nowhere = Cli::new(Path::new("/nonexistent/dir/x.db"), "anna");
    for (cli, args, code) in [
        (&cli, vec!["show", "999"], 2),
        (&cli, vec!["respond", "999"], 2),
        (&nowhere, vec!["list"], 2),
    ] {
        let out = with_stderr_closed(cli, &args);
        assert_eq!(out.status.code(), Some(code), "{args:?} 2>&-");
        let status = with_stderr_a_closed_pipe(cli, &args);
        assert_eq!(status.code(), Some(code), "{args:?} 2>closed pipe");
    }
}

/// Waits for `child` at most `secs`; kills it (and fails) if it hangs.
fn wait_bounded(mut child: Child, secs: u64, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_fifo_or_a_device_as_the_store_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("jobs.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for db in [fifo.clone(), PathBuf::from("/dev/null")] {
        let cli = Cli::new(&db, "anna").at(NOW);
        for args in [
            vec!["list"],
            vec!["verify"],
            vec![
                "log",
                "--customer",
                "Globex",
                "--priority",
                "P3",
                "--summary",
                "x",
            ],
        ] {
            let child = cli
                .command(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let out = wait_bounded(child, 20, &format!("{args:?} on {}", db.display()));
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?} on {}: {err}", db.display());
            assert!(err.contains("not a regular file"), "{err}");
            assert!(err.contains("--db"), "says what to pass instead: {err}");
            assert!(!err.contains("restore it from a backup"), "{err}");
        }
    }
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(FileTypeExt::is_fifo(&kind), "the FIFO is left as it was");
}

#[test]
fn an_action_waiting_for_the_lock_takes_its_time_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let cli = one_job(dir.path());
    // Another dispatcher's note, recorded two seconds after this command starts.
    let later = Cli::new(&cli.db, "jan").at(NOW + 2);
    later.ok(&["note", "1", "called the customer"]);
    // And that other process still holds the write lock when this one starts.
    let holder = rusqlite::Connection::open(&cli.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let child = cli
        .command(&["respond", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The waiting command's clock (started at NOW) is past NOW + 2 when the lock is freed.
    std::thread::sleep(Duration::from_millis(3500));
    holder.execute_batch("COMMIT").unwrap();
    let out = wait_bounded(child, 20, "respond waiting for the lock");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // With an explicit --at earlier than the latest event, the refusal stays.
    cli.refused(
        &["attend", "1", "--at", "2026-11-24T10:00:00Z"],
        "--at must not be earlier",
    );
}
