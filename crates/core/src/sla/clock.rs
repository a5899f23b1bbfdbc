//! One clock: running segments from the job's events, then elapsed, deadline, state.

use super::{ClockEvent, ClockEventKind, ClockState, ClockStatus, Crossing, Exclusion};
use crate::calendar::Calendar;
use crate::policy::{ClockKind, PauseReason};
use crate::time::duration::Window;

/// Everything one clock depends on.
#[derive(Debug, Clone, Copy)]
pub struct ClockInput<'a> {
    pub kind: ClockKind,
    pub window: Window,
    pub calendar: &'a Calendar,
    /// The tier lists this clock under `pause`.
    pub pausable: bool,
    /// Warning fractions, ascending, each in (0, 1).
    pub warn: &'a [f64],
    /// Fractions at which the tier escalates automatically, each in (0, 1].
    pub escalate: &'a [f64],
    /// The policy's pause reasons (a reason not listed stops the clock, the default).
    pub reasons: &'a [PauseReason],
    /// The job's logging time.
    pub started: i64,
    /// The job's events in the order they happened.
    pub events: &'a [ClockEvent],
}

/// A pause in progress, as one clock sees it.
struct Hold {
    from: i64,
    reason: String,
    /// It stops this clock (customer-caused, and the tier pauses this clock).
    stops_clock: bool,
    /// The reason is the provider's own delay (`stops_clock = false` in the policy).
    provider: bool,
}

impl Hold {
    /// Ends the pause at `to` (still going on: `None`, counted up to `now`) and files
    /// it as excluded or not. Returns whether it stopped the clock.
    fn close(
        self,
        cal: &Calendar,
        to: Option<i64>,
        now: i64,
        excluded: &mut Vec<Exclusion>,
        kept: &mut Vec<Exclusion>,
    ) -> bool {
        let ex = Exclusion {
            from: self.from,
            to,
            reason: self.reason,
            business_secs: cal.elapsed(self.from, to.unwrap_or(now)),
            provider_delay: self.provider,
        };
        if self.stops_clock {
            excluded.push(ex);
        } else {
            kept.push(ex);
        }
        self.stops_clock
    }
}

/// Does this event stop this clock? Attending also answers the response; resolving
/// ends every clock still running (a job fixed remotely needs no visit).
fn stops(clock: ClockKind, kind: &ClockEventKind) -> bool {
    match kind {
        ClockEventKind::Responded => clock == ClockKind::Respond,
        ClockEventKind::Attended => matches!(clock, ClockKind::Respond | ClockKind::Attend),
        ClockEventKind::Resolved => true,
        _ => false,
    }
}

/// Where the business time counted along `segs` reaches `target`. The last segment
/// may be open-ended (`None`): the clock is still running.
fn instant_at(cal: &Calendar, segs: &[(i64, Option<i64>)], target: i64) -> Option<i64> {
    let mut acc = 0;
    for &(from, to) in segs {
        match to {
            Some(to) => {
                let e = cal.elapsed(from, to);
                if acc + e >= target {
                    return cal.add(from, target - acc);
                }
                acc += e;
            }
            None => return cal.add(from, target - acc),
        }
    }
    None
}

