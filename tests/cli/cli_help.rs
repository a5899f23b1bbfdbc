//! The command line explains itself and gets a first-time user going (issue 16):
//! help on every option and argument, completions and a man page, `slawatch init` on a
//! fresh home, and the small words of its output.

use std::path::Path;
use std::process::Output;

use clap::CommandFactory;

use crate::common::{bin, cli::Cli, example_policy};

/// Every argument of `cmd` and its subcommands that has no help text, as `PATH --ARG`.
fn missing_help(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        if arg.get_help().is_none() && arg.get_long_help().is_none() {
            out.push(format!("{path} {id}"));
        }
    }
    for sub in cmd.get_subcommands() {
        missing_help(sub, &format!("{path} {}", sub.get_name()), out);
    }
}

#[test]
fn every_option_and_argument_has_help() {
    let mut missing = Vec::new();
    missing_help(&slawatch::cli::Cli::command(), "slawatch", &mut missing);
    assert!(
        missing.is_empty(),
        "arguments without help:\n{}",
        missing.join("\n")
    );
}

/// `slawatch ARGS` with HOME and the XDG dirs in `home`, nothing else configured.
fn fresh(home: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("SLAWATCH_USER", "first")
        .env_remove("SLAWATCH_POLICY")
        .env_remove("SLAWATCH_DB")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn the_usage_line_does_not_make_policy_and_db_look_required() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["list", "--help"][..], &["calendar", "add", "--help"]] {
        let out = fresh(dir.path(), args);
        let help = text(&out.stdout);
        let usage = help.lines().find(|l| l.starts_with("Usage:")).unwrap();
        assert!(
            !usage.contains("--policy") && !usage.contains("--db"),
            "{args:?}: {usage}"
        );
    }
}

#[test]
fn init_then_log_on_a_fresh_home_and_init_again_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    // Before init, a missing policy names the way out.
    let out = fresh(home, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("slawatch init"),
        "{}",
        text(&out.stderr)
    );

    let out = fresh(home, &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let policy = home.join(".config/slawatch/sla.toml");
    let db = home.join(".local/share/slawatch/jobs.db");
    assert!(policy.is_file() && db.is_file(), "init wrote neither file");
    let said = text(&out.stdout);
    assert!(
        said.contains(&policy.display().to_string()) && said.contains("slawatch log"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&policy).unwrap(), example_policy().text);
    let out = fresh(home, &["policy", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = fresh(
        home,
        &[
            "log",
            "--customer",
            "Globex",
            "--priority",
            "P1",
            "--summary",
            "first job",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = fresh(home, &["list", "--json"]);
    assert!(text(&out.stdout).contains("first job"));

    let out = fresh(home, &["init"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("sla.toml") && err.contains("jobs.db"), "{err}");
    // Nothing was overwritten: the job is still there.
    let out = fresh(home, &["list", "--json"]);
    assert!(text(&out.stdout).contains("first job"));
}

#[test]
fn init_takes_policy_and_db_paths() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p/sla.toml");
    let db = dir.path().join("d/jobs.db");
    let out = fresh(
        dir.path(),
        &[
            "init",
            "--policy",
            p.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(p.is_file() && db.is_file());
    // Only the policy exists: init refuses and names it, and makes no store.
    std::fs::remove_file(&db).unwrap();
    let out = fresh(
        dir.path(),
        &[
            "init",
            "--policy",
            p.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(&p.display().to_string()));
}

#[test]
fn a_missing_store_names_init() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("none.db"), "first");
    c.refused(&["show", "1"], "slawatch init");
}

#[test]
fn completions_and_man_page() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef slawatch"),
        ("fish", "complete -c slawatch"),
    ] {
        let out = fresh(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        let s = text(&out.stdout);
        assert!(
            s.contains(mark) && s.contains("report"),
            "{shell}:\n{}",
            &s[..s.len().min(400)]
        );
    }
    let out = fresh(dir.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains(".TH slawatch") && s.contains("init"),
        "{}",
        &s[..s.len().min(400)]
    );
}

/// 2026-11-15 12:00 UTC.
const NOV_15: i64 = 1_794_744_000;

#[test]
fn report_by_month_and_last_month() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "alice").at(NOV_15);
    c.log_job("Globex", "P1", "x");
    let month = c.json(&["report", "--month", "2026-11", "--format", "json", "--no-verify"]);
    let range = c.json(&[
        "report",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "json",
        "--no-verify",
    ]);
    assert!(!range["report"]["from"].is_null(), "{range}");
    assert_eq!(month["report"]["from"], range["report"]["from"]);
    assert_eq!(month["report"]["to"], range["report"]["to"]);
    let last = c.clone().at(NOV_15 + 31 * 86_400).json(&[
        "report",
        "--last-month",
        "--format",
        "json",
        "--no-verify",
    ]);
    assert_eq!(last["report"]["from"], range["report"]["from"]);
    assert_eq!(last["report"]["to"], range["report"]["to"]);
    c.fails(&["report", "--month", "2026-11", "--from", "2026-11-01"], 2);
    c.refused(&["report", "--month", "2026-13"], "--month");
    c.fails(&["report"], 2);
}

#[test]
fn report_json_gives_rfc3339_instants() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "alice").at(NOV_15);
    c.log_job("Globex", "P1", "x");
    // Late, so the job's clocks are in the breach list with their instants.
    let v = c.clone().at(NOV_15 + 86_400).json(&[
        "report",
        "--month",
        "2026-11",
        "--format",
        "json",
        "--no-verify",
    ]);
    let breach = &v["report"]["breaches"][0];
    for (k, x) in [
        ("from", &v["report"]["from"]),
        ("to", &v["report"]["to"]),
        ("judged_at", &v["report"]["judged_at"]),
        ("logged", &breach["logged"]),
        ("deadline", &breach["deadline"]),
        ("generated_at", &v["evidence"]["generated_at"]),
    ] {
        let s = x.as_str().unwrap_or_else(|| panic!("{k} is not a string: {x}"));
        assert!(chrono::DateTime::parse_from_rfc3339(s).is_ok(), "{k}: {s}");
    }
    // Durations stay numbers of seconds.
    assert!(breach["target"].is_i64(), "{breach}");
}

