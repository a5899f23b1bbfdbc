//! The customer hears what was promised: the acknowledgement of a job made from their
//! mail, composed from a short template with the job's deadlines, and sent over SMTP.
//! Composing is pure (`now` is a parameter); sending is the only I/O here.

use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use chrono_tz::Tz;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};
use slawatch_core::policy::ClockKind;
use slawatch_core::time::shown::dated;

/// The header our acknowledgements carry, with the job's number: mail intake knows its
/// own acknowledgement by it and never makes a job of it (no loop).
pub const ACK_HEADER: &str = "X-Slawatch-Ack";

/// The template used when the policy gives none.
pub const DEFAULT_TEMPLATE: &str = "Thank you for your message. It is job #{job}: {subject}\n\n{deadlines}\n\n\
Please keep [#{job}] in the subject when you reply.\n";

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain first, then STARTTLS, required (port 587).
    StartTls,
    /// No TLS: only to a server on this machine.
    Plain,
}

/// Where acknowledgements are sent through.
#[derive(Debug, Clone)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The login at the relay; its password is read when a message is sent.
    pub credentials: Option<Login>,
    /// A CA certificate (PEM) to trust besides the usual roots (a private relay).
    pub ca: Option<PathBuf>,
}

/// A user and where its password comes from.
#[derive(Debug, Clone)]
pub struct Login {
    pub user: String,
    pub password: Password,
}

/// Where a relay's password comes from (never argv, never the policy file).
#[derive(Debug, Clone)]
pub enum Password {
    /// Given by the caller.
    Given(String),
    /// The first line of this file, read at each round (a rotated password is picked up).
    File(PathBuf),
    /// This environment variable.
    Env(String),
}

impl Login {
    /// The password, read now.
    ///
    /// # Errors
    /// The file cannot be read, or it or the variable is empty or unset.
    pub fn password(&self) -> Result<String, AckError> {
        let missing = |why: String| AckError::Password {
            user: self.user.clone(),
            why,
        };
        let pw = match &self.password {
            Password::Given(p) => p.clone(),
            Password::File(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| missing(format!("cannot read the password file {}: {e}", path.display())))?;
                let first = text.lines().next().unwrap_or_default().trim_end_matches('\r');
                if first.is_empty() {
                    return Err(missing(format!(
                        "the password file {} has an empty first line",
                        path.display()
                    )));
                }
                first.to_owned()
            }
            Password::Env(var) => match std::env::var(var) {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    return Err(missing(format!(
                        "the environment variable {var} is not set or empty"
                    )));
                }
            },
        };
        Ok(pw)
    }
}

/// What the customer is told about one job.
#[derive(Debug, Clone)]
pub struct Commitment {
    pub job: i64,
    /// The customer's address (the sender of the mail).
    pub to: String,
    /// The subject of their mail.
    pub subject: String,
    /// Their mail's Message-ID, to thread the acknowledgement under it.
    pub message_id: Option<String>,
    /// The deadlines of the clocks that run, in respond, attend, resolve order.
    pub deadlines: Vec<(ClockKind, i64)>,
    /// The zone the customer's contract is counted in.
    pub tz: Tz,
}

/// What can go wrong, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum AckError {
    #[error("acknowledgement for job {job}: `{address}` is not a mail address ({why})")]
    Address { job: i64, address: String, why: String },
    #[error("acknowledgement for job {job}: cannot compose the message: {0}", job = .1)]
    Compose(String, i64),
    #[error(
        "SMTP server {host}: plain SMTP is allowed only to this machine (127.0.0.1, ::1, localhost); use TLS or STARTTLS"
    )]
    PlainRemote { host: String },
    #[error("SMTP server {host}: cannot read the CA file {path}: {why}")]
    Ca { host: String, path: String, why: String },
    #[error(
        "SMTP login {user}: {why} — fix it (password_file / password_env in [mail.acknowledge]); the acknowledgement stays queued and is tried again"
    )]
    Password { user: String, why: String },
    #[error("SMTP server {host}:{port}: {why} — the acknowledgement stays queued and is tried again")]
    Send { host: String, port: u16, why: String },
}

