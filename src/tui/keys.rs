//! Every key of the dashboard as data: each binding holds the real key presses it
//! answers and what each asks for, a key-bar label and a description. [`lookup`], the
//! key bar and the help overlay are all generated from these tables, so help never
//! drifts from the keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::app::{QuickFilter, Tab};

pub use super::binding::{Binding, Press};
use super::binding::{b, ch, ctrl, key, quiet};
pub use super::key_action::KeyAction;

use KeyAction as A;

const NAVIGATION: &[Binding] = &[
    b(
        &[
            (key(KeyCode::Up), A::Up),
            (key(KeyCode::Down), A::Down),
            (ch('j'), A::Down),
            (ch('k'), A::Up),
        ],
        "",
        "move the selection (mouse wheel and click too)",
    ),
    b(
        &[
            (key(KeyCode::PageUp), A::PageUp),
            (key(KeyCode::PageDown), A::PageDown),
        ],
        "",
        "move a page",
    ),
    b(
        &[
            (key(KeyCode::Home), A::Top),
            (key(KeyCode::End), A::Bottom),
            (ch('g'), A::Top),
            (ch('G'), A::Bottom),
        ],
        "",
        "first / last job",
    ),
    b(
        &[
            (key(KeyCode::Tab), A::NextTab),
            (quiet(key(KeyCode::BackTab)), A::PrevTab),
            (ch('1'), A::GoTab(Tab::Queue)),
            (ch('2'), A::GoTab(Tab::Escalations)),
            (ch('3'), A::GoTab(Tab::Technicians)),
            (ch('4'), A::GoTab(Tab::Reports)),
            (ch('5'), A::GoTab(Tab::Closed)),
            (ch('6'), A::GoTab(Tab::Mail)),
        ],
        "",
        "views: queue, escalations, techs, reports, closed, mail",
    ),
    b(
        &[(ch('/'), A::Filter)],
        "filter",
        "filter by text: customer, summary, technician, id",
    ),
    b(
        &[(ch('b'), A::Quick(QuickFilter::Breached))],
        "",
        "quick filter: breached",
    ),
    b(
        &[(ch('w'), A::Quick(QuickFilter::Warning))],
        "",
        "quick filter: warning (past a warning threshold)",
    ),
    b(
        &[(ch('m'), A::Quick(QuickFilter::Mine))],
        "",
        "quick filter: mine (assigned to me)",
    ),
    b(
        &[(ch('U'), A::Quick(QuickFilter::Unassigned))],
        "",
        "quick filter: unassigned",
    ),
    b(
        &[(ch('f'), A::Quick(QuickFilter::Forecast))],
        "",
        "quick filter: at risk (forecast to breach)",
    ),
    b(&[(key(KeyCode::Esc), A::ClearFilter)], "", "clear the filters"),
    b(
        &[(key(KeyCode::Enter), A::Detail)],
        "",
        "the job's clocks and timeline, full size (any key: back)",
    ),
    b(
        &[(ch('i'), A::Explain)],
        "why",
        "explain the deadlines of the selected job",
    ),
    b(
        &[(ch('?'), A::Help), (quiet(key(KeyCode::F(1))), A::Help)],
        "help",
        "this help",
    ),
    b(&[(ch('q'), A::Quit), (ctrl('c'), A::Quit)], "quit", "quit"),
];

/// The technicians view's own key: the planner's move.
const TECHS: &[Binding] = &[b(
    &[(ch('M'), A::Move)],
    "move",
    "move their most urgent job to the freest technician (M Enter)",
)];

const ACTIONS: &[Binding] = &[
    b(&[(ch('n'), A::New)], "new", "log a new job"),
    b(&[(ch('r'), A::Respond)], "respond", "mark responded"),
    b(&[(ch('a'), A::Attend)], "attend", "mark attended (on site)"),
    b(
        &[(ch('R'), A::Resolve)],
        "resolve",
        "mark resolved (asks to confirm)",
    ),
    b(&[(ch('o'), A::Reopen)], "reopen", "reopen a resolved job"),
    b(
        &[(ch('p'), A::PauseResume)],
        "pause",
        "pause with a reason / resume",
    ),
    b(&[(ch('t'), A::Assign)], "assign", "assign a technician"),
    b(
        &[(ch('P'), A::Priority)],
        "",
        "change priority (shows the new deadlines first)",
    ),
    b(&[(ch('N'), A::Note)], "note", "add a note"),
    b(&[(ch('e'), A::Escalate)], "", "escalate (level and note)"),
    b(
        &[(ch('u'), A::Undo)],
        "",
        "take back your own last action (says what, asks why)",
    ),
    b(
        &[(ch('X'), A::Cancel)],
        "",
        "cancel a duplicate or mistaken job (asks why)",
    ),
];

