//! `view(app, frame)`: draws the dashboard from the state, nothing else. One file per
//! screen region; the layout is in `super::layout`.

mod detail;
mod list;
mod overlays;
mod reports;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Level, Tab};
use super::keys;
use super::layout::{Areas, tab_label};
use super::overlay::Overlay;
use slawatch_core::board::Totals;
use slawatch_core::sla::Urgency;
use slawatch_core::time::instant::offset_at;

/// Colours of the dashboard; every one is paired with a symbol, so `NO_COLOR` loses nothing.
pub(crate) fn urgency_style(app: &App, u: Urgency) -> Style {
    if app.plain {
        return match u {
            Urgency::Breached => Style::new().add_modifier(Modifier::BOLD),
            _ => Style::new(),
        };
    }
    match u {
        Urgency::Breached => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Urgency::Critical => Style::new().fg(Color::LightRed),
        Urgency::Warning => Style::new().fg(Color::Yellow),
        Urgency::Fine => Style::new().fg(Color::Green),
        Urgency::Paused => Style::new().fg(Color::Blue),
        Urgency::Done => Style::new().fg(Color::DarkGray),
    }
}

pub(crate) fn accent(app: &App) -> Style {
    if app.plain {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::Cyan)
    }
}

pub(crate) fn dim(app: &App) -> Style {
    if app.plain {
        Style::new()
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

/// `Mon 14:02:09` in the display zone.
pub(crate) fn clock_text(app: &App, t: i64) -> String {
    let local = t + i64::from(offset_at(&app.policy.display_tz, t));
    let s = local.rem_euclid(86_400);
    let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    format!(
        "{} {:02}:{:02}:{:02}",
        days[local.div_euclid(86_400).rem_euclid(7) as usize],
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Draws the whole dashboard.
pub fn view(app: &App, f: &mut Frame) {
    let a = Areas::new((f.area().width, f.area().height));
    header(app, f, &a);
    tabs(app, f, &a);
    // The list's and the detail pane's room together, down to the status line.
    let body = Rect::new(
        a.list.x,
        a.list.y,
        f.area().width,
        a.status.y.saturating_sub(a.list.y),
    );
    if app.tab == Tab::Reports {
        // The report takes the whole body: there is no selected job to detail.
        reports::render(app, f, body);
    } else if app.overlay == Overlay::Detail {
        // Enter: the detail over the list and its pane, whatever the terminal's size.
        detail::render(app, f, body);
    } else {
        list::render(app, f, a.list);
        if let Some(d) = a.detail {
            detail::render(app, f, d);
        }
    }
    status(app, f, &a);
    keybar(app, f, &a);
    overlays::render(app, f);
}

fn header(app: &App, f: &mut Frame, a: &Areas) {
    let Totals {
        open,
        breached,
        at_risk: risk,
        paused,
        unacked,
    } = app.totals();
    let tz = app.policy.display_tz;
    // Narrow terminals keep the totals and drop the zone, user and store.
    let mut spans = vec![
        Span::styled(" slawatch ", accent(app).add_modifier(Modifier::BOLD)),
        Span::raw(format!("{} ", clock_text(app, app.now))),
    ];
    if f.area().width >= 110 {
        spans.push(Span::raw(format!("{} ", tz.name())));
        spans.push(Span::styled(
            format!(
                "· {} · {} ",
                slawatch_core::text::inert(&app.user, 20),
                slawatch_core::text::inert(&app.store_label, 40)
            ),
            dim(app),
        ));
    }
    spans.extend([
        Span::raw(format!("│ {open} open ")),
        Span::styled(
            format!("✖ {breached} breached "),
            urgency_style(app, Urgency::Breached),
        ),
        Span::styled(
            format!("▲ {risk} at risk "),
            urgency_style(app, Urgency::Critical),
        ),
        Span::styled(format!("⏸ {paused} paused "), urgency_style(app, Urgency::Paused)),
    ]);
    if unacked > 0 {
        spans.push(Span::styled(
            format!("⚑ {unacked} unacknowledged"),
            urgency_style(app, Urgency::Breached),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), a.header);
}

fn tabs(app: &App, f: &mut Frame, a: &Areas) {
    let mut spans = Vec::new();
    for (i, t) in Tab::ALL.iter().enumerate() {
        let style = if *t == app.tab {
            accent(app).add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
        };
        spans.push(Span::styled(tab_label(*t, i), style));
        spans.push(Span::raw("│"));
    }
    if app.editing_filter || !app.filter.is_empty() {
        let cursor = if app.editing_filter { "▏" } else { "" };
        spans.push(Span::styled(
            format!(" /{}{cursor}", slawatch_core::text::inert(&app.filter, 40)),
            accent(app),
        ));
    }
    if let Some(q) = app.quick {
        spans.push(Span::styled(format!(" [{}]", q.label()), accent(app)));
    }
    spans.push(Span::styled(format!("  {} shown", app.rows.len()), dim(app)));
    f.render_widget(Paragraph::new(Line::from(spans)), a.tabs);
}

fn status(app: &App, f: &mut Frame, a: &Areas) {
    let line = if let Some(err) = &app.policy_error {
        let first = slawatch_core::text::inert(err.lines().next().unwrap_or(""), 300);
        Line::from(Span::styled(
            format!(" ⚠ policy edit not applied (old policy kept): {first}"),
            urgency_style(app, Urgency::Breached),
        ))
    } else {
        match &app.status {
            Some((Level::Error, m)) => Line::from(Span::styled(
                format!(" ✖ {}", slawatch_core::text::inert(m, 300)),
                urgency_style(app, Urgency::Breached),
            )),
            Some((Level::Info, m)) => Line::from(Span::styled(
                format!(" ✔ {}", slawatch_core::text::inert(m, 300)),
                accent(app),
            )),
            None => Line::from(Span::styled(" ready", dim(app))),
        }
    };
    // The latest alert keeps the right half, so it never hides an action's answer.
    let mut left = a.status;
    if let Some((critical, text)) = &app.last_alert {
        let text = format!(
            "{} {} ",
            if *critical { "✖" } else { "▲" },
            slawatch_core::text::inert(text, 200)
        );
        let w = (text.chars().count() as u16).min(a.status.width / 2);
        let right = Rect::new(a.status.x + a.status.width - w, a.status.y, w, 1);
        left.width -= w;
        let style = if *critical {
            urgency_style(app, Urgency::Breached)
        } else {
            urgency_style(app, Urgency::Critical)
        };
        f.render_widget(Paragraph::new(Line::from(Span::styled(text, style))), right);
    }
    f.render_widget(Paragraph::new(line), left);
}

fn keybar(app: &App, f: &mut Frame, a: &Areas) {
    let mut spans = Vec::new();
    for b in keys::bar(app.tab) {
        let keys = b.keys();
        let key = keys.split(' ').next().unwrap_or_default();
        spans.push(Span::styled(
            format!(" {key}"),
            accent(app).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {}", b.label)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), a.keybar);
}
