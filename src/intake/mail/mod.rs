//! Mail to job: one RFC 822 message in, one outcome out, whatever the source.
//!
//! Every source (the `ingest mail` pipe, a Maildir, IMAP) hands its raw bytes here:
//!
//! ```text
//! pub fn ingest(
//!     store: &mut slawatch_store::Store,
//!     policy: &slawatch_core::policy::Policy,
//!     raw: &[u8],
//!     fallback_receipt: i64, // IMAP INTERNALDATE / Maildir delivery time / ingest time
//!     now: i64,
//!     source: &Source,       // Pipe | Maildir | Imap { mailbox, uid }
//! ) -> Result<Outcome, IngestError>
//! ```
//!
//! `Outcome` is one of created (job id) | attached (job id, a note) | duplicate (the job
//! the Message-ID already made) | held (reason) | ignored (auto-reply, loop); each is
//! recorded in the ingest log before `ingest` returns, in the same transaction as the
//! job, so a source may mark its copy as taken (move to `cur/`, flag `\Seen`) once
//! `Ok` comes back. `IngestError::NotMail` is the only refusal (exit 2 for the pipe);
//! `IngestError::Store` means nothing was recorded: keep the mail and retry.

pub mod held;
pub mod maildir;
mod parse;

use serde_json::json;
use slawatch_core::job::{JobStatus, NewJob, prepare_from};
use slawatch_core::mail::{classify, clock_start, contract_for, reply_token, rule_for};
use slawatch_core::policy::Policy;
use slawatch_core::policy::mail::UnknownSender;
use slawatch_store::{MailEntry, MailTake, Store, StoreError, Taken};

pub use parse::{Parsed, not_mail, parse};

/// The route a message came by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Pipe,
    Maildir,
    Imap { mailbox: String, uid: u32 },
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Pipe => "pipe".to_owned(),
            Source::Maildir => "maildir".to_owned(),
            Source::Imap { mailbox, uid } => format!("imap:{mailbox}/{uid}"),
        }
    }
}

/// What became of a message, and why for held and ignored ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub taken: Taken,
    pub message_id: String,
    /// Why it was held or ignored.
    pub reason: Option<String>,
    /// For a job made from the mail under `[mail.acknowledge]`: "queued", or why not.
    pub acknowledgement: Option<String>,
    /// A reply attached to a closed job: why a dispatcher should look ("job 42 is resolved").
    pub flagged: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Not a mail at all (exit 2): nothing recorded.
    #[error("not a mail: {0}")]
    NotMail(String),
    /// Nothing recorded (exit 1): keep the mail and retry.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The actor of what a mail records when it has no usable sender.
const MAIL_ACTOR: &str = "mail";

