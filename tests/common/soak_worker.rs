//! One worker of the concurrency soak: random legal and illegal actions on a shared
//! store through the library, each predicted from the job as read just before, and a
//! tally of what the store did with it (one JSON line per attempt).

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};
use slawatch_core::job::{Job, JobAction, NewJob};
use slawatch_core::policy::Policy;
use slawatch_store::{Store, StoreError};

/// The users the four workers act as: two dispatchers, the on-call manager, and a
/// technician with no role (whose escalations and acknowledgements are refused for
/// the role).
pub const ACTORS: [&str; 4] = ["anna", "jan", "maria", "pieter"];
const REASONS: [&str; 4] = [
    "waiting on customer",
    "customer unreachable",
    "no site access",
    "waiting for parts",
];
const TECHS: [&str; 5] = ["jan", "pieter", "sofia", "thomas", "lisa"];
const CUSTOMERS: [&str; 3] = ["Acme Corp", "Globex", "Initech"];

/// xorshift64*: repeatable from the seed, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// A job to log, `hours` back at most.
pub fn new_job(rng: &mut Rng, now: i64, summary: &str) -> NewJob {
    NewJob {
        customer: (*rng.pick(&CUSTOMERS)).to_owned(),
        priority: format!("P{}", rng.below(4) + 1),
        summary: summary.to_owned(),
        technician: (rng.below(2) == 0).then(|| (*rng.pick(&TECHS)).to_owned()),
        at: Some(now - rng.below(3 * 3600) as i64),
        ..NewJob::default()
    }
}

/// The refusal the rules call for (a fragment of its message), or `None`: legal.
/// Written from the rules in README/DESIGN, independently of the store's own check.
pub fn predict(
    job: &Job,
    action: &JobAction,
    at: i64,
    now: i64,
    actor: &str,
    policy: &Policy,
) -> Option<String> {
    let r = |s: &str| Some(s.to_owned());
    if at > now {
        return r("is in the future");
    }
    if at < job.last_event_at {
        return r("must not be earlier than that");
    }
    let resolved = job.status == slawatch_core::job::JobStatus::Resolved;
    let closed = "was already resolved";
    match action {
        JobAction::Respond { .. } if resolved => r(closed),
        JobAction::Respond { .. } if job.responded_at.is_some() => r("was already responded to"),
        JobAction::Attend { .. } if resolved => r(closed),
        JobAction::Attend { .. } if job.attended_at.is_some() => r("was already attended"),
        JobAction::Resolve { .. } if resolved => r(closed),
        JobAction::Reopen { .. } if !resolved => r("is not resolved, so it cannot be reopened"),
        JobAction::Pause { .. } if resolved => r(closed),
        JobAction::Pause { .. } if job.status == slawatch_core::job::JobStatus::Paused => {
            r("is already paused")
        }
        JobAction::Pause { reason, .. } if !REASONS.contains(&reason.as_str()) => r("unknown pause reason"),
        JobAction::Resume { .. } if job.status != slawatch_core::job::JobStatus::Paused => {
            r("is not paused, so it cannot be resumed")
        }
        JobAction::Assign { .. } if resolved => r(closed),
        JobAction::Assign { to } if job.technician.as_deref() == Some(to.as_str()) => {
            r("is already assigned to")
        }
        JobAction::Reprioritize { .. } if resolved => r(closed),
        JobAction::Reprioritize { priority, .. } if *priority == job.priority => r("already has priority"),
        JobAction::Reprioritize { priority, .. }
            if !["P1", "P2", "P3", "P4"].contains(&priority.as_str()) =>
        {
            r("unknown priority")
        }
        JobAction::Note { text } if text.trim().is_empty() => r("the note is empty"),
        JobAction::Escalate { .. } if resolved => r(closed),
        // Only the levels the policy defines (1 and 2 in the example).
        JobAction::Escalate { level: Some(l), .. } if !(1..=2).contains(l) => {
            r("is not in the escalation chain")
        }
        JobAction::Escalate { level: Some(l), .. } if *l <= job.escalation_level => {
            r("is already escalated to level")
        }
        JobAction::Escalate { level: None, .. } if job.escalation_level >= 2 => {
            r("the top of the escalation chain")
        }
        // Who may escalate is the policy's business too.
        JobAction::Escalate { level, .. } => policy
            .may_escalate(actor, level.unwrap_or(job.escalation_level + 1))
            .err()
            .map(|_| "needs the role".to_owned()),
        JobAction::Ack { .. } if job.escalation_level == 0 => r("has not been escalated"),
        JobAction::Ack { .. } if job.acked_level >= job.escalation_level => r("was already acknowledged"),
        // Who holds which role is the policy's business: ask it.
        JobAction::Ack { .. } => policy
            .may_acknowledge(actor, job.escalation_level)
            .err()
            .map(|_| "needs the role".to_owned()),
        _ => None,
    }
}

