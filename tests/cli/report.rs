//! Compliance reports on a small real store where every figure is worked out by hand
//! below: counts, adherence, mean/median/p90, wall against business time, pauses,
//! reopening, re-prioritisation, the range edges, credits hitting their cap; and each
//! output format of the real binary as a snapshot.
use crate::common;

use std::path::PathBuf;

use slawatch_core::job::{JobAction, NewJob};
use slawatch_core::policy::{ClockKind, Policy, parse_policy};
use slawatch_core::report::{Builder, ClockFigures, GroupBy, Report, Spec};
use slawatch_core::time::instant::parse_instant;
use slawatch_store::{JobFilter, Store};

const POLICY: &str = r#"
display_timezone = "UTC"
default_tier = "t"

[calendars.always]
timezone = "UTC"
always = true

[tiers.t]
calendar = "always"
respond = "1h"
resolve = "4h"
warn = [0.5]
pause = ["resolve"]

[tiers.fast]
calendar = "always"
respond = "30m"
resolve = "2h"

[[pause_reasons]]
name = "waiting on customer"

[[contracts]]
id = "C1"
customer = "Acme"
rules = [{ tier = "t" }]
credit = { monthly_fee = 1000, per_breach = 0.1, cap = 0.25, clocks = ["resolve"] }

[[contracts]]
id = "G1"
customer = "Gamma"
rules = [{ priority = "P1", tier = "fast" }, { tier = "t" }]
"#;

const H: i64 = 3600;
const M: i64 = 60;

fn t(s: &str) -> i64 {
    parse_instant(s, &chrono_tz::UTC).unwrap()
}

struct Fx {
    dir: tempfile::TempDir,
    policy: Policy,
}

impl Fx {
    fn db(&self) -> PathBuf {
        self.dir.path().join("jobs.db")
    }

    fn policy_file(&self) -> PathBuf {
        self.dir.path().join("sla.toml")
    }
}

fn act(store: &mut Store, policy: &Policy, id: i64, a: JobAction, at: &str) {
    store.record(policy, id, &a, "anna", Some(t(at)), t(at)).unwrap();
}

fn respond() -> JobAction {
    JobAction::Respond { note: None }
}

fn resolve() -> JobAction {
    JobAction::Resolve { note: None }
}

/// The store every test reads. Comments give each job's clocks as worked out by hand.
fn fixture() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let policy = parse_policy("sla.toml", POLICY).unwrap();
    std::fs::write(dir.path().join("sla.toml"), POLICY).unwrap();
    let mut s = Store::open(&dir.path().join("jobs.db")).unwrap();
    let p = &policy;
    let log = |s: &mut Store, customer: &str, priority: &str, at: &str| -> i64 {
        let job = NewJob {
            customer: customer.into(),
            priority: priority.into(),
            summary: format!("{customer} job at {at}"),
            technician: Some("kees".into()),
            at: Some(t(at)),
            ..NewJob::default()
        };
        s.log_job(p, &job, "anna", t(at)).unwrap()
    };
    // J1: respond 30m (met), resolve 2h (met).
    let j1 = log(&mut s, "Acme", "P2", "2026-10-01 08:00");
    act(&mut s, p, j1, respond(), "2026-10-01 08:30");
    act(&mut s, p, j1, resolve(), "2026-10-01 10:00");
    // J2: respond 1h30m (late by 30m), resolve 6h (late by 2h).
    let j2 = log(&mut s, "Acme", "P2", "2026-10-02 08:00");
    act(&mut s, p, j2, respond(), "2026-10-02 09:30");
    act(&mut s, p, j2, resolve(), "2026-10-02 14:00");
    // J3: respond 10m; paused 2h for the customer; resolve 5h wall = 3h business (met).
    let j3 = log(&mut s, "Acme", "P2", "2026-10-03 08:00");
    act(&mut s, p, j3, respond(), "2026-10-03 08:10");
    act(
        &mut s,
        p,
        j3,
        JobAction::Pause {
            reason: "waiting on customer".into(),
            note: None,
        },
        "2026-10-03 09:00",
    );
    act(
        &mut s,
        p,
        j3,
        JobAction::Resume { note: None },
        "2026-10-03 11:00",
    );
    act(&mut s, p, j3, resolve(), "2026-10-03 13:00");
    // J4: respond 20m; resolve still running at the end of the range: 28h, breached.
    let j4 = log(&mut s, "Acme", "P2", "2026-10-30 20:00");
    act(&mut s, p, j4, respond(), "2026-10-30 20:20");
    // J5: logged before the range: not in the report.
    let j5 = log(&mut s, "Acme", "P2", "2026-09-30 23:00");
    act(&mut s, p, j5, resolve(), "2026-10-01 09:00");
    // J6: respond 5m, resolve 5h (late by 1h).
    let j6 = log(&mut s, "Acme", "P2", "2026-10-05 08:00");
    act(&mut s, p, j6, respond(), "2026-10-05 08:05");
    act(&mut s, p, j6, resolve(), "2026-10-05 13:00");
    // J7: respond exactly 1h (met: a breach is more than the window); resolved after the
    // range, so at the end of the range its resolve clock runs within its window.
    let j7 = log(&mut s, "Acme", "P2", "2026-10-31 22:00");
    act(&mut s, p, j7, respond(), "2026-10-31 23:00");
    act(&mut s, p, j7, resolve(), "2026-11-01 01:00");
    // B1: respond 20m, resolve 2h (both met).
    let b1 = log(&mut s, "Beta", "P3", "2026-10-10 10:00");
    act(&mut s, p, b1, respond(), "2026-10-10 10:20");
    act(&mut s, p, b1, resolve(), "2026-10-10 12:00");
    // B2: resolved after 1h, reopened an hour later, resolved 2h after that:
    // resolve business 3h (the resolved gap is excluded), wall 4h; met.
    let b2 = log(&mut s, "Beta", "P3", "2026-10-12 08:00");
    act(&mut s, p, b2, respond(), "2026-10-12 08:05");
    act(&mut s, p, b2, resolve(), "2026-10-12 09:00");
    act(
        &mut s,
        p,
        b2,
        JobAction::Reopen { note: None },
        "2026-10-12 10:00",
    );
    act(&mut s, p, b2, resolve(), "2026-10-12 12:00");
    // G1: logged P2 (tier t, respond 1h), made P1 after 10m (tier fast, respond 30m),
    // responded at 40m: late by 10m under the new window.
    let g1 = log(&mut s, "Gamma", "P2", "2026-10-15 08:00");
    act(
        &mut s,
        p,
        g1,
        JobAction::Reprioritize {
            priority: "P1".into(),
            job_type: None,
        },
        "2026-10-15 08:10",
    );
    act(&mut s, p, g1, respond(), "2026-10-15 08:40");
    act(&mut s, p, g1, resolve(), "2026-10-15 09:30");
    Fx { dir, policy }
}

