//! Issue 16: the dashboard holds every open row for hours. Rows read in one pass share
//! one copy of the texts they repeat, and the clock log stays byte for byte what it was
//! in the store however it is held in memory.

use slawatch_core::job::{JobAction, NewJob};
use slawatch_store::{JobFilter, Store};

use crate::common::example_policy;

const NOW: i64 = 1_795_000_000;

fn job(i: usize) -> NewJob {
    NewJob {
        customer: "Acme Corp".into(),
        priority: format!("P{}", i % 2 + 1),
        summary: format!("Pump {i} tripping"),
        at: Some(NOW - 7200 + i64::try_from(i).unwrap()),
        ..NewJob::default()
    }
}

#[test]
fn open_rows_read_in_one_pass_share_the_texts_they_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let policy = example_policy().parse();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    for i in 0..6 {
        store.log_job(&policy, &job(i), "anna", NOW).unwrap();
    }
    let rows = store
        .jobs(&JobFilter {
            open_only: true,
            ..JobFilter::default()
        })
        .unwrap();
    assert_eq!(rows.len(), 6);
    let first = &rows[0];
    for r in &rows[1..] {
        // Same text, same bytes in memory: one copy for all the rows.
        assert_eq!(r.policy_hash, first.policy_hash);
        assert_eq!(
            r.policy_hash.as_ptr(),
            first.policy_hash.as_ptr(),
            "job {}: policy hash",
            r.id
        );
        assert_eq!(
            r.created_by.as_ptr(),
            first.created_by.as_ptr(),
            "job {}: logged by",
            r.id
        );
    }
    // Jobs of the same priority have the same windows text, and share it.
    assert_eq!(rows[0].windows, rows[2].windows);
    assert_eq!(rows[0].windows.as_ptr(), rows[2].windows.as_ptr());
    assert_eq!(&*rows[0].created_by, "anna");
    assert!(!rows[0].policy_hash.is_empty());
}

#[test]
fn the_stored_clock_log_is_the_same_bytes_and_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let policy = example_policy().parse();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let id = store.log_job(&policy, &job(1), "anna", NOW).unwrap();
    let steps = [
        JobAction::Respond { note: None },
        JobAction::Pause {
            reason: "waiting on customer".into(),
            note: None,
        },
        JobAction::Resume { note: None },
        JobAction::Reprioritize {
            priority: "P1".into(),
            job_type: Some("malfunction".into()),
        },
    ];
    for (i, a) in steps.iter().enumerate() {
        store
            .record(
                &policy,
                id,
                a,
                "anna",
                Some(NOW + 60 * i64::try_from(i).unwrap()),
                NOW + 600,
            )
            .unwrap();
    }
    let stored: String = store
        .connection()
        .query_row("SELECT clock_log FROM jobs WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    // The format as serde wrote it before the entries' text was boxed: fields in
    // declaration order, empty ones left out (the log is hashed into the chain).
    let responded = format!(r#"{{"k":"responded","at":{NOW},"out":["#);
    assert!(stored.starts_with(&format!("[{responded}")), "{stored}");
    assert!(
        stored.contains(&format!(
            r#"{{"k":"paused","at":{},"reason":"waiting on customer"}}"#,
            NOW + 60
        )),
        "{stored}"
    );
    assert!(
        stored.contains(&format!(r#"{{"k":"resumed","at":{}}}"#, NOW + 120)),
        "{stored}"
    );
    assert!(
        stored.ends_with(&format!(
            r#"{{"k":"reprioritized","at":{},"priority":"P1","type":"malfunction","from_priority":"P2"}}]"#,
            NOW + 180
        )),
        "{stored}"
    );
    let row = store.job(id).unwrap();
    assert_eq!(
        serde_json::to_string(&row.clock_log).unwrap(),
        stored,
        "written back the same bytes"
    );
    let paused = row.clock_log.iter().find(|e| e.reason().is_some()).unwrap();
    assert_eq!(paused.reason(), Some("waiting on customer"));
    assert_eq!(paused.priority(), None);
    let re = row.clock_log.last().unwrap();
    assert_eq!(
        (re.priority(), re.job_type(), re.from_priority()),
        (Some("P1"), Some("malfunction"), Some("P2"))
    );
    assert!(verify_ok(&store));
}

fn verify_ok(store: &Store) -> bool {
    store.verify().map(|v| v.ok()).unwrap_or(false)
}
