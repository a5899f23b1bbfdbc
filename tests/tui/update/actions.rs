//! Job actions on the selected job: respond, attend, resolve, pause, assign,
//! re-prioritise, note, escalate, acknowledge.

use super::*;

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
        "tier critical · respond Mon 12:15 · attend Mon 13:45 · resolve Mon 15:45"
    );
    assert_eq!(
        items[1].1,
        "tier priority · respond Mon 12:45 · attend Mon 15:45 · resolve Tue 19:00"
    );
    assert!(
        items[2].1.starts_with("tier standard · respond Mon 16:45"),
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
fn e_picks_only_the_policys_levels_above_the_current_one_then_a_note_and_escalates() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let id = fx.ids.escalated; // at level 1 of a two-level chain
    select(&mut app, id);
    update(&mut app, ch('e'));
    // Before issue 15 the picker offered levels 2, 3 and 4 whatever the policy defined.
    assert_eq!(
        pick_items(&app),
        [("level 2".to_owned(), "On-call manager".to_owned())]
    );
    update(&mut app, key(KeyCode::Enter));
    assert!(matches!(
        app.overlay,
        Overlay::Text {
            purpose: TextPurpose::Escalate { level: 2 },
            ..
        }
    ));
    type_text(&mut app, "no progress in 3h");
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        record(
            id,
            JobAction::Escalate {
                level: Some(2),
                note: Some("no progress in 3h".to_owned())
            }
        )
    );

    // A job never escalated starts at level 1; the note is optional.
    let id = fx.ids.breached_p1;
    select(&mut app, id);
    update(&mut app, ch('e'));
    let names: Vec<String> = pick_items(&app).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["level 1", "level 2"]);
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

    // At the top of the chain there is nothing to pick: it says so.
    let id = fx.ids.acked; // at level 2
    select(&mut app, id);
    assert_eq!(update(&mut app, ch('e')), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    let (level, text) = status(&app);
    assert_eq!(level, Level::Error);
    assert!(text.contains("top of the escalation chain"), "{text}");
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
