//! Reads: one job, its events, the open queue, jobs by range.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use super::events::{COLUMNS as EVENT_COLUMNS, from_row as event_from_row};
use super::{Store, StoreError};
use slawatch_core::job::EventRow;
use slawatch_core::job::Job;
use slawatch_core::shared::Interner;

pub(super) use super::job_read::{FULL, JOB_COLUMNS, fill_job, job_from_row};
use super::job_read::{LEAN, LEAN_COLUMNS};

pub(crate) fn load_job(conn: &Connection, id: i64) -> Result<Option<Job>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?1"))?
        .query_row([id], job_from_row)
        .optional()?)
}

/// Which jobs to read.
#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    /// Only jobs in the queue: open or paused (not resolved, not cancelled).
    pub open_only: bool,
    pub customer: Option<String>,
    pub contract: Option<String>,
    pub technician: Option<String>,
    /// How `customer`, `contract` and `technician` match.
    pub names: NameMatch,
    /// `created_at >= from`.
    pub from: Option<i64>,
    /// `created_at < to`.
    pub to: Option<i64>,
    /// `lo <= id < hi`: to read a large set in parts, in parallel.
    pub ids: Option<(i64, i64)>,
    /// Only what judging the clocks needs: summary, site, who logged it, the pause
    /// reason and the windows text come back empty (a report reads a million rows).
    pub lean: bool,
}

/// How a [`JobFilter`]'s names match, ignoring ASCII case either way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NameMatch {
    /// The whole name (reports: `acme` must not add up two customers).
    #[default]
    Whole,
    /// Any part of it, as the dashboard's `/` (list).
    Part,
}

/// The SQL (and its arguments) reading the jobs of `filter`.
fn job_query(filter: &JobFilter) -> (String, Vec<SqlValue>) {
    // Open jobs are a small share of a store: read them through their partial
    // index (the planner has no statistics to choose it by itself).
    let columns = if filter.lean { LEAN_COLUMNS } else { JOB_COLUMNS };
    let mut sql = if filter.open_only {
        format!("SELECT {columns} FROM jobs INDEXED BY jobs_open WHERE status IN ('open', 'paused')")
    } else {
        format!("SELECT {columns} FROM jobs WHERE 1 = 1")
    };
    let mut args: Vec<SqlValue> = Vec::new();
    let mut text = |col: &str, v: &Option<String>, sql: &mut String| {
        if let Some(v) = v {
            args.push(SqlValue::Text(v.trim().to_owned()));
            let n = args.len();
            // instr, not LIKE: a `%` or `_` typed is a letter, not a pattern.
            sql.push_str(&match filter.names {
                NameMatch::Whole => format!(" AND {col} = ?{n} COLLATE NOCASE"),
                NameMatch::Part => format!(" AND instr(lower({col}), lower(?{n})) > 0"),
            });
        }
    };
    text("customer", &filter.customer, &mut sql);
    text("contract", &filter.contract, &mut sql);
    text("technician", &filter.technician, &mut sql);
    if let Some(f) = filter.from {
        args.push(SqlValue::Integer(f));
        sql.push_str(&format!(" AND created_at >= ?{}", args.len()));
    }
    if let Some(t) = filter.to {
        args.push(SqlValue::Integer(t));
        sql.push_str(&format!(" AND created_at < ?{}", args.len()));
    }
    if let Some((lo, hi)) = filter.ids {
        args.push(SqlValue::Integer(lo));
        args.push(SqlValue::Integer(hi));
        sql.push_str(&format!(
            " AND id >= ?{} AND id < ?{}",
            args.len() - 1,
            args.len()
        ));
    }
    // The open-jobs index is keyed by id: its rows come in id order already.
    if !filter.open_only {
        sql.push_str(" ORDER BY id");
    }
    (sql, args)
}

impl Store {
    /// One job.
    ///
    /// # Errors
    /// [`StoreError::NoSuchJob`] when there is none with this id.
    pub fn job(&self, id: i64) -> Result<Job, StoreError> {
        load_job(&self.conn, id)?.ok_or(StoreError::NoSuchJob(id))
    }

