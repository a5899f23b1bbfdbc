//! The customers' commitments page (`GET /c/{token}`): through the real `slawatch serve`
//! over HTTP, and in headless Chromium (Debian's `chromium`, installed by
//! `../shared/tools/browser.sh install`): it renders, counts down without a reload, keeps
//! its Content-Security-Policy, and one customer's page shows nothing of another's.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};
use std::time::Duration;

use crate::common::cli::Cli;

/// A running server on a temp store with the example policy, stopped when dropped.
struct Portal {
    child: Child,
    addr: String,
    cli: Cli,
    _dir: tempfile::TempDir,
}

struct Page {
    status: u16,
    head: String,
    body: String,
}

impl Portal {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let cli = Cli::new(&dir.path().join("jobs.db"), "anna");
        // A P3 of Acme's and a P2 of Initech's: both still running for hours.
        cli.log_job("Acme Corp", "P3", "Acme printer jammed <script>alert(1)</script>");
        cli.log_job("Initech", "P3", "Initech TPS report server down");
        let (child, addr) = crate::api::serve(&cli);
        Self {
            child,
            addr,
            cli,
            _dir: dir,
        }
    }

    fn token(&self, customer: &str) -> String {
        let out = self.cli.ok(&["token", "create", "--customer", customer]);
        out.lines().find(|l| l.starts_with("slw_")).unwrap().to_owned()
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn get(&self, path: &str, bearer: Option<&str>) -> Page {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        if let Some(t) = bearer {
            req.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no HTTP answer: `{text}`"));
        Page {
            status: head.split(' ').nth(1).unwrap().parse().unwrap(),
            head: head.to_lowercase(),
            body: body.to_owned(),
        }
    }

    /// The Acme job's id, from the store.
    fn job_id(&self, customer: &str) -> i64 {
        let v = self.cli.json(&["list", "--json", "--customer", customer]);
        let jobs = v.as_array().or_else(|| v["jobs"].as_array()).unwrap();
        jobs[0]["id"].as_i64().unwrap()
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

#[test]
fn portal_page_shows_the_customers_open_job_its_deadline_and_the_chain_head() {
    let p = Portal::start();
    let acme = p.token("Acme Corp");
    let page = p.get(&format!("/c/{acme}"), None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.head.contains("content-type: text/html"), "{}", page.head);
    let id = p.job_id("Acme Corp");
    assert!(page.body.contains(&format!("#{id}")), "{}", page.body);
    assert!(page.body.contains("Acme printer jammed"), "{}", page.body);
    // The deadlines of both clocks, in the office calendar's zone (Amsterdam).
    assert!(page.body.contains("Deadline"), "{}", page.body);
    assert!(page.body.contains("running"), "{}", page.body);
    assert!(page.body.contains("Europe/Amsterdam"), "{}", page.body);
    assert!(page.body.contains("data-deadline=\""), "{}", page.body);
    // The chain head the CLI reports, with how to check it.
    let head = p.cli.ok(&["verify"]);
    let shown = page
        .body
        .split("slawatch verify --head ")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_alphanumeric() && c != ':').next())
        .unwrap_or_else(|| panic!("no chain head in {}", page.body));
    assert!(
        head.contains(shown),
        "the page's head {shown} is not the store's: {head}"
    );
    assert!(page.body.contains("Adherence"), "{}", page.body);
    // The same data as JSON, with the token in the path or as Bearer.
    let data = p.get(&format!("/c/{acme}/data.json"), None);
    assert_eq!(data.status, 200, "{}", data.body);
    let v: serde_json::Value = serde_json::from_str(&data.body).unwrap();
    assert_eq!(v["customer"], "Acme Corp");
    assert_eq!(v["jobs"][0]["id"], id);
    assert!(
        v["chain_head"]
            .as_str()
            .unwrap()
            .starts_with(shown.split(':').next().unwrap())
    );
    let bearer = p.get("/c/data.json", Some(&acme));
    assert_eq!(bearer.status, 200, "{}", bearer.body);
    assert!(bearer.body.contains("Acme printer jammed"), "{}", bearer.body);
}

#[test]
fn portal_shows_nothing_of_another_customer() {
    let p = Portal::start();
    let initech = p.token("Initech");
    let acme_id = p.job_id("Acme Corp");
    let page = p.get(&format!("/c/{initech}"), None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Initech TPS report server down"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Acme"), "{}", page.body);
    assert!(!page.body.contains(&format!("#{acme_id}<")), "{}", page.body);
    let data = p.get(&format!("/c/{initech}/data.json"), None);
    let v: serde_json::Value = serde_json::from_str(&data.body).unwrap();
    let ids: Vec<i64> = v["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_i64().unwrap())
        .collect();
    assert!(!ids.contains(&acme_id), "{ids:?}");
    assert!(!data.body.contains("Acme"), "{}", data.body);
}

#[test]
fn portal_escapes_job_text_and_sends_strict_headers() {
    let p = Portal::start();
    let acme = p.token("Acme Corp");
    let page = p.get(&format!("/c/{acme}"), None);
    assert!(!page.body.contains("<script>alert(1)"), "{}", page.body);
    assert!(
        page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        page.body
    );
    let csp = page
        .head
        .lines()
        .find_map(|l| l.strip_prefix("content-security-policy: "))
        .unwrap_or_else(|| panic!("no CSP in {}", page.head));
    for part in [
        "default-src 'none'",
        "script-src 'sha256-",
        "style-src 'sha256-",
        "img-src 'none'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{part} not in {csp}");
    }
    assert!(
        page.head.contains("x-content-type-options: nosniff"),
        "{}",
        page.head
    );
    assert!(
        page.head.contains("referrer-policy: no-referrer"),
        "{}",
        page.head
    );
    assert!(page.head.contains("cache-control: no-store"), "{}", page.head);
    // Nothing is fetched from anywhere else.
    assert!(
        !page.body.contains("http://") && !page.body.contains("https://"),
        "{}",
        page.body
    );
}

