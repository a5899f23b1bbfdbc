//! Every view of the dashboard drawn on ratatui's `TestBackend` at a fixed size and a
//! fixed `now` (Monday 2026-11-23 12:30 Europe/Amsterdam), compared with the committed
//! snapshots in `tests/tui/snapshots/`. Where colour carries meaning the snapshot holds the
//! style of every cell too.

use crate::common::tui_fixture;

use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use slawatch::tui::app::Tab;
use slawatch::tui::{App, Msg, keys, update};
use tui_fixture::*;

/// The fixture's dashboard at `w` x `h` with the first job's timeline loaded.
fn queue_app(fx: &Fixture, w: u16, h: u16) -> App {
    let mut app = fx.app_sized(w, h);
    let first = app.selected.unwrap();
    select_with_timeline(fx, &mut app, first);
    app
}

#[test]
fn queue_normal_120x40() {
    let fx = Fixture::calm();
    let app = queue_app(&fx, 120, 40);
    assert_eq!(app.totals().breached, 0, "nothing breached");
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn queue_with_breaches_120x40() {
    let fx = Fixture::new();
    let app = queue_app(&fx, 120, 40);
    let text = render(&app, 120, 40);
    // Colours are never the only signal: breached rows carry ✖ and a negative countdown.
    assert!(text.contains("✖ 2 breached"));
    assert!(
        !text.contains("Cash registers frozen"),
        "a resolved job is never listed"
    );
    assert_snapshot!(text);
}

#[test]
fn queue_with_breaches_140x40_detail_beside() {
    let fx = Fixture::new();
    let app = queue_app(&fx, 140, 40);
    assert_snapshot!(render(&app, 140, 40));
}

#[test]
fn paused_job_selected_shows_its_detail_120x40() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select_with_timeline(&fx, &mut app, fx.ids.paused);
    let text = render(&app, 120, 40);
    assert!(text.contains("waiting on customer"));
    assert_snapshot!(text);
}

#[test]
fn escalated_job_selected_shows_its_detail_140x40() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(140, 40);
    select_with_timeline(&fx, &mut app, fx.ids.escalated);
    assert_snapshot!(render(&app, 140, 40));
}

#[test]
fn queue_80x24_collapses_columns_and_drops_the_detail() {
    let fx = Fixture::new();
    let app = queue_app(&fx, 80, 24);
    let text = render(&app, 80, 24);
    assert!(!text.contains("── timeline ──"), "no detail pane at 80x24");
    assert_snapshot!(text);
}

#[test]
fn empty_store_120x40() {
    let fx = Fixture::empty();
    let app = fx.app();
    assert_eq!(app.selected, None);
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn filter_active_120x40() {
    let fx = Fixture::new();
    let mut app = queue_app(&fx, 120, 40);
    update(&mut app, ch('w'));
    update(&mut app, ch('/'));
    type_text(&mut app, "acme");
    let typing = render(&app, 120, 40);
    assert!(typing.contains("/acme▏ [warning]"), "{typing}");
    update(&mut app, key(KeyCode::Enter));
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn filter_without_match_120x40() {
    let fx = Fixture::new();
    let mut app = queue_app(&fx, 120, 40);
    update(&mut app, ch('/'));
    type_text(&mut app, "no such thing");
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn escalations_view_120x40() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('2'));
    let id = app.selected.unwrap();
    update(&mut app, Msg::Timeline(id, fx.events(id)));
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn technicians_view_120x40() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('3'));
    let id = app.selected.unwrap();
    update(&mut app, Msg::Timeline(id, fx.events(id)));
    assert_snapshot!(render(&app, 120, 40));
}

/// The Reports view asks for a report, the runtime's part is done here as it would be
/// (on the fixture's store), and the answer is drawn.
fn reports_app(fx: &Fixture, keys: &[char], w: u16, h: u16) -> App {
    let mut app = queue_app(fx, w, h);
    let mut fx_out = update(&mut app, ch('4'));
    for k in keys {
        fx_out = update(&mut app, ch(*k));
    }
    answer_report(fx, &mut app, fx_out);
    app
}

#[test]
fn reports_this_month_by_customer_120x40() {
    let fx = Fixture::new();
    // The last 30 days by default; ← ← ← to this month: the fixture's jobs are in November.
    let app = reports_app(&fx, &[], 120, 40);
    assert!(!app.report.computing);
    let text = render(&app, 120, 40);
    assert!(text.contains("‹ last 30 days ›"), "{text}");
    let mut app = reports_app(&fx, &[], 120, 40);
    let left = || Msg::Key(ratatui::crossterm::event::KeyEvent::from(KeyCode::Left));
    update(&mut app, left());
    update(&mut app, left());
    let fx_out = update(&mut app, left());
    answer_report(&fx, &mut app, fx_out);
    let text = render(&app, 120, 40);
    assert!(text.contains("‹ this month ›"), "{text}");
    assert!(text.contains("adherence per week"), "{text}");
    assert_snapshot!(text);
}

