//! `[api]` with `rate` and `burst`, and `[api.pagerduty]`: `severity = { critical = "P1",
//! … }` and `max_skew`.

use super::api::{ApiPolicy, RatePer, Severity};
use super::load::{Cx, Value, missing_hint};
use crate::time::duration::parse_secs;
use toml::de::DeTable;

const API_KEYS: &[&str] = &["pagerduty", "rate", "burst"];
/// Above this a limit no longer limits anything a single server can answer.
const RATE_MAX: u32 = 1_000_000;
const PD_KEYS: &[&str] = &["severity", "max_skew"];
/// A timestamp further off than a day is not a skew but a wrong clock.
const MAX_SKEW: i64 = 86_400;

pub fn api(cx: &mut Cx<'_>, v: Option<&Value<'_>>, priorities: &[String]) -> ApiPolicy {
    let mut out = ApiPolicy::default();
    let Some(t) = v.and_then(|v| cx.table(v, "[api]")) else {
        return out;
    };
    cx.check_keys(t, API_KEYS, "[api]");
    rate(cx, t, &mut out);
    let Some(pd) = t.get("pagerduty").and_then(|v| cx.table(v, "[api.pagerduty]")) else {
        return out;
    };
    cx.check_keys(pd, PD_KEYS, "[api.pagerduty]");
    if let Some(sv) = pd.get("severity")
        && let Some(map) = cx.table(sv, "api.pagerduty severity")
    {
        let names: Vec<&str> = Severity::ALL.iter().map(|s| s.name()).collect();
        cx.check_keys(map, &names, "api.pagerduty severity");
        for (k, pv) in map.iter() {
            let Some(sev) = Severity::parse(k.get_ref()) else {
                continue;
            };
            let Some(p) = cx.name(pv, "api.pagerduty severity") else {
                continue;
            };
            if !priorities.is_empty() && !priorities.contains(&p) {
                let hint = missing_hint(&p, priorities, "an entry of `priorities`");
                cx.err(
                    pv.span(),
                    format!(
                        "api.pagerduty severity {} names the unknown priority `{p}`",
                        sev.name()
                    ),
                    hint,
                );
                continue;
            }
            out.pagerduty.severity[sev as usize] = Some(p);
        }
    }
    if let Some(sv) = pd.get("max_skew")
        && let Some(s) = cx.string(sv, "api.pagerduty max_skew")
    {
        match parse_secs(&s) {
            Ok(secs) if (0..=MAX_SKEW).contains(&secs) => out.pagerduty.max_skew = secs,
            Ok(_) => cx.err(
                sv.span(),
                format!("api.pagerduty max_skew `{s}` is longer than a day"),
                "a monitoring host's clock is off by minutes; write e.g. \"15m\"",
            ),
            Err(e) => cx.err(
                sv.span(),
                format!("api.pagerduty max_skew: {e}"),
                "write e.g. \"15m\"",
            ),
        }
    }
    out
}

/// `rate = "20/s"` and `burst = 100`.
fn rate(cx: &mut Cx<'_>, t: &DeTable<'_>, out: &mut ApiPolicy) {
    if let Some(v) = t.get("rate")
        && let Some(s) = cx.string(v, "api rate")
    {
        let parsed = s.split_once('/').and_then(|(n, per)| {
            let n = n
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=RATE_MAX).contains(n))?;
            Some((n, RatePer::parse(per.trim())?))
        });
        match parsed {
            Some((count, per)) => {
                out.rate.count = count;
                out.rate.per = per;
            }
            None => cx.err(
                v.span(),
                format!("api rate `{s}` is not COUNT/s, COUNT/m or COUNT/h"),
                format!("write e.g. \"20/s\" (a whole count from 1 to {RATE_MAX})"),
            ),
        }
    }
    if let Some(v) = t.get("burst")
        && let Some(n) = cx.number(v, "api burst")
    {
        if n.fract() == 0.0 && (1.0..=f64::from(RATE_MAX)).contains(&n) {
            // Whole and in range: the cast is exact.
            out.rate.burst = n as u32;
        } else {
            cx.err(
                v.span(),
                format!("api burst `{n}` is not a whole number from 1 to {RATE_MAX}"),
                "write e.g. `burst = 100`: how many requests may come at once",
            );
        }
    }
}
