//! Files slawatch creates hold customer data: the store (with its WAL and shared-memory
//! files while open), exports and reports are readable by their owner only, whatever the
//! umask says (issue 7, "who may do what").

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::common::cli;
use cli::Cli;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn store_exports_and_reports_are_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    // A new directory too: slawatch creates missing parents of the store.
    let db = dir.path().join("data").join("jobs.db");
    let anna = Cli::new(&db, "anna");
    anna.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P3",
        "--summary",
        "Gate",
    ]);
    assert_eq!(mode(&db), 0o600, "the store file");

    // While a reader holds the store open, its WAL and shared-memory files exist: they take
    // the store's mode.
    let held = rusqlite::Connection::open(&db).unwrap();
    held.query_row("SELECT count(*) FROM jobs", [], |r| r.get::<_, i64>(0))
        .unwrap();
    anna.ok(&["respond", "1"]);
    for side in ["jobs.db-wal", "jobs.db-shm"] {
        let p = db.with_file_name(side);
        assert_eq!(mode(&p), 0o600, "{side}");
    }
    drop(held);

    for (args, file) in [
        (vec!["export", "--format", "csv"], "jobs.csv"),
        (vec!["export", "--events", "--format", "json"], "events.jsonl"),
        (
            vec![
                "report",
                "--from",
                "2026-01-01",
                "--to",
                "2027-01-01",
                "--format",
                "md",
            ],
            "report.md",
        ),
    ] {
        let out = dir.path().join(file);
        let mut all = args.clone();
        all.extend(["--out", out.to_str().unwrap()]);
        anna.ok(&all);
        assert!(std::fs::metadata(&out).unwrap().len() > 0, "{file} is empty");
        assert_eq!(mode(&out), 0o600, "{file}");
    }
}
