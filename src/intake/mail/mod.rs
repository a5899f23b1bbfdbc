//! Mail to job: one RFC 822 message in, one outcome out, whatever the source.
//!
//! Every source (the `ingest mail` pipe, a Maildir, IMAP) hands its raw bytes here:
//!
//! ```ignore
//! pub fn ingest(
//!     store: &mut slawatch_store::Store,
//!     policy: &slawatch_core::policy::Policy,
//!     raw: &[u8],
//!     fallback_receipt: i64, // IMAP INTERNALDATE / Maildir delivery time / ingest time
//!     now: i64,
//!     source: Source,        // Pipe | Maildir | Imap { mailbox, uid }
//! ) -> Result<Outcome, IngestError>
//! ```
//!
//! `Outcome` is one of created (job id) | attached (job id, a note) | duplicate (the job
//! the Message-ID already made) | held (reason) | ignored (auto-reply, loop); each is
//! recorded in the ingest log before `ingest` returns, in the same transaction as the
//! job, so a source may mark its copy as taken (move to `cur/`, flag `\Seen`) once
//! `Ok` comes back. `IngestError::NotMail` is the only refusal (exit 2 for the pipe);
//! `IngestError::Store` means nothing was recorded: keep the mail and retry.
