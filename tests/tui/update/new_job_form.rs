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

/// Opens the form and types `values` into its fields in order (empty: left as is).
fn fill(app: &mut App, values: [&str; 7]) {
    update(app, ch('n'));
    for (i, v) in values.iter().enumerate() {
        form_focus(app, i);
        type_text(app, v);
    }
}

/// Moves the form's focus to field `i` with ↓ (which never completes).
fn form_focus(app: &mut App, i: usize) {
    while form(app).focus != i {
        update(app, key(KeyCode::Down));
    }
}

fn logged(effects: &[Effect]) -> Option<NewJob> {
    effects.iter().find_map(|e| match e {
        Effect::Log(j) => Some(j.clone()),
        _ => None,
    })
}

#[test]
fn a_customer_typo_shows_did_you_mean_and_a_second_enter_saves_it_as_new() {
    let fx = Fixture::new();
    let mut app = fx.app();
    fill(&mut app, ["Acme Crop", "P3", "", "", "", "", "Pump noisy"]);
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(logged(&effects), None, "a typo is not saved at once");
    let f = form(&app);
    let err = f.shown_error(0).expect("the customer is marked");
    assert!(err.contains("did you mean `Acme Corp`?"), "{err}");
    assert!(err.contains("Enter again"), "{err}");
    // The same value, Enter again: saved as a new customer.
    let job = logged(&update(&mut app, key(KeyCode::Enter))).expect("logged the second time");
    assert_eq!(job.customer, "Acme Crop");
}

#[test]
fn a_changed_value_needs_its_own_confirmation() {
    let fx = Fixture::new();
    let mut app = fx.app();
    fill(&mut app, ["Acme Crop", "P3", "", "", "", "", "Pump noisy"]);
    update(&mut app, key(KeyCode::Enter));
    form_focus(&mut app, 0);
    update(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "q");
    assert_eq!(logged(&update(&mut app, key(KeyCode::Enter))), None);
    assert!(form(&app).shown_error(0).is_some_and(|e| e.contains("Acme Corp")));
}

#[test]
fn a_technician_or_type_typo_is_marked_too() {
    let fx = Fixture::new();
    let mut app = fx.app();
    fill(
        &mut app,
        ["Acme Corp", "P2", "malfuction", "", "", "pite", "Pump noisy"],
    );
    assert_eq!(logged(&update(&mut app, key(KeyCode::Enter))), None);
    let f = form(&app);
    assert!(
        f.shown_error(2)
            .is_some_and(|e| e.contains("did you mean `malfunction`?")),
        "{f:?}"
    );
    assert!(
        f.shown_error(5)
            .is_some_and(|e| e.contains("did you mean `piet`?")),
        "{f:?}"
    );
}

#[test]
fn a_technician_with_nothing_open_is_known_from_the_store() {
    let fx = Fixture::new();
    let mut app = fx.app();
    // marjolein has no open job: only the store's technicians table knows her.
    update(&mut app, Msg::Technicians(vec!["marjolein".to_owned()]));
    fill(
        &mut app,
        [
            "Acme Corp",
            "P2",
            "malfunction",
            "",
            "",
            "marjolien",
            "Pump noisy",
        ],
    );
    assert_eq!(logged(&update(&mut app, key(KeyCode::Enter))), None);
    let f = form(&app);
    assert!(
        f.shown_error(5)
            .is_some_and(|e| e.contains("did you mean `marjolein`?")),
        "{f:?}"
    );
}

#[test]
fn a_known_name_in_another_case_is_saved_in_its_known_spelling() {
    let fx = Fixture::new();
    let mut app = fx.app();
    fill(
        &mut app,
        ["acme corp", "P2", "MALFUNCTION", "", "", "Kees", "Pump noisy"],
    );
    let job = logged(&update(&mut app, key(KeyCode::Enter))).expect("logged");
    assert_eq!(job.customer, "Acme Corp");
    assert_eq!(job.job_type.as_deref(), Some("malfunction"));
    assert_eq!(job.technician.as_deref(), Some("kees"));
}

#[test]
fn tab_completes_the_type_and_the_technician() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('n'));
    form_focus(&mut app, 2);
    type_text(&mut app, "mal");
    assert_eq!(form(&app).suggestions(&fx.policy), ["malfunction"]);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(form(&app).values[2], "malfunction");
    form_focus(&mut app, 5);
    type_text(&mut app, "pi");
    assert_eq!(form(&app).suggestions(&fx.policy), ["piet"]);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(form(&app).values[5], "piet");
}

/// The reassign prompt (`t`, "Someone else…") checks the name as the form does.
#[test]
fn a_technician_typo_in_the_reassign_prompt_needs_a_second_enter() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.unassigned;
    select(&mut app, id);
    update(&mut app, ch('t'));
    for _ in 0..9 {
        update(&mut app, key(KeyCode::Down));
    }
    update(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "Pite");
    assert_eq!(update(&mut app, key(KeyCode::Enter)), vec![]);
    match &app.overlay {
        Overlay::Text { hint, input, .. } => {
            assert!(hint.contains("did you mean `piet`?"), "{hint}");
            assert_eq!(input, "Pite");
        }
        other => panic!("the prompt stays open, got {other:?}"),
    }
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Assign {
                to: "Pite".to_owned()
            }
        )
    );
    // Another case takes the known spelling at once.
    update(&mut app, ch('t'));
    for _ in 0..9 {
        update(&mut app, key(KeyCode::Down));
    }
    update(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "KEES");
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
