//! Hostile job text end to end: escape sequences (CSI, OSC title, clipboard and
//! hyperlink), C0 and C1 controls, bidi overrides, zero-width characters, markup,
//! spreadsheet formulas and shell syntax, logged through the real binary in every text
//! field, then read back from every place it reaches a person or a program: `log` and
//! the actions, `list`, `show`, `show --json`, `export` (csv and json), `report` in
//! every format, the dashboard in a real terminal (tmux), a real notification server
//! and the command hook. Terminal-bound output must hold no control character and no
//! invisible one; JSON must keep the text exactly (escaped, not stripped); spreadsheet
//! cells must not start a formula. Oversized text is refused, nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use slawatch::display::{inert, is_invisible, spreadsheet_text};

#[path = "common/notify_rig.rs"]
mod notify_rig;
#[path = "common/tmux.rs"]
mod tmux;

const BIN: &str = env!("CARGO_BIN_EXE_slawatch");
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sla.toml.example");
/// Hang guard for one command (a debug build on a slow 2-core machine).
const RUN_SECS: u64 = 60;

/// A Wednesday afternoon: the job below (standard tier, office hours, respond 4 h)
/// is breached by then, whatever day the test runs.
const NOW: &str = "2026-11-25T15:00:00+01:00";

/// Every trick at once, for the summary and the notes. Starts with a formula, ends
/// with text (the store trims).
const EVIL: &str = concat!(
    "=cmd|' /C calc'!A0 <script>alert(1)</script> & \"q\" 'a' | pipe ",
    "\u{1b}[2J\u{1b}[H\u{1b}[10;10H",
    "\u{1b}]0;PWNED\u{7}",
    "\u{1b}]52;c;UFdORUQ=\u{7}",
    "\u{1b}]8;;http://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    "\u{9b}31m\u{9d}0;C1TITLE\u{9c}",
    "\u{1}\u{8}\u{7f}\r",
    "\u{202e}gnp.exe\u{202c}\u{200b}\u{2066}\u{feff}",
    "\n$(touch pwned) `touch pwned2`; touch pwned3 '); DROP TABLE events; --"
);

/// The same tricks within the 200 bytes a name may have: customer, technician, site,
/// asset, and the user who acts.
const EVIL_NAME: &str = concat!(
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\u{1b}[2J\u{1b}]0;PWNED\u{7}\u{9b}31m\u{1}\u{7f}",
    "\u{202e}gnp.exe\u{200b}<b>&amp;</b>|\n",
    "$(touch pwned)"
);

struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("jobs.db")
    }

    /// `slawatch ARGS` as `user` at [`NOW`], in the desk's directory, without any
    /// desktop session of the developer's.
    fn cmd(&self, user: &str, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .current_dir(self.dir.path())
            .env("SLAWATCH_DB", self.db())
            .env("SLAWATCH_POLICY", EXAMPLE)
            .env("SLAWATCH_USER", user)
            .env("SLAWATCH_NOW", NOW)
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("XDG_RUNTIME_DIR")
            .env_remove("NO_COLOR");
        c
    }

    fn run_as(&self, user: &str, args: &[&str]) -> Output {
        bounded(self.cmd(user, args), &format!("{args:?}"))
    }

    /// Exit 0; stdout, checked for stray controls on stdout and stderr.
    fn ok_raw(&self, user: &str, args: &[&str]) -> Vec<u8> {
        let out = self.run_as(user, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_inert(&out.stderr, &format!("stderr of {args:?}"), "\n");
        out.stdout
    }

    fn events(&self) -> i64 {
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    }

    fn exists(&self, name: &str) -> bool {
        self.dir.path().join(name).exists()
    }

    /// Job 1 with hostile text in every field and every note (the technician comes
    /// with `assign`), acted on by a user whose name is hostile too.
    fn hostile_job(&self) {
        let t = |hm: &str| format!("2026-11-25T{hm}:00+01:00");
        let log = self.ok_raw(
            EVIL_NAME,
            &[
                "log",
                "--customer",
                EVIL_NAME,
                "--priority",
                "P2",
                "--summary",
                EVIL,
                "--site",
                EVIL_NAME,
                "--asset",
                EVIL_NAME,
                "--at",
                &t("08:00"),
            ],
        );
        assert_inert(&log, "log", "\n");
        for args in [
            vec!["note", "1", EVIL, "--at", &t("09:00")],
            vec!["assign", "1", "--to", EVIL_NAME, "--at", &t("09:30")],
            vec![
                "pause",
                "1",
                "--reason",
                "waiting on customer",
                "--note",
                EVIL,
                "--at",
                &t("13:00"),
            ],
            vec!["resume", "1", "--note", EVIL, "--at", &t("13:30")],
        ] {
            let out = self.ok_raw(EVIL_NAME, &args);
            assert_inert(&out, &format!("{args:?}"), "\n");
        }
    }
}

