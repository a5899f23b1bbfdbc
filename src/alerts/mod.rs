//! Alerts before the breach: threshold crossings of open jobs become alert records
//! (once, across every process on the store), then notices for the people concerned,
//! delivered on the desktop, in the terminal and through a command hook.
//!
//! `crossings`, `audience` and `message` are pure (`now` is a parameter); `cycle` talks
//! to the store; `deliver` does the sending.

mod audience;
mod crossings;
pub mod cycle;
pub mod deliver;
mod message;

pub use audience::{Reminder, receives, reminders};
pub use crossings::{Due, crossed, next_crossing};
pub use message::{Notice, NoticeUrgency, alert_text, missed_summary, notice_for_event, reminder_notice};

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
