//! `token create | list | revoke`: who may call the HTTP API.

use serde_json::json;
use slawatch_core::text::inert;
use slawatch_core::time::instant::rfc3339;
use slawatch_store::{NewToken, Store, TokenKind, TokenRow};

use super::args::Global;
use super::names::{self, Kind};
use super::serve_args::{TokenCmd, TokenCreate};
use super::{CliResult, Failure, db_path, policy};
use crate::serve::secret;

pub(crate) fn run(global: &Global, cmd: TokenCmd) -> CliResult {
    match cmd {
        TokenCmd::Create(a) => create(global, &a),
        TokenCmd::List { json } => list(global, json),
        TokenCmd::Revoke { id } => revoke(global, id),
    }
}

/// `90d`, `12h`, `1h30m` in seconds: days as 24 h of real time (a token's life is not
/// business time).
fn lifetime(text: &str) -> Result<i64, Failure> {
    let bad = |why: String| {
        Failure::BadInput(format!(
            "--expires {}: {why} — give a duration such as 90d, 12h or 30m",
            inert(text, 80)
        ))
    };
    let t = text.trim();
    let secs = if let Some(days) = t.strip_suffix('d') {
        days.parse::<i64>()
            .ok()
            .filter(|d| (1..=36_500).contains(d))
            .map(|d| d * 86_400)
            .ok_or_else(|| bad("not a number of days from 1 to 36500".to_owned()))?
    } else {
        slawatch_core::time::duration::parse_secs(t).map_err(|e| bad(e.to_string()))?
    };
    if secs <= 0 {
        return Err(bad("a token must live for some time".to_owned()));
    }
    Ok(secs)
}

/// What a token of `kind` may do, said once when it is made.
fn may(kind: TokenKind, name: &str, customer: Option<&str>) -> String {
    let customer = inert(customer.unwrap_or(""), 200);
    match kind {
        TokenKind::User => format!(
            "acts as user {} with that user's roles from the policy: read jobs, log jobs, record actions",
            inert(name, 80)
        ),
        TokenKind::Customer => {
            format!("reads the jobs of customer {customer} only; it cannot change anything")
        }
        TokenKind::Integration => format!(
            "integration {} logs and reads jobs of customer {customer} only",
            inert(name, 80)
        ),
    }
}

/// Whether `--user` was given on this command line: `SLAWATCH_USER` (or the OS user)
/// says who runs slawatch, not who a token is for, so it never makes a user token.
fn user_on_command_line() -> bool {
    use clap::CommandFactory as _;
    let Ok(m) = super::Cli::command().try_get_matches_from(std::env::args_os()) else {
        return false;
    };
    let mut m = &m;
    while let Some((_, sub)) = m.subcommand() {
        m = sub;
    }
    m.value_source("user") == Some(clap::parser::ValueSource::CommandLine)
}

