//! What a dispatcher does to a job, checked and applied in memory: validating a new job
//! and matching its tier ([`prepare`]), and applying an action to the job and saying
//! what its event records ([`apply`]). Pure: the store wraps each in a transaction.

use serde_json::{Value, json};

use super::event_data::{self, Data};
use super::model::{ClockEntry, ClockText, Job, Outcome};
use super::{EventKind, JobError, JobStatus};
use crate::policy::{ClockKind, JobKey, Policy, Tier};

/// A job to log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewJob {
    pub customer: String,
    pub priority: String,
    pub job_type: Option<String>,
    pub asset: Option<String>,
    pub site: Option<String>,
    pub contract: Option<String>,
    pub summary: String,
    pub technician: Option<String>,
    /// When it was reported, if earlier than now (logged after the fact).
    pub at: Option<i64>,
}

/// A change to a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobAction {
    Respond {
        note: Option<String>,
    },
    Attend {
        note: Option<String>,
    },
    Resolve {
        note: Option<String>,
    },
    Reopen {
        note: Option<String>,
    },
    Pause {
        reason: String,
        note: Option<String>,
    },
    Resume {
        note: Option<String>,
    },
    Assign {
        to: String,
    },
    Reprioritize {
        priority: String,
        job_type: Option<String>,
    },
    Note {
        text: String,
    },
    Escalate {
        level: Option<i64>,
        note: Option<String>,
    },
    Ack {
        note: Option<String>,
    },
    /// Ends a duplicate or mistaken job: it leaves the queue and is not judged.
    Cancel {
        reason: String,
    },
    /// Takes back event `event` of the job (recorded by the store, which replays the
    /// job's events without it).
    Revoke {
        event: i64,
        reason: String,
    },
}

impl JobAction {
    /// The event kind this action appends.
    #[must_use]
    pub fn kind(&self) -> EventKind {
        match self {
            JobAction::Respond { .. } => EventKind::Responded,
            JobAction::Attend { .. } => EventKind::Attended,
            JobAction::Resolve { .. } => EventKind::Resolved,
            JobAction::Reopen { .. } => EventKind::Reopened,
            JobAction::Pause { .. } => EventKind::Paused,
            JobAction::Resume { .. } => EventKind::Resumed,
            JobAction::Assign { .. } => EventKind::Assigned,
            JobAction::Reprioritize { .. } => EventKind::Reprioritized,
            JobAction::Note { .. } => EventKind::Note,
            JobAction::Escalate { .. } => EventKind::Escalated,
            JobAction::Ack { .. } => EventKind::Acknowledged,
            JobAction::Cancel { .. } => EventKind::Cancelled,
            JobAction::Revoke { .. } => EventKind::Revoked,
        }
    }
}

