//! One round of the alert engine against the store, shared by the dashboard and
//! `watch`: record the crossings (once across processes), then claim what this user
//! has not been told yet and turn it into notices.

use slawatch_core::job::EventKind;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use slawatch_core::alerts::AlertKind;
use slawatch_core::alerts::Due;
use slawatch_core::alerts::{Notice, missed_summary, notice_for_event, reminder_notice};
use slawatch_core::alerts::{Reminder, receives};
use slawatch_core::job::Job;
use slawatch_core::policy::Policy;
use slawatch_store::{AlertFate, Store, StoreError};

/// More notices than this in one round become one summary: never a flood.
pub const BURST: usize = 5;

/// What this process knows is recorded, so it asks the store about each crossing once.
#[derive(Debug, Default)]
pub struct Recorded {
    keys: super::key_set::KeySet,
}

impl Recorded {
    /// Records `dues` (with each job's tier) in the store; returns how many this call
    /// recorded itself (the rest some other process had).
    ///
    /// # Errors
    /// Store errors; the keys stay unknown and are tried again next round.
    pub fn record(
        &mut self,
        store: &mut Store,
        policy: &Policy,
        dues: &[(Due, String)],
        now: i64,
    ) -> Result<usize, StoreError> {
        if dues.is_empty() {
            return Ok(0);
        }
        // In slices: catching up on tens of thousands of crossings at once (a first run,
        // a bulk import logged after the fact) must not hold all their event data at once.
        let mut recorded = 0;
        for slice in dues.chunks(RECORD_SLICE) {
            let records: Vec<_> = slice.iter().map(|(d, tier)| d.to_record(tier, now)).collect();
            let fates = store.record_alerts(policy, &records, now)?;
            recorded += fates
                .iter()
                .filter(|f| matches!(f, AlertFate::Recorded(_)))
                .count();
            self.keys.extend(slice.iter().map(|(d, _)| d.key()));
        }
        Ok(recorded)
    }
}

/// Crossings recorded per store transaction.
const RECORD_SLICE: usize = 2_000;

/// The kind and level of an alert or escalation event.
fn kind_of(kind: Option<EventKind>, data: &Value) -> Option<(AlertKind, i64)> {
    match kind? {
        EventKind::Escalated => Some((
            AlertKind::Escalation,
            data.get("level").and_then(Value::as_i64).unwrap_or(0),
        )),
        EventKind::Alert => Some((
            if data.get("kind").and_then(Value::as_str) == Some("breach") {
                AlertKind::Breach
            } else {
                AlertKind::Warning
            },
            0,
        )),
        _ => None,
    }
}

