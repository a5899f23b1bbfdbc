//! The one place that reads the system clock; everything else takes `now`.

/// Now, in Unix seconds.
#[must_use]
#[allow(clippy::disallowed_methods)]
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
