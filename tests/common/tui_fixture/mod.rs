//! The dashboard's test fixture, shared by `tui::update` and `tui::views`
//! (and the dashboard tests of other binaries): a real SQLite store in a temporary directory, filled through
//! the public store API at a fixed instant, under the shipped example policy.
//!
//! Included with `#[path = "common/tui_fixture.rs"] mod tui_fixture;`. Each test binary
//! uses only part of it.
//!
//! `NOW` is Monday 2026-11-23 12:30 Europe/Amsterdam: the office calendar is closed for
//! lunch (12:00-13:00), the field calendar and the 24x7 calendar are open. So the office
//! jobs of the fixture show "off-hours" while the others count down.

use std::sync::Arc;

use chrono_tz::Europe::Amsterdam;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::style::{Color, Modifier};
use slawatch::tui::{App, Effect, Msg, update, view};
use slawatch_core::job::{EventRow, Job, JobAction, NewJob};
use slawatch_core::policy::Policy;
use slawatch_core::time::instant::parse_instant;
use slawatch_store::{JobFilter, Store};
use tempfile::TempDir;

mod render;
// Not every test binary draws.
#[allow(unused_imports)]
pub use render::*;

/// The store label shown in the header: fixed, so no temporary path reaches a snapshot.
pub const STORE_LABEL: &str = "jobs.db";
/// The dispatcher using the dashboard (the `mine` quick filter means her jobs).
pub const USER: &str = "anna";

/// `2026-11-23 12:30` (or RFC 3339) read in Europe/Amsterdam.
pub fn at(s: &str) -> i64 {
    parse_instant(s, &Amsterdam).unwrap()
}

/// Monday 2026-11-23 12:30:00 +01:00.
pub fn now() -> i64 {
    parse_instant("2026-11-23T12:30:00+01:00", &chrono_tz::UTC).unwrap()
}

/// The shipped example policy.
pub fn policy() -> Arc<Policy> {
    Arc::new(super::example_policy().parse())
}

/// The ids of the fixture's jobs, by what each one is for.
#[derive(Debug, Clone, Copy)]
pub struct Ids {
    /// Initech P3 (standard, office), Fri 09:00, anna: respond breached since Friday.
    pub breached_office: i64,
    /// Globex P1 (critical, 24x7), 11:30, unassigned: respond breached at 12:00.
    pub breached_p1: i64,
    /// Globex P2 (critical), 12:02, kees: respond at 93 % (past every warning), due 12:32.
    pub critical: i64,
    /// Acme Corp P2 malfunction (priority, field), 11:45, piet: respond at 75 %, due 12:45.
    pub warning: i64,
    /// Acme Corp P1 (critical), 09:00, piet: responded, attended, escalated to level 1
    /// by jan at 11:00, not acknowledged; resolve at 87.5 %.
    pub escalated: i64,
    /// Acme Corp P3 (standard, office), 09:30, unassigned: running, office closed now.
    pub unassigned: i64,
    /// Initech P2 (standard, office), 10:00, jan: a summary and site full of control
    /// characters and terminal escape sequences.
    pub hostile: i64,
    /// Globex P3 (priority, field), 08:00, kees: escalated to level 2 and acknowledged.
    pub acked: i64,
    /// Initech P3 (standard, office), Fri 14:00, anna: paused, waiting on customer.
    pub paused: i64,
    /// Globex P1, resolved at 11:00: must never be listed.
    pub resolved: i64,
}

/// The summary with terminal escapes: colour, title, clear screen, bell, bidi override.
pub const HOSTILE_SUMMARY: &str =
    "VPN drops \u{1b}[31mevery\u{1b}[0m hour\u{7} \u{1b}]0;pwned\u{7}\u{1b}[2J \u{202e}desrever\r\nnext line";

/// A store with the fixture's jobs.
pub struct Fixture {
    /// Keeps the store's directory alive.
    pub dir: TempDir,
    pub store: Store,
    pub policy: Arc<Policy>,
    pub ids: Ids,
}

fn job(customer: &str, priority: &str, summary: &str, at_text: &str) -> NewJob {
    NewJob {
        customer: customer.to_owned(),
        priority: priority.to_owned(),
        summary: summary.to_owned(),
        at: Some(at(at_text)),
        ..NewJob::default()
    }
}

fn with_tech(mut j: NewJob, tech: &str) -> NewJob {
    j.technician = Some(tech.to_owned());
    j
}

