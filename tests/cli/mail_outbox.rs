//! `mail outbox` without a relay: an empty outbox says so, and a retry of a message that
//! is not there, or without `[mail.acknowledge]`, is refused with what to do.

use crate::common::cli::Cli;

#[test]
fn mail_outbox_empty_and_a_retry_of_nothing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(&dir.path().join("jobs.db"), "desk");
    cli.log_job("Acme Corp", "P2", "Pump noise");
    assert_eq!(cli.ok(&["mail", "outbox"]).trim(), "the outbox is empty");
    assert_eq!(cli.json(&["mail", "outbox", "--json"]), serde_json::json!([]));
    cli.refused(&["mail", "outbox", "retry", "7"], "no [mail.acknowledge]");
    let p = dir.path().join("sla.toml");
    std::fs::write(
        &p,
        format!(
            "{}\n[mail.acknowledge]\nsmtp = \"127.0.0.1:9\"\nsecurity = \"plain\"\nfrom = \"desk@us.example\"\n",
            crate::common::example_policy().text
        ),
    )
    .unwrap();
    cli.clone().policy(&p).refused(
        &["mail", "outbox", "retry", "7"],
        "no unsent message 7 in the outbox",
    );
    let err = cli.fails(&["mail", "outbox", "retry"], 2);
    assert!(err.contains("--all"), "{err}");
}