fn create(global: &Global, a: &TokenCreate) -> CliResult {
    let policy = policy(global)?;
    let now = crate::service::clock::now();
    let path = db_path(global)?;
    let checked_customer = match &a.customer {
        Some(c) => {
            // The same check as `log`: a typo would make a token that sees nothing.
            let (stored, _) = names::stored(&path)?;
            Some(
                names::check(
                    Kind::Customer,
                    c,
                    &names::customers(&policy, &stored),
                    a.new_customer,
                )?
                .name()
                .to_owned(),
            )
        }
        None => None,
    };
    let user = global.user.as_ref().filter(|_| user_on_command_line());
    let (kind, name) = match (user, &a.integration, &checked_customer) {
        (Some(_), _, Some(_)) => {
            return Err(Failure::BadInput(
                "a token is for a user (--user NAME) or for a customer (--customer NAME), not both"
                    .to_owned(),
            ));
        }
        (Some(u), None, None) => (TokenKind::User, u.trim().to_owned()),
        (None, Some(i), Some(_)) => (TokenKind::Integration, i.trim().to_owned()),
        (None, None, Some(c)) => (TokenKind::Customer, c.clone()),
        _ => {
            return Err(Failure::BadInput(
                "say who the token is for: --user NAME, --customer NAME, or --integration NAME --customer NAME".to_owned(),
            ));
        }
    };
    slawatch_core::job::identity::check(&name)
        .map_err(|e| Failure::BadInput(format!("{}: {e}", kind.name())))?;
    let expires_at = a
        .expires
        .as_deref()
        .map(lifetime)
        .transpose()?
        .map(|s| now.saturating_add(s));
    let secret = secret::generate().map_err(Failure::Runtime)?;
    let customer = if kind == TokenKind::User {
        None
    } else {
        checked_customer.as_deref()
    };
    let mut store = Store::open(&path)?;
    let id = store.create_token(
        &NewToken {
            kind,
            name: &name,
            customer,
            hash: &secret::hash(&secret),
            expires_at,
        },
        now,
    )?;
    let tz = &policy.display_tz;
    if a.json {
        return super::emit_json(
            &json!({ "id": id, "token": secret, "kind": kind.name(), "name": name, "customer": customer,
                     "expires_at": expires_at.map(|t| rfc3339(t, tz)) }),
            true,
        );
    }
    super::emit(&format!(
        "Token {id} ({}): {}\n{secret}\nThis is the only time it is shown: keep it now (the store keeps only its hash).{}",
        kind.name(),
        may(kind, &name, customer),
        expires_at
            .map(|t| format!("\nIt expires at {}.", rfc3339(t, tz)))
            .unwrap_or_default()
    ))
}

fn row_json(t: &TokenRow, tz: &chrono_tz::Tz) -> serde_json::Value {
    let at = |x: Option<i64>| x.map(|t| rfc3339(t, tz));
    json!({
        "id": t.id,
        "kind": t.kind.name(),
        "name": t.name,
        "customer": t.customer,
        "created_at": rfc3339(t.created_at, tz),
        "expires_at": at(t.expires_at),
        "revoked_at": at(t.revoked_at),
        "last_used_at": at(t.last_used_at),
    })
}

fn list(global: &Global, json: bool) -> CliResult {
    let policy = policy(global)?;
    let tz = &policy.display_tz;
    let store = Store::open_existing(&db_path(global)?)?;
    let rows = store.tokens()?;
    if json {
        return super::emit_json(
            &json!(rows.iter().map(|t| row_json(t, tz)).collect::<Vec<_>>()),
            true,
        );
    }
    if rows.is_empty() {
        return super::emit("No tokens. Make one with `slawatch token create --user NAME`.");
    }
    let now = crate::service::clock::now();
    let when = |x: Option<i64>| x.map_or_else(|| "-".to_owned(), |t| rfc3339(t, tz));
    let mut out = format!(
        "{:>4}  {:<11}  {:<20}  {:<20}  {:<25}  {:<25}  {:<25}  {}",
        "ID", "KIND", "NAME", "CUSTOMER", "CREATED", "EXPIRES", "REVOKED", "LAST USED"
    );
    for t in &rows {
        out.push('\n');
        out.push_str(&format!(
            "{:>4}  {:<11}  {:<20}  {:<20}  {:<25}  {:<25}  {:<25}  {}{}",
            t.id,
            t.kind.name(),
            inert(&t.name, 80),
            inert(t.customer.as_deref().unwrap_or("-"), 80),
            rfc3339(t.created_at, tz),
            when(t.expires_at),
            when(t.revoked_at),
            when(t.last_used_at),
            if t.revoked_at.is_none() && !t.live_at(now) {
                "  (expired)"
            } else {
                ""
            }
        ));
    }
    super::emit(&out)
}

fn revoke(global: &Global, id: i64) -> CliResult {
    let now = crate::service::clock::now();
    let mut store = Store::open_existing(&db_path(global)?)?;
    let t = store.revoke_token(id, now)?;
    super::emit(&format!(
        "Token {id} ({} {}) revoked: the API refuses it from now on.",
        t.kind.name(),
        inert(&t.name, 80)
    ))
}
