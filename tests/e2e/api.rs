//! The HTTP API end to end: the real `slawatch serve --listen 127.0.0.1:0` on a temp
//! store with the example policy, spoken to in HTTP/1.1 over a plain `TcpStream`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::cli::Cli;

mod hooks;
mod jobs;
mod pagerduty;
mod rate;
mod stream;
mod who;

/// A running server, stopped (SIGTERM, then waited for) when dropped.
pub(crate) struct Server {
    child: Child,
    addr: String,
    cli: Cli,
    dir: tempfile::TempDir,
}

/// An answer: status, the header block, the body as JSON (`Null` if none).
pub(crate) struct Resp {
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
        let (child, addr) = serve(&cli);
        Self {
            child,
            addr,
            cli,
            dir,
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

/// `slawatch serve --listen 127.0.0.1:0` of `cli`, and the address it says it listens on.
pub(crate) fn serve(cli: &Cli) -> (Child, String) {
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
    (child, addr)
}

pub(crate) fn acme_job() -> Value {
    json!({"customer": "Acme Corp", "priority": "P2", "summary": "printer on fire",
           "created_at": "2026-11-16T10:00:00+01:00"})
}
