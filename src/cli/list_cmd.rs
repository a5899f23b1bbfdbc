//! `list`: jobs with their most urgent clock, most overdue first.

use std::fmt::Write as _;

use serde_json::json;

use super::args::{Global, ListArgs};
use super::{CliResult, Failure, db_path, policy};
use slawatch_core::job::Job;
use slawatch_core::report::forecast::Forecast;
use slawatch_core::sla::{Urgency, urgency};
use slawatch_core::text::inert;
use slawatch_core::time::instant::rfc3339;
use slawatch_core::time::{age, countdown, late_by};
use slawatch_store::{JobFilter, NameMatch, Store, by_shares, cores};

/// The clock a job is listed by.
struct Urgent {
    kind: &'static str,
    state: &'static str,
    urgency: Urgency,
    remaining: i64,
    deadline: Option<i64>,
}

/// A job and what its listing needs of its SLA picture (kept small: a store may
/// have tens of thousands of open jobs).
struct Line {
    job: Job,
    /// `None` when the policy cannot place the job.
    judged: Option<Option<Urgent>>,
    breached: bool,
    /// With `--at-risk`: the clocks expected to breach, earliest deadline first.
    risk: Vec<Forecast>,
}

impl Line {
    fn new(job: Job, policy: &slawatch_core::policy::Policy, now: i64) -> Self {
        let (judged, breached) = match job.evaluate(policy, now) {
            Err(_) => (None, false),
            Ok(sla) => (
                Some(sla.most_urgent().map(|c| Urgent {
                    kind: c.kind.name(),
                    state: c.state.name(),
                    urgency: urgency(c),
                    remaining: c.remaining,
                    deadline: c.deadline,
                })),
                sla.clocks.iter().any(|c| c.state.is_breach()),
            ),
        };
        Self {
            job,
            judged,
            breached,
            risk: Vec::new(),
        }
    }

    /// Frees what neither output needs once the job is judged (the forecast needs it
    /// all): the next rows reuse the memory instead of the process taking more.
    fn slim(&mut self) {
        let j = &mut self.job;
        j.clock_log = Vec::new();
        for s in [&mut j.created_by, &mut j.windows, &mut j.policy_hash] {
            *s = Default::default();
        }
        for s in [
            &mut j.contract,
            &mut j.asset,
            &mut j.site,
            &mut j.pause_reason,
            &mut j.escalated_by,
        ] {
            *s = None;
        }
    }

    fn urgent(&self) -> Option<&Urgent> {
        self.judged.as_ref().and_then(Option::as_ref)
    }

    /// Sort key: the queue's order (business time left); stopped or unjudged jobs last.
    fn due(&self) -> (i64, i64, i64) {
        slawatch_core::board::queue_key(self.urgent().map(|c| (c.remaining, c.deadline)), self.job.id)
    }
}

/// `want` is unset, or is part of `have` (ignoring ASCII case, as the store's filter).
fn holds(want: Option<&String>, have: Option<&str>) -> bool {
    want.is_none_or(|w| have.is_some_and(|h| h.to_ascii_lowercase().contains(&w.trim().to_ascii_lowercase())))
}

/// `no open job of a customer matching `acme``: what an empty listing searched for.
fn nothing_found(a: &ListArgs) -> String {
    let mut what = Vec::new();
    for (noun, v) in [
        ("a customer", &a.customer),
        ("a contract", &a.contract),
        ("a technician", &a.tech),
    ] {
        if let Some(v) = v {
            what.push(format!("{noun} matching `{}`", inert(v.trim(), 200)));
        }
    }
    let mut out = format!("no {} job", if a.all { "stored" } else { "open" });
    if !what.is_empty() {
        out.push_str(" of ");
        out.push_str(&what.join(" and "));
    }
    if a.breached {
        out.push_str(" with a breached clock");
    }
    if a.at_risk {
        out.push_str(" expected to breach");
    }
    out
}

