//! The breach forecast (issue 6) on real SQLite files and through the real binary:
//! figures worked out by hand, `list --at-risk`, and a backtest that never sees the
//! future.
//!
//! The hand-made store uses the example policy's `critical` tier (Acme Corp P1): a
//! 24x7 UTC calendar, respond 30m, attend 2h, resolve 4h, pauses stop only resolve, so
//! business time is wall time. Twenty closed `malfunction` jobs make the history; job i
//! (0..19) was responded to after 11+i minutes, attended after 41+2i, resolved after
//! 100+i. Medians (of 20: the mean of the middle two) and 80th percentiles (nearest
//! rank: the 16th of 20, the 17th of 21). The open job 22 adds its 90-minute response:
//!
//! | from → to            | samples (minutes)   | median          | p80          |
//! |----------------------|---------------------|-----------------|--------------|
//! | logged → respond     | 11, 12, …, 30, 90   | 21m = 1260 s    | 27m = 1620 s |
//! | logged → attend      | 41, 43, …, 79       | 60m = 3600 s    | 71m = 4260 s |
//! | logged → resolve     | 100, 101, …, 119    | 109.5m = 6570 s | 115m         |
//! | responded → attend   | 30, 31, …, 49       | 39.5m = 2370 s  | 45m = 2700 s |
//! | responded → resolve  | 89 each             | 89m = 5340 s    | 89m          |
//! | attended → resolve   | 40, 41, …, 59       | 49.5m = 2970 s  | 55m = 3300 s |
use crate::common::example_policy;

use std::path::{Path, PathBuf};

use crate::common::cli;
use cli::Cli;
use serde_json::Value;
use slawatch_core::job::{Job, JobAction, NewJob};
use slawatch_core::policy::{ClockKind, Policy};
use slawatch_core::report::forecast::{
    Basis, ClockTrace, History, HistoryBuilder, Stage, first_stop, forecast_open,
};
use slawatch_store::{JobFilter, Store};

mod binary;
mod history;

const M: i64 = 60;
const H: i64 = 3600;
const D: i64 = 86_400;
/// "Now" of the hand-made store: Monday 2026-06-15 12:00 UTC.
const N: i64 = 1_781_524_800;

fn policy() -> Policy {
    example_policy().parse()
}

/// A job of Acme Corp, P1 malfunction (tier critical), logged at `at`, with `steps`.
struct Plan {
    at: i64,
    tech: Option<&'static str>,
    steps: Vec<(JobAction, i64)>,
}

fn respond() -> JobAction {
    JobAction::Respond { note: None }
}
fn attend() -> JobAction {
    JobAction::Attend { note: None }
}
fn resolve() -> JobAction {
    JobAction::Resolve { note: None }
}

fn plan(at: i64, tech: Option<&'static str>, steps: Vec<(JobAction, i64)>) -> Plan {
    Plan { at, tech, steps }
}

/// Writes the jobs, in order (ids 1, 2, …), into a new store at `path`.
fn write(path: &Path, plans: &[Plan]) {
    let policy = policy();
    let mut store = Store::open(path).unwrap();
    let mut batch = store.batch().unwrap();
    for p in plans {
        let job = NewJob {
            customer: "Acme Corp".to_owned(),
            priority: "P1".to_owned(),
            job_type: Some("malfunction".to_owned()),
            asset: None,
            site: None,
            contract: None,
            summary: "Booster pump tripping on overload".to_owned(),
            technician: p.tech.map(str::to_owned),
            at: Some(p.at),
        };
        let mut row = batch.log(&policy, &job, "anna", N).unwrap();
        for (action, at) in &p.steps {
            batch.apply(&policy, &mut row, action, "anna", *at, N).unwrap();
        }
        batch.save(&row).unwrap();
    }
    batch.commit().unwrap();
}

/// The twenty closed jobs of the table above, ten to five days before N.
fn history_plans() -> Vec<Plan> {
    (0..20)
        .map(|i| {
            let t = N - 10 * D + i * 6 * H;
            plan(
                t,
                None,
                vec![
                    (respond(), t + (11 + i) * M),
                    (attend(), t + (41 + 2 * i) * M),
                    (resolve(), t + (100 + i) * M),
                ],
            )
        })
        .collect()
}

/// The history, then five open jobs at N (ids 21–25):
/// - 21: logged 25m ago; every clock well in time.
/// - 22: logged 110m ago, responded 20m ago: the visit is due in 10m (2h window) but
///   responded → attend takes 39.5m, 19.5m still to go → at risk, 9m30s late.
/// - 23, 24, 25: jan's, logged 5m, 4m and 6m ago; 25 is paused by the customer. In
///   deadline order 25 (paused: no work), 23 (21m − 5m = 960 s of work), 24. Job 24
///   waits 960 s and needs 1260 − 240 = 1020 s itself: 1980 s against 1560 s left to
///   its response deadline → at risk, 420 s late.
fn small_store(path: &Path) {
    let mut plans = history_plans();
    plans.push(plan(N - 25 * M, None, vec![]));
    plans.push(plan(N - 110 * M, None, vec![(respond(), N - 20 * M)]));
    plans.push(plan(N - 5 * M, Some("jan"), vec![]));
    plans.push(plan(N - 4 * M, Some("jan"), vec![]));
    plans.push(plan(
        N - 6 * M,
        Some("jan"),
        vec![(
            JobAction::Pause {
                reason: "waiting on customer".to_owned(),
                note: None,
            },
            N - 3 * M,
        )],
    ));
    write(path, &plans);
}

fn all_jobs(path: &Path) -> Vec<Job> {
    Store::open_existing(path)
        .unwrap()
        .jobs(&JobFilter::default())
        .unwrap()
}
