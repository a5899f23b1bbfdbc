//! Help and explanations.

use super::*;

#[test]
fn question_mark_opens_help_and_any_key_closes_it() {
    let fx = Fixture::new();
    let mut app = fx.app();
    update(&mut app, ch('?'));
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
    // The key that closes the help does nothing else, even `q` or `j`.
    assert_eq!(update(&mut app, ch('q')), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    assert!(!app.quit);
    update(&mut app, key(KeyCode::F(1)));
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
    // j / ↓ scroll a help taller than a small terminal (this one fits: it stays put,
    // never scrolling into emptiness); other keys close it.
    assert_eq!(update(&mut app, ch('j')), vec![]);
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
    assert_eq!(update(&mut app, ch('x')), vec![]);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.selected, Some(fx.ids.breached_office));
}

#[test]
fn i_explains_the_selected_job_naming_its_tier_and_calendar() {
    let fx = Fixture::new();
    let mut app = fx.app();
    select(&mut app, fx.ids.paused);
    update(&mut app, ch('i'));
    let Overlay::Explain { job, lines } = app.overlay.clone() else {
        panic!("expected an explanation, got {:?}", app.overlay);
    };
    assert_eq!(job, fx.ids.paused);
    assert!(
        lines[0].starts_with("Tier standard: contract INITECH-BASIC"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Calendar office in Europe/Amsterdam")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("waiting on customer")),
        "{lines:?}"
    );
    update(&mut app, ch('x'));
    assert_eq!(app.overlay, Overlay::None);

    select(&mut app, fx.ids.critical);
    update(&mut app, ch('i'));
    let Overlay::Explain { lines, .. } = app.overlay.clone() else {
        panic!("expected an explanation");
    };
    assert!(
        lines[0].starts_with("Tier critical: contract GLOBEX-GOLD"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l == "Calendar always in UTC: open 24x7."),
        "{lines:?}"
    );
}