#[test]
fn reports_by_tier_80x24() {
    let fx = Fixture::new();
    let app = reports_app(&fx, &['b', 'b'], 80, 24);
    assert_eq!(app.report.by, slawatch_core::report::GroupBy::Tier);
    let text = render(&app, 80, 24);
    // Every column fits: the group's name gives way, not the figures.
    let head = text.lines().find(|l| l.contains("ADHERENCE")).unwrap();
    assert!(head.trim_end().ends_with("MEDIAN     P90"), "{text}");
    assert_snapshot!(text);
}

#[test]
fn help_overlay_120x40() {
    let fx = Fixture::new();
    let mut app = queue_app(&fx, 120, 40);
    update(&mut app, ch('?'));
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn help_overlay_at_80x24_lists_every_key_of_the_view() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(80, 24);
    update(&mut app, ch('2'));
    update(&mut app, ch('?'));
    // The help is taller than 24 rows: it says so, and ↓ scrolls to every key.
    let mut text = render(&app, 80, 24);
    assert!(text.contains("↓ more"), "{text}");
    for _ in 0..20 {
        update(&mut app, key(KeyCode::Down));
        text.push_str(&render(&app, 80, 24));
    }
    let mut missing = Vec::new();
    for (_, bindings) in keys::groups(Tab::Escalations) {
        for b in bindings {
            if !text.contains(b.desc) {
                missing.push(format!("{} {}", b.keys(), b.desc));
            }
        }
    }
    assert!(text.contains("any other key closes this help"), "{text}");
    assert_eq!(
        missing,
        Vec::<String>::new(),
        "keys the help cannot show at 80x24:\n{text}"
    );
}

#[test]
fn explain_overlay_120x40() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select_with_timeline(&fx, &mut app, fx.ids.escalated);
    update(&mut app, ch('i'));
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn explain_overlay_shows_every_line_of_a_long_explanation_120x40() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select(&mut app, fx.ids.breached_office);
    update(&mut app, ch('i'));
    let text = render(&app, 120, 40);
    // The last line says why the resolve clock is not counting now; 40 rows have room.
    assert!(
        text.contains("now: running, 20h left; not counting now (outside business hours"),
        "the explanation is cut off:\n{text}"
    );
    assert!(
        text.contains("any key closes"),
        "the explanation is cut off:\n{text}"
    );
}

#[test]
fn priority_picker_120x40() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select_with_timeline(&fx, &mut app, fx.ids.warning);
    update(&mut app, ch('P'));
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn priority_picker_shows_every_new_deadline_120x40() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select(&mut app, fx.ids.warning);
    update(&mut app, ch('P'));
    let text = render(&app, 120, 40);
    // Each priority's line previews the tier and the new respond, attend and resolve
    // deadlines (P3 and P4 have no attend clock).
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(" tier ")).collect();
    assert_eq!(rows.len(), 4, "{text}");
    for row in rows {
        assert!(row.contains("resolve"), "the resolve deadline is cut off: {row}");
    }
}

#[test]
fn resolve_confirmation_80x24() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(80, 24);
    select(&mut app, fx.ids.critical);
    update(&mut app, ch('R'));
    assert_snapshot!(render(&app, 80, 24));
}

#[test]
fn new_job_form_with_an_error_120x40() {
    let fx = Fixture::new();
    let mut app = queue_app(&fx, 120, 40);
    update(&mut app, ch('n'));
    type_text(&mut app, "Ac");
    let completing = render(&app, 120, 40);
    assert!(completing.contains("Tab completes: Acme Corp"), "{completing}");
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "P2");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "malfunction");
    // Saving without a summary: refused, the field marked, the preview kept.
    update(&mut app, key(KeyCode::Enter));
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn policy_error_banner_120x40() {
    let fx = Fixture::new();
    let mut app = queue_app(&fx, 120, 40);
    update(
        &mut app,
        Msg::Policy(Err(
            "sla.toml:41:12: unknown calendar `ofice` in tiers.standard\n  \
                         = help: did you mean `office`?"
                .to_owned(),
        )),
    );
    let text = render(&app, 120, 40);
    assert!(text.contains("⚠ policy edit not applied (old policy kept)"));
    assert!(
        !text.contains("did you mean"),
        "only the first line fits the banner"
    );
    assert_snapshot!(text);
}

#[test]
fn status_messages_120x12() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(120, 12);
    update(
        &mut app,
        Msg::Done(Err(
            "job 10 was already responded to by jan at Mon 2026-11-23 12:20 CET".to_owned(),
        )),
    );
    let error = render(&app, 120, 12);
    update(
        &mut app,
        Msg::Done(Ok("job 10 responded by anna · status open".to_owned())),
    );
    let info = render(&app, 120, 12);
    assert_snapshot!(format!("{error}\n{info}"));
}

