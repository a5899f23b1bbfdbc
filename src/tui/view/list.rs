//! The job list of the queue, escalations and technicians views. Columns give way by
//! priority when the terminal is narrow; the summary takes what is left.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{dim, urgency_style};
use crate::tui::app::{App, Tab};
use crate::tui::sort::QueueColumn;
use slawatch_core::board::{Entry, closed_at};
use slawatch_core::job::JobStatus;
use slawatch_core::sla::ClockState;
use slawatch_core::sla::Urgency;
use slawatch_core::text::inert;
use slawatch_core::time::shown::when;
use slawatch_core::time::{age, countdown};

/// A column: title, width, and how early it goes when space is short (higher stays).
struct Col {
    title: &'static str,
    width: usize,
    keep: u8,
    right: bool,
}

const fn col(title: &'static str, width: usize, keep: u8, right: bool) -> Col {
    Col {
        title,
        width,
        keep,
        right,
    }
}

fn columns(app: &App) -> Vec<Col> {
    match app.tab {
        Tab::Escalations => vec![
            col("", 2, 9, false),
            col("LEVEL", 18, 9, false),
            col("WAITING", 9, 9, true),
            col("ESCALATED BY", 12, 5, false),
            col("ACKNOWLEDGED", 18, 6, false),
            col("JOB", 6, 8, true),
            col("CUSTOMER", 16, 7, false),
            col("DUE", 10, 6, true),
            col("TECH", 10, 3, false),
        ],
        // Drawn by `view::mail`: no job columns.
        Tab::Mail => Vec::new(),
        Tab::Closed => vec![
            col("", 2, 9, false),
            col("CLOSED", 10, 8, false),
            col("JOB", 6, 9, true),
            col("CUSTOMER", 16, 7, false),
            col("OUTCOME", 24, 8, false),
            col("PRI", 4, 4, false),
            col("TECH", 10, 3, false),
        ],
        // The queue's columns in the user's order (config.toml `[view] columns`). The
        // status names the forecast's clock (`≈resolve +2h30m`) and needs room for it
        // when there is one.
        Tab::Queue | Tab::Reports | Tab::Technicians => app
            .prefs
            .columns
            .iter()
            .map(|c| match c {
                QueueColumn::Status if !app.forecast.is_empty() => col("STATUS", 15, 3, false),
                c => queue_col(*c),
            })
            .collect(),
    }
}

fn queue_col(c: QueueColumn) -> Col {
    match c {
        QueueColumn::State => col("", 2, 9, false),
        QueueColumn::Due => col("DUE", 10, 9, true),
        QueueColumn::Clock => col("CLOCK", 8, 6, false),
        QueueColumn::Job => col("JOB", 6, 8, true),
        QueueColumn::Customer => col("CUSTOMER", 16, 7, false),
        QueueColumn::Priority => col("PRI", 4, 5, false),
        QueueColumn::Tier => col("TIER", 9, 1, false),
        QueueColumn::Tech => col("TECH", 10, 4, false),
        QueueColumn::Status => col("STATUS", 9, 3, false),
        QueueColumn::Age => col("AGE", 5, 2, true),
    }
}

/// The title of `c` with the sort's arrow when the queue is sorted by it.
fn title(app: &App, c: &Col) -> String {
    match app.prefs.sort {
        Some(s) if matches!(app.tab, Tab::Queue) && queue_col(s.column).title == c.title => {
            format!("{}{}", c.title, s.arrow())
        }
        _ => c.title.to_owned(),
    }
}

fn fit(s: &str, width: usize, right: bool) -> String {
    let t = inert(s, width);
    if right {
        format!("{t:>width$}")
    } else {
        format!("{t:<width$}")
    }
}

/// The row's symbol: the urgency, or why the clock is not counting (paused, or
/// outside business hours) unless it is already breached.
fn symbol(app: &App, e: &Entry) -> &'static str {
    let u = e.urgency();
    let theme = &app.prefs.theme;
    match e.urgent_clock() {
        _ if u == Urgency::Breached => theme.symbol(u),
        Some(c) if c.state == ClockState::Paused => theme.symbol(Urgency::Paused),
        Some(c) if c.state == ClockState::Running && !c.open_now => theme.off_hours(),
        _ => theme.symbol(u),
    }
}

