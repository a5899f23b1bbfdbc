//! The recently closed jobs, for the dashboard's Closed view.

use super::queries::{JOB_COLUMNS, job_from_row};
use super::{Store, StoreError};
use slawatch_core::job::Job;

impl Store {
    /// The `limit` newest resolved or cancelled jobs, newest id first. By id, not by
    /// when they closed: the id walk stops after `limit` rows where ordering by the
    /// closing time would read every job of the store; jobs close roughly in the order
    /// they came, and an older one is one search by id away.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn recently_closed(&self, limit: usize) -> Result<Vec<Job>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE status IN ('resolved', 'cancelled') ORDER BY id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], job_from_row)?;
        Ok(rows.collect::<Result<Vec<Job>, _>>()?)
    }
}
