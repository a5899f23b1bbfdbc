//! Every dispatcher action: one `BEGIN IMMEDIATE` transaction that re-reads the job,
//! checks the action is still allowed, appends the event and updates the job.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::{Value, json};

use super::event_data::{self, Data};
use super::events::{NewEvent, append, head};
use super::job_rows;
use super::model::{ClockEntry, JobRow, Outcome};
use super::queries::load_job;
use super::transitions::check;
use super::{Store, StoreError};
use crate::policy::{JobKey, Policy, Tier};

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
pub enum Action {
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
}

impl Action {
    /// The event kind this action appends.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Respond { .. } => "responded",
            Action::Attend { .. } => "attended",
            Action::Resolve { .. } => "resolved",
            Action::Reopen { .. } => "reopened",
            Action::Pause { .. } => "paused",
            Action::Resume { .. } => "resumed",
            Action::Assign { .. } => "assigned",
            Action::Reprioritize { .. } => "reprioritized",
            Action::Note { .. } => "note",
            Action::Escalate { .. } => "escalated",
            Action::Ack { .. } => "acknowledged",
        }
    }
}

/// `respond=30m attend=2h resolve=4h`.
pub(crate) fn windows_text(tier: &Tier) -> String {
    crate::policy::ClockKind::ALL
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
}

/// A job checked against the policy, ready to insert.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub row: JobRow,
    pub data: String,
}

/// Validates a new job and matches its tier. Pure: no store access.
pub(crate) fn prepare(policy: &Policy, job: &NewJob, actor: &str, now: i64) -> Result<Prepared, StoreError> {
    let refuse = |m: String| Err(StoreError::Refused(m));
    crate::limits::job(job).map_err(StoreError::Refused)?;
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
            crate::instant::human(at, &policy.display_tz)
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
    let row = JobRow {
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
        status: "open".to_owned(),
        created_at: at,
        created_by: actor.to_owned(),
        responded_at: None,
        attended_at: None,
        resolved_at: None,
        paused_at: None,
        pause_reason: None,
        escalation_level: 0,
        escalated_at: None,
        escalated_by: None,
        acked_level: 0,
        tier: m.tier.name.clone(),
        windows: windows_text(m.tier),
        policy_hash: policy.hash.clone(),
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
    })
    .map_err(|e| StoreError::Refused(format!("cannot encode the job: {e}")))?;
    Ok(Prepared { row, data })
}

pub(crate) fn ensure_technician(conn: &Connection, name: &str, at: i64) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT OR IGNORE INTO technicians (name, created_at) VALUES (?1, ?2)")?
        .execute(params![name, at])?;
    Ok(())
}

/// Inserts a prepared job and its `created` event; returns the job id.
pub(crate) fn insert(
    conn: &Connection,
    head: &mut String,
    p: &Prepared,
    recorded_at: i64,
) -> Result<i64, StoreError> {
    let r = &p.row;
    if let Some(t) = &r.technician {
        ensure_technician(conn, t, r.created_at)?;
    }
    job_rows::insert_new(&mut *conn.prepare_cached(job_rows::INSERT_NEW)?, r)?;
    let id = conn.last_insert_rowid();
    append(
        conn,
        head,
        &NewEvent {
            job: id,
            kind: "created",
            at: r.created_at,
            recorded_at,
            actor: &r.created_by,
            data: &p.data,
        },
    )?;
    Ok(id)
}

/// Inserts a whole job row with its id (bulk loads write each job once, finished).
pub(crate) fn insert_row(conn: &Connection, r: &JobRow) -> Result<(), StoreError> {
    let log = serde_json::to_string(&r.clock_log).map_err(|e| StoreError::Refused(e.to_string()))?;
    job_rows::insert_row(&mut *conn.prepare_cached(job_rows::INSERT_ROW)?, r, &log)
}

