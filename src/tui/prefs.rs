//! What the user chose: config.toml's theme, keys, default view and columns, and this
//! session's sort and last search. Also the keys that act on them: `y` copies, `s`/`S`
//! sort, `;`/`,` search on.

use super::app::{App, Tab};
use super::keymap::Keymap;
use super::keys::KeyAction;
use super::search;
use super::sort::{self, QueueColumn, Sort};
use super::theme::Theme;
use super::update::{Effect, go_tab};

#[derive(Debug, Clone)]
pub struct Prefs {
    pub keys: Keymap,
    pub theme: Theme,
    /// The queue's columns, in order (the summary comes last, always).
    pub columns: Vec<QueueColumn>,
    /// The view the dashboard opens on.
    pub default_tab: Tab,
    /// The queue's order; `None`: business time left.
    pub sort: Option<Sort>,
    /// The last `/` text, for `;` and `,` after the filter is cleared.
    pub last_search: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            keys: Keymap::default(),
            theme: Theme::default(),
            columns: QueueColumn::ALL.to_vec(),
            default_tab: Tab::Queue,
            sort: None,
            last_search: String::new(),
        }
    }
}

/// Takes `prefs` in and opens its default view.
pub fn apply(app: &mut App, prefs: Prefs) -> Vec<Effect> {
    let tab = prefs.default_tab;
    app.prefs = prefs;
    go_tab(app, tab)
}

/// Does `action` if it is one of these keys'; `None` leaves it to the others.
pub fn action(app: &mut App, action: KeyAction) -> Option<Vec<Effect>> {
    match action {
        KeyAction::Copy => {
            let Some(id) = app.selected else {
                app.error("no job selected to copy");
                return Some(Vec::new());
            };
            app.info(format!("copied job {id}"));
            Some(vec![Effect::Clipboard(id.to_string())])
        }
        KeyAction::SortNext | KeyAction::SortReverse => {
            if app.tab != Tab::Queue {
                app.error("only the queue sorts by column (1 for the queue)");
                return Some(Vec::new());
            }
            app.prefs.sort = if action == KeyAction::SortNext {
                sort::next(app.prefs.sort, &app.prefs.columns)
            } else {
                let s = app.prefs.sort.unwrap_or(Sort {
                    column: QueueColumn::Due,
                    reverse: false,
                });
                let flipped = Sort {
                    reverse: !s.reverse,
                    ..s
                };
                (flipped.column != QueueColumn::Due || flipped.reverse).then_some(flipped)
            };
            app.refresh_rows();
            app.info(match app.prefs.sort {
                None => "sorted by business time left (the default)".to_owned(),
                Some(s) => format!(
                    "sorted by {} {} (s: next column, S: reverse)",
                    s.column.name(),
                    s.arrow()
                ),
            });
            Some(Vec::new())
        }
        KeyAction::SearchNext | KeyAction::SearchPrev => {
            search::jump(app, action == KeyAction::SearchNext);
            Some(Vec::new())
        }
        _ => None,
    }
}
