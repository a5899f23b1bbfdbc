//! PagerDuty Events API v2 bodies in (`POST /api/v1/integrations/pagerduty`): the
//! routing key is an integration token; trigger logs a job with the CLI's deadlines,
//! the same dedup_key again is the same job, acknowledge responds, resolve resolves.

use serde_json::{Value, json};

use super::Server;

/// What Alertmanager's `pagerduty_configs` sends for a firing alert.
fn trigger(key: &str, dedup: Option<&str>, severity: &str) -> Value {
    let mut b = json!({
        "routing_key": key,
        "event_action": "trigger",
        "payload": {
            "summary": "[FIRING:1] DiskFull db-1",
            "source": "db-1.example",
            "severity": severity,
            "component": "postgres",
            "group": "storage",
            "class": "disk",
            // Two minutes before the server's scripted now: within max_skew.
            "timestamp": "2026-11-16T09:58:00+01:00",
            "custom_details": {"firing": "labels: alertname=DiskFull"}
        },
        "client": "Alertmanager",
        "client_url": "http://alertmanager.example/",
        "links": [{"href": "http://grafana.example/d/1", "text": "dashboard"}],
        "images": []
    });
    if let Some(d) = dedup {
        b["dedup_key"] = json!(d);
    }
    b
}

fn event(key: &str, action: &str, dedup: &str) -> Value {
    json!({"routing_key": key, "event_action": action, "dedup_key": dedup})
}

/// The servers' scripted clock: Monday 2026-11-16 10:00 +01:00, in business hours.
const NOW: i64 = 1_794_819_600;

fn pd_server() -> Server {
    Server::start_with(|cli| cli.at(NOW))
}

const PD: &str = "/api/v1/integrations/pagerduty";

fn integration(s: &Server) -> String {
    s.token(&["--integration", "alertmanager", "--customer", "Acme Corp"])
}

#[test]
fn pd_trigger_logs_a_job_with_the_cli_deadlines_and_repeats_are_the_same_job() {
    let s = pd_server();
    let key = integration(&s);
    let r = s.call("POST", PD, None, Some(trigger(&key, Some("disk-db-1"), "error")));
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.body["status"], "success", "{}", r.body);
    assert_eq!(r.body["message"], "Event processed");
    assert_eq!(r.body["dedup_key"], "disk-db-1");
    let listed = s.call("GET", "/api/v1/jobs", Some(&key), None);
    let jobs = listed.body["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 1, "{}", listed.body);
    let id = jobs[0]["id"].as_i64().unwrap();
    let shown = s.cli.json(&["show", &id.to_string(), "--json"]);
    assert_eq!(shown["job"]["priority"], "P2", "error → P2 by default: {shown}");
    assert_eq!(shown["job"]["summary"], "[FIRING:1] DiskFull db-1");
    assert_eq!(shown["job"]["created_by"], "alertmanager");
    assert_eq!(shown["job"]["asset"], "db-1.example", "the source is the asset");
    assert_eq!(
        api_created_at(&s, &key, id),
        "2026-11-16T09:58:00+01:00",
        "the clock starts at payload.timestamp"
    );
    let api = s.call("GET", &format!("/api/v1/jobs/{id}"), Some(&key), None);
    assert_eq!(api.status, 200, "{}", api.body);
    let deadlines = |v: &Value| -> Vec<(Value, Value)> {
        v["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["clock"].clone(), c["deadline"].clone()))
            .collect()
    };
    assert!(!deadlines(&api.body).is_empty(), "{}", api.body);
    assert_eq!(deadlines(&api.body), deadlines(&shown), "the CLI's deadlines");
    // The created event says where the job came from and what started its clock.
    let events = s.call("GET", "/api/v1/events", Some(&key), None);
    let created = events.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["job"] == id && e["kind"] == "created")
        .cloned()
        .unwrap_or_else(|| panic!("{}", events.body));
    assert_eq!(created["data"]["origin"]["pagerduty"]["dedup_key"], "disk-db-1");
    assert_eq!(created["data"]["origin"]["pagerduty"]["start"], "timestamp");
    // Again: the same job, no second one.
    let again = s.call("POST", PD, None, Some(trigger(&key, Some("disk-db-1"), "error")));
    assert_eq!(again.status, 202, "{}", again.body);
    let all = s.call("GET", "/api/v1/jobs?status=all", Some(&key), None);
    assert_eq!(all.body["jobs"].as_array().unwrap().len(), 1, "{}", all.body);
    // Without a dedup_key one is made and returned.
    // A timestamp far off receipt (a wrong clock) does not start the clock: receipt does.
    let mut off = trigger(&key, None, "info");
    off["payload"]["timestamp"] = json!("2026-11-10T09:58:00+01:00");
    let fresh = s.call("POST", PD, None, Some(off));
    assert_eq!(fresh.status, 202, "{}", fresh.body);
    assert!(
        fresh.body["dedup_key"].as_str().is_some_and(|k| !k.is_empty()),
        "{}",
        fresh.body
    );
    let events = s.call(
        "GET",
        &format!("/api/v1/events?after={}", created["id"]),
        Some(&key),
        None,
    );
    let second = events.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "created")
        .cloned()
        .unwrap_or_else(|| panic!("{}", events.body));
    let origin = &second["data"]["origin"]["pagerduty"];
    assert_eq!(origin["start"], "received", "{origin}");
    assert_eq!(origin["dedup_key"], fresh.body["dedup_key"], "{origin}");
    assert!(
        second["at"].as_str().unwrap().starts_with("2026-11-16T10:00"),
        "{second}"
    );
}

