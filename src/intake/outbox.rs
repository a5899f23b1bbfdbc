//! The outbox's sender: an acknowledgement queued in the store once per job, sent by
//! whichever process claims it first, tried again while the server is down.

use std::time::Duration;

use lettre::Transport;

use super::ack::{Commitment, Server, compose, refused, transport};

/// The acknowledgement settings: where it is sent through, from whom, what it says.
#[derive(Debug, Clone)]
pub struct Settings {
    pub server: Server,
    pub from: String,
    /// [`DEFAULT_TEMPLATE`] unless the policy gives one.
    pub template: String,
}

impl Settings {
    /// The policy's `[mail.acknowledge]` (its paths anchored by the policy's loader).
    #[must_use]
    pub fn of(a: &slawatch_core::policy::mail::Acknowledge) -> Self {
        use super::ack::{Login, Password};
        use slawatch_core::policy::mail::{AckSecurity, PasswordSource};
        Self {
            server: Server {
                host: a.host.clone(),
                port: a.port,
                security: match a.security {
                    AckSecurity::Tls => super::ack::Security::Tls,
                    AckSecurity::StartTls => super::ack::Security::StartTls,
                    AckSecurity::Plain => super::ack::Security::Plain,
                },
                credentials: a.login.as_ref().map(|l| Login {
                    user: l.user.clone(),
                    password: match &l.password {
                        PasswordSource::File(p) => Password::File(p.clone()),
                        PasswordSource::Env(v) => Password::Env(v.clone()),
                    },
                }),
                ca: a.ca.clone(),
            },
            from: a.from.clone(),
            template: a
                .template
                .clone()
                .unwrap_or_else(|| super::ack::DEFAULT_TEMPLATE.to_owned()),
        }
    }
}

/// Queues the acknowledgement of job `job` for `mail` (its sender, subject and
/// Message-ID), once per job: the sending is [`deliver_due`]'s, so taking mail in never
/// waits on an SMTP server. False when one was queued before (or none can be made: the
/// policy cannot judge the job, or the address is not one; why is in the error text).
///
/// # Errors
/// The store could not be read or written.
pub fn queue_ack(
    store: &slawatch_store::Store,
    policy: &slawatch_core::policy::Policy,
    settings: &Settings,
    job: i64,
    mail: (&str, &str, Option<&str>),
    now: i64,
) -> Result<Result<bool, String>, slawatch_store::StoreError> {
    let row = store.job(job)?;
    let Some(c) = commitment_of(&row, policy, mail, now) else {
        return Ok(Err(format!(
            "job {job}: the policy cannot judge it, no deadlines to promise"
        )));
    };
    let message = match compose(&settings.from, &settings.template, &c, now) {
        Ok(m) => m,
        Err(e) => return Ok(Err(e.to_string())),
    };
    Ok(Ok(store.queue_mail(
        job,
        slawatch_store::OutboxKind::Ack,
        (&settings.from, mail.0),
        &message.formatted(),
        now,
    )?))
}

/// What the customer of job `job` (in `store`) is promised now: the deadlines of its
/// running clocks, in its tier's calendar zone. `None` when the policy cannot judge it.
#[must_use]
pub fn commitment_of(
    job: &slawatch_core::job::Job,
    policy: &slawatch_core::policy::Policy,
    (to, subject, message_id): (&str, &str, Option<&str>),
    now: i64,
) -> Option<Commitment> {
    let sla = job.evaluate(policy, now).ok()?;
    let deadlines = sla
        .clocks
        .iter()
        .filter(|c| !c.state.is_stopped())
        .filter_map(|c| c.deadline.map(|d| (c.kind, d)))
        .collect();
    Some(Commitment {
        job: job.id,
        to: to.to_owned(),
        subject: subject.to_owned(),
        message_id: message_id.map(str::to_owned),
        deadlines,
        tz: *sla.matched.tier.calendar.tz(),
    })
}

/// Queues the acknowledgement of job `job` (once per job, whoever asks again) and
/// tries the outbox at once, waiting at most `timeout`: a server that is down delays
/// the acknowledgement, never the mail's job. What happened, for the ingest's answer.
///
/// # Errors
/// The store could not be read or written (the job itself is committed already).
pub fn acknowledge(
    store: &slawatch_store::Store,
    policy: &slawatch_core::policy::Policy,
    settings: &Settings,
    job: i64,
    mail: (&str, &str, Option<&str>),
    now: i64,
    timeout: Duration,
) -> Result<Acked, slawatch_store::StoreError> {
    match queue_ack(store, policy, settings, job, mail, now)? {
        Err(_) if store.job(job)?.evaluate(policy, now).is_err() => return Ok(Acked::NotJudged),
        Err(why) => return Ok(Acked::Refused(why)),
        Ok(false) => return Ok(Acked::AlreadyQueued),
        Ok(true) => {}
    }
    let round = deliver_due(store, &settings.server, now, timeout)?;
    Ok(if round.sent.contains(&job) {
        Acked::Sent
    } else {
        Acked::Queued(
            round
                .failed
                .into_iter()
                .find(|(j, _)| *j == job)
                .map(|(_, why)| why),
        )
    })
}

