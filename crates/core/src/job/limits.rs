//! How long each piece of job text may be. A summary of a megabyte is a mistake (a file
//! pasted into the wrong field, a runaway script), never a job: it would be copied into
//! every event, list, report and notification. Refused with the limit and the length
//! found, so the user can shorten it; nothing is written.

use crate::job::{JobAction, NewJob};

/// The summary: a line or a short paragraph (bytes of UTF-8).
pub const SUMMARY_MAX: usize = 4 * 1024;
/// A note (on a note, a pause, a response, …): room for a pasted e-mail.
pub const NOTE_MAX: usize = 64 * 1024;
/// A name or code: customer, technician, site, asset, contract, priority, type, user.
pub const NAME_MAX: usize = 200;

/// `what` is at most `max` bytes.
///
/// # Errors
/// What is too long, by how much, and the limit.
pub fn check(what: &str, value: &str, max: usize) -> Result<(), String> {
    let n = value.trim().len();
    if n <= max {
        return Ok(());
    }
    Err(format!(
        "{what} is {n} bytes long — at most {max} are allowed; shorten it{}",
        if max == SUMMARY_MAX {
            " (longer text belongs in a note)"
        } else {
            ""
        }
    ))
}

fn check_opt(what: &str, value: Option<&String>, max: usize) -> Result<(), String> {
    value.map_or(Ok(()), |v| check(what, v, max))
}

/// Every text of a job to log.
///
/// # Errors
/// The first field that is too long.
pub fn job(j: &NewJob) -> Result<(), String> {
    check("the customer", &j.customer, NAME_MAX)?;
    check("the priority", &j.priority, NAME_MAX)?;
    check("the summary", &j.summary, SUMMARY_MAX)?;
    check_opt("the type", j.job_type.as_ref(), NAME_MAX)?;
    check_opt("the asset", j.asset.as_ref(), NAME_MAX)?;
    check_opt("the site", j.site.as_ref(), NAME_MAX)?;
    check_opt("the contract", j.contract.as_ref(), NAME_MAX)?;
    check_opt("the technician", j.technician.as_ref(), NAME_MAX)
}

/// Every text of an action on a job.
///
/// # Errors
/// The first field that is too long.
pub fn action(a: &JobAction) -> Result<(), String> {
    match a {
        JobAction::Respond { note }
        | JobAction::Attend { note }
        | JobAction::Resolve { note }
        | JobAction::Reopen { note }
        | JobAction::Resume { note }
        | JobAction::Escalate { note, .. }
        | JobAction::Ack { note } => check_opt("the note", note.as_ref(), NOTE_MAX),
        JobAction::Pause { reason, note } => {
            check("the pause reason", reason, NAME_MAX)?;
            check_opt("the note", note.as_ref(), NOTE_MAX)
        }
        JobAction::Assign { to } => check("the technician", to, NAME_MAX),
        JobAction::Reprioritize { priority, job_type } => {
            check("the priority", priority, NAME_MAX)?;
            check_opt("the type", job_type.as_ref(), NAME_MAX)
        }
        JobAction::Note { text } => check("the note", text, NOTE_MAX),
        JobAction::Cancel { reason } | JobAction::Revoke { reason, .. } => {
            check("the reason", reason, NOTE_MAX)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_bytes_of_the_trimmed_text() {
        assert!(check("the summary", &"x".repeat(SUMMARY_MAX), SUMMARY_MAX).is_ok());
        assert!(
            check(
                "the summary",
                &format!("  {}  ", "x".repeat(SUMMARY_MAX)),
                SUMMARY_MAX
            )
            .is_ok()
        );
        let e = check("the summary", &"é".repeat(SUMMARY_MAX), SUMMARY_MAX).unwrap_err();
        assert_eq!(
            e,
            "the summary is 8192 bytes long — at most 4096 are allowed; shorten it (longer text belongs in a note)"
        );
        let big = "n".repeat(NOTE_MAX + 1);
        assert!(action(&JobAction::Note { text: big.clone() }).is_err());
        assert!(
            action(&JobAction::Pause {
                reason: "waiting on customer".to_owned(),
                note: Some(big)
            })
            .is_err()
        );
        let j = NewJob {
            customer: "Acme".to_owned(),
            priority: "P1".to_owned(),
            summary: "ok".to_owned(),
            site: Some("s".repeat(NAME_MAX + 1)),
            ..NewJob::default()
        };
        assert_eq!(
            job(&j).unwrap_err(),
            "the site is 201 bytes long — at most 200 are allowed; shorten it"
        );
    }
}
