//! Jobs posted with an external id (a ticket number of the caller's own system): the
//! same id from the same caller again finds the job it made, never a second one, also
//! when two posts race (one write transaction looks it up and logs).

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use slawatch_core::job::{NewJob, prepare_from};
use slawatch_core::policy::Policy;

use super::actions::insert;
use super::events::head;
use super::{Store, StoreError};

/// Whether an earlier job of the same external id is still the one it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Always: the same id is the same job, open or closed (`POST /jobs`).
    SameJob,
    /// While it is open; once resolved or cancelled, the id starts a new job and names
    /// that one from then on (a monitoring alert that fires again after its resolve).
    NewAfterClose,
}

/// What [`Store::log_job_once`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logged {
    /// A new job with this id.
    New(i64),
    /// The job this caller posted with this external id before.
    Earlier(i64),
}

impl Store {
    /// Logs `job` unless `caller` posted `external_id` before (then: that job).
    ///
    /// # Errors
    /// As [`Store::log_job`]; nothing is written.
    pub fn log_job_once(
        &mut self,
        policy: &Policy,
        job: &NewJob,
        actor: &str,
        caller: &str,
        external_id: &str,
        now: i64,
    ) -> Result<Logged, StoreError> {
        self.log_job_once_from(
            policy,
            job,
            actor,
            caller,
            external_id,
            now,
            None,
            Repeat::SameJob,
        )
    }

    /// As [`Store::log_job_once`], with where the job came from (`origin`) recorded in
    /// its `created` event, and what an id of a closed job does (`repeat`).
    ///
    /// # Errors
    /// As [`Store::log_job`]; nothing is written.
    #[allow(clippy::too_many_arguments)]
    pub fn log_job_once_from(
        &mut self,
        policy: &Policy,
        job: &NewJob,
        actor: &str,
        caller: &str,
        external_id: &str,
        now: i64,
        origin: Option<&serde_json::Value>,
        repeat: Repeat,
    ) -> Result<Logged, StoreError> {
        let path = self.path.clone();
        let mut run = || -> Result<Logged, StoreError> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let earlier: Option<i64> = tx
                .query_row(
                    "SELECT job FROM api_external_ids WHERE caller = ?1 AND external_id = ?2",
                    params![caller, external_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = earlier {
                let closed = repeat == Repeat::NewAfterClose && {
                    let status: String =
                        tx.query_row("SELECT status FROM jobs WHERE id = ?1", [id], |r| r.get(0))?;
                    matches!(status.as_str(), "resolved" | "cancelled")
                };
                if !closed {
                    return Ok(Logged::Earlier(id));
                }
            }
            let p = prepare_from(policy, job, actor, now, origin)?;
            let mut h = head(&tx)?;
            let id = insert(&tx, &mut h, &p, now)?;
            // The id names the new job; the closed one keeps its own history.
            tx.execute(
                "INSERT INTO api_external_ids (caller, external_id, job) VALUES (?1, ?2, ?3)
                 ON CONFLICT (caller, external_id) DO UPDATE SET job = excluded.job",
                params![caller, external_id, id],
            )?;
            tx.commit()?;
            Ok(Logged::New(id))
        };
        run().map_err(|e| e.at(&path))
    }
}

impl Store {
    /// The job `caller` posted with `external_id`, if any.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn external_job(&self, caller: &str, external_id: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT job FROM api_external_ids WHERE caller = ?1 AND external_id = ?2",
                params![caller, external_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
