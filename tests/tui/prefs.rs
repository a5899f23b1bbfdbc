//! The dashboard as a power user sets it up (issue 16): `config.toml` (theme, keys,
//! default view and columns), `y` copies the job id over OSC 52, `s`/`S` sort the queue
//! by any column, `;`/`,` jump to the next/previous match of the last `/` text, and a
//! help that stops at its last line.

use crate::common::tui_fixture;

use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use slawatch::tui::app::Tab;
use slawatch::tui::overlay::Overlay;
use slawatch::tui::prefs::{Prefs, apply};
use slawatch::tui::sort::{QueueColumn, Sort};
use slawatch::tui::{App, Effect, config, update};
use slawatch_core::job::JobAction;
use tui_fixture::*;

fn prefs(src: &str) -> Prefs {
    config::parse("config.toml", src).unwrap_or_else(|e| panic!("{e}"))
}

fn with(fx: &Fixture, src: &str, w: u16, h: u16) -> App {
    let mut app = fx.app_sized(w, h);
    apply(&mut app, prefs(src));
    app
}

fn errors(src: &str) -> String {
    match config::parse("config.toml", src) {
        Ok(_) => panic!("expected problems in {src}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_example_config_parses_and_changes_nothing_by_default() {
    let p = prefs(include_str!("../../config.toml.example"));
    let d = Prefs::default();
    assert_eq!(p.columns, d.columns);
    assert_eq!(p.default_tab, Tab::Queue);
    assert_eq!(p.theme, d.theme);
}

#[test]
fn config_problems_name_their_line_column_and_fix() {
    assert_eq!(
        errors("[theme]\naccent = \"cyan\"\nok = \"gren\"\n"),
        "config.toml:3:6: unknown colour `gren` — did you mean `green`?"
    );
    assert_eq!(
        errors("[keys]\nrespnd = \"x\"\n"),
        "config.toml:2:1: unknown action `respnd` in [keys] — did you mean `respond`?"
    );
    let twice = errors("[keys]\ncopy = \"s\"\n");
    assert!(
        twice.starts_with("config.toml:2:8: key `s` is bound twice: to copy and to sort"),
        "{twice}"
    );
    assert!(
        errors("[view]\ncolumns = [\"due\", \"custmer\"]\n")
            .contains("config.toml:2:19: unknown column `custmer` — did you mean `customer`?")
    );
    assert!(errors("[view]\ncolumns = [\"due\", \"due\"]\n").contains("column `due` is listed twice"));
    assert!(errors("[theme]\nsymbols = \"emoji\"\n").contains("config.toml:2:11: unknown symbols `emoji`"));
    assert!(
        errors("[thme]\n")
            .contains("config.toml:1:2: unknown key `thme` in the top level — did you mean `theme`?")
    );
}

#[test]
fn overridden_keys_work_and_the_help_and_key_bar_show_them() {
    let fx = Fixture::new();
    // Respond and resolve swap places: R responds, V resolves.
    let mut app = with(&fx, "[keys]\nrespond = \"R\"\nresolve = \"V\"\n", 120, 40);
    let id = app.selected.unwrap();
    assert_eq!(
        actions(update(&mut app, ch('R'))),
        vec![Effect::Record {
            job: id,
            action: JobAction::Respond { note: None }
        }]
    );
    update(&mut app, ch('V'));
    assert!(
        matches!(app.overlay, Overlay::Confirm { .. }),
        "{:?}",
        app.overlay
    );
    update(&mut app, key(KeyCode::Esc));
    // The old key of respond does nothing now.
    assert_eq!(actions(update(&mut app, ch('r'))), vec![]);
    let bar = render(&app, 120, 40).lines().last().unwrap().to_owned();
    assert!(bar.contains("R respond") && bar.contains("V resolve"), "{bar}");
    update(&mut app, ch('?'));
    let help = render(&app, 120, 40);
    assert!(line_of(&help, "mark responded").contains(" R "), "{help}");
    assert!(line_of(&help, "mark resolved").contains(" V "), "{help}");
}

#[test]
fn the_theme_colours_the_states_and_the_view_opens_where_configured() {
    let fx = Fixture::new();
    let app = with(
        &fx,
        "[theme]\nbreached = \"magenta\"\n[view]\ndefault = \"escalations\"\n",
        120,
        40,
    );
    assert_eq!(app.tab, Tab::Escalations);
    let mut app = app;
    update(&mut app, ch('1'));
    let buf = buffer(&app, 120, 40);
    let magenta = buf
        .content
        .iter()
        .any(|c| c.symbol() == "✖" && c.fg == Color::Magenta);
    assert!(magenta, "breached shows in the theme's colour");
}

#[test]
fn the_queue_shows_the_configured_columns_in_their_order() {
    let fx = Fixture::new();
    let app = with(
        &fx,
        "[view]\ncolumns = [\"job\", \"customer\", \"due\", \"state\"]\n",
        120,
        40,
    );
    let text = render(&app, 120, 40);
    let head = line_of(&text, "SUMMARY");
    let pos = |w: &str| head.find(w).unwrap_or_else(|| panic!("{w} in {head}"));
    assert!(
        pos("JOB") < pos("CUSTOMER") && pos("CUSTOMER") < pos("DUE"),
        "{head}"
    );
    assert!(!head.contains("TIER") && !head.contains("TECH"), "{head}");
    let first = line_of(&text, "Initech");
    assert!(
        first
            .trim_start()
            .starts_with(&fx.ids.breached_office.to_string()),
        "{first}"
    );
}

#[test]
fn y_copies_the_selected_job_id_over_osc_52() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select(&mut app, fx.ids.critical);
    let fx_out = actions(update(&mut app, ch('y')));
    assert_eq!(fx_out, vec![Effect::Clipboard(fx.ids.critical.to_string())]);
    assert_eq!(
        app.status.clone().map(|s| s.1),
        Some(format!("copied job {}", fx.ids.critical))
    );
    assert_eq!(slawatch::tui::osc52::sequence("42"), "\u{1b}]52;c;NDI=\u{1b}\\");
    assert_eq!(
        slawatch::tui::osc52::sequence("job 1234"),
        "\u{1b}]52;c;am9iIDEyMzQ=\u{1b}\\"
    );
}

#[test]
fn s_cycles_the_sort_column_and_capital_s_reverses_it() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let i = fx.ids;
    let default = app.rows.clone();
    // The default (DUE) → the state → CLOCK → JOB → CUSTOMER.
    send(&mut app, vec![ch('s'), ch('s'), ch('s'), ch('s')]);
    assert_eq!(
        app.prefs.sort,
        Some(Sort {
            column: QueueColumn::Customer,
            reverse: false
        })
    );
    // Ties keep the business-time-left order.
    assert_eq!(
        app.rows,
        vec![
            i.warning,
            i.escalated,
            i.unassigned,
            i.breached_p1,
            i.critical,
            i.acked,
            i.breached_office,
            i.hostile,
            i.paused
        ]
    );
    let text = render(&app, 120, 40);
    assert!(line_of(&text, "SUMMARY").contains("CUSTOMER▲"), "{text}");
    assert!(app.status.clone().unwrap().1.contains("sorted by customer"));
    update(&mut app, ch('S'));
    assert_eq!(app.rows[..3], [i.breached_office, i.hostile, i.paused]);
    assert!(line_of(&render(&app, 120, 40), "SUMMARY").contains("CUSTOMER▼"));
    assert_snapshot!(render(&app, 120, 40));
    // Round the rest of the columns and back to the default order, no arrow shown.
    for _ in 0..6 {
        update(&mut app, ch('s'));
    }
    assert_eq!(app.prefs.sort, None);
    assert_eq!(app.rows, default);
    assert!(!line_of(&render(&app, 120, 40), "SUMMARY").contains('▲'));
}

