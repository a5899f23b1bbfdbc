//! Resolved and cancelled jobs stay within reach: the Closed view lists them, `/` and a
//! job number finds any job (open, closed, or only in the store), and `o` reopens.

use super::*;

/// The fixture's dashboard holding every job, as the runtime's start-up reads give it:
/// the open ones, then the recently closed.
fn app_with_closed(fx: &Fixture) -> App {
    let mut app = fx.app();
    let closed: Vec<_> = fx
        .all_rows()
        .into_iter()
        .filter(|j| !j.status.is_tracked())
        .collect();
    assert!(!closed.is_empty(), "the fixture has a resolved job");
    update(&mut app, Msg::Loaded(closed));
    app
}

#[test]
fn the_closed_view_lists_resolved_jobs_and_o_reopens_one() {
    let fx = Fixture::new();
    let mut app = app_with_closed(&fx);
    let id = fx.ids.resolved;
    assert!(!app.rows.contains(&id), "not in the queue");
    update(&mut app, ch('5'));
    assert_eq!(app.tab, Tab::Closed);
    assert_eq!(app.rows, vec![id]);
    assert_eq!(app.selected, Some(id));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("5 Closed"), "{screen}");
    assert!(
        screen.contains("CLOSED") && screen.contains("OUTCOME"),
        "{screen}"
    );
    assert!(screen.contains("resolved, all met"), "{screen}");
    assert_eq!(
        actions(update(&mut app, ch('o'))),
        record(id, JobAction::Reopen { note: None })
    );
}

#[test]
fn a_reopened_job_leaves_the_closed_view_for_the_queue() {
    let mut fx = Fixture::new();
    let mut app = app_with_closed(&fx);
    let id = fx.ids.resolved;
    update(&mut app, ch('5'));
    let row = fx.apply(id, &JobAction::Reopen { note: None });
    update(&mut app, Msg::Loaded(vec![row]));
    assert!(app.rows.is_empty(), "{:?}", app.rows);
    update(&mut app, ch('1'));
    assert!(app.rows.contains(&id));
}

#[test]
fn actions_that_need_an_open_job_are_refused_in_the_closed_view() {
    let fx = Fixture::new();
    let mut app = app_with_closed(&fx);
    update(&mut app, ch('5'));
    for c in ['r', 'a', 'R', 'e', 'X'] {
        assert_eq!(actions(update(&mut app, ch(c))), vec![], "key {c}");
        assert_eq!(app.overlay, Overlay::None, "key {c}");
        assert_eq!(status(&app).0, Level::Error, "key {c}");
    }
    // The help lists what does work here, and only that.
    update(&mut app, ch('?'));
    let help = render(&app, 120, 40);
    assert!(help.contains("reopen a resolved job"), "{help}");
    assert!(!help.contains("mark responded"), "{help}");
}

#[test]
fn slash_and_the_number_of_a_closed_job_shows_it_in_the_closed_view() {
    let fx = Fixture::new();
    let mut app = app_with_closed(&fx);
    let id = fx.ids.resolved;
    update(&mut app, ch('/'));
    type_text(&mut app, &id.to_string());
    assert!(app.rows.is_empty(), "not among the open jobs");
    assert_eq!(actions(update(&mut app, key(KeyCode::Enter))), vec![]);
    assert_eq!(app.tab, Tab::Closed);
    assert_eq!(app.selected, Some(id));
    assert!(app.filter.is_empty());
    assert!(status(&app).1.contains("o reopens it"), "{:?}", status(&app));
}

#[test]
fn slash_and_a_number_the_dashboard_does_not_hold_asks_the_store() {
    let fx = Fixture::new();
    // Only the open jobs: the resolved one has been out of the dashboard's reach.
    let mut app = fx.app();
    let id = fx.ids.resolved;
    update(&mut app, ch('/'));
    type_text(&mut app, &format!("#{id}"));
    assert_eq!(
        actions(update(&mut app, key(KeyCode::Enter))),
        vec![Effect::Find(id)]
    );
    update(&mut app, Msg::Found(id, Some(Box::new(fx.row(id)))));
    assert_eq!(app.tab, Tab::Closed);
    assert_eq!(app.selected, Some(id));
    assert_eq!(
        actions(update(&mut app, ch('o'))),
        record(id, JobAction::Reopen { note: None })
    );
    // A number no job has: said plainly.
    update(&mut app, ch('/'));
    type_text(&mut app, "9999");
    assert_eq!(
        actions(update(&mut app, key(KeyCode::Enter))),
        vec![Effect::Find(9999)]
    );
    update(&mut app, Msg::Found(9999, None));
    assert_eq!(
        status(&app),
        (Level::Error, "no job 9999 in the store".to_owned())
    );
}

#[test]
fn slash_and_the_number_of_an_open_job_in_another_view_goes_to_the_queue() {
    let fx = Fixture::new();
    let mut app = app_with_closed(&fx);
    let id = fx.ids.unassigned;
    update(&mut app, ch('2'));
    update(&mut app, ch('/'));
    type_text(&mut app, &id.to_string());
    assert_eq!(actions(update(&mut app, key(KeyCode::Enter))), vec![]);
    assert_eq!(app.tab, Tab::Queue);
    assert_eq!(app.selected, Some(id));
}

#[test]
fn closed_view_80x24() {
    let fx = Fixture::new();
    let mut app = app_with_closed(&fx);
    update(&mut app, Msg::Resize(80, 24));
    update(&mut app, ch('5'));
    insta::assert_snapshot!(render(&app, 80, 24));
}
