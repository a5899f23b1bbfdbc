//! The event log's hash chain: each event hashed over the one before it, so rewriting or
//! removing any event shows. The store writes and reads the rows; the rules live here.

use super::EventKind;
use serde::Serialize;
use sha2::{Digest, Sha256};

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
pub struct Hex([u8; 64]);

impl Hex {
    /// A stored hash; `None` if it is not 64 characters (a damaged store: then no
    /// shortcut is taken).
    #[inline]
    pub fn parse(s: &str) -> Option<Self> {
        s.as_bytes().try_into().ok().map(Hex)
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        // Always ASCII hex digits, so never the empty fallback.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// [`event_hash`] without an allocation.
pub fn event_hash_hex(
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

impl EventRow {
    /// The kind of the event; `None` for a kind slawatch never writes (a row inserted
    /// behind its back, which `verify` reports).
    #[must_use]
    pub fn event_kind(&self) -> Option<EventKind> {
        EventKind::parse(&self.kind)
    }

    /// The event's data, parsed (a JSON object; `Null` if damaged).
    #[must_use]
    pub fn data_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.data).unwrap_or(serde_json::Value::Null)
    }
}