#[test]
fn portal_revoked_or_unknown_link_is_a_plain_404() {
    let p = Portal::start();
    let acme = p.token("Acme Corp");
    assert_eq!(p.get(&format!("/c/{acme}"), None).status, 200);
    p.cli.ok(&["token", "revoke", "1"]);
    for path in [
        format!("/c/{acme}"),
        format!("/c/slw_{}", "0".repeat(64)),
        "/c/nonsense".to_owned(),
    ] {
        let page = p.get(&path, None);
        assert_eq!(page.status, 404, "{path}: {}", page.body);
        assert!(
            page.body
                .to_lowercase()
                .contains("this link is no longer valid — ask your service desk for a new one"),
            "{path}: {}",
            page.body
        );
        assert!(!page.body.contains("Acme"), "{}", page.body);
    }
    let data = p.get(&format!("/c/{acme}/data.json"), None);
    assert_eq!(data.status, 404, "{}", data.body);
    // A user's token is no customer's link either.
    let anna = p.cli.ok(&["token", "create", "--user", "anna"]);
    let anna = anna.lines().find(|l| l.starts_with("slw_")).unwrap();
    assert_eq!(p.get(&format!("/c/{anna}"), None).status, 404);
}

/// Chromium, headless, with the flags of `../shared/tools/browser.sh` and console
/// messages logged to stderr: (the DOM after `ms` of virtual time, stderr).
fn chromium(url: &str, ms: u32) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--virtual-time-budget={ms}"))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap_or_else(|e| panic!("no chromium ({e}): run ../shared/tools/browser.sh install"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// How many seconds the page's countdown moved from what the server printed: the wall
/// time left shown, against `data-deadline` minus the server's `data-now`.
fn ticked(dom: &str) -> i64 {
    let attr = |name: &str| -> i64 {
        dom.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {dom}"))
    };
    let (now, deadline) = (attr("data-now"), attr("data-deadline"));
    let shown = dom
        .split("data-deadline=\"")
        .nth(1)
        .and_then(|r| r.split_once('>'))
        .and_then(|(_, r)| r.split('<').next())
        .unwrap_or_else(|| panic!("no countdown in {dom}"));
    let mut parts = shown
        .trim()
        .trim_start_matches('-')
        .split(':')
        .map(|n| n.parse::<i64>().unwrap());
    let (h, m, s) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let left = h * 3600 + m * 60 + s;
    (deadline - now) - left
}

#[test]
fn portal_in_chromium_counts_down_keeps_its_csp_and_hides_other_customers() {
    let p = Portal::start();
    let acme = p.token("Acme Corp");
    let initech = p.token("Initech");
    let (early, log1) = chromium(&p.url(&format!("/c/{acme}")), 500);
    let (late, log2) = chromium(&p.url(&format!("/c/{acme}")), 5_000);
    assert!(early.contains("Acme printer jammed"), "{early}");
    // The script ran (the CSP let it) and counted down without a reload.
    assert!(early.contains("data-live=\"on\""), "{early}");
    let (a, b) = (ticked(&early), ticked(&late));
    assert!(
        b >= 3 && b > a,
        "the countdown did not move: {a}s after 0.5 s, {b}s after 5 s\n{late}"
    );
    for log in [&log1, &log2] {
        assert!(
            !log.contains("Content Security Policy") && !log.contains("violates"),
            "a CSP violation: {log}"
        );
    }
    // Every 30 s it reads data.json again (connect-src 'self') and renders it.
    let (again, log3) = chromium(&p.url(&format!("/c/{acme}")), 31_000);
    assert!(again.contains("data-refreshed=\"1\""), "{again}");
    assert!(again.contains("Acme printer jammed"), "{again}");
    assert!(
        !log3.contains("Content Security Policy"),
        "a CSP violation: {log3}"
    );
    // (Its countdown now counts from the server's clock of that answer, which virtual
    // time does not move: only that it is still there.)
    assert!(again.contains("data-deadline=\""), "{again}");
    let (other, _) = chromium(&p.url(&format!("/c/{initech}")), 1_000);
    assert!(other.contains("Initech TPS report server down"), "{other}");
    assert!(!other.contains("Acme"), "{other}");
}

#[test]
fn portal_paused_clock_is_printed_paused_and_does_not_tick() {
    let p = Portal::start();
    let acme = p.token("Acme Corp");
    let id = p.job_id("Acme Corp");
    p.cli
        .ok(&["pause", &id.to_string(), "--reason", "waiting on customer"]);
    let page = p.get(&format!("/c/{acme}"), None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("<td class=\"state\">paused</td>"),
        "{}",
        page.body
    );
    // Only running clocks count down: the paused one (resolve, stopped by a reason
    // that stops it) is printed paused, with nothing to tick.
    let row = page
        .body
        .split("<tr class=\"paused\">")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap_or_else(|| panic!("no paused row in {}", page.body));
    assert!(row.contains("resolve") && row.contains(">paused</td>"), "{row}");
    assert!(!row.contains("data-deadline"), "{row}");
    let v: serde_json::Value =
        serde_json::from_str(&p.get(&format!("/c/{acme}/data.json"), None).body).unwrap();
    assert_eq!(v["jobs"][0]["status"], "paused", "{v}");
    let states: Vec<&str> = v["jobs"][0]["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert!(states.contains(&"paused"), "{v}");
}
