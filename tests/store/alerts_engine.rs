//! The alert engine over a real store file with a scripted clock: each threshold once,
//! pauses, re-prioritisation, late firing, reminders until acknowledged, roles, and
//! several processes (engines) on one store.
use crate::common::example_policy;

use slawatch::alerts::cycle::Engine;
use slawatch_core::alerts::{Notice, crossed, reminders};
use slawatch_core::job::{JobAction, NewJob};
use slawatch_core::policy::Policy;
use slawatch_store::{JobFilter, Store};

/// Tue 2026-11-24 09:00 in Amsterdam (08:00 UTC): office hours.
const L: i64 = 1_795_507_200;
const MIN: i64 = 60;

struct Fx {
    _dir: tempfile::TempDir,
    store: Store,
    policy: Policy,
}

fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("jobs.db")).unwrap();
    let policy = example_policy().parse();
    Fx {
        _dir: dir,
        store,
        policy,
    }
}

impl Fx {
    fn log(&mut self, priority: &str, at: i64) -> i64 {
        let job = NewJob {
            customer: "Acme Corp".into(),
            priority: priority.into(),
            summary: "Pump failure".into(),
            technician: Some("jonas".into()),
            at: Some(at),
            ..NewJob::default()
        };
        self.store.log_job(&self.policy, &job, "anna", at).unwrap()
    }

    fn act(&mut self, job: i64, action: JobAction, who: &str, at: i64) {
        self.store
            .record(&self.policy, job, &action, who, Some(at), at)
            .unwrap();
    }

    /// One round of `engine` for `user` at `t`, as the dashboard and `watch` run it.
    fn round(&mut self, engine: &mut Engine, user: &str, t: i64) -> Vec<Notice> {
        let rows = self
            .store
            .jobs(&JobFilter {
                open_only: true,
                ..JobFilter::default()
            })
            .unwrap();
        let mut dues = Vec::new();
        for r in &rows {
            let sla = r.evaluate(&self.policy, t).unwrap();
            dues.extend(
                crossed(r, &sla)
                    .into_iter()
                    .map(|d| (d, sla.matched.tier.name.clone())),
            );
        }
        let due_reminders = reminders(&self.policy, user, rows.iter(), t);
        engine
            .round(&mut self.store, &self.policy, user, &dues, &due_reminders, t)
            .unwrap()
            .1
    }

    fn alerts(&self) -> i64 {
        self.store.alert_count().unwrap()
    }
}

fn summaries(n: &[Notice]) -> Vec<String> {
    n.iter().map(|n| n.summary.clone()).collect()
}

#[test]
fn each_threshold_fires_once_and_the_tier_escalates_itself() {
    let mut f = fx();
    let id = f.log("P1", L); // critical: respond 30m, attend 2h, resolve 4h, 24x7
    let mut anna = Engine::default();
    assert!(f.round(&mut anna, "anna", L + 1).is_empty());
    assert!(f.round(&mut anna, "anna", L + 15 * MIN - 1).is_empty());
    assert_eq!(
        summaries(&f.round(&mut anna, "anna", L + 15 * MIN)),
        ["WARNING 50% · #1 Acme Corp · respond"]
    );
    // The same instant again, and a minute later: nothing new.
    assert!(f.round(&mut anna, "anna", L + 15 * MIN).is_empty());
    assert!(f.round(&mut anna, "anna", L + 16 * MIN).is_empty());
    assert_eq!(f.alerts(), 1);
    assert_eq!(
        summaries(&f.round(&mut anna, "anna", L + 22 * MIN + 30)),
        ["WARNING 75% · #1 Acme Corp · respond"]
    );
    // 90 %: the warning, and the tier's automatic escalation to the dispatch lead.
    let n = f.round(&mut anna, "anna", L + 27 * MIN);
    assert_eq!(
        summaries(&n),
        [
            "WARNING 90% · #1 Acme Corp · respond",
            "ESCALATED L1 Dispatch lead · #1 Acme Corp"
        ]
    );
    let job = f.store.job(id).unwrap();
    assert_eq!(job.escalation_level, 1);
    assert_eq!(job.escalated_by.as_deref(), Some("slawatch"));
    // The breach is one second past the window; level 2 goes to on-call, not to anna.
    assert!(f.round(&mut anna, "anna", L + 30 * MIN).is_empty());
    let n = f.round(&mut anna, "anna", L + 30 * MIN + 1);
    assert_eq!(summaries(&n), ["BREACH · #1 Acme Corp · respond"]);
    assert_eq!(n[0].urgency, slawatch_core::alerts::NoticeUrgency::Critical);
    assert_eq!(f.store.job(id).unwrap().escalation_level, 2);
    assert_eq!(f.alerts(), 4);
    assert!(f.store.verify().unwrap().problems.is_empty());
}

