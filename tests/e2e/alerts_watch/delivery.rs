//! Delivery to a real notification server, without a bus, and to a frozen one.

use super::*;

#[test]
fn delivers_a_breach_to_a_real_notification_server() {
    let rig = Rig::start();
    let desk = Desk::new();
    desk.log_resolve_breach("Pump <b>failure</b> & leak");
    let mut cmd = desk.cmd("anna", None, &["watch", "--once"]);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", &rig.bus);
    let out = bounded(cmd, "slawatch watch --once");
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The warnings at 50, 75 and 90 % were crossed too, but the breach is what anna is
    // told: one notice, sent to the desktop.
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].contains(" BREACH · #1 Acme Corp · resolve (late) · ")
            && lines[0].contains("resolve was due ")
            && lines[0].ends_with(" — desktop"),
        "{stdout}"
    );
    assert!(!stderr.contains("desktop notifications are off"), "{stderr}");

    let summary = "BREACH · #1 Acme Corp · resolve";
    rig.wait(summary);
    let got = rig.received();
    assert_eq!(got.len(), 1, "exactly the breach reached the server: {got:?}");
    let n = &got[0];
    assert_eq!(n["appname"], "slawatch", "{n}");
    assert_eq!(n["summary"], summary, "{n}");
    assert_eq!(n["urgency"], "critical", "{n}");
    let body = n["body"].as_str().unwrap();
    // Job text reaches a server that may interpret markup escaped (this dunst has
    // markup = no, so it logs the string as it arrived).
    assert!(
        body.contains("Pump &lt;b&gt;failure&lt;/b&gt; &amp; leak"),
        "the job summary arrived unescaped: {body:?}"
    );
    assert!(!body.contains("<b>"), "{body:?}");
    assert!(body.contains("Tech: jan"), "{body:?}");
    assert!(body.contains("resolve was due"), "{body:?}");

    let breaches: Vec<Value> = desk
        .events(1, "alert")
        .into_iter()
        .filter(|e| e["data"]["kind"] == "breach")
        .collect();
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0]["data"]["clock"], "resolve");
    desk.verify();
}

#[test]
fn without_a_bus_falls_back_and_does_not_hang() {
    let desk = Desk::new();
    desk.log_resolve_breach("Pump failure");
    // `cmd` removes DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR.
    let out = bounded(
        desk.cmd("anna", None, &["watch", "--once"]),
        "watch without a bus",
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    // Stderr is not a terminal here, so the fallback has nowhere to go: logged only.
    assert!(
        lines[0].contains(" BREACH · #1 Acme Corp · resolve (late) · ") && lines[0].ends_with(" — logged"),
        "{stdout}"
    );
    assert!(
        stderr.contains(
            "slawatch watch: desktop notifications are off: no D-Bus session bus \
             (DBUS_SESSION_BUS_ADDRESS is not set) — alerts go to the terminal"
        ),
        "{stderr}"
    );
    assert_eq!(
        desk.events(1, "alert").len(),
        4,
        "warnings and the breach are recorded"
    );
    desk.verify();
}

#[test]
fn a_frozen_notification_server_costs_seconds_not_the_round() {
    let rig = Rig::start();
    let desk = Desk::new();
    desk.log_resolve_breach("Pump failure");
    // dunst still owns the name on the bus but answers nothing.
    let pid = rig.dunst_pid();
    let stop = Command::new("kill").args(["-STOP", &pid]).status().unwrap();
    assert!(stop.success(), "cannot freeze dunst ({pid})");
    let mut cmd = desk.cmd("anna", None, &["watch", "--once"]);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", &rig.bus);
    let out = bounded(cmd, "watch with a frozen notification server");
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.contains(" BREACH · #1 Acme Corp · resolve (late) · ") && stdout.contains(" — logged"),
        "{stdout}"
    );
    assert!(
        stderr.contains(
            "slawatch watch: desktop notifications are off: the notification server did not \
             answer within 2 s — alerts go to the terminal"
        ),
        "{stderr}"
    );
    desk.verify();
}
