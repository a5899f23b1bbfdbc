//! One round of deliveries to one receiver: claim what is due, POST each (signed), and
//! record the outcome with its next try; the first failure ends the round for that
//! receiver, the rest waits with it.

use std::time::Duration;

use slawatch_core::policy::Policy;
use slawatch_core::policy::webhooks::Webhook;
use slawatch_store::{Store, StoreError, WebhookClaim};

use super::{payload, sign};

/// Deliveries claimed at once per receiver.
const BATCH: i64 = 10;
/// A claim holds long enough for a whole batch at the total timeout each.
const LEASE: i64 = BATCH * 12 + 30;
/// Waits after the 1st, 2nd, … failure; then every 30 minutes.
const BACKOFF: &[i64] = &[10, 30, 60, 300, 900];
const EVERY_AFTER: i64 = 1800;
/// How long a receiver may fail before its deliveries are given up.
pub const GIVE_UP_AFTER: i64 = 86_400;

/// When to try again after failure number `attempts + 1`, `None` once that falls past a
/// day after queueing (dead, until `webhooks retry`).
#[must_use]
pub fn next_try(queued_at: i64, attempts: i64, now: i64) -> Option<i64> {
    let wait = usize::try_from(attempts)
        .ok()
        .and_then(|i| BACKOFF.get(i).copied())
        .unwrap_or(EVERY_AFTER);
    let at = now + wait;
    (at <= queued_at + GIVE_UP_AFTER).then_some(at)
}

/// The HTTP client: connect within 5 s, everything within 10 s, no redirects.
#[must_use]
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("slawatch/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// What a round did.
#[derive(Debug, Default)]
pub struct Round {
    pub delivered: usize,
    /// Why the receiver failed, if it did.
    pub failed: Option<String>,
    /// How many were claimed (0: nothing was due).
    pub claimed: usize,
}

/// One round for `hook`.
///
/// # Errors
/// The store could not be read or written.
pub fn round(
    store: &mut Store,
    policy: &Policy,
    hook: &Webhook,
    agent: &ureq::Agent,
    now: &dyn Fn() -> i64,
) -> Result<Round, StoreError> {
    let claims = store.claim_webhooks(&hook.url, now(), LEASE, BATCH)?;
    let mut out = Round {
        claimed: claims.len(),
        ..Round::default()
    };
    let several = policy.webhooks.len() > 1;
    let mut rest = claims.iter();
    for c in rest.by_ref() {
        let body = match &c.body {
            Some(b) => b.clone(),
            None => {
                let job = store.job(c.event.job)?;
                let b = payload::body(policy, c.kind, &c.event, &job);
                store.set_webhook_body(c.id, &b)?;
                b
            }
        };
        match post(hook, agent, c, &body, several, now()) {
            Ok(()) => {
                store.webhook_delivered(c, now())?;
                out.delivered += 1;
            }
            Err(why) => {
                let at = now();
                let retry = next_try(c.queued_at, c.attempts, at);
                store.webhook_failed(c, &why, at, retry)?;
                out.failed = Some(why);
                // The others wait with it rather than each waiting out a timeout now.
                let due = retry.unwrap_or(at + EVERY_AFTER);
                for later in rest.by_ref() {
                    store.webhook_release(later, due.max(later.event.recorded_at))?;
                }
                break;
            }
        }
    }
    Ok(out)
}

fn post(
    hook: &Webhook,
    agent: &ureq::Agent,
    c: &WebhookClaim,
    body: &str,
    several: bool,
    t: i64,
) -> Result<(), String> {
    let secret = match std::env::var(&hook.secret_env) {
        Ok(s) if !s.is_empty() => s,
        _ => {
            return Err(format!(
                "the signing secret is not set: the environment variable {} is missing or empty in this process — export it where slawatch runs (webhook {})",
                hook.secret_env, hook.index
            ));
        }
    };
    let id = if several {
        format!("{}-{}", c.event.id, hook.index)
    } else {
        c.event.id.to_string()
    };
    let sent = agent
        .post(&hook.url)
        .header("Content-Type", "application/json")
        .header("Slawatch-Signature", sign::header(secret.as_bytes(), t, body))
        .header("Slawatch-Event-Id", id)
        .send(body);
    match sent {
        Ok(r) if r.status().is_success() => Ok(()),
        Ok(r) => Err(format!("{} answered HTTP {}", hook.url, r.status().as_u16())),
        Err(e) => Err(format!("{}: {e}", hook.url)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_then_gives_up_after_a_day() {
        assert_eq!(next_try(0, 0, 0), Some(10));
        assert_eq!(next_try(0, 1, 10), Some(40));
        assert_eq!(next_try(0, 9, 1000), Some(2800));
        assert_eq!(next_try(0, 40, 86_000), None);
    }
}
