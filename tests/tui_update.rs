#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `update(app, msg) -> effects` of the dashboard, without a terminal: every key,
//! mouse event and message, against a real store filled at a fixed instant.

#[path = "common/tui_fixture.rs"]
mod tui_fixture;

use std::sync::Arc;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseEventKind,
};
use slawatch::tui::app::{Level, QuickFilter, Tab};
use slawatch::tui::overlay::{Overlay, PickPurpose, TextPurpose};
use slawatch::tui::{App, Effect, Msg, update};
use slawatch_core::job::{JobAction, NewJob};
use tui_fixture::*;

fn record(job: i64, action: JobAction) -> Vec<Effect> {
    vec![Effect::Record { job, action }]
}

/// The queue of the fixture, most urgent first.
fn queue(fx: &Fixture) -> Vec<i64> {
    let i = fx.ids;
    vec![
        i.breached_office,
        i.breached_p1,
        i.critical,
        i.warning,
        i.escalated,
        i.unassigned,
        i.hostile,
        i.acked,
        i.paused,
    ]
}

fn status(app: &App) -> (Level, String) {
    app.status.clone().expect("a status message")
}

fn pick_items(app: &App) -> Vec<(String, String)> {
    match &app.overlay {
        Overlay::Pick { items, .. } => items.clone(),
        other => panic!("expected a picker, got {other:?}"),
    }
}

// ── The list ────────────────────────────────────────────────────────────────

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
    // By technician (case-insensitive), then due; unassigned last.
    assert_eq!(
        app.rows,
        vec![
            i.breached_office,
            i.paused,
            i.hostile,
            i.critical,
            i.acked,
            i.warning,
            i.escalated,
            i.breached_p1,
            i.unassigned
        ]
    );
    assert_eq!(
        app.tech_load.get(&Some("anna".to_owned())),
        Some(&slawatch_core::board::TechLoad {
            open: 2,
            breached: 1,
            at_risk: 0
        })
    );
    assert_eq!(
        app.tech_load.get(&None),
        Some(&slawatch_core::board::TechLoad {
            open: 2,
            breached: 1,
            at_risk: 0
        })
    );
    assert_eq!(app.selected, Some(i.escalated), "the selection stays on its job");
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Reports);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Queue);
    update(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.tab, Tab::Reports);
    update(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.tab, Tab::Technicians);
    for (c, tab) in [
        ('2', Tab::Escalations),
        ('4', Tab::Reports),
        ('3', Tab::Technicians),
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

// ── Filters ─────────────────────────────────────────────────────────────────

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
fn quick_filters_b_w_m_u_toggle() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let i = fx.ids;
    update(&mut app, ch('b'));
    assert_eq!(app.quick, Some(QuickFilter::Breached));
    assert_eq!(app.rows, vec![i.breached_office, i.breached_p1]);
    update(&mut app, ch('w'));
    assert_eq!(app.quick, Some(QuickFilter::AtRisk), "another key replaces it");
    assert_eq!(app.rows, vec![i.critical, i.warning, i.escalated]);
    update(&mut app, ch('m'));
    assert_eq!(app.quick, Some(QuickFilter::Mine));
    assert_eq!(app.rows, vec![i.breached_office, i.paused], "assigned to anna");
    update(&mut app, ch('u'));
    assert_eq!(app.quick, Some(QuickFilter::Unassigned));
    assert_eq!(app.rows, vec![i.breached_p1, i.unassigned]);
    update(&mut app, ch('u'));
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

// ── Help and explanations ───────────────────────────────────────────────────

#[test]
fn question_mark_opens_help_and_any_key_closes_it() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('?'));
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
    // The key that closes the help does nothing else, even `q` or `j`.
    assert_eq!(update(&mut app, ch('q')), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    assert!(!app.quit);
    update(&mut app, key(KeyCode::F(1)));
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
    // j / ↓ scroll a help taller than a small terminal; other keys close it.
    assert_eq!(update(&mut app, ch('j')), vec![]);
    assert_eq!(app.overlay, Overlay::Help { scroll: 1 });
    assert_eq!(update(&mut app, ch('x')), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.selected, Some(fx.ids.breached_office));
}