pub(crate) fn write_row(conn: &Connection, r: &JobRow) -> Result<(), StoreError> {
    let log = serde_json::to_string(&r.clock_log).map_err(|e| StoreError::Refused(e.to_string()))?;
    conn.prepare_cached(
        "UPDATE jobs SET priority = ?2, type = ?3, technician = ?4, status = ?5, responded_at = ?6,
             attended_at = ?7, resolved_at = ?8, paused_at = ?9, pause_reason = ?10, escalation_level = ?11,
             escalated_at = ?12, acked_level = ?13, tier = ?14, windows = ?15, policy_hash = ?16,
             clock_log = ?17, last_event_at = ?18, event_count = ?19, escalated_by = ?20
         WHERE id = ?1",
    )?
    .execute(params![
        r.id,
        r.priority,
        r.job_type,
        r.technician,
        r.status,
        r.responded_at,
        r.attended_at,
        r.resolved_at,
        r.paused_at,
        r.pause_reason,
        r.escalation_level,
        r.escalated_at,
        r.acked_level,
        r.tier,
        r.windows,
        r.policy_hash,
        log,
        r.last_event_at,
        r.event_count,
        r.escalated_by
    ])?;
    Ok(())
}

/// The outcomes of the clocks that `entry` stops, judged at its instant.
fn outcomes(policy: &Policy, job: &JobRow, at: i64) -> Vec<Outcome> {
    let Ok(sla) = job.evaluate(policy, at) else {
        return Vec::new();
    };
    sla.clocks
        .iter()
        .filter(|c| c.stopped_at == Some(at) && c.state.is_stopped())
        .map(|c| Outcome {
            clock: c.kind.name().into(),
            state: c.state.name().into(),
            deadline: c.deadline,
            target: c.target,
            elapsed: c.elapsed,
        })
        .collect()
}

/// Applies `action` to the row (the projection) and returns the event's data.
pub(crate) fn apply(
    policy: &Policy,
    job: &mut JobRow,
    action: &Action,
    actor: &str,
    at: i64,
) -> Result<Value, StoreError> {
    apply_encoded(policy, job, action, actor, at)?.into_value()
}

/// [`apply`], with the data of the common events encoded without a map in between.
pub(crate) fn apply_encoded(
    policy: &Policy,
    job: &mut JobRow,
    action: &Action,
    actor: &str,
    at: i64,
) -> Result<Data, StoreError> {
    // Only these three are read afterwards: no clone of the whole row per action
    // (demo data applies millions).
    let before = (job.responded_at, job.attended_at, job.resolved_at);
    let stopped_before = |kind: &str| -> bool {
        match kind {
            "respond" => before.0.is_some(),
            "attend" => before.1.is_some(),
            _ => before.2.is_some(),
        }
    };
    let mut entry: Option<ClockEntry> = None;
    let data = match action {
        Action::Respond { note } | Action::Attend { note } | Action::Resolve { note } => {
            match action {
                Action::Respond { .. } => job.responded_at = Some(at),
                Action::Attend { .. } => {
                    job.attended_at = Some(at);
                    job.responded_at.get_or_insert(at);
                }
                _ => {
                    job.resolved_at = Some(at);
                    job.responded_at.get_or_insert(at);
                    job.attended_at.get_or_insert(at);
                    job.status = "resolved".to_owned();
                    job.paused_at = None;
                    job.pause_reason = None;
                }
            }
            let mut e = ClockEntry::new(action.kind(), at);
            job.clock_log.push(e.clone());
            e.out = outcomes(policy, job, at)
                .into_iter()
                .filter(|o| !stopped_before(&o.clock))
                .collect();
            job.clock_log.pop();
            let data = Data::of(&event_data::Stop {
                note,
                outcomes: e.out.iter().map(Into::into).collect(),
            })?;
            entry = Some(e);
            data
        }
        Action::Reopen { note } => {
            job.status = "open".to_owned();
            job.resolved_at = None;
            entry = Some(ClockEntry::new("reopened", at));
            Data::of(&event_data::NoteOnly { note })?
        }
        Action::Pause { reason, note } => {
            let r = policy
                .pause_reason(reason)
                .ok_or_else(|| StoreError::Refused(format!("unknown pause reason `{reason}`")))?;
            job.status = "paused".to_owned();
            job.paused_at = Some(at);
            job.pause_reason = Some(r.name.clone());
            let mut e = ClockEntry::new("paused", at);
            e.reason = Some(r.name.clone());
            entry = Some(e);
            Data::of(&event_data::Paused {
                note,
                reason: &r.name,
                stops_clock: r.stops_clock,
            })?
        }
        Action::Resume { note } => {
            let since = job.paused_at;
            let reason = job.pause_reason.take();
            job.status = "open".to_owned();
            job.paused_at = None;
            entry = Some(ClockEntry::new("resumed", at));
            Data::of(&event_data::Resumed {
                note,
                paused_at: since,
                reason: reason.as_deref(),
            })?
        }
        Action::Assign { to } => {
            let from = job.technician.replace(to.trim().to_owned());
            Data::Value(json!({ "from": from, "to": to.trim() }))
        }
        Action::Reprioritize { priority, job_type } => {
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
            let mut e = ClockEntry::new("reprioritized", at);
            e.priority = Some(priority.clone());
            e.job_type.clone_from(job_type);
            e.from_priority = Some(job.priority.clone());
            e.from_type.clone_from(&job.job_type);
            entry = Some(e);
            let data = json!({
                "from": job.priority, "to": priority, "from_type": job.job_type, "type": new_type,
                "tier": m.tier.name, "windows": windows_text(m.tier), "policy_hash": policy.hash,
                "matched": m.describe(),
            });
            job.priority = priority;
            job.job_type = new_type;
            job.tier.clone_from(&m.tier.name);
            job.windows = windows_text(m.tier);
            job.policy_hash.clone_from(&policy.hash);
            Data::Value(data)
        }
        Action::Note { text } => Data::Value(json!({ "text": text.trim() })),
        Action::Escalate { level, note } => {
            let level = level.unwrap_or(job.escalation_level + 1);
            job.escalation_level = level;
            job.escalated_at = Some(at);
            job.escalated_by = Some(actor.to_owned());
            Data::of(&event_data::Level { level, note })?
        }
        Action::Ack { note } => {
            job.acked_level = job.escalation_level;
            Data::of(&event_data::Level {
                level: job.escalation_level,
                note,
            })?
        }
    };
    if let Some(e) = entry {
        job.clock_log.push(e);
    }
    job.last_event_at = at;
    job.event_count += 1;
    Ok(data)
}

