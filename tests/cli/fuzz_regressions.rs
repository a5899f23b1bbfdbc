//! Every input that once broke a fuzz target, and the committed seeds, fed through the very
//! checks of the fuzz targets (`fuzz/src/lib.rs`) on stable Rust, so CI keeps them fixed
//! without nightly or libFuzzer.
use crate::common::{self, example_policy};

#[path = "../../fuzz/src/lib.rs"]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Runs `check` on every file of `fuzz/seeds/TARGET` and `fuzz/regressions/TARGET`, naming
/// each file that fails; returns how many files there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failed = Vec::new();
    let mut count = 0;
    for set in ["seeds", "regressions"] {
        let dir = root.join(set).join(target);
        // Not every target has had a regression.
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            count += 1;
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failed.push(path.display().to_string());
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{target}: these inputs fail again: {failed:#?}"
    );
    count
}

#[test]
fn duration_inputs() {
    assert!(replay("duration", checks::duration) >= 10);
}

#[test]
fn time_inputs() {
    assert!(replay("time", checks::time) >= 10);
}

#[test]
fn policy_inputs() {
    assert!(replay("policy", checks::policy) >= 3);
}

#[test]
fn import_inputs() {
    assert!(replay("import", checks::import) >= 3);
}

#[test]
fn mail_inputs() {
    assert!(replay("mail", checks::mail) >= 10);
}

#[test]
fn calendar_batch_inputs() {
    assert!(replay("calendar_batch", checks::calendar_batch_answers) >= 3);
}

/// Found by fuzzing `calendar_batch`: one request line that is not UTF-8 stopped the whole batch
/// (exit 1, "stream did not contain valid UTF-8") after the answers before it, so a script
/// lost every later answer. Now that line alone answers `error: …`, on the real binary.
#[test]
fn batch_answers_a_line_that_is_not_utf8_and_goes_on() {
    use std::io::Write;
    use std::process::Stdio;
    let policy = example_policy().path;
    let mut child = common::bin()
        .args(["calendar", "batch", "--calendar", "office", "--policy"])
        .arg(policy)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = b"add 2026-11-20T15:30:00+01:00 60\nadd 2026-11-20T15:30:00+01:00 caf\xe9\nelapsed 2026-11-20T15:30:00+01:00 2026-11-23T09:00:00+01:00\n";
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let answers: Vec<&str> = stdout.lines().collect();
    assert_eq!(answers.len(), 3, "{stdout}");
    assert_eq!(answers[0], "2026-11-23T08:30:00+01:00");
    assert_eq!(
        answers[1],
        "error: the request is not UTF-8 text (bad byte at column 34) — write it as UTF-8"
    );
    assert_eq!(answers[2], "90");
}

/// Found by fuzzing `import`: the CSV reader dates a row from before the blank lines it skips,
/// so a rejected row after a blank line was reported on the blank line. On the real binary.
#[test]
fn import_names_the_line_of_a_row_after_blank_lines() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("jobs.csv");
    std::fs::write(
        &csv,
        "customer,priority,summary\n\nAcme Corp,P1,Pump down\r\n\r\n\r\nGlobex,P9,Bad priority\n",
    )
    .unwrap();
    let out = common::bin()
        .arg("import")
        .arg(&csv)
        .env("SLAWATCH_DB", dir.path().join("jobs.db"))
        .env("SLAWATCH_POLICY", example_policy().path)
        .env("SLAWATCH_USER", "anna")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Imported 1 job "));
    let rejected = format!("{}:6: rejected: ", csv.display());
    assert!(stderr.contains(&rejected) && stderr.contains("`P9`"), "{stderr}");
}
