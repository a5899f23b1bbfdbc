//! The names the new-job form knows (customers, job types, technicians, priorities):
//! what Tab completes, and what a typo is checked against before a job is saved.

use slawatch_core::board::Board;
use slawatch_core::policy::Policy;
use slawatch_core::policy::names::{Name, classify, completions};

use super::overlay::NewJobForm;

/// The form's fields that hold a name a typo would silently turn into a new one:
/// customer (no contract, the default tier), type (no rule) and technician (a second
/// person). Indexes into [`super::overlay::FIELDS`].
pub const NAME_FIELDS: [usize; 3] = [0, 2, 5];

/// What the store knows beside the policy: the names on the board's open and recently
/// closed jobs, and the store's active technicians.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KnownNames {
    pub customers: Vec<String>,
    pub technicians: Vec<String>,
}

impl KnownNames {
    /// The customers and technicians of the board's jobs, and the technicians `known`
    /// to the store (those with nothing open too), each once, sorted.
    #[must_use]
    pub fn from_board(board: &Board, known: &[String]) -> Self {
        let jobs = || board.jobs.values().chain(board.closed.jobs.values());
        let mut customers: Vec<String> = jobs().map(|e| e.row.customer.clone()).collect();
        let mut technicians: Vec<String> = jobs().filter_map(|e| e.row.technician.clone()).collect();
        technicians.extend(known.iter().cloned());
        for list in [&mut customers, &mut technicians] {
            list.sort();
            list.dedup();
        }
        Self {
            customers,
            technicians,
        }
    }

    /// The known names of field `field`: the policy's first, then the store's.
    #[must_use]
    pub fn pool<'a>(&'a self, field: usize, policy: &'a Policy) -> Vec<&'a str> {
        match field {
            0 => {
                let mut out = policy.customers();
                out.extend(self.customers.iter().map(String::as_str));
                out
            }
            1 => policy.priorities.iter().map(String::as_str).collect(),
            2 => policy.job_types(),
            5 => {
                let mut out: Vec<&str> = self.technicians.iter().map(String::as_str).collect();
                out.extend(policy.people());
                out
            }
            _ => Vec::new(),
        }
    }
}

fn noun(field: usize) -> &'static str {
    match field {
        0 => "customer",
        2 => "type",
        _ => "technician",
    }
}

impl NewJobForm {
    /// Completions for the focused field, at most five: names it starts first, then
    /// names holding it, ignoring case.
    #[must_use]
    pub fn suggestions(&self, policy: &Policy) -> Vec<String> {
        let pool = self.known.pool(self.focus, policy);
        completions(&self.values[self.focus], pool)
            .into_iter()
            .take(5)
            .map(str::to_owned)
            .collect()
    }

    /// Marks each name field that reads as a typo of a known name, unless its value
    /// was confirmed as new.
    pub(super) fn check_names(&mut self, policy: &Policy) {
        for i in NAME_FIELDS {
            let typed = self.values[i].trim();
            if typed.is_empty() || self.errors[i].is_some() {
                continue;
            }
            if let Name::Close(k) = classify(typed, self.known.pool(i, policy))
                && self.confirmed[i].as_deref() != Some(typed)
            {
                self.errors[i] = Some(format!(
                    "did you mean `{k}`? Enter again saves `{typed}` as a new {}",
                    noun(i)
                ));
            }
        }
    }

    /// On Enter: a value warned about on the last Enter and unchanged since is
    /// confirmed as new, and a known name in another case takes its known spelling.
    pub(super) fn settle_names(&mut self, policy: &Policy) {
        for i in NAME_FIELDS {
            let typed = self.values[i].trim().to_owned();
            if self.warned[i].as_deref() == Some(typed.as_str()) {
                self.confirmed[i] = Some(typed.clone());
            }
            if let Name::Known(k) = classify(&typed, self.known.pool(i, policy)) {
                self.values[i] = k.to_owned();
            }
        }
    }

    /// After a refused Enter: remembers the values a did-you-mean is shown for, so the
    /// next Enter on the same value confirms it.
    pub(super) fn remember_warnings(&mut self) {
        for i in NAME_FIELDS {
            let close = self.errors[i]
                .as_deref()
                .is_some_and(|e| e.starts_with("did you mean"));
            self.warned[i] = close.then(|| self.values[i].trim().to_owned());
        }
    }
}

/// A technician typed in the reassign prompt: the name to assign (the known spelling,
/// or a new name), or the did-you-mean to show first. `shown` is the prompt's hint:
/// when it already holds this did-you-mean, Enter again means "a new technician".
///
/// # Errors
/// The did-you-mean, when `typed` reads as a typo of a known technician.
pub fn technician(
    board: &Board,
    techs: &[String],
    policy: &Policy,
    typed: &str,
    shown: &str,
) -> Result<String, String> {
    let known = KnownNames::from_board(board, techs);
    match classify(typed, known.pool(5, policy)) {
        Name::Known(k) => Ok(k.to_owned()),
        Name::New => Ok(typed.to_owned()),
        Name::Close(k) => {
            let warning = format!("did you mean `{k}`? Enter again assigns `{typed}` as a new technician");
            if shown == warning {
                Ok(typed.to_owned())
            } else {
                Err(warning)
            }
        }
    }
}

/// A customer typed in the held mail's prompt: the known spelling, or a new name, or
/// the did-you-mean to show first — the same check as the new-job form's customer.
/// `shown` is the prompt's hint: when it already holds this did-you-mean, Enter again
/// means "a new customer".
///
/// # Errors
/// The did-you-mean, when `typed` reads as a typo of a known customer.
pub fn customer(known: &KnownNames, policy: &Policy, typed: &str, shown: &str) -> Result<String, String> {
    match classify(typed, known.pool(0, policy)) {
        Name::Known(k) => Ok(k.to_owned()),
        Name::New => Ok(typed.to_owned()),
        Name::Close(k) => {
            let warning =
                format!("did you mean `{k}`? Enter again makes the job for `{typed}`, a new customer");
            if shown == warning {
                Ok(typed.to_owned())
            } else {
                Err(warning)
            }
        }
    }
}

/// The first known customer completing `typed` (Tab), as the new-job form offers it.
#[must_use]
pub fn complete_customer(known: &KnownNames, policy: &Policy, typed: &str) -> Option<String> {
    if typed.is_empty() {
        return None;
    }
    completions(typed, known.pool(0, policy))
        .first()
        .map(|s| (*s).to_owned())
}
