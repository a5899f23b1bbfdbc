//! `verify`: the hash chain is intact and `jobs` agrees with the events.

use serde_json::Value;

use super::events::{COLUMNS, EventRow, GENESIS, event_hash, from_row};
use super::model::JobRow;
use super::queries::load_job;
use super::{Store, StoreError};

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

/// The fields of a job that its events determine, rebuilt from them.
#[derive(Debug, Default, PartialEq, Eq)]
struct Replay {
    status: String,
    priority: String,
    technician: Option<String>,
    responded_at: Option<i64>,
    attended_at: Option<i64>,
    resolved_at: Option<i64>,
    paused_at: Option<i64>,
    pause_reason: Option<String>,
    escalation_level: i64,
    escalated_by: Option<String>,
    acked_level: i64,
    last_event_at: i64,
    event_count: i64,
    /// (kind, at) of the clock-relevant events.
    clock_log: Vec<(String, i64)>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn step(r: &mut Replay, e: &EventRow) {
    // An alert is a notice about the job, not a change to it: the row does not count it.
    if e.kind == "alert" {
        return;
    }
    let d: Value = serde_json::from_str(&e.data).unwrap_or(Value::Null);
    r.event_count += 1;
    r.last_event_at = e.at;
    let clock = matches!(
        e.kind.as_str(),
        "responded" | "attended" | "resolved" | "reopened" | "paused" | "resumed" | "reprioritized"
    );
    if clock {
        r.clock_log.push((e.kind.clone(), e.at));
    }
    match e.kind.as_str() {
        "created" => {
            r.status = "open".to_owned();
            r.priority = text(&d, "priority").unwrap_or_default();
            r.technician = text(&d, "technician");
        }
        "responded" => r.responded_at = Some(e.at),
        "attended" => {
            r.attended_at = Some(e.at);
            r.responded_at.get_or_insert(e.at);
        }
        "resolved" => {
            r.resolved_at = Some(e.at);
            r.responded_at.get_or_insert(e.at);
            r.attended_at.get_or_insert(e.at);
            r.status = "resolved".to_owned();
            r.paused_at = None;
            r.pause_reason = None;
        }
        "reopened" => {
            r.status = "open".to_owned();
            r.resolved_at = None;
        }
        "paused" => {
            r.status = "paused".to_owned();
            r.paused_at = Some(e.at);
            r.pause_reason = text(&d, "reason");
        }
        "resumed" => {
            r.status = "open".to_owned();
            r.paused_at = None;
            r.pause_reason = None;
        }
        "assigned" => r.technician = text(&d, "to"),
        "reprioritized" => r.priority = text(&d, "to").unwrap_or_default(),
        "escalated" => {
            r.escalation_level = d.get("level").and_then(Value::as_i64).unwrap_or(0);
            r.escalated_by = Some(e.actor.clone());
        }
        "acknowledged" => r.acked_level = d.get("level").and_then(Value::as_i64).unwrap_or(0),
        _ => {}
    }
}

fn projected(j: &JobRow) -> Replay {
    Replay {
        status: j.status.clone(),
        priority: j.priority.clone(),
        technician: j.technician.clone(),
        responded_at: j.responded_at,
        attended_at: j.attended_at,
        resolved_at: j.resolved_at,
        paused_at: j.paused_at,
        pause_reason: j.pause_reason.clone(),
        escalation_level: j.escalation_level,
        escalated_by: j.escalated_by.clone(),
        acked_level: j.acked_level,
        last_event_at: j.last_event_at,
        event_count: j.event_count,
        clock_log: j.clock_log.iter().map(|c| (c.k.to_string(), c.at)).collect(),
    }
}

impl Store {
    /// Checks the whole chain (stopping at the first broken link) and every job's
    /// projection against its events.
    ///
    /// # Errors
    /// SQLite errors (a file too damaged to read).
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        let mut report = VerifyReport::default();
        let mut prev = GENESIS.to_owned();
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM events ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let e = from_row(row)?;
            report.events += 1;
            let problem = if e.prev_hash != prev {
                Some(
                    "its prev_hash does not match the event before it (an event was removed, inserted or reordered)",
                )
            } else if event_hash(
                &e.prev_hash,
                e.job,
                &e.kind,
                e.at,
                e.recorded_at,
                &e.actor,
                &e.data,
            ) != e.hash
            {
                Some("its content does not match its hash (the event was edited)")
            } else {
                None
            };
            if let Some(p) = problem {
                report.problems.push(VerifyProblem {
                    event: Some(e.id),
                    job: Some(e.job),
                    message: format!("event {} (job {}, {}): {p}", e.id, e.job, e.kind),
                });
                break;
            }
            prev = e.hash;
        }
        drop(rows);

        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM events ORDER BY job, id"))?;
        let mut rows = stmt.query([])?;
        let mut current: Option<(i64, Replay)> = None;
        let finish = |report: &mut VerifyReport, job: i64, r: Replay| -> Result<(), StoreError> {
            report.jobs += 1;
            match load_job(&self.conn, job)? {
                None => report.problems.push(VerifyProblem {
                    event: None,
                    job: Some(job),
                    message: format!("job {job} has events but no row in jobs"),
                }),
                Some(j) => {
                    let p = projected(&j);
                    if p != r {
                        report.problems.push(VerifyProblem {
                            event: None,
                            job: Some(job),
                            message: format!(
                                "job {job}: the jobs row disagrees with its events (row: {p:?}; events say: {r:?})"
                            ),
                        });
                    }
                }
            }
            Ok(())
        };
        while let Some(row) = rows.next()? {
            let e = from_row(row)?;
            match &mut current {
                Some((job, r)) if *job == e.job => step(r, &e),
                _ => {
                    if let Some((job, r)) = current.take() {
                        finish(&mut report, job, r)?;
                    }
                    let mut r = Replay::default();
                    step(&mut r, &e);
                    current = Some((e.job, r));
                }
            }
        }
        if let Some((job, r)) = current.take() {
            finish(&mut report, job, r)?;
        }
        drop(rows);
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
}
