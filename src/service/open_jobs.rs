//! Loading the open jobs of a store, judged: the start-up of the dashboard and `watch`.

use slawatch_core::board::Entry;
use slawatch_core::policy::Policy;
use slawatch_store::{JobFilter, Store, by_shares, cores};

/// Reads and judges every open job, one share per core, each on its own connection:
/// decoding rows and judging them is the start-up time of a big store.
#[allow(clippy::vec_box)] // boxed for the board's map: see `Board::absorb_judged`
pub fn load_open(
    store: &Store,
    path: &std::path::Path,
    policy: &Policy,
    now: i64,
) -> Result<Vec<Box<Entry>>, String> {
    let ranges = store.open_id_ranges(cores()).map_err(|e| e.to_string())?;
    let parts = by_shares(path, ranges, |conn, range| {
        let rows = conn.jobs(&JobFilter {
            open_only: true,
            ids: Some(range),
            ..JobFilter::default()
        })?;
        Ok(rows
            .into_iter()
            .map(|r| Box::new(Entry::judge(r, policy, now)))
            .collect::<Vec<_>>())
    })
    .map_err(|e| e.to_string())?;
    Ok(parts.into_iter().flatten().collect())
}
