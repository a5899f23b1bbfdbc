//! Hostile store files (issue 7): a store cut short (the file, or its write-ahead log),
//! read-only (the file, or its directory), on a full disk (a file size limit, and a
//! small tmpfs when the test may mount one), and locked by another process past the
//! busy timeout. Each time: a clear message naming the file, no panic, and the file
//! never made worse. The dashboard on a read-only store is `e2e::read_only_dashboard`;
//! `store::store_faults` covers a file that is not SQLite and one from a newer slawatch.

use crate::common::store_rig;

use std::path::Path;

use store_rig::{
    counts, limited, ok, refused, run, set_mode, slawatch, snapshot, store_with, text, without_override,
};

#[test]
fn a_store_cut_short_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.db");
    store_with(&whole, 300);
    let bytes = std::fs::read(&whole).unwrap();
    let page = 4096;
    assert!(bytes.len() > 20 * page, "the store spans many pages");
    let cuts = [
        (0, "the file is empty (0 bytes)"),
        (50, "less than an SQLite header"),
        (100, "not a whole number of 4096-byte pages"),
        (page, "where its header says"),
        (3 * page + 123, "not a whole number of 4096-byte pages"),
        (bytes.len() / 2 / page * page, "where its header says"),
        (bytes.len() - page, "where its header says"),
        (bytes.len() - 1, "not a whole number"),
    ];
    for (cut, why) in cuts {
        let db = dir.path().join(format!("cut-{cut}.db"));
        std::fs::write(&db, &bytes[..cut]).unwrap();
        let name = db.display().to_string();
        // Reading, writing, checking, and the dashboard (before the terminal is touched:
        // stdout stays empty).
        for args in [
            &["list"][..],
            &["show", "1"],
            &["verify"],
            &["note", "1", "x"],
            &["resolve", "2"],
            &["report", "--from", "2026-01-01", "--to", "2026-12-31"],
            &["watch", "--once"],
            &[],
        ] {
            let out = run(slawatch(&db, args), &format!("{args:?} on {cut} bytes"));
            refused(
                &out,
                2,
                &[&name, why],
                &format!("{args:?} on a store cut at {cut}"),
            );
        }
        assert!(
            std::fs::read(&db).unwrap() == bytes[..cut],
            "the store cut at {cut} was modified"
        );
        assert!(
            !Path::new(&format!("{name}-wal")).exists(),
            "SQLite was let at the store cut at {cut}"
        );
    }
}

#[test]
fn a_directory_given_as_the_store_is_refused_as_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["list"][..], &["note", "1", "x"], &[]] {
        let out = run(slawatch(dir.path(), args), &format!("{args:?} on a directory"));
        refused(
            &out,
            2,
            &[&dir.path().display().to_string(), "not a slawatch store"],
            &format!("{args:?} on a directory"),
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing created in it"
    );
}

/// A crash can leave the write-ahead log cut anywhere: SQLite keeps the transactions
/// whose frames are whole and drops the rest, so the store is an earlier, intact state.
#[test]
fn a_write_ahead_log_cut_short_loses_only_its_unfinished_tail() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    store_with(&live, 5);
    let (_, events_before) = counts(&live);
    // A reader that holds the log open keeps later commits in it (no checkpoint).
    let holder = rusqlite::Connection::open(&live).unwrap();
    holder
        .execute_batch("PRAGMA wal_autocheckpoint = 0; BEGIN; SELECT count(*) FROM events;")
        .unwrap();
    holder.execute_batch("COMMIT;").unwrap();
    for i in 0..20 {
        let out = run(
            slawatch(&live, &["note", "1", &format!("in the log {i}")]),
            "note",
        );
        ok(&out, "note into the log");
    }
    let db_bytes = std::fs::read(&live).unwrap();
    let wal_bytes = std::fs::read(format!("{}-wal", live.display())).unwrap();
    drop(holder);
    let frame = 24 + 4096;
    assert!(wal_bytes.len() > 32 + 20 * frame, "the notes are in the log");
    let last_frame = 32 + (wal_bytes.len() - 32) / frame * frame - frame;
    for cut in [
        0,
        16,
        32 + 24 + 100,
        32 + frame,
        last_frame + 40,
        wal_bytes.len() - 1,
    ] {
        let db = dir.path().join(format!("wal-{cut}.db"));
        std::fs::write(&db, &db_bytes).unwrap();
        std::fs::write(format!("{}-wal", db.display()), &wal_bytes[..cut]).unwrap();
        let out = run(slawatch(&db, &["verify"]), &format!("verify, log cut at {cut}"));
        assert!(ok(&out, "verify").contains("unbroken chain"));
        let (jobs, events) = counts(&db);
        assert_eq!(jobs, 5);
        assert!(
            (events_before..=events_before + 20).contains(&events),
            "log cut at {cut}: {events} events"
        );
        // What survived is a prefix of what was written: the chain says so, and the
        // notes present are exactly the first ones.
        let c = rusqlite::Connection::open(&db).unwrap();
        let notes: Vec<String> = c
            .prepare(
                "SELECT json_extract(data, '$.text') FROM events WHERE kind = 'note' AND job = 1 ORDER BY id",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let expected: Vec<String> = std::iter::once("note 0".to_owned())
            .chain((0..events - events_before).map(|i| format!("in the log {i}")))
            .collect();
        assert_eq!(notes, expected, "log cut at {cut}");
        if cut == wal_bytes.len() - 1 {
            assert_eq!(
                events,
                events_before + 19,
                "only the last, unfinished commit is lost"
            );
        }
    }
}

