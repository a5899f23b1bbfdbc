//! Issue 16's "done when": on a fresh home, `slawatch init` then `slawatch` opens an
//! empty dashboard in which `n` logs the first job, and `slawatch list` then shows it.

use std::path::Path;
use std::process::Output;

use crate::common::bin;
use crate::common::tmux::{Tui, require_tmux};

const START: u32 = 30;
const STEP: u32 = 15;

/// HOME and the XDG dirs in `home`, and nothing else that points slawatch anywhere.
fn env(home: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("HOME", home.display().to_string()),
        ("XDG_CONFIG_HOME", home.join(".config").display().to_string()),
        ("XDG_DATA_HOME", home.join(".local/share").display().to_string()),
        ("SLAWATCH_USER", "first".to_owned()),
    ]
}

fn run(home: &Path, args: &[&str]) -> Output {
    let mut c = bin();
    c.args(args)
        .env_remove("SLAWATCH_POLICY")
        .env_remove("SLAWATCH_DB")
        .env_remove("DBUS_SESSION_BUS_ADDRESS");
    for (k, v) in env(home) {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn init_then_the_dashboard_logs_the_first_job() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let out = run(home, &["init"]);
    assert!(
        out.status.success(),
        "init: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let env = env(home);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let tui = Tui::start_with("first-run", &env, &[]);
    tui.wait("│ 0 open ", START, "an empty dashboard comes up");
    tui.keys(&["n"]);
    tui.wait("New job", STEP, "the new-job form opens");
    tui.type_text("Globex");
    tui.wait("customer: Globex▏", STEP, "the customer is typed");
    tui.keys(&["Down"]);
    tui.wait("› +priority: ▏", STEP, "↓ moves to the priority");
    tui.type_text("P1");
    tui.wait("→ tier critical", STEP, "the preview shows the matched tier");
    tui.keys(&["Down", "Down", "Down", "Down", "Down"]);
    tui.wait("› +summary: ▏", STEP, "↓ reaches the summary");
    tui.type_text("first pump failure");
    tui.wait("Enter: log the job", STEP, "the form is valid");
    tui.keys(&["Enter"]);
    tui.wait(
        "✔ logged job 1 for Globex",
        STEP,
        "the status line confirms the job",
    );
    tui.wait("│ 1 open ", STEP, "the header counts the job");
    tui.keys(&["q"]);
    tui.wait_exit(STEP);

    let out = run(home, &["list", "--json"]);
    assert!(
        out.status.success(),
        "list: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let jobs = list.as_array().unwrap();
    assert_eq!(jobs.len(), 1, "{list}");
    assert_eq!(jobs[0]["summary"], "first pump failure", "{list}");
}