/// Takes one message: see the module's documentation.
///
/// # Errors
/// [`IngestError::NotMail`] and [`IngestError::Store`].
pub fn ingest(
    store: &mut Store,
    policy: &Policy,
    raw: &[u8],
    fallback_receipt: i64,
    now: i64,
    source: &Source,
) -> Result<Outcome, IngestError> {
    let source_name = source.name();
    let max = usize::try_from(policy.mail.max_size).unwrap_or(usize::MAX);
    if raw.len() > max {
        // Too large to parse within bounds: held whole, with the reason.
        let reason = format!("larger than max_size ({} bytes > {max})", raw.len());
        if let Some(why) = not_mail(raw) {
            return Err(IngestError::NotMail(why));
        }
        let key = parse::hash_key(raw);
        let e = MailEntry {
            message_id: &key,
            source: &source_name,
            sender: None,
            subject: "",
            now,
        };
        let take = MailTake::Hold {
            reason: &reason,
            raw,
            receipt: fallback_receipt.min(now),
        };
        return finish(store, policy, &e, &take, Some(reason.clone()), key.clone());
    }
    let p = parse(raw).map_err(IngestError::NotMail)?;
    let clock = clock_start(&policy.mail, p.head.received, p.head.date, fallback_receipt, now);
    // The sender acts, unless no name could be: too long, or slawatch's own.
    let actor = p
        .head
        .sender
        .clone()
        .filter(|s| slawatch_core::job::identity::check(s).is_ok())
        .unwrap_or_else(|| MAIL_ACTOR.to_owned());
    let e = MailEntry {
        message_id: &p.key,
        source: &source_name,
        sender: p.head.sender.as_deref(),
        subject: &p.summary,
        now,
    };
    let hold = |reason: String| {
        (
            MailTake::Hold {
                reason: "",
                raw,
                receipt: clock.receipt,
            },
            reason,
        )
    };
    if let Some(auto) = classify(&p.head) {
        let reason = format!("automatic mail ({})", auto.name());
        let take = MailTake::Ignore { reason: &reason };
        return finish(store, policy, &e, &take, Some(reason.clone()), p.key.clone());
    }
    let contract = p.head.sender.as_deref().and_then(|s| contract_for(policy, s));

    // A reply: by its references first, then by a [#N] token.
    let target = match store.mail_job_by_refs(&p.head.refs)? {
        Some(j) => Some(j),
        None => reply_token(&p.head.subject),
    };
    if let Some(job_id) = target {
        let (take, reason) = match store.job(job_id) {
            Ok(job) if contract.is_some_and(|c| c.customer.eq_ignore_ascii_case(&job.customer)) => {
                let resume = job.status == JobStatus::Paused
                    && job
                        .pause_reason
                        .as_deref()
                        .and_then(|r| policy.pause_reason(r))
                        .is_some_and(|r| r.resume_on_reply);
                // A reply to a closed job is kept on it, flagged: the customer wrote
                // about work we consider done, and a dispatcher decides (reopen, or a
                // new job). It never reopens the job by itself.
                let flag = match job.status {
                    JobStatus::Resolved => Some(format!("job {job_id} is resolved")),
                    JobStatus::Cancelled => Some(format!("job {job_id} is cancelled")),
                    JobStatus::Open | JobStatus::Paused => None,
                };
                let after = match job.status {
                    JobStatus::Resolved => ", after the job was resolved",
                    JobStatus::Cancelled => ", after the job was cancelled",
                    JobStatus::Open | JobStatus::Paused => "",
                };
                let mut note = format!("mail from {actor}{after}: {}", p.summary);
                if !p.description.is_empty() {
                    note.push_str(" — ");
                    note.push_str(&p.description);
                }
                let note: String = note.chars().take(slawatch_core::job::limits::NOTE_MAX).collect();
                let take = MailTake::Attach {
                    job: job_id,
                    note,
                    actor: &actor,
                    at: clock.receipt.max(job.last_event_at).min(now),
                    resume,
                    flag: flag.as_deref(),
                };
                match finish(store, policy, &e, &take, None, p.key.clone()) {
                    Ok(mut out) => {
                        out.flagged = flag;
                        return Ok(out);
                    }
                    // The job refuses a note now (cancelled, say): the mail is kept.
                    Err(IngestError::Store(StoreError::Refused(why))) => {
                        hold(format!("a reply to job {job_id}, which refused it: {why}"))
                    }
                    other => return other,
                }
            }
            Ok(job) => hold(format!(
                "a reply to job {job_id} from {}, who is not of its customer {}",
                p.head.sender.as_deref().unwrap_or("an unknown sender"),
                job.customer
            )),
            Err(StoreError::NoSuchJob(_)) => hold(format!("a reply to job {job_id}, which does not exist")),
            Err(err) => return Err(err.into()),
        };
        return finish_hold(store, policy, &e, take, reason, p.key.clone());
    }

    let (customer, contract_id) = match (contract, policy.mail.unknown_sender) {
        (Some(c), _) => (c.customer.clone(), Some(c.id.clone())),
        (None, UnknownSender::Default) => {
            let domain = p
                .head
                .sender
                .as_deref()
                .and_then(|s| s.split_once('@'))
                .map(|(_, d)| d.to_owned());
            match domain {
                Some(d) => (d, None),
                None => {
                    let (take, reason) = hold("no sender address (From or Sender)".to_owned());
                    return finish_hold(store, policy, &e, take, reason, p.key.clone());
                }
            }
        }
        (None, UnknownSender::Hold) => {
            let (take, reason) = hold(format!(
                "unknown sender {}: no contract's `mail` lists it",
                p.head.sender.as_deref().unwrap_or("(none)")
            ));
            return finish_hold(store, policy, &e, take, reason, p.key.clone());
        }
        (None, UnknownSender::Refuse) => {
            let reason = format!(
                "refused: unknown sender {} (unknown_sender = \"refuse\")",
                p.head.sender.as_deref().unwrap_or("(none)")
            );
            let take = MailTake::Ignore { reason: &reason };
            return finish(store, policy, &e, &take, Some(reason.clone()), p.key.clone());
        }
    };
    let rule = rule_for(&policy.mail.rules, &p.head.subject);
    let priority = rule
        .and_then(|r| r.priority.clone())
        .or_else(|| policy.mail.default_priority.clone())
        .or_else(|| policy.priorities.last().cloned())
        .unwrap_or_else(|| "P3".to_owned());
    let job_type = rule
        .and_then(|r| r.job_type.clone())
        .or_else(|| policy.mail.default_type.clone());
    let new = NewJob {
        customer,
        contract: contract_id,
        priority,
        job_type,
        summary: if p.summary.is_empty() {
            "(no subject)".to_owned()
        } else {
            p.summary.clone()
        },
        at: Some(clock.start),
        ..NewJob::default()
    };
    let origin = origin(&p, &clock, &source_name);
    match prepare_from(policy, &new, &actor, now, Some(&origin)) {
        Ok(prepared) => finish(
            store,
            policy,
            &e,
            &MailTake::Create(&prepared),
            None,
            p.key.clone(),
        ),
        Err(err) => {
            let (take, reason) = hold(format!("cannot make a job: {err}"));
            finish_hold(store, policy, &e, take, reason, p.key.clone())
        }
    }
}

