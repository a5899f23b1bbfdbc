//! The soak's judge: the workers' tallies against the event log, and the `jobs`
//! projection against a replay of the events.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::Value;
use slawatch_store::Store;

/// What the soak did, for the assertions and for RELIABILITY.md.
#[derive(Debug, Default)]
pub struct Figures {
    pub attempts: usize,
    pub accepted: usize,
    pub refused: usize,
    /// Legal when chosen, refused because another process changed the job first (or
    /// the other way round: made legal by another process in between).
    pub raced: usize,
    /// Of `raced`: accepted though illegal when chosen.
    pub raced_accepted: usize,
    pub by_reason: BTreeMap<String, usize>,
    pub events: i64,
    pub jobs: i64,
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} attempts: {} accepted, {} refused; {} raced (another process changed the job between \
             the choice and the action: {} of them accepted, the rest refused cleanly); refusals by \
             reason: {:?}; store: {} jobs, {} events",
            self.attempts,
            self.accepted,
            self.refused,
            self.raced,
            self.raced_accepted,
            self.by_reason,
            self.jobs,
            self.events
        )
    }
}

/// Clean refusals a racing process can cause: the job changed under the worker (who
/// then meets the state's refusal, or, the state now allowing it, the action's own
/// fault, or an event of the other process a second later than its own clock).
const RACE_REASONS: [&str; 19] = [
    "unknown pause reason",
    "the note is empty",
    "is not in the escalation chain",
    "the top of the escalation chain",
    "unknown priority",
    "is in the future",
    "must not be earlier than that",
    "was already resolved",
    "was already responded to",
    "was already attended",
    "is not resolved, so it cannot be reopened",
    "is already paused",
    "is not paused, so it cannot be resumed",
    "is already assigned to",
    "already has priority",
    "is already escalated to level",
    "has not been escalated",
    "was already acknowledged",
    "needs the role",
];

