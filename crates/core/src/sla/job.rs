//! A whole job: replay its history, match the tier in force, evaluate each clock.

use super::{ClockEvent, ClockEventKind, ClockInput, ClockState, ClockStatus, evaluate_clock};
use crate::policy::{ClockKind, JobKey, MatchError, Policy, TierMatch};

/// A job as the clocks see it: what it was logged with, and what happened since.
#[derive(Debug, Clone)]
pub struct JobInput<'a> {
    pub customer: &'a str,
    /// Priority and type at logging time; `Reprioritized` events change them.
    pub priority: &'a str,
    pub job_type: Option<&'a str>,
    pub asset: Option<&'a str>,
    pub contract: Option<&'a str>,
    pub created_at: i64,
    pub events: &'a [ClockEvent],
}

/// The SLA picture of a job at `now`.
#[derive(Debug, Clone)]
pub struct JobSla<'p> {
    /// The tier in force (after any re-prioritisation up to `now`) and why.
    pub matched: TierMatch<'p>,
    /// Priority and type in force at `now`.
    pub priority: String,
    pub job_type: Option<String>,
    /// One entry per clock the tier defines, in respond, attend, resolve order.
    pub clocks: Vec<ClockStatus>,
    /// Resolved (and not reopened) by `now`.
    pub resolved: bool,
}

impl JobSla<'_> {
    #[must_use]
    pub fn clock(&self, kind: ClockKind) -> Option<&ClockStatus> {
        self.clocks.iter().find(|c| c.kind == kind)
    }

    /// The clock that needs attention first: the running (or paused) one with the
    /// earliest deadline; `None` when every clock has stopped.
    #[must_use]
    pub fn most_urgent(&self) -> Option<&ClockStatus> {
        self.clocks
            .iter()
            .filter(|c| !c.state.is_stopped())
            .min_by_key(|c| (c.deadline.unwrap_or(i64::MAX), c.remaining))
    }
}

/// A clock's outcome as recorded when it stopped: it stands whatever the policy
/// says later.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrozenOutcome {
    pub clock: ClockKind,
    /// The instant the clock stopped.
    pub at: i64,
    pub state: ClockState,
    pub deadline: Option<i64>,
    pub target: i64,
    pub elapsed: i64,
}

/// Evaluates every clock of a job under `policy` at `now`.
///
/// # Errors
/// [`MatchError`] when the policy in force cannot place the job any more (a
/// contract or priority was removed).
pub fn evaluate_job<'p>(policy: &'p Policy, job: &JobInput<'_>, now: i64) -> Result<JobSla<'p>, MatchError> {
    evaluate_job_frozen(policy, job, &[], now)
}

/// As [`evaluate_job`], but a clock that stopped at the instant of a recorded
/// outcome takes that outcome instead of being judged again.
///
/// # Errors
/// As [`evaluate_job`].
pub fn evaluate_job_frozen<'p>(
    policy: &'p Policy,
    job: &JobInput<'_>,
    frozen: &[FrozenOutcome],
    now: i64,
) -> Result<JobSla<'p>, MatchError> {
    let mut priority = job.priority.to_owned();
    let mut job_type = job.job_type.map(str::to_owned);
    let mut resolved = false;
    for ev in job.events.iter().filter(|e| e.at <= now) {
        match &ev.kind {
            ClockEventKind::Reprioritized {
                priority: p,
                job_type: t,
            } => {
                if let Some(p) = p {
                    priority.clone_from(p);
                }
                if let Some(t) = t {
                    job_type = Some(t.clone());
                }
            }
            ClockEventKind::Resolved => resolved = true,
            ClockEventKind::Reopened => resolved = false,
            _ => {}
        }
    }
    let matched = policy.match_job(&JobKey {
        customer: job.customer,
        priority: &priority,
        job_type: job_type.as_deref(),
        asset: job.asset,
        contract: job.contract,
        at: job.created_at,
    })?;
    let tier = matched.tier;
    let escalate: Vec<f64> = tier.escalate.iter().map(|e| e.at).collect();
    let clocks = ClockKind::ALL
        .iter()
        .filter_map(|&kind| {
            let window = tier.window(kind)?;
            Some(evaluate_clock(
                &ClockInput {
                    kind,
                    window,
                    calendar: &tier.calendar,
                    pausable: tier.pauses(kind),
                    warn: &tier.warn,
                    escalate: &escalate,
                    reasons: &policy.pause_reasons,
                    started: job.created_at,
                    events: job.events,
                },
                now,
            ))
        })
        .collect::<Vec<ClockStatus>>();
    let mut clocks = clocks;
    for c in &mut clocks {
        let Some(stop) = c.stopped_at else { continue };
        if let Some(f) = frozen
            .iter()
            .rev()
            .find(|f| f.clock == c.kind && f.at == stop && f.at <= now)
        {
            // Judged against the window in force when it stopped: a later
            // re-prioritisation or policy edit changes the window, not the verdict.
            if f.target != c.target {
                c.window = crate::time::duration::Window::Business(f.target);
            }
            c.state = f.state;
            c.deadline = f.deadline;
            c.target = f.target;
            c.elapsed = f.elapsed;
            c.remaining = f.target - f.elapsed;
            c.fraction = if f.target > 0 {
                f.elapsed as f64 / f.target as f64
            } else {
                0.0
            };
        }
    }
    Ok(JobSla {
        matched,
        priority,
        job_type,
        clocks,
        resolved,
    })
}
