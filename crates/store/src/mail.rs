//! Mail to job: messages taken by Message-ID, held mail, the ingest log. Every
//! outcome is written in one transaction with the job it makes or touches.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use slawatch_core::job::{JobAction, Prepared};
use slawatch_core::policy::Policy;

use super::actions::{insert, record_in};
use super::events::head;
use super::{Store, StoreError};

/// What is done with one message.
pub enum MailTake<'a> {
    Create(&'a Prepared),
    /// A reply: a note on `job` at `at`, and a resume when the pause ends on replies.
    Attach {
        job: i64,
        note: String,
        actor: &'a str,
        at: i64,
        resume: bool,
        /// The job is closed ("job 42 is resolved"): a dispatcher must see the reply.
        flag: Option<&'a str>,
    },
    Hold {
        reason: &'a str,
        raw: &'a [u8],
        receipt: i64,
    },
    Ignore {
        reason: &'a str,
    },
}

/// Who sent what, through which route, for the log.
pub struct MailEntry<'a> {
    pub message_id: &'a str,
    pub source: &'a str,
    pub sender: Option<&'a str>,
    pub subject: &'a str,
    pub now: i64,
}

/// What became of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    Created(i64),
    Attached(i64),
    /// Taken before (another route, a re-delivery): its job, if it made one.
    Duplicate(Option<i64>),
    /// The held mail's id (for `mail assign`).
    Held(i64),
    Ignored,
}

impl Taken {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Taken::Created(_) => "created",
            Taken::Attached(_) => "attached",
            Taken::Duplicate(_) => "duplicate",
            Taken::Held(_) => "held",
            Taken::Ignored => "ignored",
        }
    }

    #[must_use]
    pub fn job(self) -> Option<i64> {
        match self {
            Taken::Created(j) | Taken::Attached(j) => Some(j),
            Taken::Duplicate(j) => j,
            Taken::Held(_) | Taken::Ignored => None,
        }
    }
}

/// A held mail, for `mail held`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeldMail {
    pub id: i64,
    pub message_id: String,
    pub reason: String,
    pub sender: Option<String>,
    pub subject: Option<String>,
    pub receipt: i64,
    pub held_at: i64,
    pub job: Option<i64>,
}

/// One line of the ingest log.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MailLogRow {
    pub id: i64,
    pub at: i64,
    pub message_id: String,
    pub source: String,
    pub sender: Option<String>,
    pub subject: Option<String>,
    pub outcome: String,
    pub job: Option<i64>,
    pub detail: Option<String>,
    /// A reply to a closed job: why it is flagged ("job 42 is resolved").
    pub flagged: Option<String>,
}

/// How the ingest log's detail marks a reply to a closed job.
const FLAGGED: &str = "flagged: ";

fn log(
    tx: &Connection,
    e: &MailEntry<'_>,
    outcome: &str,
    job: Option<i64>,
    detail: Option<&str>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO mail_log (at, message_id, source, sender, subject, outcome, job, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        e.now,
        e.message_id,
        e.source,
        e.sender,
        e.subject,
        outcome,
        job,
        detail
    ])?;
    Ok(())
}

fn seen(
    tx: &Connection,
    message_id: &str,
    outcome: &str,
    job: Option<i64>,
    at: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT INTO mail_messages (message_id, outcome, job, at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![message_id, outcome, job, at])?;
    Ok(())
}

impl Store {
    /// Takes one message: a duplicate of one taken before is only logged.
    ///
    /// # Errors
    /// Store errors; nothing is written then (the source keeps the mail and retries).
    pub fn take_mail(
        &mut self,
        policy: &Policy,
        e: &MailEntry<'_>,
        take: &MailTake<'_>,
    ) -> Result<Taken, StoreError> {
        let path = self.path.clone();
        self.take_once(policy, e, take).map_err(|err| err.at(&path))
    }

    fn take_once(
        &mut self,
        policy: &Policy,
        e: &MailEntry<'_>,
        take: &MailTake<'_>,
    ) -> Result<Taken, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before: Option<Option<i64>> = tx
            .query_row(
                "SELECT job FROM mail_messages WHERE message_id = ?1",
                [e.message_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(job) = before {
            log(&tx, e, "duplicate", job, None)?;
            tx.commit()?;
            return Ok(Taken::Duplicate(job));
        }
        let taken = match take {
            MailTake::Create(p) => {
                let mut h = head(&tx)?;
                let id = insert(&tx, &mut h, p, e.now)?;
                seen(&tx, e.message_id, "created", Some(id), e.now)?;
                log(&tx, e, "created", Some(id), None)?;
                Taken::Created(id)
            }
            MailTake::Attach {
                job,
                note,
                actor,
                at,
                resume,
                flag,
            } => {
                let action = JobAction::Note { text: note.clone() };
                let row = record_in(&tx, policy, *job, &action, actor, Some(*at), e.now)?;
                let mut detail = None;
                if *resume {
                    let resume_at = (*at).max(row.last_event_at);
                    let action = JobAction::Resume {
                        note: Some("the customer replied by mail".to_owned()),
                    };
                    record_in(&tx, policy, *job, &action, actor, Some(resume_at), e.now)?;
                    detail = Some("resumed: the customer replied".to_owned());
                }
                if let Some(f) = flag {
                    detail = Some(format!("{FLAGGED}{f}"));
                }
                seen(&tx, e.message_id, "attached", Some(*job), e.now)?;
                log(&tx, e, "attached", Some(*job), detail.as_deref())?;
                Taken::Attached(*job)
            }
            MailTake::Hold { reason, raw, receipt } => {
                tx.prepare_cached(
                    "INSERT INTO mail_held (message_id, reason, sender, subject, receipt, raw, held_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    e.message_id,
                    reason,
                    e.sender,
                    e.subject,
                    receipt,
                    raw,
                    e.now
                ])?;
                let id = tx.last_insert_rowid();
                seen(&tx, e.message_id, "held", None, e.now)?;
                log(&tx, e, "held", None, Some(reason))?;
                Taken::Held(id)
            }
            MailTake::Ignore { reason } => {
                seen(&tx, e.message_id, "ignored", None, e.now)?;
                log(&tx, e, "ignored", None, Some(reason))?;
                Taken::Ignored
            }
        };
        tx.commit()?;
        Ok(taken)
    }

