//! Issue 15: a user is one identity whatever its case, for the alert mark too; and a
//! job at a level the policy does not define still reminds the top of the chain.

use crate::common::example_policy;

use slawatch::alerts::cycle::Engine;
use slawatch_core::alerts::reminders;
use slawatch_core::job::{JobAction, NewJob};
use slawatch_store::{JobFilter, Store};

/// Tue 2026-11-24 09:00 in Amsterdam (08:00 UTC): office hours.
const L: i64 = 1_795_507_200;

#[test]
fn anna_in_capitals_does_not_get_annas_alerts_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("jobs.db")).unwrap();
    let policy = example_policy().parse();
    let job = NewJob {
        customer: "Acme Corp".into(),
        priority: "P2".into(),
        summary: "Pump failure".into(),
        at: Some(L),
        ..NewJob::default()
    };
    let id = store.log_job(&policy, &job, "jan", L).unwrap();
    let mut engine = Engine::default();
    // The first round of a user marks history as seen; the escalation after it is news.
    engine
        .round(&mut store, &policy, "anna", &[], &[], L + 30)
        .unwrap();
    store
        .record(
            &policy,
            id,
            &JobAction::Escalate {
                level: Some(1),
                note: None,
            },
            "jan",
            Some(L + 120),
            L + 120,
        )
        .unwrap();
    let (_, first) = engine
        .round(&mut store, &policy, "anna", &[], &[], L + 180)
        .unwrap();
    assert_eq!(first.len(), 1, "{first:?}");
    // Before: the mark was kept per spelling, so ANNA was told everything again.
    let mut other = Engine::default();
    let (_, again) = other
        .round(&mut store, &policy, "ANNA", &[], &[], L + 240)
        .unwrap();
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn a_job_beyond_the_chain_reminds_the_top_level_until_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("jobs.db")).unwrap();
    let mut nine = example_policy().text.to_owned();
    nine.push_str("\n[[escalation.levels]]\nlevel = 9\nname = \"Board\"\nnotify = [\"dispatch\"]\n");
    let nine = slawatch_core::policy::parse_policy("nine.toml", &nine).unwrap();
    let policy = example_policy().parse();
    let job = NewJob {
        customer: "Acme Corp".into(),
        priority: "P2".into(),
        summary: "Pump failure".into(),
        at: Some(L),
        ..NewJob::default()
    };
    let id = store.log_job(&policy, &job, "anna", L).unwrap();
    store
        .record(
            &nine,
            id,
            &JobAction::Escalate {
                level: Some(9),
                note: None,
            },
            "anna",
            Some(L + 60),
            L + 60,
        )
        .unwrap();
    let rows = store
        .jobs(&JobFilter {
            open_only: true,
            ..JobFilter::default()
        })
        .unwrap();
    // Before: level 9 is not in the example chain, so no reminder ever went out.
    let due = reminders(&policy, "maria", rows.iter(), L + 60 + 16 * 60);
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].level, 9);
    assert!(reminders(&policy, "anna", rows.iter(), L + 60 + 16 * 60).is_empty());
}

/// Schema v8 keeps who acknowledged an escalation on the job; a v7 store gets it from
/// its latest acknowledgement not revoked since, and then agrees with its events.
#[test]
fn a_v7_store_learns_who_acknowledged_from_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let policy = example_policy().parse();
    {
        let mut store = Store::open(&db).unwrap();
        let job = NewJob {
            customer: "Acme Corp".into(),
            priority: "P2".into(),
            summary: "Pump failure".into(),
            at: Some(L),
            ..NewJob::default()
        };
        let id = store.log_job(&policy, &job, "anna", L).unwrap();
        let esc = JobAction::Escalate {
            level: Some(2),
            note: None,
        };
        store
            .record(&policy, id, &esc, "anna", Some(L + 60), L + 60)
            .unwrap();
        let ack = JobAction::Ack { note: None };
        let row = store
            .record(&policy, id, &ack, "maria", Some(L + 120), L + 120)
            .unwrap();
        assert_eq!(
            (row.acked_by.as_deref(), row.acked_at),
            (Some("maria"), Some(L + 120))
        );
    }
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "DROP TABLE outbox; DROP TABLE mail_messages; DROP TABLE mail_held; DROP TABLE mail_log;
         DROP TRIGGER webhook_queue; DROP TABLE webhook_outbox; DROP TABLE webhook_routes;
         ALTER TABLE jobs DROP COLUMN acked_by; ALTER TABLE jobs DROP COLUMN acked_at;
         PRAGMA user_version = 7;",
    )
    .unwrap();
    drop(c);
    let store = Store::open(&db).unwrap();
    let row = store.job(1).unwrap();
    assert_eq!(
        (row.acked_by.as_deref(), row.acked_at),
        (Some("maria"), Some(L + 120))
    );
    let v = store.verify().unwrap();
    assert!(v.ok(), "{:?}", v.problems);
}
