//! The append-only event log and its hash chain.

use rusqlite::{Connection, OptionalExtension, params};
use slawatch_core::job::{EventRow, GENESIS, event_hash_hex};

use super::StoreError;
use slawatch_core::job::EventKind;

/// The hash of the newest event (the chain's head).
pub(crate) fn head(conn: &Connection) -> Result<String, StoreError> {
    Ok(conn
        .query_row("SELECT hash FROM events ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_else(|| GENESIS.to_owned()))
}

/// An event about to be appended.
pub(crate) struct NewEvent<'a> {
    pub job: i64,
    pub kind: EventKind,
    pub at: i64,
    pub recorded_at: i64,
    pub actor: &'a str,
    pub data: &'a str,
}

/// Appends an event; the parameters in this order: job, kind, at, recorded_at, actor,
/// data, prev_hash, hash.
pub(crate) const INSERT: &str =
    "INSERT INTO events (job, kind, at, recorded_at, actor, data, prev_hash, hash)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/// Appends one event after `prev` (the chain head, updated in place). Call inside
/// the write transaction that also updates the job.
pub(crate) fn append(conn: &Connection, prev: &mut String, e: &NewEvent<'_>) -> Result<i64, StoreError> {
    let NewEvent {
        job,
        kind,
        at,
        recorded_at,
        actor,
        data,
    } = *e;
    let kind = kind.name();
    let hash = event_hash_hex(prev, job, kind, at, recorded_at, actor, data);
    let mut stmt = conn.prepare_cached(INSERT)?;
    stmt.execute(params![
        job,
        kind,
        at,
        recorded_at,
        actor,
        data,
        prev.as_str(),
        hash.as_str()
    ])?;
    prev.clear();
    prev.push_str(hash.as_str());
    Ok(conn.last_insert_rowid())
}

pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        id: r.get(0)?,
        job: r.get(1)?,
        kind: r.get(2)?,
        at: r.get(3)?,
        recorded_at: r.get(4)?,
        actor: r.get(5)?,
        data: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
    })
}

pub(crate) const COLUMNS: &str = "id, job, kind, at, recorded_at, actor, data, prev_hash, hash";
