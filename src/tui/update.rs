//! `update(app, msg) -> effects`: every change of the dashboard's state. No I/O, no
//! clock: time arrives as `Msg::Tick(now)`, store results as messages.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::app::{App, FLASH_SECS, LastAlert, QuickFilter, Tab};
use super::keys::{self, KeyAction};
use super::layout::Areas;
use super::overlay::{NewJobForm, Overlay};
use super::prompts;
use slawatch_core::alerts::Due;
use slawatch_core::alerts::Reminder;
use slawatch_core::alerts::{Notice, NoticeUrgency};
use slawatch_core::job::{EventRow, Job, JobAction, NewJob};
use slawatch_core::policy::Policy;
use slawatch_core::report::forecast::Forecast;
use slawatch_core::report::{Report, Spec};

/// Everything that can happen to the dashboard.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Tick(i64),
    /// Jobs (re)read from the store: every open job at start, then the changed ones.
    Loaded(Vec<Job>),
    Timeline(i64, Vec<EventRow>),
    /// A job was just logged here: select it.
    Select(i64),
    /// The answer to `Effect::Find(id)`: the job, or none with that id.
    Found(i64, Option<Box<Job>>),
    /// The outcome of an effect: a message for the status line, or the store's refusal.
    Done(Result<String, String>),
    /// The policy file was read again: the new policy, or its problems.
    Policy(Result<Arc<Policy>, String>),
    /// Alerts for this user, fresh from the alert engine: flash, tell, deliver.
    Notices(Vec<Notice>),
    /// The answer to report request `generation`.
    ReportReady(u64, Result<Arc<Report>, String>),
    /// The forecast's at-risk jobs, recomputed: the worst clock of each.
    Forecast(HashMap<i64, Forecast>),
    /// The forecast's business seconds of work queued per technician.
    Queued(HashMap<String, i64>),
    /// The store's active technicians (read at start and after an assignment).
    Technicians(Vec<String>),
    /// The held mail, and the closed jobs replied to by mail (read at start and on change).
    Mail(crate::intake::mail::held::HeldState),
}

/// What the runtime must do for `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Record {
        job: i64,
        action: JobAction,
    },
    Log(NewJob),
    LoadTimeline(i64),
    /// Look for job `id` in the store (any status); answer with `Msg::Found`.
    Find(i64),
    /// Send these notifications (desktop, terminal, command hook).
    Deliver(Vec<Notice>),
    /// Compute a report in the background; answer with `Msg::ReportReady(generation, …)`.
    Report {
        spec: Spec,
        generation: u64,
    },
    /// Write the report of `spec` (evidence checked) to an HTML file; answer with `Done`.
    ExportReport(Spec),
    /// A round of the alert engine: record these crossings (with their tiers), and the
    /// reminders due for this user; notices come back as `Msg::Notices`.
    AlertRound(Vec<(Due, String)>, Vec<Reminder>),
    /// Put this text on the clipboard (OSC 52 to the terminal).
    Clipboard(String),
    /// Make held mail `held`'s job for `customer` (as `slawatch mail assign` does).
    AssignMail {
        held: i64,
        customer: String,
    },
    Quit,
}

