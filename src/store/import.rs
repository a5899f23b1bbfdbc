//! Logging many jobs at once, in batched transactions; bad rows are reported, good
//! rows kept.

use rusqlite::TransactionBehavior;

use super::actions::{NewJob, insert, prepare};
use super::events::head;
use super::{Store, StoreError};
use crate::policy::Policy;

/// A row that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RejectedRow {
    /// Line number in the input file (1-based).
    pub line: usize,
    pub reason: String,
}

/// The result of an import.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportReport {
    pub imported: usize,
    pub first_id: Option<i64>,
    pub last_id: Option<i64>,
    pub rejected: Vec<RejectedRow>,
}

/// Rows per transaction: big enough to be fast, small enough that a crash loses little.
const BATCH: usize = 20_000;

impl Store {
    /// Logs every valid row; each invalid one is reported with its line and reason.
    ///
    /// # Errors
    /// Only store failures; bad rows are in the report.
    pub fn import(
        &mut self,
        policy: &Policy,
        rows: impl IntoIterator<Item = (usize, Result<NewJob, String>)>,
        actor: &str,
        now: i64,
    ) -> Result<ImportReport, StoreError> {
        let mut report = ImportReport::default();
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut h = head(&tx)?;
            for (line, row) in rows.by_ref().take(BATCH) {
                let prepared = row.and_then(|job| {
                    prepare(policy, &job, actor, now).map_err(|e| match e {
                        StoreError::Refused(m) => m,
                        other => other.to_string(),
                    })
                });
                match prepared {
                    Ok(p) => {
                        let id = insert(&tx, &mut h, &p, now)?;
                        report.first_id.get_or_insert(id);
                        report.last_id = Some(id);
                        report.imported += 1;
                    }
                    Err(reason) => report.rejected.push(RejectedRow { line, reason }),
                }
            }
            tx.commit()?;
        }
        Ok(report)
    }
}
