//! The figures of a compliance report: per group and clock, the counts, the adherence
//! and the spread of the time taken; the breach list; the daily and weekly series.
//! Pure: jobs are fed one at a time (a report over a million jobs holds none of them),
//! and judged at the report's end or `now`, whichever is earlier. The types of the
//! report are here; what is collected per clock in `facts`, the collecting in `builder`.

mod builder;
mod facts;

use std::sync::Arc;

use crate::policy::ClockKind;

pub use builder::{Builder, iso_week};

/// How the summary is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupBy {
    Customer,
    Contract,
    Tier,
    Tech,
    Priority,
    Week,
    Month,
}

impl GroupBy {
    pub const NAMES: &[&str] = &[
        "customer", "contract", "tier", "tech", "priority", "week", "month",
    ];

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "customer" => Self::Customer,
            "contract" => Self::Contract,
            "tier" => Self::Tier,
            "tech" => Self::Tech,
            "priority" => Self::Priority,
            "week" => Self::Week,
            "month" => Self::Month,
            _ => return None,
        })
    }

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Contract => "contract",
            Self::Tier => "tier",
            Self::Tech => "tech",
            Self::Priority => "priority",
            Self::Week => "week",
            Self::Month => "month",
        }
    }
}

/// What a report covers: jobs logged in `[from, to)`, grouped `by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub from: i64,
    pub to: i64,
    pub by: GroupBy,
}

/// Average, median and 90th percentile of durations (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Spread {
    pub avg: i64,
    pub median: i64,
    pub p90: i64,
}

impl Spread {
    /// The median of an even count is the mean of the middle two (rounded down); the
    /// 90th percentile is the nearest rank: the smallest value with 90 % at or below it.
    #[must_use]
    pub fn of(values: &mut [i64]) -> Option<Self> {
        values.sort_unstable();
        let sum: i128 = values.iter().map(|v| i128::from(*v)).sum();
        Self::of_sorted(values.len(), |i| values[i], sum)
    }

    /// The spread of `n` values given in ascending order by `at`, summing to `sum`.
    pub fn of_sorted(n: usize, at: impl Fn(usize) -> i64, sum: i128) -> Option<Self> {
        if n == 0 {
            return None;
        }
        let median = if n % 2 == 1 {
            at(n / 2)
        } else {
            (at(n / 2 - 1) + at(n / 2)).div_euclid(2)
        };
        let rank = (n * 9).div_ceil(10).max(1);
        Some(Self {
            avg: i64::try_from(sum.div_euclid(n as i128)).unwrap_or(i64::MAX),
            median,
            p90: at(rank - 1),
        })
    }
}

/// One clock of one group.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClockFigures {
    pub clock: ClockKind,
    /// Jobs that have this clock.
    pub jobs: usize,
    /// Stopped within the window.
    pub met: usize,
    /// Stopped after the window ran out.
    pub met_late: usize,
    /// Still running past the window at the end of the range.
    pub breached_open: usize,
    /// Still running (or paused) within the window at the end of the range.
    pub open_within: usize,
    /// `met / (met + met_late + breached_open)`: open jobs still within their window are
    /// not judged yet. `None` when nothing is judged.
    pub adherence: Option<f64>,
    /// Business time taken by the stopped clocks.
    pub business: Option<Spread>,
    /// Wall time from logging to the stop.
    pub wall: Option<Spread>,
    /// Business time excluded by customer-caused pauses, all jobs of the group.
    pub excluded_secs: i64,
}

/// A group of the summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Group {
    pub key: String,
    pub jobs: usize,
    pub clocks: Vec<ClockFigures>,
}

/// A breached clock, for the breach list. A year's report can hold hundreds of thousands:
/// the names they share are one [`Arc`] each, not a string per breach.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Breach {
    pub job: i64,
    pub customer: Arc<str>,
    pub contract: Option<Arc<str>>,
    pub priority: Arc<str>,
    pub tier: Arc<str>,
    pub clock: ClockKind,
    /// `met_late` (stopped late) or `breached` (still running at the end of the range).
    pub state: &'static str,
    pub logged: i64,
    pub deadline: Option<i64>,
    /// The window and the business time taken, in seconds.
    pub target: i64,
    pub actual: i64,
    pub overrun: i64,
    pub technician: Option<Arc<str>>,
    /// The pauses of this clock: reasons, `(not excluded)` for the provider's own delay.
    pub paused: Vec<String>,
}

/// Adherence of one ISO week (by logging date).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Week {
    /// `2026-W44`.
    pub week: String,
    pub adherence: [Option<f64>; 3],
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    pub from: i64,
    pub to: i64,
    /// Open clocks are judged at this instant: the end of the range, or now if earlier.
    pub judged_at: i64,
    pub zone: String,
    pub by: &'static str,
    pub jobs: usize,
    pub groups: Vec<Group>,
    pub total: Group,
    pub breaches: Vec<Breach>,
    pub credits: Vec<super::credits::CreditLine>,
    pub weekly: Vec<Week>,
    /// Breaches per day of their deadline, every day of the range.
    pub daily_breaches: Vec<(String, usize)>,
    /// The policy versions (hash) the jobs were logged or last re-tiered under.
    pub policy_hashes: Vec<(String, usize)>,
    /// Jobs the policy in force can no longer place, with the reason.
    pub unjudged: Vec<(i64, String)>,
    /// Jobs cancelled by the end of the range (duplicates, mistakes): not judged.
    pub cancelled: Vec<i64>,
}
