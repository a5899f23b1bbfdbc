//! `list --at-risk` and `forecast backtest` through the real binary.

use super::*;

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
