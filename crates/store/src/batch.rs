//! Many writes in one transaction: for bulk loads (demo data) where one process owns
//! the jobs it writes. Each action is still checked like a single one.

use rusqlite::{Transaction, TransactionBehavior};

use super::actions::insert_row;
use super::bulk::{Rows, Writer, likely_start};
use super::events::{NewEvent, append, head};
use super::job_rows::next_job_id;
use super::pipe::pipelined;
use super::{Store, StoreError};
use slawatch_core::job::EventKind;
use slawatch_core::job::Job;
use slawatch_core::job::check;
use slawatch_core::job::{JobAction, NewJob, apply_encoded, prepare};
use slawatch_core::job::{JobScript, link, plan};
use slawatch_core::policy::Policy;

/// An open write transaction with the chain head in hand. Jobs are written once,
/// finished, by [`Batch::save`]; their events go first (foreign keys are checked at
/// commit).
pub struct Batch<'a> {
    tx: Transaction<'a>,
    head: String,
    next_id: i64,
}

impl Store {
    /// Starts a batch of writes (one `BEGIN IMMEDIATE` transaction).
    ///
    /// # Errors
    /// SQLite errors, [`StoreError::Busy`].
    pub fn batch(&mut self) -> Result<Batch<'_>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        let head = head(&tx)?;
        let next_id = next_job_id(&tx)?;
        Ok(Batch { tx, head, next_id })
    }
}

impl Batch<'_> {
    /// Logs a job; returns its row (with its id) to pass to [`Batch::apply`].
    ///
    /// # Errors
    /// As [`Store::log_job`].
    pub fn log(&mut self, policy: &Policy, job: &NewJob, actor: &str, now: i64) -> Result<Job, StoreError> {
        let p = prepare(policy, job, actor, now)?;
        let id = self.next_id;
        self.next_id += 1;
        if let Some(t) = &p.row.technician {
            super::actions::ensure_technician(&self.tx, t, p.row.created_at)?;
        }
        append(
            &self.tx,
            &mut self.head,
            &NewEvent {
                job: id,
                kind: EventKind::Created,
                at: p.row.created_at,
                recorded_at: now,
                actor: &p.row.created_by,
                data: &p.data,
            },
        )?;
        let mut row = p.row;
        row.id = id;
        Ok(row)
    }

    /// Records an action on a job held in memory; [`Batch::save`] writes its row.
    ///
    /// # Errors
    /// [`StoreError::Refused`] when the action is not allowed.
    pub fn apply(
        &mut self,
        policy: &Policy,
        job: &mut Job,
        action: &JobAction,
        actor: &str,
        at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        check(job, action, at, now, policy, actor, &|_| None)?;
        if let JobAction::Assign { to } = action {
            super::actions::ensure_technician(&self.tx, to.trim(), at)?;
        }
        let data = apply_encoded(policy, job, action, actor, at)?.into_text();
        append(
            &self.tx,
            &mut self.head,
            &NewEvent {
                job: job.id,
                kind: action.kind(),
                at,
                recorded_at: now,
                actor,
                data: &data,
            },
        )?;
        Ok(())
    }

    /// Writes a job's row, once, after its [`Batch::apply`] calls.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn save(&mut self, job: &Job) -> Result<(), StoreError> {
        insert_row(&self.tx, job)
    }

    /// Commits everything.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn commit(self) -> Result<(), StoreError> {
        self.tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// Writes many scripted jobs (demo data), `per_tx` jobs to a transaction: each job
    /// is planned and checked on a second thread ([`plan`]) while this one hashes and
    /// inserts. Writes exactly what [`Batch::log`], [`Batch::apply`] and [`Batch::save`]
    /// would. Returns how many jobs were written; a refused job stops the load, and
    /// the transactions before its own stay.
    ///
    /// # Errors
    /// As [`Batch::apply`]; [`StoreError::Internal`] if the planning thread fails.
    pub fn write_scripted<'a>(
        &mut self,
        policy: &Policy,
        scripts: impl Iterator<Item = JobScript<'a>> + Send,
        now: i64,
        per_tx: usize,
    ) -> Result<usize, StoreError> {
        // The planning thread names jobs in refusals by these ids and hashes ahead over
        // this head; the writer checks both for every job and sets the stored ones.
        let (first_id, mut chain) = likely_start(&self.conn)?;
        let planned = (first_id..).zip(scripts).map(move |(id, s)| {
            let mut job = plan(policy, &s, id, now)?;
            if let Some(head) = chain.as_mut() {
                link(&mut job, head, now);
            }
            Ok::<_, StoreError>(job)
        });
        self.bulk_load(|conn, checkpoints| {
            pipelined(planned, |feed| {
                let mut written = 0;
                while feed.has_more() {
                    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                    let next_id = next_job_id(&tx)?;
                    let mut w = Writer::new(&tx, &Rows::Finished, now)?;
                    for id in (next_id..).take(per_tx.max(1)) {
                        let Some(item) = feed.next() else { break };
                        let mut job = item??;
                        // The planned hashes hold if worked out over this head and id.
                        let linked = job.row.id == id && job.prev.is_some_and(|p| p.as_str() == w.head());
                        job.row.id = id;
                        for (name, at) in &job.technicians {
                            w.technician(name, *at)?;
                        }
                        for e in &job.events {
                            match e.hash.filter(|_| linked) {
                                Some(hash) => w.hashed_event(id, e.kind, e.at, e.actor, &e.data, &hash)?,
                                None => w.event(id, e.kind, e.at, e.actor, &e.data)?,
                            }
                        }
                        w.job_row(&job.row, &job.clock_log)?;
                        feed.recycle(Ok(job));
                        written += 1;
                    }
                    drop(w);
                    tx.commit()?;
                    checkpoints.committed();
                }
                Ok(written)
            })
        })
    }
}
