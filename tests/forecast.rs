//! The breach forecast (issue 6) on real SQLite files and through the real binary:
//! figures worked out by hand, `list --at-risk`, and a backtest that never sees the
//! future.
//!
//! The hand-made store uses the example policy's `critical` tier (Acme Corp P1): a
//! 24x7 UTC calendar, respond 30m, attend 2h, resolve 4h, pauses stop only resolve, so
//! business time is wall time. Twenty closed `malfunction` jobs make the history; job i
//! (0..19) was responded to after 11+i minutes, attended after 41+2i, resolved after
//! 100+i. Medians (of 20: the mean of the middle two) and 80th percentiles (nearest
//! rank: the 16th of 20, the 17th of 21). The open job 22 adds its 90-minute response:
//!
//! | from → to            | samples (minutes)   | median          | p80          |
//! |----------------------|---------------------|-----------------|--------------|
//! | logged → respond     | 11, 12, …, 30, 90   | 21m = 1260 s    | 27m = 1620 s |
//! | logged → attend      | 41, 43, …, 79       | 60m = 3600 s    | 71m = 4260 s |
//! | logged → resolve     | 100, 101, …, 119    | 109.5m = 6570 s | 115m         |
//! | responded → attend   | 30, 31, …, 49       | 39.5m = 2370 s  | 45m = 2700 s |
//! | responded → resolve  | 89 each             | 89m = 5340 s    | 89m          |
//! | attended → resolve   | 40, 41, …, 59       | 49.5m = 2970 s  | 55m = 3300 s |
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use serde_json::Value;
#[path = "common/cli.rs"]
mod cli;
use cli::Cli;
use slawatch_core::job::{Job, JobAction, NewJob};
use slawatch_core::policy::{ClockKind, Policy, parse_policy};
use slawatch_core::report::forecast::{
    Basis, ClockTrace, History, HistoryBuilder, Stage, first_stop, forecast_open,
};
use slawatch_store::{JobFilter, Store};

const M: i64 = 60;
const H: i64 = 3600;
const D: i64 = 86_400;
/// "Now" of the hand-made store: Monday 2026-06-15 12:00 UTC.
const N: i64 = 1_781_524_800;

fn policy() -> Policy {
    parse_policy("sla.toml.example", include_str!("../sla.toml.example")).unwrap()
}

/// A job of Acme Corp, P1 malfunction (tier critical), logged at `at`, with `steps`.
struct Plan {
    at: i64,
    tech: Option<&'static str>,
    steps: Vec<(JobAction, i64)>,
}

fn respond() -> JobAction {
    JobAction::Respond { note: None }
}
fn attend() -> JobAction {
    JobAction::Attend { note: None }
}
fn resolve() -> JobAction {
    JobAction::Resolve { note: None }
}

fn plan(at: i64, tech: Option<&'static str>, steps: Vec<(JobAction, i64)>) -> Plan {
    Plan { at, tech, steps }
}

/// Writes the jobs, in order (ids 1, 2, …), into a new store at `path`.
fn write(path: &Path, plans: &[Plan]) {
    let policy = policy();
    let mut store = Store::open(path).unwrap();
    let mut batch = store.batch().unwrap();
    for p in plans {
        let job = NewJob {
            customer: "Acme Corp".to_owned(),
            priority: "P1".to_owned(),
            job_type: Some("malfunction".to_owned()),
            asset: None,
            site: None,
            contract: None,
            summary: "Booster pump tripping on overload".to_owned(),
            technician: p.tech.map(str::to_owned),
            at: Some(p.at),
        };
        let mut row = batch.log(&policy, &job, "anna", N).unwrap();
        for (action, at) in &p.steps {
            batch.apply(&policy, &mut row, action, "anna", *at, N).unwrap();
        }
        batch.save(&row).unwrap();
    }
    batch.commit().unwrap();
}