impl Store {
    /// Logs one job: validated, matched to its tier, stored with its `created` event.
    ///
    /// # Errors
    /// [`StoreError::Refused`] / [`StoreError::Match`] for bad input; nothing is written.
    pub fn log_job(
        &mut self,
        policy: &Policy,
        job: &NewJob,
        actor: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let p = prepare(policy, job, actor, now)?;
        self.insert_prepared(&p, now).map_err(|e| e.at(&self.path))
    }

    fn insert_prepared(&mut self, p: &Prepared, now: i64) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut h = head(&tx)?;
        let id = insert(&tx, &mut h, p, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Records `action` on job `id` at `at` (default `now`) by `actor`. Returns the
    /// job as it is afterwards.
    ///
    /// # Errors
    /// [`StoreError::Refused`] with the reason when the action is not allowed now
    /// (for example another dispatcher resolved the job a second ago); nothing is written.
    pub fn record(
        &mut self,
        policy: &Policy,
        id: i64,
        action: &Action,
        actor: &str,
        at: Option<i64>,
        now: i64,
    ) -> Result<JobRow, StoreError> {
        // Locking, permission and disk failures name the file.
        self.record_once(policy, id, action, actor, at, now)
            .map_err(|e| e.at(&self.path))
    }

    fn record_once(
        &mut self,
        policy: &Policy,
        id: i64,
        action: &Action,
        actor: &str,
        at: Option<i64>,
        now: i64,
    ) -> Result<JobRow, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut job = load_job(&tx, id)?.ok_or(StoreError::NoSuchJob(id))?;
        let at = at.unwrap_or(now);
        let who = |kind: &str| -> Option<(String, i64)> {
            tx.query_row(
                "SELECT actor, at FROM events WHERE job = ?1 AND kind = ?2 ORDER BY id DESC LIMIT 1",
                params![id, kind],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ok()
            .flatten()
        };
        check(&job, action, at, now, policy, actor, &who).map_err(StoreError::Refused)?;
        if let Action::Assign { to } = action {
            ensure_technician(&tx, to.trim(), at)?;
        }
        let data = apply_encoded(policy, &mut job, action, actor, at)?.into_text();
        let mut h = head(&tx)?;
        append(
            &tx,
            &mut h,
            &NewEvent {
                job: id,
                kind: action.kind(),
                at,
                recorded_at: now,
                actor,
                data: &data,
            },
        )?;
        write_row(&tx, &job)?;
        tx.commit()?;
        Ok(job)
    }
}
