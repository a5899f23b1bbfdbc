//! Issue 15 through the library: the schema refuses `INSERT OR REPLACE` on events,
//! `verify` names missing triggers and the event of a malformed field, and a chain head
//! read once proves later that the events up to it are unchanged.

use crate::common::example_policy;

use std::path::Path;

use slawatch_core::job::{ChainHead, GENESIS, NewJob};
use slawatch_store::{HeadCheck, Store};

/// 2026-11-20T12:00:00Z.
const NOW: i64 = 1_795_694_400;

fn store(dir: &Path, jobs: usize) -> Store {
    let policy = example_policy().parse();
    let mut store = Store::open(&dir.join("jobs.db")).unwrap();
    for i in 0..jobs {
        let job = NewJob {
            customer: "Globex".into(),
            priority: "P2".into(),
            summary: format!("Lift {i}"),
            at: Some(NOW - 3600),
            ..NewJob::default()
        };
        store.log_job(&policy, &job, "anna", NOW).unwrap();
    }
    store
}

fn messages(store: &Store) -> String {
    let r = store.verify().unwrap();
    r.problems
        .iter()
        .map(|p| p.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn insert_or_replace_on_events_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), 2);
    let err = store
        .connection()
        .execute(
            "INSERT OR REPLACE INTO events (id, job, kind, at, recorded_at, actor, data, prev_hash, hash)
             SELECT id, job, kind, at, recorded_at, 'mallory', data, prev_hash, hash FROM events WHERE id = 1",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(store.verify().unwrap().ok());
}

#[test]
fn each_missing_trigger_is_a_problem_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), 1);
    store
        .connection()
        .execute_batch("DROP TRIGGER events_no_delete; DROP TRIGGER events_no_replace;")
        .unwrap();
    let r = store.verify().unwrap();
    assert!(!r.ok());
    let all = messages(&store);
    assert!(all.contains("events_no_delete"), "{all}");
    assert!(all.contains("events_no_replace"), "{all}");
    assert!(!all.contains("events_no_update"), "{all}");
}

#[test]
fn a_trigger_emptied_of_its_refusal_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), 1);
    store
        .connection()
        .execute_batch(
            "DROP TRIGGER events_no_update;
             CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT 1; END;",
        )
        .unwrap();
    let all = messages(&store);
    assert!(all.contains("events_no_update"), "{all}");
}

#[test]
fn a_non_text_actor_is_named_with_its_event_and_job() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), 3);
    store
        .connection()
        .execute_batch(
            "DROP TRIGGER events_no_update;
             UPDATE events SET actor = x'00ff' WHERE id = 2;
             CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                 BEGIN SELECT RAISE(ABORT, 'events are append-only: they cannot be changed'); END;",
        )
        .unwrap();
    let r = store.verify().unwrap();
    let p = r.problems.first().unwrap();
    assert_eq!((p.event, p.job), (Some(2), Some(2)), "{p:?}");
    assert!(p.message.contains("actor"), "{}", p.message);
}

#[test]
fn the_head_is_the_count_and_the_last_hash() {
    let dir = tempfile::tempdir().unwrap();
    let empty = store(dir.path(), 0);
    assert_eq!(
        empty.chain_head().unwrap(),
        ChainHead {
            events: 0,
            hash: GENESIS.to_owned()
        }
    );
    drop(empty);
    let store = store(dir.path(), 2);
    let head = store.chain_head().unwrap();
    let last: String = store
        .connection()
        .query_row("SELECT hash FROM events ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(head.events, 2);
    assert_eq!(head.hash, last);
    assert_eq!(store.verify().unwrap().head, Some(head.clone()));
    let text = head.to_string();
    assert_eq!(text.parse::<ChainHead>().unwrap(), head);
}

#[test]
fn a_head_checks_out_until_the_events_up_to_it_change() {
    let dir = tempfile::tempdir().unwrap();
    let policy = example_policy().parse();
    let mut store = store(dir.path(), 3);
    let head = store.chain_head().unwrap();
    assert_eq!(store.verify_head(&head).unwrap(), HeadCheck::Holds);
    // More events after it: still holds.
    let job = NewJob {
        customer: "Globex".into(),
        priority: "P1".into(),
        summary: "later".into(),
        at: Some(NOW - 60),
        ..NewJob::default()
    };
    store.log_job(&policy, &job, "anna", NOW).unwrap();
    assert_eq!(store.verify_head(&head).unwrap(), HeadCheck::Holds);

    // Event 1 rewritten and the whole chain rehashed.
    let c = store.connection();
    c.execute_batch("DROP TRIGGER events_no_update; UPDATE events SET actor = 'mallory' WHERE id = 1;")
        .unwrap();
    crate::common::forger::rehash(c);
    match store.verify_head(&head).unwrap() {
        HeadCheck::Differs { found } => assert_ne!(found, head.hash),
        other => panic!("{other:?}"),
    }

    // Fewer events than the head counts.
    c.execute_batch("DROP TRIGGER events_no_delete; DELETE FROM events WHERE id >= 3;")
        .unwrap();
    assert_eq!(store.verify_head(&head).unwrap(), HeadCheck::Short { found: 2 });
}
