//! The HTTP API end to end: the real `slawatch serve --listen 127.0.0.1:0` on a temp
//! store with the example policy, spoken to in HTTP/1.1 over a plain `TcpStream`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::cli::Cli;

/// A running server, stopped (SIGTERM, then waited for) when dropped.
struct Server {
    child: Child,
    addr: String,
    cli: Cli,
    _dir: tempfile::TempDir,
}

/// An answer: status, the header block, the body as JSON (`Null` if none).
struct Resp {
    status: u16,
    head: String,
    body: Value,
}

impl Server {
    fn start() -> Self {
        Self::start_with(|c| c)
    }

    /// With the command line (its policy, its clock) as `setup` makes it.
    fn start_with(setup: impl FnOnce(Cli) -> Cli) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let cli = setup(Cli::new(&dir.path().join("jobs.db"), "anna"));
        // A Globex job, for the tests that another customer's token must not see.
        cli.log_job("Globex", "P3", "the other customer's job");
        let mut child = cli
            .command(&["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("no address in `{line}`"))
            .to_owned();
        Self {
            child,
            addr,
            cli,
            _dir: dir,
        }
    }

    /// A new token of `args` (`--user anna`, `--customer Acme Corp`).
    fn token(&self, args: &[&str]) -> String {
        let mut all = vec!["token", "create"];
        all.extend_from_slice(args);
        let out = self.cli.ok(&all);
        out.lines().find(|l| l.starts_with("slw_")).unwrap().to_owned()
    }

    fn raw(&self, method: &str, path: &str, token: Option<&str>, body: &[u8]) -> Resp {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if let Some(t) = token {
            req.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).unwrap();
        // A server refusing a large body may stop reading it: the answer still counts.
        let _ = s.write_all(body);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no HTTP answer: `{text}`"));
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let body = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
        };
        Resp {
            status,
            head: head.to_owned(),
            body,
        }
    }

    fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Resp {
        let bytes = body.map(|b| b.to_string()).unwrap_or_default();
        self.raw(method, path, token, bytes.as_bytes())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM by the child's own id: a graceful stop.
        let _ = std::process::Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn acme_job() -> Value {
    json!({"customer": "Acme Corp", "priority": "P2", "summary": "printer on fire",
           "created_at": "2026-11-16T10:00:00+01:00"})
}

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
}

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
