//! `ingest mail`, `mail held`, `mail assign`, `mail log` (`mail outbox`: outbox_cmd.rs).

use std::io::Read;
use std::path::Path;

use serde_json::json;
use slawatch_core::text::inert;
use slawatch_core::time::instant::rfc3339;
use slawatch_store::{Store, Taken};

use super::args::Global;
use super::mail_args::{IngestCmd, MailCmd};
use super::{CliResult, Failure, db_path, policy};
use crate::intake::mail::{IngestError, Source, ingest};
use crate::service::clock;

/// The most read from standard input or a file is `READ_FACTOR × max_size` (bounded
/// memory). Up to this a mail over `max_size` is held whole; past it, it is refused
/// (exit 2, the MTA bounces it) rather than kept cut short.
const READ_FACTOR: u64 = 16;

/// What `policy` lets `ingest mail` read of one message.
fn read_limit(policy: &slawatch_core::policy::Policy) -> u64 {
    policy.mail.max_size.saturating_mul(READ_FACTOR)
}

pub(crate) fn ingest_cmd(global: &Global, cmd: &IngestCmd) -> CliResult {
    let (file, json) = match cmd {
        IngestCmd::Mail { file, json } => (file, json),
        IngestCmd::Maildir { dir, follow, json } => return maildir(global, dir, *follow, *json),
        IngestCmd::Imap(args) => return super::imap_cmd::run(global, args),
    };
    // Exit 2 tells an MTA the mail is refused for good: only for what is not a mail. A
    // broken policy is ours to fix, so it is exit 1 and the MTA delivers it again.
    let policy = policy(global).map_err(|e| match e {
        Failure::BadInput(m) => Failure::Runtime(format!(
            "{m}\nthe mail was not taken; it is delivered again once the policy is fixed"
        )),
        other => other,
    })?;
    let limit = read_limit(&policy);
    let raw = read(file.as_deref(), limit.saturating_add(1))?;
    if raw.len() as u64 > limit {
        return Err(Failure::BadInput(format!(
            "the message is larger than {limit} bytes (16 × max_size), more than slawatch keeps of a mail — nothing recorded; deliver it to a person instead, or raise [mail] max_size"
        )));
    }
    let mut store = Store::open(&db_path(global)?)?;
    crate::serve::webhooks::sync_routes(&mut store, &policy)?;
    let now = clock::now();
    let out = match ingest(&mut store, &policy, &raw, now, now, &Source::Pipe) {
        Ok(o) => o,
        Err(IngestError::NotMail(why)) => {
            return Err(Failure::BadInput(format!("not a mail: {why} — nothing recorded")));
        }
        Err(IngestError::Store(e)) => {
            return Err(Failure::Runtime(format!(
                "{e} — the mail was not taken; deliver it again"
            )));
        }
    };
    // Exit 0 lets the MTA delete its copy: the commit must be on disk first. A failed
    // sync is exit 1, so the mail comes again (a duplicate if the commit did survive).
    store.make_durable().map_err(|e| {
        Failure::Runtime(format!(
            "{e} — the mail is delivered again (a duplicate if it was kept)"
        ))
    })?;
    let mut out = out;
    if let Some(round) = send_acknowledgements(&store, &policy, now) {
        told(&mut out, &round);
    }
    say(&out, *json)
}

/// Sends what the outbox holds due (this mail's acknowledgement, and any an earlier
/// run could not send), waiting at most 10 s: the mail is taken whatever the SMTP
/// server does, so its answer only changes what is said about the acknowledgement.
pub(super) fn send_acknowledgements(
    store: &Store,
    policy: &slawatch_core::policy::Policy,
    now: i64,
) -> Option<crate::intake::outbox::Round> {
    let server = crate::intake::outbox::Settings::of(policy.mail.acknowledge.as_ref()?).server;
    match crate::intake::outbox::deliver_due(store, &server, now, std::time::Duration::from_secs(10)) {
        Ok(round) => Some(round),
        Err(e) => {
            crate::say!("the outbox: {e} — acknowledgements stay queued");
            None
        }
    }
}