fn bounded(mut cmd: Command, what: &str) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    // Drain the pipes while waiting, so a large output cannot block the child.
    let out = std::thread::spawn(move || child.wait_with_output());
    let deadline = Instant::now() + Duration::from_secs(RUN_SECS);
    while !out.is_finished() {
        assert!(Instant::now() < deadline, "{what} hung (over {RUN_SECS} s)");
        std::thread::sleep(Duration::from_millis(20));
    }
    out.join().unwrap().unwrap()
}

/// Text bound for a terminal: valid UTF-8, no control character but those in `allowed`,
/// no C1 control, no bidi override or zero-width character.
fn assert_inert(bytes: &[u8], what: &str, allowed: &str) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    for (i, c) in text.char_indices() {
        let bad = (c.is_control() && !allowed.contains(c)) || is_invisible(c);
        assert!(
            !bad,
            "{what}: {c:?} at byte {i}, in …{}…",
            text[i.saturating_sub(40)..].chars().take(80).collect::<String>()
        );
    }
}

/// Serialised JSON: inert as bytes (pretty-printing newlines allowed), and a value.
fn safe_json(bytes: &[u8], what: &str) -> Value {
    assert_inert(bytes, what, "\n");
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"))
}

/// Every string anywhere in `v`.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn holds(v: &Value, s: &str) -> bool {
    let mut all = Vec::new();
    strings(v, &mut all);
    all.iter().any(|x| x == s)
}

