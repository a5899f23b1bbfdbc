//! `[api]` with `[api.pagerduty]`: `severity = { critical = "P1", … }` and `max_skew`.

use super::api::{ApiPolicy, Severity};
use super::load::{Cx, Value, missing_hint};
use crate::time::duration::parse_secs;

const API_KEYS: &[&str] = &["pagerduty"];
const PD_KEYS: &[&str] = &["severity", "max_skew"];
/// A timestamp further off than a day is not a skew but a wrong clock.
const MAX_SKEW: i64 = 86_400;

pub fn api(cx: &mut Cx<'_>, v: Option<&Value<'_>>, priorities: &[String]) -> ApiPolicy {
    let mut out = ApiPolicy::default();
    let Some(t) = v.and_then(|v| cx.table(v, "[api]")) else {
        return out;
    };
    cx.check_keys(t, API_KEYS, "[api]");
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
