//! A job's stages as the forecast sees them: when each clock first stopped, which stage
//! an open job is in, and business time between two instants on one clock with the
//! pauses that stop that clock left out (the same rules as `sla::evaluate_clock`).

use serde::Serialize;

use crate::job::EventKind;
use crate::job::{ClockEntry, Job};
use crate::policy::{ClockKind, PauseReason, Policy, Tier};

/// Where a job stands, named after the last step it reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Waiting for the first response.
    Logged,
    /// Responded, waiting for the technician on site.
    Responded,
    /// On site (or reopened), waiting for the resolution.
    Attended,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Logged, Stage::Responded, Stage::Attended];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Stage::Logged => "logged",
            Stage::Responded => "responded",
            Stage::Attended => "attended",
        }
    }

    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }

    /// The clock that reaching the next stage stops.
    #[must_use]
    pub fn next_clock(self) -> ClockKind {
        match self {
            Stage::Logged => ClockKind::Respond,
            Stage::Responded => ClockKind::Attend,
            Stage::Attended => ClockKind::Resolve,
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Does an entry of this kind stop this clock? As in `sla::clock`: attending also
/// answers the response, resolving ends every clock.
fn stops(clock: ClockKind, k: EventKind) -> bool {
    match k {
        EventKind::Responded => clock == ClockKind::Respond,
        EventKind::Attended => matches!(clock, ClockKind::Respond | ClockKind::Attend),
        EventKind::Resolved => true,
        _ => false,
    }
}

/// The job's clock-relevant entries up to and including `upto`, in log order.
fn entries(job: &Job, upto: i64) -> impl Iterator<Item = &ClockEntry> {
    job.clock_log.iter().filter(move |e| e.at <= upto)
}

/// The first stop of a clock: when, and the kind of entry that stopped it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    pub at: i64,
    /// True when the stop was this clock's own step (`responded` for respond,
    /// `attended` for attend, `resolved` for resolve), not a later one.
    pub own: bool,
}

/// The first stop of `clock` by `upto`.
#[must_use]
pub fn first_stop(job: &Job, clock: ClockKind, upto: i64) -> Option<Stop> {
    let own = match clock {
        ClockKind::Respond => EventKind::Responded,
        ClockKind::Attend => EventKind::Attended,
        ClockKind::Resolve => EventKind::Resolved,
    };
    entries(job, upto).find(|e| stops(clock, e.k)).map(|e| Stop {
        at: e.at.max(job.created_at),
        own: e.k == own,
    })
}

/// The stage an open job is in at `upto`, and when it entered it; `None` once resolved.
/// A reopened job is back in the attended stage from the reopening: the rework starts
/// there.
#[must_use]
pub fn stage_at(job: &Job, upto: i64) -> Option<(Stage, i64)> {
    let mut resolved = false;
    let mut reopened = None;
    for e in entries(job, upto) {
        match e.k {
            EventKind::Resolved => resolved = true,
            EventKind::Reopened => {
                resolved = false;
                reopened = Some(e.at.max(job.created_at));
            }
            _ => {}
        }
    }
    if resolved {
        return None;
    }
    if let Some(s) = first_stop(job, ClockKind::Attend, upto) {
        return Some((Stage::Attended, reopened.unwrap_or(s.at).max(s.at)));
    }
    if let Some(s) = first_stop(job, ClockKind::Respond, upto) {
        return Some((Stage::Responded, s.at));
    }
    Some((Stage::Logged, job.created_at))
}

/// One clock of one job: the stretches its business time leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockTrace {
    /// `[from, to)`: pauses that stop this clock, and for the resolve clock the time
    /// between a resolution and its reopening. `to` is `i64::MAX` while still held.
    excluded: Vec<(i64, i64)>,
}

