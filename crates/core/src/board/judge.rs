//! Judging many jobs at once, on several threads when there are enough to be worth it
//! (start-up with tens of thousands of open jobs).

use super::Entry;
use crate::job::Job;
use crate::policy::Policy;

/// Judges `rows` at `now` on up to `threads` threads. Boxed, so that moving the entries
/// into a map moves pointers.
#[allow(clippy::vec_box)]
#[must_use]
pub fn judge_all(rows: Vec<Job>, policy: &Policy, now: i64, threads: usize) -> Vec<Box<Entry>> {
    if threads < 2 || rows.len() < 4_000 {
        return rows
            .into_iter()
            .map(|r| Box::new(Entry::judge(r, policy, now)))
            .collect();
    }
    let per = rows.len().div_ceil(threads);
    let mut parts = Vec::with_capacity(threads);
    let mut rest = rows;
    while rest.len() > per {
        let tail = rest.split_off(per);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                s.spawn(move || {
                    part.into_iter()
                        .map(|r| Box::new(Entry::judge(r, policy, now)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}
