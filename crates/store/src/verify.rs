//! `verify`: the hash chain is intact and `jobs` agrees with the events.

use super::events::COLUMNS;
use super::fields::{EventRef, read_event};
use super::queries::{FULL, JOB_COLUMNS, fill_job};
use super::{Store, StoreError, by_shares, cores};
use slawatch_core::job::{ChainHead, Job};
use slawatch_core::job::{GENESIS, event_hash};
use slawatch_core::job::{Step, differences, normalised, step};

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
    /// The head of the chain checked, when it is unbroken: what to publish.
    pub head: Option<ChainHead>,
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
        let mut broken = false;
        for share in shares {
            if let Some((id, job, kind, first_prev)) = &share.first
                && *first_prev != prev
            {
                report.events += 1;
                report.problems.push(chain_problem(*id, *job, kind, RELINKED));
                broken = true;
                break;
            }
            report.events += share.checked;
            if let Some(p) = share.problem {
                report.problems.push(p);
                broken = true;
                break;
            }
            if let Some(h) = share.last_hash {
                prev = h;
            }
        }
        if !broken {
            report.head = Some(ChainHead {
                events: report.events,
                hash: prev,
            });
        }

        // Open-ended at both ends: events may name jobs beyond the rows that are left.
        let mut ranges = self.id_ranges(cores())?;
        if ranges.is_empty() {
            ranges.push((i64::MIN, i64::MAX));
        }
        if let Some(first) = ranges.first_mut() {
            first.0 = i64::MIN;
        }
        if let Some(last) = ranges.last_mut() {
            last.1 = i64::MAX;
        }
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
        report.problems.extend(self.trigger_problems()?);
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
        // The text columns are read in place: four million events, no copies.
        let mut last = String::new();
        while let Some(row) = rows.next()? {
            share.checked += 1;
            let EventRef {
                id,
                job,
                kind,
                at,
                recorded_at,
                actor,
                data,
                prev,
                hash,
            } = match read_event(row)? {
                Ok(e) => e,
                Err(p) => {
                    share.problem = Some(p);
                    break;
                }
            };
            let problem = if share.checked == 1 {
                share.first = Some((id, job, kind.to_owned(), prev.to_owned()));
                None
            } else if prev != last {
                Some(RELINKED)
            } else {
                None
            }
            .or_else(|| {
                (event_hash(prev, job, kind, at, recorded_at, actor, data) != hash)
                    .then_some("its content does not match its hash (the event was edited)")
            });
            if let Some(p) = problem {
                share.problem = Some(chain_problem(id, job, kind, p));
                break;
            }
            last.clear();
            last.push_str(hash);
        }
        if share.checked > 0 && share.problem.is_none() {
            share.last_hash = Some(last);
        }
        Ok(share)
    }

    /// The projection check of the jobs with ids in `[lo, hi)`: how many have events,
    /// and the problems found.
    fn projection_share(&self, (lo, hi): (i64, i64)) -> Result<(i64, Vec<VerifyProblem>), StoreError> {
        self.stream_reads()?;
        let mut jobs = 0;
        let mut problems = Vec::new();
        // The stored rows are read alongside, both in job order (a merge), instead of
        // one lookup per job.
        let mut stored_stmt = self.conn.prepare(&format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE id >= ?1 AND id < ?2 ORDER BY id"
        ))?;
        let mut stored_rows = stored_stmt.query([lo, hi])?;
        let mut stored: Option<Job> = None;
        let mut names = slawatch_core::shared::Interner::default();
        let mut finish = |job: i64, r: Job| -> Result<(), StoreError> {
            jobs += 1;
            // Rows before this job have no events: the orphan count reports them.
            while stored.as_ref().is_none_or(|s| s.id < job) {
                let Some(row) = stored_rows.next()? else {
                    stored = None;
                    break;
                };
                let mut next = stored.take().unwrap_or_default();
                fill_job(row, &FULL, &mut next, &mut names)?;
                stored = Some(next);
            }
            match stored.take_if(|s| s.id == job) {
                None => problems.push(VerifyProblem {
                    event: None,
                    job: Some(job),
                    message: format!("job {job} has events but no row in jobs"),
                }),
                Some(row) => {
                    let replayed = normalised(Job { id: job, ..r });
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
        // The events a `revoked` event takes back are replayed as counted, not applied.
        let revoked: std::collections::HashSet<i64> = {
            let mut stmt = self
                .conn
                .prepare("SELECT data FROM events INDEXED BY events_revoked WHERE kind = 'revoked' AND job >= ?1 AND job < ?2")?;
            let rows = stmt.query_map([lo, hi], |r| r.get::<_, String>(0))?;
            let mut set = std::collections::HashSet::new();
            for data in rows {
                set.extend(slawatch_core::job::revoke::target_of(&data?));
            }
            set
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM events WHERE job >= ?1 AND job < ?2 ORDER BY job, id"
        ))?;
        let mut rows = stmt.query([lo, hi])?;
        let mut current: Option<(i64, Job)> = None;
        while let Some(row) = rows.next()? {
            // A malformed event is named by the chain pass; here it is left out.
            let Ok(ev) = read_event(row)? else { continue };
            let job = ev.job;
            let e = Step {
                kind: ev.kind,
                at: ev.at,
                actor: ev.actor,
                data: ev.data,
                revoked: !revoked.is_empty() && revoked.contains(&ev.id),
            };
            match &mut current {
                Some((j, r)) if *j == job => step(r, &e),
                _ => {
                    if let Some((j, r)) = current.take() {
                        finish(j, r)?;
                    }
                    let mut r = Job::default();
                    step(&mut r, &e);
                    current = Some((job, r));
                }
            }
        }
        if let Some((job, r)) = current.take() {
            finish(job, r)?;
        }
        Ok((jobs, problems))
    }
}
