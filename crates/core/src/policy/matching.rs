//! Which contract, rule and tier apply to a job.

use chrono::NaiveDate;

use super::diag::did_you_mean;
use super::{Contract, Policy, Rule, Tier};
use crate::time::civil::civil_from_days;
use crate::time::instant::local_day;

/// What matching looks at.
#[derive(Debug, Clone, Copy)]
pub struct JobKey<'a> {
    pub customer: &'a str,
    pub priority: &'a str,
    pub job_type: Option<&'a str>,
    pub asset: Option<&'a str>,
    /// A contract named explicitly (a customer may hold several).
    pub contract: Option<&'a str>,
    /// When the job was logged: contracts in force on that date are considered.
    pub at: i64,
}

/// How the tier was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchVia<'p> {
    /// Rule `index` (0-based) of `contract`.
    Rule {
        contract: &'p str,
        index: usize,
        rule: &'p Rule,
    },
    /// The customer has no contract in force: the policy's `default_tier`.
    DefaultNoContract,
    /// The contract has no matching rule: the policy's `default_tier`.
    DefaultNoRule { contract: &'p str },
}

/// The tier that applies to a job, and why.
#[derive(Debug, Clone)]
pub struct TierMatch<'p> {
    pub tier: &'p Tier,
    pub contract: Option<&'p Contract>,
    /// Borrowed from the policy: jobs are matched for every report row judged.
    pub via: MatchVia<'p>,
}

impl TierMatch<'_> {
    /// Why this tier, without naming it: `contract ACME-2026, rule 1 (priority = P1)`.
    #[must_use]
    pub fn reason(&self) -> String {
        match &self.via {
            MatchVia::Rule {
                contract,
                index,
                rule,
            } => {
                format!("contract {contract}, rule {} ({})", index + 1, rule.describe())
            }
            MatchVia::DefaultNoContract => "the default tier: no contract for this customer".to_owned(),
            MatchVia::DefaultNoRule { contract } => {
                format!("the default tier: no rule of contract {contract} fits")
            }
        }
    }

    /// `contract ACME-2026, rule 1 (priority = P1) → tier critical`.
    #[must_use]
    pub fn describe(&self) -> String {
        match &self.via {
            MatchVia::Rule {
                contract,
                index,
                rule,
            } => format!(
                "contract {contract}, rule {} ({}) → tier {}",
                index + 1,
                rule.describe(),
                self.tier.name
            ),
            MatchVia::DefaultNoContract => {
                format!("no contract for this customer → default tier {}", self.tier.name)
            }
            MatchVia::DefaultNoRule { contract } => format!(
                "contract {contract} has no rule for this job → default tier {}",
                self.tier.name
            ),
        }
    }
}

/// A job the policy cannot place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatchError {
    #[error("unknown priority `{priority}` — the policy knows {}{}", known.join(", "), suggest(suggestion.as_deref()))]
    UnknownPriority {
        priority: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    #[error("unknown contract `{contract}`{}", suggest(suggestion.as_deref()))]
    UnknownContract {
        contract: String,
        suggestion: Option<String>,
    },
    #[error(
        "contract `{contract}` belongs to `{owner}`, not `{customer}` — name the right customer or contract"
    )]
    OtherCustomer {
        contract: String,
        owner: String,
        customer: String,
    },
    #[error(
        "contract `{contract}` is not in force on {date} (it runs {range}) — log the job under the contract in force"
    )]
    NotInForce {
        contract: String,
        date: NaiveDate,
        range: String,
    },
    #[error("customer `{customer}` has no contract in force and the policy has no default_tier{} — add a [[contracts]] entry or set default_tier", suggest(suggestion.as_deref()))]
    NoContract {
        customer: String,
        suggestion: Option<String>,
    },
    #[error("no rule of contract `{contract}` matches priority `{priority}`{} and the policy has no default_tier — add a catch-all rule {{ tier = \"…\" }} or set default_tier", job_type.as_ref().map(|t| format!(", type `{t}`")).unwrap_or_default())]
    NoRule {
        contract: String,
        priority: String,
        job_type: Option<String>,
    },
}

