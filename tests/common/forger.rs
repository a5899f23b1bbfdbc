//! What someone with the store file and the hash function can do to the event log: the
//! tampering the published chain head exists to expose.

use rusqlite::Connection;
use slawatch_core::job::{GENESIS, event_hash};

/// Recomputes every hash from the first event on, as a forger with the hash function would.
pub fn rehash(c: &Connection) {
    let rows: Vec<(i64, i64, String, i64, i64, String, String)> = c
        .prepare("SELECT id, job, kind, at, recorded_at, actor, data FROM events ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = GENESIS.to_owned();
    for (id, job, kind, at, rec, actor, data) in rows {
        let hash = event_hash(&prev, job, &kind, at, rec, &actor, &data);
        c.execute(
            "UPDATE events SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            rusqlite::params![prev, hash, id],
        )
        .unwrap();
        prev = hash;
    }
}
