//! Alert rules: which thresholds of a job's clocks are crossed at `now` and which come
//! next, who is told, and what a notice says. Pure: `now` is a parameter; recording
//! (the store) and delivery (the program) happen elsewhere.

mod audience;
mod crossings;
mod message;
mod record;

pub use audience::{Reminder, receives, reminders};
pub use crossings::{AlertKey, Due, crossed, next_crossing};
pub use message::{
    HOOK_FIELDS, Notice, NoticeUrgency, SAFE_FIELD_PREFIX, alert_text, missed_summary, notice_for_event,
    reminder_notice, safe_field_value,
};
pub use record::{NewAlert, SYSTEM_ACTOR};

/// What a crossing means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlertKind {
    /// A warning threshold of a clock.
    Warning,
    /// The clock ran out.
    Breach,
    /// The tier escalates the job automatically at this point.
    Escalation,
}

impl AlertKind {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            AlertKind::Warning => "warning",
            AlertKind::Breach => "breach",
            AlertKind::Escalation => "escalation",
        }
    }
}

/// A crossing is late when it is recorded this long after it happened (the process
/// was not running, or the policy moved it into the past).
pub const LATE_AFTER_SECS: i64 = 120;
