#![allow(clippy::unwrap_used, clippy::expect_used)]
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
    ClockState, ClockStatus, Event, EventKind, Exclusion, JobInput, JobSla, evaluate_job, explain_job,
};
use slawatch_core::time::duration::Window;
use slawatch_core::time::instant::{parse_instant, rfc3339};

const M: i64 = 60;
const H: i64 = 3600;

use ClockKind::{Attend, Resolve, Respond};
use ClockState::{Breached, Met, MetLate, Paused, Running};

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

fn ev(at: &str, kind: EventKind) -> Event {
    Event::new(t(at), kind)
}
fn responded(at: &str) -> Event {
    ev(at, EventKind::Responded)
}
fn attended(at: &str) -> Event {
    ev(at, EventKind::Attended)
}
fn resolved(at: &str) -> Event {
    ev(at, EventKind::Resolved)
}
fn reopened(at: &str) -> Event {
    ev(at, EventKind::Reopened)
}
fn pause(at: &str, reason: &str) -> Event {
    ev(
        at,
        EventKind::Paused {
            reason: reason.to_owned(),
        },
    )
}
fn resume(at: &str) -> Event {
    ev(at, EventKind::Resumed)
}
fn reprioritize(at: &str, priority: &str) -> Event {
    ev(
        at,
        EventKind::Reprioritized {
            priority: Some(priority.to_owned()),
            job_type: None,
        },
    )
}

