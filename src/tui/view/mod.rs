//! `view(app, frame)`: draws the dashboard from the state, nothing else. One file per
//! screen region; the layout is in `super::layout`.

mod adherence;
mod detail;
mod list;
mod mail;
mod overlays;
mod reports;
mod techs;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Level, Tab};
use super::layout::{Areas, tab_label};
use super::overlay::Overlay;
use slawatch_core::board::Totals;
use slawatch_core::sla::Urgency;
use slawatch_core::time::shown::{clock, when};

/// Colours of the dashboard; every one is paired with a symbol, so `NO_COLOR` loses nothing.
pub(crate) fn urgency_style(app: &App, u: Urgency) -> Style {
    if app.plain {
        return match u {
            Urgency::Breached => Style::new().add_modifier(Modifier::BOLD),
            _ => Style::new(),
        };
    }
    // The colours are the theme's (config.toml `[theme]`).
    let style = Style::new().fg(app.prefs.theme.urgency(u));
    if u == Urgency::Breached {
        style.add_modifier(Modifier::BOLD)
    } else {
        style
    }
}

pub(crate) fn accent(app: &App) -> Style {
    if app.plain {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(app.prefs.theme.accent)
    }
}

pub(crate) fn dim(app: &App) -> Style {
    if app.plain {
        Style::new()
    } else {
        Style::new().fg(app.prefs.theme.dim)
    }
}

/// `Tue 13:19`, or `Mon 2026-12-21 13:19` beyond six days of `now`, in the display zone.
pub(crate) fn clock_text(app: &App, t: i64) -> String {
    when(t, app.now, &app.policy.display_tz)
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
    } else if app.tab == Tab::Mail {
        // Held mail, not jobs: its list, or one mail whole after Enter.
        if app.overlay == Overlay::MailDetail {
            mail::render_detail(app, f, body);
        } else {
            mail::render(app, f, body);
        }
    } else if app.overlay == Overlay::Detail {
        // Enter: the detail over the list and its pane, whatever the terminal's size.
        detail::render(app, f, body);
    } else {
        if app.tab == Tab::Technicians {
            techs::render(app, f, a.list);
        } else {
            list::render(app, f, a.list);
        }
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
        Span::raw(format!("{} ", clock(app.now, &app.policy.display_tz))),
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
    // The counts are never cut: on a narrow terminal their labels go, shortest first
    // ("⚑ 5 unacknowledged", "⚑ 5 unacked", "⚑ 5"), never a number.
    let room = usize::from(f.area().width).saturating_sub(Line::from(spans.clone()).width());
    let counts = |labels: &[&str; 5]| {
        let [o, b, r, p, u] = labels.map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        });
        // The theme's symbols (`[theme] symbols`), the same as the list's.
        let sym = |u| app.prefs.theme.symbol(u);
        let mut c = vec![
            Span::raw(format!("│ {open}{o} ")),
            Span::styled(
                format!("{} {breached}{b} ", sym(Urgency::Breached)),
                urgency_style(app, Urgency::Breached),
            ),
            Span::styled(
                format!("{} {risk}{r} ", sym(Urgency::Critical)),
                urgency_style(app, Urgency::Critical),
            ),
            Span::styled(
                format!("{} {paused}{p} ", sym(Urgency::Paused)),
                urgency_style(app, Urgency::Paused),
            ),
        ];
        if unacked > 0 {
            c.push(Span::styled(
                format!("⚑ {unacked}{u}"),
                urgency_style(app, Urgency::Breached),
            ));
        }
        // Mail waiting for a dispatcher (the Mail view, 6).
        if app.held_total > 0 {
            let gap = if unacked > 0 { " " } else { "" };
            c.push(Span::styled(
                format!("{gap}✉ {} held", app.held_total),
                accent(app),
            ));
        }
        c
    };
    // The widest labels that fit, built one set at a time (this runs on every frame).
    let mut chosen = Vec::new();
    for labels in &LABELS {
        chosen = counts(labels);
        if chosen.iter().map(Span::width).sum::<usize>() <= room {
            break;
        }
    }
    spans.extend(chosen);
    f.render_widget(Paragraph::new(Line::from(spans)), a.header);
}

/// The header's count labels (open, breached, past a warning, paused, unacknowledged), from
/// the widest terminal to the narrowest.
const LABELS: [[&str; 5]; 4] = [
    ["open", "breached", "warning", "paused", "unacknowledged"],
    ["open", "breached", "warning", "paused", "unacked"],
    ["open", "", "", "", ""],
    ["", "", "", "", ""],
];

fn tabs(app: &App, f: &mut Frame, a: &Areas) {
    let mut spans = Vec::new();
    for (i, t) in Tab::ALL.iter().enumerate() {
        let style = if *t == app.tab {
            accent(app).add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
        };
        spans.push(Span::styled(tab_label(*t, i, a.short_tabs()), style));
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
    let shown = if app.tab == Tab::Technicians {
        match app.techs.len() {
            1 => "  1 technician".to_owned(),
            n => format!("  {n} technicians"),
        }
    } else if app.tab == Tab::Mail {
        format!("  {} held", app.held_total)
    } else {
        format!("  {} shown", app.rows.len())
    };
    spans.push(Span::styled(shown, dim(app)));
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
    if let Some(alert) = &app.last_alert {
        let critical = alert.critical;
        let text = format!(
            "{} {} ",
            if critical { "✖" } else { "▲" },
            slawatch_core::text::inert(&alert.text, 200)
        );
        let w = (text.chars().count() as u16).min(a.status.width / 2);
        let right = Rect::new(a.status.x + a.status.width - w, a.status.y, w, 1);
        left.width -= w;
        let style = if critical {
            urgency_style(app, Urgency::Breached)
        } else {
            urgency_style(app, Urgency::Critical)
        };
        f.render_widget(Paragraph::new(Line::from(Span::styled(text, style))), right);
    }
    f.render_widget(Paragraph::new(cut(line, usize::from(left.width))), left);
}

/// `line` within `width` cells with a gap after it: cut with `…` when longer, so the
/// status never runs into the alert beside it.
fn cut(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() < width || width == 0 {
        return line;
    }
    let style = line.spans.first().map(|s| s.style).unwrap_or_default();
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut kept = String::new();
    for ch in text.chars() {
        if Line::from(format!("{kept}{ch}…")).width() >= width {
            break;
        }
        kept.push(ch);
    }
    Line::from(Span::styled(format!("{kept}…"), style))
}

fn keybar(app: &App, f: &mut Frame, a: &Areas) {
    let mut spans = Vec::new();
    for b in app.prefs.keys.bar(app.tab) {
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
