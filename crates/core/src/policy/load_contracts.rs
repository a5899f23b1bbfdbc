//! `priorities` and `[[contracts]]` with their ordered rules.

use std::collections::HashSet;

use super::load::{Cx, Value, missing_hint};
use super::{Contract, Rule};

const CONTRACT_KEYS: &[&str] = &[
    "id",
    "customer",
    "rules",
    "valid_from",
    "valid_to",
    "credit",
    "description",
    "mail",
];
const RULE_KEYS: &[&str] = &["priority", "type", "asset", "tier"];

pub fn priorities(cx: &mut Cx<'_>, v: Option<&Value<'_>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let Some(v) = v else { return out };
    let Some(items) = cx.array(v, "priorities") else {
        return out;
    };
    for item in items {
        if let Some(p) = cx.name(item, "a priority") {
            if out.contains(&p) {
                cx.err(
                    item.span(),
                    format!("priority `{p}` is listed twice"),
                    "remove one of them",
                );
            } else {
                out.push(p);
            }
        }
    }
    out
}

pub fn contracts(
    cx: &mut Cx<'_>,
    v: Option<&Value<'_>>,
    tier_names: &[String],
    priorities: &[String],
) -> Vec<Contract> {
    let mut out: Vec<Contract> = Vec::new();
    let Some(v) = v else { return out };
    let Some(items) = cx.array(v, "contracts") else {
        return out;
    };
    // Ids seen so far: a set, as searching the list for each was quadratic (40,000
    // contracts took seconds).
    let mut ids: HashSet<String> = HashSet::with_capacity(items.len());
    for item in items {
        let Some(t) = cx.table(item, "a contract") else {
            continue;
        };
        let before = cx.d.list.len();
        let id = match t.get("id") {
            Some(i) => cx.name(i, "contract id"),
            None => {
                cx.err(item.span(), "contract without `id`", "add id = \"ACME-2026\"");
                None
            }
        };
        let place = format!("contract `{}`", id.as_deref().unwrap_or("?"));
        cx.check_keys(t, CONTRACT_KEYS, &place);
        if let (Some(id), Some(iv)) = (&id, t.get("id"))
            && !ids.insert(id.clone())
        {
            cx.err(
                iv.span(),
                format!("contract id `{id}` is used twice"),
                "give each contract its own id",
            );
        }
        let customer = match t.get("customer") {
            Some(c) => cx.name(c, &format!("{place} customer")),
            None => {
                cx.err(
                    item.span(),
                    format!("{place} has no `customer`"),
                    "add customer = \"Acme Corp\"",
                );
                None
            }
        };
        let valid_from = t
            .get("valid_from")
            .and_then(|d| cx.date(d, &format!("{place} valid_from")));
        let valid_to = t
            .get("valid_to")
            .and_then(|d| cx.date(d, &format!("{place} valid_to")));
        if let (Some(f), Some(to), Some(tv)) = (valid_from, valid_to, t.get("valid_to"))
            && to < f
        {
            cx.err(
                tv.span(),
                format!("{place} ends ({to}) before it starts ({f})"),
                "swap valid_from and valid_to",
            );
        }
        let rules = match t.get("rules") {
            Some(rv) => rules(cx, rv, &place, tier_names, priorities),
            None => {
                cx.err(
                    item.span(),
                    format!("{place} has no `rules`"),
                    "add rules = [ { tier = \"standard\" } ]",
                );
                Vec::new()
            }
        };
        let credit = t
            .get("credit")
            .and_then(|c| super::load_credit::credit(cx, c, &place));
        let mail = t
            .get("mail")
            .map(|m| super::load_mail::senders(cx, m, &place))
            .unwrap_or_default();
        if cx.d.list.len() > before {
            continue;
        }
        if let (Some(id), Some(customer)) = (id, customer) {
            out.push(Contract {
                id,
                customer,
                rules,
                valid_from,
                valid_to,
                credit,
                mail,
            });
        }
    }
    out
}

fn rules(
    cx: &mut Cx<'_>,
    v: &Value<'_>,
    place: &str,
    tier_names: &[String],
    priorities: &[String],
) -> Vec<Rule> {
    let mut out: Vec<Rule> = Vec::new();
    let Some(items) = cx.array(v, &format!("{place} rules")) else {
        return out;
    };
    if items.is_empty() {
        cx.err(
            v.span(),
            format!("{place} has an empty rule list"),
            "add at least one rule, e.g. { tier = \"standard\" }",
        );
    }
    let mut catch_all: Option<usize> = None;
    for (i, item) in items.iter().enumerate() {
        let rplace = format!("{place} rule {}", i + 1);
        let Some(t) = cx.table(item, &rplace) else {
            continue;
        };
        cx.check_keys(t, RULE_KEYS, &rplace);
        let field =
            |key: &str, cx: &mut Cx<'_>| t.get(key).and_then(|f| cx.name(f, &format!("{rplace} {key}")));
        let priority = field("priority", cx);
        let job_type = field("type", cx);
        let asset = field("asset", cx);
        if let (Some(p), Some(pv)) = (&priority, t.get("priority"))
            && !priorities.is_empty()
            && !priorities.contains(p)
        {
            let hint = missing_hint(p, priorities, "an entry of `priorities`");
            cx.err(
                pv.span(),
                format!("{rplace} names the unknown priority `{p}`"),
                hint,
            );
        }
        let tier = match t.get("tier") {
            None => {
                cx.err(
                    item.span(),
                    format!("{rplace} has no `tier`"),
                    "add tier = \"NAME\" naming a [tiers.NAME]",
                );
                None
            }
            Some(tv) => cx.name(tv, &format!("{rplace} tier")).inspect(|name| {
                if !tier_names.contains(name) {
                    let hint = missing_hint(name, tier_names, "[tiers.NAME]");
                    cx.err(
                        tv.span(),
                        format!("{rplace} names the unknown tier `{name}`"),
                        hint,
                    );
                }
            }),
        };
        if let Some(first) = catch_all {
            cx.err(
                item.span(),
                format!(
                    "{rplace} can never match: rule {} above matches every job",
                    first + 1
                ),
                "move the catch-all rule to the end of the list",
            );
        }
        if priority.is_none() && job_type.is_none() && asset.is_none() && catch_all.is_none() {
            catch_all = Some(i);
        }
        if let Some(tier) = tier {
            out.push(Rule {
                priority,
                job_type,
                asset,
                tier,
            });
        }
    }
    out
}
