//! The list: moving the selection by key and mouse, resizing.

use super::*;

#[test]
fn queue_lists_open_jobs_most_urgent_first_and_selects_the_first() {
    let fx = Fixture::new();
    let app = fx.app();
    assert_eq!(app.rows, queue(&fx));
    assert_eq!(app.selected, Some(fx.ids.breached_office));
    assert!(!app.board.jobs.contains_key(&fx.ids.resolved));
    // 120 x 40: two header rows, the detail pane below the list (2/5 of the body),
    // status and key bar; the list has a header row.
    assert_eq!(app.page, 21);
}

#[test]
fn absorbing_a_resolved_row_never_lists_it() {
    let fx = Fixture::new();
    let mut app = App::new(fx.policy.clone(), USER, STORE_LABEL, now());
    let all = fx.all_rows();
    assert!(all.iter().any(|r| r.id == fx.ids.resolved));
    app.absorb(all);
    assert!(!app.board.jobs.contains_key(&fx.ids.resolved));
    assert_eq!(app.rows, queue(&fx));
}

#[test]
fn j_and_down_move_down_k_and_up_move_up_and_stop_at_the_ends() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let q = queue(&fx);
    assert_eq!(update(&mut app, ch('j')), vec![Effect::LoadTimeline(q[1])]);
    assert_eq!(
        update(&mut app, key(KeyCode::Down)),
        vec![Effect::LoadTimeline(q[2])]
    );
    assert_eq!(update(&mut app, ch('k')), vec![Effect::LoadTimeline(q[1])]);
    assert_eq!(
        update(&mut app, key(KeyCode::Up)),
        vec![Effect::LoadTimeline(q[0])]
    );
    // Already at the top: nothing changes, no timeline to load.
    assert_eq!(update(&mut app, key(KeyCode::Up)), vec![]);
    assert_eq!(update(&mut app, ch('k')), vec![]);
    assert_eq!(app.selected, Some(q[0]));
    send(&mut app, vec![ch('G')]);
    assert_eq!(update(&mut app, ch('j')), vec![]);
    assert_eq!(app.selected, Some(q[8]));
}

#[test]
fn page_down_and_page_up_move_a_page_and_scroll() {
    let fx = Fixture::new();
    // 120 x 8: a list of three job rows.
    let mut app = fx.app_sized(120, 8);
    let q = queue(&fx);
    assert_eq!(app.page, 3);
    update(&mut app, key(KeyCode::PageDown));
    assert_eq!((app.selected, app.offset), (Some(q[3]), 1));
    update(&mut app, key(KeyCode::PageDown));
    assert_eq!((app.selected, app.offset), (Some(q[6]), 4));
    update(&mut app, key(KeyCode::PageDown));
    assert_eq!(
        (app.selected, app.offset),
        (Some(q[8]), 6),
        "clamped to the last job"
    );
    update(&mut app, key(KeyCode::PageUp));
    assert_eq!((app.selected, app.offset), (Some(q[5]), 5));
    update(&mut app, key(KeyCode::PageUp));
    update(&mut app, key(KeyCode::PageUp));
    assert_eq!(
        (app.selected, app.offset),
        (Some(q[0]), 0),
        "clamped to the first job"
    );
}

#[test]
fn home_end_g_and_shift_g_jump_to_the_first_and_last_job() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let q = queue(&fx);
    update(&mut app, key(KeyCode::End));
    assert_eq!(app.selected, Some(q[8]));
    update(&mut app, key(KeyCode::Home));
    assert_eq!(app.selected, Some(q[0]));
    update(&mut app, ch('G'));
    assert_eq!(app.selected, Some(q[8]));
    update(&mut app, ch('g'));
    assert_eq!(app.selected, Some(q[0]));
}

#[test]
fn tab_backtab_and_digits_switch_views() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let i = fx.ids;
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Escalations);
    // Escalated jobs only, unacknowledged first; the selection moves onto the list.
    assert_eq!(app.rows, vec![i.escalated, i.acked]);
    assert_eq!(app.selected, Some(i.escalated));
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Technicians);
    // One row per technician: the unassigned work first, then by the most urgent job.
    let names: Vec<Option<&str>> = app.techs.iter().map(|t| t.name.as_deref()).collect();
    assert_eq!(
        names,
        vec![None, Some("anna"), Some("kees"), Some("piet"), Some("jan")]
    );
    // The cursor's technician's jobs, most urgent first; the first is selected.
    assert_eq!(app.rows, vec![i.breached_p1, i.unassigned]);
    assert_eq!(app.selected, Some(i.breached_p1));
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Reports);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Closed);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Mail);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Queue);
    update(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.tab, Tab::Mail);
    update(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.tab, Tab::Closed);
    update(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.tab, Tab::Reports);
    update(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.tab, Tab::Technicians);
    for (c, tab) in [
        ('2', Tab::Escalations),
        ('4', Tab::Reports),
        ('3', Tab::Technicians),
        ('5', Tab::Closed),
        ('6', Tab::Mail),
        ('1', Tab::Queue),
    ] {
        update(&mut app, ch(c));
        assert_eq!(app.tab, tab, "key {c}");
        assert_eq!(app.offset, 0);
    }
    assert_eq!(app.rows, queue(&fx));
}

