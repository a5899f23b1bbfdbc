//! `credit = { monthly_fee = 12000, per_breach = 0.02, cap = 0.20, clocks = ["resolve"] }`
//! on a contract or a tier: the service credit owed per calendar month of breaches.

use super::load::{Cx, Value, raw};
use super::{ClockKind, Credit};

const CREDIT_KEYS: &[&str] = &["monthly_fee", "per_breach", "cap", "clocks"];

/// The largest monthly fee: far above any real contract, and small enough that every
/// credit figure (sums over years of months, in cents) stays exact in an `f64`.
pub const MAX_MONTHLY_FEE: f64 = 1e12;

/// A fraction in (0, 1] at `key`, or an error naming it.
fn fraction(cx: &mut Cx<'_>, v: &Value<'_>, what: &str) -> Option<f64> {
    let f = cx.number(v, what)?;
    if f > 0.0 && f <= 1.0 {
        Some(f)
    } else {
        cx.err(
            v.span(),
            format!("{what} {} is outside (0, 1]", raw(v)),
            "give a fraction of the monthly fee, e.g. 0.02 for 2 %",
        );
        None
    }
}

pub fn credit(cx: &mut Cx<'_>, v: &Value<'_>, place: &str) -> Option<Credit> {
    let what = format!("{place} credit");
    let t = cx.table(v, &what)?;
    cx.check_keys(t, CREDIT_KEYS, &what);
    let before = cx.d.list.len();
    let required = |cx: &mut Cx<'_>, key: &str, example: &str| {
        let found = t.get(key);
        if found.is_none() {
            cx.err(
                v.span(),
                format!("{what} has no `{key}`"),
                format!("add {key} = {example}"),
            );
        }
        found
    };
    let fee = required(cx, "monthly_fee", "12000").and_then(|f| {
        let n = cx.number(f, &format!("{what} monthly_fee"))?;
        if n > MAX_MONTHLY_FEE {
            cx.err(
                f.span(),
                format!("{what} monthly_fee {} is more than slawatch counts", raw(f)),
                "write the fee as a plain amount, at most 1,000,000,000,000 (1e12)",
            );
            None
        } else if n > 0.0 {
            Some(n)
        } else {
            cx.err(
                f.span(),
                format!("{what} monthly_fee {} must be more than 0", raw(f)),
                "the monthly fee the credit is a share of",
            );
            None
        }
    });
    let per_breach =
        required(cx, "per_breach", "0.02").and_then(|f| fraction(cx, f, &format!("{what} per_breach")));
    let cap = required(cx, "cap", "0.20").and_then(|f| fraction(cx, f, &format!("{what} cap")));
    let mut clocks = [true; 3];
    if let Some(cv) = t.get("clocks")
        && let Some(items) = cx.array(cv, &format!("{what} clocks"))
    {
        clocks = [false; 3];
        for item in items {
            let Some(name) = cx.string(item, &format!("{what} clocks")) else {
                continue;
            };
            match ClockKind::parse(&name) {
                Some(k) => clocks[k.index()] = true,
                None => cx.err(
                    item.span(),
                    format!("{what} names the unknown clock `{name}`"),
                    "the clocks are respond, attend and resolve",
                ),
            }
        }
        if items.is_empty() {
            cx.err(
                cv.span(),
                format!("{what} counts no clock"),
                "name at least one, e.g. [\"resolve\"]",
            );
        }
    }
    if cx.d.list.len() > before {
        return None;
    }
    Some(Credit {
        monthly_fee: fee?,
        per_breach: per_breach?,
        cap: cap?,
        clocks,
    })
}
