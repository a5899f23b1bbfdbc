//! What the header counts over the open jobs.

use super::Entry;

/// Header totals over the open jobs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub open: usize,
    pub breached: usize,
    pub at_risk: usize,
    pub paused: usize,
    /// Escalated and not acknowledged.
    pub unacked: usize,
}

impl Totals {
    /// What one job adds.
    #[must_use]
    pub fn of(e: &Entry) -> Self {
        Self {
            open: 1,
            breached: usize::from(e.breached()),
            at_risk: usize::from(e.at_risk()),
            paused: usize::from(e.paused()),
            unacked: usize::from(e.unacked()),
        }
    }

    /// Moves the totals from one contribution of a job to another.
    pub fn adjust(&mut self, before: Self, after: Self) {
        self.open = self.open + after.open - before.open;
        self.breached = self.breached + after.breached - before.breached;
        self.at_risk = self.at_risk + after.at_risk - before.at_risk;
        self.paused = self.paused + after.paused - before.paused;
        self.unacked = self.unacked + after.unacked - before.unacked;
    }
}
