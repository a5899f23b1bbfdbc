//! Replaying history to measure the forecast: at each stage moment of each job logged
//! in a range, forecast as if it were that moment, then compare with what happened.
//!
//! Nothing from after the moment is used: the history holds only transitions that
//! ended strictly before it (samples are added in order of their end, between
//! moments), every job is judged from its entries up to the moment, and technicians
//! are taken from the assignments made by then. One pass in time order, so the cost
//! grows with the number of moments times the technician's open jobs, not with the
//! square of the history.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::history::{Estimate, History};
use super::open::{Standing, queues};
use super::stages::{Sample, Stage, entered, samples};
use crate::job::EventKind;
use crate::job::Job;
use crate::policy::{ClockKind, Policy};

/// What to replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BacktestSpec {
    /// Jobs logged in `[from, to)` are replayed.
    pub from: i64,
    pub to: i64,
    /// The end of the data: outcomes are judged as of `now`.
    pub now: i64,
    pub min_samples: usize,
    /// Count the work queued ahead for the technician (as `list --at-risk` does).
    pub queue: bool,
}

/// Who each reassigned job was assigned to over time, `(since, technician)` in time
/// order from its logging. Jobs not listed kept their technician throughout.
pub type Assignments = HashMap<i64, Vec<(i64, Option<String>)>>;

fn tech_at<'a>(job: &'a Job, assignments: &'a Assignments, t: i64) -> Option<&'a str> {
    match assignments.get(&job.id) {
        None => job.technician.as_deref(),
        Some(v) => v
            .iter()
            .rev()
            .find(|(since, _)| *since <= t)
            .and_then(|(_, who)| who.as_deref()),
    }
}

/// One forecast made during the replay and what really happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    pub job: i64,
    pub stage: Stage,
    /// The instant replayed: when the job entered `stage`.
    pub moment: i64,
    /// The clock the job's next step stops (see [`Standing::next_clock`]).
    pub clock: ClockKind,
    pub at_risk: bool,
    /// The clock really breached.
    pub breached: bool,
    pub expected: Option<i64>,
    pub deadline: Option<i64>,
    pub overrun: i64,
    pub queue: i64,
    pub estimate: Estimate,
}

/// Predicted "at risk" against "really breached".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// At risk and breached.
    pub true_positive: usize,
    /// At risk, met.
    pub false_positive: usize,
    /// Not at risk, breached.
    pub false_negative: usize,
    /// Not at risk, met.
    pub true_negative: usize,
}

impl Confusion {
    fn add(&mut self, at_risk: bool, breached: bool) {
        match (at_risk, breached) {
            (true, true) => self.true_positive += 1,
            (true, false) => self.false_positive += 1,
            (false, true) => self.false_negative += 1,
            (false, false) => self.true_negative += 1,
        }
    }

    #[must_use]
    pub fn total(&self) -> usize {
        self.true_positive + self.false_positive + self.false_negative + self.true_negative
    }

    /// Of the clocks called at risk, the share that breached.
    #[must_use]
    pub fn precision(&self) -> Option<f64> {
        ratio(self.true_positive, self.true_positive + self.false_positive)
    }

    /// Of the clocks that breached, the share called at risk.
    #[must_use]
    pub fn recall(&self) -> Option<f64> {
        ratio(self.true_positive, self.true_positive + self.false_negative)
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Moments not judged, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The job had no clock left running at the moment (e.g. resolved the same second).
    pub no_clock: usize,
    /// Too little history for any estimate of the transition.
    pub no_history: usize,
    /// The clock had already breached at the moment: nothing left to forecast.
    pub already_breached: usize,
    /// The clock is still running, unbreached, at the end of the data.
    pub undecided: usize,
}

/// The replay's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Jobs logged in the range.
    pub jobs: usize,
    /// Stage moments replayed.
    pub moments: usize,
    pub skipped: Skipped,
    /// Per clock, in respond, attend, resolve order.
    pub clocks: [Confusion; 3],
    pub overall: Confusion,
    pub predictions: Vec<Prediction>,
}

/// The moments at which `job` entered a stage.
fn moments(job: &Job, now: i64) -> Vec<(i64, Stage)> {
    Stage::ALL
        .into_iter()
        .zip(entered(job, now))
        .filter_map(|(s, at)| Some((at?, s)))
        .collect()
}

