//! Forecasts for open jobs at `now`: where each job stands, the work queued ahead of it
//! for its technician, and when each of its running clocks is expected to stop.

use std::collections::HashMap;

use super::history::{Estimate, History};
use super::stages::{ClockTrace, Stage, stage_at};
use crate::job::EventKind;
use crate::job::Job;
use crate::policy::{ClockKind, Policy, Tier};

/// A running clock of an open job, as the forecast needs it.
#[derive(Debug, Clone)]
struct Look {
    kind: ClockKind,
    deadline: Option<i64>,
    /// Business seconds left before the deadline (negative once over).
    remaining: i64,
    breached: bool,
    /// Business seconds this clock has counted since the job entered its stage.
    progress: i64,
    estimate: Option<Estimate>,
}

impl Look {
    /// Business time still expected before this clock stops, by the median or the
    /// 80th percentile: what the history says the stage takes, less what it has had.
    fn left(&self, p80: bool) -> Option<i64> {
        let e = self.estimate?;
        Some(((if p80 { e.p80 } else { e.median }) - self.progress).max(0))
    }
}

/// An open job at `now`, before the work queued ahead of it is counted.
#[derive(Debug, Clone)]
pub struct Standing<'a> {
    pub job: i64,
    pub technician: Option<&'a str>,
    /// On hold: its technician is not working on it, so it holds up no one.
    pub paused: bool,
    pub stage: Stage,
    /// When the job entered its stage.
    pub since: i64,
    tier: &'a Tier,
    /// The clocks still running (or paused), in respond, attend, resolve order.
    looks: Vec<Look>,
}