/// What [`acknowledge`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acked {
    Sent,
    /// In the outbox, to be tried again (why the first try failed, if it was tried).
    Queued(Option<String>),
    /// Queued before, by this or another ingester: nothing more.
    AlreadyQueued,
    /// The address or the template made no message (why).
    Refused(String),
    /// The policy cannot judge the job: no deadlines to promise.
    NotJudged,
}

/// How long after its `attempts`-th failure a message is tried again: 1, 5, 15 minutes,
/// then every hour.
#[must_use]
pub fn retry_after(attempts: i64) -> i64 {
    match attempts {
        ..=0 => 60,
        1 => 5 * 60,
        2 => 15 * 60,
        _ => 3600,
    }
}

/// A message the relay refuses for good (5xx) this many times is given up: a wrong
/// password or an unknown recipient asked hourly forever is noise in the relay's log.
/// Two more tries after the first (1 and 5 minutes later) ride out a relay's passing
/// trouble that it answers with a 5xx.
pub const GIVE_UP_AFTER: i64 = 3;

/// What one round of the outbox did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Round {
    pub sent: Vec<i64>,
    /// The jobs whose message failed, each with why.
    pub failed: Vec<(i64, String)>,
}

/// Sends every message of `store`'s outbox due at `now` through `server`, each claimed
/// first (another process running the same round sends it or skips it, never both)
/// and marked sent, or failed with its next try, once the server has answered.
///
/// # Errors
/// The store could not be read or written (a refused message is not an error: it is in
/// [`Round::failed`] and stays queued).
pub fn deliver_due(
    store: &slawatch_store::Store,
    server: &Server,
    now: i64,
    timeout: Duration,
) -> Result<Round, slawatch_store::StoreError> {
    let mut round = Round::default();
    // A claim lasts past the longest exchange, so a sender killed mid-send is taken over.
    let lease = i64::try_from(timeout.as_secs()).unwrap_or(60) * 4 + 60;
    // Building it connects to nothing: each message is one SMTP session.
    let t = transport(server, timeout);
    while let Some(m) = store.claim_mail(now, lease)? {
        // Err(why, final word): a 5xx answer (a wrong password's 535, an unknown
        // recipient's 550) is the relay's final word; anything else may pass later.
        let outcome = match &t {
            Err(e) => Err((e.to_string(), None)),
            Ok(t) => envelope(&m.sender, &m.recipient)
                .map_err(|why| {
                    (
                        format!("job {}: `{}` is not a mail address ({why})", m.job, m.recipient),
                        None,
                    )
                })
                .and_then(|env| {
                    t.send_raw(&env, &m.message).map(|_| ()).map_err(|e| {
                        let last = e
                            .is_permanent()
                            .then(|| format!("SMTP server {}:{}: {e}", server.host, server.port));
                        (refused(server, &e).to_string(), last)
                    })
                }),
        };
        match outcome {
            Ok(()) => {
                store.mail_sent(m.job, m.kind, now)?;
                round.sent.push(m.job);
            }
            Err((why, last)) => {
                let tries = m.attempts + 1;
                let (why, retry) = match last {
                    Some(last) if tries >= GIVE_UP_AFTER => (
                        format!(
                            "{last} — given up after {tries} refusals; fix it, then `slawatch mail outbox retry {}`",
                            m.id
                        ),
                        None,
                    ),
                    _ => (why, Some(now + retry_after(m.attempts))),
                };
                store.mail_failed(m.job, m.kind, &why, now, retry)?;
                round.failed.push((m.job, why));
            }
        }
    }
    Ok(round)
}

fn envelope(from: &str, to: &str) -> Result<lettre::address::Envelope, String> {
    let from = from.parse::<lettre::Address>().map_err(|e| e.to_string())?;
    let to = to.parse::<lettre::Address>().map_err(|e| e.to_string())?;
    lettre::address::Envelope::new(Some(from), vec![to]).map_err(|e| e.to_string())
}