fn api_created_at(s: &Server, key: &str, id: i64) -> Value {
    s.call("GET", &format!("/api/v1/jobs/{id}"), Some(key), None).body["job"]["created_at"].clone()
}

#[test]
fn pd_acknowledge_responds_and_resolve_resolves_with_bearer_too() {
    let s = pd_server();
    let key = integration(&s);
    let r = s.call("POST", PD, None, Some(trigger(&key, Some("k1"), "critical")));
    assert_eq!(r.status, 202, "{}", r.body);
    let ack = s.call("POST", PD, None, Some(event(&key, "acknowledge", "k1")));
    assert_eq!(ack.status, 202, "{}", ack.body);
    let jobs = s.call("GET", "/api/v1/jobs", Some(&key), None);
    let job = &jobs.body["jobs"][0];
    assert!(!job["job"]["responded_at"].is_null(), "{job}");
    // A second acknowledge changes nothing and is still accepted.
    let ack2 = s.call("POST", PD, None, Some(event(&key, "acknowledge", "k1")));
    assert_eq!(ack2.status, 202, "{}", ack2.body);
    // The same body with the key as a bearer token (and in the body) is taken too.
    let res = s.call("POST", PD, Some(&key), Some(event(&key, "resolve", "k1")));
    assert_eq!(res.status, 202, "{}", res.body);
    let all = s.call("GET", "/api/v1/jobs?status=closed", Some(&key), None);
    assert_eq!(all.body["jobs"][0]["job"]["status"], "resolved", "{}", all.body);
    // An unknown dedup_key: accepted, as PagerDuty does, and nothing happens.
    let unknown = s.call("POST", PD, None, Some(event(&key, "resolve", "nope")));
    assert_eq!(unknown.status, 202, "{}", unknown.body);
}

#[test]
fn pd_bad_bodies_are_400_with_errors_and_wrong_keys_are_refused() {
    let s = pd_server();
    let key = integration(&s);
    let mut b = trigger(&key, Some("x"), "fatal");
    b["payload"].as_object_mut().unwrap().remove("summary");
    let r = s.call("POST", PD, None, Some(b));
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["status"], "invalid event", "{}", r.body);
    let errors = r.body["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e.as_str().unwrap().contains("summary")),
        "{}",
        r.body
    );
    assert!(
        errors.iter().any(|e| e.as_str().unwrap().contains("severity")),
        "{}",
        r.body
    );
    let ack_no_key = s.call(
        "POST",
        PD,
        None,
        Some(json!({"routing_key": key, "event_action": "acknowledge"})),
    );
    assert_eq!(ack_no_key.status, 400, "{}", ack_no_key.body);
    let not_json = s.raw("POST", PD, None, b"{not json");
    assert_eq!(not_json.status, 400, "{}", not_json.body);
    // A made-up key and a user's token as the routing key: the same answer, which
    // does not tell whether the key exists.
    let anna = s.token(&["--user", "anna"]);
    let fake = s.call(
        "POST",
        PD,
        None,
        Some(trigger("slw_made_up_key", Some("y"), "error")),
    );
    let user = s.call("POST", PD, None, Some(trigger(&anna, Some("y"), "error")));
    assert_eq!(fake.status, 400, "{}", fake.body);
    assert_eq!(user.status, fake.status, "{}", user.body);
    assert_eq!(user.body, fake.body);
    let jobs = s.call("GET", "/api/v1/jobs?status=all", Some(&anna), None);
    assert_eq!(
        jobs.body["jobs"].as_array().unwrap().len(),
        1,
        "only Globex's: {}",
        jobs.body
    );
}

