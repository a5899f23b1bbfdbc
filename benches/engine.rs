//! Calendar and clock speed: `cargo bench --bench engine`. Figures go into BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use slawatch_core::calendar::Calendar;
use slawatch_core::policy::{Policy, parse_policy};
use slawatch_core::sla::{ClockEvent, ClockEventKind, JobInput, evaluate_job};

const EXAMPLE: &str = include_str!("../sla.toml.example");
/// 2026-01-01T00:00:00Z.
const T0: i64 = 1_767_225_600;
const TWO_YEARS: u64 = 730 * 86_400;

fn policy() -> Policy {
    parse_policy("sla.toml.example", EXAMPLE).unwrap()
}

/// Deterministic pseudo-random numbers (xorshift64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// (start, business seconds) pairs: starts over two years, windows 1 minute … 10 business days.
fn cases(n: usize, max_secs: u64) -> Vec<(i64, i64)> {
    let mut r = Rng(0x2545_F491_4F6C_DD1D);
    (0..n)
        .map(|_| {
            (
                T0 + (r.next() % TWO_YEARS) as i64,
                (r.next() % max_secs) as i64 + 60,
            )
        })
        .collect()
}

fn warm(cal: &Calendar) {
    // Compile every year the cases touch, so the benches measure lookups only.
    let _ = cal.add(T0, 3 * 365 * 8 * 3600);
}

fn calendar_ops(c: &mut Criterion) {
    let p = policy();
    let mut g = c.benchmark_group("calendar");
    let n = 10_000;
    g.throughput(Throughput::Elements(n as u64));
    for name in ["office", "field", "always"] {
        let cal = &p.calendars[name];
        warm(cal);
        // 1 minute to 10 business days of 8 hours.
        let cs = cases(n, 10 * 8 * 3600);
        g.bench_with_input(BenchmarkId::new("add", name), &cs, |b, cs| {
            b.iter(|| {
                let mut acc = 0i64;
                for &(s, d) in cs {
                    acc ^= cal.add(black_box(s), black_box(d)).unwrap_or(0);
                }
                acc
            });
        });
        g.bench_with_input(BenchmarkId::new("elapsed", name), &cs, |b, cs| {
            b.iter(|| {
                let mut acc = 0i64;
                for &(s, d) in cs {
                    acc += cal.elapsed(black_box(s), black_box(s + d * 3));
                }
                acc
            });
        });
    }
    g.finish();
}

fn flat_in_window(c: &mut Criterion) {
    let p = policy();
    let cal = &p.calendars["office"];
    warm(cal);
    let mut g = c.benchmark_group("add_by_window");
    let n = 10_000;
    g.throughput(Throughput::Elements(n as u64));
    for (label, secs) in [("1h", 3600), ("1bd_8h", 8 * 3600), ("10bd_80h", 80 * 3600)] {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        let starts: Vec<i64> = (0..n).map(|_| T0 + (r.next() % TWO_YEARS) as i64).collect();
        g.bench_with_input(BenchmarkId::from_parameter(label), &starts, |b, starts| {
            b.iter(|| {
                let mut acc = 0i64;
                for &s in starts {
                    acc ^= cal.add(black_box(s), secs).unwrap_or(0);
                }
                acc
            });
        });
    }
    let mut r = Rng(7);
    let starts: Vec<i64> = (0..n).map(|_| T0 + (r.next() % TWO_YEARS) as i64).collect();
    g.bench_function("business_days_end_5bd", |b| {
        b.iter(|| {
            let mut acc = 0i64;
            for &s in &starts {
                acc ^= cal.business_days_end(black_box(s), 5).unwrap_or(0);
            }
            acc
        });
    });
    g.finish();
}

fn jobs(c: &mut Criterion) {
    let p = policy();
    for cal in p.calendars.values() {
        warm(cal);
    }
    let customers = ["Acme Corp", "Globex", "Initech"];
    let priorities = ["P1", "P2", "P3", "P4"];
    let mut r = Rng(99);
    let now = T0 + 400 * 86_400;
    let histories: Vec<(usize, usize, i64, Vec<ClockEvent>)> = (0..10_000)
        .map(|_| {
            let created = now - (r.next() % (10 * 86_400)) as i64;
            let mut events = Vec::new();
            if r.next().is_multiple_of(2) {
                events.push(ClockEvent::new(created + 600, ClockEventKind::Responded));
            }
            if r.next().is_multiple_of(3) {
                let at = created + 1800;
                events.push(ClockEvent::new(
                    at,
                    ClockEventKind::Paused {
                        reason: "waiting on customer".into(),
                    },
                ));
                events.push(ClockEvent::new(at + 7200, ClockEventKind::Resumed));
            }
            ((r.next() % 3) as usize, (r.next() % 4) as usize, created, events)
        })
        .collect();
    let mut g = c.benchmark_group("evaluate_job");
    g.throughput(Throughput::Elements(histories.len() as u64));
    g.bench_function("10k_open_jobs", |b| {
        b.iter(|| {
            let mut breached = 0usize;
            for (ci, pi, created, events) in &histories {
                let job = JobInput {
                    customer: customers[*ci],
                    priority: priorities[*pi],
                    job_type: Some("malfunction"),
                    asset: None,
                    contract: None,
                    created_at: *created,
                    events,
                };
                let sla = evaluate_job(&p, &job, black_box(now)).unwrap();
                breached += sla.clocks.iter().filter(|c| c.state.is_breach()).count();
            }
            breached
        });
    });
    g.finish();
}

criterion_group!(benches, calendar_ops, flat_in_window, jobs);
criterion_main!(benches);
