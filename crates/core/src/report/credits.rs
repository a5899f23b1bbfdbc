//! Service credits: per account (contract, or customer without one) and calendar month
//! of logging, each breached clock the terms count costs `per_breach` of the monthly
//! fee, up to `cap` of it. A contract's own terms win over its tier's.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::job::Job;
use crate::policy::{Credit, Policy};

/// The credit owed for one account and month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CreditLine {
    /// The contract id, or the customer of jobs without a contract.
    pub account: String,
    /// `2026-10`, in the display zone.
    pub month: String,
    /// Where the terms come from: `contract` or `tier NAME`.
    pub terms: String,
    pub monthly_fee: f64,
    pub per_breach: f64,
    pub cap: f64,
    /// Jobs logged that month under these terms.
    pub jobs: usize,
    /// Breached clocks (met late or still running late) the terms count.
    pub breaches: usize,
    /// `min(per_breach × breaches, cap)`.
    pub share: f64,
    pub capped: bool,
    pub credit: f64,
}

/// Jobs and counted breaches per account, then per (month, terms: `None` for the
/// contract's own, else the tier's name).
/// Per (year, month) and terms (`None`: the contract's own, else the tier's name): jobs
/// and counted breaches.
type Months = BTreeMap<((i32, u32), Option<String>), (usize, usize)>;

#[derive(Debug, Clone, Default)]
pub struct CreditBook {
    lines: BTreeMap<String, Months>,
}

/// The terms of a job: the contract's own (`None`), else its tier's (`Some(tier)`).
fn terms<'a>(policy: &'a Policy, row: &Job, tier: &'a str) -> Option<(Option<&'a str>, &'a Credit)> {
    let contract = row
        .contract
        .as_deref()
        .and_then(|id| policy.contracts.iter().find(|c| c.id.eq_ignore_ascii_case(id)));
    if let Some(c) = contract.and_then(|c| c.credit.as_ref()) {
        return Some((None, c));
    }
    policy
        .tier(tier)
        .and_then(|t| t.credit.as_ref())
        .map(|c| (Some(tier), c))
}

fn lookup<'a>(policy: &'a Policy, account: &str, tier: Option<&str>) -> Option<&'a Credit> {
    match tier {
        Some(tier) => policy.tier(tier).and_then(|t| t.credit.as_ref()),
        None => policy
            .contracts
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(account))
            .and_then(|c| c.credit.as_ref()),
    }
}

impl CreditBook {
    /// Counts a job logged under credit terms on local date `day`: `breached` by clock index.
    pub fn add(&mut self, policy: &Policy, row: &Job, tier: &str, day: NaiveDate, breached: [bool; 3]) {
        let Some((source, credit)) = terms(policy, row, tier) else {
            return;
        };
        let account = row.contract.as_deref().unwrap_or(&row.customer);
        let counted = breached
            .iter()
            .zip(credit.clocks)
            .filter(|(b, counts)| **b && *counts)
            .count();
        if !self.lines.contains_key(account) {
            self.lines.insert(account.to_owned(), BTreeMap::new());
        }
        let Some(months) = self.lines.get_mut(account) else {
            return;
        };
        let line = months
            .entry(((day.year(), day.month()), source.map(str::to_owned)))
            .or_default();
        line.0 += 1;
        line.1 += counted;
    }

    pub fn merge(&mut self, o: CreditBook) {
        for (account, months) in o.lines {
            let mine = self.lines.entry(account).or_default();
            for (k, (jobs, breaches)) in months {
                let line = mine.entry(k).or_default();
                line.0 += jobs;
                line.1 += breaches;
            }
        }
    }

    pub fn finish(self, policy: &Policy) -> Vec<CreditLine> {
        let mut out = Vec::new();
        for (account, months) in self.lines {
            for (((year, month), tier), (jobs, breaches)) in months {
                let Some(c) = lookup(policy, &account, tier.as_deref()) else {
                    continue;
                };
                let raw = c.per_breach * breaches as f64;
                let share = raw.min(c.cap);
                out.push(CreditLine {
                    account: account.clone(),
                    month: format!("{year}-{month:02}"),
                    terms: tier.map_or_else(|| "contract".to_owned(), |t| format!("tier {t}")),
                    monthly_fee: c.monthly_fee,
                    per_breach: c.per_breach,
                    cap: c.cap,
                    jobs,
                    breaches,
                    share,
                    capped: raw > c.cap,
                    // To the cent: money is shown with two decimals.
                    credit: (c.monthly_fee * share * 100.0).round() / 100.0,
                });
            }
        }
        out
    }
}