#[test]
fn hostile_text_is_inert_in_every_listing_and_exact_in_json() {
    let desk = Desk::new();
    desk.hostile_job();

    let list = desk.ok_raw("anna", &["list", "--all"]);
    assert_inert(&list, "list", "\n");
    let list = String::from_utf8(list).unwrap();
    assert!(list.contains("@SUM(1+1)*cmd|"), "{list}");
    assert_eq!(list.lines().count(), 2, "one header and one row: {list}");

    let show = desk.ok_raw("anna", &["show", "1"]);
    assert_inert(&show, "show", "\n");
    let show = String::from_utf8(show).unwrap();
    // Text is shown, made visible: the escape character as �, bidi overrides gone.
    assert!(show.contains("pipe \u{fffd}[2J\u{fffd}[H"), "{show}");
    assert!(show.contains("gnp.exe"), "{show}");
    for field in ["tech ", "site ", "asset "] {
        assert!(show.contains(&format!("{field}@SUM(1+1)")), "{field}: {show}");
    }

    // JSON escapes, never strips: every text comes back exactly as it was typed.
    let v = safe_json(&desk.ok_raw("anna", &["show", "1", "--json"]), "show --json");
    let job = &v["job"];
    assert_eq!(job["summary"], EVIL);
    for f in ["customer", "technician", "site", "asset", "created_by"] {
        assert_eq!(job[f], EVIL_NAME, "{f}");
    }
    let events = v["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["actor"] == EVIL_NAME), "{events:?}");
    let notes: Vec<&Value> = events
        .iter()
        .filter_map(|e| e["data"].get("note").or_else(|| e["data"].get("text")))
        .collect();
    assert_eq!(notes, [EVIL; 3], "note, pause and resume notes");
    let v = safe_json(&desk.ok_raw("anna", &["list", "--all", "--json"]), "list --json");
    assert_eq!(v[0]["summary"], EVIL);

    // Export as JSON lines: exact. The event log's data too.
    let jobs = desk.ok_raw("anna", &["export", "--format", "json"]);
    let j = safe_json(&jobs, "export json");
    assert_eq!(j["summary"], EVIL);
    assert_eq!(j["customer"], EVIL_NAME);
    let evs = desk.ok_raw("anna", &["export", "--events", "--format", "json"]);
    assert_inert(&evs, "export --events json", "\n");
    let evs: Vec<Value> = std::str::from_utf8(&evs)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(evs.iter().any(|e| e["data"]["text"] == EVIL), "{evs:?}");

    // Export as CSV: for spreadsheets. Cells are inert and never formulas; the event
    // data column is JSON, escaped, so it still holds the exact text.
    let csv_out = desk.ok_raw("anna", &["export"]);
    assert_inert(&csv_out, "export csv", "\n\t");
    let mut rd = csv::Reader::from_reader(csv_out.as_slice());
    let head: Vec<String> = rd.headers().unwrap().iter().map(str::to_owned).collect();
    let row = rd.records().next().unwrap().unwrap();
    let cell = |name: &str| row[head.iter().position(|h| h == name).unwrap()].to_owned();
    assert_eq!(cell("summary"), spreadsheet_text(EVIL));
    assert!(cell("summary").starts_with("'=cmd"), "{}", cell("summary"));
    for f in ["customer", "technician", "site", "asset"] {
        assert_eq!(cell(f), spreadsheet_text(EVIL_NAME), "{f}");
        assert!(cell(f).starts_with("'@SUM"), "{f}: {}", cell(f));
    }
    let csv_events = desk.ok_raw("anna", &["export", "--events"]);
    assert_inert(&csv_events, "export --events csv", "\n\t");
    let mut rd = csv::Reader::from_reader(csv_events.as_slice());
    let notes: Vec<Value> = rd
        .records()
        .map(|r| serde_json::from_str::<Value>(&r.unwrap()[6]).unwrap())
        .filter(|d| d.get("text").is_some())
        .collect();
    assert_eq!(notes[0]["text"], EVIL, "the data column keeps the note exactly");
    // Nothing of the shell syntax ran anywhere, nor the SQL: the chain is whole.
    assert!(!desk.exists("pwned") && !desk.exists("pwned2"));
    let verify = String::from_utf8(desk.ok_raw("anna", &["verify"])).unwrap();
    assert!(verify.contains("ok — 5 events in an unbroken chain"), "{verify}");
}

#[test]
fn hostile_text_is_inert_in_every_report_format() {
    let desk = Desk::new();
    desk.hostile_job();
    let report = |by: &str, format: &str, section: &str| {
        desk.ok_raw(
            "anna",
            &[
                "report",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--by",
                by,
                "--format",
                format,
                "--section",
                section,
            ],
        )
    };
    for by in ["customer", "tech"] {
        for format in ["table", "md"] {
            let out = report(by, format, "summary");
            assert_inert(&out, &format!("report --by {by} --format {format}"), "\n");
            let out = String::from_utf8(out).unwrap();
            assert!(out.contains("@SUM(1+1)*cmd"), "{by} {format}: {out}");
        }
        let html = report(by, "html", "summary");
        assert_inert(&html, &format!("report --by {by} html"), "\n");
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.contains("&lt;b&gt;&amp;amp;&lt;/b&gt;"),
            "markup escaped: {html}"
        );
        assert!(!html.contains("<b>&amp;</b>"), "{html}");
        assert!(!html.contains("<script>alert"), "{html}");

        let json = safe_json(&report(by, "json", "summary"), &format!("report --by {by} json"));
        assert!(holds(&json, EVIL_NAME), "the exact name in the json report");

        for section in ["summary", "breaches"] {
            let out = report(by, "csv", section);
            let what = format!("report --by {by} csv {section}");
            assert_inert(&out, &what, "\n\t");
            let mut rd = csv::Reader::from_reader(out.as_slice());
            let cells: Vec<String> = rd
                .records()
                .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
                .collect();
            assert!(cells.contains(&spreadsheet_text(EVIL_NAME)), "{what}: {cells:?}");
            assert!(
                !cells.iter().any(|c| c.starts_with(['=', '+', '@'])),
                "{what}: a cell starts a formula: {cells:?}"
            );
        }
    }
}

