//! The selected job's detail: a revoked event struck through in its timeline, and the
//! detail over the whole body on Enter (the only way to see it at 80x24).

use crate::common::tui_fixture;

use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use slawatch::tui::update;
use tui_fixture::*;

/// Issue 15: a revoked event stays in the timeline, struck through and marked in words;
/// the revocation is listed above it.
#[test]
fn a_revoked_event_is_struck_through_in_the_timeline() {
    let mut fx = Fixture::new();
    let id = fx.ids.escalated;
    let escalation = fx
        .events(id)
        .iter()
        .rev()
        .find(|e| e.kind == "escalated")
        .unwrap()
        .id;
    fx.apply(
        id,
        &slawatch_core::job::JobAction::Revoke {
            event: escalation,
            reason: "wrong job".to_owned(),
        },
    );
    let mut app = fx.app_sized(140, 40);
    select_with_timeline(&fx, &mut app, id);
    let text = render(&app, 140, 40);
    assert!(text.contains("revoked escalated of"), "{text}");
    assert!(text.contains("escalated L1 — customer director"), "{text}");
    assert!(text.contains("called (revoked)"), "{text}");
    let term = draw(&app, 140, 40);
    let buf = term.backend().buffer();
    let struck = (0..buf.area.height).any(|y| {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        row.contains("(revoked)")
            && (0..buf.area.width).any(|x| {
                buf[(x, y)]
                    .modifier
                    .contains(ratatui::style::Modifier::CROSSED_OUT)
            })
    });
    assert!(struck, "the revoked event is not struck through:\n{text}");
}

/// Issue 16: at 80x24 there is no room for the detail pane; Enter shows the selected
/// job's clocks and timeline over the list, and any key goes back.
#[test]
fn enter_at_80x24_shows_the_selected_jobs_clocks_and_timeline() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(80, 24);
    select_with_timeline(&fx, &mut app, fx.ids.escalated);
    let before = render(&app, 80, 24);
    assert!(!before.contains("── timeline ──"), "{before}");
    update(&mut app, key(KeyCode::Enter));
    let text = render(&app, 80, 24);
    assert!(text.contains("#4 Acme Corp · P1 · critical"), "{text}");
    assert!(
        text.contains("respond") && text.contains("── timeline ──"),
        "{text}"
    );
    assert!(text.contains("escalated L1 — customer director called"), "{text}");
    assert_snapshot!(text);
    update(&mut app, ch('x'));
    assert_eq!(render(&app, 80, 24), before, "any key goes back to the list");
}