#[test]
fn i_explains_the_selected_job_naming_its_tier_and_calendar() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select(&mut app, fx.ids.paused);
    update(&mut app, ch('i'));
    let Overlay::Explain { job, lines } = app.overlay.clone() else {
        panic!("expected an explanation, got {:?}", app.overlay);
    };
    assert_eq!(job, fx.ids.paused);
    assert!(
        lines[0].starts_with("Tier standard: contract INITECH-BASIC"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Calendar office in Europe/Amsterdam")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("waiting on customer")),
        "{lines:?}"
    );
    update(&mut app, ch('x'));
    assert_eq!(app.overlay, Overlay::None);

    select(&mut app, fx.ids.critical);
    update(&mut app, ch('i'));
    let Overlay::Explain { lines, .. } = app.overlay.clone() else {
        panic!("expected an explanation");
    };
    assert!(
        lines[0].starts_with("Tier critical: contract GLOBEX-GOLD"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l == "Calendar always in UTC: open 24x7."),
        "{lines:?}"
    );
}

// ── Job actions ─────────────────────────────────────────────────────────────

#[test]
fn r_and_a_record_respond_and_attend_for_the_selected_job() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select(&mut app, fx.ids.breached_p1);
    assert_eq!(
        update(&mut app, ch('r')),
        record(fx.ids.breached_p1, JobAction::Respond { note: None })
    );
    assert_eq!(
        update(&mut app, ch('a')),
        record(fx.ids.breached_p1, JobAction::Attend { note: None })
    );
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn shift_r_asks_to_confirm_then_enter_or_y_resolves() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.warning;
    select(&mut app, id);
    assert_eq!(update(&mut app, ch('R')), vec![]);
    let Overlay::Confirm { job, body, .. } = app.overlay.clone() else {
        panic!("expected a confirmation, got {:?}", app.overlay);
    };
    assert_eq!(job, id);
    assert_eq!(body[0], "Resolve job 9 · Acme Corp · Cooling unit alarm?");
    // Other keys keep asking.
    assert_eq!(update(&mut app, ch('x')), vec![]);
    assert!(matches!(app.overlay, Overlay::Confirm { .. }));
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(id, JobAction::Resolve { note: None })
    );
    assert_eq!(app.overlay, Overlay::None);
    update(&mut app, ch('R'));
    assert_eq!(
        update(&mut app, ch('y')),
        record(id, JobAction::Resolve { note: None })
    );
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn esc_or_n_cancels_the_resolve_confirmation() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('R'));
    assert_eq!(update(&mut app, key(KeyCode::Esc)), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    update(&mut app, ch('R'));
    assert_eq!(update(&mut app, ch('n')), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    // `n` closed the confirmation; it did not open the new-job form.
    assert!(!matches!(app.overlay, Overlay::NewJob(_)));
}

#[test]
fn p_on_a_running_job_picks_a_policy_reason_then_a_note_and_pauses() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.unassigned;
    select(&mut app, id);
    assert_eq!(update(&mut app, ch('p')), vec![]);
    let items = pick_items(&app);
    let names: Vec<&str> = items.iter().map(|(n, _)| n.as_str()).collect();
    let policy_names: Vec<&str> = fx.policy.pause_reasons.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, policy_names);
    assert_eq!(
        names,
        [
            "waiting on customer",
            "customer unreachable",
            "no site access",
            "waiting for parts"
        ]
    );
    assert_eq!(items[0].1, "stops the clock");
    assert_eq!(items[3].1, "recorded; the clock keeps running");
    assert!(matches!(
        app.overlay,
        Overlay::Pick {
            purpose: PickPurpose::PauseReason,
            index: 0,
            ..
        }
    ));
    update(&mut app, ch('j'));
    update(&mut app, key(KeyCode::Down));
    update(&mut app, ch('k'));
    assert_eq!(update(&mut app, key(KeyCode::Enter)), vec![]);
    let Overlay::Text { job, purpose, .. } = app.overlay.clone() else {
        panic!("expected a note prompt, got {:?}", app.overlay);
    };
    assert_eq!(job, id);
    assert_eq!(
        purpose,
        TextPurpose::PauseNote {
            reason: "customer unreachable".to_owned()
        }
    );
    type_text(&mut app, "left two voicemails");
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Pause {
                reason: "customer unreachable".to_owned(),
                note: Some("left two voicemails".to_owned()),
            }
        )
    );
    assert_eq!(app.overlay, Overlay::None);

    // The note is optional.
    update(&mut app, ch('p'));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Pause {
                reason: "waiting on customer".to_owned(),
                note: None,
            }
        )
    );
}

