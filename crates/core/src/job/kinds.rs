//! The words of a job's life: its status and the kinds of its events. Stored and
//! exported as lowercase names; compared everywhere else as these enums.

use serde::{Deserialize, Serialize};

/// Where a job stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    #[default]
    Open,
    /// On hold for a reason from the policy (the clocks it names stop).
    Paused,
    Resolved,
    /// A duplicate or a mistake, ended by `cancel`: not tracked, not judged.
    Cancelled,
}

impl JobStatus {
    pub const ALL: [JobStatus; 4] = [
        JobStatus::Open,
        JobStatus::Paused,
        JobStatus::Resolved,
        JobStatus::Cancelled,
    ];

    /// The name as stored and shown.
    #[must_use]
    #[inline]
    pub fn name(self) -> &'static str {
        match self {
            JobStatus::Open => "open",
            JobStatus::Paused => "paused",
            JobStatus::Resolved => "resolved",
            JobStatus::Cancelled => "cancelled",
        }
    }

    #[must_use]
    #[inline]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    /// Open or paused: in the queue, its clocks judged.
    #[must_use]
    #[inline]
    pub fn is_tracked(self) -> bool {
        matches!(self, JobStatus::Open | JobStatus::Paused)
    }
}

impl std::fmt::Display for JobStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Created,
    Responded,
    Attended,
    Resolved,
    Reopened,
    Paused,
    Resumed,
    Assigned,
    Escalated,
    Acknowledged,
    Reprioritized,
    Note,
    Alert,
    /// Ends a duplicate or mistaken job.
    Cancelled,
    /// Takes back an earlier event (named in its data): every figure is computed as if
    /// that event had not happened.
    Revoked,
}

impl EventKind {
    pub const ALL: [EventKind; 15] = [
        EventKind::Created,
        EventKind::Responded,
        EventKind::Attended,
        EventKind::Resolved,
        EventKind::Reopened,
        EventKind::Paused,
        EventKind::Resumed,
        EventKind::Assigned,
        EventKind::Escalated,
        EventKind::Acknowledged,
        EventKind::Reprioritized,
        EventKind::Note,
        EventKind::Alert,
        EventKind::Cancelled,
        EventKind::Revoked,
    ];

    /// The name as stored in the event log (and hashed into the chain).
    #[must_use]
    #[inline]
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Responded => "responded",
            EventKind::Attended => "attended",
            EventKind::Resolved => "resolved",
            EventKind::Reopened => "reopened",
            EventKind::Paused => "paused",
            EventKind::Resumed => "resumed",
            EventKind::Assigned => "assigned",
            EventKind::Escalated => "escalated",
            EventKind::Acknowledged => "acknowledged",
            EventKind::Reprioritized => "reprioritized",
            EventKind::Note => "note",
            EventKind::Alert => "alert",
            EventKind::Cancelled => "cancelled",
            EventKind::Revoked => "revoked",
        }
    }

    #[must_use]
    #[inline]
    pub fn parse(s: &str) -> Option<Self> {
        Self::parse_bytes(s.as_bytes())
    }

    /// [`EventKind::parse`] on stored bytes, without a UTF-8 check.
    #[must_use]
    #[inline]
    pub fn parse_bytes(b: &[u8]) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name().as_bytes() == b)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::{EventKind, JobStatus};

    #[test]
    fn names_round_trip_and_match_serde() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.name()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.name()));
        }
        for s in JobStatus::ALL {
            assert_eq!(JobStatus::parse(s.name()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.name()));
        }
        assert_eq!(EventKind::parse("Resolved"), None);
    }
}
