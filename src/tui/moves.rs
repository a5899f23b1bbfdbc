//! Moving a job to another technician in two keys: `M` offers the technicians the
//! freest first (the least work the forecast sees queued), `Enter` takes the first.

use super::app::App;
use super::overlay::{Overlay, PickPurpose};
use slawatch_core::board::{TechRow, freest, tech_table};
use slawatch_core::job::Job;
use slawatch_core::time::dur;

/// How a technician stands, for the picker: the work queued and what they hold.
fn standing(t: &TechRow) -> String {
    let queued = t
        .queued
        .map(|q| format!("{} queued · ", dur(q)))
        .unwrap_or_default();
    if t.open == 0 {
        return format!("{queued}free");
    }
    let mut s = format!("{queued}{} open", t.open);
    if t.breached > 0 {
        s.push_str(&format!(" · {} breached", t.breached));
    }
    if t.warning > 0 {
        s.push_str(&format!(" · {} past a warning", t.warning));
    }
    s
}

/// The picker for moving job `id` (`row`, described by `label`): every other
/// technician, the freest first, then "Someone else…" to type a name.
pub(super) fn picker(app: &App, id: i64, row: &Job, label: &str) -> Overlay {
    let fresh;
    let table: &[TechRow] = if app.techs.is_empty() {
        fresh = tech_table(&app.board, &app.known_techs, app.queued.as_ref());
        &fresh
    } else {
        &app.techs
    };
    let mut items: Vec<(String, String)> = freest(table, row.technician.as_deref())
        .into_iter()
        .filter_map(|t| t.name.clone().map(|n| (n, standing(t))))
        .collect();
    items.push(("Someone else…".to_owned(), "type a name".to_owned()));
    let from = row
        .technician
        .as_deref()
        .map_or_else(|| "unassigned".to_owned(), |t| format!("from {t}"));
    Overlay::Pick {
        job: id,
        title: format!("Move {label} ({from}) to"),
        items,
        index: 0,
        purpose: PickPurpose::Technician,
    }
}
