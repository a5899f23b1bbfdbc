//! What a customer's page shows, read from the store at one chain head: the open jobs
//! with each clock's deadline (in its calendar's zone), state and business time left,
//! the last 30 days' adherence and breaches (the report's own figures), the head.

use serde::Serialize;
use slawatch_core::job::Job;
use slawatch_core::job::limits::SUMMARY_MAX;
use slawatch_core::policy::Policy;
use slawatch_core::report::{Builder, GroupBy, Spec};
use slawatch_core::sla::ClockState;
use slawatch_core::text::inert;
use slawatch_core::time::countdown::{countdown, dur};
use slawatch_core::time::instant::rfc3339;
use slawatch_core::time::shown::human;
use slawatch_store::{JobFilter, NameMatch, Store};

use super::super::errors::ApiError;

/// The span of the adherence and breaches.
pub const DAYS: i64 = 30;

/// How long names may be on the page (as the dashboard cuts them).
const NAME_SHOWN: usize = 80;

#[derive(Debug, Serialize)]
pub struct View {
    pub customer: String,
    /// The server's instant (unix seconds): the countdown counts from it.
    pub now: i64,
    pub now_text: String,
    pub jobs: Vec<OpenJob>,
    pub days: i64,
    pub adherence: Vec<Adherence>,
    pub breaches: Vec<BreachLine>,
    pub chain_head: String,
}

#[derive(Debug, Serialize)]
pub struct OpenJob {
    pub id: i64,
    pub summary: String,
    pub priority: String,
    pub status: String,
    pub logged: String,
    pub clocks: Vec<ClockLine>,
}

#[derive(Debug, Serialize)]
pub struct ClockLine {
    pub clock: &'static str,
    pub state: ClockState,
    /// RFC 3339 in the calendar's zone.
    pub deadline: Option<String>,
    pub deadline_at: Option<i64>,
    pub deadline_text: String,
    pub zone: String,
    pub business_left_seconds: i64,
    pub business_left_text: String,
    /// Wall time to the deadline as printed (`H:MM:SS`); the script keeps it ticking.
    pub due_text: String,
}

#[derive(Debug, Serialize)]
pub struct Adherence {
    pub clock: &'static str,
    pub met: usize,
    /// Judged: met, met late and breached while open (open within the window are not).
    pub total: usize,
    pub percent: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct BreachLine {
    pub job: i64,
    pub clock: &'static str,
    pub state: &'static str,
    pub overrun_seconds: i64,
    pub overrun_text: String,
}

fn shown(s: &str) -> String {
    inert(s, NAME_SHOWN)
}

fn open_job(job: &Job, policy: &Policy, now: i64) -> OpenJob {
    let clocks = match job.evaluate(policy, now) {
        Err(_) => Vec::new(),
        Ok(sla) => {
            let tz = *sla.matched.tier.calendar.tz();
            sla.clocks
                .iter()
                .map(|c| {
                    let running = c.state == ClockState::Running;
                    ClockLine {
                        clock: c.kind.name(),
                        state: c.state,
                        deadline: c.deadline.map(|d| rfc3339(d, &tz)),
                        deadline_at: c.deadline,
                        deadline_text: c.deadline.map_or_else(|| "—".to_owned(), |d| human(d, &tz)),
                        zone: tz.name().to_owned(),
                        business_left_seconds: c.remaining,
                        business_left_text: if c.state.is_stopped() {
                            "—".to_owned()
                        } else {
                            countdown(c.remaining)
                        },
                        due_text: match (running, c.deadline) {
                            (true, Some(d)) => countdown(d - now),
                            _ if c.state == ClockState::Paused => "paused".to_owned(),
                            _ => c.state.name().replace('_', " "),
                        },
                    }
                })
                .collect()
        }
    };
    OpenJob {
        id: job.id,
        summary: inert(&job.summary, SUMMARY_MAX),
        priority: shown(&job.priority),
        status: job.status.name().to_owned(),
        logged: human(job.created_at, &policy.display_tz),
        clocks,
    }
}

/// The page of `customer` at `now`, every read inside one transaction at the head shown.
///
/// # Errors
/// The store cannot be read.
pub fn read(store: &Store, policy: &Policy, customer: &str, now: i64) -> Result<View, ApiError> {
    store.at_head(|head| {
        let mine = |j: &Job| j.customer.trim().eq_ignore_ascii_case(customer.trim());
        let open = store.jobs(&JobFilter {
            open_only: true,
            customer: Some(customer.to_owned()),
            names: NameMatch::Whole,
            ..JobFilter::default()
        })?;
        // The filter already holds to the customer; this keeps it so whatever it becomes.
        let jobs = open
            .iter()
            .filter(|j| mine(j))
            .map(|j| open_job(j, policy, now))
            .collect();
        let spec = Spec {
            from: now - DAYS * 86_400,
            to: now + 1,
            by: GroupBy::Customer,
        };
        let mut b = Builder::new(policy, spec, now);
        store.scan_jobs(
            &JobFilter {
                customer: Some(customer.to_owned()),
                names: NameMatch::Whole,
                from: Some(spec.from),
                to: Some(spec.to),
                lean: true,
                ..JobFilter::default()
            },
            |row| {
                if mine(row) {
                    b.add(row);
                }
            },
        )?;
        b.seal();
        let report = b.finish();
        let adherence = report
            .total
            .clocks
            .iter()
            .map(|c| {
                let total = c.met + c.met_late + c.breached_open;
                Adherence {
                    clock: c.clock.name(),
                    met: c.met,
                    total,
                    percent: c.adherence.map(|a| (a * 1000.0).round() / 10.0),
                }
            })
            .collect();
        let breaches = report
            .breaches
            .iter()
            .map(|b| BreachLine {
                job: b.job,
                clock: b.clock.name(),
                state: b.state,
                overrun_seconds: b.overrun,
                overrun_text: dur(b.overrun),
            })
            .collect();
        Ok(View {
            customer: shown(customer),
            now,
            now_text: human(now, &policy.display_tz),
            jobs,
            days: DAYS,
            adherence,
            breaches,
            chain_head: head.to_string(),
        })
    })
}
