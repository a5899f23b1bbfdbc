//! Which actions a job allows now. Pure: the caller passes the job, the time, and a
//! way to name who did an earlier step.

use chrono_tz::Tz;

use super::EventKind;
use super::JobError;
use super::JobStatus;
use super::action::JobAction;
use super::model::Job;
use crate::policy::Policy;
use crate::time::shown::human;

/// Who recorded the latest event of a kind, and when.
pub type Who<'a> = &'a dyn Fn(EventKind) -> Option<(String, i64)>;

fn already(job: &Job, kind: EventKind, verb: &str, who: Who<'_>, tz: &Tz) -> String {
    match who(kind) {
        Some((actor, at)) => format!(
            "job {} was already {verb} by {actor} at {}",
            job.id,
            human(at, tz)
        ),
        None => format!("job {} was already {verb}", job.id),
    }
}

/// Checks `action` on `job` at `at` (not after `now`).
///
/// # Errors
/// [`JobError::Refused`], saying why not and what to do instead.
pub fn check(
    job: &Job,
    action: &JobAction,
    at: i64,
    now: i64,
    policy: &Policy,
    actor: &str,
    who: Who<'_>,
) -> Result<(), JobError> {
    refusal(job, action, at, now, policy, actor, who).map_err(JobError::Refused)?;
    permission(job, action, policy, actor).map_err(JobError::Forbidden)
}

/// The roles an otherwise allowed action needs, apart from its other rules: the API
/// answers "forbidden" for these and "conflict" for the rest. Checked last, as the
/// last step of the escalate and ack rules.
fn permission(job: &Job, action: &JobAction, policy: &Policy, actor: &str) -> Result<(), String> {
    match action {
        JobAction::Escalate { level, .. } => {
            let to = policy
                .escalation_target(job.escalation_level, *level)
                .map_err(|e| format!("job {}: {e}", job.id))?;
            policy
                .may_escalate(actor, i64::from(to.level))
                .map_err(|e| format!("job {}: {e}", job.id))
        }
        JobAction::Ack { .. } => policy
            .may_acknowledge(actor, job.escalation_level)
            .map_err(|e| format!("job {}: {e}", job.id)),
        _ => Ok(()),
    }
}

/// [`check`], with the reason as text.
fn refusal(
    job: &Job,
    action: &JobAction,
    at: i64,
    now: i64,
    policy: &Policy,
    actor: &str,
    who: Who<'_>,
) -> Result<(), String> {
    let tz = &policy.display_tz;
    // The same limits as the command line and import, for every writer (the
    // dashboard's prompts included).
    crate::job::limits::action(action)?;
    crate::job::identity::check(actor)?;
    if at > now {
        return Err(format!(
            "{} is in the future — record what has happened, at the latest now",
            human(at, tz)
        ));
    }
    if at < job.last_event_at {
        return Err(format!(
            "job {}'s latest event is at {}; --at must not be earlier than that",
            job.id,
            human(job.last_event_at, tz)
        ));
    }
    if job.status == JobStatus::Cancelled
        && !matches!(action, JobAction::Note { .. } | JobAction::Revoke { .. })
    {
        return Err(already(job, EventKind::Cancelled, "cancelled", who, tz)
            + " — a cancelled job is not tracked; if that was a mistake, revoke the cancellation \
               (`slawatch revoke JOB --event ID --reason TEXT`; `slawatch show JOB` lists the event ids)");
    }
    let resolved = job.status == JobStatus::Resolved;
    let closed = || {
        if resolved {
            Err(already(job, EventKind::Resolved, "resolved", who, tz)
                + " — reopen it first (`slawatch reopen`)")
        } else {
            Ok(())
        }
    };
    match action {
        JobAction::Respond { .. } => {
            closed()?;
            if job.responded_at.is_some() {
                let kind = if who(EventKind::Responded).is_some() {
                    EventKind::Responded
                } else {
                    EventKind::Attended
                };
                return Err(already(job, kind, "responded to", who, tz));
            }
        }
        JobAction::Attend { .. } => {
            closed()?;
            if job.attended_at.is_some() {
                return Err(already(job, EventKind::Attended, "attended", who, tz));
            }
        }
        JobAction::Resolve { .. } => closed()?,
        JobAction::Reopen { .. } => {
            if !resolved {
                return Err(format!(
                    "job {} is not resolved, so it cannot be reopened",
                    job.id
                ));
            }
        }
        JobAction::Pause { reason, .. } => {
            closed()?;
            if job.status == JobStatus::Paused {
                return Err(format!(
                    "job {} is already paused ({}) since {} — resume it first",
                    job.id,
                    job.pause_reason.as_deref().unwrap_or("?"),
                    job.paused_at.map_or_else(String::new, |t| human(t, tz))
                ));
            }
            if policy.pause_reason(reason).is_none() {
                let known: Vec<&str> = policy.pause_reasons.iter().map(|r| r.name.as_str()).collect();
                return Err(if known.is_empty() {
                    "the policy lists no pause reasons — add [[pause_reasons]] entries to sla.toml".to_owned()
                } else {
                    format!(
                        "unknown pause reason `{reason}` — use one of: {}",
                        known.join(", ")
                    )
                });
            }
        }
        JobAction::Resume { .. } => {
            if job.status != JobStatus::Paused {
                return Err(format!("job {} is not paused, so it cannot be resumed", job.id));
            }
        }
        JobAction::Assign { to } => {
            closed()?;
            if to.trim().is_empty() {
                return Err("the technician's name is empty".to_owned());
            }
            if job.technician.as_deref() == Some(to.trim()) {
                return Err(format!("job {} is already assigned to {}", job.id, to.trim()));
            }
        }
        JobAction::Reprioritize { priority, job_type } => {
            closed()?;
            let same_type = job_type.is_none() || job_type.as_deref() == job.job_type.as_deref();
            if priority.eq_ignore_ascii_case(&job.priority) && same_type {
                return Err(format!("job {} already has priority {}", job.id, job.priority));
            }
        }
        JobAction::Note { text } => {
            if text.trim().is_empty() {
                return Err("the note is empty".to_owned());
            }
        }
        JobAction::Escalate { level, .. } => {
            closed()?;
            policy
                .escalation_target(job.escalation_level, *level)
                .map_err(|e| format!("job {}: {e}", job.id))?;
        }
        JobAction::Cancel { reason } => {
            closed()?;
            if reason.trim().is_empty() {
                return Err(
                    "say why the job is cancelled (--reason TEXT, e.g. `duplicate of 41`)".to_owned(),
                );
            }
        }
        JobAction::Revoke { reason, .. } => {
            if reason.trim().is_empty() {
                return Err("say why the event is taken back (--reason TEXT)".to_owned());
            }
        }
        JobAction::Ack { .. } => {
            if job.escalation_level == 0 {
                return Err(format!(
                    "job {} has not been escalated, so there is nothing to acknowledge",
                    job.id
                ));
            }
            if job.acked_level >= job.escalation_level {
                return Err(already(job, EventKind::Acknowledged, "acknowledged", who, tz));
            }
        }
    }
    Ok(())
}
