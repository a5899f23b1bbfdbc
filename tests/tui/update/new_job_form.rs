//! The new-job form.

use super::*;

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
