//! The webhook outbox: a row per (event, receiver) queued by the schema's trigger in the
//! transaction that appends the event, claimed with a lease so one sender at a time
//! holds it, and delivered once across every running process. The store knows no HTTP:
//! a receiver is only a name (its url) and what it wants is data given by the program.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use slawatch_core::job::EventRow;
use slawatch_core::policy::webhooks::HookEvent;

use super::events::{COLUMNS, from_row};
use super::{Store, StoreError};

/// One thing a receiver wants: events of `kind` (of `customer`'s jobs, or of all).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WebhookRoute {
    pub hook: String,
    pub kind: HookEvent,
    pub customer: Option<String>,
}

/// A delivery claimed for sending.
#[derive(Debug, Clone)]
pub struct WebhookClaim {
    pub id: i64,
    pub hook: String,
    pub kind: HookEvent,
    pub event: EventRow,
    pub queued_at: i64,
    /// Tries before this one.
    pub attempts: i64,
    /// The body fixed at the first try (a retry sends the same bytes).
    pub body: Option<String>,
    /// The claim's instant: the token that proves this sender still holds it.
    pub claimed_at: i64,
}

/// Where a delivery is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Waiting for its first try.
    Pending,
    /// Tried and failed; tried again at its next try.
    Failing,
    Delivered,
    /// Given up after a day of failures: tried again only by `webhooks retry`.
    Dead,
}

impl DeliveryState {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Failing => "failing",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Dead => "dead",
        }
    }
}

/// A delivery row, for `webhooks status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRow {
    pub id: i64,
    pub event: i64,
    pub hook: String,
    pub kind: String,
    pub queued_at: i64,
    pub due_at: i64,
    pub attempts: i64,
    pub delivered_at: Option<i64>,
    pub dead_at: Option<i64>,
    pub last_error: Option<String>,
}

impl DeliveryRow {
    #[must_use]
    pub fn state(&self) -> DeliveryState {
        if self.delivered_at.is_some() {
            DeliveryState::Delivered
        } else if self.dead_at.is_some() {
            DeliveryState::Dead
        } else if self.last_error.is_some() {
            DeliveryState::Failing
        } else {
            DeliveryState::Pending
        }
    }
}

fn kind_of(s: &str) -> rusqlite::Result<HookEvent> {
    HookEvent::parse(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown webhook kind `{s}`").into(),
        )
    })
}

/// What `webhooks status` reads: the undelivered rows, and per receiver (its url)
/// how many were delivered.
pub type WebhookStatus = (Vec<DeliveryRow>, Vec<(String, i64)>);

