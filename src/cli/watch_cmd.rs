//! `slawatch watch`: the alert engine without a screen, for an on-call manager's
//! machine or a user service. One line per notice (or JSON), delivered like the
//! dashboard does; `--once` evaluates, delivers and exits (for cron).

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use super::args::Global;
use super::{CliResult, Failure, actor, db_path, emit, load_policy, policy_path};
use crate::alerts::cycle::Engine;
use crate::alerts::deliver::{Deliverer, TerminalSink};
use crate::service::open_jobs::load_open;
use crate::service::policy::{PolicySource, PolicyWatch};
use slawatch_core::alerts::reminders;
use slawatch_core::alerts::{AlertKind, Notice, receives};
use slawatch_core::board::Board;
use slawatch_core::policy::Policy;
use slawatch_core::time::instant::rfc3339;
use slawatch_store::Store;

/// The line (or JSON object) logged for a delivered notice.
fn log_line(
    policy: &Policy,
    n: &Notice,
    now: i64,
    d: &crate::alerts::deliver::Delivery,
    json: bool,
) -> String {
    let via: Vec<&str> = [
        ("desktop", d.desktop),
        ("terminal", d.terminal),
        ("command", d.command),
    ]
    .iter()
    .filter(|(_, on)| *on)
    .map(|(m, _)| *m)
    .collect();
    if json {
        return slawatch_core::text::json_safe(
            json!({
                "at": rfc3339(now, &policy.display_tz),
                "kind": n.kind,
                "job": n.job,
                "event": n.event,
                "level": n.level,
                "late": n.late,
                "urgency": n.urgency.name(),
                "summary": n.summary,
                "body": n.body,
                "delivered": via,
            })
            .to_string(),
        );
    }
    // What the alert was (kind, threshold, job, clock: the summary) and its facts (the
    // body: the job's summary, its deadline), minus the dashboard's key hint; dated, as
    // a log is read days later.
    let facts: Vec<&str> = n
        .body
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("acknowledge:"))
        .collect();
    format!(
        "{} {}{} · {} — {}",
        slawatch_core::time::shown::dated(now, &policy.display_tz),
        n.summary,
        if n.late { " (late)" } else { "" },
        facts.join(" · "),
        if via.is_empty() {
            "logged".to_owned()
        } else {
            via.join(", ")
        }
    )
}

/// What `watch` keeps between rounds.
struct Watch {
    store: Store,
    policy: Arc<Policy>,
    board: Board,
    engine: Engine,
    deliverer: Deliverer,
    last_event: i64,
    policy_watch: PolicyWatch,
    /// The policy the webhook senders follow.
    hooks: crate::serve::webhooks::sender::PolicyCell,
    user: String,
    json: bool,
    /// The instant of the current round.
    now: i64,
}

impl Watch {
    fn reload(&mut self) -> Result<(), Failure> {
        let (newest, rows) = self.store.changed_since(self.last_event)?;
        self.last_event = newest;
        if !rows.is_empty() {
            self.board
                .absorb(rows, &self.policy, self.now, slawatch_store::cores());
        }
        Ok(())
    }

    /// An edited policy applies from the next round; a broken edit keeps the old one.
    fn check_policy(&mut self) {
        let Some(edited) = self.policy_watch.poll() else {
            return;
        };
        match edited {
            Ok(p) => {
                self.deliverer.set_config(p.notify.clone());
                self.policy = Arc::new(p);
                if let Err(e) = crate::serve::webhooks::sync_routes(&mut self.store, &self.policy) {
                    crate::say!("slawatch watch: webhooks: {e}");
                }
                if let Ok(mut cell) = self.hooks.lock() {
                    *cell = Arc::clone(&self.policy);
                }
                self.board.rejudge_all(&self.policy, self.now);
                crate::say!("slawatch watch: policy reloaded");
            }
            Err(e) => crate::say!("slawatch watch: the edited policy is not used: {e}"),
        }
    }

