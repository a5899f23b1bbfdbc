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
    event_hash_hex(prev, job, kind, at, recorded_at, actor, data)
        .as_str()
        .to_owned()
}

/// A hash as 64 lowercase hex digits on the stack: bulk writers hash millions of
/// events and need no `String` for each.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hex([u8; 64]);

impl Hex {
    /// A stored hash; `None` if it is not 64 characters (a damaged store: then no
    /// shortcut is taken).
    pub(crate) fn parse(s: &str) -> Option<Self> {
        s.as_bytes().try_into().ok().map(Hex)
    }

    pub(crate) fn as_str(&self) -> &str {
        // Always ASCII hex digits, so never the empty fallback.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// [`event_hash`] without an allocation.
pub(crate) fn event_hash_hex(
    prev: &str,
    job: i64,
    kind: &str,
    at: i64,
    recorded_at: i64,
    actor: &str,
    data: &str,
) -> Hex {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
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
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(h.finalize()) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 15)];
    }
    Hex(out)
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