/// What `round` did with the acknowledgement `out` queued.
pub(super) fn told(out: &mut crate::intake::mail::Outcome, round: &crate::intake::outbox::Round) {
    let Some(job) = out
        .taken
        .job()
        .filter(|_| out.acknowledgement.as_deref() == Some("queued"))
    else {
        return;
    };
    if round.sent.contains(&job) {
        out.acknowledgement = Some("sent".to_owned());
    } else if let Some((_, why)) = round.failed.iter().find(|(j, _)| *j == job) {
        out.acknowledgement = Some(format!("queued, to be tried again: {why}"));
    }
}

pub(super) fn say(out: &crate::intake::mail::Outcome, json: bool) -> CliResult {
    say_from(out, json, None)
}

/// As [`say`], for a message of an IMAP mailbox (`Some((mailbox, uid))`).
pub(super) fn say_from(
    out: &crate::intake::mail::Outcome,
    json: bool,
    imap: Option<(&str, u32)>,
) -> CliResult {
    let job = out.taken.job();
    if json {
        let mut v = json!({"outcome": out.taken.name(), "job": job, "message_id": out.message_id});
        if let Some((mailbox, uid)) = imap {
            v["mailbox"] = json!(mailbox);
            v["uid"] = json!(uid);
        }
        if let Some(r) = &out.reason {
            v["reason"] = json!(r);
        }
        if let Some(a) = &out.acknowledgement {
            v["acknowledgement"] = json!(a);
        }
        if let Some(f) = &out.flagged {
            v["flagged"] = json!(f);
        }
        if let Taken::Held(h) = out.taken {
            v["held"] = json!(h);
        }
        super::emit_json(&v, false)
    } else {
        let what = match (out.taken, &out.reason) {
            (Taken::Created(j), _) => format!("created job {j}"),
            (Taken::Attached(j), _) => match &out.flagged {
                Some(f) => format!("attached to job {j} · flagged: {f}"),
                None => format!("attached to job {j}"),
            },
            (Taken::Duplicate(Some(j)), _) => format!("duplicate: already taken (job {j})"),
            (Taken::Duplicate(None), _) => "duplicate: already taken".to_owned(),
            (Taken::Held(h), r) => format!("held as {h}: {}", r.as_deref().unwrap_or_default()),
            (Taken::Ignored, r) => format!("ignored: {}", r.as_deref().unwrap_or_default()),
        };
        let ack = out
            .acknowledgement
            .as_deref()
            .map(|a| format!(" · acknowledgement {a}"))
            .unwrap_or_default();
        super::emit(&inert(&format!("{what}{ack}"), 2000))
    }
}

/// Files taken between two syncs of the store (and then moved to `cur/`).
const SYNC_BATCH: usize = 100;

