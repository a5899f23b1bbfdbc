//! `log` and every action on a job.

use std::fmt::Write as _;

use serde_json::json;

use super::args::{Command, Global, LogArgs, NoteAction, When};
use super::names::{self, Checked, Kind};
use super::{CliResult, Failure, checked_actor, db_path, parse_time, policy};
use slawatch_core::job::{Job, JobAction, NewJob};
use slawatch_core::policy::Policy;
use slawatch_core::text::inert;
use slawatch_core::time::countdown;
use slawatch_core::time::shown::when;
use slawatch_store::Store;

fn at(when: &When, policy: &Policy) -> Result<Option<i64>, Failure> {
    when.at
        .as_deref()
        .map(|t| parse_time(t, policy, "--at"))
        .transpose()
}

pub(crate) use crate::service::job_json::clocks_json;

/// `respond  30m   due Mon 18:30  running (0:29:59 left)` lines, times as the dashboard
/// writes them (`when`, in the display zone).
pub(crate) fn deadline_lines(job: &Job, policy: &Policy, now: i64) -> Vec<String> {
    let tz = &policy.display_tz;
    match job.evaluate(policy, now) {
        Err(e) => vec![format!("  (cannot judge under the current policy: {e})")],
        Ok(sla) => sla
            .clocks
            .iter()
            .map(|c| {
                let due = c
                    .deadline
                    .map_or_else(|| "never (beyond 2299)".to_owned(), |d| when(d, now, tz));
                let tail = if c.state.is_stopped() {
                    format!(
                        "{} at {}",
                        c.state,
                        c.stopped_at.map_or_else(String::new, |t| when(t, now, tz))
                    )
                } else if let Some(t) = job.cancelled_at() {
                    // Not judged: the clock stood where it was when the job was cancelled.
                    format!(
                        "not judged: the job was cancelled at {} ({} of {} taken)",
                        when(t, now, tz),
                        slawatch_core::time::countdown::dur(c.elapsed),
                        c.window
                    )
                } else if c.deadline.is_none() {
                    // No countdown to a deadline that never comes.
                    c.state.to_string()
                } else if c.remaining < 0 {
                    // "over" already says late: no minus sign as well.
                    format!("{} ({} over)", c.state, countdown(c.remaining.saturating_neg()))
                } else {
                    format!("{} ({} left)", c.state, countdown(c.remaining))
                };
                format!(
                    "  {:<8} {:<6} due {due}  {tail}",
                    c.kind.name(),
                    c.window.to_string()
                )
            })
            .collect(),
    }
}

fn log(global: &Global, a: &LogArgs) -> CliResult {
    let policy = policy(global)?;
    let now = crate::service::clock::now();
    let path = db_path(global)?;
    // A typo must not pass as a new name: checked before anything is written.
    let (stored_customers, stored_techs) = names::stored(&path)?;
    let customer = names::check(
        Kind::Customer,
        &a.customer,
        &names::customers(&policy, &stored_customers),
        a.new_customer,
    )?;
    let tech = a
        .tech
        .as_deref()
        .map(|t| {
            names::check(
                Kind::Technician,
                t,
                &names::technicians(&policy, &stored_techs),
                a.new_tech,
            )
        })
        .transpose()?;
    let types = policy.job_types();
    let job_type = match a.job_type.as_deref() {
        // The policy names no type: any is as good as another.
        Some(t) if !types.is_empty() => Some(
            names::check(Kind::JobType, t, &types, a.new_type)?
                .name()
                .to_owned(),
        ),
        other => other.map(str::to_owned),
    };
    let job = NewJob {
        customer: customer.name().to_owned(),
        priority: a.priority.clone(),
        job_type,
        asset: a.asset.clone(),
        site: a.site.clone(),
        contract: a.contract.clone(),
        summary: a.summary.clone(),
        technician: tech.map(|t| t.name().to_owned()),
        at: at(&a.when, &policy)?,
    };
    slawatch_core::job::limits::job(&job).map_err(Failure::BadInput)?;
    let who = super::logging_actor(global)?;
    let mut store = Store::open(&path)?;
    crate::serve::webhooks::sync_routes(&mut store, &policy)?;
    let id = store.log_job(&policy, &job, &who, now)?;
    let row = store.job(id)?;
    let new_customer = matches!(customer, Checked::New(_));
    if a.when.json {
        return super::emit_json(
            &json!({ "id": id, "job": crate::intake::export::job_json(&row, &policy.display_tz), "new_customer": new_customer, "clocks": clocks_json(&row, &policy, now) }),
            true,
        );
    }
    let mut out = format!(
        "Logged job {id}: {} · {} → tier {}{}",
        inert(&row.customer, 200),
        inert(&row.priority, 40),
        inert(&row.tier, 40),
        row.contract
            .as_ref()
            .map(|c| format!(" (contract {})", inert(c, 80)))
            .unwrap_or_default()
    );
    for l in deadline_lines(&row, &policy, now) {
        out.push('\n');
        out.push_str(&l);
    }
    if new_customer {
        // Said plainly, last: a new customer has no contract, whatever tier that gives.
        let _ = write!(
            out,
            "\n  new customer `{}` → {} (no contract)",
            inert(&row.customer, 200),
            if policy.default_tier.as_deref() == Some(row.tier.as_str()) {
                format!("default tier {}", inert(&row.tier, 40))
            } else {
                format!("tier {}", inert(&row.tier, 40))
            }
        );
    }
    super::emit(&out)
}

