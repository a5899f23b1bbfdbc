//! What the notify hook's file must show after a kill storm: every alert a user should
//! get, once. Used by `e2e::kill_storm`.

use std::collections::HashSet;

use slawatch_core::alerts::{AlertKind, receives};

use super::kill_rig::{Desk, by_event, deliveries};

/// Every alert event a user should get is in the hook's file once; an event of a job
/// resolved after it may be skipped (the claim leaves resolved jobs out, by design).
///
/// A second delivery is allowed only after a kill in the one window left: the hook ran
/// (or was started and ran on as an orphan, its parent id then 1 or a subreaper's), the
/// process was killed before its delivery mark committed. So no process delivers an
/// event twice, and none of the `survivors` (the processes that were not killed)
/// delivers an event that someone delivers after it. Returns how many deliveries were
/// expected, and the repeats: events, and notices holding any.
pub fn check_alerts(desk: &Desk, users: &[&str], survivors: &HashSet<u32>) -> (usize, usize, usize) {
    let policy =
        slawatch_core::policy::parse_policy("sla.toml", &std::fs::read_to_string(&desk.policy).unwrap())
            .unwrap();
    let db = desk.read();
    let mut stmt = db
        .prepare(
            "SELECT e.id, e.kind, coalesce(json_extract(e.data, '$.level'), 0), json_extract(e.data, '$.kind'),
                    EXISTS (SELECT 1 FROM events r WHERE r.job = e.job AND r.kind = 'resolved' AND r.id > e.id)
             FROM events e WHERE e.kind IN ('alert', 'escalated') ORDER BY e.id",
        )
        .unwrap();
    let events: Vec<(i64, String, i64, Option<String>, bool)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let all = deliveries(&desk.path("delivered"));
    let (mut repeats, mut expected) = (0, 0);
    for &user in users {
        let mut told = by_event(&all, user);
        for (id, kind, level, alert_kind, resolved_after) in &events {
            let k = match (kind.as_str(), alert_kind.as_deref()) {
                ("escalated", _) => AlertKind::Escalation,
                (_, Some("breach")) => AlertKind::Breach,
                _ => AlertKind::Warning,
            };
            let pids = told.remove(id).unwrap_or_default();
            if !receives(&policy, user, k, *level) {
                assert!(pids.is_empty(), "{user} was told of event {id}, not theirs");
                continue;
            }
            expected += 1;
            assert!(
                !pids.is_empty() || *resolved_after,
                "alert event {id} ({kind}) never reached {user}"
            );
            let distinct: HashSet<&u32> = pids.iter().collect();
            assert!(
                distinct.len() == pids.len() || pids.len() < 2,
                "event {id} delivered to {user} twice by one process: {pids:?}"
            );
            let earlier = pids.split_last().map_or(&[][..], |(_, e)| e);
            assert!(
                earlier.iter().all(|p| !survivors.contains(p)),
                "event {id} delivered to {user} by {pids:?}: repeated after a process that was not killed"
            );
            repeats += earlier.len();
        }
        assert!(
            told.is_empty(),
            "{user} was told of events that are no alerts: {told:?}"
        );
    }
    let mut seen = HashSet::new();
    // A notice repeats if any event in it was delivered to its user before.
    let notices = all
        .iter()
        .filter(|d| {
            let fresh: Vec<bool> = d
                .events
                .iter()
                .map(|e| seen.insert((d.user.clone(), *e)))
                .collect();
            !fresh.iter().all(|f| *f)
        })
        .count();
    (expected, repeats, notices)
}
