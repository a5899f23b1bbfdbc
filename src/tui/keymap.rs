//! The key tables of `keys` with the user's overrides (`[keys]` of config.toml) laid
//! over them. Lookup, the key bar and the help all go through here, so the help shows
//! the key that really works.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::app::Tab;
use super::keys::{self, Binding, KeyAction, Press};

/// Each binding the overrides touch, with its new presses.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    /// (the table's presses, the binding with the user's keys).
    swaps: Vec<(&'static [(Press, KeyAction)], Binding)>,
    /// The actions given a key, for telling clashes apart from the tables' own.
    overridden: Vec<KeyAction>,
}

/// Two actions on one key in one view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clash {
    pub press: Press,
    /// The action the user gave this key.
    pub action: KeyAction,
    pub other: KeyAction,
    pub tab: Tab,
}

fn same_key(a: &Press, b: &Press) -> bool {
    a.code == b.code && a.ctrl == b.ctrl
}

/// Every table of every view, once.
fn tables() -> Vec<&'static [Binding]> {
    let mut out: Vec<&'static [Binding]> = Vec::new();
    for tab in Tab::ALL {
        for t in keys::in_force(tab) {
            if !out.iter().any(|o| std::ptr::eq(*o, t)) {
                out.push(t);
            }
        }
    }
    out
}

impl Keymap {
    /// The tables with `overrides` applied: an action's letter keys give way to the
    /// user's key (arrows, Enter, Esc, F1 and Ctrl-C stay, so moving around never
    /// breaks); an action with no letter key gets the user's key besides its own.
    #[must_use]
    pub fn new(overrides: &[(KeyAction, Press)]) -> Self {
        let mut swaps = Vec::new();
        for table in tables() {
            for binding in table {
                if !overrides.iter().any(|(a, _)| binding.does(*a)) {
                    continue;
                }
                let mut presses: Vec<(Press, KeyAction)> = Vec::new();
                for (p, a) in binding.presses {
                    let user = overrides.iter().find(|(o, _)| o == a).map(|(_, p)| *p);
                    let letter = matches!(p.code, KeyCode::Char(_)) && !p.ctrl;
                    match user {
                        Some(u) if letter => {
                            if !presses.iter().any(|(q, b)| same_key(q, &u) && b == a) {
                                presses.push((u, *a));
                            }
                        }
                        _ => presses.push((*p, *a)),
                    }
                }
                for (a, u) in overrides {
                    if binding.does(*a) && !presses.iter().any(|(q, b)| same_key(q, u) && b == a) {
                        presses.push((*u, *a));
                    }
                }
                // Made once per start-up (the config is read once), so leaking the few
                // rebuilt slices keeps `Binding` a plain copyable view of static tables.
                let leaked: &'static [(Press, KeyAction)] = Box::leak(presses.into_boxed_slice());
                swaps.push((
                    binding.presses,
                    Binding {
                        presses: leaked,
                        ..*binding
                    },
                ));
            }
        }
        Self {
            swaps,
            overridden: overrides.iter().map(|(a, _)| *a).collect(),
        }
    }

    fn map(&self, b: Binding) -> Binding {
        self.swaps
            .iter()
            .find(|(orig, _)| std::ptr::eq(*orig, b.presses))
            .map_or(b, |(_, new)| *new)
    }

    /// [`keys::groups`] with the user's keys.
    #[must_use]
    pub fn groups(&self, tab: Tab) -> Vec<(&'static str, Vec<Binding>)> {
        keys::groups(tab)
            .into_iter()
            .map(|(name, g)| (name, g.into_iter().map(|b| self.map(b)).collect()))
            .collect()
    }

    /// [`keys::bar`] with the user's keys.
    #[must_use]
    pub fn bar(&self, tab: Tab) -> Vec<Binding> {
        keys::bar_of(self.groups(tab))
    }

    /// [`keys::lookup`] with the user's keys.
    #[must_use]
    pub fn lookup(&self, key: &KeyEvent, tab: Tab) -> Option<KeyAction> {
        keys::in_force(tab)
            .into_iter()
            .flatten()
            .find_map(|b| self.map(*b).action_of(key))
    }

    /// Keys the user gave that another action of the same view's help already has.
    /// Clashes among the tables' own keys (`k` moves up, and acknowledges in the
    /// escalations view) are by design and not reported.
    #[must_use]
    pub fn clashes(&self) -> Vec<Clash> {
        let mut out: Vec<Clash> = Vec::new();
        for tab in Tab::ALL {
            let all: Vec<(Press, KeyAction)> = self
                .groups(tab)
                .into_iter()
                .flat_map(|(_, g)| g)
                .flat_map(|b| b.presses.iter().copied())
                .collect();
            for (p, a) in &all {
                if !self.overridden.contains(a) {
                    continue;
                }
                for (q, other) in &all {
                    let seen = out.iter().any(|c| {
                        same_key(&c.press, p)
                            && ((c.action == *a && c.other == *other)
                                || (c.action == *other && c.other == *a))
                    });
                    if other != a && same_key(p, q) && !seen {
                        out.push(Clash {
                            press: *p,
                            action: *a,
                            other: *other,
                            tab,
                        });
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::key_names;

    fn over(pairs: &[(&str, &str)]) -> Keymap {
        let list: Vec<(KeyAction, Press)> = pairs
            .iter()
            .filter_map(|(a, k)| Some((key_names::action(a)?, key_names::press(k)?)))
            .collect();
        assert_eq!(list.len(), pairs.len());
        Keymap::new(&list)
    }

    #[test]
    fn the_tables_own_shared_keys_are_no_clash() {
        assert_eq!(Keymap::default().clashes(), vec![]);
        assert_eq!(over(&[]).clashes(), vec![]);
        assert_eq!(over(&[("respond", "R"), ("resolve", "r")]).clashes(), vec![]);
    }

    #[test]
    fn a_letter_gives_way_but_arrows_stay() {
        let map = over(&[("down", "J")]);
        let keys: Vec<String> = map.groups(Tab::Queue)[0].1.iter().map(Binding::keys).collect();
        assert_eq!(keys[0], "↑ ↓ J k");
        let clash = over(&[("copy", "j")]).clashes();
        assert_eq!(clash.len(), 1);
        assert_eq!(
            (clash[0].action, clash[0].other),
            (KeyAction::Copy, KeyAction::Down)
        );
    }
}
