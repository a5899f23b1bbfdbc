//! Across a daylight-saving change.

use super::*;

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
