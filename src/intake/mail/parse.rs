//! Bytes → what the core decides on. mail-parser is lenient by design (it reads almost
//! anything), so "not a mail" is decided here first: no header block at all.

use mail_parser::{HeaderValue, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};
use slawatch_core::job::limits::{NOTE_MAX, SUMMARY_MAX};
use slawatch_core::mail::{MailHead, OUR_HEADER, address_of};
use slawatch_core::text::inert;

/// A message as mail to job sees it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub head: MailHead,
    /// The Message-ID, else `sha256:` of the raw bytes (a re-delivery is the same).
    pub key: String,
    /// From the subject, inert and within the summary limit.
    pub summary: String,
    /// From the text body (HTML-only mail as plain text), inert, within the note limit.
    pub description: String,
    /// Name and size of each attachment (not stored).
    pub attachments: Vec<(String, usize)>,
}

/// The headers a message has at least one of.
const MAIL_HEADERS: &[&str] = &[
    "from",
    "sender",
    "date",
    "message-id",
    "subject",
    "received",
    "to",
];

/// Why the bytes are not a mail, or None when they start like one.
pub fn not_mail(raw: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&raw[..raw.len().min(64 * 1024)]);
    if text.trim().is_empty() {
        return Some("the input is empty".to_owned());
    }
    let mut names = Vec::new();
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) || (names.is_empty() && line.starts_with("From ")) {
            continue;
        }
        match line.split_once(':') {
            Some((name, _)) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic()) => {
                names.push(name.to_ascii_lowercase());
            }
            _ => {
                return Some(format!(
                    "line {} is not a header (`Name: value`): the input does not start like a mail",
                    names.len() + 1
                ));
            }
        }
    }
    if !names.iter().any(|n| MAIL_HEADERS.contains(&n.as_str())) {
        return Some("no From, Date, Subject or Message-ID header: not a mail".to_owned());
    }
    None
}

/// The key of a message without a Message-ID: a hash of its bytes.
pub fn hash_key(raw: &[u8]) -> String {
    let h = Sha256::digest(raw);
    format!(
        "sha256:{}",
        h.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

/// Parses `raw`; Err says why it is not a mail.
pub fn parse(raw: &[u8]) -> Result<Parsed, String> {
    if let Some(why) = not_mail(raw) {
        return Err(why);
    }
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| "the headers cannot be read as a mail".to_owned())?;
    let addr = |a: Option<&mail_parser::Address<'_>>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .and_then(address_of)
    };
    let sender = addr(msg.from()).or_else(|| addr(msg.sender()));
    let ids = |v: &HeaderValue<'_>| -> Vec<String> {
        match v {
            HeaderValue::Text(t) => vec![t.to_string()],
            HeaderValue::TextList(l) => l.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        }
    };
    let mut refs = ids(msg.references());
    refs.extend(ids(msg.in_reply_to()));
    let raw_header = |name: &str| msg.header_raw(name).map(|v| v.trim().to_owned());
    let date = msg
        .date()
        .filter(|d| d.is_valid())
        .map(mail_parser::DateTime::to_timestamp);
    // The first Received in the message is the topmost: our own server's stamp.
    let received = msg
        .received_all()
        .next()
        .and_then(|r| r.date())
        .filter(mail_parser::DateTime::is_valid)
        .map(|d| d.to_timestamp());
    let head = MailHead {
        received,
        date,
        sender,
        subject: msg.subject().unwrap_or_default().to_owned(),
        message_id: msg.message_id().map(|m| inert(m, 998)),
        refs,
        auto_submitted: raw_header("Auto-Submitted"),
        precedence: raw_header("Precedence"),
        ours: msg.header_raw(OUR_HEADER).is_some(),
        null_return_path: msg.header_raw("Return-Path").is_some_and(|v| v.trim() == "<>"),
    };
    let key = head
        .message_id
        .clone()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| hash_key(raw));
    let summary = inert(head.subject.trim(), SUMMARY_MAX).trim().to_owned();
    let description = msg
        .body_text(0)
        .map(|b| slawatch_core::text::inert_lines(b.trim(), NOTE_MAX))
        .unwrap_or_default();
    let description: String = description.chars().take(NOTE_MAX).collect();
    let attachments = msg
        .attachments()
        .take(1000)
        .map(|a| (inert(a.attachment_name().unwrap_or("(unnamed)"), 200), a.len()))
        .collect();
    Ok(Parsed {
        head,
        key,
        summary,
        description,
        attachments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_mail_is_named() {
        assert!(not_mail(b"").is_some());
        assert!(not_mail(b"hello world\nthis is text\n").is_some());
        assert!(not_mail(b"X-Thing: 1\n\nbody").is_some());
        assert!(not_mail(b"From: a@b.example\nSubject: x\n\nbody").is_none());
    }

    #[test]
    fn headers_are_read() {
        let raw = b"Received: from mx by us; Tue, 8 Dec 2026 09:00:00 +0100\r\nFrom: \"Ann\" <Ann@Acme.Example>\r\nSubject: Pump down\r\nMessage-ID: <a1@acme.example>\r\nReferences: <x@y> <z@w>\r\nDate: Tue, 8 Dec 2026 08:55:00 +0100\r\n\r\nIt leaks.\r\n";
        let p = parse(raw).unwrap();
        assert_eq!(p.head.sender.as_deref(), Some("ann@acme.example"));
        assert_eq!(p.key, "a1@acme.example");
        assert_eq!(p.head.refs, ["x@y", "z@w"]);
        assert_eq!(p.head.received.unwrap() - p.head.date.unwrap(), 300);
        assert_eq!(p.description, "It leaks.");
    }
}