#[test]
fn hostile_text_cannot_steer_the_dashboard_terminal() {
    let desk = Desk::new();
    desk.hostile_job();
    // Escalated by hand, unacknowledged: the escalations view shows who and why.
    desk.ok_raw(
        EVIL_NAME,
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
            ("SLAWATCH_POLICY", EXAMPLE),
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
        ("2", "UNACKED", "the escalations view"),
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
    let example = std::fs::read_to_string(EXAMPLE).unwrap();
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
    let mut cmd = desk2.cmd("anna", &["watch", "--once"]);
    cmd.env("SLAWATCH_POLICY", &policy);
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

#[test]
fn oversized_text_is_refused_with_the_limit_and_nothing_is_written() {
    let desk = Desk::new();
    desk.hostile_job();
    let before = desk.events();
    let refused = |args: &[&str], msg: &str| {
        let out = desk.run_as("anna", args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{msg}: {err}");
        assert!(err.contains(msg), "`{err}` lacks `{msg}`");
        assert!(
            err.len() < 1000,
            "the message echoes the text: {} bytes",
            err.len()
        );
        assert_eq!(desk.events(), before, "{msg}: something was written");
    };
    // Command-line arguments are capped by the kernel (128 KiB each); these are the
    // largest that pass it, the megabyte comes through `import` below.
    let summary = "s".repeat(4097);
    refused(
        &[
            "log",
            "--customer",
            "Acme Corp",
            "--priority",
            "P2",
            "--summary",
            &summary,
        ],
        "the summary is 4097 bytes long — at most 4096 are allowed",
    );
    let name = "n".repeat(201);
    refused(
        &["log", "--customer", &name, "--priority", "P2", "--summary", "x"],
        "the customer is 201 bytes long — at most 200",
    );
    let note = "é".repeat(40_000);
    refused(
        &["note", "1", &note],
        "the note is 80000 bytes long — at most 65536",
    );
    refused(
        &["pause", "1", "--reason", "waiting on customer", "--note", &note],
        "the note is 80000 bytes long",
    );
    refused(
        &["assign", "1", "--to", &name],
        "the technician is 201 bytes long",
    );
    let out = desk.run_as(&name, &["note", "1", "hi"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the user name"));
    // At the limit it is accepted.
    let summary = "s".repeat(4096);
    desk.ok_raw(
        "anna",
        &[
            "log",
            "--customer",
            "Acme Corp",
            "--priority",
            "P2",
            "--summary",
            &summary,
        ],
    );
    let before = desk.events();

    // A megabyte per field through import: every row refused by line, nothing written.
    let mega = "m".repeat(1 << 20);
    let jsonl = desk.dir.path().join("big.jsonl");
    let row = serde_json::json!({ "customer": "Acme Corp", "priority": "P2", "summary": mega });
    std::fs::write(&jsonl, format!("{row}\n{row}\n")).unwrap();
    let out = desk.run_as("anna", &["import", jsonl.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("big.jsonl:1: rejected: the summary is 1048576 bytes long — at most 4096"),
        "{err}"
    );
    assert!(err.contains("big.jsonl:2: rejected"), "{err}");
    assert!(err.len() < 2000, "{} bytes of message", err.len());
    let csv = desk.dir.path().join("big.csv");
    std::fs::write(&csv, format!("customer,priority,summary\n\"{mega}\",P2,x\n")).unwrap();
    let out = desk.run_as("anna", &["import", csv.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("the customer is 1048576 bytes long"), "{err}");
    assert_eq!(desk.events(), before);
}

#[test]
fn error_messages_echo_hostile_input_inert() {
    let desk = Desk::new();
    desk.hostile_job();
    let out = desk.run_as(
        "anna",
        &[
            "log",
            "--customer",
            "x",
            "--priority",
            EVIL_NAME,
            "--summary",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&out.stderr, "unknown priority", "\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown priority"));
    let out = desk.run_as("anna", &["pause", "1", "--reason", EVIL_NAME]);
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&out.stderr, "unknown pause reason", "\n");
    let out = desk.run_as(
        "anna",
        &["policy", "explain", "--customer", EVIL_NAME, "--priority", "P2"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_inert(&out.stdout, "policy explain", "\n");
    // An import whose field names are hostile.
    let jsonl = desk.dir.path().join("keys.jsonl");
    let row = serde_json::json!({ EVIL_NAME: "x", "customer": "c", "priority": "P2", "summary": "s" });
    std::fs::write(&jsonl, format!("{row}\n")).unwrap();
    let out = desk.run_as("anna", &["import", jsonl.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&out.stderr, "import of a hostile field name", "\n");
}

#[test]
fn a_reader_that_goes_away_ends_every_command_quietly() {
    let desk = Desk::new();
    desk.hostile_job();
    for args in [
        &["show", "1"][..],
        &["show", "1", "--json"],
        &["list", "--json"],
        &["export"],
        &["verify"],
        &["policy", "check", EXAMPLE],
        &["policy", "explain", "--customer", "Acme Corp", "--priority", "P1"],
        &[
            "calendar",
            "add",
            "--calendar",
            "office",
            "--start",
            NOW,
            "--minutes",
            "5",
        ],
        &["report", "--from", "2026-11-01", "--to", "2026-11-30"],
        &["note", "1", "seen"],
    ] {
        // The reading end is closed before the command starts: its first write fails
        // with EPIPE, every time (`slawatch show 1 | head -0`).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut cmd = desk.cmd("anna", args);
        let child = cmd
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(cmd);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn the_dashboards_new_job_form_applies_the_same_limits() {
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let policy = slawatch::policy::parse_policy("sla.toml", &text).unwrap();
    let mut form = slawatch::tui::overlay::NewJobForm::default();
    form.values[0] = "Acme Corp".to_owned();
    form.values[1] = "P2".to_owned();
    form.values[6] = "s".repeat(4096);
    form.check(&policy, 1_795_188_600);
    assert!(form.valid, "{:?}", form.errors);
    form.values[6].push('s');
    form.values[4] = "n".repeat(201);
    form.check(&policy, 1_795_188_600);
    assert!(!form.valid);
    assert_eq!(
        form.errors[6].as_deref(),
        Some(
            "the summary is 4097 bytes long — at most 4096 are allowed; shorten it (longer text \
             belongs in a note)"
        )
    );
    assert_eq!(
        form.errors[4].as_deref(),
        Some("the site is 201 bytes long — at most 200 are allowed; shorten it")
    );
}

#[test]
fn hostile_text_from_the_policy_file_is_shown_inert_too() {
    let desk = Desk::new();
    // TOML escapes put raw control characters into names and descriptions.
    let example = std::fs::read_to_string(EXAMPLE).unwrap();
    let evil = example
        .replace(
            "name = \"Christmas Day\"",
            "name = \"Christmas\\u001b]0;PWNED\\u0007\\u202e Day\"",
        )
        .replace("name = \"Dispatch lead\"", "name = \"Dispatch\\u009b2J lead\"");
    assert_ne!(evil, example);
    let policy = desk.dir.path().join("evil.toml");
    std::fs::write(&policy, evil).unwrap();
    let mut cmd = desk.cmd(
        "anna",
        &[
            "policy",
            "explain",
            "--customer",
            "Initech",
            "--priority",
            "P3",
            "--at",
            "2026-12-24 11:00",
        ],
    );
    cmd.env("SLAWATCH_POLICY", &policy);
    let out = bounded(cmd, "policy explain");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_inert(&out.stdout, "policy explain", "\n");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("skipped holiday Fri 2026-12-25 (Christmas\u{fffd}]0;PWNED\u{fffd} Day)"),
        "{text}"
    );
    let mut cmd = desk.cmd("anna", &["policy", "check", policy.to_str().unwrap()]);
    cmd.env("SLAWATCH_POLICY", &policy);
    let out = bounded(cmd, "policy check");
    assert_eq!(out.status.code(), Some(0));
    assert_inert(&out.stdout, "policy check", "\n");
}

#[test]
fn an_import_file_with_a_byte_order_mark_reads_like_one_without() {
    let desk = Desk::new();
    let jsonl = desk.dir.path().join("bom.jsonl");
    std::fs::write(
        &jsonl,
        "\u{feff}{\"customer\":\"Acme Corp\",\"priority\":\"P2\",\"summary\":\"pump\"}\n",
    )
    .unwrap();
    let csv = desk.dir.path().join("bom.csv");
    std::fs::write(
        &csv,
        "\u{feff}customer,priority,summary\r\nAcme Corp,P2,valve\r\n",
    )
    .unwrap();
    for f in [&jsonl, &csv] {
        let out = desk.ok_raw("anna", &["import", f.to_str().unwrap()]);
        assert!(
            String::from_utf8(out).unwrap().starts_with("Imported 1 jobs"),
            "{f:?}"
        );
    }
    let v = safe_json(&desk.ok_raw("anna", &["list", "--json", "--sort", "id"]), "list");
    assert_eq!(v[0]["summary"], "pump");
    assert_eq!(v[1]["summary"], "valve");
    // Latin-1 is refused as such, not as "invalid data".
    let latin1 = desk.dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"customer,priority,summary\nCaf\xe9 Corp,P2,pump\n").unwrap();
    let out = desk.run_as("anna", &["import", latin1.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("is not UTF-8 text (Latin-1 or UTF-16?) — save it as UTF-8"),
        "{err}"
    );
}
