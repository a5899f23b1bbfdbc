//! Popups: help, explanations, confirmations, prompts, pickers and the new-job form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{accent, dim, urgency_style};
use crate::tui::app::App;
use crate::tui::help::{self, HelpLine};
use crate::tui::overlay::{FIELDS, Overlay};
use slawatch_core::sla::Urgency;
use slawatch_core::text::inert;

/// A box of `w` x `h` centred in `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn popup(app: &App, f: &mut Frame, title: &str, lines: Vec<Line<'_>>, w: u16) {
    popup_scrolled(app, f, title, lines, w, 0);
}

/// A framed box sized to its (wrapped) text, scrolled down by `scroll` lines.
fn popup_scrolled(app: &App, f: &mut Frame, title: &str, lines: Vec<Line<'_>>, w: u16, scroll: u16) {
    let inner = usize::from(w.min(f.area().width).saturating_sub(2)).max(1);
    // Long lines wrap: count the rows they take, not the lines.
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    popup_sized(app, f, title, lines, w, scroll, rows);
}

/// A framed box for `rows` rows of text, scrolled down by `scroll` lines.
fn popup_sized(
    app: &App,
    f: &mut Frame,
    title: &str,
    lines: Vec<Line<'_>>,
    w: u16,
    scroll: u16,
    rows: usize,
) {
    let w = w.min(f.area().width);
    let h = u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(f.area().height);
    let area = centred(f.area(), w, h);
    f.render_widget(Clear, area);
    let more = usize::from(h.saturating_sub(2)) + usize::from(scroll) < rows;
    let title = if more {
        format!(" {title} · ↓ more ")
    } else {
        format!(" {title} ")
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Span::styled(title, accent(app).add_modifier(Modifier::BOLD)))
        .border_style(accent(app));
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

pub fn render(app: &App, f: &mut Frame) {
    let width = f.area().width.saturating_sub(4).min(120);
    match &app.overlay {
        // Drawn in the body by `view` itself.
        Overlay::None | Overlay::Detail | Overlay::MailDetail => {}
        Overlay::AssignMail { held, input, hint } => {
            let lines = vec![
                Line::from(Span::styled(
                    format!("› {}▏", inert(input, 200)),
                    Style::new().add_modifier(Modifier::BOLD),
                )),
                Line::from(Span::styled(hint.clone(), dim(app))),
            ];
            popup(
                app,
                f,
                &format!("Customer of held mail {held}"),
                lines,
                width.min(80),
            );
        }
        Overlay::Help { scroll } => {
            let lines: Vec<Line<'_>> = help::lines(app)
                .into_iter()
                .map(|l| match l {
                    HelpLine::Group(group) => {
                        Line::from(Span::styled(group, accent(app).add_modifier(Modifier::BOLD)))
                    }
                    HelpLine::Key(keys, desc) => Line::from(vec![
                        Span::styled(format!("  {keys:<14}"), Style::new().add_modifier(Modifier::BOLD)),
                        Span::raw(desc),
                    ]),
                    HelpLine::Footer => Line::from(Span::styled(help::FOOTER, dim(app))),
                })
                .collect();
            // Rows counted as words wrap, the same count that stops the scroll.
            let rows = help::rows(app);
            popup_sized(
                app,
                f,
                &format!("Keys · {} view", app.tab.title()),
                lines,
                help::width(f.area().width),
                (*scroll).min(help::max_scroll(app)),
                rows,
            );
        }
        Overlay::Explain { job, lines } => {
            let mut body: Vec<Line<'_>> = lines.iter().map(|l| Line::from(inert(l, 300))).collect();
            body.push(Line::from(Span::styled("any key closes", dim(app))));
            popup(app, f, &format!("Why job {job} is due when it is"), body, width);
        }
        Overlay::Confirm { title, body, .. } => {
            let mut lines: Vec<Line<'_>> = body.iter().map(|l| Line::from(l.clone())).collect();
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                "Enter or y: yes · Esc or n: no",
                dim(app),
            )));
            popup(app, f, title, lines, width.min(80));
        }
        Overlay::Text {
            title, hint, input, ..
        } => {
            let lines = vec![
                Line::from(Span::styled(
                    format!("› {}▏", inert(input, 200)),
                    Style::new().add_modifier(Modifier::BOLD),
                )),
                Line::from(Span::styled(hint.clone(), dim(app))),
            ];
            popup(app, f, title, lines, width.min(80));
        }
        Overlay::Pick {
            title, items, index, ..
        } => {
            let mut lines = Vec::new();
            for (i, (name, desc)) in items.iter().enumerate() {
                let mark = if i == *index { "›" } else { " " };
                let style = if i == *index {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{mark} {:<22}", inert(name, 22)), style),
                    Span::styled(format!(" {}", inert(desc, 200)), dim(app)),
                ]));
            }
            lines.push(Line::from(Span::styled(
                "↑↓ choose · Enter pick · Esc cancel",
                dim(app),
            )));
            popup(app, f, title, lines, width);
        }
        Overlay::NewJob(form) => {
            let mut lines = Vec::new();
            for (i, name) in FIELDS.iter().enumerate() {
                let focused = i == form.focus;
                let label_style = if focused {
                    accent(app).add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                let cursor = if focused { "▏" } else { "" };
                let mut spans = vec![
                    Span::styled(
                        format!("{}{name:>10}: ", if focused { "›" } else { " " }),
                        label_style,
                    ),
                    Span::raw(format!("{}{cursor}", inert(&form.values[i], 50))),
                ];
                if let Some(err) = form.shown_error(i) {
                    spans.push(Span::styled(
                        format!("  ✖ {}", inert(err, 90)),
                        urgency_style(app, Urgency::Breached),
                    ));
                }
                lines.push(Line::from(spans));
                if focused {
                    let sugg = form.suggestions(&app.policy);
                    if !sugg.is_empty() {
                        lines.push(Line::from(Span::styled(
                            format!("             Tab completes: {}", sugg.join(", ")),
                            dim(app),
                        )));
                    }
                }
            }
            lines.push(Line::from(""));
            if form.preview.is_empty() {
                lines.push(Line::from(Span::styled(
                    "The tier and deadlines show here once customer and priority match.",
                    dim(app),
                )));
            }
            for p in &form.preview {
                lines.push(Line::from(Span::styled(format!("  {p}"), accent(app))));
            }
            lines.push(Line::from(""));
            let save = if form.valid {
                "Enter: log the job"
            } else {
                "fix the marked fields to save"
            };
            lines.push(Line::from(Span::styled(
                format!("{save} · Tab completes a name or moves on · ↑↓ move · Esc cancel"),
                dim(app),
            )));
            popup(app, f, "New job", lines, width.min(96));
        }
    }
}
