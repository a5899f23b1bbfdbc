//! One test per policy validation error: each asserts the line, the column and the message.

use slawatch_core::policy::{Diagnostic, parse_policy};

use crate::common::example_policy;

const BASE: &str = r#"display_timezone = "Europe/Amsterdam"

[calendars.office]
timezone = "Europe/Amsterdam"
mon = ["08:00-12:00", "13:00-17:00"]
fri = ["08:00-12:00", "13:00-16:00"]
holidays = ["2026-12-25"]

[tiers.standard]
calendar = "office"
respond = "4h"
resolve = "3bd"
warn = [0.5, 0.9]

[[contracts]]
id = "ACME"
customer = "Acme Corp"
rules = [ { priority = "P1", tier = "standard" }, { tier = "standard" } ]
"#;

/// Line and column (1-based, in characters) of the first occurrence of `needle`.
fn place_of(src: &str, needle: &str) -> (usize, usize) {
    let at = src
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in source"));
    let before = &src[..at];
    let line = before.lines().count() + usize::from(before.ends_with('\n') || before.is_empty());
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line.max(1), before[line_start..].chars().count() + 1)
}

/// Parses `src`, which must fail, and returns its diagnostics.
fn diagnostics(src: &str) -> Vec<Diagnostic> {
    match parse_policy("sla.toml", src) {
        Ok(_) => panic!("policy unexpectedly valid:\n{src}"),
        Err(e) => e.diagnostics,
    }
}

/// Asserts exactly one diagnostic, at `needle`, whose message contains `message`.
fn assert_one(src: &str, needle: &str, message: &str) -> Diagnostic {
    let diags = diagnostics(src);
    assert_eq!(diags.len(), 1, "expected one problem, got {diags:#?}");
    let d = diags.into_iter().next().unwrap();
    assert_eq!((d.line, d.col), place_of(src, needle), "place of {d:#?}");
    assert!(
        d.message.contains(message),
        "message `{}` lacks `{message}`",
        d.message
    );
    d
}

fn planted(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "`{from}` not in BASE");
    BASE.replacen(from, to, 1)
}

#[test]
fn base_policy_is_valid() {
    let p = parse_policy("sla.toml", BASE).unwrap();
    assert_eq!(p.tiers.len(), 1);
    assert_eq!(p.contracts[0].rules.len(), 2);
    assert_eq!(p.hash.len(), 64);
}

#[test]
fn toml_syntax_error() {
    let src = planted("respond = \"4h\"", "respond = \"4h");
    let diags = diagnostics(&src);
    let d = &diags[0];
    assert!(d.message.starts_with("TOML syntax:"), "{d:?}");
    assert_eq!(d.line, place_of(&src, "respond").0);
}

#[test]
fn unknown_key_with_did_you_mean() {
    let src = planted("respond = \"4h\"", "respnd = \"4h\"");
    let d = assert_one(&src, "respnd", "unknown key `respnd` in tier `standard`");
    assert_eq!(d.hint, "did you mean `respond`?");
}

#[test]
fn unknown_top_level_key() {
    let src = format!("dispaly_timezone = \"UTC\"\n{BASE}");
    let diags = diagnostics(&src);
    let d = diags
        .iter()
        .find(|d| d.message.contains("dispaly_timezone"))
        .unwrap();
    assert_eq!((d.line, d.col), (1, 1));
    assert_eq!(d.hint, "did you mean `display_timezone`?");
}

#[test]
fn unknown_key_in_a_rule() {
    let src = planted(
        "{ tier = \"standard\" } ]",
        "{ tier = \"standard\", prio = \"P2\" } ]",
    );
    let d = assert_one(&src, "prio =", "unknown key `prio` in contract `ACME` rule 2");
    assert_eq!(d.hint, "did you mean `priority`?");
}

#[test]
fn hour_out_of_range() {
    let src = planted("\"13:00-17:00\"]", "\"13:00-25:00\"]");
    let d = assert_one(
        &src,
        "\"13:00-25:00\"",
        "calendar `office` mon: `25:00` is not a time of day",
    );
    assert!(d.hint.contains("24:00 only as an end"));
}

