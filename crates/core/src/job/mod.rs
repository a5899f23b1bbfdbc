//! The job itself: what is stored of it ([`Job`]), its status and the kinds of its events,
//! the actions a dispatcher takes, the rules of which action may follow which, and
//! replaying its events. Pure: the store wraps these in transactions.

mod action;
mod chain;
pub mod clock_log;
pub mod event_data;
mod head;
pub mod identity;
mod kinds;
pub mod limits;
mod model;
mod plan;
mod replay;
pub mod revoke;
mod transitions;

pub use action::{JobAction, NewJob, Prepared, apply, apply_encoded, prepare, prepare_from, windows_text};
pub use chain::{EventRow, GENESIS, Hex, event_hash, event_hash_hex};
pub use head::{ChainHead, HeadParseError};
pub use kinds::{EventKind, JobStatus};
pub use model::{ClockEntry, ClockText, Job, Outcome};
pub use plan::{JobScript, PlannedEvent, PlannedJob, link, plan};
pub use replay::{Step, differences, normalised, step};
pub use transitions::{Who, check};

/// Why a job or an action was refused, in words a dispatcher can act on.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Not allowed now (illegal transition, bad time, unknown reason, bad text).
    #[error("{0}")]
    Refused(String),
    /// The actor lacks the role the action needs (the message names the role).
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Match(#[from] crate::policy::MatchError),
}
