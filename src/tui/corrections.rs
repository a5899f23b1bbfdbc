//! Corrections from the dashboard: taking back one's own last action on a job (`u`)
//! and cancelling a duplicate (`X`). Both ask why; the store checks who may.

use super::app::App;
use super::overlay::TextPurpose;
use super::prompts::text;
use slawatch_core::job::EventKind;
use slawatch_core::time::shown::when;

/// Opens the prompt that cancels job `id` (`label` names it).
pub(super) fn cancel(app: &mut App, id: i64, label: &str) {
    app.overlay = text(
        id,
        format!("Cancel {label}? It leaves the queue and is not judged"),
        "why (required), e.g. duplicate of 41; Enter cancels the job, Esc keeps it",
        TextPurpose::Cancel,
    );
}

/// Opens the prompt that takes back the user's own last action on job `id` (from its
/// timeline), saying what it undoes; the store checks the window and the roles.
pub(super) fn undo(app: &mut App, id: i64) {
    let Some((_, events)) = app.timeline.as_ref().filter(|(j, _)| *j == id) else {
        app.error(format!(
            "job {id}'s timeline is still loading — press u again in a moment"
        ));
        return;
    };
    let revoked = slawatch_core::job::revoke::revoked_ids(events);
    let last = events.iter().rev().find(|e| {
        slawatch_core::job::identity::same(&e.actor, &app.user)
            && !revoked.contains(&e.id)
            && !matches!(
                e.event_kind(),
                None | Some(EventKind::Created | EventKind::Alert | EventKind::Revoked)
            )
    });
    let Some(e) = last else {
        app.error(format!("you have no action on job {id} to take back"));
        return;
    };
    let tz = app.policy.display_tz;
    app.overlay = text(
        id,
        format!(
            "Take back your {} of {} on job {id} (event {})? The clocks run as if it had not happened; the record keeps both",
            e.kind,
            when(e.at, app.now, &tz),
            e.id
        ),
        "why (required); Enter revokes, Esc keeps it",
        TextPurpose::Revoke { event: e.id },
    );
}
