//! Alerts in the store: each threshold crossing recorded once across all processes
//! (a unique key beside its `alert` event), and per user what was already delivered.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use slawatch_core::alerts::{NewAlert, SYSTEM_ACTOR};
use slawatch_core::job::{EventRow, Job, JobAction, apply};
use slawatch_core::policy::Policy;

use super::events::{COLUMNS, NewEvent, append, from_row, head};
use super::pending;
use super::queries::load_job;
use super::{Store, StoreError};
use slawatch_core::job::EventKind;
use slawatch_core::job::JobStatus;

/// What became of a [`NewAlert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertFate {
    /// This call recorded it: this event.
    Recorded(i64),
    /// Another process (or an earlier run) had recorded it already.
    Known,
    /// Not recorded: the job was resolved, or is already escalated that far.
    Moot,
}

/// Alert events not yet claimed by a user.
#[derive(Debug, Clone, Default)]
pub struct Claimed {
    /// The user had never claimed before (a first start).
    pub first: bool,
    /// `alert` and `escalated` events of jobs still open, oldest first.
    pub events: Vec<EventRow>,
}

impl Store {
    /// Records each crossing unless some process already has, in one transaction: the
    /// first process to insert a key owns the alert; the others see `Known`.
    ///
    /// # Errors
    /// SQLite errors; nothing is written then.
    pub fn record_alerts(
        &mut self,
        policy: &Policy,
        alerts: &[NewAlert],
        now: i64,
    ) -> Result<Vec<AlertFate>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut h = head(&tx)?;
        let mut fates = Vec::with_capacity(alerts.len());
        // A catch-up brings several crossings per job: read each job once.
        let mut cached: Option<Job> = None;
        for a in alerts {
            let known: Option<i64> = tx
                .prepare_cached(
                    "SELECT event FROM alert_keys WHERE job = ?1 AND slot = ?2 AND threshold = ?3 AND cycle = ?4",
                )?
                .query_row(params![a.job, a.slot, a.threshold, a.cycle], |r| r.get(0))
                .optional()?;
            if known.is_some() {
                fates.push(AlertFate::Known);
                continue;
            }
            if cached.as_ref().is_none_or(|j| j.id != a.job) {
                cached = load_job(&tx, a.job)?;
            }
            let Some(job) = cached.as_mut().filter(|j| j.id == a.job) else {
                fates.push(AlertFate::Moot);
                continue;
            };
            let moot = !matches!(job.status, JobStatus::Open | JobStatus::Paused)
                || a.escalate_to.is_some_and(|l| l <= job.escalation_level);
            let event = if moot {
                None
            } else if let Some(level) = a.escalate_to {
                let note = a.data.get("note").and_then(|n| n.as_str()).map(str::to_owned);
                let action = JobAction::Escalate {
                    level: Some(level),
                    note,
                };
                // Never before the job's latest event: the log stays in order.
                let at = a.at.max(job.last_event_at);
                let mut data = apply(policy, job, &action, SYSTEM_ACTOR, at)?;
                if let (Some(d), Some(extra)) = (data.as_object_mut(), a.data.as_object()) {
                    for (k, v) in extra {
                        d.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                let id = append(
                    &tx,
                    &mut h,
                    &NewEvent {
                        job: a.job,
                        kind: EventKind::Escalated,
                        at,
                        recorded_at: now,
                        actor: SYSTEM_ACTOR,
                        data: &data.to_string(),
                    },
                )?;
                super::actions::write_row(&tx, job)?;
                Some(id)
            } else {
                // An alert is a notice about the job, not a change to it: the row stays.
                Some(append(
                    &tx,
                    &mut h,
                    &NewEvent {
                        job: a.job,
                        kind: EventKind::Alert,
                        at: a.at,
                        recorded_at: now,
                        actor: SYSTEM_ACTOR,
                        data: &a.data.to_string(),
                    },
                )?)
            };
            // The key is kept even when moot, so no process asks again.
            tx.prepare_cached(
                "INSERT INTO alert_keys (job, slot, threshold, cycle, event) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![a.job, a.slot, a.threshold, a.cycle, event.unwrap_or(0)])?;
            fates.push(event.map_or(AlertFate::Moot, AlertFate::Recorded));
        }
        tx.commit()?;
        Ok(fates)
    }

    /// The `alert` and `escalated` events `user` has not been given yet, and moves the
    /// user's mark past them: two processes of one user never both get an event. The
    /// events stay pending until [`Store::mark_delivered`]; those a killed process of the
    /// user left pending are claimed again first.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn claim_alerts(&mut self, user: &str, now: i64) -> Result<Claimed, StoreError> {
        // One identity whatever its case: ANNA reads anna's mark.
        let user = &slawatch_core::job::identity::key(user);
        // Most rounds find nothing new: look before taking the write lock.
        let peek: Option<i64> = self
            .conn
            .query_row(
                "SELECT last_event FROM alert_cursors WHERE who = ?1",
                [user],
                |r| r.get(0),
            )
            .optional()?;
        let me = pending::this_process();
        if let Some(mark) = peek {
            let newest: i64 = self.conn.query_row(
                "SELECT coalesce(max(id), 0) FROM events WHERE kind IN ('alert', 'escalated')",
                [],
                |r| r.get(0),
            )?;
            if newest <= mark && pending::orphan_owners(&self.conn, user, me)?.is_empty() {
                return Ok(Claimed::default());
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mark: Option<i64> = tx
            .query_row(
                "SELECT last_event FROM alert_cursors WHERE who = ?1",
                [user],
                |r| r.get(0),
            )
            .optional()?;
        // What a killed process of this user had claimed and not delivered comes first.
        let orphans = pending::orphan_owners(&tx, user, me)?;
        let taken = pending::take_over(&tx, user, &orphans)?;
        // Only jobs still open: an alert about a job since resolved asks nothing of anyone
        // (the report keeps its breach).
        let mut events = {
            let cols: Vec<String> = COLUMNS.split(", ").map(|c| format!("e.{c}")).collect();
            // A user's first claim walks the open jobs and their events (CROSS JOIN keeps
            // that order), not a year of history; later claims walk the few new events.
            let from = if mark.is_none() {
                "jobs j CROSS JOIN events e ON e.job = j.id"
            } else {
                "events e JOIN jobs j ON j.id = e.job"
            };
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {} FROM {from}
                 WHERE e.kind IN ('alert', 'escalated') AND e.id > ?1 AND j.status IN ('open', 'paused')
                 ORDER BY e.id",
                cols.join(", ")
            ))?;
            stmt.query_map([mark.unwrap_or(0)], from_row)?
                .collect::<Result<Vec<_>, _>>()?
        };
        if !taken.is_empty() {
            let cols: Vec<String> = COLUMNS.split(", ").map(|c| format!("e.{c}")).collect();
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {} FROM events e JOIN jobs j ON j.id = e.job
                 WHERE e.id = ?1 AND j.status IN ('open', 'paused')",
                cols.join(", ")
            ))?;
            for id in taken {
                events.extend(stmt.query_row([id], from_row).optional()?);
            }
            events.sort_by_key(|e| e.id);
            events.dedup_by_key(|e| e.id);
        }
        let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
        pending::hold(&tx, user, me, &ids, now)?;
        let newest: i64 = tx.query_row(
            "SELECT coalesce(max(id), ?1) FROM events WHERE kind IN ('alert', 'escalated') AND id > ?1",
            [mark.unwrap_or(0)],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO alert_cursors (who, last_event, at) VALUES (?1, ?2, ?3)
             ON CONFLICT (who) DO UPDATE SET last_event = excluded.last_event, at = excluded.at",
            params![user, newest, now],
        )?;
        tx.commit()?;
        Ok(Claimed {
            first: mark.is_none(),
            events,
        })
    }

    /// Claims reminder `round` of the escalation of `job` to `level` for `user`: true
    /// for exactly one caller.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn claim_reminder(
        &mut self,
        user: &str,
        job: i64,
        level: i64,
        round: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        // One identity whatever its case: ANNA reads anna's mark.
        let user = &slawatch_core::job::identity::key(user);
        let n = self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO reminders (who, job, level, round, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![user, job, level, round, now])?;
        Ok(n == 1)
    }

    /// How many `alert` events the store holds.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn alert_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM events WHERE kind = 'alert'", [], |r| {
                r.get(0)
            })?)
    }
}
