//! `[roles]`, `[[escalation.levels]]` and `[notify]`: who is told, who may acknowledge,
//! and how alerts are delivered.

use std::collections::BTreeMap;

use toml::de::DeValue;

use super::load::{Cx, Value, missing_hint};
use super::{EscalationLevel, NotifyConfig, TerminalNotify};
use crate::time::duration::parse_secs;

/// Whether `{name}` (braces stripped) is a placeholder of the command hook.
fn known_field(name: &str) -> bool {
    let bare = name
        .strip_prefix(crate::alerts::SAFE_FIELD_PREFIX)
        .unwrap_or(name);
    crate::alerts::HOOK_FIELDS.contains(&bare)
}

/// A list of non-empty names.
fn names(cx: &mut Cx<'_>, v: &Value<'_>, what: &str) -> Vec<String> {
    let Some(items) = cx.array(v, what) else {
        return Vec::new();
    };
    items.iter().filter_map(|i| cx.name(i, what)).collect()
}

pub fn roles(cx: &mut Cx<'_>, v: Option<&Value<'_>>) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let Some(v) = v else { return out };
    let Some(t) = cx.table(v, "roles") else { return out };
    for (k, v) in t.iter() {
        let role = k.get_ref().to_string();
        let people = names(cx, v, &format!("role `{role}`"));
        if people.is_empty() && matches!(v.get_ref(), DeValue::Array(a) if a.is_empty()) {
            cx.err(
                v.span(),
                format!("role `{role}` names nobody"),
                "list the users, e.g. [\"anna\", \"jan\"]",
            );
        }
        out.insert(role, people);
    }
    out
}

/// Roles named in a level must exist when `[roles]` is given.
pub(super) fn role_refs(
    cx: &mut Cx<'_>,
    v: &Value<'_>,
    what: &str,
    known: &[String],
    roles_given: bool,
) -> Vec<String> {
    let list = names(cx, v, what);
    if roles_given && let (Some(items), true) = (v.get_ref().as_array(), !list.is_empty()) {
        for (item, name) in items.iter().zip(&list) {
            if !known.contains(name) {
                let hint = missing_hint(name, known, "an entry of [roles]");
                cx.err(
                    item.span(),
                    format!("{what} names the unknown role `{name}`"),
                    hint,
                );
            }
        }
    }
    list
}

pub fn escalation(
    cx: &mut Cx<'_>,
    v: Option<&Value<'_>>,
    roles: &BTreeMap<String, Vec<String>>,
) -> Vec<EscalationLevel> {
    let mut out: Vec<EscalationLevel> = Vec::new();
    let Some(v) = v else { return out };
    let Some(t) = cx.table(v, "escalation") else {
        return out;
    };
    cx.check_keys(t, &["levels"], "escalation");
    let Some(lv) = t.get("levels") else { return out };
    let Some(items) = cx.array(lv, "escalation.levels") else {
        return out;
    };
    let known: Vec<String> = roles.keys().cloned().collect();
    for item in items {
        let Some(lt) = cx.table(item, "an escalation level") else {
            continue;
        };
        cx.check_keys(
            lt,
            &["level", "name", "notify", "renotify", "ack", "escalate"],
            "an escalation level",
        );
        let level = match lt.get("level") {
            None => {
                cx.err(
                    item.span(),
                    "escalation level without `level`",
                    "add level = 1 (levels count up from 1)",
                );
                continue;
            }
            Some(n) => match cx.number(n, "level") {
                Some(f) if (1.0..=9.0).contains(&f) && f.fract() == 0.0 => f as u32,
                Some(_) => {
                    cx.err(
                        n.span(),
                        "escalation level must be a whole number from 1 to 9",
                        "write level = 1",
                    );
                    continue;
                }
                None => continue,
            },
        };
        if out.iter().any(|l| l.level == level) {
            cx.err(
                item.span(),
                format!("escalation level {level} is defined twice"),
                "give each level its own number",
            );
            continue;
        }
        let place = format!("escalation level {level}");
        let name = lt
            .get("name")
            .and_then(|n| cx.name(n, &format!("{place} name")))
            .unwrap_or_else(|| format!("level {level}"));
        let notify = lt
            .get("notify")
            .map(|n| role_refs(cx, n, &format!("{place} notify"), &known, !roles.is_empty()))
            .unwrap_or_default();
        let ack = lt
            .get("ack")
            .map(|n| role_refs(cx, n, &format!("{place} ack"), &known, !roles.is_empty()))
            .unwrap_or_default();
        let escalate = lt
            .get("escalate")
            .map(|n| role_refs(cx, n, &format!("{place} escalate"), &known, !roles.is_empty()))
            .unwrap_or_default();
        let renotify = lt.get("renotify").and_then(|r| {
            let s = cx.string(r, &format!("{place} renotify"))?;
            match parse_secs(&s) {
                Ok(secs) if secs >= 60 => Some(secs),
                Ok(_) => {
                    cx.err(
                        r.span(),
                        format!("{place} renotify `{s}` is shorter than a minute"),
                        "repeat at most every minute, e.g. \"15m\"",
                    );
                    None
                }
                Err(e) => {
                    cx.err(r.span(), format!("{place} renotify: {e}"), "");
                    None
                }
            }
        });
        out.push(EscalationLevel {
            level,
            name,
            notify,
            renotify,
            ack,
            escalate,
        });
    }
    out.sort_by_key(|l| l.level);
    out
}

pub fn notify(cx: &mut Cx<'_>, v: Option<&Value<'_>>) -> NotifyConfig {
    let mut out = NotifyConfig::default();
    let Some(v) = v else { return out };
    let Some(t) = cx.table(v, "notify") else {
        return out;
    };
    cx.check_keys(t, &["desktop", "terminal", "command"], "notify");
    if let Some(d) = t.get("desktop").and_then(|d| cx.boolean(d, "notify desktop")) {
        out.desktop = d;
    }
    if let Some(tv) = t.get("terminal")
        && let Some(s) = cx.string(tv, "notify terminal")
    {
        match TerminalNotify::parse(s.trim()) {
            Some(m) => out.terminal = m,
            None => cx.err(
                tv.span(),
                format!("notify terminal `{s}` is not a method"),
                "use osc9, osc777, bell or off",
            ),
        }
    }
    if let Some(cv) = t.get("command")
        && let Some(items) = cx.array(cv, "notify command")
    {
        let mut argv = Vec::new();
        for item in items {
            let Some(arg) = cx.string(item, "notify command") else {
                continue;
            };
            let mut rest = arg.as_str();
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}') else {
                    break;
                };
                let field = &rest[open..open + close + 1];
                if !known_field(&field[1..field.len() - 1]) {
                    let known: Vec<String> = crate::alerts::HOOK_FIELDS
                        .iter()
                        .map(|f| format!("{{{f}}}"))
                        .collect();
                    cx.err(
                        item.span(),
                        format!("notify command uses the unknown field `{field}`"),
                        format!(
                            "known: {} — each also as {{safe:NAME}}, which cannot start with - or @",
                            known.join(" ")
                        ),
                    );
                }
                rest = &rest[open + close + 1..];
            }
            argv.push(arg);
        }
        if argv.is_empty() {
            cx.err(
                cv.span(),
                "notify command is empty",
                "name the program first, e.g. [\"/usr/local/bin/page-oncall\", \"{job}\"]",
            );
        }
        out.command = argv;
    }
    out
}
