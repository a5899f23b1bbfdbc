//! `verify`: the hash chain is intact and `jobs` agrees with the events.

use super::events::{COLUMNS, GENESIS, event_hash, from_row};
use super::model::JobRow;
use super::queries::load_job;
use super::replay::{differences, normalised, step};
use super::{Store, StoreError, by_shares, cores};

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyProblem {
    pub event: Option<i64>,
    pub job: Option<i64>,
    pub message: String,
}

/// What `verify` checked and found.
#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    pub events: i64,
    pub jobs: i64,
    pub problems: Vec<VerifyProblem>,
}

impl VerifyReport {
    #[must_use]
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What one share of the chain check found: its first event's link, its last hash,
/// and how far it got.
struct ChainShare {
    /// (id, job, kind, prev_hash) of the share's first event: its link to the share
    /// before is checked when the shares are put together.
    first: Option<(i64, i64, String, String)>,
    last_hash: Option<String>,
    /// Events checked, up to and including the first bad one.
    checked: i64,
    problem: Option<VerifyProblem>,
}

fn chain_problem(id: i64, job: i64, kind: &str, what: &str) -> VerifyProblem {
    VerifyProblem {
        event: Some(id),
        job: Some(job),
        message: format!("event {id} (job {job}, {kind}): {what}"),
    }
}

const RELINKED: &str =
    "its prev_hash does not match the event before it (an event was removed, inserted or reordered)";

impl Store {
    /// Checks the whole chain (stopping at the first broken link) and every job's
    /// projection against its events. Both passes run in one share per core, each on
    /// its own connection: a million jobs' events are read twice.
    ///
    /// # Errors
    /// SQLite errors (a file too damaged to read).
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        // Its own queries read whole tables too: through the page cache, not a map.
        self.stream_reads()?;
        let mut report = VerifyReport::default();
        let ranges = self.id_ranges_of("events", cores())?;
        let shares = by_shares(&self.path, ranges, |store, range| store.chain_share(range))?;
        let mut prev = GENESIS.to_owned();
        for share in shares {
            if let Some((id, job, kind, first_prev)) = &share.first
                && *first_prev != prev
            {
                report.events += 1;
                report.problems.push(chain_problem(*id, *job, kind, RELINKED));
                break;
            }
            report.events += share.checked;
            if let Some(p) = share.problem {
                report.problems.push(p);
                break;
            }
            if let Some(h) = share.last_hash {
                prev = h;
            }
        }

        let ranges = self.id_ranges(cores())?;
        for (jobs, problems) in by_shares(&self.path, ranges, |store, range| store.projection_share(range))? {
            report.jobs += jobs;
            report.problems.extend(problems);
        }
        let orphans: i64 = self.conn.query_row(
            "SELECT count(*) FROM jobs WHERE NOT EXISTS (SELECT 1 FROM events WHERE events.job = jobs.id)",
            [],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            report.problems.push(VerifyProblem {
                event: None,
                job: None,
                message: format!("{orphans} job rows have no events (their `created` event was removed)"),
            });
        }
        Ok(report)
    }

    /// The chain check of the events with ids in `[lo, hi)`.
    fn chain_share(&self, (lo, hi): (i64, i64)) -> Result<ChainShare, StoreError> {
        self.stream_reads()?;
        let mut share = ChainShare {
            first: None,
            last_hash: None,
            checked: 0,
            problem: None,
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM events WHERE id >= ?1 AND id < ?2 ORDER BY id"
        ))?;
        let mut rows = stmt.query([lo, hi])?;
        while let Some(row) = rows.next()? {
            let e = from_row(row)?;
            share.checked += 1;
            let problem = match &share.last_hash {
                None => {
                    share.first = Some((e.id, e.job, e.kind.clone(), e.prev_hash.clone()));
                    None
                }
                Some(prev) if e.prev_hash != *prev => Some(RELINKED),
                Some(_) => None,
            }
            .or_else(|| {
                (event_hash(
                    &e.prev_hash,
                    e.job,
                    &e.kind,
                    e.at,
                    e.recorded_at,
                    &e.actor,
                    &e.data,
                ) != e.hash)
                    .then_some("its content does not match its hash (the event was edited)")
            });
            if let Some(p) = problem {
                share.problem = Some(chain_problem(e.id, e.job, &e.kind, p));
                break;
            }
            share.last_hash = Some(e.hash);
        }
        Ok(share)
    }

    /// The projection check of the jobs with ids in `[lo, hi)`: how many have events,
    /// and the problems found.
    fn projection_share(&self, (lo, hi): (i64, i64)) -> Result<(i64, Vec<VerifyProblem>), StoreError> {
        self.stream_reads()?;
        let mut jobs = 0;
        let mut problems = Vec::new();
        let mut finish = |job: i64, r: JobRow| -> Result<(), StoreError> {
            jobs += 1;
            match load_job(&self.conn, job)? {
                None => problems.push(VerifyProblem {
                    event: None,
                    job: Some(job),
                    message: format!("job {job} has events but no row in jobs"),
                }),
                Some(row) => {
                    let replayed = normalised(JobRow { id: job, ..r });
                    let row = normalised(row);
                    if row != replayed {
                        problems.push(VerifyProblem {
                            event: None,
                            job: Some(job),
                            message: format!(
                                "job {job}: the jobs row disagrees with its events (row → events say): {}",
                                differences(&row, &replayed).join("; ")
                            ),
                        });
                    }
                }
            }
            Ok(())
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM events WHERE job >= ?1 AND job < ?2 ORDER BY job, id"
        ))?;
        let mut rows = stmt.query([lo, hi])?;
        let mut current: Option<(i64, JobRow)> = None;
        while let Some(row) = rows.next()? {
            let e = from_row(row)?;
            match &mut current {
                Some((job, r)) if *job == e.job => step(r, &e),
                _ => {
                    if let Some((job, r)) = current.take() {
                        finish(job, r)?;
                    }
                    let mut r = JobRow::default();
                    step(&mut r, &e);
                    current = Some((e.job, r));
                }
            }
        }
        if let Some((job, r)) = current.take() {
            finish(job, r)?;
        }
        Ok((jobs, problems))
    }
}
