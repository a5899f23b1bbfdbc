//! Held mail in the dashboard (issue 17): the header counts it, the Mail view (6) lists
//! it, Enter shows one whole, and `a` makes its job for a customer through the same
//! code as `slawatch mail assign` — the clock at the mail's receipt. A reply to a
//! closed job is marked in the Closed view. Real mail ingested into the real store.

use super::*;
use slawatch::intake::mail::held::{HELD_SHOWN, assign, state};
use slawatch::intake::mail::{Source, ingest};

/// Our server stamped it 20 minutes before `now()`.
const RECEIVED: &str = "Mon, 23 Nov 2026 11:10:00 +0000";

fn raw(from: &str, id: &str, subject: &str, extra: &str) -> String {
    format!(
        "Received: from mx by mail.us.example; {RECEIVED}\r\nFrom: {from}\r\nTo: service@us.example\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\nDate: {RECEIVED}\r\n{extra}Content-Type: text/plain\r\n\r\nThe boiler at site 3 is cold.\r\n"
    )
}

fn take(fx: &mut Fixture, text: &str) -> slawatch::intake::mail::Outcome {
    let p = Arc::clone(&fx.policy);
    ingest(&mut fx.store, &p, text.as_bytes(), now(), now(), &Source::Pipe).unwrap()
}

/// What the runtime's store thread sends after a change: the jobs and the held mail.
fn reread(fx: &Fixture, app: &mut App) {
    update(app, Msg::Loaded(fx.all_rows()));
    update(app, Msg::Mail(state(&fx.store, HELD_SHOWN).unwrap()));
}

/// A dashboard with one held mail from a sender no contract claims.
fn with_held() -> (Fixture, App) {
    let mut fx = Fixture::new();
    let out = take(
        &mut fx,
        &raw(
            "bob@unknown.example",
            "h1@unknown.example",
            "Boiler down <b>now</b>",
            "",
        ),
    );
    assert_eq!(out.taken.name(), "held", "{out:?}");
    let mut app = fx.app_sized(80, 24);
    reread(&fx, &mut app);
    (fx, app)
}

#[test]
fn the_header_counts_held_mail_and_the_mail_view_lists_it() {
    let fx = Fixture::new();
    let mut app = fx.app_sized(80, 24);
    reread(&fx, &mut app);
    assert!(!render(&app, 120, 40).contains("held"), "nothing when none");
    update(&mut app, ch('6'));
    assert_eq!(app.tab, Tab::Mail);
    assert!(render(&app, 80, 24).contains("No held mail."));

    let (_fx, mut app) = with_held();
    assert!(render(&app, 120, 40).lines().next().unwrap().contains("✉ 1 held"));
    update(&mut app, ch('6'));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("6 Mail"), "{screen}");
    assert!(screen.contains("bob@unknown.example"), "{screen}");
    assert!(screen.contains("20m"), "how long ago: {screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn enter_shows_the_held_mail_whole_with_what_to_do() {
    let (_fx, mut app) = with_held();
    update(&mut app, ch('6'));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.overlay, Overlay::MailDetail);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("The boiler at site 3 is cold."), "{screen}");
    assert!(screen.contains("unknown sender"), "the reason: {screen}");
    assert!(screen.contains("a: make its job"), "what to do: {screen}");
    update(&mut app, ch('x'));
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn a_assigns_held_mail_with_completion_and_did_you_mean_and_the_clock_at_receipt() {
    let (mut fx, mut app) = with_held();
    let id = app.held[0].mail.id;
    let receipt = app.held[0].mail.receipt;
    assert_eq!(receipt, now() - 20 * 60);
    update(&mut app, ch('6'));
    update(&mut app, ch('a'));
    assert!(
        matches!(app.overlay, Overlay::AssignMail { .. }),
        "{:?}",
        app.overlay
    );
    // A typo of a known customer is said first, as in the new-job form.
    type_text(&mut app, "Acme Crop");
    assert_eq!(actions(update(&mut app, key(KeyCode::Enter))), vec![]);
    assert!(render(&app, 80, 24).contains("did you mean `Acme Corp`"));
    for _ in 0.."Acme Crop".len() {
        update(&mut app, key(KeyCode::Backspace));
    }
    type_text(&mut app, "acm");
    update(&mut app, key(KeyCode::Tab));
    let fx_out = actions(update(&mut app, key(KeyCode::Enter)));
    assert_eq!(
        fx_out,
        vec![Effect::AssignMail {
            held: id,
            customer: "Acme Corp".to_owned()
        }]
    );
    // The runtime runs it through the one assign path, then reads the store again.
    let p = Arc::clone(&fx.policy);
    let made = assign(
        &mut fx.store,
        &p,
        &id.to_string(),
        "Acme Corp",
        USER,
        "dashboard",
        now(),
    )
    .unwrap();
    reread(&fx, &mut app);
    assert!(app.held.is_empty(), "the mail leaves the list");
    assert!(render(&app, 80, 24).contains("No held mail."));
    assert_eq!(
        fx.row(made.job).created_at,
        receipt,
        "the clock at the mail's receipt"
    );
    update(&mut app, ch('1'));
    assert!(app.rows.contains(&made.job), "the new job is in the queue");
    // Assigned once: a second try says so.
    assert!(
        assign(
            &mut fx.store,
            &p,
            &id.to_string(),
            "Acme Corp",
            USER,
            "dashboard",
            now()
        )
        .is_err()
    );
}

