//! Logging many jobs at once, in batched transactions; bad rows are reported, good
//! rows kept.

use rusqlite::TransactionBehavior;

use super::bulk::{Rows, Writer, likely_start};
use super::pipe::pipelined;
use super::{Store, StoreError};
use slawatch_core::job::EventKind;
use slawatch_core::job::{Hex, event_hash_hex};
use slawatch_core::job::{JobError, NewJob, Prepared, prepare};
use slawatch_core::policy::Policy;

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

/// A prepared job with its `created` event hashed ahead, on the preparing thread, for
/// the id and chain head the writer will most likely find.
struct Ahead {
    job: Prepared,
    id: i64,
    /// The head the hash was worked out over, and the hash; none if the store's head
    /// was not a hash this build writes.
    link: Option<(Hex, Hex)>,
}

impl Ahead {
    /// Gives `job` the id `next_id` and hashes its event over `chain`, moving both on.
    fn link(job: Prepared, next_id: &mut i64, chain: Option<&mut Hex>, recorded_at: i64) -> Self {
        let id = *next_id;
        *next_id += 1;
        let link = chain.map(|head| {
            let prev = *head;
            let r = &job.row;
            *head = event_hash_hex(
                prev.as_str(),
                id,
                EventKind::Created.name(),
                r.created_at,
                recorded_at,
                &r.created_by,
                &job.data,
            );
            (prev, *head)
        });
        Self { job, id, link }
    }

    /// The hash worked out ahead, if it holds for the job SQLite numbered `id` on the
    /// chain whose head is `head`: nobody else wrote since the import began.
    fn hash_if(&self, id: i64, head: &str) -> Option<&Hex> {
        self.link
            .as_ref()
            .filter(|(prev, _)| id == self.id && prev.as_str() == head)
            .map(|(_, hash)| hash)
    }
}

impl Store {
    /// Logs every valid row; each invalid one is reported with its line and reason.
    ///
    /// # Errors
    /// Only store failures; bad rows are in the report.
    pub fn import(
        &mut self,
        policy: &Policy,
        rows: impl IntoIterator<Item = (usize, Result<NewJob, String>), IntoIter: Send>,
        actor: &str,
        now: i64,
    ) -> Result<ImportReport, StoreError> {
        let mut report = ImportReport::default();
        let mut done_line = 0;
        self.import_into(&mut report, &mut done_line, policy, rows, actor, now)
            .map_err(|e| match e.at(&self.path) {
                // Whole batches before the failure are committed: say how far it got.
                e if report.imported > 0 => StoreError::ImportStopped {
                    imported: report.imported,
                    last_id: report.last_id.unwrap_or_default(),
                    line: done_line,
                    reason: Box::new(e),
                },
                e => e,
            })?;
        Ok(report)
    }

    fn import_into(
        &mut self,
        report: &mut ImportReport,
        done_line: &mut usize,
        policy: &Policy,
        rows: impl IntoIterator<Item = (usize, Result<NewJob, String>), IntoIter: Send>,
        actor: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        // Validation, matching, the event data and the event's hash are pure: a thread
        // of their own does them while this one writes. The hash needs the job's id and
        // the chain head: those the import will most likely start from, checked by the
        // writer for every job (see [`Ahead`]).
        let (mut next_id, mut chain) = likely_start(&self.conn)?;
        let prepared = rows.into_iter().map(move |(line, row)| {
            let p = row.and_then(|job| {
                prepare(policy, &job, actor, now).map_err(|e| match e {
                    JobError::Refused(m) | JobError::Forbidden(m) => m,
                    other @ JobError::Match(_) => other.to_string(),
                })
            });
            (line, p.map(|p| Ahead::link(p, &mut next_id, chain.as_mut(), now)))
        });
        self.bulk_load(|conn, checkpoints| {
            pipelined(prepared, |feed| {
                while feed.has_more() {
                    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                    let mut w = Writer::new(&tx, &Rows::New, now)?;
                    let mut batch = ImportReport::default();
                    let mut batch_line = *done_line;
                    for _ in 0..BATCH {
                        let Some(item) = feed.next() else { break };
                        let (line, prepared) = item?;
                        batch_line = line;
                        match prepared {
                            Ok(a) => {
                                let (r, data) = (&a.job.row, &a.job.data);
                                if let Some(t) = &r.technician {
                                    w.technician(t, r.created_at)?;
                                }
                                let id = w.new_job(r)?;
                                match a.hash_if(id, w.head()) {
                                    Some(hash) => w.hashed_event(
                                        id,
                                        EventKind::Created,
                                        r.created_at,
                                        &r.created_by,
                                        data,
                                        hash,
                                    )?,
                                    None => {
                                        w.event(id, EventKind::Created, r.created_at, &r.created_by, data)?
                                    }
                                }
                                batch.first_id.get_or_insert(id);
                                batch.last_id = Some(id);
                                batch.imported += 1;
                                feed.recycle((line, Ok(a)));
                            }
                            Err(reason) => batch.rejected.push(RejectedRow { line, reason }),
                        }
                    }
                    drop(w);
                    tx.commit()?;
                    checkpoints.committed();
                    // Counted once committed: the report of a failed import tells only what stays.
                    report.first_id = report.first_id.or(batch.first_id);
                    report.last_id = batch.last_id.or(report.last_id);
                    report.imported += batch.imported;
                    report.rejected.extend(batch.rejected);
                    *done_line = batch_line;
                }
                Ok(())
            })
        })
    }
}
