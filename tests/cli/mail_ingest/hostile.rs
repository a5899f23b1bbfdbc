//! Hostile and broken mail through the real binary: each case a clear outcome, the mail
//! never lost (a job, or held with the reason), no crash, bounded memory.

use std::time::Instant;

use super::*;

/// A mail from Ann of Acme with `head` (full header lines, CRLF-ended) and `body`.
fn raw(id: &str, head: &str, body: &[u8]) -> Vec<u8> {
    let mut m = format!(
        "Received: from mx.acme.example by mail.us.example; {RECEIVED}\r\nMessage-ID: <{id}>\r\nDate: {DATE_15_BEFORE}\r\n{head}\r\n"
    )
    .into_bytes();
    m.extend_from_slice(body);
    m
}

/// `ingest mail --json` on `text`, timed: no single hostile mail may take long.
fn timed(cli: &Cli, dir: &Path, what: &str, text: &[u8]) -> Value {
    let t = Instant::now();
    let v = ingest(cli, dir, text);
    let took = t.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took.as_secs() < 20, "{what} took {took:?}");
    v
}

/// What the store's log says of `id`.
fn logged(cli: &Cli, id: &str) -> Value {
    let log = cli.json(&["mail", "log", "--limit", "1000", "--json"]);
    log.as_array()
        .unwrap()
        .iter()
        .find(|r| r["message_id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} not in the mail log: {log}"))
}

fn no_controls(s: &str) {
    assert!(
        !s.chars().any(|c| c.is_control() || c == '\u{1b}'),
        "control characters in {s:?}"
    );
}

#[test]
fn mail_a_million_recipients_is_held_and_100k_make_a_job_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let to = |n: usize| {
        let list: Vec<String> = (0..n).map(|i| format!("r{i}@x.example")).collect();
        format!(
            "From: ann@acme.example\r\nSubject: All hands\r\nTo: {}\r\n",
            list.join(", ")
        )
    };
    let million = raw("m1@acme.example", &to(1_000_000), b"hi\r\n");
    assert!(million.len() > 10_000_000, "{}", million.len());
    let v = timed(&cli, dir.path(), "1M recipients", &million);
    assert_eq!(v["outcome"], "held", "{v}");
    assert!(
        v["reason"].as_str().unwrap().contains("larger than max_size"),
        "{v}"
    );
    let held = cli.json(&["mail", "held", "--json"]);
    assert_eq!(held.as_array().unwrap().len(), 1, "{held}");

    let many = raw("m2@acme.example", &to(100_000), b"hi\r\n");
    let v = timed(&cli, dir.path(), "100k recipients", &many);
    assert_eq!(v["outcome"], "created", "{v}");
    let data = created_data(dir.path(), job_of(&v)).to_string();
    assert!(
        !data.contains("r99999@x.example"),
        "the event carries the recipients"
    );
    assert!(data.len() < 10_000, "the event is {} bytes", data.len());
    assert_eq!(show(&cli, job_of(&v))["summary"], "All hands");
    cli.ok(&["verify"]);
}