/// Checks the tallies (JSON lines) against the store at `db`; panics on the first
/// disagreement with what it found.
pub fn check(db: &Path, tally: &str) -> Figures {
    let store = Store::open_existing(db).unwrap();
    let conn = store.connection();
    let mut fig = Figures::default();
    let mut accepted_ids = HashSet::new();
    let actors: HashSet<String> = super::soak_worker::ACTORS
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
    for line in tally.lines() {
        let t: Value = serde_json::from_str(line).unwrap();
        fig.attempts += 1;
        let expect = t["expect"].as_str();
        let changed = t["changed"].as_bool().unwrap();
        match t["outcome"].as_str().unwrap() {
            "accepted" => {
                fig.accepted += 1;
                assert!(
                    expect.is_none() || changed,
                    "accepted though `{expect:?}` and unraced: {t}"
                );
                fig.raced += usize::from(expect.is_some());
                fig.raced_accepted += usize::from(expect.is_some());
                let id = t["event"].as_i64().unwrap();
                assert!(accepted_ids.insert(id), "event {id} claimed twice: {t}");
                let (job, kind, actor): (i64, String, String) = conn
                    .query_row("SELECT job, kind, actor FROM events WHERE id = ?1", [id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })
                    .unwrap();
                assert_eq!(
                    (job, kind.as_str(), actor.as_str()),
                    (
                        t["job"].as_i64().unwrap(),
                        t["kind"].as_str().unwrap(),
                        t["actor"].as_str().unwrap()
                    )
                );
            }
            "refused" => {
                fig.refused += 1;
                let msg = t["msg"].as_str().unwrap();
                let reason = match expect {
                    Some(e) if msg.contains(e) => e,
                    _ => {
                        // Legal when chosen (or refused for another reason than predicted):
                        // only a job changed by someone else explains it, with a clean reason.
                        assert!(changed, "refused unexpectedly, nothing raced it: {t}");
                        fig.raced += 1;
                        RACE_REASONS
                            .iter()
                            .find(|r| msg.contains(*r))
                            .unwrap_or_else(|| panic!("a race refused with an unexpected reason: {t}"))
                    }
                };
                *fig.by_reason.entry(reason.to_owned()).or_default() += 1;
            }
            other => panic!("the store failed ({other}) instead of accepting or refusing: {t}"),
        }
    }
    // Everything the workers wrote is an accepted action: refusals wrote nothing.
    let mut written = HashSet::new();
    let mut stmt = conn.prepare("SELECT id, actor FROM events").unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    for r in rows {
        let (id, actor) = r.unwrap();
        if actors.contains(&actor) && !(accepted_ids.contains(&id)) {
            written.insert(id);
        }
    }
    // The seed jobs were logged as anna before any worker ran.
    let seeded: HashSet<i64> = conn
        .prepare(
            "SELECT id FROM events WHERE kind = 'created' AND json_extract(data, '$.summary') LIKE 'seed %'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let stray: Vec<&i64> = written.difference(&seeded).collect();
    assert!(
        stray.is_empty(),
        "events by workers that no worker was told it made: {stray:?}"
    );

    let report = store.verify().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    replay_agrees(&store);
    (fig.jobs, fig.events) = store.counts().unwrap();
    fig
}

/// The projection of each job, replayed from its events by the rules in DESIGN.md.
#[derive(Debug, Default, PartialEq, Eq)]
struct Replayed {
    status: String,
    priority: String,
    technician: Option<String>,
    responded: bool,
    attended: bool,
    resolved: bool,
    escalation_level: i64,
    acked_level: i64,
    event_count: i64,
}

fn replay_agrees(store: &Store) {
    let conn = store.connection();
    let mut jobs: HashMap<i64, Replayed> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT job, kind, data FROM events ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap();
    for r in rows {
        let (job, kind, data) = r.unwrap();
        let d: Value = serde_json::from_str(&data).unwrap();
        let j = jobs.entry(job).or_default();
        // An alert is a notice about the job, not a change to it.
        if kind == "alert" {
            continue;
        }
        j.event_count += 1;
        match kind.as_str() {
            "created" => {
                j.status = "open".into();
                j.priority = d["priority"].as_str().unwrap().into();
                j.technician = d["technician"].as_str().map(Into::into);
            }
            "responded" => j.responded = true,
            "attended" => (j.responded, j.attended) = (true, true),
            "resolved" => {
                (j.responded, j.attended, j.resolved) = (true, true, true);
                j.status = "resolved".into();
            }
            "reopened" => (j.resolved, j.status) = (false, "open".into()),
            "paused" => j.status = "paused".into(),
            "resumed" => j.status = "open".into(),
            "assigned" => j.technician = d["to"].as_str().map(Into::into),
            "reprioritized" => j.priority = d["to"].as_str().unwrap().into(),
            "escalated" => j.escalation_level = d["level"].as_i64().unwrap(),
            "acknowledged" => j.acked_level = d["level"].as_i64().unwrap(),
            "note" => {}
            other => panic!("unknown event kind {other}"),
        }
    }
    let mut stmt = conn
        .prepare(
            "SELECT id, status, priority, technician, responded_at IS NOT NULL, attended_at IS NOT NULL,
                    resolved_at IS NOT NULL, escalation_level, acked_level, event_count FROM jobs",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Replayed {
                    status: r.get(1)?,
                    priority: r.get(2)?,
                    technician: r.get(3)?,
                    responded: r.get(4)?,
                    attended: r.get(5)?,
                    resolved: r.get(6)?,
                    escalation_level: r.get(7)?,
                    acked_level: r.get(8)?,
                    event_count: r.get(9)?,
                },
            ))
        })
        .unwrap();
    let mut seen = 0;
    for r in rows {
        let (id, row) = r.unwrap();
        assert_eq!(
            Some(&row),
            jobs.get(&id),
            "job {id}: the projection disagrees with its events"
        );
        seen += 1;
    }
    assert_eq!(seen, jobs.len(), "jobs without a row");
}
