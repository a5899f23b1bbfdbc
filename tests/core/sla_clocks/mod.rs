//! Hand-computed cases for the SLA clock engine (DESIGN.md §3, "Windows and clocks"
//! and "Matching").
//!
//! Every expected instant is written as RFC 3339 in Europe/Amsterdam with a comment
//! saying how it follows from the calendar. The "office" calendar (Europe/Amsterdam):
//! mon-thu 08:00-12:00 + 13:00-17:00 (8h a day), fri 08:00-12:00 + 13:00-16:00 (7h),
//! weekend closed; holidays 2026-12-25, 2026-12-26, 2027-01-01; special days
//! 2026-12-24 and 2026-12-31 open 08:00-12:00 only.
//!
//! Dates used: 2026-11-16 is a Monday, so 2026-11-19 Thu, 2026-11-20 Fri, 2026-11-21/22
//! the weekend, 2026-11-23 Mon, 2026-11-24 Tue; 2026-12-23 is a Wednesday, 2026-12-26 a
//! Saturday, 2026-12-31 a Thursday, 2027-01-04 a Monday. Europe/Amsterdam changes to
//! summer time on Sunday 2026-03-29 (02:00 CET → 03:00 CEST) and back on Sunday
//! 2026-10-25 (03:00 CEST → 02:00 CET).

use chrono_tz::Europe::Amsterdam;
use slawatch_core::policy::{ClockKind, MatchError, MatchVia, Policy, parse_policy};
use slawatch_core::sla::{
    ClockEvent, ClockEventKind, ClockState, ClockStatus, Exclusion, JobInput, JobSla, evaluate_job,
    explain_job,
};
use slawatch_core::time::duration::Window;
use slawatch_core::time::instant::{parse_instant, rfc3339};

const M: i64 = 60;
const H: i64 = 3600;

use ClockKind::{Attend, Resolve, Respond};
use ClockState::{Breached, Met, MetLate, Paused, Running};

mod business_days;
mod dst;
mod explain;
mod history;
mod matching;
mod pauses;
mod rematching;
mod thresholds;
mod windows;

/// The example policy's calendars, tiers, pause reasons and ACME contract, plus a few
/// test tiers reached through the `Lab` contract by job type. No `default_tier`.
const POLICY: &str = r#"
display_timezone = "Europe/Amsterdam"
priorities = ["P1", "P2", "P3", "P4"]

[calendars.office]
timezone = "Europe/Amsterdam"
mon = ["08:00-12:00", "13:00-17:00"]
tue = ["08:00-12:00", "13:00-17:00"]
wed = ["08:00-12:00", "13:00-17:00"]
thu = ["08:00-12:00", "13:00-17:00"]
fri = ["08:00-12:00", "13:00-16:00"]
holidays = [
    { date = "2026-12-25", name = "Christmas Day" },
    { date = "2026-12-26", name = "Boxing Day" },
    { date = "2027-01-01", name = "New Year's Day" },
]
special = [
    { date = "2026-12-24", hours = ["08:00-12:00"], name = "Christmas Eve" },
    { date = "2026-12-31", hours = ["08:00-12:00"], name = "New Year's Eve" },
]

[calendars.field]
timezone = "Europe/Amsterdam"
mon = ["07:00-19:00"]
tue = ["07:00-19:00"]
wed = ["07:00-19:00"]
thu = ["07:00-19:00"]
fri = ["07:00-19:00"]
sat = ["08:00-12:00"]
holidays = ["2026-12-25", "2027-01-01"]

[calendars.always]
timezone = "UTC"
always = true

# 24x7 in Amsterdam: plain arithmetic (no exceptions).
[calendars.ams247]
timezone = "Europe/Amsterdam"
always = true

# 24x7 in Amsterdam with a holiday: goes through the compiled-year path.
[calendars.ams247h]
timezone = "Europe/Amsterdam"
always = true
holidays = ["2026-12-25"]

[tiers.critical]
calendar = "always"
respond = "30m"
attend = "2h"
resolve = "4h"
warn = [0.5, 0.75, 0.9]
pause = ["resolve"]

[tiers.priority]
calendar = "field"
respond = "1h"
attend = "4h"
resolve = "1bd"
warn = [0.5, 0.75, 0.9]
pause = ["attend", "resolve"]

[tiers.standard]
calendar = "office"
respond = "4h"
resolve = "3bd"
warn = [0.75, 0.9]
pause = ["resolve"]

[tiers.planned]
calendar = "office"
respond = "1bd"
resolve = "10bd"
warn = [0.9]
pause = ["respond", "resolve"]

# Test tiers. `desk` uses the default thresholds [0.5, 0.75, 0.9].
[tiers.desk]
calendar = "office"
respond = "1h"
attend = "2h"
resolve = "4h"
pause = ["resolve"]

[tiers.nopause]
calendar = "office"
resolve = "4h"

[tiers.days]
calendar = "office"
respond = "1bd"
resolve = "3bd"
pause = ["resolve"]

