//! Every input that once broke a fuzz target, and the committed seeds, fed through the very
//! checks of the fuzz targets (`fuzz/src/lib.rs`) on stable Rust, so CI keeps them fixed
//! without nightly or libFuzzer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../fuzz/src/lib.rs"]
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
fn calendar_batch_inputs() {
    assert!(replay("calendar_batch", checks::calendar_batch_answers) >= 3);
}
