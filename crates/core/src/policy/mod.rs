//! The SLA policy (`sla.toml`): model, validation with spans, and job → tier matching.

pub mod api;
mod chain;
mod diag;
mod load;
mod load_alerts;
mod load_api;
mod load_calendar;
mod load_contracts;
mod load_credit;
mod load_mail;
mod load_revoke;
mod load_tiers;
mod load_webhooks;
pub mod mail;
mod matching;
pub mod names;
mod roles;
pub mod webhooks;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::calendar::Calendar;
use crate::time::duration::Window;
pub use diag::{Diagnostic, Diags, PolicyErrors, did_you_mean, line_col};
pub use load::parse_policy;
pub use matching::{JobKey, MatchError, MatchVia, TierMatch};

/// The three SLA clocks of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockKind {
    Respond,
    Attend,
    Resolve,
}

impl ClockKind {
    pub const ALL: [ClockKind; 3] = [ClockKind::Respond, ClockKind::Attend, ClockKind::Resolve];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ClockKind::Respond => "respond",
            ClockKind::Attend => "attend",
            ClockKind::Resolve => "resolve",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for ClockKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A warning threshold's key among the alerts of one clock: thousandths of the window,
/// the breach being [`BREACH_KEY`]. The store keeps one alert per key, so the policy
/// refuses thresholds that would share one (or take the breach's).
#[must_use]
pub fn threshold_key(fraction: f64) -> i64 {
    (fraction * 1000.0).round() as i64
}

/// The breach's [`threshold_key`].
pub const BREACH_KEY: i64 = 1000;

/// A service tier: the windows and the calendar they are counted on.
#[derive(Debug, Clone)]
pub struct Tier {
    pub name: String,
    pub calendar: Arc<Calendar>,
    /// Indexed by [`ClockKind::index`].
    pub windows: [Option<Window>; 3],
    /// Warning thresholds as fractions of each window, ascending, each in (0, 1).
    pub warn: Vec<f64>,
    /// Clocks stopped by a pause whose reason stops the clock.
    pub pause: [bool; 3],
    /// Automatic escalations: at a fraction of a window (1.0 = the breach), to a level.
    pub escalate: Vec<AutoEscalation>,
    /// Service credit owed for breaches of jobs in this tier (a contract's own wins).
    pub credit: Option<Credit>,
    pub description: Option<String>,
}

/// `credit = { monthly_fee, per_breach, cap, clocks }`: per calendar month, each breached
/// clock of `clocks` costs `per_breach` of the fee, up to `cap` of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Credit {
    pub monthly_fee: f64,
    pub per_breach: f64,
    pub cap: f64,
    /// Indexed by [`ClockKind::index`]: the clocks whose breaches count.
    pub clocks: [bool; 3],
}

/// `{ at = 0.9, level = 1 }` of a tier's `escalate`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AutoEscalation {
    pub at: f64,
    pub level: u32,
}

/// A step of the escalation chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationLevel {
    pub level: u32,
    pub name: String,
    /// Roles told when a job reaches this level.
    pub notify: Vec<String>,
    /// Repeat the notification this often (seconds) until acknowledged.
    pub renotify: Option<i64>,
    /// Roles allowed to acknowledge (empty: those notified, or anyone without `[roles]`).
    pub ack: Vec<String>,
    /// Roles allowed to escalate a job to this level (empty: anyone in the chain up to it).
    pub escalate: Vec<String>,
}

/// How a terminal user is told (useful over ssh).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TerminalNotify {
    #[default]
    Osc9,
    Osc777,
    Bell,
    Off,
}

impl TerminalNotify {
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "osc9" => Self::Osc9,
            "osc777" => Self::Osc777,
            "bell" => Self::Bell,
            "off" => Self::Off,
            _ => return None,
        })
    }
}

/// `[notify]`: the delivery methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyConfig {
    pub desktop: bool,
    pub terminal: TerminalNotify,
    /// A program and its arguments, with `{job}`-style fields; empty: none.
    pub command: Vec<String>,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            desktop: true,
            terminal: TerminalNotify::Osc9,
            command: Vec::new(),
        }
    }
}

impl Tier {
    #[must_use]
    pub fn window(&self, clock: ClockKind) -> Option<Window> {
        self.windows[clock.index()]
    }

    #[must_use]
    pub fn pauses(&self, clock: ClockKind) -> bool {
        self.pause[clock.index()]
    }
}