const ACK_QUEUE: &[Binding] = &[b(&[(ch('K'), A::Ack)], "", "acknowledge the escalation")];
const ACK_ESCALATIONS: &[Binding] = &[b(
    &[(ch('k'), A::Ack)],
    "ack",
    "acknowledge the escalation (with a note)",
)];

const ESCALATION_FILTERS: &[Binding] = &[
    b(
        &[(ch('!'), A::EscalationsUnacked)],
        "unacked",
        "only the unacknowledged escalations / all",
    ),
    b(
        &[(ch('L'), A::EscalationsLevel)],
        "level",
        "only one level of the chain (each in turn), then all",
    ),
];

const REPORT: &[Binding] = &[
    b(
        &[
            (key(KeyCode::Left), A::ReportRange(-1)),
            (key(KeyCode::Right), A::ReportRange(1)),
        ],
        "range",
        "previous / next range: this month, last month, 7 or 30 days, this year",
    ),
    b(
        &[(ch('b'), A::ReportBy)],
        "by",
        "group by customer, contract, tier, technician, priority, week, month",
    ),
    b(
        &[(ch('x'), A::ReportExport)],
        "export",
        "write this report as an HTML file (event chain checked)",
    ),
    b(&[(ch('r'), A::ReportRefresh)], "", "compute again"),
    b(
        &[(key(KeyCode::Up), A::Up), (key(KeyCode::Down), A::Down)],
        "",
        "scroll the summary",
    ),
];

// `n`/`N` are new job and note, so the next/previous match is vim's other "repeat"
// pair, `;`/`,`. Not in the key bar: it stays as it was for those who never use them.
const FIND: &[Binding] = &[
    b(
        &[(ch(';'), A::SearchNext), (ch(','), A::SearchPrev)],
        "",
        "next / previous match of the last / text (after Esc too)",
    ),
    b(
        &[(ch('y'), A::Copy)],
        "",
        "copy the job id to the clipboard (OSC 52: works over ssh)",
    ),
];

const SORT: &[Binding] = &[
    b(
        &[(ch('s'), A::SortNext)],
        "",
        "sort by the next column (then back to business time left)",
    ),
    b(&[(ch('S'), A::SortReverse)], "", "reverse the sort"),
];

// `a` attends a job elsewhere; here there is no job, and `a` assigns the mail.
const MAIL: &[Binding] = &[b(
    &[(ch('a'), A::AssignMail)],
    "assign",
    "make its job for a customer (Tab completes; the clock stays at its receipt)",
)];

/// What the Mail view does: it lists mail, not jobs.
fn mail_allows(action: KeyAction) -> bool {
    matches!(
        action,
        A::Up
            | A::Down
            | A::PageUp
            | A::PageDown
            | A::Top
            | A::Bottom
            | A::NextTab
            | A::PrevTab
            | A::GoTab(_)
            | A::Detail
            | A::Help
            | A::Quit
            | A::AssignMail
    )
}

