//! The data of the events that bulk loads write by the million, encoded straight from
//! structs instead of through a `serde_json::Value` map (a tree of allocations per
//! event). The fields are in alphabetical order because a `Value` map writes its keys
//! sorted: the stored text, and so every hash, stays byte for byte what it was.

use serde::Serialize;
use serde_json::Value;

use super::JobError;
use super::model::Outcome;

/// An event's data: a map built by hand, or text already encoded.
pub enum Data {
    Value(Value),
    Text(String),
}

impl Data {
    /// Encodes `fields` (a struct with its fields in alphabetical order).
    pub fn of(fields: &impl Serialize) -> Result<Self, JobError> {
        serde_json::to_string(fields)
            .map(Data::Text)
            .map_err(|e| JobError::Refused(format!("cannot encode the event: {e}")))
    }

    /// The text stored in `events.data`.
    pub fn into_text(self) -> String {
        match self {
            Data::Value(v) => v.to_string(),
            Data::Text(s) => s,
        }
    }

    /// As a map, for callers that add fields.
    pub fn into_value(self) -> Result<Value, JobError> {
        match self {
            Data::Value(v) => Ok(v),
            Data::Text(s) => serde_json::from_str(&s)
                .map_err(|e| JobError::Refused(format!("cannot read back the event data: {e}"))),
        }
    }
}

/// `responded`, `attended`, `resolved`.
#[derive(Serialize)]
pub struct Stop<'a> {
    pub note: &'a Option<String>,
    pub outcomes: Vec<SortedOutcome<'a>>,
}

/// An [`Outcome`] with its fields in alphabetical order.
#[derive(Serialize)]
pub struct SortedOutcome<'a> {
    clock: &'a str,
    deadline: Option<i64>,
    elapsed: i64,
    state: &'a str,
    target: i64,
}

impl<'a> From<&'a Outcome> for SortedOutcome<'a> {
    fn from(o: &'a Outcome) -> Self {
        Self {
            clock: o.clock.name(),
            deadline: o.deadline,
            elapsed: o.elapsed,
            state: o.state.name(),
            target: o.target,
        }
    }
}

/// `reopened`.
#[derive(Serialize)]
pub struct NoteOnly<'a> {
    pub note: &'a Option<String>,
}

/// `paused`.
#[derive(Serialize)]
pub struct Paused<'a> {
    pub note: &'a Option<String>,
    pub reason: &'a str,
    pub stops_clock: bool,
}

/// `resumed`.
#[derive(Serialize)]
pub struct Resumed<'a> {
    pub note: &'a Option<String>,
    pub paused_at: Option<i64>,
    pub reason: Option<&'a str>,
}

/// `escalated`, `acknowledged`.
#[derive(Serialize)]
pub struct Level<'a> {
    pub level: i64,
    pub note: &'a Option<String>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The text must be what `json!` maps wrote before, or every new hash would differ
    /// from what the same history hashed to in older stores' tests and exports.
    #[test]
    fn encoded_as_a_value_map_writes_it() {
        let text = |d: Result<Data, JobError>| d.unwrap().into_text();
        let o = Outcome {
            clock: crate::policy::ClockKind::Respond,
            state: crate::sla::ClockState::MetLate,
            deadline: Some(1_795_000_000),
            target: 14_400,
            elapsed: 15_000,
        };
        for note in [None, Some("on it, \"now\" \u{1b}[31m".to_owned())] {
            let stop = Stop {
                note: &note,
                outcomes: vec![(&o).into(), (&o).into()],
            };
            assert_eq!(
                text(Data::of(&stop)),
                json!({ "note": note, "outcomes": [o, o] }).to_string()
            );
            assert_eq!(
                text(Data::of(&NoteOnly { note: &note })),
                json!({ "note": note }).to_string()
            );
            let paused = Paused {
                note: &note,
                reason: "waiting on customer",
                stops_clock: true,
            };
            assert_eq!(
                text(Data::of(&paused)),
                json!({ "reason": "waiting on customer", "stops_clock": true, "note": note }).to_string()
            );
            for (since, reason) in [(None, None), (Some(17), Some("no site access"))] {
                let resumed = Resumed {
                    note: &note,
                    paused_at: since,
                    reason,
                };
                assert_eq!(
                    text(Data::of(&resumed)),
                    json!({ "note": note, "reason": reason, "paused_at": since }).to_string()
                );
            }
            let level = Level {
                level: 2,
                note: &note,
            };
            assert_eq!(
                text(Data::of(&level)),
                json!({ "level": 2, "note": note }).to_string()
            );
        }
    }
}
