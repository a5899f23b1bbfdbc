//! `[mail]` and the contracts' `mail` lists: each error with its line and column.

use slawatch_core::policy::mail::{MailStart, UnknownSender};
use slawatch_core::policy::parse_policy;

use crate::common::example_policy;

const BASE: &str = r#"display_timezone = "Europe/Amsterdam"
priorities = ["P1", "P2", "P3"]

[calendars.office]
timezone = "Europe/Amsterdam"
always = true

[tiers.standard]
calendar = "office"
respond = "4h"

[[contracts]]
id = "ACME"
customer = "Acme Corp"
mail = ["acme.example"]
rules = [ { tier = "standard" } ]
"#;

/// The first error's (line, column, message) for BASE followed by `extra`.
fn first_error(extra: &str) -> (usize, usize, String) {
    let src = format!("{BASE}{extra}");
    let errs = parse_policy("sla.toml", &src).expect_err("must fail");
    let d = &errs.diagnostics[0];
    (d.line, d.col, d.message.clone())
}

#[test]
fn mail_example_policy_reads_its_mail_section() {
    let p = example_policy().parse();
    assert_eq!(p.mail.start, MailStart::Received);
    assert_eq!(p.mail.max_skew, 15 * 60);
    assert_eq!(p.mail.unknown_sender, UnknownSender::Hold);
    assert_eq!(p.mail.max_size, 10_000_000);
    assert!(p.mail.rules[0].subject.is_match("Pump DOWN at site 3"));
    let acme = p.contracts.iter().find(|c| c.id == "ACME-2026").unwrap();
    assert_eq!(acme.mail, ["acme.example", "facilities@acme-holding.example"]);
    assert!(p.pause_reason("waiting on customer").unwrap().resume_on_reply);
}

#[test]
fn mail_bad_start_is_placed() {
    let (line, col, msg) = first_error("[mail]\nstart = \"sent\"\n");
    assert_eq!((line, col), (18, 9), "{msg}");
    assert!(msg.contains("mail start `sent`"), "{msg}");
}

#[test]
fn mail_bad_rule_pattern_and_priority() {
    let src = format!("{BASE}[mail]\n[[mail.rules]]\nsubject = \"(unclosed\"\npriority = \"P9\"\n");
    let errs = parse_policy("sla.toml", &src).expect_err("must fail");
    let msgs: Vec<_> = errs
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.clone()))
        .collect();
    assert!(
        msgs.iter()
            .any(|(l, m)| *l == 19 && m.contains("not a valid pattern")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|(l, m)| *l == 20 && m.contains("unknown priority `P9`")),
        "{msgs:?}"
    );
}

#[test]
fn mail_unknown_sender_default_needs_default_tier() {
    let (line, _, msg) = first_error("[mail]\nunknown_sender = \"default\"\n");
    assert_eq!(line, 18);
    assert!(msg.contains("needs a `default_tier`"), "{msg}");
}

#[test]
fn mail_bad_size_and_skew() {
    let src = format!("{BASE}[mail]\nmax_size = \"lots\"\nmax_skew = \"3d\"\n");
    let errs = parse_policy("sla.toml", &src).expect_err("must fail");
    assert_eq!(errs.diagnostics.len(), 2, "{:?}", errs.diagnostics);
    assert!(errs.diagnostics[0].message.contains("max_size `lots`"));
}

#[test]
fn mail_contract_entries_are_checked() {
    let src = BASE.replace(
        "mail = [\"acme.example\"]",
        "mail = [\"acme.example\", \"not a domain\"]",
    );
    let errs = parse_policy("sla.toml", &src).expect_err("must fail");
    assert_eq!(errs.diagnostics[0].line, 15);
    assert!(
        errs.diagnostics[0]
            .message
            .contains("neither a domain nor an address")
    );
}

#[test]
fn mail_sender_of_two_customers_is_refused() {
    let extra = "[[contracts]]\nid = \"OTHER\"\ncustomer = \"Other\"\nmail = [\"ACME.example\"]\nrules = [ { tier = \"standard\" } ]\n";
    let (_, _, msg) = first_error(extra);
    assert!(
        msg.contains("`acme.example` is listed by contract `ACME`"),
        "{msg}"
    );
}

#[test]
fn mail_acknowledge_keys_are_checked() {
    let (_, _, msg) =
        first_error("[mail.acknowledge]\nsmtp = \"nohost\"\nfrom = \"svc@example.com\"\nsubjekt = \"x\"\n");
    assert!(
        msg.contains("unknown key `subjekt`") || msg.contains("not HOST:PORT"),
        "{msg}"
    );
}

