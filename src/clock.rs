//! The one place that reads the system clock; everything else takes `now`.

use std::sync::OnceLock;

/// `SLAWATCH_NOW` (an RFC 3339 instant or Unix seconds) starts the clock at that
/// instant, from where it runs on in real time: scripted clocks for end-to-end tests
/// and demos of a given moment. Unset (the normal case): the system clock.
fn offset() -> i64 {
    static OFFSET: OnceLock<i64> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        let Ok(v) = std::env::var("SLAWATCH_NOW") else {
            return 0;
        };
        let v = v.trim();
        let start = v.parse::<i64>().ok().or_else(|| {
            chrono::DateTime::parse_from_rfc3339(v)
                .ok()
                .map(|d| d.timestamp())
        });
        start.map_or(0, |s| s - system())
    })
}

#[allow(clippy::disallowed_methods)]
fn system() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Now, in Unix seconds.
#[must_use]
pub fn now() -> i64 {
    system() + offset()
}
