//! Alerts claimed but not yet delivered (`alert_pending`), and which process holds each.
//!
//! A claim moves the user's cursor and records its events here in one transaction;
//! delivery deletes each row once its notice is out. A process killed in between leaves
//! rows behind: they belong to an owner that no longer runs, and the next claim of that
//! user takes them over, so a kill never loses an alert. Rows of a live process are
//! left alone: two running copies of one user never both deliver an event.

use std::sync::OnceLock;

use rusqlite::{Connection, TransactionBehavior, params};

use super::{Store, StoreError};

/// This process, as recorded in `alert_pending.owner`: its id and, where the system
/// tells, its start time, so a recycled process id is not mistaken for the owner.
pub(crate) fn this_process() -> &'static str {
    static ME: OnceLock<String> = OnceLock::new();
    ME.get_or_init(|| {
        let pid = std::process::id();
        match start_time(pid) {
            Some(t) => format!("{pid}:{t}"),
            None => pid.to_string(),
        }
    })
}

/// The start time of process `pid` in clock ticks since boot (field 22 of
/// `/proc/PID/stat`); `None` without procfs or when no such process runs. A process
/// killed but not yet reaped by its parent (a zombie, state `Z`, or `X`) runs no more:
/// its claims are free at once, not only once the parent gets round to it.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may itself hold spaces.
    let mut rest = stat[stat.rfind(')')? + 1..].split_whitespace();
    if matches!(rest.next(), Some("Z" | "X")) {
        return None;
    }
    rest.nth(18)?.parse().ok()
}

/// Whether the process recorded as `owner` still runs. Without procfs (not Linux) this
/// cannot be known: the owner counts as gone, so its alerts are delivered again rather
/// than never (a second copy of the same user running then may repeat one).
fn alive(owner: &str) -> bool {
    let mut parts = owner.splitn(2, ':');
    let Some(pid) = parts.next().and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    match (start_time(pid), parts.next()) {
        (Some(now), Some(then)) => then.parse::<u64>().is_ok_and(|t| t == now),
        _ => false,
    }
}

/// The owners of `user`'s pending alerts, other than `me`, that no longer run.
pub(crate) fn orphan_owners(conn: &Connection, user: &str, me: &str) -> Result<Vec<String>, StoreError> {
    let owners = conn
        .prepare_cached("SELECT DISTINCT owner FROM alert_pending WHERE who = ?1 AND owner <> ?2")?
        .query_map(params![user, me], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(owners.into_iter().filter(|o| !alive(o)).collect())
}

/// Takes `user`'s pending alerts away from the dead `owners`: returns their event ids
/// (the caller claims them again, under its own name).
pub(crate) fn take_over(conn: &Connection, user: &str, owners: &[String]) -> Result<Vec<i64>, StoreError> {
    let mut ids = Vec::new();
    for owner in owners {
        ids.extend(
            conn.prepare_cached("SELECT event FROM alert_pending WHERE who = ?1 AND owner = ?2")?
                .query_map(params![user, owner], |r| r.get::<_, i64>(0))?
                .collect::<Result<Vec<_>, _>>()?,
        );
        conn.prepare_cached("DELETE FROM alert_pending WHERE who = ?1 AND owner = ?2")?
            .execute(params![user, owner])?;
    }
    Ok(ids)
}

/// Records `events` as claimed by `me` for `user`, not yet delivered.
pub(crate) fn hold(
    conn: &Connection,
    user: &str,
    me: &str,
    events: &[i64],
    now: i64,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR REPLACE INTO alert_pending (who, event, owner, at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for e in events {
        stmt.execute(params![user, e, me, now])?;
    }
    Ok(())
}

impl Store {
    /// Marks `events` delivered to `user` (or not for them): they are no longer pending.
    ///
    /// # Errors
    /// SQLite errors; the events stay pending, and are delivered again by the next
    /// process of the user after this one ends.
    pub fn mark_delivered(&mut self, user: &str, events: &[i64]) -> Result<(), StoreError> {
        // One identity whatever its case: ANNA reads anna's mark.
        let user = &slawatch_core::job::identity::key(user);
        if events.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut stmt = tx.prepare_cached("DELETE FROM alert_pending WHERE who = ?1 AND event = ?2")?;
            for e in events {
                stmt.execute(params![user, e])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How many alerts of `user` are claimed but not yet delivered.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn pending_alerts(&self, user: &str) -> Result<i64, StoreError> {
        // One identity whatever its case: ANNA reads anna's mark.
        let user = &slawatch_core::job::identity::key(user);
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM alert_pending WHERE who = ?1", [user], |r| {
                r.get(0)
            })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_alive_and_a_made_up_one_is_not() {
        let me = this_process();
        assert!(alive(me), "{me}");
        assert!(!alive("not-a-pid"));
        // Same id, another start time: a recycled process id is not the owner.
        assert!(!alive(&format!("{}:1", std::process::id())));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_killed_child_not_yet_reaped_is_gone() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("sleep runs");
        let pid = child.id();
        let owner = format!("{pid}:{}", start_time(pid).expect("running"));
        assert!(alive(&owner));
        child.kill().expect("killed");
        // Not waited for: a zombie until reaped. Give the kernel a moment to mark it.
        let gone = (0..100).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(10));
            !alive(&owner)
        });
        assert!(gone, "a zombie still counted as running");
        assert!(
            std::fs::metadata(format!("/proc/{pid}")).is_ok(),
            "still unreaped"
        );
        child.wait().expect("reaped");
    }
}
