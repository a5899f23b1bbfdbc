//! End to end: the real `slawatch` binary in a real terminal (a private tmux server,
//! driven by `../shared/tools/tui-drive.sh`), typed at the way a dispatcher would, then
//! checked against the store through the command line.
//!
//! Every wait is on text appearing or disappearing, never a blind sleep; the time-outs
//! are generous because CI is a slow 2-core machine running a debug build.

use std::path::Path;
use std::time::Instant;

use serde_json::Value;

use crate::common::cli;
use crate::common::example_policy;
use crate::common::tmux;
use cli::Cli;
use tmux::{Tui, require_tmux};

/// Seconds for the dashboard to come up (the demo writes its store first).
const START: u32 = 30;
/// Seconds for the screen to show the result of a key.
const STEP: u32 = 15;
/// Seconds for a change made in one dashboard to show in another: both poll the store
/// every second, so this is "a few seconds" with room for a slow machine.
const SYNC: u32 = 10;

/// The command line on `db` with the example policy; its stdout (exit 0 asserted).
fn cli(db: &Path, args: &[&str]) -> String {
    Cli::new(db, "e2e-cli").ok(args)
}

fn cli_json(db: &Path, args: &[&str]) -> Value {
    Cli::new(db, "e2e-cli").json(args)
}

/// "N open" of the header line.
fn open_count(screen: &str) -> usize {
    let head = screen.lines().next().unwrap_or_default();
    let before = &head[..head
        .find(" open ")
        .unwrap_or_else(|| panic!("no `N open` in the header:\n{screen}"))];
    before
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count before `open` in the header:\n{screen}"))
}

/// `1:45:10` or `-0:12:03` in seconds.
fn parse_countdown(s: &str) -> Option<i64> {
    let (sign, rest) = s.strip_prefix('-').map_or((1, s), |r| (-1, r));
    let parts: Vec<i64> = rest.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    match parts[..] {
        [h, m, sec] if m < 60 && sec < 60 => Some(sign * (h * 3600 + m * 60 + sec)),
        _ => None,
    }
}

/// The DUE countdown and the CLOCK of job `id`'s row in the queue (left of the detail
/// pane): the row reads `SYMBOL DUE CLOCK JOB CUSTOMER …`.
fn row_countdown(screen: &str, id: i64) -> Option<(i64, String)> {
    let id = id.to_string();
    screen.lines().find_map(|line| {
        let list = line.split('│').next()?;
        let cells: Vec<&str> = list.split_whitespace().collect();
        if cells.len() >= 5 && cells[3] == id {
            Some((parse_countdown(cells[1])?, cells[2].to_owned()))
        } else {
            None
        }
    })
}

/// The id in the status line `✔ logged job N for …`.
fn logged_id(screen: &str) -> i64 {
    let at = screen
        .find("logged job ")
        .unwrap_or_else(|| panic!("no `logged job` on the screen:\n{screen}"));
    screen[at + "logged job ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no job id after `logged job`:\n{screen}"))
}

/// Logs a P1 job for Globex through the `n` form, as the dashboard's user; its id.
fn log_globex_p1(tui: &Tui, summary: &str) -> i64 {
    tui.keys(&["n"]);
    tui.wait("New job", STEP, "the new-job form opens");
    // Tab completes the customer from a typed prefix.
    tui.type_text("Glo");
    tui.wait(
        "Tab completes: Globex",
        STEP,
        "the customer completion is offered",
    );
    tui.keys(&["Tab"]);
    tui.wait("customer: Globex▏", STEP, "Tab completed the customer");
    tui.keys(&["Down"]);
    tui.wait("› +priority: ▏", STEP, "↓ moves to the priority");
    tui.type_text("P1");
    tui.wait("priority: P1▏", STEP, "the priority is typed");
    tui.wait("→ tier critical", STEP, "the preview shows the matched tier");
    tui.keys(&["Down", "Down", "Down", "Down", "Down"]);
    tui.wait("› +summary: ▏", STEP, "↓ reaches the summary");
    tui.type_text(summary);
    tui.wait(&format!("summary: {summary}▏"), STEP, "the summary is typed");
    tui.wait("Enter: log the job", STEP, "the form is valid");
    tui.keys(&["Enter"]);
    tui.wait(
        "✔ logged job [0-9]+ for Globex",
        STEP,
        "the status line confirms the job",
    );
    tui.wait_gone("New job", STEP, "the form closes");
    logged_id(&tui.screen())
}

/// The job as `show --json` reports it, with the kinds and actors of its events.
fn shown(db: &Path, id: i64) -> (Value, Vec<(String, String)>) {
    let v = cli_json(db, &["show", &id.to_string(), "--json"]);
    let events = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["actor"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (v, events)
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_i64().unwrap())
        .collect()
}

fn pair(kind: &str, actor: &str) -> (String, String) {
    (kind.to_owned(), actor.to_owned())
}