#[test]
fn mouse_wheel_moves_the_selection() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let q = queue(&fx);
    let fxs = update(&mut app, mouse(MouseEventKind::ScrollDown, 10, 10));
    assert_eq!(fxs, vec![Effect::LoadTimeline(q[1])]);
    update(&mut app, mouse(MouseEventKind::ScrollDown, 10, 10));
    assert_eq!(app.selected, Some(q[2]));
    update(&mut app, mouse(MouseEventKind::ScrollUp, 10, 10));
    assert_eq!(app.selected, Some(q[1]));
    update(&mut app, mouse(MouseEventKind::ScrollUp, 10, 10));
    update(&mut app, mouse(MouseEventKind::ScrollUp, 10, 10));
    assert_eq!(app.selected, Some(q[0]));
}

#[test]
fn mouse_click_on_a_row_selects_it() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let q = queue(&fx);
    // The list starts at screen row 2 with its header; jobs from row 3.
    assert_eq!(update(&mut app, click(5, 5)), vec![Effect::LoadTimeline(q[2])]);
    assert_eq!(app.selected, Some(q[2]));
    update(&mut app, click(60, 11));
    assert_eq!(app.selected, Some(q[8]));
    // The list's header row and the detail pane (below the list) select nothing.
    update(&mut app, click(5, 2));
    update(&mut app, click(5, 30));
    assert_eq!(app.selected, Some(q[8]));
}

#[test]
fn mouse_click_on_a_row_selects_it_when_scrolled() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(120, 8);
    let q = queue(&fx);
    update(&mut app, ch('G'));
    assert_eq!(app.offset, 6);
    update(&mut app, click(5, 3));
    assert_eq!(app.selected, Some(q[6]));
}

#[test]
fn mouse_click_below_the_last_row_keeps_the_selection() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let q = queue(&fx);
    update(&mut app, click(5, 4));
    assert_eq!(app.selected, Some(q[1]));
    // Nine jobs fill screen rows 3..=11; row 20 of the list is blank.
    let fxs = update(&mut app, click(5, 20));
    assert_eq!(fxs, vec![], "a click on blank space must not act");
    assert_eq!(
        app.selected,
        Some(q[1]),
        "a click on blank space must not move the selection"
    );
}

#[test]
fn mouse_click_on_a_tab_switches_view() {
    let fx = Fixture::new();
    let mut app = fx.app();
    // " 1 Queue │ 2 Escalations │ 3 Technicians │ 4 Reports │"
    update(&mut app, click(12, 1));
    assert_eq!(app.tab, Tab::Escalations);
    update(&mut app, click(30, 1));
    assert_eq!(app.tab, Tab::Technicians);
    update(&mut app, click(45, 1));
    assert_eq!(app.tab, Tab::Reports);
    update(&mut app, click(2, 1));
    assert_eq!(app.tab, Tab::Queue);
    // The separator and the space after the tabs are no tab.
    update(&mut app, click(9, 1));
    update(&mut app, click(80, 1));
    assert_eq!(app.tab, Tab::Queue);
}

#[test]
fn mouse_is_ignored_while_an_overlay_is_open() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('?'));
    assert_eq!(update(&mut app, click(5, 6)), vec![]);
    assert_eq!(update(&mut app, mouse(MouseEventKind::ScrollDown, 5, 6)), vec![]);
    assert_eq!(app.selected, Some(fx.ids.breached_office));
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
}

#[test]
fn key_release_events_are_ignored() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let release = KeyEvent {
        code: KeyCode::Char('q'),
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Release,
        state: KeyEventState::NONE,
    };
    assert_eq!(update(&mut app, Msg::Key(release)), vec![]);
    assert!(!app.quit);
}

#[test]
fn resize_sets_the_page_from_the_layout() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, Msg::Resize(80, 24));
    assert_eq!((app.size, app.page), ((80, 24), 19));
    // Narrow but tall: the detail goes below the list.
    update(&mut app, Msg::Resize(100, 50));
    assert_eq!(app.page, 27);
}
