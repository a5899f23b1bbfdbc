//! Auto-replies and loops: never jobs, always in the ingest log.

use super::MailHead;

/// Why a mail is not a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoReason {
    /// `Auto-Submitted` other than `no` (RFC 3834).
    AutoSubmitted,
    /// `Precedence: bulk | list | junk`.
    Precedence,
    /// From mailer-daemon / postmaster, or with an empty Return-Path.
    Bounce,
    /// One of our own acknowledgements came back.
    Ours,
}

impl AutoReason {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::AutoSubmitted => "auto-submitted",
            Self::Precedence => "precedence",
            Self::Bounce => "bounce",
            Self::Ours => "our own acknowledgement",
        }
    }
}

/// The reason `h` is an automatic message, or None for a person's mail.
#[must_use]
pub fn classify(h: &MailHead) -> Option<AutoReason> {
    if h.ours {
        return Some(AutoReason::Ours);
    }
    if let Some(a) = &h.auto_submitted {
        // The value may carry parameters: `auto-replied; owner-email=…`.
        let word = a.split(';').next().unwrap_or_default().trim();
        if !word.eq_ignore_ascii_case("no") {
            return Some(AutoReason::AutoSubmitted);
        }
    }
    if let Some(p) = &h.precedence
        && ["bulk", "list", "junk"]
            .iter()
            .any(|w| p.trim().eq_ignore_ascii_case(w))
    {
        return Some(AutoReason::Precedence);
    }
    let local = h
        .sender
        .as_deref()
        .and_then(|s| s.split_once('@'))
        .map(|(l, _)| l);
    if h.null_return_path || local.is_some_and(|l| l == "mailer-daemon" || l == "postmaster") {
        return Some(AutoReason::Bounce);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head() -> MailHead {
        MailHead {
            sender: Some("fm@acme.example".into()),
            ..MailHead::default()
        }
    }

    #[test]
    fn a_persons_mail_is_not_automatic() {
        let mut h = head();
        h.auto_submitted = Some("no".into());
        h.precedence = Some("first-class".into());
        assert_eq!(classify(&h), None);
    }

    #[test]
    fn automatic_mail_is_named() {
        let mut h = head();
        h.auto_submitted = Some("auto-replied; owner=x".into());
        assert_eq!(classify(&h), Some(AutoReason::AutoSubmitted));
        let mut h = head();
        h.precedence = Some(" Bulk".into());
        assert_eq!(classify(&h), Some(AutoReason::Precedence));
        let mut h = head();
        h.sender = Some("mailer-daemon@mx.acme.example".into());
        assert_eq!(classify(&h), Some(AutoReason::Bounce));
        let mut h = head();
        h.null_return_path = true;
        assert_eq!(classify(&h), Some(AutoReason::Bounce));
        let mut h = head();
        h.ours = true;
        assert_eq!(classify(&h), Some(AutoReason::Ours));
    }
}
