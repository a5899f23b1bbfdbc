//! End to end, as the "done when" reads: in the real dashboard (tmux), a job
//! approaching its deadline raises a desktop notification at 75 % and another at the
//! breach, and the on-call manager's escalation repeats until it is acknowledged with a
//! key — all received by a real notification server (dunst on a private D-Bus bus).
//!
//! The clock is scripted with `SLAWATCH_NOW`, so each phase starts seconds before its
//! crossing instead of waiting half an hour.

use crate::common::cli;
use crate::common::notify_rig;
use crate::common::tmux;

use std::path::Path;

use crate::common::{self, example_policy};
use cli::Cli;
use notify_rig::Rig;
use tmux::Tui;

const MIN: i64 = 60;

/// The command line as `demo` at scripted `now`.
fn cli(db: &Path, now: i64, args: &[&str]) -> String {
    Cli::new(db, "demo").at(now).ok(args)
}

/// The dashboard as `demo` (every role in the example policy) at scripted `now`.
fn dashboard(tag: &str, db: &Path, rig: &Rig, now: i64) -> Tui {
    let now = now.to_string();
    let db = db.display().to_string();
    let tui = Tui::start_with(
        tag,
        &[
            ("SLAWATCH_USER", "demo"),
            ("SLAWATCH_NOW", &now),
            ("DBUS_SESSION_BUS_ADDRESS", &rig.bus),
        ],
        &["--db", &db, "--policy", example_policy().path],
    );
    tui.wait("1 open", 30, "the dashboard shows the job");
    tui
}

fn quit(tui: &Tui) {
    tui.keys(&["q"]);
    assert_eq!(tui.wait_exit(15), "0", "the dashboard exits cleanly");
}

#[test]
fn warning_breach_and_an_escalation_repeated_until_acknowledged() {
    let rig = Rig::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    // Critical tier: respond 30m on a 24x7 calendar; 75 % at 22m30s, breach at 30m01s,
    // automatic escalation to level 1 at 90 % and level 2 (on-call, renotify 15m) at 100 %.
    let l = slawatch::service::clock::now() - 3 * 3600;
    let logged = cli(
        &db,
        l,
        &[
            "log",
            "--customer",
            "Acme Corp",
            "--priority",
            "P1",
            "--summary",
            "Chiller <tripped> & leaking",
            "--tech",
            "jonas",
        ],
    );
    assert!(logged.starts_with("Logged job 1"), "{logged}");

    // Five seconds before 75 %: the catch-up round tells the (late) 50 %, then 75 % fires live.
    let tui = dashboard("alerts-75", &db, &rig, l + 22 * MIN + 25);
    rig.wait("WARNING 75% · #1 Acme Corp · respond");
    tui.wait(
        "WARNING 75% · #1 Acme Corp",
        15,
        "the alert shows on the status line",
    );
    let n75 = rig
        .received()
        .into_iter()
        .find(|n| n["summary"] == "WARNING 75% · #1 Acme Corp · respond")
        .unwrap();
    assert_eq!(n75["appname"], "slawatch");
    assert_eq!(n75["urgency"], "normal");
    assert!(
        n75["body"]
            .as_str()
            .unwrap()
            .starts_with("Chiller &lt;tripped&gt; &amp; leaking\nTech: jonas · respond due"),
        "{n75}"
    );
    quit(&tui);

    // Just before the breach: the breach and the escalation to the on-call manager.
    let tui = dashboard("alerts-breach", &db, &rig, l + 30 * MIN - 3);
    rig.wait("BREACH · #1 Acme Corp · respond");
    let escalated = "ESCALATED L2 On-call manager · #1 Acme Corp";
    rig.wait(escalated);
    let breach = rig
        .received()
        .into_iter()
        .find(|n| n["summary"] == "BREACH · #1 Acme Corp · respond")
        .unwrap();
    assert_eq!(breach["urgency"], "critical");
    quit(&tui);

    // Fifteen minutes on, nobody acknowledged: the reminder; `K` acknowledges.
    let reminder = "UNACKNOWLEDGED L2 On-call manager · #1 Acme Corp";
    let tui = dashboard("alerts-remind", &db, &rig, l + 45 * MIN + 5);
    rig.wait(reminder);
    tui.keys(&["K"]);
    tui.wait("Acknowledge level 2", 15, "the acknowledgement asks for a note");
    tui.type_text("on my way");
    tui.keys(&["Enter"]);
    tui.wait(
        "job 1 acknowledged by demo",
        15,
        "the acknowledgement is recorded",
    );
    quit(&tui);

    // Fourteen minutes on (before attend reaches 50 % at 1h): acknowledged, nothing repeats.
    let later = common::bin()
        .args([
            "--db",
            &db.display().to_string(),
            "--policy",
            example_policy().path,
        ])
        .args(["watch", "--once", "--json"])
        .env("SLAWATCH_USER", "demo")
        .env("SLAWATCH_NOW", (l + 59 * MIN).to_string())
        .env("DBUS_SESSION_BUS_ADDRESS", &rig.bus)
        .output()
        .unwrap();
    assert_eq!(later.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&later.stdout),
        "",
        "nothing after the acknowledgement"
    );
    assert_eq!(
        rig.count(reminder),
        1,
        "the reminder came once: {:?}",
        rig.received()
    );
    assert_eq!(rig.count(escalated), 1);
    let shown: serde_json::Value =
        serde_json::from_str(&cli(&db, l + 62 * MIN, &["show", "1", "--json"])).unwrap();
    let ack = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "acknowledged")
        .unwrap();
    assert_eq!(ack["actor"], "demo");
    assert!(cli(&db, l + 62 * MIN, &["verify"]).contains("unbroken chain"));
}
