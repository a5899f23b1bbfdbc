//! The two ways a job row is first written, shared by single actions and the bulk
//! writer so both bind exactly the same columns.

use rusqlite::{Connection, Statement, params};

use super::StoreError;
use slawatch_core::job::Job;

/// The id SQLite gives the next job logged: one past the largest (read from the end of
/// the table's b-tree).
pub(crate) fn next_job_id(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM jobs", [], |r| r.get(0))?)
}

/// A newly logged job: SQLite picks the id, the state is the fresh one.
pub(crate) const INSERT_NEW: &str =
    "INSERT INTO jobs (customer, contract, priority, type, asset, site, summary, technician, status,
                   created_at, created_by, tier, windows, policy_hash, clock_log, last_event_at, event_count)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9, ?10, ?11, ?12, ?13, '[]', ?9, 1)";

/// Runs a statement of [`INSERT_NEW`] for `r` (its id is ignored).
pub(crate) fn insert_new(stmt: &mut Statement<'_>, r: &Job) -> Result<(), StoreError> {
    stmt.execute(params![
        r.customer,
        r.contract,
        r.priority,
        r.job_type,
        r.asset,
        r.site,
        r.summary,
        r.technician,
        r.created_at,
        r.created_by.as_str(),
        r.tier,
        r.windows.as_str(),
        r.policy_hash.as_str()
    ])?;
    Ok(())
}

/// A finished job with its id (bulk loads write each job once, after its events).
pub(crate) const INSERT_ROW: &str =
    "INSERT INTO jobs (id, customer, contract, priority, type, asset, site, summary, technician, status,
     created_at, created_by, responded_at, attended_at, resolved_at, paused_at, pause_reason,
     escalation_level, escalated_at, escalated_by, acked_level, tier, windows, policy_hash, clock_log,
     last_event_at, event_count, acked_by, acked_at)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
     ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)";

/// Runs a statement of [`INSERT_ROW`] for `r`, whose clock log is already encoded as `log`.
pub(crate) fn insert_row(stmt: &mut Statement<'_>, r: &Job, log: &str) -> Result<(), StoreError> {
    stmt.execute(params![
        r.id,
        r.customer,
        r.contract,
        r.priority,
        r.job_type,
        r.asset,
        r.site,
        r.summary,
        r.technician,
        r.status.name(),
        r.created_at,
        r.created_by.as_str(),
        r.responded_at,
        r.attended_at,
        r.resolved_at,
        r.paused_at,
        r.pause_reason,
        r.escalation_level,
        r.escalated_at,
        r.escalated_by,
        r.acked_level,
        r.tier,
        r.windows.as_str(),
        r.policy_hash.as_str(),
        log,
        r.last_event_at,
        r.event_count,
        r.acked_by,
        r.acked_at
    ])?;
    Ok(())
}
