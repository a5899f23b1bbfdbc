//! The writing end of a bulk load (import, demo data): inside one transaction, hashes
//! each event onto the chain and inserts it, with its statements prepared once and
//! no allocation per event for the hash.

use std::collections::HashSet;

use rusqlite::{CachedStatement, Connection, params};

use super::checkpoint::{self, Checkpoints};
use super::events::{self, head};
use super::job_rows;
use super::{Store, StoreError};
use slawatch_core::job::EventKind;
use slawatch_core::job::Job;
use slawatch_core::job::{Hex, event_hash_hex};

impl Store {
    /// Runs the bulk load `f` on the store's connection, with its WAL checkpoints on
    /// another thread ([`checkpoint::in_background`]) and SQLite's CHECK constraints and
    /// foreign-key checks off.
    ///
    /// The only CHECK is `jobs.status IN ('open', 'paused', 'resolved', 'cancelled')`, and SQLite
    /// evaluates an `IN` list by building a temporary index on every insert: a tenth
    /// of the writer's time. The writer checks the status itself ([`Writer::job_row`];
    /// a new job is always `open`), so the store holds the same guarantee.
    ///
    /// The foreign keys cost a lookup in `technicians` per job and one in `jobs` per
    /// event (a twentieth of the writer's time) for what the writer guarantees by
    /// construction: it ensures each technician in the transaction before the job that
    /// names it ([`Writer::technician`]) and gives each event the id of the job it
    /// writes in the same transaction. `tests/store/store_bulk.rs` runs SQLite's own
    /// `foreign_key_check` after every kind of bulk load. NOT NULL stays on.
    ///
    /// # Errors
    /// `f`'s errors, or SQLite's when switching.
    pub(crate) fn bulk_load<R>(
        &mut self,
        f: impl FnOnce(&mut Connection, &mut Checkpoints) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let conn = &mut self.conn;
        let switched = conn
            .pragma_update(None, "ignore_check_constraints", true)
            .and_then(|()| conn.pragma_update(None, "foreign_keys", false));
        let done = match switched {
            Ok(()) => checkpoint::in_background(conn, &self.path, f),
            Err(e) => Err(e.into()),
        };
        // Back on whatever happened, even a half-done switch: later single actions on
        // this connection are checked.
        let checks = conn.pragma_update(None, "ignore_check_constraints", false);
        let keys = conn.pragma_update(None, "foreign_keys", true);
        let done = done?;
        checks?;
        keys?;
        Ok(done)
    }
}

/// Where a bulk load will most likely start, read before its first transaction: the
/// next job id and the chain head (`None` if the head is not a hash this build writes).
/// Its preparing thread numbers jobs and hashes ahead from these; the writer checks both
/// for every job, since another process may write before the load's transactions.
///
/// # Errors
/// SQLite errors.
pub(crate) fn likely_start(conn: &Connection) -> Result<(i64, Option<Hex>), StoreError> {
    Ok((job_rows::next_job_id(conn)?, Hex::parse(&head(conn)?)))
}

/// Writes jobs and events inside the caller's open write transaction.
pub(crate) struct Writer<'c> {
    conn: &'c Connection,
    jobs: CachedStatement<'c>,
    events: CachedStatement<'c>,
    technicians: CachedStatement<'c>,
    /// The chain head: the hash of the newest event written.
    head: String,
    /// Names ensured in this transaction: one `INSERT OR IGNORE` per name, not per job.
    /// Per transaction, because nothing else can write while it is open.
    known: HashSet<String>,
    recorded_at: i64,
}

/// Which statement writes the jobs.
pub(crate) enum Rows {
    /// New jobs, ids picked by SQLite ([`Writer::new_job`]).
    New,
    /// Finished rows with their ids ([`Writer::job_row`]).
    Finished,
}

impl<'c> Writer<'c> {
    /// Starts writing in `conn`'s open transaction; every event gets `recorded_at`.
    ///
    /// # Errors
    /// SQLite errors.
    pub(crate) fn new(conn: &'c Connection, rows: &Rows, recorded_at: i64) -> Result<Self, StoreError> {
        Ok(Self {
            conn,
            jobs: conn.prepare_cached(match rows {
                Rows::New => job_rows::INSERT_NEW,
                Rows::Finished => job_rows::INSERT_ROW,
            })?,
            events: conn.prepare_cached(events::INSERT)?,
            technicians: conn
                .prepare_cached("INSERT OR IGNORE INTO technicians (name, created_at) VALUES (?1, ?2)")?,
            head: head(conn)?,
            known: HashSet::new(),
            recorded_at,
        })
    }

    /// Makes sure technician `name` exists (first seen at `at`).
    ///
    /// # Errors
    /// SQLite errors.
    pub(crate) fn technician(&mut self, name: &str, at: i64) -> Result<(), StoreError> {
        if !self.known.contains(name) {
            self.technicians.execute(params![name, at])?;
            self.known.insert(name.to_owned());
        }
        Ok(())
    }

    /// Inserts a new job (statement [`Rows::New`]); returns the id SQLite gave it.
    ///
    /// # Errors
    /// SQLite errors.
    pub(crate) fn new_job(&mut self, r: &Job) -> Result<i64, StoreError> {
        job_rows::insert_new(&mut self.jobs, r)?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Inserts a finished row with its id (statement [`Rows::Finished`]) and its clock
    /// log already encoded.
    ///
    /// # Errors
    /// SQLite errors.
    pub(crate) fn job_row(&mut self, r: &Job, clock_log: &str) -> Result<(), StoreError> {
        // The schema's CHECK on the status (see [`Store::bulk_load`]) holds by its type.
        job_rows::insert_row(&mut self.jobs, r, clock_log)
    }

    /// Appends an event to the chain.
    ///
    /// # Errors
    /// SQLite errors.
    pub(crate) fn event(
        &mut self,
        job: i64,
        kind: EventKind,
        at: i64,
        actor: &str,
        data: &str,
    ) -> Result<(), StoreError> {
        let hash = event_hash_hex(&self.head, job, kind.name(), at, self.recorded_at, actor, data);
        self.hashed_event(job, kind, at, actor, data, &hash)
    }

    /// The chain head: what the next event's `prev_hash` will be.
    pub(crate) fn head(&self) -> &str {
        &self.head
    }

    /// Appends an event whose hash was computed elsewhere, over this writer's head,
    /// `recorded_at` and these fields (see [`super::plan::link`]).
    ///
    /// # Errors
    /// SQLite errors.
    pub(crate) fn hashed_event(
        &mut self,
        job: i64,
        kind: EventKind,
        at: i64,
        actor: &str,
        data: &str,
        hash: &Hex,
    ) -> Result<(), StoreError> {
        self.events.execute(params![
            job,
            kind.name(),
            at,
            self.recorded_at,
            actor,
            data,
            self.head.as_str(),
            hash.as_str()
        ])?;
        self.head.clear();
        self.head.push_str(hash.as_str());
        Ok(())
    }
}
