//! A job as stored: the `jobs` row, and its compact log of clock-relevant events.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::policy::{ClockKind, Policy};
use crate::sla::{ClockState, Event, EventKind, FrozenOutcome, JobInput, JobSla, evaluate_job_frozen};

/// A name from a small fixed set (event kinds, clocks, states), kept without an
/// allocation when it is one of slawatch's own: a report reads millions of them.
pub type Name = Cow<'static, str>;

/// `s` as a [`Name`]: borrowed from the known names, else owned.
#[must_use]
pub fn name(s: &str) -> Name {
    known_name(s.as_bytes()).map_or_else(|| Cow::Owned(s.to_owned()), Cow::Borrowed)
}

/// The known name spelled by `b`, if it is one.
pub(crate) fn known_name(b: &[u8]) -> Option<&'static str> {
    Some(match b {
        b"created" => "created",
        b"responded" => "responded",
        b"attended" => "attended",
        b"resolved" => "resolved",
        b"reopened" => "reopened",
        b"paused" => "paused",
        b"resumed" => "resumed",
        b"assigned" => "assigned",
        b"escalated" => "escalated",
        b"acknowledged" => "acknowledged",
        b"reprioritized" => "reprioritized",
        b"note" => "note",
        b"alert" => "alert",
        b"respond" => "respond",
        b"attend" => "attend",
        b"resolve" => "resolve",
        b"running" => "running",
        b"met" => "met",
        b"breached" => "breached",
        b"met_late" => "met_late",
        _ => return None,
    })
}

/// The outcome of a clock, written into the event that stopped it so later policy
/// edits never rewrite closed history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub clock: Name,
    pub state: Name,
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
    pub k: Name,
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
    pub fn new(k: &str, at: i64) -> Self {
        Self {
            k: name(k),
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
pub struct JobRow {
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
    /// `open`, `paused` or `resolved`.
    pub status: String,
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
    pub tier: String,
    pub windows: String,
    pub policy_hash: String,
    #[serde(skip)]
    pub clock_log: Vec<ClockEntry>,
    pub last_event_at: i64,
    pub event_count: i64,
}

impl JobRow {
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
    pub fn sla_events(&self) -> Vec<Event> {
        self.clock_log
            .iter()
            .filter_map(|e| {
                let kind = match e.k.as_ref() {
                    "responded" => EventKind::Responded,
                    "attended" => EventKind::Attended,
                    "resolved" => EventKind::Resolved,
                    "reopened" => EventKind::Reopened,
                    "paused" => EventKind::Paused {
                        reason: e.reason.clone().unwrap_or_default(),
                    },
                    "resumed" => EventKind::Resumed,
                    "reprioritized" => EventKind::Reprioritized {
                        priority: e.priority.clone(),
                        job_type: e.job_type.clone(),
                    },
                    _ => return None,
                };
                Some(Event::new(e.at, kind))
            })
            .collect()
    }

    fn frozen(&self) -> Vec<FrozenOutcome> {
        self.clock_log
            .iter()
            .flat_map(|e| {
                e.out.iter().filter_map(move |o| {
                    Some(FrozenOutcome {
                        clock: ClockKind::parse(&o.clock)?,
                        at: e.at,
                        state: match o.state.as_ref() {
                            "met" => ClockState::Met,
                            "met_late" => ClockState::MetLate,
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
        self.with_input(|input, frozen| evaluate_job_frozen(policy, input, frozen, now))
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
        match self.clock_log.iter().find(|e| e.k == "reprioritized") {
            Some(e) => (
                e.from_priority.clone().unwrap_or_else(|| self.priority.clone()),
                e.from_type.clone(),
            ),
            None => (self.priority.clone(), self.job_type.clone()),
        }
    }
}
