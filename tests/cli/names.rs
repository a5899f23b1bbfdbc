//! Issue 16: names that cannot silently cost a tier — a customer, technician or job type
//! close to a known one is refused with a did-you-mean unless confirmed as new; an
//! exact match in another case takes the known spelling; `list` filters match parts of
//! names, as the dashboard's `/` does, and an empty result says what was searched.

use crate::common::cli::Cli;

fn cli(dir: &tempfile::TempDir) -> Cli {
    Cli::new(&dir.path().join("jobs.db"), "anna")
}

fn log(c: &Cli, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["log", "--priority", "P3", "--summary", "Pump noisy"];
    args.extend_from_slice(extra);
    c.output(&args)
}

fn jobs(c: &Cli) -> usize {
    c.json(&["list", "--all", "--json"])
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn a_customer_typo_is_refused_with_did_you_mean_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    c.log_job("Globex", "P3", "first job, creates the store");
    let err = c.refused(
        &[
            "log",
            "--customer",
            "Acme Crop",
            "--priority",
            "P3",
            "--summary",
            "x",
        ],
        "did you mean `Acme Corp`?",
    );
    assert!(err.contains("--new-customer"), "{err}");
    assert_eq!(jobs(&c), 1, "nothing was written");
    // Confirmed as new, it is logged on the default tier, and said so.
    let out = log(&c, &["--customer", "Acme Crop", "--new-customer"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("new customer `Acme Crop` → default tier standard (no contract)"),
        "{text}"
    );
}

#[test]
fn a_known_name_in_another_case_takes_the_known_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    let out = c.log_job("acme corp", "P1", "Line down");
    assert!(out.contains("Acme Corp · P1 → tier critical"), "{out}");
    // A customer only the store knows counts too.
    c.ok(&[
        "log",
        "--customer",
        "Umbrella Ltd",
        "--priority",
        "P3",
        "--summary",
        "new one",
    ]);
    let out = c.log_job("umbrella ltd", "P3", "again");
    assert!(out.contains("Umbrella Ltd ·"), "{out}");
    c.refused(
        &[
            "log",
            "--customer",
            "Umbrela Ltd",
            "--priority",
            "P3",
            "--summary",
            "x",
        ],
        "did you mean `Umbrella Ltd`?",
    );
}

#[test]
fn a_far_new_customer_is_accepted_and_told_it_has_no_contract() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    let out = c.log_job("Wayne Enterprises", "P3", "Boiler");
    assert!(
        out.contains("new customer `Wayne Enterprises` → default tier standard (no contract)"),
        "{out}"
    );
}

#[test]
fn a_technician_typo_is_refused_in_log_and_assign() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    c.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P3",
        "--summary",
        "a",
        "--tech",
        "Kowalski",
    ]);
    c.log_job("Globex", "P3", "b");
    c.refused(&["assign", "2", "--to", "Kowalsky"], "did you mean `Kowalski`?");
    let err = c.refused(
        &[
            "log",
            "--customer",
            "Globex",
            "--priority",
            "P3",
            "--summary",
            "c",
            "--tech",
            "kowalsky",
        ],
        "did you mean `Kowalski`?",
    );
    assert!(err.contains("--new-tech"), "{err}");
    // A policy user (role member) is known too: `jna` is `jan` mistyped.
    c.refused(&["assign", "2", "--to", "jna"], "did you mean `jan`?");
    assert_eq!(jobs(&c), 2);
    let job = &c.json(&["list", "--all", "--json"])[1];
    assert!(job["technician"].is_null(), "{job}");
    c.ok(&["assign", "2", "--to", "Kowalsky", "--new-tech"]);
    // The known spelling is used for another case.
    c.ok(&["assign", "2", "--to", "KOWALSKI"]);
    let list = c.ok(&["list", "--tech", "kowalski"]);
    assert!(!list.contains("KOWALSKI"), "{list}");
}

#[test]
fn a_job_type_close_to_a_policy_type_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    c.log_job("Globex", "P3", "first");
    c.refused(
        &[
            "log",
            "--customer",
            "Acme Corp",
            "--priority",
            "P2",
            "--type",
            "malfuction",
            "--summary",
            "x",
        ],
        "did you mean `malfunction`?",
    );
    let out = c.ok(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P2",
        "--type",
        "Malfunction",
        "--summary",
        "x",
    ]);
    assert!(out.contains("tier priority"), "{out}");
}