#[test]
fn a_paused_clock_raises_nothing_until_it_runs_again() {
    let mut f = fx();
    let id = f.log("P1", L);
    f.act(id, JobAction::Respond { note: None }, "anna", L + 5 * MIN);
    f.act(id, JobAction::Attend { note: None }, "anna", L + 10 * MIN);
    // resolve (4h) is paused from 1h (25 %) for two hours.
    f.act(
        id,
        JobAction::Pause {
            reason: "waiting on customer".into(),
            note: None,
        },
        "anna",
        L + 60 * MIN,
    );
    let mut e = Engine::default();
    assert!(f.round(&mut e, "anna", L + 60 * MIN).is_empty());
    assert!(f.round(&mut e, "anna", L + 179 * MIN).is_empty());
    f.act(id, JobAction::Resume { note: None }, "anna", L + 180 * MIN);
    // 50 % of 4h is 2h of counted time: one more hour after the resume.
    assert!(f.round(&mut e, "anna", L + 240 * MIN - 1).is_empty());
    assert_eq!(
        summaries(&f.round(&mut e, "anna", L + 240 * MIN)),
        ["WARNING 50% · #1 Acme Corp · resolve"]
    );
}

#[test]
fn a_resolved_job_stops_its_pending_alerts() {
    let mut f = fx();
    let id = f.log("P1", L);
    let mut e = Engine::default();
    assert!(f.round(&mut e, "anna", L).is_empty());
    f.act(id, JobAction::Resolve { note: None }, "anna", L + 10 * MIN);
    assert!(f.round(&mut e, "anna", L + 5 * 60 * MIN).is_empty());
    assert_eq!(f.alerts(), 0);
}

#[test]
fn reprioritising_recomputes_the_crossings_under_the_new_windows() {
    let mut f = fx();
    // P3: standard tier, respond 4h on office hours, warn [0.75, 0.9].
    let id = f.log("P3", L);
    let mut e = Engine::default();
    assert!(f.round(&mut e, "anna", L).is_empty());
    assert!(f.round(&mut e, "anna", L + 20 * MIN).is_empty());
    // Now critical: respond 30m, so 50 % (15m) is already behind: it fires now, on time.
    f.act(
        id,
        JobAction::Reprioritize {
            priority: "P1".into(),
            job_type: None,
        },
        "anna",
        L + 20 * MIN,
    );
    let n = f.round(&mut e, "anna", L + 20 * MIN + 5);
    assert_eq!(summaries(&n), ["WARNING 50% · #1 Acme Corp · respond"]);
    assert!(
        !n[0].late,
        "a crossing moved into the past by a re-prioritisation is not late"
    );
    assert_eq!(
        summaries(&f.round(&mut e, "anna", L + 22 * MIN + 30)),
        ["WARNING 75% · #1 Acme Corp · respond"]
    );
}

#[test]
fn a_crossing_missed_while_off_fires_late_and_once() {
    let mut f = fx();
    f.log("P1", L);
    // Nobody watched until 20 minutes in: the 50 % warning (at 15m) is late.
    let mut e = Engine::default();
    let n = f.round(&mut e, "anna", L + 20 * MIN);
    assert_eq!(summaries(&n), ["WARNING 50% · #1 Acme Corp · respond"]);
    assert!(n[0].late);
    let shown = f.store.events_of(1).unwrap();
    let alert = shown.iter().find(|e| e.kind == "alert").unwrap();
    assert_eq!(alert.at, L + 15 * MIN, "the alert is dated by its crossing");
    assert!(alert.data.contains("\"late\":true"), "{}", alert.data);
    // A restart does not replay it.
    let mut again = Engine::default();
    assert!(f.round(&mut again, "anna", L + 21 * MIN).is_empty());
}