/// Applies `msg`; returns the effects to run.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let before = app.selected;
    let on_screen = (app.offset, app.tab, app.selected);
    let mut fx = match msg {
        Msg::Key(k) if k.kind == KeyEventKind::Press => key(app, k),
        Msg::Key(_) => Vec::new(),
        Msg::Mouse(m) => mouse(app, m),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            app.page = Areas::new(app.size).list_rows();
            // The rows stay; only the scroll must keep the selection in view.
            app.select_index(app.cursor());
            Vec::new()
        }
        Msg::Tick(now) => {
            app.tick(now);
            if let Overlay::NewJob(form) = &mut app.overlay {
                form.check(&app.policy, now);
            }
            let (dues, reminders) = app.alert_work();
            vec![Effect::AlertRound(dues, reminders)]
        }
        Msg::Loaded(rows) => {
            let touched = app.selected.is_some_and(|s| rows.iter().any(|r| r.id == s));
            if app
                .last_alert
                .as_ref()
                .is_some_and(|a| rows.iter().any(|r| a.answered_by(r)))
            {
                app.last_alert = None;
            }
            app.absorb(rows);
            // A new selection asks for its timeline below; a changed selected job here.
            if touched && app.selected == before {
                app.selected.map(Effect::LoadTimeline).into_iter().collect()
            } else {
                Vec::new()
            }
        }
        Msg::Select(id) => {
            if app.rows.contains(&id) {
                app.selected = Some(id);
                app.refresh_rows();
            }
            Vec::new()
        }
        Msg::Found(id, job) => {
            match job {
                Some(job) => {
                    app.absorb(vec![*job]);
                    super::find::show(app, id);
                }
                None => app.error(format!("no job {id} in the store")),
            }
            Vec::new()
        }
        Msg::Timeline(job, events) => {
            app.timeline = Some((job, events));
            Vec::new()
        }
        Msg::Done(Ok(m)) => {
            app.info(m);
            Vec::new()
        }
        Msg::Done(Err(m)) => {
            app.error(m);
            Vec::new()
        }
        Msg::Policy(Ok(p)) => {
            app.policy = p;
            app.policy_error = None;
            app.rejudge_all();
            app.info("policy reloaded");
            Vec::new()
        }
        Msg::Policy(Err(e)) => {
            app.policy_error = Some(e);
            Vec::new()
        }
        Msg::Queued(queued) => {
            app.queued = Some(queued);
            if app.tab == Tab::Technicians {
                app.refresh_rows();
            }
            Vec::new()
        }
        Msg::Technicians(names) => {
            app.known_techs = names;
            if app.tab == Tab::Technicians {
                app.refresh_rows();
            }
            Vec::new()
        }
        Msg::Mail(state) => {
            app.absorb_mail(state);
            Vec::new()
        }
        Msg::Forecast(at_risk) => {
            app.forecast = at_risk;
            if app.quick == Some(QuickFilter::Forecast) {
                app.refresh_rows();
            }
            Vec::new()
        }
        Msg::ReportReady(generation, result) => {
            if app.report.answer(generation, result.clone())
                && let Err(e) = result
            {
                app.error(format!("the report failed: {e}"));
            }
            Vec::new()
        }
        Msg::Notices(notices) => {
            for n in &notices {
                if let Some(job) = n.job {
                    app.flash.insert(job, app.now + FLASH_SECS);
                }
            }
            if let Some(worst) = notices.iter().max_by_key(|n| (n.urgency, n.rank)) {
                app.last_alert = Some(LastAlert {
                    critical: worst.urgency == NoticeUrgency::Critical,
                    text: worst.summary.clone(),
                    job: worst.job,
                    escalation: matches!(worst.kind, "escalation" | "reminder"),
                });
            }
            if notices.is_empty() {
                Vec::new()
            } else {
                vec![Effect::Deliver(notices)]
            }
        }
    };
    if app.selected != before
        && let Some(s) = app.selected
    {
        fx.push(Effect::LoadTimeline(s));
    }
    // Rows that came on screen are judged now, not at the next tick.
    if (app.offset, app.tab, app.selected) != on_screen {
        app.tick(app.now);
    }
    fx
}

fn mouse(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if app.overlay != Overlay::None {
        return Vec::new();
    }
    match m.kind {
        MouseEventKind::ScrollDown if app.tab == Tab::Technicians => app.select_tech(app.tech_cursor + 1),
        MouseEventKind::ScrollUp if app.tab == Tab::Technicians => {
            app.select_tech(app.tech_cursor.saturating_sub(1));
        }
        MouseEventKind::ScrollDown => app.select_index(app.cursor() + 1),
        MouseEventKind::ScrollUp => app.select_index(app.cursor().saturating_sub(1)),
        MouseEventKind::Down(_) => {
            let areas = Areas::new(app.size);
            if let Some(i) = areas.row_at(m.column, m.row)
                && app.tab == Tab::Technicians
            {
                let first = app.first_tech_shown();
                if first + i < app.techs.len() {
                    app.select_tech(first + i);
                }
            } else if let Some(i) = areas.row_at(m.column, m.row) {
                // Blank space below the last row selects nothing.
                if app.offset + i < app.rows.len() {
                    app.select_index(app.offset + i);
                }
            } else if let Some(tab) = areas.tab_at(m.column, m.row) {
                go_tab(app, tab);
            }
        }
        _ => {}
    }
    Vec::new()
}

