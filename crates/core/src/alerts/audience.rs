//! Who is told what, who may acknowledge, and when an unacknowledged escalation is
//! repeated. Warnings and breaches go to the roles of the first escalation level (the
//! people watching the queue); an escalation goes to the roles of its level. Without
//! `[roles]` everyone is told everything.

use super::AlertKind;
use crate::job::Job;
use crate::policy::{EscalationLevel, Policy};

/// A level the chain does not define counts as its top (see `Policy::level_in_force`).
fn level(policy: &Policy, n: i64) -> Option<&EscalationLevel> {
    policy.level_in_force(n)
}

/// Whether `user` is told of an alert of `kind` (for an escalation, to `level`).
#[must_use]
pub fn receives(policy: &Policy, user: &str, kind: AlertKind, to_level: i64) -> bool {
    let roles = match kind {
        AlertKind::Escalation => level(policy, to_level).map(|l| l.notify.as_slice()),
        AlertKind::Warning | AlertKind::Breach => policy.escalation.first().map(|l| l.notify.as_slice()),
    };
    policy.user_has_role(user, roles.unwrap_or(&[]))
}

/// A repeat of an unacknowledged escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reminder {
    pub job: i64,
    pub level: i64,
    /// 1 for the first repeat, one more every `renotify`.
    pub round: i64,
}

/// The reminders due for `user` at `now`: the latest round of each unacknowledged
/// escalation whose level repeats (a process that was off sends one, not a backlog).
pub fn reminders<'a>(
    policy: &Policy,
    user: &str,
    jobs: impl Iterator<Item = &'a Job>,
    now: i64,
) -> Vec<Reminder> {
    if policy.escalation.iter().all(|l| l.renotify.is_none()) {
        return Vec::new();
    }
    jobs.filter(|j| j.escalation_level > j.acked_level && j.status.is_tracked())
        .filter_map(|j| {
            let l = level(policy, j.escalation_level)?;
            let every = l.renotify?.max(60);
            let since = j.escalated_at?;
            let round = (now - since) / every;
            (round >= 1 && receives(policy, user, AlertKind::Escalation, j.escalation_level)).then_some(
                Reminder {
                    job: j.id,
                    level: j.escalation_level,
                    round,
                },
            )
        })
        .collect()
}
