//! The Reports view's adherence per week: three bars a week (respond, attend,
//! resolve), each series filled with its own symbol as well as its own colour, so
//! they are told apart under `NO_COLOR` and by eyes that do not see the colours.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::app::App;
use slawatch_core::report::Report;

const NAMES: [&str; 3] = ["respond", "attend", "resolve"];
const COLOURS: [Color; 3] = [Color::Blue, Color::Yellow, Color::Green];
/// Two cells a bar, two between weeks.
const WEEK_WIDTH: usize = 8;

pub fn render(app: &App, r: &Report, f: &mut Frame, area: Rect) {
    let fill = app.prefs.theme.series();
    let legend: Vec<String> = NAMES.iter().zip(fill).map(|(n, c)| format!("{c} {n}")).collect();
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" adherence per week: {} (0–100 %) ", legend.join("  ")));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let height = usize::from(inner.height.saturating_sub(1));
    let weeks: Vec<_> = {
        let fit = (usize::from(inner.width) / WEEK_WIDTH).max(1);
        let skip = r.weekly.len().saturating_sub(fit);
        r.weekly.iter().skip(skip).collect()
    };
    let style = |i: usize| {
        if app.plain {
            Style::new()
        } else {
            Style::new().fg(COLOURS[i])
        }
    };
    let mut lines: Vec<Line<'_>> = Vec::with_capacity(height + 1);
    for row in 0..height {
        // Cells from the bottom that this row is: a bar reaches it at this value.
        let level = (height - row) as f64 / height as f64;
        let mut spans = Vec::new();
        for w in &weeks {
            for (i, a) in w.adherence.iter().enumerate() {
                let filled = a.is_some_and(|a| a > 0.0 && a >= level - 0.5 / height as f64);
                let cell = if filled {
                    fill[i].to_string().repeat(2)
                } else {
                    "  ".to_owned()
                };
                spans.push(Span::styled(cell, style(i)));
            }
            spans.push(Span::raw("  "));
        }
        lines.push(Line::from(spans));
    }
    let labels: String = weeks
        .iter()
        .map(|w| format!("{:<WEEK_WIDTH$}", w.week.get(5..).unwrap_or(&w.week)))
        .collect();
    lines.push(Line::from(labels));
    f.render_widget(Paragraph::new(lines), inner);
}
