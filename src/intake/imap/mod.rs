//! Mail from an IMAP mailbox: fetch each unseen message, hand its raw bytes to a handler
//! (which commits its job), and only then flag it `\Seen` (or move it). A handler error
//! leaves the message unseen, so it is handed again at the next pass.
//!
//! At least once, never lost: a message handled but not yet flagged when the connection
//! dies is handed again after the reconnect; the mail core's Message-ID dedupe makes that
//! second hand-over a duplicate, not a second job.

mod conn;
mod session;

pub use conn::{check_security, is_loopback};
pub use session::{follow, run_once};

use std::path::PathBuf;
use std::time::Duration;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Implicit TLS (IMAPS), verified against the CA file or the system's CAs.
    Tls,
    /// Plain IMAP upgraded with STARTTLS before the login (port 143), verified the same.
    StartTls,
    /// Plain TCP: only to a loopback host.
    Plain,
}

/// What is done to a message once its handler returned Ok.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterHandled {
    /// Flag it `\Seen` where it is.
    Seen,
    /// Move it to this mailbox (IMAP MOVE, RFC 6851), flagged `\Seen`.
    MoveTo(String),
}

/// The password, kept out of `Debug` output and error messages.
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Secret {
        Secret(s)
    }
    fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Where and how to read mail.
#[derive(Debug)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Secret,
    pub mailbox: String,
    pub security: Security,
    pub ca: Option<PathBuf>,
    /// A message larger than this is not fetched: left unseen, reported once.
    pub max_size: u64,
    pub after: AfterHandled,
    /// `--follow`: the longest wait between two passes (also IDLE's re-check).
    pub poll: Duration,
}

/// The handler's word that the message is taken (its job committed, or recorded as a
/// duplicate, held or ignored): the message may now be flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Taken,
}

/// Takes one message: its raw RFC 822 bytes, its INTERNALDATE (Unix seconds) and its
/// UID. Ok means committed; only then is the message flagged.
pub type Handler<'a, E> = dyn FnMut(&[u8], i64, u32) -> Result<Handled, E> + 'a;

/// Called once per batch, after its messages were handled and before they are flagged:
/// makes what the handler committed durable (a flagged message is gone for the next
/// pass, so its job must be on disk first). An error leaves the batch unseen.
pub type Settle<'a, E> = dyn FnMut() -> Result<(), E> + 'a;

/// What one pass over the mailbox did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PassReport {
    /// Handed over and flagged.
    pub taken: usize,
    /// The handler failed: left unseen, to be retried.
    pub failed: usize,
    /// Over `max_size`: left unseen, not fetched.
    pub too_large: usize,
}

/// Why IMAP ingest stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    /// The settings cannot work (plain to a remote host, a bad CA file): fix and rerun.
    #[error("{0}")]
    Refused(String),
    /// The server refused the login or the mailbox: fix the settings.
    #[error("{0}")]
    Rejected(String),
    /// The server could not be reached or went away: worth retrying.
    #[error("{0}")]
    Connect(String),
}

impl ImapError {
    /// Only a lost or unreachable server is retried by `follow`.
    pub fn is_transient(&self) -> bool {
        matches!(self, ImapError::Connect(_))
    }
}
