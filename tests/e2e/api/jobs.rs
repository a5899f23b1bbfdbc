//! Jobs in and out: the deadlines the CLI gives, external ids, actions and their
//! conflicts, bad fields with their JSON path, limits, a live policy edit, a clean stop.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Server, acme_job};

#[test]
fn api_posted_job_has_the_deadlines_show_gives_and_external_ids_repeat() {
    let s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let mut body = acme_job();
    body["external_id"] = json!("INC-42");
    let r = s.call("POST", "/api/v1/jobs", Some(&anna), Some(body.clone()));
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let shown = s.cli.json(&["show", &id.to_string(), "--json"]);
    let deadlines = |v: &Value| -> Vec<(Value, Value)> {
        v["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["clock"].clone(), c["deadline"].clone()))
            .collect()
    };
    assert!(!deadlines(&r.body).is_empty(), "{}", r.body);
    assert_eq!(deadlines(&r.body), deadlines(&shown));
    assert_eq!(r.body["job"]["created_at"], "2026-11-16T10:00:00+01:00");
    let again = s.call("POST", "/api/v1/jobs", Some(&anna), Some(body));
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["id"], id, "the same job, not a second one");
    let all = s.call("GET", "/api/v1/jobs?status=all", Some(&anna), None);
    assert_eq!(all.body["jobs"].as_array().unwrap().len(), 2, "{}", all.body);
}

#[test]
fn api_actions_respond_resolve_and_refuse_a_second_resolve() {
    let s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let id = s.call("POST", "/api/v1/jobs", Some(&anna), Some(acme_job())).body["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/jobs/{id}/actions");
    let r = s.call(
        "POST",
        &path,
        Some(&anna),
        Some(json!({"action": "respond", "note": "on it"})),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["event"], "responded");
    assert!(r.body["job"]["responded_at"].is_string(), "{}", r.body);
    let r = s.call("POST", &path, Some(&anna), Some(json!({"action": "resolve"})));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["job"]["status"], "resolved", "{}", r.body);
    let r = s.call("POST", &path, Some(&anna), Some(json!({"action": "resolve"})));
    assert_eq!(r.status, 409, "{}", r.body);
    let why = r.body["error"].as_str().unwrap();
    assert!(why.contains("already resolved by anna"), "{why}");
}

#[test]
fn api_bad_fields_are_422_with_their_json_path() {
    let s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let post = |body: Value| s.call("POST", "/api/v1/jobs", Some(&anna), Some(body));
    let with = |k: &str, v: Value| {
        let mut b = acme_job();
        b[k] = v;
        b
    };
    for (body, path, says) in [
        (
            with("priority", json!("P9")),
            "/priority",
            "unknown priority `P9`",
        ),
        (with("priority", json!(5)), "/priority", "invalid type"),
        (
            with("created_at", json!("yesterday")),
            "/created_at",
            "created_at",
        ),
        (
            with("customer", json!("Acme Crop")),
            "/customer",
            "did you mean `Acme Corp`?",
        ),
        (
            with("summary", json!("x".repeat(5000))),
            "/summary",
            "at most 4096",
        ),
    ] {
        let r = post(body);
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.body["path"], path, "{}", r.body);
        assert!(
            r.body["error"].as_str().unwrap().contains(says),
            "{says}: {}",
            r.body
        );
    }
    let r = post(with("colour", json!("red")));
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["path"], "/colour", "{}", r.body);
    assert!(
        r.body["error"]
            .as_str()
            .unwrap()
            .contains("unknown field `colour`"),
        "{}",
        r.body
    );
    let r = s.call("DELETE", "/api/v1/jobs/1", Some(&anna), None);
    assert_eq!(r.status, 405, "{}", r.body);
    assert!(r.body["error"].as_str().unwrap().contains("DELETE"), "{}", r.body);
    let r = s.raw("POST", "/api/v1/jobs", Some(&anna), b"{\"customer\": ");
    assert_eq!(r.status, 400, "{}", r.body);
    let r = s.call(
        "POST",
        "/api/v1/jobs/1/actions",
        Some(&anna),
        Some(json!({"action": "teleport"})),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["path"], "/action", "{}", r.body);
}

#[test]
fn api_refuses_a_body_over_the_limit() {
    let s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let big = with_note("x".repeat(400 * 1024));
    let r = s.call("POST", "/api/v1/jobs/1/actions", Some(&anna), Some(big));
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(r.body["error"].as_str().unwrap().contains("KB"), "{}", r.body);
}

fn with_note(note: String) -> Value {
    json!({"action": "note", "text": note})
}

#[test]
fn serve_stops_on_sigterm_with_exit_0() {
    let mut s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    assert_eq!(s.call("GET", "/api/v1/jobs/1", Some(&anna), None).status, 200);
    let _ = std::process::Command::new("kill")
        .arg(s.child.id().to_string())
        .status();
    let status = s.child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "a graceful stop: {status:?}");
}

#[test]
fn api_follows_an_edit_of_the_policy_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sla.toml");
    let example = crate::common::example_policy().text;
    std::fs::write(&file, example).unwrap();
    let s = Server::start_with(|c| c.policy(&file));
    let anna = s.token(&["--user", "anna"]);
    let mut p5 = acme_job();
    p5["priority"] = json!("P5");
    let r = s.call("POST", "/api/v1/jobs", Some(&anna), Some(p5.clone()));
    assert_eq!(r.status, 422, "{}", r.body);
    let edited = example.replacen(
        r#"priorities = ["P1", "P2", "P3", "P4"]"#,
        r#"priorities = ["P1", "P2", "P3", "P4", "P5"]"#,
        1,
    );
    assert_ne!(edited, example);
    std::fs::write(&file, edited).unwrap();
    // The server looks every 2 s: a bounded wait.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let r = s.call("POST", "/api/v1/jobs", Some(&anna), Some(p5.clone()));
        if r.status == 201 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the edit never applied: {}",
            r.body
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
