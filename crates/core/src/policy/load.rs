//! Reading `sla.toml`: every problem is collected with its place, none stops the walk.
//!
//! The file is parsed into toml's spanned document tree and walked by hand rather
//! than through serde, so that one run reports all problems (unknown keys with a
//! did-you-mean, bad values, dangling references) instead of the first.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_spanned::Spanned;
use sha2::{Digest, Sha256};
use toml::de::{DeTable, DeValue};

use super::diag::{Diags, PolicyErrors, did_you_mean};
use super::{
    Policy, load_alerts, load_api, load_calendar, load_contracts, load_mail, load_revoke, load_tiers,
    load_webhooks,
};
use crate::calendar::Calendar;

pub type Value<'i> = Spanned<DeValue<'i>>;

const TOP_KEYS: &[&str] = &[
    "display_timezone",
    "default_tier",
    "priorities",
    "calendars",
    "tiers",
    "pause_reasons",
    "contracts",
    "roles",
    "escalation",
    "notify",
    "revoke_window",
    "revoke",
    "mail",
    "webhooks",
    "api",
];

/// The walk's state: the diagnostics so far.
pub struct Cx<'s> {
    pub d: Diags<'s>,
}

impl Cx<'_> {
    pub fn err(&mut self, span: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.d.push(span, message, hint);
    }

    /// Reports every key of `table` that is not in `allowed`, with a did-you-mean.
    pub fn check_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], place: &str) {
        for (k, _) in table.iter() {
            let key: &str = k.get_ref();
            if allowed.contains(&key) {
                continue;
            }
            let hint = match did_you_mean(key, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("allowed keys here: {}", allowed.join(", ")),
            };
            self.err(k.span(), format!("unknown key `{key}` in {place}"), hint);
        }
    }

    pub fn string(&mut self, v: &Value<'_>, what: &str) -> Option<String> {
        if let DeValue::String(s) = v.get_ref() {
            return Some(s.to_string());
        }
        self.err(
            v.span(),
            format!("{what} must be a string, found a {}", v.get_ref().type_str()),
            "put the value in double quotes",
        );
        None
    }

    /// A non-empty string.
    pub fn name(&mut self, v: &Value<'_>, what: &str) -> Option<String> {
        let s = self.string(v, what)?;
        if s.trim().is_empty() {
            self.err(v.span(), format!("{what} is empty"), "give it a name");
            return None;
        }
        Some(s.trim().to_owned())
    }

    pub fn boolean(&mut self, v: &Value<'_>, what: &str) -> Option<bool> {
        if let DeValue::Boolean(b) = v.get_ref() {
            return Some(*b);
        }
        self.err(
            v.span(),
            format!("{what} must be true or false, found a {}", v.get_ref().type_str()),
            "write `true` or `false` without quotes",
        );
        None
    }

    pub fn number(&mut self, v: &Value<'_>, what: &str) -> Option<f64> {
        let parsed = match v.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f64),
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                v.span(),
                format!("{what} must be a number, found a {}", v.get_ref().type_str()),
                "write a number like 0.75",
            );
        }
        parsed
    }

    pub fn array<'a, 'i>(&mut self, v: &'a Value<'i>, what: &str) -> Option<&'a [Value<'i>]> {
        if let DeValue::Array(a) = v.get_ref() {
            return Some(a.as_ref());
        }
        self.err(
            v.span(),
            format!("{what} must be a list, found a {}", v.get_ref().type_str()),
            "write it as [ ... ]",
        );
        None
    }

    pub fn table<'a, 'i>(&mut self, v: &'a Value<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        if let DeValue::Table(t) = v.get_ref() {
            return Some(t);
        }
        self.err(
            v.span(),
            format!("{what} must be a table, found a {}", v.get_ref().type_str()),
            "write it as { key = value, ... } or a [section]",
        );
        None
    }

    pub fn tz(&mut self, v: &Value<'_>, what: &str) -> Option<Tz> {
        let s = self.string(v, what)?;
        match s.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let hint = match did_you_mean(&s, chrono_tz::TZ_VARIANTS.iter().map(|t| t.name())) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "use an IANA zone name like `Europe/Amsterdam` or `UTC`".to_owned(),
                };
                self.err(v.span(), format!("unknown time zone `{s}` in {what}"), hint);
                None
            }
        }
    }

    /// A date as `"2026-12-25"` or a bare TOML date `2026-12-25`.
    pub fn date(&mut self, v: &Value<'_>, what: &str) -> Option<NaiveDate> {
        let parsed = match v.get_ref() {
            DeValue::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }),
            _ => None,
        };
        let parsed = parsed.filter(|d| {
            let y = i64::from(chrono::Datelike::year(d));
            (crate::time::instant::FIRST_YEAR..=crate::time::instant::LAST_YEAR).contains(&y)
        });
        if parsed.is_none() {
            self.err(
                v.span(),
                format!("{what} `{}` is not a date", raw(v)),
                "write a date as \"YYYY-MM-DD\" between 1900 and 2299",
            );
        }
        parsed
    }
}