fn october(fx: &Fx, by: GroupBy) -> Report {
    let store = Store::open_existing(&fx.db()).unwrap();
    let spec = Spec {
        from: t("2026-10-01 00:00"),
        to: t("2026-11-01 00:00"),
        by,
    };
    let mut b = Builder::new(&fx.policy, spec, t("2026-11-30 12:00"));
    store.each_job(&JobFilter::default(), |row| b.add(&row)).unwrap();
    b.finish()
}

fn clock<'a>(r: &'a Report, group: &str, k: ClockKind) -> &'a ClockFigures {
    let g = if group == "all" {
        &r.total
    } else {
        r.groups.iter().find(|g| g.key == group).unwrap()
    };
    g.clocks.iter().find(|c| c.clock == k).unwrap()
}

#[test]
fn every_figure_as_worked_out_by_hand() {
    let fx = fixture();
    let r = october(&fx, GroupBy::Customer);
    assert_eq!(r.jobs, 9, "J5 was logged before the range");
    assert_eq!(r.judged_at, t("2026-11-01 00:00"));
    let keys: Vec<&str> = r.groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["Acme", "Beta", "Gamma"]);

    // Acme respond: 30m, 1h30m (late), 10m, 20m, 5m, 1h.
    let c = clock(&r, "Acme", ClockKind::Respond);
    assert_eq!(
        (c.jobs, c.met, c.met_late, c.breached_open, c.open_within),
        (6, 5, 1, 0, 0)
    );
    assert!((c.adherence.unwrap() - 5.0 / 6.0).abs() < 1e-9);
    let b = c.business.unwrap();
    // Sorted 5, 10, 20, 30, 60, 90 minutes: mean 215/6 min, median (20+30)/2, p90 the 6th.
    assert_eq!((b.avg, b.median, b.p90), (215 * M / 6, 25 * M, 90 * M));

    // Acme resolve: J1 2h met, J2 6h late, J3 3h met (2h paused), J4 breached open,
    // J6 5h late, J7 open within.
    let c = clock(&r, "Acme", ClockKind::Resolve);
    assert_eq!(
        (c.jobs, c.met, c.met_late, c.breached_open, c.open_within),
        (6, 2, 2, 1, 1)
    );
    assert!((c.adherence.unwrap() - 0.4).abs() < 1e-9);
    let b = c.business.unwrap();
    assert_eq!((b.avg, b.median, b.p90), (4 * H, 4 * H, 6 * H));
    let w = c.wall.unwrap();
    // Wall: 2h, 6h, 5h, 5h.
    assert_eq!((w.avg, w.median, w.p90), (4 * H + 30 * M, 5 * H, 6 * H));
    assert_eq!(c.excluded_secs, 2 * H);

    // Beta resolve: B1 2h; B2 3h of business time, 4h of wall time (reopened).
    let c = clock(&r, "Beta", ClockKind::Resolve);
    assert_eq!((c.met, c.met_late), (2, 0));
    assert_eq!(c.business.unwrap().median, 2 * H + 30 * M);
    assert_eq!(c.wall.unwrap().median, 3 * H);
    assert_eq!(c.excluded_secs, 0, "the gap before a reopen is not a pause");

    // Gamma: re-prioritised to the 30m tier before responding at 40m.
    let c = clock(&r, "Gamma", ClockKind::Respond);
    assert_eq!((c.met, c.met_late), (0, 1));

    // All respond: Acme 6 (1 late), Beta 2, Gamma 1 (late).
    let c = clock(&r, "all", ClockKind::Respond);
    assert_eq!((c.jobs, c.met, c.met_late), (9, 7, 2));
}

