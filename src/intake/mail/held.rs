//! Held mail for a dispatcher: what each says, and making its job. `slawatch mail
//! assign` and the dashboard both go through [`assign`], so the job is made one way.

use serde_json::json;
use slawatch_core::job::{NewJob, prepare_from};
use slawatch_core::policy::Policy;
use slawatch_store::{HeldMail, Store, StoreError};

use super::parse;

/// A held mail as a dispatcher reads it: the row, and what its text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldView {
    pub mail: HeldMail,
    /// The text body (HTML-only mail as plain text); empty when it cannot be parsed.
    pub description: String,
    /// Attachments by name and size in bytes (not stored).
    pub attachments: Vec<(String, usize)>,
}

/// What the dashboard shows of held mail: the oldest `limit` with their text (a flood
/// of held mail is not parsed whole on every change), how many there are in all, and
/// the closed jobs replied to since.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeldState {
    pub held: Vec<HeldView>,
    pub total: usize,
    pub replied: Vec<i64>,
}

/// The most held mails the dashboard lists (the CLI lists them all).
pub const HELD_SHOWN: usize = 500;

/// [`HeldState`] with at most `limit` mails listed.
///
/// # Errors
/// Store errors.
pub fn state(store: &Store, limit: usize) -> Result<HeldState, StoreError> {
    let rows = store.mail_held(false)?;
    let total = rows.len();
    Ok(HeldState {
        held: with_text(store, rows.into_iter().take(limit))?,
        total,
        replied: store.replied_after_close()?,
    })
}

/// Each held mail with its text, parsed from what the store kept of it.
fn with_text(store: &Store, rows: impl IntoIterator<Item = HeldMail>) -> Result<Vec<HeldView>, StoreError> {
    let mut out = Vec::new();
    for mail in rows {
        let parsed = store
            .mail_held_raw(&mail.id.to_string())?
            .and_then(|(_, raw)| parse(&raw).ok());
        let (description, attachments) = parsed.map(|p| (p.description, p.attachments)).unwrap_or_default();
        out.push(HeldView {
            mail,
            description,
            attachments,
        });
    }
    Ok(out)
}

/// Why a held mail did not become a job.
#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    /// No held mail by that id or Message-ID.
    #[error("no held mail `{0}` — `slawatch mail held` lists them")]
    NoSuchMail(String),
    /// The job rules refuse it (an unknown priority, a customer name too long…).
    #[error("{0}")]
    Job(String),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Made from held mail: the new job, and the held mail's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assigned {
    pub job: i64,
    pub held: i64,
}

/// Makes the job of held mail `key` (its id or Message-ID) for `customer`, by `actor`
/// through `source` ("assign", "dashboard"). The clock starts at the mail's receipt,
/// not at the moment it was assigned.
///
/// # Errors
/// [`AssignError`].
pub fn assign(
    store: &mut Store,
    policy: &Policy,
    key: &str,
    customer: &str,
    actor: &str,
    source: &str,
    now: i64,
) -> Result<Assigned, AssignError> {
    let Some((held, raw)) = store.mail_held_raw(key)? else {
        return Err(AssignError::NoSuchMail(slawatch_core::text::inert(key, 200)));
    };
    let p = parse(&raw).ok();
    let summary = held
        .subject
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "(no subject)".to_owned());
    let subject = p.as_ref().map(|p| p.head.subject.clone()).unwrap_or_default();
    let rule = slawatch_core::mail::rule_for(&policy.mail.rules, &subject);
    let new = NewJob {
        customer: customer.to_owned(),
        priority: rule
            .and_then(|r| r.priority.clone())
            .or_else(|| policy.mail.default_priority.clone())
            .or_else(|| policy.priorities.last().cloned())
            .unwrap_or_else(|| "P3".to_owned()),
        job_type: rule
            .and_then(|r| r.job_type.clone())
            .or_else(|| policy.mail.default_type.clone()),
        summary,
        at: Some(held.receipt.min(now)),
        ..NewJob::default()
    };
    let origin = json!({"mail": {
        "message_id": held.message_id,
        "sender": held.sender,
        "receipt": held.receipt,
        "clock_start": held.receipt,
        "started_by": "receipt",
        "why": "assigned from held mail",
        "held_because": held.reason,
        "assigned_by": actor,
        "description": p.as_ref().map(|p| p.description.clone()).unwrap_or_default(),
        "attachments": p.as_ref().map(|p| p.attachments.iter().map(|(n, s)| json!({"name": n, "size": s})).collect::<Vec<_>>()).unwrap_or_default(),
    }});
    let prepared =
        prepare_from(policy, &new, actor, now, Some(&origin)).map_err(|e| AssignError::Job(e.to_string()))?;
    let job = store.mail_assign(&held, &prepared, source, now)?;
    Ok(Assigned { job, held: held.id })
}
