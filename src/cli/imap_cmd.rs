//! `slawatch ingest imap`: the IMAP source. Each message goes through the mail core
//! (`intake::mail::ingest`, its INTERNALDATE the fallback receipt), and the outbox sends
//! the acknowledgements after each pass; the hidden `--to-maildir DIR` writes the
//! messages into a Maildir instead (the source tested on its own).

use super::ingest_args::ImapArgs;
use super::{CliResult, Failure};
use crate::intake::imap::{self, AfterHandled, Config, Handled, ImapError, Secret, Security};
use std::io::Write;
use std::path::{Path, PathBuf};

fn password(args: &ImapArgs) -> Result<Secret, Failure> {
    if let Some(path) = &args.password_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::BadInput(format!(
                "cannot read the password file {}: {e}; give a readable file whose first line is the password",
                path.display()
            ))
        })?;
        let line = text.lines().next().unwrap_or_default().to_string();
        if line.is_empty() {
            return Err(Failure::BadInput(format!(
                "the password file {} is empty; put the password on its first line",
                path.display()
            )));
        }
        return Ok(Secret::new(line));
    }
    let var = args.password_env.as_deref().unwrap_or_default();
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Ok(Secret::new(v)),
        _ => Err(Failure::BadInput(format!(
            "the environment variable {var} (--password-env) is not set or empty; export the password in it"
        ))),
    }
}

fn config(args: &ImapArgs) -> Result<Config, Failure> {
    use super::ingest_args::ImapSecurity;
    let security = match (args.security, args.plain) {
        (Some(ImapSecurity::Plain), _) | (None, true) => Security::Plain,
        (Some(ImapSecurity::Starttls), _) => Security::StartTls,
        (Some(ImapSecurity::Tls), _) | (None, false) => Security::Tls,
    };
    Ok(Config {
        host: args.host.clone(),
        port: args
            .port
            .unwrap_or(if security == Security::Tls { 993 } else { 143 }),
        user: args.user.clone(),
        password: password(args)?,
        mailbox: args.mailbox.clone(),
        security,
        ca: args.ca.clone(),
        max_size: args.max_size,
        after: args
            .move_to
            .clone()
            .map_or(AfterHandled::Seen, AfterHandled::MoveTo),
        poll: args.poll,
    })
}

