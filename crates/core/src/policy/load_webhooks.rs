//! `[[webhooks]]`: each entry's url (https, or http to this machine), the event names
//! (did-you-mean for a typo) and the variable holding its secret.

use super::load::{Cx, Value};
use super::webhooks::{HookEvent, Webhook};

const HOOK_KEYS: &[&str] = &["url", "events", "secret_env", "customers"];

pub fn webhooks(cx: &mut Cx<'_>, v: Option<&Value<'_>>, customers: &[String]) -> Vec<Webhook> {
    let mut out = Vec::new();
    let Some(v) = v else { return out };
    let Some(items) = cx.array(v, "webhooks") else {
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let index = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let place = format!("webhook {index}");
        let Some(t) = cx.table(item, &format!("[[webhooks]] {index}")) else {
            continue;
        };
        cx.check_keys(t, HOOK_KEYS, &format!("[[webhooks]] {index}"));
        let url = match t.get("url") {
            None => {
                cx.err(
                    item.span(),
                    format!("{place} has no `url`"),
                    "add url = \"https://hooks.example/slawatch\"",
                );
                None
            }
            Some(uv) => cx
                .name(uv, &format!("{place} url"))
                .and_then(|u| check_url(cx, uv, &place, u)),
        };
        let events = match t.get("events") {
            None => {
                cx.err(
                    item.span(),
                    format!("{place} has no `events`"),
                    format!(
                        "add events = [{}]",
                        quoted(HookEvent::ALL.iter().map(|k| k.name()))
                    ),
                );
                None
            }
            Some(ev) => events(cx, ev, &place),
        };
        let secret_env = match t.get("secret_env") {
            None => {
                cx.err(
                    item.span(),
                    format!("{place} has no `secret_env`"),
                    "add secret_env = \"SLAWATCH_WEBHOOK_SECRET\" and export the secret in that variable",
                );
                None
            }
            Some(sv) => cx.name(sv, &format!("{place} secret_env")).and_then(|e| {
                if e.contains('=') || e.contains(char::is_whitespace) {
                    cx.err(
                        sv.span(),
                        format!("{place} secret_env `{e}` is not a variable name"),
                        "name the environment variable that holds the secret, e.g. \"SLAWATCH_WEBHOOK_SECRET\"; the secret itself never goes in the policy file",
                    );
                    return None;
                }
                Some(e)
            }),
        };
        let mut only = Vec::new();
        if let Some(cv) = t.get("customers")
            && let Some(list) = cx.array(cv, &format!("{place} customers"))
        {
            for c in list {
                let Some(name) = cx.name(c, &format!("{place} customer")) else {
                    continue;
                };
                if !customers.iter().any(|k| k == &name) {
                    let hint = super::load::missing_hint(&name, customers, "a contract's `customer`");
                    cx.err(
                        c.span(),
                        format!("{place} names the unknown customer `{name}`"),
                        hint,
                    );
                    continue;
                }
                only.push(name);
            }
        }
        if let (Some(url), Some(events), Some(secret_env)) = (url, events, secret_env) {
            out.push(Webhook {
                index,
                url,
                events,
                secret_env,
                customers: only,
            });
        }
    }
    out
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
}

/// `https://HOST…`, or `http://HOST…` when HOST is this machine: an event sent over
/// plain HTTP across a network could be read and its signature replayed.
fn check_url(cx: &mut Cx<'_>, v: &Value<'_>, place: &str, url: String) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let (scheme, rest) = match lower.split_once("://") {
        Some(("https", rest)) => ("https", rest),
        Some(("http", rest)) => ("http", rest),
        _ => {
            cx.err(
                v.span(),
                format!("{place} url `{url}` is not an http(s) URL"),
                "write e.g. \"https://hooks.example/slawatch\"",
            );
            return None;
        }
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(inner) = host_port.strip_prefix('[') {
        inner.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        cx.err(
            v.span(),
            format!("{place} url `{url}` has no host"),
            "write e.g. \"https://hooks.example/slawatch\"",
        );
        return None;
    }
    if scheme == "http" && !loopback(host) {
        cx.err(
            v.span(),
            format!("{place} url `{url}` is plain http to another machine: the events would cross the network unencrypted"),
            format!("write \"https://{rest}\"; plain http is only for a receiver on this machine (localhost, 127.0.0.1, [::1])"),
        );
        return None;
    }
    Some(url)
}

fn loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn events(cx: &mut Cx<'_>, v: &Value<'_>, place: &str) -> Option<Vec<HookEvent>> {
    let items = cx.array(v, &format!("{place} events"))?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(name) = cx.name(item, &format!("{place} event")) else {
            ok = false;
            continue;
        };
        match HookEvent::parse(&name) {
            Some(k) if !out.contains(&k) => out.push(k),
            Some(_) => {}
            None => {
                ok = false;
                let names = HookEvent::ALL.map(HookEvent::name);
                let hint = match super::did_you_mean(&name, names.iter().copied()) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => format!("the events are {}", quoted(names.iter().copied())),
                };
                cx.err(item.span(), format!("{place}: event `{name}` is not known"), hint);
            }
        }
    }
    if out.is_empty() && ok {
        cx.err(
            v.span(),
            format!("{place} asks for no events"),
            format!("list some of {}", quoted(HookEvent::ALL.iter().map(|k| k.name()))),
        );
        return None;
    }
    ok.then_some(out)
}
