//! How long each transition took, from history: kept per (tier, type), per tier and
//! overall, each as sorted business seconds, so the median and 80th percentile of any
//! key are a lookup. A key is trusted only with enough samples; otherwise the estimate
//! falls back from tier+type to the tier, then to everything.

use serde::Serialize;

use super::stages::{Sample, Stage, samples};
use crate::job::Job;
use crate::policy::{ClockKind, Policy};
use crate::report::merge_sorted;

/// Samples a key needs before its figures are used.
pub const MIN_SAMPLES: usize = 20;

/// Which history an estimate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    TierType,
    Tier,
    All,
}

impl Basis {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Basis::TierType => "tier+type",
            Basis::Tier => "tier",
            Basis::All => "all",
        }
    }
}

/// How long a transition takes, in business seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Estimate {
    pub median: i64,
    pub p80: i64,
    /// Samples behind the figures.
    pub samples: usize,
    pub basis: Basis,
}

/// Samples kept per (stage, clock) list at most: beyond this a list is thinned to evenly
/// spaced ranks, which keeps its median and 80th percentile to within a rank in a
/// thousand, and a million jobs' history in a few megabytes instead of a hundred.
const KEEP: usize = 4096;

/// The durations of each (stage, clock) pair; sorted except inside a builder. `counts`
/// are the samples seen, which thinning does not change.
#[derive(Debug, Clone, Default)]
struct Dists([Vec<u32>; 9], [usize; 9]);

fn slot(stage: Stage, clock: ClockKind) -> usize {
    stage.index() * 3 + clock.index()
}

/// Every `step`-th value of a sorted list, so at most `KEEP` remain.
fn thin(d: &mut Vec<u32>) {
    if d.len() <= KEEP {
        return;
    }
    let step = d.len().div_ceil(KEEP);
    let kept: Vec<u32> = d.iter().skip(step / 2).step_by(step).copied().collect();
    *d = kept;
}

impl Dists {
    fn insert(&mut self, slot: usize, v: u32) {
        let d = &mut self.0[slot];
        let i = d.partition_point(|&x| x <= v);
        d.insert(i, v);
        self.1[slot] += 1;
        if d.len() > 2 * KEEP {
            thin(d);
        }
    }

    fn sort(&mut self) {
        for d in &mut self.0 {
            d.sort_unstable();
        }
    }

    fn thin(&mut self) {
        for d in &mut self.0 {
            thin(d);
        }
    }

    /// Both, each list sorted, from sorted lists.
    fn merged(&self, o: &Dists) -> Dists {
        let mut out = Dists::default();
        for (k, d) in out.0.iter_mut().enumerate() {
            *d = merge_sorted(&self.0[k], &o.0[k]);
            out.1[k] = self.1[k] + o.1[k];
        }
        out
    }

    /// Median (the mean of the middle two for an even count, rounded down, as the
    /// report's figures) and 80th percentile (nearest rank: the smallest value with at
    /// least 80 % of the samples at or below it).
    fn figures(&self, slot: usize) -> Option<(i64, i64, usize)> {
        let d = &self.0[slot];
        let n = d.len();
        if n == 0 {
            return None;
        }
        let seen = self.1[slot];
        let median = if n % 2 == 1 {
            i64::from(d[n / 2])
        } else {
            (i64::from(d[n / 2 - 1]) + i64::from(d[n / 2])) / 2
        };
        let rank = (n * 4).div_ceil(5).max(1);
        Some((median, i64::from(d[rank - 1]), seen))
    }
}

#[derive(Debug, Clone, Default)]
struct TierBucket {
    all: Dists,
    /// Few types per tier: a short list beats hashing an `Option<String>`.
    types: Vec<(Option<String>, Dists)>,
}

impl TierBucket {
    fn of_type(&mut self, job_type: Option<&str>) -> &mut Dists {
        let i = match self.types.iter().position(|(t, _)| t.as_deref() == job_type) {
            Some(i) => i,
            None => {
                self.types.push((job_type.map(str::to_owned), Dists::default()));
                self.types.len() - 1
            }
        };
        &mut self.types[i].1
    }
}

/// Transition times known so far.
#[derive(Debug, Clone)]
pub struct History {
    min_samples: usize,
    /// A policy has a handful of tiers: a short list, found without allocating.
    tiers: Vec<(String, TierBucket)>,
    all: Dists,
    len: usize,
}

impl History {
    /// An empty history whose keys need `min_samples` (at least 1) samples.
    #[must_use]
    pub fn new(min_samples: usize) -> Self {
        Self {
            min_samples: min_samples.max(1),
            tiers: Vec::new(),
            all: Dists::default(),
            len: 0,
        }
    }

