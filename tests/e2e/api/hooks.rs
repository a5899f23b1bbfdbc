//! A job that comes in over the API goes out to the policy's webhooks like one logged at
//! the desk: `serve` keeps its policy's routes — also those an edit of the policy file
//! adds while it runs — so the store queues the delivery in the job's own transaction.

use std::time::Duration;

use serde_json::json;

use super::{Server, acme_job};
use crate::webhooks::receiver::{Receiver, SECRET, SECRET_ENV, assert_signed, policy};

#[test]
fn api_a_posted_job_goes_out_to_the_webhooks_signed() {
    let rx = Receiver::start(Duration::ZERO);
    let hooks = tempfile::tempdir().unwrap();
    // Served first without webhooks; the hook is added by an edit while it runs.
    let file = hooks.path().join("sla.toml");
    std::fs::write(&file, crate::common::example_policy().text).unwrap();
    let s = Server::start_with(|c| c.policy(&file).with(SECRET_ENV, SECRET));
    let anna = s.token(&["--user", "anna"]);
    let with_hook = policy(hooks.path(), rx.port, "\"created\", \"resolved\"");
    assert_eq!(with_hook, file);
    // Posted until the edit is in force (serve looks at the file every 2 s): the store
    // queued a delivery in the job's transaction. Nothing else has loaded the edited
    // policy meanwhile, so the routes can only be serve's.
    let db = rusqlite::Connection::open(s.dir.path().join("jobs.db")).unwrap();
    let until = std::time::Instant::now() + Duration::from_secs(15);
    let id = loop {
        let posted = s.call("POST", "/api/v1/jobs", Some(&anna), Some(acme_job()));
        assert_eq!(posted.status, 201, "{}", posted.body);
        let id = posted.body["job"]["id"].as_i64().unwrap();
        let queued: i64 = db
            .query_row(
                "SELECT count(*) FROM webhook_outbox w JOIN events e ON e.id = w.event WHERE e.job = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        if queued == 1 {
            break id;
        }
        assert!(
            std::time::Instant::now() < until,
            "the edit never applied: {:?}",
            rx.got()
        );
        std::thread::sleep(Duration::from_millis(300));
    };
    let r = s.call(
        "POST",
        &format!("/api/v1/jobs/{id}/actions"),
        Some(&anna),
        Some(json!({"action": "resolve"})),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    s.cli.ok(&["webhooks", "deliver"]);
    let got = rx.got();
    let ours: Vec<_> = got.iter().filter(|g| g.json()["job"]["id"] == id).collect();
    let kinds: Vec<String> = ours
        .iter()
        .map(|g| g.json()["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["created", "resolved"], "{got:?}");
    for g in &ours {
        assert_signed(g);
        assert_eq!(g.json()["job"]["customer"], "Acme Corp");
    }
    assert_eq!(ours[0].json()["job"]["summary"], "printer on fire");
}
