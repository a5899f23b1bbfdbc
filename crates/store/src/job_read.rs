//! How a job row is read back: its columns, the layouts of a full and a lean read, and
//! the decoding of a row into a [`Job`] (reusing its strings).

use rusqlite::types::ValueRef;

use slawatch_core::job::Job;
use slawatch_core::job::JobStatus;
use slawatch_core::shared::{Interner, Shared};

pub(super) const JOB_COLUMNS: &str = "id, customer, contract, priority, type, asset, site, summary, technician, status,
    created_at, created_by, responded_at, attended_at, resolved_at, paused_at, pause_reason, escalation_level,
    escalated_at, escalated_by, acked_level, tier, windows, policy_hash, clock_log, last_event_at, event_count,
    acked_by, acked_at";

pub(super) fn job_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Job> {
    let mut job = Job::default();
    fill_job(r, &FULL, &mut job, &mut Interner::default())?;
    Ok(job)
}

/// Where each field of [`Job`] is in a SELECT, in [`JOB_COLUMNS`]' order: its column,
/// or `None` when that SELECT leaves it out (the field is then empty).
pub(super) type Layout = [Option<usize>; 29];

/// [`JOB_COLUMNS`]: every field, in order.
pub(super) const FULL: Layout = {
    let mut l = [None; 29];
    let mut i = 0;
    while i < 29 {
        l[i] = Some(i);
        i += 1;
    }
    l
};

/// [`LEAN_COLUMNS`]: no site, summary, logger, pause reason, escalator or windows text.
pub(super) const LEAN: Layout = [
    Some(0),
    Some(1),
    Some(2),
    Some(3),
    Some(4),
    Some(5),
    None,
    None,
    Some(6),
    Some(7),
    Some(8),
    None,
    Some(9),
    Some(10),
    Some(11),
    Some(12),
    None,
    Some(13),
    Some(14),
    None,
    Some(15),
    Some(16),
    None,
    Some(17),
    Some(18),
    Some(19),
    Some(20),
    None,
    None,
];

/// Reads a row laid out as `at` says into `job`, reusing its strings: a scan over a
/// million rows then allocates only where a value outgrows the last one. The texts
/// that rows repeat come from `names`, one copy for all the rows read with it.
pub(super) fn fill_job(
    r: &rusqlite::Row<'_>,
    at: &Layout,
    job: &mut Job,
    names: &mut Interner,
) -> rusqlite::Result<()> {
    fn shared(
        r: &rusqlite::Row<'_>,
        i: Option<usize>,
        dst: &mut Shared,
        names: &mut Interner,
    ) -> rusqlite::Result<()> {
        match i {
            Some(i) => names.put(dst, r.get_ref(i)?.as_str()?),
            None => names.put(dst, ""),
        }
        Ok(())
    }
    fn text(r: &rusqlite::Row<'_>, i: Option<usize>, dst: &mut String) -> rusqlite::Result<()> {
        dst.clear();
        if let Some(i) = i {
            dst.push_str(r.get_ref(i)?.as_str()?);
        }
        Ok(())
    }
    fn opt_text(r: &rusqlite::Row<'_>, i: Option<usize>, dst: &mut Option<String>) -> rusqlite::Result<()> {
        let Some(i) = i else {
            *dst = None;
            return Ok(());
        };
        match r.get_ref(i)? {
            ValueRef::Null => *dst = None,
            v => {
                let s = v.as_str()?;
                match dst {
                    Some(d) => {
                        d.clear();
                        d.push_str(s);
                    }
                    None => *dst = Some(s.to_owned()),
                }
            }
        }
        Ok(())
    }
    fn get<T: rusqlite::types::FromSql + Default>(
        r: &rusqlite::Row<'_>,
        i: Option<usize>,
    ) -> rusqlite::Result<T> {
        i.map_or_else(|| Ok(T::default()), |i| r.get(i))
    }
    match at[24] {
        Some(i) => slawatch_core::job::clock_log::decode_into(r.get_ref(i)?.as_bytes()?, &mut job.clock_log)
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
            })?,
        None => job.clock_log.clear(),
    }
    job.id = get(r, at[0])?;
    text(r, at[1], &mut job.customer)?;
    opt_text(r, at[2], &mut job.contract)?;
    text(r, at[3], &mut job.priority)?;
    opt_text(r, at[4], &mut job.job_type)?;
    opt_text(r, at[5], &mut job.asset)?;
    opt_text(r, at[6], &mut job.site)?;
    text(r, at[7], &mut job.summary)?;
    opt_text(r, at[8], &mut job.technician)?;
    if let Some(i) = at[9] {
        let s = r.get_ref(i)?.as_str()?;
        job.status = JobStatus::parse(s).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                format!("job {}: status `{s}` is not open, paused or resolved", job.id).into(),
            )
        })?;
    }
    job.created_at = get(r, at[10])?;
    shared(r, at[11], &mut job.created_by, names)?;
    job.responded_at = get(r, at[12])?;
    job.attended_at = get(r, at[13])?;
    job.resolved_at = get(r, at[14])?;
    job.paused_at = get(r, at[15])?;
    opt_text(r, at[16], &mut job.pause_reason)?;
    job.escalation_level = get(r, at[17])?;
    job.escalated_at = get(r, at[18])?;
    opt_text(r, at[19], &mut job.escalated_by)?;
    job.acked_level = get(r, at[20])?;
    text(r, at[21], &mut job.tier)?;
    shared(r, at[22], &mut job.windows, names)?;
    shared(r, at[23], &mut job.policy_hash, names)?;
    job.last_event_at = get(r, at[25])?;
    job.event_count = get(r, at[26])?;
    opt_text(r, at[27], &mut job.acked_by)?;
    job.acked_at = get(r, at[28])?;
    Ok(())
}

/// [`JOB_COLUMNS`] without the text a report does not need (laid out as [`LEAN`]).
pub(super) const LEAN_COLUMNS: &str =
    "id, customer, contract, priority, type, asset, technician, status, created_at,
    responded_at, attended_at, resolved_at, paused_at, escalation_level, escalated_at, acked_level, tier,
    policy_hash, clock_log, last_event_at, event_count";
