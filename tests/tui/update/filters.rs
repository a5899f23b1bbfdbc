//! Filters: the text filter and the quick filters.

use super::*;

#[test]
fn slash_starts_a_text_filter_that_narrows_the_rows_as_typed() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let i = fx.ids;
    update(&mut app, ch('/'));
    assert!(app.editing_filter);
    // While typing, keys are text: `q` does not quit, `j` does not move.
    let effects = type_text(&mut app, "globex q");
    assert!(!effects.contains(&Effect::Quit));
    assert!(!app.quit);
    assert_eq!(app.filter, "globex q");
    assert!(app.rows.is_empty());
    assert_eq!(app.selected, None);
    update(&mut app, key(KeyCode::Backspace));
    update(&mut app, key(KeyCode::Backspace));
    assert_eq!(app.filter, "globex");
    assert_eq!(app.rows, vec![i.breached_p1, i.critical, i.acked]);
    assert_eq!(app.selected, Some(i.breached_p1));
    update(&mut app, key(KeyCode::Enter));
    assert!(!app.editing_filter);
    assert_eq!(app.filter, "globex", "Enter keeps the filter");
    // Now keys act again.
    update(&mut app, ch('j'));
    assert_eq!(app.selected, Some(i.critical));
    // Esc clears the filter (and the quick filter and the status line).
    update(&mut app, ch('w'));
    assert_eq!(app.rows, vec![i.critical]);
    app.error("something");
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.filter, "");
    assert_eq!(app.quick, None);
    assert_eq!(app.status, None);
    assert_eq!(app.rows, queue(&fx));
    assert_eq!(app.selected, Some(i.critical), "the selection survives clearing");
}

#[test]
fn esc_while_typing_a_filter_clears_it() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('/'));
    type_text(&mut app, "piet");
    assert_eq!(app.rows, vec![fx.ids.warning, fx.ids.escalated]);
    update(&mut app, key(KeyCode::Esc));
    assert!(!app.editing_filter);
    assert_eq!(app.filter, "");
    assert_eq!(app.rows, queue(&fx));
}

#[test]
fn the_filter_matches_id_customer_summary_technician_and_asset() {
    let fx = Fixture::new();
    let i = fx.ids;
    for (text, want) in [
        ("#4", vec![i.escalated]),
        ("ACME", vec![i.warning, i.escalated, i.unassigned]),
        ("printer", vec![i.unassigned]),
        ("kees", vec![i.critical, i.acked]),
        ("chiller", vec![i.warning]),
    ] {
        let mut app = fx.app();
        update(&mut app, ch('/'));
        type_text(&mut app, text);
        update(&mut app, key(KeyCode::Enter));
        assert_eq!(app.rows, want, "filter {text:?}");
    }
}

#[test]
fn ctrl_c_quits_while_typing_a_filter() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('/'));
    type_text(&mut app, "acme");
    let effects = update(&mut app, ctrl('c'));
    assert_eq!(effects, vec![Effect::Quit], "Ctrl-C must quit from anywhere");
    assert_eq!(app.filter, "acme", "Ctrl-C is not text");
}

#[test]
fn quick_filters_b_w_m_shift_u_toggle() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let i = fx.ids;
    update(&mut app, ch('b'));
    assert_eq!(app.quick, Some(QuickFilter::Breached));
    assert_eq!(app.rows, vec![i.breached_office, i.breached_p1]);
    update(&mut app, ch('w'));
    assert_eq!(app.quick, Some(QuickFilter::Warning), "another key replaces it");
    assert_eq!(app.rows, vec![i.critical, i.warning, i.escalated]);
    update(&mut app, ch('m'));
    assert_eq!(app.quick, Some(QuickFilter::Mine));
    assert_eq!(app.rows, vec![i.breached_office, i.paused], "assigned to anna");
    update(&mut app, ch('U'));
    assert_eq!(app.quick, Some(QuickFilter::Unassigned));
    assert_eq!(app.rows, vec![i.breached_p1, i.unassigned]);
    update(&mut app, ch('U'));
    assert_eq!(app.quick, None, "the same key again turns it off");
    assert_eq!(app.rows, queue(&fx));
    // A quick filter and a text filter combine.
    update(&mut app, ch('w'));
    update(&mut app, ch('/'));
    type_text(&mut app, "globex");
    assert_eq!(app.rows, vec![i.critical]);
}

#[test]
fn a_job_action_with_nothing_selected_is_refused() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('/'));
    type_text(&mut app, "no such job");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.selected, None);
    for c in ['r', 'a', 'R', 'p', 't', 'P', 'N', 'e', 'K'] {
        assert_eq!(update(&mut app, ch(c)), vec![], "key {c}");
        assert_eq!(app.overlay, Overlay::None, "key {c}");
        assert_eq!(status(&app), (Level::Error, "no job selected".to_owned()));
    }
    // `i` has nothing to explain either.
    update(&mut app, ch('i'));
    assert_eq!(app.overlay, Overlay::None);
}

/// Issue 16: the escalations view puts the waiting ones first, the highest level first,
/// and filters by acknowledgement (`!`) and by level (`L`, each level in turn).
#[test]
fn escalations_filter_by_acknowledgement_and_level() {
    let mut fx = Fixture::new();
    // A second unacknowledged escalation, at level 2: it must not be buried under level 1.
    let p1 = fx.ids.breached_p1;
    let row = fx.apply(
        p1,
        &JobAction::Escalate {
            level: Some(2),
            note: None,
        },
    );
    let mut app = fx.app();
    app.absorb(vec![row]);
    update(&mut app, ch('2'));
    let i = fx.ids;
    assert_eq!(app.rows, vec![p1, i.escalated, i.acked]);
    update(&mut app, ch('!'));
    assert_eq!(app.rows, vec![p1, i.escalated], "only the unacknowledged");
    update(&mut app, ch('L'));
    assert_eq!(app.rows, vec![i.escalated], "only level 1");
    assert!(
        status(&app).1.contains("only level 1 (Dispatch lead)"),
        "{:?}",
        app.status
    );
    update(&mut app, ch('L'));
    assert_eq!(app.rows, vec![p1], "only level 2");
    update(&mut app, ch('L'));
    update(&mut app, ch('!'));
    assert_eq!(app.rows, vec![p1, i.escalated, i.acked], "all again");
}

#[test]
fn an_empty_view_says_what_was_searched() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('b'));
    update(&mut app, ch('/'));
    type_text(&mut app, "zzz");
    update(&mut app, key(KeyCode::Enter));
    assert!(app.rows.is_empty());
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("No open job matches the filter `zzz` and the quick filter breached."),
        "{screen}"
    );
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, ch('2'));
    update(&mut app, ch('/'));
    type_text(&mut app, "Initech");
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("No escalated job matches the filter `Initech`."),
        "{screen}"
    );
}
