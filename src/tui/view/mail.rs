//! The Mail view: the held mail, oldest first, and one held mail whole (Enter). Every
//! text from the mail is shown inert.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{accent, clock_text, dim};
use crate::intake::mail::held::HeldView;
use crate::tui::app::App;
use slawatch_core::text::inert;
use slawatch_core::time::age;

/// How long ago, sender (received is as wide as its longest): then subject and reason
/// share what is left.
const WIDTHS: [usize; 2] = [6, 22];

fn fit(s: &str, width: usize) -> String {
    format!("{:<width$}", inert(s, width))
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    // `Mon 12:10`, or with the date beyond six days.
    let received_w = app
        .held
        .iter()
        .map(|h| clock_text(app, h.mail.receipt).chars().count())
        .max()
        .unwrap_or(0)
        .max("RECEIVED".len());
    let rest = usize::from(area.width).saturating_sub(received_w + WIDTHS.iter().sum::<usize>() + 4);
    let (subject_w, reason_w) = (rest / 2, rest - rest / 2);
    let head = format!(
        "{}{}{}{}{}",
        fit("RECEIVED", received_w + 1),
        fit("AGO", WIDTHS[0] + 1),
        fit("FROM", WIDTHS[1] + 1),
        fit("SUBJECT", subject_w + 1),
        fit("REASON", reason_w)
    );
    let mut lines = vec![Line::from(Span::styled(
        head,
        dim(app).add_modifier(Modifier::BOLD),
    ))];
    if app.held.is_empty() {
        lines.push(Line::from(Span::styled(
            "  No held mail. Mail no contract claims waits here for a dispatcher.",
            dim(app),
        )));
    }
    let more = app.held_total.saturating_sub(app.held.len());
    let page = usize::from(area.height.saturating_sub(if more > 0 { 2 } else { 1 })).max(1);
    let first = app.mail_cursor.saturating_sub(page - 1);
    for (i, h) in app.held.iter().enumerate().skip(first).take(page) {
        let m = &h.mail;
        let text = format!(
            "{} {} {} {} {}",
            fit(&clock_text(app, m.receipt), received_w),
            fit(&age(app.now - m.receipt), WIDTHS[0]),
            fit(m.sender.as_deref().unwrap_or("(no sender)"), WIDTHS[1]),
            fit(m.subject.as_deref().unwrap_or("(no subject)"), subject_w),
            fit(&m.reason, reason_w)
        );
        let mut line = Line::from(text);
        if i == app.mail_cursor {
            line = line.style(Style::new().add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    if more > 0 {
        lines.push(Line::from(Span::styled(
            format!("  … and {more} more held: `slawatch mail held` lists them all"),
            dim(app),
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// The held mail under the cursor, whole: over the body after Enter.
pub fn render_detail(app: &App, f: &mut Frame, area: Rect) {
    let Some(h) = app.held_selected() else {
        f.render_widget(Paragraph::new(Span::styled("  No held mail.", dim(app))), area);
        return;
    };
    f.render_widget(
        Paragraph::new(detail_lines(app, h)).wrap(Wrap { trim: false }),
        area,
    );
}

fn detail_lines<'a>(app: &App, h: &'a HeldView) -> Vec<Line<'a>> {
    let m = &h.mail;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let field = |name: &'static str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name:<10}"), dim(app)),
            Span::raw(value),
        ])
    };
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "Held mail {} · {}",
                m.id,
                inert(m.subject.as_deref().unwrap_or("(no subject)"), 200)
            ),
            accent(app).add_modifier(Modifier::BOLD),
        )),
        field("from", inert(m.sender.as_deref().unwrap_or("(no sender)"), 200)),
        field(
            "received",
            format!(
                "{} ({} ago)",
                clock_text(app, m.receipt),
                age(app.now - m.receipt)
            ),
        ),
        field("held", inert(&m.reason, 500)),
        Line::from(""),
    ];
    if h.description.trim().is_empty() {
        lines.push(Line::from(Span::styled("(no text)", dim(app))));
    }
    lines.extend(h.description.lines().take(40).map(|l| Line::from(inert(l, 500))));
    if !h.attachments.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Attachments (not stored)", bold)));
        lines.extend(
            h.attachments
                .iter()
                .map(|(name, size)| Line::from(format!("  {} · {size} bytes", inert(name, 200)))),
        );
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "a: make its job for a customer — the clock starts at the receipt above. Or add \
         the sender's domain to a contract's `mail` list so the next one is claimed.",
        dim(app),
    )));
    lines.push(Line::from(Span::styled("any key: back", dim(app))));
    lines
}
