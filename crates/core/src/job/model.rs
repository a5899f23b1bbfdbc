//! A job as stored: the `jobs` row, and its compact log of clock-relevant events.

use serde::{Deserialize, Serialize};

use super::{EventKind, JobStatus};
use crate::policy::{ClockKind, Policy};
use crate::sla::{
    ClockEvent, ClockEventKind, ClockState, FrozenOutcome, JobInput, JobSla, evaluate_job_frozen,
};

/// The outcome of a clock, written into the event that stopped it so later policy
/// edits never rewrite closed history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub clock: ClockKind,
    pub state: ClockState,
    pub deadline: Option<i64>,
    /// Window in business seconds.
    pub target: i64,
    /// Business seconds taken.
    pub elapsed: i64,
}

/// One clock-relevant event, as kept in `jobs.clock_log` (so listing open jobs
/// needs no join with `events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockEntry {
    pub k: EventKind,
    pub at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub job_type: Option<String>,
    /// For a re-prioritisation: the priority and type it replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_priority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_type: Option<String>,
    /// For a stop: the outcome of each clock it stopped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out: Vec<Outcome>,
}

impl ClockEntry {
    #[must_use]
    pub fn new(k: EventKind, at: i64) -> Self {
        Self {
            k,
            at,
            reason: None,
            priority: None,
            job_type: None,
            from_priority: None,
            from_type: None,
            out: Vec::new(),
        }
    }
}

/// A row of `jobs`: the current state of a job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: i64,
    pub customer: String,
    pub contract: Option<String>,
    pub priority: String,
    #[serde(rename = "type")]
    pub job_type: Option<String>,
    pub asset: Option<String>,
    pub site: Option<String>,
    pub summary: String,
    pub technician: Option<String>,
    pub status: JobStatus,
    pub created_at: i64,
    pub created_by: String,
    pub responded_at: Option<i64>,
    pub attended_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub paused_at: Option<i64>,
    pub pause_reason: Option<String>,
    pub escalation_level: i64,
    pub escalated_at: Option<i64>,
    pub escalated_by: Option<String>,
    pub acked_level: i64,
    /// Who acknowledged the escalation last, and when (of the level in `acked_level`).
    pub acked_by: Option<String>,
    pub acked_at: Option<i64>,
    pub tier: String,
    pub windows: String,
    pub policy_hash: String,
    #[serde(skip)]
    pub clock_log: Vec<ClockEntry>,
    pub last_event_at: i64,
    pub event_count: i64,
}

impl Job {
    /// Gives back the spare room of the clock log and its outcome lists (a vector grows
    /// by four entries at a time, and an entry is about 180 bytes): for rows held for
    /// hours, such as the dashboard's open jobs.
    pub fn compact(&mut self) {
        self.clock_log.shrink_to_fit();
        for e in &mut self.clock_log {
            e.out.shrink_to_fit();
        }
    }

    /// The events the clocks care about.
    #[must_use]
    pub fn sla_events(&self) -> Vec<ClockEvent> {
        self.clock_log
            .iter()
            .filter_map(|e| {
                let kind = match e.k {
                    EventKind::Responded => ClockEventKind::Responded,
                    EventKind::Attended => ClockEventKind::Attended,
                    EventKind::Resolved => ClockEventKind::Resolved,
                    EventKind::Reopened => ClockEventKind::Reopened,
                    EventKind::Paused => ClockEventKind::Paused {
                        reason: e.reason.clone().unwrap_or_default(),
                    },
                    EventKind::Resumed => ClockEventKind::Resumed,
                    EventKind::Reprioritized => ClockEventKind::Reprioritized {
                        priority: e.priority.clone(),
                        job_type: e.job_type.clone(),
                    },
                    _ => return None,
                };
                Some(ClockEvent::new(e.at, kind))
            })
            .collect()
    }

    fn frozen(&self) -> Vec<FrozenOutcome> {
        self.clock_log
            .iter()
            .flat_map(|e| {
                e.out.iter().filter_map(move |o| {
                    Some(FrozenOutcome {
                        clock: o.clock,
                        at: e.at,
                        state: match o.state {
                            ClockState::Met | ClockState::MetLate => o.state,
                            _ => return None,
                        },
                        deadline: o.deadline,
                        target: o.target,
                        elapsed: o.elapsed,
                    })
                })
            })
            .collect()
    }

    /// Runs `f` on the job as the clocks see it, with its recorded outcomes.
    fn with_input<R>(&self, f: impl FnOnce(&JobInput<'_>, &[FrozenOutcome]) -> R) -> R {
        let events = self.sla_events();
        let (priority, job_type) = self.initial_key();
        let input = JobInput {
            customer: &self.customer,
            priority: &priority,
            job_type: job_type.as_deref(),
            asset: self.asset.as_deref(),
            contract: self.contract.as_deref(),
            created_at: self.created_at,
            events: &events,
        };
        f(&input, &self.frozen())
    }

    /// The job's SLA at `now` under `policy`, closed clocks as recorded.
    ///
    /// # Errors
    /// The policy in force can no longer place the job.
    pub fn evaluate<'p>(
        &self,
        policy: &'p Policy,
        now: i64,
    ) -> Result<JobSla<'p>, crate::policy::MatchError> {
        // A cancelled job's clocks stopped when it was cancelled.
        let now = self.cancelled_at().map_or(now, |t| t.min(now));
        self.with_input(|input, frozen| evaluate_job_frozen(policy, input, frozen, now))
    }

    /// When the job was cancelled, if it is.
    #[must_use]
    pub fn cancelled_at(&self) -> Option<i64> {
        if self.status != JobStatus::Cancelled {
            return None;
        }
        self.clock_log
            .iter()
            .rev()
            .find(|e| e.k == EventKind::Cancelled)
            .map(|e| e.at)
    }

    /// The deadlines of the job explained in plain words (`slawatch policy explain`).
    ///
    /// # Errors
    /// The policy in force can no longer place the job.
    pub fn explain(&self, policy: &Policy, now: i64) -> Result<Vec<String>, crate::policy::MatchError> {
        self.with_input(|input, frozen| {
            let sla = evaluate_job_frozen(policy, input, frozen, now)?;
            Ok(crate::sla::explain_job(policy, input, &sla, now))
        })
    }

    /// Priority and type at logging time: the first re-prioritisation records the
    /// values it replaced.
    fn initial_key(&self) -> (String, Option<String>) {
        match self.clock_log.iter().find(|e| e.k == EventKind::Reprioritized) {
            Some(e) => (
                e.from_priority.clone().unwrap_or_else(|| self.priority.clone()),
                e.from_type.clone(),
            ),
            None => (self.priority.clone(), self.job_type.clone()),
        }
    }
}
