//! Where each region of the screen goes, as a pure function of the terminal size, so
//! `view` draws and `update` maps mouse clicks from the same numbers.
//!
//! ```text
//! ┌──────────────────────────────────────────────────────────────────────┐
//! │ header: clock, user, store, totals                                   │ 1 row
//! │ tabs and active filters                                              │ 1 row
//! ├─────────────────────────────────────────┬────────────────────────────┤
//! │ list (queue, escalations, technicians)  │ detail of the selected job │ ≥140 wide: side by side
//! │                                         │ clocks, gauges, timeline   │ ≥30 high: detail below
//! ├─────────────────────────────────────────┴────────────────────────────┤ 80x24: list only
//! │ status line                                                          │ 1 row
//! │ key bar                                                              │ 1 row
//! └──────────────────────────────────────────────────────────────────────┘
//! ```

use ratatui::layout::Rect;

use super::app::Tab;

/// The screen's regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub list: Rect,
    pub detail: Option<Rect>,
    pub status: Rect,
    pub keybar: Rect,
}

/// Each tab label in the tab row; `short` names fit 80 columns with the count beside them.
pub fn tab_label(tab: Tab, index: usize, short: bool) -> String {
    let title = if short { tab.short_title() } else { tab.title() };
    format!(" {} {title} ", index + 1)
}

/// The full tab labels (74 columns for six) and a five-digit count need this width.
const FULL_TABS_WIDTH: u16 = 88;

impl Areas {
    #[must_use]
    pub fn new((w, h): (u16, u16)) -> Self {
        let h = h.max(6);
        let body = Rect::new(0, 2, w, h - 4);
        // The list comes first: the detail goes beside it only when the list keeps
        // its main columns, else below it, else (80x24) away.
        let (list, detail) = if w >= 140 {
            let dw = (w * 2 / 5).max(50);
            (
                Rect::new(0, body.y, w - dw, body.height),
                Some(Rect::new(w - dw, body.y, dw, body.height)),
            )
        } else if h >= 30 {
            let dh = body.height * 2 / 5;
            (
                Rect::new(0, body.y, w, body.height - dh),
                Some(Rect::new(0, body.y + body.height - dh, w, dh)),
            )
        } else {
            (body, None)
        };
        Self {
            header: Rect::new(0, 0, w, 1),
            tabs: Rect::new(0, 1, w, 1),
            list,
            detail,
            status: Rect::new(0, h - 2, w, 1),
            keybar: Rect::new(0, h - 1, w, 1),
        }
    }

    /// Whether the tab row uses the short names, so that the count beside them is never cut.
    #[must_use]
    pub fn short_tabs(&self) -> bool {
        self.tabs.width < FULL_TABS_WIDTH
    }

    /// Rows of jobs that fit the list (below its header row).
    #[must_use]
    pub fn list_rows(&self) -> usize {
        usize::from(self.list.height.saturating_sub(1))
    }

    /// The list row (0-based, from the first shown) under a mouse click.
    #[must_use]
    pub fn row_at(&self, x: u16, y: u16) -> Option<usize> {
        let l = self.list;
        (x >= l.x && x < l.x + l.width && y > l.y && y < l.y + l.height).then(|| usize::from(y - l.y - 1))
    }

    /// The tab under a mouse click in the tab row.
    #[must_use]
    pub fn tab_at(&self, x: u16, y: u16) -> Option<Tab> {
        if y != self.tabs.y {
            return None;
        }
        let mut start = 0u16;
        for (i, t) in Tab::ALL.iter().enumerate() {
            let w = tab_label(*t, i, self.short_tabs()).chars().count() as u16;
            if x >= start && x < start + w {
                return Some(*t);
            }
            start += w + 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A click lands on the tab drawn under it, with the long names and with the short.
    #[test]
    fn a_click_finds_the_tab_drawn_there_at_either_width() {
        for w in [80u16, 120] {
            let a = Areas::new((w, 24));
            let mut x = 0u16;
            for (i, t) in Tab::ALL.iter().enumerate() {
                let label = tab_label(*t, i, a.short_tabs());
                let title = if a.short_tabs() {
                    t.short_title()
                } else {
                    t.title()
                };
                assert!(label.contains(title), "{label}");
                assert_eq!(a.tab_at(x + 1, a.tabs.y), Some(*t), "width {w}, {label}");
                x += label.chars().count() as u16 + 1;
            }
            assert!(a.short_tabs() == (w < 88));
        }
        // Every short label fits 80 columns with a five-digit count of jobs or 999 technicians.
        let short: usize = Tab::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| tab_label(*t, i, true).chars().count() + 1)
            .sum();
        assert!(short + "  99999 shown".len() <= 80, "{short}");
        assert!(short + "  999 technicians".len() <= 80, "{short}");
    }
}