#[test]
fn interval_ending_before_it_starts() {
    let src = planted("\"13:00-16:00\"", "\"16:00-13:00\"");
    assert_one(
        &src,
        "\"16:00-13:00\"",
        "calendar `office` fri: `16:00-13:00` ends before it starts",
    );
}

#[test]
fn overlapping_intervals() {
    let src = planted("\"13:00-17:00\"]", "\"11:30-17:00\"]");
    assert_one(&src, "\"11:30-17:00\"", "`11:30-17:00` overlaps `08:00-12:00`");
}

#[test]
fn unknown_time_zone_with_suggestion() {
    let src = planted(
        "\ntimezone = \"Europe/Amsterdam\"",
        "\ntimezone = \"Europe/Amsterdm\"",
    );
    let d = assert_one(&src, "\"Europe/Amsterdm\"", "unknown time zone `Europe/Amsterdm`");
    assert_eq!(d.hint, "did you mean `Europe/Amsterdam`?");
}

#[test]
fn bad_duration() {
    let src = planted("respond = \"4h\"", "respond = \"4 hours\"");
    let d = assert_one(
        &src,
        "\"4 hours\"",
        "tier `standard` respond: `4 hours` has an unknown unit `hours`",
    );
    assert!(d.message.contains("write hours as `h`"), "{d:?}");
}

#[test]
fn ambiguous_day_unit_is_refused() {
    let src = planted("resolve = \"3bd\"", "resolve = \"3d\"");
    let d = assert_one(&src, "\"3d\"", "unknown unit `d`");
    assert!(d.message.contains("`1bd`"), "{d:?}");
}

#[test]
fn zero_window() {
    let src = planted("respond = \"4h\"", "respond = \"0m\"");
    assert_one(&src, "\"0m\"", "tier `standard` respond is zero");
}

#[test]
fn tier_naming_a_missing_calendar() {
    let src = planted("calendar = \"office\"", "calendar = \"offce\"");
    let d = assert_one(
        &src,
        "\"offce\"",
        "tier `standard` names the unknown calendar `offce`",
    );
    assert_eq!(d.hint, "did you mean `office`?");
}

#[test]
fn rule_naming_a_missing_tier() {
    let src = planted(
        "{ priority = \"P1\", tier = \"standard\" }",
        "{ priority = \"P1\", tier = \"critical\" }",
    );
    assert_one(
        &src,
        "\"critical\"",
        "contract `ACME` rule 1 names the unknown tier `critical`",
    );
}

#[test]
fn fraction_outside_zero_one() {
    let src = planted("warn = [0.5, 0.9]", "warn = [0.5, 1.5]");
    assert_one(
        &src,
        "1.5]",
        "tier `standard` warn threshold 1.5 is outside (0, 1)",
    );
    let src = planted("warn = [0.5, 0.9]", "warn = [0, 0.9]");
    assert_one(&src, "0, 0.9", "warn threshold 0 is outside (0, 1)");
}

#[test]
fn thresholds_out_of_order() {
    let src = planted("warn = [0.5, 0.9]", "warn = [0.9, 0.5]");
    assert_one(&src, "0.5]", "warn threshold 0.5 is not above the one before it");
}

#[test]
fn duplicate_contract_id() {
    let src = format!(
        "{BASE}\n[[contracts]]\nid = \"ACME\"\ncustomer = \"Acme Two\"\nrules = [ {{ tier = \"standard\" }} ]\n"
    );
    let diags = diagnostics(&src);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let second = src.rfind("\"ACME\"").unwrap();
    assert_eq!(diags[0].line, src[..second].lines().count());
    assert_eq!(diags[0].col, "id = ".len() + 1);
    assert!(diags[0].message.contains("contract id `ACME` is used twice"));
}

#[test]
fn unreachable_rule_after_catch_all() {
    let src = planted(
        "rules = [ { priority = \"P1\", tier = \"standard\" }, { tier = \"standard\" } ]",
        "rules = [ { tier = \"standard\" }, { priority = \"P1\", tier = \"standard\" } ]",
    );
    assert_one(
        &src,
        "{ priority",
        "contract `ACME` rule 2 can never match: rule 1 above matches every job",
    );
}