/// Reading works on a store this user may not write; writing says so, naming the file.
fn read_only_case(db: &Path, what: &str) {
    let name = db.display().to_string();
    let before = snapshot(db);
    for args in [
        &["list", "--all"][..],
        &["show", "1"],
        &["verify"],
        &["export"],
        &["report", "--from", "2026-01-01", "--to", "2030-12-31"],
    ] {
        let out = run(without_override(slawatch(db, args)), &format!("{args:?} {what}"));
        ok(&out, &format!("{args:?} on a {what}"));
    }
    for args in [&["note", "1", "x"][..], &["resolve", "2"], &["watch", "--once"]] {
        let out = run(without_override(slawatch(db, args)), &format!("{args:?} {what}"));
        refused(
            &out,
            1,
            &[&name, "the store is read-only for you", "nothing was recorded"],
            &format!("{args:?} on a {what}"),
        );
    }
    let out = run(
        without_override(slawatch(
            db,
            &[
                "log",
                "--customer",
                "Globex",
                "--priority",
                "P1",
                "--summary",
                "x",
            ],
        )),
        "log",
    );
    refused(&out, 1, &[&name, "read-only"], &format!("log on a {what}"));
    assert!(snapshot(db) == before, "the {what} was modified");
}

#[test]
fn a_read_only_store_can_be_read_but_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    store_with(&db, 3);
    set_mode(&db, 0o400);
    read_only_case(&db, "read-only file");
    // Not even readable: nothing works, and the message says where to look.
    set_mode(&db, 0o000);
    for args in [&["list"][..], &["note", "1", "x"]] {
        let out = run(without_override(slawatch(&db, args)), "unreadable");
        refused(
            &out,
            1,
            &[&db.display().to_string(), "cannot open the store", "ls -l"],
            &format!("{args:?} on an unreadable file"),
        );
    }
    set_mode(&db, 0o600);
    assert_eq!(counts(&db), (3, 6));

    // A read-only directory: SQLite cannot create the `-wal` and `-shm` beside it.
    let sub = dir.path().join("ro");
    std::fs::create_dir(&sub).unwrap();
    let db = sub.join("jobs.db");
    store_with(&db, 3);
    set_mode(&sub, 0o500);
    read_only_case(&db, "store in a read-only directory");
    let left: Vec<_> = std::fs::read_dir(&sub)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    set_mode(&sub, 0o700);
    assert_eq!(left, ["jobs.db"], "nothing was created beside it");
    assert_eq!(counts(&db), (3, 6));
}