/// The value as the user wrote it, for quoting in messages.
pub fn raw(v: &Value<'_>) -> String {
    match v.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) => i.as_str().to_owned(),
        DeValue::Float(f) => f.as_str().to_owned(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(_) => "[…]".to_owned(),
        DeValue::Table(_) => "{…}".to_owned(),
    }
}

/// Parses and validates a policy. `file` names the file in messages.
///
/// # Errors
/// [`PolicyErrors`] with every problem found, each with line and column.
pub fn parse_policy(file: &str, src: &str) -> Result<Policy, PolicyErrors> {
    let mut cx = Cx { d: Diags::new(src) };
    let root = cx.d.parse_toml();
    let root = root.get_ref();
    cx.check_keys(root, TOP_KEYS, "the top level");

    let display_tz = match root.get("display_timezone") {
        Some(v) => cx.tz(v, "display_timezone"),
        None => {
            cx.err(
                0..0,
                "missing `display_timezone`",
                "add `display_timezone = \"Europe/Amsterdam\"` (the zone times are shown and typed in)",
            );
            None
        }
    };

    let calendar_names = names_in(root, "calendars");
    let mut calendars = BTreeMap::new();
    if let Some(v) = root.get("calendars")
        && let Some(t) = cx.table(v, "calendars")
    {
        for (k, v) in t.iter() {
            if let Some(spec) = load_calendar::calendar(&mut cx, k, v) {
                calendars.insert(spec.name.clone(), Arc::new(Calendar::new(spec)));
            }
        }
    }
    if calendar_names.is_empty() && root.get("calendars").is_none() {
        cx.err(
            0..0,
            "no calendars defined",
            "add a [calendars.NAME] section with a timezone and opening hours",
        );
    }

    let priorities = load_contracts::priorities(&mut cx, root.get("priorities"));
    let roles = load_alerts::roles(&mut cx, root.get("roles"));
    let escalation = load_alerts::escalation(&mut cx, root.get("escalation"), &roles);
    let notify = load_alerts::notify(&mut cx, root.get("notify"));
    let (revoke_window, revoke) = load_revoke::revoke(&mut cx, root, &roles);
    let levels: Vec<u32> = escalation.iter().map(|l| l.level).collect();
    let tier_names = names_in(root, "tiers");
    let tiers = load_tiers::tiers(&mut cx, root.get("tiers"), &calendar_names, &calendars, &levels);
    let pause_reasons = load_tiers::pause_reasons(&mut cx, root.get("pause_reasons"));
    let contracts = load_contracts::contracts(&mut cx, root.get("contracts"), &tier_names, &priorities);

    let mail = load_mail::mail(
        &mut cx,
        root.get("mail"),
        &priorities,
        root.get("default_tier").is_some(),
    );
    load_mail::unique_senders(&mut cx, root.get("contracts"), &contracts);
    let customers: Vec<String> = contracts.iter().map(|c| c.customer.clone()).collect();
    let webhooks = load_webhooks::webhooks(&mut cx, root.get("webhooks"), &customers);

    let api = load_api::api(&mut cx, root.get("api"), &priorities);

    let default_tier = root.get("default_tier").and_then(|v| {
        let name = cx.name(v, "default_tier")?;
        if !tier_names.contains(&name) {
            let hint = missing_hint(&name, &tier_names, "[tiers.NAME]");
            cx.err(
                v.span(),
                format!("default_tier names the unknown tier `{name}`"),
                hint,
            );
        }
        Some(name)
    });

    if let Some(errors) = cx.d.finish(file) {
        return Err(errors);
    }
    let hash = Sha256::digest(src.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Policy {
        display_tz: display_tz.unwrap_or(chrono_tz::UTC),
        default_tier,
        priorities,
        calendars,
        tiers,
        pause_reasons,
        contracts,
        roles,
        escalation,
        notify,
        revoke_window,
        revoke,
        mail,
        webhooks,
        api,
        hash,
    })
}

/// The keys of a sub-table, valid or not, so references to a broken entry do not
/// also report it as missing.
fn names_in(root: &DeTable<'_>, key: &str) -> Vec<String> {
    match root.get(key).map(Spanned::get_ref) {
        Some(DeValue::Table(t)) => t.iter().map(|(k, _)| k.get_ref().to_string()).collect(),
        _ => Vec::new(),
    }
}

/// "did you mean" or the list of known names, for a dangling reference.
pub fn missing_hint(name: &str, known: &[String], how: &str) -> String {
    match did_you_mean(name, known.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => format!("define it as {how}"),
        None => format!("known: {} — or define it as {how}", known.join(", ")),
    }
}
