//! Explanations of a deadline.

use super::*;

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