    /// The job a message with one of these Message-IDs made or was attached to.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn mail_job_by_refs(&self, refs: &[String]) -> Result<Option<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT job FROM mail_messages WHERE message_id = ?1 AND job IS NOT NULL")?;
        // The newest reference first: it names the message replied to.
        for r in refs.iter().rev() {
            if let Some(job) = stmt.query_row([r], |row| row.get(0)).optional()? {
                return Ok(Some(job));
            }
        }
        Ok(None)
    }

    /// The held mail, oldest first (those not yet assigned unless `all`).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn mail_held(&self, all: bool) -> Result<Vec<HeldMail>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, message_id, reason, sender, subject, receipt, held_at, job FROM mail_held
             WHERE ?1 OR job IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([all], |r| {
            Ok(HeldMail {
                id: r.get(0)?,
                message_id: r.get(1)?,
                reason: r.get(2)?,
                sender: r.get(3)?,
                subject: r.get(4)?,
                receipt: r.get(5)?,
                held_at: r.get(6)?,
                job: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A held mail's bytes and receipt, by its id or Message-ID.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn mail_held_raw(&self, key: &str) -> Result<Option<(HeldMail, Vec<u8>)>, StoreError> {
        let id: i64 = key.trim_start_matches('#').parse().unwrap_or(-1);
        let key = key.trim_matches(|c| c == '<' || c == '>');
        Ok(self
            .conn
            .query_row(
                "SELECT id, message_id, reason, sender, subject, receipt, held_at, job, raw FROM mail_held
                 WHERE id = ?1 OR message_id = ?2",
                params![id, key],
                |r| {
                    Ok((
                        HeldMail {
                            id: r.get(0)?,
                            message_id: r.get(1)?,
                            reason: r.get(2)?,
                            sender: r.get(3)?,
                            subject: r.get(4)?,
                            receipt: r.get(5)?,
                            held_at: r.get(6)?,
                            job: r.get(7)?,
                        },
                        r.get(8)?,
                    ))
                },
            )
            .optional()?)
    }

    /// Makes the job of held mail `held` (already prepared with its customer).
    ///
    /// # Errors
    /// [`StoreError::Refused`] when it was assigned meanwhile; store errors.
    pub fn mail_assign(
        &mut self,
        held: &HeldMail,
        p: &Prepared,
        source: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let mut run = || -> Result<i64, StoreError> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let done: Option<i64> =
                tx.query_row("SELECT job FROM mail_held WHERE id = ?1", [held.id], |r| r.get(0))?;
            if let Some(job) = done {
                return Err(StoreError::Refused(format!(
                    "held mail {} already made job {job} — `slawatch show {job}`",
                    held.id
                )));
            }
            let mut h = head(&tx)?;
            let id = insert(&tx, &mut h, p, now)?;
            tx.execute(
                "UPDATE mail_held SET job = ?2 WHERE id = ?1",
                params![held.id, id],
            )?;
            tx.execute(
                "UPDATE mail_messages SET outcome = 'created', job = ?2 WHERE message_id = ?1",
                params![held.message_id, id],
            )?;
            let e = MailEntry {
                message_id: &held.message_id,
                source,
                sender: held.sender.as_deref(),
                subject: held.subject.as_deref().unwrap_or_default(),
                now,
            };
            log(&tx, &e, "created", Some(id), Some("assigned from held mail"))?;
            tx.commit()?;
            Ok(id)
        };
        run().map_err(|e| e.at(&path))
    }

    /// The newest `limit` lines of the ingest log, oldest first.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn mail_log(&self, limit: i64) -> Result<Vec<MailLogRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, message_id, source, sender, subject, outcome, job, detail FROM
             (SELECT * FROM mail_log ORDER BY id DESC LIMIT ?1) ORDER BY id",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(MailLogRow {
                id: r.get(0)?,
                at: r.get(1)?,
                message_id: r.get(2)?,
                source: r.get(3)?,
                sender: r.get(4)?,
                subject: r.get(5)?,
                outcome: r.get(6)?,
                job: r.get(7)?,
                flagged: r
                    .get::<_, Option<String>>(8)?
                    .and_then(|d| d.strip_prefix(FLAGGED).map(str::to_owned)),
                detail: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The id of the ingest log's newest line (0 when empty): every mail taken or
    /// assigned writes one, so a reader knows when to read the held mail again.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn mail_log_newest(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM mail_log", [], |r| r.get(0))?)
    }

    /// The closed jobs a customer replied to since: a flagged reply to a job still
    /// resolved or cancelled (reopening it answers the flag).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn replied_after_close(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT m.job FROM mail_log m JOIN jobs j ON j.id = m.job
             WHERE m.outcome = 'attached' AND m.detail LIKE 'flagged: %'
               AND j.status IN ('resolved', 'cancelled') ORDER BY m.job",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
