//! Warning thresholds and the breach.

use super::*;

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