impl ClockTrace {
    /// The trace of `clock` of `job` on `tier`, from the entries up to `upto`.
    #[must_use]
    pub fn of(job: &Job, tier: &Tier, reasons: &[PauseReason], clock: ClockKind, upto: i64) -> Self {
        let pausable = tier.pauses(clock);
        let mut excluded = Vec::new();
        // (from, stops this clock) of the pause in progress.
        let mut held: Option<(i64, bool)> = None;
        let mut stopped: Option<i64> = None;
        for e in entries(job, upto) {
            let at = e.at.max(job.created_at);
            match e.k {
                k if stops(clock, k) => {
                    if stopped.is_some() {
                        continue;
                    }
                    // A pause still open at the stop ends there, for this clock.
                    if let Some((from, true)) = held.take() {
                        excluded.push((from, at));
                    }
                    stopped = Some(at);
                }
                EventKind::Reopened => {
                    if clock == ClockKind::Resolve
                        && let Some(done) = stopped.take()
                    {
                        excluded.push((done, at));
                    }
                }
                EventKind::Paused => {
                    if held.is_some() || stopped.is_some() {
                        continue;
                    }
                    // Unknown reasons count as customer-caused, as the clocks do.
                    let reason = e.reason().unwrap_or_default();
                    let customer = PauseReason::find(reasons, reason).is_none_or(|r| r.stops_clock);
                    held = Some((at, pausable && customer));
                }
                EventKind::Resumed => {
                    if let Some((from, true)) = held.take() {
                        excluded.push((from, at));
                    }
                }
                _ => {}
            }
        }
        if let Some((from, true)) = held {
            excluded.push((from, i64::MAX));
        }
        Self { excluded }
    }

    /// Business seconds this clock counts inside `[a, b)` on `tier`'s calendar.
    #[must_use]
    pub fn business(&self, tier: &Tier, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        self.less_held(tier, a, b, tier.calendar.elapsed(a, b))
    }

    /// `open`, the calendar's business seconds inside `[a, b)`, less those held.
    fn less_held(&self, tier: &Tier, a: i64, b: i64, open: i64) -> i64 {
        let cal = &tier.calendar;
        let held: i64 = self
            .excluded
            .iter()
            .filter(|&&(from, to)| from < b && to > a)
            .map(|&(from, to)| cal.elapsed(from.max(a), to.min(b)))
            .sum();
        (open - held).max(0)
    }
}

/// The type of `job` in force at `t`: re-prioritisations may change it.
fn type_at(job: &Job, t: i64) -> Option<&str> {
    let mut reprios = job.clock_log.iter().filter(|e| e.k == EventKind::Reprioritized);
    let Some(first) = reprios.next() else {
        return job.job_type.as_deref();
    };
    let mut ty = first.from_type();
    for e in std::iter::once(first).chain(reprios).filter(|e| e.at <= t) {
        if let Some(new) = e.job_type() {
            ty = Some(new);
        }
    }
    ty
}

/// The tier and type `job` was under at `t`: the recorded tier unless the job was
/// re-prioritised (then matched again as of `t`). `None` when the policy in force has
/// no such tier any more.
#[must_use]
pub fn key_at<'a>(policy: &'a Policy, job: &'a Job, t: i64) -> Option<(&'a Tier, Option<&'a str>)> {
    let tier = if job.clock_log.iter().any(|e| e.k == EventKind::Reprioritized) {
        job.evaluate(policy, t).ok()?.matched.tier
    } else {
        policy.tier(&job.tier)?
    };
    Some((tier, type_at(job, t)))
}

/// When the job entered each stage by `upto`, in [`Stage`] order: logging; the
/// response, when it came strictly before the visit (or the resolution); the visit,
/// when it came strictly before the resolution. A stage left the instant it was
/// entered is no stage, so a same-second response and visit count as a visit.
#[must_use]
pub fn entered(job: &Job, upto: i64) -> [Option<i64>; 3] {
    let stop = ClockKind::ALL.map(|c| first_stop(job, c, upto));
    let own_before = |i: usize| {
        stop[i]
            .filter(|s| s.own && stop[i + 1].is_none_or(|next| s.at < next.at))
            .map(|s| s.at)
    };
    [Some(job.created_at), own_before(0), own_before(1)]
}

