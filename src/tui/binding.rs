//! A key binding as data: the presses it answers (a key, with Ctrl or not) and what
//! each asks for, with its key-bar label and help text.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keys::KeyAction;

/// One key press: a key, with Ctrl or not. Other modifiers are not looked at (Shift
/// is in the character already: `R` is Shift-r).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press {
    pub code: KeyCode,
    pub ctrl: bool,
    /// Left out of the help text (an alternative nobody needs to be told about).
    pub quiet: bool,
}

pub(super) const fn key(code: KeyCode) -> Press {
    Press {
        code,
        ctrl: false,
        quiet: false,
    }
}

pub(super) const fn ch(c: char) -> Press {
    key(KeyCode::Char(c))
}

pub(super) const fn ctrl(c: char) -> Press {
    Press {
        code: KeyCode::Char(c),
        ctrl: true,
        quiet: false,
    }
}

pub(super) const fn quiet(p: Press) -> Press {
    Press { quiet: true, ..p }
}

impl Press {
    /// Whether `k` is this press.
    #[must_use]
    pub fn matches(&self, k: &KeyEvent) -> bool {
        k.code == self.code && (!self.ctrl || k.modifiers.contains(KeyModifiers::CONTROL))
    }

    /// The press as the help shows it.
    #[must_use]
    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One binding: the presses and what each asks for, a short label for the key bar
/// (empty: not in the bar), and the description for the help overlay.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub presses: &'static [(Press, KeyAction)],
    pub label: &'static str,
    pub desc: &'static str,
}

impl Binding {
    /// The presses as the help and the key bar show them: `↑ ↓ j k`, `Tab 1-4` (a run
    /// of consecutive digits is written as a range).
    #[must_use]
    pub fn keys(&self) -> String {
        let names: Vec<String> = self
            .presses
            .iter()
            .filter(|(p, _)| !p.quiet)
            .map(|(p, _)| p.name())
            .collect();
        let digit = |s: &str| s.len() == 1 && s.as_bytes()[0].is_ascii_digit();
        let mut out: Vec<String> = Vec::new();
        let mut i = 0;
        while i < names.len() {
            let mut j = i;
            while j + 1 < names.len()
                && digit(&names[j])
                && digit(&names[j + 1])
                && names[j + 1].as_bytes()[0] == names[j].as_bytes()[0] + 1
            {
                j += 1;
            }
            if j > i + 1 {
                out.push(format!("{}-{}", names[i], names[j]));
            } else {
                out.extend(names[i..=j].iter().cloned());
            }
            i = j + 1;
        }
        out.join(" ")
    }

    /// What `k` asks for under this binding, if it is one of its presses.
    #[must_use]
    pub fn action_of(&self, k: &KeyEvent) -> Option<KeyAction> {
        self.presses.iter().find(|(p, _)| p.matches(k)).map(|(_, a)| *a)
    }

    /// Whether any of its presses asks for `action`.
    #[must_use]
    pub fn does(&self, action: KeyAction) -> bool {
        self.presses.iter().any(|(_, a)| *a == action)
    }
}

pub(super) const fn b(
    presses: &'static [(Press, KeyAction)],
    label: &'static str,
    desc: &'static str,
) -> Binding {
    Binding { presses, label, desc }
}