#[test]
fn the_breach_list_names_each_breach() {
    let fx = fixture();
    let r = october(&fx, GroupBy::Customer);
    let list: Vec<(i64, &str, &str, i64)> = r
        .breaches
        .iter()
        .map(|b| (b.job, b.clock.name(), b.state, b.overrun))
        .collect();
    assert_eq!(
        list,
        [
            (2, "respond", "met_late", 30 * M),
            (2, "resolve", "met_late", 2 * H),
            (4, "resolve", "breached", 24 * H),
            (6, "resolve", "met_late", H),
            (10, "respond", "met_late", 10 * M),
        ]
    );
    assert_eq!(r.breaches[0].technician.as_deref(), Some("kees"));
    assert_eq!(&*r.breaches[4].tier, "fast");
}

#[test]
fn credits_per_month_hit_their_cap() {
    let fx = fixture();
    let r = october(&fx, GroupBy::Customer);
    // Only Acme (contract C1) has terms: resolve breaches J2, J4, J6 = 3 × 10 % = 30 %,
    // capped at 25 % of 1,000.
    assert_eq!(r.credits.len(), 1);
    let c = &r.credits[0];
    assert_eq!(
        (c.account.as_str(), c.month.as_str(), c.terms.as_str()),
        ("C1", "2026-10", "contract")
    );
    assert_eq!((c.jobs, c.breaches), (6, 3));
    assert!(c.capped);
    assert!((c.share - 0.25).abs() < 1e-9);
    assert!((c.credit - 250.0).abs() < 1e-9);
}

#[test]
fn groups_by_week_and_month_and_the_daily_series() {
    let fx = fixture();
    let r = october(&fx, GroupBy::Week);
    let keys: Vec<&str> = r.groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["2026-W40", "2026-W41", "2026-W42", "2026-W44"]);
    let r = october(&fx, GroupBy::Month);
    assert_eq!(r.groups.len(), 1);
    assert_eq!(r.groups[0].key, "2026-10");
    assert_eq!(r.daily_breaches.len(), 31);
    // By the day each deadline fell: J2's two on the 2nd, J4's on the 31st, …
    let day = |d: &str| r.daily_breaches.iter().find(|x| x.0 == d).unwrap().1;
    assert_eq!(
        (day("2026-10-02"), day("2026-10-05"), day("2026-10-31")),
        (2, 1, 1)
    );
}

fn cli(fx: &Fx, args: &[&str]) -> String {
    let out = common::bin()
        .args(args)
        .env("SLAWATCH_DB", fx.db())
        .env("SLAWATCH_POLICY", fx.policy_file())
        .env("SLAWATCH_NOW", "2026-11-30T12:00:00Z")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "slawatch {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn report_as(fx: &Fx, format: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "report",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    cli(fx, &args)
}