/// One observed transition: from the start of `stage` to the first stop of `clock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample<'a> {
    pub tier: &'a str,
    pub job_type: Option<&'a str>,
    pub stage: Stage,
    pub clock: ClockKind,
    /// When the transition ended: from this instant on it is known.
    pub end: i64,
    /// Business seconds it took on the clock's terms (its pauses left out).
    pub secs: i64,
}

/// Every transition of `job` that ended by `upto`: for each stage the job really was
/// in (see [`entered`]), the business time from entering it to the first stop of
/// each clock it precedes. First stops only: a later reopening never revises a sample.
pub fn samples<'a>(policy: &'a Policy, job: &'a Job, upto: i64, mut f: impl FnMut(Sample<'a>)) {
    let stop = ClockKind::ALL.map(|c| first_stop(job, c, upto));
    let Some(first_end) = stop.iter().flatten().map(|s| s.at).min() else {
        return;
    };
    let starts = entered(job, upto);
    // The tier and type rarely change; look them up once unless the job was re-prioritised.
    let fixed = key_at(policy, job, first_end);
    let reprioritized = job.clock_log.iter().any(|e| e.k == EventKind::Reprioritized);
    // Business time from logging to each stop, on the one calendar of a job that kept
    // its tier: a stage's time is then a difference, three calendar walks per job
    // instead of one per sample (a history may hold millions).
    let cum = match fixed {
        Some((tier, _)) if !reprioritized => {
            stop.map(|s| s.map(|s| tier.calendar.elapsed(job.created_at, s.at)))
        }
        _ => [None; 3],
    };
    let cum_start = [Some(0), cum[0], cum[1]];
    let mut traces: [Option<ClockTrace>; 3] = [None, None, None];
    for stage in Stage::ALL {
        let Some(start) = starts[stage.index()] else {
            continue;
        };
        for clock in &ClockKind::ALL[stage.next_clock().index()..] {
            let Some(end) = stop[clock.index()].map(|s| s.at) else {
                continue;
            };
            let key = if reprioritized {
                key_at(policy, job, end)
            } else {
                fixed
            };
            let Some((tier, job_type)) = key else { continue };
            // A re-prioritised job may have moved to a tier that pauses other clocks.
            let slot = &mut traces[clock.index()];
            if reprioritized || slot.is_none() {
                *slot = Some(ClockTrace::of(job, tier, &policy.pause_reasons, *clock, upto));
            }
            let Some(trace) = slot.as_ref() else { continue };
            f(Sample {
                tier: &tier.name,
                job_type,
                stage,
                clock: *clock,
                end,
                secs: match (cum_start[stage.index()], cum[clock.index()]) {
                    (Some(a), Some(b)) => trace.less_held(tier, start, end, b - a),
                    _ => trace.business(tier, start, end),
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::fixture::{H, M, MON, job, policy};
    use super::*;
    use ClockKind::{Attend, Resolve, Respond};
    use Stage::{Attended, Logged, Responded};

    fn all(j: &Job, upto: i64) -> Vec<(Stage, ClockKind, i64, i64)> {
        let p = policy();
        let mut out = Vec::new();
        samples(&p, j, upto, |s| {
            assert_eq!((s.tier, s.job_type), ("fast", Some("fix")));
            out.push((s.stage, s.clock, s.end - j.created_at, s.secs));
        });
        out
    }

    #[test]
    fn every_stage_to_every_later_clock_on_a_24x7_calendar() {
        let t = MON + 10 * H;
        let j = job(
            1,
            "P1",
            "fix",
            t,
            &[
                ("responded", t + 20 * M),
                ("attended", t + H),
                ("resolved", t + 3 * H),
            ],
        );
        assert_eq!(
            all(&j, i64::MAX),
            [
                (Logged, Respond, 20 * M, 20 * M),
                (Logged, Attend, H, H),
                (Logged, Resolve, 3 * H, 3 * H),
                (Responded, Attend, H, 40 * M),
                (Responded, Resolve, 3 * H, 160 * M),
                (Attended, Resolve, 3 * H, 2 * H),
            ]
        );
    }

    #[test]
    fn a_customer_pause_is_left_out_of_the_clocks_it_stops_only() {
        let t = MON + 10 * H;
        let steps = |reason: &'static str| {
            [
                ("responded", t + 20 * M),
                ("attended", t + H),
                (reason, t + 90 * M),
                ("resumed", t + 2 * H),
                ("resolved", t + 3 * H),
            ]
        };
        // `fast` pauses only resolve: 30 minutes come off each resolve sample.
        let j = job(1, "P1", "fix", t, &steps("paused:waiting on customer"));
        let got = all(&j, i64::MAX);
        assert_eq!(got[2], (Logged, Resolve, 3 * H, 150 * M));
        assert_eq!(got[4], (Responded, Resolve, 3 * H, 130 * M));
        assert_eq!(got[5], (Attended, Resolve, 3 * H, 90 * M));
        // The provider's own delay does not stop the clock.
        let j = job(1, "P1", "fix", t, &steps("paused:waiting for parts"));
        assert_eq!(all(&j, i64::MAX)[5], (Attended, Resolve, 3 * H, 2 * H));
    }

    #[test]
    fn business_time_skips_closed_hours() {
        // Friday 16:00 → Monday 10:00 on 09:00-17:00 weekdays: 1 h + 1 h.
        let fri = MON + 4 * 24 * H;
        let j = job(
            1,
            "P2",
            "fix",
            fri + 16 * H,
            &[("responded", fri + 3 * 24 * H + 10 * H)],
        );
        let p = policy();
        let mut got = Vec::new();
        samples(&p, &j, i64::MAX, |s| got.push((s.tier, s.stage, s.clock, s.secs)));
        assert_eq!(got, [("slow", Logged, Respond, 2 * H)]);
    }

    #[test]
    fn a_visit_without_a_response_skips_the_responded_stage() {
        let t = MON;
        let j = job(1, "P1", "fix", t, &[("attended", t + H), ("resolved", t + 2 * H)]);
        let got = all(&j, i64::MAX);
        assert!(got.iter().all(|s| s.0 != Responded), "{got:?}");
        assert_eq!(got[0], (Logged, Respond, H, H));
        assert_eq!(got[1], (Logged, Attend, H, H));
        assert_eq!(got[3], (Attended, Resolve, 2 * H, H));
    }

    #[test]
    fn nothing_after_upto_is_seen() {
        let t = MON;
        let j = job(
            1,
            "P1",
            "fix",
            t,
            &[
                ("responded", t + 20 * M),
                ("attended", t + H),
                ("resolved", t + 3 * H),
            ],
        );
        let got = all(&j, t + H - 1);
        assert_eq!(got, [(Logged, Respond, 20 * M, 20 * M)]);
        assert_eq!(stage_at(&j, t + H - 1), Some((Responded, t + 20 * M)));
    }

    #[test]
    fn stages_of_an_open_job() {
        let t = MON;
        let j = job(
            1,
            "P1",
            "fix",
            t,
            &[
                ("responded", t + M),
                ("attended", t + H),
                ("resolved", t + 2 * H),
                ("reopened", t + 5 * H),
            ],
        );
        assert_eq!(stage_at(&j, t), Some((Logged, t)));
        assert_eq!(stage_at(&j, t + 30 * M), Some((Responded, t + M)));
        assert_eq!(stage_at(&j, t + H), Some((Attended, t + H)));
        assert_eq!(stage_at(&j, t + 3 * H), None);
        // Reopened: back to the attended stage, from the reopening.
        assert_eq!(stage_at(&j, t + 6 * H), Some((Attended, t + 5 * H)));
    }

    #[test]
    fn the_resolve_clock_leaves_out_the_time_between_resolve_and_reopen() {
        let p = policy();
        let t = MON;
        let j = job(1, "P1", "fix", t, &[("resolved", t + H), ("reopened", t + 3 * H)]);
        let tier = p.tier("fast").unwrap();
        let tr = ClockTrace::of(&j, tier, &p.pause_reasons, Resolve, t + 4 * H);
        assert_eq!(tr.business(tier, t, t + 4 * H), 2 * H);
        let sla = j.evaluate(&p, t + 4 * H).unwrap();
        assert_eq!(sla.clock(Resolve).unwrap().elapsed, 2 * H);
    }
}
