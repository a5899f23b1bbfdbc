//! The HTTP API (`slawatch serve`): tokens in, jobs and actions through the same domain
//! code as the command line, JSON out. Later parts (webhooks out, the customers'
//! commitments pages, PagerDuty events, the event stream) are routes and tasks beside
//! these.
//!
//! The store is SQLite and synchronous: each request's store work runs on a blocking
//! thread (`spawn_blocking`) with its own connection, and nothing holds a connection
//! across an await.

mod actions;
mod auth;
mod body;
mod errors;
mod feed;
mod jobs;
mod limits;
mod pagerduty;
mod portal;
mod rate;
pub mod secret;
pub mod webhooks;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use slawatch_core::policy::Policy;
use slawatch_store::Store;

pub use auth::Caller;
pub use errors::ApiError;

/// What the server runs on.
pub struct Config {
    pub listen: SocketAddr,
    pub db: PathBuf,
    /// The policy read at start, and the file it came from (edits apply live).
    pub policy: Policy,
    pub policy_file: PathBuf,
}

/// How often the policy file is looked at for an edit (a `stat`).
const POLICY_POLL: Duration = Duration::from_secs(2);

/// Shared by every request: where the store is and the policy in force.
#[derive(Clone)]
struct AppState {
    db: Arc<PathBuf>,
    /// Swapped whole when the file is edited; a request keeps the one it started with.
    policy: Arc<RwLock<Arc<Policy>>>,
    /// New events, from the one poller to every `/stream` client.
    feed: tokio::sync::broadcast::Sender<Arc<feed::Item>>,
    /// Turns true at SIGINT / SIGTERM: open streams end, so the graceful stop (which
    /// waits for every connection) is not held up by a client that never leaves.
    stopping: tokio::sync::watch::Receiver<bool>,
    /// The callers' request buckets (`[api] rate`).
    limiter: Arc<rate::Limiter>,
}

/// Store work of one request, with the store, the caller, the policy and `now`.
type Work<T> = Box<dyn FnOnce(&mut Store, &Caller, &Policy, i64) -> Result<T, ApiError> + Send>;

impl AppState {
    /// Runs `work` on a blocking thread once the token of `headers` is found good.
    async fn with_store<T: Send + 'static>(&self, headers: &HeaderMap, work: Work<T>) -> Result<T, ApiError> {
        let hash = auth::token_hash(headers)?;
        let db = Arc::clone(&self.db);
        let policy = self.policy()?;
        let limiter = Arc::clone(&self.limiter);
        tokio::task::spawn_blocking(move || {
            let mut store = Store::open_existing(&db)?;
            let now = crate::service::clock::now();
            // A good token gets its own bucket; a refused one is its address's again.
            let caller = auth::caller(&store, &hash, now, &policy.display_tz)
                .inspect(|_| limiter.known(&hash, &policy.api.rate, std::time::Instant::now()))
                .inspect_err(|e| {
                    if matches!(e, ApiError::Unauthorized(_)) {
                        limiter.forget(&hash);
                    }
                })?;
            work(&mut store, &caller, &policy, now)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("a store task failed: {e}")))?
    }
}

impl AppState {
    fn policy(&self) -> Result<Arc<Policy>, ApiError> {
        self.policy
            .read()
            .map(|p| Arc::clone(&p))
            .map_err(|_| ApiError::Internal("the policy lock was poisoned".to_owned()))
    }

    /// Follows edits of the policy file as the dashboard does: a good edit applies to
    /// the next request, a broken one is said on stderr and the policy in force stays.
    async fn follow_policy(self, file: PathBuf) {
        use crate::service::policy::{PolicySource, PolicyWatch};
        let mut watch = PolicyWatch::new(PolicySource::File(file));
        let mut tick = tokio::time::interval(POLICY_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tick.tick().await;
            let polled = tokio::task::spawn_blocking(move || {
                let r = watch.poll();
                (watch, r)
            })
            .await;
            let Ok((back, result)) = polled else { return };
            watch = back;
            match result {
                None => {}
                Some(Ok(p)) => {
                    let p = Arc::new(p);
                    if let Ok(mut held) = self.policy.write() {
                        *held = Arc::clone(&p);
                    }
                    // The webhooks it asks for apply to what the API records from now on.
                    let db = Arc::clone(&self.db);
                    let synced = tokio::task::spawn_blocking(move || {
                        Store::open_existing(&db).and_then(|mut s| webhooks::sync_routes(&mut s, &p))
                    })
                    .await;
                    if let Ok(Err(e)) = synced {
                        crate::say!("slawatch serve: the edited policy's webhooks are not in force: {e}");
                    }
                    crate::say!("slawatch serve: the policy file changed; it applies from the next request");
                }
                Some(Err(why)) => crate::say!(
                    "slawatch serve: the edited policy is not used ({why}); the policy in force stays"
                ),
            }
        }
    }
}

fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/jobs", post(jobs::create).get(jobs::list))
        .route("/api/v1/jobs/{id}", get(jobs::show))
        .route("/api/v1/jobs/{id}/actions", post(actions::record))
        .route("/api/v1/events", get(feed::events))
        .route(pagerduty::PATH, post(pagerduty::enqueue))
        .merge(portal::routes())
        .fallback(|| async {
            ApiError::NotFound(
                "no such endpoint — the API is under /api/v1 (jobs, jobs/ID, jobs/ID/actions, events, stream, integrations/pagerduty)".to_owned(),
            )
        })
        .method_not_allowed_fallback(|method: axum::http::Method| async move {
            ApiError::MethodNotAllowed(format!(
                "{method} is not taken here — POST /jobs logs a job, GET reads; actions are POST /jobs/ID/actions"
            ))
        })
        .layer(DefaultBodyLimit::max(limits::BODY_MAX))
        .layer(axum::middleware::from_fn(limits::timeout))
        // After the timeout layer: a stream is open for as long as its client listens.
        .route("/api/v1/stream", get(feed::stream))
        // Outermost: every request counts, a stream once at connect.
        .layer(axum::middleware::from_fn_with_state(state.clone(), rate::limit))
        .with_state(state)
}

/// Resolves on SIGINT or SIGTERM: the server stops taking connections and finishes
/// the requests it has.
async fn shutdown() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
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

/// Serves until SIGINT or SIGTERM; `ready` is told the address bound (the real port
/// for port 0) before the first request is taken.
///
/// # Errors
/// The address cannot be bound, or the runtime cannot start.
pub fn run(cfg: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    let (feed, _) = tokio::sync::broadcast::channel(feed::BROADCAST);
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let state = AppState {
        db: Arc::new(cfg.db),
        policy: Arc::new(RwLock::new(Arc::new(cfg.policy))),
        feed,
        stopping,
        limiter: Arc::new(rate::Limiter::new(std::time::Instant::now())),
    };
    rt.block_on(async move {
        tokio::spawn(state.clone().follow_policy(cfg.policy_file));
        feed::start_poller(
            Arc::clone(&state.db),
            Arc::clone(&state.policy),
            state.feed.clone(),
        );
        let listener = tokio::net::TcpListener::bind(cfg.listen).await.map_err(|e| {
            format!(
                "cannot listen on {}: {e} — is another server using the port? Pass --listen ADDR:PORT",
                cfg.listen
            )
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("cannot read the address listened on: {e}"))?;
        ready(addr);
        // With the peer address: requests without a known token are limited by it.
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown().await;
            let _ = stop.send(true);
        })
        .await
        .map_err(|e| format!("the server failed: {e}"))
    })
}