#[test]
fn demo_log_attend_resolve() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let summary = format!("E2E {} pump failure", std::process::id());
    let tui = Tui::start("demo", "anna", &["demo", "--store", db.to_str().unwrap()]);
    tui.wait("│ [0-9]+ open ", START, "the demo queue comes up");
    tui.wait("· anna · ", STEP, "the header names the user");
    let open = open_count(&tui.screen());
    assert!(open > 0, "the demo should have open jobs:\n{}", tui.screen());

    // Log: the status line, the new row selected with its countdown.
    let id = log_globex_p1(&tui, &summary);
    tui.wait(
        &format!("│ {} open ", open + 1),
        STEP,
        "the header counts the new job",
    );
    tui.wait(
        &format!("#{id} Globex · P1 · critical · open"),
        STEP,
        "the detail pane shows the new job",
    );
    tui.wait(&summary, STEP, "the detail pane shows the summary");
    tui.wait("anna +created", STEP, "the timeline shows `created`");
    let row = format!("[0-9]:[0-9]{{2}}:[0-9]{{2}} respond +{id} +Globex +P1 ");
    tui.wait(&row, STEP, "the new row counts down its respond clock");
    let screen = tui.screen();
    let (first, clock) = row_countdown(&screen, id).unwrap_or_else(|| panic!("no row {id}:\n{screen}"));
    assert_eq!(clock, "respond", "{screen}");
    // Critical tier, 24x7: respond within 30m of now (a second either way for rounding).
    assert!(
        (30 * 60 - 120..=30 * 60 + 1).contains(&first),
        "a new P1 for Globex should be due in about 0:30:00, row {id} says {first}s:\n{screen}"
    );

    // The clock ticks down by itself.
    let shown_first = slawatch_core::time::countdown(first);
    tui.wait_gone(
        &format!(" {shown_first} respond +{id} "),
        STEP,
        "the countdown ticks",
    );
    tui.wait(&row, STEP, "the row is still there after the tick");
    let screen = tui.screen();
    let (second, _) = row_countdown(&screen, id).unwrap_or_else(|| panic!("no row {id}:\n{screen}"));
    assert!(
        second < first && second > first - 60,
        "the countdown should tick down from {first}s, it shows {second}s:\n{screen}"
    );

    // Attend: the timeline shows it, respond and attend are met, resolve now leads.
    tui.keys(&["a"]);
    tui.wait(
        &format!("job {id} attended by anna · status open"),
        STEP,
        "the status line confirms the attendance",
    );
    tui.wait("anna +attended", STEP, "the timeline shows `attended`");
    tui.wait("✔ respond .* met ", STEP, "the respond clock is met");
    tui.wait("✔ attend .* met ", STEP, "the attend clock is met");
    tui.wait(
        &format!("[0-9]:[0-9]{{2}}:[0-9]{{2}} resolve +{id} +Globex +P1 "),
        STEP,
        "the row now counts down the resolve clock",
    );

    // Resolve, confirmed: the job leaves the open queue.
    tui.wait(
        &format!("#{id} Globex · P1 · critical · open"),
        STEP,
        "the job is still selected",
    );
    tui.keys(&["R"]);
    tui.wait(
        &format!("Resolve job {id} · Globex · {summary}"),
        STEP,
        "the resolve confirmation",
    );
    tui.keys(&["y"]);
    tui.wait(
        &format!("job {id} resolved by anna · status resolved"),
        STEP,
        "the status line confirms the resolution",
    );
    tui.wait(
        &format!("│ {open} open "),
        STEP,
        "the header no longer counts the job",
    );
    tui.wait_gone(&format!(" {id} +Globex +P1 "), STEP, "the row leaves the queue");
    tui.keys(&["/"]);
    tui.type_text(&summary);
    tui.wait(&format!("/{summary}▏"), STEP, "the filter is typed");
    tui.keys(&["Enter"]);
    tui.wait(
        &format!("/{summary}  0 shown"),
        STEP,
        "the filter is kept and matches nothing",
    );
    tui.wait("matches the filter", STEP, "the resolved job is not in the queue");
    tui.keys(&["Escape"]);
    tui.wait_gone("matches the filter", STEP, "Esc clears the filter");

    tui.keys(&["q"]);
    assert_eq!(tui.wait_exit(STEP), "0", "q should quit with status 0");

    // The command line agrees with what the dashboard showed.
    let (v, events) = shown(&db, id);
    let job = &v["job"];
    assert_eq!(job["status"], "resolved", "{v:#}");
    assert_eq!(job["customer"], "Globex", "{v:#}");
    assert_eq!(job["priority"], "P1", "{v:#}");
    assert_eq!(job["tier"], "critical", "{v:#}");
    assert_eq!(job["summary"], summary.as_str(), "{v:#}");
    assert_eq!(job["created_by"], "anna", "{v:#}");
    assert_eq!(
        events,
        [
            pair("created", "anna"),
            pair("attended", "anna"),
            pair("resolved", "anna")
        ],
        "{v:#}"
    );
    for c in v["clocks"].as_array().unwrap() {
        assert_eq!(c["state"], "met", "every clock was met within seconds: {c:#}");
    }
    assert!(!ids(&cli_json(&db, &["list", "--json"])).contains(&id));
    assert!(ids(&cli_json(&db, &["list", "--all", "--json"])).contains(&id));
}