pub(crate) fn run(global: &Global, cmd: Command) -> CliResult {
    let (job, action, when) = match cmd {
        Command::Log(a) => return log(global, &a),
        Command::Respond(NoteAction { job, note, when }) => (job, JobAction::Respond { note }, when),
        Command::Attend(NoteAction { job, note, when }) => (job, JobAction::Attend { note }, when),
        Command::Resolve(NoteAction { job, note, when }) => (job, JobAction::Resolve { note }, when),
        Command::Reopen(NoteAction { job, note, when }) => (job, JobAction::Reopen { note }, when),
        Command::Resume(NoteAction { job, note, when }) => (job, JobAction::Resume { note }, when),
        Command::Ack(NoteAction { job, note, when }) => (job, JobAction::Ack { note }, when),
        Command::Pause {
            job,
            reason,
            note,
            when,
        } => (job, JobAction::Pause { reason, note }, when),
        Command::Assign {
            job,
            to,
            new_tech,
            when,
        } => {
            // The known spelling, or refused as a typo of it, before anything is written.
            let policy = policy(global)?;
            let (_, stored) = names::stored(&db_path(global)?)?;
            let to = names::check(
                Kind::Technician,
                &to,
                &names::technicians(&policy, &stored),
                new_tech,
            )?;
            (
                job,
                JobAction::Assign {
                    to: to.name().to_owned(),
                },
                when,
            )
        }
        Command::Reprioritize {
            job,
            priority,
            job_type,
            new_type,
            when,
        } => {
            let policy = policy(global)?;
            let types = policy.job_types();
            let job_type = match job_type {
                Some(t) if !types.is_empty() => Some(
                    names::check(Kind::JobType, &t, &types, new_type)?
                        .name()
                        .to_owned(),
                ),
                other => other,
            };
            (job, JobAction::Reprioritize { priority, job_type }, when)
        }
        Command::Note { job, text, when } => (job, JobAction::Note { text }, when),
        Command::Escalate {
            job,
            level,
            note,
            when,
        } => (job, JobAction::Escalate { level, note }, when),
        Command::Cancel { job, reason, when } => (job, JobAction::Cancel { reason }, when),
        Command::Revoke {
            job,
            event,
            reason,
            when,
        } => (job, JobAction::Revoke { event, reason }, when),
        _ => return Err(Failure::Runtime("unhandled command".to_owned())),
    };
    let policy = policy(global)?;
    let at = at(&when, &policy)?;
    slawatch_core::job::limits::action(&action).map_err(Failure::BadInput)?;
    let who = checked_actor(global)?;
    let mut store = Store::open_existing(&db_path(global)?)?;
    crate::serve::webhooks::sync_routes(&mut store, &policy)?;
    // Now is read once the write lock is held: waiting for another writer must not
    // make "now" earlier than the event that writer recorded meanwhile.
    let row = store.record_with_clock(&policy, job, &action, &who, at, &crate::service::clock::now)?;
    let now = crate::service::clock::now();
    let recorded_at = at.unwrap_or(row.last_event_at);
    if when.json {
        return super::emit_json(
            &json!({ "job": crate::intake::export::job_json(&row, &policy.display_tz), "event": action.kind(), "clocks": clocks_json(&row, &policy, now) }),
            true,
        );
    }
    let what = match action {
        JobAction::Escalate { .. } => format!(
            "escalated to level {}",
            inert(&policy.level_label(row.escalation_level), 120)
        ),
        JobAction::Revoke { event, .. } => format!("event {event} revoked"),
        _ => action.kind().to_string(),
    };
    let mut out = format!(
        "Job {job} {what} by {} at {}; status {}.",
        inert(&who, 80),
        slawatch_core::time::shown::when(recorded_at, now, &policy.display_tz),
        row.status
    );
    for l in deadline_lines(&row, &policy, now) {
        out.push('\n');
        out.push_str(&l);
    }
    super::emit(&out)
}
