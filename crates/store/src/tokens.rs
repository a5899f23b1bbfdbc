//! Tokens of the HTTP API: who may call, kept as the hash of their secret. The store
//! never sees a secret: the program generates it, shows it once and hands the store
//! only its SHA-256.

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, StoreError};

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Acts as a user, with that user's roles from the policy.
    User,
    /// Reads one customer's jobs, nothing else.
    Customer,
    /// A monitoring tool logging jobs for one customer.
    Integration,
}

impl TokenKind {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::User => "user",
            TokenKind::Customer => "customer",
            TokenKind::Integration => "integration",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [TokenKind::User, TokenKind::Customer, TokenKind::Integration]
            .into_iter()
            .find(|k| k.name() == text)
    }
}

/// A token to create. `customer` is `None` exactly for a user token (the schema checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken<'a> {
    pub kind: TokenKind,
    /// The user, or the integration's name; the customer's name for a customer token.
    pub name: &'a str,
    pub customer: Option<&'a str>,
    /// SHA-256 of the secret, hex.
    pub hash: &'a str,
    pub expires_at: Option<i64>,
}

/// A stored token (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub id: i64,
    pub kind: TokenKind,
    pub name: String,
    pub customer: Option<String>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

impl TokenRow {
    /// Whether it may be used at `now`: not revoked, not expired.
    #[must_use]
    pub fn live_at(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now < e)
    }
}

const COLUMNS: &str = "id, kind, name, customer, created_at, expires_at, revoked_at, last_used_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<TokenRow> {
    let kind: String = r.get(1)?;
    Ok(TokenRow {
        id: r.get(0)?,
        kind: TokenKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                1,
                rusqlite::types::Type::Text,
                format!("unknown token kind `{kind}`").into(),
            )
        })?,
        name: r.get(2)?,
        customer: r.get(3)?,
        created_at: r.get(4)?,
        expires_at: r.get(5)?,
        revoked_at: r.get(6)?,
        last_used_at: r.get(7)?,
    })
}

impl Store {
    /// Stores a new token; its id.
    ///
    /// # Errors
    /// SQLite errors (a read-only store names the file).
    pub fn create_token(&mut self, t: &NewToken<'_>, now: i64) -> Result<i64, StoreError> {
        self.conn
            .execute(
                "INSERT INTO tokens (kind, name, customer, hash, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![t.kind.name(), t.name, t.customer, t.hash, now, t.expires_at],
            )
            .map_err(|e| StoreError::from(e).at(&self.path))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The token whose secret hashes to `hash`, live or not (the caller tells why not).
    ///
    /// Looked up by the hash through the unique index, not compared secret by secret:
    /// the secret is 256 random bits, so whatever timing tells about the index walk is
    /// about a hash that nobody can turn back into a secret — no constant-time compare
    /// is needed.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn token_by_hash(&self, hash: &str) -> Result<Option<TokenRow>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM tokens WHERE hash = ?1"))?
            .query_row([hash], from_row)
            .optional()?)
    }

    /// Notes that token `id` was used at `now` (for `token list`). Best effort: a
    /// read-only store still answers reads.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn token_used(&self, id: i64, now: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE tokens SET last_used_at = ?2 WHERE id = ?1")?
            .execute(params![id, now])?;
        Ok(())
    }

    /// Every token, oldest first.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn tokens(&self) -> Result<Vec<TokenRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM tokens ORDER BY id"))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Revokes token `id` at `now`; the token as it is afterwards. Revoking twice keeps
    /// the first instant.
    ///
    /// # Errors
    /// [`StoreError::Refused`] when there is no such token.
    pub fn revoke_token(&mut self, id: i64, now: i64) -> Result<TokenRow, StoreError> {
        self.conn
            .execute(
                "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, now],
            )
            .map_err(|e| StoreError::from(e).at(&self.path))?;
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM tokens WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::Refused(format!(
                    "no token has the id {id} — `slawatch token list` shows the ids"
                ))
            })
    }
}