pub(crate) fn list(global: &Global, a: &ListArgs) -> CliResult {
    let policy = policy(global)?;
    let path = db_path(global)?;
    let store = Store::open_existing(&path)?;
    let now = crate::service::clock::now();
    // The forecast's technician queues count every open job: read them all, filter after.
    let filter = JobFilter {
        open_only: !a.all,
        customer: a.customer.clone().filter(|_| !a.at_risk),
        contract: a.contract.clone().filter(|_| !a.at_risk),
        technician: a.tech.clone().filter(|_| !a.at_risk),
        names: NameMatch::Part,
        ..JobFilter::default()
    };
    // Reading and judging tens of thousands of open jobs is the command's time: one
    // share per core, each on its own connection.
    let ranges = if a.all {
        store.id_ranges(cores())?
    } else {
        store.open_id_ranges(cores())?
    };
    let parts = by_shares(&path, ranges, |conn, range| {
        let share = JobFilter {
            ids: Some(range),
            ..filter.clone()
        };
        conn.stream_reads()?;
        let mut lines = Vec::new();
        conn.each_job(&share, |job| {
            let mut line = Line::new(job, &policy, now);
            if !a.at_risk {
                line.slim();
            }
            lines.push(line);
        })?;
        Ok(lines)
    })?;
    let mut lines: Vec<Line> = parts.into_iter().flatten().collect();
    if a.at_risk {
        let mut risks = super::forecast_cmd::at_risk(&path, &policy, lines.iter().map(|l| &l.job), now)?;
        lines.retain_mut(|l| {
            if !holds(a.customer.as_ref(), Some(&l.job.customer))
                || !holds(a.contract.as_ref(), l.job.contract.as_deref())
                || !holds(a.tech.as_ref(), l.job.technician.as_deref())
            {
                return false;
            }
            let Some(mut risk) = risks.remove(&l.job.id) else {
                return false;
            };
            // The worst clock first, the one the dashboard names too.
            risk.sort_by_key(|f| {
                (
                    std::cmp::Reverse(f.overrun),
                    f.deadline.unwrap_or(i64::MAX),
                    f.clock,
                )
            });
            l.risk = risk;
            true
        });
    }
    lines.retain(|l| !a.breached || l.breached);
    match a.sort.as_str() {
        // The key is computed once per job; the lines are big, so move them once.
        "due" => lines.sort_by_cached_key(Line::due),
        "id" => lines.sort_by_key(|l| l.job.id),
        other => return Err(Failure::BadInput(format!("--sort {other}: use `due` or `id`"))),
    }
    let tz = &policy.display_tz;
    if a.json {
        let out = lines.iter().map(|l| {
            let c = l.urgent();
            let mut v = json!({
                "id": l.job.id, "customer": l.job.customer, "priority": l.job.priority, "tier": l.job.tier,
                "technician": l.job.technician, "status": l.job.status, "summary": l.job.summary,
                "created_at": rfc3339(l.job.created_at, tz),
                "clock": c.map(|c| c.kind), "state": c.map(|c| c.state),
                "urgency": c.map(|c| c.urgency.label()),
                "remaining_seconds": c.map(|c| c.remaining),
                "deadline": c.and_then(|c| c.deadline).map(|d| rfc3339(d, tz)),
            });
            if a.at_risk {
                v["overrun_seconds"] = json!(l.risk.iter().map(|f| f.overrun).max());
                v["at_risk"] = l
                    .risk
                    .iter()
                    .map(|f| super::forecast_cmd::forecast_json(f, tz))
                    .collect();
            }
            v
        });
        return super::emit_json_array(out);
    }
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    let io = |e: std::io::Error| super::write_failure("writing the list", &e);
    // With --at-risk, a column says which clock is expected late and by how much.
    let risk_head = if a.at_risk {
        format!("{:<17} ", "EXPECTED LATE")
    } else {
        String::new()
    };
    writeln!(
        w,
        "{:<2} {:>10}  {:<8} {:>6}  {:<18} {:<4} {:<9} {:<12} {:<8} {:>6}  {risk_head}SUMMARY",
        "", "DUE", "CLOCK", "JOB", "CUSTOMER", "PRI", "TIER", "TECH", "STATUS", "AGE"
    )
    .map_err(io)?;
    // Formatting 50,000 lines takes as long as judging them: each core writes a share
    // of the sorted lines into its own buffer, written out in order.
    let share = lines.len().div_ceil(cores()).max(1);
    let texts = std::thread::scope(|s| {
        let handles: Vec<_> = lines
            .chunks(share)
            .map(|chunk| {
                let risk_head = &risk_head;
                s.spawn(move || {
                    let mut text = String::with_capacity(chunk.len() * 160);
                    for l in chunk {
                        text_line(&mut text, l, a.at_risk, risk_head, now);
                    }
                    text
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| Failure::Runtime("formatting the list failed".to_owned()))
            })
            .collect::<Result<Vec<String>, Failure>>()
    })?;
    for text in &texts {
        w.write_all(text.as_bytes()).map_err(io)?;
    }
    if lines.is_empty() {
        writeln!(w, "{}", nothing_found(a)).map_err(io)?;
    }
    w.flush().map_err(io)?;
    // The process ends after the listing: freeing tens of thousands of jobs one by one
    // would only delay the prompt.
    std::mem::forget(lines);
    Ok(())
}

/// Appends one listing line for `l` to `out`.
fn text_line(out: &mut String, l: &Line, at_risk: bool, risk_head: &str, now: i64) {
    let (sym, due, clock) = match &l.judged {
        None => ("?", "—".to_owned(), "no tier"),
        Some(None) => ("✔", "—".to_owned(), "done"),
        // A deadline beyond 2299 never comes: no countdown to it.
        Some(Some(c)) if c.deadline.is_none() => (c.urgency.symbol(), "never".to_owned(), c.kind),
        Some(Some(c)) => (c.urgency.symbol(), countdown(c.remaining), c.kind),
    };
    let risk = match l.risk.first() {
        Some(f) if at_risk => format!("{:<17} ", format!("{} {}", f.clock, late_by(f.overrun))),
        _ => risk_head.to_owned(),
    };
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{sym:<2} {due:>10}  {clock:<8} {:>6}  {:<18} {:<4} {:<9} {:<12} {:<8} {:>6}  {risk}{}",
        l.job.id,
        inert(&l.job.customer, 18),
        inert(&l.job.priority, 4),
        inert(&l.job.tier, 9),
        inert(l.job.technician.as_deref().unwrap_or("—"), 12),
        l.job.status,
        age(now - l.job.created_at),
        inert(&l.job.summary, 50)
    );
}