/// Evaluates one clock at `now`. Events after `now` are ignored, so the same code
/// answers "where did this stand last Tuesday?".
#[must_use]
pub fn evaluate_clock(input: &ClockInput<'_>, now: i64) -> ClockStatus {
    let cal = input.calendar;
    let start = input.started;
    let mut segs: Vec<(i64, Option<i64>)> = Vec::with_capacity(2);
    let mut excluded = Vec::new();
    let mut not_excluded = Vec::new();
    let mut open: Option<i64> = Some(start);
    let mut paused: Option<Hold> = None;
    let mut stopped_at: Option<i64> = None;

    for ev in input.events.iter().filter(|e| e.at <= now) {
        let at = ev.at.max(start);
        match &ev.kind {
            k if stops(input.kind, k) => {
                if stopped_at.is_some() {
                    continue;
                }
                if let Some(s) = open.take() {
                    segs.push((s, Some(at)));
                }
                // A pause still open at the stop ends there, for this clock.
                if let Some(p) = paused.take() {
                    p.close(cal, Some(at), now, &mut excluded, &mut not_excluded);
                }
                stopped_at = Some(at);
            }
            ClockEventKind::Reopened => {
                if input.kind == ClockKind::Resolve
                    && let Some(done) = stopped_at.take()
                {
                    excluded.push(Exclusion {
                        from: done,
                        to: Some(at),
                        reason: Exclusion::REOPEN_GAP.to_owned(),
                        business_secs: cal.elapsed(done, at),
                        provider_delay: false,
                    });
                    if !paused.as_ref().is_some_and(|p| p.stops_clock) {
                        open = Some(at);
                    }
                }
            }
            ClockEventKind::Paused { reason } => {
                if paused.is_some() || stopped_at.is_some() {
                    continue;
                }
                // Unknown reasons count as customer-caused, like `stops_clock`'s default.
                let customer_caused = PauseReason::find(input.reasons, reason).is_none_or(|r| r.stops_clock);
                let stops_clock = input.pausable && customer_caused;
                if stops_clock && let Some(s) = open.take() {
                    segs.push((s, Some(at)));
                }
                paused = Some(Hold {
                    from: at,
                    reason: reason.clone(),
                    stops_clock,
                    provider: !customer_caused,
                });
            }
            ClockEventKind::Resumed => {
                if let Some(p) = paused.take()
                    && p.close(cal, Some(at), now, &mut excluded, &mut not_excluded)
                    && stopped_at.is_none()
                {
                    open = Some(at);
                }
            }
            _ => {}
        }
    }
    let mut paused_for = None;
    if let Some(p) = paused {
        let reason = p.reason.clone();
        if p.close(cal, None, now, &mut excluded, &mut not_excluded) {
            paused_for = Some(reason);
        }
    }
    if let Some(s) = open {
        segs.push((s, None));
    }

    let elapsed: i64 = segs
        .iter()
        .map(|&(from, to)| cal.elapsed(from, to.unwrap_or(now)))
        .sum();
    let target = match input.window {
        Window::Business(s) => Some(s),
        Window::BusinessDays(n) => cal.business_days_end(start, n).map(|end| cal.elapsed(start, end)),
    };
    // Past the horizon a deadline cannot be reached: the clock can never breach.
    let target = target.unwrap_or(i64::MAX / 4);
    let remaining = target - elapsed;
    let deadline = if elapsed >= target || open.is_some() {
        instant_at(cal, &segs, target)
    } else {
        // Stopped early or paused: where it falls from the stop, or if resumed now.
        cal.add(stopped_at.unwrap_or(now), remaining)
    };

    let mark = |f: f64| {
        // The breach is one business second past the window (elapsed > target).
        if f >= 1.0 {
            return Crossing {
                fraction: 1.0,
                at_secs: target,
                crossed_at: if elapsed > target { deadline } else { None },
            };
        }
        let at_secs = ((f * target as f64).ceil() as i64).max(1);
        Crossing {
            fraction: f,
            at_secs,
            crossed_at: (elapsed >= at_secs)
                .then(|| instant_at(cal, &segs, at_secs))
                .flatten(),
        }
    };
    let mut crossings: Vec<Crossing> = input.warn.iter().map(|&f| mark(f)).collect();
    crossings.push(mark(1.0));
    let escalations: Vec<Crossing> = input.escalate.iter().map(|&f| mark(f)).collect();

    let state = match stopped_at {
        Some(_) if elapsed > target => ClockState::MetLate,
        Some(_) => ClockState::Met,
        None if elapsed > target => ClockState::Breached,
        None if paused_for.is_some() => ClockState::Paused,
        None => ClockState::Running,
    };
    ClockStatus {
        kind: input.kind,
        state,
        window: input.window,
        target,
        started: start,
        elapsed,
        remaining,
        deadline,
        stopped_at,
        fraction: elapsed as f64 / target as f64,
        crossings,
        escalations,
        excluded,
        not_excluded,
        paused_for: if stopped_at.is_some() { None } else { paused_for },
        open_now: cal.is_open(now),
    }
}
