//! Webhooks out, end to end: the real binary logs and watches jobs, and a receiver in
//! the test (`receiver.rs`) records each POST, answers 200 or 500 on demand and checks
//! the signature with its own HMAC over "{t}.{body}".

pub(crate) mod receiver;

use std::net::TcpListener;
use std::time::Duration;

use crate::common::cli::Cli;
use receiver::{Got, MIN, Receiver, SECRET, SECRET_ENV, assert_signed, desk, log, wait_for};

#[test]
fn webhooks_created_is_delivered_once_signed() {
    let rx = Receiver::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let c = desk(dir.path(), rx.port, "\"created\"");
    let job = log(&c, "Chiller <tripped>");
    c.ok(&["webhooks", "deliver"]);
    c.ok(&["webhooks", "deliver"]);
    let got = rx.got();
    assert_eq!(got.len(), 1, "one delivery, not repeated: {got:?}");
    let g = &got[0];
    assert_signed(g);
    assert_eq!(g.headers["content-type"], "application/json");
    assert!(
        g.headers["user-agent"].starts_with("slawatch/"),
        "{:?}",
        g.headers
    );
    let v = g.json();
    assert_eq!(v["kind"], "created");
    assert_eq!(v["job"]["id"], job);
    assert_eq!(v["job"]["customer"], "Acme Corp");
    assert_eq!(v["job"]["tier"], "critical");
    assert_eq!(v["job"]["summary"], "Chiller <tripped>");
    assert_eq!(v["job"]["status"], "open");
    assert_eq!(g.headers["slawatch-event-id"], v["id"].to_string());
    assert_eq!(v["hash"].as_str().unwrap().len(), 64, "{v}");
    assert_eq!(v["clock"], "respond");
    assert_eq!(v["state"], "running");
    assert!(v["deadline"].as_str().is_some(), "{v}");
    // The event's chain hash, as `verify` and the events export know it.
    let events = c.ok(&["export", "--events", "--format", "json"]);
    assert!(events.contains(v["hash"].as_str().unwrap()), "{events}");
    let status = c.json(&["webhooks", "status", "--json"]);
    assert_eq!(status[0]["delivered"], 1, "{status}");
    assert_eq!(status[0]["pending"], 0, "{status}");
}

#[test]
fn webhooks_a_warning_and_a_breach_found_by_watch_go_out_once_each() {
    let rx = Receiver::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let c = desk(dir.path(), rx.port, "\"warning\", \"breach\"");
    let l = slawatch::service::clock::now() - 3 * 3600;
    log(&c.clone().at(l), "Pump down");
    // Just past 75 % of the 30-minute respond window: the watcher finds 50 % and 75 %.
    c.clone().at(l + 23 * MIN).ok(&["watch", "--once"]);
    c.clone().at(l + 23 * MIN + 5).ok(&["watch", "--once"]);
    // Past the deadline: the breach.
    c.clone().at(l + 31 * MIN).ok(&["watch", "--once"]);
    c.clone().at(l + 31 * MIN + 5).ok(&["webhooks", "deliver"]);
    let got = rx.got();
    let mut ids: Vec<i64> = got.iter().map(|g| g.json()["id"].as_i64().unwrap()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "every event once: {got:?}");
    let kinds: Vec<(String, String)> = got
        .iter()
        .map(|g| {
            let v = g.json();
            (v["kind"].as_str().unwrap().to_owned(), v["threshold"].to_string())
        })
        .collect();
    assert!(kinds.contains(&("warning".into(), "0.75".into())), "{kinds:?}");
    assert!(kinds.contains(&("breach".into(), "1.0".into())), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| k.0 == "breach").count(), 1, "{kinds:?}");
    for g in &got {
        assert_signed(g);
        let v = g.json();
        assert_eq!(v["clock"], "respond", "{v}");
        assert!(v["deadline"].as_str().is_some(), "{v}");
    }
    let breach = got.iter().find(|g| g.json()["kind"] == "breach").unwrap().json();
    assert_eq!(breach["state"], "breached", "{breach}");
}

#[test]
fn webhooks_a_failing_receiver_is_retried_then_delivered_once() {
    let rx = Receiver::start(Duration::ZERO);
    rx.answer(500);
    let dir = tempfile::tempdir().unwrap();
    let c = desk(dir.path(), rx.port, "\"created\"");
    let now = slawatch::service::clock::now();
    log(&c.clone().at(now), "Lift stuck");
    c.clone().at(now + 1).ok(&["webhooks", "deliver"]);
    assert_eq!(rx.got().len(), 1);
    let status = c.clone().at(now + 2).ok(&["webhooks", "status"]);
    assert!(status.contains("failing 1"), "{status}");
    assert!(
        status.contains("HTTP 500") && status.contains("next try"),
        "{status}"
    );
    // Not due yet: nothing is sent before the backoff runs out.
    c.clone().at(now + 3).ok(&["webhooks", "deliver"]);
    assert_eq!(rx.got().len(), 1, "the retry waits for its backoff");
    rx.answer(200);
    c.clone().at(now + 20).ok(&["webhooks", "deliver"]);
    c.clone().at(now + 200).ok(&["webhooks", "deliver"]);
    let got = rx.got();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].body, got[1].body, "a retry sends the same bytes");
    assert_eq!(got.iter().filter(|g| g.status == 200).count(), 1);
    assert_signed(&got[1]);
    let status = c.clone().at(now + 201).ok(&["webhooks", "status"]);
    assert!(
        status.contains("delivered 1, pending 0, failing 0, dead 0"),
        "{status}"
    );
}

