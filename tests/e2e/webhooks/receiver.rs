//! The receiving end of the webhook tests: a plain TcpListener that records each POST
//! and answers 200 or 500 on demand, its own HMAC check of the signature, and a desk
//! (store and policy) whose webhook points at it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::common::cli::{Cli, example_with_notify};

pub const SECRET_ENV: &str = "SLAWATCH_TEST_HOOK_SECRET";
pub const SECRET: &str = "s3cret-for-the-receiver";
pub const MIN: i64 = 60;

/// One POST as the receiver got it.
#[derive(Debug, Clone)]
pub struct Got {
    pub headers: HashMap<String, String>,
    pub body: String,
    /// What the receiver answered.
    pub status: u16,
}

impl Got {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A local webhook receiver.
pub struct Receiver {
    pub port: u16,
    status: Arc<AtomicU16>,
    got: Arc<Mutex<Vec<Got>>>,
}

impl Receiver {
    pub fn start(delay: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let status = Arc::new(AtomicU16::new(200));
        let got = Arc::new(Mutex::new(Vec::new()));
        let (s, g) = (Arc::clone(&status), Arc::clone(&got));
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                let (s, g) = (Arc::clone(&s), Arc::clone(&g));
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(conn.try_clone().unwrap());
                    let mut headers = HashMap::new();
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = line.trim_end().split_once(':') {
                            headers.insert(k.to_ascii_lowercase(), v.trim().to_owned());
                        }
                    }
                    let n: usize = headers.get("content-length").map_or(0, |v| v.parse().unwrap());
                    let mut body = vec![0; n];
                    reader.read_exact(&mut body).unwrap();
                    std::thread::sleep(delay);
                    let status = s.load(Ordering::SeqCst);
                    g.lock().unwrap().push(Got {
                        headers,
                        body: String::from_utf8(body).unwrap(),
                        status,
                    });
                    let _ = write!(
                        conn,
                        "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                });
            }
        });
        Self { port, status, got }
    }

    pub fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }

    pub fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }
}

/// The example policy, told nothing on the desktop, with one webhook to `port`.
pub fn policy(dir: &Path, port: u16, events: &str) -> PathBuf {
    let path = dir.join("sla.toml");
    let text = format!(
        "{}\n[[webhooks]]\nurl = \"http://127.0.0.1:{port}/hook\"\nevents = [{events}]\nsecret_env = \"{SECRET_ENV}\"\n",
        example_with_notify("[notify]\ndesktop = false\nterminal = \"off\"")
    );
    std::fs::write(&path, text).unwrap();
    path
}

pub fn desk(dir: &Path, port: u16, events: &str) -> Cli {
    let db = dir.join("jobs.db");
    Cli::new(&db, "demo")
        .policy(&policy(dir, port, events))
        .with(SECRET_ENV, SECRET)
}

pub fn hmac_hex(t: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The receiver's check: `t=UNIX,v1=HEX` with HEX its own HMAC of "{t}.{body}".
pub fn assert_signed(g: &Got) {
    let sig = &g.headers["slawatch-signature"];
    let (t, v1) = sig
        .strip_prefix("t=")
        .and_then(|s| s.split_once(",v1="))
        .unwrap_or_else(|| panic!("signature header `{sig}`"));
    assert!(t.parse::<i64>().is_ok(), "{sig}");
    assert_eq!(v1, hmac_hex(t, &g.body), "the signature verifies");
    assert_ne!(
        v1,
        hmac_hex(t, &format!("{} ", g.body)),
        "and a changed body would not"
    );
}

pub fn log(c: &Cli, summary: &str) -> i64 {
    let out = c.log_job("Acme Corp", "P1", summary);
    out.trim_start_matches("Logged job ")
        .split(|ch: char| !ch.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Waits up to `secs` for the receiver to hold what `done` looks for.
pub fn wait_for(rx: &Receiver, secs: u64, what: &str, done: impl Fn(&[Got]) -> bool) {
    let until = std::time::Instant::now() + Duration::from_secs(secs);
    while !done(&rx.got()) {
        assert!(std::time::Instant::now() < until, "{what}: {:?}", rx.got());
        std::thread::sleep(Duration::from_millis(100));
    }
}
