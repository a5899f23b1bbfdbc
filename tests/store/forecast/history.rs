//! The history and the forecast through the library, worked out by hand and on a demo store.

use super::*;

#[test]
fn history_and_forecast_by_hand_on_a_small_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    small_store(&db);
    let p = policy();
    let jobs = all_jobs(&db);
    let h = History::from_jobs(&p, &jobs, N, 20);
    let est = |stage, clock| {
        let e = h.estimate("critical", Some("malfunction"), stage, clock).unwrap();
        assert_eq!(e.basis, Basis::TierType, "{stage} → {clock}");
        (e.median, e.p80, e.samples)
    };
    use ClockKind::{Attend, Resolve, Respond};
    use Stage::{Attended, Logged, Responded};
    assert_eq!(est(Logged, Respond), (1260, 1620, 21));
    let est = |stage, clock| {
        let (median, p80, n) = est(stage, clock);
        assert_eq!(n, 20, "{stage} → {clock}");
        (median, p80)
    };
    assert_eq!(est(Logged, Attend), (3600, 4260));
    assert_eq!(est(Logged, Resolve), (6570, 6900));
    assert_eq!(est(Responded, Attend), (2370, 2700));
    assert_eq!(est(Responded, Resolve), (5340, 5340));
    assert_eq!(est(Attended, Resolve), (2970, 3300));
    // Another type of the tier falls back to the tier; with 21 samples needed, to nothing.
    assert_eq!(
        h.estimate("critical", Some("request"), Logged, Respond)
            .map(|e| e.basis),
        Some(Basis::Tier)
    );
    let strict = History::from_jobs(&p, &jobs, N, 22);
    assert_eq!(
        strict.estimate("critical", Some("malfunction"), Logged, Respond),
        None
    );

    let open: Vec<Job> = jobs
        .into_iter()
        .filter(|j| j.status != slawatch_core::job::JobStatus::Resolved)
        .collect();
    assert_eq!(open.len(), 5);
    let f = forecast_open(&p, &h, &open, N);
    let risky: Vec<(i64, ClockKind)> = f.iter().filter(|f| f.at_risk).map(|f| (f.job, f.clock)).collect();
    assert_eq!(risky, [(22, Attend), (24, Respond)]);
    let b = f.iter().find(|f| f.job == 22 && f.clock == Attend).unwrap();
    assert_eq!((b.stage, b.overrun, b.queue), (Responded, 570, 0));
    assert_eq!(
        (b.expected, b.expected_p80, b.deadline),
        (Some(N + 1170), Some(N + 1500), Some(N + 600))
    );
    let d = f.iter().find(|f| f.job == 24 && f.clock == Respond).unwrap();
    assert_eq!((d.stage, d.overrun, d.queue), (Logged, 420, 960));
    // p80: the queue, then 27m less the 4m it has had.
    assert_eq!(
        (d.expected, d.expected_p80, d.deadline),
        (Some(N + 1980), Some(N + 960 + 1620 - 240), Some(N + 26 * M))
    );
    // The paused job holds up no one; the first in the queue waits for nothing.
    assert_eq!(
        f.iter()
            .find(|f| f.job == 23 && f.clock == Respond)
            .unwrap()
            .queue,
        0
    );
    assert_eq!(
        f.iter()
            .find(|f| f.job == 25 && f.clock == Respond)
            .unwrap()
            .queue,
        0
    );
}

/// A demo store of a few hundred jobs (pauses, reopenings, jobs never attended).
fn demo_store(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    Cli::new(&db, "anna").ok(&["demo-data", "--jobs", "400", "--days", "20"]);
    db
}

#[test]
fn stage_times_follow_the_clocks_own_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let p = policy();
    let now = slawatch::service::clock::now();
    let jobs = all_jobs(&db);
    let mut paused = 0;
    for j in &jobs {
        let sla = j.evaluate(&p, now).unwrap();
        let tier = sla.matched.tier;
        for c in &sla.clocks {
            let trace = ClockTrace::of(j, tier, &p.pause_reasons, c.kind, now);
            let end = c.stopped_at.unwrap_or(now);
            assert_eq!(
                trace.business(tier, j.created_at, end),
                c.elapsed,
                "job {} {}: {:?}",
                j.id,
                c.kind,
                j.clock_log
            );
            if c.kind == ClockKind::Respond {
                assert_eq!(first_stop(j, c.kind, now).map(|s| s.at), c.stopped_at);
            }
        }
        paused += usize::from(
            j.clock_log
                .iter()
                .any(|e| e.k == slawatch_core::job::EventKind::Paused),
        );
    }
    assert!(paused > 20, "the demo store should hold paused jobs: {paused}");
}

#[test]
fn lean_rows_make_the_same_history_as_whole_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let p = policy();
    let now = slawatch::service::clock::now();
    let whole = History::from_jobs(&p, &all_jobs(&db), now, 1);
    let store = Store::open_existing(&db).unwrap();
    let mut lean = History::new(1);
    for (lo, hi) in [(i64::MIN, 150), (150, i64::MAX)] {
        let mut b = HistoryBuilder::new(1);
        store.each_lean_job((lo, hi), |j| b.add_job(&p, &j, now)).unwrap();
        lean.absorb(b.finish());
    }
    assert!(whole.len() > 1000, "{}", whole.len());
    assert_eq!(lean.len(), whole.len());
    for tier in p.tiers.keys() {
        for ty in [
            None,
            Some("malfunction"),
            Some("request"),
            Some("maintenance"),
            Some("incident"),
        ] {
            for stage in Stage::ALL {
                for clock in ClockKind::ALL {
                    assert_eq!(
                        lean.estimate(tier, ty, stage, clock),
                        whole.estimate(tier, ty, stage, clock),
                        "{tier} {ty:?} {stage} → {clock}"
                    );
                }
            }
        }
    }
}