#[test]
fn p_on_a_paused_job_resumes_it() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select(&mut app, fx.ids.paused);
    assert_eq!(
        update(&mut app, ch('p')),
        record(fx.ids.paused, JobAction::Resume { note: None })
    );
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn esc_cancels_a_picker_and_a_prompt_without_effect() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('p'));
    assert_eq!(update(&mut app, key(KeyCode::Esc)), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    update(&mut app, ch('p'));
    update(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "half a note");
    assert_eq!(update(&mut app, key(KeyCode::Esc)), vec![]);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn t_assigns_a_technician_from_the_picker() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.unassigned;
    select(&mut app, id);
    update(&mut app, ch('t'));
    let items = pick_items(&app);
    let want: Vec<(String, String)> = [
        ("anna", "2 open"),
        ("jan", "1 open"),
        ("kees", "2 open"),
        ("piet", "2 open"),
        ("Someone else…", "type a name"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(items, want);
    update(&mut app, ch('j'));
    update(&mut app, ch('j'));
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Assign {
                to: "kees".to_owned()
            }
        )
    );
}

#[test]
fn t_someone_else_asks_for_the_name() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.unassigned;
    select(&mut app, id);
    update(&mut app, ch('t'));
    // Down past the end stays on the last item, "Someone else…".
    for _ in 0..9 {
        update(&mut app, key(KeyCode::Down));
    }
    assert_eq!(update(&mut app, key(KeyCode::Enter)), vec![]);
    assert!(matches!(
        app.overlay,
        Overlay::Text {
            purpose: TextPurpose::Technician,
            ..
        }
    ));
    type_text(&mut app, "Fatima");
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Assign {
                to: "Fatima".to_owned()
            }
        )
    );
    // An empty name is refused.
    update(&mut app, ch('t'));
    update(&mut app, ch('G'));
    for _ in 0..9 {
        update(&mut app, ch('j'));
    }
    update(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "   ");
    assert_eq!(update(&mut app, key(KeyCode::Enter)), vec![]);
    assert_eq!(
        status(&app),
        (Level::Error, "the technician's name is empty".to_owned())
    );
}

#[test]
fn shift_p_previews_the_tier_and_deadlines_of_each_priority() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.warning; // Acme Corp P2 malfunction, logged Mon 11:45
    select(&mut app, id);
    update(&mut app, ch('P'));
    let Overlay::Pick {
        items,
        index,
        purpose,
        title,
        ..
    } = app.overlay.clone()
    else {
        panic!("expected the priority picker, got {:?}", app.overlay);
    };
    assert_eq!(purpose, PickPurpose::Priority);
    assert_eq!(
        title,
        "Priority of job 9 · Acme Corp · Cooling unit alarm (now P2)"
    );
    assert_eq!(index, 1, "starts on the job's priority");
    let names: Vec<&str> = items.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["P1", "P2", "P3", "P4"]);
    assert_eq!(
        items[0].1,
        "tier critical · respond Mon 23 12:15 · attend Mon 23 13:45 · resolve Mon 23 15:45"
    );
    assert_eq!(
        items[1].1,
        "tier priority · respond Mon 23 12:45 · attend Mon 23 15:45 · resolve Tue 24 19:00"
    );
    assert!(
        items[2].1.starts_with("tier standard · respond Mon 23 16:45"),
        "{items:?}"
    );
    assert!(items[3].1.starts_with("tier planned · "), "{items:?}");
    update(&mut app, key(KeyCode::Up));
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Reprioritize {
                priority: "P1".to_owned(),
                job_type: None
            }
        )
    );
}

