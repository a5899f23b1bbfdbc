//! One IMAP session's work: log in, select, fetch the unseen, hand each over, flag it;
//! and `follow`, which keeps doing that across IDLE or polls and reconnects.

use super::conn::{self, Stream};
use super::{AfterHandled, Config, Handled, Handler, ImapError, PassReport, Settle};
use std::collections::HashSet;
use std::fmt::Display;
use std::time::Duration;

type Session = imap::Session<Stream>;

/// At most this many messages, and this many bytes, per body FETCH: memory stays bounded
/// while the round-trips stay few.
const BATCH_MESSAGES: usize = 100;
use super::Security;

const BATCH_BYTES: u64 = 16 * 1024 * 1024;
const BACKOFF_MAX: Duration = Duration::from_secs(30);

fn lost(what: &str, e: imap::Error) -> ImapError {
    ImapError::Connect(format!("IMAP {what} failed: {e}"))
}

fn connect(cfg: &Config) -> Result<(Session, bool), ImapError> {
    let stream = conn::open(&cfg.host, cfg.port, cfg.security, cfg.ca.as_deref())?;
    let mut client = imap::Client::new(stream);
    // After STARTTLS the greeting was read already, on the plain connection.
    if cfg.security != Security::StartTls {
        client
            .read_greeting()
            .map_err(|e| lost(&format!("greeting from {}:{}", cfg.host, cfg.port), e))?;
    }
    let mut session = client
        .login(&cfg.user, cfg.password.expose())
        .map_err(|(e, _)| match e {
            imap::Error::No(_) | imap::Error::Bad(_) => ImapError::Rejected(format!(
                "{}:{} refused the login of {}: {e}; check the user and the password file or variable",
                cfg.host, cfg.port, cfg.user
            )),
            other => lost("login", other),
        })?;
    session.select(&cfg.mailbox).map_err(|e| match e {
        imap::Error::No(_) | imap::Error::Bad(_) => ImapError::Rejected(format!(
            "cannot select mailbox {:?} on {}:{}: {e}; check --mailbox",
            cfg.mailbox, cfg.host, cfg.port
        )),
        other => lost("SELECT", other),
    })?;
    let idle = session
        .capabilities()
        .map(|c| c.has_str("IDLE"))
        .map_err(|e| lost("CAPABILITY", e))?;
    Ok((session, idle))
}

/// What a pass remembers across passes of one `follow`.
#[derive(Default)]
struct Memory {
    /// Over-size messages already reported, so a poll does not repeat them.
    reported_large: HashSet<u32>,
}