/// The status word: paused (and why), outside business hours, the forecast's worst
/// expected overrun with its clock (`≈resolve +1h20m`, as `list --at-risk` writes it),
/// or the job status.
fn status_word(app: &App, e: &Entry) -> String {
    match e.urgent_clock() {
        Some(c) if c.state == ClockState::Paused => "paused".to_owned(),
        Some(c) if c.state == ClockState::Running && !c.open_now => "off-hours".to_owned(),
        _ => match app.forecast.get(&e.row.id) {
            Some(f) => format!("≈{} {}", f.clock.name(), slawatch_core::time::late_by(f.overrun)),
            None => e.row.status.name().to_owned(),
        },
    }
}

/// When a job closed, in ten columns: `Mon 19:34` within six days, else its date.
fn closed_when(t: i64, now: i64, tz: &chrono_tz::Tz) -> String {
    if (now - t).abs() <= 6 * 86_400 {
        when(t, now, tz)
    } else {
        let day = slawatch_core::time::instant::rfc3339(t, tz);
        day.get(..10).unwrap_or(&day).to_owned()
    }
}

/// How a closed job ended: cancelled, or resolved with every clock met, or the clocks
/// that ran late (from their stopping events, as the detail pane shows them).
fn closed_outcome(e: &Entry) -> (&'static str, String) {
    if e.row.status == JobStatus::Cancelled {
        return ("✗", "cancelled".to_owned());
    }
    let late: Vec<&str> = e
        .clocks
        .iter()
        .filter(|c| matches!(c.state, ClockState::MetLate | ClockState::Breached))
        .map(|c| c.kind.name())
        .collect();
    if late.is_empty() {
        ("✔", "resolved, all met".to_owned())
    } else {
        ("✖", format!("late: {}", late.join(" ")))
    }
}

/// An empty view says what was searched: which jobs, the text, the quick filter.
fn nothing_matches(app: &App) -> String {
    let what = match app.tab {
        Tab::Escalations => "escalated",
        Tab::Closed => "closed",
        _ => "open",
    };
    let mut by = Vec::new();
    if !app.filter.trim().is_empty() {
        by.push(format!("the filter `{}`", inert(app.filter.trim(), 40)));
    }
    if let Some(q) = app.quick.filter(|_| app.tab != Tab::Closed) {
        by.push(format!("the quick filter {}", q.label()));
    }
    if app.tab == Tab::Escalations && app.unacked_only {
        by.push("unacknowledged".to_owned());
    }
    if by.is_empty() {
        return format!("  No {what} job.");
    }
    format!(
        "  No {what} job matches {}. Esc clears it; / and a job number finds any job.",
        by.join(" and ")
    )
}

