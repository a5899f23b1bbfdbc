//! `[tiers.NAME]` and `[[pause_reasons]]`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::load::{Cx, Value, missing_hint, raw};
use super::{AutoEscalation, BREACH_KEY, ClockKind, PauseReason, Tier, threshold_key};
use crate::calendar::Calendar;
use crate::time::duration::{Window, parse_window};

const TIER_KEYS: &[&str] = &[
    "calendar",
    "respond",
    "attend",
    "resolve",
    "warn",
    "pause",
    "escalate",
    "credit",
    "description",
];

/// Default warning thresholds when a tier names none.
pub const DEFAULT_WARN: [f64; 3] = [0.5, 0.75, 0.9];

pub fn tiers(
    cx: &mut Cx<'_>,
    v: Option<&Value<'_>>,
    calendar_names: &[String],
    calendars: &BTreeMap<String, Arc<Calendar>>,
    levels: &[u32],
) -> BTreeMap<String, Tier> {
    let mut out = BTreeMap::new();
    let Some(v) = v else {
        cx.err(
            0..0,
            "no tiers defined",
            "add a [tiers.NAME] section with a calendar and windows",
        );
        return out;
    };
    let Some(t) = cx.table(v, "tiers") else { return out };
    for (k, v) in t.iter() {
        let name = k.get_ref().to_string();
        let place = format!("tier `{name}`");
        let Some(tt) = cx.table(v, &place) else { continue };
        let before = cx.d.list.len();
        cx.check_keys(tt, TIER_KEYS, &place);

        let calendar = match tt.get("calendar") {
            None => {
                cx.err(
                    k.span(),
                    format!("{place} has no `calendar`"),
                    "add `calendar = \"NAME\"` naming a [calendars.NAME]",
                );
                None
            }
            Some(cv) => cx.name(cv, &format!("{place} calendar")).and_then(|c| {
                if !calendar_names.contains(&c) {
                    let hint = missing_hint(&c, calendar_names, "[calendars.NAME]");
                    cx.err(
                        cv.span(),
                        format!("{place} names the unknown calendar `{c}`"),
                        hint,
                    );
                }
                calendars.get(&c).cloned()
            }),
        };

        let mut windows = [None; 3];
        for clock in ClockKind::ALL {
            if let Some(wv) = tt.get(clock.name()) {
                windows[clock.index()] = window(cx, wv, &format!("{place} {clock}"));
            }
        }
        if ClockKind::ALL.iter().all(|c| tt.get(c.name()).is_none()) {
            cx.err(
                k.span(),
                format!("{place} has no window"),
                "give at least one of respond, attend, resolve, e.g. resolve = \"4h\"",
            );
        }

        let warn = match tt.get("warn") {
            Some(wv) => fractions(cx, wv, &place),
            None => DEFAULT_WARN.to_vec(),
        };

        let mut pause = [false; 3];
        if let Some(pv) = tt.get("pause")
            && let Some(items) = cx.array(pv, &format!("{place} pause"))
        {
            for item in items {
                let Some(s) = cx.string(item, &format!("{place} pause")) else {
                    continue;
                };
                match ClockKind::parse(s.trim()) {
                    Some(c) => pause[c.index()] = true,
                    None => cx.err(
                        item.span(),
                        format!("{place} pause names the unknown clock `{s}`"),
                        "the clocks are respond, attend and resolve",
                    ),
                }
            }
        }
        let escalate = tt
            .get("escalate")
            .map(|ev| escalations(cx, ev, &place, levels))
            .unwrap_or_default();
        let credit = tt
            .get("credit")
            .and_then(|c| super::load_credit::credit(cx, c, &place));
        let description = tt.get("description").and_then(|d| cx.string(d, "description"));
        if cx.d.list.len() > before {
            continue;
        }
        if let Some(calendar) = calendar {
            out.insert(
                name.clone(),
                Tier {
                    name,
                    calendar,
                    windows,
                    warn,
                    pause,
                    escalate,
                    credit,
                    description,
                },
            );
        }
    }
    out
}

