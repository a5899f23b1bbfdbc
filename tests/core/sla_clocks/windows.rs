//! Windows and clock states: business time, met, met late, breached, which event stops which clock.

use super::*;

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
