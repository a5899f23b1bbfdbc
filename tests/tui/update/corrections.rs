//! Corrections from the dashboard: `u` takes back one's own last action, `X` cancels a
//! duplicate, and a cancelled job leaves the queue.

use super::*;

/// The dashboard of `user` (the fixture records its actions as jan).
fn app_of(fx: &Fixture, user: &str) -> App {
    let mut app = App::new(Arc::clone(&fx.policy), user, "test", now());
    app.absorb(fx.open_rows());
    update(&mut app, Msg::Resize(120, 40));
    app
}

#[test]
fn u_takes_back_the_users_own_last_action_saying_what_and_asking_why() {
    let fx = Fixture::new();
    let id = fx.ids.escalated; // jan: responded, attended, escalated to level 1
    let mut app = app_of(&fx, "jan");
    select_with_timeline(&fx, &mut app, id);
    let escalation = fx
        .events(id)
        .iter()
        .rev()
        .find(|e| e.kind == "escalated")
        .unwrap()
        .id;
    assert_eq!(update(&mut app, ch('u')), vec![]);
    let Overlay::Text { title, purpose, .. } = app.overlay.clone() else {
        panic!("expected the revoke prompt, got {:?}", app.overlay);
    };
    assert_eq!(purpose, TextPurpose::Revoke { event: escalation });
    assert!(
        title.contains("your escalated of") && title.contains(&format!("event {escalation}")),
        "{title}"
    );
    // A reason is required: it is kept in the record.
    assert_eq!(update(&mut app, key(KeyCode::Enter)), vec![]);
    assert_eq!(status(&app).0, Level::Error);
    update(&mut app, ch('u'));
    type_text(&mut app, "wrong job");
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Revoke {
                event: escalation,
                reason: "wrong job".to_owned()
            }
        )
    );
    // Anna did nothing to it but log it: nothing of hers to take back.
    let mut anna = app_of(&fx, "anna");
    select_with_timeline(&fx, &mut anna, id);
    assert_eq!(update(&mut anna, ch('u')), vec![]);
    assert_eq!(anna.overlay, Overlay::None);
    assert!(
        status(&anna).1.contains("no action on job"),
        "{:?}",
        status(&anna)
    );
}

#[test]
fn shift_x_cancels_a_duplicate_with_a_reason() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.unassigned;
    select(&mut app, id);
    update(&mut app, ch('X'));
    assert!(matches!(
        app.overlay,
        Overlay::Text {
            purpose: TextPurpose::Cancel,
            ..
        }
    ));
    type_text(&mut app, "duplicate of 3");
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Cancel {
                reason: "duplicate of 3".to_owned()
            }
        )
    );
}

#[test]
fn a_cancelled_job_leaves_the_queue() {
    let mut fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.unassigned;
    let row = fx.apply(
        id,
        &JobAction::Cancel {
            reason: "duplicate".to_owned(),
        },
    );
    app.absorb(vec![row]);
    assert!(!app.rows.contains(&id));
}