impl Fixture {
    /// An empty store.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("jobs.db")).unwrap();
        Self {
            dir,
            store,
            policy: policy(),
            ids: Ids {
                breached_office: 0,
                breached_p1: 0,
                critical: 0,
                warning: 0,
                escalated: 0,
                unassigned: 0,
                hostile: 0,
                acked: 0,
                paused: 0,
                resolved: 0,
            },
        }
    }

    /// The store with every fixture job, logged in time order.
    pub fn new() -> Self {
        let mut f = Self::empty();
        let p = Arc::clone(&f.policy);
        let now = now();

        let log = |f: &mut Self, j: NewJob| f.store.log_job(&p, &j, "anna", now).unwrap();
        let breached_office = log(
            &mut f,
            with_tech(
                job("Initech", "P3", "Projector in room 4 dead", "2026-11-20 09:00"),
                "anna",
            ),
        );
        let paused = log(
            &mut f,
            with_tech(
                job(
                    "Initech",
                    "P3",
                    "Docking station not charging",
                    "2026-11-20 14:00",
                ),
                "anna",
            ),
        );
        let acked = log(
            &mut f,
            with_tech(
                job(
                    "Globex",
                    "P3",
                    "Badge reader at gate B faulty",
                    "2026-11-23 08:00",
                ),
                "kees",
            ),
        );
        let mut escalated_job = with_tech(
            job("Acme Corp", "P1", "Server room overheating", "2026-11-23 09:00"),
            "piet",
        );
        escalated_job.site = Some("Rotterdam DC".to_owned());
        let escalated = log(&mut f, escalated_job);
        let unassigned = log(
            &mut f,
            job("Acme Corp", "P3", "Printer jams on floor 2", "2026-11-23 09:30"),
        );
        let resolved = log(
            &mut f,
            job("Globex", "P1", "Cash registers frozen", "2026-11-23 10:00"),
        );
        let mut hostile_job = with_tech(job("Initech", "P2", HOSTILE_SUMMARY, "2026-11-23 10:00"), "jan");
        hostile_job.site = Some("Floor 3\u{1b}]0;owned\u{7}".to_owned());
        let hostile = log(&mut f, hostile_job);
        let breached_p1 = log(
            &mut f,
            job("Globex", "P1", "Production line 3 down", "2026-11-23 11:30"),
        );
        let mut warning_job = with_tech(
            job("Acme Corp", "P2", "Cooling unit alarm", "2026-11-23 11:45"),
            "piet",
        );
        warning_job.job_type = Some("malfunction".to_owned());
        warning_job.asset = Some("CHILLER-2".to_owned());
        let warning = log(&mut f, warning_job);
        let critical = log(
            &mut f,
            with_tech(
                job("Globex", "P2", "Checkout terminals offline", "2026-11-23 12:02"),
                "kees",
            ),
        );

        let rec = |f: &mut Self, id: i64, a: JobAction, when: &str| {
            f.store.record(&p, id, &a, "jan", Some(at(when)), now).unwrap();
        };
        rec(
            &mut f,
            paused,
            JobAction::Respond { note: None },
            "2026-11-20 14:30",
        );
        rec(
            &mut f,
            paused,
            JobAction::Pause {
                reason: "waiting on customer".to_owned(),
                note: Some("customer confirms site access".to_owned()),
            },
            "2026-11-20 15:00",
        );
        rec(
            &mut f,
            acked,
            JobAction::Respond { note: None },
            "2026-11-23 08:30",
        );
        rec(
            &mut f,
            acked,
            JobAction::Escalate {
                level: Some(2),
                note: Some("gate blocked for trucks".to_owned()),
            },
            "2026-11-23 09:00",
        );
        // Level 2 is the on-call manager's to acknowledge.
        f.store
            .record(
                &p,
                acked,
                &JobAction::Ack {
                    note: Some("on it".to_owned()),
                },
                "maria",
                Some(at("2026-11-23 09:30")),
                now,
            )
            .unwrap();
        rec(
            &mut f,
            acked,
            JobAction::Attend { note: None },
            "2026-11-23 11:00",
        );
        rec(
            &mut f,
            escalated,
            JobAction::Respond { note: None },
            "2026-11-23 09:10",
        );
        rec(
            &mut f,
            escalated,
            JobAction::Attend { note: None },
            "2026-11-23 10:30",
        );
        rec(
            &mut f,
            escalated,
            JobAction::Escalate {
                level: Some(1),
                note: Some("customer director called".to_owned()),
            },
            "2026-11-23 11:00",
        );
        rec(
            &mut f,
            resolved,
            JobAction::Respond { note: None },
            "2026-11-23 10:05",
        );
        rec(
            &mut f,
            resolved,
            JobAction::Resolve { note: None },
            "2026-11-23 11:00",
        );

        f.ids = Ids {
            breached_office,
            breached_p1,
            critical,
            warning,
            escalated,
            unassigned,
            hostile,
            acked,
            paused,
            resolved,
        };
        f
    }

    /// A quiet morning: four open jobs, none breached or past a warning.
    pub fn calm() -> Self {
        let mut f = Self::empty();
        let p = Arc::clone(&f.policy);
        let now = now();
        let jobs = [
            with_tech(
                job("Initech", "P3", "Monitor flickers", "2026-11-23 11:00"),
                "jan",
            ),
            with_tech(
                job("Globex", "P3", "Badge reader slow", "2026-11-23 12:05"),
                "kees",
            ),
            {
                let mut j = with_tech(
                    job("Acme Corp", "P2", "Pump pressure low", "2026-11-23 12:10"),
                    "piet",
                );
                j.job_type = Some("malfunction".to_owned());
                j
            },
            job("Globex", "P1", "Web shop slow", "2026-11-23 12:20"),
        ];
        for j in &jobs {
            f.store.log_job(&p, j, "anna", now).unwrap();
        }
        f
    }

    /// The open jobs, as the dashboard reads them at start.
    pub fn open_rows(&self) -> Vec<Job> {
        self.store
            .jobs(&JobFilter {
                open_only: true,
                ..JobFilter::default()
            })
            .unwrap()
    }

    /// Every job, resolved ones included.
    pub fn all_rows(&self) -> Vec<Job> {
        self.store.jobs(&JobFilter::default()).unwrap()
    }

    pub fn row(&self, id: i64) -> Job {
        self.store.job(id).unwrap()
    }

    pub fn events(&self, id: i64) -> Vec<EventRow> {
        self.store.events_of(id).unwrap()
    }

    /// A dashboard at `NOW` holding the open jobs, sized `w` x `h`.
    pub fn app_sized(&self, w: u16, h: u16) -> App {
        let mut app = App::new(Arc::clone(&self.policy), USER, STORE_LABEL, now());
        app.absorb(self.open_rows());
        update(&mut app, Msg::Resize(w, h));
        app
    }

    /// A dashboard at `NOW` holding the open jobs, 120 x 40.
    pub fn app(&self) -> App {
        self.app_sized(120, 40)
    }

    /// Records `action` on job `id` at `NOW` (as the runtime would after an effect).
    pub fn apply(&mut self, id: i64, action: &JobAction) -> Job {
        let p = Arc::clone(&self.policy);
        self.store.record(&p, id, action, "jan", None, now()).unwrap()
    }
}

