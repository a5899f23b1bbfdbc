//! An alert claimed by a process that is killed before it delivers it is not lost: the
//! next process of that user delivers it, once. Before schema v4 the claim moved the
//! user's cursor for good, so a `kill -9` between claim and delivery lost the alert.
//! A claim of a process that still runs is left alone (no double delivery).

use crate::common::cli;
use crate::common::kill_rig;
use crate::common::tmux;
use cli::example_with_notify;
use kill_rig::{Desk, LOG_DELIVERY, by_event, deliveries, hook, kill9, kill9_pid, pane_pid, wait_for};

const HOUR: i64 = 3600;

/// The hook of the first watcher: notes which events it was given, then hangs until
/// `$0.go` exists — the watcher is killed while it "delivers".
const HANG: &str = r#"echo "$SLAWATCH_EVENTS" >> "$0"; while [ ! -e "$0.go" ]; do sleep 0.05; done"#;

/// A store with job 1 (Acme Corp P1, critical: resolve 4 h) logged 5 h ago and
/// responded and attended in time: its resolve clock crossed every warning, breached,
/// and escalated to levels 1 and 2. Returns the desk and the hanging policy's path.
fn breached_job() -> (Desk, std::path::PathBuf) {
    // The policy names files in the desk's own directory: written once it exists.
    let desk = Desk::new("");
    let log = example_with_notify(&hook(LOG_DELIVERY, &desk.path("delivered")));
    std::fs::write(&desk.policy, log).unwrap();
    let hang_policy = desk.path("hang.toml");
    std::fs::write(
        &hang_policy,
        example_with_notify(&hook(HANG, &desk.path("started"))),
    )
    .unwrap();
    let now = slawatch::service::clock::now();
    let at = |t: i64| slawatch_core::time::instant::rfc3339(t, &chrono_tz::UTC);
    let logged = now - 5 * HOUR;
    let args = [
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P1",
        "--summary",
        "Pump",
    ];
    desk.ok("anna", now, &[&args[..], &["--at", &at(logged)]].concat());
    desk.ok("anna", now, &["respond", "1", "--at", &at(logged + 600)]);
    desk.ok("anna", now, &["attend", "1", "--at", &at(logged + HOUR)]);
    (desk, hang_policy)
}

/// Starts a watcher of anna whose hook hangs; returns it once the hook has started,
/// with the events it was handed.
fn hung_watcher(desk: &Desk, hang_policy: &std::path::Path) -> (std::process::Child, Vec<i64>) {
    let mut cmd = desk.cmd("anna", slawatch::service::clock::now(), &["watch"]);
    cmd.env("SLAWATCH_POLICY", hang_policy);
    let child = cmd.spawn().unwrap();
    let started = desk.path("started");
    wait_for(30, "the watcher's hook to start", || {
        std::fs::read_to_string(&started).is_ok_and(|s| s.ends_with('\n'))
    });
    let line = std::fs::read_to_string(&started).unwrap();
    let events: Vec<i64> = line.trim().split(',').map(|e| e.parse().unwrap()).collect();
    (child, events)
}

fn once(desk: &Desk) {
    desk.ok("anna", slawatch::service::clock::now(), &["watch", "--once"]);
}

fn pending(desk: &Desk) -> i64 {
    desk.read()
        .query_row("SELECT count(*) FROM alert_pending", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_alert_claimed_by_a_killed_watcher_is_delivered_once_by_the_next() {
    let (desk, hang_policy) = breached_job();
    let (mut watcher, handed) = hung_watcher(&desk, &hang_policy);
    // The warnings, the breach and the level-1 escalation, in one catch-up summary.
    assert!(handed.len() >= 3, "{handed:?}");
    assert!(kill9(&mut watcher), "the watcher was still delivering");
    std::fs::write(desk.path("started.go"), "").unwrap();
    assert_eq!(pending(&desk), handed.len() as i64, "the claim survives the kill");

    once(&desk);
    let told = by_event(&deliveries(&desk.path("delivered")), "anna");
    assert_eq!(
        told.keys().copied().collect::<Vec<_>>(),
        handed,
        "the next watcher delivers them"
    );
    assert!(told.values().all(|pids| pids.len() == 1), "{told:?}");
    assert_eq!(pending(&desk), 0);

    // And never again.
    once(&desk);
    assert_eq!(by_event(&deliveries(&desk.path("delivered")), "anna"), told);
    desk.verify("a watcher killed while delivering");
}

#[test]
fn a_claim_of_a_process_still_running_is_left_to_it() {
    let (desk, hang_policy) = breached_job();
    let (mut watcher, handed) = hung_watcher(&desk, &hang_policy);
    // A second process of the same user must not deliver what the first is delivering.
    once(&desk);
    assert_eq!(deliveries(&desk.path("delivered")), [], "nothing twice");
    assert_eq!(pending(&desk), handed.len() as i64);
    // Once it is gone, its claim is delivered.
    assert!(kill9(&mut watcher));
    std::fs::write(desk.path("started.go"), "").unwrap();
    once(&desk);
    let told = by_event(&deliveries(&desk.path("delivered")), "anna");
    assert_eq!(told.keys().copied().collect::<Vec<_>>(), handed);
    assert!(told.values().all(|pids| pids.len() == 1), "{told:?}");
}

#[test]
fn an_alert_claimed_by_a_killed_dashboard_is_delivered_once_by_the_next_process() {
    let (desk, hang_policy) = breached_job();
    let mut env = desk.env("anna", slawatch::service::clock::now());
    env.retain(|(k, _)| *k != "SLAWATCH_POLICY");
    env.push(("SLAWATCH_POLICY", hang_policy.display().to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let dash = tmux::Tui::start_with("killed-dash", &env, &[]);
    let started = desk.path("started");
    wait_for(30, "the dashboard's hook to start", || {
        std::fs::read_to_string(&started).is_ok_and(|s| s.ends_with('\n'))
    });
    let handed: Vec<i64> = std::fs::read_to_string(&started)
        .unwrap()
        .trim()
        .split(',')
        .map(|e| e.parse().unwrap())
        .collect();
    assert!(kill9_pid(pane_pid(&dash)), "{}", dash.screen());
    std::fs::write(desk.path("started.go"), "").unwrap();
    assert_eq!(pending(&desk), handed.len() as i64, "the claim survives the kill");

    once(&desk);
    let told = by_event(&deliveries(&desk.path("delivered")), "anna");
    assert_eq!(told.keys().copied().collect::<Vec<_>>(), handed);
    assert!(told.values().all(|pids| pids.len() == 1), "{told:?}");
    assert_eq!(pending(&desk), 0);
}
