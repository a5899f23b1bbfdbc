//! Webhooks out: every SLA event a `[[webhooks]]` entry asks for, POSTed from the
//! store's webhook outbox, signed, once across every running process.

pub mod deliver;
pub mod payload;
pub mod sender;
pub mod sign;

use slawatch_core::policy::Policy;
use slawatch_store::{Store, StoreError, WebhookRoute};

/// What the policy's webhooks ask the store to queue, as data.
#[must_use]
pub fn routes(policy: &Policy) -> Vec<WebhookRoute> {
    let mut out = Vec::new();
    for h in &policy.webhooks {
        for &kind in &h.events {
            if h.customers.is_empty() {
                out.push(WebhookRoute {
                    hook: h.url.clone(),
                    kind,
                    customer: None,
                });
            }
            for c in &h.customers {
                out.push(WebhookRoute {
                    hook: h.url.clone(),
                    kind,
                    customer: Some(c.clone()),
                });
            }
        }
    }
    out
}

/// Tells the store what to queue under `policy`: call wherever a process that writes
/// events has loaded the policy.
///
/// # Errors
/// The store could not be written.
pub fn sync_routes(store: &mut Store, policy: &Policy) -> Result<(), StoreError> {
    store.set_webhook_routes(&routes(policy))
}