#[test]
fn each_format_as_a_snapshot() {
    let fx = fixture();
    insta::assert_snapshot!("table", report_as(&fx, "table", &[]));
    insta::assert_snapshot!("csv_summary", report_as(&fx, "csv", &[]));
    insta::assert_snapshot!("csv_breaches", report_as(&fx, "csv", &["--section", "breaches"]));
    insta::assert_snapshot!("csv_credits", report_as(&fx, "csv", &["--section", "credits"]));
    insta::assert_snapshot!("md", report_as(&fx, "md", &[]));
    insta::assert_snapshot!("html", report_as(&fx, "html", &[]));
    let json: serde_json::Value = serde_json::from_str(&report_as(&fx, "json", &["--by", "tier"])).unwrap();
    assert_eq!(json["report"]["by"], "tier");
    assert_eq!(json["evidence"]["chain_ok"], true);
    insta::assert_snapshot!("json_by_tier", serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn the_html_report_stands_alone_and_escapes_job_text() {
    let fx = fixture();
    let mut s = Store::open_existing(&fx.db()).unwrap();
    let job = NewJob {
        customer: "<script>alert(1)</script> & Co".into(),
        priority: "P2".into(),
        summary: "x".into(),
        at: Some(t("2026-10-20 08:00")),
        ..NewJob::default()
    };
    s.log_job(&fx.policy, &job, "anna", t("2026-10-20 08:00"))
        .unwrap();
    let html = report_as(&fx, "html", &[]);
    assert!(!html.contains("<script>"), "job text reached the page as markup");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    for needle in ["src=", "href=", "@import", "url("] {
        assert!(
            !html.contains(needle),
            "the page loads something from outside: {needle}"
        );
    }
    assert!(html.contains("<svg"), "the weekly chart is inline");
    // A customer named like a formula is neutralised in CSV.
    let mut s = Store::open_existing(&fx.db()).unwrap();
    let job = NewJob {
        customer: "=HYPERLINK(\"http://evil\")".into(),
        priority: "P2".into(),
        summary: "x".into(),
        at: Some(t("2026-10-21 08:00")),
        ..NewJob::default()
    };
    s.log_job(&fx.policy, &job, "anna", t("2026-10-21 08:00"))
        .unwrap();
    let csv = report_as(&fx, "csv", &[]);
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "{csv}");
}

#[test]
fn bad_arguments_are_refused_with_the_choices() {
    let fx = fixture();
    let run = |args: &[&str]| {
        common::bin()
            .args(args)
            .env("SLAWATCH_DB", fx.db())
            .env("SLAWATCH_POLICY", fx.policy_file())
            .output()
            .unwrap()
    };
    for (args, says) in [
        (vec!["--by", "color"], "group by one of customer, contract"),
        (vec!["--format", "pdf"], "one of table, csv, json, md, html"),
        (
            vec!["--tier", "gold"],
            "the policy has no such tier (it has fast, t)",
        ),
    ] {
        let mut all = vec!["report", "--from", "2026-10-01", "--to", "2026-10-31"];
        all.extend(args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{err}");
    }
    let out = run(&["report", "--from", "2026-10-31", "--to", "2026-10-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not after --from"));
}

#[test]
fn the_report_file_is_private() {
    let fx = fixture();
    let out = fx.dir.path().join("october.html");
    report_as(&fx, "html", &["--out", out.to_str().unwrap()]);
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&out).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn the_dashboard_reports_tab_shows_the_same_figures_as_the_command() {
    use slawatch::tui::{App, Effect, Msg, update};
    let fx = fixture();
    let cli_json: serde_json::Value =
        serde_json::from_str(&report_as(&fx, "json", &["--no-verify"])).unwrap();
    let policy = std::sync::Arc::new(fx.policy.clone());
    let mut app = App::new(policy, "anna", "jobs.db", t("2026-11-30 12:00"));
    let key = |c: char| {
        Msg::Key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ))
    };
    // The Reports tab opens on the last 30 days; two steps back is last month: October,
    // like the command above.
    update(&mut app, key('4'));
    let left = || {
        Msg::Key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Left,
        ))
    };
    update(&mut app, left());
    let Some(Effect::Report { spec, generation }) = update(&mut app, left()).pop() else {
        panic!("the Reports tab asks for its report");
    };
    assert_eq!(
        (spec.from, spec.to),
        (t("2026-10-01 00:00"), t("2026-11-01 00:00"))
    );
    let report = slawatch::service::report::build(
        &fx.db(),
        &fx.policy,
        spec,
        &JobFilter::default(),
        None,
        t("2026-11-30 12:00"),
    )
    .unwrap();
    update(
        &mut app,
        Msg::ReportReady(generation, Ok(std::sync::Arc::new(report))),
    );
    let Some(Ok(shown)) = &app.report.result else {
        panic!("the tab holds its report");
    };
    let tab: serde_json::Value = serde_json::from_str(&slawatch_core::report::render::report_json(
        shown.as_ref(),
        &fx.policy.display_tz,
    ))
    .unwrap();
    assert_eq!(tab, cli_json["report"]);
}
