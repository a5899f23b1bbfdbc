//! The clock jumping while the dashboard runs (issue 7): back 3 h, then forward 5 h.
//! The dashboard's clock is moved through `SLAWATCH_CLOCK_JUMP_FILE` (seconds added to
//! the system clock, read at every reading), as someone setting the system clock would.
//! Nothing on screen counts negative time, no alert is recorded or delivered twice,
//! and every threshold crossed during the forward jump is recorded.

use crate::common::cli;
use crate::common::tmux;
use crate::common::tui_fixture;
use cli::policy_with_hook;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use slawatch_core::job::{JobAction, NewJob};
use slawatch_core::policy::{Policy, parse_policy};
use slawatch_store::Store;

const MIN: i64 = 60;
const HOUR: i64 = 3600;

/// A crossing: job, clock, threshold in thousandths.
type Crossing = (i64, String, i64);

/// Every alert event, and the escalations: (job, level).
fn recorded(db: &Path) -> (Vec<Crossing>, Vec<(i64, i64)>) {
    let c = rusqlite::Connection::open(db).unwrap();
    let alerts = c
        .prepare(
            "SELECT job, json_extract(data, '$.clock'), CAST(round(json_extract(data, '$.fraction') * 1000) AS INTEGER)
             FROM events WHERE kind = 'alert' ORDER BY job, 2, 3",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let escalations = c
        .prepare(
            "SELECT job, json_extract(data, '$.level') FROM events WHERE kind = 'escalated' ORDER BY job, id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (alerts, escalations)
}

/// The crossings of a 24x7 clock started at `start` with `window`, due by `now`.
fn due(job: i64, clock: &str, start: i64, window: i64, now: i64) -> Vec<Crossing> {
    [500, 750, 900, 1000]
        .into_iter()
        .filter(|&t| {
            let at = start + window * t / 1000;
            // The breach is one second past the window: elapsed > window.
            if t == 1000 { now > at } else { now >= at }
        })
        .map(|t| (job, clock.to_owned(), t))
        .collect()
}

/// Polls until `f` holds (a hang guard, not a timing assertion).
fn until(what: &str, f: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `HH:MM` of `t` in the policy's display zone, and of the minute after: the header
/// shows one of them once the dashboard's clock is at `t`.
fn header_time(policy: &Policy, t: i64) -> String {
    let f = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .unwrap()
            .with_timezone(&policy.display_tz)
            .format("%H:%M:")
            .to_string()
    };
    format!("slawatch [A-Z][a-z]{{2}} ({}|{})", f(t), f(t + MIN))
}

/// No running count below zero: ages, percentages and elapsed times on screen.
fn assert_no_negative_elapsed(screen: &str) {
    for line in screen.lines() {
        for word in line.split_whitespace() {
            let negative_age = word.starts_with('-') && ["m", "h", "d"].iter().any(|u| word.ends_with(u));
            let negative_percent = word.starts_with('-') && word.ends_with('%');
            assert!(
                !negative_age && !negative_percent,
                "negative elapsed `{word}` in `{line}`:\n{screen}"
            );
        }
    }
}

#[test]
fn the_clock_jumping_back_and_forward_repeats_and_skips_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let hook = dir.path().join("hook.txt");
    let jump = dir.path().join("jump");
    let policy_path = policy_with_hook(dir.path(), &hook, &["job", "kind", "clock", "level"]);
    let policy = parse_policy("sla.toml", &std::fs::read_to_string(&policy_path).unwrap()).unwrap();
    // Both jobs on the 24x7 critical tier (respond 30m, attend 2h, resolve 4h).
    let start = slawatch::service::clock::now();
    let (t1, t2) = (start - 20 * MIN, start - 100 * MIN);
    let mut store = Store::open(&db).unwrap();
    for (customer, at) in [("Acme Corp", t1), ("Globex", t2)] {
        let job = NewJob {
            customer: customer.into(),
            priority: "P1".into(),
            summary: format!("{customer} down"),
            at: Some(at),
            ..NewJob::default()
        };
        store.log_job(&policy, &job, "anna", start).unwrap();
    }
    store
        .record(
            &policy,
            2,
            &JobAction::Respond { note: None },
            "anna",
            Some(t2 + 10 * MIN),
            start,
        )
        .unwrap();
    drop(store);

    std::fs::write(&jump, "0").unwrap();
    let env = [
        ("SLAWATCH_USER", "anna"),
        ("SLAWATCH_DB", db.to_str().unwrap()),
        ("SLAWATCH_POLICY", policy_path.to_str().unwrap()),
        ("SLAWATCH_CLOCK_JUMP_FILE", jump.to_str().unwrap()),
    ];
    let tui = tmux::Tui::start_with("jumps", &env, &[]);
    tui.wait("│ 2 open ", 60, "the dashboard shows both jobs");
    // Before any jump: respond 50 % of job 1, attend 50 and 75 % of job 2.
    let before = [
        (1, "respond".to_owned(), 500),
        (2, "attend".to_owned(), 500),
        (2, "attend".to_owned(), 750),
    ];
    until("the crossings so far recorded", || {
        recorded(&db).0.len() == before.len()
    });
    assert_eq!(recorded(&db).0, before);
    until("the hook told", || {
        std::fs::read_to_string(&hook).is_ok_and(|h| !h.is_empty())
    });
    let told_before = std::fs::read_to_string(&hook).unwrap();

    // Back 3 h: both jobs now lie in the dashboard's future.
    std::fs::write(&jump, (-3 * HOUR).to_string()).unwrap();
    tui.wait(&header_time(&policy, start - 3 * HOUR), 30, "the clock went back");
    let back = slawatch::service::clock::now() - 3 * HOUR;
    // A few ticks later, still back.
    tui.wait(&header_time(&policy, back + 3), 30, "ticks after the jump back");
    // Job 1 (respond due first) is at the top, job 2 below it.
    for (key, job) in [("Up", "#1 Acme Corp"), ("Down", "#2 Globex")] {
        tui.keys(&[key]);
        tui.wait(job, 10, "the job's details");
        let screen = tui.screen();
        assert_no_negative_elapsed(&screen);
        assert!(screen.contains("│ 2 open "), "{job}: {screen}");
    }
    // What was recorded stays so: job 2 was responded, the clock going back does not
    // make it wait for a response again.
    let screen = tui.screen();
    assert!(screen.contains("✔ respond"), "{screen}");
    assert!(!screen.contains("0:30:00 left"), "{screen}");
    assert_eq!(recorded(&db).0, before, "nothing recorded again or undone");
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        told_before,
        "nothing told again"
    );

    // Forward 5 h: 2 h past the start.
    std::fs::write(&jump, (2 * HOUR).to_string()).unwrap();
    let now = start + 2 * HOUR;
    tui.wait(&header_time(&policy, now), 30, "the clock went forward");
    let mut expected: BTreeSet<Crossing> = BTreeSet::new();
    expected.extend(due(1, "respond", t1, 30 * MIN, now));
    expected.extend(due(1, "attend", t1, 2 * HOUR, now));
    expected.extend(due(1, "resolve", t1, 4 * HOUR, now));
    expected.extend(due(2, "attend", t2, 2 * HOUR, now));
    expected.extend(due(2, "resolve", t2, 4 * HOUR, now));
    assert_eq!(expected.len(), 16, "{expected:?}");
    until("every crossing of the jump recorded", || {
        recorded(&db).0.len() >= expected.len()
    });
    // A round later nothing more came.
    tui.wait(&header_time(&policy, now + 3), 30, "ticks after the jump forward");
    let (alerts, escalations) = recorded(&db);
    assert_eq!(
        alerts.iter().cloned().collect::<BTreeSet<_>>(),
        expected,
        "no crossing skipped"
    );
    assert_eq!(alerts.len(), expected.len(), "each crossing once: {alerts:?}");
    // Both jobs went past 90 % and the breach: straight to level 2, once each.
    assert_eq!(escalations, [(1, 2), (2, 2)]);
    let screen = tui.screen();
    assert_no_negative_elapsed(&screen);
    let told = std::fs::read_to_string(&hook).unwrap();
    assert!(told.starts_with(&told_before), "{told}");
    let new: Vec<&str> = told[told_before.len()..].lines().collect();
    let unique: BTreeSet<&&str> = new.iter().collect();
    assert_eq!(unique.len(), new.len(), "a notice repeated: {new:?}");
    assert!(!new.is_empty(), "the breaches were told");

    // Back and forward once more: the same crossings again, and nothing new to say.
    for (shift, what) in [(-3 * HOUR, "back again"), (2 * HOUR, "forward again")] {
        std::fs::write(&jump, shift.to_string()).unwrap();
        let at = slawatch::service::clock::now() + shift;
        tui.wait(&header_time(&policy, at), 30, what);
        tui.wait(&header_time(&policy, at + 3), 30, what);
        assert_no_negative_elapsed(&tui.screen());
    }
    assert_eq!(recorded(&db), (alerts, escalations), "nothing recorded twice");
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        told,
        "nothing told twice"
    );
    tui.keys(&["q"]);
    assert_eq!(tui.wait_exit(20), "0");
}