#[test]
fn shift_n_adds_a_note_and_refuses_an_empty_one() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.hostile;
    select(&mut app, id);
    update(&mut app, ch('N'));
    assert!(matches!(
        app.overlay,
        Overlay::Text {
            purpose: TextPurpose::Note,
            ..
        }
    ));
    type_text(&mut app, "  ");
    assert_eq!(update(&mut app, key(KeyCode::Enter)), vec![]);
    assert_eq!(status(&app), (Level::Error, "the note is empty".to_owned()));
    update(&mut app, ch('N'));
    type_text(&mut app, "called tha");
    update(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "e customer");
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Note {
                text: "called the customer".to_owned()
            }
        )
    );
}

#[test]
fn e_picks_a_level_above_the_current_one_then_a_note_and_escalates() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.escalated; // at level 1
    select(&mut app, id);
    update(&mut app, ch('e'));
    let names: Vec<String> = pick_items(&app).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["level 2", "level 3", "level 4"]);
    update(&mut app, ch('j'));
    update(&mut app, key(KeyCode::Enter));
    assert!(matches!(
        app.overlay,
        Overlay::Text {
            purpose: TextPurpose::Escalate { level: 3 },
            ..
        }
    ));
    type_text(&mut app, "no progress in 3h");
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Escalate {
                level: Some(3),
                note: Some("no progress in 3h".to_owned())
            }
        )
    );

    // A job never escalated starts at level 1; the note is optional.
    let id = fx.ids.breached_p1;
    select(&mut app, id);
    update(&mut app, ch('e'));
    let names: Vec<String> = pick_items(&app).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["level 1", "level 2", "level 3"]);
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Escalate {
                level: Some(1),
                note: None
            }
        )
    );
}

#[test]
fn shift_k_in_the_queue_acknowledges_an_unacknowledged_escalation() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.escalated;
    select(&mut app, id);
    update(&mut app, ch('K'));
    let Overlay::Text { title, purpose, .. } = app.overlay.clone() else {
        panic!("expected the ack prompt, got {:?}", app.overlay);
    };
    assert_eq!(purpose, TextPurpose::Ack);
    assert_eq!(
        title,
        "Acknowledge level 1 of job 4 · Acme Corp · Server room overheating"
    );
    type_text(&mut app, "calling the site");
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Ack {
                note: Some("calling the site".to_owned())
            }
        )
    );
}

#[test]
fn k_in_the_escalations_view_acknowledges_and_does_not_move() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('2'));
    assert_eq!(app.selected, Some(fx.ids.escalated));
    update(&mut app, ch('k'));
    assert!(matches!(
        app.overlay,
        Overlay::Text {
            purpose: TextPurpose::Ack,
            ..
        }
    ));
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(fx.ids.escalated, JobAction::Ack { note: None })
    );
    assert_eq!(app.selected, Some(fx.ids.escalated));
}

