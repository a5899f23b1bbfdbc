//! The event feed: `GET /api/v1/events?after=ID&limit=N` pages every recorded event,
//! a customer's token only its own jobs'; `GET /api/v1/stream` pushes them as
//! server-sent events and resumes with `Last-Event-ID` without loss or repeat.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Server, acme_job};

fn ids(v: &Value) -> Vec<i64> {
    v["events"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn events_page_with_after_and_a_customer_sees_only_its_own() {
    let s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let r = s.call("POST", "/api/v1/jobs", Some(&anna), Some(acme_job()));
    assert_eq!(r.status, 201, "{}", r.body);
    let acme_id = r.body["id"].as_i64().unwrap();
    s.cli.ok(&["respond", &acme_id.to_string()]);
    let all = s.call("GET", "/api/v1/events", Some(&anna), None);
    assert_eq!(all.status, 200, "{}", all.body);
    let every = ids(&all.body);
    assert!(every.len() >= 3, "{}", all.body);
    assert!(every.windows(2).all(|w| w[0] < w[1]), "ascending: {every:?}");
    let first = &all.body["events"][0];
    for field in ["id", "job", "kind", "at", "actor", "data", "hash"] {
        assert!(!first[field].is_null(), "{field} in {first}");
    }
    assert!(first["at"].as_str().unwrap().contains('T'), "RFC 3339: {first}");
    // Paged: one at a time, each page after the last.
    let p1 = s.call("GET", "/api/v1/events?limit=1", Some(&anna), None);
    assert_eq!(ids(&p1.body), vec![every[0]], "{}", p1.body);
    let next = p1.body["next_after"].as_i64().unwrap();
    let p2 = s.call(
        "GET",
        &format!("/api/v1/events?after={next}&limit=2"),
        Some(&anna),
        None,
    );
    assert_eq!(ids(&p2.body), every[1..3].to_vec(), "{}", p2.body);
    // Acme's token: Acme's events only, never Globex's.
    let acme = s.token(&["--customer", "Acme Corp"]);
    let own = s.call("GET", "/api/v1/events", Some(&acme), None);
    assert_eq!(own.status, 200, "{}", own.body);
    let jobs: Vec<i64> = own.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["job"].as_i64().unwrap())
        .collect();
    assert!(
        !jobs.is_empty() && jobs.iter().all(|j| *j == acme_id),
        "{}",
        own.body
    );
    let none = s.call("GET", "/api/v1/events", None, None);
    assert_eq!(none.status, 401);
    let bad = s.call("GET", "/api/v1/events?limit=0", Some(&anna), None);
    assert_eq!(bad.status, 422, "{}", bad.body);
}

/// An open `/stream`: reads what has come so far.
pub(super) struct Stream {
    s: TcpStream,
    buf: String,
    /// The `id:`s of the whole lines of `buf` up to `parsed`.
    seen: Vec<i64>,
    parsed: usize,
}

impl Stream {
    pub(super) fn open(s: &Server, token: &str, last_id: Option<i64>) -> Self {
        let mut tcp = TcpStream::connect(&s.addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        let mut req = format!(
            "GET /api/v1/stream HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n",
            s.addr
        );
        if let Some(id) = last_id {
            req.push_str(&format!("Last-Event-ID: {id}\r\n"));
        }
        req.push_str("\r\n");
        tcp.write_all(req.as_bytes()).unwrap();
        Self {
            s: tcp,
            buf: String::new(),
            seen: Vec::new(),
            parsed: 0,
        }
    }

    /// Reads the answer's head: the stream is open from here.
    pub(super) fn head(&mut self) {
        let start = Instant::now();
        while !self.buf.contains("\r\n\r\n") {
            let mut chunk = [0u8; 1024];
            if let Ok(n) = self.s.read(&mut chunk) {
                self.buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
            assert!(start.elapsed() < Duration::from_secs(10), "no head: {}", self.buf);
        }
    }

    /// The `id:`s seen once `until` holds of them, or panics after `within`.
    pub(super) fn ids_until(&mut self, within: Duration, until: impl Fn(&[i64]) -> bool) -> Vec<i64> {
        let start = Instant::now();
        loop {
            let mut chunk = [0u8; 4096];
            match self.s.read(&mut chunk) {
                Ok(0) => panic!("the stream ended: {}", self.buf),
                Ok(n) => self.buf.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(_) => {}
            }
            // Only the lines not parsed before: a burst is a few MB.
            if let Some(end) = self.buf[self.parsed..].rfind('\n') {
                let fresh = &self.buf[self.parsed..self.parsed + end];
                self.seen.extend(
                    fresh
                        .lines()
                        .filter_map(|l| l.strip_prefix("id: ").or_else(|| l.strip_prefix("id:")))
                        .filter_map(|v| v.trim().parse::<i64>().ok()),
                );
                self.parsed += end + 1;
            }
            let seen = self.seen.clone();
            if until(&seen) {
                return seen;
            }
            let mut cut = self.buf.len().saturating_sub(2000);
            while !self.buf.is_char_boundary(cut) {
                cut += 1;
            }
            let tail = &self.buf[cut..];
            assert!(start.elapsed() < within, "not within {within:?}: …{tail}");
        }
    }
}

#[test]
fn stream_delivers_a_cli_event_within_a_second_and_resumes_without_loss_or_repeat() {
    let s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let before = s.call("GET", "/api/v1/events", Some(&anna), None);
    let last = *ids(&before.body).last().unwrap();
    let mut live = Stream::open(&s, &anna, Some(last));
    // The answer's head first: it is an event stream.
    live.head();
    assert!(live.buf.contains("200 OK"), "{}", live.buf);
    assert!(
        live.buf.to_ascii_lowercase().contains("text/event-stream"),
        "{}",
        live.buf
    );
    s.cli.log_job("Acme Corp", "P2", "fan noise");
    let logged = Instant::now();
    let seen = live.ids_until(Duration::from_secs(10), |ids| !ids.is_empty());
    assert!(
        logged.elapsed() < Duration::from_secs(1),
        "took {:?}",
        logged.elapsed()
    );
    assert!(live.buf.contains("event: created"), "{}", live.buf);
    assert!(live.buf.contains("fan noise"), "{}", live.buf);
    drop(live);
    // While nobody listens, two more events; a resumed stream gets exactly those.
    let seen_last = *seen.last().unwrap();
    let globex = before.body["events"][0]["job"].as_i64().unwrap().to_string();
    s.cli.ok(&["respond", &globex]);
    s.cli.ok(&["note", &globex, "on the way"]);
    let mut resumed = Stream::open(&s, &anna, Some(seen_last));
    let again = resumed.ids_until(Duration::from_secs(5), |ids| ids.len() >= 2);
    assert_eq!(again, vec![seen_last + 1, seen_last + 2], "{}", resumed.buf);
    // Nothing repeats later either.
    let quiet = Instant::now() + Duration::from_millis(600);
    let later = resumed.ids_until(Duration::from_secs(5), |_| Instant::now() >= quiet);
    assert_eq!(later, vec![seen_last + 1, seen_last + 2], "{}", resumed.buf);
}

#[test]
fn stream_open_does_not_keep_the_server_from_stopping() {
    let mut s = Server::start();
    let anna = s.token(&["--user", "anna"]);
    let mut open = Stream::open(&s, &anna, Some(0));
    open.ids_until(Duration::from_secs(5), |ids| !ids.is_empty());
    let _ = std::process::Command::new("kill")
        .arg(s.child.id().to_string())
        .status();
    let start = Instant::now();
    loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "SIGTERM with a stream open: the server did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The client is told the end: the connection closes.
    let end = Instant::now();
    let mut rest = [0u8; 4096];
    loop {
        match open.s.read(&mut rest) {
            Ok(0) => break,
            Ok(_) | Err(_) => assert!(end.elapsed() < Duration::from_secs(5), "the stream stayed open"),
        }
    }
}

#[test]
fn stream_of_a_customer_shows_only_its_jobs_and_a_burst_arrives_whole() {
    let s = Server::start();
    let acme = s.token(&["--customer", "Acme Corp"]);
    let mut own = Stream::open(&s, &acme, None);
    own.head();
    s.cli.log_job("Globex", "P3", "not for acme");
    s.cli.log_job("Acme Corp", "P3", "for acme");
    let seen = own.ids_until(Duration::from_secs(5), |ids| !ids.is_empty());
    assert_eq!(seen.len(), 1, "{}", own.buf);
    assert!(
        own.buf.contains("for acme") && !own.buf.contains("not for acme"),
        "{}",
        own.buf
    );
    // More events at once than the broadcast holds (8000, some 5 MB: more than the
    // sockets buffer while the client does not read): a client behind it is caught up
    // from the store, in order, nothing lost or repeated.
    let anna = s.token(&["--user", "anna"]);
    let newest = ids(&s.call("GET", "/api/v1/events?limit=1000", Some(&anna), None).body);
    let from = *newest.last().unwrap();
    let mut all = Stream::open(&s, &anna, Some(from));
    let n = 8_000;
    let mut csv = String::from("customer,priority,summary\n");
    for i in 0..n {
        csv.push_str(&format!("Acme Corp,P3,burst {i}\n"));
    }
    let file = s.cli.db.parent().unwrap().join("burst.csv");
    std::fs::write(&file, csv).unwrap();
    s.cli.ok(&["import", file.to_str().unwrap()]);
    let got = all.ids_until(Duration::from_secs(30), |ids| ids.len() >= n);
    let want: Vec<i64> = (from + 1..=from + n as i64).collect();
    assert_eq!(got, want);
}

#[test]
fn stream_of_a_revoked_token_ends() {
    let s = Server::start();
    let out = s.cli.ok(&["token", "create", "--user", "anna"]);
    let token = out.lines().find(|l| l.starts_with("slw_")).unwrap().to_owned();
    let list = s.cli.json(&["token", "list", "--json"]);
    let id = list
        .as_array()
        .or_else(|| list["tokens"].as_array())
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .max()
        .unwrap();
    let mut open = Stream::open(&s, &token, None);
    open.head();
    s.cli.ok(&["token", "revoke", &id.to_string()]);
    let start = Instant::now();
    // The answer ends: the last chunk of the chunked body (or the connection closes).
    loop {
        let mut chunk = [0u8; 4096];
        match open.s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => open.buf.push_str(&String::from_utf8_lossy(&chunk[..n])),
            Err(_) => {}
        }
        if open.buf.ends_with("\r\n0\r\n\r\n") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the stream of a revoked token stayed open: {}",
            open.buf
        );
    }
}