/// A job of customer `Lab` (priority P3) whose type picks the test tier.
fn lab<'a>(job_type: &'a str, created: &str, events: &'a [Event]) -> JobInput<'a> {
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
fn acme<'a>(priority: &'a str, created: &str, events: &'a [Event]) -> JobInput<'a> {
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

// ---------------------------------------------------------------- windows and states

#[test]
fn four_hour_resolve_logged_friday_afternoon_is_due_monday() {
    let p = policy();
    let job = lab("desk", "2026-11-20 15:00", &[]);

    let sla = eval(&p, &job, "2026-11-20 15:30");
    assert_eq!(sla.matched.tier.name, "desk");
    assert_eq!(sla.clocks.len(), 3);
    let r = clock(&sla, Resolve);
    assert_eq!(r.window, Window::Business(4 * H));
    assert_eq!(r.target, 4 * H);
    assert_eq!(r.started, t("2026-11-20 15:00"));
    assert!(r.open_now);
    // Fri 15:00-16:00 gives 1h, the weekend is closed, Mon 08:00-11:00 gives the other 3h.
    check(r, Running, 30 * M, "2026-11-23T11:00:00+01:00");
    // Respond 1h: Fri 15:00-16:00, due exactly at Friday's closing time.
    check(clock(&sla, Respond), Running, 30 * M, "2026-11-20T16:00:00+01:00");
    // Attend 2h: Fri 15:00-16:00 and Mon 08:00-09:00.
    check(clock(&sla, Attend), Running, 30 * M, "2026-11-23T09:00:00+01:00");
    assert!((r.fraction - 0.125).abs() < 1e-12);

    // Saturday noon: nothing counts over the weekend. The respond clock has used its
    // whole hour (elapsed == window) but is not breached: breach is elapsed > window.
    let sla = eval(&p, &job, "2026-11-21 12:00");
    let r = clock(&sla, Resolve);
    assert!(!r.open_now);
    check(r, Running, H, "2026-11-23T11:00:00+01:00");
    check(clock(&sla, Respond), Running, H, "2026-11-20T16:00:00+01:00");

    // Monday 08:00:01 — the first business second past the respond window.
    let sla = eval(&p, &job, "2026-11-23 08:00:01");
    check(clock(&sla, Respond), Breached, H + 1, "2026-11-20T16:00:00+01:00");
    check(clock(&sla, Resolve), Running, H + 1, "2026-11-23T11:00:00+01:00");

    // At the resolve deadline instant itself: elapsed == window, still running.
    let sla = eval(&p, &job, "2026-11-23 11:00");
    check(clock(&sla, Resolve), Running, 4 * H, "2026-11-23T11:00:00+01:00");
    assert_eq!(clock(&sla, Resolve).remaining, 0);
    // One business second later: breached, 1s over.
    let sla = eval(&p, &job, "2026-11-23 11:00:01");
    let r = clock(&sla, Resolve);
    check(r, Breached, 4 * H + 1, "2026-11-23T11:00:00+01:00");
    assert_eq!(r.remaining, -1);
    assert!(r.state.is_breach() && !r.state.is_stopped());
    assert_eq!(r.stopped_at, None);
}

#[test]
fn breach_is_judged_on_business_time_not_wall_time() {
    let p = policy();
    // Thu 13:00 + 4h = Thu 17:00, exactly the closing time.
    let job = lab("desk", "2026-11-19 13:00", &[]);
    let due = "2026-11-19T17:00:00+01:00";
    // At the deadline, overnight and at Friday's opening instant the clock has counted
    // exactly 4h: elapsed == window is not a breach.
    for now in [
        "2026-11-19 17:00",
        "2026-11-19 23:00",
        "2026-11-20 07:59:59",
        "2026-11-20 08:00",
    ] {
        let sla = eval(&p, &job, now);
        let r = clock(&sla, Resolve);
        check(r, Running, 4 * H, due);
        assert_eq!(crossed(r).last(), Some(&(1.0, None)), "{now}");
    }
    // Friday 08:00:01 is the first business second over the window.
    let sla = eval(&p, &job, "2026-11-20 08:00:01");
    let r = clock(&sla, Resolve);
    check(r, Breached, 4 * H + 1, due);
    // The breach is dated at the deadline, not at the moment it was noticed.
    assert_eq!(crossed(r).last(), Some(&(1.0, Some(due.to_owned()))));
    // Fri 09:00: 1h over.
    let sla = eval(&p, &job, "2026-11-20 09:00");
    check(clock(&sla, Resolve), Breached, 5 * H, due);
}

#[test]
fn stop_before_or_at_deadline_is_met_after_it_is_met_late() {
    let p = policy();
    let due = "2026-11-23T11:00:00+01:00";

    // Resolved Mon 10:59: Fri 1h + Mon 08:00-10:59 2h59m = 3h59m, 1m to spare.
    let events = [resolved("2026-11-23 10:59")];
    let sla = eval(&p, &lab("desk", "2026-11-20 15:00", &events), "2026-11-23 15:00");
    let r = clock(&sla, Resolve);
    check(r, Met, 3 * H + 59 * M, due);
    assert_eq!(r.remaining, M);
    assert_eq!(r.stopped_at, Some(t("2026-11-23 10:59")));
    assert!(r.state.is_stopped() && !r.state.is_breach());
    assert!(sla.resolved);

    // Resolved exactly at the deadline: elapsed == window → met, breach not crossed.
    let events = [resolved("2026-11-23 11:00")];
    let sla = eval(&p, &lab("desk", "2026-11-20 15:00", &events), "2026-11-23 15:00");
    let r = clock(&sla, Resolve);
    check(r, Met, 4 * H, due);
    assert_eq!(r.remaining, 0);
    assert_eq!(crossed(r).last(), Some(&(1.0, None)));

    // Resolved one second late: done *and* breached.
    let events = [resolved("2026-11-23 11:00:01")];
    let sla = eval(&p, &lab("desk", "2026-11-20 15:00", &events), "2026-11-23 15:00");
    let r = clock(&sla, Resolve);
    check(r, MetLate, 4 * H + 1, due);
    assert_eq!(r.remaining, -1);
    assert!(r.state.is_stopped() && r.state.is_breach());
    assert_eq!(r.stopped_at, Some(t("2026-11-23 11:00:01")));
    assert_eq!(crossed(r).last(), Some(&(1.0, Some(due.to_owned()))));
    assert_eq!(r.state.name(), "met_late");

    // Resolved at Thu 20:00 for a job due Thu 17:00 (closing time): only 4h of business
    // time were used — met, although it is three hours "late" on the wall clock.
    let events = [resolved("2026-11-19 20:00")];
    let sla = eval(&p, &lab("desk", "2026-11-19 13:00", &events), "2026-11-20 12:00");
    check(clock(&sla, Resolve), Met, 4 * H, "2026-11-19T17:00:00+01:00");
}

#[test]
fn attended_also_stops_the_respond_clock() {
    let p = policy();
    // Logged Mon 10:00, attended 10:40 without a separate response; a late
    // `responded` at 10:50 changes nothing.
    let events = [attended("2026-11-23 10:40"), responded("2026-11-23 10:50")];
    let sla = eval(&p, &lab("desk", "2026-11-23 10:00", &events), "2026-11-23 11:00");
    let resp = clock(&sla, Respond);
    // 40m of 1h: met; its deadline stays where it was (10:00 + 1h).
    check(resp, Met, 40 * M, "2026-11-23T11:00:00+01:00");
    assert_eq!(resp.stopped_at, Some(t("2026-11-23 10:40")));
    // Attend 2h: due 12:00; met after 40m.
    let att = clock(&sla, Attend);
    check(att, Met, 40 * M, "2026-11-23T12:00:00+01:00");
    assert_eq!(att.stopped_at, Some(t("2026-11-23 10:40")));
    // Resolve keeps running: 10:00 + 4h = 12:00 + (13:00-15:00).
    check(clock(&sla, Resolve), Running, H, "2026-11-23T15:00:00+01:00");
    assert!(!sla.resolved);
    assert_eq!(sla.most_urgent().map(|c| c.kind), Some(Resolve));
}

#[test]
fn resolved_stops_every_clock() {
    let p = policy();
    // Logged Fri 15:00, resolved remotely Mon 08:30 with no response or visit logged.
    let events = [resolved("2026-11-23 08:30")];
    let sla = eval(&p, &lab("desk", "2026-11-20 15:00", &events), "2026-11-23 12:00");
    // Every clock counted Fri 15:00-16:00 + Mon 08:00-08:30 = 1h30m.
    // Respond (1h, due Fri 16:00): stopped 30m over → met late.
    let resp = clock(&sla, Respond);
    check(resp, MetLate, 90 * M, "2026-11-20T16:00:00+01:00");
    assert_eq!(resp.stopped_at, Some(t("2026-11-23 08:30")));
    // Attend (2h, due Mon 09:00): met.
    check(clock(&sla, Attend), Met, 90 * M, "2026-11-23T09:00:00+01:00");
    // Resolve (4h, due Mon 11:00): met.
    check(clock(&sla, Resolve), Met, 90 * M, "2026-11-23T11:00:00+01:00");
    assert!(
        sla.clocks
            .iter()
            .all(|c| c.stopped_at == Some(t("2026-11-23 08:30")))
    );
    assert!(sla.resolved);
    assert!(sla.most_urgent().is_none());
}

// ---------------------------------------------------------------- pauses

#[test]
fn customer_pause_over_a_weekend_moves_the_deadline_by_business_time_only() {
    let p = policy();
    // Without a pause: logged Fri 14:00, Fri 14:00-16:00 2h + Mon 08:00-10:00 2h.
    let sla = eval(&p, &lab("desk", "2026-11-20 14:00", &[]), "2026-11-23 09:30");
    check(
        clock(&sla, Resolve),
        Running,
        3 * H + 30 * M,
        "2026-11-23T10:00:00+01:00",
    );

    // Paused Fri 15:00 → resumed Mon 09:00. Business time inside: Fri 15:00-16:00 1h +
    // Mon 08:00-09:00 1h = 2h (not the 66h of wall time). The deadline moves out by
    // 2h of business time: Mon 10:00 → Mon 12:00 (1h Fri before the pause, 3h Mon
    // 09:00-12:00 after it; lands on the lunch closing time).
    let events = [
        responded("2026-11-20 14:30"),
        pause("2026-11-20 15:00", "waiting on customer"),
        resume("2026-11-23 09:00"),
    ];
    let sla = eval(&p, &lab("desk", "2026-11-20 14:00", &events), "2026-11-23 09:30");
    let r = clock(&sla, Resolve);
    check(r, Running, 90 * M, "2026-11-23T12:00:00+01:00");
    assert_eq!(
        r.excluded,
        vec![excl(
            "2026-11-20 15:00",
            Some("2026-11-23 09:00"),
            "waiting on customer",
            2 * H
        )]
    );
    assert_eq!(r.excluded_secs(), 2 * H);
    assert!(r.not_excluded.is_empty());
    assert_eq!(r.paused_for, None);
    // Attend is not listed under `pause`: Fri 14:00-16:00 used its 2h, so at Mon 09:30
    // it has counted 2h + 1h30m and is breached; its deadline stays Fri 16:00.
    let a = clock(&sla, Attend);
    check(a, Breached, 3 * H + 30 * M, "2026-11-20T16:00:00+01:00");
    assert!(a.excluded.is_empty());
    check(clock(&sla, Respond), Met, 30 * M, "2026-11-20T15:00:00+01:00");
}

#[test]
fn pause_entirely_outside_business_hours_excludes_nothing() {
    let p = policy();
    // Paused Sat 10:00 → Sun 18:00: no business time inside, deadline stays Mon 10:00.
    let events = [
        pause("2026-11-21 10:00", "waiting on customer"),
        resume("2026-11-22 18:00"),
    ];
    let sla = eval(&p, &lab("desk", "2026-11-20 14:00", &events), "2026-11-23 09:00");
    let r = clock(&sla, Resolve);
    check(r, Running, 3 * H, "2026-11-23T10:00:00+01:00");
    assert_eq!(
        r.excluded,
        vec![excl(
            "2026-11-21 10:00",
            Some("2026-11-22 18:00"),
            "waiting on customer",
            0
        )]
    );
}

#[test]
fn pause_that_ends_outside_business_hours() {
    let p = policy();
    // Logged Mon 10:00 (4h → Mon 15:00 without a pause). Paused 11:00 → resumed
    // Mon 19:30, after closing. Excluded: Mon 11:00-12:00 + 13:00-17:00 = 5h.
    // 1h used before the pause; the other 3h start at Tue 08:00 → Tue 11:00
    // (= Mon 15:00 moved out by 5h of business time: Mon 15-17 + Tue 08-11).
    let events = [
        pause("2026-11-23 11:00", "customer unreachable"),
        resume("2026-11-23 19:30"),
    ];
    let job = lab("desk", "2026-11-23 10:00", &events);
    let sla = eval(&p, &job, "2026-11-23 20:00");
    let r = clock(&sla, Resolve);
    check(r, Running, H, "2026-11-24T11:00:00+01:00");
    assert!(!r.open_now);
    assert_eq!(r.paused_for, None);
    assert_eq!(
        r.excluded,
        vec![excl(
            "2026-11-23 11:00",
            Some("2026-11-23 19:30"),
            "customer unreachable",
            5 * H
        )]
    );
    let sla = eval(&p, &job, "2026-11-24 10:00");
    check(clock(&sla, Resolve), Running, 3 * H, "2026-11-24T11:00:00+01:00");
}

#[test]
fn provider_delay_is_recorded_but_the_clock_keeps_running() {
    let p = policy();
    // `waiting for parts` has stops_clock = false. Logged Mon 10:00, resolve due 15:00.
    let open = [pause("2026-11-23 11:00", "waiting for parts")];
    let sla = eval(&p, &lab("desk", "2026-11-23 10:00", &open), "2026-11-23 12:30");
    let r = clock(&sla, Resolve);
    // Still running (10:00-12:00 counted in full), not paused, deadline unchanged.
    check(r, Running, 2 * H, "2026-11-23T15:00:00+01:00");
    assert_eq!(r.paused_for, None);
    assert!(r.excluded.is_empty());
    // Recorded: 11:00-12:00 is 1h of business time so far.
    assert_eq!(
        r.not_excluded,
        vec![excl("2026-11-23 11:00", None, "waiting for parts", H)]
    );

    // Resumed 14:00: 10:00-12:00 + 13:00-14:30 = 3h30m counted, still due 15:00.
    let closed = [
        pause("2026-11-23 11:00", "waiting for parts"),
        resume("2026-11-23 14:00"),
    ];
    let sla = eval(&p, &lab("desk", "2026-11-23 10:00", &closed), "2026-11-23 14:30");
    let r = clock(&sla, Resolve);
    check(r, Running, 3 * H + 30 * M, "2026-11-23T15:00:00+01:00");
    assert!(r.excluded.is_empty());
    assert_eq!(
        r.not_excluded,
        vec![excl(
            "2026-11-23 11:00",
            Some("2026-11-23 14:00"),
            "waiting for parts",
            2 * H
        )]
    );
    // And so it breaches on time: 15:00:01 is over.
    let sla = eval(
        &p,
        &lab("desk", "2026-11-23 10:00", &closed),
        "2026-11-23 15:00:01",
    );
    check(
        clock(&sla, Resolve),
        Breached,
        4 * H + 1,
        "2026-11-23T15:00:00+01:00",
    );
}

#[test]
fn provider_pause_still_open_when_resolved_stays_recorded() {
    let p = policy();
    // Paused for parts Mon 11:00 and resolved Mon 14:00 without a `resumed`: the
    // provider's delay 11:00-14:00 (11-12 + 13-14 = 2h of business time) must still be
    // on record, just as a customer pause open at the stop is recorded in `excluded`.
    let events = [
        pause("2026-11-23 11:00", "waiting for parts"),
        resolved("2026-11-23 14:00"),
    ];
    let sla = eval(&p, &lab("desk", "2026-11-23 10:00", &events), "2026-11-23 16:00");
    let r = clock(&sla, Resolve);
    // Nothing excluded: 10:00-12:00 + 13:00-14:00 = 3h counted.
    check(r, Met, 3 * H, "2026-11-23T15:00:00+01:00");
    assert!(r.excluded.is_empty());
    assert_eq!(
        r.not_excluded,
        vec![excl(
            "2026-11-23 11:00",
            Some("2026-11-23 14:00"),
            "waiting for parts",
            2 * H
        )],
        "the provider's delay vanished from the record"
    );

    // The customer-caused counterpart, for comparison: recorded up to the stop.
    let events = [
        pause("2026-11-23 11:00", "waiting on customer"),
        resolved("2026-11-23 14:00"),
    ];
    let sla = eval(&p, &lab("desk", "2026-11-23 10:00", &events), "2026-11-23 16:00");
    let r = clock(&sla, Resolve);
    assert_eq!(
        r.excluded,
        vec![excl(
            "2026-11-23 11:00",
            Some("2026-11-23 14:00"),
            "waiting on customer",
            2 * H
        )]
    );
    check(r, Met, H, "2026-11-23T17:00:00+01:00");
}

#[test]
fn pause_does_not_stop_a_clock_the_tier_does_not_list() {
    let p = policy();
    // Tier `nopause` lists no clock under `pause`: a customer pause 11:00-14:00 changes
    // nothing. Logged Mon 10:00, due 15:00; at 14:30 10-12 + 13-14:30 = 3h30m.
    let events = [
        pause("2026-11-23 11:00", "waiting on customer"),
        resume("2026-11-23 14:00"),
    ];
    let sla = eval(
        &p,
        &lab("nopause", "2026-11-23 10:00", &events),
        "2026-11-23 14:30",
    );
    let r = clock(&sla, Resolve);
    check(r, Running, 3 * H + 30 * M, "2026-11-23T15:00:00+01:00");
    assert!(r.excluded.is_empty());
    assert_eq!(r.excluded_secs(), 0);

    // In tier `desk` only resolve is pausable: while a customer pause is open the
    // respond clock keeps counting and the resolve clock is held.
    let events = [pause("2026-11-23 10:15", "waiting on customer")];
    let sla = eval(&p, &lab("desk", "2026-11-23 10:00", &events), "2026-11-23 10:30");
    let resp = clock(&sla, Respond);
    check(resp, Running, 30 * M, "2026-11-23T11:00:00+01:00");
    assert_eq!(resp.paused_for, None);
    assert!(resp.excluded.is_empty());
    let r = clock(&sla, Resolve);
    // 15m used; resumed now (10:30) the remaining 3h45m run 10:30-12:00 + 13:00-15:15.
    check(r, Paused, 15 * M, "2026-11-23T15:15:00+01:00");
    assert_eq!(r.paused_for.as_deref(), Some("waiting on customer"));
}

#[test]
fn open_pause_holds_the_clock_and_the_deadline_follows_now() {
    let p = policy();
    // Logged Mon 10:00, paused 11:00 (customer unreachable), never resumed.
    let events = [pause("2026-11-23 11:00", "customer unreachable")];
    let job = lab("desk", "2026-11-23 10:00", &events);

    // Mon 14:00: 1h used, 3h left; resumed now it would run 14:00-17:00.
    let sla = eval(&p, &job, "2026-11-23 14:00");
    let r = clock(&sla, Resolve);
    check(r, Paused, H, "2026-11-23T17:00:00+01:00");
    assert_eq!(r.paused_for.as_deref(), Some("customer unreachable"));
    assert!(!r.state.is_stopped() && !r.state.is_breach());
    // Excluded so far: 11:00-12:00 + 13:00-14:00 = 2h, still open.
    assert_eq!(
        r.excluded,
        vec![excl("2026-11-23 11:00", None, "customer unreachable", 2 * H)]
    );

    // Mon 20:00 (closed): resumed now, counting starts Tue 08:00 → Tue 11:00.
    let sla = eval(&p, &job, "2026-11-23 20:00");
    check(clock(&sla, Resolve), Paused, H, "2026-11-24T11:00:00+01:00");

    // Tue 09:00: Tue 09:00 + 3h → 12:00; excluded 1h + 4h Monday + 1h Tuesday = 6h.
    let sla = eval(&p, &job, "2026-11-24 09:00");
    let r = clock(&sla, Resolve);
    check(r, Paused, H, "2026-11-24T12:00:00+01:00");
    assert_eq!(r.excluded_secs(), 6 * H);

    // A week later: still held, never breached by the pause; resumed now (Mon 10:00)
    // the 3h left run 10:00-12:00 + 13:00-14:00.
    let sla = eval(&p, &job, "2026-11-30 10:00");
    let r = clock(&sla, Resolve);
    check(r, Paused, H, "2026-11-30T14:00:00+01:00");
    assert_eq!(r.state.name(), "paused");
    assert_eq!(r.remaining, 3 * H);
}

#[test]
fn reopen_resumes_the_resolve_clock_and_excludes_the_gap() {
    let p = policy();
    // Logged Mon 10:00; responded 10:30; resolved 11:00; reopened Tue 09:00;
    // resolved again Tue 11:30.
    let events = [
        responded("2026-11-23 10:30"),
        resolved("2026-11-23 11:00"),
        reopened("2026-11-24 09:00"),
        resolved("2026-11-24 11:30"),
    ];
    let job = lab("desk", "2026-11-23 10:00", &events);

    // Mon 12:00: all stopped. Attend was stopped by the resolve after 1h.
    let sla = eval(&p, &job, "2026-11-23 12:00");
    assert!(sla.resolved);
    check(clock(&sla, Respond), Met, 30 * M, "2026-11-23T11:00:00+01:00");
    check(clock(&sla, Attend), Met, H, "2026-11-23T12:00:00+01:00");
    check(clock(&sla, Resolve), Met, H, "2026-11-23T15:00:00+01:00");

    // Tue 10:00, reopened: resolve runs again. Gap Mon 11:00 → Tue 09:00 holds
    // Mon 11-12 + 13-17 + Tue 08-09 = 6h of business time, excluded. 1h used Monday,
    // 3h left from Tue 09:00 → Tue 12:00.
    let sla = eval(&p, &job, "2026-11-24 10:00");
    assert!(!sla.resolved);
    let r = clock(&sla, Resolve);
    check(r, Running, 2 * H, "2026-11-24T12:00:00+01:00");
    assert_eq!(r.stopped_at, None);
    assert_eq!(
        r.excluded,
        vec![excl(
            "2026-11-23 11:00",
            Some("2026-11-24 09:00"),
            "resolved (until reopened)",
            6 * H
        )]
    );
    // Respond and attend stay stopped where they were.
    let resp = clock(&sla, Respond);
    check(resp, Met, 30 * M, "2026-11-23T11:00:00+01:00");
    assert_eq!(resp.stopped_at, Some(t("2026-11-23 10:30")));
    let att = clock(&sla, Attend);
    check(att, Met, H, "2026-11-23T12:00:00+01:00");
    assert_eq!(att.stopped_at, Some(t("2026-11-23 11:00")));
    assert!(att.excluded.is_empty());

    // Tue 12:00: resolved again at 11:30 after 1h + 2h30m = 3h30m.
    let sla = eval(&p, &job, "2026-11-24 12:00");
    assert!(sla.resolved);
    let r = clock(&sla, Resolve);
    check(r, Met, 3 * H + 30 * M, "2026-11-24T12:00:00+01:00");
    assert_eq!(r.stopped_at, Some(t("2026-11-24 11:30")));
}

// ---------------------------------------------------------------- re-matching

#[test]
fn reprioritize_rematches_the_tier_keeping_start_and_pauses() {
    let p = policy();
    // Acme Corp P3 (no type/asset) → rule 5, tier standard (office: respond 4h,
    // resolve 3bd, pause resolve). Logged Mon 09:00, paused for the customer
    // 09:15-09:45, raised to P1 at 10:00 → rule 1, tier critical (24x7 UTC: respond
    // 30m, attend 2h, resolve 4h, pause resolve).
    let events = [
        pause("2026-11-23 09:15", "waiting on customer"),
        resume("2026-11-23 09:45"),
        reprioritize("2026-11-23 10:00", "P1"),
    ];
    let job = acme("P3", "2026-11-23 09:00", &events);

    // 09:50, still P3.
    let sla = eval(&p, &job, "2026-11-23 09:50");
    assert_eq!(sla.priority, "P3");
    assert_eq!(sla.matched.tier.name, "standard");
    assert!(matches!(sla.matched.via, MatchVia::Rule { index: 4, .. }));
    assert!(sla.clock(Attend).is_none());
    // Respond 4h (not pausable): 09:00-12:00 + 13:00-14:00.
    check(clock(&sla, Respond), Running, 50 * M, "2026-11-23T14:00:00+01:00");
    // Resolve 3bd: closing time of the 3rd business day after Monday = Thu 17:00,
    // target Mon 09-12 + 13-17 (7h) + Tue, Wed, Thu (8h each) = 31h; the 30m pause
    // moves it to Fri 08:30.
    let r = clock(&sla, Resolve);
    assert_eq!(r.target, 31 * H);
    check(r, Running, 20 * M, "2026-11-27T08:30:00+01:00");

    // 10:00, P1: the critical windows counted from the same start (09:00), on the 24x7
    // calendar, with the same pause excluded where the tier pauses.
    let sla = eval(&p, &job, "2026-11-23 10:00");
    assert_eq!(sla.priority, "P1");
    assert_eq!(sla.matched.tier.name, "critical");
    assert!(matches!(sla.matched.via, MatchVia::Rule { index: 0, .. }));
    assert_eq!(sla.clocks.len(), 3);
    let resp = clock(&sla, Respond);
    assert_eq!(resp.window, Window::Business(30 * M));
    assert_eq!(resp.started, t("2026-11-23 09:00"));
    // Respond 30m, not pausable: due 09:30, one hour counted → breached.
    check(resp, Breached, H, "2026-11-23T09:30:00+01:00");
    // Attend 2h (new clock, from 09:00): due 11:00.
    check(clock(&sla, Attend), Running, H, "2026-11-23T11:00:00+01:00");
    // Resolve 4h minus the 30m pause: 09:00 + 4h30m = 13:30.
    let r = clock(&sla, Resolve);
    check(r, Running, 30 * M, "2026-11-23T13:30:00+01:00");
    assert_eq!(r.excluded_secs(), 30 * M);
    assert_eq!(r.started, t("2026-11-23 09:00"));
}

// ---------------------------------------------------------------- thresholds

#[test]
fn warn_thresholds_are_crossed_at_their_fraction_and_the_breach_last() {
    let p = policy();
    // Logged Mon 08:00, resolve 4h on office hours. Thresholds 0.5/0.75/0.9/1.0 of 4h
    // = 2h, 3h, 3h36m, 4h → 10:00, 11:00, 11:36, 12:00 (lunch closing).
    let job = lab("desk", "2026-11-23 08:00", &[]);
    let sla = eval(&p, &job, "2026-11-23 11:40");
    let r = clock(&sla, Resolve);
    let at_secs: Vec<i64> = r.crossings.iter().map(|c| c.at_secs).collect();
    assert_eq!(at_secs, vec![2 * H, 3 * H, 3 * H + 36 * M, 4 * H]);
    assert_eq!(
        crossed(r),
        vec![
            (0.5, Some("2026-11-23T10:00:00+01:00".to_owned())),
            (0.75, Some("2026-11-23T11:00:00+01:00".to_owned())),
            (0.9, Some("2026-11-23T11:36:00+01:00".to_owned())),
            (1.0, None),
        ]
    );
    assert_eq!(r.last_crossed().map(|c| c.fraction), Some(0.9));
    // Respond 1h: 30m, 45m, 54m → 08:30, 08:45, 08:54; breach after 09:00.
    assert_eq!(
        crossed(clock(&sla, Respond)),
        vec![
            (0.5, Some("2026-11-23T08:30:00+01:00".to_owned())),
            (0.75, Some("2026-11-23T08:45:00+01:00".to_owned())),
            (0.9, Some("2026-11-23T08:54:00+01:00".to_owned())),
            (1.0, Some("2026-11-23T09:00:00+01:00".to_owned())),
        ]
    );

    // Before the first threshold nothing is crossed.
    let sla = eval(&p, &job, "2026-11-23 09:59:59");
    assert!(clock(&sla, Resolve).last_crossed().is_none());
    // Exactly at 10:00, 2h elapsed: 0.5 crossed.
    let sla = eval(&p, &job, "2026-11-23 10:00");
    assert_eq!(clock(&sla, Resolve).last_crossed().map(|c| c.fraction), Some(0.5));

    // Lunch: exactly 4h counted, the breach is not crossed yet.
    let sla = eval(&p, &job, "2026-11-23 12:30");
    let r = clock(&sla, Resolve);
    assert_eq!(r.state, Running);
    assert_eq!(crossed(r)[3], (1.0, None));
    // 13:00:01: one business second over → breach, dated at the deadline 12:00.
    let sla = eval(&p, &job, "2026-11-23 13:00:01");
    let r = clock(&sla, Resolve);
    assert_eq!(r.state, Breached);
    assert_eq!(crossed(r)[3], (1.0, Some("2026-11-23T12:00:00+01:00".to_owned())));
    assert_eq!(r.last_crossed().map(|c| c.fraction), Some(1.0));
    // The earlier crossings keep their instants.
    assert_eq!(crossed(r)[0].1.as_deref(), Some("2026-11-23T10:00:00+01:00"));
}

#[test]
fn tier_thresholds_come_from_the_tier() {
    let p = policy();
    // Tier standard has warn = [0.75, 0.9]: two warnings and the breach per clock.
    // Respond 4h from Mon 08:00: 3h → 11:00, 3h36m → 11:36, 4h → 12:00.
    let sla = eval(&p, &acme("P3", "2026-11-23 08:00", &[]), "2026-11-23 11:30");
    let resp = clock(&sla, Respond);
    assert_eq!(
        crossed(resp),
        vec![
            (0.75, Some("2026-11-23T11:00:00+01:00".to_owned())),
            (0.9, None),
            (1.0, None),
        ]
    );
    assert_eq!(clock(&sla, Resolve).crossings.len(), 3);
}

#[test]
fn a_pause_does_not_uncross_a_threshold() {
    let p = policy();
    // Logged Mon 08:00, resolve 4h; paused 10:30 (2h30m used) → resumed 14:00.
    let events = [
        pause("2026-11-23 10:30", "waiting on customer"),
        resume("2026-11-23 14:00"),
    ];
    let job = lab("desk", "2026-11-23 08:00", &events);

    // 13:00, paused: 0.5 (2h) was crossed at 10:00 and stays crossed.
    let sla = eval(&p, &job, "2026-11-23 13:00");
    let r = clock(&sla, Resolve);
    assert_eq!(r.state, Paused);
    assert!((r.fraction - 0.625).abs() < 1e-12);
    assert_eq!(
        crossed(r),
        vec![
            (0.5, Some("2026-11-23T10:00:00+01:00".to_owned())),
            (0.75, None),
            (0.9, None),
            (1.0, None),
        ]
    );
    // 15:00: 0.75 (3h) = 30m after the resume → 14:30. 0.9 (3h36m) needs 1h06m after
    // the resume → 15:06, not yet.
    let sla = eval(&p, &job, "2026-11-23 15:00");
    assert_eq!(
        crossed(clock(&sla, Resolve)),
        vec![
            (0.5, Some("2026-11-23T10:00:00+01:00".to_owned())),
            (0.75, Some("2026-11-23T14:30:00+01:00".to_owned())),
            (0.9, None),
            (1.0, None),
        ]
    );
    // Paused again 15:10 after 0.9 was crossed at 15:06: still crossed while paused.
    let events = [
        pause("2026-11-23 10:30", "waiting on customer"),
        resume("2026-11-23 14:00"),
        pause("2026-11-23 15:10", "no site access"),
    ];
    let job = lab("desk", "2026-11-23 08:00", &events);
    let sla = eval(&p, &job, "2026-11-24 09:00");
    let r = clock(&sla, Resolve);
    assert_eq!(r.state, Paused);
    assert_eq!(r.paused_for.as_deref(), Some("no site access"));
    assert_eq!(
        r.last_crossed().map(|c| (c.fraction, c.crossed_at.map(show))),
        Some((0.9, Some("2026-11-23T15:06:00+01:00".to_owned())))
    );
}

// ---------------------------------------------------------------- business days

#[test]
fn business_day_windows_run_to_the_closing_time_of_the_nth_day() {
    let p = policy();
    // Tier days: respond 1bd, resolve 3bd on office hours.

    // Logged Fri 15:00. 1bd: Friday is the logging day, the 1st business day after it
    // is Monday → Mon 17:00; target Fri 1h + Mon 8h = 9h. 3bd: Mon, Tue, Wed → Wed
    // 17:00; target 1h + 3 × 8h = 25h.
    let sla = eval(&p, &lab("days", "2026-11-20 15:00", &[]), "2026-11-20 15:00");
    let resp = clock(&sla, Respond);
    assert_eq!(resp.window, Window::BusinessDays(1));
    assert_eq!(resp.target, 9 * H);
    check(resp, Running, 0, "2026-11-23T17:00:00+01:00");
    let r = clock(&sla, Resolve);
    assert_eq!(r.window, Window::BusinessDays(3));
    assert_eq!(r.target, 25 * H);
    check(r, Running, 0, "2026-11-25T17:00:00+01:00");

    // Logged Saturday: the 1st business day after Saturday is Monday; target 8h.
    let sla = eval(&p, &lab("days", "2026-11-21 10:00", &[]), "2026-11-21 10:00");
    let resp = clock(&sla, Respond);
    assert_eq!(resp.target, 8 * H);
    check(resp, Running, 0, "2026-11-23T17:00:00+01:00");

    // Logged Monday 07:00, before opening: the logging day does not count, the 1st
    // business day after it is Tuesday; target Mon 8h + Tue 8h = 16h.
    let sla = eval(&p, &lab("days", "2026-11-23 07:00", &[]), "2026-11-23 07:00");
    let resp = clock(&sla, Respond);
    assert_eq!(resp.target, 16 * H);
    check(resp, Running, 0, "2026-11-24T17:00:00+01:00");

    // Christmas: logged Wed 2026-12-23 10:00. 1bd = Thu 12-24, a special day closing at
    // 12:00; target Wed 10-12 + 13-17 (6h) + Thu 08-12 (4h) = 10h. 3bd skips Fri 12-25
    // and Sat 12-26 (holidays) and Sunday: Thu 12-24, Mon 12-28, Tue 12-29 → Tue 17:00;
    // target 6h + 4h + 8h + 8h = 26h.
    let sla = eval(&p, &lab("days", "2026-12-23 10:00", &[]), "2026-12-23 10:00");
    let resp = clock(&sla, Respond);
    assert_eq!(resp.target, 10 * H);
    check(resp, Running, 0, "2026-12-24T12:00:00+01:00");
    let r = clock(&sla, Resolve);
    assert_eq!(r.target, 26 * H);
    check(r, Running, 0, "2026-12-29T17:00:00+01:00");

    // Across the year end: logged Thu 2026-12-31 10:00 (special day, 08-12). 1bd skips
    // New Year's Day (Fri) and the weekend → Mon 2027-01-04 17:00; target 2h + 8h.
    let sla = eval(&p, &lab("days", "2026-12-31 10:00", &[]), "2026-12-31 10:00");
    let resp = clock(&sla, Respond);
    assert_eq!(resp.target, 10 * H);
    check(resp, Running, 0, "2027-01-04T17:00:00+01:00");

    // A business-day window is met at its closing time and breached one business
    // second later (the next opening + 1s).
    let job = lab("days", "2026-11-20 15:00", &[]);
    let sla = eval(&p, &job, "2026-11-24 08:00");
    check(clock(&sla, Respond), Running, 9 * H, "2026-11-23T17:00:00+01:00");
    let sla = eval(&p, &job, "2026-11-24 08:00:01");
    check(
        clock(&sla, Respond),
        Breached,
        9 * H + 1,
        "2026-11-23T17:00:00+01:00",
    );

    // A pause moves a business-day deadline out by the business time inside it; the
    // target stays. Paused Mon 11-23 10:00 → 12:00 (2h): Wed 17:00 → Thu 10:00.
    let events = [
        pause("2026-11-23 10:00", "waiting on customer"),
        resume("2026-11-23 12:00"),
    ];
    let sla = eval(&p, &lab("days", "2026-11-20 15:00", &events), "2026-11-23 13:00");
    let r = clock(&sla, Resolve);
    assert_eq!(r.target, 25 * H);
    // Fri 1h + Mon 08-10 2h = 3h (12:00-13:00 is lunch).
    check(r, Running, 3 * H, "2026-11-26T10:00:00+01:00");
}

// ---------------------------------------------------------------- DST

#[test]
fn twenty_four_seven_across_the_spring_dst_change() {
    let p = policy();
    // 01:45 CET = 00:45 UTC; 30m of real time later is 01:15 UTC = 03:15 CEST (the
    // wall clock skips 02:00-03:00). Resolve 1h → 01:45 UTC = 03:45 CEST.
    for ty in ["dst", "dst-compiled"] {
        let job = lab(ty, "2026-03-29T01:45:00+01:00", &[]);
        let sla = eval(&p, &job, "2026-03-29T03:10:00+02:00");
        // 03:10 CEST = 01:10 UTC: 25 real minutes counted.
        check(clock(&sla, Respond), Running, 25 * M, "2026-03-29T03:15:00+02:00");
        check(clock(&sla, Resolve), Running, 25 * M, "2026-03-29T03:45:00+02:00");
        let sla = eval(&p, &job, "2026-03-29T03:15:01+02:00");
        check(
            clock(&sla, Respond),
            Breached,
            30 * M + 1,
            "2026-03-29T03:15:00+02:00",
        );
    }
    // Autumn: 02:30 CEST (first pass) = 00:30 UTC; +30m = 01:00 UTC = 02:00 CET (the
    // hour 02:00-03:00 repeats); +1h = 02:30 CET, an hour of wall time "later" that
    // reads the same.
    for ty in ["dst", "dst-compiled"] {
        let job = lab(ty, "2026-10-25T02:30:00+02:00", &[]);
        let sla = eval(&p, &job, "2026-10-25T02:50:00+02:00");
        check(clock(&sla, Respond), Running, 20 * M, "2026-10-25T02:00:00+01:00");
        check(clock(&sla, Resolve), Running, 20 * M, "2026-10-25T02:30:00+01:00");
    }
    // Office hours across the spring change: Fri 2026-03-27 15:00 + 4h = Fri 1h + Mon
    // 2026-03-30 08:00-11:00, now in summer time.
    let sla = eval(&p, &lab("desk", "2026-03-27 15:00", &[]), "2026-03-27 15:00");
    check(clock(&sla, Resolve), Running, 0, "2026-03-30T11:00:00+02:00");
}

// ---------------------------------------------------------------- history and now

#[test]
fn events_after_now_are_ignored() {
    let p = policy();
    // Logged Mon 10:00; responded 10:20; customer pause 11:00-13:30; resolved 15:00.
    let events = [
        responded("2026-11-23 10:20"),
        pause("2026-11-23 11:00", "waiting on customer"),
        resume("2026-11-23 13:30"),
        resolved("2026-11-23 15:00"),
    ];
    let job = lab("desk", "2026-11-23 10:00", &events);

    // 10:10: nothing has happened yet.
    let sla = eval(&p, &job, "2026-11-23 10:10");
    check(clock(&sla, Respond), Running, 10 * M, "2026-11-23T11:00:00+01:00");
    check(clock(&sla, Resolve), Running, 10 * M, "2026-11-23T15:00:00+01:00");
    assert!(!sla.resolved);
    // 10:20: an event exactly at `now` counts.
    let sla = eval(&p, &job, "2026-11-23 10:20");
    check(clock(&sla, Respond), Met, 20 * M, "2026-11-23T11:00:00+01:00");
    // 11:30: paused since 11:00 (1h used); resumed now, 3h from 11:30 → 11:30-12:00 +
    // 13:00-15:30.
    let sla = eval(&p, &job, "2026-11-23 11:30");
    let r = clock(&sla, Resolve);
    check(r, Paused, H, "2026-11-23T15:30:00+01:00");
    assert_eq!(
        r.excluded,
        vec![excl("2026-11-23 11:00", None, "waiting on customer", 30 * M)]
    );
    // 14:00: resumed 13:30; excluded 11-12 + 13-13:30 = 1h30m; due 15:00 + 1h30m.
    let sla = eval(&p, &job, "2026-11-23 14:00");
    let r = clock(&sla, Resolve);
    check(r, Running, 90 * M, "2026-11-23T16:30:00+01:00");
    assert_eq!(r.excluded_secs(), 90 * M);
    assert!(!sla.resolved);
    // 16:00: resolved at 15:00 after 1h + 1h30m.
    let sla = eval(&p, &job, "2026-11-23 16:00");
    let r = clock(&sla, Resolve);
    check(r, Met, 150 * M, "2026-11-23T16:30:00+01:00");
    assert!(sla.resolved);

    // At every `now`, the full history gives what the history cut at `now` gives.
    for now in [
        "2026-11-23 09:00",
        "2026-11-23 10:00",
        "2026-11-23 10:19:59",
        "2026-11-23 10:20",
        "2026-11-23 12:15",
        "2026-11-23 13:30",
        "2026-11-23 14:59:59",
        "2026-11-23 15:00",
        "2026-11-24 09:00",
    ] {
        let cut: Vec<Event> = events.iter().filter(|e| e.at <= t(now)).cloned().collect();
        let full = eval(&p, &job, now);
        let part = eval(&p, &lab("desk", "2026-11-23 10:00", &cut), now);
        assert_eq!(full.clocks, part.clocks, "{now}");
        assert_eq!(full.resolved, part.resolved, "{now}");
    }
}

// ---------------------------------------------------------------- matching

#[test]
fn matching_errors_and_default_tier() {
    let p = policy();
    let job = JobInput {
        customer: "Umbrella",
        ..acme("P2", "2026-11-23 10:00", &[])
    };
    let err = evaluate_job(&p, &job, t("2026-11-23 11:00")).unwrap_err();
    assert!(
        matches!(&err, MatchError::NoContract { customer, .. } if customer == "Umbrella"),
        "{err:?}"
    );
    assert!(err.to_string().contains("default_tier"), "{err}");

    // Unknown priority when the policy lists priorities.
    let err = evaluate_job(&p, &acme("P7", "2026-11-23 10:00", &[]), t("2026-11-23 11:00")).unwrap_err();
    assert!(
        matches!(&err, MatchError::UnknownPriority { priority, known, .. }
            if priority == "P7" && known == &["P1", "P2", "P3", "P4"]),
        "{err:?}"
    );
    // Priorities match case-insensitively.
    let sla = eval(&p, &acme("p1", "2026-11-23 10:00", &[]), "2026-11-23 10:00");
    assert_eq!(sla.matched.tier.name, "critical");

    // A re-prioritisation to an unknown priority fails once it is in effect.
    let events = [reprioritize("2026-11-23 10:30", "P9")];
    let job = acme("P3", "2026-11-23 10:00", &events);
    assert!(evaluate_job(&p, &job, t("2026-11-23 10:29")).is_ok());
    assert!(matches!(
        evaluate_job(&p, &job, t("2026-11-23 10:30")),
        Err(MatchError::UnknownPriority { .. })
    ));

    // The Lab contract has no catch-all rule: an unknown type has nowhere to go.
    let err = evaluate_job(&p, &lab("other", "2026-11-23 10:00", &[]), t("2026-11-23 11:00")).unwrap_err();
    assert!(
        matches!(&err, MatchError::NoRule { contract, .. } if contract == "LAB"),
        "{err:?}"
    );

    // With a default tier, both fall back to it.
    let pd = load(&format!("default_tier = \"standard\"\n{POLICY}"));
    let job = JobInput {
        customer: "Umbrella",
        ..acme("P2", "2026-11-23 10:00", &[])
    };
    let sla = eval(&pd, &job, "2026-11-23 11:00");
    assert_eq!(sla.matched.tier.name, "standard");
    assert_eq!(sla.matched.via, MatchVia::DefaultNoContract);
    let sla = eval(&pd, &lab("other", "2026-11-23 10:00", &[]), "2026-11-23 11:00");
    assert_eq!(sla.matched.via, MatchVia::DefaultNoRule { contract: "LAB" });
    // Still an error: the priority is checked before any fallback.
    assert!(matches!(
        evaluate_job(&pd, &acme("P7", "2026-11-23 10:00", &[]), t("2026-11-23 11:00")),
        Err(MatchError::UnknownPriority { .. })
    ));
}

// ---------------------------------------------------------------- explain

#[test]
fn explain_names_holidays_weekend_and_excluded_pause() {
    let p = policy();
    // Acme P3 → standard. Logged Wed 2026-12-23 10:00, responded 10:30, customer pause
    // 14:00-15:00 (1h). Resolve 3bd: Tue 12-29 17:00 (see the business-day test),
    // moved out by 1h → Wed 12-30 09:00.
    let events = [
        responded("2026-12-23 10:30"),
        pause("2026-12-23 14:00", "waiting on customer"),
        resume("2026-12-23 15:00"),
    ];
    let job = acme("P3", "2026-12-23 10:00", &events);
    let sla = eval(&p, &job, "2026-12-23 16:00");
    let r = clock(&sla, Resolve);
    // Counted 10-12 + 13-14 + 15-16 = 4h; 22h left: Wed 1h, Thu 4h, Mon 8h, Tue 8h,
    // and Wed 12-30 08:00-09:00.
    check(r, Running, 4 * H, "2026-12-30T09:00:00+01:00");
    let lines = explain_job(&p, &job, &sla, t("2026-12-23 16:00"));
    let text = lines.join("\n");
    for want in [
        "Tier standard: contract ACME-2026, rule 5 (any job), for this P3 job.",
        "Calendar office in Europe/Amsterdam",
        "resolve: until closing time of the 3rd business day after the logging day (26h of business time); is due Wed 2026-12-30 09:00 CET.",
        "special hours on Thu 2026-12-24 (Christmas Eve)",
        "skipped holiday Fri 2026-12-25 (Christmas Day)",
        "skipped holiday Sat 2026-12-26 (Boxing Day)",
        "skipped closed days: Sun 2026-12-27",
        "excluded 1h of business time: waiting on customer from Wed 2026-12-23 14:00 CET to Wed 2026-12-23 15:00 CET",
        "respond: 4h of business time; was due Wed 2026-12-23 15:00 CET.",
        "now: met at Wed 2026-12-23 10:30 CET after 30m (3h30m to spare).",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }

    // The plain weekend: desk job Fri 15:00 → Mon 11:00 skips Saturday and Sunday.
    let job = lab("desk", "2026-11-20 15:00", &[]);
    let sla = eval(&p, &job, "2026-11-21 12:00");
    let text = explain_job(&p, &job, &sla, t("2026-11-21 12:00")).join("\n");
    for want in [
        "resolve: 4h of business time; is due Mon 2026-11-23 11:00 CET.",
        "skipped closed days: Sat 2026-11-21, Sun 2026-11-22",
        "not counting now (outside business hours, opens Mon 2026-11-23 08:00 CET)",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    assert!(!text.contains("holiday"), "{text}");

    // A paused clock says it would be due if resumed now.
    let events = [pause("2026-11-23 11:00", "customer unreachable")];
    let job = lab("desk", "2026-11-23 10:00", &events);
    let sla = eval(&p, &job, "2026-11-23 14:00");
    let text = explain_job(&p, &job, &sla, t("2026-11-23 14:00")).join("\n");
    for want in [
        "resolve: 4h of business time; would be due (if resumed now) Mon 2026-11-23 17:00 CET.",
        "excluded 2h of business time: customer unreachable from Mon 2026-11-23 11:00 CET to now",
        "now: paused (customer unreachable), 3h left.",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

#[test]
fn explain_keeps_customer_pauses_apart_from_the_providers_delay() {
    let p = policy();
    // Desk tier pauses only `resolve`. Logged Mon 10:00; customer pause 10:15-10:45;
    // parts pause 13:00-13:30 (stops_clock = false).
    let events = [
        pause("2026-11-23 10:15", "waiting on customer"),
        resume("2026-11-23 10:45"),
        pause("2026-11-23 13:00", "waiting for parts"),
        resume("2026-11-23 13:30"),
    ];
    let job = lab("desk", "2026-11-23 10:00", &events);
    let sla = eval(&p, &job, "2026-11-23 14:00");
    // Resolve: 10-12 + 13-14 = 3h minus the customer's 30m = 2h30m; due 15:30.
    check(
        clock(&sla, Resolve),
        Running,
        150 * M,
        "2026-11-23T15:30:00+01:00",
    );
    let lines = explain_job(&p, &job, &sla, t("2026-11-23 14:00"));
    let text = lines.join("\n");
    for want in [
        "excluded 30m of business time: waiting on customer from Mon 2026-11-23 10:15 CET to Mon 2026-11-23 10:45 CET",
        "not excluded: waiting for parts from Mon 2026-11-23 13:00 CET to Mon 2026-11-23 13:30 CET (the provider's own delay; the clock kept running)",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    // The respond clock is not listed under `pause`, so the customer's pause did not
    // stop it — but that does not make it the provider's own delay (DESIGN §3:
    // customer-caused delay vs. `stops_clock = false`, "the provider's own delay").
    for line in &lines {
        assert!(
            !(line.contains("waiting on customer") && line.contains("provider's own delay")),
            "a customer-caused pause is explained as the provider's delay: {line:?} in:\n{text}"
        );
    }
}
