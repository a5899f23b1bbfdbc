//! A mail source lets go of its copy (a Maildir file moved to cur/, exit 0 to the MTA)
//! only once what the mail made is on disk, not merely committed: the store commits with
//! `synchronous = NORMAL`, which survives a killed process but not a power cut. Watched
//! with strace on the real binary: after the last write to the store's WAL, the WAL is
//! synced before the file is renamed (Maildir) or the process exits (pipe). A dashboard
//! holds the store open meanwhile, as on a desk: so the WAL is not checkpointed (and
//! synced) by the ingest closing the last connection.

use std::path::Path;
use std::process::Command;

use crate::common::cli::Cli;

/// 2026-11-20T12:00:00Z.
const NOW: i64 = 1_795_176_000;

fn mail(n: usize) -> String {
    format!(
        "Received: from mx by desk; Fri, 20 Nov 2026 11:50:00 +0000\r\nFrom: facilities@acme.example\r\nTo: desk@us.example\r\nSubject: Boiler {n} down\r\nMessage-ID: <durable-{n}@acme.example>\r\nDate: Fri, 20 Nov 2026 11:49:00 +0000\r\n\r\nNo heating in wing {n}.\r\n"
    )
}

/// The run's system calls that matter here, one per line, paths resolved (`-y`).
fn traced(cli: &Cli, args: &[&str], stdin: Option<&Path>, log: &Path) -> Vec<String> {
    let inner = cli.command(args);
    let mut c = Command::new("strace");
    c.arg("-f")
        .arg("-y")
        .arg("-qq")
        .args(["-s", "80"])
        .args([
            "-e",
            "trace=pwrite64,write,sendto,fsync,fdatasync,rename,renameat,renameat2,exit_group",
        ])
        .arg("-o")
        .arg(log)
        .arg(inner.get_program())
        .args(inner.get_args());
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    if let Some(f) = stdin {
        c.stdin(std::fs::File::open(f).unwrap());
    }
    let out = c.output().unwrap_or_else(|e| {
        panic!("strace cannot run ({e}): `.ci/run` installs it (apt-get install strace)")
    });
    assert!(
        out.status.success(),
        "{args:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The store made and held open, as a running dashboard holds it.
fn open_store(dir: &Path) -> slawatch_store::Store {
    let store = slawatch_store::Store::open(&dir.join("jobs.db")).unwrap();
    assert!(store.data_version().is_ok());
    store
}

fn wal_write(line: &str) -> bool {
    (line.contains("pwrite64(") || line.contains(" write(")) && line.contains("jobs.db-wal>")
}

fn wal_sync(line: &str) -> bool {
    (line.contains("fdatasync(") || line.contains("fsync(")) && line.contains("jobs.db-wal>")
}

/// Every `at` (a rename, the exit) has a WAL sync after the last WAL write before it.
fn assert_synced_before(lines: &[String], is_at: impl Fn(&str) -> bool, what: &str) -> usize {
    let mut dirty = false;
    let mut seen = 0;
    for l in lines {
        if wal_write(l) {
            dirty = true;
        } else if wal_sync(l) {
            dirty = false;
        } else if is_at(l) {
            seen += 1;
            assert!(
                !dirty,
                "{what} while the store's last commit was not yet synced to disk: {l}\n{}",
                lines.join("\n")
            );
        }
    }
    seen
}

#[test]
fn a_maildir_file_moves_to_cur_only_after_its_job_is_synced_to_disk() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
    }
    for n in 0..5 {
        std::fs::write(md.join("new").join(format!("17952000{n}.M1P1.desk")), mail(n)).unwrap();
    }
    let cli = Cli::new(&dir.path().join("jobs.db"), "mail").at(NOW);
    let _dashboard = open_store(dir.path());
    let lines = traced(
        &cli,
        &["ingest", "maildir", md.to_str().unwrap()],
        None,
        &dir.path().join("strace.log"),
    );
    assert!(
        lines.iter().any(|l| wal_write(l)),
        "the jobs were written to the WAL"
    );
    let moved = assert_synced_before(
        &lines,
        |l| l.contains("rename") && l.contains("/cur/"),
        "a mail moved to cur/",
    );
    assert_eq!(moved, 5, "five files moved: {}", lines.join("\n"));
    assert_eq!(cli.json(&["list", "--json"]).as_array().unwrap().len(), 5);
}

#[test]
fn ingest_mail_exits_0_to_the_mta_only_after_the_job_is_synced_to_disk() {
    let dir = tempfile::tempdir().unwrap();
    let eml = dir.path().join("m.eml");
    std::fs::write(&eml, mail(1)).unwrap();
    let cli = Cli::new(&dir.path().join("jobs.db"), "mail").at(NOW);
    let _dashboard = open_store(dir.path());
    let lines = traced(
        &cli,
        &["ingest", "mail"],
        Some(&eml),
        &dir.path().join("strace.log"),
    );
    assert!(
        lines.iter().any(|l| wal_write(l)),
        "the job was written to the WAL"
    );
    let exits = assert_synced_before(&lines, |l| l.contains("exit_group("), "exit 0 to the MTA");
    assert!(exits >= 1, "{}", lines.join("\n"));
    assert_eq!(cli.json(&["list", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn an_imap_message_is_flagged_seen_only_after_its_job_is_synced_to_disk() {
    let imap = crate::imap_ingest::Imap::start();
    for n in 0..3 {
        let file = imap.dir.path().join(format!("d{n}.eml"));
        std::fs::write(&file, mail(n)).unwrap();
        imap.rig(&["deliver", file.to_str().unwrap()]);
    }
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(&dir.path().join("jobs.db"), "mail").at(NOW);
    let _dashboard = open_store(dir.path());
    let pw = imap.password_file();
    // Plain IMAP on loopback, so that the STORE command can be seen on the socket.
    let lines = traced(
        &cli,
        &[
            "ingest",
            "imap",
            "--host",
            "127.0.0.1",
            "--port",
            &imap.port,
            "--security",
            "plain",
            "--user",
            &imap.user,
            "--password-file",
            pw.to_str().unwrap(),
        ],
        None,
        &dir.path().join("strace.log"),
    );
    let flagged = assert_synced_before(
        &lines,
        |l| l.contains("UID STORE") && l.contains("Seen"),
        "a message flagged \\Seen",
    );
    assert_eq!(flagged, 1, "one STORE for the batch: {}", lines.join("\n"));
    assert_eq!(cli.json(&["list", "--json"]).as_array().unwrap().len(), 3);
    assert_eq!(imap.rig(&["count", "--unseen"]).stdout, b"0\n");
}
