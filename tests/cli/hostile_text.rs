//! Hostile job text end to end: escape sequences (CSI, OSC title, clipboard and
//! hyperlink), C0 and C1 controls, bidi overrides, zero-width characters, markup,
//! spreadsheet formulas, shell syntax and SQL, logged through the real binary in every
//! text field, then read back from `log` and the actions, `list`, `show`, `show --json`,
//! `export` (csv and json), `report` in every format, error messages and `policy
//! explain`. Terminal-bound output must hold no control character and no invisible one;
//! JSON must keep the text exactly (escaped, not stripped); spreadsheet cells must not
//! start a formula. Oversized text is refused, nothing written. The dashboard and the
//! notifications are in `e2e::hostile_text_live`.

use std::process::Stdio;

use serde_json::Value;
use slawatch_core::text::spreadsheet_text;

use crate::common::{example_policy, hostile_text_desk};
use hostile_text_desk::*;

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
            // Markdown escapes what it would read as markup (issue 15): `*` is `\*`.
            let name = if format == "md" {
                "@SUM(1+1)\\*cmd"
            } else {
                "@SUM(1+1)*cmd"
            };
            assert!(out.contains(name), "{by} {format}: {out}");
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
    // Into a store that does not exist yet: none is created for nothing.
    let fresh = desk.dir.path().join("fresh.db");
    let out = bounded(
        Cli::new(&fresh, "anna").command(&["import", jsonl.to_str().unwrap()]),
        "import into a new store",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!fresh.exists(), "an empty store was created");
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
        &["policy", "check", example_policy().path],
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
    let text = example_policy().text.to_owned();
    let policy = slawatch_core::policy::parse_policy("sla.toml", &text).unwrap();
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
    let example = example_policy().text.to_owned();
    let evil = example
        .replace(
            "name = \"Christmas Day\"",
            "name = \"Christmas\\u001b]0;PWNED\\u0007\\u202e Day\"",
        )
        .replace("name = \"Dispatch lead\"", "name = \"Dispatch\\u009b2J lead\"");
    assert_ne!(evil, example);
    let policy = desk.dir.path().join("evil.toml");
    std::fs::write(&policy, evil).unwrap();
    let cmd = desk.cmd_with_policy(
        "anna",
        &policy,
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
    let cmd = desk.cmd_with_policy("anna", &policy, &["policy", "check", policy.to_str().unwrap()]);
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
            String::from_utf8(out).unwrap().starts_with("Imported 1 job "),
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