/// `escalate = [{ at = 0.9, level = 1 }, …]`.
fn escalations(cx: &mut Cx<'_>, v: &Value<'_>, place: &str, levels: &[u32]) -> Vec<AutoEscalation> {
    let mut out = Vec::new();
    let Some(items) = cx.array(v, &format!("{place} escalate")) else {
        return out;
    };
    for item in items {
        let Some(t) = cx.table(item, &format!("{place} escalate")) else {
            continue;
        };
        cx.check_keys(t, &["at", "level"], &format!("{place} escalate"));
        let at = t.get("at").and_then(|a| {
            let f = cx.number(a, &format!("{place} escalate at"))?;
            if f > 0.0 && f <= 1.0 {
                Some(f)
            } else {
                cx.err(
                    a.span(),
                    format!("{place} escalate at {} is outside (0, 1]", raw(a)),
                    "a fraction of the window; 1.0 is the breach",
                );
                None
            }
        });
        let level = t.get("level").and_then(|l| {
            let f = cx.number(l, &format!("{place} escalate level"))?;
            let n = f as u32;
            if f.fract() != 0.0 || !levels.contains(&n) {
                let known: Vec<String> = levels.iter().map(u32::to_string).collect();
                let hint = if known.is_empty() {
                    "define the levels under [[escalation.levels]]".to_owned()
                } else {
                    format!("defined levels: {}", known.join(", "))
                };
                cx.err(
                    l.span(),
                    format!("{place} escalates to level {}, which is not defined", raw(l)),
                    hint,
                );
                return None;
            }
            Some(n)
        });
        if at.is_none() && t.get("at").is_none() {
            cx.err(
                item.span(),
                format!("{place} escalate entry without `at`"),
                "write { at = 0.9, level = 1 }",
            );
        }
        if level.is_none() && t.get("level").is_none() {
            cx.err(
                item.span(),
                format!("{place} escalate entry without `level`"),
                "write { at = 0.9, level = 1 }",
            );
        }
        if let (Some(at), Some(level)) = (at, level) {
            out.push(AutoEscalation { at, level });
        }
    }
    out.sort_by(|a, b| a.at.total_cmp(&b.at));
    out
}

fn window(cx: &mut Cx<'_>, v: &Value<'_>, place: &str) -> Option<Window> {
    let s = cx.string(v, place)?;
    match parse_window(&s) {
        Ok(Window::Business(0) | Window::BusinessDays(0)) => {
            cx.err(
                v.span(),
                format!("{place} is zero"),
                "a window must be longer than zero, e.g. \"30m\"",
            );
            None
        }
        Ok(w) => Some(w),
        Err(e) => {
            cx.err(v.span(), format!("{place}: {e}"), "");
            None
        }
    }
}

fn fractions(cx: &mut Cx<'_>, v: &Value<'_>, place: &str) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    let Some(items) = cx.array(v, &format!("{place} warn")) else {
        return out;
    };
    for item in items {
        let Some(f) = cx.number(item, &format!("{place} warn")) else {
            continue;
        };
        if !(f > 0.0 && f < 1.0) {
            cx.err(
                item.span(),
                format!("{place} warn threshold {} is outside (0, 1)", raw(item)),
                "thresholds are fractions of the window, like 0.75; the breach (1.0) is always reported",
            );
        } else if out.last().is_some_and(|last| f <= *last) {
            cx.err(
                item.span(),
                format!(
                    "{place} warn threshold {} is not above the one before it",
                    raw(item)
                ),
                "list thresholds once each, in ascending order",
            );
        } else if threshold_key(f) >= BREACH_KEY {
            // Alerts are kept by thousandths: this one would take the breach's place.
            cx.err(
                item.span(),
                format!(
                    "{place} warn threshold {} is the breach: alerts count thousandths of the window",
                    raw(item)
                ),
                "the highest warning is 0.999; the breach (1.0) is always reported",
            );
        } else if let Some(last) = out
            .last()
            .filter(|last| threshold_key(**last) == threshold_key(f))
        {
            cx.err(
                item.span(),
                format!(
                    "{place} warn threshold {} is the same alert as {last}: alerts count thousandths of the window",
                    raw(item)
                ),
                "keep thresholds at least 0.001 apart, or drop one of them",
            );
        } else {
            out.push(f);
        }
    }
    out
}

pub fn pause_reasons(cx: &mut Cx<'_>, v: Option<&Value<'_>>) -> Vec<PauseReason> {
    let mut out: Vec<PauseReason> = Vec::new();
    let Some(v) = v else { return out };
    let Some(items) = cx.array(v, "pause_reasons") else {
        return out;
    };
    for item in items {
        let Some(t) = cx.table(item, "a pause reason") else {
            continue;
        };
        cx.check_keys(
            t,
            &["name", "stops_clock", "resume_on_reply", "description"],
            "a pause reason",
        );
        let Some(name) = (match t.get("name") {
            Some(n) => cx.name(n, "pause reason name"),
            None => {
                cx.err(
                    item.span(),
                    "pause reason without `name`",
                    "add name = \"waiting on customer\"",
                );
                None
            }
        }) else {
            continue;
        };
        if out.iter().any(|r| r.name.eq_ignore_ascii_case(&name)) {
            cx.err(
                item.span(),
                format!("pause reason `{name}` is listed twice"),
                "remove one of them",
            );
            continue;
        }
        let stops_clock = t
            .get("stops_clock")
            .and_then(|b| cx.boolean(b, "stops_clock"))
            .unwrap_or(true);
        let resume_on_reply = t
            .get("resume_on_reply")
            .and_then(|b| cx.boolean(b, "resume_on_reply"))
            .unwrap_or(false);
        let description = t.get("description").and_then(|d| cx.string(d, "description"));
        out.push(PauseReason {
            name,
            stops_clock,
            resume_on_reply,
            description,
        });
    }
    out
}
