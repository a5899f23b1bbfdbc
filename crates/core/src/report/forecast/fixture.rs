//! Test fixtures: a small policy on UTC calendars and jobs built from a list of steps,
//! so every business time in the tests is plain arithmetic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::job::EventKind;
use crate::job::JobStatus;
use crate::job::{ClockEntry, ClockText, Job};
use crate::policy::{Policy, parse_policy};

pub const M: i64 = 60;
pub const H: i64 = 3600;
/// Monday 2026-11-16 00:00 UTC.
pub const MON: i64 = 1_794_787_200;

/// `fast`: 24x7, respond 1h, attend 4h, resolve 8h, pauses stop only resolve.
/// `slow`: weekdays 09:00-17:00 UTC, respond 4h, resolve 3bd. Acme P1 → fast, else slow.
const POLICY: &str = r#"
display_timezone = "UTC"
priorities = ["P1", "P2"]

[calendars.always]
timezone = "UTC"
always = true

[calendars.office]
timezone = "UTC"
mon = ["09:00-17:00"]
tue = ["09:00-17:00"]
wed = ["09:00-17:00"]
thu = ["09:00-17:00"]
fri = ["09:00-17:00"]

[tiers.fast]
calendar = "always"
respond = "1h"
attend = "4h"
resolve = "8h"
pause = ["resolve"]

[tiers.slow]
calendar = "office"
respond = "4h"
resolve = "3bd"
pause = ["resolve"]

[[pause_reasons]]
name = "waiting on customer"

[[pause_reasons]]
name = "waiting for parts"
stops_clock = false

[[contracts]]
id = "ACME"
customer = "Acme"
rules = [
    { priority = "P1", tier = "fast" },
    { tier = "slow" },
]
"#;

pub fn policy() -> Policy {
    parse_policy("fixture.toml", POLICY).unwrap()
}

/// A job of Acme logged at `created` with `steps` (`"paused:REASON"` for a pause).
pub fn job(id: i64, priority: &str, ty: &str, created: i64, steps: &[(&str, i64)]) -> Job {
    let clock_log = steps
        .iter()
        .map(|&(k, at)| match k.strip_prefix("paused:") {
            Some(reason) => ClockEntry::with_text(
                EventKind::Paused,
                at,
                ClockText {
                    reason: Some(reason.to_owned()),
                    ..ClockText::default()
                },
            ),
            None => ClockEntry::new(EventKind::parse(k).unwrap(), at),
        })
        .collect();
    Job {
        id,
        customer: "Acme".to_owned(),
        contract: Some("ACME".to_owned()),
        priority: priority.to_owned(),
        job_type: Some(ty.to_owned()),
        asset: None,
        site: None,
        summary: format!("job {id}"),
        technician: None,
        status: JobStatus::Open,
        created_at: created,
        created_by: "test".into(),
        responded_at: None,
        attended_at: None,
        resolved_at: None,
        paused_at: None,
        pause_reason: None,
        escalation_level: 0,
        escalated_at: None,
        escalated_by: None,
        acked_level: 0,
        acked_by: None,
        acked_at: None,
        tier: if priority == "P1" { "fast" } else { "slow" }.to_owned(),
        windows: Default::default(),
        policy_hash: Default::default(),
        clock_log,
        last_event_at: created,
        event_count: 1,
    }
}

/// The same job assigned to `tech`.
pub fn with_tech(mut j: Job, tech: &str) -> Job {
    j.technician = Some(tech.to_owned());
    j
}

/// Three closed `fast` jobs of type `fix` (ids 100–102), logged 10 h apart from `MON`,
/// responded after 10, 20 and 30 minutes, attended an hour after the response and
/// resolved two hours after the visit.
pub fn closed_fix_jobs() -> Vec<Job> {
    [10, 20, 30]
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            let t = MON + i as i64 * 10 * H;
            let resp = t + r * M;
            job(
                100 + i as i64,
                "P1",
                "fix",
                t,
                &[
                    ("responded", resp),
                    ("attended", resp + H),
                    ("resolved", resp + 3 * H),
                ],
            )
        })
        .collect()
}
