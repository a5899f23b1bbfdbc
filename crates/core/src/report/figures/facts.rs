//! What one clock of one job adds to a group: the facts a report needs of a clock,
//! taken from the outcome frozen into the event that stopped it when there is one.

use crate::job::EventKind;
use crate::job::Job;
use crate::job::JobStatus;
use crate::policy::{ClockKind, Policy};
use crate::report::durations::Durations;
use crate::sla::{ClockState, ClockStatus};

use super::{ClockFigures, Group};

#[derive(Debug, Clone, Default)]
pub(super) struct Acc {
    pub(super) jobs: usize,
    pub(super) met: usize,
    pub(super) met_late: usize,
    pub(super) breached_open: usize,
    pub(super) open_within: usize,
    pub(super) business: Durations,
    pub(super) wall: Durations,
    pub(super) excluded: i64,
}

/// What the report needs of one clock, from a judged clock or from the outcome frozen
/// into the event that stopped it.
#[derive(Debug, Clone)]
pub(super) struct Fact {
    pub(super) kind: ClockKind,
    pub(super) state: ClockState,
    pub(super) target: i64,
    pub(super) elapsed: i64,
    pub(super) deadline: Option<i64>,
    pub(super) stopped_at: Option<i64>,
    pub(super) started: i64,
    /// Business seconds excluded by pauses (not by a resolve → reopen gap).
    pub(super) excluded: i64,
    /// The pause reasons, `(not excluded)` for the provider's own delay.
    pub(super) paused: Vec<String>,
}

impl Fact {
    pub(super) fn of(c: &ClockStatus) -> Self {
        Self {
            kind: c.kind,
            state: c.state,
            target: c.target,
            elapsed: c.elapsed,
            deadline: c.deadline,
            stopped_at: c.stopped_at,
            started: c.started,
            excluded: c
                .excluded
                .iter()
                .filter(|x| x.is_pause())
                .map(|x| x.business_secs)
                .sum(),
            paused: c
                .excluded
                .iter()
                .filter(|x| x.is_pause())
                .map(|x| x.reason.clone())
                .chain(
                    c.not_excluded
                        .iter()
                        .map(|x| format!("{} (not excluded)", x.reason)),
                )
                .collect(),
        }
    }
}

/// The clocks of a job closed by the end of the range, from the outcomes frozen into the
/// events that stopped them — no calendar arithmetic, and exactly what judging them
/// again would give (a stopped clock's outcome is never recomputed). `None` when the job
/// needs judging: still open, paused, reopened or re-prioritised at some point.
pub(super) fn closed_facts(policy: &Policy, row: &Job, at: i64) -> Option<Vec<Fact>> {
    if row.status != JobStatus::Resolved || row.resolved_at.is_none_or(|r| r > at) {
        return None;
    }
    if row.clock_log.iter().any(|e| {
        matches!(
            e.k,
            EventKind::Paused | EventKind::Reopened | EventKind::Reprioritized
        )
    }) {
        return None;
    }
    let mut facts = Vec::with_capacity(3);
    for e in &row.clock_log {
        for o in &e.out {
            let state = match o.state {
                ClockState::Met | ClockState::MetLate => o.state,
                _ => return None,
            };
            facts.push(Fact {
                kind: o.clock,
                state,
                target: o.target,
                elapsed: o.elapsed,
                deadline: o.deadline,
                stopped_at: Some(e.at),
                started: row.created_at,
                excluded: 0,
                paused: Vec::new(),
            });
        }
    }
    // Every clock of the tier must have its outcome.
    let clocks = policy.tier(&row.tier)?.windows.iter().flatten().count();
    (facts.len() == clocks && !facts.is_empty()).then(|| {
        facts.sort_by_key(|f| f.kind.index());
        facts
    })
}

impl Acc {
    pub(super) fn add(&mut self, c: &Fact) {
        self.jobs += 1;
        self.excluded += c.excluded;
        match c.state {
            ClockState::Met | ClockState::MetLate => {
                if c.state == ClockState::Met {
                    self.met += 1;
                } else {
                    self.met_late += 1;
                }
                self.business.push(c.elapsed);
                if let Some(stop) = c.stopped_at {
                    self.wall.push(stop - c.started);
                }
            }
            ClockState::Breached => self.breached_open += 1,
            ClockState::Running | ClockState::Paused => self.open_within += 1,
        }
    }

    pub(super) fn merge(&mut self, o: Acc) {
        self.jobs += o.jobs;
        self.met += o.met;
        self.met_late += o.met_late;
        self.breached_open += o.breached_open;
        self.open_within += o.open_within;
        self.business.merge(&o.business);
        self.wall.merge(&o.wall);
        self.excluded += o.excluded;
    }

    /// Sorts the durations where they were collected (in each reading thread), so the
    /// merge is linear and the spread needs no sort.
    pub(super) fn seal(&mut self) {
        self.business.seal();
        self.wall.seal();
    }

    pub(super) fn adherence(&self) -> Option<f64> {
        let judged = self.met + self.met_late + self.breached_open;
        (judged > 0).then(|| self.met as f64 / judged as f64)
    }

    pub(super) fn finish(mut self, clock: ClockKind) -> ClockFigures {
        // A builder fed directly (not through reading threads) was never sealed; on
        // sealed durations this is a linear pass.
        self.seal();
        ClockFigures {
            clock,
            jobs: self.jobs,
            met: self.met,
            met_late: self.met_late,
            breached_open: self.breached_open,
            open_within: self.open_within,
            adherence: self.adherence(),
            business: self.business.spread(),
            wall: self.wall.spread(),
            excluded_secs: self.excluded,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(super) struct GroupAcc {
    pub(super) jobs: usize,
    pub(super) clocks: [Acc; 3],
}

impl GroupAcc {
    pub(super) fn merge(&mut self, o: GroupAcc) {
        self.jobs += o.jobs;
        for (a, b) in self.clocks.iter_mut().zip(o.clocks) {
            a.merge(b);
        }
    }

    pub(super) fn finish(self, key: String) -> Group {
        Group {
            key,
            jobs: self.jobs,
            clocks: ClockKind::ALL
                .iter()
                .zip(self.clocks)
                .filter(|(_, a)| a.jobs > 0)
                .map(|(k, a)| a.finish(*k))
                .collect(),
        }
    }
}
