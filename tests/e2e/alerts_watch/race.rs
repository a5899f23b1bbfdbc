//! Several processes racing on one store at scripted instants: each crossing recorded
//! once, told once per user.

use super::*;

/// The users racing in every round: two processes of one dispatcher, one of another.
const RACERS: [&str; 3] = ["anna", "anna", "jan"];
/// Jobs in the race, logged this far apart: more rounds for the race to go wrong in,
/// and no two crossings in one round. (A claim made non-atomic on purpose failed this
/// test in 13 of 15 runs with 6 jobs, in 2 of 20 with one.)
const JOBS: i64 = 6;
const STAGGER: i64 = 2 * MINUTE;
/// The crossings of a critical job (attend 2h, resolve 4h on a 24x7 calendar)
/// responded at once and attended at `ON_SITE`: (offset from its logging, clock,
/// thousandths of the window).
const CROSSINGS: [(i64, &str, i64); 7] = [
    (HOUR, "attend", 500),
    (HOUR + 30 * MINUTE, "attend", 750),
    // Also the tier's escalation to level 1 (at = 0.9).
    (HOUR + 48 * MINUTE, "attend", 900),
    (2 * HOUR, "resolve", 500),
    (3 * HOUR, "resolve", 750),
    // Already at level 1: this escalation is moot.
    (3 * HOUR + 36 * MINUTE, "resolve", 900),
    // Also the escalation to level 2 (at = 1.0), told to on-call, not to dispatch.
    (4 * HOUR, "resolve", 1000),
];
/// The technician arrives after attend's 90 % and before its breach (which would come
/// with resolve's 50 % and hide it: a job's lower alert gives way to the higher).
const ON_SITE: i64 = HOUR + 51 * MINUTE;
/// A round runs this long after the crossing it is for: not late (that is 120 s), and
/// far from the next crossing even for a process that starts slowly.
const AFTER: i64 = 30;

/// What happens at a scripted instant.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// The racers run; no crossing is new.
    Quiet,
    /// The racers run just after this crossing of `job`.
    Round {
        job: i64,
        clock: &'static str,
        per_mille: i64,
    },
    /// `slawatch attend JOB`.
    Attend(i64),
}

/// Runs the racers at `t`; what each user's processes printed, together.
fn race(desk: &Desk, t: i64, what: &str) -> BTreeMap<&'static str, Vec<Value>> {
    let children: Vec<(&str, Child)> = RACERS
        .iter()
        .map(|&u| {
            (
                u,
                spawn(desk.cmd(u, Some(t), &["watch", "--once", "--json"]), what),
            )
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(WATCH_SECS);
    let mut notices: BTreeMap<&str, Vec<Value>> = RACERS.iter().map(|&u| (u, Vec::new())).collect();
    for (user, child) in children {
        let out = finish(child, deadline, &format!("{what} as {user}"));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{what} as {user}: {}",
            text(&out.stderr)
        );
        for line in text(&out.stdout).lines() {
            notices
                .get_mut(user)
                .unwrap()
                .push(serde_json::from_str(line).unwrap_or_else(|e| panic!("{what}: `{line}`: {e}")));
        }
    }
    notices
}