/// The twenty closed jobs of the table above, ten to five days before N.
fn history_plans() -> Vec<Plan> {
    (0..20)
        .map(|i| {
            let t = N - 10 * D + i * 6 * H;
            plan(
                t,
                None,
                vec![
                    (respond(), t + (11 + i) * M),
                    (attend(), t + (41 + 2 * i) * M),
                    (resolve(), t + (100 + i) * M),
                ],
            )
        })
        .collect()
}

/// The history, then five open jobs at N (ids 21–25):
/// - 21: logged 25m ago; every clock well in time.
/// - 22: logged 110m ago, responded 20m ago: the visit is due in 10m (2h window) but
///   responded → attend takes 39.5m, 19.5m still to go → at risk, 9m30s late.
/// - 23, 24, 25: jan's, logged 5m, 4m and 6m ago; 25 is paused by the customer. In
///   deadline order 25 (paused: no work), 23 (21m − 5m = 960 s of work), 24. Job 24
///   waits 960 s and needs 1260 − 240 = 1020 s itself: 1980 s against 1560 s left to
///   its response deadline → at risk, 420 s late.
fn small_store(path: &Path) {
    let mut plans = history_plans();
    plans.push(plan(N - 25 * M, None, vec![]));
    plans.push(plan(N - 110 * M, None, vec![(respond(), N - 20 * M)]));
    plans.push(plan(N - 5 * M, Some("jan"), vec![]));
    plans.push(plan(N - 4 * M, Some("jan"), vec![]));
    plans.push(plan(
        N - 6 * M,
        Some("jan"),
        vec![(
            JobAction::Pause {
                reason: "waiting on customer".to_owned(),
                note: None,
            },
            N - 3 * M,
        )],
    ));
    write(path, &plans);
}

fn all_jobs(path: &Path) -> Vec<Job> {
    Store::open_existing(path)
        .unwrap()
        .jobs(&JobFilter::default())
        .unwrap()
}

#[test]
fn history_and_forecast_by_hand_on_a_small_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    small_store(&db);
    let p = policy();
    let jobs = all_jobs(&db);
    let h = History::from_jobs(&p, &jobs, N, 20);
    let est = |stage, clock| {
        let e = h.estimate("critical", Some("malfunction"), stage, clock).unwrap();
        assert_eq!(e.basis, Basis::TierType, "{stage} → {clock}");
        (e.median, e.p80, e.samples)
    };
    use ClockKind::{Attend, Resolve, Respond};
    use Stage::{Attended, Logged, Responded};
    assert_eq!(est(Logged, Respond), (1260, 1620, 21));
    let est = |stage, clock| {
        let (median, p80, n) = est(stage, clock);
        assert_eq!(n, 20, "{stage} → {clock}");
        (median, p80)
    };
    assert_eq!(est(Logged, Attend), (3600, 4260));
    assert_eq!(est(Logged, Resolve), (6570, 6900));
    assert_eq!(est(Responded, Attend), (2370, 2700));
    assert_eq!(est(Responded, Resolve), (5340, 5340));
    assert_eq!(est(Attended, Resolve), (2970, 3300));
    // Another type of the tier falls back to the tier; with 21 samples needed, to nothing.
    assert_eq!(
        h.estimate("critical", Some("request"), Logged, Respond)
            .map(|e| e.basis),
        Some(Basis::Tier)
    );
    let strict = History::from_jobs(&p, &jobs, N, 22);
    assert_eq!(
        strict.estimate("critical", Some("malfunction"), Logged, Respond),
        None
    );

    let open: Vec<Job> = jobs
        .into_iter()
        .filter(|j| j.status != slawatch_core::job::JobStatus::Resolved)
        .collect();
    assert_eq!(open.len(), 5);
    let f = forecast_open(&p, &h, &open, N);
    let risky: Vec<(i64, ClockKind)> = f.iter().filter(|f| f.at_risk).map(|f| (f.job, f.clock)).collect();
    assert_eq!(risky, [(22, Attend), (24, Respond)]);
    let b = f.iter().find(|f| f.job == 22 && f.clock == Attend).unwrap();
    assert_eq!((b.stage, b.overrun, b.queue), (Responded, 570, 0));
    assert_eq!(
        (b.expected, b.expected_p80, b.deadline),
        (Some(N + 1170), Some(N + 1500), Some(N + 600))
    );
    let d = f.iter().find(|f| f.job == 24 && f.clock == Respond).unwrap();
    assert_eq!((d.stage, d.overrun, d.queue), (Logged, 420, 960));
    // p80: the queue, then 27m less the 4m it has had.
    assert_eq!(
        (d.expected, d.expected_p80, d.deadline),
        (Some(N + 1980), Some(N + 960 + 1620 - 240), Some(N + 26 * M))
    );
    // The paused job holds up no one; the first in the queue waits for nothing.
    assert_eq!(
        f.iter()
            .find(|f| f.job == 23 && f.clock == Respond)
            .unwrap()
            .queue,
        0
    );
    assert_eq!(
        f.iter()
            .find(|f| f.job == 25 && f.clock == Respond)
            .unwrap()
            .queue,
        0
    );
}