fn suggest(s: Option<&str>) -> String {
    s.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// `*` matches any run of characters; everything else literally (case-insensitive).
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

impl Rule {
    /// True when every condition the rule names holds for the job.
    #[must_use]
    pub fn matches(&self, key: &JobKey<'_>) -> bool {
        self.priority.as_deref().is_none_or(|p| same(p, key.priority))
            && self
                .job_type
                .as_deref()
                .is_none_or(|t| key.job_type.is_some_and(|jt| same(t, jt)))
            && self
                .asset
                .as_deref()
                .is_none_or(|a| key.asset.is_some_and(|ja| glob(a, ja.trim())))
    }
}

impl Contract {
    fn in_force(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| date >= f) && self.valid_to.is_none_or(|t| date <= t)
    }

    fn range(&self) -> String {
        let f = self.valid_from.map_or("…".to_owned(), |d| d.to_string());
        let t = self.valid_to.map_or("…".to_owned(), |d| d.to_string());
        format!("{f} to {t}")
    }
}

impl Policy {
    /// The canonical spelling of a priority, if the policy lists priorities.
    ///
    /// # Errors
    /// [`MatchError::UnknownPriority`] when the policy lists priorities and this is not one.
    pub fn check_priority(&self, priority: &str) -> Result<String, MatchError> {
        if self.priorities.is_empty() {
            return Ok(priority.trim().to_owned());
        }
        self.priorities
            .iter()
            .find(|p| same(p, priority))
            .cloned()
            .ok_or_else(|| MatchError::UnknownPriority {
                priority: priority.to_owned(),
                known: self.priorities.clone(),
                suggestion: did_you_mean(priority, self.priorities.iter().map(String::as_str))
                    .map(str::to_owned),
            })
    }

    /// Picks the tier for a job: the named (or first in-force) contract of the
    /// customer, its first matching rule; else `default_tier`.
    ///
    /// # Errors
    /// [`MatchError`] saying what is missing and how to fix it.
    pub fn match_job(&self, key: &JobKey<'_>) -> Result<TierMatch<'_>, MatchError> {
        self.check_priority(key.priority)?;
        let (y, m, d) = civil_from_days(local_day(&self.display_tz, key.at));
        let date = NaiveDate::from_ymd_opt(y as i32, m, d).unwrap_or_default();
        // The contracts that may place the job (at most a handful: no list is built).
        let one = match key.contract {
            Some(id) => {
                let c = self.contracts.iter().find(|c| same(&c.id, id)).ok_or_else(|| {
                    MatchError::UnknownContract {
                        contract: id.to_owned(),
                        suggestion: did_you_mean(id, self.contracts.iter().map(|c| c.id.as_str()))
                            .map(str::to_owned),
                    }
                })?;
                if !same(&c.customer, key.customer) {
                    return Err(MatchError::OtherCustomer {
                        contract: c.id.clone(),
                        owner: c.customer.clone(),
                        customer: key.customer.to_owned(),
                    });
                }
                if !c.in_force(date) {
                    return Err(MatchError::NotInForce {
                        contract: c.id.clone(),
                        date,
                        range: c.range(),
                    });
                }
                Some(c)
            }
            None => None,
        };
        let candidates = || {
            self.contracts.iter().filter(move |c| match one {
                Some(one) => std::ptr::eq(*c, one),
                None => same(&c.customer, key.customer) && c.in_force(date),
            })
        };
        for c in candidates() {
            if let Some(index) = c.rules.iter().position(|r| r.matches(key))
                && let Some(tier) = self.tiers.get(&c.rules[index].tier)
            {
                return Ok(TierMatch {
                    tier,
                    contract: Some(c),
                    via: MatchVia::Rule {
                        contract: &c.id,
                        index,
                        rule: &c.rules[index],
                    },
                });
            }
        }
        if let Some(tier) = self.default_tier.as_ref().and_then(|t| self.tiers.get(t)) {
            return Ok(match candidates().next() {
                Some(c) => TierMatch {
                    tier,
                    contract: Some(c),
                    via: MatchVia::DefaultNoRule { contract: &c.id },
                },
                None => TierMatch {
                    tier,
                    contract: None,
                    via: MatchVia::DefaultNoContract,
                },
            });
        }
        match candidates().next() {
            Some(c) => Err(MatchError::NoRule {
                contract: c.id.clone(),
                priority: key.priority.to_owned(),
                job_type: key.job_type.map(str::to_owned),
            }),
            None => Err(MatchError::NoContract {
                customer: key.customer.to_owned(),
                suggestion: did_you_mean(key.customer, self.contracts.iter().map(|c| c.customer.as_str()))
                    .map(str::to_owned),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globs() {
        assert!(glob("PUMP-*", "pump-12"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXXbYc"));
        assert!(!glob("a*b", "ac"));
        assert!(glob("exact", "EXACT"));
        assert!(!glob("exact", "exactly"));
    }
}