#[test]
fn job_keys_do_nothing_in_the_mail_view_and_the_help_says_what_works() {
    let (_fx, mut app) = with_held();
    update(&mut app, ch('6'));
    for c in ['r', 'R', 'X', 'n'] {
        assert_eq!(actions(update(&mut app, ch(c))), vec![], "key {c}");
        assert_eq!(app.overlay, Overlay::None, "key {c}");
    }
    update(&mut app, ch('?'));
    let help = render(&app, 120, 40);
    assert!(help.contains("make its job for a customer"), "{help}");
    assert!(!help.contains("mark responded"), "{help}");
}

#[test]
fn a_reply_to_a_resolved_job_is_marked_in_the_closed_view_until_reopened() {
    let mut fx = Fixture::new();
    let first = take(
        &mut fx,
        &raw("ann@acme.example", "a1@acme.example", "Pump noisy", ""),
    );
    let job = first.taken.job().unwrap();
    fx.apply(job, &JobAction::Resolve { note: None });
    let reply = take(
        &mut fx,
        &raw(
            "ann@acme.example",
            "a2@acme.example",
            "Re: Pump noisy",
            "In-Reply-To: <a1@acme.example>\r\n",
        ),
    );
    assert_eq!(reply.flagged, Some(format!("job {job} is resolved")));
    let mut app = fx.app();
    reread(&fx, &mut app);
    update(&mut app, ch('5'));
    assert!(render(&app, 120, 40).contains("✉ replied after close"));
    fx.apply(job, &JobAction::Reopen { note: None });
    reread(&fx, &mut app);
    assert!(app.replied.is_empty(), "reopening answers it");
}

#[test]
fn a_flood_of_held_mail_lists_the_oldest_and_counts_them_all() {
    let mut fx = Fixture::new();
    for i in 0..3 {
        let id = format!("f{i}@unknown.example");
        take(&mut fx, &raw("bob@unknown.example", &id, "Boiler down", ""));
    }
    let mut app = fx.app_sized(80, 24);
    // The runtime lists HELD_SHOWN; two here, for the test.
    update(&mut app, Msg::Mail(state(&fx.store, 2).unwrap()));
    assert_eq!(app.held.len(), 2);
    update(&mut app, ch('6'));
    let screen = render(&app, 80, 24);
    assert!(screen.lines().next().unwrap().contains("✉ 3 held"), "{screen}");
    assert!(screen.contains("… and 1 more held"), "{screen}");
}