/// The bindings in force in `tab`, grouped for the help overlay.
#[must_use]
pub fn groups(tab: Tab) -> Vec<(&'static str, Vec<Binding>)> {
    if tab == Tab::Mail {
        let nav: Vec<Binding> = NAVIGATION
            .iter()
            .filter(|b| b.presses.iter().all(|(_, a)| mail_allows(*a)))
            .copied()
            .collect();
        return vec![("Navigate", nav), ("Held mail", MAIL.to_vec())];
    }
    if tab == Tab::Reports {
        let nav: Vec<Binding> = NAVIGATION
            .iter()
            .filter(|b| b.does(A::NextTab) || b.does(A::Help) || b.does(A::Quit))
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
    actions.retain(|b| b.presses.iter().any(|(_, a)| allowed(tab, *a)));
    let mut groups = vec![
        ("Navigate", NAVIGATION.to_vec()),
        ("Act on the selected job", actions),
    ];
    if tab == Tab::Escalations {
        groups.push(("Escalations", ESCALATION_FILTERS.to_vec()));
    }
    if tab == Tab::Technicians {
        groups.push(("Technicians", TECHS.to_vec()));
    }
    if tab == Tab::Queue {
        groups.push(("Find, sort and copy", [FIND, SORT].concat()));
    } else {
        groups.push(("Find and copy", FIND.to_vec()));
    }
    groups
}

/// The key bar: the bindings with a label, help and quit first so that they survive
/// a narrow terminal.
#[must_use]
pub fn bar(tab: Tab) -> Vec<Binding> {
    bar_of(groups(tab))
}

pub(super) fn bar_of(groups: Vec<(&'static str, Vec<Binding>)>) -> Vec<Binding> {
    let first = |b: &Binding| b.does(A::Help) || b.does(A::Quit);
    let all: Vec<Binding> = groups
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

/// The tables a key is looked up in, first match wins: a view's own keys before the
/// shared ones (in the escalations view `k` acknowledges; in the reports view `b`
/// groups and the job actions do nothing).
pub(super) fn in_force(tab: Tab) -> Vec<&'static [Binding]> {
    match tab {
        Tab::Reports => vec![REPORT, NAVIGATION],
        Tab::Escalations => vec![
            ACK_ESCALATIONS,
            ESCALATION_FILTERS,
            NAVIGATION,
            ACTIONS,
            ACK_QUEUE,
            FIND,
        ],
        Tab::Queue => vec![NAVIGATION, ACTIONS, ACK_QUEUE, FIND, SORT],
        Tab::Technicians => vec![TECHS, NAVIGATION, ACTIONS, ACK_QUEUE, FIND],
        Tab::Closed => vec![NAVIGATION, ACTIONS, ACK_QUEUE, FIND],
        Tab::Mail => vec![MAIL, NAVIGATION],
    }
}

/// Whether `action` applies in `tab`: a closed job can be reopened, noted, explained
/// and looked at, and its last action taken back; nothing else. Only a closed job can
/// be reopened.
#[must_use]
pub fn allowed(tab: Tab, action: KeyAction) -> bool {
    if tab == Tab::Mail {
        return mail_allows(action);
    }
    if action == A::AssignMail {
        return false;
    }
    if tab != Tab::Closed {
        return action != A::Reopen;
    }
    !matches!(
        action,
        A::Respond
            | A::Attend
            | A::Resolve
            | A::PauseResume
            | A::Assign
            | A::Priority
            | A::Escalate
            | A::Ack
            | A::Cancel
            | A::Move
            | A::Quick(_)
    )
}

/// The action of a key in the main views.
#[must_use]
pub fn lookup(key: &KeyEvent, tab: Tab) -> Option<KeyAction> {
    in_force(tab).into_iter().flatten().find_map(|b| b.action_of(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn help_text_is_made_from_the_presses() {
        let keys: Vec<String> = NAVIGATION.iter().map(Binding::keys).collect();
        assert_eq!(keys[0], "↑ ↓ j k");
        assert_eq!(keys[3], "Tab 1-6");
        assert_eq!(keys[11], "Enter");
        assert_eq!(keys[13], "?");
        assert_eq!(keys[14], "q Ctrl-C");
        assert_eq!(REPORT[0].keys(), "← →");
    }

    #[test]
    fn every_press_shown_in_help_does_what_help_says_in_that_view() {
        for tab in Tab::ALL {
            for (_, group) in groups(tab) {
                for binding in group {
                    for (p, action) in binding.presses {
                        let mods = if p.ctrl {
                            KeyModifiers::CONTROL
                        } else {
                            KeyModifiers::NONE
                        };
                        let found = lookup(&press(p.code, mods), tab);
                        // `k` moves up in the help of the escalations view's
                        // navigation, but acknowledges there: the view's own key wins.
                        if tab == Tab::Escalations && p.code == KeyCode::Char('k') && *action == A::Up {
                            assert_eq!(found, Some(A::Ack));
                            continue;
                        }
                        assert_eq!(found, Some(*action), "{tab:?} {}", p.name());
                    }
                }
            }
        }
    }

    #[test]
    fn views_keep_their_own_keys() {
        let k = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(lookup(&k('k'), Tab::Queue), Some(A::Up));
        assert_eq!(lookup(&k('k'), Tab::Escalations), Some(A::Ack));
        assert_eq!(lookup(&k('b'), Tab::Reports), Some(A::ReportBy));
        assert_eq!(lookup(&k('b'), Tab::Queue), Some(A::Quick(QuickFilter::Breached)));
        assert_eq!(
            lookup(&k('R'), Tab::Reports),
            None,
            "no job actions in the reports view"
        );
        assert_eq!(lookup(&k('c'), Tab::Queue), None);
        assert_eq!(
            lookup(&press(KeyCode::Char('c'), KeyModifiers::CONTROL), Tab::Queue),
            Some(A::Quit)
        );
        assert_eq!(
            lookup(&press(KeyCode::F(1), KeyModifiers::NONE), Tab::Queue),
            Some(A::Help)
        );
    }
}
