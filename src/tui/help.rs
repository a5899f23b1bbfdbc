//! The help overlay's text, made from the key tables (with the user's keys), and how
//! far it scrolls: to its last line and no further.

use ratatui::text::Span;

use super::app::App;

/// One line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Group(&'static str),
    /// The keys, as the help shows them, and what they do.
    Key(String, &'static str),
    Footer,
}

pub const FOOTER: &str = "j k ↑ ↓ PgUp PgDn Home End scroll · any other key closes this help";

impl HelpLine {
    /// The line as drawn.
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            HelpLine::Group(g) => (*g).to_owned(),
            HelpLine::Key(keys, desc) => format!("  {keys:<14}{desc}"),
            HelpLine::Footer => FOOTER.to_owned(),
        }
    }
}

#[must_use]
pub fn lines(app: &App) -> Vec<HelpLine> {
    let mut out = Vec::new();
    for (group, bindings) in app.prefs.keys.groups(app.tab) {
        out.push(HelpLine::Group(group));
        for b in bindings {
            out.push(HelpLine::Key(b.keys(), b.desc));
        }
    }
    out.push(HelpLine::Footer);
    out
}

/// The help box's width on a terminal `cols` wide.
#[must_use]
pub fn width(cols: u16) -> u16 {
    cols.saturating_sub(4).min(76).min(cols)
}

/// Rows `text` takes wrapped at word boundaries into `inner` columns.
#[must_use]
pub fn wrapped_rows(text: &str, inner: usize) -> usize {
    let inner = inner.max(1);
    let mut rows = 1;
    let mut used = 0;
    let mut gap = 0;
    for word in text.split(' ') {
        if word.is_empty() {
            gap += 1;
            continue;
        }
        let w = Span::raw(word).width();
        if used > 0 && used + gap + 1 + w > inner {
            rows += 1;
            used = 0;
        } else if used > 0 {
            used += gap + 1;
        } else {
            used += gap;
        }
        gap = 0;
        // A word longer than a row is cut where the row ends.
        used += w;
        while used > inner {
            rows += 1;
            used -= inner;
        }
    }
    rows
}

/// The rows of the help at the current terminal size.
#[must_use]
pub fn rows(app: &App) -> usize {
    let inner = usize::from(width(app.size.0).saturating_sub(2));
    lines(app).iter().map(|l| wrapped_rows(&l.text(), inner)).sum()
}

/// The furthest the help scrolls: its last line at the bottom of the box.
#[must_use]
pub fn max_scroll(app: &App) -> u16 {
    let shown = usize::from(app.size.1.saturating_sub(2));
    u16::try_from(rows(app).saturating_sub(shown)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::wrapped_rows;

    #[test]
    fn words_wrap_whole() {
        assert_eq!(wrapped_rows("", 10), 1);
        assert_eq!(wrapped_rows("abc def", 7), 1);
        assert_eq!(wrapped_rows("abc defg", 7), 2);
        assert_eq!(wrapped_rows("  abcdefghij", 5), 3);
    }
}