[tiers.nonstop]
calendar = "ams247"
respond = "30m"
resolve = "1h"

[tiers.nonstop_compiled]
calendar = "ams247h"
respond = "30m"
resolve = "1h"

[[pause_reasons]]
name = "waiting on customer"

[[pause_reasons]]
name = "customer unreachable"

[[pause_reasons]]
name = "no site access"

[[pause_reasons]]
name = "waiting for parts"
stops_clock = false

[[contracts]]
id = "ACME-2026"
customer = "Acme Corp"
valid_from = "2026-01-01"
valid_to = "2027-12-31"
rules = [
    { priority = "P1", tier = "critical" },
    { priority = "P2", type = "malfunction", tier = "priority" },
    { asset = "PUMP-*", tier = "priority" },
    { priority = "P4", tier = "planned" },
    { tier = "standard" },
]

[[contracts]]
id = "LAB"
customer = "Lab"
rules = [
    { type = "desk", tier = "desk" },
    { type = "nopause", tier = "nopause" },
    { type = "days", tier = "days" },
    { type = "dst", tier = "nonstop" },
    { type = "dst-compiled", tier = "nonstop_compiled" },
]
"#;

// ---------------------------------------------------------------- helpers

fn load(text: &str) -> Policy {
    parse_policy("sla_clocks.toml", text).unwrap_or_else(|e| panic!("{e}: {:#?}", e.diagnostics))
}

fn policy() -> Policy {
    load(POLICY)
}

/// RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` read as Amsterdam wall time.
fn t(s: &str) -> i64 {
    parse_instant(s, &Amsterdam).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn show(t: i64) -> String {
    rfc3339(t, &Amsterdam)
}

fn ev(at: &str, kind: ClockEventKind) -> ClockEvent {
    ClockEvent::new(t(at), kind)
}
fn responded(at: &str) -> ClockEvent {
    ev(at, ClockEventKind::Responded)
}
fn attended(at: &str) -> ClockEvent {
    ev(at, ClockEventKind::Attended)
}
fn resolved(at: &str) -> ClockEvent {
    ev(at, ClockEventKind::Resolved)
}
fn reopened(at: &str) -> ClockEvent {
    ev(at, ClockEventKind::Reopened)
}
fn pause(at: &str, reason: &str) -> ClockEvent {
    ev(
        at,
        ClockEventKind::Paused {
            reason: reason.to_owned(),
        },
    )
}
fn resume(at: &str) -> ClockEvent {
    ev(at, ClockEventKind::Resumed)
}
fn reprioritize(at: &str, priority: &str) -> ClockEvent {
    ev(
        at,
        ClockEventKind::Reprioritized {
            priority: Some(priority.to_owned()),
            job_type: None,
        },
    )
}

/// A job of customer `Lab` (priority P3) whose type picks the test tier.
fn lab<'a>(job_type: &'a str, created: &str, events: &'a [ClockEvent]) -> JobInput<'a> {
    JobInput {
        customer: "Lab",
        priority: "P3",
        job_type: Some(job_type),
        asset: None,
        contract: None,
        created_at: t(created),
        events,
    }
}

/// A job of `Acme Corp` without type or asset.
fn acme<'a>(priority: &'a str, created: &str, events: &'a [ClockEvent]) -> JobInput<'a> {
    JobInput {
        customer: "Acme Corp",
        priority,
        job_type: None,
        asset: None,
        contract: None,
        created_at: t(created),
        events,
    }
}

fn eval<'p>(policy: &'p Policy, job: &JobInput<'_>, now: &str) -> JobSla<'p> {
    evaluate_job(policy, job, t(now)).unwrap_or_else(|e| panic!("{e}"))
}

fn clock<'a>(sla: &'a JobSla<'_>, kind: ClockKind) -> &'a ClockStatus {
    sla.clock(kind)
        .unwrap_or_else(|| panic!("tier {} has no {kind} clock", sla.matched.tier.name))
}

/// State, business seconds elapsed, remaining (= target - elapsed) and deadline.
#[track_caller]
fn check(c: &ClockStatus, state: ClockState, elapsed: i64, deadline: &str) {
    assert_eq!(
        (c.state, c.elapsed, c.remaining, c.deadline.map(show)),
        (state, elapsed, c.target - elapsed, Some(deadline.to_owned())),
        "{} clock: {c:#?}",
        c.kind
    );
}

fn crossed(c: &ClockStatus) -> Vec<(f64, Option<String>)> {
    c.crossings
        .iter()
        .map(|x| (x.fraction, x.crossed_at.map(show)))
        .collect()
}

fn excl(from: &str, to: Option<&str>, reason: &str, business_secs: i64) -> Exclusion {
    Exclusion {
        from: t(from),
        to: to.map(t),
        reason: reason.to_owned(),
        business_secs,
        // The policy's only provider-caused reason (stops_clock = false).
        provider_delay: reason == "waiting for parts",
    }
}
