//! Job actions and the overlays they open: pickers, prompts, confirmations, the form.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::App;
use super::keys::KeyAction;
use super::overlay::{FIELDS, Overlay, PickPurpose, TextPurpose};
use super::update::Effect;
use slawatch_core::job::EventKind;
use slawatch_core::job::JobStatus;
use slawatch_core::job::{ClockEntry, ClockText, JobAction};
use slawatch_core::text::inert;
use slawatch_core::time::shown::when;

pub(super) fn text(job: i64, title: String, hint: &str, purpose: TextPurpose) -> Overlay {
    Overlay::Text {
        job,
        title,
        hint: hint.to_owned(),
        input: String::new(),
        purpose,
    }
}

/// Starts a job action on the selected job: runs it, or opens what it needs first.
pub fn start(app: &mut App, action: KeyAction) -> Vec<Effect> {
    let Some(e) = app.selected_entry() else {
        app.error("no job selected");
        return Vec::new();
    };
    let (id, row) = (e.row.id, e.row.clone());
    let label = format!(
        "job {id} · {} · {}",
        inert(&row.customer, 30),
        inert(&row.summary, 40)
    );
    let record = |action| vec![Effect::Record { job: id, action }];
    match action {
        KeyAction::Respond => return record(JobAction::Respond { note: None }),
        KeyAction::Attend => return record(JobAction::Attend { note: None }),
        KeyAction::Reopen => return record(JobAction::Reopen { note: None }),
        KeyAction::Resolve => {
            app.overlay = Overlay::Confirm {
                job: id,
                title: "Resolve".to_owned(),
                body: vec![
                    format!("Resolve {label}?"),
                    "Every running clock stops.".to_owned(),
                ],
                action: JobAction::Resolve { note: None },
            };
        }
        KeyAction::PauseResume if row.status == JobStatus::Paused => {
            return record(JobAction::Resume { note: None });
        }
        KeyAction::PauseResume => {
            let items = app
                .policy
                .pause_reasons
                .iter()
                .map(|r| {
                    let how = if r.stops_clock {
                        "stops the clock"
                    } else {
                        "recorded; the clock keeps running"
                    };
                    (r.name.clone(), how.to_owned())
                })
                .collect();
            app.overlay = Overlay::Pick {
                job: id,
                title: format!("Pause {label}: why?"),
                items,
                index: 0,
                purpose: PickPurpose::PauseReason,
            };
        }
        KeyAction::Assign => {
            // One pass over the jobs: open jobs per technician.
            let mut open: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for j in app.board.jobs.values() {
                if let Some(t) = j.row.technician.as_deref() {
                    *open.entry(t).or_default() += 1;
                }
            }
            let mut items: Vec<(String, String)> = open
                .into_iter()
                .map(|(n, count)| (n.to_owned(), format!("{count} open")))
                .collect();
            items.sort_by_key(|(n, _)| (n.to_lowercase(), n.clone()));
            items.push(("Someone else…".to_owned(), "type a name".to_owned()));
            app.overlay = Overlay::Pick {
                job: id,
                title: format!("Assign {label} to"),
                items,
                index: 0,
                purpose: PickPurpose::Technician,
            };
        }
        KeyAction::Move => {
            app.overlay = super::moves::picker(app, id, &row, &label);
        }
        KeyAction::Priority => {
            let tz = app.policy.display_tz;
            let items = app
                .policy
                .priorities
                .iter()
                .map(|p| {
                    // Preview: the job as if re-prioritised now.
                    let mut probe = row.clone();
                    probe.clock_log.push(ClockEntry::with_text(
                        EventKind::Reprioritized,
                        app.now,
                        ClockText {
                            priority: Some(p.clone()),
                            from_priority: Some(row.priority.clone()),
                            from_type: row.job_type.clone(),
                            ..ClockText::default()
                        },
                    ));
                    let desc = match probe.evaluate(&app.policy, app.now) {
                        Err(e) => e.to_string(),
                        Ok(sla) => {
                            let dues: Vec<String> = sla
                                .clocks
                                .iter()
                                .filter(|c| !c.state.is_stopped())
                                .map(|c| {
                                    format!(
                                        "{} {}",
                                        c.kind,
                                        c.deadline
                                            .map_or_else(|| "—".to_owned(), |d| when(d, app.now, &tz))
                                    )
                                })
                                .collect();
                            format!("tier {} · {}", sla.matched.tier.name, dues.join(" · "))
                        }
                    };
                    (p.clone(), desc)
                })
                .collect::<Vec<_>>();
            if items.is_empty() {
                app.error("the policy lists no priorities");
                return Vec::new();
            }
            let index = app
                .policy
                .priorities
                .iter()
                .position(|p| *p == row.priority)
                .unwrap_or(0);
            app.overlay = Overlay::Pick {
                job: id,
                title: format!("Priority of {label} (now {})", row.priority),
                items,
                index,
                purpose: PickPurpose::Priority,
            };
        }
        KeyAction::Undo => super::corrections::undo(app, id),
        KeyAction::Cancel => super::corrections::cancel(app, id, &label),
        KeyAction::Note => {
            app.overlay = text(
                id,
                format!("Note on {label}"),
                "Enter saves, Esc cancels",
                TextPurpose::Note,
            )
        }
        KeyAction::Escalate => {
            // Only the levels the policy defines above the job's: no way past the chain.
            let items: Vec<(String, String)> = app
                .policy
                .levels_above(row.escalation_level)
                .iter()
                .map(|l| (format!("level {}", l.level), l.name.clone()))
                .collect();
            if items.is_empty() {
                let why = app
                    .policy
                    .escalation_target(row.escalation_level, None)
                    .err()
                    .unwrap_or_default();
                app.error(format!("job {id}: {why}"));
                return Vec::new();
            }
            app.overlay = Overlay::Pick {
                job: id,
                title: format!("Escalate {label} to"),
                items,
                index: 0,
                purpose: PickPurpose::EscalateLevel,
            };
        }
        KeyAction::Ack => {
            if row.escalation_level <= row.acked_level {
                app.error(format!("job {id} has no unacknowledged escalation"));
                return Vec::new();
            }
            app.overlay = text(
                id,
                format!("Acknowledge level {} of {label}", row.escalation_level),
                "a note for the record (optional); Enter saves",
                TextPurpose::Ack,
            );
        }
        _ => {}
    }
    Vec::new()
}

