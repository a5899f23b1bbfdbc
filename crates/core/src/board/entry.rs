//! A job as the dashboard holds it: the stored row and its clocks judged at a moment,
//! with the instant at which that judgement next changes.

use crate::alerts::{Due, crossed, next_crossing};
use crate::job::Job;
use crate::job::JobStatus;
use crate::policy::{ClockKind, Policy};
use crate::sla::ClockState;
use crate::sla::{Urgency, urgency};
use crate::time::duration::Window;

/// One clock of a job, judged at [`Entry::judged_at`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClockLine {
    pub kind: ClockKind,
    pub state: ClockState,
    pub window: Window,
    pub target: i64,
    pub elapsed: i64,
    pub remaining: i64,
    pub deadline: Option<i64>,
    pub fraction: f64,
    pub paused_for: Option<String>,
    /// The calendar is open now (a running clock outside hours is not counting).
    pub open_now: bool,
    pub urgency: Urgency,
}

/// The queue's order, the same in the dashboard and `list`: by the business time left
/// on the most urgent clock (`(remaining, deadline)`), which is what the SLA counts and
/// what the DUE column shows — so breached jobs come first, the furthest over first;
/// then by deadline and id; jobs with no clock running last.
#[must_use]
pub fn queue_key(urgent: Option<(i64, Option<i64>)>, id: i64) -> (i64, i64, i64) {
    urgent.map_or((i64::MAX, i64::MAX, id), |(remaining, deadline)| {
        (remaining, deadline.unwrap_or(i64::MAX - 1), id)
    })
}

/// A job in the dashboard.
#[derive(Debug, Clone)]
pub struct Entry {
    pub row: Job,
    /// The tier matched at the last judgement when it is not the row's own (a policy
    /// edit moved the job): nearly always `None`, so 100,000 open jobs keep no second
    /// copy of the name. See [`Entry::tier`].
    tier: Option<Box<str>>,
    pub clocks: Vec<ClockLine>,
    /// Index into `clocks` of the most urgent running or paused clock.
    pub urgent: Option<usize>,
    /// Why the policy cannot judge the job, if it cannot.
    pub error: Option<String>,
    /// When the urgency of some clock next changes (a threshold, the breach, an
    /// automatic escalation).
    pub next_change: i64,
    /// The thresholds crossed so far on clocks still counting (for the alert engine).
    pub crossed: Vec<Due>,
    pub judged_at: i64,
}

impl Entry {
    /// Judges `row` under `policy` at `now`.
    #[must_use]
    pub fn judge(mut row: Job, policy: &Policy, now: i64) -> Self {
        row.compact();
        let mut e = Self {
            tier: None,
            row,
            clocks: Vec::new(),
            urgent: None,
            error: None,
            next_change: i64::MAX,
            crossed: Vec::new(),
            judged_at: now,
        };
        e.rejudge(policy, now);
        e
    }

    /// Judges the job again (time passed, or the policy changed).
    pub fn rejudge(&mut self, policy: &Policy, now: i64) {
        self.judged_at = now;
        // Never judged before its own latest event: a system clock set back (hours,
        // even) must not show a responded job as waiting for its response again.
        let now = now.max(self.row.last_event_at);
        match self.row.evaluate(policy, now) {
            Err(err) => {
                self.error = Some(err.to_string());
                self.clocks.clear();
                self.urgent = None;
                self.next_change = i64::MAX;
                self.crossed.clear();
            }
            Ok(sla) => {
                self.error = None;
                let name = &sla.matched.tier.name;
                if *name == self.row.tier {
                    self.tier = None;
                } else if self.tier.as_deref() != Some(name.as_str()) {
                    self.tier = Some(name.as_str().into());
                }
                self.clocks = sla
                    .clocks
                    .iter()
                    .map(|c| ClockLine {
                        kind: c.kind,
                        state: c.state,
                        window: c.window,
                        target: c.target,
                        elapsed: c.elapsed,
                        remaining: c.remaining,
                        deadline: c.deadline,
                        fraction: c.fraction,
                        paused_for: c.paused_for.clone(),
                        open_now: c.open_now,
                        urgency: urgency(c),
                    })
                    .collect();
                self.urgent = sla
                    .most_urgent()
                    .and_then(|u| self.clocks.iter().position(|c| c.kind == u.kind));
                self.next_change = next_crossing(&sla, now);
                self.crossed = crossed(&self.row, &sla);
                // Held for hours: a vector that grew by pushes has room for four.
                self.crossed.shrink_to_fit();
            }
        }
    }

    /// The tier the job was last judged under (the row's, unless the policy changed).
    #[must_use]
    pub fn tier(&self) -> &str {
        self.tier.as_deref().unwrap_or(&self.row.tier)
    }

    #[must_use]
    pub fn urgent_clock(&self) -> Option<&ClockLine> {
        self.urgent.and_then(|i| self.clocks.get(i))
    }

    /// The urgency the job is listed with.
    #[must_use]
    pub fn urgency(&self) -> Urgency {
        if self.clocks.iter().any(|c| c.state == ClockState::Breached) {
            return Urgency::Breached;
        }
        self.urgent_clock().map_or(Urgency::Done, |c| c.urgency)
    }

    /// Sort key: the queue's order, [`queue_key`] of the most urgent clock.
    #[must_use]
    pub fn due(&self) -> (i64, i64, i64) {
        queue_key(
            self.urgent_clock().map(|c| (c.remaining, c.deadline)),
            self.row.id,
        )
    }

    /// Any clock breached now or stopped late.
    #[must_use]
    pub fn breached(&self) -> bool {
        self.clocks.iter().any(|c| c.state.is_breach())
    }

    /// Past a warning threshold and not (yet) breached.
    #[must_use]
    pub fn at_risk(&self) -> bool {
        matches!(self.urgency(), Urgency::Warning | Urgency::Critical)
    }

    /// Paused by a pause that stops its most urgent clock.
    #[must_use]
    pub fn paused(&self) -> bool {
        self.row.status == JobStatus::Paused
    }

    /// Escalated and not acknowledged.
    #[must_use]
    pub fn unacked(&self) -> bool {
        self.row.escalation_level > self.row.acked_level
    }
}
