//! The names of the dashboard's actions and keys as config.toml's `[keys]` writes
//! them: `respond = "R"`, `copy = "ctrl-y"`, `help = "F2"`.

use ratatui::crossterm::event::KeyCode;

use super::app::{QuickFilter, Tab};
use super::keys::{KeyAction, Press};

use KeyAction as A;

/// Every action a key can be given, by its name in `[keys]`.
pub const ACTIONS: &[(&str, KeyAction)] = &[
    ("up", A::Up),
    ("down", A::Down),
    ("page_up", A::PageUp),
    ("page_down", A::PageDown),
    ("top", A::Top),
    ("bottom", A::Bottom),
    ("next_view", A::NextTab),
    ("previous_view", A::PrevTab),
    ("view_queue", A::GoTab(Tab::Queue)),
    ("view_escalations", A::GoTab(Tab::Escalations)),
    ("view_technicians", A::GoTab(Tab::Technicians)),
    ("view_reports", A::GoTab(Tab::Reports)),
    ("view_closed", A::GoTab(Tab::Closed)),
    ("view_mail", A::GoTab(Tab::Mail)),
    ("filter", A::Filter),
    ("clear_filter", A::ClearFilter),
    ("quick_breached", A::Quick(QuickFilter::Breached)),
    ("quick_warning", A::Quick(QuickFilter::Warning)),
    ("quick_mine", A::Quick(QuickFilter::Mine)),
    ("quick_unassigned", A::Quick(QuickFilter::Unassigned)),
    ("quick_at_risk", A::Quick(QuickFilter::Forecast)),
    ("explain", A::Explain),
    ("detail", A::Detail),
    ("help", A::Help),
    ("quit", A::Quit),
    ("new", A::New),
    ("respond", A::Respond),
    ("attend", A::Attend),
    ("resolve", A::Resolve),
    ("reopen", A::Reopen),
    ("pause", A::PauseResume),
    ("assign", A::Assign),
    ("priority", A::Priority),
    ("note", A::Note),
    ("escalate", A::Escalate),
    ("ack", A::Ack),
    ("undo", A::Undo),
    ("cancel", A::Cancel),
    ("move", A::Move),
    ("unacked", A::EscalationsUnacked),
    ("level", A::EscalationsLevel),
    ("range_previous", A::ReportRange(-1)),
    ("range_next", A::ReportRange(1)),
    ("report_by", A::ReportBy),
    ("report_export", A::ReportExport),
    ("report_refresh", A::ReportRefresh),
    ("copy", A::Copy),
    ("sort", A::SortNext),
    ("sort_reverse", A::SortReverse),
    ("search_next", A::SearchNext),
    ("search_previous", A::SearchPrev),
    ("assign_mail", A::AssignMail),
];

/// The action called `name` in `[keys]`.
#[must_use]
pub fn action(name: &str) -> Option<KeyAction> {
    ACTIONS.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
}

/// The name of `action` in `[keys]`.
#[must_use]
pub fn name(action: KeyAction) -> &'static str {
    ACTIONS.iter().find(|(_, a)| *a == action).map_or("?", |(n, _)| n)
}

const NAMED: &[(&str, KeyCode)] = &[
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("space", KeyCode::Char(' ')),
];

/// What a key name may look like, for messages.
pub const KEY_FORMS: &str = "one character (`R`, `;`), `ctrl-x`, `F1`–`F12`, or up, down, left, right, pgup, pgdn, home, end, enter, esc, tab, space";

/// `"R"`, `"ctrl-y"`, `"F2"`, `"pgdn"` as a key press.
#[must_use]
pub fn press(text: &str) -> Option<Press> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(Press {
            code: KeyCode::Char(c),
            ctrl: false,
            quiet: false,
        });
    }
    let lower = text.to_lowercase();
    if let Some(rest) = lower.strip_prefix("ctrl-") {
        let mut chars = rest.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphanumeric() => Some(Press {
                code: KeyCode::Char(c),
                ctrl: true,
                quiet: false,
            }),
            _ => None,
        };
    }
    let code = if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        (1..=12).contains(&n).then_some(KeyCode::F(n))?
    } else {
        NAMED.iter().find(|(n, _)| *n == lower).map(|(_, c)| *c)?
    };
    Some(Press {
        code,
        ctrl: false,
        quiet: false,
    })
}
