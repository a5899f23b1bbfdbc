//! How urgent a clock is, in the words and symbols every view shows.

use super::{ClockState, ClockStatus};

/// How urgent a clock is, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    Breached,
    /// Past the last warning threshold.
    Critical,
    /// Past the first warning threshold.
    Warning,
    Fine,
    Paused,
    Done,
}

impl Urgency {
    /// A symbol that carries the meaning without colour.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Urgency::Breached => "✖",
            Urgency::Critical => "▲",
            Urgency::Warning => "△",
            Urgency::Fine => "●",
            Urgency::Paused => "⏸",
            Urgency::Done => "✔",
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Breached => "breached",
            Urgency::Critical => "critical",
            Urgency::Warning => "warning",
            Urgency::Fine => "ok",
            Urgency::Paused => "paused",
            Urgency::Done => "done",
        }
    }
}

/// The urgency of one clock from its state and the thresholds crossed.
#[must_use]
pub fn urgency(c: &ClockStatus) -> Urgency {
    match c.state {
        ClockState::Breached => Urgency::Breached,
        ClockState::Met | ClockState::MetLate => Urgency::Done,
        ClockState::Paused => Urgency::Paused,
        ClockState::Running => {
            let warns: Vec<_> = c.crossings.iter().filter(|x| x.fraction < 1.0).collect();
            let crossed = warns.iter().filter(|x| x.crossed_at.is_some()).count();
            if crossed == 0 {
                Urgency::Fine
            } else if crossed == warns.len() {
                Urgency::Critical
            } else {
                Urgency::Warning
            }
        }
    }
}