#[test]
fn pd_severity_maps_to_the_priority_the_policy_names() {
    let s = Server::start_with(|cli| {
        let dir = cli.db.parent().unwrap().to_path_buf();
        let text = format!(
            "{}\n[api.pagerduty]\nseverity = {{ critical = \"P1\", warning = \"P1\" }}\n",
            crate::common::example_policy().text
        );
        let path = dir.join("sla.toml");
        std::fs::write(&path, text).unwrap();
        cli.policy(&path).at(NOW)
    });
    let key = integration(&s);
    let r = s.call("POST", PD, None, Some(trigger(&key, Some("w"), "warning")));
    assert_eq!(r.status, 202, "{}", r.body);
    let jobs = s.call("GET", "/api/v1/jobs", Some(&key), None);
    assert_eq!(jobs.body["jobs"][0]["job"]["priority"], "P1", "{}", jobs.body);
    // An unknown priority in the mapping is refused with its line and column.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        format!(
            "{}\n[api.pagerduty]\nseverity = {{ critical = \"P9\" }}\n",
            crate::common::example_policy().text
        ),
    )
    .unwrap();
    let out = crate::common::bin()
        .arg("--policy")
        .arg(&bad)
        .args(["policy", "check"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown priority `P9`"), "{err}");
    assert!(err.contains(':'), "{err}");
}

#[test]
fn pd_trigger_after_resolve_with_the_same_dedup_key_is_a_new_job() {
    // Alertmanager's dedup_key is its alert group's: the same again when the alert
    // fires anew after it was resolved. PagerDuty then opens a new incident.
    let s = pd_server();
    let key = integration(&s);
    let first = s.call("POST", PD, None, Some(trigger(&key, Some("grp"), "error")));
    assert_eq!(first.status, 202, "{}", first.body);
    let res = s.call("POST", PD, None, Some(event(&key, "resolve", "grp")));
    assert_eq!(res.status, 202, "{}", res.body);
    let again = s.call("POST", PD, None, Some(trigger(&key, Some("grp"), "error")));
    assert_eq!(again.status, 202, "{}", again.body);
    let open = s.call("GET", "/api/v1/jobs", Some(&key), None);
    let open = open.body["jobs"].as_array().unwrap().clone();
    assert_eq!(open.len(), 1, "a new open job: {open:?}");
    let closed = s.call("GET", "/api/v1/jobs?status=closed", Some(&key), None);
    assert_eq!(
        closed.body["jobs"].as_array().unwrap().len(),
        1,
        "{}",
        closed.body
    );
    assert_ne!(open[0]["id"], closed.body["jobs"][0]["id"]);
    // The key now names the new job.
    let ack = s.call("POST", PD, None, Some(event(&key, "acknowledge", "grp")));
    assert_eq!(ack.status, 202, "{}", ack.body);
    let id = open[0]["id"].as_i64().unwrap();
    let now = s.call("GET", &format!("/api/v1/jobs/{id}"), Some(&key), None);
    assert!(!now.body["job"]["responded_at"].is_null(), "{}", now.body);
}

#[test]
fn pd_a_body_over_the_limit_is_413() {
    let s = pd_server();
    let key = integration(&s);
    let mut b = trigger(&key, Some("big"), "error");
    b["payload"]["custom_details"] = json!("x".repeat(200 * 1024));
    let r = s.call("POST", PD, None, Some(b));
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.body["status"], "invalid event", "{}", r.body);
}
