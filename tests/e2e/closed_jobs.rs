//! Resolved jobs within reach in the real dashboard: the Closed view lists a job
//! resolved on the command line, and `o` there reopens it in the store.

use crate::common::cli::Cli;
use crate::common::example_policy;
use crate::common::tmux::Tui;

const STEP: u32 = 20;

#[test]
fn a_job_resolved_on_the_command_line_is_reopened_from_the_closed_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let cli = Cli::new(&db, "anna");
    cli.log_job("Globex", "P2", "Pump 4 leaking");
    cli.log_job("Initech", "P3", "Badge reader dead");
    cli.ok(&["resolve", "1"]);

    let dash = ["--db", db.to_str().unwrap(), "--policy", example_policy().path];
    let tui = Tui::start("closed", "anna", &dash);
    tui.wait("│ 1 open ", 30, "the dashboard counts the one open job");
    tui.keys(&["5"]);
    tui.wait("Pump 4 leaking", STEP, "the Closed view lists the resolved job");
    tui.wait("resolved, all met", STEP, "with how it ended");
    tui.keys(&["o"]);
    tui.wait(
        "job 1 reopened by anna",
        STEP,
        "the status line confirms the reopen",
    );
    tui.wait("│ 2 open ", STEP, "the header counts it again");
    tui.keys(&["q"]);
    tui.wait_exit(STEP);

    let shown = cli.json(&["show", "1", "--json"]);
    assert_eq!(shown["job"]["status"], "open", "{shown}");
}
