//! The real binary: `policy check`, `policy explain`, `calendar add|elapsed|batch`.

use std::io::Write;
use std::process::{Output, Stdio};

use crate::common::{self, example_policy};

fn slawatch(args: &[&str]) -> Output {
    common::bin()
        .args(args)
        .env_remove("SLAWATCH_POLICY")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_passes_on_the_example() {
    let out = slawatch(&["policy", "check", example_policy().path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("ok — 3 calendars, 4 tiers, 3 contracts (10 rules), 4 pause reasons"),
        "{stdout}"
    );
}

/// Line and column (1-based) of the first occurrence of `needle` in `src`.
fn place(src: &str, needle: &str) -> (usize, usize) {
    let at = src.find(needle).unwrap_or_else(|| panic!("{needle} not found"));
    let line = src[..at].matches('\n').count() + 1;
    let col = src[..at].rfind('\n').map_or(at, |nl| at - nl - 1) + 1;
    (line, col)
}

#[test]
fn check_reports_every_planted_error_with_its_line() {
    // Each plant: (original text, broken text, needle marking where the error points, message part).
    let plants = [
        (
            "tue = [\"08:00-12:00\", \"13:00-17:00\"]",
            "tue = [\"08:00-12:00\", \"13:00-25:00\"]",
            "\"13:00-25:00\"",
            "`25:00` is not a time of day",
        ),
        (
            "wed = [\"08:00-12:00\", \"13:00-17:00\"]",
            "wed = [\"08:00-12:00\", \"11:00-17:00\"]",
            "\"11:00-17:00\"",
            "overlaps `08:00-12:00`",
        ),
        (
            "thu = [\"08:00-12:00\", \"13:00-17:00\"]",
            "thu = [\"12:00-08:00\"]",
            "\"12:00-08:00\"",
            "ends before it starts",
        ),
        (
            "timezone = \"UTC\"",
            "timezone = \"Europe/Amsterdm\"",
            "\"Europe/Amsterdm\"",
            "unknown time zone `Europe/Amsterdm`",
        ),
        (
            "attend = \"2h\"",
            "attend = \"2 hrs\"",
            "\"2 hrs\"",
            "unknown unit `hrs`",
        ),
        (
            "calendar = \"field\"",
            "calendar = \"feild\"",
            "\"feild\"",
            "unknown calendar `feild`",
        ),
        (
            "{ priority = \"P4\", tier = \"planned\" }",
            "{ priority = \"P4\", tier = \"plannd\" }",
            "\"plannd\"",
            "unknown tier `plannd`",
        ),
        (
            "warn = [0.75, 0.9]",
            "warn = [0.75, 1.2]",
            "1.2]",
            "outside (0, 1)",
        ),
        (
            "id = \"INITECH-BASIC\"",
            "id = \"GLOBEX-GOLD\"",
            "id = \"GLOBEX-GOLD\"\ncustomer = \"Initech\"",
            "used twice",
        ),
        (
            "stops_clock = false",
            "stop_clock = false",
            "stop_clock",
            "unknown key `stop_clock`",
        ),
    ];
    let mut broken = example_policy().text.to_owned();
    for (from, to, _, _) in &plants {
        assert!(broken.contains(from), "{from}");
        broken = broken.replacen(from, to, 1);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, &broken).unwrap();
    let out = slawatch(&["policy", "check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing on stdout when it fails");
    let stderr = text(&out.stderr);
    for (_, _, needle, message) in &plants {
        let (mut line, mut col) = place(&broken, needle);
        if needle.starts_with("id = ") {
            col += "id = ".len();
        }
        if *needle == "1.2]" {
            // The third `warn = [0.75, …]` is the one planted (tier standard).
            let at = broken.find("warn = [0.75, 1.2]").unwrap() + "warn = [0.75, ".len();
            line = broken[..at].matches('\n').count() + 1;
            col = at - broken[..at].rfind('\n').unwrap();
        }
        let prefix = format!("{}:{line}:{col}: ", path.display());
        assert!(
            stderr.lines().any(|l| l.contains(&prefix) && l.contains(message)),
            "no `{prefix}…{message}` in:\n{stderr}"
        );
    }
    assert!(stderr.contains("10 problems found"), "{stderr}");
}

#[test]
fn check_refuses_a_missing_file_with_exit_2() {
    let out = slawatch(&["policy", "check", "/nonexistent/sla.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read policy file /nonexistent/sla.toml"));
}

#[test]
fn explain_names_contract_rule_tier_and_deadlines() {
    let out = slawatch(&[
        "--policy",
        example_policy().path,
        "policy",
        "explain",
        "--customer",
        "Acme Corp",
        "--priority",
        "P2",
        "--type",
        "malfunction",
        "--at",
        "2026-11-20 16:30",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("contract ACME-2026, rule 2 (priority = P2, type = malfunction) → tier priority"),
        "{s}"
    );
    // field calendar: Fri 07-19, Sat 08-12. respond 1h from Fri 16:30 → 17:30.
    assert!(s.contains("respond  1h     due 2026-11-20T17:30:00+01:00"), "{s}");
    // attend 4h: 2h30m left on Friday, 1h30m on Saturday from 08:00 → 09:30.
    assert!(s.contains("attend   4h     due 2026-11-21T09:30:00+01:00"), "{s}");
    // resolve 1bd: closing time of the first business day after Friday = Saturday 12:00.
    assert!(s.contains("resolve  1bd    due 2026-11-21T12:00:00+01:00"), "{s}");
}

#[test]
fn explain_json_and_holiday_reason() {
    let out = slawatch(&[
        "--policy",
        example_policy().path,
        "policy",
        "explain",
        "--customer",
        "Initech",
        "--priority",
        "P3",
        "--at",
        "2026-12-24T11:00:00+01:00",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["contract"], "INITECH-BASIC");
    assert_eq!(v["rule"], 2);
    assert_eq!(v["tier"], "standard");
    // respond 4h on office: Thu 24 Dec is a special half day (until 12:00): 1h; 25 and 26
    // Dec are holidays, 27 Dec a Sunday; Mon 28 Dec 08:00 + 3h → 11:00.
    assert_eq!(v["clocks"][0]["deadline"], "2026-12-28T11:00:00+01:00");
    let why = v["explanation"].to_string();
    assert!(
        why.contains("Christmas Day") && why.contains("Christmas Eve"),
        "{why}"
    );
}

#[test]
fn explain_refuses_unknown_customer_and_priority() {
    let out = slawatch(&[
        "--policy",
        example_policy().path,
        "policy",
        "explain",
        "--customer",
        "Acme Corp",
        "--priority",
        "P9",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown priority `P9`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn calendar_add_and_elapsed() {
    let p = example_policy().path;
    let add = slawatch(&[
        "calendar",
        "add",
        "--policy",
        p,
        "--calendar",
        "office",
        "--start",
        "2026-11-20 15:30",
        "--minutes",
        "60",
    ]);
    assert_eq!(
        text(&add.stdout),
        "2026-11-23T08:30:00+01:00\n",
        "{}",
        text(&add.stderr)
    );
    let bd = slawatch(&[
        "calendar",
        "add",
        "--policy",
        p,
        "--calendar",
        "office",
        "--start",
        "2026-11-20T10:00:00+01:00",
        "--business-days",
        "3",
    ]);
    assert_eq!(text(&bd.stdout), "2026-11-25T17:00:00+01:00\n");
    let el = slawatch(&[
        "calendar",
        "elapsed",
        "--policy",
        p,
        "--calendar",
        "office",
        "--from",
        "2026-11-20 15:30",
        "--to",
        "2026-11-23T08:30:30+01:00",
    ]);
    assert_eq!(text(&el.stdout), "60.5\n");
    let bad = slawatch(&[
        "calendar",
        "add",
        "--policy",
        p,
        "--calendar",
        "ofice",
        "--start",
        "2026-11-20 15:30",
        "--minutes",
        "1",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("did you mean `office`?"));
    let gap = slawatch(&[
        "calendar",
        "add",
        "--policy",
        p,
        "--calendar",
        "office",
        "--start",
        "2026-03-29 02:30",
        "--minutes",
        "1",
    ]);
    assert_eq!(gap.status.code(), Some(2));
    assert!(text(&gap.stderr).contains("does not exist in Europe/Amsterdam"));
}

fn run_batch(input: &str) -> String {
    let mut child = common::bin()
        .args([
            "calendar",
            "batch",
            "--policy",
            example_policy().path,
            "--calendar",
            "office",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn batch_answers_in_order_and_survives_bad_lines() {
    let out = run_batch(
        "add 2026-11-20T15:30:00+01:00 60\n\nelapsed 2026-11-20T15:30:00+01:00 2026-11-23T09:00:00+01:00\nadd yesterday 5\naddbd 2026-11-20T10:00:00+01:00 3\nadd 2026-03-29T02:30 5\n",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert_eq!(lines[0], "2026-11-23T08:30:00+01:00");
    assert!(lines[1].starts_with("error: empty request"));
    assert_eq!(lines[2], "90");
    assert!(lines[3].starts_with("error: `yesterday` is not a time"));
    assert_eq!(lines[4], "2026-11-25T17:00:00+01:00");
    assert!(lines[5].contains("does not exist"), "{}", lines[5]);
}

#[test]
fn batch_of_ten_thousand_lines_matches_the_library() {
    let policy = example_policy().parse();
    let cal = &policy.calendars["office"];
    let tz = *cal.tz();
    let base = slawatch_core::time::instant::parse_instant("2026-01-01T00:00:00Z", &tz).unwrap();
    let mut input = String::new();
    let mut expected = Vec::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..10_000 {
        // xorshift: deterministic spread of starts over two years and windows up to 10 days.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let start = base + (x % (730 * 86_400)) as i64;
        let minutes = (x >> 20) % (10 * 9 * 60) + 1;
        let s = slawatch_core::time::instant::rfc3339(start, &tz);
        if i % 2 == 0 {
            input.push_str(&format!("add {s} {minutes}\n"));
            let t = cal.add(start, minutes as i64 * 60).unwrap();
            expected.push(slawatch_core::time::instant::rfc3339(t, &tz));
        } else {
            let end = start + minutes as i64 * 300;
            let e = slawatch_core::time::instant::rfc3339(end, &tz);
            input.push_str(&format!("elapsed {s} {e}\n"));
            let secs = cal.elapsed(start, end);
            expected.push(if secs % 60 == 0 {
                (secs / 60).to_string()
            } else {
                (secs as f64 / 60.0).to_string()
            });
        }
    }
    let out = run_batch(&input);
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(got.len(), 10_000);
    for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "line {}", i + 1);
    }
}
