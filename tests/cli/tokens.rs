//! `slawatch token create | list | revoke` and `serve`'s refusals: a token is printed
//! once and stored only as its hash; a customer's name is checked as `log` checks it.

use crate::common::cli::Cli;

fn secret_of(out: &str) -> String {
    out.lines()
        .find(|l| l.starts_with("slw_"))
        .unwrap_or_else(|| panic!("no token in:\n{out}"))
        .to_owned()
}

#[test]
fn token_create_prints_the_secret_once_and_stores_only_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let c = Cli::new(&db, "anna");
    let out = c.ok(&["token", "create", "--user", "anna"]);
    let secret = secret_of(&out);
    assert_eq!(secret.len(), 4 + 64, "{secret}");
    assert!(out.contains("roles"), "says what it may do: {out}");
    let listed = c.ok(&["token", "list", "--json"]);
    assert!(!listed.contains(&secret), "never listed again: {listed}");
    let v: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(v[0]["kind"], "user");
    assert_eq!(v[0]["name"], "anna");
    assert!(v[0]["revoked_at"].is_null());
    for f in ["jobs.db", "jobs.db-wal"] {
        if let Ok(bytes) = std::fs::read(dir.path().join(f)) {
            let hex = secret.trim_start_matches("slw_");
            assert!(
                !bytes.windows(hex.len()).any(|w| w == hex.as_bytes()),
                "{f} holds the secret"
            );
        }
    }
}

#[test]
fn token_kinds_expiry_and_revoke() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "anna").at(1_795_000_000);
    c.ok(&["token", "create", "--customer", "Acme Corp", "--expires", "90d"]);
    c.ok(&[
        "token",
        "create",
        "--integration",
        "prometheus",
        "--customer",
        "Globex",
    ]);
    let v = c.json(&["token", "list", "--json"]);
    assert_eq!(v[0]["kind"], "customer");
    assert_eq!(v[0]["customer"], "Acme Corp");
    assert_eq!(
        v[0]["expires_at"].as_str().unwrap(),
        "2027-02-16T12:06:40+01:00",
        "90 days after 2026-11-18T12:06:40+01:00"
    );
    assert_eq!(v[1]["kind"], "integration");
    assert_eq!(v[1]["name"], "prometheus");
    assert_eq!(v[1]["customer"], "Globex");
    let out = c.ok(&["token", "revoke", "2"]);
    assert!(out.contains("revoked"), "{out}");
    let v = c.json(&["token", "list", "--json"]);
    assert!(v[1]["revoked_at"].is_string(), "{v}");
    c.refused(&["token", "revoke", "9"], "no token has the id 9");
}

#[test]
fn token_create_checks_who_it_is_for() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "anna");
    // SLAWATCH_USER says who runs slawatch, not who a token is for.
    c.refused(&["token", "create"], "say who the token is for");
    c.refused(
        &["token", "create", "--customer", "Acme Crop"],
        "did you mean `Acme Corp`?",
    );
    c.refused(
        &["token", "create", "--user", "x", "--expires", "soon"],
        "--expires soon",
    );
    c.ok(&["token", "create", "--customer", "Acme Crop", "--new-customer"]);
}

#[test]
fn serve_beyond_loopback_needs_the_plain_http_flag() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cli::new(&dir.path().join("jobs.db"), "anna");
    c.log_job("Acme Corp", "P2", "a job");
    c.refused(&["serve", "--listen", "0.0.0.0:0"], "--allow-plain-http");
    c.refused(&["serve", "--listen", "nowhere"], "--listen nowhere");
}
