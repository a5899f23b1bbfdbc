//! Reading the dashboard's own settings, `config.toml` (apart from the shared policy):
//! `[theme]`, `[keys]`, `[view]`. Like the policy, every problem is collected with its
//! line and column, and a file with any problem is refused as a whole: a power user
//! wants to know, not to find half the settings quietly ignored.

use std::ops::Range;

use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use super::app::Tab;
use super::key_names::{self, KEY_FORMS};
use super::keymap::Keymap;
use super::keys::{KeyAction, Press};
use super::prefs::Prefs;
use super::sort::QueueColumn;
use super::theme::{self, Symbols, Theme};
use slawatch_core::policy::{Diags, PolicyErrors, did_you_mean};

type Value<'i> = Spanned<DeValue<'i>>;

const TOP: [&str; 3] = ["theme", "keys", "view"];
const VIEW: [&str; 2] = ["default", "columns"];
const VIEWS: [(&str, Tab); 6] = [
    ("queue", Tab::Queue),
    ("escalations", Tab::Escalations),
    ("technicians", Tab::Technicians),
    ("reports", Tab::Reports),
    ("closed", Tab::Closed),
    ("mail", Tab::Mail),
];

struct Cx<'s> {
    d: Diags<'s>,
}

fn suggest<'a>(word: &str, all: impl IntoIterator<Item = &'a str> + Clone, what: &str) -> String {
    match did_you_mean(word, all.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("{what}: {}", all.into_iter().collect::<Vec<_>>().join(", ")),
    }
}

impl Cx<'_> {
    fn err(&mut self, span: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.d.push(span, message, hint);
    }

    fn keys_in(&mut self, table: &DeTable<'_>, allowed: &[&str], place: &str) {
        for (k, _) in table.iter() {
            let key: &str = k.get_ref();
            if !allowed.contains(&key) {
                let hint = suggest(key, allowed.iter().copied(), "allowed keys here");
                self.err(k.span(), format!("unknown key `{key}` in {place}"), hint);
            }
        }
    }

    fn string<'a>(&mut self, v: &'a Value<'_>, what: &str) -> Option<&'a str> {
        if let DeValue::String(s) = v.get_ref() {
            return Some(s.as_ref());
        }
        self.err(
            v.span(),
            format!("{what} must be a string, found a {}", v.get_ref().type_str()),
            "put the value in double quotes",
        );
        None
    }

    fn table<'a, 'i>(&mut self, v: &'a Value<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        if let DeValue::Table(t) = v.get_ref() {
            return Some(t);
        }
        self.err(
            v.span(),
            format!("{what} must be a table, found a {}", v.get_ref().type_str()),
            format!("write it as a [{what}] section"),
        );
        None
    }

    fn theme(&mut self, t: &DeTable<'_>) -> Theme {
        let mut theme = Theme::default();
        for (k, v) in t.iter() {
            let role: &str = k.get_ref();
            if role == "symbols" {
                if let Some(s) = self.string(v, "symbols") {
                    match Symbols::parse(s) {
                        Some(sym) => theme.symbols = sym,
                        None => self.err(
                            v.span(),
                            format!("unknown symbols `{s}`"),
                            "use `unicode` (✖ ▲ △ ● ⏸ ✔) or `ascii` (X ! ^ o = v)",
                        ),
                    }
                }
                continue;
            }
            if !theme::ROLES.contains(&role) {
                let all = theme::ROLES.iter().copied().chain(["symbols"]);
                let hint = suggest(role, all, "the roles");
                self.err(k.span(), format!("unknown key `{role}` in [theme]"), hint);
                continue;
            }
            let Some(name) = self.string(v, role) else {
                continue;
            };
            match theme::colour(name) {
                Some(c) => {
                    theme.set(role, c);
                }
                None => {
                    let names = theme::COLOURS.iter().map(|(n, _)| *n);
                    let hint = match did_you_mean(name, names.clone()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("use one of {}, or #rrggbb", names.collect::<Vec<_>>().join(", ")),
                    };
                    self.err(v.span(), format!("unknown colour `{name}`"), hint);
                }
            }
        }
        theme
    }

    /// The overrides, each with the place of its key (for clashes found later).
    fn keys(&mut self, t: &DeTable<'_>) -> Vec<(KeyAction, Press, Range<usize>)> {
        let mut out = Vec::new();
        for (k, v) in t.iter() {
            let name: &str = k.get_ref();
            let Some(action) = key_names::action(name) else {
                let hint = suggest(name, key_names::ACTIONS.iter().map(|(n, _)| *n), "the actions");
                self.err(k.span(), format!("unknown action `{name}` in [keys]"), hint);
                continue;
            };
            let Some(text) = self.string(v, name) else {
                continue;
            };
            match key_names::press(text) {
                Some(p) => out.push((action, p, v.span())),
                None => self.err(
                    v.span(),
                    format!("unknown key name `{text}`"),
                    format!("write {KEY_FORMS}"),
                ),
            }
        }
        out
    }

    fn view(&mut self, t: &DeTable<'_>, prefs: &mut Prefs) {
        self.keys_in(t, &VIEW, "[view]");
        if let Some(v) = t.get("default")
            && let Some(name) = self.string(v, "default")
        {
            match VIEWS.iter().find(|(n, _)| *n == name) {
                Some((_, tab)) => prefs.default_tab = *tab,
                None => {
                    let hint = suggest(name, VIEWS.iter().map(|(n, _)| *n), "the views");
                    self.err(v.span(), format!("unknown view `{name}`"), hint);
                }
            }
        }
        let Some(v) = t.get("columns") else { return };
        let DeValue::Array(items) = v.get_ref() else {
            self.err(
                v.span(),
                format!("columns must be a list, found a {}", v.get_ref().type_str()),
                "write columns = [\"due\", \"job\", \"customer\"]",
            );
            return;
        };
        let mut columns = Vec::new();
        for item in items.iter() {
            let Some(name) = self.string(item, "a column") else {
                continue;
            };
            match QueueColumn::parse(name) {
                Some(c) if columns.contains(&c) => self.err(
                    item.span(),
                    format!("column `{name}` is listed twice"),
                    "list each column once",
                ),
                Some(c) => columns.push(c),
                None => {
                    let hint = suggest(name, QueueColumn::ALL.map(QueueColumn::name), "the columns");
                    self.err(item.span(), format!("unknown column `{name}`"), hint);
                }
            }
        }
        prefs.columns = columns;
    }
}

