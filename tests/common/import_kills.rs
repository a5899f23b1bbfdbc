//! `slawatch import` of a large CSV killed at random points, and the check that only
//! whole batches of it are in the store. Used by `e2e::kill_storm`.

use std::collections::BTreeMap;

use super::kill_rig::{Desk, Rng, kill9, text, wait_for};

/// Rows per import transaction (`store::import`): a kill keeps whole batches only.
pub const BATCH: i64 = 20_000;

/// What the import kills did.
#[derive(Debug, Default)]
pub struct Tally {
    /// Imports killed while running.
    pub killed: usize,
    /// Imports with N batches in, by N.
    pub batches: BTreeMap<i64, usize>,
}

/// `rows` jobs for the planned tier (no crossing within the storm), tagged `tag`.
fn csv(desk: &Desk, tag: &str, rows: i64, at: i64) -> std::path::PathBuf {
    let when = slawatch_core::time::instant::rfc3339(at, &chrono_tz::UTC);
    let mut s = String::from("customer,priority,summary,at\n");
    for i in 0..rows {
        s.push_str(&format!("Acme Corp,P4,{tag} {i:07},{when}\n"));
    }
    let path = desk.path(&format!("{tag}.csv"));
    std::fs::write(&path, s).unwrap();
    path
}

/// The rows of import `tag` in the store: whole batches, each complete, one `created`
/// event per row. Returns how many.
fn committed_rows(desk: &Desk, tag: &str, rows: i64) -> i64 {
    let db = desk.read();
    let like = format!("{tag} %");
    let (n, last): (i64, Option<String>) = db
        .query_row(
            "SELECT count(*), max(summary) FROM jobs WHERE summary LIKE ?1",
            [&like],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        n == rows || n % BATCH == 0,
        "{tag}: {n} rows is not whole batches of {BATCH}"
    );
    if let Some(last) = last {
        // Rows go in file order: n rows in means rows 0..n, no gap, no half batch.
        assert_eq!(
            last,
            format!("{tag} {:07}", n - 1),
            "{tag}: the committed rows are not the first {n}"
        );
    }
    let events: i64 = db
        .query_row(
            "SELECT count(*) FROM events e JOIN jobs j ON j.id = e.job WHERE j.summary LIKE ?1",
            [&like],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(events, n, "{tag}: one created event per row");
    n
}

/// How many rows of import `tag` are in (read without taking any lock).
fn rows_in(desk: &Desk, tag: &str) -> i64 {
    desk.read()
        .query_row(
            "SELECT count(*) FROM jobs WHERE summary LIKE ?1",
            [format!("{tag} %")],
            |r| r.get(0),
        )
        .unwrap()
}

/// Imports killed at random points: after a random number of committed batches (none
/// to all but the last), then a random 0-1.5 s further on, so the kills land in every batch.
pub fn imports(desk: &Desk, rng: &mut Rng, user: &str, count: usize, rows: i64, now: i64) -> Tally {
    let mut t = Tally::default();
    let batches = (rows + BATCH - 1) / BATCH;
    for k in 0..count {
        let tag = format!("imp{k}");
        let file = csv(desk, &tag, rows, now);
        let mut child = desk
            .cmd(user, now, &["import", file.to_str().unwrap()])
            .spawn()
            .unwrap();
        let after = rng.below(batches as u64) as i64 * BATCH;
        wait_for(300, "the import's batches", || {
            rows_in(desk, &tag) >= after || child.try_wait().unwrap().is_some()
        });
        std::thread::sleep(rng.ms(1500));
        if kill9(&mut child) {
            t.killed += 1;
        }
        let out = child.wait_with_output().unwrap();
        let n = committed_rows(desk, &tag, rows);
        if text(&out.stdout).contains("Imported") {
            assert_eq!(n, rows, "{tag} said it was done");
        }
        *t.batches.entry((n + BATCH - 1) / BATCH).or_default() += 1;
    }
    t
}