fn maildir(global: &Global, dir: &Path, follow: bool, json: bool) -> CliResult {
    use crate::intake::mail::maildir::{FileOutcome, settle, take_file, waiting};
    let policy = policy(global)?;
    for sub in ["new", "cur"] {
        if !dir.join(sub).is_dir() {
            return Err(Failure::BadInput(format!(
                "{}: not a Maildir (no {sub}/ directory) — give the directory holding new/ and cur/",
                dir.display()
            )));
        }
    }
    let mut store = Store::open(&db_path(global)?)?;
    crate::serve::webhooks::sync_routes(&mut store, &policy)?;
    loop {
        let files = waiting(dir).map_err(|e| Failure::Runtime(format!("{}: {e}", dir.display())))?;
        let mut taken = Vec::new();
        let mut failed = None;
        for batch in files.chunks(SYNC_BATCH) {
            let mut done = Vec::with_capacity(batch.len());
            for file in batch {
                match take_file(&mut store, &policy, file, clock::now(), read_limit(&policy)) {
                    Ok(FileOutcome::Taken(out)) => {
                        taken.push(out);
                        done.push(file);
                    }
                    Ok(FileOutcome::NotMail(why)) => crate::say!(
                        "{}: not a mail ({}) — left in new/",
                        inert(&file.display().to_string(), 500),
                        inert(&why, 500)
                    ),
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            // What was taken before a failure is still synced and moved: not taken twice.
            store.make_durable()?;
            for file in done {
                settle(dir, file).map_err(|e| Failure::Runtime(inert(&e, 2000)))?;
            }
            if let Some(e) = failed.take() {
                return Err(Failure::Runtime(inert(&e, 2000)));
            }
        }
        // One outbox round per pass: thousands of mails are not held up by SMTP.
        let round = send_acknowledgements(&store, &policy, clock::now());
        for mut out in taken {
            if let Some(r) = &round {
                told(&mut out, r);
            }
            say(&out, json)?;
        }
        if !follow {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_secs(2));
    }
}

fn read(file: Option<&Path>, limit: u64) -> Result<Vec<u8>, Failure> {
    let mut raw = Vec::new();
    let done = match file {
        Some(f) => std::fs::File::open(f)
            .and_then(|h| {
                // Sized once: growing by doubling would hold twice a large mail.
                let size = h.metadata().map_or(0, |m| m.len()).min(limit);
                raw.reserve_exact(usize::try_from(size).unwrap_or(0));
                h.take(limit).read_to_end(&mut raw)
            })
            .map_err(|e| format!("cannot read {}: {e}", f.display())),
        None => std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut raw)
            .map_err(|e| format!("cannot read standard input: {e}")),
    };
    done.map_err(Failure::Runtime)?;
    Ok(raw)
}

pub(crate) fn mail_cmd(global: &Global, cmd: &MailCmd) -> CliResult {
    let policy = policy(global)?;
    let tz = policy.display_tz;
    match cmd {
        MailCmd::Held { all, json } => {
            let store = Store::open_existing(&db_path(global)?)?;
            let held = store.mail_held(*all)?;
            if *json {
                let v = serde_json::to_value(&held).map_err(|e| Failure::Runtime(e.to_string()))?;
                return super::emit_json(&v, false);
            }
            if held.is_empty() {
                super::emit("no held mail")?;
            }
            for h in held {
                super::emit(&format!(
                    "{:>4}  {}  {}  {}  — {}{}",
                    h.id,
                    rfc3339(h.receipt, &tz),
                    inert(h.sender.as_deref().unwrap_or("(no sender)"), 200),
                    inert(h.subject.as_deref().unwrap_or_default(), 200),
                    inert(&h.reason, 500),
                    h.job.map(|j| format!(" (job {j})")).unwrap_or_default()
                ))?;
            }
            Ok(())
        }
        MailCmd::Log { limit, json } => {
            let store = Store::open_existing(&db_path(global)?)?;
            let rows = store.mail_log((*limit).max(0))?;
            if *json {
                let v = serde_json::to_value(&rows).map_err(|e| Failure::Runtime(e.to_string()))?;
                return super::emit_json(&v, false);
            }
            for r in rows {
                super::emit(&format!(
                    "{}  {:<9} {:<6} {}  {}{}",
                    rfc3339(r.at, &tz),
                    r.outcome,
                    r.job.map(|j| j.to_string()).unwrap_or_else(|| "-".to_owned()),
                    inert(r.sender.as_deref().unwrap_or("(no sender)"), 200),
                    inert(r.subject.as_deref().unwrap_or_default(), 200),
                    r.detail
                        .map(|d| format!(" — {}", inert(&d, 500)))
                        .unwrap_or_default()
                ))?;
            }
            Ok(())
        }
        MailCmd::Outbox { action, json } => super::outbox_cmd::run(global, &policy, action.as_ref(), *json),
        MailCmd::Assign { msg, customer, json } => {
            use crate::intake::mail::held::{AssignError, assign};
            let actor = super::logging_actor(global)?;
            let mut store = Store::open_existing(&db_path(global)?)?;
            let done =
                assign(&mut store, &policy, msg, customer, &actor, "assign", clock::now()).map_err(|e| {
                    match e {
                        AssignError::NoSuchMail(_) | AssignError::Job(_) => Failure::BadInput(e.to_string()),
                        AssignError::Store(e) => e.into(),
                    }
                })?;
            if *json {
                super::emit_json(
                    &json!({"outcome": "created", "job": done.job, "held": done.held}),
                    false,
                )
            } else {
                super::emit(&format!("created job {} from held mail {}", done.job, done.held))
            }
        }
    }
}
