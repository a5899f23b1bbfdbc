//! Reading an event row's fields in place, for the passes over millions of events: a
//! field of the wrong type (a row written behind slawatch's back) becomes a problem that
//! names the event, its job and the field, not an SQLite type error.

use rusqlite::Row;
use rusqlite::types::{Type, ValueRef};

use super::VerifyProblem;

/// One event's fields, borrowed from the row (see `events::COLUMNS` for the order).
pub(crate) struct EventRef<'r> {
    pub id: i64,
    pub job: i64,
    pub kind: &'r str,
    pub at: i64,
    pub recorded_at: i64,
    pub actor: &'r str,
    pub data: &'r str,
    pub prev: &'r str,
    pub hash: &'r str,
}

const NAMES: [&str; 9] = [
    "id",
    "job",
    "kind",
    "at",
    "recorded_at",
    "actor",
    "data",
    "prev_hash",
    "hash",
];

fn type_name(t: Type) -> &'static str {
    match t {
        Type::Null => "NULL",
        Type::Integer => "an integer",
        Type::Real => "a real number",
        Type::Text => "text",
        Type::Blob => "a blob",
    }
}

/// The event in `row`; `Err` names what is malformed. SQLite errors stay errors.
pub(crate) fn read_event<'r>(row: &'r Row<'_>) -> rusqlite::Result<Result<EventRef<'r>, VerifyProblem>> {
    // `id` is the INTEGER PRIMARY KEY: SQLite keeps it an integer.
    let id: i64 = row.get(0)?;
    let job = match row.get_ref(1)? {
        ValueRef::Integer(j) => Some(j),
        _ => None,
    };
    let wrong = |i: usize, found: Type, wanted: &str| VerifyProblem {
        event: Some(id),
        job,
        message: format!(
            "event {id} (job {}): its `{}` is stored as {} where slawatch writes {wanted}: the row was written behind slawatch's back — restore the store from a backup",
            job.map_or_else(|| "?".to_owned(), |j| j.to_string()),
            NAMES[i],
            type_name(found),
        ),
    };
    let Some(job) = job else {
        return Ok(Err(wrong(1, row.get_ref(1)?.data_type(), "an integer")));
    };
    let text = |i: usize| -> rusqlite::Result<Result<&'r str, VerifyProblem>> {
        Ok(match row.get_ref(i)? {
            ValueRef::Text(t) => std::str::from_utf8(t).map_err(|_| wrong(i, Type::Blob, "UTF-8 text")),
            other => Err(wrong(i, other.data_type(), "text")),
        })
    };
    let int = |i: usize| -> rusqlite::Result<Result<i64, VerifyProblem>> {
        Ok(match row.get_ref(i)? {
            ValueRef::Integer(v) => Ok(v),
            other => Err(wrong(i, other.data_type(), "an integer")),
        })
    };
    // A field read, or the problem returned at once.
    macro_rules! field {
        ($read:expr) => {
            match $read? {
                Ok(v) => v,
                Err(p) => return Ok(Err(p)),
            }
        };
    }
    Ok(Ok(EventRef {
        id,
        job,
        kind: field!(text(2)),
        at: field!(int(3)),
        recorded_at: field!(int(4)),
        actor: field!(text(5)),
        data: field!(text(6)),
        prev: field!(text(7)),
        hash: field!(text(8)),
    }))
}