    async fn round(&mut self, now: i64) -> Result<(), Failure> {
        self.now = now;
        self.check_policy();
        self.board.tick(&self.policy, now, &[]);
        self.reload()?;
        let dues = self.board.take_crossings();
        let reminders = reminders(
            &self.policy,
            &self.user,
            self.board.jobs.values().map(|e| &e.row),
            now,
        );
        let policy = Arc::clone(&self.policy);
        // A read-only, locked or full store: say which file and what to do.
        let (recorded, notices) = self
            .engine
            .round(&mut self.store, &policy, &self.user, &dues, &reminders, now)
            .map_err(|e| e.at(self.store.path()))?;
        if recorded > 0 {
            // Automatic escalations changed jobs.
            self.reload()?;
        }
        for n in &notices {
            let d = self.deliverer.deliver(n, now).await;
            // Out: a kill from here on cannot make the user's next process repeat it. A
            // failed mark only risks that repeat: the round's other notices still go.
            if let Err(e) = self.store.mark_delivered(&self.user, &n.events) {
                crate::say!("slawatch watch: recording a delivered alert: {e}");
            }
            emit(&log_line(&policy, n, now, &d, self.json))?;
            for p in d.problems {
                crate::say!("slawatch watch: {p}");
            }
        }
        Ok(())
    }
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
        match term {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

pub(crate) fn watch(global: &Global, once: bool, json: bool, every: u64) -> CliResult {
    let policy_file = policy_path(global.policy.as_deref())?;
    let policy = Arc::new(load_policy(&policy_file)?);
    let db = db_path(global)?;
    let mut store = Store::open_existing(&db)?;
    crate::serve::webhooks::sync_routes(&mut store, &policy).map_err(|e| e.at(&db))?;
    let user = actor(global);
    if !receives(&policy, &user, AlertKind::Warning, 0)
        && !policy
            .escalation
            .iter()
            .any(|l| receives(&policy, &user, AlertKind::Escalation, i64::from(l.level)))
    {
        crate::say!(
            "slawatch watch: note: {user} holds no role that is told of alerts (see [roles] and [[escalation.levels]] in {}); alerts are recorded, none is shown",
            policy_file.display()
        );
    }
    let now = crate::service::clock::now();
    let entries = load_open(&store, &db, &policy, now).map_err(Failure::Runtime)?;
    let mut board = Board::default();
    board.absorb_judged(entries);
    let last_event = store.last_event_id()?;
    let hooks = Arc::new(std::sync::Mutex::new(Arc::clone(&policy)));
    let mut w = Watch {
        store,
        board,
        engine: Engine::default(),
        deliverer: Deliverer::new(policy.notify.clone(), TerminalSink::Stderr),
        policy,
        last_event,
        policy_watch: PolicyWatch::new(PolicySource::File(policy_file)),
        hooks,
        user,
        json,
        now,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Runtime(format!("cannot start the event loop: {e}")))?;
    rt.block_on(async {
        if once {
            w.round(crate::service::clock::now()).await?;
            // What this round queued (and anything due before) goes out before exiting.
            crate::serve::webhooks::sender::deliver_due(&db, Arc::clone(&w.policy), &|m| {
                crate::say!("slawatch watch: {m}");
            });
            return Ok(());
        }
        crate::serve::webhooks::sender::spawn_following(db.clone(), Arc::clone(&w.hooks), |m| {
            crate::say!("slawatch watch: {m}");
        });
        let mut tick = tokio::time::interval(Duration::from_secs(every.max(1)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let stop = stop_signal();
        tokio::pin!(stop);
        loop {
            tokio::select! {
                () = &mut stop => return Ok(()),
                _ = tick.tick() => match w.round(crate::service::clock::now()).await {
                    Ok(()) => {}
                    // Nobody reads the log any more.
                    Err(Failure::Closed) => return Err(Failure::Closed),
                    // A busy or briefly unreadable store: say so, try again next round.
                    Err(e) => crate::say!("slawatch watch: {}", e.message()),
                },
            }
        }
    })
}