#[test]
fn semicolon_and_comma_jump_to_the_next_and_previous_match_of_the_last_search() {
    let fx = Fixture::new();
    let mut app = fx.app();
    let i = fx.ids;
    update(&mut app, ch('/'));
    type_text(&mut app, "globex");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.rows.len(), 3);
    // Esc gives the whole list back; the search is remembered.
    update(&mut app, key(KeyCode::Esc));
    assert_eq!(app.rows.len(), 9);
    select(&mut app, i.breached_office);
    update(&mut app, ch(';'));
    assert_eq!(app.selected, Some(i.breached_p1));
    update(&mut app, ch(';'));
    assert_eq!(app.selected, Some(i.critical));
    update(&mut app, ch(';'));
    assert_eq!(app.selected, Some(i.acked));
    // Round the end to the first match again, with a word about it.
    update(&mut app, ch(';'));
    assert_eq!(app.selected, Some(i.breached_p1));
    assert!(app.status.clone().unwrap().1.contains("from the top"));
    update(&mut app, ch(','));
    assert_eq!(app.selected, Some(i.acked));
    assert_eq!(app.rows.len(), 9, "the list is not filtered");
    // Nothing searched yet: a word on how.
    let mut fresh = fx.app();
    update(&mut fresh, ch(';'));
    assert!(fresh.status.clone().unwrap().1.contains("/"));
}