/// Keys while an overlay is open.
/// The new-job form's complaint, shown while the form is open.
const FORM_PROBLEMS: &str = "the form has problems (marked) — fix them or Esc to cancel";

pub fn key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && k.code == KeyCode::Char('c') {
        app.quit = true;
        return vec![Effect::Quit];
    }
    let overlay = std::mem::replace(&mut app.overlay, Overlay::None);
    match overlay {
        Overlay::None => Vec::new(),
        Overlay::Help { scroll } => {
            // Up, down, page and Home/End keys scroll a help taller than the screen, as
            // far as its last line; any other key closes it.
            let end = super::help::max_scroll(app);
            let to = match k.code {
                KeyCode::Down | KeyCode::Char('j') => Some(scroll.saturating_add(1)),
                KeyCode::PageDown => Some(scroll.saturating_add(10)),
                KeyCode::Up | KeyCode::Char('k') => Some(scroll.saturating_sub(1)),
                KeyCode::PageUp => Some(scroll.saturating_sub(10)),
                KeyCode::Home => Some(0),
                KeyCode::End => Some(end),
                _ => None,
            };
            if let Some(to) = to {
                app.overlay = Overlay::Help { scroll: to.min(end) };
            }
            Vec::new()
        }
        Overlay::Explain { .. } | Overlay::Detail | Overlay::MailDetail => Vec::new(),
        Overlay::AssignMail { held, input, hint } => super::mail::prompt_key(app, k, held, input, hint),
        Overlay::Confirm {
            job,
            action,
            title,
            body,
        } => match k.code {
            KeyCode::Enter | KeyCode::Char('y') => vec![Effect::Record { job, action }],
            KeyCode::Esc | KeyCode::Char('n') => Vec::new(),
            _ => {
                app.overlay = Overlay::Confirm {
                    job,
                    title,
                    body,
                    action,
                };
                Vec::new()
            }
        },
        Overlay::Pick {
            job,
            title,
            items,
            mut index,
            purpose,
        } => {
            match k.code {
                KeyCode::Esc => return Vec::new(),
                KeyCode::Up | KeyCode::Char('k') => index = index.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => index = (index + 1).min(items.len().saturating_sub(1)),
                KeyCode::Enter => return picked(app, job, &items, index, &purpose),
                _ => {}
            }
            app.overlay = Overlay::Pick {
                job,
                title,
                items,
                index,
                purpose,
            };
            Vec::new()
        }
        Overlay::Text {
            job,
            title,
            mut hint,
            mut input,
            purpose,
        } => {
            match k.code {
                KeyCode::Esc => return Vec::new(),
                // A typo of a known technician would make a second person: said first.
                KeyCode::Enter if purpose == TextPurpose::Technician && !input.trim().is_empty() => {
                    match super::form_names::technician(
                        &app.board,
                        &app.known_techs,
                        &app.policy,
                        input.trim(),
                        &hint,
                    ) {
                        Ok(name) => return submitted(app, job, &name, purpose),
                        Err(warning) => hint = warning,
                    }
                }
                KeyCode::Enter => return submitted(app, job, input.trim(), purpose),
                KeyCode::Backspace => {
                    input.pop();
                }
                KeyCode::Char(c) if !c.is_control() => input.push(c),
                _ => {}
            }
            app.overlay = Overlay::Text {
                job,
                title,
                hint,
                input,
                purpose,
            };
            Vec::new()
        }
        Overlay::NewJob(mut form) => {
            match k.code {
                KeyCode::Esc => {
                    // The complaint was about the form: it goes with it.
                    if app.status.as_ref().is_some_and(|(_, m)| m == FORM_PROBLEMS) {
                        app.status = None;
                    }
                    return Vec::new();
                }
                KeyCode::Enter => {
                    form.settle_names(&app.policy);
                    form.tried = true;
                    form.check(&app.policy, app.now);
                    if form.valid {
                        return vec![Effect::Log(form.job())];
                    }
                    form.remember_warnings();
                    app.error(FORM_PROBLEMS);
                }
                KeyCode::Tab => {
                    // Complete a name (customer, priority, type, technician) first; else
                    // go to the next field.
                    match form.suggestions(&app.policy).first() {
                        Some(s) if !form.values[form.focus].is_empty() => {
                            form.values[form.focus].clone_from(s)
                        }
                        _ => form.focus = (form.focus + 1) % FIELDS.len(),
                    }
                }
                KeyCode::Down => form.focus = (form.focus + 1) % FIELDS.len(),
                KeyCode::BackTab | KeyCode::Up => form.focus = (form.focus + FIELDS.len() - 1) % FIELDS.len(),
                KeyCode::Backspace => {
                    form.values[form.focus].pop();
                    form.touched[form.focus] = true;
                }
                KeyCode::Char(c) if !c.is_control() => {
                    form.values[form.focus].push(c);
                    form.touched[form.focus] = true;
                }
                _ => {}
            }
            form.check(&app.policy, app.now);
            app.overlay = Overlay::NewJob(form);
            Vec::new()
        }
    }
}

