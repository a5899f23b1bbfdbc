//! `[api]` of the policy: how the HTTP API maps what monitoring tools send.

use crate::policy::mail::DEFAULT_SKEW;

/// The four severities of PagerDuty's Events API v2, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::Error,
        Severity::Warning,
        Severity::Info,
    ];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// `[api.pagerduty]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagerDutyPolicy {
    /// Priority per severity, by [`Severity`] order; `None`: the default (see
    /// [`PagerDutyPolicy::priority`]).
    pub severity: [Option<String>; 4],
    /// A `payload.timestamp` within this many seconds of receipt starts the clock;
    /// further off, receipt does (a monitoring host's clock can be wrong).
    pub max_skew: i64,
}

impl Default for PagerDutyPolicy {
    fn default() -> Self {
        Self {
            severity: [None, None, None, None],
            max_skew: DEFAULT_SKEW,
        }
    }
}

impl PagerDutyPolicy {
    /// The priority a job of `severity` gets: the policy's mapping, else the n-th of
    /// `priorities` (critical the most urgent, info the fourth — or the least urgent
    /// when there are fewer), else `P1`…`P4`.
    #[must_use]
    pub fn priority(&self, severity: Severity, priorities: &[String]) -> String {
        let n = severity as usize;
        if let Some(p) = &self.severity[n] {
            return p.clone();
        }
        priorities
            .get(n)
            .or_else(|| priorities.last())
            .cloned()
            .unwrap_or_else(|| format!("P{}", n + 1))
    }
}

/// The span a rate counts over: `"20/s"`, `"600/m"`, `"3600/h"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatePer {
    Second,
    Minute,
    Hour,
}

impl RatePer {
    #[must_use]
    pub fn secs(self) -> u32 {
        match self {
            RatePer::Second => 1,
            RatePer::Minute => 60,
            RatePer::Hour => 3600,
        }
    }

    #[must_use]
    pub fn unit(self) -> &'static str {
        match self {
            RatePer::Second => "s",
            RatePer::Minute => "m",
            RatePer::Hour => "h",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "s" | "sec" => Some(RatePer::Second),
            "m" | "min" => Some(RatePer::Minute),
            "h" | "hour" => Some(RatePer::Hour),
            _ => None,
        }
    }
}

/// `[api] rate` and `burst`: how many requests a token (or an address without a known
/// token) may make — `count` per `per` sustained, up to `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub count: u32,
    pub per: RatePer,
    pub burst: u32,
}

impl Default for RateLimit {
    /// Enough for any tool polling or posting in a loop; a runaway script is slowed.
    fn default() -> Self {
        Self {
            count: 20,
            per: RatePer::Second,
            burst: 100,
        }
    }
}

impl RateLimit {
    /// The sustained rate in requests per second.
    #[must_use]
    pub fn per_second(&self) -> f64 {
        f64::from(self.count) / f64::from(self.per.secs())
    }

    /// As written in the policy, with the burst: `20/s, bursts of 100`.
    #[must_use]
    pub fn describe(&self) -> String {
        format!("{}/{}, bursts of {}", self.count, self.per.unit(), self.burst)
    }
}

/// `[api]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiPolicy {
    pub pagerduty: PagerDutyPolicy,
    pub rate: RateLimit,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_mapping_follows_the_priorities() {
        let pd = PagerDutyPolicy::default();
        let ps: Vec<String> = ["P1", "P2", "P3"].map(String::from).to_vec();
        assert_eq!(pd.priority(Severity::Critical, &ps), "P1");
        assert_eq!(pd.priority(Severity::Info, &ps), "P3");
        assert_eq!(pd.priority(Severity::Warning, &[]), "P3");
    }
}
