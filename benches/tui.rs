//! Dashboard speed: `cargo bench --bench tui`. Figures go into BENCHMARKS.md.
//! A store with 100,000 open jobs; judging them all (start-up), and one tick (judge
//! what changed and what is visible, totals, draw) at 200x60.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use slawatch::tui::{App, Msg, update, view};
use slawatch_core::job::NewJob;
use slawatch_core::policy::parse_policy;
use slawatch_store::{JobFilter, Store};

const EXAMPLE: &str = include_str!("../sla.toml.example");
/// Monday 2026-11-23 10:00 CET.
const NOW: i64 = 1_795_424_400;

fn store_with_open_jobs(n: usize) -> (tempfile::TempDir, Vec<slawatch_core::job::Job>) {
    let policy = parse_policy("sla.toml.example", EXAMPLE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let customers = ["Acme Corp", "Globex", "Initech", "Hooli Campus", "Tyrell Labs"];
    let techs = ["anna", "jan", "maria", "pieter", "sofia"];
    let rows = (0..n).map(|i| {
        let job = NewJob {
            customer: customers[i % 5].to_owned(),
            priority: format!("P{}", i % 4 + 1),
            job_type: Some(["malfunction", "incident", "maintenance"][i % 3].to_owned()),
            summary: format!("Booster pump tripping #{i}"),
            technician: (i % 7 != 0).then(|| techs[i % 5].to_owned()),
            at: Some(NOW - (i as i64 * 37) % (5 * 86_400)),
            ..NewJob::default()
        };
        (i + 2, Ok(job))
    });
    store.import(&policy, rows, "bench", NOW).unwrap();
    let open = store
        .jobs(&JobFilter {
            open_only: true,
            ..JobFilter::default()
        })
        .unwrap();
    (dir, open)
}

fn dashboard(c: &mut Criterion) {
    let policy = Arc::new(parse_policy("sla.toml.example", EXAMPLE).unwrap());
    let (_dir, rows) = store_with_open_jobs(100_000);
    assert_eq!(rows.len(), 100_000);
    let mut g = c.benchmark_group("dashboard");
    g.sample_size(10);
    g.bench_function("judge_100k_open_jobs", |b| {
        b.iter_batched(
            || rows.clone(),
            |rows| {
                let mut app = App::new(Arc::clone(&policy), "anna", "bench", NOW);
                app.absorb(rows);
                app
            },
            criterion::BatchSize::PerIteration,
        );
    });
    let mut app = App::new(Arc::clone(&policy), "anna", "bench", NOW);
    app.absorb(rows.clone());
    update(&mut app, Msg::Resize(200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut now = NOW;
    g.sample_size(50);
    g.bench_function("tick_and_draw_200x60_100k_open", |b| {
        b.iter(|| {
            now += 1;
            update(&mut app, Msg::Tick(now));
            terminal.draw(|f| view(&app, f)).unwrap();
        });
    });
    g.finish();

    // The alert engine's share of a tick: thresholds of the jobs judged since the last
    // tick, plus the reminder scan over every open job.
    let mut g = c.benchmark_group("alerts");
    g.sample_size(50);
    g.bench_function("tick_thresholds_100k_open", |b| {
        b.iter(|| {
            now += 1;
            app.tick(now);
            std::hint::black_box(app.alert_work())
        });
    });
    // Every threshold of every open job at once (what a tick would cost if nothing were
    // scheduled): crossings and the next crossing, from the judged clocks.
    let slas: Vec<_> = rows
        .iter()
        .map(|r| (r, r.evaluate(&policy, NOW).unwrap()))
        .collect();
    g.sample_size(20);
    g.bench_function("all_thresholds_100k_open", |b| {
        b.iter(|| {
            let mut crossed = 0usize;
            let mut next = i64::MAX;
            for (row, sla) in &slas {
                crossed += slawatch_core::alerts::crossed(row, sla).len();
                next = next.min(slawatch_core::alerts::next_crossing(sla, NOW));
            }
            std::hint::black_box((crossed, next))
        });
    });
    g.bench_function("crossed_only_100k_open", |b| {
        b.iter(|| {
            slas.iter()
                .map(|(row, sla)| slawatch_core::alerts::crossed(row, sla).len())
                .sum::<usize>()
        });
    });
    g.bench_function("next_crossing_only_100k_open", |b| {
        b.iter(|| {
            slas.iter()
                .map(|(_, sla)| slawatch_core::alerts::next_crossing(sla, NOW))
                .min()
        });
    });
    g.finish();
}

criterion_group!(benches, dashboard);
criterion_main!(benches);