/// A row lit for a fresh alert goes dark on time even when the clock is set back: it
/// used to stay lit until the clock caught up again (hours).
#[test]
fn a_flashing_row_goes_dark_when_the_clock_goes_back() {
    use ratatui::style::Color;
    use slawatch::tui::{Msg, update};
    use slawatch_core::alerts::{Notice, NoticeUrgency};
    use tui_fixture::{Fixture, buffer, now};

    let fx = Fixture::new();
    let mut app = fx.app_sized(120, 24);
    let job = fx.ids.warning;
    update(
        &mut app,
        Msg::Notices(vec![Notice {
            kind: "warning",
            job: Some(job),
            event: Some(99),
            events: vec![99],
            level: 0,
            late: false,
            summary: format!("WARNING 75% · #{job} Globex · resolve"),
            body: String::new(),
            urgency: NoticeUrgency::Normal,
            rank: 750,
            fields: Vec::new(),
        }]),
    );
    let y = u16::try_from(app.rows.iter().position(|r| *r == job).unwrap() + 3).unwrap();
    assert_eq!(
        buffer(&app, 120, 24)[(20, y)].bg,
        Color::Yellow,
        "the row flashes"
    );
    update(&mut app, Msg::Tick(now() - 3 * HOUR));
    let _ = app.alert_work();
    let y = u16::try_from(app.rows.iter().position(|r| *r == job).unwrap() + 3).unwrap();
    assert_ne!(
        buffer(&app, 120, 24)[(20, y)].bg,
        Color::Yellow,
        "still lit 3 h back"
    );
    assert!(app.flash.is_empty(), "{:?}", app.flash);
}
