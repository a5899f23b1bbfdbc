//! `[mail]` with its `[[mail.rules]]` and `[mail.acknowledge]`, and the contracts'
//! `mail = [...]` sender lists.

use std::collections::HashMap;

use toml::de::DeValue;

use super::Contract;
use super::load::{Cx, Value, missing_hint};
use super::mail::{
    AckSecurity, Acknowledge, MailPolicy, MailRule, MailStart, PasswordSource, SmtpLogin, UnknownSender,
};
use crate::time::duration::parse_secs;

const MAIL_KEYS: &[&str] = &[
    "start",
    "max_skew",
    "unknown_sender",
    "default_priority",
    "default_type",
    "max_size",
    "rules",
    "acknowledge",
];
const RULE_KEYS: &[&str] = &["subject", "priority", "type"];
const ACK_KEYS: &[&str] = &[
    "smtp",
    "security",
    "from",
    "template",
    "user",
    "password_file",
    "password_env",
    "ca",
];
/// A Date further off than a day is not a skew but a wrong clock.
const MAX_SKEW: i64 = 86_400;
/// Compiled patterns are bounded: a rule is a subject filter, not a program.
const REGEX_SIZE: usize = 1 << 20;

pub fn mail(
    cx: &mut Cx<'_>,
    v: Option<&Value<'_>>,
    priorities: &[String],
    has_default_tier: bool,
) -> MailPolicy {
    let mut out = MailPolicy::default();
    let Some(v) = v else { return out };
    let Some(t) = cx.table(v, "[mail]") else {
        return out;
    };
    cx.check_keys(t, MAIL_KEYS, "[mail]");
    if let Some(sv) = t.get("start")
        && let Some(s) = cx.string(sv, "mail start")
    {
        match s.as_str() {
            "received" => out.start = MailStart::Received,
            "date" => out.start = MailStart::Date,
            _ => cx.err(
                sv.span(),
                format!("mail start `{s}` is not known"),
                "write \"received\" (our server's receipt) or \"date\" (the sender's Date, within max_skew)",
            ),
        }
    }
    if let Some(sv) = t.get("max_skew")
        && let Some(s) = cx.string(sv, "mail max_skew")
    {
        match parse_secs(&s) {
            Ok(secs) if (0..=MAX_SKEW).contains(&secs) => out.max_skew = secs,
            Ok(_) => cx.err(
                sv.span(),
                format!("mail max_skew `{s}` is longer than a day"),
                "a mail server's clock is off by minutes; write e.g. \"15m\"",
            ),
            Err(e) => cx.err(sv.span(), format!("mail max_skew: {e}"), "write e.g. \"15m\""),
        }
    }
    if let Some(sv) = t.get("unknown_sender")
        && let Some(s) = cx.string(sv, "mail unknown_sender")
    {
        match s.as_str() {
            "hold" => out.unknown_sender = UnknownSender::Hold,
            "default" => out.unknown_sender = UnknownSender::Default,
            "refuse" => out.unknown_sender = UnknownSender::Refuse,
            _ => cx.err(
                sv.span(),
                format!("mail unknown_sender `{s}` is not known"),
                "write \"hold\", \"default\" or \"refuse\"",
            ),
        }
        if out.unknown_sender == UnknownSender::Default && !has_default_tier {
            cx.err(
                sv.span(),
                "mail unknown_sender = \"default\" needs a `default_tier`",
                "add default_tier = \"NAME\" at the top level, or use \"hold\"",
            );
        }
    }
    if let Some(pv) = t.get("default_priority") {
        out.default_priority = cx.name(pv, "mail default_priority");
        check_priority(
            cx,
            pv,
            out.default_priority.as_deref(),
            priorities,
            "mail default_priority",
        );
    }
    out.default_type = t
        .get("default_type")
        .and_then(|v| cx.name(v, "mail default_type"));
    if let Some(sv) = t.get("max_size")
        && let Some(s) = cx.string(sv, "mail max_size")
    {
        match parse_size(&s) {
            Some(n) if n > 0 => out.max_size = n,
            _ => cx.err(
                sv.span(),
                format!("mail max_size `{s}` is not a size"),
                "write a size like \"10MB\", \"512KB\" or \"1GB\"",
            ),
        }
    }
    if let Some(rv) = t.get("rules") {
        out.rules = rules(cx, rv, priorities);
    }
    if let Some(av) = t.get("acknowledge") {
        out.acknowledge = acknowledge(cx, av);
    }
    out
}

