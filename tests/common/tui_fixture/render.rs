//! Rendering: an app drawn on a `TestBackend`, as text and with the style of every cell.

use super::*;

pub fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view(app, f)).unwrap();
    terminal
}

/// The screen as text, one line per row, trailing blanks trimmed. Cells hidden by a
/// wide character are left out (ratatui's own `TestBackend` display does the same).
pub fn render(app: &App, w: u16, h: u16) -> String {
    let terminal = draw(app, w, h);
    let shown = terminal.backend().to_string();
    let mut out = String::new();
    for line in shown.lines() {
        let line = line.strip_prefix('"').unwrap_or(line);
        let line = match line.find("\" Hidden by multi-width symbols") {
            Some(i) => &line[..i],
            None => line.strip_suffix('"').unwrap_or(line),
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The buffer of one draw.
pub fn buffer(app: &App, w: u16, h: u16) -> Buffer {
    draw(app, w, h).backend().buffer().clone()
}

/// One character per cell for its style: the foreground colour if it has one, else
/// its modifiers.
pub fn style_mark(fg: Color, modifier: Modifier) -> char {
    match fg {
        Color::Red => 'R',
        Color::LightRed => 'r',
        Color::Yellow => 'Y',
        Color::Green => 'G',
        Color::Blue => 'B',
        Color::Cyan => 'C',
        Color::DarkGray => 'd',
        Color::Reset => {
            let bold = modifier.contains(Modifier::BOLD);
            let reversed = modifier.contains(Modifier::REVERSED);
            match (bold, reversed) {
                (true, true) => '#',
                (true, false) => '*',
                (false, true) => '~',
                (false, false) => '.',
            }
        }
        _ => '?',
    }
}

/// The legend printed above a styled render.
pub const LEGEND: &str = "legend: R red, r light red, Y yellow, G green, B blue, C cyan, d dark grey, \
                          ? other colour; no colour: * bold, ~ reversed, # bold+reversed, . plain";

/// The screen as text, each row numbered, with under it one mark per cell for its
/// style (see [`style_mark`]); no mark line under an unstyled row. Rows that are
/// blank and unstyled are left out.
pub fn render_styled(app: &App, w: u16, h: u16) -> String {
    let buf = buffer(app, w, h);
    let text = render(app, w, h);
    let mut out = format!("{LEGEND}\n");
    for (y, line) in text.lines().enumerate() {
        let y = u16::try_from(y).unwrap();
        let marks: String = (0..w)
            .map(|x| {
                let c = &buf[(x, y)];
                style_mark(c.fg, c.modifier)
            })
            .collect();
        let marks = marks.trim_end_matches('.');
        if line.is_empty() && marks.is_empty() {
            continue;
        }
        out.push_str(format!("{y:>2} {line}").trim_end());
        out.push('\n');
        if !marks.is_empty() {
            out.push_str(&format!("   {marks}\n"));
        }
    }
    out
}