#[test]
fn two_dashboards_share_one_store() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    cli(&db, &["demo-data", "--jobs", "50", "--days", "2"]);
    // The list's summary column is narrow: match rows on this unique start.
    let tag = format!("E2E {}", std::process::id());
    let summary = format!("{tag} shared");
    let dash = ["--db", db.to_str().unwrap(), "--policy", example_policy().path];
    let anna = Tui::start("anna", "anna", &dash);
    let jan = Tui::start("jan", "jan", &dash);
    anna.wait(
        "· anna · shared.db │ [0-9]+ open ",
        START,
        "anna's dashboard comes up",
    );
    jan.wait(
        "· jan · shared.db │ [0-9]+ open ",
        START,
        "jan's dashboard comes up",
    );
    let open = open_count(&anna.screen());
    assert_eq!(open_count(&jan.screen()), open, "{}", jan.screen());

    // Logged by anna: shows in jan's dashboard within a few seconds.
    let id = log_globex_p1(&anna, &summary);
    let logged = Instant::now();
    let row = format!(" {id} +Globex +P1 .*{tag}");
    jan.wait(&row, SYNC, "anna's new job appears in jan's queue");
    let seen = logged.elapsed();
    jan.wait(&format!("│ {} open ", open + 1), STEP, "jan's header counts it");
    eprintln!("job {id} logged by anna showed in jan's dashboard after {seen:.1?}");

    anna.wait(&row, STEP, "anna's queue shows the job too");

    // Resolved by jan: leaves anna's dashboard within a few seconds.
    jan.keys(&["/"]);
    jan.type_text(&summary);
    jan.keys(&["Enter"]);
    jan.wait(&format!("/{summary}  1 shown"), STEP, "jan filters to the job");
    jan.wait(
        &format!("#{id} Globex · P1 · critical · open"),
        STEP,
        "jan's detail pane shows the job",
    );
    jan.wait("anna +created", STEP, "jan sees who logged it");
    jan.keys(&["R"]);
    jan.wait(
        &format!("Resolve job {id} · Globex"),
        STEP,
        "the resolve confirmation",
    );
    jan.keys(&["y"]);
    jan.wait(
        &format!("job {id} resolved by jan · status resolved"),
        STEP,
        "jan's status line confirms the resolution",
    );
    jan.wait("matches the filter", STEP, "the job leaves jan's queue");
    let resolved = Instant::now();
    anna.wait_gone(&tag, SYNC, "the job leaves anna's queue and detail pane");
    let gone = resolved.elapsed();
    anna.wait(
        &format!("│ {open} open "),
        STEP,
        "anna's header no longer counts it",
    );
    eprintln!("job {id} resolved by jan left anna's dashboard after {gone:.1?}");
    anna.keys(&["/"]);
    anna.type_text(&summary);
    anna.keys(&["Enter"]);
    anna.wait("matches the filter", STEP, "anna's filter finds nothing");

    anna.keys(&["q"]);
    jan.keys(&["q"]);
    assert_eq!(anna.wait_exit(STEP), "0", "anna's dashboard should quit with 0");
    assert_eq!(jan.wait_exit(STEP), "0", "jan's dashboard should quit with 0");

    let (v, events) = shown(&db, id);
    assert_eq!(v["job"]["status"], "resolved", "{v:#}");
    assert_eq!(v["job"]["summary"], summary.as_str(), "{v:#}");
    assert_eq!(
        events,
        [pair("created", "anna"), pair("resolved", "jan")],
        "{v:#}"
    );
}

#[test]
fn the_dashboard_refuses_an_escalation_by_a_user_without_a_role() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roles.db");
    cli(
        &db,
        &[
            "log",
            "--customer",
            "Globex",
            "--priority",
            "P3",
            "--summary",
            "Gate stuck",
        ],
    );
    let dash = ["--db", db.to_str().unwrap(), "--policy", example_policy().path];
    let bob = Tui::start("bob", "bob", &dash);
    bob.wait("· bob · roles.db │ 1 open ", START, "bob's dashboard comes up");
    bob.keys(&["e"]);
    bob.wait("Escalate job 1 · Globex", STEP, "the level picker opens");
    bob.keys(&["Enter"]);
    bob.wait("Enter escalates", STEP, "the note prompt opens");
    bob.type_text("customer chasing");
    bob.keys(&["Enter"]);
    bob.wait(
        "needs the role dispatch or oncall; bob has no role",
        STEP,
        "the refusal names the role needed",
    );
    let (job, events) = shown(&db, 1);
    assert_eq!(job["job"]["escalation_level"], 0, "{job:#}");
    assert_eq!(events, vec![pair("created", "e2e-cli")], "nothing was written");
}
