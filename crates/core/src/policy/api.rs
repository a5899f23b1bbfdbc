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

/// `[api]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiPolicy {
    pub pagerduty: PagerDutyPolicy,
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
