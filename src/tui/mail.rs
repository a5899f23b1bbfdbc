//! The Mail view's keys: moving over the held mail, its detail, and the customer
//! prompt that makes its job (through the same code as `slawatch mail assign`).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::app::App;
use super::form_names::{KnownNames, complete_customer, customer};
use super::keys::KeyAction;
use super::overlay::Overlay;
use super::update::Effect;

/// The hint under the customer prompt before anything is said.
pub const ASSIGN_HINT: &str = "Tab completes a known customer · Enter makes the job · Esc cancels";

/// A key of the Mail view; `None` for what the other views share (tabs, help, quit).
pub(super) fn action(app: &mut App, action: KeyAction) -> Option<Vec<Effect>> {
    let page = app.page.max(1);
    let c = app.mail_cursor;
    let to = match action {
        KeyAction::Up => c.saturating_sub(1),
        KeyAction::Down => c + 1,
        KeyAction::PageUp => c.saturating_sub(page),
        KeyAction::PageDown => c + page,
        KeyAction::Top => 0,
        KeyAction::Bottom => usize::MAX,
        KeyAction::Detail | KeyAction::AssignMail => {
            let Some(held) = app.held_selected().map(|h| h.mail.id) else {
                app.error("no held mail");
                return Some(Vec::new());
            };
            app.overlay = if action == KeyAction::Detail {
                Overlay::MailDetail
            } else {
                Overlay::AssignMail {
                    held,
                    input: String::new(),
                    hint: ASSIGN_HINT.to_owned(),
                }
            };
            return Some(Vec::new());
        }
        _ => return None,
    };
    app.mail_cursor = to.min(app.held.len().saturating_sub(1));
    Some(Vec::new())
}

/// A key in the customer prompt of held mail `held`.
pub(super) fn prompt_key(
    app: &mut App,
    k: KeyEvent,
    held: i64,
    mut input: String,
    mut hint: String,
) -> Vec<Effect> {
    let known = KnownNames::from_board(&app.board, &app.known_techs);
    match k.code {
        KeyCode::Esc => return Vec::new(),
        KeyCode::Enter if input.trim().is_empty() => {
            hint = "the customer is empty: type who the mail is from".to_owned()
        }
        KeyCode::Enter => match customer(&known, &app.policy, input.trim(), &hint) {
            Ok(name) => {
                app.info(format!("making the job of held mail {held} for {name}…"));
                return vec![Effect::AssignMail { held, customer: name }];
            }
            Err(warning) => hint = warning,
        },
        KeyCode::Tab => {
            if let Some(done) = complete_customer(&known, &app.policy, &input) {
                input = done;
            }
        }
        KeyCode::Backspace => {
            input.pop();
        }
        KeyCode::Char(c) if !c.is_control() => input.push(c),
        _ => {}
    }
    app.overlay = Overlay::AssignMail { held, input, hint };
    Vec::new()
}
