//! Reads: one job, its events, the open queue, jobs by range.

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use super::events::{COLUMNS as EVENT_COLUMNS, from_row as event_from_row};
use super::{Store, StoreError};
use slawatch_core::job::EventRow;
use slawatch_core::job::Job;
use slawatch_core::job::JobStatus;
use slawatch_core::shared::{Interner, Shared};

pub(super) const JOB_COLUMNS: &str = "id, customer, contract, priority, type, asset, site, summary, technician, status,
    created_at, created_by, responded_at, attended_at, resolved_at, paused_at, pause_reason, escalation_level,
    escalated_at, escalated_by, acked_level, tier, windows, policy_hash, clock_log, last_event_at, event_count,
    acked_by, acked_at";

pub(super) fn job_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Job> {
    let mut job = Job::default();
    fill_job(r, &FULL, &mut job, &mut Interner::default())?;
    Ok(job)
}

/// Where each field of [`Job`] is in a SELECT, in [`JOB_COLUMNS`]' order: its column,
/// or `None` when that SELECT leaves it out (the field is then empty).
pub(super) type Layout = [Option<usize>; 29];

/// [`JOB_COLUMNS`]: every field, in order.
pub(super) const FULL: Layout = {
    let mut l = [None; 29];
    let mut i = 0;
    while i < 29 {
        l[i] = Some(i);
        i += 1;
    }
    l
};

/// [`LEAN_COLUMNS`]: no site, summary, logger, pause reason, escalator or windows text.
const LEAN: Layout = [
    Some(0),
    Some(1),
    Some(2),
    Some(3),
    Some(4),
    Some(5),
    None,
    None,
    Some(6),
    Some(7),
    Some(8),
    None,
    Some(9),
    Some(10),
    Some(11),
    Some(12),
    None,
    Some(13),
    Some(14),
    None,
    Some(15),
    Some(16),
    None,
    Some(17),
    Some(18),
    Some(19),
    Some(20),
    None,
    None,
];

/// Reads a row laid out as `at` says into `job`, reusing its strings: a scan over a
/// million rows then allocates only where a value outgrows the last one. The texts
/// that rows repeat come from `names`, one copy for all the rows read with it.
pub(super) fn fill_job(
    r: &rusqlite::Row<'_>,
    at: &Layout,
    job: &mut Job,
    names: &mut Interner,
) -> rusqlite::Result<()> {
    fn shared(
        r: &rusqlite::Row<'_>,
        i: Option<usize>,
        dst: &mut Shared,
        names: &mut Interner,
    ) -> rusqlite::Result<()> {
        match i {
            Some(i) => names.put(dst, r.get_ref(i)?.as_str()?),
            None => names.put(dst, ""),
        }
        Ok(())
    }
    fn text(r: &rusqlite::Row<'_>, i: Option<usize>, dst: &mut String) -> rusqlite::Result<()> {
        dst.clear();
        if let Some(i) = i {
            dst.push_str(r.get_ref(i)?.as_str()?);
        }
        Ok(())
    }
    fn opt_text(r: &rusqlite::Row<'_>, i: Option<usize>, dst: &mut Option<String>) -> rusqlite::Result<()> {
        let Some(i) = i else {
            *dst = None;
            return Ok(());
        };
        match r.get_ref(i)? {
            ValueRef::Null => *dst = None,
            v => {
                let s = v.as_str()?;
                match dst {
                    Some(d) => {
                        d.clear();
                        d.push_str(s);
                    }
                    None => *dst = Some(s.to_owned()),
                }
            }
        }
        Ok(())
    }
    fn get<T: rusqlite::types::FromSql + Default>(
        r: &rusqlite::Row<'_>,
        i: Option<usize>,
    ) -> rusqlite::Result<T> {
        i.map_or_else(|| Ok(T::default()), |i| r.get(i))
    }
    match at[24] {
        Some(i) => slawatch_core::job::clock_log::decode_into(r.get_ref(i)?.as_bytes()?, &mut job.clock_log)
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
            })?,
        None => job.clock_log.clear(),
    }
    job.id = get(r, at[0])?;
    text(r, at[1], &mut job.customer)?;
    opt_text(r, at[2], &mut job.contract)?;
    text(r, at[3], &mut job.priority)?;
    opt_text(r, at[4], &mut job.job_type)?;
    opt_text(r, at[5], &mut job.asset)?;
    opt_text(r, at[6], &mut job.site)?;
    text(r, at[7], &mut job.summary)?;
    opt_text(r, at[8], &mut job.technician)?;
    if let Some(i) = at[9] {
        let s = r.get_ref(i)?.as_str()?;
        job.status = JobStatus::parse(s).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                format!("job {}: status `{s}` is not open, paused or resolved", job.id).into(),
            )
        })?;
    }
    job.created_at = get(r, at[10])?;
    shared(r, at[11], &mut job.created_by, names)?;
    job.responded_at = get(r, at[12])?;
    job.attended_at = get(r, at[13])?;
    job.resolved_at = get(r, at[14])?;
    job.paused_at = get(r, at[15])?;
    opt_text(r, at[16], &mut job.pause_reason)?;
    job.escalation_level = get(r, at[17])?;
    job.escalated_at = get(r, at[18])?;
    opt_text(r, at[19], &mut job.escalated_by)?;
    job.acked_level = get(r, at[20])?;
    text(r, at[21], &mut job.tier)?;
    shared(r, at[22], &mut job.windows, names)?;
    shared(r, at[23], &mut job.policy_hash, names)?;
    job.last_event_at = get(r, at[25])?;
    job.event_count = get(r, at[26])?;
    opt_text(r, at[27], &mut job.acked_by)?;
    job.acked_at = get(r, at[28])?;
    Ok(())
}

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

/// [`JOB_COLUMNS`] without the text a report does not need (laid out as [`LEAN`]).
const LEAN_COLUMNS: &str = "id, customer, contract, priority, type, asset, technician, status, created_at,
    responded_at, attended_at, resolved_at, paused_at, escalation_level, escalated_at, acked_level, tier,
    policy_hash, clock_log, last_event_at, event_count";

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
