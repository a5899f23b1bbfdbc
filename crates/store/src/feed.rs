//! The event feed of the API (`GET /events`, `/stream`): events after an id, in log
//! order, with the customer of their job, optionally only one customer's.

use rusqlite::params;
use slawatch_core::job::EventRow;

use super::events::from_row;
use super::{Store, StoreError};

/// An event with its job's customer (whom it may be shown to).
#[derive(Debug, Clone)]
pub struct FeedEvent {
    pub event: EventRow,
    pub customer: String,
}

impl Store {
    /// Up to `limit` events with an id above `after`, oldest first; of `customer`'s
    /// jobs only when given (compared as the API compares names: trimmed, any case).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn events_after(
        &self,
        after: i64,
        limit: usize,
        customer: Option<&str>,
    ) -> Result<Vec<FeedEvent>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.job, e.kind, e.at, e.recorded_at, e.actor, e.data, e.prev_hash, e.hash, j.customer
             FROM events e JOIN jobs j ON j.id = e.job
             WHERE e.id > ?1 AND (?2 IS NULL OR lower(trim(j.customer)) = lower(trim(?2)))
             ORDER BY e.id LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![after, customer, limit], |r| {
            Ok(FeedEvent {
                event: from_row(r)?,
                customer: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
