//! Quitting, and the messages from the runtime: results, reloads, ticks and the forecast.

use super::*;

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
fn tick_keeps_the_technicians_table_current() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('3'));
    let kees = |app: &App| {
        app.techs
            .iter()
            .find(|t| t.name.as_deref() == Some("kees"))
            .cloned()
            .unwrap()
    };
    // kees: the critical job (past every warning) and the acknowledged one.
    let k = kees(&app);
    assert_eq!((k.open, k.breached, k.warning), (2, 0, 1));
    assert_eq!(k.lead, Some(fx.ids.critical));
    update(&mut app, Msg::Tick(now() + 121));
    assert!(app.board.jobs[&fx.ids.critical].breached());
    assert_eq!(app.totals().breached, 3, "the header counts the new breach");
    let k = kees(&app);
    assert_eq!(
        (k.open, k.breached, k.warning),
        (2, 1, 0),
        "the table must count the new breach too"
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
    // The status names the clock, as `list --at-risk` does: one figure in both.
    assert!(screen.contains("≈respond +4h20m"), "{screen}");
    assert!(
        screen.contains("≈ forecast: respond done about"),
        "the detail pane explains it: {screen}"
    );
    // A new forecast without the job: the filter empties.
    update(&mut app, Msg::Forecast(std::collections::HashMap::new()));
    assert!(app.rows.is_empty());
}