    /// The history of every transition of `jobs` that ended by `upto`.
    #[must_use]
    pub fn from_jobs<'a>(
        policy: &Policy,
        jobs: impl IntoIterator<Item = &'a Job>,
        upto: i64,
        min_samples: usize,
    ) -> Self {
        let mut b = HistoryBuilder::new(min_samples);
        for j in jobs {
            b.add_job(policy, j, upto);
        }
        b.finish()
    }

    #[must_use]
    pub fn min_samples(&self) -> usize {
        self.min_samples
    }

    /// Number of samples.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn bucket(&mut self, tier: &str) -> &mut TierBucket {
        let i = match self.tiers.iter().position(|(t, _)| t == tier) {
            Some(i) => i,
            None => {
                self.tiers.push((tier.to_owned(), TierBucket::default()));
                self.tiers.len() - 1
            }
        };
        &mut self.tiers[i].1
    }

    /// Takes in another history (of other jobs), keeping every list sorted.
    pub fn absorb(&mut self, o: History) {
        self.all = self.all.merged(&o.all);
        self.all.thin();
        self.len += o.len;
        for (tier, ob) in o.tiers {
            let b = self.bucket(&tier);
            b.all = b.all.merged(&ob.all);
            b.all.thin();
            for (t, d) in ob.types {
                let mine = b.of_type(t.as_deref());
                *mine = mine.merged(&d);
                mine.thin();
            }
        }
    }

    /// Adds one sample, keeping every list sorted (a replay adds them one by one).
    pub fn insert(&mut self, s: &Sample<'_>) {
        let (k, v) = (slot(s.stage, s.clock), secs(s.secs));
        self.all.insert(k, v);
        let b = self.bucket(s.tier);
        b.all.insert(k, v);
        b.of_type(s.job_type).insert(k, v);
        self.len += 1;
    }

    /// The median and 80th percentile of the business time from entering `stage` to
    /// the stop of `clock`, for tier+type, else the tier, else all: the first with at
    /// least `min_samples` samples.
    #[must_use]
    pub fn estimate(
        &self,
        tier: &str,
        job_type: Option<&str>,
        stage: Stage,
        clock: ClockKind,
    ) -> Option<Estimate> {
        let k = slot(stage, clock);
        let bucket = self.tiers.iter().find(|(t, _)| t == tier).map(|(_, b)| b);
        let typed = bucket.and_then(|b| b.types.iter().find(|(t, _)| t.as_deref() == job_type));
        [
            (typed.map(|(_, d)| d), Basis::TierType),
            (bucket.map(|b| &b.all), Basis::Tier),
            (Some(&self.all), Basis::All),
        ]
        .into_iter()
        .find_map(|(d, basis)| {
            let (median, p80, samples) = d?.figures(k)?;
            (samples >= self.min_samples).then_some(Estimate {
                median,
                p80,
                samples,
                basis,
            })
        })
    }
}

