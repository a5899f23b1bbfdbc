//! The dashboard (in a real terminal, tmux) on a store it may read but not write; the
//! other hostile store files are in `store::store_files`.

use crate::common::{BIN, example_policy, store_rig, tmux};

use store_rig::{override_dropped, set_mode, store_with, text};

/// The dashboard on a store in a read-only directory: it shows the jobs, and the alert
/// engine, which cannot record, says why in the status line, naming the file.
#[test]
fn the_dashboard_on_a_read_only_store_shows_the_jobs_and_says_why() {
    tmux::require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    std::fs::create_dir(&sub).unwrap();
    let db = sub.join("jobs.db");
    store_with(&db, 3);
    set_mode(&sub, 0o500);
    // Stopped when dropped, pass or fail.
    struct Session(String);
    impl Drop for Session {
        fn drop(&mut self) {
            tmux::drive(&["stop", &self.0]);
        }
    }
    let s = Session(format!("slawatch-ro-{}", std::process::id()));
    let env: Vec<String> = [
        ("SLAWATCH_DB", db.to_str().unwrap()),
        ("SLAWATCH_POLICY", example_policy().path),
        ("SLAWATCH_USER", "anna"),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={v}"))
    .collect();
    let mut argv = vec!["start", s.0.as_str(), "-s", tmux::SIZE];
    for e in &env {
        argv.extend(["-e", e.as_str()]);
    }
    argv.push("--");
    let prefix = override_dropped();
    argv.extend(prefix.iter().map(String::as_str));
    argv.push(BIN);
    assert!(tmux::drive(&argv).status.success());
    let wait = |pattern: &str| {
        let out = tmux::drive(&["wait", &s.0, pattern, "30"]);
        assert!(
            out.status.success(),
            "`{pattern}` not on screen:\n{}",
            text(&out.stderr)
        );
    };
    wait("│ 3 open ");
    wait(&format!(
        "recording alerts: {}: the store is read-only for you",
        db.display()
    ));
    assert!(tmux::drive(&["keys", &s.0, "q"]).status.success());
    let out = tmux::drive(&["wait-exit", &s.0, "20"]);
    assert_eq!(text(&out.stdout).trim(), "0", "the dashboard quits cleanly");
    drop(s);
    let left: Vec<_> = std::fs::read_dir(&sub)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    set_mode(&sub, 0o700);
    assert_eq!(left, ["jobs.db"], "nothing was created beside it");
}
