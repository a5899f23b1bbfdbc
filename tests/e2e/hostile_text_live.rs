//! Hostile job text where it is shown live: the dashboard in a real terminal (tmux),
//! a real notification server (dunst on a private D-Bus) and the command hook. Nothing
//! in the text may act on the terminal (title, cursor, screen), reach the notification
//! as markup, or be run by a shell. The text itself is in `common::hostile_text_desk`.

use std::path::{Path, PathBuf};
use std::process::Command;

use slawatch_core::text::inert;

use crate::common::notify_rig;
use crate::common::tmux;
use crate::common::{example_policy, hostile_text_desk};
use hostile_text_desk::*;

#[test]
fn hostile_text_cannot_steer_the_dashboard_terminal() {
    let desk = Desk::new();
    desk.hostile_job();
    // Escalated by hand (by a dispatcher: escalating needs a role of the chain) with
    // a hostile note, unacknowledged: the escalations view lists it.
    desk.ok_raw(
        "anna",
        &[
            "escalate",
            "1",
            "--note",
            EVIL,
            "--at",
            "2026-11-25T14:00:00+01:00",
        ],
    );
    let db = desk.db();
    let tag = "hostile";
    let tui = tmux::Tui::start_with(
        tag,
        &[
            ("SLAWATCH_DB", db.to_str().unwrap()),
            ("SLAWATCH_POLICY", example_policy().path),
            ("SLAWATCH_USER", "anna"),
            ("SLAWATCH_NOW", NOW),
        ],
        &[],
    );
    // The tmux server the driver made for this session (see tests/common/tmux.rs).
    let session = format!("slawatch-e2e-{tag}-{}", std::process::id());
    let title_of = || {
        let out = Command::new("tmux")
            .args(["-L", &format!("tui-rig-{session}")])
            .args(["display-message", "-p", "-t", &session, "#{pane_title}"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    tui.wait("1 open", 30, "the dashboard with the job");
    // The detail pane shows the job with its timeline (the notes, the actor).
    tui.wait("gnp\\.exe", 30, "the job's summary in the detail pane");
    tui.wait("resumed", 30, "the timeline");
    let screen = tui.run("screen", &["-e"], "the screen with its attributes");
    // tmux renders only colour and attribute changes (SGR) when asked for them; any
    // other sequence here would have come through from the job's text.
    let plain: String = {
        let mut s = String::new();
        let mut it = screen.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\u{1b}' {
                assert_eq!(it.next(), Some('['), "a non-SGR escape on screen: {screen:?}");
                let params: String = it.by_ref().take_while(|c| *c != 'm').collect();
                assert!(
                    params.chars().all(|c| c.is_ascii_digit() || c == ';' || c == ':'),
                    "a non-SGR sequence `{params}` on screen"
                );
            } else {
                s.push(c);
            }
        }
        s
    };
    assert_inert(plain.as_bytes(), "the dashboard's screen", "\n");
    let title = title_of();
    assert!(
        !title.contains("PWNED") && !title.contains("C1TITLE"),
        "the job text changed the terminal's title to `{title}`"
    );
    // The layout is intact: no clear-screen or cursor move from the text landed.
    let lines: Vec<&str> = plain.lines().collect();
    assert!(lines[0].starts_with(" slawatch"), "{plain}");
    assert!(lines[1].contains("1 Queue"), "{plain}");
    assert!(lines.last().unwrap().contains("q quit"), "{plain}");
    assert_eq!(lines.len(), 40, "{plain}");
    // The sequences are on screen as text instead.
    assert!(plain.contains("PWNED") && plain.contains('\u{fffd}'), "{plain}");
    // The other views show the same text (technician, escalating user, report keys).
    for (key, pattern, what) in [
        ("2", "WAITING", "the escalations view"),
        ("3", "TECHNICIAN", "the technicians view"),
        ("4", "ADHERENCE", "the reports view"),
    ] {
        tui.keys(&[key]);
        tui.wait(pattern, 30, what);
        tui.wait("@SUM", 30, what);
        let screen = tui.screen();
        assert_inert(screen.as_bytes(), what, "\n");
        let lines: Vec<&str> = screen.lines().collect();
        assert!(lines[0].starts_with(" slawatch"), "{what}: {screen}");
        assert_eq!(lines.len(), 40, "{what}: {screen}");
    }
    let title_after = title_of();
    assert!(!title_after.contains("PWNED"), "{title_after}");
    tui.keys(&["q"]);
    assert_eq!(tui.wait_exit(20), "0");
}

/// The example policy with its `[notify]` table replaced.
fn policy_with_notify(dir: &Path, notify: &str) -> PathBuf {
    let example = example_policy().text.to_owned();
    let old = "[notify]\ndesktop = true\nterminal = \"osc9\"\n";
    assert!(example.contains(old), "the example's [notify] table changed");
    let path = dir.join("sla.toml");
    std::fs::write(&path, example.replace(old, notify)).unwrap();
    path
}

#[test]
fn hostile_text_reaches_notifications_inert_and_the_hook_as_plain_arguments() {
    let rig = notify_rig::Rig::start();
    let desk = Desk::new();
    desk.hostile_job();
    let mut cmd = desk.cmd("anna", &["watch", "--once"]);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", &rig.bus);
    let out = bounded(cmd, "watch --once");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_inert(&out.stdout, "watch's log", "\n");
    let summary = format!("BREACH · #1 {} · respond", inert(EVIL_NAME, 40));
    rig.wait(&summary);
    for n in rig.received() {
        let (s, body) = (n["summary"].as_str().unwrap(), n["body"].as_str().unwrap());
        assert_inert(s.as_bytes(), "notification summary", "");
        assert_inert(body.as_bytes(), "notification body", "\n");
        assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{body:?}");
        assert!(!body.contains("<script>") && !body.contains("<b>"), "{body:?}");
    }

    // The hook: fields are single arguments and environment variables, never shell.
    let record = desk.dir.path().join("record.sh");
    std::fs::write(
        &record,
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n--\\n' \"$a\"; done > args.txt\n\
         printf '%s' \"$SLAWATCH_SUMMARY\" > env.txt\n",
    )
    .unwrap();
    let policy = policy_with_notify(
        desk.dir.path(),
        &format!(
            "[notify]\ndesktop = false\nterminal = \"off\"\ncommand = [\"sh\", \"{}\", \
             \"{{summary}}\", \"{{customer}}\", \"{{tech}}\"]\n",
            record.display()
        ),
    );
    let desk2 = Desk::new();
    desk2.hostile_job();
    let cmd = desk2.cmd_with_policy("anna", &policy, &["watch", "--once"]);
    let out = bounded(cmd, "watch --once with the hook");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = std::fs::read_to_string(desk2.dir.path().join("args.txt")).unwrap();
    let want = format!(
        "{}\n--\n{}\n--\n{}\n--\n",
        inert(EVIL, 120),
        inert(EVIL_NAME, 120),
        inert(EVIL_NAME, 120)
    );
    assert_eq!(args, want, "three arguments, each the inert field");
    assert_inert(args.as_bytes(), "the hook's arguments", "\n");
    assert_eq!(
        std::fs::read_to_string(desk2.dir.path().join("env.txt")).unwrap(),
        inert(EVIL, 120)
    );
    assert!(args.contains("$(touch pwned)"), "{args}");
    for f in ["pwned", "pwned2", "pwned3"] {
        assert!(!desk2.exists(f), "the hook ran `touch {f}` from the job's text");
    }
}
