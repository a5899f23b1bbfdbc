//! Issue 15: a cancelled job asks nothing of anyone (no alert, no reminder), and a
//! revoked event leaves the alerts as if it had not happened.

use crate::common::example_policy;

use slawatch::alerts::cycle::Engine;
use slawatch_core::alerts::{crossed, reminders};
use slawatch_core::job::{JobAction, NewJob};
use slawatch_core::policy::Policy;
use slawatch_store::{JobFilter, Store};

/// Tue 2026-11-24 09:00 in Amsterdam (08:00 UTC): office hours.
const L: i64 = 1_795_507_200;
const H: i64 = 3600;

fn log(store: &mut Store, policy: &Policy) -> i64 {
    let job = NewJob {
        customer: "Acme Corp".into(),
        priority: "P1".into(),
        summary: "Chiller down".into(),
        at: Some(L),
        ..NewJob::default()
    };
    store.log_job(policy, &job, "anna", L).unwrap()
}

/// One alert round for anna at `t`, as the dashboard and `watch` run it; the alerts in
/// the store afterwards.
fn round(store: &mut Store, policy: &Policy, engine: &mut Engine, t: i64) -> i64 {
    let rows = store
        .jobs(&JobFilter {
            open_only: true,
            ..JobFilter::default()
        })
        .unwrap();
    let mut dues = Vec::new();
    for r in &rows {
        let sla = r.evaluate(policy, t).unwrap();
        dues.extend(
            crossed(r, &sla)
                .into_iter()
                .map(|d| (d, sla.matched.tier.name.clone())),
        );
    }
    let due = reminders(policy, "anna", rows.iter(), t);
    engine.round(store, policy, "anna", &dues, &due, t).unwrap();
    store.alert_count().unwrap()
}

#[test]
fn a_cancelled_job_raises_no_alert_and_a_revoked_cancellation_raises_them_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("jobs.db")).unwrap();
    let policy = example_policy().parse();
    let id = log(&mut store, &policy);
    store
        .record(
            &policy,
            id,
            &JobAction::Escalate {
                level: Some(2),
                note: None,
            },
            "anna",
            Some(L + 60),
            L + 60,
        )
        .unwrap();
    let cancelled = store
        .record(
            &policy,
            id,
            &JobAction::Cancel {
                reason: "duplicate".into(),
            },
            "anna",
            Some(L + 120),
            L + 120,
        )
        .unwrap();
    assert_eq!(cancelled.status.name(), "cancelled");
    let mut engine = Engine::default();
    // Ten hours on, every clock of a P1 job would have breached and the escalation be
    // reminded of: nothing, the job is cancelled.
    assert_eq!(round(&mut store, &policy, &mut engine, L + 10 * H), 0);
    let rows = store.jobs(&JobFilter::default()).unwrap();
    assert!(reminders(&policy, "maria", rows.iter(), L + 10 * H).is_empty());
    // The cancellation taken back: the job is judged again and its breaches recorded.
    let cancel_event = store.events_of(id).unwrap().last().unwrap().id;
    store
        .record(
            &policy,
            id,
            &JobAction::Revoke {
                event: cancel_event,
                reason: "not a duplicate".into(),
            },
            // Ten hours on: no longer anna's to take back, but the oncall role's.
            "maria",
            Some(L + 10 * H),
            L + 10 * H,
        )
        .unwrap();
    assert!(round(&mut store, &policy, &mut engine, L + 10 * H + 60) > 0);
    let rows = store.jobs(&JobFilter::default()).unwrap();
    assert_eq!(reminders(&policy, "maria", rows.iter(), L + 10 * H + 60).len(), 1);
}
