//! Customers, technicians and job types as typed on the command line, checked against
//! the names the policy and the store know: a typo is refused with the known name,
//! another case takes the known spelling, a far name is new.

use std::path::Path;

use super::Failure;
use slawatch_core::policy::Policy;
use slawatch_core::policy::names::{Name, classify};
use slawatch_core::text::inert;
use slawatch_store::Store;

/// Which kind of name is checked: its wording and the flag that confirms a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Customer,
    Technician,
    JobType,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Customer => "customer",
            Kind::Technician => "technician",
            Kind::JobType => "job type",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Kind::Customer => "--new-customer",
            Kind::Technician => "--new-tech",
            Kind::JobType => "--new-type",
        }
    }
}

/// A checked name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Checked {
    /// A known name, in its known spelling.
    Known(String),
    /// A name nobody knew yet, as typed (trimmed).
    New(String),
}

impl Checked {
    pub(crate) fn name(&self) -> &str {
        match self {
            Checked::Known(n) | Checked::New(n) => n,
        }
    }
}

/// `typed` against `known`: refused when it is close to a known name unless `new`
/// confirms it is another one.
///
/// # Errors
/// [`Failure::BadInput`] with the known name and the flag that confirms a new one.
pub(crate) fn check(kind: Kind, typed: &str, known: &[&str], new: bool) -> Result<Checked, Failure> {
    match classify(typed, known.iter().copied()) {
        Name::Known(k) => Ok(Checked::Known(k.to_owned())),
        Name::New => Ok(Checked::New(typed.trim().to_owned())),
        Name::Close(_) if new => Ok(Checked::New(typed.trim().to_owned())),
        Name::Close(k) => Err(Failure::BadInput(format!(
            "{} `{}` is not known — did you mean `{}`? Give the known name, or add {} if `{}` is a new {}; nothing was written",
            kind.noun(),
            inert(typed, 200),
            inert(k, 200),
            kind.flag(),
            inert(typed, 200),
            kind.noun()
        ))),
    }
}

/// What the store at `path` knows, if it exists: (customers, technicians). A missing
/// store knows nothing and is not created by asking.
pub(crate) fn stored(path: &Path) -> Result<(Vec<String>, Vec<String>), Failure> {
    if !path.exists() {
        return Ok((Vec::new(), Vec::new()));
    }
    let store = Store::open_existing(path)?;
    Ok((store.customers()?, store.technicians()?))
}

/// Known customers: the contracts' first, then the store's.
pub(crate) fn customers<'a>(policy: &'a Policy, stored: &'a [String]) -> Vec<&'a str> {
    let mut out = policy.customers();
    out.extend(stored.iter().map(String::as_str));
    out
}

/// Known technicians: the store's active ones, then the people the policy's roles name.
pub(crate) fn technicians<'a>(policy: &'a Policy, stored: &'a [String]) -> Vec<&'a str> {
    let mut out: Vec<&str> = stored.iter().map(String::as_str).collect();
    out.extend(policy.people());
    out
}