#[test]
fn ack_without_an_unacknowledged_escalation_is_refused() {
    let fx = Fixture::new();
    let mut app = fx.app();
    // Never escalated, in the queue.
    select(&mut app, fx.ids.breached_p1);
    assert_eq!(update(&mut app, ch('K')), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(
        status(&app),
        (
            Level::Error,
            format!("job {} has no unacknowledged escalation", fx.ids.breached_p1)
        )
    );
    // Already acknowledged, in the escalations view.
    update(&mut app, ch('2'));
    update(&mut app, ch('G'));
    assert_eq!(app.selected, Some(fx.ids.acked));
    assert_eq!(update(&mut app, ch('k')), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(status(&app).0, Level::Error);
}

// ── The new-job form ────────────────────────────────────────────────────────

fn form(app: &App) -> slawatch::tui::overlay::NewJobForm {
    match &app.overlay {
        Overlay::NewJob(f) => (**f).clone(),
        other => panic!("expected the new-job form, got {other:?}"),
    }
}

#[test]
fn n_opens_the_form_tab_completes_the_customer_and_the_preview_shows_the_tier() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('n'));
    let f = form(&app);
    assert_eq!(f.focus, 0);
    assert!(!f.valid);
    assert!(f.preview.is_empty());
    assert_eq!(f.shown_error(0), None, "nothing is marked before typing");
    type_text(&mut app, "glo");
    assert_eq!(form(&app).suggestions(&fx.policy), ["Globex"]);
    update(&mut app, key(KeyCode::Tab));
    let f = form(&app);
    assert_eq!(f.values[0], "Globex");
    assert_eq!(f.focus, 0, "the first Tab completes");
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(form(&app).focus, 1, "the next Tab moves on");
    type_text(&mut app, "P2");
    let f = form(&app);
    assert_eq!(
        f.preview,
        [
            "contract GLOBEX-GOLD, rule 2 (priority = P2) → tier critical",
            "respond  30m    due Mon 2026-11-23 13:00 CET",
            "attend   2h     due Mon 2026-11-23 14:30 CET",
            "resolve  4h     due Mon 2026-11-23 16:30 CET",
        ]
    );
    // With the customer emptied, every customer is offered and Tab moves on instead.
    update(&mut app, key(KeyCode::Up));
    for _ in 0..6 {
        update(&mut app, key(KeyCode::Backspace));
    }
    let f = form(&app);
    assert_eq!(f.values[0], "");
    assert_eq!(f.suggestions(&fx.policy), ["Acme Corp", "Globex", "Initech"]);
    assert_eq!(f.shown_error(0), Some("required"));
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(form(&app).focus, 1);
    assert_eq!(form(&app).values[0], "");
}

#[test]
fn enter_with_a_missing_summary_does_not_log_and_marks_the_field() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('n'));
    type_text(&mut app, "Acme Corp");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "P2");
    update(&mut app, key(KeyCode::Down));
    type_text(&mut app, "malfunction");
    let f = form(&app);
    assert!(f.preview[0].ends_with("→ tier priority"), "{:?}", f.preview);
    assert_eq!(f.shown_error(6), None, "the summary was not touched yet");
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Log(_))),
        "{effects:?}"
    );
    let f = form(&app);
    assert!(f.tried);
    assert!(!f.valid);
    assert_eq!(
        f.shown_error(6),
        Some("required: say in a few words what is wrong")
    );
    assert_eq!(status(&app).0, Level::Error);
}

#[test]
fn an_unknown_priority_is_marked_in_the_form() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('n'));
    type_text(&mut app, "Initech");
    update(&mut app, key(KeyCode::Down));
    type_text(&mut app, "P7");
    let f = form(&app);
    let err = f.shown_error(1).expect("the priority is marked");
    assert!(err.contains("unknown priority `P7`"), "{err}");
    assert!(f.preview.is_empty());
    // Nothing is logged.
    update(&mut app, key(KeyCode::Enter));
    assert!(matches!(app.overlay, Overlay::NewJob(_)));
}

#[test]
fn a_valid_form_logs_the_job() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('n'));
    type_text(&mut app, "Init");
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "P3");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "repair");
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "HQ  ");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "jan");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "Scanner offline");
    assert!(form(&app).valid);
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Log(NewJob {
            customer: "Initech".to_owned(),
            priority: "P3".to_owned(),
            job_type: Some("repair".to_owned()),
            asset: None,
            site: Some("HQ".to_owned()),
            contract: None,
            summary: "Scanner offline".to_owned(),
            technician: Some("jan".to_owned()),
            at: None,
        })]
    );
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn esc_closes_the_form_without_logging() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('n'));
    type_text(&mut app, "Globex");
    assert_eq!(update(&mut app, key(KeyCode::Esc)), vec![]);
    assert_eq!(app.overlay, Overlay::None);
}