pub(crate) fn go_tab(app: &mut App, tab: Tab) -> Vec<Effect> {
    app.tab = tab;
    app.offset = 0;
    app.refresh_rows();
    // The report is computed when first wanted, not at start-up.
    if tab == Tab::Reports && app.report.result.is_none() && !app.report.computing {
        return vec![report_request(app)];
    }
    Vec::new()
}

fn report_request(app: &mut App) -> Effect {
    let (spec, generation) = app.report.request(app.now, &app.policy.display_tz);
    Effect::Report { spec, generation }
}

fn report_action(app: &mut App, action: KeyAction) -> Vec<Effect> {
    match action {
        KeyAction::ReportRange(step) => app.report.shift_range(step),
        KeyAction::ReportBy => app.report.next_grouping(),
        KeyAction::ReportExport => {
            return match app.report.spec {
                Some(spec) => {
                    app.info("writing the report (checking the event chain first)…");
                    vec![Effect::ExportReport(spec)]
                }
                None => Vec::new(),
            };
        }
        KeyAction::Down => {
            app.report.scroll += 1;
            return Vec::new();
        }
        KeyAction::Up => {
            app.report.scroll = app.report.scroll.saturating_sub(1);
            return Vec::new();
        }
        _ => {}
    }
    vec![report_request(app)]
}

fn key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    if app.overlay != Overlay::None {
        return prompts::key(app, k);
    }
    if app.editing_filter {
        if k.modifiers.contains(KeyModifiers::CONTROL) {
            if k.code == KeyCode::Char('c') {
                app.quit = true;
                return vec![Effect::Quit];
            }
            return Vec::new();
        }
        match k.code {
            KeyCode::Enter => {
                app.editing_filter = false;
                if let Some(fx) = super::find::by_id(app) {
                    return fx;
                }
            }
            KeyCode::Esc => {
                app.editing_filter = false;
                app.filter.clear();
            }
            KeyCode::Backspace => {
                app.filter.pop();
            }
            KeyCode::Char(c) if !c.is_control() => app.filter.push(c),
            _ => {}
        }
        if !app.filter.trim().is_empty() {
            app.prefs.last_search.clone_from(&app.filter);
        }
        app.refresh_rows();
        return Vec::new();
    }
    let Some(action) = app.prefs.keys.lookup(&k, app.tab) else {
        return Vec::new();
    };
    if !keys::allowed(app.tab, action) {
        app.error(if app.tab == Tab::Mail {
            "the Mail view lists held mail: Enter shows one, a assigns it; jobs are in the other views"
        } else if app.tab == Tab::Closed {
            "a closed job can be reopened (o), noted (N) or looked at (Enter, i); nothing else"
        } else {
            "the jobs here are open: resolved ones are reopened from the Closed view (5)"
        });
        return Vec::new();
    }
    if let Some(fx) = super::prefs::action(app, action) {
        return fx;
    }
    main_action(app, action)
}

