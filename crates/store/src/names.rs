//! The names the store knows, to tell a typo from a new customer or technician.

use rusqlite::OptionalExtension;

use super::{Store, StoreError};

/// At most this many customers are read: enough for any team, bounded for any store.
pub const CUSTOMERS_MAX: usize = 10_000;

impl Store {
    /// The customers of the stored jobs, each once (ignoring case), in order.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be read.
    pub fn customers(&self) -> Result<Vec<String>, StoreError> {
        // One step along the customer index per name instead of reading every job:
        // a store has a million jobs and a few hundred customers.
        let mut stmt = self.conn.prepare_cached(
            "SELECT customer FROM jobs WHERE customer > ?1 COLLATE NOCASE
             ORDER BY customer COLLATE NOCASE LIMIT 1",
        )?;
        let mut out: Vec<String> = Vec::new();
        while out.len() < CUSTOMERS_MAX {
            let after = out.last().map_or("", String::as_str);
            let Some(next) = stmt.query_row([after], |r| r.get::<_, String>(0)).optional()? else {
                break;
            };
            out.push(next);
        }
        Ok(out)
    }

    /// The technicians not retired, by name.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot be read.
    pub fn technicians(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM technicians WHERE active = 1 ORDER BY name")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