/// `respond=30m attend=2h resolve=4h`.
pub fn windows_text(tier: &Tier) -> String {
    ClockKind::ALL
        .iter()
        .filter_map(|k| tier.window(*k).map(|w| format!("{k}={w}")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn clean(s: Option<&String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The data of a `created` event: everything the job was logged with.
#[derive(serde::Serialize)]
struct CreatedData<'a> {
    customer: &'a str,
    contract: Option<&'a str>,
    priority: &'a str,
    #[serde(rename = "type")]
    job_type: Option<&'a str>,
    asset: Option<&'a str>,
    site: Option<&'a str>,
    summary: &'a str,
    technician: Option<&'a str>,
    tier: &'a str,
    windows: &'a str,
    policy_hash: &'a str,
    matched: &'a str,
    /// Where the job came from (a mail: its receipt, Date, which started the clock
    /// and why). Absent for typed jobs, so their data (and hash) is as it always was.
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'a serde_json::Value>,
}

/// A job checked against the policy, ready to insert.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub row: Job,
    pub data: String,
}

/// Validates a new job and matches its tier. Pure: no store access.
pub fn prepare(policy: &Policy, job: &NewJob, actor: &str, now: i64) -> Result<Prepared, JobError> {
    prepare_from(policy, job, actor, now, None)
}

/// [`prepare`] for work from outside: `origin` is recorded in the `created` event.
///
/// # Errors
/// As [`prepare`].
pub fn prepare_from(
    policy: &Policy,
    job: &NewJob,
    actor: &str,
    now: i64,
    origin: Option<&serde_json::Value>,
) -> Result<Prepared, JobError> {
    let refuse = |m: String| Err(JobError::Refused(m));
    crate::job::limits::job(job).map_err(JobError::Refused)?;
    crate::job::identity::check(actor).map_err(JobError::Refused)?;
    let customer = job.customer.trim();
    if customer.is_empty() {
        return refuse("the customer is empty — give --customer NAME".to_owned());
    }
    let summary = job.summary.trim();
    if summary.is_empty() {
        return refuse("the summary is empty — say in a few words what is wrong (--summary TEXT)".to_owned());
    }
    let at = job.at.unwrap_or(now);
    if at > now {
        return refuse(format!(
            "{} is in the future — a job is logged when it was reported, at the latest now",
            crate::time::shown::human(at, &policy.display_tz)
        ));
    }
    let priority = policy.check_priority(&job.priority)?;
    let job_type = clean(job.job_type.as_ref());
    let asset = clean(job.asset.as_ref());
    let contract = clean(job.contract.as_ref());
    let m = policy.match_job(&JobKey {
        customer,
        priority: &priority,
        job_type: job_type.as_deref(),
        asset: asset.as_deref(),
        contract: contract.as_deref(),
        at,
    })?;
    let row = Job {
        id: 0,
        customer: m
            .contract
            .map_or_else(|| customer.to_owned(), |c| c.customer.clone()),
        contract: m.contract.map(|c| c.id.clone()),
        priority,
        job_type,
        asset,
        site: clean(job.site.as_ref()),
        summary: summary.to_owned(),
        technician: clean(job.technician.as_ref()),
        status: JobStatus::Open,
        created_at: at,
        created_by: actor.into(),
        responded_at: None,
        attended_at: None,
        resolved_at: None,
        paused_at: None,
        pause_reason: None,
        escalation_level: 0,
        escalated_at: None,
        escalated_by: None,
        acked_level: 0,
        acked_by: None,
        acked_at: None,
        tier: m.tier.name.clone(),
        windows: windows_text(m.tier).into(),
        policy_hash: policy.hash.as_str().into(),
        clock_log: Vec::new(),
        last_event_at: at,
        event_count: 1,
    };
    let data = serde_json::to_string(&CreatedData {
        customer: &row.customer,
        contract: row.contract.as_deref(),
        priority: &row.priority,
        job_type: row.job_type.as_deref(),
        asset: row.asset.as_deref(),
        site: row.site.as_deref(),
        summary: &row.summary,
        technician: row.technician.as_deref(),
        tier: &row.tier,
        windows: &row.windows,
        policy_hash: &row.policy_hash,
        matched: &m.describe(),
        origin,
    })
    .map_err(|e| JobError::Refused(format!("cannot encode the job: {e}")))?;
    Ok(Prepared { row, data })
}

/// The outcomes of the clocks that `entry` stops, judged at its instant.
fn outcomes(policy: &Policy, job: &Job, at: i64) -> Vec<Outcome> {
    let Ok(sla) = job.evaluate(policy, at) else {
        return Vec::new();
    };
    sla.clocks
        .iter()
        .filter(|c| c.stopped_at == Some(at) && c.state.is_stopped())
        .map(|c| Outcome {
            clock: c.kind,
            state: c.state,
            deadline: c.deadline,
            target: c.target,
            elapsed: c.elapsed,
        })
        .collect()
}

/// Applies `action` to the row (the projection) and returns the event's data.
pub fn apply(
    policy: &Policy,
    job: &mut Job,
    action: &JobAction,
    actor: &str,
    at: i64,
) -> Result<Value, JobError> {
    apply_encoded(policy, job, action, actor, at)?.into_value()
}

/// [`apply`], with the data of the common events encoded without a map in between.
pub fn apply_encoded(
    policy: &Policy,
    job: &mut Job,
    action: &JobAction,
    actor: &str,
    at: i64,
) -> Result<Data, JobError> {
    // Only these three are read afterwards: no clone of the whole row per action
    // (demo data applies millions).
    let before = (job.responded_at, job.attended_at, job.resolved_at);
    let stopped_before = |kind: ClockKind| -> bool {
        match kind {
            ClockKind::Respond => before.0.is_some(),
            ClockKind::Attend => before.1.is_some(),
            ClockKind::Resolve => before.2.is_some(),
        }
    };
    let mut entry: Option<ClockEntry> = None;
    let data = match action {
        JobAction::Respond { note } | JobAction::Attend { note } | JobAction::Resolve { note } => {
            match action {
                JobAction::Respond { .. } => job.responded_at = Some(at),
                JobAction::Attend { .. } => {
                    job.attended_at = Some(at);
                    job.responded_at.get_or_insert(at);
                }
                _ => {
                    job.resolved_at = Some(at);
                    job.responded_at.get_or_insert(at);
                    job.attended_at.get_or_insert(at);
                    job.status = JobStatus::Resolved;
                    job.paused_at = None;
                    job.pause_reason = None;
                }
            }
            let mut e = ClockEntry::new(action.kind(), at);
            job.clock_log.push(e.clone());
            e.out = outcomes(policy, job, at)
                .into_iter()
                .filter(|o| !stopped_before(o.clock))
                .collect();
            job.clock_log.pop();
            let data = Data::of(&event_data::Stop {
                note,
                outcomes: e.out.iter().map(Into::into).collect(),
            })?;
            entry = Some(e);
            data
        }
        JobAction::Reopen { note } => {
            job.status = JobStatus::Open;
            job.resolved_at = None;
            entry = Some(ClockEntry::new(EventKind::Reopened, at));
            Data::of(&event_data::NoteOnly { note })?
        }
        JobAction::Pause { reason, note } => {
            let r = policy
                .pause_reason(reason)
                .ok_or_else(|| JobError::Refused(format!("unknown pause reason `{reason}`")))?;
            job.status = JobStatus::Paused;
            job.paused_at = Some(at);
            job.pause_reason = Some(r.name.clone());
            entry = Some(ClockEntry::with_text(
                EventKind::Paused,
                at,
                ClockText {
                    reason: Some(r.name.clone()),
                    ..ClockText::default()
                },
            ));
            Data::of(&event_data::Paused {
                note,
                reason: &r.name,
                stops_clock: r.stops_clock,
            })?
        }
        JobAction::Resume { note } => {
            let since = job.paused_at;
            let reason = job.pause_reason.take();
            job.status = JobStatus::Open;
            job.paused_at = None;
            entry = Some(ClockEntry::new(EventKind::Resumed, at));
            Data::of(&event_data::Resumed {
                note,
                paused_at: since,
                reason: reason.as_deref(),
            })?
        }
        JobAction::Assign { to } => {
            let from = job.technician.replace(to.trim().to_owned());
            Data::Value(json!({ "from": from, "to": to.trim() }))
        }
        JobAction::Reprioritize { priority, job_type } => {
            let priority = policy.check_priority(priority)?;
            let new_type = job_type.clone().or_else(|| job.job_type.clone());
            let m = policy.match_job(&JobKey {
                customer: &job.customer,
                priority: &priority,
                job_type: new_type.as_deref(),
                asset: job.asset.as_deref(),
                contract: job.contract.as_deref(),
                at: job.created_at,
            })?;
            entry = Some(ClockEntry::with_text(
                EventKind::Reprioritized,
                at,
                ClockText {
                    priority: Some(priority.clone()),
                    job_type: job_type.clone(),
                    from_priority: Some(job.priority.clone()),
                    from_type: job.job_type.clone(),
                    ..ClockText::default()
                },
            ));
            let data = json!({
                "from": job.priority, "to": priority, "from_type": job.job_type, "type": new_type,
                "tier": m.tier.name, "windows": windows_text(m.tier), "policy_hash": policy.hash,
                "matched": m.describe(),
            });
            job.priority = priority;
            job.job_type = new_type;
            job.tier.clone_from(&m.tier.name);
            job.windows = windows_text(m.tier).into();
            job.policy_hash = policy.hash.as_str().into();
            Data::Value(data)
        }
        JobAction::Note { text } => Data::Value(json!({ "text": text.trim() })),
        JobAction::Escalate { level, note } => {
            // Checked before (`check`); an automatic escalation names its level.
            let level = match level {
                Some(l) => *l,
                None => policy
                    .escalation_target(job.escalation_level, None)
                    .map_err(JobError::Refused)?
                    .level
                    .into(),
            };
            job.escalation_level = level;
            job.escalated_at = Some(at);
            job.escalated_by = Some(actor.to_owned());
            Data::of(&event_data::Level { level, note })?
        }
        JobAction::Ack { note } => {
            job.acked_level = job.escalation_level;
            job.acked_by = Some(actor.to_owned());
            job.acked_at = Some(at);
            Data::of(&event_data::Level {
                level: job.escalation_level,
                note,
            })?
        }
        JobAction::Cancel { reason } => {
            job.status = JobStatus::Cancelled;
            job.paused_at = None;
            job.pause_reason = None;
            entry = Some(ClockEntry::new(EventKind::Cancelled, at));
            Data::Value(json!({ "reason": reason.trim() }))
        }
        JobAction::Revoke { .. } => {
            // A revocation changes what came before it, not only the row's present:
            // the store replays the job's events (`job::revoke`).
            return Err(JobError::Refused(
                "a revocation is recorded by the store, which replays the job's events".to_owned(),
            ));
        }
    };
    if let Some(e) = entry {
        job.clock_log.push(e);
    }
    job.last_event_at = at;
    job.event_count += 1;
    Ok(data)
}
