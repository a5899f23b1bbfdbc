//! The figures of a compliance report: per group and clock, the counts, the adherence
//! and the spread of the time taken; the breach list; the daily and weekly series.
//! Pure: jobs are fed one at a time (a report over a million jobs holds none of them),
//! and judged at the report's end or `now`, whichever is earlier.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use super::credits::CreditBook;
use super::durations::Durations;
use crate::job::EventKind;
use crate::job::Job;
use crate::job::JobStatus;
use crate::policy::{ClockKind, Policy};
use crate::sla::{ClockState, ClockStatus};

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
}

#[derive(Debug, Clone, Default)]
struct Acc {
    jobs: usize,
    met: usize,
    met_late: usize,
    breached_open: usize,
    open_within: usize,
    business: Durations,
    wall: Durations,
    excluded: i64,
}

/// What the report needs of one clock, from a judged clock or from the outcome frozen
/// into the event that stopped it.
#[derive(Debug, Clone)]
struct Fact {
    kind: ClockKind,
    state: ClockState,
    target: i64,
    elapsed: i64,
    deadline: Option<i64>,
    stopped_at: Option<i64>,
    started: i64,
    /// Business seconds excluded by pauses (not by a resolve → reopen gap).
    excluded: i64,
    /// The pause reasons, `(not excluded)` for the provider's own delay.
    paused: Vec<String>,
}

impl Fact {
    fn of(c: &ClockStatus) -> Self {
        Self {
            kind: c.kind,
            state: c.state,
            target: c.target,
            elapsed: c.elapsed,
            deadline: c.deadline,
            stopped_at: c.stopped_at,
            started: c.started,
            excluded: c
                .excluded
                .iter()
                .filter(|x| x.is_pause())
                .map(|x| x.business_secs)
                .sum(),
            paused: c
                .excluded
                .iter()
                .filter(|x| x.is_pause())
                .map(|x| x.reason.clone())
                .chain(
                    c.not_excluded
                        .iter()
                        .map(|x| format!("{} (not excluded)", x.reason)),
                )
                .collect(),
        }
    }
}

/// The clocks of a job closed by the end of the range, from the outcomes frozen into the
/// events that stopped them — no calendar arithmetic, and exactly what judging them
/// again would give (a stopped clock's outcome is never recomputed). `None` when the job
/// needs judging: still open, paused, reopened or re-prioritised at some point.
fn closed_facts(policy: &Policy, row: &Job, at: i64) -> Option<Vec<Fact>> {
    if row.status != JobStatus::Resolved || row.resolved_at.is_none_or(|r| r > at) {
        return None;
    }
    if row.clock_log.iter().any(|e| {
        matches!(
            e.k,
            EventKind::Paused | EventKind::Reopened | EventKind::Reprioritized
        )
    }) {
        return None;
    }
    let mut facts = Vec::with_capacity(3);
    for e in &row.clock_log {
        for o in &e.out {
            let state = match o.state {
                ClockState::Met | ClockState::MetLate => o.state,
                _ => return None,
            };
            facts.push(Fact {
                kind: o.clock,
                state,
                target: o.target,
                elapsed: o.elapsed,
                deadline: o.deadline,
                stopped_at: Some(e.at),
                started: row.created_at,
                excluded: 0,
                paused: Vec::new(),
            });
        }
    }
    // Every clock of the tier must have its outcome.
    let clocks = policy.tier(&row.tier)?.windows.iter().flatten().count();
    (facts.len() == clocks && !facts.is_empty()).then(|| {
        facts.sort_by_key(|f| f.kind.index());
        facts
    })
}

impl Acc {
    fn add(&mut self, c: &Fact) {
        self.jobs += 1;
        self.excluded += c.excluded;
        match c.state {
            ClockState::Met | ClockState::MetLate => {
                if c.state == ClockState::Met {
                    self.met += 1;
                } else {
                    self.met_late += 1;
                }
                self.business.push(c.elapsed);
                if let Some(stop) = c.stopped_at {
                    self.wall.push(stop - c.started);
                }
            }
            ClockState::Breached => self.breached_open += 1,
            ClockState::Running | ClockState::Paused => self.open_within += 1,
        }
    }

