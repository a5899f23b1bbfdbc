//! Replies by token, and the first matching `[[mail.rules]]`.

use crate::policy::mail::MailRule;

/// The job number of a `[#1042]` token in a subject (the first one).
#[must_use]
pub fn reply_token(subject: &str) -> Option<i64> {
    let mut rest = subject;
    while let Some(i) = rest.find("[#") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(']') {
            let digits = &rest[..end];
            if !digits.is_empty()
                && digits.len() <= 18
                && digits.bytes().all(|b| b.is_ascii_digit())
                && let Ok(n) = digits.parse::<i64>()
            {
                return Some(n);
            }
        }
    }
    None
}

/// The first rule whose pattern matches `subject`.
#[must_use]
pub fn rule_for<'p>(rules: &'p [MailRule], subject: &str) -> Option<&'p MailRule> {
    rules.iter().find(|r| r.subject.is_match(subject))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert_eq!(reply_token("Re: [#1042] Pump down"), Some(1042));
        assert_eq!(reply_token("[#abc] [#7]"), Some(7));
        assert_eq!(reply_token("[# 12]"), None);
        assert_eq!(reply_token("[#99999999999999999999]"), None);
        assert_eq!(reply_token("no token"), None);
    }

    #[test]
    fn first_rule_wins() {
        let rule = |p: &str, pr: &str| MailRule {
            subject: regex::Regex::new(p).unwrap(),
            priority: Some(pr.into()),
            job_type: None,
        };
        let rules = [rule("(?i)down", "P1"), rule("(?i)pump", "P2")];
        assert_eq!(
            rule_for(&rules, "Pump DOWN").and_then(|r| r.priority.as_deref()),
            Some("P1")
        );
        assert_eq!(
            rule_for(&rules, "pump noisy").and_then(|r| r.priority.as_deref()),
            Some("P2")
        );
        assert!(rule_for(&rules, "hello").is_none());
    }
}