/// Parses config.toml. `file` names the file in messages.
///
/// # Errors
/// Every problem found, each at its line and column.
pub fn parse(file: &str, src: &str) -> Result<Prefs, PolicyErrors> {
    let mut cx = Cx { d: Diags::new(src) };
    let root = cx.d.parse_toml();
    let root = root.get_ref();
    cx.keys_in(root, &TOP, "the top level");
    let mut prefs = Prefs::default();
    if let Some(v) = root.get("theme")
        && let Some(t) = cx.table(v, "theme")
    {
        prefs.theme = cx.theme(t);
    }
    if let Some(v) = root.get("keys")
        && let Some(t) = cx.table(v, "keys")
    {
        let overrides = cx.keys(t);
        let plain: Vec<(KeyAction, Press)> = overrides.iter().map(|(a, p, _)| (*a, *p)).collect();
        let keymap = Keymap::new(&plain);
        for clash in keymap.clashes() {
            let span = overrides
                .iter()
                .find(|(a, _, _)| *a == clash.action)
                .map_or(0..0, |(_, _, s)| s.clone());
            cx.err(
                span,
                format!(
                    "key `{}` is bound twice: to {} and to {} (in the {} view)",
                    clash.press.name(),
                    key_names::name(clash.action),
                    key_names::name(clash.other),
                    clash.tab.title().to_lowercase()
                ),
                format!(
                    "give {} another key too, e.g. {} = \"…\" in [keys]",
                    key_names::name(clash.other),
                    key_names::name(clash.other)
                ),
            );
        }
        prefs.keys = keymap;
    }
    if let Some(v) = root.get("view")
        && let Some(t) = cx.table(v, "view")
    {
        cx.view(t, &mut prefs);
    }
    match cx.d.finish(file) {
        None => Ok(prefs),
        Some(errors) => Err(errors),
    }
}
