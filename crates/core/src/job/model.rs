//! A job as stored: the `jobs` row, and its compact log of clock-relevant events.

use serde::{Deserialize, Serialize};

use super::{EventKind, JobStatus};
use crate::policy::{ClockKind, Policy};
use crate::shared::Shared;
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
///
/// In memory the five text fields, which only pauses and re-prioritisations carry, sit
/// behind one box: the dashboard holds every open job's log for hours, and five empty
/// `Option<String>` were 120 of an entry's 160 bytes. Stored as before, field by field
/// (see [`super::clock_log`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "WireEntry")]
pub struct ClockEntry {
    pub k: EventKind,
    pub at: i64,
    /// `None` when the entry has no text (kept so by [`ClockEntry::set_text`]).
    text: Option<Box<ClockText>>,
    /// For a stop: the outcome of each clock it stopped.
    pub out: Vec<Outcome>,
}

/// The text of a clock-log entry: a pause's reason, a re-prioritisation's new and old
/// priority and type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClockText {
    pub reason: Option<String>,
    pub priority: Option<String>,
    pub job_type: Option<String>,
    /// For a re-prioritisation: the priority and type it replaced.
    pub from_priority: Option<String>,
    pub from_type: Option<String>,
}

impl ClockText {
    fn is_empty(&self) -> bool {
        self.reason.is_none()
            && self.priority.is_none()
            && self.job_type.is_none()
            && self.from_priority.is_none()
            && self.from_type.is_none()
    }
}

impl ClockEntry {
    #[must_use]
    pub fn new(k: EventKind, at: i64) -> Self {
        Self {
            k,
            at,
            text: None,
            out: Vec::new(),
        }
    }

    /// An entry with `text` (a pause, a re-prioritisation).
    #[must_use]
    pub fn with_text(k: EventKind, at: i64, text: ClockText) -> Self {
        let mut e = Self::new(k, at);
        e.set_text(text);
        e
    }

    #[must_use]
    pub fn reason(&self) -> Option<&str> {
        self.text.as_ref()?.reason.as_deref()
    }

    #[must_use]
    pub fn priority(&self) -> Option<&str> {
        self.text.as_ref()?.priority.as_deref()
    }

    #[must_use]
    pub fn job_type(&self) -> Option<&str> {
        self.text.as_ref()?.job_type.as_deref()
    }

    #[must_use]
    pub fn from_priority(&self) -> Option<&str> {
        self.text.as_ref()?.from_priority.as_deref()
    }

    #[must_use]
    pub fn from_type(&self) -> Option<&str> {
        self.text.as_ref()?.from_type.as_deref()
    }

    /// The text fields, all `None` when the entry has none.
    #[must_use]
    pub fn text(&self) -> ClockText {
        self.text.as_deref().cloned().unwrap_or_default()
    }

    /// Replaces the text fields; an empty text takes no box.
    pub fn set_text(&mut self, text: ClockText) {
        self.text = (!text.is_empty()).then(|| Box::new(text));
    }

    /// The text fields to edit in place, boxed first if the entry had none (the clock-log
    /// decoder reuses the box of an entry it overwrites). Set at least one field.
    pub(crate) fn text_mut(&mut self) -> &mut ClockText {
        self.text.get_or_insert_with(Box::default)
    }
}

impl PartialEq for ClockEntry {
    fn eq(&self, other: &Self) -> bool {
        // By the fields' values: no box and an empty one are the same entry.
        self.k == other.k
            && self.at == other.at
            && self.out == other.out
            && self.text.as_deref().filter(|t| !t.is_empty())
                == other.text.as_deref().filter(|t| !t.is_empty())
    }
}

impl Eq for ClockEntry {}

/// An entry as stored: the fields in this order, the empty ones left out. The stored
/// bytes are hashed, so this is the format, not the in-memory struct above.
#[derive(Deserialize)]
struct WireEntry {
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
    #[serde(default)]
    out: Vec<Outcome>,
}

impl From<WireEntry> for ClockEntry {
    fn from(w: WireEntry) -> Self {
        let mut e = Self::with_text(
            w.k,
            w.at,
            ClockText {
                reason: w.reason,
                priority: w.priority,
                job_type: w.job_type,
                from_priority: w.from_priority,
                from_type: w.from_type,
            },
        );
        e.out = w.out;
        e
    }
}

/// [`WireEntry`] borrowed, for writing without copying the strings.
#[derive(Serialize)]
struct WireRef<'a> {
    k: EventKind,
    at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none", rename = "type")]
    job_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_priority: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_type: Option<&'a str>,
    #[serde(skip_serializing_if = "no_outcomes")]
    out: &'a [Outcome],
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference to the field
fn no_outcomes(out: &&[Outcome]) -> bool {
    out.is_empty()
}

impl Serialize for ClockEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        WireRef {
            k: self.k,
            at: self.at,
            reason: self.reason(),
            priority: self.priority(),
            job_type: self.job_type(),
            from_priority: self.from_priority(),
            from_type: self.from_type(),
            out: &self.out,
        }
        .serialize(s)
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
    /// Shared: a few people log most jobs (see [`crate::shared`]).
    pub created_by: Shared,
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
    /// Shared, as the policy hash: one text per tier and policy across all jobs.
    pub windows: Shared,
    pub policy_hash: Shared,
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
                        reason: e.reason().unwrap_or_default().to_owned(),
                    },
                    EventKind::Resumed => ClockEventKind::Resumed,
                    EventKind::Reprioritized => ClockEventKind::Reprioritized {
                        priority: e.priority().map(str::to_owned),
                        job_type: e.job_type().map(str::to_owned),
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
                e.from_priority()
                    .map_or_else(|| self.priority.clone(), str::to_owned),
                e.from_type().map(str::to_owned),
            ),
            None => (self.priority.clone(), self.job_type.clone()),
        }
    }
}
