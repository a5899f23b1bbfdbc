//! `slawatch ingest imap` against a real dovecot (`../shared/tools/imap-server.sh`): each
//! unseen message is handed over once and flagged \Seen only after it was taken; a failed
//! hand-over leaves it unseen; INTERNALDATE reaches the handler; a follower survives the
//! server kicking it; plain IMAP to another machine is refused; the password stays out of
//! argv and output. Until the mail core is merged the handler is `--to-maildir`.

use crate::common;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const RIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tools/imap-server.sh");

/// A private dovecot, stopped on drop.
pub(crate) struct Imap {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) port: String,
    pub(crate) tls_port: String,
    pub(crate) ca: String,
    pub(crate) user: String,
    password: String,
}

impl Imap {
    pub(crate) fn start() -> Imap {
        assert!(
            Path::new(RIG).is_file(),
            "{RIG} is missing: the shared tools must be beside the clone"
        );
        let dir = tempfile::Builder::new().prefix("imt").tempdir_in("/tmp").unwrap();
        let out = Command::new("bash")
            .arg("-c")
            .arg(r#"e=$(bash "$0" start) && eval "$e" && printf '%s\n' "$IMAP_PORT" "$IMAPS_PORT" "$IMAP_CA" "$IMAP_USER" "$IMAP_PASSWORD""#)
            .arg(RIG)
            .env("IMAP_RIG_DIR", dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let v: Vec<&str> = text.lines().collect();
        assert!(
            out.status.success() && v.len() == 5,
            "imap-server.sh start failed ({}; `{RIG} install` installs dovecot): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        Imap {
            port: v[0].into(),
            tls_port: v[1].into(),
            ca: v[2].into(),
            user: v[3].into(),
            password: v[4].into(),
            dir,
        }
    }

    pub(crate) fn rig(&self, args: &[&str]) -> Output {
        let out = Command::new("bash")
            .arg(RIG)
            .args(args)
            .env("IMAP_RIG_DIR", self.dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "imap-server.sh {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn deliver(&self, n: usize, date: Option<&str>) {
        let file = self.dir.path().join(format!("mail{n}.eml"));
        std::fs::write(
            &file,
            format!("From: c@acme.example\r\nSubject: mail {n}\r\nMessage-ID: <m{n}@acme.example>\r\n\r\nbody {n}\r\n"),
        )
        .unwrap();
        let f = file.to_string_lossy().to_string();
        let mut args = vec!["deliver", f.as_str()];
        if let Some(d) = date {
            args.extend(["--date", d]);
        }
        self.rig(&args);
    }

    fn count(&self, which: &str) -> usize {
        let out = self.rig(&["count", which]);
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }

    /// Waits until the user has a session in dovecot (the follower is connected).
    fn wait_connected(&self, secs: u64) {
        let end = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < end {
            let out = Command::new("bash")
                .arg(RIG)
                .args(["doveadm", "who"])
                .env("IMAP_RIG_DIR", self.dir.path())
                .output()
                .unwrap();
            if String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.starts_with(&format!("{} ", self.user)))
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the follower did not (re)connect within {secs} s");
    }

    pub(crate) fn password_file(&self) -> PathBuf {
        let p = self.dir.path().join("pw");
        std::fs::write(&p, format!("{}\n", self.password)).unwrap();
        p
    }

    /// The binary reading this server over TLS (verified against the rig's CA).
    fn ingest(&self, maildir: &Path) -> Command {
        let mut c = common::bin();
        c.args([
            "ingest",
            "imap",
            "--host",
            "localhost",
            "--port",
            &self.tls_port,
            "--user",
            &self.user,
        ])
        .arg("--password-file")
        .arg(self.password_file())
        .args(["--ca", &self.ca])
        .arg("--to-maildir")
        .arg(maildir)
        .stdin(Stdio::null());
        c
    }
}

impl Drop for Imap {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(RIG)
            .arg("stop")
            .env("IMAP_RIG_DIR", self.dir.path())
            .output();
    }
}

/// The Message-IDs of the messages written into a Maildir's new/, one per file.
fn taken(maildir: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir(maildir.join("new")) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = rd
        .map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            text.lines()
                .find(|l| l.starts_with("Message-ID:"))
                .unwrap_or("none")
                .to_string()
        })
        .collect();
    ids.sort();
    ids
}

