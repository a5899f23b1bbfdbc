//! The planner's table: one row per technician (and one for the unassigned work), with
//! what is open, how it stands, the next deadline and the work the forecast sees queued.

use std::collections::HashMap;

use super::Board;
use crate::job::identity;
use crate::sla::ClockState;

/// A job's place in the queue ([`super::queue_key`]).
type Due = (i64, i64, i64);

/// One technician's open work, or (`name: None`) the jobs nobody has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TechRow {
    pub name: Option<String>,
    pub open: usize,
    pub breached: usize,
    /// Past a warning threshold, not breached.
    pub warning: usize,
    pub paused: usize,
    /// The earliest deadline of a running clock of theirs.
    pub next_deadline: Option<i64>,
    /// Their most urgent job (the queue's order): the one a move hands on.
    pub lead: Option<i64>,
    /// Business seconds of work the forecast expects of their open jobs; `None` before
    /// the forecast has run, or for the unassigned work (nobody's queue).
    pub queued: Option<i64>,
}

/// The table over `board`'s open jobs: the unassigned work first, then the technicians
/// with open work, most urgent lead job first, then `known` technicians with nothing
/// open (the free ones), by name. `queued`: the forecast's work per technician. Names
/// are one identity whatever their case; the first spelling seen is shown.
#[must_use]
pub fn tech_table(board: &Board, known: &[String], queued: Option<&HashMap<String, i64>>) -> Vec<TechRow> {
    let mut rows: HashMap<Option<String>, (TechRow, Due)> = HashMap::new();
    for e in board.jobs.values() {
        let key = e.row.technician.as_deref().map(identity::key);
        let (row, lead_due) = rows.entry(key).or_insert_with(|| {
            (
                TechRow {
                    name: e.row.technician.clone(),
                    ..TechRow::default()
                },
                (i64::MAX, i64::MAX, i64::MAX),
            )
        });
        row.open += 1;
        row.breached += usize::from(e.breached());
        row.warning += usize::from(e.at_risk());
        row.paused += usize::from(e.paused());
        let next = e
            .clocks
            .iter()
            .filter(|c| c.state == ClockState::Running)
            .filter_map(|c| c.deadline)
            .min();
        row.next_deadline = match (row.next_deadline, next) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if e.due() < *lead_due {
            *lead_due = e.due();
            row.lead = Some(e.row.id);
        }
    }
    for name in known {
        rows.entry(Some(identity::key(name))).or_insert_with(|| {
            (
                TechRow {
                    name: Some(name.clone()),
                    ..TechRow::default()
                },
                (i64::MAX, i64::MAX, i64::MAX),
            )
        });
    }
    // None where the forecast knows nothing of theirs (no estimate yet), not 0.
    let queued_of = |name: &str| -> Option<i64> {
        queued?
            .iter()
            .filter(|(n, _)| identity::same(n, name))
            .map(|(_, s)| *s)
            .reduce(|a, b| a + b)
    };
    let mut out: Vec<(TechRow, Due)> = rows
        .into_values()
        .map(|(mut r, due)| {
            r.queued = r.name.as_deref().and_then(queued_of);
            (r, due)
        })
        .collect();
    out.sort_by(|(a, da), (b, db)| {
        let rank = |r: &TechRow| match (&r.name, r.open) {
            (None, _) => 0,
            (Some(_), 0) => 2,
            _ => 1,
        };
        let name = |r: &TechRow| r.name.as_deref().map(str::to_lowercase);
        (rank(a), if rank(a) == 1 { *da } else { (0, 0, 0) }, name(a)).cmp(&(
            rank(b),
            if rank(b) == 1 { *db } else { (0, 0, 0) },
            name(b),
        ))
    });
    out.into_iter().map(|(r, _)| r).collect()
}

/// The technicians to hand a job on to, the freest first: the least work queued (the
/// forecast's, else none known counts as nothing), then the fewest open jobs, then the
/// name. `from` (the job's own technician) and the unassigned row are left out.
#[must_use]
pub fn freest<'a>(table: &'a [TechRow], from: Option<&str>) -> Vec<&'a TechRow> {
    let mut out: Vec<&TechRow> = table
        .iter()
        .filter(|r| {
            r.name
                .as_deref()
                .is_some_and(|n| from.is_none_or(|f| !identity::same(n, f)))
        })
        .collect();
    out.sort_by_key(|r| {
        (
            r.queued.unwrap_or(0),
            r.breached + r.warning,
            r.open,
            r.name.as_deref().map(str::to_lowercase),
        )
    });
    out
}
