//! History and now: events after now are ignored.

use super::*;

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
        let cut: Vec<ClockEvent> = events.iter().filter(|e| e.at <= t(now)).cloned().collect();
        let full = eval(&p, &job, now);
        let part = eval(&p, &lab("desk", "2026-11-23 10:00", &cut), now);
        assert_eq!(full.clocks, part.clocks, "{now}");
        assert_eq!(full.resolved, part.resolved, "{now}");
    }
}
