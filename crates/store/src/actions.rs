//! Every dispatcher action: one `BEGIN IMMEDIATE` transaction that re-reads the job,
//! checks the action is still allowed, appends the event and updates the job.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use slawatch_core::job::{Job, JobAction, NewJob, Prepared, apply_encoded, check, prepare};
use slawatch_core::policy::Policy;

use super::events::{COLUMNS as EVENT_COLUMNS, NewEvent, append, from_row as event_from_row, head};
use super::job_rows;
use super::queries::load_job;
use super::{Store, StoreError};
use slawatch_core::job::revoke;
use slawatch_core::job::{EventKind, EventRow};

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
            kind: EventKind::Created,
            at: r.created_at,
            recorded_at,
            actor: &r.created_by,
            data: &p.data,
        },
    )?;
    Ok(id)
}

/// Inserts a whole job row with its id (bulk loads write each job once, finished).
pub(crate) fn insert_row(conn: &Connection, r: &Job) -> Result<(), StoreError> {
    let log = serde_json::to_string(&r.clock_log).map_err(|e| StoreError::Refused(e.to_string()))?;
    job_rows::insert_row(&mut *conn.prepare_cached(job_rows::INSERT_ROW)?, r, &log)
}

pub(crate) fn write_row(conn: &Connection, r: &Job) -> Result<(), StoreError> {
    let log = serde_json::to_string(&r.clock_log).map_err(|e| StoreError::Refused(e.to_string()))?;
    conn.prepare_cached(
        "UPDATE jobs SET priority = ?2, type = ?3, technician = ?4, status = ?5, responded_at = ?6,
             attended_at = ?7, resolved_at = ?8, paused_at = ?9, pause_reason = ?10, escalation_level = ?11,
             escalated_at = ?12, acked_level = ?13, tier = ?14, windows = ?15, policy_hash = ?16,
             clock_log = ?17, last_event_at = ?18, event_count = ?19, escalated_by = ?20, acked_by = ?21,
             acked_at = ?22
         WHERE id = ?1",
    )?
    .execute(params![
        r.id,
        r.priority,
        r.job_type,
        r.technician,
        r.status.name(),
        r.responded_at,
        r.attended_at,
        r.resolved_at,
        r.paused_at,
        r.pause_reason,
        r.escalation_level,
        r.escalated_at,
        r.acked_level,
        r.tier,
        r.windows.as_str(),
        r.policy_hash.as_str(),
        log,
        r.last_event_at,
        r.event_count,
        r.escalated_by,
        r.acked_by,
        r.acked_at
    ])?;
    Ok(())
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

    pub(crate) fn insert_prepared(&mut self, p: &Prepared, now: i64) -> Result<i64, StoreError> {
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
        action: &JobAction,
        actor: &str,
        at: Option<i64>,
        now: i64,
    ) -> Result<Job, StoreError> {
        self.record_with_clock(policy, id, action, actor, at, &|| now)
    }

    /// As [`Store::record`], with `now` read from `clock` once the write lock is held.
    /// A command that waited for another writer would otherwise carry the instant it
    /// started, which can be earlier than the event that writer recorded meanwhile: the
    /// action would be refused as "earlier than the latest event" though nobody gave a time.
    ///
    /// # Errors
    /// As [`Store::record`].
    pub fn record_with_clock(
        &mut self,
        policy: &Policy,
        id: i64,
        action: &JobAction,
        actor: &str,
        at: Option<i64>,
        clock: &dyn Fn() -> i64,
    ) -> Result<Job, StoreError> {
        // Locking, permission and disk failures name the file.
        self.record_once(policy, id, action, actor, at, clock)
            .map_err(|e| e.at(&self.path))
    }

    fn record_once(
        &mut self,
        policy: &Policy,
        id: i64,
        action: &JobAction,
        actor: &str,
        at: Option<i64>,
        clock: &dyn Fn() -> i64,
    ) -> Result<Job, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = clock();
        let job = record_in(&tx, policy, id, action, actor, at, now)?;
        tx.commit()?;
        Ok(job)
    }
}

/// Records `action` inside the caller's write transaction (see [`Store::record`]).
pub(crate) fn record_in(
    tx: &Connection,
    policy: &Policy,
    id: i64,
    action: &JobAction,
    actor: &str,
    at: Option<i64>,
    now: i64,
) -> Result<Job, StoreError> {
    let mut job = load_job(tx, id)?.ok_or(StoreError::NoSuchJob(id))?;
    let at = at.unwrap_or(now);
    let who = |kind: EventKind| -> Option<(String, i64)> {
        tx.query_row(
            "SELECT actor, at FROM events WHERE job = ?1 AND kind = ?2 ORDER BY id DESC LIMIT 1",
            params![id, kind.name()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .ok()
        .flatten()
    };
    check(&job, action, at, now, policy, actor, &who)?;
    if let JobAction::Revoke { event, reason } = action {
        return revoke(tx, policy, &job, *event, reason, actor, at, now);
    }
    if let JobAction::Assign { to } = action {
        ensure_technician(tx, to.trim(), at)?;
    }
    let data = apply_encoded(policy, &mut job, action, actor, at)?.into_text();
    let mut h = head(tx)?;
    append(
        tx,
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
    write_row(tx, &job)?;
    Ok(job)
}

/// Records a revocation of event `target` of `job`: the job becomes what its events say
/// without that event (replayed from the log, in the same transaction).
#[allow(clippy::too_many_arguments)]
fn revoke(
    tx: &Connection,
    policy: &Policy,
    job: &Job,
    target: i64,
    reason: &str,
    actor: &str,
    at: i64,
    now: i64,
) -> Result<Job, StoreError> {
    let mut events: Vec<EventRow> = tx
        .prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE job = ?1 ORDER BY id"
        ))?
        .query_map([job.id], event_from_row)?
        .collect::<Result<_, _>>()?;
    let taken = revoke::check(job, &events, target, actor, now, policy)?;
    let data = revoke::data(taken, reason);
    let mut h = head(tx)?;
    let id = append(
        tx,
        &mut h,
        &NewEvent {
            job: job.id,
            kind: EventKind::Revoked,
            at,
            recorded_at: now,
            actor,
            data: &data,
        },
    )?;
    events.push(EventRow {
        id,
        job: job.id,
        kind: EventKind::Revoked.name().to_owned(),
        at,
        recorded_at: now,
        actor: actor.to_owned(),
        data,
        prev_hash: String::new(),
        hash: String::new(),
    });
    let row = revoke::replay(job.id, &events, &revoke::revoked_ids(&events));
    write_row(tx, &row)?;
    Ok(row)
}
