//! Pauses: customer pauses that stop a clock, provider delays that do not, reopening.

use super::*;

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
