//! `slawatch ingest imap`: the IMAP source. Until the mail core is merged, its handler
//! writes each message into a Maildir given by the hidden `--to-maildir` (so the source
//! is testable end to end); the merge swaps that handler for `intake::mail::ingest`.

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
    let security = if args.plain {
        Security::Plain
    } else {
        Security::Tls
    };
    Ok(Config {
        host: args.host.clone(),
        port: args.port.unwrap_or(if args.plain { 143 } else { 993 }),
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

pub fn run(args: &ImapArgs) -> CliResult {
    let cfg = config(args)?;
    // Refused before anything else, so a mistake never sends the password anywhere.
    imap::check_security(&cfg.host, cfg.security).map_err(failure)?;
    let Some(dir) = args.to_maildir.clone() else {
        return Err(Failure::BadInput(
            "ingest imap is not yet wired to the mail core in this build; use --to-maildir DIR".to_string(),
        ));
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::BadInput(format!("cannot make {}: {e}", dir.display())))?;
    let mut handler = |raw: &[u8], date: i64, uid: u32| -> Result<Handled, String> {
        let path = to_maildir(&dir, raw, date, uid)
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
    let mut note = |m: &str| crate::say!("slawatch: imap: {m}");
    if args.follow {
        imap::follow(&cfg, &mut handler, &mut note).map_err(failure)
    } else {
        let report = imap::run_once(&cfg, &mut handler, &mut note).map_err(failure)?;
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
}
