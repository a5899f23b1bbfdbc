//! Issue 16: what the dashboard shows is current and belongs where it is shown —
//! countdowns fresh after scrolling, the list in the order of what DUE shows, an alert
//! gone once its job is dealt with, a form's complaint gone with the form.

use super::*;
use slawatch_core::alerts::{Notice, NoticeUrgency};

#[test]
fn rows_scrolled_back_into_view_are_judged_at_once_not_a_tick_later() {
    let fx = Fixture::new();
    // 120 x 8: three job rows on screen.
    let mut app = fx.app_sized(120, 8);
    let q = queue(&fx);
    update(&mut app, Msg::Tick(now()));
    update(&mut app, ch('G'));
    // A minute on, only the bottom rows are on screen (and judged).
    update(&mut app, Msg::Tick(now() + 60));
    update(&mut app, ch('g'));
    // The Globex P1 is on the 24x7 calendar: a minute more over, before any next tick.
    let p1 = app.board.jobs.get(&q[1]).unwrap();
    assert_eq!(p1.judged_at, now() + 60);
    assert_eq!(p1.urgent_clock().unwrap().remaining, -30 * 60 - 60);
}

/// DUE shows the business time left of each row's most urgent clock.
fn due_column(app: &App) -> Vec<i64> {
    app.rows
        .iter()
        .filter_map(|id| app.board.jobs.get(id)?.urgent_clock().map(|c| c.remaining))
        .collect()
}

#[test]
fn the_queue_is_in_the_order_of_the_business_time_left_it_shows_most_overdue_first() {
    let mut fx = Fixture::empty();
    // Monday 16:55: the office closes at 17:00, the critical tier counts around the clock.
    let at_1655 = at("2026-11-23 16:55");
    let p = Arc::clone(&fx.policy);
    let mut log = |customer: &str, priority: &str, when: &str| {
        let job = NewJob {
            customer: customer.to_owned(),
            priority: priority.to_owned(),
            summary: "x".to_owned(),
            at: Some(at(when)),
            ..NewJob::default()
        };
        fx.store.log_job(&p, &job, "anna", at_1655).unwrap()
    };
    // 30m on 24x7 from 16:15: ten minutes over.
    let over_10m = log("Globex", "P1", "2026-11-23 16:15");
    // 30m on 24x7 from 16:45: twenty minutes left, due 17:15.
    let left_20m = log("Globex", "P1", "2026-11-23 16:45");
    // 4h on the office calendar from 13:10: fifteen minutes left, due Tuesday 08:10.
    let left_15m = log("Acme Corp", "P3", "2026-11-23 13:10");
    // 4h on the office calendar from Friday 09:00: hours over.
    let over_hours = log("Initech", "P3", "2026-11-20 09:00");
    let mut app = App::new(Arc::clone(&fx.policy), USER, STORE_LABEL, at_1655);
    app.absorb(fx.open_rows());
    assert_eq!(app.rows, vec![over_hours, over_10m, left_15m, left_20m]);
    let shown = due_column(&app);
    let mut sorted = shown.clone();
    sorted.sort_unstable();
    assert_eq!(shown, sorted);
}

fn notice(job: i64, kind: &'static str) -> Notice {
    Notice {
        kind,
        job: Some(job),
        event: Some(99),
        level: 1,
        late: false,
        summary: format!("ESCALATED L1 · #{job} Acme Corp · resolve"),
        body: String::new(),
        urgency: NoticeUrgency::Critical,
        rank: 900,
        fields: Vec::new(),
        events: vec![99],
    }
}

#[test]
fn the_alert_beside_the_status_goes_once_its_job_is_acknowledged_or_resolved() {
    let mut fx = Fixture::new();
    let mut app = fx.app();
    let job = fx.ids.escalated;
    update(&mut app, Msg::Notices(vec![notice(job, "escalation")]));
    assert!(app.last_alert.is_some());
    // Another job changing leaves it.
    let other = fx.apply(fx.ids.warning, &JobAction::Respond { note: None });
    update(&mut app, Msg::Loaded(vec![other]));
    assert!(app.last_alert.is_some(), "another job's change keeps it");
    let acked = fx.apply(job, &JobAction::Ack { note: None });
    update(&mut app, Msg::Loaded(vec![acked]));
    assert!(app.last_alert.is_none(), "the escalation was acknowledged");

    // A warning about a job that is then resolved.
    let job = fx.ids.critical;
    update(&mut app, Msg::Notices(vec![notice(job, "warning")]));
    assert!(app.last_alert.is_some());
    let resolved = fx.apply(job, &JobAction::Resolve { note: None });
    update(&mut app, Msg::Loaded(vec![resolved]));
    assert!(app.last_alert.is_none(), "the job was resolved");
}

#[test]
fn the_forms_complaint_goes_with_the_form() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('n'));
    update(&mut app, key(KeyCode::Enter));
    let (level, msg) = status(&app);
    assert_eq!(level, Level::Error);
    assert!(msg.contains("the form has problems"), "{msg}");
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.overlay, Overlay::None);
    update(&mut app, ch('2'));
    assert!(
        app.status
            .as_ref()
            .is_none_or(|(_, m)| !m.contains("the form has problems")),
        "{:?}",
        app.status
    );
}
