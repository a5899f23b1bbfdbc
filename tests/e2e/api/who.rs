//! Who may call: no, wrong, revoked or expired tokens (401), tokens without the right
//! (403 naming the role), another customer's job (404, never 403).

use serde_json::json;

use super::{Server, acme_job};

#[test]
fn api_refuses_no_token_a_wrong_one_and_a_revoked_one() {
    let s = Server::start();
    let r = s.call("GET", "/api/v1/jobs", None, None);
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(
        r.head.to_lowercase().contains("www-authenticate: bearer"),
        "{}",
        r.head
    );
    assert!(r.body["error"].as_str().unwrap().contains("Bearer"), "{}", r.body);
    let wrong = format!("slw_{}", "0".repeat(64));
    let r = s.call("GET", "/api/v1/jobs", Some(&wrong), None);
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(
        r.body["error"].as_str().unwrap().contains("unknown token"),
        "{}",
        r.body
    );
    let t = s.token(&["--user", "anna"]);
    assert_eq!(s.call("GET", "/api/v1/jobs", Some(&t), None).status, 200);
    s.cli.ok(&["token", "revoke", "1"]);
    let r = s.call("GET", "/api/v1/jobs", Some(&t), None);
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(
        r.body["error"].as_str().unwrap().contains("revoked"),
        "{}",
        r.body
    );
    // Made two days ago to live one hour.
    let now = slawatch::service::clock::now();
    let out =
        s.cli
            .clone()
            .at(now - 2 * 86_400)
            .ok(&["token", "create", "--user", "anna", "--expires", "1h"]);
    let old = out.lines().find(|l| l.starts_with("slw_")).unwrap();
    let r = s.call("GET", "/api/v1/jobs", Some(old), None);
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(
        r.body["error"].as_str().unwrap().contains("expired"),
        "{}",
        r.body
    );
}

#[test]
fn api_customer_token_reads_only_its_own_jobs() {
    let s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let acme = s.token(&["--customer", "Acme Corp"]);
    let r = s.call("POST", "/api/v1/jobs", Some(&acme), Some(acme_job()));
    assert_eq!(r.status, 403, "a customer token cannot log: {}", r.body);
    let r = s.call("POST", "/api/v1/jobs", Some(&anna), Some(acme_job()));
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let r = s.call("GET", &format!("/api/v1/jobs/{id}"), Some(&acme), None);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["job"]["customer"], "Acme Corp");
    // Job 1 is Globex's: not found, never forbidden.
    let r = s.call("GET", "/api/v1/jobs/1", Some(&acme), None);
    assert_eq!(r.status, 404, "{}", r.body);
    let r = s.call(
        "POST",
        "/api/v1/jobs/1/actions",
        Some(&acme),
        Some(json!({"action": "respond"})),
    );
    assert_eq!(r.status, 404, "{}", r.body);
    let r = s.call(
        "GET",
        "/api/v1/jobs?customer=Globex&status=all",
        Some(&acme),
        None,
    );
    let jobs = r.body["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 1, "{}", r.body);
    assert_eq!(jobs[0]["id"], id);
    // Anna sees both, one page at a time.
    let r = s.call("GET", "/api/v1/jobs?limit=1", Some(&anna), None);
    assert_eq!(r.body["jobs"][0]["id"], 1, "{}", r.body);
    assert_eq!(r.body["next_after"], 1);
    let r = s.call("GET", "/api/v1/jobs?limit=1&after=1", Some(&anna), None);
    assert_eq!(r.body["jobs"][0]["id"], id, "{}", r.body);
    let r = s.call("GET", "/api/v1/jobs?status=bogus", Some(&anna), None);
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["path"], "/status", "{}", r.body);
    let r = s.call("GET", "/api/v1/jobs?colour=red", Some(&anna), None);
    assert_eq!(r.status, 422, "unknown parameters are refused too: {}", r.body);
}

#[test]
fn api_action_without_the_role_is_forbidden_naming_it() {
    let s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let bob = s.token(&["--user", "bob"]);
    let acme = s.token(&["--customer", "Acme Corp"]);
    let id = s.call("POST", "/api/v1/jobs", Some(&anna), Some(acme_job())).body["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/jobs/{id}/actions");
    let r = s.call("POST", &path, Some(&acme), Some(json!({"action": "respond"})));
    assert_eq!(r.status, 403, "a customer token records nothing: {}", r.body);
    let r = s.call("POST", &path, Some(&bob), Some(json!({"action": "escalate"})));
    assert_eq!(r.status, 403, "bob holds no role: {}", r.body);
    assert!(
        r.body["error"].as_str().unwrap().contains("dispatch"),
        "{}",
        r.body
    );
    let r = s.call(
        "POST",
        &path,
        Some(&anna),
        Some(json!({"action": "escalate", "level": 2})),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.call("POST", &path, Some(&anna), Some(json!({"action": "ack"})));
    assert_eq!(r.status, 403, "a level-2 ack needs oncall: {}", r.body);
    assert!(r.body["error"].as_str().unwrap().contains("oncall"), "{}", r.body);
    // Anna's escalation is hers to take back, not bob's: he lacks the revoke role.
    let events = s.cli.json(&["show", &id.to_string(), "--json"])["events"].clone();
    let escalated = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "escalated")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let revoke = json!({"action": "revoke", "event": escalated, "reason": "wrong job"});
    let r = s.call("POST", &path, Some(&bob), Some(revoke.clone()));
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body["error"].as_str().unwrap().contains("oncall"), "{}", r.body);
    // The created event cannot be revoked by anyone: a conflict, not a missing role.
    let first = events[0]["id"].as_i64().unwrap();
    let r = s.call(
        "POST",
        &path,
        Some(&anna),
        Some(json!({"action": "revoke", "event": first, "reason": "x"})),
    );
    assert_eq!(r.status, 409, "{}", r.body);
    let r = s.call("POST", &path, Some(&anna), Some(revoke));
    assert_eq!(r.status, 200, "her own, within the window: {}", r.body);
}

#[test]
fn api_integration_token_logs_its_own_customers_jobs_and_ids_are_per_caller() {
    let s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let prom = s.token(&["--integration", "prometheus", "--customer", "Acme Corp"]);
    let mut body = acme_job();
    body["external_id"] = json!("alert-7");
    let r = s.call("POST", "/api/v1/jobs", Some(&prom), Some(body.clone()));
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["job"]["created_by"], "prometheus", "{}", r.body);
    let theirs = r.body["id"].clone();
    // The same external id from another caller is another caller's ticket.
    let r = s.call("POST", "/api/v1/jobs", Some(&anna), Some(body));
    assert_eq!(r.status, 201, "{}", r.body);
    assert_ne!(r.body["id"], theirs);
    let mut globex = acme_job();
    globex["customer"] = json!("Globex");
    let r = s.call("POST", "/api/v1/jobs", Some(&prom), Some(globex));
    assert_eq!(r.status, 403, "{}", r.body);
    let r = s.call(
        "POST",
        &format!("/api/v1/jobs/{theirs}/actions"),
        Some(&prom),
        Some(json!({"action": "respond"})),
    );
    assert_eq!(r.status, 403, "an integration records no action: {}", r.body);
}

#[test]
fn api_the_demo_logger_cannot_log_real_jobs() {
    let s = Server::start();
    let demo = s.token(&["--user", "demo-data"]);
    let r = s.call("POST", "/api/v1/jobs", Some(&demo), Some(acme_job()));
    assert_eq!(r.status, 403, "as `log` refuses it: {}", r.body);
    assert!(r.body["error"].as_str().unwrap().contains("demo"), "{}", r.body);
}