fn main_action(app: &mut App, action: KeyAction) -> Vec<Effect> {
    let page = app.page.max(1);
    let c = app.cursor();
    if app.tab == Tab::Reports
        && matches!(
            action,
            KeyAction::ReportRange(_)
                | KeyAction::ReportBy
                | KeyAction::ReportExport
                | KeyAction::ReportRefresh
                | KeyAction::Up
                | KeyAction::Down
        )
    {
        return report_action(app, action);
    }
    if app.tab == Tab::Mail
        && let Some(fx) = super::mail::action(app, action)
    {
        return fx;
    }
    // The technicians view moves over technicians; their most urgent job is selected.
    if app.tab == Tab::Technicians {
        let t = app.tech_cursor;
        let to = match action {
            KeyAction::Up => Some(t.saturating_sub(1)),
            KeyAction::Down => Some(t + 1),
            KeyAction::PageUp => Some(t.saturating_sub(page)),
            KeyAction::PageDown => Some(t + page),
            KeyAction::Top => Some(0),
            KeyAction::Bottom => Some(usize::MAX),
            _ => None,
        };
        if let Some(i) = to {
            app.select_tech(i);
            return Vec::new();
        }
    }
    match action {
        KeyAction::Quit => {
            app.quit = true;
            return vec![Effect::Quit];
        }
        KeyAction::Up => app.select_index(c.saturating_sub(1)),
        KeyAction::Down => app.select_index(c + 1),
        KeyAction::PageUp => app.select_index(c.saturating_sub(page)),
        KeyAction::PageDown => app.select_index(c + page),
        KeyAction::Top => app.select_index(0),
        KeyAction::Bottom => app.select_index(usize::MAX),
        KeyAction::NextTab | KeyAction::PrevTab => {
            let i = Tab::ALL.iter().position(|t| *t == app.tab).unwrap_or(0);
            let n = Tab::ALL.len();
            let next = if action == KeyAction::NextTab {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            return go_tab(app, Tab::ALL[next]);
        }
        KeyAction::GoTab(t) => return go_tab(app, t),
        KeyAction::Filter => app.editing_filter = true,
        KeyAction::ClearFilter => {
            app.filter.clear();
            app.quick = None;
            app.status = None;
            app.refresh_rows();
        }
        KeyAction::Quick(q) => {
            app.quick = if app.quick == Some(q) { None } else { Some(q) };
            app.refresh_rows();
        }
        KeyAction::Help => app.overlay = Overlay::Help { scroll: 0 },
        KeyAction::EscalationsUnacked => {
            app.unacked_only = !app.unacked_only;
            app.refresh_rows();
            app.info(if app.unacked_only {
                "escalations: only the unacknowledged (! for all)".to_owned()
            } else {
                "escalations: all".to_owned()
            });
        }
        KeyAction::EscalationsLevel => {
            // Each level of the chain in turn, then all again.
            let levels: Vec<i64> = app
                .policy
                .levels_above(0)
                .iter()
                .map(|l| i64::from(l.level))
                .collect();
            app.level_only = match app.level_only {
                None => levels.first().copied(),
                Some(l) => levels.iter().copied().find(|n| *n > l),
            };
            app.refresh_rows();
            let what = app.level_only.map_or_else(
                || "all levels".to_owned(),
                |l| format!("only level {}", app.policy.level_label(l)),
            );
            app.info(format!("escalations: {what} (L for the next)"));
        }
        KeyAction::New => {
            let mut form = NewJobForm {
                known: super::overlay::KnownNames::from_board(&app.board, &app.known_techs),
                ..NewJobForm::default()
            };
            form.check(&app.policy, app.now);
            app.overlay = Overlay::NewJob(Box::new(form));
        }
        KeyAction::Detail => {
            if app.selected_entry().is_some() {
                app.overlay = Overlay::Detail;
            } else {
                app.error("no job selected");
            }
        }
        KeyAction::Explain => {
            if let Some(e) = app.selected_entry() {
                let lines = e
                    .row
                    .explain(&app.policy, app.now)
                    .unwrap_or_else(|err| vec![format!("The policy cannot place this job: {err}")]);
                app.overlay = Overlay::Explain { job: e.row.id, lines };
            }
        }
        KeyAction::ReportRange(_)
        | KeyAction::ReportBy
        | KeyAction::ReportExport
        | KeyAction::ReportRefresh => {}
        job_action => return prompts::start(app, job_action),
    }
    Vec::new()
}