// ── Quitting ────────────────────────────────────────────────────────────────

#[test]
fn q_and_ctrl_c_quit() {
    let fx = Fixture::new();
    let mut app = fx.app();
    assert_eq!(update(&mut app, ch('q')), vec![Effect::Quit]);
    assert!(app.quit);
    let mut app = fx.app();
    assert_eq!(update(&mut app, ctrl('c')), vec![Effect::Quit]);
    assert!(app.quit);
    // Ctrl-C also quits from an overlay; `q` there is text.
    let mut app = fx.app();
    update(&mut app, ch('N'));
    assert_eq!(update(&mut app, ch('q')), vec![]);
    assert_eq!(update(&mut app, ctrl('c')), vec![Effect::Quit]);
    assert!(app.quit);
}

// ── Messages from the runtime ───────────────────────────────────────────────

#[test]
fn done_sets_the_status_line() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(
        &mut app,
        Msg::Done(Ok("job 4 responded by anna · status open".to_owned())),
    );
    assert_eq!(
        status(&app),
        (Level::Info, "job 4 responded by anna · status open".to_owned())
    );
    let err = "job 4 was already responded to by jan at Mon 2026-11-23 09:10 CET";
    assert_eq!(update(&mut app, Msg::Done(Err(err.to_owned()))), vec![]);
    assert_eq!(status(&app), (Level::Error, err.to_owned()));
}

#[test]
fn a_policy_error_is_kept_beside_the_old_policy() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let old = Arc::clone(&app.policy);
    let err = "sla.toml:12:7: unknown calendar `ofice`\n  = did you mean `office`?";
    update(&mut app, Msg::Policy(Err(err.to_owned())));
    assert_eq!(app.policy_error.as_deref(), Some(err));
    assert!(Arc::ptr_eq(&app.policy, &old), "the old policy stays in force");
    assert_eq!(app.rows, queue(&fx), "the jobs are still judged");
    // A good policy again clears the error.
    update(&mut app, Msg::Policy(Ok(policy())));
    assert_eq!(app.policy_error, None);
    assert!(!Arc::ptr_eq(&app.policy, &old));
    assert_eq!(status(&app), (Level::Info, "policy reloaded".to_owned()));
    assert_eq!(app.rows, queue(&fx));
}

#[test]
fn loaded_with_a_resolved_row_removes_the_job() {
    let mut fx = Fixture::new();
    let mut app = fx.app();
    let gone = fx.ids.unassigned;
    let row = fx.apply(gone, &JobAction::Resolve { note: None });
    assert_eq!(row.status, slawatch_core::job::JobStatus::Resolved);
    update(&mut app, Msg::Loaded(vec![row]));
    assert!(!app.board.jobs.contains_key(&gone));
    assert!(!app.rows.contains(&gone));
    assert_eq!(app.rows.len(), 8);
    assert_eq!(app.totals().open, 8);
    assert_eq!(
        app.selected,
        Some(fx.ids.breached_office),
        "another job stays selected"
    );
}

#[test]
fn resolving_the_selected_job_selects_the_one_that_followed_it() {
    let mut fx = Fixture::new();
    let mut app = fx.app();
    let q = queue(&fx);
    // The fourth job is selected and gets resolved.
    select(&mut app, q[3]);
    let row = fx.apply(q[3], &JobAction::Resolve { note: None });
    update(&mut app, Msg::Loaded(vec![row]));
    assert!(!app.rows.contains(&q[3]));
    assert_eq!(
        app.selected,
        Some(q[4]),
        "the selection should stay in place (on the job below), not jump to the top"
    );
}

#[test]
fn loaded_asks_once_for_the_timeline_of_the_new_selection() {
    let mut fx = Fixture::new();
    let mut app = fx.app();
    let q = queue(&fx);
    select(&mut app, q[0]);
    let row = fx.apply(q[0], &JobAction::Resolve { note: None });
    let effects = update(&mut app, Msg::Loaded(vec![row]));
    let want = vec![Effect::LoadTimeline(app.selected.unwrap())];
    assert_eq!(effects, want, "one store read per selection change");
}

