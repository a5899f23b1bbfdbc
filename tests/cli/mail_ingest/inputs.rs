//! What is not quite a mail: not a mail at all, broken input, a cancelled job, an
//! over-long sender, a Maildir, a broken policy.

use super::*;

#[test]
fn mail_not_a_mail_exits_2_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let mut child = cli
        .command(&["ingest", "mail"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"just some text\nnot a header\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a mail"),
        "{out:?}"
    );
}

#[test]
fn mail_broken_input_has_a_clear_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let broken_mime = "From: ann@acme.example\r\nSubject: parts\r\nMessage-ID: <mime@acme.example>\r\nContent-Type: multipart/mixed; boundary=\"never\"\r\n\r\n--never\r\nContent-Type: text/plain\r\n\r\nno end";
    let v = ingest(&cli, dir.path(), broken_mime.as_bytes());
    assert_eq!(v["outcome"], "created", "{v}");
    let nul = b"From: ann@acme.example\r\nSubject: nul\x00bytes\r\nMessage-ID: <nul@acme.example>\r\n\r\nbody\x00\x00";
    let v = ingest(&cli, dir.path(), nul);
    assert_eq!(v["outcome"], "created", "{v}");
    assert!(!show(&cli, job_of(&v))["summary"].as_str().unwrap().contains('\0'));
    let huge = format!(
        "From: ann@acme.example\r\nSubject: {}\r\nMessage-ID: <huge@acme.example>\r\n\r\nbody",
        "x".repeat(2_000_000)
    );
    let v = ingest(&cli, dir.path(), huge.as_bytes());
    assert!(
        ["created", "held"].contains(&v["outcome"].as_str().unwrap()),
        "{v}"
    );
    let policy = policy_with(dir.path(), "max_size = \"10MB\"", "max_size = \"1KB\"");
    let small = desk(dir.path()).policy(&policy);
    let big = format!(
        "From: ann@acme.example\r\nSubject: big\r\nMessage-ID: <big@acme.example>\r\n\r\n{}",
        "y".repeat(5000)
    );
    let v = ingest(&small, dir.path(), big.as_bytes());
    assert_eq!(v["outcome"], "held", "{v}");
    assert!(v["reason"].as_str().unwrap().contains("max_size"), "{v}");
    cli.ok(&["verify"]);
}

#[test]
fn mail_reply_to_a_cancelled_job_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let v = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "c1@acme.example",
            "Pump noisy",
            DATE_15_BEFORE,
            "",
        )
        .as_bytes(),
    );
    let job = job_of(&v);
    cli.ok(&["cancel", &job.to_string(), "--reason", "duplicate"]);
    let reply = ingest(
        &cli,
        dir.path(),
        mail(
            "ann@acme.example",
            "c2@acme.example",
            "Re: Pump noisy",
            DATE_15_BEFORE,
            "In-Reply-To: <c1@acme.example>\r\n",
        )
        .as_bytes(),
    );
    assert!(
        ["attached", "held"].contains(&reply["outcome"].as_str().unwrap()),
        "{reply}"
    );
    let log = cli.json(&["mail", "log", "--json"]);
    assert_eq!(log.as_array().unwrap().len(), 2, "{log}");
}

#[test]
fn mail_sender_too_long_for_a_name_still_makes_a_job() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let from = format!("{}@acme.example", "a".repeat(240));
    let v = ingest(
        &cli,
        dir.path(),
        mail(&from, "long@acme.example", "Pump noisy", DATE_15_BEFORE, "").as_bytes(),
    );
    assert_eq!(v["outcome"], "created", "{v}");
    assert_eq!(show(&cli, job_of(&v))["created_by"], "mail");
}

#[test]
fn mail_maildir_moves_each_mail_after_its_job_and_never_doubles() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
    }
    let cli = desk(dir.path());
    let a = mail(
        "ann@acme.example",
        "md1@acme.example",
        "Pump noisy",
        DATE_15_BEFORE,
        "",
    );
    let b = mail(
        "ann@acme.example",
        "md2@acme.example",
        "Door stuck",
        DATE_15_BEFORE,
        "",
    );
    std::fs::write(md.join("new/1.host"), &a).unwrap();
    std::fs::write(md.join("new/2.host"), &b).unwrap();
    std::fs::write(md.join("new/3.host"), "not a mail at all\n").unwrap();
    let out = cli.ok(&["ingest", "maildir", md.to_str().unwrap(), "--json"]);
    assert_eq!(out.lines().count(), 2, "{out}");
    let left: Vec<_> = std::fs::read_dir(md.join("new"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["3.host"], "the non-mail stays in new/, never lost");
    assert_eq!(std::fs::read_dir(md.join("cur")).unwrap().count(), 2);
    // A crash after the commit but before the move: the file is back in new/.
    std::fs::write(md.join("new/1.host"), &a).unwrap();
    let out = cli.ok(&["ingest", "maildir", md.to_str().unwrap(), "--json"]);
    assert!(out.contains("\"duplicate\""), "{out}");
    assert_eq!(
        cli.json(&["list", "--json"]).as_array().map_or(0, Vec::len),
        2,
        "no mail doubled"
    );
}

#[test]
fn mail_a_broken_policy_is_a_retry_not_a_bounce() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("sla.toml");
    std::fs::write(&policy, "display_timezone = 3\n").unwrap();
    let cli = desk(dir.path()).policy(&policy);
    let file = dir.path().join("m.eml");
    std::fs::write(
        &file,
        mail("ann@acme.example", "p1@acme.example", "Pump", DATE_15_BEFORE, ""),
    )
    .unwrap();
    let err = cli.fails(&["ingest", "mail", file.to_str().unwrap()], 1);
    assert!(err.contains("delivered again"), "{err}");
}
