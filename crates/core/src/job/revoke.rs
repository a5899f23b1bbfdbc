//! Taking back a mistake in the open: a `revoked` event names the event it takes back,
//! and the job is what its events say without it. Nothing is edited: the record keeps
//! both, and every figure (clocks, alerts, forecast, reports) is computed from the row
//! replayed without the revoked event.
//!
//! Revocations go newest first where events build on each other: the clocks' events
//! (a later stop recorded its outcome judged with the earlier ones) and an escalation
//! (its acknowledgement, a higher level). Who may: one's own event within the policy's
//! `revoke_window`; anything else a role named by `revoke = [...]`.

use std::collections::HashSet;

use chrono_tz::Tz;

use super::chain::EventRow;
use super::model::Job;
use super::replay::{Step, step};
use super::{EventKind, JobError, identity};
use crate::policy::Policy;
use crate::time::countdown::dur;
use crate::time::shown::human;

/// The event a `revoked` event takes back, from its data.
#[must_use]
pub fn target_of(data: &str) -> Option<i64> {
    serde_json::from_str::<serde_json::Value>(data)
        .ok()?
        .get("event")?
        .as_i64()
}

/// The events of `events` that a `revoked` event among them takes back.
#[must_use]
pub fn revoked_ids(events: &[EventRow]) -> HashSet<i64> {
    events
        .iter()
        .filter(|e| e.event_kind() == Some(EventKind::Revoked))
        .filter_map(|e| target_of(&e.data))
        .collect()
}

/// The row a job's events say it has, the events in `revoked` left out (they and the
/// revocations still count as events of the job).
#[must_use]
pub fn replay(id: i64, events: &[EventRow], revoked: &HashSet<i64>) -> Job {
    let mut row = Job::default();
    for e in events {
        step(
            &mut row,
            &Step {
                kind: &e.kind,
                at: e.at,
                actor: &e.actor,
                data: &e.data,
                revoked: revoked.contains(&e.id),
            },
        );
    }
    row.id = id;
    row
}

fn clock_event(k: EventKind) -> bool {
    matches!(
        k,
        EventKind::Responded
            | EventKind::Attended
            | EventKind::Resolved
            | EventKind::Reopened
            | EventKind::Paused
            | EventKind::Resumed
            | EventKind::Reprioritized
            | EventKind::Cancelled
    )
}

/// Whether a later `later` builds on an earlier `earlier` (so it must be revoked first).
fn builds_on(earlier: EventKind, later: EventKind) -> bool {
    if clock_event(earlier) {
        return clock_event(later);
    }
    earlier == EventKind::Escalated && matches!(later, EventKind::Escalated | EventKind::Acknowledged)
}

fn describe(e: &EventRow, tz: &Tz) -> String {
    format!(
        "event {} ({} by {} at {})",
        e.id,
        e.kind,
        e.actor,
        human(e.at, tz)
    )
}

/// Checks that `actor` may revoke event `target` of `job` at `now`; the event.
///
/// # Errors
/// [`JobError::Refused`] when the event cannot be revoked (by anyone, now), and
/// [`JobError::Forbidden`] when it could be but `actor` lacks the role: why not, and
/// what to do instead.
pub fn check<'e>(
    job: &Job,
    events: &'e [EventRow],
    target: i64,
    actor: &str,
    now: i64,
    policy: &Policy,
) -> Result<&'e EventRow, JobError> {
    let e = revocable(job, events, target, policy).map_err(JobError::Refused)?;
    permission(e, target, actor, now, policy).map_err(JobError::Forbidden)?;
    Ok(e)
}

/// Whether event `target` can be revoked at all (whoever asks); the event.
fn revocable<'e>(
    job: &Job,
    events: &'e [EventRow],
    target: i64,
    policy: &Policy,
) -> Result<&'e EventRow, String> {
    let tz = &policy.display_tz;
    let Some(pos) = events.iter().position(|e| e.id == target) else {
        return Err(format!(
            "job {} has no event {target} — `slawatch show {}` lists its events with their ids",
            job.id, job.id
        ));
    };
    let e = &events[pos];
    let kind = e.event_kind();
    match kind {
        Some(EventKind::Created) => {
            return Err(format!(
                "event {target} created job {} and cannot be revoked — cancel the job instead (`slawatch cancel {} --reason TEXT`)",
                job.id, job.id
            ));
        }
        Some(EventKind::Alert) => {
            return Err(format!(
                "event {target} is an alert slawatch recorded itself; it cannot be revoked"
            ));
        }
        Some(EventKind::Revoked) => {
            return Err(format!(
                "event {target} is itself a revocation and cannot be revoked — record the action again instead"
            ));
        }
        None => return Err(format!("event {target} has an unknown kind `{}`", e.kind)),
        Some(_) => {}
    }
    let revoked = revoked_ids(events);
    if revoked.contains(&target) {
        let by = events
            .iter()
            .find(|r| r.event_kind() == Some(EventKind::Revoked) && target_of(&r.data) == Some(target));
        return Err(match by {
            Some(r) => format!(
                "event {target} was already revoked by {} at {}",
                r.actor,
                human(r.at, tz)
            ),
            None => format!("event {target} was already revoked"),
        });
    }
    let k = kind.unwrap_or(EventKind::Note);
    if let Some(later) = events[pos + 1..]
        .iter()
        .rev()
        .find(|l| !revoked.contains(&l.id) && l.event_kind().is_some_and(|lk| builds_on(k, lk)))
    {
        return Err(format!(
            "{} builds on event {target} ({}) — revoke it first (newest first), then this one",
            describe(later, tz),
            e.kind
        ));
    }
    Ok(e)
}

/// Whether `actor` may revoke `e`: their own event within the revoke window, else a
/// role named by `revoke = [...]`.
fn permission(e: &EventRow, target: i64, actor: &str, now: i64, policy: &Policy) -> Result<(), String> {
    let own = identity::same(actor, &e.actor);
    let age = now - e.recorded_at;
    if own && age <= policy.revoke_window {
        return Ok(());
    }
    let why = if own {
        format!(
            "it was recorded {} ago, more than the policy's revoke_window ({})",
            dur(age),
            dur(policy.revoke_window)
        )
    } else {
        format!("it was recorded by {}, not by {actor}", e.actor)
    };
    if policy.roles.is_empty() {
        return Ok(());
    }
    if policy.revoke.is_empty() {
        return Err(format!(
            "{actor} cannot revoke event {target}: {why}; revoking it needs a role named by `revoke = [...]` and the policy names none — add e.g. revoke = [\"oncall\"] to sla.toml"
        ));
    }
    if policy.user_has_role(actor, &policy.revoke) {
        return Ok(());
    }
    Err(format!(
        "{actor} cannot revoke event {target}: {why}; that needs the role {} — ask {}",
        policy.revoke.join(" or "),
        holders(policy)
    ))
}

fn holders(policy: &Policy) -> String {
    let people: Vec<&str> = policy
        .revoke
        .iter()
        .filter_map(|r| policy.roles.get(r))
        .flatten()
        .map(String::as_str)
        .collect();
    if people.is_empty() {
        "an administrator".to_owned()
    } else {
        people.join(" or ")
    }
}

/// The data of a `revoked` event: what it takes back, and why.
#[must_use]
pub fn data(target: &EventRow, reason: &str) -> String {
    serde_json::json!({
        "event": target.id,
        "kind": target.kind,
        "by": target.actor,
        "at": target.at,
        "reason": reason.trim(),
    })
    .to_string()
}
