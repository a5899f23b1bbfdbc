//! The customers' commitments page: `GET /c/{token}` (the customer's token in the
//! link a customer opens) and `GET /c` with it as Bearer, the same data as JSON at
//! `…/data.json`. Read-only, one customer's jobs, decided by the token alone; a link
//! that no longer works is a plain 404 page, never a 401 a customer cannot act on.

mod html;
mod view;

use std::sync::LazyLock;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use slawatch_store::{Store, TokenKind};

use super::errors::ApiError;
use super::{AppState, auth, secret};

/// What a dead link says (revoked, expired, unknown, or not a customer's).
pub const GONE: &str = "This link is no longer valid — ask your service desk for a new one.";

/// The routes, merged into the API's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/c", get(page_bearer))
        .route("/c/data.json", get(data_bearer))
        .route("/c/{token}", get(page_link))
        .route("/c/{token}/data.json", get(data_link))
}

fn sha256_source(text: &str) -> String {
    use base64::Engine;
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()));
    format!("'sha256-{hash}'")
}

/// Only the page's own inline style and script run; it may fetch only from here.
static CSP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'none'; connect-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        sha256_source(html::SCRIPT),
        sha256_source(html::STYLE)
    )
});

/// The headers of every answer here: the token is in the URL, so no referrer and no cache.
fn guarded(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // The policy is ASCII and cannot fail; were it to, the page stays inert rather than open.
    let csp = HeaderValue::from_str(&CSP).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

const HTML: &str = "text/html; charset=utf-8";
const JSON: &str = "application/json";

/// How the answer is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Page,
    Data,
}

/// Why there is no page.
enum Refusal {
    /// The token opens no customer's page.
    Gone,
    Failed(ApiError),
}

/// The view of the customer whose token hashes to `hash`.
async fn view_of(state: &AppState, hash: String) -> Result<view::View, Refusal> {
    let db = std::sync::Arc::clone(&state.db);
    let policy = state.policy().map_err(Refusal::Failed)?;
    let task = tokio::task::spawn_blocking(move || {
        let store = Store::open_existing(&db).map_err(|e| Refusal::Failed(e.into()))?;
        let now = crate::service::clock::now();
        let caller = match auth::caller(&store, &hash, now, &policy.display_tz) {
            Ok(c) => c,
            Err(ApiError::Unauthorized(_)) => return Err(Refusal::Gone),
            Err(e) => return Err(Refusal::Failed(e)),
        };
        // The customer comes from the token only; a user's token is no customer's link.
        let customer = match (caller.kind, caller.customer) {
            (TokenKind::Customer, Some(c)) => c,
            _ => return Err(Refusal::Gone),
        };
        view::read(&store, &policy, &customer, now).map_err(Refusal::Failed)
    });
    task.await
        .map_err(|e| Refusal::Failed(ApiError::Internal(format!("a store task failed: {e}"))))?
}

async fn answer(state: &AppState, token: Option<&str>, form: Form, feed: Option<String>) -> Response {
    let hash = token.filter(|t| t.starts_with(secret::PREFIX)).map(secret::hash);
    let result = match hash {
        Some(h) => view_of(state, h).await,
        None => Err(Refusal::Gone),
    };
    match (result, form) {
        (Ok(v), Form::Page) => guarded(StatusCode::OK, HTML, html::page(&v, feed.as_deref())),
        (Ok(v), Form::Data) => match serde_json::to_string(&v) {
            Ok(body) => guarded(StatusCode::OK, JSON, body),
            Err(e) => ApiError::Internal(format!("the page's data: {e}")).into_response(),
        },
        (Err(Refusal::Gone), Form::Page) => guarded(StatusCode::NOT_FOUND, HTML, html::gone()),
        (Err(Refusal::Gone), Form::Data) => guarded(
            StatusCode::NOT_FOUND,
            JSON,
            serde_json::json!({ "error": GONE }).to_string(),
        ),
        (Err(Refusal::Failed(e)), _) => e.into_response(),
    }
}

/// The Bearer token of `headers`, if any (a missing or malformed one opens nothing).
fn bearer(headers: &HeaderMap) -> Option<String> {
    auth::presented(headers).ok().map(str::to_owned)
}

async fn page_link(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let feed = format!("/c/{token}/data.json");
    answer(&state, Some(&token), Form::Page, Some(feed)).await
}

async fn data_link(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    answer(&state, Some(&token), Form::Data, None).await
}

/// With the token as Bearer the script cannot re-read (it sends no header): it only ticks.
async fn page_bearer(State(state): State<AppState>, headers: HeaderMap) -> Response {
    answer(&state, bearer(&headers).as_deref(), Form::Page, None).await
}

async fn data_bearer(State(state): State<AppState>, headers: HeaderMap) -> Response {
    answer(&state, bearer(&headers).as_deref(), Form::Data, None).await
}

#[cfg(test)]
mod tests {
    /// The CSP source form of a hash: standard base64 with padding, as browsers compare it.
    #[test]
    fn a_csp_hash_is_the_base64_of_the_sha256() {
        assert_eq!(
            super::sha256_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