fn uid_set(uids: &[u32]) -> String {
    uids.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

fn pass<E: Display>(
    s: &mut Session,
    cfg: &Config,
    memory: &mut Memory,
    handler: &mut Handler<'_, E>,
    settle: &mut Settle<'_, E>,
    note: &mut dyn FnMut(&str),
) -> Result<PassReport, ImapError> {
    let mut report = PassReport::default();
    let mut uids: Vec<u32> = s
        .uid_search("UNSEEN")
        .map_err(|e| lost("UID SEARCH", e))?
        .into_iter()
        .collect();
    if uids.is_empty() {
        return Ok(report);
    }
    uids.sort_unstable();
    // Sizes first, so nothing larger than max_size is ever read into memory.
    let mut sized = Vec::with_capacity(uids.len());
    for chunk in uids.chunks(1000) {
        let meta = s
            .uid_fetch(uid_set(chunk), "(UID RFC822.SIZE)")
            .map_err(|e| lost("UID FETCH", e))?;
        for f in meta.iter() {
            if let Some(uid) = f.uid {
                sized.push((uid, u64::from(f.size.unwrap_or(0))));
            }
        }
    }
    sized.sort_unstable();
    let mut batch: Vec<u32> = Vec::new();
    let mut batch_bytes = 0;
    let mut batches = Vec::new();
    for (uid, size) in sized {
        if size > cfg.max_size {
            report.too_large += 1;
            if memory.reported_large.insert(uid) {
                note(&format!(
                    "{} uid {uid}: {size} bytes, over the {} byte limit; left unseen, not fetched",
                    cfg.mailbox, cfg.max_size
                ));
            }
            continue;
        }
        if !batch.is_empty() && (batch.len() >= BATCH_MESSAGES || batch_bytes + size > BATCH_BYTES) {
            batches.push(std::mem::take(&mut batch));
            batch_bytes = 0;
        }
        batch.push(uid);
        batch_bytes += size;
    }
    if !batch.is_empty() {
        batches.push(batch);
    }
    for batch in batches {
        let fetched = s
            .uid_fetch(uid_set(&batch), "(UID INTERNALDATE BODY.PEEK[])")
            .map_err(|e| lost("UID FETCH", e))?;
        let mut messages: Vec<_> = fetched
            .iter()
            .filter_map(|f| {
                let uid = f.uid?;
                let date = f.internal_date().map_or(0, |d| d.timestamp());
                // No body: expunged by another client meanwhile; nothing to hand over.
                Some((uid, date, f.body()?.to_vec()))
            })
            .collect();
        drop(fetched);
        messages.sort_by_key(|m| m.0);
        // Flagged once per batch, and only the ones taken: one round-trip instead of a
        // hundred. A connection lost before the STORE hands the batch over again, which
        // the core's Message-ID dedupe turns into duplicates (at least once, never lost).
        let mut done = Vec::with_capacity(messages.len());
        for (uid, date, raw) in messages {
            match handler(&raw, date, uid) {
                Ok(Handled::Taken) => {
                    done.push(uid);
                    report.taken += 1;
                }
                Err(e) => {
                    report.failed += 1;
                    note(&format!(
                        "{} uid {uid}: not taken, left unseen to retry: {e}",
                        cfg.mailbox
                    ));
                }
            }
        }
        if done.is_empty() {
            continue;
        }
        if let Err(e) = settle() {
            report.taken -= done.len();
            report.failed += done.len();
            note(&format!(
                "{} uids {}: taken but not synced to disk, left unseen to retry: {e}",
                cfg.mailbox,
                uid_set(&done)
            ));
            continue;
        }
        flag(s, cfg, &uid_set(&done))?;
    }
    Ok(report)
}

fn flag(s: &mut Session, cfg: &Config, uids: &str) -> Result<(), ImapError> {
    s.uid_store(uids, "+FLAGS.SILENT (\\Seen)")
        .map_err(|e| lost("UID STORE", e))?;
    if let AfterHandled::MoveTo(folder) = &cfg.after {
        s.uid_mv(uids, folder).map_err(|e| match e {
            imap::Error::No(_) | imap::Error::Bad(_) => ImapError::Rejected(format!(
                "cannot move uid {uids} to {folder:?}: {e}; check --move-to names an existing mailbox"
            )),
            other => lost("UID MOVE", other),
        })?;
    }
    Ok(())
}

/// One pass: every unseen message now in the mailbox, then log out.
pub fn run_once<E: Display>(
    cfg: &Config,
    handler: &mut Handler<'_, E>,
    settle: &mut Settle<'_, E>,
    note: &mut dyn FnMut(&str),
) -> Result<PassReport, ImapError> {
    let (mut s, _) = connect(cfg)?;
    let report = pass(&mut s, cfg, &mut Memory::default(), handler, settle, note)?;
    let _ = s.logout();
    Ok(report)
}

/// Passes until killed: after each, IDLE (when offered, up to `poll`) or sleep `poll`;
/// a lost server is reconnected with a doubling back-off up to 30 s. Returns only on an
/// error that a retry cannot fix (a refused login, a missing mailbox).
pub fn follow<E: Display>(
    cfg: &Config,
    handler: &mut Handler<'_, E>,
    settle: &mut Settle<'_, E>,
    note: &mut dyn FnMut(&str),
) -> Result<(), ImapError> {
    let mut memory = Memory::default();
    let mut backoff = Duration::from_secs(1);
    loop {
        let err = match connect(cfg) {
            Ok((mut s, idle)) => {
                backoff = Duration::from_secs(1);
                note(&format!(
                    "connected to {}:{}, following {} ({})",
                    cfg.host,
                    cfg.port,
                    cfg.mailbox,
                    if idle { "IDLE" } else { "polling" }
                ));
                follow_session(&mut s, idle, cfg, &mut memory, handler, settle, note)
            }
            Err(e) => e,
        };
        if !err.is_transient() {
            return Err(err);
        }
        note(&format!("{err}; reconnecting in {} s", backoff.as_secs()));
        std::thread::sleep(backoff);
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

fn follow_session<E: Display>(
    s: &mut Session,
    idle: bool,
    cfg: &Config,
    memory: &mut Memory,
    handler: &mut Handler<'_, E>,
    settle: &mut Settle<'_, E>,
    note: &mut dyn FnMut(&str),
) -> ImapError {
    loop {
        if let Err(e) = pass(s, cfg, memory, handler, settle, note) {
            return e;
        }
        let waited = if idle {
            s.idle()
                .timeout(cfg.poll)
                .keepalive(false)
                .wait_while(imap::extensions::idle::stop_on_any)
                .map(|_| ())
                .map_err(|e| lost("IDLE", e))
        } else {
            std::thread::sleep(cfg.poll);
            s.noop().map_err(|e| lost("NOOP", e))
        };
        if let Err(e) = waited {
            return e;
        }
    }
}
