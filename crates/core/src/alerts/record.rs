//! An alert to record: which threshold of which clock (or which escalation) of a job was
//! crossed, and when. The store records each once across every process.

/// The actor of what slawatch records by itself (alerts, automatic escalations).
pub const SYSTEM_ACTOR: &str = "slawatch";

/// A crossing to record. `slot` is the clock (`respond`, `attend`, `resolve`) or
/// `escalation`; `threshold` is the fraction in thousandths, or the escalation level.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAlert {
    pub job: i64,
    pub slot: String,
    pub threshold: i64,
    /// Bumped by each re-prioritisation: the windows (and so the crossings) are new.
    pub cycle: i64,
    /// When it happened (the crossing; for an escalation, no earlier than the job's
    /// latest event).
    pub at: i64,
    /// The event's data (JSON object).
    pub data: serde_json::Value,
    /// For an automatic escalation: the level to raise the job to.
    pub escalate_to: Option<i64>,
}
