//! `mail outbox` and `mail outbox retry ID|--all`: what slawatch has to send, and a
//! nudge for what waits or was given up.

use serde_json::json;
use slawatch_core::policy::Policy;
use slawatch_core::text::inert;
use slawatch_core::time::instant::rfc3339;
use slawatch_store::{OutboxRow, Store};

use super::args::Global;
use super::mail_args::OutboxCmd;
use super::{CliResult, Failure, db_path};
use crate::service::clock;

pub(super) fn run(global: &Global, policy: &Policy, action: Option<&OutboxCmd>, json: bool) -> CliResult {
    let store = Store::open_existing(&db_path(global)?)?;
    let now = clock::now();
    match action {
        None => list(&store, policy, now, json),
        Some(OutboxCmd::Retry { id, all }) => retry(&store, policy, (!*all).then_some(*id).flatten(), now),
    }
}

fn subject(row: &OutboxRow) -> String {
    crate::intake::mail::parse(&row.message)
        .map(|p| p.head.subject)
        .unwrap_or_default()
}

fn list(store: &Store, policy: &Policy, now: i64, json: bool) -> CliResult {
    let rows = store.outbox()?;
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "job": r.job,
                    "to": r.recipient,
                    "subject": subject(r),
                    "state": r.state(now).name(),
                    "tries": r.attempts,
                    "queued_at": r.queued_at,
                    "sent_at": r.sent_at,
                    "next_try": r.next_try(),
                    "last_error": r.last_error,
                })
            })
            .collect();
        return super::emit_json(&json!(v), false);
    }
    if rows.is_empty() {
        return super::emit("the outbox is empty");
    }
    let tz = policy.display_tz;
    for r in &rows {
        let when = match (r.sent_at, r.next_try()) {
            (Some(at), _) => format!("sent {}", rfc3339(at, &tz)),
            (None, Some(at)) => format!("next try {}", rfc3339(at, &tz)),
            (None, None) => "given up".to_owned(),
        };
        super::emit(&format!(
            "{:>4}  job {:<6} {:<8} tries {}  {}  {}  {when}{}",
            r.id,
            r.job,
            r.state(now).name(),
            r.attempts,
            inert(&r.recipient, 200),
            inert(&subject(r), 200),
            r.last_error
                .as_deref()
                .map(|e| format!(" — {}", inert(e, 500)))
                .unwrap_or_default()
        ))?;
    }
    Ok(())
}

fn retry(store: &Store, policy: &Policy, id: Option<i64>, now: i64) -> CliResult {
    if policy.mail.acknowledge.is_none() {
        return Err(Failure::BadInput(
            "the policy has no [mail.acknowledge]: there is no SMTP server to send through — add one (see sla.toml.example)"
                .to_owned(),
        ));
    }
    let n = store.retry_mail(id, now)?;
    if n == 0
        && let Some(id) = id
    {
        return Err(Failure::BadInput(format!(
            "no unsent message {id} in the outbox (sent, being sent, or not there) — `slawatch mail outbox` lists them"
        )));
    }
    // The same round as after an ingest pass.
    let round = super::mail_cmd::send_acknowledgements(store, policy, now).unwrap_or_default();
    super::emit(&format!(
        "{n} due now; sent {}, failed {}",
        round.sent.len(),
        round.failed.len()
    ))?;
    for (job, why) in &round.failed {
        super::emit(&inert(&format!("job {job}: {why}"), 2000))?;
    }
    Ok(())
}
