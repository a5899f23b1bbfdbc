//! Store speed: `cargo bench --bench store`. Figures go into BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use slawatch::service::demo::DemoGen;
use slawatch_core::job::{JobScript, NewJob};
use slawatch_core::policy::parse_policy;
use slawatch_store::Store;

const EXAMPLE: &str = include_str!("../sla.toml.example");

fn rows(n: usize, now: i64) -> Vec<(usize, Result<NewJob, String>)> {
    let customers = ["Acme Corp", "Globex", "Initech", "Hooli Campus"];
    (0..n)
        .map(|i| {
            let job = NewJob {
                customer: customers[i % 4].to_owned(),
                priority: format!("P{}", i % 4 + 1),
                job_type: Some("malfunction".to_owned()),
                asset: Some(format!("PUMP-{:03}", i % 500)),
                summary: format!("Booster pump tripping #{i}"),
                technician: Some(["anna", "jan", "maria"][i % 3].to_owned()),
                at: Some(now - (i as i64 % 86_400)),
                ..NewJob::default()
            };
            (i + 2, Ok(job))
        })
        .collect()
}

fn import(c: &mut Criterion) {
    let policy = parse_policy("sla.toml.example", EXAMPLE).unwrap();
    let now = 1_795_000_000;
    let n = 20_000;
    let mut g = c.benchmark_group("store");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("import_20k_jobs", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(&dir.path().join("bench.db")).unwrap();
                (dir, store, rows(n, now))
            },
            |(dir, mut store, rows)| {
                let report = store.import(&policy, rows, "bench", now).unwrap();
                assert_eq!(report.imported, n);
                (dir, store)
            },
            BatchSize::PerIteration,
        );
    });
    // demo-data's path: jobs planned on a second thread (steps checked and applied,
    // events hashed ahead), written in one transaction.
    g.bench_function("demo_data_20k_jobs", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(&dir.path().join("bench.db")).unwrap();
                (dir, store)
            },
            |(dir, mut store)| {
                let scripts = DemoGen::new(7, n, 365, now).map(|d| JobScript {
                    job: d.job,
                    logged_by: d.logged_by,
                    steps: d.steps,
                });
                assert_eq!(store.write_scripted(&policy, scripts, now, n).unwrap(), n);
                (dir, store)
            },
            BatchSize::PerIteration,
        );
    });
    g.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