fn check_priority(cx: &mut Cx<'_>, v: &Value<'_>, p: Option<&str>, priorities: &[String], what: &str) {
    if let Some(p) = p
        && !priorities.is_empty()
        && !priorities.iter().any(|k| k == p)
    {
        let hint = missing_hint(p, priorities, "an entry of `priorities`");
        cx.err(v.span(), format!("{what} names the unknown priority `{p}`"), hint);
    }
}

fn rules(cx: &mut Cx<'_>, v: &Value<'_>, priorities: &[String]) -> Vec<MailRule> {
    let mut out = Vec::new();
    let Some(items) = cx.array(v, "mail rules") else {
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let place = format!("mail rule {}", i + 1);
        let Some(t) = cx.table(item, &place) else { continue };
        cx.check_keys(t, RULE_KEYS, &place);
        let subject = match t.get("subject") {
            None => {
                cx.err(item.span(), format!("{place} has no `subject`"), "add subject = \"(?i)urgent\"");
                None
            }
            Some(sv) => cx.string(sv, &format!("{place} subject")).and_then(|s| {
                match regex::RegexBuilder::new(&s).size_limit(REGEX_SIZE).build() {
                    Ok(r) => Some(r),
                    Err(e) => {
                        let text = e.to_string();
                        let last = text.lines().last().unwrap_or_default();
                        let first = last.trim_start_matches("error: ").to_owned();
                        cx.err(
                            sv.span(),
                            format!("{place} subject is not a valid pattern: {first}"),
                            "write a regular expression; in TOML double quotes a backslash is \\\\ (or use '…')",
                        );
                        None
                    }
                }
            }),
        };
        let priority = t
            .get("priority")
            .and_then(|p| cx.name(p, &format!("{place} priority")));
        if let Some(pv) = t.get("priority") {
            check_priority(
                cx,
                pv,
                priority.as_deref(),
                priorities,
                &format!("{place} priority"),
            );
        }
        let job_type = t.get("type").and_then(|p| cx.name(p, &format!("{place} type")));
        if t.get("priority").is_none() && t.get("type").is_none() {
            cx.err(
                item.span(),
                format!("{place} sets nothing"),
                "add priority = \"P1\" and/or type = \"…\"",
            );
        }
        if let Some(subject) = subject {
            out.push(MailRule {
                subject,
                priority,
                job_type,
            });
        }
    }
    out
}

