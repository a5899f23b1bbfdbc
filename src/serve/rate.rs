//! Per-token rate limits, in memory: a token bucket per known token, and one per client
//! address for requests without a known token — so guessing tokens is as slow as one
//! caller, whatever each guess is. A token is known once a request with it was found
//! good (`AppState::with_store`) and forgotten when it is refused. Over the limit: 429
//! with `Retry-After`. A `/stream` counts once, at connect.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use slawatch_core::policy::api::RateLimit;

use super::errors::ApiError;
use super::{AppState, auth, pagerduty};

/// Buckets that have filled up again are dropped this often: memory follows the
/// callers of the last minute, not every token or address ever seen.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// The SHA-256 of a token found good.
    Token(String),
    /// An address, for requests without a known token.
    Client(IpAddr),
}

#[derive(Debug)]
struct Bucket {
    level: f64,
    at: Instant,
}

impl Bucket {
    fn full(limit: &RateLimit, now: Instant) -> Self {
        Self {
            level: f64::from(limit.burst),
            at: now,
        }
    }

    fn refill(&mut self, limit: &RateLimit, now: Instant) {
        let gained = now.saturating_duration_since(self.at).as_secs_f64() * limit.per_second();
        self.level = (self.level + gained).min(f64::from(limit.burst));
        self.at = now;
    }

    /// One request, or the whole seconds until one is allowed (at least 1).
    fn take(&mut self, limit: &RateLimit, now: Instant) -> Result<(), u64> {
        self.refill(limit, now);
        if self.level >= 1.0 {
            self.level -= 1.0;
            return Ok(());
        }
        let secs = ((1.0 - self.level) / limit.per_second()).ceil();
        // At most an hour's wait for one request (RATE_MAX bounds the other side).
        Err((secs as u64).max(1))
    }
}

#[derive(Debug)]
struct Buckets {
    map: HashMap<Key, Bucket>,
    pruned: Instant,
}

/// Every bucket of the server.
#[derive(Debug)]
pub struct Limiter {
    inner: Mutex<Buckets>,
}

impl Limiter {
    pub fn new(now: Instant) -> Self {
        Self {
            inner: Mutex::new(Buckets {
                map: HashMap::new(),
                pruned: now,
            }),
        }
    }

    /// The buckets; a panic elsewhere leaves only counters behind, still usable.
    fn lock(&self) -> MutexGuard<'_, Buckets> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// One request of `hash`'s token (its own bucket once known) or else of `client`.
    ///
    /// # Errors
    /// The whole seconds to wait.
    fn take(&self, hash: Option<&str>, client: IpAddr, limit: &RateLimit, now: Instant) -> Result<(), u64> {
        let mut b = self.lock();
        if now.saturating_duration_since(b.pruned) >= PRUNE_EVERY {
            b.pruned = now;
            b.map.retain(|_, bucket| {
                bucket.refill(limit, now);
                bucket.level < f64::from(limit.burst)
            });
        }
        let key = match hash {
            Some(h) if b.map.contains_key(&Key::Token(h.to_owned())) => Key::Token(h.to_owned()),
            _ => Key::Client(client),
        };
        b.map
            .entry(key)
            .or_insert_with(|| Bucket::full(limit, now))
            .take(limit, now)
    }

    /// `hash`'s token was found good: it gets its own bucket, charged with the request
    /// that found it (which its address paid for).
    pub fn known(&self, hash: &str, limit: &RateLimit, now: Instant) {
        let mut b = self.lock();
        b.map.entry(Key::Token(hash.to_owned())).or_insert_with(|| {
            let mut bucket = Bucket::full(limit, now);
            bucket.level -= 1.0;
            bucket
        });
    }

    /// `hash`'s token was refused (revoked, expired): it is an address's request again.
    pub fn forget(&self, hash: &str) {
        self.lock().map.remove(&Key::Token(hash.to_owned()));
    }
}

/// Middleware: one request from the caller's bucket, or 429.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    let hash = auth::token_hash(req.headers()).ok();
    let limit = match state.policy() {
        Ok(p) => p.api.rate,
        Err(e) => return e.into_response(),
    };
    let Err(secs) = state
        .limiter
        .take(hash.as_deref(), client, &limit, Instant::now())
    else {
        return next.run(req).await;
    };
    let who = if hash.is_some() {
        "this token"
    } else {
        "this address"
    };
    let message = format!(
        "too many requests from {who} (the limit is {}) — retry in {secs} s",
        limit.describe()
    );
    if req.uri().path() == pagerduty::PATH {
        pagerduty::PdError::Throttled { message, secs }.into_response()
    } else {
        ApiError::TooManyRequests { message, secs }.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slawatch_core::policy::api::RatePer;

    const LIMIT: RateLimit = RateLimit {
        count: 2,
        per: RatePer::Second,
        burst: 3,
    };

    #[test]
    fn a_bucket_allows_the_burst_then_says_how_long_to_wait() {
        let t0 = Instant::now();
        let l = Limiter::new(t0);
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for _ in 0..3 {
            assert_eq!(l.take(None, ip, &LIMIT, t0), Ok(()));
        }
        assert_eq!(l.take(None, ip, &LIMIT, t0), Err(1));
        assert_eq!(l.take(None, ip, &LIMIT, t0 + Duration::from_millis(500)), Ok(()));
    }

    #[test]
    fn a_known_token_has_its_own_bucket_and_idle_ones_are_dropped() {
        let t0 = Instant::now();
        let l = Limiter::new(t0);
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for _ in 0..3 {
            assert_eq!(l.take(Some("guess"), ip, &LIMIT, t0), Ok(()));
        }
        assert_eq!(
            l.take(Some("other guess"), ip, &LIMIT, t0),
            Err(1),
            "guesses share the address"
        );
        l.known("good", &LIMIT, t0);
        assert_eq!(l.take(Some("good"), ip, &LIMIT, t0), Ok(()));
        l.forget("good");
        assert_eq!(l.take(Some("good"), ip, &LIMIT, t0), Err(1));
        let later = t0 + PRUNE_EVERY;
        assert_eq!(l.take(None, ip, &LIMIT, later), Ok(()));
        assert_eq!(l.lock().map.len(), 1, "only the bucket just used is left");
    }
}
