//! The command hook, and `watch` running on until SIGTERM.

use super::*;

#[test]
fn the_command_hook_gets_the_job_and_its_failure_is_not_fatal() {
    let desk = Desk::new();
    desk.log_resolve_breach("Pump failure; it's \"leaking\"");
    let out_file = desk.dir.path().join("hook.txt");
    // The hook gets fields as arguments and in its environment.
    let policy = policy_with_notify(
        desk.dir.path(),
        &format!(
            "[notify]\ndesktop = false\nterminal = \"off\"\ncommand = [\"sh\", \"-c\", \
             \"printf '%s|%s|%s|%s|%s\\\\n' \\\"$0\\\" \\\"$1\\\" \\\"$SLAWATCH_CUSTOMER\\\" \
             \\\"$SLAWATCH_URGENCY\\\" \\\"$SLAWATCH_SUMMARY\\\" >> '{}'\", \"{{job}}\", \"{{kind}}\"]",
            out_file.display()
        ),
    );
    let mut cmd = desk.cmd("anna", None, &["watch", "--once"]);
    cmd.env("SLAWATCH_POLICY", &policy);
    let out = bounded(cmd, "watch --once with a command hook");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        "1|breach|Acme Corp|critical|Pump failure; it's \"leaking\"\n"
    );
    assert!(
        text(&out.stdout).contains("BREACH · #1 Acme Corp · resolve (late) · ")
            && text(&out.stdout).contains(" — command"),
        "{}",
        text(&out.stdout)
    );

    // A failing hook is reported on stderr; the watcher carries on and exits 0.
    let desk = Desk::new();
    desk.log_resolve_breach("Pump failure");
    let policy = policy_with_notify(
        desk.dir.path(),
        "[notify]\ndesktop = false\nterminal = \"off\"\ncommand = [\"false\"]",
    );
    let mut cmd = desk.cmd("anna", None, &["watch", "--once"]);
    cmd.env("SLAWATCH_POLICY", &policy);
    let out = bounded(cmd, "watch --once with a failing hook");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("slawatch watch: notify command false failed (exit status: 1)"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("BREACH · #1 Acme Corp · resolve (late) · ")
            && text(&out.stdout).contains(" — logged"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn watch_logs_as_it_goes_and_stops_cleanly_on_sigterm() {
    use std::io::BufRead;
    let desk = Desk::new();
    desk.log_resolve_breach("Pump failure");
    let mut child = spawn(desk.cmd("anna", None, &["watch"]), "watch");
    let deadline = Instant::now() + Duration::from_secs(WATCH_SECS);
    // The first round's line arrives while it keeps running.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(WATCH_SECS))
        .unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("watch printed nothing")
        });
    assert!(line.contains("BREACH · #1 Acme Corp · resolve"), "{line}");
    assert!(child.try_wait().unwrap().is_none(), "watch stopped on its own");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = finish(child, deadline, "watch after SIGTERM");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