#[test]
fn calendar_never_open() {
    let src = planted(
        "mon = [\"08:00-12:00\", \"13:00-17:00\"]\nfri = [\"08:00-12:00\", \"13:00-16:00\"]\n",
        "mon = []\n",
    );
    assert_one(&src, "office]", "calendar `office` is never open");
}

#[test]
fn missing_timezone_and_missing_calendar_key() {
    let src = planted("\ntimezone = \"Europe/Amsterdam\"\n", "\n");
    assert_one(&src, "office]", "calendar `office` has no `timezone`");
    let src = planted("calendar = \"office\"\n", "");
    assert_one(&src, "standard]", "tier `standard` has no `calendar`");
}

#[test]
fn bad_holiday_date() {
    let src = planted("holidays = [\"2026-12-25\"]", "holidays = [\"2026-13-25\"]");
    assert_one(&src, "\"2026-13-25\"", "holiday `2026-13-25` is not a date");
}

#[test]
fn unknown_priority_when_priorities_are_listed() {
    let src = format!(
        "priorities = [\"P1\", \"P2\"]\n{}",
        BASE.replacen("priority = \"P1\"", "priority = \"P7\"", 1)
    );
    let d = assert_one(&src, "\"P7\"", "names the unknown priority `P7`");
    assert!(d.hint.contains("P1, P2"), "{d:?}");
}

#[test]
fn default_tier_must_exist() {
    let src = format!("default_tier = \"standrd\"\n{BASE}");
    let d = assert_one(
        &src,
        "\"standrd\"",
        "default_tier names the unknown tier `standrd`",
    );
    assert_eq!(d.hint, "did you mean `standard`?");
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let src = BASE
        .replacen(
            "\ntimezone = \"Europe/Amsterdam\"",
            "\ntimezone = \"Mars/Olympus\"",
            1,
        )
        .replacen("\"13:00-17:00\"]", "\"13:00-25:00\"]", 1)
        .replacen("respond = \"4h\"", "respond = \"4x\"", 1)
        .replacen("warn = [0.5, 0.9]", "warn = [0.5, 2]", 1)
        .replacen("{ tier = \"standard\" } ]", "{ tier = \"gold\" } ]", 1);
    let diags = diagnostics(&src);
    let lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
    assert_eq!(lines, vec![4, 5, 11, 13, 18], "{diags:#?}");
    let shown = parse_policy("sla.toml", &src).unwrap_err().to_string();
    assert!(
        shown.starts_with("sla.toml:4:12: unknown time zone `Mars/Olympus`"),
        "{shown}"
    );
    assert_eq!(shown.lines().count(), 5);
    assert!(
        shown.lines().all(|l| l.contains(" — ")),
        "every line says how to fix:\n{shown}"
    );
}

#[test]
fn the_shipped_example_is_valid() {
    let p = parse_policy("sla.toml.example", example_policy().text).unwrap();
    assert!(p.calendars.contains_key("office") && p.tiers.contains_key("critical"));
    assert_eq!(p.default_tier.as_deref(), Some("standard"));
    assert!(p.pause_reasons.iter().any(|r| !r.stops_clock));
}

const ALERTS: &str = r#"
[roles]
dispatch = ["anna", "jan"]
oncall = ["maria"]

[[escalation.levels]]
level = 1
notify = ["dispatch"]

[[escalation.levels]]
level = 2
notify = ["oncall"]
renotify = "15m"
ack = ["oncall"]

[notify]
terminal = "osc9"
command = ["page", "{job}", "{level}"]
"#;

fn with_alerts(from: &str, to: &str) -> String {
    let alerts = ALERTS.replacen(from, to, 1);
    assert!(ALERTS.contains(from), "`{from}` not in ALERTS");
    format!("{BASE}{alerts}")
}

