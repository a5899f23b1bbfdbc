//! The board: the open jobs judged at `now`, what they add up to, and the queue of the
//! instants at which some job's judgement next changes — what the dashboard, `watch` and
//! `list` all show. Pure: rows and `now` come in; nothing here reads the store or the
//! clock.

mod closed;
mod entry;
mod judge;
mod techs;
mod totals;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

pub use closed::{CLOSED_KEPT, Closed, closed_at};
pub use entry::{ClockLine, Entry, queue_key};
pub use judge::judge_all;
pub use techs::{TechRow, freest, tech_table};
pub use totals::Totals;

use crate::alerts::Due;
use crate::job::Job;
use crate::policy::Policy;

/// The open jobs judged at a moment.
#[derive(Debug, Default)]
pub struct Board {
    /// Open jobs by id. Boxed: the map moves pointers, not whole jobs, as it grows.
    pub jobs: HashMap<i64, Box<Entry>>,
    /// Counted when jobs change, so drawing a frame does not walk every job.
    totals: Totals,
    /// When each job's judgement next changes, soonest first (may hold stale entries:
    /// each is checked against the job's own `next_change` when it comes up).
    schedule: BinaryHeap<Reverse<(i64, i64)>>,
    /// Jobs judged since the alert engine last looked (their crossings may be new).
    rejudged: Vec<i64>,
    /// The recently resolved and cancelled jobs: not counted, not alerted, still shown.
    pub closed: Closed,
}

impl Board {
    /// Takes in fresh rows: open jobs are (re)judged at `now`, resolved and cancelled
    /// ones leave the queue for [`Board::closed`]. `threads`: how many to judge on at once.
    pub fn absorb(&mut self, rows: Vec<Job>, policy: &Policy, now: i64, threads: usize) {
        let (resolved, open): (Vec<Job>, Vec<Job>) = rows.into_iter().partition(|r| !r.status.is_tracked());
        for row in resolved {
            self.jobs.remove(&row.id);
            self.closed.insert(row, policy, now);
        }
        for row in &open {
            self.closed.remove(row.id);
        }
        self.absorb_judged(judge_all(open, policy, now, threads));
    }

    /// Takes in jobs already judged (start-up reads and judges in parallel).
    #[allow(clippy::vec_box)] // see `judge_all`
    pub fn absorb_judged(&mut self, entries: Vec<Box<Entry>>) {
        // Room up front: growing the map would move every (large) entry again.
        self.jobs.reserve(entries.len());
        self.schedule.reserve(entries.len());
        self.rejudged.reserve(entries.len());
        for e in entries {
            self.schedule.push(Reverse((e.next_change, e.row.id)));
            self.rejudged.push(e.row.id);
            self.jobs.insert(e.row.id, e);
        }
        self.count_totals();
    }

    /// Judges again every job whose urgency changes by `now`, and the jobs in `also`
    /// (those on screen) unless judged at `now` already. True when a scheduled change
    /// happened (an urgency moved, so filters on urgency may show other rows).
    pub fn tick(&mut self, policy: &Policy, now: i64, also: &[i64]) -> bool {
        let mut changed = false;
        while let Some(&Reverse((at, id))) = self.schedule.peek() {
            if at > now {
                break;
            }
            self.schedule.pop();
            if let Some(e) = self.jobs.get_mut(&id)
                && e.next_change == at
            {
                let before = Totals::of(e);
                e.rejudge(policy, now);
                self.totals.adjust(before, Totals::of(e));
                self.schedule.push(Reverse((e.next_change, id)));
                self.rejudged.push(id);
                changed = true;
            }
        }
        for id in also {
            if let Some(e) = self.jobs.get_mut(id)
                && e.judged_at != now
            {
                let (before, next, crossed) = (Totals::of(e), e.next_change, e.crossed.len());
                e.rejudge(policy, now);
                self.totals.adjust(before, Totals::of(e));
                if e.next_change != next {
                    self.schedule.push(Reverse((e.next_change, *id)));
                }
                if e.crossed.len() != crossed {
                    self.rejudged.push(*id);
                }
            }
        }
        changed
    }

    /// Judges every job again (the policy changed).
    pub fn rejudge_all(&mut self, policy: &Policy, now: i64) {
        self.closed.rejudge_all(policy, now);
        self.schedule.clear();
        self.rejudged.clear();
        for e in self.jobs.values_mut() {
            e.rejudge(policy, now);
            self.schedule.push(Reverse((e.next_change, e.row.id)));
            self.rejudged.push(e.row.id);
        }
        self.count_totals();
    }

    /// The crossings of the jobs judged since the last call, each with its tier.
    pub fn take_crossings(&mut self) -> Vec<(Due, String)> {
        let mut dues = Vec::new();
        for id in self.rejudged.drain(..) {
            if let Some(e) = self.jobs.get(&id) {
                dues.extend(e.crossed.iter().map(|d| (*d, e.tier().to_owned())));
            }
        }
        dues
    }

    #[must_use]
    pub fn totals(&self) -> Totals {
        self.totals
    }

    fn count_totals(&mut self) {
        let mut t = Totals::default();
        for e in self.jobs.values() {
            t.adjust(Totals::default(), Totals::of(e));
        }
        self.totals = t;
    }
}