/// Why a job may be put on hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseReason {
    pub name: String,
    /// Customer-caused (true): the held time is excluded. Provider-caused (false):
    /// recorded, but the clock keeps running.
    pub stops_clock: bool,
    /// `resume_on_reply = true`: the customer's reply by mail ends the pause.
    pub resume_on_reply: bool,
    pub description: Option<String>,
}

impl PauseReason {
    /// The reason called `name` (case and surrounding blanks ignored).
    #[must_use]
    pub fn find<'a>(reasons: &'a [PauseReason], name: &str) -> Option<&'a PauseReason> {
        reasons.iter().find(|r| r.name.eq_ignore_ascii_case(name.trim()))
    }
}

/// One line of a contract: the first rule that matches a job names its tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub priority: Option<String>,
    pub job_type: Option<String>,
    /// Exact asset id, or a pattern with `*` wildcards (`PUMP-*`).
    pub asset: Option<String>,
    pub tier: String,
}

impl Rule {
    /// `priority = P1, type = malfunction` or `any job`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.priority {
            parts.push(format!("priority = {p}"));
        }
        if let Some(t) = &self.job_type {
            parts.push(format!("type = {t}"));
        }
        if let Some(a) = &self.asset {
            parts.push(format!("asset = {a}"));
        }
        if parts.is_empty() {
            "any job".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// A customer's contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    pub id: String,
    pub customer: String,
    pub rules: Vec<Rule>,
    /// First and last local date (display zone) the contract covers, inclusive.
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// Service credit owed for this contract's breaches.
    pub credit: Option<Credit>,
    /// `mail = [...]`: sender domains and addresses, lowercase.
    pub mail: Vec<String>,
}

/// A validated policy.
#[derive(Debug, Clone)]
pub struct Policy {
    pub display_tz: Tz,
    pub default_tier: Option<String>,
    /// Known priorities in order of urgency; empty means any priority is accepted.
    pub priorities: Vec<String>,
    pub calendars: BTreeMap<String, Arc<Calendar>>,
    pub tiers: BTreeMap<String, Tier>,
    pub pause_reasons: Vec<PauseReason>,
    pub contracts: Vec<Contract>,
    /// Role → users; empty means everyone may do everything.
    pub roles: BTreeMap<String, Vec<String>>,
    /// The escalation chain, by level.
    pub escalation: Vec<EscalationLevel>,
    pub notify: NotifyConfig,
    /// How long (seconds) one may revoke one's own event (`revoke_window`).
    pub revoke_window: i64,
    /// Roles that may revoke anyone's event at any time (`revoke = [...]`).
    pub revoke: Vec<String>,
    /// `[mail]`: how mail becomes jobs (the defaults when the section is absent).
    pub mail: mail::MailPolicy,
    /// `[[webhooks]]`: where SLA events are POSTed, in file order.
    pub webhooks: Vec<webhooks::Webhook>,
    /// `[api]`: how the HTTP API maps monitoring tools' events (defaults when absent).
    pub api: api::ApiPolicy,
    /// SHA-256 of the file's bytes (hex): records which policy a job was judged under.
    pub hash: String,
}

impl Policy {
    #[must_use]
    pub fn tier(&self, name: &str) -> Option<&Tier> {
        self.tiers.get(name)
    }

    #[must_use]
    pub fn pause_reason(&self, name: &str) -> Option<&PauseReason> {
        PauseReason::find(&self.pause_reasons, name)
    }

    /// `3 calendars, 4 tiers, 2 contracts (7 rules), 3 pause reasons`.
    #[must_use]
    pub fn summary(&self) -> String {
        let rules: usize = self.contracts.iter().map(|c| c.rules.len()).sum();
        format!(
            "{} calendars, {} tiers, {} contracts ({} rules), {} pause reasons, display zone {}{}",
            self.calendars.len(),
            self.tiers.len(),
            self.contracts.len(),
            rules,
            self.pause_reasons.len(),
            self.display_tz.name(),
            self.default_tier
                .as_ref()
                .map(|t| format!(", default tier {t}"))
                .unwrap_or_default()
        ) + &if self.escalation.is_empty() {
            String::new()
        } else {
            format!(
                ", {} escalation levels, {} roles",
                self.escalation.len(),
                self.roles.len()
            )
        } + &match self.webhooks.len() {
            0 => String::new(),
            1 => ", 1 webhook".to_owned(),
            n => format!(", {n} webhooks"),
        }
    }
}
