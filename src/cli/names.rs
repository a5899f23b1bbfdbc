//! Customers, technicians and job types as typed on the command line, checked against
//! the names the policy and the store know: a typo is refused with the known name,
//! another case takes the known spelling, a far name is new.

use std::collections::HashMap;
use std::path::Path;

use super::Failure;
use slawatch_core::job::NewJob;
use slawatch_core::policy::Policy;
use slawatch_core::policy::names::{Name, classify};
use slawatch_core::text::inert;
use slawatch_store::Store;

pub(crate) use crate::service::names::{Checked, Kind, customers, technicians};

/// The command-line flag that confirms a new name of `kind`.
fn flag(kind: Kind) -> &'static str {
    match kind {
        Kind::Customer => "--new-customer",
        Kind::Technician => "--new-tech",
        Kind::JobType => "--new-type",
    }
}

/// [`crate::service::names::check`], refused with the flag that confirms a new name.
///
/// # Errors
/// [`Failure::BadInput`] with the known name and the flag that confirms a new one.
pub(crate) fn check(kind: Kind, typed: &str, known: &[&str], new: bool) -> Result<Checked, Failure> {
    crate::service::names::check(kind, typed, known, new)
        .map_err(|c| Failure::BadInput(c.message(&format!("add {}", flag(kind)))))
}

/// For a filter that names a whole customer or technician (reports): refused when
/// `typed` is no known name but close to one, since it can only match nothing.
///
/// # Errors
/// [`Failure::BadInput`] with the known name.
pub(crate) fn exact_filter(kind: Kind, flag: &str, typed: &str, known: &[&str]) -> Result<(), Failure> {
    match classify(typed, known.iter().copied()) {
        Name::Close(k) => Err(Failure::BadInput(format!(
            "{flag} `{}`: no {} is called that — did you mean `{}`? (the filter names a whole {}, ignoring case)",
            inert(typed, 200),
            kind.noun(),
            inert(k, 200),
            kind.noun()
        ))),
        Name::Known(_) | Name::New => Ok(()),
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

/// The known names of one kind, with an index by lower case: an import of a million
/// rows of a few hundred customers looks each up instead of measuring it against all.
struct Pool {
    kind: Kind,
    names: Vec<String>,
    index: HashMap<String, usize>,
    /// Confirmed new on the command line.
    confirmed: Vec<String>,
}

impl Pool {
    fn new(kind: Kind, names: Vec<String>, confirmed: Vec<String>) -> Self {
        let mut pool = Self {
            kind,
            names: Vec::new(),
            index: HashMap::new(),
            confirmed,
        };
        for n in names {
            pool.add(n);
        }
        pool
    }

    fn add(&mut self, name: String) {
        let key = name.trim().to_lowercase();
        if !self.index.contains_key(&key) {
            self.index.insert(key, self.names.len());
            self.names.push(name);
        }
    }

    /// The known spelling of `typed`, or `typed` as a new name (remembered), or why not.
    fn settle(&mut self, typed: &str) -> Result<String, String> {
        if let Some(&i) = self.index.get(&typed.trim().to_lowercase()) {
            return Ok(self.names[i].clone());
        }
        let new = self
            .confirmed
            .iter()
            .any(|n| n.trim().eq_ignore_ascii_case(typed.trim()));
        let pool: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let name = check(self.kind, typed, &pool, new)
            .map_err(|e| e.to_string())?
            .name()
            .to_owned();
        self.add(name.clone());
        Ok(name)
    }
}

/// Names confirmed new for a whole import (`--new-customer`, `--new-tech`, `--new-type`).
#[derive(Debug, Default)]
pub(crate) struct Confirmed {
    pub customers: Vec<String>,
    pub technicians: Vec<String>,
    pub types: Vec<String>,
}

/// The names an import checks its rows against: those known before it, plus those
/// its earlier rows brought, so a new customer's second row is not a typo of its first.
pub(crate) struct NameBook {
    customers: Pool,
    technicians: Pool,
    /// `None` when the policy names no type: any type is as good as another.
    types: Option<Pool>,
}

impl NameBook {
    /// The policy's names and those of the store at `path` (none if it does not exist).
    pub(crate) fn new(policy: &Policy, path: &Path, confirmed: Confirmed) -> Result<Self, Failure> {
        let (stored_customers, stored_techs) = stored(path)?;
        let owned = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
        let types = owned(policy.job_types());
        Ok(Self {
            customers: Pool::new(
                Kind::Customer,
                owned(customers(policy, &stored_customers)),
                confirmed.customers,
            ),
            technicians: Pool::new(
                Kind::Technician,
                owned(technicians(policy, &stored_techs)),
                confirmed.technicians,
            ),
            types: (!types.is_empty()).then(|| Pool::new(Kind::JobType, types, confirmed.types)),
        })
    }

    /// The job with its names in their known spelling, or why the row is refused.
    pub(crate) fn settle(&mut self, mut job: NewJob) -> Result<NewJob, String> {
        let customer = self.customers.settle(&job.customer)?;
        if let Some(t) = job.technician.take() {
            job.technician = Some(self.technicians.settle(&t)?);
        }
        if let (Some(t), Some(pool)) = (job.job_type.take(), self.types.as_mut()) {
            job.job_type = Some(pool.settle(&t)?);
        }
        job.customer = customer;
        Ok(job)
    }
}
