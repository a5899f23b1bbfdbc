//! The basic limits every request meets: a body size, a time to answer, and the same
//! text limits as the command line (`slawatch_core::job::limits`).

use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;

/// The largest request body: a job or an action is a few KB (a note at most 64 KB of
/// text, with room for JSON escapes).
pub const BODY_MAX: usize = 160 * 1024;

/// A request still unanswered after this long is given up (503); what the store
/// committed by then stays committed.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Middleware: [`REQUEST_TIMEOUT`] for every request.
pub async fn timeout(req: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => ApiError::Unavailable(format!(
            "the request took longer than {} s — try again",
            REQUEST_TIMEOUT.as_secs()
        ))
        .into_response(),
    }
}

/// `value` of the field at `path` within `max` bytes, as the command line checks it.
///
/// # Errors
/// [`ApiError::Invalid`] at `path`.
pub fn text(path: &str, what: &str, value: Option<&str>, max: usize) -> Result<(), ApiError> {
    value.map_or(Ok(()), |v| {
        slawatch_core::job::limits::check(what, v, max).map_err(|m| ApiError::invalid(path, m))
    })
}