/// Selects job `id` (it must be listed).
pub fn select(app: &mut App, id: i64) {
    let pos = app.rows.iter().position(|r| *r == id).unwrap();
    app.select_index(pos);
}

/// Selects job `id` and hands the dashboard its timeline, as the runtime would.
pub fn select_with_timeline(fx: &Fixture, app: &mut App, id: i64) {
    select(app, id);
    update(app, Msg::Timeline(id, fx.events(id)));
}

// ── Messages ────────────────────────────────────────────────────────────────

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Msg {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Msg::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Msg {
    Msg::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

pub fn click(column: u16, row: u16) -> Msg {
    mouse(MouseEventKind::Down(MouseButton::Left), column, row)
}

/// Does what the runtime does with the Reports view's report request: computes it on
/// the fixture's store and hands the answer back.
pub fn answer_report(fx: &Fixture, app: &mut App, mut fx_out: Vec<Effect>) {
    let Some(Effect::Report { spec, generation }) = fx_out.pop() else {
        panic!("the Reports view asks for a report: {fx_out:?}");
    };
    let report = slawatch::service::report::build(
        fx.store.path(),
        &fx.policy,
        spec,
        &slawatch_store::JobFilter::default(),
        None,
        now(),
    )
    .unwrap();
    update(app, Msg::ReportReady(generation, Ok(Arc::new(report))));
}

/// The first line of `text` holding `needle`.
pub fn line_of(text: &str, needle: &str) -> String {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
        .to_owned()
}

/// Sends every character of `s` as a key; returns all effects.
pub fn type_text(app: &mut App, s: &str) -> Vec<Effect> {
    s.chars().flat_map(|c| update(app, ch(c))).collect()
}

/// Sends the keys in order; returns all effects.
pub fn send(app: &mut App, msgs: Vec<Msg>) -> Vec<Effect> {
    msgs.into_iter().flat_map(|m| update(app, m)).collect()
}

/// Effects other than `LoadTimeline` (which any selection change asks for).
pub fn actions(fx: Vec<Effect>) -> Vec<Effect> {
    fx.into_iter()
        .filter(|e| !matches!(e, Effect::LoadTimeline(_)))
        .collect()
}
