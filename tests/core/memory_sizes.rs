//! Issue 16: what the dashboard holds per open job, kept within a budget, and the clock
//! log's stored form unchanged by how an entry is held in memory.

use slawatch_core::board::Entry;
use slawatch_core::job::{ClockEntry, ClockText, EventKind, Outcome};
use slawatch_core::policy::ClockKind;
use slawatch_core::sla::ClockState;

#[test]
fn a_clock_log_entry_without_text_is_small() {
    // Was 160 bytes: five `Option<String>` that only pauses and re-prioritisations use.
    assert!(
        std::mem::size_of::<ClockEntry>() <= 48,
        "{} bytes",
        std::mem::size_of::<ClockEntry>()
    );
}

#[test]
fn a_judged_job_fits_its_budget() {
    // Was 664 bytes: 100,000 of them are the dashboard's largest single item.
    assert!(
        std::mem::size_of::<Entry>() <= 640,
        "{} bytes",
        std::mem::size_of::<Entry>()
    );
}

#[test]
fn clock_log_entries_are_written_as_before() {
    let paused = ClockEntry::with_text(
        EventKind::Paused,
        5,
        ClockText {
            reason: Some("waiting on customer".into()),
            ..ClockText::default()
        },
    );
    let re = ClockEntry::with_text(
        EventKind::Reprioritized,
        7,
        ClockText {
            priority: Some("P1".into()),
            job_type: Some("malfunction".into()),
            from_priority: Some("P3".into()),
            from_type: Some("service".into()),
            ..ClockText::default()
        },
    );
    let mut stop = ClockEntry::new(EventKind::Responded, 9);
    stop.out.push(Outcome {
        clock: ClockKind::Respond,
        state: ClockState::Met,
        deadline: None,
        target: 1,
        elapsed: 0,
    });
    let log = vec![paused, re, stop, ClockEntry::new(EventKind::Resumed, 11)];
    let text = serde_json::to_string(&log).unwrap();
    assert_eq!(
        text,
        concat!(
            r#"[{"k":"paused","at":5,"reason":"waiting on customer"},"#,
            r#"{"k":"reprioritized","at":7,"priority":"P1","type":"malfunction","from_priority":"P3","from_type":"service"},"#,
            r#"{"k":"responded","at":9,"out":[{"clock":"respond","state":"met","deadline":null,"target":1,"elapsed":0}]},"#,
            r#"{"k":"resumed","at":11}]"#
        )
    );
    let back: Vec<ClockEntry> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, log);
    // An entry with no text equals one whose text was set empty.
    let mut emptied = log[0].clone();
    emptied.set_text(ClockText::default());
    assert_eq!(emptied, ClockEntry::new(EventKind::Paused, 5));
    assert_eq!(emptied.reason(), None);
    assert_eq!(log[1].text().from_type.as_deref(), Some("service"));
}
