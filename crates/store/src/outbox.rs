//! The outbox: mail slawatch sends (a customer's acknowledgement), queued in the same
//! store as the job so that it is sent once per job however many processes take mail
//! in, claimed by one sender at a time, and tried again while the server is down.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

/// What is in the outbox (one kind today).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxKind {
    /// The customer's acknowledgement of a job made from their mail.
    Ack,
}

impl OutboxKind {
    fn name(self) -> &'static str {
        match self {
            OutboxKind::Ack => "ack",
        }
    }
}

/// One message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Its number in `mail outbox`.
    pub id: i64,
    pub job: i64,
    pub kind: OutboxKind,
    pub sender: String,
    pub recipient: String,
    /// The whole message, as it goes on the wire.
    pub message: Vec<u8>,
    /// Tries before this one.
    pub attempts: i64,
}

/// Where a message of the outbox is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting for its (next) try.
    Queued,
    /// Claimed by a sender whose lease has not run out.
    Sending,
    Sent,
    /// Given up: tried again only by `mail outbox retry`.
    Failed,
}

impl OutboxState {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
        }
    }
}

/// A row of the outbox, for `mail outbox`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    /// Its number in `mail outbox` (for `mail outbox retry ID`).
    pub id: i64,
    pub job: i64,
    pub recipient: String,
    pub queued_at: i64,
    pub attempts: i64,
    pub sent_at: Option<i64>,
    pub due_at: i64,
    pub last_error: Option<String>,
    pub claimed_at: Option<i64>,
    pub failed_at: Option<i64>,
    /// The whole message (its subject is read from it).
    pub message: Vec<u8>,
}

impl OutboxRow {
    /// Where it is at `now`.
    #[must_use]
    pub fn state(&self, now: i64) -> OutboxState {
        if self.sent_at.is_some() {
            OutboxState::Sent
        } else if self.failed_at.is_some() {
            OutboxState::Failed
        } else if self.claimed_at.is_some() && self.due_at > now {
            OutboxState::Sending
        } else {
            OutboxState::Queued
        }
    }

    /// When it is tried next: None once sent or given up.
    #[must_use]
    pub fn next_try(&self) -> Option<i64> {
        (self.sent_at.is_none() && self.failed_at.is_none()).then_some(self.due_at)
    }
}

impl Store {
    /// Queues `message` for job `job`, due now. False when one of this kind is queued
    /// (or sent) for the job already: a second ingester of the same mail adds nothing.
    ///
    /// # Errors
    /// The store could not be written.
    pub fn queue_mail(
        &self,
        job: i64,
        kind: OutboxKind,
        (sender, recipient): (&str, &str),
        message: &[u8],
        now: i64,
    ) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO outbox (job, kind, sender, recipient, message, queued_at, due_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![job, kind.name(), sender, recipient, message, now],
        )?;
        Ok(n == 1)
    }

    /// Claims the next message due at `now` for `lease` seconds: no other sender takes
    /// it meanwhile. `None` when nothing is due.
    ///
    /// # Errors
    /// The store could not be read or written.
    pub fn claim_mail(&self, now: i64, lease: i64) -> Result<Option<Outgoing>, StoreError> {
        // One statement: the claim and the read cannot be split by another sender.
        Ok(self
            .conn
            .query_row(
                "UPDATE outbox SET due_at = ?1 + ?2, claimed_at = ?1
                 WHERE rowid = (SELECT rowid FROM outbox INDEXED BY outbox_due
                                WHERE sent_at IS NULL AND failed_at IS NULL AND due_at <= ?1
                                ORDER BY due_at LIMIT 1)
                 RETURNING rowid, job, sender, recipient, message, attempts",
                params![now, lease],
                |r| {
                    Ok(Outgoing {
                        id: r.get(0)?,
                        job: r.get(1)?,
                        kind: OutboxKind::Ack,
                        sender: r.get(2)?,
                        recipient: r.get(3)?,
                        message: r.get(4)?,
                        attempts: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// The claimed message went out.
    ///
    /// # Errors
    /// The store could not be written.
    pub fn mail_sent(&self, job: i64, kind: OutboxKind, now: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET sent_at = ?3, attempts = attempts + 1, last_error = NULL, claimed_at = NULL
             WHERE job = ?1 AND kind = ?2",
            params![job, kind.name(), now],
        )?;
        Ok(())
    }

    /// The claimed message could not be sent at `now`: why, and when to try again
    /// (`None`: given up, until `mail outbox retry`).
    ///
    /// # Errors
    /// The store could not be written.
    pub fn mail_failed(
        &self,
        job: i64,
        kind: OutboxKind,
        why: &str,
        now: i64,
        retry_at: Option<i64>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET due_at = coalesce(?4, due_at), attempts = attempts + 1, last_error = ?3,
                    claimed_at = NULL, failed_at = CASE WHEN ?4 IS NULL THEN ?5 END
             WHERE job = ?1 AND kind = ?2",
            params![job, kind.name(), why, retry_at, now],
        )?;
        Ok(())
    }

    /// Makes the unsent message `id` (every unsent one with `None`) due at `now`, a
    /// given-up one too; one a sender holds right now is left to it. How many.
    ///
    /// # Errors
    /// The store could not be written.
    pub fn retry_mail(&self, id: Option<i64>, now: i64) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET due_at = ?2, failed_at = NULL, claimed_at = NULL
             WHERE sent_at IS NULL AND (?1 IS NULL OR rowid = ?1)
               AND NOT (claimed_at IS NOT NULL AND due_at > ?2)",
            params![id, now],
        )?)
    }

    /// Every message of the outbox, newest first.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn outbox(&self) -> Result<Vec<OutboxRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT rowid, job, recipient, queued_at, attempts, sent_at, due_at, last_error,
                    claimed_at, failed_at, message
             FROM outbox ORDER BY queued_at DESC, rowid DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OutboxRow {
                id: r.get(0)?,
                job: r.get(1)?,
                recipient: r.get(2)?,
                queued_at: r.get(3)?,
                attempts: r.get(4)?,
                sent_at: r.get(5)?,
                due_at: r.get(6)?,
                last_error: r.get(7)?,
                claimed_at: r.get(8)?,
                failed_at: r.get(9)?,
                message: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