/// Encoded words (RFC 2047) in Subject and From's name: decoded in every charset
/// mail-parser knows (with `full_encoding`, the CJK ones too), the raw text for an unknown
/// one; the summary inert whatever they decode to.
#[test]
fn mail_encoded_words_in_many_charsets_decode_or_stay_raw_and_inert() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    // (charset, B or Q, encoded text, the summary where the charset is decoded)
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("ISO-8859-1", "Q?Caf=E9_cr=E8me", Some("Café crème")),
        ("ISO-8859-2", "Q?=A3=F3d=BC", Some("Łódź")),
        ("ISO-8859-5", "Q?=BF=E0=D8=D2=D5=E2", Some("Привет")),
        ("ISO-8859-7", "Q?=C3=E5=E9=E1", Some("Γεια")),
        ("ISO-8859-15", "Q?=A4uro", Some("€uro")),
        ("windows-1250", "Q?=A3=F3d=9F", Some("Łódź")),
        ("windows-1251", "Q?=CF=F0=E8=E2=E5=F2", Some("Привет")),
        ("windows-1252", "Q?=80_=93quoted=94", Some("€ “quoted”")),
        ("KOI8-R", "B?8NLJ18XU", Some("Привет")),
        ("UTF-16", "B?/v8AaABp", Some("hi")),
        ("UTF-7", "Q?Hi_Mom_-+Jjo--!", Some("Hi Mom -☺-!")),
        ("UTF-8", "B?8J+UpyBwdW1w", Some("🔧 pump")),
        ("Shift_JIS", "B?k/qWew==", Some("日本")),
        ("EUC-JP", "B?xvzL3A==", Some("日本")),
        ("ISO-2022-JP", "B?GyRCRnxLXBsoQg==", Some("日本")),
        ("GB2312", "B?1tDOxA==", Some("中文")),
        ("GBK", "B?1tDOxA==", Some("中文")),
        ("Big5", "B?pKSk5Q==", Some("中文")),
        ("EUC-KR", "B?x9GxuQ==", Some("한국")),
        ("x-no-such-charset", "Q?abc", None),
        ("UTF-8", "B?!!!not*base64", None),
        // A terminal escape and a NUL in an encoded word: decoded, then made inert.
        ("UTF-8", "Q?=1B[2J=1B]0;owned=07_ok=00", None),
    ];
    for (i, (charset, text, want)) in cases.iter().enumerate() {
        let head =
            format!("From: =?{charset}?{text}?= <ann@acme.example>\r\nSubject: =?{charset}?{text}?=\r\n");
        let id = format!("ew{i}@acme.example");
        let v = timed(&cli, dir.path(), charset, &raw(&id, &head, b"body\r\n"));
        assert_eq!(v["outcome"], "created", "{charset}: {v}");
        let job = show(&cli, job_of(&v));
        let summary = job["summary"].as_str().unwrap();
        no_controls(summary);
        assert!(!summary.is_empty(), "{charset}");
        if let Some(want) = want {
            assert_eq!(summary, *want, "{charset} {text}");
        }
        assert_eq!(logged(&cli, &id)["sender"], "ann@acme.example", "{charset}");
    }
    let esc = show(&cli, 22)["summary"].as_str().unwrap().to_owned();
    assert!(esc.contains("ok") && !esc.contains('\u{7}'), "{esc:?}");
    cli.ok(&["verify"]);
}

/// A forged topmost Received in 2099 or 1970 is not the receipt: the clock starts at what
/// the source knew (here the ingest time), neither in the future nor decades ago.
#[test]
fn mail_a_forged_received_far_off_is_not_the_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    for (i, stamp) in ["Thu, 1 Jan 2099 00:00:00 +0000", "Thu, 1 Jan 1970 00:00:01 +0000"]
        .iter()
        .enumerate()
    {
        let text = format!(
            "Received: from forger by mail.us.example; {stamp}\r\nFrom: ann@acme.example\r\nSubject: Pump\r\nMessage-ID: <rcv{i}@acme.example>\r\n\r\nbody\r\n"
        );
        let v = ingest(&cli, dir.path(), text.as_bytes());
        assert_eq!(v["outcome"], "created", "{v}");
        let m = &created_data(dir.path(), job_of(&v))["mail"];
        assert_eq!(
            (m["receipt"].as_i64(), m["receipt_from"].as_str()),
            (Some(NOW), Some("source")),
            "{stamp}: {m}"
        );
        assert_eq!(m["clock_start"], NOW, "{stamp}: {m}");
    }
}

/// A hard cap on what is read: 16 × max_size. Past it the mail is refused (exit 2, the
/// MTA bounces it: too large to keep) instead of read into memory.
#[test]
fn mail_past_the_read_cap_is_refused_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let policy = policy_with(dir.path(), "max_size = \"10MB\"", "max_size = \"1KB\"");
    let cli = desk(dir.path()).policy(&policy);
    let body = vec![b'y'; 40_000];
    let text = raw(
        "cap@acme.example",
        "From: ann@acme.example\r\nSubject: big\r\n",
        &body,
    );
    let mut child = cli
        .command(&["ingest", "mail"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The refusal may come before all is written: a broken pipe is the expected end.
    let _ = child.stdin.take().unwrap().write_all(&text);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("16 × max_size") && err.contains("nothing recorded"),
        "{err}"
    );
    // Within the cap it is held whole.
    let v = ingest(&cli, dir.path(), &text[..10_000]);
    assert_eq!(v["outcome"], "held", "{v}");
}