fn wait_for(maildir: &Path, n: usize, secs: u64) -> Vec<String> {
    let end = Instant::now() + Duration::from_secs(secs);
    loop {
        let t = taken(maildir);
        if t.len() >= n || Instant::now() > end {
            return t;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A follower, killed on drop (pass or fail).
struct Killed(Option<Child>);
impl Drop for Killed {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

#[test]
fn imap_takes_each_unseen_once_flags_seen_and_passes_internaldate() {
    let imap = Imap::start();
    imap.deliver(1, Some("2024-05-14 09:30 +0200"));
    imap.deliver(2, None);
    imap.deliver(3, None);
    let md = tempfile::tempdir().unwrap();
    let out = imap.ingest(md.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(taken(md.path()).len(), 3);
    assert_eq!(imap.count("--unseen"), 0, "every taken message is flagged \\Seen");
    assert_eq!(imap.count("--seen"), 3);
    // INTERNALDATE 2024-05-14 07:30:00 UTC reached the handler (the file's name and mtime).
    let first = std::fs::read_dir(md.path().join("new"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("<m1@"))
        .unwrap();
    assert!(
        first
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("1715671800."),
        "{first:?}"
    );
    let mtime = std::fs::metadata(&first).unwrap().modified().unwrap();
    assert_eq!(
        mtime.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(),
        1_715_671_800
    );
    // A second run finds nothing new: no message is handed twice.
    let again = imap.ingest(md.path()).output().unwrap();
    assert!(again.status.success());
    assert_eq!(taken(md.path()).len(), 3);
}

#[test]
fn imap_failed_handler_leaves_messages_unseen_for_the_next_run() {
    let imap = Imap::start();
    imap.deliver(1, None);
    imap.deliver(2, None);
    let md = tempfile::tempdir().unwrap();
    // new/ is a file: every hand-over fails.
    std::fs::create_dir_all(md.path().join("tmp")).unwrap();
    std::fs::write(md.path().join("new"), "").unwrap();
    let out = imap.ingest(md.path()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("left unseen"));
    assert_eq!(
        imap.count("--unseen"),
        2,
        "nothing flagged after a failed hand-over"
    );
    std::fs::remove_file(md.path().join("new")).unwrap();
    let retry = imap.ingest(md.path()).output().unwrap();
    assert!(
        retry.status.success(),
        "{}",
        String::from_utf8_lossy(&retry.stderr)
    );
    assert_eq!(taken(md.path()).len(), 2);
    assert_eq!(imap.count("--unseen"), 0);
}

#[test]
fn imap_follower_reconnects_after_the_server_drops_it_nothing_lost_or_doubled() {
    let imap = Imap::start();
    let md = tempfile::tempdir().unwrap();
    let child = common::bin()
        .args([
            "ingest",
            "imap",
            "--host",
            "127.0.0.1",
            "--port",
            &imap.port,
            "--plain",
            "--user",
            &imap.user,
        ])
        .args([
            "--password-env",
            "IMAPT_PW",
            "--follow",
            "--poll",
            "1s",
            "--to-maildir",
        ])
        .arg(md.path())
        .env("IMAPT_PW", &imap.password)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = Killed(Some(child));
    // The password is not in the follower's argv (what `ps` shows).
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.0.as_ref().unwrap().id())).unwrap();
    assert!(!String::from_utf8_lossy(&cmdline).contains(&imap.password));
    for n in 1..=3 {
        imap.deliver(n, None);
    }
    assert_eq!(
        wait_for(md.path(), 3, 10).len(),
        3,
        "IDLE picked up the first three"
    );
    let mut n = 4;
    for _round in 0..3 {
        // dovecot closes the follower's connection, as a restarting server does.
        imap.wait_connected(10);
        imap.rig(&["doveadm", "kick", &imap.user]);
        imap.deliver(n, None);
        imap.deliver(n + 1, None);
        n += 2;
    }
    // The server itself stops (mail arrives meanwhile) and starts again on the same port
    // and Maildir: the follower retries with its back-off until it is back.
    imap.wait_connected(10);
    imap.rig(&["doveadm", "stop"]);
    let master = imap.dir.path().join("run/master.pid");
    let end = Instant::now() + Duration::from_secs(10);
    while master.exists() && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    imap.deliver(n, None);
    imap.deliver(n + 1, None);
    std::thread::sleep(Duration::from_millis(1500));
    let owner = Command::new("stat")
        .args(["-c", "%U"])
        .arg(imap.dir.path())
        .output()
        .unwrap();
    let owner = String::from_utf8_lossy(&owner.stdout).trim().to_string();
    let conf = imap.dir.path().join("dovecot.conf");
    // dovecot daemonizes: its children would keep a piped stdout open, so no pipes.
    let restarted = Command::new("runuser")
        .args(["-u", &owner, "--", "/usr/sbin/dovecot", "-c"])
        .arg(&conf)
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(restarted.success(), "dovecot did not restart: {restarted}");
    let ids = wait_for(md.path(), 11, 30);
    std::thread::sleep(Duration::from_millis(1500)); // a doubled hand-over would show by now
    let ids_after = taken(md.path());
    let unique: BTreeSet<_> = ids_after.iter().collect();
    assert_eq!(ids.len(), 11, "every message taken: {ids:?}");
    assert_eq!(ids_after.len(), 11, "none taken twice: {ids_after:?}");
    assert_eq!(unique.len(), 11);
    assert_eq!(imap.count("--unseen"), 0);
    let mut c = child.0.take().unwrap();
    let _ = c.kill();
    let out = c.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("reconnecting"),
        "the follower said it reconnected: {stderr}"
    );
    assert!(
        !stderr.contains(&imap.password),
        "the password in stderr: {stderr}"
    );
}

#[test]
fn imap_plain_to_another_machine_is_refused_before_connecting() {
    let started = Instant::now();
    let out = common::bin()
        .args([
            "ingest",
            "imap",
            "--host",
            "192.0.2.7",
            "--plain",
            "--user",
            "u",
            "--password-env",
            "IMAPT_PW2",
        ])
        .args(["--to-maildir", "/nonexistent-imapt"])
        .env("IMAPT_PW2", "hunter2-secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refusing plain IMAP to 192.0.2.7") && stderr.contains("loopback"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2-secret"));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "refused at once, without a connection attempt"
    );
}

#[test]
fn imap_wrong_password_or_untrusted_cert_says_so_without_the_password() {
    let imap = Imap::start();
    let md = tempfile::tempdir().unwrap();
    let wrong = "wrong-pw-zz9";
    let out = common::bin()
        .args([
            "ingest",
            "imap",
            "--host",
            "localhost",
            "--port",
            &imap.tls_port,
            "--user",
            &imap.user,
        ])
        .args(["--password-env", "IMAPT_PW3", "--ca", &imap.ca, "--to-maildir"])
        .arg(md.path())
        .env("IMAPT_PW3", wrong)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("refused the login"), "{stderr}");
    assert!(!stderr.contains(wrong) && !String::from_utf8_lossy(&out.stdout).contains(wrong));
    // Without the rig's CA the certificate is not trusted: no login is attempted.
    let mut c = imap.ingest(md.path());
    let args: Vec<String> = c.get_args().map(|a| a.to_string_lossy().to_string()).collect();
    let ca_at = args.iter().position(|a| a == "--ca").unwrap();
    let mut bare = common::bin();
    bare.args(args[..ca_at].iter().chain(&args[ca_at + 2..]));
    let out = bare.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("certificate"), "{stderr}");
    assert!(!stderr.contains(&imap.password));
    let _ = c.output();
    assert_eq!(imap.count("--unseen"), 0);
}

#[test]
fn imap_move_to_moves_each_taken_message_out_of_the_inbox() {
    let imap = Imap::start();
    imap.deliver(1, None);
    imap.deliver(2, None);
    let md = tempfile::tempdir().unwrap();
    let out = imap
        .ingest(md.path())
        .args(["--move-to", "Archive"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(taken(md.path()).len(), 2);
    assert_eq!(
        String::from_utf8_lossy(&imap.rig(&["count"]).stdout).trim(),
        "0",
        "INBOX is empty"
    );
    let archived = imap.rig(&["list", &imap.user, "Archive"]);
    let text = String::from_utf8_lossy(&archived.stdout);
    assert_eq!(
        text.lines().filter(|l| l.starts_with('S')).count(),
        2,
        "both in Archive, \\Seen: {text}"
    );
}