/// `[mail.acknowledge]`: `None` when it has a problem (reported) or is absent.
fn acknowledge(cx: &mut Cx<'_>, v: &Value<'_>) -> Option<Acknowledge> {
    let t = cx.table(v, "[mail.acknowledge]")?;
    cx.check_keys(t, ACK_KEYS, "[mail.acknowledge]");
    let mut out = Acknowledge {
        host: String::new(),
        port: 0,
        security: AckSecurity::default(),
        from: String::new(),
        template: None,
        login: None,
        ca: None,
    };
    let mut ok = true;
    match t.get("smtp") {
        None => cx.err(
            v.span(),
            "[mail.acknowledge] has no `smtp`",
            "add smtp = \"mail.example:587\"",
        ),
        Some(sv) => {
            if let Some(s) = cx.name(sv, "mail acknowledge smtp")
                && !s
                    .rsplit_once(':')
                    .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok_and(|p| p > 0))
            {
                cx.err(
                    sv.span(),
                    format!("mail acknowledge smtp `{s}` is not HOST:PORT"),
                    "write e.g. \"mail.example:587\"",
                );
            } else if let Some(s) = cx.name(sv, "mail acknowledge smtp")
                && let Some((h, p)) = s.rsplit_once(':')
            {
                out.host = h.trim_matches(['[', ']']).to_owned();
                out.port = p.parse().unwrap_or(0);
            }
        }
    }
    if let Some(sv) = t.get("security")
        && let Some(s) = cx.name(sv, "mail acknowledge security")
    {
        match s.as_str() {
            "tls" => out.security = AckSecurity::Tls,
            "starttls" => out.security = AckSecurity::StartTls,
            "plain" => out.security = AckSecurity::Plain,
            other => {
                ok = false;
                cx.err(
                    sv.span(),
                    format!("mail acknowledge security `{other}` is not tls, starttls or plain"),
                    "write \"starttls\" (port 587), \"tls\" (port 465) or \"plain\" (this machine only)",
                );
            }
        }
    }
    match t.get("from") {
        None => cx.err(
            v.span(),
            "[mail.acknowledge] has no `from`",
            "add from = \"service@example.com\"",
        ),
        Some(fv) => {
            if let Some(s) = cx.name(fv, "mail acknowledge from")
                && address(&s).is_none()
            {
                cx.err(
                    fv.span(),
                    format!("mail acknowledge from `{s}` is not a mail address"),
                    "write e.g. \"service@example.com\"",
                );
            } else if let Some(s) = cx.name(fv, "mail acknowledge from") {
                out.from = s;
            }
        }
    }
    if let Some(tv) = t.get("template") {
        out.template = cx.name(tv, "mail acknowledge template");
    }
    if let Some(cv) = t.get("ca") {
        out.ca = cx.name(cv, "mail acknowledge ca").map(Into::into);
    }
    match login(cx, v, t) {
        Ok(l) => out.login = l,
        Err(()) => ok = false,
    }
    if out.login.is_some()
        && out.security == AckSecurity::Plain
        && !loopback(&out.host)
        && let Some(sv) = t.get("security")
    {
        ok = false;
        cx.err(
            sv.span(),
            format!(
                "mail acknowledge: a login over plain SMTP to {} would send the password in the clear",
                out.host
            ),
            "write security = \"starttls\" (port 587) or \"tls\" (port 465); plain is for a relay on this machine",
        );
    }
    (ok && out.port > 0 && !out.from.is_empty()).then_some(out)
}

/// `user` with `password_file` or `password_env` (one of them), or none of the three.
fn login(cx: &mut Cx<'_>, v: &Value<'_>, t: &toml::de::DeTable<'_>) -> Result<Option<SmtpLogin>, ()> {
    let user = t.get("user").map(|uv| (uv, cx.name(uv, "mail acknowledge user")));
    let file = t
        .get("password_file")
        .map(|fv| (fv, cx.name(fv, "mail acknowledge password_file")));
    let env = t
        .get("password_env")
        .map(|ev| (ev, cx.name(ev, "mail acknowledge password_env")));
    let password = match (file, env) {
        (Some(_), Some((ev, _))) => {
            cx.err(
                ev.span(),
                "[mail.acknowledge] gives both `password_file` and `password_env`",
                "keep one: the password is read from that file or that environment variable",
            );
            return Err(());
        }
        (Some((_, Some(f))), None) => Some(PasswordSource::File(f.into())),
        (None, Some((ev, Some(e)))) => {
            if e.contains('=') || e.contains(char::is_whitespace) {
                cx.err(
                    ev.span(),
                    format!("mail acknowledge password_env `{e}` is not a variable name"),
                    "write the variable's name, e.g. \"SLAWATCH_SMTP_PASSWORD\"",
                );
                return Err(());
            }
            Some(PasswordSource::Env(e))
        }
        (None, None) => None,
        // Empty: reported by `name`.
        _ => return Err(()),
    };
    match (user, password) {
        (None, None) => Ok(None),
        (Some((_, Some(user))), Some(password)) => Ok(Some(SmtpLogin { user, password })),
        (Some((uv, Some(user))), None) => {
            cx.err(
                uv.span(),
                format!("mail acknowledge user `{user}` has no password source"),
                "add password_file = \"/etc/slawatch/smtp-password\" (its first line) or password_env = \"SLAWATCH_SMTP_PASSWORD\"",
            );
            Err(())
        }
        (None, Some(_)) => {
            let span = t
                .get("password_file")
                .or_else(|| t.get("password_env"))
                .map_or_else(|| v.span(), |x| x.span());
            cx.err(
                span,
                "[mail.acknowledge] has a password but no `user`",
                "add user = \"desk@example.com\" (the relay's login name)",
            );
            Err(())
        }
        _ => Err(()),
    }
}