#[test]
fn mail_a_100mb_attachment_is_held_whole_and_can_be_assigned() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let head = "From: bob@stranger.example\r\nSubject: Photos\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n";
    let mut text = raw("att@acme.example", head, b"--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/octet-stream; name=\"big.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    let line = format!("{}\r\n", "QUFB".repeat(19));
    while text.len() < 100 << 20 {
        text.extend_from_slice(line.as_bytes());
    }
    text.extend_from_slice(b"--b--\r\n");
    let v = timed(&cli, dir.path(), "100 MB attachment", &text);
    assert_eq!(v["outcome"], "held", "{v}");
    assert!(
        v["reason"].as_str().unwrap().contains("larger than max_size"),
        "{v}"
    );
    let held = cli.json(&["mail", "held", "--json"]);
    assert_eq!(held.as_array().unwrap().len(), 1, "{held}");
    assert!(held[0]["reason"].as_str().unwrap().contains("max_size"), "{held}");
    let a = cli.json(&[
        "mail",
        "assign",
        &held[0]["id"].to_string(),
        "--customer",
        "Globex",
        "--json",
    ]);
    assert_eq!(show(&cli, job_of(&a))["customer"], "Globex");
    // The mail stays kept whole in the store.
    let conn = rusqlite::Connection::open(dir.path().join("jobs.db")).unwrap();
    let size: i64 = conn
        .query_row("SELECT max(length(raw)) FROM mail_held", [], |r| r.get(0))
        .unwrap();
    assert_eq!(size as usize, text.len());
}

#[test]
fn mail_broken_bytes_and_structures_each_have_an_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let cli = desk(dir.path());
    let from = "From: ann@acme.example\r\n";
    let mp = |b: &str| format!("{from}Subject: parts\r\nContent-Type: multipart/mixed; boundary=\"{b}\"\r\n");
    let mut nested = String::new();
    for i in 0..10_000 {
        nested.push_str(&format!(
            "--d{i}\r\nContent-Type: multipart/mixed; boundary=\"d{}\"\r\n\r\n",
            i + 1
        ));
    }
    nested.push_str("--d10000\r\nContent-Type: text/plain\r\n\r\ndeep\r\n");
    let mut tiny = String::new();
    for i in 0..100_000 {
        tiny.push_str(&format!("--t\r\nContent-Type: text/plain\r\n\r\n{i}\r\n"));
    }
    tiny.push_str("--t--\r\n");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "NUL in headers",
            raw("nul@acme.example", "From: ann\0@acme.example\r\nSubject: a\0b\r\nX-Null: \0\0\r\n", b"x\0y\r\n"),
            "held",
        ),
        (
            "Latin-1 raw header",
            {
                let mut m = raw("latin@acme.example", from, b"");
                m.truncate(m.len() - 2);
                m.extend_from_slice(b"Subject: Caf\xe9 cr\xe8me\r\n\r\nbody\r\n");
                m
            },
            "created",
        ),
        (
            "1 MB header line",
            raw("long@acme.example", &format!("{from}Subject: long\r\nX-Long: {}\r\n", "z".repeat(1 << 20)), b"body\r\n"),
            "created",
        ),
        (
            "nested 10,000 deep",
            raw("deep@acme.example", &mp("d0"), nested.as_bytes()),
            "created",
        ),
        (
            "no closing boundary",
            raw("open@acme.example", &mp("o"), b"--o\r\nContent-Type: text/plain\r\n\r\nstill open\r\n--o\r\nContent-Type: text/plain\r\n\r\nand on"),
            "created",
        ),
        (
            "boundary never appears",
            raw("gone@acme.example", &mp("nowhere"), b"just text, no parts\r\n"),
            "created",
        ),
        (
            "100,000 tiny parts",
            raw("tiny@acme.example", &mp("t"), tiny.as_bytes()),
            "created",
        ),
    ];
    for (what, text, want) in &cases {
        let v = timed(&cli, dir.path(), what, text);
        assert_eq!(v["outcome"], *want, "{what}: {v}");
        let id = v["message_id"].as_str().unwrap();
        assert_eq!(logged(&cli, id)["outcome"], *want, "{what}");
        if *want == "held" {
            // A NUL makes the From no address: held for a person, not matched to Acme.
            let reason = v["reason"].as_str().unwrap();
            assert!(reason.contains("unknown sender (none)"), "{what}: {reason}");
        }
        if let Some(job) = v["job"].as_i64() {
            no_controls(show(&cli, job)["summary"].as_str().unwrap());
        }
    }
    // 8-bit header bytes that are not UTF-8: replaced, never passed through raw.
    let latin = cli.json(&["mail", "log", "--json"])[1]["subject"].clone();
    assert_eq!(latin, "Caf\u{FFFD} cr\u{FFFD}me");
    cli.ok(&["verify"]);
}
