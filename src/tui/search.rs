//! The `/` text: what it matches, and `;`/`,` that jump to the next/previous job it
//! matches without filtering the list (so after Esc the jobs around stay in view).

use super::app::App;
use slawatch_core::job::Job;

/// Whether `job` matches `text` (lowercase, trimmed, not empty): its id (`42`, `#42`),
/// or part of its customer, summary, technician or asset.
#[must_use]
pub fn matches(job: &Job, text: &str) -> bool {
    job.id.to_string() == text.trim_start_matches('#')
        || job.customer.to_lowercase().contains(text)
        || job.summary.to_lowercase().contains(text)
        || job
            .technician
            .as_deref()
            .is_some_and(|t| t.to_lowercase().contains(text))
        || job
            .asset
            .as_deref()
            .is_some_and(|t| t.to_lowercase().contains(text))
}

/// Moves the selection to the next (or previous) listed job matching the last search,
/// round the end if need be, and says so.
pub fn jump(app: &mut App, forward: bool) {
    let text = app.prefs.last_search.trim().to_lowercase();
    if text.is_empty() {
        app.error("nothing searched yet: / and a text first (then ; next, , previous)");
        return;
    }
    let n = app.rows.len();
    let c = app.cursor();
    let found = (1..=n)
        .map(|step| {
            if forward {
                (c + step) % n
            } else {
                (c + n - step % n) % n
            }
        })
        .find(|&i| {
            app.board
                .jobs
                .get(&app.rows[i])
                .is_some_and(|e| matches(&e.row, &text))
        });
    let shown = slawatch_core::text::inert(&text, 40);
    match found {
        None => app.error(format!("no job listed matches `{shown}`")),
        Some(i) => {
            let wrapped = if forward { i <= c } else { i >= c };
            app.select_index(i);
            if wrapped {
                let from = if forward { "the top" } else { "the bottom" };
                app.info(format!("`{shown}`: on from {from}"));
            } else {
                app.status = None;
            }
        }
    }
}
