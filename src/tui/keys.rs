//! Every key of the dashboard, with its description: the key bar and the help overlay
//! are both built from these tables, so help never drifts from the keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{QuickFilter, Tab};

/// What a key asks for, before it is checked against the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextTab,
    PrevTab,
    GoTab(Tab),
    Filter,
    ClearFilter,
    Quick(QuickFilter),
    Explain,
    Help,
    Quit,
    New,
    Respond,
    Attend,
    Resolve,
    Reopen,
    PauseResume,
    Assign,
    Priority,
    Note,
    Escalate,
    Ack,
    /// Reports view: the previous (-1) or next (+1) range.
    ReportRange(isize),
    /// Reports view: the next grouping.
    ReportBy,
    /// Reports view: write the report shown to an HTML file.
    ReportExport,
    /// Reports view: compute again (new jobs, time passed).
    ReportRefresh,
}

/// One binding: the keys as shown, a short label for the key bar (empty: not in the
/// bar), and the description for the help overlay.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static str,
    pub label: &'static str,
    pub desc: &'static str,
    pub action: KeyAction,
}

const fn b(keys: &'static str, label: &'static str, desc: &'static str, action: KeyAction) -> Binding {
    Binding {
        keys,
        label,
        desc,
        action,
    }
}

const NAVIGATION: &[Binding] = &[
    b(
        "↑ ↓ j k",
        "",
        "move the selection (mouse wheel and click too)",
        KeyAction::Down,
    ),
    b("PgUp PgDn", "", "move a page", KeyAction::PageDown),
    b("Home End g G", "", "first / last job", KeyAction::Top),
    b(
        "Tab 1-4",
        "",
        "switch view: queue, escalations, technicians, reports",
        KeyAction::NextTab,
    ),
    b(
        "/",
        "filter",
        "filter by text: customer, summary, technician, id",
        KeyAction::Filter,
    ),
    b(
        "b",
        "",
        "quick filter: breached",
        KeyAction::Quick(QuickFilter::Breached),
    ),
    b(
        "w",
        "",
        "quick filter: at risk (past a warning)",
        KeyAction::Quick(QuickFilter::AtRisk),
    ),
    b(
        "m",
        "",
        "quick filter: mine (assigned to me)",
        KeyAction::Quick(QuickFilter::Mine),
    ),
    b(
        "u",
        "",
        "quick filter: unassigned",
        KeyAction::Quick(QuickFilter::Unassigned),
    ),
    b(
        "f",
        "",
        "quick filter: forecast late (expected to breach)",
        KeyAction::Quick(QuickFilter::Forecast),
    ),
    b("Esc", "", "clear the filters", KeyAction::ClearFilter),
    b(
        "i",
        "why",
        "explain the deadlines of the selected job",
        KeyAction::Explain,
    ),
    b("?", "help", "this help", KeyAction::Help),
    b("q Ctrl-C", "quit", "quit", KeyAction::Quit),
];

const ACTIONS: &[Binding] = &[
    b("n", "new", "log a new job", KeyAction::New),
    b("r", "respond", "mark responded", KeyAction::Respond),
    b("a", "attend", "mark attended (on site)", KeyAction::Attend),
    b(
        "R",
        "resolve",
        "mark resolved (asks to confirm)",
        KeyAction::Resolve,
    ),
    b("o", "", "reopen a resolved job", KeyAction::Reopen),
    b(
        "p",
        "pause",
        "pause with a reason / resume",
        KeyAction::PauseResume,
    ),
    b("t", "assign", "assign a technician", KeyAction::Assign),
    b(
        "P",
        "",
        "change priority (shows the new deadlines first)",
        KeyAction::Priority,
    ),
    b("N", "note", "add a note", KeyAction::Note),
    b("e", "", "escalate (level and note)", KeyAction::Escalate),
];

const ACK_QUEUE: &[Binding] = &[b("K", "", "acknowledge the escalation", KeyAction::Ack)];
const ACK_ESCALATIONS: &[Binding] = &[b(
    "k",
    "ack",
    "acknowledge the escalation (with a note)",
    KeyAction::Ack,
)];

const REPORT: &[Binding] = &[
    b(
        "← →",
        "range",
        "previous / next range: this month, last month, 7 or 30 days, this year",
        KeyAction::ReportRange(1),
    ),
    b(
        "b",
        "by",
        "group by customer, contract, tier, technician, priority, week, month",
        KeyAction::ReportBy,
    ),
    b(
        "x",
        "export",
        "write this report as an HTML file (event chain checked)",
        KeyAction::ReportExport,
    ),
    b("r", "", "compute again", KeyAction::ReportRefresh),
    b("↑ ↓", "", "scroll the summary", KeyAction::Down),
];

