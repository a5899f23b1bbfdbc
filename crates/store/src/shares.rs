//! Reading a large store on every core: the jobs split by id into shares, each share
//! read on its own connection in its own thread (SQLite connections are not shared).

use std::path::Path;

use super::{Store, StoreError};

/// How many shares to read in parallel: the cores, at most 8.
#[must_use]
pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8)
}

/// Runs `part` on each id range `[lo, hi)` of `ranges`, each on a new connection to the
/// store at `path`, in parallel; the results in the order of `ranges`.
///
/// # Errors
/// The first share that failed (a store error, or a thread that panicked).
pub fn by_shares<T: Send>(
    path: &Path,
    ranges: Vec<(i64, i64)>,
    part: impl Fn(&Store, (i64, i64)) -> Result<T, StoreError> + Sync,
) -> Result<Vec<T>, StoreError> {
    let part = &part;
    std::thread::scope(|s| {
        let handles: Vec<_> = ranges
            .into_iter()
            .map(|r| s.spawn(move || part(&Store::open_existing(path)?, r)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(StoreError::Refused("a reading thread failed".to_owned())))
            })
            .collect()
    })
}
