//! Customers, technicians and job types as a person typed them, checked against the
//! names the policy and the store know: a typo is refused with the known name, another
//! case takes the known spelling, a far name is new. The command line and the HTTP API
//! say the same; only how a new name is confirmed differs (a flag, a JSON field).

use slawatch_core::policy::Policy;
use slawatch_core::policy::names::{Name, classify};
use slawatch_core::text::inert;

/// Which kind of name is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Customer,
    Technician,
    JobType,
}

impl Kind {
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Customer => "customer",
            Kind::Technician => "technician",
            Kind::JobType => "job type",
        }
    }
}

/// A checked name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// A known name, in its known spelling.
    Known(String),
    /// A name nobody knew yet, as typed (trimmed).
    New(String),
}

impl Checked {
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Checked::Known(n) | Checked::New(n) => n,
        }
    }
}

/// A name refused as a likely typo of a known one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Close {
    pub kind: Kind,
    pub typed: String,
    pub known: String,
}

impl Close {
    /// The refusal, with `confirm` saying how to insist it is new (`add --new-customer`).
    #[must_use]
    pub fn message(&self, confirm: &str) -> String {
        format!(
            "{} `{}` is not known — did you mean `{}`? Give the known name, or {confirm} if `{}` is a new {}",
            self.kind.noun(),
            inert(&self.typed, 200),
            inert(&self.known, 200),
            inert(&self.typed, 200),
            self.kind.noun()
        )
    }
}

/// `typed` against `known`: refused when it is close to a known name unless `new`
/// confirms it is another one.
///
/// # Errors
/// [`Close`] with the known name.
pub fn check(kind: Kind, typed: &str, known: &[&str], new: bool) -> Result<Checked, Close> {
    match classify(typed, known.iter().copied()) {
        Name::Known(k) => Ok(Checked::Known(k.to_owned())),
        Name::New => Ok(Checked::New(typed.trim().to_owned())),
        Name::Close(_) if new => Ok(Checked::New(typed.trim().to_owned())),
        Name::Close(k) => Err(Close {
            kind,
            typed: typed.to_owned(),
            known: k.to_owned(),
        }),
    }
}

/// Known customers: the contracts' first, then the store's.
#[must_use]
pub fn customers<'a>(policy: &'a Policy, stored: &'a [String]) -> Vec<&'a str> {
    let mut out = policy.customers();
    out.extend(stored.iter().map(String::as_str));
    out
}

/// Known technicians: the store's active ones, then the people the policy's roles name.
#[must_use]
pub fn technicians<'a>(policy: &'a Policy, stored: &'a [String]) -> Vec<&'a str> {
    let mut out: Vec<&str> = stored.iter().map(String::as_str).collect();
    out.extend(policy.people());
    out
}
