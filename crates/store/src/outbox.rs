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
    pub job: i64,
    pub kind: OutboxKind,
    pub sender: String,
    pub recipient: String,
    /// The whole message, as it goes on the wire.
    pub message: Vec<u8>,
    /// Tries before this one.
    pub attempts: i64,
}

/// A row of the outbox, for `mail outbox`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub job: i64,
    pub recipient: String,
    pub queued_at: i64,
    pub attempts: i64,
    pub sent_at: Option<i64>,
    pub due_at: i64,
    pub last_error: Option<String>,
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
                "UPDATE outbox SET due_at = ?1 + ?2
                 WHERE rowid = (SELECT rowid FROM outbox INDEXED BY outbox_due
                                WHERE sent_at IS NULL AND due_at <= ?1 ORDER BY due_at LIMIT 1)
                 RETURNING job, sender, recipient, message, attempts",
                params![now, lease],
                |r| {
                    Ok(Outgoing {
                        job: r.get(0)?,
                        kind: OutboxKind::Ack,
                        sender: r.get(1)?,
                        recipient: r.get(2)?,
                        message: r.get(3)?,
                        attempts: r.get(4)?,
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
            "UPDATE outbox SET sent_at = ?3, attempts = attempts + 1, last_error = NULL WHERE job = ?1 AND kind = ?2",
            params![job, kind.name(), now],
        )?;
        Ok(())
    }

    /// The claimed message could not be sent: why, and when to try again.
    ///
    /// # Errors
    /// The store could not be written.
    pub fn mail_failed(
        &self,
        job: i64,
        kind: OutboxKind,
        why: &str,
        retry_at: i64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET due_at = ?4, attempts = attempts + 1, last_error = ?3 WHERE job = ?1 AND kind = ?2",
            params![job, kind.name(), why, retry_at],
        )?;
        Ok(())
    }

    /// Every message of the outbox, the unsent first, oldest first.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn outbox(&self) -> Result<Vec<OutboxRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT job, recipient, queued_at, attempts, sent_at, due_at, last_error FROM outbox
             ORDER BY sent_at IS NOT NULL, queued_at, job",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OutboxRow {
                job: r.get(0)?,
                recipient: r.get(1)?,
                queued_at: r.get(2)?,
                attempts: r.get(3)?,
                sent_at: r.get(4)?,
                due_at: r.get(5)?,
                last_error: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
