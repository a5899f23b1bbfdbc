//! The planner's technicians view: one row per technician (the unassigned work first)
//! with what they hold, their next deadline and the work queued, free technicians
//! too, and a job moved from a loaded technician to the freest in two keys.

use super::*;

fn techs_app(fx: &Fixture) -> App {
    let mut app = fx.app();
    update(&mut app, ch('3'));
    app
}

fn names(app: &App) -> Vec<Option<&str>> {
    app.techs.iter().map(|t| t.name.as_deref()).collect()
}

#[test]
fn one_row_per_technician_the_unassigned_work_first_and_the_free_ones_last() {
    let fx = Fixture::new();
    let mut app = techs_app(&fx);
    // mia has no open job: only the store's technicians table knows her.
    update(
        &mut app,
        Msg::Technicians(["anna", "jan", "kees", "mia", "piet"].map(str::to_owned).to_vec()),
    );
    assert_eq!(
        names(&app),
        vec![
            None,
            Some("anna"),
            Some("kees"),
            Some("piet"),
            Some("jan"),
            Some("mia")
        ]
    );
    let anna = &app.techs[1];
    assert_eq!(
        (anna.open, anna.breached, anna.warning, anna.paused),
        (2, 1, 0, 1)
    );
    assert_eq!(anna.lead, Some(fx.ids.breached_office));
    let mia = &app.techs[5];
    assert_eq!((mia.open, mia.lead), (0, None));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("6 technicians"), "{screen}");
    assert!(line_of(&screen, "mia").contains("free"), "{screen}");
}

#[test]
fn the_cursor_moves_over_technicians_and_selects_their_most_urgent_job() {
    let fx = Fixture::new();
    let mut app = techs_app(&fx);
    assert_eq!(app.selected, Some(fx.ids.breached_p1));
    update(&mut app, key(KeyCode::Down));
    assert_eq!(app.tech_cursor, 1);
    assert_eq!(app.rows, vec![fx.ids.breached_office, fx.ids.paused]);
    assert_eq!(app.selected, Some(fx.ids.breached_office));
    update(&mut app, key(KeyCode::End));
    assert_eq!(names(&app)[app.tech_cursor], Some("jan"));
    assert_eq!(app.selected, Some(fx.ids.hostile));
    // The cursor stays on its technician when the table is sorted again.
    update(&mut app, Msg::Tick(now() + 121));
    assert_eq!(names(&app)[app.tech_cursor], Some("jan"));
}

#[test]
fn the_forecasts_queued_work_is_shown_and_m_enter_moves_the_job_to_the_freest() {
    let fx = Fixture::new();
    let mut app = techs_app(&fx);
    update(
        &mut app,
        Msg::Queued(
            [
                ("anna", 9 * 3600),
                ("kees", 5 * 3600),
                ("piet", 7 * 3600),
                ("jan", 3600 + 1800),
            ]
            .map(|(n, s)| (n.to_owned(), s))
            .into_iter()
            .collect(),
        ),
    );
    let screen = render(&app, 120, 40);
    assert!(line_of(&screen, "kees").contains(" 5h "), "{screen}");
    assert!(line_of(&screen, "jan").contains("1h30m"), "{screen}");
    // anna is behind: her most urgent job goes to the one with the least work queued.
    update(&mut app, key(KeyCode::Down));
    assert_eq!(app.selected, Some(fx.ids.breached_office));
    assert_eq!(actions(update(&mut app, ch('M'))), vec![]);
    let Overlay::Pick { items, index, .. } = &app.overlay else {
        panic!("expected the move picker, got {:?}", app.overlay);
    };
    let offered: Vec<&str> = items.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        offered,
        vec!["jan", "kees", "piet", "Someone else…"],
        "anna herself is not offered"
    );
    assert_eq!(*index, 0);
    assert!(items[0].1.contains("1h30m queued"), "{items:?}");
    assert_eq!(
        actions(update(&mut app, key(KeyCode::Enter))),
        record(fx.ids.breached_office, JobAction::Assign { to: "jan".to_owned() })
    );
}

#[test]
fn the_unassigned_work_is_moved_to_a_technician_the_same_way() {
    let fx = Fixture::new();
    let mut app = techs_app(&fx);
    assert_eq!(app.tech_cursor, 0);
    update(&mut app, ch('M'));
    assert!(matches!(app.overlay, Overlay::Pick { .. }), "{:?}", app.overlay);
    let fx_out = actions(update(&mut app, key(KeyCode::Enter)));
    assert!(
        matches!(&fx_out[..], [Effect::Record { job, action: JobAction::Assign { .. } }] if *job == fx.ids.breached_p1),
        "{fx_out:?}"
    );
}

#[test]
fn technicians_view_80x24_keeps_every_count() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(80, 24);
    update(&mut app, ch('3'));
    update(
        &mut app,
        Msg::Queued(
            [("anna", 9 * 3600), ("kees", 5 * 3600)]
                .map(|(n, s)| (n.to_owned(), s))
                .into_iter()
                .collect(),
        ),
    );
    let screen = render(&app, 80, 24);
    for head in ["TECHNICIAN", "OPEN", "✖", "▲", "⏸", "NEXT DEADLINE", "QUEUED"] {
        assert!(screen.contains(head), "{head}: {screen}");
    }
    insta::assert_snapshot!(screen);
}
