//! Issue 15, through the real binary: inputs that misled or hurt — policy files that are
//! not files, imports that dropped values or skipped a limit, batch answers that echoed
//! terminal sequences and cost a huge line's size several times, report filters and job
//! text passed raw into terminals and Markdown, and the command hook (job text read as an
//! option or an `@file`, grandchildren left running after its timeout).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::cli::{Cli, policy_with_notify};
use crate::common::{bin, example_policy};

/// Waits at most `secs` for `child`; kills it (and fails) when it does not finish.
fn finish(mut child: Child, secs: u64, what: &str) -> Output {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} hung (over {secs} s)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn run(mut cmd: Command, secs: u64, what: &str) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child, secs, what)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// ── Policy files that are not regular files, or too big ─────────────────────────────

#[test]
fn a_policy_that_is_a_fifo_a_device_or_too_big_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("sla.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let big = dir.path().join("big.toml");
    // Sparse: 17 MiB of nothing, over the 16 MiB limit.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    let db = dir.path().join("jobs.db");
    for (path, says) in [
        (fifo.as_path(), "is not a regular file"),
        (Path::new("/dev/zero"), "is not a regular file"),
        (big.as_path(), "is 17.0 MiB — a policy may be at most 16 MiB"),
    ] {
        let mut check = bin();
        check.args(["policy", "check"]).arg(path);
        let mut list = Cli::new(&db, "anna").policy(path).command(&["list"]);
        list.env_remove("SLAWATCH_POLICY");
        for (cmd, what) in [(check, "policy check"), (list, "--policy … list")] {
            let out = run(cmd, 20, &format!("{what} {}", path.display()));
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what} {}: {err}", path.display());
            assert!(err.contains(says), "{what} {}: {err}", path.display());
            assert!(err.contains(&path.display().to_string()), "{err}");
        }
    }
    assert!(!db.exists(), "no store is made for a policy that cannot be read");
}

// ── import ──────────────────────────────────────────────────────────────────────────

const CSV: &str = "customer,priority,summary\nAcme Corp,P1,Pump down\n";

fn import(dir: &Path, user: &str, name: &str, body: &str) -> (Output, bool) {
    let file = dir.join(name);
    std::fs::write(&file, body).unwrap();
    let db = dir.join(format!("{name}.db"));
    let out = Cli::new(&db, user).output(&["import", file.to_str().unwrap()]);
    (out, db.exists())
}

#[test]
fn import_applies_the_user_name_limit() {
    let dir = tempfile::tempdir().unwrap();
    let long = "u".repeat(201);
    let (out, written) = import(dir.path(), &long, "jobs.csv", CSV);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the user name (--user, SLAWATCH_USER) is 201 bytes long — at most 200"),
        "{err}"
    );
    assert!(!written, "nothing is written");
    let (out, _) = import(dir.path(), &"u".repeat(200), "ok.csv", CSV);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn import_refuses_duplicate_columns_and_keys() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body, says) in [
        (
            "twice.csv",
            "customer,priority,summary,customer\nAcme Corp,P1,Pump down,Globex\n",
            "line 1: the column `customer` is given twice (columns 1 and 4) — keep one of them",
        ),
        (
            "alias.csv",
            "customer,priority,summary,tech,technician\nAcme Corp,P1,Pump down,jan,piet\n",
            "line 1: the columns `tech` (4) and `technician` (5) are the same field — keep one of them",
        ),
        (
            "twice.jsonl",
            "{\"customer\":\"Acme Corp\",\"priority\":\"P1\",\"summary\":\"x\",\"customer\":\"Globex\"}\n",
            "twice.jsonl:1: rejected: the field `customer` is given twice — keep one of them",
        ),
        (
            "alias.jsonl",
            "{\"customer\":\"Acme Corp\",\"priority\":\"P1\",\"summary\":\"x\",\"at\":\"2026-12-01T10:00:00Z\",\"created_at\":\"2026-12-02T10:00:00Z\"}\n",
            "alias.jsonl:1: rejected: the fields `at` and `created_at` are the same field — keep one of them",
        ),
    ] {
        let (out, written) = import(dir.path(), "anna", name, body);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(!written, "{name}: nothing is written");
    }
}