/// An action on `job`: mostly one a dispatcher would try, some bad on their face.
fn action(rng: &mut Rng, level: i64, tag: &str) -> (JobAction, &'static str) {
    let note = Some(tag.to_owned());
    match rng.below(16) {
        0 => (JobAction::Respond { note }, "respond"),
        1 => (JobAction::Attend { note }, "attend"),
        2 => (JobAction::Resolve { note }, "resolve"),
        3 => (JobAction::Reopen { note }, "reopen"),
        4 => (
            JobAction::Pause {
                reason: (*rng.pick(&REASONS)).to_owned(),
                note,
            },
            "pause",
        ),
        5 => (JobAction::Resume { note }, "resume"),
        6 => (
            JobAction::Assign {
                to: (*rng.pick(&TECHS)).to_owned(),
            },
            "assign",
        ),
        7 => (
            JobAction::Reprioritize {
                priority: format!("P{}", rng.below(4) + 1),
                job_type: None,
            },
            "reprioritize",
        ),
        8 => (JobAction::Note { text: tag.to_owned() }, "note"),
        9 => (JobAction::Escalate { level: None, note }, "escalate"),
        10 => (JobAction::Ack { note }, "ack"),
        // Bad on their face, whatever the job's state.
        11 => (
            JobAction::Pause {
                reason: "gone fishing".to_owned(),
                note,
            },
            "pause",
        ),
        12 => (
            JobAction::Note {
                text: "  ".to_owned(),
            },
            "note",
        ),
        13 => (
            JobAction::Escalate {
                level: Some(if rng.below(2) == 0 { 10 } else { level.max(1) }),
                note,
            },
            "escalate",
        ),
        14 => (
            JobAction::Reprioritize {
                priority: "P9".to_owned(),
                job_type: None,
            },
            "reprioritize",
        ),
        _ => (JobAction::Resolve { note }, "resolve"),
    }
}

/// The id of the event `actor` just appended to `job` (the worker is the only writer
/// acting as `actor`, and one action at a time).
fn my_event(store: &Store, job: i64, actor: &str) -> i64 {
    store
        .connection()
        .query_row(
            "SELECT max(id) FROM events WHERE job = ?1 AND actor = ?2",
            rusqlite::params![job, actor],
            |r| r.get(0),
        )
        .unwrap()
}

/// Runs `n` attempts as worker `w` on the store at `db`; one tally line per attempt.
pub fn run(w: usize, db: &Path, policy: &Policy, n: usize, seed: u64, out: &mut impl Write) {
    let actor = ACTORS[w];
    let mut rng = Rng::new(seed + w as u64);
    let mut store = Store::open_existing(db).unwrap();
    for i in 0..n {
        let now = slawatch::service::clock::now();
        let tag = format!("w{w}-{i}");
        let max: i64 = store
            .connection()
            .query_row("SELECT coalesce(max(id), 0) FROM jobs", [], |r| r.get(0))
            .unwrap();
        let roll = rng.below(100);
        let line = if roll < 6 {
            // Log a job: now and then one in the future, or without a summary.
            let mut job = new_job(&mut rng, now, &tag);
            let expect = match roll {
                0 => {
                    job.at = Some(now + 3600);
                    Some("is in the future")
                }
                1 => {
                    job.summary = " ".to_owned();
                    Some("the summary is empty")
                }
                _ => None,
            };
            match store.log_job(policy, &job, actor, now) {
                Ok(id) => {
                    let ev: i64 = store
                        .connection()
                        .query_row(
                            "SELECT id FROM events WHERE job = ?1 AND kind = 'created'",
                            [id],
                            |r| r.get(0),
                        )
                        .unwrap();
                    json!({"op": "log", "kind": "created", "job": id, "expect": expect, "outcome": "accepted", "event": ev, "changed": false})
                }
                Err(e) => {
                    json!({"op": "log", "expect": expect, "outcome": outcome(&e), "msg": e.to_string(), "changed": false})
                }
            }
        } else if roll < 8 {
            // A job that does not exist.
            let id = max + 1000;
            let (a, op) = action(&mut rng, 0, &tag);
            let r = store.record(policy, id, &a, actor, None, now);
            let (o, msg) = match r {
                Ok(_) => ("accepted", String::new()),
                Err(e) => (outcome(&e), e.to_string()),
            };
            json!({"op": op, "job": id, "expect": "does not exist", "outcome": o, "msg": msg, "changed": false})
        } else {
            // Half the time one of the newest jobs: the workers meet on them.
            let id = if rng.below(2) == 0 {
                (max - rng.below(6) as i64).max(1)
            } else {
                1 + rng.below(max as u64) as i64
            };
            let snap = store.job(id).unwrap();
            let (a, op) = action(&mut rng, snap.escalation_level, &tag);
            let at = match rng.below(20) {
                0 => now + 3600,
                1 => snap.last_event_at - 60,
                _ => now,
            };
            let expect = predict(&snap, &a, at, now, actor, policy);
            match store.record(policy, id, &a, actor, Some(at), now) {
                Ok(after) => {
                    let ev = my_event(&store, id, actor);
                    // Someone else wrote to the job between the read and the action.
                    let changed = after.event_count != snap.event_count + 1;
                    json!({"op": op, "kind": a.kind(), "job": id, "expect": expect, "outcome": "accepted", "event": ev, "changed": changed})
                }
                Err(e) => {
                    let changed = store.job(id).unwrap().event_count != snap.event_count;
                    json!({"op": op, "job": id, "expect": expect, "outcome": outcome(&e), "msg": e.to_string(), "changed": changed})
                }
            }
        };
        let mut line: Value = line;
        line["w"] = json!(w);
        line["actor"] = json!(actor);
        writeln!(out, "{line}").unwrap();
    }
    out.flush().unwrap();
}

/// A refusal (the action is not allowed) or an error (anything else: the store failed).
fn outcome(e: &StoreError) -> &'static str {
    if e.is_user_error() { "refused" } else { "error" }
}