/// `t` as the binary prints it: RFC 3339 in the policy's display zone.
fn shown(t: i64) -> String {
    slawatch_core::time::instant::rfc3339(t, &policy().display_tz)
}

#[test]
fn list_at_risk_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    small_store(&db);
    // The binary's clock starts at N and runs on: a second or two pass during the test.
    let run = Cli::new(&db, "anna").at(N);
    let list = run.json(&["list", "--at-risk", "--json"]);
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [22, 24]);
    // Job 22's figures do not move with the clock: its progress and its slack shrink
    // together.
    let b = &list[0];
    assert_eq!(b["overrun_seconds"], 570);
    let risk = &b["at_risk"][0];
    assert_eq!(risk["clock"], "attend");
    assert_eq!(risk["stage"], "responded");
    assert_eq!(risk["overrun_seconds"], 570);
    assert_eq!(risk["queue_seconds"], 0);
    assert_eq!(risk["median_seconds"], 2370);
    assert_eq!(risk["p80_seconds"], 2700);
    assert_eq!(risk["samples"], 20);
    assert_eq!(risk["basis"], "tier_type");
    assert_eq!(risk["expected"], shown(N + 1170));
    assert_eq!(risk["expected_p80"], shown(N + 1500));
    assert_eq!(risk["deadline"], shown(N + 600));
    // Job 24 waits for job 23, whose rest shrinks by each second that passes.
    let d = &list[1]["at_risk"][0];
    assert_eq!(d["clock"], "respond");
    let late = d["overrun_seconds"].as_i64().unwrap();
    let queue = d["queue_seconds"].as_i64().unwrap();
    assert!((410..=420).contains(&late), "{late}");
    assert_eq!(queue - late, 960 - 420, "both shrink with the clock");
    assert_eq!(d["deadline"], shown(N + 26 * M));

    let text = run.ok(&["list", "--at-risk"]);
    assert!(text.lines().next().unwrap().contains("EXPECTED LATE"), "{text}");
    let line = text.lines().find(|l| l.contains(" 22 ")).unwrap();
    assert!(line.contains("attend +9m"), "{line}");
    assert_eq!(text.lines().count(), 3, "{text}");

    // Filters apply after the forecast: jan's queue still counts job 23.
    let jan = run.json(&["list", "--at-risk", "--tech", "jan", "--json"]);
    assert_eq!(jan.as_array().unwrap().len(), 1);
    assert_eq!(jan[0]["id"], 24);
    assert!(jan[0]["at_risk"][0]["queue_seconds"].as_i64().unwrap() > 900);
    let none = run.json(&["list", "--at-risk", "--customer", "Globex", "--json"]);
    assert_eq!(none, serde_json::json!([]));
    run.refused(&["list", "--at-risk", "--all"], "--all");
}