// ── calendar batch ──────────────────────────────────────────────────────────────────

fn batch(input: &[u8]) -> String {
    let mut child = bin()
        .args([
            "--policy",
            example_policy().path,
            "calendar",
            "batch",
            "--calendar",
            "office",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = finish(child, 30, "calendar batch");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn batch_echoes_are_inert_and_short() {
    let osc52 = "\x1b]52;c;ZWNobyBoaQ==\x07";
    let long = "x".repeat(3000);
    let input = format!(
        "{osc52} 2026-12-07T09:00:00Z 60\nadd {osc52} 60\nadd 2026-12-07T09:00:00Z {osc52}\n\
         add 1 2 {osc52}\n{long}\nadd 2026-12-07T09:00:00Z 60\n"
    );
    let out = batch(input.as_bytes());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    for l in &lines[..5] {
        assert!(l.starts_with("error: "), "{l}");
        assert!(
            !l.contains(['\x1b', '\x07']),
            "raw terminal sequence echoed: {l:?}"
        );
        assert!(
            l.chars().count() < 300,
            "echo not cut: {} chars",
            l.chars().count()
        );
    }
    assert!(
        lines[0].contains("unknown request `�]52;c;ZWNobyBoaQ==�`"),
        "{}",
        lines[0]
    );
    assert!(lines[4].contains('…'), "{}", lines[4]);
    assert_eq!(lines[5], "2026-12-07T11:00:00+01:00");
}

/// Peak resident memory of a running process, in KiB.
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn batch_answers_a_huge_line_as_too_long_without_holding_it() {
    let mut child = bin()
        .args([
            "--policy",
            example_policy().path,
            "calendar",
            "batch",
            "--calendar",
            "office",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let chunk = vec![b'7'; 1 << 20];
    for _ in 0..100 {
        stdin.write_all(&chunk).unwrap();
    }
    stdin.write_all(b"\n").unwrap();
    // All but a pipe's worth has been read by now; give it the rest and its answer.
    std::thread::sleep(Duration::from_millis(500));
    let peak = peak_kib(child.id());
    stdin.write_all(b"add 2026-12-07T09:00:00Z 60\n").unwrap();
    drop(stdin);
    let mut stdout = child.stdout.take().unwrap();
    let mut out = String::new();
    let reader = std::thread::spawn(move || {
        stdout.read_to_string(&mut out).unwrap();
        out
    });
    let done = finish(child, 60, "calendar batch with a 100 MB line");
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    let out = reader.join().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.chars().take(300).collect::<String>());
    assert!(
        lines[0].starts_with("error: the request is longer than 4096 bytes"),
        "{}",
        lines[0].chars().take(300).collect::<String>()
    );
    assert_eq!(lines[1], "2026-12-07T11:00:00+01:00");
    assert!(peak < 60 * 1024, "a 100 MB line took {peak} KiB");
}

// ── Reports ─────────────────────────────────────────────────────────────────────────

/// Every `[`, `]`, `<` and `>` of `md` is escaped: no raw HTML, no link.
fn markdown_is_inert(md: &str) {
    assert!(!md.contains(['<', '>']), "raw HTML in:\n{md}");
    let b = md.as_bytes();
    for (i, c) in b.iter().enumerate() {
        if matches!(c, b'[' | b']') {
            assert!(i > 0 && b[i - 1] == b'\\', "unescaped bracket at {i} in:\n{md}");
        }
    }
}

#[test]
fn report_filters_and_job_text_are_inert_in_table_md_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(&dir.path().join("jobs.db"), "anna").at(1_796_601_600); // 2026-12-07T00:00Z
    let evil = "<img src=x onerror=alert(1)> [click](javascript:alert(1))";
    cli.ok(&[
        "log",
        "--customer",
        evil,
        "--priority",
        "P2",
        "--summary",
        "x",
        "--at",
        "2026-12-01T09:00:00Z",
    ]);
    let osc52 = "\x1b]52;c;ZWNobyBoaQ==\x07";
    let range = ["report", "--from", "2026-12-01", "--to", "2026-12-07"];
    let with = |more: &[&str]| {
        let mut args = range.to_vec();
        args.extend_from_slice(more);
        cli.ok(&args)
    };
    let table = with(&["--customer", osc52]);
    let only = table
        .lines()
        .find(|l| l.starts_with("Only:"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(!table.contains(['\x1b', '\x07']), "{only:?}");
    assert!(only.contains("�]52"), "{only:?}");
    let table = with(&["--tech", osc52, "--contract", osc52]);
    assert!(!table.contains(['\x1b', '\x07']), "{table:?}");

    let md = with(&["--format", "md"]);
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "{md}");
    markdown_is_inert(&md);
    let md = with(&["--format", "md", "--customer", evil]);
    markdown_is_inert(&md);
    let html = with(&["--format", "html", "--customer", evil]);
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
}

// ── The command hook ────────────────────────────────────────────────────────────────

const HOUR: i64 = 3600;

fn at(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc3339()
}

/// A job whose resolve clock is breached now, with `summary`.
fn breached_job(cli: &Cli, summary: &str) {
    let logged = slawatch::service::clock::now() - 5 * HOUR;
    cli.ok(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P1",
        &format!("--summary={summary}"),
        "--tech",
        "jan",
        "--at",
        &at(logged),
    ]);
    cli.ok(&["respond", "1", "--at", &at(logged + 600)]);
    cli.ok(&["attend", "1", "--at", &at(logged + HOUR)]);
}

fn watch_once(cli: &Cli, dir: &Path, secs: u64) -> Output {
    let mut cmd = cli.command(&["watch", "--once"]);
    cmd.env("XDG_CACHE_HOME", dir.join("cache"))
        .env_remove("XDG_RUNTIME_DIR")
        .env_remove("SLAWATCH_NOW");
    run(cmd, secs, "watch --once")
}

#[test]
fn hook_placeholders_have_forms_that_cannot_be_an_option_or_a_file() {
    for (summary, safe) in [
        ("@/etc/secret", "'@/etc/secret"),
        ("-d@/etc/secret", "'-d@/etc/secret"),
        ("'quoted", "''quoted"),
        ("+x", "'+x"),
        ("Pump down", "Pump down"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("hook.log");
        let notify = format!(
            "[notify]\ndesktop = false\nterminal = \"off\"\ncommand = [\"sh\", \"-c\", \
             \"printf '%s|%s|%s\\\\n' \\\"$1\\\" \\\"$2\\\" \\\"$3\\\" >> '{}'\", \"hook\", \
             \"{{safe:summary}}\", \"summary={{summary}}\", \"{{safe:job}}\"]",
            log.display()
        );
        let policy = policy_with_notify(dir.path(), &notify);
        let cli = Cli::new(&dir.path().join("jobs.db"), "anna").policy(&policy);
        breached_job(&cli, summary);
        let out = watch_once(&cli, dir.path(), 60);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            format!("{safe}|summary={summary}|1\n"),
            "{summary}"
        );
    }
}

#[test]
fn a_hook_that_times_out_is_stopped_with_its_grandchildren() {
    let dir = tempfile::tempdir().unwrap();
    let late = dir.path().join("late");
    // The hook's own shell waits longer than the 10 s allowed; a background job of it
    // would write `late` a second after the timeout.
    let notify = format!(
        "[notify]\ndesktop = false\nterminal = \"off\"\ncommand = [\"sh\", \"-c\", \
         \"(sleep 11; touch '{}') & sleep 30\"]",
        late.display()
    );
    let policy = policy_with_notify(dir.path(), &notify);
    let cli = Cli::new(&dir.path().join("jobs.db"), "anna").policy(&policy);
    breached_job(&cli, "Pump down");
    let out = watch_once(&cli, dir.path(), 40);
    let err = text(&out.stderr);
    assert!(err.contains("did not finish within 10 s (stopped)"), "{err}");
    std::thread::sleep(Duration::from_secs(3));
    assert!(!late.exists(), "the hook's grandchild ran on after the timeout");
}
