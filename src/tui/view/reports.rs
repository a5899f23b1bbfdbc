//! The Reports view: range and grouping, the summary table, a bar chart of weekly
//! adherence per clock (`adherence`), a sparkline of breaches per day, and the credits.
//!
//! ```text
//! ‹ last 30 days › 2026-10-25 – 2026-11-23 · by customer · 2,000 jobs    (← → b x r)
//! CUSTOMER        CLOCK    JOBS  MET LATE BREACHED OPEN ADHERENCE MEDIAN  P90
//! Acme Corp       respond   465  424   36        0    5    92.2 %     0m 1h10m
//! …
//! ── adherence per week ──────────────────── ── breaches per day ─────────────
//! ▇▇▆ ▇▇▅ ▇▆▆ …                              ▁▂▁▅▂▁▁▃ …
//! credits: C1 2026-10 250.00 (capped) · …
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};

use super::{accent, dim, urgency_style};
use crate::tui::app::App;
use crate::tui::reports::PRESETS;
use slawatch_core::report::render::{money, opt_dur, pct, range};
use slawatch_core::report::{Group, Report};
use slawatch_core::sla::Urgency;
use slawatch_core::text::inert;

fn cell(s: &str, w: usize, right: bool) -> String {
    let s: String = s.chars().take(w).collect();
    if right {
        format!("{s:>w$}")
    } else {
        format!("{s:<w$}")
    }
}

/// The widths of every column but the group's, and the spaces between them.
const FIGURES_W: u16 = 69;

fn group_lines<'a>(app: &App, g: &Group, key_w: usize, out: &mut Vec<Line<'a>>) {
    for (i, c) in g.clocks.iter().enumerate() {
        let key = if i == 0 {
            inert(&g.key, key_w)
        } else {
            String::new()
        };
        let late = c.met_late + c.breached_open > 0;
        let adherence_style = match c.adherence {
            Some(a) if a < 0.9 => urgency_style(app, Urgency::Breached),
            Some(a) if a < 0.95 => urgency_style(app, Urgency::Critical),
            _ => Style::new(),
        };
        out.push(Line::from(vec![
            Span::raw(format!(
                "{} {} {} {} ",
                cell(&key, key_w, false),
                cell(c.clock.name(), 7, false),
                cell(&c.jobs.to_string(), 6, true),
                cell(&c.met.to_string(), 6, true),
            )),
            Span::styled(
                format!(
                    "{} {} ",
                    cell(&c.met_late.to_string(), 5, true),
                    cell(&c.breached_open.to_string(), 8, true)
                ),
                if late {
                    urgency_style(app, Urgency::Breached)
                } else {
                    Style::new()
                },
            ),
            Span::raw(format!("{} ", cell(&c.open_within.to_string(), 5, true))),
            Span::styled(cell(&pct(c.adherence), 9, true), adherence_style),
            Span::raw(format!(
                " {} {}",
                cell(&opt_dur(c.business.map(|s| s.median)), 7, true),
                cell(&opt_dur(c.business.map(|s| s.p90)), 7, true),
            )),
        ]));
    }
}

/// The range, grouping and count; the keys after them where the width allows (the key
/// bar has them too), never cut.
fn header(app: &App, width: u16) -> Line<'static> {
    let st = &app.report;
    let mut spans = vec![Span::styled(format!(" ‹ {} › ", PRESETS[st.preset]), accent(app))];
    match &st.result {
        Some(Ok(r)) => spans.push(Span::raw(format!(
            "{} · by {} · {} jobs",
            range(r, &app.policy.display_tz),
            r.by,
            r.jobs
        ))),
        Some(Err(_)) | None => spans.push(Span::raw(format!("by {}", st.by.name()))),
    }
    if st.computing {
        spans.push(Span::styled("  computing…", dim(app)));
    }
    let hint = "   ← → range · b group · x export · r again";
    let used: usize = spans.iter().map(Span::width).sum();
    if used + hint.chars().count() <= usize::from(width) {
        spans.push(Span::styled(hint, dim(app)));
    }
    Line::from(spans)
}

fn charts(app: &App, r: &Report, f: &mut Frame, area: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    super::adherence::render(app, r, f, left);
    let data: Vec<u64> = r.daily_breaches.iter().map(|d| d.1 as u64).collect();
    let most = data.iter().max().copied().unwrap_or(0);
    let spark = Sparkline::default()
        .block(
            Block::default()
                .borders(Borders::TOP)
                .title(format!(" breaches per day (most {most}) ")),
        )
        .data(&data[data.len().saturating_sub(usize::from(right.width))..])
        .style(if app.plain {
            Style::new()
        } else {
            Style::new().fg(Color::Red)
        });
    f.render_widget(spark, right);
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let mut lines = vec![header(app, area.width)];
    let result = app.report.result.as_ref();
    let Some(Ok(r)) = result else {
        let text = match result {
            Some(Err(e)) => format!(" The report failed: {}", inert(e, 300)),
            _ => " Computing the report…".to_owned(),
        };
        lines.push(Line::from(Span::styled(text, dim(app))));
        f.render_widget(Paragraph::new(lines), area);
        return;
    };
    let chart_h = if area.height >= 22 { 9 } else { 0 };
    // The group's name gives way on a narrow terminal so that every figure fits.
    let key_w = usize::from(area.width.saturating_sub(FIGURES_W).clamp(10, 22));
    let credit_h = u16::from(!r.credits.is_empty() && area.height >= 12);
    let [table, charts_area, credits] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(chart_h),
        Constraint::Length(credit_h),
    ])
    .areas(area);
    lines.push(Line::from(Span::styled(
        format!(
            "{} {} {} {} {} {} {} {} {} {}",
            cell(&r.by.to_uppercase(), key_w, false),
            cell("CLOCK", 7, false),
            cell("JOBS", 6, true),
            cell("MET", 6, true),
            cell("LATE", 5, true),
            cell("BREACHED", 8, true),
            cell("OPEN", 5, true),
            cell("ADHERENCE", 9, true),
            cell("MEDIAN", 7, true),
            cell("P90", 7, true),
        ),
        dim(app),
    )));
    let mut rows = Vec::new();
    for g in &r.groups {
        group_lines(app, g, key_w, &mut rows);
    }
    let mut total = Vec::new();
    group_lines(app, &r.total, key_w, &mut total);
    // The total stays in view; the groups scroll above it.
    let room = usize::from(table.height).saturating_sub(2 + total.len());
    let scroll = app.report.scroll.min(rows.len().saturating_sub(room));
    lines.extend(rows.into_iter().skip(scroll).take(room));
    lines.extend(total);
    f.render_widget(Paragraph::new(lines), table);
    if chart_h > 0 {
        charts(app, r, f, charts_area);
    }
    if credit_h > 0 {
        let text: Vec<String> = r
            .credits
            .iter()
            .map(|c| {
                format!(
                    "{} {} {}{}",
                    inert(&c.account, 20),
                    c.month,
                    money(c.credit),
                    if c.capped { " (capped)" } else { "" }
                )
            })
            .collect();
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(" credits: ", accent(app)),
                Span::raw(text.join(" · ")),
            ])),
            credits,
        );
    }
}
