//! Issue 17, "kill -9 of a Maildir ingest at random points (every mail exactly once)":
//! a Maildir of 1,000 mails — new jobs, CC copies of them (same Message-ID),
//! replies by References, unknown senders (held), auto-replies (ignored) — is taken by
//! the real `ingest maildir`, SIGKILLed at seeded random delays and restarted until
//! new/ is empty, then run once more. Every file must end in cur/ once, every
//! Message-ID must have made exactly one outcome, every reply exactly one note, and
//! `verify` must pass. Then every file is put back in new/ — the state a kill between a
//! commit and its rename leaves — and taken again: all duplicates, nothing changed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use crate::common::cli::Cli;
use crate::common::kill_rig::{Rng, finish, kill9, seed, text};

/// 2026-11-20T12:00:00Z.
const NOW: i64 = 1_795_176_000;
/// Enough that a debug pass lasts a few hundred ms, so that ten kills spread over it.
const MAILS: usize = 1000;
const RECEIVED: &str = "Fri, 20 Nov 2026 11:50:00 +0000";

/// What a Message-ID must have become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Created,
    Attached,
    Held,
    Ignored,
}

impl Expect {
    fn outcome(self) -> &'static str {
        match self {
            Expect::Created => "created",
            Expect::Attached => "attached",
            Expect::Held => "held",
            Expect::Ignored => "ignored",
        }
    }
}

fn mail(from: &str, id: &str, subject: &str, extra: &str) -> String {
    format!(
        "Received: from mx.acme.example by mail.us.example; {RECEIVED}\r\nFrom: {from}\r\n\
To: service@us.example\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n\
Date: Fri, 20 Nov 2026 11:49:00 +0000\r\n{extra}\r\nThe pump at site 3 leaks.\r\n"
    )
}

/// The Maildir's mails, in delivery (file name) order, and what each Message-ID must
/// become. Replies come after the mail they answer, CC copies after their first copy.
fn build(box_dir: &Path, rng: &mut Rng) -> (usize, usize, BTreeMap<String, Expect>) {
    for sub in ["tmp", "new", "cur"] {
        std::fs::create_dir_all(box_dir.join(sub)).unwrap();
    }
    let mut files: Vec<String> = Vec::new();
    let mut expect = BTreeMap::new();
    let mut originals: Vec<String> = Vec::new();
    let mut copies = 0;
    for i in 0..MAILS {
        let roll = rng.below(100);
        let text = if roll < 10 && !originals.is_empty() {
            // A CC copy of an earlier mail: same Message-ID, another To.
            copies += 1;
            let k = &originals[usize::try_from(rng.below(originals.len() as u64)).unwrap()];
            mail(
                "ann@acme.example",
                k,
                &format!("pump {k}"),
                "Cc: boss@us.example\r\n",
            )
        } else if roll < 25 && !originals.is_empty() {
            let k = originals[usize::try_from(rng.below(originals.len() as u64)).unwrap()].clone();
            let id = format!("r{i}@acme.example");
            expect.insert(id.clone(), Expect::Attached);
            mail(
                "facilities@acme-holding.example",
                &id,
                &format!("Re: pump {k} (reply {i})"),
                &format!("In-Reply-To: <{k}>\r\nReferences: <{k}>\r\n"),
            )
        } else if roll < 30 {
            let id = format!("u{i}@elsewhere.example");
            expect.insert(id.clone(), Expect::Held);
            mail("eve@elsewhere.example", &id, &format!("hello {i}"), "")
        } else if roll < 35 {
            let id = format!("a{i}@acme.example");
            expect.insert(id.clone(), Expect::Ignored);
            mail(
                "ann@acme.example",
                &id,
                &format!("Out of office {i}"),
                "Auto-Submitted: auto-replied\r\n",
            )
        } else {
            let id = format!("o{i}@acme.example");
            expect.insert(id.clone(), Expect::Created);
            originals.push(id.clone());
            mail("ann@acme.example", &id, &format!("pump {id}"), "")
        };
        // As an MDA delivers: tmp/ then a rename into new/; names sort in delivery order.
        let name = format!("{}.m{i:04}.host", 1_795_000_000 + i);
        std::fs::write(box_dir.join("tmp").join(&name), text).unwrap();
        std::fs::rename(box_dir.join("tmp").join(&name), box_dir.join("new").join(&name)).unwrap();
        files.push(name);
    }
    (files.len(), copies, expect)
}

