//! The senders of a process: one thread per receiver, each with its own store
//! connection, so a dead or slow receiver only ever holds up its own deliveries —
//! never another receiver's, the alerts or the dashboard.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use slawatch_core::policy::Policy;
use slawatch_store::Store;

use super::deliver;
use crate::service::clock;

/// The policy in force, shared with the senders (an edit applies from their next round).
pub type PolicyCell = Arc<Mutex<Arc<Policy>>>;

/// How long an idle sender waits before looking again.
const IDLE: Duration = Duration::from_secs(1);

fn current(cell: &PolicyCell) -> Arc<Policy> {
    match cell.lock() {
        Ok(p) => Arc::clone(&p),
        Err(poisoned) => Arc::clone(&poisoned.into_inner()),
    }
}

/// Delivers to `url` until it leaves the policy (`follow`) or nothing is due any more.
fn run_hook(db: &Path, cell: &PolicyCell, url: &str, follow: bool, say: &(dyn Fn(String) + Sync)) {
    let agent = deliver::agent();
    let mut store: Option<Store> = None;
    let mut last_error: Option<String> = None;
    loop {
        let policy = current(cell);
        let Some(hook) = policy.webhooks.iter().find(|h| h.url == url) else {
            return;
        };
        if store.is_none() {
            match Store::open_existing(db) {
                Ok(s) => store = Some(s),
                Err(e) => say(format!("webhook {}: {e}", hook.index)),
            }
        }
        let worked = match store.as_mut() {
            Some(s) => match deliver::round(s, &policy, hook, &agent, &clock::now) {
                Ok(r) => {
                    if r.failed.is_some() && r.failed != last_error {
                        say(format!(
                            "webhook {}: {}",
                            hook.index,
                            r.failed.clone().unwrap_or_default()
                        ));
                    }
                    last_error.clone_from(&r.failed);
                    r.claimed > 0 && r.failed.is_none()
                }
                Err(e) => {
                    say(format!("webhook {}: {e}", hook.index));
                    false
                }
            },
            None => false,
        };
        if !worked {
            if !follow {
                return;
            }
            std::thread::sleep(IDLE);
        }
    }
}

/// Delivers everything due to every receiver of the policy, concurrently, and returns
/// once nothing is due (a failing receiver's deliveries wait for their next try).
pub fn deliver_due(db: &Path, policy: Arc<Policy>, say: &(dyn Fn(String) + Sync)) {
    let cell: PolicyCell = Arc::new(Mutex::new(Arc::clone(&policy)));
    std::thread::scope(|s| {
        for h in &policy.webhooks {
            let (cell, url) = (&cell, h.url.as_str());
            s.spawn(move || run_hook(db, cell, url, false, say));
        }
    });
}

/// Starts senders that follow `cell` for good: a receiver added by a policy edit gets
/// its sender within a second, one removed loses it.
pub fn spawn_following(db: PathBuf, cell: PolicyCell, say: fn(String)) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut running: HashMap<String, JoinHandle<()>> = HashMap::new();
        loop {
            let policy = current(&cell);
            running.retain(|_, h| !h.is_finished());
            for h in &policy.webhooks {
                if running.contains_key(&h.url) {
                    continue;
                }
                let (db, cell, url) = (db.clone(), Arc::clone(&cell), h.url.clone());
                let handle = std::thread::spawn(move || run_hook(&db, &cell, &url, true, &say));
                running.insert(h.url.clone(), handle);
            }
            std::thread::sleep(IDLE);
        }
    })
}