/// The bindings in force in `tab`, grouped for the help overlay.
#[must_use]
pub fn groups(tab: Tab) -> Vec<(&'static str, Vec<Binding>)> {
    if tab == Tab::Reports {
        let nav: Vec<Binding> = NAVIGATION
            .iter()
            .filter(|b| matches!(b.action, KeyAction::NextTab | KeyAction::Help | KeyAction::Quit))
            .copied()
            .collect();
        return vec![("Navigate", nav), ("Reports", REPORT.to_vec())];
    }
    let mut actions = ACTIONS.to_vec();
    actions.extend_from_slice(if tab == Tab::Escalations {
        ACK_ESCALATIONS
    } else {
        ACK_QUEUE
    });
    vec![
        ("Navigate", NAVIGATION.to_vec()),
        ("Act on the selected job", actions),
    ]
}

/// The key bar: the bindings with a label, help and quit first so that they survive
/// a narrow terminal.
#[must_use]
pub fn bar(tab: Tab) -> Vec<Binding> {
    let first = |b: &Binding| matches!(b.action, KeyAction::Help | KeyAction::Quit);
    let all: Vec<Binding> = groups(tab)
        .into_iter()
        .rev()
        .flat_map(|(_, g)| g)
        .filter(|b| !b.label.is_empty())
        .collect();
    all.iter()
        .filter(|b| first(b))
        .chain(all.iter().filter(|b| !first(b)))
        .copied()
        .collect()
}

/// The action of a key in the main views.
#[must_use]
pub fn lookup(key: &KeyEvent, tab: Tab) -> Option<KeyAction> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if tab == Tab::Reports {
        // The report's own keys first; the job actions make no sense here.
        match key.code {
            KeyCode::Left => return Some(KeyAction::ReportRange(-1)),
            KeyCode::Right => return Some(KeyAction::ReportRange(1)),
            KeyCode::Char('b') => return Some(KeyAction::ReportBy),
            KeyCode::Char('x') => return Some(KeyAction::ReportExport),
            KeyCode::Char('r') => return Some(KeyAction::ReportRefresh),
            KeyCode::Char(c) if "naRopPtNeKw".contains(c) => return None,
            _ => {}
        }
    }
    Some(match key.code {
        KeyCode::Char('c') if ctrl => KeyAction::Quit,
        KeyCode::Char('q') => KeyAction::Quit,
        KeyCode::Up => KeyAction::Up,
        KeyCode::Char('k') if tab == Tab::Escalations => KeyAction::Ack,
        KeyCode::Char('k') => KeyAction::Up,
        KeyCode::Down | KeyCode::Char('j') => KeyAction::Down,
        KeyCode::PageUp => KeyAction::PageUp,
        KeyCode::PageDown => KeyAction::PageDown,
        KeyCode::Home | KeyCode::Char('g') => KeyAction::Top,
        KeyCode::End | KeyCode::Char('G') => KeyAction::Bottom,
        KeyCode::Tab => KeyAction::NextTab,
        KeyCode::BackTab => KeyAction::PrevTab,
        KeyCode::Char('1') => KeyAction::GoTab(Tab::Queue),
        KeyCode::Char('2') => KeyAction::GoTab(Tab::Escalations),
        KeyCode::Char('3') => KeyAction::GoTab(Tab::Technicians),
        KeyCode::Char('4') => KeyAction::GoTab(Tab::Reports),
        KeyCode::Char('/') => KeyAction::Filter,
        KeyCode::Esc => KeyAction::ClearFilter,
        KeyCode::Char('b') => KeyAction::Quick(QuickFilter::Breached),
        KeyCode::Char('w') => KeyAction::Quick(QuickFilter::AtRisk),
        KeyCode::Char('m') => KeyAction::Quick(QuickFilter::Mine),
        KeyCode::Char('u') => KeyAction::Quick(QuickFilter::Unassigned),
        KeyCode::Char('f') => KeyAction::Quick(QuickFilter::Forecast),
        KeyCode::Char('i') => KeyAction::Explain,
        KeyCode::Char('?') | KeyCode::F(1) => KeyAction::Help,
        KeyCode::Char('n') => KeyAction::New,
        KeyCode::Char('r') => KeyAction::Respond,
        KeyCode::Char('a') => KeyAction::Attend,
        KeyCode::Char('R') => KeyAction::Resolve,
        KeyCode::Char('o') => KeyAction::Reopen,
        KeyCode::Char('p') => KeyAction::PauseResume,
        KeyCode::Char('t') => KeyAction::Assign,
        KeyCode::Char('P') => KeyAction::Priority,
        KeyCode::Char('N') => KeyAction::Note,
        KeyCode::Char('e') => KeyAction::Escalate,
        KeyCode::Char('K') => KeyAction::Ack,
        _ => return None,
    })
}
