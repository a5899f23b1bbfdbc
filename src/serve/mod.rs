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
mod jobs;
mod limits;
pub mod secret;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

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
    pub policy: Policy,
}

/// Shared by every request: where the store is and the policy in force.
#[derive(Clone)]
struct AppState {
    db: Arc<PathBuf>,
    policy: Arc<Policy>,
}

/// Store work of one request, with the store, the caller, the policy and `now`.
type Work<T> = Box<dyn FnOnce(&mut Store, &Caller, &Policy, i64) -> Result<T, ApiError> + Send>;

impl AppState {
    /// Runs `work` on a blocking thread once the token of `headers` is found good.
    async fn with_store<T: Send + 'static>(&self, headers: &HeaderMap, work: Work<T>) -> Result<T, ApiError> {
        let hash = auth::token_hash(headers)?;
        let (db, policy) = (Arc::clone(&self.db), Arc::clone(&self.policy));
        tokio::task::spawn_blocking(move || {
            let mut store = Store::open_existing(&db)?;
            let now = crate::service::clock::now();
            let caller = auth::caller(&store, &hash, now, &policy.display_tz)?;
            work(&mut store, &caller, &policy, now)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("a store task failed: {e}")))?
    }
}

fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/jobs", post(jobs::create).get(jobs::list))
        .route("/api/v1/jobs/{id}", get(jobs::show))
        .route("/api/v1/jobs/{id}/actions", post(actions::record))
        .fallback(|| async {
            ApiError::NotFound(
                "no such endpoint — the API is under /api/v1 (jobs, jobs/ID, jobs/ID/actions)".to_owned(),
            )
        })
        .layer(DefaultBodyLimit::max(limits::BODY_MAX))
        .layer(axum::middleware::from_fn(limits::timeout))
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
    let state = AppState {
        db: Arc::new(cfg.db),
        policy: Arc::new(cfg.policy),
    };
    rt.block_on(async move {
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
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| format!("the server failed: {e}"))
    })
}
