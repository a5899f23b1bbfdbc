//! `update(app, msg) -> effects` of the dashboard, without a terminal: every key,
//! mouse event and message, against a real store filled at a fixed instant.

use crate::common::tui_fixture;

use std::sync::Arc;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseEventKind,
};
use slawatch::tui::app::{Level, QuickFilter, Tab};
use slawatch::tui::overlay::{Overlay, PickPurpose, TextPurpose};
use slawatch::tui::{App, Effect, Msg, update};
use slawatch_core::job::{JobAction, NewJob};
use tui_fixture::*;

mod actions;
mod closed;
mod corrections;
mod filters;
mod glance;
mod held_mail;
mod help;
mod list;
mod new_job_form;
mod runtime;
mod technicians;

fn record(job: i64, action: JobAction) -> Vec<Effect> {
    vec![Effect::Record { job, action }]
}

/// The queue of the fixture, most urgent first.
fn queue(fx: &Fixture) -> Vec<i64> {
    let i = fx.ids;
    vec![
        i.breached_office,
        i.breached_p1,
        i.critical,
        i.warning,
        i.escalated,
        i.unassigned,
        i.hostile,
        i.acked,
        i.paused,
    ]
}

fn status(app: &App) -> (Level, String) {
    app.status.clone().expect("a status message")
}

fn pick_items(app: &App) -> Vec<(String, String)> {
    match &app.overlay {
        Overlay::Pick { items, .. } => items.clone(),
        other => panic!("expected a picker, got {other:?}"),
    }
}

/// The open new-job form.
fn form(app: &App) -> slawatch::tui::overlay::NewJobForm {
    match &app.overlay {
        Overlay::NewJob(f) => (**f).clone(),
        other => panic!("expected the new-job form, got {other:?}"),
    }
}
