//! The recently closed jobs (resolved or cancelled) beside the board, so that a
//! dispatcher can still see them, search them by id and reopen one.

use std::collections::HashMap;

use super::Entry;
use crate::job::{Job, JobStatus};
use crate::policy::Policy;

/// How many closed jobs are kept: a day's or a week's work on a busy desk. Older ones
/// come back one at a time when searched for by id.
pub const CLOSED_KEPT: usize = 500;

/// Closed jobs by id, each judged once when it came in (its clocks are stopped).
#[derive(Debug, Default)]
pub struct Closed {
    pub jobs: HashMap<i64, Box<Entry>>,
}

/// When `job` was closed: its resolution, or its last event (a cancel).
#[must_use]
pub fn closed_at(job: &Job) -> i64 {
    match job.status {
        JobStatus::Resolved => job.resolved_at.unwrap_or(job.last_event_at),
        _ => job.last_event_at,
    }
}

impl Closed {
    /// Takes in `row` (resolved or cancelled), dropping the longest-closed job past
    /// [`CLOSED_KEPT`] — never the one just taken in.
    pub fn insert(&mut self, row: Job, policy: &Policy, now: i64) {
        let id = row.id;
        self.jobs.insert(id, Box::new(Entry::judge(row, policy, now)));
        if self.jobs.len() > CLOSED_KEPT
            && let Some(oldest) = self
                .jobs
                .values()
                .filter(|e| e.row.id != id)
                .min_by_key(|e| (closed_at(&e.row), e.row.id))
                .map(|e| e.row.id)
        {
            self.jobs.remove(&oldest);
        }
    }

    /// A job open again (reopened) is no longer closed.
    pub fn remove(&mut self, id: i64) {
        self.jobs.remove(&id);
    }

    /// Judges every kept job again (the policy changed: the tier names may read differently).
    pub fn rejudge_all(&mut self, policy: &Policy, now: i64) {
        for e in self.jobs.values_mut() {
            e.rejudge(policy, now);
        }
    }
}