/// What the created event records of the mail.
fn origin(p: &Parsed, clock: &slawatch_core::mail::ClockStart, source: &str) -> serde_json::Value {
    json!({
        "mail": {
            "message_id": p.key,
            "sender": p.head.sender,
            "source": source,
            "receipt": clock.receipt,
            "receipt_from": clock.receipt_from,
            "date": clock.date,
            "clock_start": clock.start,
            "started_by": if clock.from_date { "date" } else { "receipt" },
            "why": clock.why,
            "description": p.description,
            "attachments": p.attachments.iter().map(|(n, s)| json!({"name": n, "size": s})).collect::<Vec<_>>(),
        }
    })
}

fn finish_hold(
    store: &mut Store,
    policy: &Policy,
    e: &MailEntry<'_>,
    take: MailTake<'_>,
    reason: String,
    key: String,
) -> Result<Outcome, IngestError> {
    let take = match take {
        MailTake::Hold { raw, receipt, .. } => MailTake::Hold {
            reason: &reason,
            raw,
            receipt,
        },
        other => other,
    };
    finish(store, policy, e, &take, Some(reason.clone()), key)
}

fn finish(
    store: &mut Store,
    policy: &Policy,
    e: &MailEntry<'_>,
    take: &MailTake<'_>,
    reason: Option<String>,
    key: String,
) -> Result<Outcome, IngestError> {
    let taken = store.take_mail(policy, e, take)?;
    let reason = match taken {
        Taken::Held(_) | Taken::Ignored => reason,
        _ => None,
    };
    // A job made from a mail: the sender is told its deadlines (queued with the job's
    // commit done; sent by the outbox, so an SMTP server never holds up intake).
    let mut acknowledgement = None;
    if let (Taken::Created(job), Some(ack), Some(sender)) = (taken, &policy.mail.acknowledge, e.sender) {
        let settings = crate::intake::outbox::Settings::of(ack);
        let id = (!key.starts_with("sha256:")).then(|| format!("<{key}>"));
        acknowledgement = Some(
            crate::intake::outbox::queue_ack(
                store,
                policy,
                &settings,
                job,
                (sender, e.subject, id.as_deref()),
                e.now,
            )?
            .map_or_else(|why| format!("not sent: {why}"), |_| "queued".to_owned()),
        );
    }
    Ok(Outcome {
        taken,
        message_id: key,
        reason,
        acknowledgement,
        flagged: None,
    })
}
