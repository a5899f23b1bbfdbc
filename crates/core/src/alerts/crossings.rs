//! Which thresholds of a job's clocks are crossed at `now`, and when the next one is.

use serde_json::json;

use super::{AlertKind, LATE_AFTER_SECS};
use crate::alerts::NewAlert;
use crate::job::EventKind;
use crate::job::Job;
use crate::policy::ClockKind;
use crate::sla::{ClockState, JobSla};

/// A crossed threshold of an open job.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Due {
    pub job: i64,
    pub kind: AlertKind,
    pub clock: ClockKind,
    /// Fraction of the window (1.0: the breach).
    pub fraction: f64,
    /// For an escalation: the level.
    pub level: u32,
    /// Re-prioritisations so far: new windows, new crossings.
    pub cycle: i64,
    pub crossed_at: i64,
    /// When the crossing became a fact: the crossing, or the re-prioritisation that
    /// moved it into the past.
    pub known_at: i64,
    pub deadline: Option<i64>,
}

/// The store's unique key of a crossing: job, slot, threshold, cycle.
pub type AlertKey = (i64, &'static str, i64, i64);

impl Due {
    #[must_use]
    pub fn key(&self) -> AlertKey {
        match self.kind {
            AlertKind::Escalation => (self.job, "escalation", i64::from(self.level), self.cycle),
            _ => (
                self.job,
                self.clock.name(),
                crate::policy::threshold_key(self.fraction),
                self.cycle,
            ),
        }
    }

    /// Recorded this long after it happened.
    #[must_use]
    pub fn late(&self, now: i64) -> bool {
        now - self.known_at > LATE_AFTER_SECS
    }

    /// The record for the store.
    #[must_use]
    pub fn to_record(&self, tier: &str, now: i64) -> NewAlert {
        let (slot, threshold, cycle) = {
            let k = self.key();
            (k.1.to_owned(), k.2, k.3)
        };
        let mut data = json!({
            "kind": self.kind.name(),
            "clock": self.clock.name(),
            "fraction": self.fraction,
            "crossed_at": self.crossed_at,
            "deadline": self.deadline,
            "tier": tier,
            "cycle": self.cycle,
            "late": self.late(now),
        });
        if self.kind == AlertKind::Escalation {
            data["auto"] = json!(true);
            data["note"] = json!(format!(
                "automatic: {} clock at {:.0} % of its window",
                self.clock.name(),
                self.fraction * 100.0
            ));
        }
        NewAlert {
            job: self.job,
            slot,
            threshold,
            cycle,
            // An escalation happens when slawatch makes it (reminders count from then);
            // an alert is dated by its crossing.
            at: if self.kind == AlertKind::Escalation {
                now
            } else {
                self.crossed_at
            },
            data,
            escalate_to: (self.kind == AlertKind::Escalation).then_some(i64::from(self.level)),
        }
    }
}

fn counting(state: ClockState) -> bool {
    matches!(
        state,
        ClockState::Running | ClockState::Breached | ClockState::Paused
    )
}

/// Every threshold crossed by now on the clocks still counting, and the tier's
/// automatic escalation above the job's level (only the highest one due: a job that
/// crossed two levels while nobody watched goes straight to the higher).
#[must_use]
pub fn crossed(row: &Job, sla: &JobSla<'_>) -> Vec<Due> {
    let (mut cycle, mut since) = (0_i64, row.created_at);
    for e in row.clock_log.iter().filter(|e| e.k == EventKind::Reprioritized) {
        cycle += 1;
        since = e.at;
    }
    let mut out = Vec::new();
    let mut escalation: Option<Due> = None;
    for c in sla
        .clocks
        .iter()
        .filter(|c| !c.state.is_stopped() && counting(c.state))
    {
        for x in &c.crossings {
            let Some(at) = x.crossed_at else { continue };
            out.push(Due {
                job: row.id,
                kind: if x.fraction >= 1.0 {
                    AlertKind::Breach
                } else {
                    AlertKind::Warning
                },
                clock: c.kind,
                fraction: x.fraction,
                level: 0,
                cycle,
                crossed_at: at,
                known_at: at.max(since),
                deadline: c.deadline,
            });
        }
        for (x, esc) in c.escalations.iter().zip(&sla.matched.tier.escalate) {
            let Some(at) = x.crossed_at else { continue };
            if i64::from(esc.level) <= row.escalation_level {
                continue;
            }
            let better =
                escalation.is_none_or(|e| esc.level > e.level || (esc.level == e.level && at < e.crossed_at));
            if better {
                escalation = Some(Due {
                    job: row.id,
                    kind: AlertKind::Escalation,
                    clock: c.kind,
                    fraction: esc.at,
                    level: esc.level,
                    cycle,
                    crossed_at: at,
                    known_at: at.max(since),
                    deadline: c.deadline,
                });
            }
        }
    }
    out.extend(escalation);
    out
}

/// When the next threshold, breach or automatic escalation of a running clock is
/// crossed (`i64::MAX`: none ahead).
#[must_use]
pub fn next_crossing(sla: &JobSla<'_>, now: i64) -> i64 {
    let cal = &sla.matched.tier.calendar;
    sla.clocks
        .iter()
        .filter(|c| matches!(c.state, ClockState::Running | ClockState::Breached))
        .flat_map(|c| {
            c.crossings
                .iter()
                .chain(&c.escalations)
                .filter(|x| x.crossed_at.is_none())
                .map(move |x| {
                    // The breach is one business second past the window (elapsed > target).
                    if x.fraction >= 1.0 {
                        c.target - c.elapsed + 1
                    } else {
                        x.at_secs - c.elapsed
                    }
                })
        })
        .min()
        .and_then(|need| cal.add(now, need.max(1)))
        .unwrap_or(i64::MAX)
}
