//! Who is calling: `Authorization: Bearer TOKEN`, looked up by the hash of the token,
//! refused (401) when absent, malformed, unknown, expired or revoked.

use axum::http::{HeaderMap, header};
use slawatch_core::time::instant::rfc3339;
use slawatch_store::{Store, TokenKind};

use super::errors::ApiError;
use super::secret;

/// `last_used_at` is written at most this often per token: a read must not become a
/// write each time.
const USED_EVERY: i64 = 60;

/// The caller of a request, from its token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub token: i64,
    pub kind: TokenKind,
    /// The user, the integration, or the customer.
    pub name: String,
    /// The one customer a customer or integration token is for.
    pub customer: Option<String>,
}

impl Caller {
    /// Whose posts share external ids: the same user or integration again, whichever
    /// of its tokens it uses.
    pub fn key(&self) -> String {
        match &self.customer {
            Some(c) => format!("{}:{}@{c}", self.kind.name(), self.name),
            None => format!("{}:{}", self.kind.name(), self.name),
        }
    }

    /// Whether this caller may see jobs of `customer`.
    pub fn sees(&self, customer: &str) -> bool {
        self.customer
            .as_deref()
            .is_none_or(|c| c.trim().eq_ignore_ascii_case(customer.trim()))
    }

    /// The user acting, for a write that needs one (an action on a job).
    ///
    /// # Errors
    /// [`ApiError::Forbidden`] for a customer's or an integration's token.
    pub fn user(&self) -> Result<&str, ApiError> {
        match self.kind {
            TokenKind::User => Ok(&self.name),
            TokenKind::Customer | TokenKind::Integration => Err(ApiError::Forbidden(format!(
                "this {} token may not do that: it needs a user token (`slawatch token create --user NAME`), acting with that user's roles",
                self.kind.name()
            ))),
        }
    }
}

/// The token the request presents.
pub(crate) fn presented(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::Unauthorized(
            "no token: send `Authorization: Bearer TOKEN` (make one with `slawatch token create --user NAME`)".to_owned(),
        )
    })?;
    let text = value.to_str().ok().unwrap_or_default().trim();
    let token = text
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .filter(|t| t.starts_with(secret::PREFIX))
        .ok_or_else(|| {
            ApiError::Unauthorized(format!(
                "the Authorization header is not `Bearer {}…`",
                secret::PREFIX
            ))
        })?;
    Ok(token)
}

/// The hash of the presented token, read before the store work (no header is carried
/// into the blocking task).
///
/// # Errors
/// [`ApiError::Unauthorized`] without a well-formed token.
pub fn token_hash(headers: &HeaderMap) -> Result<String, ApiError> {
    presented(headers).map(secret::hash)
}

/// The caller whose token hashes to `hash`, at `now`.
///
/// # Errors
/// [`ApiError::Unauthorized`] for an unknown, expired or revoked token.
pub fn caller(store: &Store, hash: &str, now: i64, tz: &chrono_tz::Tz) -> Result<Caller, ApiError> {
    let t = store.token_by_hash(hash)?.ok_or_else(|| {
        ApiError::Unauthorized("unknown token — `slawatch token list` shows the tokens in force".to_owned())
    })?;
    if let Some(at) = t.revoked_at {
        return Err(ApiError::Unauthorized(format!(
            "token {} was revoked at {} — ask for a new one",
            t.id,
            rfc3339(at, tz)
        )));
    }
    if let Some(at) = t.expires_at.filter(|e| now >= *e) {
        return Err(ApiError::Unauthorized(format!(
            "token {} expired at {} — ask for a new one",
            t.id,
            rfc3339(at, tz)
        )));
    }
    if t.last_used_at.is_none_or(|u| now - u >= USED_EVERY) {
        // Only for `token list`: a store that cannot be written now still answers.
        let _ = store.token_used(t.id, now);
    }
    Ok(Caller {
        token: t.id,
        kind: t.kind,
        name: t.name,
        customer: t.customer,
    })
}
