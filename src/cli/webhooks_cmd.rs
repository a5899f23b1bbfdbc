//! `webhooks deliver [--follow]`, `webhooks status [--json]`, `webhooks retry ID|--all`:
//! sending the webhook outbox without a watcher, and what it holds per receiver.

use std::collections::BTreeMap;
use std::sync::Arc;

use clap::Subcommand;
use serde_json::json;
use slawatch_core::policy::Policy;
use slawatch_core::text::inert;
use slawatch_core::time::instant::rfc3339;
use slawatch_store::{DeliveryRow, DeliveryState, Store};

use super::args::Global;
use super::{CliResult, Failure, db_path, emit, emit_json};
use crate::serve::webhooks::{sender, sync_routes};
use crate::service::clock;

#[derive(Debug, Subcommand)]
pub enum WebhooksCmd {
    /// Send what the webhook outbox holds that is due, to every receiver at once; with
    /// --follow keep sending as events are recorded (the watcher and the dashboard do
    /// this too, and find the warnings and breaches).
    Deliver {
        /// Keep running and send each event as it is queued (Ctrl-C stops).
        #[arg(long)]
        follow: bool,
    },
    /// Per receiver: delivered, pending, failing (the last error and the next try), dead.
    Status {
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make a failing or dead delivery due now (ID from `webhooks status`), or every one.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["id", "all"])))]
    Retry {
        /// The delivery: its ID in `webhooks status`.
        id: Option<i64>,
        /// Every delivery not delivered yet.
        #[arg(long)]
        all: bool,
    },
}

pub(super) fn run(global: &Global, cmd: &WebhooksCmd) -> CliResult {
    let policy = super::policy(global)?;
    let db = db_path(global)?;
    let mut store = Store::open_existing(&db)?;
    sync_routes(&mut store, &policy).map_err(|e| e.at(&db))?;
    match cmd {
        WebhooksCmd::Deliver { follow } => {
            if policy.webhooks.is_empty() {
                return Err(Failure::BadInput(
                    "the policy has no [[webhooks]]: there is nowhere to deliver to — add one (see sla.toml.example)"
                        .to_owned(),
                ));
            }
            drop(store);
            let say = |m: String| crate::say!("slawatch webhooks: {m}");
            if *follow {
                let cell: sender::PolicyCell = Arc::new(std::sync::Mutex::new(Arc::new(policy)));
                let _ = sender::spawn_following(db, cell, |m| crate::say!("slawatch webhooks: {m}")).join();
                return Ok(());
            }
            sender::deliver_due(&db, Arc::new(policy), &say);
            Ok(())
        }
        WebhooksCmd::Status { json } => status(&store, &policy, *json),
        WebhooksCmd::Retry { id, all } => {
            let id = (!*all).then_some(*id).flatten();
            let n = store.retry_webhooks(id, clock::now())?;
            if n == 0
                && let Some(id) = id
            {
                return Err(Failure::BadInput(format!(
                    "no undelivered webhook delivery {id} (delivered, being sent, or not there) — `slawatch webhooks status` lists them"
                )));
            }
            emit(&format!(
                "{n} due now; `slawatch webhooks deliver` (or a running watcher) sends them"
            ))
        }
    }
}

#[derive(Default)]
struct Tally<'a> {
    delivered: i64,
    pending: i64,
    failing: Vec<&'a DeliveryRow>,
    dead: Vec<&'a DeliveryRow>,
}

fn status(store: &Store, policy: &Policy, json: bool) -> CliResult {
    let (rows, delivered) = store.webhook_status()?;
    let mut per: BTreeMap<&str, Tally<'_>> = BTreeMap::new();
    for h in &policy.webhooks {
        per.entry(h.url.as_str()).or_default();
    }
    for (hook, n) in &delivered {
        per.entry(hook.as_str()).or_default().delivered = *n;
    }
    for r in &rows {
        let t = per.entry(r.hook.as_str()).or_default();
        match r.state() {
            DeliveryState::Pending => t.pending += 1,
            DeliveryState::Failing => t.failing.push(r),
            DeliveryState::Dead => t.dead.push(r),
            DeliveryState::Delivered => t.delivered += 1,
        }
    }
    let tz = policy.display_tz;
    let row_json = |r: &DeliveryRow| {
        json!({
            "id": r.id,
            "event": r.event,
            "kind": r.kind,
            "tries": r.attempts,
            "last_error": r.last_error,
            "next_try": (r.dead_at.is_none()).then(|| rfc3339(r.due_at, &tz)),
        })
    };
    if json {
        let v: Vec<_> = per
            .iter()
            .map(|(hook, t)| {
                json!({
                    "url": hook,
                    "in_policy": policy.webhooks.iter().any(|h| h.url == *hook),
                    "delivered": t.delivered,
                    "pending": t.pending,
                    "failing": t.failing.iter().map(|r| row_json(r)).collect::<Vec<_>>(),
                    "dead": t.dead.iter().map(|r| row_json(r)).collect::<Vec<_>>(),
                })
            })
            .collect();
        return emit_json(&json!(v), false);
    }
    if per.is_empty() {
        return emit("no [[webhooks]] in the policy and nothing in the webhook outbox");
    }
    for (hook, t) in &per {
        let gone = if policy.webhooks.iter().any(|h| h.url == *hook) {
            ""
        } else {
            " (no longer in the policy)"
        };
        emit(&format!(
            "{}{gone}: delivered {}, pending {}, failing {}, dead {}",
            inert(hook, 300),
            t.delivered,
            t.pending,
            t.failing.len(),
            t.dead.len()
        ))?;
        for r in &t.failing {
            emit(&format!(
                "  {:>5}  failing  event {} {}  tries {}  next try {} — {}",
                r.id,
                r.event,
                r.kind,
                r.attempts,
                rfc3339(r.due_at, &tz),
                inert(r.last_error.as_deref().unwrap_or_default(), 500)
            ))?;
        }
        for r in &t.dead {
            emit(&format!(
                "  {:>5}  dead     event {} {}  tries {} — {}  (`slawatch webhooks retry {}`)",
                r.id,
                r.event,
                r.kind,
                r.attempts,
                inert(r.last_error.as_deref().unwrap_or_default(), 500),
                r.id
            ))?;
        }
    }
    Ok(())
}