#[test]
fn webhooks_a_missing_secret_or_a_closed_port_is_a_recorded_failure() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on this port once the listener is dropped.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = desk(dir.path(), port, "\"created\"");
    log(&c, "Door jammed");
    let bare = Cli {
        env: Vec::new(),
        ..c.clone()
    };
    bare.ok(&["webhooks", "deliver"]);
    let status = bare.json(&["webhooks", "status", "--json"]);
    let err = status[0]["failing"][0]["last_error"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        err.contains(SECRET_ENV),
        "the failure names the variable: {status}"
    );
    let id = status[0]["failing"][0]["id"].as_i64().unwrap().to_string();
    c.ok(&["webhooks", "retry", &id]);
    c.ok(&["webhooks", "deliver"]);
    let status = c.json(&["webhooks", "status", "--json"]);
    let err = status[0]["failing"][0]["last_error"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        err.contains(&format!("127.0.0.1:{port}")),
        "the failure names the receiver: {status}"
    );
    assert_eq!(status[0]["failing"][0]["tries"], 2, "{status}");
}

#[test]
fn webhooks_two_delivering_processes_send_each_event_once() {
    let rx = Receiver::start(Duration::from_millis(20));
    let dir = tempfile::tempdir().unwrap();
    let c = desk(dir.path(), rx.port, "\"created\"");
    for i in 0..24 {
        log(&c, &format!("job {i}"));
    }
    let mut a = c.command(&["webhooks", "deliver"]).spawn().unwrap();
    let mut b = c.command(&["webhooks", "deliver"]).spawn().unwrap();
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    c.ok(&["webhooks", "deliver"]);
    let got = rx.got();
    let mut ids: Vec<String> = got
        .iter()
        .map(|g| g.headers["slawatch-event-id"].clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(got.len(), 24, "{ids:?}");
    assert_eq!(ids.len(), 24, "each event exactly once");
}

#[test]
fn webhooks_a_receiver_down_for_a_day_is_given_up_until_retried() {
    let rx = Receiver::start(Duration::ZERO);
    rx.answer(500);
    let dir = tempfile::tempdir().unwrap();
    let c = desk(dir.path(), rx.port, "\"created\"");
    let now = slawatch::service::clock::now();
    log(&c.clone().at(now), "Boiler out");
    c.clone().at(now + 1).ok(&["webhooks", "deliver"]);
    c.clone().at(now + 86_390).ok(&["webhooks", "deliver"]);
    let status = c.clone().at(now + 86_391).ok(&["webhooks", "status"]);
    assert!(status.contains("dead 1"), "{status}");
    assert!(status.contains("webhooks retry"), "{status}");
    // Dead stays dead: no more tries by itself.
    c.clone().at(now + 90_000).ok(&["webhooks", "deliver"]);
    assert_eq!(rx.got().len(), 2);
    rx.answer(200);
    c.clone().at(now + 90_001).ok(&["webhooks", "retry", "--all"]);
    c.clone().at(now + 90_002).ok(&["webhooks", "deliver"]);
    let status = c.clone().at(now + 90_003).ok(&["webhooks", "status"]);
    assert!(
        status.contains("delivered 1, pending 0, failing 0, dead 0"),
        "{status}"
    );
    assert_eq!(rx.got().len(), 3);
}

#[test]
fn webhooks_the_desk_actions_asked_for_go_out_and_no_others() {
    let rx = Receiver::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let all = "\"created\", \"warning\", \"breach\", \"escalated\", \"acknowledged\", \"resolved\"";
    let c = desk(dir.path(), rx.port, all);
    let job = log(&c, "Server room hot").to_string();
    c.ok(&["respond", &job]);
    c.ok(&["note", &job, "called the customer"]);
    c.ok(&["escalate", &job]);
    c.ok(&["ack", &job]);
    c.ok(&["resolve", &job]);
    c.ok(&["webhooks", "deliver"]);
    let kinds: Vec<String> = rx
        .got()
        .iter()
        .map(|g| g.json()["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["created", "escalated", "acknowledged", "resolved"]);
}

#[test]
fn webhooks_the_dashboard_sends_what_it_crosses_and_what_others_record() {
    use crate::common::tmux::Tui;
    let rx = Receiver::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let c = desk(dir.path(), rx.port, "\"created\", \"warning\"");
    let l = slawatch::service::clock::now() - 3 * 3600;
    log(&c.clone().at(l), "Chiller tripped");
    let (db, policy) = (c.db.display().to_string(), c.policy.display().to_string());
    let now = (l + 23 * MIN).to_string();
    let tui = Tui::start_with(
        "webhooks",
        &[
            ("SLAWATCH_USER", "demo"),
            ("SLAWATCH_NOW", &now),
            (SECRET_ENV, SECRET),
        ],
        &["--db", &db, "--policy", &policy],
    );
    tui.wait("1 open", 30, "the dashboard shows the job");
    let kinds = |got: &[Got]| -> Vec<String> {
        got.iter()
            .map(|g| format!("{} {}", g.json()["kind"].as_str().unwrap(), g.json()["threshold"]))
            .collect()
    };
    wait_for(
        &rx,
        20,
        "the dashboard's sender delivers the crossing it found",
        |g| kinds(g).contains(&"warning 0.75".to_owned()),
    );
    // A job another process logs goes out from the dashboard too.
    log(&c.clone().at(l + 23 * MIN), "Second chiller");
    wait_for(&rx, 20, "the second job's created event", |g| {
        g.iter().filter(|g| g.json()["kind"] == "created").count() == 2
    });
    tui.keys(&["q"]);
    assert_eq!(tui.wait_exit(15), "0", "the dashboard exits cleanly");
    let got = rx.got();
    let mut ids: Vec<i64> = got.iter().map(|g| g.json()["id"].as_i64().unwrap()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "each once: {:?}", kinds(&got));
}

#[test]
fn webhooks_one_event_to_two_receivers_names_the_hook_in_its_id() {
    let (one, two) = (Receiver::start(Duration::ZERO), Receiver::start(Duration::ZERO));
    // The second receiver is dead: the first gets its delivery regardless.
    two.answer(500);
    let dir = tempfile::tempdir().unwrap();
    let c = desk(dir.path(), one.port, "\"created\"");
    let mut text = std::fs::read_to_string(&c.policy).unwrap();
    text.push_str(&format!(
        "\n[[webhooks]]\nurl = \"http://localhost:{}/other\"\nevents = [\"created\"]\nsecret_env = \"{SECRET_ENV}\"\n",
        two.port
    ));
    std::fs::write(&c.policy, text).unwrap();
    let job = log(&c, "Fan noisy");
    c.ok(&["webhooks", "deliver"]);
    let (a, b) = (one.got(), two.got());
    assert_eq!((a.len(), b.len()), (1, 1));
    let id = a[0].json()["id"].as_i64().unwrap();
    assert_eq!(a[0].json()["job"]["id"], job);
    assert_eq!(a[0].headers["slawatch-event-id"], format!("{id}-1"));
    assert_eq!(b[0].headers["slawatch-event-id"], format!("{id}-2"));
    let status = c.ok(&["webhooks", "status"]);
    assert!(status.contains("delivered 1, pending 0, failing 0"), "{status}");
    assert!(status.contains("delivered 0, pending 0, failing 1"), "{status}");
}

#[test]
fn webhooks_policy_check_counts_them_and_refuses_plain_http_out() {
    let dir = tempfile::tempdir().unwrap();
    let c = desk(dir.path(), 9, "\"created\"");
    let out = crate::common::bin()
        .args(["policy", "check"])
        .arg(&c.policy)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("1 webhook"), "{text}");
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains(&format!("{SECRET_ENV} is not set here")), "{note}");
    let bad = std::fs::read_to_string(&c.policy)
        .unwrap()
        .replace("http://127.0.0.1:9/hook", "http://hooks.example/hook");
    std::fs::write(&c.policy, bad).unwrap();
    let out = crate::common::bin()
        .args(["policy", "check"])
        .arg(&c.policy)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("sla.toml:") && err.contains("plain http to another machine"),
        "{err}"
    );
    assert!(err.contains("https://hooks.example/hook"), "{err}");
}

#[test]
fn webhooks_a_customer_filter_sends_only_that_customers_jobs() {
    let rx = Receiver::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let c = desk(dir.path(), rx.port, "\"created\"");
    let mut text = std::fs::read_to_string(&c.policy).unwrap();
    text.push_str("customers = [\"Initech\"]\n");
    std::fs::write(&c.policy, text).unwrap();
    log(&c, "Acme's pump");
    c.ok(&[
        "log",
        "--customer",
        "Initech",
        "--priority",
        "P2",
        "--summary",
        "Initech's printer",
    ]);
    c.ok(&["webhooks", "deliver"]);
    let got = rx.got();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].json()["job"]["customer"], "Initech");
}