#[test]
fn loaded_with_a_changed_selected_job_reloads_its_timeline() {
    let mut fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.hostile;
    select(&mut app, id);
    let row = fx.apply(
        id,
        &JobAction::Note {
            text: "tunnel logs sent".to_owned(),
        },
    );
    assert_eq!(
        update(&mut app, Msg::Loaded(vec![row])),
        vec![Effect::LoadTimeline(id)]
    );
    // A change to another job does not reload the selected one's timeline.
    let other = fx.apply(fx.ids.acked, &JobAction::Note { text: "x".to_owned() });
    assert_eq!(update(&mut app, Msg::Loaded(vec![other])), vec![]);
}

#[test]
fn the_selection_follows_its_job_when_the_rows_resort() {
    let mut fx = Fixture::new();
    let mut app = fx.app();
    let i = fx.ids;
    select(&mut app, i.unassigned);
    assert_eq!(app.cursor(), 5);
    // Responding to the job breached since Friday: its next deadline (resolve, Wed
    // 17:00) sorts it from the top to below the selected job.
    let row = fx.apply(i.breached_office, &JobAction::Respond { note: None });
    let effects = update(&mut app, Msg::Loaded(vec![row]));
    assert_eq!(effects, vec![]);
    assert_eq!(app.selected, Some(i.unassigned));
    assert_eq!(app.cursor(), 4);
    assert_eq!(
        app.rows,
        vec![
            i.breached_p1,
            i.critical,
            i.warning,
            i.escalated,
            i.unassigned,
            i.hostile,
            i.acked,
            i.breached_office,
            i.paused
        ]
    );
}

#[test]
fn loaded_then_select_picks_a_job_just_logged_here() {
    let mut fx = Fixture::new();
    let mut app = fx.app();
    let p = Arc::clone(&fx.policy);
    let id = fx
        .store
        .log_job(
            &p,
            &NewJob {
                customer: "Globex".to_owned(),
                priority: "P1".to_owned(),
                summary: "Warehouse scanners down".to_owned(),
                ..NewJob::default()
            },
            "anna",
            now(),
        )
        .unwrap();
    let row = fx.row(id);
    update(&mut app, Msg::Loaded(vec![row]));
    assert!(app.rows.contains(&id));
    assert_eq!(update(&mut app, Msg::Select(id)), vec![Effect::LoadTimeline(id)]);
    assert_eq!(app.selected, Some(id));
    // An id not listed is ignored.
    assert_eq!(update(&mut app, Msg::Select(9999)), vec![]);
    assert_eq!(app.selected, Some(id));
}

#[test]
fn a_timeline_is_kept_for_its_job() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.paused;
    let events = fx.events(id);
    assert_eq!(events.len(), 3);
    update(&mut app, Msg::Timeline(id, events.clone()));
    assert_eq!(app.timeline, Some((id, events)));
}

#[test]
fn tick_counts_down_the_jobs_on_screen() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.critical; // respond due 12:32
    let remaining = |app: &App| app.board.jobs[&id].urgent_clock().unwrap().remaining;
    assert_eq!(remaining(&app), 120);
    update(&mut app, Msg::Tick(now() + 60));
    assert_eq!(app.now, now() + 60);
    assert_eq!(remaining(&app), 60);
    update(&mut app, Msg::Tick(now() + 61));
    assert_eq!(remaining(&app), 59);
    assert!(!app.board.jobs[&id].breached());
}