fn secs(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

/// Collects samples unsorted, per tier+type only, and sorts once at the end; the
/// tier's and the overall lists are then merged from the sorted ones. Building from a
/// million jobs stays O(n log n), and shares of the jobs built on several cores join
/// with [`History::absorb`].
#[derive(Debug, Clone)]
pub struct HistoryBuilder {
    h: History,
}

impl HistoryBuilder {
    #[must_use]
    pub fn new(min_samples: usize) -> Self {
        Self {
            h: History::new(min_samples),
        }
    }

    /// Adds every transition of `job` that ended by `upto`.
    pub fn add_job(&mut self, policy: &Policy, job: &Job, upto: i64) {
        samples(policy, job, upto, |s| self.push(&s));
    }

    fn push(&mut self, s: &Sample<'_>) {
        let (k, v) = (slot(s.stage, s.clock), secs(s.secs));
        let d = self.h.bucket(s.tier).of_type(s.job_type);
        d.0[k].push(v);
        d.1[k] += 1;
        self.h.len += 1;
    }

    #[must_use]
    pub fn finish(mut self) -> History {
        let h = &mut self.h;
        for (_, b) in &mut h.tiers {
            for (_, d) in &mut b.types {
                d.sort();
            }
            b.all = b.types.iter().fold(Dists::default(), |acc, (_, d)| acc.merged(d));
        }
        h.all = h
            .tiers
            .iter()
            .fold(Dists::default(), |acc, (_, b)| acc.merged(&b.all));
        // Merged in full first, so each list weighs its jobs fairly; then thinned.
        h.all.thin();
        for (_, b) in &mut h.tiers {
            b.all.thin();
            for (_, d) in &mut b.types {
                d.thin();
            }
        }
        self.h
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use ClockKind::{Attend, Respond};
    use Stage::{Logged, Responded};

    fn s(tier: &'static str, ty: &'static str, stage: Stage, clock: ClockKind, mins: i64) -> Sample<'static> {
        Sample {
            tier,
            job_type: Some(ty),
            stage,
            clock,
            end: 0,
            secs: mins * 60,
        }
    }

    fn mins(e: Option<Estimate>) -> Option<(i64, i64, usize, Basis)> {
        e.map(|e| (e.median / 60, e.p80 / 60, e.samples, e.basis))
    }

    #[test]
    fn median_and_80th_percentile() {
        let mut h = History::new(1);
        // Inserted out of order: 10, 20, 30, 40, 50 → median 30, p80 rank ⌈0.8·5⌉ = 4 → 40.
        for m in [40, 10, 50, 30, 20] {
            h.insert(&s("fast", "fix", Logged, Respond, m));
        }
        let e = h.estimate("fast", Some("fix"), Logged, Respond);
        assert_eq!(mins(e), Some((30, 40, 5, Basis::TierType)));
        // An even count: median the mean of 20 and 30; p80 rank ⌈0.8·4⌉ = 4 → 40.
        let mut h = History::new(1);
        for m in [10, 20, 30, 40] {
            h.insert(&s("fast", "fix", Logged, Respond, m));
        }
        assert_eq!(
            mins(h.estimate("fast", Some("fix"), Logged, Respond)),
            Some((25, 40, 4, Basis::TierType))
        );
        // Each (stage, clock) pair is its own list.
        assert_eq!(h.estimate("fast", Some("fix"), Responded, Attend), None);
    }

    #[test]
    fn too_few_samples_fall_back_to_the_tier_then_to_all() {
        let mut h = History::new(3);
        for m in [10, 20, 30] {
            h.insert(&s("fast", "fix", Logged, Respond, m));
        }
        h.insert(&s("fast", "visit", Logged, Respond, 100));
        for m in [200, 300] {
            h.insert(&s("slow", "fix", Logged, Respond, m));
        }
        // fast+fix has 3: its own figures.
        assert_eq!(
            mins(h.estimate("fast", Some("fix"), Logged, Respond)),
            Some((20, 30, 3, Basis::TierType))
        );
        // fast+visit has 1: the tier's 10, 20, 30, 100 → median 25, p80 rank 4 → 100.
        assert_eq!(
            mins(h.estimate("fast", Some("visit"), Logged, Respond)),
            Some((25, 100, 4, Basis::Tier))
        );
        // A type never seen: the tier too.
        assert_eq!(
            mins(h.estimate("fast", None, Logged, Respond)),
            Some((25, 100, 4, Basis::Tier))
        );
        // slow has 2 in all: everything, 10 20 30 100 200 300 → median 65, p80 rank 5 → 200.
        assert_eq!(
            mins(h.estimate("slow", Some("fix"), Logged, Respond)),
            Some((65, 200, 6, Basis::All))
        );
        assert_eq!(
            mins(h.estimate("gone", Some("fix"), Logged, Respond)),
            Some((65, 200, 6, Basis::All))
        );
        // Fewer than the minimum even overall: no estimate.
        let mut h = History::new(7);
        h.insert(&s("fast", "fix", Logged, Respond, 10));
        assert_eq!(h.estimate("fast", Some("fix"), Logged, Respond), None);
    }

    #[test]
    fn builders_of_parts_absorbed_equal_inserting_one_by_one() {
        let all: Vec<Sample<'static>> = (0..50)
            .map(|i| {
                let ty = if i % 3 == 0 { "fix" } else { "visit" };
                let tier = if i % 4 == 0 { "slow" } else { "fast" };
                s(tier, ty, Logged, Respond, (i * 37) % 101)
            })
            .collect();
        let mut one = History::new(5);
        let (mut a, mut b) = (HistoryBuilder::new(5), HistoryBuilder::new(5));
        for (i, x) in all.iter().enumerate() {
            one.insert(x);
            if i % 2 == 0 { a.push(x) } else { b.push(x) }
        }
        let mut built = a.finish();
        built.absorb(b.finish());
        assert_eq!(built.len(), one.len());
        for tier in ["fast", "slow", "other"] {
            for ty in [Some("fix"), Some("visit"), None] {
                let e = one.estimate(tier, ty, Logged, Respond);
                assert!(e.is_some());
                assert_eq!(built.estimate(tier, ty, Logged, Respond), e);
            }
        }
    }

    #[test]
    fn a_long_list_is_thinned_but_keeps_its_count_and_quantiles() {
        let mut d = super::Dists::default();
        for v in 0..100_000u32 {
            d.0[0].push(v);
        }
        d.1[0] = 100_000;
        d.thin();
        assert!(d.0[0].len() <= super::KEEP);
        let (median, p80, seen) = d.figures(0).unwrap();
        assert_eq!(seen, 100_000, "the samples seen, not the ones kept");
        assert!((median - 50_000).abs() <= 30, "{median}");
        assert!((p80 - 80_000).abs() <= 30, "{p80}");
    }
}
