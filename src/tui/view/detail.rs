//! The selected job: its clocks with a gauge each, and its timeline.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{accent, clock_text, dim, urgency_style};
use crate::tui::app::App;
use slawatch_core::board::ClockLine;
use slawatch_core::job::{EventKind, EventRow};
use slawatch_core::sla::ClockState;
use slawatch_core::text::inert;
use slawatch_core::time::countdown;
use slawatch_core::time::duration::format_secs;

/// `████░░░░░░` for a fraction, `width` cells.
fn gauge(fraction: f64, width: usize) -> String {
    let full = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}

fn clock_line(app: &App, c: &ClockLine) -> Line<'static> {
    let style = urgency_style(app, c.urgency);
    let what = match c.state {
        ClockState::Met => "met".to_owned(),
        ClockState::MetLate => format!("late by {}", format_secs(-c.remaining)),
        ClockState::Breached => format!("{} over", countdown(-c.remaining)),
        ClockState::Paused => format!(
            "{} left · paused: {}",
            countdown(c.remaining),
            c.paused_for.as_deref().unwrap_or("")
        ),
        ClockState::Running if !c.open_now => format!("{} left · closed now", countdown(c.remaining)),
        ClockState::Running => format!("{} left", countdown(c.remaining)),
    };
    let due = c.deadline.map_or_else(|| "—".to_owned(), |d| clock_text(app, d));
    Line::from(vec![
        Span::styled(format!("{} {:<8}", c.urgency.symbol(), c.kind.name()), style),
        Span::styled(gauge(c.fraction, 10), style),
        Span::raw(format!(
            " {:>4} ",
            format!("{:.0}%", (c.fraction * 100.0).min(999.0))
        )),
        Span::styled(format!("{what} "), style),
        Span::styled(format!("· {} · due {due}", c.window), dim(app)),
    ])
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let block = Block::new()
        .borders(Borders::LEFT | Borders::TOP)
        .border_style(dim(app));
    let Some(e) = app.selected_entry() else {
        f.render_widget(
            Paragraph::new("  Select a job to see its clocks and timeline.").block(block),
            area,
        );
        return;
    };
    let r = &e.row;
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "#{} {} · {} · {} · {}",
                r.id,
                inert(&r.customer, 40),
                r.priority,
                e.tier(),
                r.status
            ),
            accent(app).add_modifier(Modifier::BOLD),
        )),
        Line::from(inert(&r.summary, 200)),
    ];
    let mut facts = Vec::new();
    if let Some(t) = &r.technician {
        facts.push(format!("tech {}", inert(t, 30)));
    }
    if let Some(c) = &r.contract {
        facts.push(format!("contract {}", inert(c, 30)));
    }
    if let Some(a) = &r.asset {
        facts.push(format!("asset {}", inert(a, 30)));
    }
    if let Some(s) = &r.site {
        facts.push(format!("site {}", inert(s, 30)));
    }
    if r.escalation_level > 0 {
        let ack = if e.unacked() {
            "NOT acknowledged"
        } else {
            "acknowledged"
        };
        facts.push(format!("escalated L{} ({ack})", r.escalation_level));
    }
    lines.push(Line::from(Span::styled(facts.join(" · "), dim(app))));
    if let Some(err) = &e.error {
        lines.push(Line::from(Span::styled(
            format!("cannot judge: {err}"),
            urgency_style(app, slawatch_core::sla::Urgency::Breached),
        )));
    }
    for c in &e.clocks {
        lines.push(clock_line(app, c));
    }
    if let Some(f) = app.forecast.get(&r.id) {
        let when = f
            .expected
            .map_or_else(|| "beyond the calendar".to_owned(), |t| clock_text(app, t));
        lines.push(Line::from(Span::styled(
            format!(
                "≈ forecast: {} done about {when}, {} past its deadline (median of {} {} jobs{})",
                f.clock.name(),
                slawatch_core::report::render::dur(f.overrun),
                f.estimate.samples,
                f.estimate.basis.name(),
                if f.queue > 0 {
                    format!(
                        ", {} queued ahead for the technician",
                        slawatch_core::report::render::dur(f.queue)
                    )
                } else {
                    String::new()
                }
            ),
            urgency_style(app, slawatch_core::sla::Urgency::Critical),
        )));
    }
    lines.push(Line::from(Span::styled(
        "── timeline ── (i: why these deadlines)",
        dim(app),
    )));
    match &app.timeline {
        Some((job, events)) if *job == r.id => {
            let revoked = slawatch_core::job::revoke::revoked_ids(events);
            // In time order, newest first: the log's order is not time's (the alert
            // engine records a crossing at the instant it happened, after later events).
            let mut in_time: Vec<&EventRow> = events.iter().collect();
            in_time.sort_by_key(|e| (e.at, e.id));
            for ev in in_time.into_iter().rev() {
                let data: serde_json::Value = serde_json::from_str(&ev.data).unwrap_or_default();
                let field = |k: &str| data.get(k).and_then(|v| v.as_str()).map(|s| inert(s, 80));
                let note = field("note").map(|n| format!(" — {n}")).unwrap_or_default();
                let extra = ["note", "reason", "to", "text"]
                    .iter()
                    .find_map(|k| field(k))
                    .map(|s| format!(" — {s}"))
                    .unwrap_or_default();
                // A pause names its reason; a resume only its own note (its data also
                // holds the reason of the pause it ended, which belongs on that line).
                let extra = if ev.event_kind() == Some(EventKind::Paused) {
                    format!(": {}{note}", field("reason").unwrap_or_default())
                } else if ev.event_kind() == Some(EventKind::Resumed) {
                    note
                } else if matches!(
                    ev.event_kind(),
                    Some(EventKind::Escalated | EventKind::Acknowledged)
                ) {
                    format!(" L{}{extra}", data["level"])
                } else if ev.event_kind() == Some(EventKind::Alert) {
                    format!(": {}", slawatch_core::alerts::alert_text(&data))
                } else if ev.event_kind() == Some(EventKind::Revoked) {
                    format!(
                        " {} of {}{extra}",
                        inert(data["kind"].as_str().unwrap_or("?"), 20),
                        clock_text(app, data["at"].as_i64().unwrap_or(0))
                    )
                } else {
                    extra
                };
                // A revoked event stays in the timeline, struck through (and said in
                // words, for terminals without the attribute).
                let (what, style) = if revoked.contains(&ev.id) {
                    (
                        format!("{}{extra} (revoked)", ev.kind),
                        dim(app).add_modifier(Modifier::CROSSED_OUT),
                    )
                } else {
                    (format!("{}{extra}", ev.kind), ratatui::style::Style::default())
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{} ", clock_text(app, ev.at)), dim(app)),
                    Span::raw(format!("{:<9} ", inert(&ev.actor, 9))),
                    Span::styled(what, style),
                ]));
            }
        }
        _ => lines.push(Line::from(Span::styled("loading…", dim(app)))),
    }
    f.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: false }),
        area,
    );
}