#[test]
fn no_color_120x40() {
    let fx = Fixture::new();
    let mut app = queue_app(&fx, 120, 40);
    app.plain = true;
    let buf = buffer(&app, 120, 40);
    let coloured: Vec<(u16, u16)> = buf
        .content
        .iter()
        .enumerate()
        .filter(|(_, c)| c.fg != Color::Reset || c.bg != Color::Reset)
        .map(|(i, _)| {
            let i = u16::try_from(i).unwrap();
            (i % 120, i / 120)
        })
        .collect();
    assert_eq!(coloured, vec![], "NO_COLOR: not one cell has a colour");
    assert_snapshot!(render_styled(&app, 120, 40));
}

#[test]
fn breach_rows_are_red_styled_120x24() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(120, 24);
    // Select a calm row, so the breached rows are not reversed.
    select(&mut app, fx.ids.acked);
    let buf = buffer(&app, 120, 24);
    // Row 3 and 4 are the two breached jobs: symbol and countdown red.
    for y in [3, 4] {
        assert_eq!(buf[(0, y)].symbol(), "✖");
        assert_eq!(buf[(0, y)].fg, Color::Red, "row {y}");
        assert_eq!(buf[(12, y)].fg, Color::Red, "row {y}: the countdown");
    }
    assert_snapshot!(render_styled(&app, 120, 24));
}

#[test]
fn hostile_text_renders_inert_120x40() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select_with_timeline(&fx, &mut app, fx.ids.hostile);
    update(
        &mut app,
        Msg::Done(Err("refused: \u{1b}[31mred\u{1b}]0;title\u{7} tail".to_owned())),
    );
    let buf = buffer(&app, 120, 40);
    for c in &buf.content {
        assert!(
            !c.symbol()
                .chars()
                .any(|ch| ch.is_control() || ('\u{202a}'..='\u{202e}').contains(&ch)),
            "a control character reached the screen: {:?}",
            c.symbol()
        );
    }
    assert_snapshot!(render(&app, 120, 40));
}

#[test]
fn tiny_terminals_do_not_panic() {
    let fx = Fixture::new();
    for (w, h) in [(1, 1), (10, 3), (20, 6), (40, 8), (200, 2), (30, 60)] {
        let mut app = queue_app(&fx, w, h);
        render(&app, w, h);
        for m in [
            ch('?'),
            ch('x'),
            ch('n'),
            key(KeyCode::Esc),
            ch('i'),
            ch('x'),
            ch('P'),
        ] {
            update(&mut app, m);
            render(&app, w, h);
        }
    }
}

#[test]
fn a_fresh_alert_flashes_its_row_and_stays_beside_the_status_120x24() {
    use slawatch::tui::Effect;
    use slawatch_core::alerts::{Notice, NoticeUrgency};
    let fx = Fixture::new();
    let mut app = fx.app_sized(120, 24);
    select(&mut app, fx.ids.acked);
    update(&mut app, Msg::Done(Ok("job 7 responded by jan".to_owned())));
    let job = fx.ids.warning;
    let notice = Notice {
        kind: "warning",
        job: Some(job),
        event: Some(99),
        level: 0,
        late: false,
        summary: format!("WARNING 75% · #{job} Globex · resolve"),
        body: "Badge reader".to_owned(),
        urgency: NoticeUrgency::Normal,
        rank: 750,
        fields: Vec::new(),
        events: vec![99],
    };
    let fx_out = update(&mut app, Msg::Notices(vec![notice.clone()]));
    assert_eq!(
        fx_out,
        vec![Effect::Deliver(vec![notice])],
        "the runtime is asked to deliver it"
    );
    let y = u16::try_from(app.rows.iter().position(|r| *r == job).unwrap() + 3).unwrap();
    let buf = buffer(&app, 120, 24);
    assert_eq!(buf[(20, y)].bg, Color::Yellow, "the alerted row flashes");
    let text = render(&app, 120, 24);
    // The action's answer stays; the alert takes the right of the status line.
    let status = text.lines().nth(22).unwrap();
    assert!(status.contains("✔ job 7 responded by jan"), "{status}");
    assert!(
        status.contains(&format!("▲ WARNING 75% · #{job} Globex · resolve")),
        "{status}"
    );
    assert_snapshot!(render_styled(&app, 120, 24));
    // A few seconds later the row is plain again; the alert line stays until the next.
    update(&mut app, Msg::Tick(now() + 9));
    let _ = app.alert_work();
    let buf = buffer(&app, 120, 24);
    assert_ne!(buf[(20, y)].bg, Color::Yellow);
}
