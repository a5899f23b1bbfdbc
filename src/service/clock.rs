//! The one place that reads the system clock; everything else takes `now`.

use std::path::PathBuf;
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
        // In milliseconds: the scripted clock reads exactly that instant until a whole
        // second has passed since the start (whole seconds would tick over at the
        // system clock's next second, however soon, and two commands run one after
        // the other could then record times out of order).
        start.map_or(0, |s| s * 1000 - system_ms())
    })
}

/// `SLAWATCH_CLOCK_JUMP_FILE` names a file holding a number of seconds (negative:
/// back) added to the clock, read again at every reading: a test moves a running
/// process's clock as someone setting the system clock would, without touching the
/// machine's. A missing or unreadable file adds nothing.
fn jump() -> i64 {
    static FILE: OnceLock<Option<PathBuf>> = OnceLock::new();
    FILE.get_or_init(|| std::env::var_os("SLAWATCH_CLOCK_JUMP_FILE").map(PathBuf::from))
        .as_ref()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

#[allow(clippy::disallowed_methods)]
fn system_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Starts a scripted clock (`SLAWATCH_NOW`) at the process's start rather than at its
/// first reading, which may come only after waiting for the store's lock. Call first
/// thing in `main`; without `SLAWATCH_NOW` it does nothing.
pub fn start() {
    let _ = offset();
}

/// Now, in Unix seconds.
#[must_use]
pub fn now() -> i64 {
    (system_ms() + offset()).div_euclid(1000) + jump()
}