/// Is `job` on hold at `upto`?
fn held(job: &Job, upto: i64) -> bool {
    job.clock_log
        .iter()
        .rev()
        .filter(|e| e.at <= upto)
        .find_map(|e| match e.k {
            EventKind::Paused => Some(true),
            EventKind::Resumed | EventKind::Resolved => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

impl<'a> Standing<'a> {
    /// Where `job` stands at `now` (its entries after `now` ignored), assigned to
    /// `technician`; `None` when it is resolved or the policy cannot place it.
    #[must_use]
    pub fn of(
        policy: &'a Policy,
        history: &History,
        job: &Job,
        technician: Option<&'a str>,
        now: i64,
    ) -> Option<Self> {
        let (stage, since) = stage_at(job, now)?;
        let sla = job.evaluate(policy, now).ok()?;
        if sla.resolved {
            return None;
        }
        let tier = sla.matched.tier;
        let looks = sla
            .clocks
            .iter()
            .filter(|c| !c.state.is_stopped())
            .map(|c| Look {
                kind: c.kind,
                deadline: c.deadline,
                remaining: c.remaining,
                breached: c.state.is_breach(),
                progress: ClockTrace::of(job, tier, &policy.pause_reasons, c.kind, now)
                    .business(tier, since, now),
                estimate: history.estimate(&tier.name, sla.job_type.as_deref(), stage, c.kind),
            })
            .collect();
        Some(Self {
            job: job.id,
            technician,
            paused: held(job, now),
            stage,
            since,
            tier,
            looks,
        })
    }

    /// The clock the job's next step stops: the first one still running (in a tier
    /// without that step's clock, the next one the tier has), if any.
    #[must_use]
    pub fn next_clock(&self) -> Option<ClockKind> {
        self.looks.first().map(|l| l.kind)
    }

    /// The order of the technician's queue: the deadline of the next clock, jobs with
    /// none last, then the job id.
    fn order(&self) -> (i64, i64) {
        (
            self.looks.first().and_then(|l| l.deadline).unwrap_or(i64::MAX),
            self.job,
        )
    }

    /// The technician's time this job still takes: its current stage's expected rest.
    fn work(&self) -> i64 {
        if self.paused {
            return 0;
        }
        self.looks.first().and_then(|l| l.left(false)).unwrap_or(0)
    }

    /// The forecast of each running clock with an estimate, `queue` business seconds of
    /// other work waiting ahead of the job.
    #[must_use]
    pub fn forecasts(&self, queue: i64, now: i64) -> Vec<Forecast> {
        let cal = &self.tier.calendar;
        self.looks
            .iter()
            .filter_map(|l| {
                let estimate = l.estimate?;
                let need = queue + l.left(false)?;
                let need_p80 = queue + l.left(true)?;
                // A breached clock is a fact, not a forecast: `list --breached` shows it.
                let at_risk = !l.breached && need > l.remaining;
                Some(Forecast {
                    job: self.job,
                    clock: l.kind,
                    stage: self.stage,
                    expected: cal.add(now, need),
                    expected_p80: cal.add(now, need_p80),
                    deadline: l.deadline,
                    at_risk,
                    overrun: if at_risk { need - l.remaining } else { 0 },
                    breached: l.breached,
                    queue,
                    estimate,
                })
            })
            .collect()
    }
}

/// When a clock of an open job is expected to stop, and whether that is too late.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Forecast {
    pub job: i64,
    pub clock: ClockKind,
    /// The stage the job is in; `estimate` is for that stage to this clock's stop.
    pub stage: Stage,
    /// `now` advanced on the tier's calendar by the queue ahead plus the median rest of
    /// the stage; never before `now`. `None` past the calendar's horizon.
    pub expected: Option<i64>,
    /// The same with the 80th percentile.
    pub expected_p80: Option<i64>,
    pub deadline: Option<i64>,
    /// The expected stop passes the deadline of a clock not yet breached.
    pub at_risk: bool,
    /// Business seconds by which the expected stop passes the deadline (0 unless at risk).
    pub overrun: i64,
    /// The clock has already breached (then never `at_risk`).
    pub breached: bool,
    /// Business seconds of the technician's work queued ahead of this job.
    pub queue: i64,
    pub estimate: Estimate,
}

/// The work queued ahead of each job, in business seconds.
///
/// A technician is taken to work through their open jobs one at a time, most urgent
/// first: ordered by the deadline of the clock each job's next step stops. Ahead of a
/// job are that technician's other open jobs earlier in that order; each counts for
/// what its current stage is still expected to take (the median less the time it has
/// had, so a job nearly done weighs little). Paused jobs count for nothing: the
/// customer holds them, not the technician. Jobs without a technician have no queue.
/// This is the expected remaining work rather than a count × median because it tells
/// a technician with five jobs about to finish from one with five just started.
#[must_use]
pub fn queues(standings: &[Standing<'_>]) -> Vec<i64> {
    let mut by_tech: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in standings.iter().enumerate() {
        if let Some(t) = s.technician {
            by_tech.entry(t).or_default().push(i);
        }
    }
    let mut out = vec![0; standings.len()];
    for mut idx in by_tech.into_values() {
        idx.sort_by_key(|&i| standings[i].order());
        let mut ahead = 0;
        for i in idx {
            out[i] = ahead;
            ahead += standings[i].work();
        }
    }
    out
}

/// Forecasts for every running clock of every open job in `jobs` (resolved ones are
/// skipped) at `now`, from `history`. The queues count all of `jobs`: pass every open
/// job, filter afterwards.
#[must_use]
pub fn forecast_open<'a>(
    policy: &'a Policy,
    history: &History,
    jobs: impl IntoIterator<Item = &'a Job>,
    now: i64,
) -> Vec<Forecast> {
    outlook(policy, history, jobs, now).0
}

/// [`forecast_open`], and the work queued per technician: the business seconds their
/// open jobs are still expected to take ([`queues`]' measure, over all their jobs), by
/// the name as the jobs spell it.
#[must_use]
pub fn outlook<'a>(
    policy: &'a Policy,
    history: &History,
    jobs: impl IntoIterator<Item = &'a Job>,
    now: i64,
) -> (Vec<Forecast>, HashMap<String, i64>) {
    let standings: Vec<Standing<'_>> = jobs
        .into_iter()
        .filter_map(|j| Standing::of(policy, history, j, j.technician.as_deref(), now))
        .collect();
    // Only what has an estimate: a technician whose jobs have none is left out (not
    // known), rather than shown with nothing queued.
    let mut queued: HashMap<String, i64> = HashMap::new();
    for s in &standings {
        if let Some(t) = s.technician
            && s.looks.first().and_then(|l| l.left(false)).is_some()
        {
            *queued.entry(t.to_owned()).or_default() += s.work();
        }
    }
    let q = queues(&standings);
    let forecasts = standings
        .iter()
        .zip(q)
        .flat_map(|(s, q)| s.forecasts(q, now))
        .collect();
    (forecasts, queued)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::fixture::{H, M, MON, closed_fix_jobs, job, policy, with_tech};
    use super::*;
    use ClockKind::{Attend, Resolve, Respond};

    /// The history of the fixture's three closed `fast` / `fix` jobs.
    fn history(p: &Policy) -> History {
        let done: Vec<Job> = closed_fix_jobs();
        History::from_jobs(p, &done, MON + 2 * 24 * H, 3)
    }

    fn of(all: &[Forecast], job: i64, clock: ClockKind) -> Forecast {
        all.iter()
            .find(|f| f.job == job && f.clock == clock)
            .cloned()
            .unwrap()
    }

    #[test]
    fn expected_stop_and_overrun_by_hand() {
        let p = policy();
        let h = history(&p);
        let now = MON + 3 * 24 * H;
        // Logged 15 minutes ago: respond median 20m, p80 30m (rank ⌈2.4⌉ = 3).
        let a = job(1, "P1", "fix", now - 15 * M, &[]);
        // Responded 50 minutes after logging, 10 minutes ago: attend (4h window) has 3h
        // left; responded→attend takes 60m, 50m to go. Not at risk.
        let b = job(2, "P1", "fix", now - 60 * M, &[("responded", now - 10 * M)]);
        let f = forecast_open(&p, &h, &[a, b], now);
        let r = of(&f, 1, Respond);
        assert_eq!(
            (r.stage, r.estimate.median, r.estimate.p80),
            (Stage::Logged, 20 * M, 30 * M)
        );
        assert_eq!(
            (r.expected, r.expected_p80),
            (Some(now + 5 * M), Some(now + 15 * M))
        );
        assert_eq!(
            (r.deadline, r.at_risk, r.overrun, r.queue),
            (Some(now + 45 * M), false, 0, 0)
        );
        // Logged→resolve: 10+180, 20+180, 30+180 minutes → median 200m, 15 spent.
        assert_eq!(of(&f, 1, Resolve).expected, Some(now + 185 * M));
        let b_att = of(&f, 2, Attend);
        assert_eq!(
            (b_att.stage, b_att.expected, b_att.at_risk),
            (Stage::Responded, Some(now + 50 * M), false)
        );
        assert!(
            f.iter().all(|x| !(x.job == 2 && x.clock == Respond)),
            "the respond clock has stopped"
        );
    }

    #[test]
    fn a_job_is_at_risk_when_the_expected_stop_passes_the_deadline() {
        let p = policy();
        let h = history(&p);
        let now = MON + 3 * 24 * H;
        // Logged 3h50m ago, responded 10m ago: the attend window (4h) has 10m left, the
        // stage takes 60m → 50m expected, 40m late; p80 the same (all three took 60m).
        let b = job(2, "P1", "fix", now - 230 * M, &[("responded", now - 10 * M)]);
        let f = forecast_open(&p, &h, &[b], now);
        let att = of(&f, 2, Attend);
        assert!(att.at_risk);
        assert_eq!(
            (att.overrun, att.expected, att.deadline),
            (40 * M, Some(now + 50 * M), Some(now + 10 * M))
        );
        // A clock already breached is not "at risk": it is breached.
        let c = job(3, "P1", "fix", now - 2 * H, &[]);
        let r = of(&forecast_open(&p, &h, &[c], now), 3, Respond);
        assert!(r.breached && !r.at_risk && r.overrun == 0);
    }

    #[test]
    fn the_technicians_queue_delays_jobs_with_later_deadlines() {
        let p = policy();
        let h = history(&p);
        let now = MON + 3 * 24 * H;
        // jan: job 1 (deadline in 50m) is 10m into its 20m response stage → 10m of work;
        // job 2 (paused by the customer, deadline 52m) counts for nothing; job 3
        // (deadline 55m) waits 10m, needs 15m more itself: 25m, still fine; job 4 has no
        // technician, so no queue.
        let j1 = with_tech(job(1, "P1", "fix", now - 10 * M, &[]), "jan");
        let j2 = with_tech(
            job(
                2,
                "P1",
                "fix",
                now - 8 * M,
                &[("paused:waiting on customer", now - M)],
            ),
            "jan",
        );
        let j3 = with_tech(job(3, "P1", "fix", now - 5 * M, &[]), "jan");
        let j4 = job(4, "P1", "fix", now - 5 * M, &[]);
        let f = forecast_open(&p, &h, &[j3, j1, j2, j4], now);
        assert_eq!(of(&f, 1, Respond).queue, 0);
        assert_eq!(of(&f, 2, Respond).queue, 10 * M);
        let r3 = of(&f, 3, Respond);
        assert_eq!(
            (r3.queue, r3.expected, r3.at_risk),
            (10 * M, Some(now + 25 * M), false)
        );
        assert_eq!(of(&f, 4, Respond).queue, 0);
        // The queue counts towards every clock of the job.
        assert_eq!(of(&f, 3, Resolve).expected, Some(now + 10 * M + 195 * M));
        // Job 5 of jan, logged 3h ago and responded 5m ago: its attend deadline is in
        // 60m, after jobs 1 and 3; the visit is 55m away by itself (in time), but
        // behind 10m + 15m of jan's work it is 20m late.
        let j5 = with_tech(
            job(5, "P1", "fix", now - 3 * H, &[("responded", now - 5 * M)]),
            "jan",
        );
        let alone = forecast_open(&p, &h, std::slice::from_ref(&j5), now);
        assert!(!of(&alone, 5, Attend).at_risk, "alone it is in time");
        let j1 = with_tech(job(1, "P1", "fix", now - 10 * M, &[]), "jan");
        let j3 = with_tech(job(3, "P1", "fix", now - 5 * M, &[]), "jan");
        let f = forecast_open(&p, &h, &[j1, j3, j5], now);
        let a5 = of(&f, 5, Attend);
        assert_eq!((a5.queue, a5.at_risk, a5.overrun), (25 * M, true, 20 * M));
        assert_eq!((a5.expected, a5.deadline), (Some(now + 80 * M), Some(now + H)));
    }
}