impl Store {
    /// Makes `routes` what the trigger queues for from now on; unchanged routes cost
    /// one read and no write lock.
    ///
    /// # Errors
    /// The store could not be read or written.
    pub fn set_webhook_routes(&mut self, routes: &[WebhookRoute]) -> Result<(), StoreError> {
        let mut want: Vec<(String, &str, Option<String>)> = routes
            .iter()
            .map(|r| (r.hook.clone(), r.kind.name(), r.customer.clone()))
            .collect();
        want.sort();
        want.dedup();
        let read = |c: &rusqlite::Connection| -> Result<Vec<(String, String, Option<String>)>, StoreError> {
            let mut stmt =
                c.prepare("SELECT hook, kind, customer FROM webhook_routes ORDER BY hook, kind, customer")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        };
        let same = |have: &[(String, String, Option<String>)]| {
            have.len() == want.len()
                && have
                    .iter()
                    .zip(&want)
                    .all(|(h, w)| h.0 == w.0 && h.1 == w.1 && h.2 == w.2)
        };
        let mut have = read(&self.conn)?;
        have.sort();
        if same(&have) {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM webhook_routes", [])?;
        for (hook, kind, customer) in &want {
            tx.execute(
                "INSERT INTO webhook_routes (hook, kind, customer) VALUES (?1, ?2, ?3)",
                params![hook, kind, customer],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Claims up to `limit` deliveries to `hook` due at `now`, for `lease` seconds: no
    /// other sender takes them meanwhile. Oldest events first.
    ///
    /// # Errors
    /// The store could not be read or written.
    pub fn claim_webhooks(
        &mut self,
        hook: &str,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<WebhookClaim>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let claimed: Vec<(i64, i64, String, i64, i64, Option<String>)> = {
            // One statement: the claim and the read cannot be split by another sender.
            let mut stmt = tx.prepare_cached(
                "UPDATE webhook_outbox SET due_at = ?2 + ?3, claimed_at = ?2
                 WHERE id IN (SELECT id FROM webhook_outbox INDEXED BY webhook_outbox_due
                              WHERE hook = ?1 AND delivered_at IS NULL AND dead_at IS NULL AND due_at <= ?2
                              ORDER BY due_at, event LIMIT ?4)
                 RETURNING id, event, kind, queued_at, attempts, body",
            )?;
            let rows = stmt.query_map(params![hook, now, lease, limit], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let mut out = Vec::with_capacity(claimed.len());
        {
            let mut ev = tx.prepare_cached(&format!("SELECT {COLUMNS} FROM events WHERE id = ?1"))?;
            for (id, event, kind, queued_at, attempts, body) in claimed {
                let Some(event) = ev.query_row([event], from_row).optional()? else {
                    continue;
                };
                out.push(WebhookClaim {
                    id,
                    hook: hook.to_owned(),
                    kind: kind_of(&kind)?,
                    event,
                    queued_at,
                    attempts,
                    body,
                    claimed_at: now,
                });
            }
        }
        out.sort_by_key(|c| c.event.id);
        tx.commit()?;
        Ok(out)
    }

    /// Keeps the body built for the first try of `id`, so every retry signs the same bytes.
    ///
    /// # Errors
    /// The store could not be written.
    pub fn set_webhook_body(&self, id: i64, body: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE webhook_outbox SET body = ?2 WHERE id = ?1 AND body IS NULL",
            params![id, body],
        )?;
        Ok(())
    }

    /// The claimed delivery went through. False when this sender's claim was lost
    /// (its lease ran out and another sender holds the row).
    ///
    /// # Errors
    /// The store could not be written.
    pub fn webhook_delivered(&self, c: &WebhookClaim, now: i64) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE webhook_outbox SET delivered_at = ?3, attempts = attempts + 1, claimed_at = NULL, last_error = NULL
             WHERE id = ?1 AND claimed_at = ?2 AND delivered_at IS NULL",
            params![c.id, c.claimed_at, now],
        )? == 1)
    }

    /// The claimed delivery failed at `now`: why, and when to try again (`None`: given
    /// up, until `webhooks retry`).
    ///
    /// # Errors
    /// The store could not be written.
    pub fn webhook_failed(
        &self,
        c: &WebhookClaim,
        why: &str,
        now: i64,
        retry_at: Option<i64>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE webhook_outbox SET due_at = coalesce(?4, due_at), attempts = attempts + 1, last_error = ?3,
                    claimed_at = NULL, dead_at = CASE WHEN ?4 IS NULL THEN ?5 END
             WHERE id = ?1 AND claimed_at = ?2 AND delivered_at IS NULL",
            params![c.id, c.claimed_at, why, retry_at, now],
        )?;
        Ok(())
    }

    /// Gives a claimed delivery back untried, due at `due_at` (its receiver just failed
    /// another one: it waits with it).
    ///
    /// # Errors
    /// The store could not be written.
    pub fn webhook_release(&self, c: &WebhookClaim, due_at: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE webhook_outbox SET due_at = ?3, claimed_at = NULL
             WHERE id = ?1 AND claimed_at = ?2 AND delivered_at IS NULL",
            params![c.id, c.claimed_at, due_at],
        )?;
        Ok(())
    }

    /// Makes the undelivered row `id` (every undelivered one with `None`) due at `now`,
    /// a dead one too; one a sender holds right now is left to it. How many.
    ///
    /// # Errors
    /// The store could not be written.
    pub fn retry_webhooks(&self, id: Option<i64>, now: i64) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE webhook_outbox SET due_at = ?2, dead_at = NULL, claimed_at = NULL, queued_at = CASE WHEN dead_at IS NULL THEN queued_at ELSE ?2 END
             WHERE delivered_at IS NULL AND (?1 IS NULL OR id = ?1)
               AND NOT (claimed_at IS NOT NULL AND due_at > ?2)",
            params![id, now],
        )?)
    }

    /// The deliveries not yet delivered (pending, failing, dead), oldest first, and per
    /// receiver how many were delivered (its url, the count).
    ///
    /// # Errors
    /// The store could not be read.
    pub fn webhook_status(&self) -> Result<WebhookStatus, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, event, hook, kind, queued_at, due_at, attempts, delivered_at, dead_at, last_error
             FROM webhook_outbox WHERE delivered_at IS NULL ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DeliveryRow {
                    id: r.get(0)?,
                    event: r.get(1)?,
                    hook: r.get(2)?,
                    kind: r.get(3)?,
                    queued_at: r.get(4)?,
                    due_at: r.get(5)?,
                    attempts: r.get(6)?,
                    delivered_at: r.get(7)?,
                    dead_at: r.get(8)?,
                    last_error: r.get(9)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT hook, count(*) FROM webhook_outbox WHERE delivered_at IS NOT NULL GROUP BY hook",
        )?;
        let delivered = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((rows, delivered))
    }
}