#[test]
fn export_json_gives_rfc3339_instants_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "alice").at(NOV_15);
    c.log_job("Globex", "P1", "x");
    for args in [
        &["export", "--format", "json"][..],
        &["export", "--events", "--format", "json"],
    ] {
        let out = c.ok(args);
        for line in out.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            for (k, x) in v.as_object().unwrap() {
                if k.ends_with("_at") || k == "at" || k == "due" || k.ends_with("_due") {
                    assert!(
                        x.is_null()
                            || x.as_str()
                                .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok()),
                        "{args:?}: {k} = {x}"
                    );
                }
            }
        }
    }
}

#[test]
fn calendar_add_takes_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "alice");
    let start = "2026-11-16T09:00:00Z";
    let cal = example_calendar();
    let by_window = c.ok(&[
        "calendar",
        "add",
        "--calendar",
        &cal,
        "--start",
        start,
        "--window",
        "4h",
    ]);
    let by_minutes = c.ok(&[
        "calendar",
        "add",
        "--calendar",
        &cal,
        "--start",
        start,
        "--minutes",
        "240",
    ]);
    assert_eq!(by_window, by_minutes);
    let by_window = c.ok(&[
        "calendar",
        "add",
        "--calendar",
        &cal,
        "--start",
        start,
        "--window",
        "1bd",
    ]);
    let by_days = c.ok(&[
        "calendar",
        "add",
        "--calendar",
        &cal,
        "--start",
        start,
        "--business-days",
        "1",
    ]);
    assert_eq!(by_window, by_days);
    c.refused(
        &[
            "calendar",
            "add",
            "--calendar",
            &cal,
            "--start",
            start,
            "--window",
            "soon",
        ],
        "--window",
    );
}

/// A calendar name of the example policy.
fn example_calendar() -> String {
    example_policy().parse().calendars.keys().next().unwrap().clone()
}

#[test]
fn one_rejected_row_is_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "alice");
    let csv = dir.path().join("in.csv");
    std::fs::write(
        &csv,
        "customer,priority,summary\nGlobex,P1,fine\nGlobex,P99,bad priority\n",
    )
    .unwrap();
    let out = c.output(&["import", csv.to_str().unwrap()]);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains("1 row rejected"), "{all}");
    assert!(!all.contains("1 rows"), "{all}");
}

#[test]
fn a_breached_clock_says_how_much_over_without_a_minus() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "alice").at(NOV_15);
    c.log_job("Globex", "P1", "x");
    let late = c.clone().at(NOV_15 + 30 * 86_400);
    let out = late.ok(&["respond", "1"]);
    let shown = late.ok(&["show", "1"]);
    let all = format!("{out}{shown}");
    assert!(all.contains(" over)"), "no breached clock:\n{all}");
    assert!(!all.contains("(-"), "a double negative:\n{all}");
}