#[test]
fn a_full_disk_fails_the_write_cleanly_and_keeps_what_was_committed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    store_with(&db, 50);
    let name = db.display().to_string();
    let before = counts(&db);
    // A single action: its log frames cannot be written.
    for args in [&["note", "3", "disk full"][..], &["resolve", "3"]] {
        let out = run(limited(&db, 4, args), &format!("{args:?} on a full disk"));
        refused(
            &out,
            1,
            &[&name, "could not write the store", "ulimit -f", "not recorded"],
            &format!("{args:?} on a full disk"),
        );
        assert_eq!(counts(&db), before, "{args:?}");
    }
    let out = run(slawatch(&db, &["verify"]), "verify");
    assert!(ok(&out, "verify").contains("unbroken chain"));

    // An import of three batches of 20,000 rows that runs out of room in the third:
    // the whole batches before stay, the message says up to which line.
    let csv = dir.path().join("jobs.csv");
    let at = slawatch_core::time::instant::rfc3339(slawatch::service::clock::now() - 3600, &chrono_tz::UTC);
    let mut rows = String::from("customer,priority,type,summary,at\n");
    for i in 0..60_000 {
        rows.push_str(&format!("Acme Corp,P{},malfunction,Job {i},{at}\n", i % 4 + 1));
    }
    std::fs::write(&csv, rows).unwrap();
    // A batch takes about 10 MB of the store and of its log: room for some, not all.
    let out = run(
        limited(&db, 20_000, &["import", csv.to_str().unwrap()]),
        "import on a full disk",
    );
    refused(
        &out,
        1,
        &[&name, "could not write the store", "were imported before that"],
        "import on a full disk",
    );
    let err = text(&out.stderr);
    let (jobs, events) = counts(&db);
    let imported = jobs - before.0;
    assert!(
        imported > 0 && imported % 20_000 == 0,
        "whole batches only: {imported}"
    );
    assert_eq!(events, before.1 + imported, "one event per imported job");
    assert!(
        err.contains(&format!("The rows up to line {} were imported", imported + 1)),
        "{err}"
    );
    let out = run(slawatch(&db, &["verify"]), "verify");
    assert!(ok(&out, "verify after the import").contains("unbroken chain"));

    match Tmpfs::mount(&dir.path().join("mnt")) {
        Some(fs) => on_a_full_tmpfs(&fs.0),
        None => eprintln!("no tmpfs could be mounted here (not root): the file size limit stood in"),
    }
}

/// A 1 MiB tmpfs, unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    /// Only where this test may mount (root): the size limit above covers the rest.
    fn mount(at: &Path) -> Option<Self> {
        std::fs::create_dir(at).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "slawatch-test"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| Self(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// A real full disk (ENOSPC rather than EFBIG): the write is refused naming the file,
/// and once there is room again the store is as it was.
fn on_a_full_tmpfs(mnt: &Path) {
    let db = mnt.join("jobs.db");
    store_with(&db, 5);
    let before = counts(&db);
    let filler = mnt.join("filler");
    {
        use std::io::{ErrorKind, Write};
        // Filled until the disk itself says it is full: a passing error (memory short on a
        // busy machine) must not leave room for the write that should be refused.
        let mut f = std::fs::File::create(&filler).unwrap();
        let mut passing = 0;
        loop {
            match f.write_all(&[0_u8; 4096]) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::StorageFull => break,
                Err(e) if passing < 100 => {
                    passing += 1;
                    eprintln!("filling the tmpfs: {e}; again");
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => panic!("filling the tmpfs: {e}"),
            }
        }
        let probe = std::fs::File::create(mnt.join("probe")).and_then(|mut p| p.write_all(&[0_u8; 4096]));
        assert!(
            probe.is_err_and(|e| e.kind() == ErrorKind::StorageFull),
            "the tmpfs is full"
        );
    }
    let name = db.display().to_string();
    for args in [&["note", "1", "disk full"][..], &["resolve", "2"]] {
        let out = run(slawatch(&db, args), &format!("{args:?} on a full tmpfs"));
        refused(
            &out,
            1,
            &[&name, "could not write the store", "is the disk full"],
            &format!("{args:?} on a full tmpfs"),
        );
    }
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(counts(&db), before, "nothing written on the full disk");
    let out = run(slawatch(&db, &["verify"]), "verify");
    assert!(ok(&out, "verify after the full tmpfs").contains("unbroken chain"));
}

#[test]
fn a_store_locked_past_the_timeout_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    store_with(&db, 3);
    let before = counts(&db);
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN EXCLUSIVE; INSERT INTO technicians (name, created_at) VALUES ('lock', 0);")
        .unwrap();
    // Readers of a WAL store are not blocked by a writer.
    let out = run(slawatch(&db, &["list"]), "list while locked");
    assert!(ok(&out, "list while locked").contains("Acme Corp"));
    // A writer waits out the busy timeout (10 s), then gives up, saying so.
    let out = run(slawatch(&db, &["note", "1", "x"]), "note while locked");
    refused(
        &out,
        1,
        &[
            &db.display().to_string(),
            "the store is busy",
            "held its lock",
            "nothing was recorded, try again",
        ],
        "note while locked",
    );
    lock.execute_batch("ROLLBACK").unwrap();
    drop(lock);
    assert_eq!(counts(&db), before, "nothing written while locked");
    let out = run(slawatch(&db, &["note", "1", "x"]), "note after");
    ok(&out, "note after the lock is gone");
}