fn picked(
    app: &mut App,
    job: i64,
    items: &[(String, String)],
    index: usize,
    purpose: &PickPurpose,
) -> Vec<Effect> {
    let Some((choice, _)) = items.get(index) else {
        return Vec::new();
    };
    match purpose {
        PickPurpose::PauseReason => {
            app.overlay = text(
                job,
                format!("Pause job {job}: {choice}"),
                "a note for the record (optional); Enter pauses",
                TextPurpose::PauseNote {
                    reason: choice.clone(),
                },
            );
            Vec::new()
        }
        PickPurpose::Technician if index + 1 == items.len() => {
            app.overlay = text(
                job,
                format!("Assign job {job} to"),
                "the technician's name",
                TextPurpose::Technician,
            );
            Vec::new()
        }
        PickPurpose::Technician => vec![Effect::Record {
            job,
            action: JobAction::Assign { to: choice.clone() },
        }],
        PickPurpose::Priority => vec![Effect::Record {
            job,
            action: JobAction::Reprioritize {
                priority: choice.clone(),
                job_type: None,
            },
        }],
        PickPurpose::EscalateLevel => {
            let level = choice.trim_start_matches("level ").parse().unwrap_or(1);
            app.overlay = text(
                job,
                format!("Escalate job {job} to level {level}"),
                "why (optional); Enter escalates",
                TextPurpose::Escalate { level },
            );
            Vec::new()
        }
    }
}

fn submitted(app: &mut App, job: i64, input: &str, purpose: TextPurpose) -> Vec<Effect> {
    let note = (!input.is_empty()).then(|| input.to_owned());
    let action = match purpose {
        TextPurpose::Note if input.is_empty() => {
            app.error("the note is empty");
            return Vec::new();
        }
        TextPurpose::Note => JobAction::Note {
            text: input.to_owned(),
        },
        TextPurpose::Ack => JobAction::Ack { note },
        TextPurpose::Escalate { level } => JobAction::Escalate {
            level: Some(level),
            note,
        },
        TextPurpose::PauseNote { reason } => JobAction::Pause { reason, note },
        TextPurpose::Technician if input.is_empty() => {
            app.error("the technician's name is empty");
            return Vec::new();
        }
        TextPurpose::Technician => JobAction::Assign { to: input.to_owned() },
        TextPurpose::Revoke { .. } | TextPurpose::Cancel if input.trim().is_empty() => {
            app.error("say why (it is kept in the record)");
            return Vec::new();
        }
        TextPurpose::Revoke { event } => JobAction::Revoke {
            event,
            reason: input.to_owned(),
        },
        TextPurpose::Cancel => JobAction::Cancel {
            reason: input.to_owned(),
        },
    };
    vec![Effect::Record { job, action }]
}