#[test]
fn the_help_scrolls_both_ways_and_stops_at_its_last_line() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(80, 24);
    update(&mut app, ch('?'));
    for _ in 0..200 {
        update(&mut app, ch('j'));
    }
    let Overlay::Help { scroll: end } = app.overlay.clone() else {
        panic!("the help stays open: {:?}", app.overlay);
    };
    assert!(end > 0 && end < 40, "stopped at the end: {end}");
    let text = render(&app, 80, 24);
    assert!(
        text.contains("any other key closes"),
        "the last line is in view:\n{text}"
    );
    assert!(!text.contains("↓ more"), "{text}");
    // One up is one line up, not two hundred.
    update(&mut app, ch('k'));
    assert_eq!(app.overlay, Overlay::Help { scroll: end - 1 });
    update(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.overlay, Overlay::Help { scroll: end });
    update(&mut app, key(KeyCode::PageUp));
    assert!(
        matches!(app.overlay, Overlay::Help { .. }),
        "PgUp scrolls, it does not close"
    );
    update(&mut app, key(KeyCode::Home));
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
    // The new keys are in the help, at its end.
    update(&mut app, key(KeyCode::End));
    assert_eq!(app.overlay, Overlay::Help { scroll: end });
    let text = render(&app, 80, 24);
    assert!(text.contains("Find, sort and copy"), "{text}");
}

/// The Reports view, this month, computed on the fixture's store.
fn reports(fx: &Fixture, app: &mut App) {
    update(app, ch('4'));
    let left = || key(KeyCode::Left);
    update(app, left());
    update(app, left());
    let out = update(app, left());
    answer_report(fx, app, out);
}

#[test]
fn without_colour_the_adherence_chart_tells_its_three_series_apart_by_symbol() {
    let fx = Fixture::new();
    let mut app = fx.app();
    app.plain = true;
    reports(&fx, &mut app);
    let text = render(&app, 120, 40);
    assert!(text.contains("█ respond  ▒ attend  ░ resolve"), "{text}");
    let chart: String = text
        .lines()
        .skip_while(|l| !l.contains("adherence per week"))
        .collect();
    for marker in ['█', '▒', '░'] {
        assert!(chart.contains(marker), "{marker} in the chart:\n{text}");
    }
    assert_snapshot!(text);
    // ASCII symbols for terminals without the block characters.
    apply(&mut app, prefs("[theme]\nsymbols = \"ascii\"\n"));
    app.tab = Tab::Reports;
    let text = render(&app, 120, 40);
    assert!(text.contains("# respond  + attend  . resolve"), "{text}");
    assert!(text.contains("X 2 breached ! 3 warning = 1 paused"), "{text}");
    app.tab = Tab::Queue;
    let text = render(&app, 120, 40);
    assert!(
        line_of(&text, "Projector").trim_start().starts_with('X'),
        "{text}"
    );
}
