//! Issue 16, drawn: countdowns in business hours, far deadlines with their date, header
//! counts never cut, status and alert apart, the timeline in time order with each
//! pause's reason on its own line.

use crate::common::tui_fixture;

use insta::assert_snapshot;
use slawatch::tui::{Msg, update};
use slawatch_core::job::JobAction;
use tui_fixture::*;

#[test]
fn business_time_is_in_hours_and_far_deadlines_carry_their_date_140x40() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(140, 40);
    select_with_timeline(&fx, &mut app, fx.ids.paused);
    let text = render(&app, 140, 40);
    // 25 business hours left on the paused resolve clock: never "1d 01h".
    assert!(!text.contains("1d 01h"), "{text}");
    assert!(text.contains("25:00:00"), "{text}");
    assert_snapshot!(text);
}

#[test]
fn a_deadline_more_than_six_days_away_shows_its_date() {
    let mut fx = Fixture::new();
    // Planned work (P4 at Acme: resolve in 10bd): due two weeks out.
    let p = fx.policy.clone();
    let id = fx
        .store
        .log_job(
            &p,
            &slawatch_core::job::NewJob {
                customer: "Acme Corp".to_owned(),
                priority: "P4".to_owned(),
                summary: "Yearly maintenance".to_owned(),
                at: Some(now()),
                ..slawatch_core::job::NewJob::default()
            },
            "anna",
            now(),
        )
        .unwrap();
    fx.apply(id, &JobAction::Respond { note: None });
    let mut app = fx.app_sized(260, 40);
    select_with_timeline(&fx, &mut app, id);
    let text = render(&app, 260, 40);
    let resolve = text
        .lines()
        .find(|l| l.contains("resolve") && l.contains("· 10bd ·"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(resolve.contains("due Mon 2026-12-07 17:00"), "{resolve}");
}

#[test]
fn header_counts_are_never_cut_labels_go_first_80x24() {
    let fx = Fixture::new();
    let app = fx.app_sized(80, 24);
    let text = render(&app, 80, 24);
    let header = text.lines().next().unwrap();
    assert!(
        header.trim_end().ends_with("⚑ 1 unacked") || header.trim_end().ends_with("⚑ 1"),
        "{header}"
    );
    for n in ["9", "✖ 2", "▲ 3", "⏸ 1"] {
        assert!(header.contains(n), "{n}: {header}");
    }
    let narrow = render(&app, 60, 24);
    let header = narrow.lines().next().unwrap();
    assert!(header.trim_end().ends_with("⚑ 1"), "{header}");
}

#[test]
fn a_long_status_and_the_alert_beside_it_never_run_together_80x12() {
    use slawatch_core::alerts::{Notice, NoticeUrgency};
    let fx = Fixture::new();
    let mut app = fx.app_sized(80, 12);
    update(
        &mut app,
        Msg::Done(Err(
            "job 10's latest event is at Mon 2026-11-23 12:20 CET; --at must not be earlier than that"
                .to_owned(),
        )),
    );
    update(
        &mut app,
        Msg::Notices(vec![Notice {
            kind: "summary",
            job: None,
            event: None,
            level: 0,
            late: false,
            summary: "18 alerts".to_owned(),
            body: String::new(),
            urgency: NoticeUrgency::Critical,
            rank: 1000,
            fields: Vec::new(),
            events: Vec::new(),
        }]),
    );
    let text = render(&app, 80, 12);
    let status = text.lines().nth(10).unwrap();
    assert!(
        status.contains("… ✖ 18 alerts"),
        "cut with a mark and a gap: {status}"
    );
}

#[test]
fn the_timeline_is_in_time_order_and_a_pause_shows_its_reason_120x40() {
    let mut fx = Fixture::new();
    let id = fx.ids.paused;
    fx.apply(
        id,
        &JobAction::Resume {
            note: Some("customer called back".to_owned()),
        },
    );
    let mut app = fx.app();
    select(&mut app, id);
    // Events recorded late (the alert engine writes a crossing at the instant it
    // happened): the store hands them over in log order, the timeline sorts by time.
    let mut events = fx.events(id);
    events.swap(0, 1);
    update(&mut app, Msg::Timeline(id, events));
    let text = render(&app, 120, 40);
    let timeline: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("── timeline ──"))
        .skip(1)
        .take_while(|l| l.trim_start_matches('│').trim() != "")
        .collect();
    assert_eq!(timeline.len(), 4, "{text}");
    assert!(timeline[0].contains("resumed — customer called back"), "{text}");
    assert!(
        timeline[1].contains("paused: waiting on customer — customer confirms site access"),
        "{text}"
    );
    assert!(timeline[2].contains("responded"), "{text}");
    assert!(timeline[3].contains("created"), "{text}");
    assert_snapshot!(text);
}
