//! Windows counted in business days.

use super::*;

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