fn names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn maildir_ingest_killed_at_random_points_takes_every_mail_once() {
    let seed = seed();
    println!("maildir kill: seed {seed} (SLAWATCH_KILL_SEED={seed} repeats the plan)");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("Maildir");
    let (total, copies, expect) = build(&md, &mut rng);
    let cli = Cli::new(&dir.path().join("jobs.db"), "mail").at(NOW);
    let md_arg = md.to_str().unwrap();

    // Kills at random delays: the first ones early (opening the store, the first
    // transactions), later ones spread over a pass, so they land mid-transaction,
    // between a commit and its rename, and in the outbox round.
    let begun = Instant::now();
    let mut kills = 0;
    let mut runs = 0;
    while !names(&md.join("new")).is_empty() {
        runs += 1;
        assert!(runs < 60, "seed {seed}: new/ not empty after {runs} runs");
        let mut child = cli
            .command(&["ingest", "maildir", md_arg])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if kills < 10 {
            // A whole pass takes a few hundred ms in debug: the first two kills land
            // while the store opens, the rest anywhere in the pass.
            let max = if kills < 2 { 30 } else { 200 };
            std::thread::sleep(rng.ms(max));
            if kill9(&mut child) {
                kills += 1;
                continue;
            }
        } else {
            let out = finish(child, 60, "ingest maildir");
            assert!(
                out.status.success(),
                "seed {seed}: ingest maildir failed: {}",
                text(&out.stderr)
            );
        }
    }
    // Once more, not killed: nothing left to take, nothing taken twice.
    let out = finish(
        cli.command(&["ingest", "maildir", md_arg, "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
        60,
        "the last ingest maildir",
    );
    assert!(out.status.success(), "seed {seed}: {}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "",
        "seed {seed}: the last run took something"
    );
    println!(
        "maildir kill: {total} files, {kills} kills, {runs} runs, {:.1} s",
        begun.elapsed().as_secs_f64()
    );
    // A duplicate beyond the CC copies is a mail whose commit a kill cut off from its
    // rename: taken again, it must have been recognised, not made twice.
    let retaken: i64 = rusqlite::Connection::open(dir.path().join("jobs.db"))
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM mail_log WHERE outcome = 'duplicate'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    println!(
        "maildir kill: {} mails taken again after a kill (duplicates beyond the {copies} CC copies)",
        retaken - copies as i64
    );
    assert!(kills >= 5, "seed {seed}: only {kills} kills landed while it ran");

    check(&md, &dir.path().join("jobs.db"), total, &expect, seed);
    cli.ok(&["verify"]);

    // The state a kill between a commit and its rename leaves, made on purpose for every
    // file (a random kill lands there only now and then): each back in new/ under its
    // delivered name. Taken again, each must be a duplicate — no second job, no reply
    // noted twice — and end in cur/ under the one name it had.
    for name in names(&md.join("cur")) {
        let base = name.trim_end_matches(":2,S");
        std::fs::copy(md.join("cur").join(&name), md.join("new").join(base)).unwrap();
    }
    let out = cli.output(&["ingest", "maildir", md_arg, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dups = text(&out.stdout).matches("\"outcome\":\"duplicate\"").count();
    assert_eq!(dups, total, "seed {seed}: every file taken again is a duplicate");
    check(&md, &dir.path().join("jobs.db"), total, &expect, seed);
    cli.ok(&["verify"]);
}

/// Every file in cur/ once, the store holding each Message-ID's one outcome and each
/// reply's one note.
fn check(md: &Path, db_path: &Path, total: usize, expect: &BTreeMap<String, Expect>, seed: u64) {
    // Every file in cur/ exactly once, marked seen; nothing in new/ or tmp/.
    assert!(names(&md.join("new")).is_empty());
    assert!(names(&md.join("tmp")).is_empty());
    let mut cur = names(&md.join("cur"));
    cur.sort();
    assert_eq!(cur.len(), total, "seed {seed}: {cur:?}");
    for (i, name) in cur.iter().enumerate() {
        let want = format!("{}.m{i:04}.host:2,S", 1_795_000_000 + i);
        assert_eq!(name, &want, "seed {seed}");
    }

    // Every Message-ID one outcome, the one it should have.
    let db = rusqlite::Connection::open(db_path).unwrap();
    let mut stmt = db
        .prepare("SELECT message_id, outcome FROM mail_messages")
        .unwrap();
    let got: BTreeMap<String, String> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let want: BTreeMap<String, String> = expect
        .iter()
        .map(|(k, v)| (k.clone(), v.outcome().to_owned()))
        .collect();
    assert_eq!(got, want, "seed {seed}");
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    let of = |e: Expect| expect.values().filter(|v| **v == e).count() as i64;
    assert_eq!(
        count("SELECT COUNT(*) FROM jobs"),
        of(Expect::Created),
        "seed {seed}"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM mail_held"),
        of(Expect::Held),
        "seed {seed}"
    );

    // Each reply noted exactly once, on the job of the mail it answers.
    let mut notes = db.prepare("SELECT data FROM events WHERE kind = 'note'").unwrap();
    let notes: Vec<String> = notes
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, _) in expect.iter().filter(|(_, v)| **v == Expect::Attached) {
        let i = id.trim_start_matches('r').split('@').next().unwrap();
        let marker = format!("(reply {i})");
        let n = notes.iter().filter(|d| d.contains(&marker)).count();
        assert_eq!(n, 1, "seed {seed}: reply {id} noted {n} times");
    }
    assert_eq!(notes.len() as i64, of(Expect::Attached), "seed {seed}");
}