#[test]
fn each_crossing_is_recorded_once_and_told_once_per_user() {
    let desk = Desk::new();
    // Job k+1 is logged at l + k·STAGGER and responded a minute later, so only attend
    // and resolve run, every crossing at a fixed offset from its logging.
    let l = slawatch::service::clock::now() - 10 * HOUR;
    // All of it on a clock just past the last response.
    let set_up = Some(l + JOBS * STAGGER + MINUTE);
    for k in 0..JOBS {
        let logged = l + k * STAGGER;
        desk.ok_at(
            set_up,
            &[
                "log",
                "--customer",
                "Acme Corp",
                "--priority",
                "P1",
                "--summary",
                &format!("Line {} down", k + 1),
                "--tech",
                "maria",
                "--at",
                &at(logged),
            ],
        );
        desk.ok_at(
            set_up,
            &["respond", &(k + 1).to_string(), "--at", &at(logged + MINUTE)],
        );
    }

    // The scripted instants. The first is before any crossing: every process's first
    // round is a catch-up round (more than one notice becomes a summary), and this one
    // is empty. After that each instant is just past one crossing of one job, so a
    // dispatcher has one new notice — or one summary, for the attend 90 % warning that
    // comes with the escalation to level 1 (dispatch's level).
    let mut plan: Vec<(i64, Step)> = vec![(l + 50 * MINUTE, Step::Quiet)];
    for k in 0..JOBS {
        let logged = l + k * STAGGER;
        plan.push((logged + ON_SITE, Step::Attend(k + 1)));
        for (offset, clock, per_mille) in CROSSINGS {
            plan.push((
                logged + offset + AFTER,
                Step::Round {
                    job: k + 1,
                    clock,
                    per_mille,
                },
            ));
        }
    }
    plan.sort_by_key(|(t, _)| *t);
    let rounds: Vec<i64> = plan
        .iter()
        .filter(|(_, s)| matches!(s, Step::Round { .. }))
        .map(|(t, _)| *t)
        .collect();
    assert!(
        rounds.windows(2).all(|w| w[1] - w[0] >= 2 * MINUTE),
        "two crossings too close for separate rounds: {rounds:?}"
    );

    // (user, event id, job, clock, per mille) of every alert notice delivered.
    let mut delivered: Vec<(&str, i64, i64, &str, i64)> = Vec::new();
    for (t, step) in plan {
        let what = format!("watch --once at l+{}m{}s", (t - l) / MINUTE, (t - l) % MINUTE);
        let (job, clock, per_mille) = match step {
            Step::Attend(job) => {
                desk.ok_at(Some(t + 5), &["attend", &job.to_string(), "--at", &at(t)]);
                continue;
            }
            Step::Quiet => (0, "", 0),
            Step::Round {
                job,
                clock,
                per_mille,
            } => (job, clock, per_mille),
        };
        let notices = race(&desk, t, &what);
        for user in ["anna", "jan"] {
            let got = &notices[user];
            let ctx = format!("{what}, {user}'s processes printed {got:#?}");
            if matches!(step, Step::Quiet) {
                assert!(got.is_empty(), "{ctx}");
                continue;
            }
            // Exactly one notice between all of the user's processes.
            assert_eq!(got.len(), 1, "{ctx}");
            let n = &got[0];
            let warning = format!("WARNING {}% · #{job} Acme Corp · {clock}", per_mille / 10);
            if (clock, per_mille) == ("attend", 900) {
                assert_eq!(n["kind"], "summary", "{ctx}");
                assert_eq!(n["summary"], "2 alerts while you were away", "{ctx}");
                assert_eq!(n["event"], Value::Null, "{ctx}");
                let body: Vec<&str> = n["body"].as_str().unwrap().lines().collect();
                for line in [
                    "1 escalation, 1 warning on 1 job",
                    &format!("ESCALATED L1 Dispatch lead · #{job} Acme Corp"),
                    &warning,
                ] {
                    assert!(body.contains(&line), "`{line}` missing: {ctx}");
                }
                continue;
            }
            let (kind, summary) = if per_mille == 1000 {
                ("breach", format!("BREACH · #{job} Acme Corp · {clock}"))
            } else {
                ("warning", warning)
            };
            assert_eq!(n["kind"], kind, "{ctx}");
            assert_eq!(n["summary"], summary.as_str(), "{ctx}");
            assert_eq!(n["job"], job, "{ctx}");
            assert_eq!(n["late"], false, "{ctx}");
            let event = n["event"]
                .as_i64()
                .unwrap_or_else(|| panic!("no event id: {ctx}"));
            delivered.push((user, event, job, clock, per_mille));
        }
    }

    // The store: each crossing once, dated by the crossing, none late.
    // event id -> (job, clock, per mille)
    let mut recorded: BTreeMap<i64, (i64, String, i64)> = BTreeMap::new();
    let mut summarised = BTreeSet::new();
    for job in 1..=JOBS {
        let logged = l + (job - 1) * STAGGER;
        let mut keys: BTreeMap<(String, i64, i64), Vec<i64>> = BTreeMap::new();
        for e in desk.events(job, "alert") {
            let d = &e["data"];
            let clock = d["clock"].as_str().unwrap().to_owned();
            let per_mille = (d["fraction"].as_f64().unwrap() * 1000.0).round() as i64;
            let id = e["id"].as_i64().unwrap();
            let window = if clock == "attend" { 2 * HOUR } else { 4 * HOUR };
            assert_eq!(d["crossed_at"], logged + window * per_mille / 1000, "{e}");
            assert_eq!(d["late"], false, "{e}");
            assert_eq!(e["actor"], "slawatch", "{e}");
            if (clock.as_str(), per_mille) == ("attend", 900) {
                summarised.insert(id);
            }
            recorded.insert(id, (job, clock.clone(), per_mille));
            keys.entry((clock, per_mille, d["cycle"].as_i64().unwrap()))
                .or_default()
                .push(id);
        }
        for (key, ids) in &keys {
            assert_eq!(
                ids.len(),
                1,
                "job {job}: crossing {key:?} recorded as events {ids:?}"
            );
        }
        let expected: BTreeSet<(String, i64, i64)> = CROSSINGS
            .iter()
            .map(|(_, clock, per_mille)| ((*clock).to_owned(), *per_mille, 0))
            .collect();
        assert_eq!(keys.into_keys().collect::<BTreeSet<_>>(), expected, "job {job}");

        // One automatic escalation per level reached.
        let auto: Vec<Value> = desk
            .events(job, "escalated")
            .into_iter()
            .filter(|e| e["actor"] == "slawatch")
            .collect();
        let levels: Vec<(i64, &str)> = auto
            .iter()
            .map(|e| {
                assert_eq!(e["data"]["auto"], true, "{e}");
                (
                    e["data"]["level"].as_i64().unwrap(),
                    e["data"]["clock"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(levels, [(1, "attend"), (2, "resolve")], "job {job}: {auto:#?}");
        assert_eq!(desk.show(job)["job"]["escalation_level"], 2);
    }

    // Every alert told to each dispatcher exactly once (of anna's two processes, one
    // told her), the summarised ones excepted; each notice about the event it names.
    for user in ["anna", "jan"] {
        let mut told = BTreeSet::new();
        for &(u, event, job, clock, per_mille) in &delivered {
            if u != user {
                continue;
            }
            assert_eq!(
                recorded.get(&event),
                Some(&(job, clock.to_owned(), per_mille)),
                "{user} was told event {event} as job {job} {clock} {per_mille}‰"
            );
            assert!(told.insert(event), "{user} was told event {event} twice");
        }
        let want: BTreeSet<i64> = recorded
            .keys()
            .copied()
            .filter(|id| !summarised.contains(id))
            .collect();
        assert_eq!(told, want, "what {user} was told");
    }
    desk.verify();
}