/// Unique names within this process (with the PID and the clock: across runs too).
static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Writes one message the Maildir way: tmp/, fsync, rename into new/, mtime = INTERNALDATE.
fn to_maildir(dir: &Path, raw: &[u8], internaldate: i64, uid: u32) -> std::io::Result<PathBuf> {
    let name = format!(
        "{internaldate}.P{}U{uid}N{}T{}.slawatch",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        crate::service::clock::now()
    );
    // Made here, not once up front: a Maildir broken while we run is a failed
    // hand-over (the message stays unseen), not a reason to stop.
    for sub in ["tmp", "new", "cur"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    let tmp = dir.join("tmp").join(&name);
    let new = dir.join("new").join(&name);
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(raw)?;
    let mtime = std::time::UNIX_EPOCH + std::time::Duration::from_secs(internaldate.max(0).unsigned_abs());
    f.set_modified(mtime)?;
    f.sync_all()?;
    std::fs::rename(&tmp, &new)?;
    std::fs::File::open(dir.join("new"))?.sync_all()?;
    Ok(new)
}

fn failure(e: ImapError) -> Failure {
    match e {
        ImapError::Refused(m) | ImapError::Rejected(m) => Failure::BadInput(m),
        ImapError::Connect(m) => Failure::Runtime(m),
    }
}

pub fn run(global: &super::args::Global, args: &ImapArgs) -> CliResult {
    let cfg = config(args)?;
    // Refused before anything else, so a mistake never sends the password anywhere.
    imap::check_security(&cfg.host, cfg.security).map_err(failure)?;
    if let Some(dir) = args.to_maildir.clone() {
        return run_to_maildir(&cfg, args, &dir);
    }
    let policy = super::policy(global)?;
    // Shared by the handler (a commit per message) and the settle (a sync per batch).
    let store = std::cell::RefCell::new(slawatch_store::Store::open(&super::db_path(global)?)?);
    crate::serve::webhooks::sync_routes(&mut store.borrow_mut(), &policy)?;
    let mut taken = Vec::new();
    let mailbox = cfg.mailbox.clone();
    let follow = args.follow;
    let json = args.json;
    let mut handler = |raw: &[u8], date: i64, uid: u32| -> Result<Handled, String> {
        use crate::intake::mail::{IngestError, Source, ingest};
        let source = Source::Imap {
            mailbox: mailbox.clone(),
            uid,
        };
        match ingest(
            &mut store.borrow_mut(),
            &policy,
            raw,
            date,
            crate::service::clock::now(),
            &source,
        ) {
            Ok(mut out) => {
                // Following, a message at a time: its acknowledgement goes now.
                if follow {
                    if let Some(r) = super::mail_cmd::send_acknowledgements(
                        &store.borrow(),
                        &policy,
                        crate::service::clock::now(),
                    ) {
                        super::mail_cmd::told(&mut out, &r);
                    }
                    let _ = super::mail_cmd::say_from(&out, json, Some((&mailbox, uid)));
                } else {
                    taken.push((uid, out));
                }
                Ok(Handled::Taken)
            }
            // Not a mail: nothing to retry, so it is flagged like the others (it stays in
            // the mailbox for a person) and said.
            Err(IngestError::NotMail(why)) => {
                crate::say!(
                    "slawatch: imap: {mailbox} uid {uid}: not a mail ({why}) — flagged, left in the mailbox"
                );
                Ok(Handled::Taken)
            }
            Err(IngestError::Store(e)) => Err(format!("{e} — left unseen, taken at the next pass")),
        }
    };
    let mut settle = || store.borrow().make_durable().map_err(|e| e.to_string());
    let mut note = |m: &str| crate::say!("slawatch: imap: {m}");
    let report = if args.follow {
        return imap::follow(&cfg, &mut handler, &mut settle, &mut note).map_err(failure);
    } else {
        imap::run_once(&cfg, &mut handler, &mut settle, &mut note).map_err(failure)?
    };
    let round =
        super::mail_cmd::send_acknowledgements(&store.borrow(), &policy, crate::service::clock::now());
    for (uid, mut out) in taken {
        if let Some(r) = &round {
            super::mail_cmd::told(&mut out, r);
        }
        super::mail_cmd::say_from(&out, json, Some((&mailbox, uid)))?;
    }
    passed(&report)
}

/// The hidden `--to-maildir DIR`: each message written into a Maildir instead of
/// taken (the source tested on its own, and a way to hand a mailbox to another tool).
fn run_to_maildir(cfg: &Config, args: &ImapArgs, dir: &Path) -> CliResult {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::BadInput(format!("cannot make {}: {e}", dir.display())))?;
    let mut handler = |raw: &[u8], date: i64, uid: u32| -> Result<Handled, String> {
        let path = to_maildir(dir, raw, date, uid)
            .map_err(|e| format!("cannot write into {}: {e}", dir.display()))?;
        // A closed stdout is not a failed hand-over: the message is in the Maildir.
        let _ = writeln!(
            std::io::stdout(),
            "{}\tuid {uid}\t{}",
            cfg.mailbox,
            path.display()
        );
        Ok(Handled::Taken)
    };
    // The files are written whole before the handler returns; syncing them is left to
    // whoever takes them from this Maildir (a test rig's hand-over, not the desk's intake).
    let mut settle = || Ok::<(), String>(());
    let mut note = |m: &str| crate::say!("slawatch: imap: {m}");
    if args.follow {
        imap::follow(cfg, &mut handler, &mut settle, &mut note).map_err(failure)
    } else {
        let report = imap::run_once(cfg, &mut handler, &mut settle, &mut note).map_err(failure)?;
        passed(&report)
    }
}

/// What one pass did, said; exit 1 when a message could not be taken (it stays unseen).
fn passed(report: &imap::PassReport) -> CliResult {
    crate::say!(
        "slawatch: imap: {} taken, {} failed (left unseen), {} over the size limit",
        report.taken,
        report.failed,
        report.too_large
    );
    if report.failed > 0 {
        return Err(Failure::Runtime(format!(
            "{} message(s) could not be taken; they stay unseen and are retried at the next run",
            report.failed
        )));
    }
    Ok(())
}
