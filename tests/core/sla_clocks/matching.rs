//! Matching a job to its contract, rule and tier.

use super::*;

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
