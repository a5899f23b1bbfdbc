//! Re-matching when the job is re-prioritised.

use super::*;

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