    /// Every `revoked` event, oldest first (through their own small index).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn revocations(&self) -> Result<Vec<EventRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events INDEXED BY events_revoked WHERE kind = 'revoked' ORDER BY id"
        ))?;
        let rows = stmt.query_map([], event_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The events of one job, oldest first.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn events_of(&self, job: i64) -> Result<Vec<EventRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE job = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([job], event_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Hands each event with `from <= at < to` (all when `None`) to `f` in log order,
    /// holding none; stops at the first error `f` returns.
    ///
    /// # Errors
    /// SQLite errors, or `f`'s.
    pub fn try_scan_events<E: From<StoreError>>(
        &self,
        from: Option<i64>,
        to: Option<i64>,
        mut f: impl FnMut(&EventRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE at >= ?1 AND at < ?2 ORDER BY id"
            ))
            .map_err(StoreError::from)?;
        let mut rows = stmt
            .query([from.unwrap_or(i64::MIN), to.unwrap_or(i64::MAX)])
            .map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            f(&event_from_row(r).map_err(StoreError::from)?)?;
        }
        Ok(())
    }

    /// Jobs matching `filter`, by id.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn jobs(&self, filter: &JobFilter) -> Result<Vec<Job>, StoreError> {
        let mut out = Vec::new();
        self.each_job(filter, |j| out.push(j))?;
        Ok(out)
    }

    /// Hands each job matching `filter` to `f` as it is read, holding none.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn each_job(&self, filter: &JobFilter, mut f: impl FnMut(Job)) -> Result<(), StoreError> {
        let (sql, args) = job_query(filter);
        let layout = if filter.lean { &LEAN } else { &FULL };
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args))?;
        let mut names = Interner::default();
        while let Some(r) = rows.next()? {
            let mut job = Job::default();
            fill_job(r, layout, &mut job, &mut names)?;
            f(job);
        }
        Ok(())
    }

    /// Like [`Store::each_job`], but every job is read into the same row, lent to `f`:
    /// a report over a million jobs neither holds them nor allocates each one afresh.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn scan_jobs(&self, filter: &JobFilter, mut f: impl FnMut(&Job)) -> Result<(), StoreError> {
        self.try_scan_jobs(filter, |job| {
            f(job);
            Ok::<_, StoreError>(())
        })
    }

    /// Like [`Store::scan_jobs`], but stops at the first error `f` returns (an export
    /// whose reader went away).
    ///
    /// # Errors
    /// SQLite errors, or `f`'s.
    pub fn try_scan_jobs<E: From<StoreError>>(
        &self,
        filter: &JobFilter,
        mut f: impl FnMut(&Job) -> Result<(), E>,
    ) -> Result<(), E> {
        let (sql, args) = job_query(filter);
        let layout = if filter.lean { &LEAN } else { &FULL };
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows = stmt.query(params_from_iter(args)).map_err(StoreError::from)?;
        let mut job = Job::default();
        let mut names = Interner::default();
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            fill_job(r, layout, &mut job, &mut names).map_err(StoreError::from)?;
            f(&job)?;
        }
        Ok(())
    }

    /// Id ranges `[lo, hi)` that split all jobs into `parts` shares of about equal width.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn id_ranges(&self, parts: usize) -> Result<Vec<(i64, i64)>, StoreError> {
        self.id_ranges_of("jobs", parts)
    }

    /// [`Store::id_ranges`] of `table` (`jobs` or `events`).
    pub(crate) fn id_ranges_of(
        &self,
        table: &'static str,
        parts: usize,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let (lo, hi): (Option<i64>, Option<i64>) = self.conn.query_row(
            // Two subqueries: SQLite answers a lone min() or max() from the end of the
            // table's b-tree, but both in one SELECT scan the whole table.
            &format!("SELECT (SELECT min(id) FROM {table}), (SELECT max(id) FROM {table})"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (Some(lo), Some(hi)) = (lo, hi) else {
            return Ok(Vec::new());
        };
        let parts = i64::try_from(parts.max(1)).unwrap_or(1);
        let step = ((hi - lo + 1) / parts).max(1);
        let mut out = Vec::new();
        let mut start = lo;
        while start <= hi {
            let end = if out.len() as i64 == parts - 1 {
                hi + 1
            } else {
                (start + step).min(hi + 1)
            };
            out.push((start, end));
            start = end;
        }
        Ok(out)
    }

    /// The id of the newest event (0 for an empty store).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn last_event_id(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))?)
    }

    /// The jobs touched by events after `after` (an event id), and the newest event id:
    /// what a reader must reload to be current.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn changed_since(&self, after: i64) -> Result<(i64, Vec<Job>), StoreError> {
        // Newest first, then the jobs up to it: a commit in between is seen next time.
        let newest = self.last_event_id()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT job FROM events WHERE id > ?1 AND id <= ?2 ORDER BY job")?;
        let ids: Vec<i64> = stmt
            .query_map([after, newest], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut jobs = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(j) = load_job(&self.conn, id)? {
                jobs.push(j);
            }
        }
        Ok((newest, jobs))
    }

    /// Id ranges that split the open jobs into `parts` about equal shares.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn open_id_ranges(&self, parts: usize) -> Result<Vec<(i64, i64)>, StoreError> {
        let open: i64 = self.conn.query_row(
            "SELECT count(*) FROM jobs INDEXED BY jobs_open WHERE status IN ('open', 'paused')",
            [],
            |r| r.get(0),
        )?;
        let parts = i64::try_from(parts.max(1)).unwrap_or(1);
        let mut cuts = vec![i64::MIN];
        for k in 1..parts {
            let cut: Option<i64> = self
                .conn
                .query_row(
                    "SELECT id FROM jobs INDEXED BY jobs_open WHERE status IN ('open', 'paused') ORDER BY id LIMIT 1 OFFSET ?1",
                    [open * k / parts],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(c) = cut.filter(|c| cuts.last().is_some_and(|l| c > l)) {
                cuts.push(c);
            }
        }
        cuts.push(i64::MAX);
        Ok(cuts.windows(2).map(|w| (w[0], w[1])).collect())
    }

    /// Number of jobs and events.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn counts(&self) -> Result<(i64, i64), StoreError> {
        let jobs = self
            .conn
            .query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))?;
        let events = self
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
        Ok((jobs, events))
    }

    /// Number of jobs logged by anyone but `actor` (demo data asks: are all jobs mine?).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn jobs_not_logged_by(&self, actor: &str) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM jobs WHERE created_by <> ?1", [actor], |r| {
                r.get(0)
            })?)
    }
}