#[test]
fn alert_keys_are_read() {
    let src = format!(
        "{}{ALERTS}",
        BASE.replace(
            "warn = [0.5, 0.9]",
            "warn = [0.5, 0.9]\nescalate = [{ at = 1.0, level = 2 }, { at = 0.9, level = 1 }]"
        )
    );
    let p = parse_policy("sla.toml", &src).unwrap();
    assert_eq!(p.roles["oncall"], ["maria"]);
    assert_eq!(p.escalation.len(), 2);
    assert_eq!(p.escalation[1].renotify, Some(900));
    let esc = &p.tiers["standard"].escalate;
    assert_eq!(
        (esc[0].at, esc[0].level, esc[1].at, esc[1].level),
        (0.9, 1, 1.0, 2),
        "sorted by fraction"
    );
    assert!(p.user_has_role("Maria", &p.escalation[1].ack));
    assert!(!p.user_has_role("jan", &p.escalation[1].ack));
}

#[test]
fn an_escalation_level_naming_an_unknown_role() {
    let src = with_alerts("ack = [\"oncall\"]", "ack = [\"on-call\"]");
    let d = assert_one(
        &src,
        "\"on-call\"",
        "escalation level 2 ack names the unknown role `on-call`",
    );
    assert_eq!(d.hint, "did you mean `oncall`?");
}

#[test]
fn who_may_escalate_defaults_to_the_chain_and_can_be_narrowed() {
    let p = parse_policy(
        "sla.toml",
        &with_alerts("ack = [\"oncall\"]", "ack = [\"oncall\"]"),
    )
    .unwrap();
    assert!(
        p.may_escalate("jan", 2).is_ok(),
        "dispatch may raise a job to on-call"
    );
    assert!(p.may_escalate("maria", 1).is_ok());
    let e = p.may_escalate("bob", 2).unwrap_err();
    assert!(e.starts_with("escalating to level 2"), "{e}");
    assert!(e.contains("bob has no role"), "{e}");
    let p = parse_policy(
        "sla.toml",
        &with_alerts(
            "ack = [\"oncall\"]",
            "ack = [\"oncall\"]\nescalate = [\"oncall\"]",
        ),
    )
    .unwrap();
    let e = p.may_escalate("jan", 2).unwrap_err();
    assert!(
        e.contains("needs the role oncall; jan has only dispatch — ask maria"),
        "{e}"
    );
    assert!(p.may_escalate("maria", 2).is_ok());
    let src = with_alerts("ack = [\"oncall\"]", "escalate = [\"boss\"]");
    assert_one(
        &src,
        "\"boss\"",
        "escalation level 2 escalate names the unknown role `boss`",
    );
}

#[test]
fn a_tier_escalating_to_an_undefined_level() {
    let src = format!(
        "{}{ALERTS}",
        BASE.replace(
            "warn = [0.5, 0.9]",
            "warn = [0.5, 0.9]\nescalate = [{ at = 0.9, level = 3 }]"
        )
    );
    let d = assert_one(
        &src,
        "3 }]",
        "tier `standard` escalates to level 3, which is not defined",
    );
    assert_eq!(d.hint, "defined levels: 1, 2");
}

#[test]
fn an_escalation_fraction_outside_zero_one() {
    let src = format!(
        "{}{ALERTS}",
        BASE.replace(
            "warn = [0.5, 0.9]",
            "warn = [0.5, 0.9]\nescalate = [{ at = 1.5, level = 1 }]"
        )
    );
    assert_one(&src, "1.5,", "tier `standard` escalate at 1.5 is outside (0, 1]");
}

#[test]
fn bad_notify_settings() {
    let src = with_alerts("terminal = \"osc9\"", "terminal = \"osc99\"");
    assert_one(&src, "\"osc99\"", "notify terminal `osc99` is not a method");
    let src = with_alerts("\"{level}\"]", "\"{lvl}\"]");
    assert_one(&src, "\"{lvl}\"", "notify command uses the unknown field `{lvl}`");
    let src = with_alerts("renotify = \"15m\"", "renotify = \"20s\"");
    assert_one(
        &src,
        "\"20s\"",
        "escalation level 2 renotify `20s` is shorter than a minute",
    );
    let src = with_alerts("level = 2\nnotify", "level = 1\nnotify");
    let diags = diagnostics(&src);
    assert!(
        diags
            .iter()
            .any(|d| d.message == "escalation level 1 is defined twice"),
        "{diags:#?}"
    );
}
