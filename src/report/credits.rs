//! Service credits: per account (contract, or customer without one) and calendar month
//! of logging, each breached clock the terms count costs `per_breach` of the monthly
//! fee, up to `cap` of it. A contract's own terms win over its tier's.

use std::collections::BTreeMap;

use chrono::Datelike;

use crate::policy::{Credit, Policy};
use crate::store::JobRow;

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

#[derive(Debug, Clone, Default)]
pub(crate) struct CreditBook {
    lines: BTreeMap<(String, String, String), (usize, usize)>,
}

fn terms<'a>(policy: &'a Policy, row: &JobRow, tier: &str) -> Option<(String, &'a Credit)> {
    let contract = row
        .contract
        .as_deref()
        .and_then(|id| policy.contracts.iter().find(|c| c.id.eq_ignore_ascii_case(id)));
    if let Some(c) = contract.and_then(|c| c.credit.as_ref()) {
        return Some(("contract".to_owned(), c));
    }
    policy
        .tier(tier)
        .and_then(|t| t.credit.as_ref())
        .map(|c| (format!("tier {tier}"), c))
}

fn lookup<'a>(policy: &'a Policy, account: &str, source: &str) -> Option<&'a Credit> {
    match source.strip_prefix("tier ") {
        Some(tier) => policy.tier(tier).and_then(|t| t.credit.as_ref()),
        None => policy
            .contracts
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(account))
            .and_then(|c| c.credit.as_ref()),
    }
}

impl CreditBook {
    /// Counts a job logged under credit terms: `breached` by clock index.
    pub(crate) fn add(&mut self, policy: &Policy, row: &JobRow, tier: &str, breached: [bool; 3]) {
        let Some((source, credit)) = terms(policy, row, tier) else {
            return;
        };
        let month = chrono::DateTime::from_timestamp(row.created_at, 0).map_or_else(String::new, |d| {
            let d = d.with_timezone(&policy.display_tz);
            format!("{}-{:02}", d.year(), d.month())
        });
        let account = row.contract.clone().unwrap_or_else(|| row.customer.clone());
        let counted = breached
            .iter()
            .zip(credit.clocks)
            .filter(|(b, counts)| **b && *counts)
            .count();
        let line = self.lines.entry((account, month, source)).or_default();
        line.0 += 1;
        line.1 += counted;
    }

    pub(crate) fn merge(&mut self, o: CreditBook) {
        for (k, (jobs, breaches)) in o.lines {
            let line = self.lines.entry(k).or_default();
            line.0 += jobs;
            line.1 += breaches;
        }
    }

    pub(crate) fn finish(self, policy: &Policy) -> Vec<CreditLine> {
        self.lines
            .into_iter()
            .filter_map(|((account, month, source), (jobs, breaches))| {
                let c = lookup(policy, &account, &source)?;
                let raw = c.per_breach * breaches as f64;
                let share = raw.min(c.cap);
                Some(CreditLine {
                    account,
                    month,
                    terms: source,
                    monthly_fee: c.monthly_fee,
                    per_breach: c.per_breach,
                    cap: c.cap,
                    jobs,
                    breaches,
                    share,
                    capped: raw > c.cap,
                    // To the cent: money is shown with two decimals.
                    credit: (c.monthly_fee * share * 100.0).round() / 100.0,
                })
            })
            .collect()
    }
}
