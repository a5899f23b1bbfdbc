//! The JSON a receiver gets for one event: the event (id, kind, instant, chain hash),
//! the job, and where its clock stands.

use serde_json::{Value, json};
use slawatch_core::job::{EventRow, Job};
use slawatch_core::policy::webhooks::HookEvent;
use slawatch_core::policy::{ClockKind, Policy};
use slawatch_core::sla::ClockState;
use slawatch_core::time::instant::rfc3339;

/// The body for `event` of `job`, of kind `kind`.
#[must_use]
pub fn body(policy: &Policy, kind: HookEvent, event: &EventRow, job: &Job) -> String {
    let tz = policy.display_tz;
    let data = event.data_value();
    let alert = matches!(kind, HookEvent::Warning | HookEvent::Breach);
    let clock = alert
        .then(|| {
            data.get("clock")
                .and_then(Value::as_str)
                .and_then(ClockKind::parse)
        })
        .flatten();
    // The clocks as they stood when the event happened.
    let sla = job.evaluate(policy, event.at).ok();
    let status = sla.as_ref().and_then(|s| match clock {
        Some(c) => s.clock(c),
        None => s
            .most_urgent()
            .or_else(|| s.clock(ClockKind::Resolve))
            .or_else(|| s.clocks.last()),
    });
    let deadline = if alert {
        data.get("deadline").and_then(Value::as_i64)
    } else {
        status.and_then(|c| c.deadline)
    };
    let mut v = json!({
        "id": event.id,
        "kind": kind.name(),
        "at": rfc3339(event.at, &tz),
        "job": {
            "id": job.id,
            "customer": job.customer,
            "priority": job.priority,
            "tier": job.tier,
            "summary": job.summary,
            "status": job.status.name(),
        },
        "deadline": deadline.map(|d| rfc3339(d, &tz)),
        // The crossing instant is the deadline itself, where the clock is not over yet:
        // a breach says so, whatever the evaluation at that very second.
        "state": if kind == HookEvent::Breach {
            Some(ClockState::Breached.name())
        } else {
            status.map(|c| c.state.name())
        },
        "hash": event.hash,
    });
    if alert {
        v["clock"] = json!(clock.map(ClockKind::name));
        v["threshold"] = json!(if kind == HookEvent::Breach {
            Some(1.0)
        } else {
            data.get("fraction").and_then(Value::as_f64)
        });
    } else if status.is_some() {
        v["clock"] = json!(status.map(|c| c.kind.name()));
    }
    v.to_string()
}
