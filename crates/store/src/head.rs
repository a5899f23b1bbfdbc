//! The chain head: reading it (alone, or with the reads it stands for in one
//! transaction), checking a published one, and the triggers that keep events append-only.

use super::fields::{EventRef, read_event};
use super::schema::APPEND_ONLY_TRIGGERS;
use super::{Store, StoreError, VerifyProblem};
use rusqlite::OptionalExtension;
use slawatch_core::job::{ChainHead, GENESIS, event_hash};

/// What a published head says about the store now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadCheck {
    /// The first N events hash, from the first, to the head's hash.
    Holds,
    /// The store holds only `found` events: some up to N were removed.
    Short { found: i64 },
    /// Recomputed from the first event, event N hashes to `found`: an event at or before
    /// N was changed (and the hashes after it recomputed, or not).
    Differs { found: String },
    /// The content hashes to the head, but a stored hash or link up to N disagrees with
    /// it, or a field is malformed.
    Broken(VerifyProblem),
}

impl Store {
    /// The number of events and the hash of the last one.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn chain_head(&self) -> Result<ChainHead, StoreError> {
        let events: i64 = self
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
        let hash: Option<String> = self
            .conn
            .query_row("SELECT hash FROM events ORDER BY id DESC LIMIT 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(ChainHead {
            events,
            hash: hash.unwrap_or_else(|| GENESIS.to_owned()),
        })
    }

    /// Runs `f` with the chain head inside one read transaction, so whatever `f` reads
    /// on this store is exactly the data the head stands for.
    ///
    /// # Errors
    /// SQLite errors, and those of `f`.
    pub fn at_head<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&ChainHead) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn.execute_batch("BEGIN").map_err(StoreError::from)?;
        let out = self.chain_head().map_err(E::from).and_then(|h| f(&h));
        // Only reads happened: ending the transaction either way loses nothing.
        let end = self
            .conn
            .execute_batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = out?;
        end.map_err(StoreError::from)?;
        Ok(value)
    }

    /// Recomputes the chain from the first event over the first `head.events` events in
    /// id order and compares the last hash with the published one.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn verify_head(&self, head: &ChainHead) -> Result<HeadCheck, StoreError> {
        self.stream_reads()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM events ORDER BY id LIMIT ?1",
            super::events::COLUMNS
        ))?;
        let mut rows = stmt.query([head.events])?;
        let mut prev = GENESIS.to_owned();
        let mut count = 0;
        let mut disagree: Option<VerifyProblem> = None;
        while let Some(row) = rows.next()? {
            let e: EventRef<'_> = match read_event(row)? {
                Ok(e) => e,
                Err(p) => return Ok(HeadCheck::Broken(p)),
            };
            count += 1;
            let hash = event_hash(&prev, e.job, e.kind, e.at, e.recorded_at, e.actor, e.data);
            if disagree.is_none() && (e.prev != prev || e.hash != hash) {
                disagree = Some(VerifyProblem {
                    event: Some(e.id),
                    job: Some(e.job),
                    message: format!(
                        "event {} (job {}, {}): its stored hash or link disagrees with the chain recomputed from the first event",
                        e.id, e.job, e.kind
                    ),
                });
            }
            prev = hash;
        }
        Ok(if count < head.events {
            HeadCheck::Short { found: count }
        } else if prev != head.hash {
            HeadCheck::Differs { found: prev }
        } else if let Some(p) = disagree {
            HeadCheck::Broken(p)
        } else {
            HeadCheck::Holds
        })
    }

    /// Each append-only trigger that is missing or no longer refuses anything.
    pub(crate) fn trigger_problems(&self) -> Result<Vec<VerifyProblem>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1 AND tbl_name = 'events'",
        )?;
        let mut out = Vec::new();
        for (name, refuses, sql) in APPEND_ONLY_TRIGGERS {
            let found: Option<Option<String>> = stmt.query_row([name], |r| r.get(0)).optional()?;
            let state = match found {
                None => "is missing",
                Some(s) if !s.as_deref().unwrap_or_default().contains("RAISE(ABORT") => {
                    "no longer refuses anything"
                }
                Some(_) => continue,
            };
            out.push(VerifyProblem {
                event: None,
                job: None,
                message: format!(
                    "trigger {name} {state}: {refuses} is not refused, so the log can be changed silently and this store's evidence cannot be trusted — put it back with: sqlite3 '{}' \"DROP TRIGGER IF EXISTS {name}; {sql}\", then check a head published before (`slawatch verify --head N:HASH`)",
                    self.path.display()
                ),
            });
        }
        Ok(out)
    }
}
