//! `[[webhooks]]`: each problem with its line and column and how to fix it.

use slawatch_core::policy::parse_policy;
use slawatch_core::policy::webhooks::HookEvent;

use crate::common::example_policy;

const BASE: &str = r#"display_timezone = "Europe/Amsterdam"

[calendars.office]
timezone = "Europe/Amsterdam"
always = true

[tiers.standard]
calendar = "office"
respond = "4h"

[[contracts]]
id = "ACME"
customer = "Acme Corp"
rules = [ { tier = "standard" } ]
"#;

/// The first error's (line, column, message, hint) for BASE followed by `extra`.
fn first_error(extra: &str) -> (usize, usize, String, String) {
    let src = format!("{BASE}{extra}");
    let errs = parse_policy("sla.toml", &src).expect_err("must fail");
    let d = &errs.diagnostics[0];
    (d.line, d.col, d.message.clone(), d.hint.clone())
}

fn hook(url: &str, events: &str) -> String {
    format!("\n[[webhooks]]\nurl = \"{url}\"\nevents = [{events}]\nsecret_env = \"HOOK_SECRET\"\n")
}

#[test]
fn webhooks_policy_reads_a_hook() {
    let src = format!(
        "{BASE}{}customers = [\"Acme Corp\"]\n{}",
        hook(
            "https://hooks.example/slawatch",
            "\"created\", \"breach\", \"created\""
        ),
        hook("http://127.0.0.1:9000/x", "\"warning\"")
    );
    let p = parse_policy("sla.toml", &src).unwrap();
    assert_eq!(p.webhooks.len(), 2);
    let h = &p.webhooks[0];
    assert_eq!(h.url, "https://hooks.example/slawatch");
    assert_eq!(h.events, [HookEvent::Created, HookEvent::Breach]);
    assert_eq!(h.secret_env, "HOOK_SECRET");
    assert_eq!(h.customers, ["Acme Corp"]);
    assert_eq!(p.webhooks[1].index, 2);
}

#[test]
fn webhooks_policy_plain_http_beyond_this_machine_is_refused() {
    let (line, col, msg, hint) = first_error(&hook("http://hooks.example/slawatch", "\"created\""));
    assert_eq!((line, col), (17, 7), "{msg}");
    assert!(msg.contains("plain http to another machine"), "{msg}");
    assert!(hint.contains("https://hooks.example/slawatch"), "{hint}");
    for ok in [
        "http://localhost:8080/h",
        "http://[::1]:8080/h",
        "http://127.0.0.1/h",
    ] {
        parse_policy("sla.toml", &format!("{BASE}{}", hook(ok, "\"created\""))).unwrap();
    }
}

#[test]
fn webhooks_policy_unknown_event_gets_a_did_you_mean() {
    let (line, col, msg, hint) = first_error(&hook("https://h.example/", "\"created\", \"breech\""));
    assert_eq!((line, col), (18, 22), "{msg}");
    assert!(msg.contains("`breech` is not known"), "{msg}");
    assert!(hint.contains("did you mean \"breach\""), "{hint}");
}

#[test]
fn webhooks_policy_the_secret_is_named_not_given() {
    let (_, _, msg, hint) =
        first_error("\n[[webhooks]]\nurl = \"https://h.example/\"\nevents = [\"created\"]\n");
    assert!(msg.contains("has no `secret_env`"), "{msg}");
    assert!(hint.contains("export the secret"), "{hint}");
    let (_, _, msg, _) = first_error(
        "\n[[webhooks]]\nurl = \"https://h.example/\"\nevents = [\"created\"]\nsecret_env = \"abc def\"\n",
    );
    assert!(msg.contains("is not a variable name"), "{msg}");
    let (_, _, msg, hint) = first_error(
        "\n[[webhooks]]\nurl = \"https://h.example/\"\nevents = [\"created\"]\nsecret_env = \"S\"\nsecret = \"x\"\n",
    );
    assert!(msg.contains("unknown key `secret`"), "{msg}");
    assert!(hint.contains("secret_env"), "{hint}");
}

#[test]
fn webhooks_policy_unknown_customer_is_refused() {
    let (_, _, msg, _) = first_error(&format!(
        "{}customers = [\"Acme\"]\n",
        hook("https://h.example/", "\"created\"")
    ));
    assert!(msg.contains("unknown customer `Acme`"), "{msg}");
}

#[test]
fn webhooks_policy_example_has_none_active() {
    assert!(example_policy().parse().webhooks.is_empty());
    assert!(example_policy().text.contains("# [[webhooks]]"));
}