    fn merge(&mut self, o: Acc) {
        self.jobs += o.jobs;
        self.met += o.met;
        self.met_late += o.met_late;
        self.breached_open += o.breached_open;
        self.open_within += o.open_within;
        self.business.merge(&o.business);
        self.wall.merge(&o.wall);
        self.excluded += o.excluded;
    }

    /// Sorts the durations where they were collected (in each reading thread), so the
    /// merge is linear and the spread needs no sort.
    fn seal(&mut self) {
        self.business.seal();
        self.wall.seal();
    }

    fn adherence(&self) -> Option<f64> {
        let judged = self.met + self.met_late + self.breached_open;
        (judged > 0).then(|| self.met as f64 / judged as f64)
    }

    fn finish(mut self, clock: ClockKind) -> ClockFigures {
        // A builder fed directly (not through reading threads) was never sealed; on
        // sealed durations this is a linear pass.
        self.seal();
        ClockFigures {
            clock,
            jobs: self.jobs,
            met: self.met,
            met_late: self.met_late,
            breached_open: self.breached_open,
            open_within: self.open_within,
            adherence: self.adherence(),
            business: self.business.spread(),
            wall: self.wall.spread(),
            excluded_secs: self.excluded,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct GroupAcc {
    jobs: usize,
    clocks: [Acc; 3],
}

impl GroupAcc {
    fn merge(&mut self, o: GroupAcc) {
        self.jobs += o.jobs;
        for (a, b) in self.clocks.iter_mut().zip(o.clocks) {
            a.merge(b);
        }
    }

    fn finish(self, key: String) -> Group {
        Group {
            key,
            jobs: self.jobs,
            clocks: ClockKind::ALL
                .iter()
                .zip(self.clocks)
                .filter(|(_, a)| a.jobs > 0)
                .map(|(k, a)| a.finish(*k))
                .collect(),
        }
    }
}

/// Collects jobs into a report; several builders (one per thread) merge into one.
#[derive(Debug)]
pub struct Builder<'p> {
    policy: &'p Policy,
    spec: Spec,
    at: i64,
    groups: BTreeMap<String, GroupAcc>,
    total: GroupAcc,
    breaches: Vec<Breach>,
    credits: CreditBook,
    weekly: BTreeMap<(i32, u32), [(usize, usize); 3]>,
    daily: BTreeMap<NaiveDate, usize>,
    hashes: BTreeMap<String, usize>,
    unjudged: Vec<(i64, String)>,
    names: Names,
}

/// Each distinct name once, shared by the breaches that carry it.
#[derive(Debug, Default)]
struct Names(HashMap<Box<str>, Arc<str>>);

impl Names {
    fn get(&mut self, name: &str) -> Arc<str> {
        if let Some(n) = self.0.get(name) {
            return Arc::clone(n);
        }
        let n: Arc<str> = Arc::from(name);
        self.0.insert(name.into(), Arc::clone(&n));
        n
    }
}

fn local_date(t: i64, tz: &Tz) -> NaiveDate {
    chrono::DateTime::from_timestamp(t, 0).map_or(NaiveDate::MIN, |d| d.with_timezone(tz).date_naive())
}

/// `2026-W44` of the local date of `t`.
#[must_use]
pub fn iso_week(t: i64, tz: &Tz) -> String {
    let w = local_date(t, tz).iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

impl<'p> Builder<'p> {
    /// A report of `spec`, judged at the end of the range or `now`, whichever is earlier.
    #[must_use]
    pub fn new(policy: &'p Policy, spec: Spec, now: i64) -> Self {
        Self {
            policy,
            spec,
            at: spec.to.min(now),
            groups: BTreeMap::new(),
            total: GroupAcc::default(),
            breaches: Vec::new(),
            credits: CreditBook::default(),
            weekly: BTreeMap::new(),
            daily: BTreeMap::new(),
            hashes: BTreeMap::new(),
            unjudged: Vec::new(),
            names: Names::default(),
        }
    }

    /// The group of a job; week and month from its local logging date.
    fn key<'r>(&self, row: &'r Job, tier: &'r str, day: NaiveDate) -> std::borrow::Cow<'r, str> {
        use std::borrow::Cow;
        match self.spec.by {
            GroupBy::Customer => Cow::Borrowed(&row.customer),
            GroupBy::Contract => row
                .contract
                .as_deref()
                .map_or(Cow::Borrowed("(no contract)"), Cow::Borrowed),
            GroupBy::Tier => Cow::Borrowed(tier),
            GroupBy::Tech => row
                .technician
                .as_deref()
                .map_or(Cow::Borrowed("(unassigned)"), Cow::Borrowed),
            GroupBy::Priority => Cow::Borrowed(&row.priority),
            GroupBy::Week => {
                let w = day.iso_week();
                Cow::Owned(format!("{}-W{:02}", w.year(), w.week()))
            }
            GroupBy::Month => Cow::Owned(format!("{}-{:02}", day.year(), day.month())),
        }
    }

    /// Adds one job (jobs logged outside the range are ignored).
    pub fn add(&mut self, row: &Job) {
        if row.created_at < self.spec.from || row.created_at >= self.spec.to {
            return;
        }
        // As things stood at the end of the range: later events do not count.
        let later = row.clock_log.iter().any(|e| e.at > self.at);
        if !later && let Some(facts) = closed_facts(self.policy, row, self.at) {
            self.add_facts(row, &row.tier, &facts);
            return;
        }
        let truncated;
        let row = if later {
            let mut r = row.clone();
            r.clock_log.retain(|e| e.at <= self.at);
            truncated = r;
            &truncated
        } else {
            row
        };
        match row.evaluate(self.policy, self.at) {
            Ok(sla) => {
                let facts: Vec<Fact> = sla.clocks.iter().map(Fact::of).collect();
                self.add_facts(row, &sla.matched.tier.name, &facts);
            }
            Err(e) => self.unjudged.push((row.id, e.to_string())),
        }
    }

    fn add_facts(&mut self, row: &Job, tier: &str, facts: &[Fact]) {
        let tz = self.policy.display_tz;
        let day = local_date(row.created_at, &tz);
        // Look up before inserting: a million rows, a handful of keys, no copies.
        match self.hashes.get_mut(row.policy_hash.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.hashes.insert(row.policy_hash.clone(), 1);
            }
        }
        let key = self.key(row, tier, day);
        let iso = day.iso_week();
        let week = self.weekly.entry((iso.year(), iso.week())).or_default();
        if !self.groups.contains_key(key.as_ref()) {
            self.groups.insert(key.clone().into_owned(), GroupAcc::default());
        }
        let Some(group) = self.groups.get_mut(key.as_ref()) else {
            return;
        };
        group.jobs += 1;
        self.total.jobs += 1;
        let mut breached = [false; 3];
        for c in facts {
            let i = c.kind.index();
            group.clocks[i].add(c);
            self.total.clocks[i].add(c);
            let w = &mut week[i];
            match c.state {
                ClockState::Met => *w = (w.0 + 1, w.1 + 1),
                ClockState::MetLate | ClockState::Breached => w.1 += 1,
                _ => {}
            }
            if !c.state.is_breach() {
                continue;
            }
            breached[i] = true;
            *self
                .daily
                .entry(local_date(c.deadline.unwrap_or(row.created_at), &tz))
                .or_default() += 1;
            let names = &mut self.names;
            self.breaches.push(Breach {
                job: row.id,
                customer: names.get(&row.customer),
                contract: row.contract.as_deref().map(|c| names.get(c)),
                priority: names.get(&row.priority),
                tier: names.get(tier),
                clock: c.kind,
                state: if c.state == ClockState::MetLate {
                    "met_late"
                } else {
                    "breached"
                },
                logged: row.created_at,
                deadline: c.deadline,
                target: c.target,
                actual: c.elapsed,
                overrun: c.elapsed - c.target,
                technician: row.technician.as_deref().map(|t| names.get(t)),
                paused: c.paused.clone(),
            });
        }
        self.credits.add(self.policy, row, tier, day, breached);
    }

    /// Sorts what this builder collected; call it in the thread that filled it.
    pub fn seal(&mut self) {
        for g in self.groups.values_mut().chain(std::iter::once(&mut self.total)) {
            for a in &mut g.clocks {
                a.seal();
            }
        }
        self.breaches.sort_by_key(|b| (b.job, b.clock.index()));
    }

    /// Takes in what another builder of the same report collected.
    pub fn merge(&mut self, o: Builder<'_>) {
        for (k, g) in o.groups {
            self.groups.entry(k).or_default().merge(g);
        }
        self.total.merge(o.total);
        self.breaches.extend(o.breaches);
        self.credits.merge(o.credits);
        for (k, w) in o.weekly {
            let mine = self.weekly.entry(k).or_default();
            for (a, b) in mine.iter_mut().zip(w) {
                *a = (a.0 + b.0, a.1 + b.1);
            }
        }
        for (k, n) in o.daily {
            *self.daily.entry(k).or_default() += n;
        }
        for (k, n) in o.hashes {
            *self.hashes.entry(k).or_default() += n;
        }
        self.unjudged.extend(o.unjudged);
    }

    #[must_use]
    pub fn finish(mut self) -> Report {
        let tz = self.policy.display_tz;
        self.breaches.sort_by_key(|b| (b.job, b.clock.index()));
        self.unjudged.sort_unstable();
        // Every day of the range, breaches or not: a sparkline needs the zeros.
        let mut daily = Vec::new();
        let last = local_date(self.spec.to - 1, &tz);
        let mut d = local_date(self.spec.from, &tz);
        while d <= last && daily.len() < 3700 {
            daily.push((d.to_string(), self.daily.get(&d).copied().unwrap_or(0)));
            d = d.succ_opt().unwrap_or(NaiveDate::MAX);
        }
        let mut hashes: Vec<(String, usize)> = self.hashes.into_iter().collect();
        hashes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Report {
            from: self.spec.from,
            to: self.spec.to,
            judged_at: self.at,
            zone: tz.name().to_owned(),
            by: self.spec.by.name(),
            jobs: self.total.jobs,
            groups: self.groups.into_iter().map(|(k, g)| g.finish(k)).collect(),
            total: self.total.finish("all".to_owned()),
            breaches: self.breaches,
            credits: self.credits.finish(self.policy),
            weekly: self
                .weekly
                .into_iter()
                .map(|((year, week), w)| Week {
                    week: format!("{year}-W{week:02}"),
                    adherence: w.map(|(met, judged)| (judged > 0).then(|| met as f64 / judged as f64)),
                })
                .collect(),
            daily_breaches: daily,
            policy_hashes: hashes,
            unjudged: self.unjudged,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Spread;
    use crate::report::merge_sorted;

    #[test]
    fn sorted_runs_merge_into_one() {
        assert_eq!(
            merge_sorted(&[1, 4, 9], &[2, 3, 10, 11]),
            vec![1, 2, 3, 4, 9, 10, 11]
        );
        assert_eq!(merge_sorted(&[], &[5]), vec![5]);
        assert_eq!(merge_sorted(&[7, 7], &[7]), vec![7, 7, 7]);
    }

    #[test]
    fn spread_median_of_even_counts_and_p90_by_nearest_rank() {
        let s = Spread::of(&mut [40, 10, 30, 20]).unwrap();
        assert_eq!((s.avg, s.median, s.p90), (25, 25, 40));
        let mut ten: Vec<i64> = (1..=10).collect();
        let s = Spread::of(&mut ten).unwrap();
        assert_eq!((s.median, s.p90), (5, 9));
        assert_eq!(Spread::of(&mut []), None);
    }
}