#[test]
fn a_process_that_was_off_gets_one_summary_not_a_storm() {
    let mut f = fx();
    for i in 0..4 {
        f.log("P1", L + i * MIN);
    }
    let mut e = Engine::default();
    assert!(f.round(&mut e, "anna", L + 4 * MIN).is_empty());
    drop(e);
    // Off for an hour: every job breached its respond clock meanwhile.
    let mut back = Engine::default();
    let n = f.round(&mut back, "anna", L + 64 * MIN);
    assert_eq!(n.len(), 1, "{:?}", summaries(&n));
    // Per job only the breach is told (not its warnings); level 2 is on-call's, not anna's.
    assert_eq!(n[0].summary, "4 alerts while you were away");
    assert!(n[0].body.starts_with("4 breaches on 4 jobs"), "{}", n[0].body);
}

#[test]
fn an_unacknowledged_escalation_repeats_until_someone_allowed_acknowledges() {
    let mut f = fx();
    let id = f.log("P3", L);
    f.act(
        id,
        JobAction::Escalate {
            level: Some(2),
            note: Some("customer furious".into()),
        },
        "anna",
        L + MIN,
    );
    let mut maria = Engine::default();
    let n = f.round(&mut maria, "maria", L + 2 * MIN);
    assert_eq!(summaries(&n), ["ESCALATED L2 On-call manager · #1 Acme Corp"]);
    assert!(
        n[0].body.contains("escalated by anna: customer furious"),
        "{}",
        n[0].body
    );
    // renotify = 15m for level 2.
    assert!(f.round(&mut maria, "maria", L + 16 * MIN - 1).is_empty());
    assert_eq!(
        summaries(&f.round(&mut maria, "maria", L + 16 * MIN)),
        ["UNACKNOWLEDGED L2 On-call manager · #1 Acme Corp"]
    );
    assert!(f.round(&mut maria, "maria", L + 20 * MIN).is_empty());
    assert_eq!(f.round(&mut maria, "maria", L + 31 * MIN).len(), 1);
    // Anna (dispatch) may not acknowledge level 2; the refusal names the role.
    let refused = f
        .store
        .record(
            &f.policy,
            id,
            &JobAction::Ack { note: None },
            "anna",
            None,
            L + 32 * MIN,
        )
        .unwrap_err()
        .to_string();
    assert!(refused.contains("needs the role oncall"), "{refused}");
    f.act(
        id,
        JobAction::Ack {
            note: Some("on my way".into()),
        },
        "maria",
        L + 32 * MIN,
    );
    assert!(f.round(&mut maria, "maria", L + 46 * MIN).is_empty());
    assert!(f.round(&mut maria, "maria", L + 90 * MIN).is_empty());
    // Dispatch is not told of the level-2 escalation at all.
    let mut anna = Engine::default();
    assert!(f.round(&mut anna, "anna", L + 91 * MIN).is_empty());
}

#[test]
fn two_processes_record_once_and_tell_each_user_once() {
    let mut f = fx();
    f.log("P1", L);
    let (mut a1, mut a2, mut jan) = (Engine::default(), Engine::default(), Engine::default());
    assert!(f.round(&mut a1, "anna", L).is_empty());
    assert!(f.round(&mut a2, "anna", L).is_empty());
    assert!(f.round(&mut jan, "jan", L).is_empty());
    let mut anna_told = 0;
    let mut jan_told = 0;
    for t in [15 * MIN, 22 * MIN + 30, 30 * MIN + 1] {
        anna_told += f.round(&mut a1, "anna", L + t).len();
        anna_told += f.round(&mut a2, "anna", L + t).len();
        jan_told += f.round(&mut jan, "jan", L + t).len();
    }
    // 50 %, 75 %, then 90 % and the breach together (told as the breach): four alerts
    // recorded once, three notices told once to anna (two processes) and once to jan.
    assert_eq!(f.alerts(), 4);
    assert_eq!(anna_told, 3);
    assert_eq!(jan_told, 3);
}

#[test]
fn alerts_about_jobs_resolved_meanwhile_are_not_told() {
    let mut f = fx();
    let first = f.log("P1", L);
    f.log("P1", L);
    let mut anna = Engine::default();
    assert_eq!(
        f.round(&mut anna, "anna", L + 15 * MIN).len(),
        1,
        "one summary of two warnings"
    );
    f.act(first, JobAction::Resolve { note: None }, "anna", L + 16 * MIN);
    // Jan starts later: the job since resolved asks nothing of him.
    let mut jan = Engine::default();
    let n = f.round(&mut jan, "jan", L + 17 * MIN);
    assert_eq!(summaries(&n), ["WARNING 50% · #2 Acme Corp · respond"]);
}