#[test]
fn policy_explain_notes_the_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    let out = c.ok(&["policy", "explain", "--customer", "Acme Crop", "--priority", "P3"]);
    assert!(out.contains("did you mean `Acme Corp`?"), "{out}");
}

#[test]
fn list_filters_match_part_of_a_name_and_an_empty_result_says_what_was_searched() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    c.log_job("Acme Corp", "P3", "one");
    c.ok(&[
        "log",
        "--customer",
        "Globex",
        "--priority",
        "P3",
        "--summary",
        "two",
        "--tech",
        "Kowalski",
    ]);
    let out = c.ok(&["list", "--customer", "acme"]);
    assert!(out.contains("Acme Corp"), "{out}");
    assert!(!out.contains("Globex"), "{out}");
    let out = c.ok(&["list", "--tech", "kowal"]);
    assert!(out.contains("Globex") && !out.contains("Acme"), "{out}");
    let out = c.ok(&["list", "--contract", "globex"]);
    assert!(out.contains("Globex") && !out.contains("Acme"), "{out}");
    let out = c.ok(&["list", "--customer", "initech"]);
    assert!(
        out.contains("no open job of a customer matching `initech`"),
        "{out}"
    );
    // A `%` or `_` is a letter, not a pattern.
    let out = c.ok(&["list", "--customer", "a%"]);
    assert!(out.contains("no open job"), "{out}");
}

#[test]
fn import_refuses_a_typo_row_unless_the_name_is_confirmed_new() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    let file = dir.path().join("jobs.csv");
    std::fs::write(
        &file,
        "customer,priority,summary,tech\nAcme Crop,P3,typo,\nacme corp,P3,case,\nWayne Enterprises,P3,new,\nwayne enterprises,P3,again,\nGlobex,P3,tech typo,jna\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let err = c.fails(&["import", path], 2);
    assert!(
        err.contains("jobs.csv:2: rejected: customer `Acme Crop` is not known — did you mean `Acme Corp`?"),
        "{err}"
    );
    assert!(err.contains("--new-customer"), "{err}");
    assert!(
        err.contains("jobs.csv:6: rejected: technician `jna` is not known — did you mean `jan`?"),
        "{err}"
    );
    let list = c.json(&["list", "--all", "--json"]);
    let customers: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["customer"].as_str().unwrap())
        .collect();
    assert_eq!(customers, ["Acme Corp", "Wayne Enterprises", "Wayne Enterprises"]);
    // Confirmed on the command line, the same file logs the typo rows too.
    std::fs::write(
        &file,
        "customer,priority,summary,tech\nAcme Crop,P3,typo,\nGlobex,P3,tech,jna\n",
    )
    .unwrap();
    c.ok(&["import", path, "--new-customer", "Acme Crop", "--new-tech", "jna"]);
    assert_eq!(jobs(&c), 5);
}

#[test]
fn a_report_for_a_typo_is_refused_with_did_you_mean_and_stays_exact() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    c.ok(&[
        "log",
        "--customer",
        "Acme Corp",
        "--priority",
        "P3",
        "--summary",
        "a",
        "--tech",
        "Kowalski",
    ]);
    let range = [
        "report",
        "--from",
        "2026-01-01",
        "--to",
        "2027-12-31",
        "--format",
        "json",
    ];
    let with = |extra: [&'static str; 2]| [&range[..], &extra[..]].concat();
    c.refused(&with(["--customer", "Acme Crop"]), "did you mean `Acme Corp`?");
    c.refused(&with(["--tech", "Kowalsky"]), "did you mean `Kowalski`?");
    // Exact, ignoring case: `acme` is no customer of its own and no part match either.
    let json = c.json(&with(["--customer", "acme corp"]));
    assert!(json.to_string().contains("Acme Corp"), "{json}");
    c.refused(&with(["--customer", "acme"]), "did you mean `Acme Corp`?");
}

#[test]
fn reprioritize_refuses_a_type_typo() {
    let dir = tempfile::tempdir().unwrap();
    let c = cli(&dir);
    c.log_job("Acme Corp", "P3", "a");
    c.refused(
        &["reprioritize", "1", "--priority", "P2", "--type", "maintenace"],
        "did you mean `maintenance`?",
    );
    let out = c.ok(&[
        "reprioritize",
        "1",
        "--priority",
        "P2",
        "--type",
        "MALFUNCTION",
        "--json",
    ]);
    assert!(out.contains("\"malfunction\""), "{out}");
}
