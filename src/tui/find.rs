//! `/` and a job number: the job is found wherever it is (the queue, the Closed view,
//! or only in the store) and shown in its view.

use super::app::{App, Tab};
use super::update::Effect;

/// The filter is a job number no row of this view shows: the job is looked for among
/// the open and the recently closed ones (its view is switched to and it is selected),
/// else in the store.
pub(super) fn by_id(app: &mut App) -> Option<Vec<Effect>> {
    let id: i64 = app.filter.trim().trim_start_matches('#').parse().ok()?;
    if app.rows.contains(&id) {
        return None;
    }
    Some(match show(app, id) {
        true => Vec::new(),
        false => {
            app.info(format!("looking for job {id} in the store…"));
            vec![Effect::Find(id)]
        }
    })
}

/// Shows job `id` if the dashboard holds it: the queue for an open job, Closed for a
/// closed one, the filter cleared so that it is in the rows. False when it holds none.
pub(super) fn show(app: &mut App, id: i64) -> bool {
    let tab = if app.board.jobs.contains_key(&id) {
        Tab::Queue
    } else if app.board.closed.jobs.contains_key(&id) {
        Tab::Closed
    } else {
        return false;
    };
    app.filter.clear();
    app.quick = None;
    app.tab = tab;
    app.selected = Some(id);
    app.refresh_rows();
    let status = app.entry(id).map(|e| e.row.status);
    app.info(format!(
        "job {id} is {}{}",
        status.map_or("", |s| s.name()),
        if tab == Tab::Closed {
            " · o reopens it"
        } else {
            ""
        }
    ));
    true
}