fn loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `"10MB"`, `"512KB"`, `"1GB"`, `"2000"` (bytes).
fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().ok()?;
    let mult = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => return None,
    };
    n.checked_mul(mult)
}

/// A sender entry, lowercase: `local@domain` or `domain`; None when it is neither.
pub fn address(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    let domain = match s.split_once('@') {
        Some((local, d)) if !local.is_empty() && !local.contains(char::is_whitespace) => d,
        Some(_) => return None,
        None => s.as_str(),
    };
    let ok = domain.contains('.')
        && domain
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    ok.then_some(s)
}

/// A contract's `mail = [...]`.
pub fn senders(cx: &mut Cx<'_>, v: &Value<'_>, place: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(items) = cx.array(v, &format!("{place} mail")) else {
        return out;
    };
    for item in items {
        let Some(s) = cx.name(item, &format!("{place} mail")) else {
            continue;
        };
        match address(&s) {
            Some(a) if out.contains(&a) => cx.err(
                item.span(),
                format!("{place} mail lists `{s}` twice"),
                "remove one of them",
            ),
            Some(a) => out.push(a),
            None => cx.err(
                item.span(),
                format!("{place} mail `{s}` is neither a domain nor an address"),
                "write a domain like \"acme.example\" or an address like \"facilities@acme.example\"",
            ),
        }
    }
    out
}

/// One sender in two contracts of different customers would make the customer a guess.
pub fn unique_senders(cx: &mut Cx<'_>, v: Option<&Value<'_>>, contracts: &[Contract]) {
    let mut seen: HashMap<&str, &Contract> = HashMap::new();
    for c in contracts {
        for m in &c.mail {
            match seen.get(m.as_str()) {
                Some(first) if first.customer != c.customer => {
                    let span = v.map_or(0..0, |v| span_of(v, &c.id));
                    cx.err(
                        span,
                        format!(
                            "mail sender `{m}` is listed by contract `{}` ({}) and contract `{}` ({})",
                            first.id, first.customer, c.id, c.customer
                        ),
                        "a sender belongs to one customer: list it in one contract only",
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert(m, c);
                }
            }
        }
    }
}

/// The span of the contract with `id` among `[[contracts]]`.
fn span_of(v: &Value<'_>, id: &str) -> std::ops::Range<usize> {
    if let DeValue::Array(items) = v.get_ref() {
        for item in items.iter() {
            if let DeValue::Table(t) = item.get_ref()
                && let Some(iv) = t.get("id")
                && matches!(iv.get_ref(), DeValue::String(s) if s.trim() == id)
            {
                return iv.span();
            }
        }
    }
    v.span()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10MB"), Some(10_000_000));
        assert_eq!(parse_size("512 kb"), Some(512_000));
        assert_eq!(parse_size("7"), Some(7));
        assert_eq!(parse_size("10 parsecs"), None);
    }

    #[test]
    fn addresses() {
        assert_eq!(address("Acme.Example").as_deref(), Some("acme.example"));
        assert_eq!(address("fm@acme.example").as_deref(), Some("fm@acme.example"));
        assert_eq!(address("@acme.example"), None);
        assert_eq!(address("localhost"), None);
    }
}
