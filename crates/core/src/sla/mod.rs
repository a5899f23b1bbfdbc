//! SLA clocks: where each clock of a job stands at `now`. Pure: `now` is a parameter.

mod clock;
mod explain;
mod job;
mod urgency;

pub use clock::{ClockInput, evaluate_clock};
pub use explain::explain_job;
pub use job::{FrozenOutcome, JobInput, JobSla, evaluate_job, evaluate_job_frozen};
pub use urgency::{Urgency, urgency};

use crate::policy::ClockKind;
use crate::time::duration::Window;

/// What happened to a job, as far as the clocks care.
#[derive(Debug, Clone, PartialEq)]
pub enum ClockEventKind {
    Responded,
    Attended,
    Resolved,
    Reopened,
    /// On hold for a reason from the policy's `pause_reasons`.
    Paused {
        reason: String,
    },
    Resumed,
    /// New priority and/or type (and so possibly a new tier).
    Reprioritized {
        priority: Option<String>,
        job_type: Option<String>,
    },
}

/// One event of a job's history.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockEvent {
    pub at: i64,
    pub kind: ClockEventKind,
}

impl ClockEvent {
    #[must_use]
    pub fn new(at: i64, kind: ClockEventKind) -> Self {
        Self { at, kind }
    }
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Counting down.
    Running,
    /// Stopped by a pause whose reason stops the clock.
    Paused,
    /// Stopped within its window.
    Met,
    /// Still running past its window.
    Breached,
    /// Stopped after its window ran out: done *and* breached.
    MetLate,
}

impl ClockState {
    pub const ALL: [ClockState; 5] = [
        ClockState::Running,
        ClockState::Paused,
        ClockState::Met,
        ClockState::Breached,
        ClockState::MetLate,
    ];

    /// The state named `s` (`met_late` …), as outcomes are stored.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Met => "met",
            ClockState::Breached => "breached",
            ClockState::MetLate => "met_late",
        }
    }

    /// True for met and met late: the clock no longer runs.
    #[must_use]
    pub fn is_stopped(self) -> bool {
        matches!(self, ClockState::Met | ClockState::MetLate)
    }

    /// True for breached and met late.
    #[must_use]
    pub fn is_breach(self) -> bool {
        matches!(self, ClockState::Breached | ClockState::MetLate)
    }
}

impl std::fmt::Display for ClockState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A threshold of a clock and when it was crossed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossing {
    /// Fraction of the window; 1.0 is the breach.
    pub fraction: f64,
    /// Business seconds at which it is crossed.
    pub at_secs: i64,
    /// The instant it was crossed, if it has been by `now`.
    pub crossed_at: Option<i64>,
}

/// A stretch of time excluded from a clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Exclusion {
    pub from: i64,
    /// `None` while still going on.
    pub to: Option<i64>,
    /// The pause reason, or [`Exclusion::REOPEN_GAP`] for the time between resolve and reopen.
    pub reason: String,
    /// Business seconds excluded (up to `now`).
    pub business_secs: i64,
    /// For a stretch not excluded: true when the reason is the provider's own delay
    /// (`stops_clock = false`), false when the tier does not pause this clock.
    pub provider_delay: bool,
}

/// A clock of a job at `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockStatus {
    pub kind: ClockKind,
    pub state: ClockState,
    pub window: Window,
    /// The window in business seconds (for `Nbd`, the business time from the start
    /// to the closing time of the Nth business day).
    pub target: i64,
    /// When the clock started (the job's logging time).
    pub started: i64,
    /// Business seconds counted, up to the stop or `now`.
    pub elapsed: i64,
    /// `target - elapsed`; negative once over.
    pub remaining: i64,
    /// When the window runs out given the pauses so far. While paused, this is
    /// where it would fall if the job resumed now. `None` past the year 2299.
    pub deadline: Option<i64>,
    /// When the clock was stopped (met or met late).
    pub stopped_at: Option<i64>,
    /// `elapsed / target`.
    pub fraction: f64,
    /// The warning thresholds and the breach (last, fraction 1.0).
    pub crossings: Vec<Crossing>,
    /// The tier's automatic escalation marks, in the order of its `escalate` list.
    pub escalations: Vec<Crossing>,
    /// Pauses (and resolved → reopened gaps) excluded from this clock.
    pub excluded: Vec<Exclusion>,
    /// Pauses recorded whose reason does not stop the clock (the provider's delay).
    pub not_excluded: Vec<Exclusion>,
    /// The reason of the pause holding the clock now, if any.
    pub paused_for: Option<String>,
    /// Whether the clock's calendar is open at `now` (a running clock outside
    /// business hours is not counting).
    pub open_now: bool,
}

impl Exclusion {
    /// The reason of the gap between a resolve and a reopen (not a pause).
    pub const REOPEN_GAP: &str = "resolved (until reopened)";

    /// A pause (customer-caused or the provider's own), not a reopen gap.
    #[must_use]
    pub fn is_pause(&self) -> bool {
        self.reason != Self::REOPEN_GAP
    }
}

impl ClockStatus {
    /// Business seconds excluded by pauses.
    #[must_use]
    pub fn excluded_secs(&self) -> i64 {
        self.excluded.iter().map(|e| e.business_secs).sum()
    }

    /// The highest threshold crossed by now (1.0 for a breach).
    #[must_use]
    pub fn last_crossed(&self) -> Option<&Crossing> {
        self.crossings.iter().rev().find(|c| c.crossed_at.is_some())
    }
}