/// When `job` is surely no longer open: its last resolution if it ends resolved.
fn closed_at(job: &Job, now: i64) -> i64 {
    let last = job
        .clock_log
        .iter()
        .rev()
        .find(|e| e.at <= now && matches!(e.k, EventKind::Resolved | EventKind::Reopened));
    match last {
        Some(e) if e.k == EventKind::Resolved => e.at.max(job.created_at),
        _ => i64::MAX,
    }
}

/// Replays `jobs` (the whole store: earlier jobs make the history and the queues) over
/// `spec`'s range.
#[must_use]
pub fn backtest(policy: &Policy, jobs: &[Job], assignments: &Assignments, spec: &BacktestSpec) -> Backtest {
    let mut all: Vec<Sample<'_>> = Vec::new();
    for j in jobs {
        samples(policy, j, spec.now, |s| all.push(s));
    }
    all.sort_by_key(|s| s.end);
    let mut replay: Vec<(i64, usize, Stage)> = Vec::new();
    let mut logged = 0;
    for (i, j) in jobs.iter().enumerate() {
        if (spec.from..spec.to).contains(&j.created_at) {
            logged += 1;
            replay.extend(moments(j, spec.now).into_iter().map(|(m, s)| (m, i, s)));
        }
    }
    replay.sort_by_key(|&(m, i, s)| (m, jobs[i].id, s));
    let mut opens: Vec<(i64, usize)> = jobs.iter().enumerate().map(|(i, j)| (j.created_at, i)).collect();
    opens.sort_unstable();
    let mut closes: Vec<(i64, usize)> = jobs
        .iter()
        .enumerate()
        .map(|(i, j)| (closed_at(j, spec.now), i))
        .collect();
    closes.sort_unstable();

    let mut history = History::new(spec.min_samples);
    let (mut next_sample, mut next_open, mut next_close) = (0, 0, 0);
    let mut active: BTreeSet<usize> = BTreeSet::new();
    let mut out = Backtest {
        jobs: logged,
        moments: replay.len(),
        skipped: Skipped::default(),
        clocks: [Confusion::default(); 3],
        overall: Confusion::default(),
        predictions: Vec::new(),
    };
    for &(m, i, _) in &replay {
        // Known before the moment: transitions that ended strictly before it.
        while let Some(s) = all.get(next_sample).filter(|s| s.end < m) {
            history.insert(s);
            next_sample += 1;
        }
        while let Some(&(_, k)) = opens.get(next_open).filter(|(t, _)| *t <= m) {
            active.insert(k);
            next_open += 1;
        }
        while let Some(&(_, k)) = closes.get(next_close).filter(|(t, _)| *t <= m) {
            active.remove(&k);
            next_close += 1;
        }
        let job = &jobs[i];
        let tech = tech_at(job, assignments, m);
        let Some(me) = Standing::of(policy, &history, job, tech, m) else {
            out.skipped.no_clock += 1;
            continue;
        };
        let Some(clock) = me.next_clock() else {
            out.skipped.no_clock += 1;
            continue;
        };
        let queue = match tech.filter(|_| spec.queue) {
            None => 0,
            Some(t) => {
                let mut mates: Vec<Standing<'_>> = active
                    .iter()
                    .filter(|&&k| k != i && tech_at(&jobs[k], assignments, m) == Some(t))
                    .filter_map(|&k| Standing::of(policy, &history, &jobs[k], Some(t), m))
                    .collect();
                mates.push(me.clone());
                queues(&mates).last().copied().unwrap_or(0)
            }
        };
        let Some(f) = me.forecasts(queue, m).into_iter().find(|f| f.clock == clock) else {
            out.skipped.no_history += 1;
            continue;
        };
        if f.breached {
            out.skipped.already_breached += 1;
            continue;
        }
        let outcome = job
            .evaluate(policy, spec.now)
            .ok()
            .and_then(|sla| sla.clock(clock).map(|c| c.state));
        let Some(state) = outcome.filter(|s| s.is_breach() || s.is_stopped()) else {
            out.skipped.undecided += 1;
            continue;
        };
        let breached = state.is_breach();
        out.clocks[clock.index()].add(f.at_risk, breached);
        out.overall.add(f.at_risk, breached);
        out.predictions.push(Prediction {
            job: job.id,
            stage: f.stage,
            moment: m,
            clock,
            at_risk: f.at_risk,
            breached,
            expected: f.expected,
            deadline: f.deadline,
            overrun: f.overrun,
            queue: f.queue,
            estimate: f.estimate,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::fixture::{H, M, MON, closed_fix_jobs, job, policy};
    use super::*;

    const T: i64 = MON + 2 * 24 * H;

    /// The fixture's three closed `fast` / `fix` jobs, and job 1, logged at T, responded
    /// after 40 minutes, attended at T+2h, resolved at T+3h.
    fn store() -> Vec<Job> {
        let mut jobs: Vec<Job> = closed_fix_jobs();
        jobs.push(job(
            1,
            "P1",
            "fix",
            T,
            &[
                ("responded", T + 40 * M),
                ("attended", T + 2 * H),
                ("resolved", T + 3 * H),
            ],
        ));
        jobs
    }

    fn spec() -> BacktestSpec {
        BacktestSpec {
            from: T,
            to: T + 24 * H,
            now: T + 2 * 24 * H,
            min_samples: 3,
            queue: true,
        }
    }

    fn at(b: &Backtest, job: i64, stage: Stage) -> Prediction {
        b.predictions
            .iter()
            .find(|p| p.job == job && p.stage == stage)
            .cloned()
            .unwrap()
    }

    #[test]
    fn each_stage_moment_is_judged_against_what_happened() {
        let p = policy();
        let b = backtest(&p, &store(), &Assignments::new(), &spec());
        assert_eq!((b.jobs, b.moments), (1, 3));
        let logged = at(&b, 1, Stage::Logged);
        // Only the three earlier jobs are known at T: median 20m of 10, 20, 30.
        assert_eq!(
            (logged.clock, logged.estimate.median, logged.estimate.samples),
            (ClockKind::Respond, 20 * M, 3)
        );
        assert_eq!(
            (logged.expected, logged.deadline),
            (Some(T + 20 * M), Some(T + H))
        );
        assert_eq!(at(&b, 1, Stage::Responded).clock, ClockKind::Attend);
        assert_eq!(at(&b, 1, Stage::Attended).clock, ClockKind::Resolve);
        // Nothing called at risk, nothing breached: three true negatives.
        assert_eq!(b.overall.true_negative, 3);
        assert_eq!(b.overall.total(), 3);
        assert_eq!((b.overall.precision(), b.overall.recall()), (None, None));
    }

    #[test]
    fn the_replay_never_uses_what_happened_after_the_moment() {
        let p = policy();
        let plain = backtest(&p, &store(), &Assignments::new(), &spec());
        // Planted: job 9, logged an hour before job 1, answered 6 hours later, after job
        // 1's logging. Known at T it would move the median from 20m to 25m.
        let mut planted = store();
        planted.push(job(9, "P1", "fix", T - H, &[("responded", T + 5 * H)]));
        // And job 2, logged once both answers are known, to show they are then used.
        planted.push(job(
            2,
            "P1",
            "fix",
            T + 6 * H,
            &[("responded", T + 6 * H + 10 * M)],
        ));
        let b = backtest(&p, &planted, &Assignments::new(), &spec());
        assert_eq!(at(&b, 1, Stage::Logged), at(&plain, 1, Stage::Logged));
        assert_eq!(at(&b, 1, Stage::Logged).estimate.samples, 3);
        // Job 1's own answer (40m) is not known at its logging either; at job 2's
        // logging both are: 10, 20, 30, 40m, 6h → median 30m.
        let later = at(&b, 2, Stage::Logged);
        assert_eq!((later.estimate.samples, later.estimate.median), (5, 30 * M));
    }

    #[test]
    fn technicians_are_taken_as_assigned_at_the_moment() {
        let p = policy();
        let mut jobs = store();
        // Job 3 is jan's from T-5m, due before job 1; job 1 goes to jan only at T+1h.
        jobs.push(job(3, "P1", "fix", T - 5 * M, &[("responded", T + 3 * H)]));
        let mut asg = Assignments::new();
        asg.insert(3, vec![(T - 5 * M, Some("jan".to_owned()))]);
        asg.insert(1, vec![(T, None), (T + H, Some("jan".to_owned()))]);
        let b = backtest(&p, &jobs, &asg, &spec());
        // At T job 1 has no technician: no queue.
        assert_eq!(at(&b, 1, Stage::Logged).queue, 0);
        // With jan from the start, job 3's rest (20m − 5m) is ahead of it.
        asg.insert(1, vec![(T, Some("jan".to_owned()))]);
        let b = backtest(&p, &jobs, &asg, &spec());
        assert_eq!(at(&b, 1, Stage::Logged).queue, 15 * M);
    }
}