#[test]
fn tick_past_a_deadline_breaches_the_job_even_off_screen() {
    let fx = Fixture::new();
    // 120 x 6: one job row; the critical job is the third.
    let mut app = fx.app_sized(120, 6);
    let id = fx.ids.critical;
    assert_eq!(app.page, 1);
    assert_eq!(app.rows.iter().position(|r| *r == id), Some(2));
    assert_eq!(app.totals().breached, 2);
    update(&mut app, Msg::Tick(now() + 120));
    assert!(!app.board.jobs[&id].breached(), "at the deadline, not past it");
    update(&mut app, Msg::Tick(now() + 121));
    let e = &app.board.jobs[&id];
    assert!(e.breached());
    assert_eq!(e.urgency(), slawatch_core::sla::Urgency::Breached);
    assert_eq!(e.urgent_clock().unwrap().remaining, -1);
    assert_eq!(app.totals().breached, 3);
    // The breached quick filter sees it.
    update(&mut app, ch('b'));
    assert!(app.rows.contains(&id));
}

#[test]
fn tick_keeps_the_technicians_load_current() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('3'));
    let kees = Some("kees".to_owned());
    // kees: the critical job (past every warning) and the acknowledged one.
    assert_eq!(
        app.tech_load[&kees],
        slawatch_core::board::TechLoad {
            open: 2,
            breached: 0,
            at_risk: 1
        }
    );
    update(&mut app, Msg::Tick(now() + 121));
    assert!(app.board.jobs[&fx.ids.critical].breached());
    assert_eq!(app.totals().breached, 3, "the header counts the new breach");
    assert_eq!(
        app.tech_load[&kees],
        slawatch_core::board::TechLoad {
            open: 2,
            breached: 1,
            at_risk: 0
        },
        "the LOAD column must count the new breach too (open, breached, at risk)"
    );
}

#[test]
fn tick_moves_a_job_past_a_warning() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.warning; // respond 1h from 11:45; 0.9 at 12:39
    assert_eq!(
        app.board.jobs[&id].urgency(),
        slawatch_core::sla::Urgency::Warning
    );
    update(&mut app, Msg::Tick(at("2026-11-23T12:39:01+01:00")));
    assert_eq!(
        app.board.jobs[&id].urgency(),
        slawatch_core::sla::Urgency::Critical
    );
}

#[test]
fn tick_keeps_a_new_job_form_preview_current() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('n'));
    type_text(&mut app, "Globex");
    update(&mut app, key(KeyCode::Down));
    type_text(&mut app, "P1");
    assert_eq!(
        form(&app).preview[1],
        "respond  30m    due Mon 2026-11-23 13:00 CET"
    );
    update(&mut app, Msg::Tick(now() + 600));
    assert_eq!(
        form(&app).preview[1],
        "respond  30m    due Mon 2026-11-23 13:10 CET"
    );
}

#[test]
fn the_forecast_marks_late_jobs_and_filters_them() {
    use slawatch_core::policy::ClockKind;
    use slawatch_core::report::forecast::{Basis, Estimate, Forecast, Stage};
    let fx = Fixture::new();
    let mut app = fx.app();
    let job = fx.ids.warning;
    let forecast = Forecast {
        job,
        clock: ClockKind::Respond,
        stage: Stage::Logged,
        expected: Some(now() + 5 * 3600),
        expected_p80: Some(now() + 6 * 3600),
        deadline: Some(now() + 3600),
        at_risk: true,
        overrun: 4 * 3600 + 20 * 60,
        breached: false,
        queue: 0,
        estimate: Estimate {
            median: 5 * 3600,
            p80: 6 * 3600,
            samples: 42,
            basis: Basis::Tier,
        },
    };
    update(&mut app, Msg::Forecast([(job, forecast)].into_iter().collect()));
    update(&mut app, ch('f'));
    assert_eq!(app.quick, Some(QuickFilter::Forecast));
    assert_eq!(app.rows, vec![job]);
    let screen = tui_fixture::render(&app, 120, 40);
    assert!(screen.contains("≈+4h20m"), "{screen}");
    assert!(
        screen.contains("≈ forecast: respond done about"),
        "the detail pane explains it: {screen}"
    );
    // A new forecast without the job: the filter empties.
    update(&mut app, Msg::Forecast(std::collections::HashMap::new()));
    assert!(app.rows.is_empty());
}