/// The twenty closed jobs; job 21 logged at `m`, answered 15m later, visited at 1h,
/// resolved at 2h; and with `plant`, job 22: logged 30m before `m` and answered 3h
/// after it (a 210-minute response that, known at `m`, would make the median 21m of 21
/// samples instead of 20.5m of 20), and job 23, logged 5h after `m`, once both answers
/// are known.
fn replay_store(path: &Path, m: i64, plant: bool) {
    let mut plans = history_plans();
    plans.push(plan(
        m,
        None,
        vec![(respond(), m + 15 * M), (attend(), m + H), (resolve(), m + 2 * H)],
    ));
    if plant {
        plans.push(plan(m - 30 * M, None, vec![(respond(), m + 3 * H)]));
        plans.push(plan(
            m + 5 * H,
            None,
            vec![(respond(), m + 5 * H + 10 * M), (resolve(), m + 6 * H)],
        ));
    }
    write(path, &plans);
}

fn prediction(b: &Value, job: i64, stage: &str) -> Value {
    b["predictions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["job"] == job && p["stage"] == stage)
        .cloned()
        .unwrap_or_else(|| panic!("no prediction for job {job} at {stage}: {b:#}"))
}

#[test]
fn the_backtest_never_uses_what_happened_after_the_moment() {
    let dir = tempfile::tempdir().unwrap();
    let m = N - 2 * D;
    let (plain, planted) = (dir.path().join("plain.db"), dir.path().join("planted.db"));
    replay_store(&plain, m, false);
    replay_store(&planted, m, true);
    let args = [
        "forecast",
        "backtest",
        "--from",
        &shown(m - M),
        "--to",
        &shown(m + D),
        "--details",
        "--json",
    ];
    let a = Cli::new(&plain, "anna").at(N).json(&args);
    let b = Cli::new(&planted, "anna").at(N).json(&args);
    let before = prediction(&a, 21, "logged");
    assert_eq!(before["median_seconds"], 1230);
    assert_eq!(before["samples"], 20);
    assert_eq!(before["expected"], shown(m + 1230));
    // The planted answer came after job 21's logging: the same prediction, to the field.
    assert_eq!(prediction(&b, 21, "logged"), before);
    // At the response (m+15m) the planted job is still unanswered: still 20 samples.
    assert_eq!(prediction(&b, 21, "responded"), prediction(&a, 21, "responded"));
    // Job 23 is logged after both answers: 20 + job 21's + job 22's.
    assert_eq!(prediction(&b, 23, "logged")["samples"], 22);
}

#[test]
fn backtest_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let m = N - 2 * D;
    replay_store(&db, m, true);
    let run = Cli::new(&db, "anna").at(N);
    let day = |t: i64| shown(t)[..10].to_owned();
    let b = run.json(&[
        "forecast",
        "backtest",
        "--from",
        &day(m - D),
        "--to",
        &day(m),
        "--json",
    ]);
    assert!(b.get("predictions").is_none(), "only with --details");
    assert_eq!(b["jobs"], 3);
    assert_eq!(b["min_samples"], 20);
    assert_eq!(b["queue"], true);
    let judged = |c: &Value| c["judged"].as_i64().unwrap();
    let clocks: i64 = ["respond", "attend", "resolve"]
        .iter()
        .map(|k| judged(&b["clocks"][k]))
        .sum();
    assert_eq!(clocks, judged(&b["overall"]));
    let skipped: i64 = ["no_clock", "no_history", "already_breached", "undecided"]
        .iter()
        .map(|k| b["skipped"][k].as_i64().unwrap())
        .sum();
    assert_eq!(judged(&b["overall"]) + skipped, b["moments"].as_i64().unwrap());
    let o = &b["overall"];
    let cell = |k: &str| o[k].as_i64().unwrap();
    assert_eq!(
        cell("true_positive") + cell("false_positive") + cell("false_negative") + cell("true_negative"),
        judged(o)
    );
    // Job 22 (planted): logged at m−30m, answered 3h30m later against a 30m window. At
    // its logging the median (20.5m) is in time: a miss. Everything else was on time.
    assert_eq!(cell("false_negative"), 1);
    assert_eq!(cell("true_positive") + cell("false_positive"), 0);
    assert_eq!(o["recall"], 0.0);
    assert!(o["precision"].is_null(), "nothing called at risk: no precision");

    let text = run.ok(&["forecast", "backtest", "--from", &day(m - D), "--to", &day(m)]);
    for want in [
        "CLOCK",
        "PRECISION",
        "RECALL",
        "respond",
        "attend",
        "resolve",
        "Confusion matrix",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    run.refused(
        &[
            "forecast",
            "backtest",
            "--from",
            "2026-06-10",
            "--to",
            "2026-06-01",
        ],
        "--to 2026-06-01 is not after --from",
    );
    run.refused(
        &["forecast", "backtest", "--from", "2026-06-01", "--to", "junk"],
        "--to junk",
    );
    run.refused(
        &[
            "forecast",
            "backtest",
            "--from",
            "2026-06-01",
            "--to",
            "2026-06-10",
            "--min-samples",
            "0",
        ],
        "--min-samples 0",
    );
}

/// A demo store of a few hundred jobs (pauses, reopenings, jobs never attended).
fn demo_store(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    Cli::new(&db, "anna").ok(&["demo-data", "--jobs", "400", "--days", "20"]);
    db
}

#[test]
fn stage_times_follow_the_clocks_own_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let p = policy();
    let now = slawatch::service::clock::now();
    let jobs = all_jobs(&db);
    let mut paused = 0;
    for j in &jobs {
        let sla = j.evaluate(&p, now).unwrap();
        let tier = sla.matched.tier;
        for c in &sla.clocks {
            let trace = ClockTrace::of(j, tier, &p.pause_reasons, c.kind, now);
            let end = c.stopped_at.unwrap_or(now);
            assert_eq!(
                trace.business(tier, j.created_at, end),
                c.elapsed,
                "job {} {}: {:?}",
                j.id,
                c.kind,
                j.clock_log
            );
            if c.kind == ClockKind::Respond {
                assert_eq!(first_stop(j, c.kind, now).map(|s| s.at), c.stopped_at);
            }
        }
        paused += usize::from(
            j.clock_log
                .iter()
                .any(|e| e.k == slawatch_core::job::EventKind::Paused),
        );
    }
    assert!(paused > 20, "the demo store should hold paused jobs: {paused}");
}

#[test]
fn lean_rows_make_the_same_history_as_whole_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let p = policy();
    let now = slawatch::service::clock::now();
    let whole = History::from_jobs(&p, &all_jobs(&db), now, 1);
    let store = Store::open_existing(&db).unwrap();
    let mut lean = History::new(1);
    for (lo, hi) in [(i64::MIN, 150), (150, i64::MAX)] {
        let mut b = HistoryBuilder::new(1);
        store.each_lean_job((lo, hi), |j| b.add_job(&p, &j, now)).unwrap();
        lean.absorb(b.finish());
    }
    assert!(whole.len() > 1000, "{}", whole.len());
    assert_eq!(lean.len(), whole.len());
    for tier in p.tiers.keys() {
        for ty in [
            None,
            Some("malfunction"),
            Some("request"),
            Some("maintenance"),
            Some("incident"),
        ] {
            for stage in Stage::ALL {
                for clock in ClockKind::ALL {
                    assert_eq!(
                        lean.estimate(tier, ty, stage, clock),
                        whole.estimate(tier, ty, stage, clock),
                        "{tier} {ty:?} {stage} → {clock}"
                    );
                }
            }
        }
    }
}
