//! `[[webhooks]]`: where every SLA event of the kinds a receiver asked for is POSTed,
//! signed with a secret that stays in the environment, never in the policy file.

/// The SLA events a webhook can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HookEvent {
    Created,
    Warning,
    Breach,
    Escalated,
    Acknowledged,
    Resolved,
}

impl HookEvent {
    pub const ALL: [HookEvent; 6] = [
        HookEvent::Created,
        HookEvent::Warning,
        HookEvent::Breach,
        HookEvent::Escalated,
        HookEvent::Acknowledged,
        HookEvent::Resolved,
    ];

    /// Its name in `events = [...]` and in the payload's `kind`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            HookEvent::Created => "created",
            HookEvent::Warning => "warning",
            HookEvent::Breach => "breach",
            HookEvent::Escalated => "escalated",
            HookEvent::Acknowledged => "acknowledged",
            HookEvent::Resolved => "resolved",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
}

impl std::fmt::Display for HookEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One `[[webhooks]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// Its place among the `[[webhooks]]` (1-based): how status and the store name it.
    pub index: u32,
    /// `https://…`, or `http://…` to this machine only.
    pub url: String,
    /// The kinds it receives, without repeats.
    pub events: Vec<HookEvent>,
    /// The environment variable that holds the signing secret.
    pub secret_env: String,
    /// `customers = [...]`: only these customers' jobs (empty: every customer).
    pub customers: Vec<String>,
}

impl Webhook {
    #[must_use]
    pub fn wants(&self, kind: HookEvent) -> bool {
        self.events.contains(&kind)
    }
}
