//! The planner's technicians view: one row per technician (the unassigned work first),
//! with what they hold, how it stands, their next deadline and the work queued.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{clock_text, dim, urgency_style};
use crate::tui::app::App;
use slawatch_core::board::TechRow;
use slawatch_core::sla::Urgency;
use slawatch_core::text::inert;
use slawatch_core::time::{countdown, dur};

/// Column widths: technician, open, breached, warning, paused, next deadline, queued.
const WIDTHS: [usize; 7] = [16, 4, 3, 3, 3, 20, 7];

fn fit(s: &str, width: usize, right: bool) -> String {
    let t = inert(s, width);
    if right {
        format!("{t:>width$}")
    } else {
        format!("{t:<width$}")
    }
}

/// The row's urgency: breached work first, then work past a warning.
fn urgency(t: &TechRow) -> Urgency {
    if t.breached > 0 {
        Urgency::Breached
    } else if t.warning > 0 {
        Urgency::Warning
    } else if t.open == 0 {
        Urgency::Done
    } else {
        Urgency::Fine
    }
}

fn cells(app: &App, t: &TechRow) -> [String; 8] {
    let name = t.name.clone().unwrap_or_else(|| "(unassigned)".to_owned());
    let count = |n: usize| if n == 0 { "·".to_owned() } else { n.to_string() };
    let next = t
        .next_deadline
        .map_or_else(|| "—".to_owned(), |d| clock_text(app, d));
    // Nobody's queue for the unassigned work; "…" until the forecast has run, "?" for
    // a technician it has no estimate for.
    let queued = match (&t.name, t.queued) {
        (None, _) => "—".to_owned(),
        (Some(_), Some(q)) => dur(q),
        (Some(_), None) if app.queued.is_none() => "…".to_owned(),
        (Some(_), None) => "?".to_owned(),
    };
    let lead = t
        .lead
        .and_then(|id| app.entry(id))
        .map(|e| {
            let due = e
                .urgent_clock()
                .map_or_else(|| "—".to_owned(), |c| countdown(c.remaining));
            format!("#{} {due} {} · {}", e.row.id, e.row.customer, e.row.summary)
        })
        .unwrap_or_else(|| {
            if t.name.is_some() {
                "free".to_owned()
            } else {
                String::new()
            }
        });
    [
        name,
        t.open.to_string(),
        count(t.breached),
        count(t.warning),
        count(t.paused),
        next,
        queued,
        lead,
    ]
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let heads = [
        "TECHNICIAN",
        "OPEN",
        "✖",
        "▲",
        "⏸",
        "NEXT DEADLINE",
        "QUEUED",
        "MOST URGENT",
    ];
    let right = [false, true, true, true, true, false, true, false];
    // Narrow terminals drop the next deadline, then the queued work, never the counts.
    let mut shown: Vec<usize> = (0..7).collect();
    let need = |shown: &[usize]| shown.iter().map(|i| WIDTHS[*i] + 1).sum::<usize>() + 14;
    for drop in [5, 6] {
        if need(&shown) > width {
            shown.retain(|i| *i != drop);
        }
    }
    let used: usize = shown.iter().map(|i| WIDTHS[*i] + 1).sum();
    let last = width.saturating_sub(used);
    let line_of = |values: &[String; 8]| -> Vec<String> {
        let mut out: Vec<String> = shown
            .iter()
            .map(|i| fit(&values[*i], WIDTHS[*i], right[*i]) + " ")
            .collect();
        out.push(fit(&values[7], last, false));
        out
    };
    let mut lines = Vec::with_capacity(usize::from(area.height));
    let head = line_of(&heads.map(str::to_owned)).concat();
    lines.push(Line::from(Span::styled(
        head,
        dim(app).add_modifier(Modifier::BOLD),
    )));
    if app.techs.is_empty() {
        let msg = if app.filter.is_empty() {
            "  No open jobs and no technicians yet. Press n to log a job."
        } else {
            "  No technician matches the filter. Esc clears it."
        };
        lines.push(Line::from(Span::styled(msg, dim(app))));
    }
    let first = app.first_tech_shown();
    for (i, t) in app.techs.iter().enumerate().skip(first).take(app.page.max(1)) {
        let values = cells(app, t);
        let u = urgency(t);
        let mut spans: Vec<Span> = line_of(&values)
            .into_iter()
            .enumerate()
            .map(|(k, text)| {
                // The counts of breached and warning work carry their colour.
                let col = shown.get(k).copied();
                let style = match col {
                    Some(2) if t.breached > 0 => urgency_style(app, Urgency::Breached),
                    Some(3) if t.warning > 0 => urgency_style(app, Urgency::Warning),
                    _ => Style::new(),
                };
                Span::styled(text, style)
            })
            .collect();
        if u == Urgency::Done {
            spans = spans.into_iter().map(|s| s.style(dim(app))).collect();
        }
        let mut line = Line::from(spans);
        if i == app.tech_cursor {
            line = line.style(Style::new().add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}
