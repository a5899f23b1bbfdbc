//! Planning a scripted job (demo data): the job and every step taken on it, checked
//! and applied in memory into its final row and its events. Pure: no store access, so
//! it runs on the pipeline's preparing thread; the writer only hashes and inserts.

use super::EventKind;
use super::JobError;
use super::action::{JobAction, NewJob, apply_encoded, prepare};
use super::chain::{Hex, event_hash_hex};
use super::model::Job;
use super::transitions::check;
use crate::policy::Policy;

/// A job and what happened to it since, in time order.
#[derive(Debug, Clone)]
pub struct JobScript<'a> {
    pub job: NewJob,
    pub logged_by: &'a str,
    /// Each action with its instant and who did it.
    pub steps: Vec<(JobAction, i64, &'a str)>,
}

/// An event ready for the chain (the writer adds the job id, `recorded_at` and hashes).
pub struct PlannedEvent<'a> {
    pub kind: EventKind,
    pub at: i64,
    pub actor: &'a str,
    pub data: String,
    /// Its hash, if [`link`] could work it out ahead of the writer.
    pub hash: Option<Hex>,
}

/// A job in its final state, with everything the writer needs.
pub struct PlannedJob<'a> {
    /// The id is the writer's to set: its transaction owns the id range.
    pub row: Job,
    /// `row.clock_log` encoded, as stored.
    pub clock_log: String,
    /// Technicians to make sure of, with the instant each was named, in order.
    pub technicians: Vec<(String, i64)>,
    /// `created` first, then one per step.
    pub events: Vec<PlannedEvent<'a>>,
    /// The chain head the events' hashes were worked out over (see [`link`]).
    pub prev: Option<Hex>,
}

/// Plans `script` as [`super::Batch::log`] and [`super::Batch::apply`] would write it.
/// `id` names the job in refusals only.
///
/// # Errors
/// As [`super::Batch::log`] and [`super::Batch::apply`]: a refused job or step.
pub fn plan<'a>(
    policy: &Policy,
    script: &JobScript<'a>,
    id: i64,
    now: i64,
) -> Result<PlannedJob<'a>, JobError> {
    let p = prepare(policy, &script.job, script.logged_by, now)?;
    let mut row = p.row;
    row.id = id;
    let mut technicians = Vec::new();
    if let Some(t) = &row.technician {
        technicians.push((t.clone(), row.created_at));
    }
    let mut events = Vec::with_capacity(script.steps.len() + 1);
    events.push(PlannedEvent {
        kind: EventKind::Created,
        at: row.created_at,
        actor: script.logged_by,
        data: p.data,
        hash: None,
    });
    for (action, at, who) in &script.steps {
        check(&row, action, *at, now, policy, who, &|_| None)?;
        if let JobAction::Assign { to } = action {
            technicians.push((to.trim().to_owned(), *at));
        }
        let data = apply_encoded(policy, &mut row, action, who, *at)?.into_text();
        events.push(PlannedEvent {
            kind: action.kind(),
            at: *at,
            actor: who,
            data,
            hash: None,
        });
    }
    let clock_log = serde_json::to_string(&row.clock_log).map_err(|e| JobError::Refused(e.to_string()))?;
    Ok(PlannedJob {
        row,
        clock_log,
        technicians,
        events,
        prev: None,
    })
}

/// Hashes `job`'s events onto the chain whose head is `head`, as the writer would if
/// it wrote `job` next with the id planned and `recorded_at`: the planning thread
/// does it, so the writer only inserts. The writer uses these hashes only when its
/// own head and the job's id are the ones assumed here (nobody else wrote in between);
/// otherwise it hashes the job itself.
pub fn link(job: &mut PlannedJob<'_>, head: &mut Hex, recorded_at: i64) {
    job.prev = Some(*head);
    for e in &mut job.events {
        let hash = event_hash_hex(
            head.as_str(),
            job.row.id,
            e.kind.name(),
            e.at,
            recorded_at,
            e.actor,
            &e.data,
        );
        e.hash = Some(hash);
        *head = hash;
    }
}
