//! Reads for replaying history (the forecast): every job, lean, and who reassigned jobs
//! were assigned to over time.

use rusqlite::params;
use serde::Deserialize;

use super::{Store, StoreError};
use slawatch_core::job::EventKind;
use slawatch_core::job::JobStatus;
use slawatch_core::job::{ClockEntry, ClockText, Job};

/// What the forecast's history needs of a job: its tier key, its steps, and for a
/// re-prioritised job what matching the tier again takes.
const LEAN_COLUMNS: &str = "id, type, created_at, responded_at, attended_at, resolved_at, tier, clock_log,
    customer, contract, priority, asset";

/// A clock log entry without the outcomes of the clocks it stopped: serde skips them
/// without allocating.
#[derive(Deserialize)]
struct LeanEntry {
    k: EventKind,
    at: i64,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default, rename = "type")]
    job_type: Option<String>,
    #[serde(default)]
    from_priority: Option<String>,
    #[serde(default)]
    from_type: Option<String>,
}

/// The log of a job that was only responded to, attended and resolved (each once),
/// rebuilt from the step columns: the columns hold each clock's first stop (attending
/// also fills a missing response, resolving a missing response and visit), so a step
/// is logged when it came strictly before the next one. Equal instants drop the earlier
/// step, which the forecast treats alike (a stage lasting no time is not a stage).
fn steps_from_columns(
    responded: Option<i64>,
    attended: Option<i64>,
    resolved: Option<i64>,
) -> Vec<ClockEntry> {
    let before = |a: Option<i64>, b: Option<i64>| a.filter(|&a| b.is_none_or(|b| a < b));
    let mut log = Vec::with_capacity(3);
    if let Some(t) = before(responded, attended.or(resolved)) {
        log.push(ClockEntry::new(EventKind::Responded, t));
    }
    if let Some(t) = before(attended, resolved) {
        log.push(ClockEntry::new(EventKind::Attended, t));
    }
    if let Some(t) = resolved {
        log.push(ClockEntry::new(EventKind::Resolved, t));
    }
    log
}

/// Only these kinds need the log itself; the rest is in the step columns.
fn needs_log(raw: &str) -> bool {
    ["\"paused\"", "\"resumed\"", "\"reopened\"", "\"reprioritized\""]
        .iter()
        .any(|k| raw.contains(k))
}

fn lean_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Job> {
    let (responded_at, attended_at, resolved_at) = (r.get(3)?, r.get(4)?, r.get(5)?);
    let raw = r.get_ref(7)?.as_str()?;
    // Most jobs were never paused, reopened or re-prioritised: decoding their JSON
    // log would cost more than reading the rest of the row.
    let clock_log = if needs_log(raw) {
        let entries: Vec<LeanEntry> = serde_json::from_str(raw).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e))
        })?;
        entries
            .into_iter()
            .map(|e| {
                ClockEntry::with_text(
                    e.k,
                    e.at,
                    ClockText {
                        reason: e.reason,
                        priority: e.priority,
                        job_type: e.job_type,
                        from_priority: e.from_priority,
                        from_type: e.from_type,
                    },
                )
            })
            .collect()
    } else {
        steps_from_columns(responded_at, attended_at, resolved_at)
    };
    // Matching the tier again is needed only for a re-prioritised job.
    let rematch = clock_log.iter().any(|e| e.k == EventKind::Reprioritized);
    let text = |i: usize| -> rusqlite::Result<String> { if rematch { r.get(i) } else { Ok(String::new()) } };
    let maybe = |i: usize| -> rusqlite::Result<Option<String>> { if rematch { r.get(i) } else { Ok(None) } };
    Ok(Job {
        id: r.get(0)?,
        customer: text(8)?,
        contract: maybe(9)?,
        priority: text(10)?,
        job_type: r.get(1)?,
        asset: maybe(11)?,
        site: None,
        summary: String::new(),
        technician: None,
        status: JobStatus::Open,
        created_at: r.get(2)?,
        created_by: Default::default(),
        responded_at,
        attended_at,
        resolved_at,
        paused_at: None,
        pause_reason: None,
        escalation_level: 0,
        escalated_at: None,
        escalated_by: None,
        acked_level: 0,
        acked_by: None,
        acked_at: None,
        tier: r.get(6)?,
        windows: Default::default(),
        policy_hash: Default::default(),
        clock_log,
        last_event_at: 0,
        event_count: 0,
    })
}

impl Store {
    /// Hands each job with `lo <= id < hi` to `f`, in id order, holding none (cancelled
    /// jobs left out: a duplicate teaches nothing about how long work takes): lean rows
    /// for the forecast's history, which reads every job of the store. Filled: id, type,
    /// created_at, the step instants, tier, and the clock log without the recorded
    /// outcomes; customer, contract, priority and asset only for a re-prioritised job
    /// (to match its tier again). Everything else is left empty. Not for anything that
    /// shows or judges the job.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn each_lean_job(&self, ids: (i64, i64), mut f: impl FnMut(Job)) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LEAN_COLUMNS} FROM jobs WHERE id >= ?1 AND id < ?2 AND status <> 'cancelled' ORDER BY id"
        ))?;
        for row in stmt.query_map(params![ids.0, ids.1], lean_from_row)? {
            f(row?);
        }
        Ok(())
    }

    /// For each job ever reassigned, `(job, since, technician)` from its logging on, in
    /// log order: the technician at logging, then each assignment not revoked since.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn assignment_changes(&self) -> Result<Vec<(i64, i64, Option<String>)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT job, at, kind, data FROM events
             WHERE kind IN ('created', 'assigned')
               AND job IN (SELECT job FROM events WHERE kind = 'assigned')
               AND id NOT IN (SELECT json_extract(data, '$.event') FROM events INDEXED BY events_revoked
                              WHERE kind = 'revoked')
             ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let (job, at, kind, data): (i64, i64, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let d: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
            let field = if EventKind::parse(&kind) == Some(EventKind::Created) {
                "technician"
            } else {
                "to"
            };
            Ok((job, at, d.get(field).and_then(|v| v.as_str()).map(str::to_owned)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
