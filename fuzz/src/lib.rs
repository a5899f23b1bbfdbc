//! What each fuzz target checks, one function per target taking the raw fuzz input.
//!
//! Kept apart from the `fuzz_target!` wrappers so that `tests/cli/fuzz_regressions.rs` in the main
//! crate runs the very same checks on the saved inputs on stable Rust (it includes this file by
//! path). Each function panics when slawatch panics or breaks the target's promise.

use std::sync::LazyLock;

use chrono_tz::{TZ_VARIANTS, Tz};
use slawatch::cli::calendar_batch;
use slawatch::intake::import::{Format, parse_rows};
use slawatch_core::policy::{Policy, parse_policy};
use slawatch_core::time::duration::{Window, format_secs, parse_secs, parse_window};
use slawatch_core::time::instant::{TimeError, parse_instant, rfc3339};

/// The duration parser: what parses formats back and re-parses to the same value, and
/// `parse_secs` agrees with `parse_window`.
pub fn duration(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let window = parse_window(text);
    match &window {
        Ok(Window::Business(secs)) => {
            assert!((0..=100_000 * 3600).contains(secs), "{text:?} -> {secs}");
            let shown = format_secs(*secs);
            assert_eq!(
                parse_window(&shown),
                Ok(Window::Business(*secs)),
                "{text:?} -> {shown:?}"
            );
        }
        Ok(w @ Window::BusinessDays(n)) => {
            assert!(*n <= 10_000, "{text:?} -> {n}bd");
            assert_eq!(parse_window(&w.to_string()).as_ref(), Ok(w), "{text:?}");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    match (parse_secs(text), window) {
        (Ok(s), Ok(Window::Business(w))) => assert_eq!(s, w),
        (Err(_), Ok(Window::BusinessDays(_)) | Err(_)) => {}
        (s, w) => panic!("{text:?}: parse_secs {s:?} but parse_window {w:?}"),
    }
}

/// The command line's time parser in a zone (the first two bytes pick one of all IANA zones):
/// an accepted time prints as RFC 3339 that parses back to the same instant, and the two
/// times suggested for a fold both parse, earlier first.
pub fn time(data: &[u8]) {
    let [a, b, rest @ ..] = data else {
        return;
    };
    let zone: Tz = TZ_VARIANTS[usize::from(u16::from_le_bytes([*a, *b])) % TZ_VARIANTS.len()];
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match parse_instant(text, &zone) {
        Ok(t) => {
            for shown_in in [zone, chrono_tz::UTC] {
                let shown = rfc3339(t, &shown_in);
                assert_eq!(
                    parse_instant(&shown, &zone),
                    Ok(t),
                    "{text:?} in {zone} -> {t} -> {shown:?} in {shown_in}"
                );
            }
        }
        Err(TimeError::Ambiguous { earlier, later, .. }) => {
            let e = parse_instant(&earlier, &zone);
            let l = parse_instant(&later, &zone);
            assert!(
                matches!((&e, &l), (Ok(e), Ok(l)) if e < l),
                "{text:?} in {zone}: the suggested {earlier:?} {e:?} and {later:?} {l:?}"
            );
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// 2026-11-20T10:00:00Z: any instant inside the engine's years would do.
const START: i64 = 1_795_168_800;

/// The policy loader: every refusal names a line and column inside the file; an accepted
/// policy places a deadline (or says it lies beyond 2299) for each window of each tier.
pub fn policy(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_policy("sla.toml", text) {
        Ok(policy) => {
            assert!(!policy.summary().is_empty());
            for tier in policy.tiers.values() {
                for window in tier.windows.iter().flatten() {
                    // None (beyond 2299) is a legitimate answer; the call must just return.
                    let _ = match *window {
                        Window::Business(secs) => tier.calendar.add(START, secs),
                        Window::BusinessDays(n) => tier.calendar.business_days_end(START, n),
                    };
                }
            }
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "a refusal without a reason");
            let lines = text.split('\n').count();
            for d in &e.diagnostics {
                assert!(
                    (1..=lines).contains(&d.line) && d.col >= 1,
                    "{}:{} outside the {lines}-line file: {}",
                    d.line,
                    d.col,
                    d.message
                );
                assert!(
                    !d.message.trim().is_empty(),
                    "an empty message at {}:{}",
                    d.line,
                    d.col
                );
            }
            let shown = e.to_string();
            assert!(shown.starts_with("sla.toml:"), "{shown}");
        }
    }
}

/// The import parser (the first byte picks CSV or JSON lines, and the zone): every row names
/// a line of the input that is not blank, in order; accepted rows have customer, priority and
/// summary; only a CSV header stops the whole import, and it says line 1.
pub fn import(data: &[u8]) {
    let [pick, rest @ ..] = data else {
        return;
    };
    let format = if pick & 1 == 0 {
        Format::Csv
    } else {
        Format::JsonLines
    };
    let zone: Tz = TZ_VARIANTS[usize::from(pick >> 1) % TZ_VARIANTS.len()];
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let lines = text.split('\n').count();
    match parse_rows(text, format, &zone) {
        Ok(rows) => {
            let mut last = 0;
            for (line, row) in &rows {
                assert!(
                    (1..=lines).contains(line),
                    "{format:?}: row at line {line} of a {lines}-line input: {row:?}"
                );
                // A lone CR ends a CSV record too (old Mac files), so two rows may share a line.
                let in_order = if format == Format::Csv {
                    *line >= last
                } else {
                    *line > last
                };
                assert!(in_order, "{format:?}: line {line} after line {last}");
                let named = text.split('\n').nth(line - 1).unwrap_or_default();
                assert!(
                    !named.bytes().all(|b| b == b'\r'),
                    "{format:?}: a row reported on the blank line {line}: {row:?}"
                );
                last = *line;
                match row {
                    Ok(job) => {
                        for (name, v) in [
                            ("customer", &job.customer),
                            ("priority", &job.priority),
                            ("summary", &job.summary),
                        ] {
                            assert!(!v.trim().is_empty(), "line {line}: accepted with an empty {name}");
                        }
                    }
                    Err(e) => assert!(!e.trim().is_empty(), "line {line}: a refusal without a reason"),
                }
            }
        }
        Err(e) => {
            assert_eq!(format, Format::Csv, "only a CSV header can stop the whole import");
            // The header is the first line that is not blank, and the message names it.
            let header = text
                .split('\n')
                .position(|l| !l.bytes().all(|b| b == b'\r'))
                .map_or(1, |i| i + 1);
            assert!(e.starts_with(&format!("line {header}: ")), "{e}");
        }
    }
}

static EXAMPLE: LazyLock<Policy> = LazyLock::new(|| {
    parse_policy("sla.toml.example", include_str!("../../sla.toml.example"))
        .unwrap_or_else(|e| panic!("the example policy must load: {e}"))
});

/// `slawatch calendar batch` on a calendar of sla.toml.example (the first byte picks it):
/// exactly one answer line per request line, each an instant, minutes or `error: …`.
pub fn calendar_batch_answers(data: &[u8]) {
    let [pick, input @ ..] = data else {
        return;
    };
    let calendars: Vec<_> = EXAMPLE.calendars.values().collect();
    let cal = calendars[usize::from(*pick) % calendars.len()];
    let mut out = Vec::new();
    let result = calendar_batch(cal, &EXAMPLE, input, &mut out);
    assert!(result.is_ok(), "batch stopped: {result:?}");
    let Ok(out) = String::from_utf8(out) else {
        panic!("the answers are not UTF-8");
    };
    let requests =
        input.split(|b| *b == b'\n').count() - usize::from(input.ends_with(b"\n") || input.is_empty());
    let answers: Vec<&str> = out.lines().collect();
    assert_eq!(
        answers.len(),
        requests,
        "{requests} requests but answers {answers:?}"
    );
    for a in answers {
        let well_formed = a.starts_with("error: ")
            || parse_instant(a, &EXAMPLE.display_tz).is_ok()
            || a.parse::<f64>().is_ok_and(|m| m >= 0.0);
        assert!(well_formed, "answer {a:?}");
    }
}

/// A store for the `mail` target, one per thread (libFuzzer runs one), in a temp dir kept
/// as long as the store.
struct MailDesk {
    store: slawatch_store::Store,
    _dir: tempfile::TempDir,
}

thread_local! {
    static MAIL_DESK: std::cell::RefCell<Option<MailDesk>> = const { std::cell::RefCell::new(None) };
}

/// The whole mail intake (`parse` and `ingest`) on a store, with sla.toml.example (its
/// `[mail]` section and the Acme contract's `mail` list: known and unknown senders):
/// NotMail exactly when `not_mail` says so, else an outcome in the mail log under its
/// message id, a job's summary and a held reason free of control characters, and the same
/// bytes again a duplicate of the same job, never a second one.
pub fn mail(data: &[u8]) {
    use slawatch::intake::mail::{IngestError, Source, ingest, not_mail, parse};
    use slawatch_store::Taken;
    let _ = parse(data);
    MAIL_DESK.with(|cell| {
        let mut cell = cell.borrow_mut();
        let desk = cell.get_or_insert_with(|| {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("a temp dir: {e}"));
            let store = slawatch_store::Store::open(&dir.path().join("mail.db"))
                .unwrap_or_else(|e| panic!("the store: {e}"));
            MailDesk { store, _dir: dir }
        });
        let store = &mut desk.store;
        let first = ingest(store, &EXAMPLE, data, START, START, &Source::Pipe);
        let out = match (first, not_mail(data)) {
            (Err(IngestError::NotMail(_)), Some(_)) => return,
            (Ok(out), None) => out,
            (other, why) => panic!("ingest {other:?} but not_mail {why:?}"),
        };
        let log = store.mail_log(1).unwrap_or_else(|e| panic!("the mail log: {e}"));
        assert!(
            log.last().is_some_and(|r| r.message_id == out.message_id),
            "{} not last in the log: {log:?}",
            out.message_id
        );
        let clean = |s: &str| !s.chars().any(char::is_control);
        if let Taken::Created(id) = out.taken {
            let job = store.job(id).unwrap_or_else(|e| panic!("job {id}: {e}"));
            assert!(clean(&job.summary), "summary {:?}", job.summary);
        }
        if let Some(r) = &out.reason {
            assert!(clean(r), "reason {r:?}");
        }
        let again = ingest(store, &EXAMPLE, data, START, START, &Source::Pipe)
            .unwrap_or_else(|e| panic!("the same mail again: {e}"));
        let job = match out.taken {
            Taken::Duplicate(j) => j,
            t => t.job(),
        };
        assert_eq!(again.taken, Taken::Duplicate(job), "the same mail again");
    });
}