/// Several alerts of one job at once (caught up after downtime, or a re-prioritisation):
/// only the most severe is worth a notification; clocks at the same severity are named
/// together (`BREACH · #7 Acme · respond, resolve`).
fn collapse(notices: Vec<Notice>) -> Vec<Notice> {
    let clock_of = |n: &Notice| {
        n.fields
            .iter()
            .find(|(k, _)| *k == "clock")
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut best: HashMap<Option<i64>, usize> = HashMap::new();
    let mut keep: Vec<Option<Notice>> = Vec::with_capacity(notices.len());
    for n in notices {
        if !matches!(n.kind, "warning" | "breach") {
            keep.push(Some(n));
            continue;
        }
        // The notice kept tells of the events of those folded into it.
        match best
            .get(&n.job)
            .and_then(|&i| keep[i].as_mut().map(|old| (i, old)))
        {
            Some((_, old)) if old.rank > n.rank => old.events.extend(n.events),
            Some((_, old)) if old.rank == n.rank => {
                let clock = clock_of(&n);
                if !clock.is_empty() && !old.summary.ends_with(&clock) {
                    old.summary = format!("{}, {clock}", old.summary);
                }
                old.events.extend(n.events);
            }
            Some((i, old)) => {
                let mut n = n;
                n.events.splice(0..0, std::mem::take(&mut old.events));
                keep[i] = None;
                best.insert(n.job, keep.len());
                keep.push(Some(n));
            }
            None => {
                best.insert(n.job, keep.len());
                keep.push(Some(n));
            }
        }
    }
    keep.into_iter().flatten().collect()
}

/// The alert engine of one process for one user.
#[derive(Debug, Default)]
pub struct Engine {
    pub recorded: Recorded,
    /// Reminders this process already claimed (so it asks the store once each).
    reminded: HashSet<Reminder>,
    /// The first round has run: later rounds are not catching up.
    started: bool,
}

impl Engine {
    /// One round: records the fresh crossings of `dues`, then returns the notices for
    /// `user` — one summary instead of many in the first round after start (what was
    /// missed while off) or in a burst. The caller marks each notice's `events`
    /// delivered ([`Store::mark_delivered`]) once it is out; until then a kill of this
    /// process leaves them to the user's next process.
    ///
    /// # Errors
    /// Store errors; the round can simply be run again.
    pub fn round(
        &mut self,
        store: &mut Store,
        policy: &Policy,
        user: &str,
        dues: &[(Due, String)],
        reminders: &[Reminder],
        now: i64,
    ) -> Result<(usize, Vec<Notice>), StoreError> {
        let fresh: Vec<(Due, String)> = dues
            .iter()
            .filter(|(d, _)| !self.recorded.keys.contains(&d.key()))
            .cloned()
            .collect();
        let recorded = self.recorded.record(store, policy, &fresh, now)?;
        let claimed = store.claim_alerts(user, now)?;
        let mut jobs: HashMap<i64, Job> = HashMap::new();
        let mut notices = Vec::new();
        // Claimed events that are not for this user are done with at once.
        let mut not_told = Vec::new();
        for e in &claimed.events {
            let Some((kind, level)) = kind_of(e.event_kind(), &e.data_value()) else {
                not_told.push(e.id);
                continue;
            };
            if !receives(policy, user, kind, level) {
                not_told.push(e.id);
                continue;
            }
            let job = match jobs.entry(e.job) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => v.insert(store.job(e.job)?),
            };
            match notice_for_event(policy, e, job, now) {
                Some(n) => notices.push(n),
                None => not_told.push(e.id),
            }
        }
        store.mark_delivered(user, &not_told)?;
        for r in reminders {
            if self.reminded.insert(*r) && store.claim_reminder(user, r.job, r.level, r.round, now)? {
                let job = store.job(r.job)?;
                notices.push(reminder_notice(policy, &job, r.round, now));
            }
        }
        let catching_up = !self.started;
        self.started = true;
        let notices = collapse(notices);
        if (catching_up && notices.len() > 1) || notices.len() > BURST {
            return Ok((recorded, vec![missed_summary(&notices, catching_up)]));
        }
        Ok((recorded, notices))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slawatch_core::alerts::NoticeUrgency;

    fn n(kind: &'static str, job: i64, clock: &str, summary: &str, rank: i64) -> Notice {
        Notice {
            kind,
            job: Some(job),
            event: None,
            level: 0,
            late: true,
            summary: summary.to_owned(),
            body: String::new(),
            urgency: NoticeUrgency::Normal,
            rank,
            fields: vec![("clock", clock.to_owned())],
            events: vec![job * 10_000 + rank],
        }
    }

    #[test]
    fn a_job_caught_up_on_several_thresholds_tells_only_the_worst() {
        let out = collapse(vec![
            n("warning", 1, "resolve", "WARNING 50% · resolve", 500),
            n("warning", 1, "resolve", "WARNING 75% · resolve", 750),
            n("breach", 1, "resolve", "BREACH · resolve", 1000),
            n("warning", 1, "respond", "WARNING 90% · respond", 900),
            n("warning", 1, "respond", "WARNING 9% · respond", 90),
            n("warning", 2, "resolve", "WARNING 50% · resolve", 500),
        ]);
        let s: Vec<&str> = out.iter().map(|n| n.summary.as_str()).collect();
        assert_eq!(s, ["BREACH · resolve", "WARNING 50% · resolve"]);
    }

    #[test]
    fn a_collapsed_notice_carries_every_event_it_stands_for() {
        let out = collapse(vec![
            n("warning", 1, "resolve", "WARNING 50% · resolve", 500),
            n("breach", 1, "resolve", "BREACH · resolve", 1000),
            n("warning", 1, "respond", "WARNING 90% · respond", 900),
            n("breach", 1, "respond", "BREACH · respond", 1000),
        ]);
        assert_eq!(out.len(), 1);
        let mut events = out[0].events.clone();
        events.sort_unstable();
        assert_eq!(events, [10_500, 10_900, 11_000, 11_000]);
        let summary = missed_summary(&[out[0].clone(), n("warning", 2, "attend", "W", 750)], true);
        assert_eq!(summary.events.len(), 5);
    }

    #[test]
    fn clocks_breached_together_are_named_in_one_notice() {
        let out = collapse(vec![
            n("breach", 1, "respond", "BREACH · respond", 1000),
            n("breach", 1, "resolve", "BREACH · resolve", 1000),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].summary, "BREACH · respond, resolve");
    }
}
