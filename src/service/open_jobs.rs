//! Loading the open jobs of a store, judged: the start-up of the dashboard and `watch`.

use slawatch_core::board::Entry;
use slawatch_core::policy::Policy;
use slawatch_store::{JobFilter, Store, by_shares, cores};

/// Reads and judges every open job, one share per core, each on its own connection:
/// decoding rows and judging them is the start-up time of a big store. Each row is
/// judged as it is read: holding a share's rows first was a transient of tens of
/// megabytes, and their judging's scratch scattered between them stayed behind as
/// the allocator's fragmentation.
#[allow(clippy::vec_box)] // boxed for the board's map: see `Board::absorb_judged`
pub fn load_open(
    store: &Store,
    path: &std::path::Path,
    policy: &Policy,
    now: i64,
) -> Result<Vec<Box<Entry>>, String> {
    let ranges = store.open_id_ranges(cores()).map_err(|e| e.to_string())?;
    let parts = by_shares(path, ranges, |conn, range| {
        conn.small_cache()?;
        let mut entries = Vec::new();
        conn.each_job(
            &JobFilter {
                open_only: true,
                ids: Some(range),
                ..JobFilter::default()
            },
            |r| entries.push(Box::new(Entry::judge(r, policy, now))),
        )?;
        Ok(entries)
    })
    .map_err(|e| e.to_string())?;
    Ok(parts.into_iter().flatten().collect())
}
