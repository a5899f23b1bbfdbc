//! Collecting jobs into a report, one at a time, on as many builders as there are
//! reading threads; the builders merge into one.

use crate::job::{EventKind, JobStatus};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use crate::job::Job;
use crate::policy::Policy;
use crate::report::credits::CreditBook;
use crate::sla::ClockState;

use super::facts::{Fact, GroupAcc, closed_facts};
use super::{Breach, GroupBy, Report, Spec, Week};

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
    cancelled: Vec<i64>,
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
            cancelled: Vec::new(),
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
        // A cancelled job (a duplicate, a mistake) is not judged; the report lists it.
        if row.status == JobStatus::Cancelled
            && row
                .clock_log
                .iter()
                .any(|e| e.k == EventKind::Cancelled && e.at <= self.at)
        {
            self.cancelled.push(row.id);
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
                self.hashes.insert(row.policy_hash.to_string(), 1);
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
        self.cancelled.extend(o.cancelled);
    }

    #[must_use]
    pub fn finish(mut self) -> Report {
        let tz = self.policy.display_tz;
        self.breaches.sort_by_key(|b| (b.job, b.clock.index()));
        self.unjudged.sort_unstable();
        self.cancelled.sort_unstable();
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
            cancelled: self.cancelled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Spread;
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