fn cells(app: &App, e: &Entry, tab: Tab) -> Vec<String> {
    let c = e.urgent_clock();
    let due = match (&e.error, c) {
        (Some(_), _) => "no tier".to_owned(),
        (None, None) => "—".to_owned(),
        (None, Some(c)) => countdown(c.remaining),
    };
    let r = &e.row;
    match tab {
        Tab::Escalations => vec![
            if e.unacked() {
                "⚑".to_owned()
            } else {
                "✔".to_owned()
            },
            // The level with its name: "2 On-call manager".
            app.policy.chain_level(r.escalation_level).map_or_else(
                || format!("{} (beyond the chain)", r.escalation_level),
                |l| format!("{} {}", l.level, inert(&l.name, 30)),
            ),
            // How long it has waited for someone; nothing once acknowledged.
            if e.unacked() {
                countdown(app.now - r.escalated_at.unwrap_or(app.now))
            } else {
                String::new()
            },
            r.escalated_by
                .as_deref()
                .map(|b| inert(b, 20))
                .unwrap_or_default(),
            match (&r.acked_by, r.acked_at) {
                (Some(by), Some(at)) if !e.unacked() => {
                    format!("{} {}", inert(by, 12), when(at, app.now, &app.policy.display_tz))
                }
                _ => "— not yet".to_owned(),
            },
            r.id.to_string(),
            r.customer.clone(),
            due,
            r.technician.clone().unwrap_or_else(|| "—".to_owned()),
        ],
        Tab::Mail => Vec::new(),
        Tab::Closed => {
            let (sym, mut outcome) = closed_outcome(e);
            // The customer wrote after it was closed: a dispatcher decides.
            if app.replied.contains(&r.id) {
                outcome = format!("✉ replied after close · {outcome}");
            }
            vec![
                sym.to_owned(),
                closed_when(closed_at(r), app.now, &app.policy.display_tz),
                r.id.to_string(),
                r.customer.clone(),
                outcome,
                r.priority.clone(),
                r.technician.clone().unwrap_or_else(|| "—".to_owned()),
            ]
        }
        Tab::Queue | Tab::Reports | Tab::Technicians => {
            let all = [
                symbol(app, e).to_owned(),
                due,
                c.map_or("", |c| c.kind.name()).to_owned(),
                r.id.to_string(),
                r.customer.clone(),
                r.priority.clone(),
                e.tier().to_owned(),
                r.technician.clone().unwrap_or_else(|| "—".to_owned()),
                status_word(app, e),
                age(app.now - r.created_at),
            ];
            app.prefs.columns.iter().map(|c| all[c.index()].clone()).collect()
        }
    }
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let mut cols = columns(app);
    // Drop the least important columns until the summary has room.
    let min_summary = 12;
    while cols.iter().map(|c| c.width + 1).sum::<usize>() + min_summary > width && cols.len() > 2 {
        let (i, _) = cols
            .iter()
            .enumerate()
            .min_by_key(|(_, c)| c.keep)
            .unwrap_or((0, &cols[0]));
        cols.remove(i);
    }
    let used: usize = cols.iter().map(|c| c.width + 1).sum();
    let summary_w = width.saturating_sub(used);
    let all = columns(app);
    let keep: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, c)| cols.iter().any(|k| k.title == c.title && k.width == c.width))
        .map(|(i, _)| i)
        .collect();

    let mut lines = Vec::with_capacity(usize::from(area.height));
    let mut head = String::new();
    for c in &cols {
        head.push_str(&fit(&title(app, c), c.width, c.right));
        head.push(' ');
    }
    head.push_str(&fit("SUMMARY", summary_w, false));
    lines.push(Line::from(Span::styled(
        head,
        dim(app).add_modifier(Modifier::BOLD),
    )));
    if app.rows.is_empty() {
        let msg = if app.tab == Tab::Closed && app.board.closed.jobs.is_empty() {
            "  No job resolved or cancelled yet. / and a job number finds any job.".to_owned()
        } else if app.tab != Tab::Closed && app.board.jobs.is_empty() {
            "  No open jobs. Press n to log one.".to_owned()
        } else {
            nothing_matches(app)
        };
        lines.push(Line::from(Span::styled(msg, dim(app))));
    }
    let end = (app.offset + app.page.max(1)).min(app.rows.len());
    for i in app.offset..end {
        let id = &app.rows[i];
        let Some(e) = app.entry(*id) else { continue };
        let values = cells(app, e, app.tab);
        let u = e.urgency();
        let mut spans = Vec::new();
        for (k, ci) in keep.iter().enumerate() {
            let c = &cols[k];
            let style = if c.title.is_empty() || c.title == "DUE" {
                urgency_style(app, u)
            } else {
                Style::new()
            };
            spans.push(Span::styled(fit(&values[*ci], c.width, c.right), style));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::raw(fit(&e.row.summary, summary_w, false)));
        let mut line = Line::from(spans);
        let flashing = app.flashing(*id);
        if Some(*id) == app.selected {
            line = line.style(Style::new().add_modifier(Modifier::REVERSED));
        } else if flashing {
            // A fresh alert: the row lights up for a few seconds (bold and underlined
            // without colour, so it still shows under NO_COLOR).
            let s = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
            line = line.style(if app.plain {
                s
            } else {
                s.bg(Color::Yellow).fg(Color::Black)
            });
        } else if u == Urgency::Done {
            line = line.style(dim(app));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}
