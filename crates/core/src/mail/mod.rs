//! Mail to job, the pure decisions: from a message's headers (already parsed by the
//! program) to the clock's start, the customer, auto-reply or not, the thread and the
//! rule. No I/O, no clock: receipt fallbacks and `now` are parameters.

mod classify;
mod clock;
mod sender;
mod thread;

pub use classify::{AutoReason, classify};
pub use clock::{ClockStart, ReceiptFrom, StartWhy, clock_start};
pub use sender::{address_of, contract_for};
pub use thread::{reply_token, rule_for};

/// The header our acknowledgements carry, so a reply to one is never a job.
pub const OUR_HEADER: &str = "X-Slawatch-Ack";

/// What the decisions read of a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailHead {
    /// The topmost `Received` header's date (our server's stamp), if it had one.
    pub received: Option<i64>,
    /// The `Date` header.
    pub date: Option<i64>,
    /// `From`, else `Sender`: the bare address, lowercase.
    pub sender: Option<String>,
    pub subject: String,
    /// `Message-ID` without angle brackets.
    pub message_id: Option<String>,
    /// `In-Reply-To` and `References`, without angle brackets.
    pub refs: Vec<String>,
    pub auto_submitted: Option<String>,
    pub precedence: Option<String>,
    /// Our own [`OUR_HEADER`] was present.
    pub ours: bool,
    /// `Return-Path: <>`: a bounce, by RFC 5321.
    pub null_return_path: bool,
}
