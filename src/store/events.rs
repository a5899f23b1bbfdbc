//! The append-only event log and its hash chain.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::StoreError;

/// `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub job: i64,
    pub kind: String,
    pub at: i64,
    pub recorded_at: i64,
    pub actor: String,
    /// JSON object.
    pub data: String,
    pub prev_hash: String,
    pub hash: String,
}

/// SHA-256 (hex) over the previous hash and the event's fields, each length-prefixed
/// so no two different events hash the same bytes.
#[must_use]
pub fn event_hash(
    prev: &str,
    job: i64,
    kind: &str,
    at: i64,
    recorded_at: i64,
    actor: &str,
    data: &str,
) -> String {
    let mut h = Sha256::new();
    for field in [
        prev.as_bytes(),
        kind.as_bytes(),
        actor.as_bytes(),
        data.as_bytes(),
    ] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field);
    }
    h.update(job.to_le_bytes());
    h.update(at.to_le_bytes());
    h.update(recorded_at.to_le_bytes());
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    out
}

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
    pub kind: &'a str,
    pub at: i64,
    pub recorded_at: i64,
    pub actor: &'a str,
    pub data: &'a str,
}

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
    let hash = event_hash(prev, job, kind, at, recorded_at, actor, data);
    let mut stmt = conn.prepare_cached(
        "INSERT INTO events (job, kind, at, recorded_at, actor, data, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    stmt.execute(params![
        job,
        kind,
        at,
        recorded_at,
        actor,
        data,
        prev.as_str(),
        hash
    ])?;
    *prev = hash;
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
