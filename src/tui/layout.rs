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

/// Width of each tab label in the tab row, with its separator.
pub fn tab_label(tab: Tab, index: usize) -> String {
    format!(" {} {} ", index + 1, tab.title())
}

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
            let w = tab_label(*t, i).chars().count() as u16;
            if x >= start && x < start + w {
                return Some(*t);
            }
            start += w + 1;
        }
        None
    }
}
