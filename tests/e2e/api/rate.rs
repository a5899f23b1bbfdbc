//! Per-token rate limits: over `[api] rate` / `burst` a caller is answered 429 with
//! `Retry-After`; another token is unaffected; requests without a known token (guesses)
//! are limited by the address they come from.

use std::time::Duration;

use serde_json::json;

use super::{Resp, Server};

/// The example policy with `[api]` set to `extra`.
fn policy_with(dir: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let text = format!("{}\n[api]\n{extra}\n", crate::common::example_policy().text);
    let path = dir.join("sla.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A server allowing `rate` requests sustained, 5 at once.
fn limited(rate: &str) -> Server {
    Server::start_with(|cli| {
        let dir = cli.db.parent().unwrap().to_path_buf();
        let path = policy_with(&dir, &format!("rate = \"{rate}\"\nburst = 5"));
        cli.policy(&path)
    })
}

/// The whole seconds of `Retry-After`.
fn retry_after(r: &Resp) -> u64 {
    r.head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("retry-after")
                .then(|| v.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no Retry-After in {}", r.head))
        .parse()
        .unwrap_or_else(|e| panic!("Retry-After is not whole seconds ({e}): {}", r.head))
}

#[test]
fn rate_the_sixth_quick_request_of_a_token_waits_and_another_token_does_not() {
    let s = limited("2/s");
    let anna = s.token(&["--user", "anna"]);
    let acme = s.token(&["--customer", "Acme Corp"]);
    for n in 1..=5 {
        let r = s.call("GET", "/api/v1/jobs", Some(&anna), None);
        assert_eq!(r.status, 200, "request {n} is within the burst: {}", r.body);
    }
    let over = s.call("GET", "/api/v1/jobs", Some(&anna), None);
    assert_eq!(over.status, 429, "{}", over.body);
    let wait = retry_after(&over);
    assert!(wait >= 1, "{}", over.head);
    let msg = over.body["error"].as_str().unwrap();
    assert!(msg.contains("retry in"), "{msg}");
    assert!(msg.contains("2/s"), "the limit is said: {msg}");
    // Another token has its own bucket.
    let other = s.call("GET", "/api/v1/jobs", Some(&acme), None);
    assert_eq!(other.status, 200, "{}", other.body);
    // Writes count too, and are refused the same way.
    let post = s.call("POST", "/api/v1/jobs", Some(&anna), Some(super::acme_job()));
    assert_eq!(post.status, 429, "{}", post.body);
    std::thread::sleep(Duration::from_secs(wait));
    let again = s.call("GET", "/api/v1/jobs", Some(&anna), None);
    assert_eq!(again.status, 200, "after Retry-After: {}", again.body);
}

#[test]
fn rate_guessing_tokens_is_limited_by_address() {
    // Slow, so that nothing refills while the test runs on a busy machine.
    let s = limited("1/m");
    let anna = s.token(&["--user", "anna"]);
    for n in 1..=5 {
        let guess = format!("slw_guess{n}aaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        let r = s.call("GET", "/api/v1/jobs", Some(&guess), None);
        assert_eq!(r.status, 401, "guess {n}: {}", r.body);
    }
    // A new guess each time does not start a new bucket: the sixth waits.
    let r = s.call(
        "GET",
        "/api/v1/jobs",
        Some("slw_guess6aaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        None,
    );
    assert_eq!(r.status, 429, "{}", r.body);
    assert!(retry_after(&r) >= 1);
    // Even a right token waits once the address is over: a guess must not get through.
    let r = s.call("GET", "/api/v1/jobs", Some(&anna), None);
    assert_eq!(r.status, 429, "{}", r.body);
    // PagerDuty's routing keys come from the same bucket, answered as PagerDuty does.
    let pd = json!({"routing_key": "slw_nope", "event_action": "trigger"});
    let r = s.call("POST", "/api/v1/integrations/pagerduty", None, Some(pd));
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.body["status"], "throttle exceeded", "{}", r.body);
    assert!(
        r.body["message"].as_str().unwrap().contains("retry in"),
        "{}",
        r.body
    );
    assert!(retry_after(&r) >= 1);
}

#[test]
fn rate_a_bad_rate_is_refused_by_policy_check_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let lines = crate::common::example_policy().text.lines().count();
    for (extra, said) in [
        ("rate = \"fast\"", "api rate `fast`"),
        ("rate = \"0/s\"", "api rate `0/s`"),
        ("burst = 0", "api burst"),
    ] {
        let path = policy_with(dir.path(), extra);
        let out = crate::common::bin()
            .arg("--policy")
            .arg(&path)
            .args(["policy", "check"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{extra} is refused");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said), "{extra}: {err}");
        // The example, a blank line, `[api]`, then the bad line.
        assert!(
            err.contains(&format!(":{}:", lines + 3)),
            "{extra}: its line in {err}"
        );
    }
}

#[test]
fn rate_a_stream_counts_once_at_connect() {
    let s = limited("1/m");
    let anna = s.token(&["--user", "anna"]);
    // The token is known from here: its own bucket, 4 of 5 left.
    let first = s.call("GET", "/api/v1/jobs", Some(&anna), None);
    assert_eq!(first.status, 200, "{}", first.body);
    let mut stream = super::stream::Stream::open(&s, &anna, None);
    stream.head();
    // Open while events arrive: what it delivers costs nothing.
    s.cli.log_job("Acme Corp", "P2", "while the stream is open");
    stream.ids_until(Duration::from_secs(5), |ids| !ids.is_empty());
    for n in 1..=3 {
        let r = s.call("GET", "/api/v1/jobs", Some(&anna), None);
        assert_eq!(r.status, 200, "request {n} after the stream: {}", r.body);
    }
    let over = s.call("GET", "/api/v1/jobs", Some(&anna), None);
    assert_eq!(over.status, 429, "the stream was one of five: {}", over.body);
}