#[test]
fn mail_acknowledge_is_read_and_a_bad_security_named_at_its_place() {
    use slawatch_core::policy::mail::{AckSecurity, Acknowledge};
    let src = format!(
        "{BASE}\n[mail.acknowledge]\nsmtp = \"mail.example:465\"\nsecurity = \"tls\"\nfrom = \"desk@us.example\"\ntemplate = \"job {{job}}\"\n"
    );
    let p = parse_policy("sla.toml", &src).unwrap();
    assert_eq!(
        p.mail.acknowledge,
        Some(Acknowledge {
            host: "mail.example".to_owned(),
            port: 465,
            security: AckSecurity::Tls,
            from: "desk@us.example".to_owned(),
            template: Some("job {job}".to_owned()),
            login: None,
            ca: None,
        })
    );
    let default = parse_policy(
        "sla.toml",
        &format!("{BASE}\n[mail.acknowledge]\nsmtp = \"mail.example:587\"\nfrom = \"desk@us.example\"\n"),
    )
    .unwrap();
    assert_eq!(default.mail.acknowledge.unwrap().security, AckSecurity::StartTls);
    let (line, col, msg) = first_error(
        "\n[mail.acknowledge]\nsmtp = \"mail.example:587\"\nsecurity = \"ssl\"\nfrom = \"desk@us.example\"\n",
    );
    assert_eq!((line, col), (20, 12), "{msg}");
    assert!(msg.contains("`ssl` is not tls, starttls or plain"), "{msg}");
}

const ACK: &str = "\n[mail.acknowledge]\nsmtp = \"mail.example:587\"\nfrom = \"desk@us.example\"\n";

#[test]
fn mail_acknowledge_login_is_read_with_its_secret_source_and_ca() {
    use slawatch_core::policy::mail::{PasswordSource, SmtpLogin};
    let src = format!(
        "{BASE}{ACK}user = \"desk@example.com\"\npassword_file = \"secrets/smtp-password\"\nca = \"relay-ca.pem\"\n"
    );
    let a = parse_policy("sla.toml", &src).unwrap().mail.acknowledge.unwrap();
    assert_eq!(
        a.login,
        Some(SmtpLogin {
            user: "desk@example.com".to_owned(),
            password: PasswordSource::File("secrets/smtp-password".into()),
        })
    );
    assert_eq!(a.ca.as_deref(), Some(std::path::Path::new("relay-ca.pem")));
    let src = format!("{BASE}{ACK}user = \"desk\"\npassword_env = \"SLAWATCH_SMTP_PASSWORD\"\n");
    let a = parse_policy("sla.toml", &src).unwrap().mail.acknowledge.unwrap();
    assert_eq!(
        a.login.unwrap().password,
        PasswordSource::Env("SLAWATCH_SMTP_PASSWORD".to_owned())
    );
}

#[test]
fn mail_acknowledge_user_without_a_secret_is_placed() {
    let (line, col, msg) = first_error(&format!("{ACK}user = \"desk@example.com\"\n"));
    assert_eq!((line, col), (21, 8), "{msg}");
    assert!(msg.contains("user `desk@example.com` has no password"), "{msg}");
}

#[test]
fn mail_acknowledge_two_secret_sources_are_refused() {
    let (line, _, msg) = first_error(&format!(
        "{ACK}user = \"desk\"\npassword_file = \"pw\"\npassword_env = \"PW\"\n"
    ));
    assert_eq!(line, 23, "{msg}");
    assert!(msg.contains("both `password_file` and `password_env`"), "{msg}");
}

#[test]
fn mail_acknowledge_a_secret_without_user_is_refused() {
    let (line, _, msg) = first_error(&format!("{ACK}password_env = \"PW\"\n"));
    assert_eq!(line, 21, "{msg}");
    assert!(msg.contains("no `user`"), "{msg}");
}

#[test]
fn mail_acknowledge_login_over_plain_smtp_only_on_loopback() {
    let (line, _, msg) = first_error(
        "\n[mail.acknowledge]\nsmtp = \"mail.example:25\"\nsecurity = \"plain\"\nfrom = \"desk@us.example\"\nuser = \"desk\"\npassword_env = \"PW\"\n",
    );
    assert_eq!(line, 20, "{msg}");
    assert!(msg.contains("password in the clear"), "{msg}");
    let ok = format!(
        "{BASE}\n[mail.acknowledge]\nsmtp = \"127.0.0.1:2525\"\nsecurity = \"plain\"\nfrom = \"desk@us.example\"\nuser = \"desk\"\npassword_env = \"PW\"\n"
    );
    assert!(parse_policy("sla.toml", &ok).is_ok());
}