/// The deadlines in the customer's words: "We will respond by Mon 2026-12-07 16:35 (Europe/Amsterdam)."
fn deadline_lines(c: &Commitment) -> String {
    c.deadlines
        .iter()
        .map(|(kind, at)| {
            let verb = match kind {
                ClockKind::Respond => "respond",
                ClockKind::Attend => "be on site",
                ClockKind::Resolve => "resolve it",
            };
            format!("We will {verb} by {} ({}).", dated(*at, &c.tz), c.tz.name())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `template` with `{job}`, `{subject}`, `{deadlines}`, `{respond_by}`, `{attend_by}` and
/// `{resolve_by}` filled in (a clock that does not run reads `—`).
#[must_use]
pub fn fill(template: &str, c: &Commitment) -> String {
    let by = |k: ClockKind| {
        c.deadlines
            .iter()
            .find(|(kind, _)| *kind == k)
            .map_or_else(|| "—".to_owned(), |(_, at)| dated(*at, &c.tz))
    };
    template
        .replace("{job}", &c.job.to_string())
        .replace("{subject}", &c.subject)
        .replace("{deadlines}", &deadline_lines(c))
        .replace("{respond_by}", &by(ClockKind::Respond))
        .replace("{attend_by}", &by(ClockKind::Attend))
        .replace("{resolve_by}", &by(ClockKind::Resolve))
}

/// The subject: `[#1042] Re: <their subject>` (their own `Re:` not doubled).
#[must_use]
pub fn subject(c: &Commitment) -> String {
    let theirs = c.subject.trim();
    let theirs = theirs
        .strip_prefix("Re:")
        .or_else(|| theirs.strip_prefix("RE:"))
        .map_or(theirs, str::trim_start);
    format!("[#{}] Re: {theirs}", c.job)
}

/// The acknowledgement of `c` from `from`, dated `now`: threaded under the customer's
/// mail, marked as an automatic reply (so their auto-responders stay quiet) and with
/// [`ACK_HEADER`] (so our own intake ignores it).
///
/// # Errors
/// An address that is not one, or a message that cannot be built.
pub fn compose(from: &str, template: &str, c: &Commitment, now: i64) -> Result<Message, AckError> {
    let mailbox = |a: &str| {
        a.parse::<Mailbox>().map_err(|e| AckError::Address {
            job: c.job,
            address: a.to_owned(),
            why: e.to_string(),
        })
    };
    let mut b = Message::builder()
        .from(mailbox(from)?)
        .to(mailbox(&c.to)?)
        .subject(subject(c))
        .date(UNIX_EPOCH + Duration::from_secs(u64::try_from(now).unwrap_or(0)))
        .header(ContentType::TEXT_PLAIN);
    if let Some(id) = &c.message_id {
        b = b.in_reply_to(id.clone()).references(id.clone());
    }
    let raw =
        |name: &'static str, value: String| HeaderValue::new(HeaderName::new_from_ascii_str(name), value);
    b = b
        .raw_header(raw("Auto-Submitted", "auto-replied".to_owned()))
        .raw_header(raw("X-Auto-Response-Suppress", "All".to_owned()))
        .raw_header(raw(ACK_HEADER, c.job.to_string()));
    b.body(fill(template, c))
        .map_err(|e| AckError::Compose(e.to_string(), c.job))
}

fn loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Sends `message` through `server`, waiting at most `timeout` for each step.
///
/// # Errors
/// Plain SMTP to another machine, an unreadable CA file, or the server's refusal (the
/// caller keeps the acknowledgement and tries again).
pub fn send(server: &Server, message: &Message, timeout: Duration) -> Result<(), AckError> {
    transport(server, timeout)?
        .send(message)
        .map(|_| ())
        .map_err(|e| refused(server, &e))
}

pub(super) fn refused(server: &Server, e: &lettre::transport::smtp::Error) -> AckError {
    AckError::Send {
        host: server.host.clone(),
        port: server.port,
        why: e.to_string(),
    }
}

/// The connection settings of `server` (no connection is made yet).
pub(super) fn transport(server: &Server, timeout: Duration) -> Result<SmtpTransport, AckError> {
    let host = server.host.clone();
    let tls = |host: &str| -> Result<TlsParameters, AckError> {
        let mut p = TlsParameters::builder(host.to_owned());
        if let Some(path) = &server.ca {
            let pem = std::fs::read(path).map_err(|e| AckError::Ca {
                host: host.to_owned(),
                path: path.display().to_string(),
                why: e.to_string(),
            })?;
            let cert = Certificate::from_pem(&pem).map_err(|e| AckError::Ca {
                host: host.to_owned(),
                path: path.display().to_string(),
                why: e.to_string(),
            })?;
            p = p.add_root_certificate(cert);
        }
        p.build_rustls().map_err(|e| AckError::Send {
            host: host.to_owned(),
            port: server.port,
            why: e.to_string(),
        })
    };
    let security = match server.security {
        Security::Plain if !loopback(&host) => return Err(AckError::PlainRemote { host }),
        Security::Plain => Tls::None,
        Security::StartTls => Tls::Required(tls(&host)?),
        Security::Tls => Tls::Wrapper(tls(&host)?),
    };
    let mut t = SmtpTransport::builder_dangerous(host.clone())
        .port(server.port)
        .tls(security)
        .timeout(Some(timeout));
    if let Some(login) = &server.credentials {
        t = t.credentials(Credentials::new(login.user.clone(), login.password()?));
    }
    Ok(t.build())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn commitment() -> Commitment {
        Commitment {
            job: 1042,
            to: "facilities@acme.example".to_owned(),
            subject: "Re: Boiler down in east wing".to_owned(),
            message_id: Some("<abc@acme.example>".to_owned()),
            // Mon 2026-12-07 16:35 and Tue 2026-12-08 19:00, Amsterdam.
            deadlines: vec![
                (ClockKind::Respond, 1_796_657_700),
                (ClockKind::Resolve, 1_796_752_800),
            ],
            tz: chrono_tz::Europe::Amsterdam,
        }
    }

    #[test]
    fn the_template_names_the_job_and_its_deadlines_in_the_customers_zone() {
        let text = fill(DEFAULT_TEMPLATE, &commitment());
        assert!(text.contains("It is job #1042: Re: Boiler down"), "{text}");
        assert!(
            text.contains("We will respond by Mon 2026-12-07 16:35 (Europe/Amsterdam)."),
            "{text}"
        );
        assert!(
            text.contains("We will resolve it by Tue 2026-12-08 19:00"),
            "{text}"
        );
        assert!(!text.contains("be on site"), "no attend clock: {text}");
        let short = fill("respond {respond_by}, on site {attend_by}", &commitment());
        assert_eq!(short, "respond Mon 2026-12-07 16:35, on site —");
    }

    #[test]
    fn the_subject_carries_the_token_and_one_re() {
        assert_eq!(subject(&commitment()), "[#1042] Re: Boiler down in east wing");
    }

    #[test]
    fn the_message_is_threaded_marked_automatic_and_ours() {
        let m = compose(
            "desk@service.example",
            DEFAULT_TEMPLATE,
            &commitment(),
            1_796_650_000,
        )
        .unwrap();
        let text = String::from_utf8(m.formatted()).unwrap();
        for header in [
            "In-Reply-To: <abc@acme.example>",
            "References: <abc@acme.example>",
            "Auto-Submitted: auto-replied",
            "X-Slawatch-Ack: 1042",
            "To: facilities@acme.example",
        ] {
            assert!(text.contains(header), "{header} in\n{text}");
        }
    }

    #[test]
    fn a_bad_address_and_plain_smtp_to_another_machine_are_refused() {
        let mut c = commitment();
        c.to = "not an address".to_owned();
        let e = compose("desk@service.example", DEFAULT_TEMPLATE, &c, 0).unwrap_err();
        assert!(
            e.to_string().contains("`not an address` is not a mail address"),
            "{e}"
        );
        let m = compose("desk@service.example", DEFAULT_TEMPLATE, &commitment(), 0).unwrap();
        let server = Server {
            host: "smtp.example.com".to_owned(),
            port: 25,
            security: Security::Plain,
            credentials: None,
            ca: None,
        };
        let e = send(&server, &m, Duration::from_secs(1)).unwrap_err();
        assert!(matches!(e, AckError::PlainRemote { .. }), "{e}");
    }
}
