//! `[mail]`: how a mail becomes a job.

use std::path::PathBuf;

/// Which instant starts the clock of a job made from mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MailStart {
    /// Our own server's receipt (the default: the sender's clock is not ours).
    #[default]
    Received,
    /// The sender's `Date`, when it lies within `max_skew` of receipt.
    Date,
}

/// What a mail from a sender no contract lists becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownSender {
    /// Kept for a dispatcher to assign (`slawatch mail assign`).
    #[default]
    Hold,
    /// A job of the sender's domain on the policy's `default_tier`.
    Default,
    /// Recorded in the ingest log, no job.
    Refuse,
}

/// `[[mail.rules]]`: a subject pattern and what it sets.
#[derive(Debug, Clone)]
pub struct MailRule {
    pub subject: regex::Regex,
    pub priority: Option<String>,
    pub job_type: Option<String>,
}

/// `[mail]`, with its defaults when absent.
#[derive(Debug, Clone)]
pub struct MailPolicy {
    pub start: MailStart,
    /// Seconds a `Date` may lie before or after receipt and still be trusted.
    pub max_skew: i64,
    pub unknown_sender: UnknownSender,
    /// None: the least urgent of `priorities` (or `P3` without a list).
    pub default_priority: Option<String>,
    pub default_type: Option<String>,
    /// The largest message taken, in bytes; a larger one is held.
    pub max_size: u64,
    pub rules: Vec<MailRule>,
    /// `[mail.acknowledge]`: the customer is told the job's deadlines.
    pub acknowledge: Option<Acknowledge>,
}

/// How the connection to the acknowledgement's SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AckSecurity {
    /// TLS from the first byte (port 465).
    Tls,
    /// STARTTLS, required (port 587): the default.
    #[default]
    StartTls,
    /// No TLS: allowed only to a server on this machine.
    Plain,
}

/// `[mail.acknowledge]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledge {
    pub host: String,
    pub port: u16,
    pub security: AckSecurity,
    pub from: String,
    /// None: the built-in text.
    pub template: Option<String>,
    /// The login at the relay (`user` with `password_file` or `password_env`).
    pub login: Option<SmtpLogin>,
    /// A CA certificate (PEM) to trust besides the system's (a private relay), as written.
    pub ca: Option<PathBuf>,
}

/// `user` and where its password is read from at send time (never the policy itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpLogin {
    pub user: String,
    pub password: PasswordSource,
}

/// Where the relay's password is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// A file whose first line is the password, as written (a relative path is the
    /// policy file's directory's: the program anchors it, the core reads no files).
    File(PathBuf),
    /// An environment variable of the process that sends.
    Env(String),
}

/// Default `max_skew`.
pub const DEFAULT_SKEW: i64 = 15 * 60;
/// Default `max_size`: 10 MB.
pub const DEFAULT_MAX_SIZE: u64 = 10_000_000;

impl Default for MailPolicy {
    fn default() -> Self {
        Self {
            start: MailStart::Received,
            max_skew: DEFAULT_SKEW,
            unknown_sender: UnknownSender::Hold,
            default_priority: None,
            default_type: None,
            max_size: DEFAULT_MAX_SIZE,
            rules: Vec::new(),
            acknowledge: None,
        }
    }
}
