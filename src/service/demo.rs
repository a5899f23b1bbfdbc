//! Realistic made-up jobs for demos and benchmarks: a pure generator (seeded, `now`
//! passed in) of jobs and what happened to them since.

use slawatch_core::job::{JobAction, NewJob};

const CUSTOMERS: &str = include_str!("../../assets/demo/customers.txt");
const TECHNICIANS: &str = include_str!("../../assets/demo/technicians.txt");
const JOBS: &str = include_str!("../../assets/demo/jobs.txt");
const DISPATCHERS: [&str; 3] = ["anna", "jan", "maria"];

/// Who logs every demo job: how a demo job is told from a real one (`demo-data` writes
/// only into a store whose jobs are all logged by this name). Later steps on a demo job
/// are taken by made-up dispatchers and technicians, as in a real store.
pub const DEMO_LOGGER: &str = "demo-data";

fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// One generated job and the steps taken on it, in time order, none after `now`.
#[derive(Debug, Clone)]
pub struct DemoJob {
    pub job: NewJob,
    pub logged_by: &'static str,
    pub steps: Vec<(JobAction, i64, &'static str)>,
}

/// Deterministic generator of demo jobs.
pub struct DemoGen {
    state: u64,
    left: usize,
    total: usize,
    days: i64,
    now: i64,
    customers: Vec<&'static str>,
    techs: Vec<&'static str>,
    jobs: Vec<(&'static str, &'static str, &'static str)>,
}

impl DemoGen {
    #[must_use]
    pub fn new(seed: u64, count: usize, days: u32, now: i64) -> Self {
        Self {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            left: count,
            total: count.max(1),
            days: i64::from(days.max(1)),
            now,
            customers: lines(CUSTOMERS),
            techs: lines(TECHNICIANS),
            jobs: lines(JOBS)
                .into_iter()
                .filter_map(|l| {
                    let mut p = l.split('\t');
                    Some((p.next()?, p.next()?, p.next()?))
                })
                .collect(),
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A random index into a list of `len` items.
    fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }
}

impl Iterator for DemoGen {
    type Item = DemoJob;

    fn next(&mut self) -> Option<DemoJob> {
        if self.left == 0 || self.customers.is_empty() || self.jobs.is_empty() || self.techs.is_empty() {
            return None;
        }
        self.left -= 1;
        // Oldest first, as a real store fills up, and recent jobs more common than
        // old ones: the age follows the square of a fraction falling from 1 to 0.
        let jitter = self.below(1_000) as f64 / 1_000.0;
        let f = ((self.left as f64 + jitter) / self.total as f64).min(1.0);
        let age = (f * f * (self.days * 86_400) as f64) as i64;
        let created = self.now - age;
        let n = if self.chance(60) {
            3.min(self.customers.len())
        } else {
            self.customers.len()
        };
        let i = self.index(n);
        let customer = self.customers[i];
        let priority = match self.below(100) {
            0..10 => "P1",
            10..35 => "P2",
            35..80 => "P3",
            _ => "P4",
        };
        let i = self.index(self.jobs.len());
        let (job_type, asset, summary) = self.jobs[i];
        let asset = format!("{asset}-{:03}", self.below(400) + 1);
        let i = self.index(self.techs.len());
        let tech = if self.chance(70) {
            Some(self.techs[i])
        } else {
            None
        };
        let dispatcher = DISPATCHERS[self.index(DISPATCHERS.len())];
        // How quickly this job is handled: most promptly, some slowly, a few neglected.
        let pace: i64 = match self.below(100) {
            0..70 => 1,
            70..90 => 4,
            _ => 12,
        };
        let mut steps = Vec::new();
        let mut t = created;
        let now = self.now;
        let push = |steps: &mut Vec<(JobAction, i64, &'static str)>,
                    action: JobAction,
                    at: i64,
                    who: &'static str| {
            if at <= now {
                steps.push((action, at, who));
                true
            } else {
                false
            }
        };
        t += (self.below(40) as i64 + 5) * 60 * pace;
        let who = tech.unwrap_or(dispatcher);
        let mut going = push(&mut steps, JobAction::Respond { note: None }, t, who);
        if going && self.chance(12) {
            t += (self.below(30) as i64 + 5) * 60;
            going = push(
                &mut steps,
                JobAction::Escalate {
                    level: Some(1),
                    note: Some("customer chasing".into()),
                },
                t,
                dispatcher,
            );
            if going && self.chance(70) {
                t += (self.below(40) as i64 + 2) * 60;
                going = push(
                    &mut steps,
                    JobAction::Ack {
                        note: Some("on it".into()),
                    },
                    t,
                    // The dispatch lead acknowledges level 1 (the example policy's roles).
                    "jan",
                );
            }
        }
        if going && self.chance(20) {
            t += (self.below(60) as i64 + 10) * 60;
            let reasons = [
                "waiting on customer",
                "customer unreachable",
                "no site access",
                "waiting for parts",
            ];
            let reason = reasons[self.index(reasons.len())];
            going = push(
                &mut steps,
                JobAction::Pause {
                    reason: reason.into(),
                    note: None,
                },
                t,
                who,
            );
            if going {
                t += (self.below(8 * 60) as i64 + 30) * 60;
                going = push(&mut steps, JobAction::Resume { note: None }, t, who);
            }
        }
        if going && job_type != "request" {
            t += (self.below(120) as i64 + 20) * 60 * pace;
            going = push(&mut steps, JobAction::Attend { note: None }, t, who);
        }
        if going {
            t += (self.below(180) as i64 + 15) * 60 * pace;
            going = push(
                &mut steps,
                JobAction::Resolve {
                    note: Some("fixed".into()),
                },
                t,
                who,
            );
        }
        if going && self.chance(3) {
            t += (self.below(240) as i64 + 30) * 60;
            if push(
                &mut steps,
                JobAction::Reopen {
                    note: Some("fault came back".into()),
                },
                t,
                dispatcher,
            ) {
                t += (self.below(120) as i64 + 30) * 60;
                push(&mut steps, JobAction::Resolve { note: None }, t, who);
            }
        }
        Some(DemoJob {
            job: NewJob {
                customer: customer.to_owned(),
                priority: priority.to_owned(),
                job_type: Some(job_type.to_owned()),
                asset: Some(asset),
                site: None,
                contract: None,
                summary: summary.to_owned(),
                technician: tech.map(str::to_owned),
                at: Some(created),
            },
            logged_by: DEMO_LOGGER,
            steps,
        })
    }
}
