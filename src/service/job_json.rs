//! A job and its clocks as JSON: what `log --json`, `show --json` and the HTTP API
//! all give, from this one place.

use serde_json::json;
use slawatch_core::job::Job;
use slawatch_core::policy::Policy;
use slawatch_core::time::instant::rfc3339;

/// The clocks of a job as JSON, for scripts.
#[must_use]
pub fn clocks_json(job: &Job, policy: &Policy, now: i64) -> serde_json::Value {
    let tz = &policy.display_tz;
    match job.evaluate(policy, now) {
        Err(e) => json!({ "error": e.to_string() }),
        Ok(sla) => json!(
            sla.clocks
                .iter()
                .map(|c| json!({
                    "clock": c.kind.name(),
                    "state": c.state.name(),
                    "window": c.window.to_string(),
                    "target_seconds": c.target,
                    "elapsed_seconds": c.elapsed,
                    "remaining_seconds": c.remaining,
                    "deadline": c.deadline.map(|d| rfc3339(d, tz)),
                    "stopped_at": c.stopped_at.map(|d| rfc3339(d, tz)),
                    "paused_for": c.paused_for,
                    "thresholds_crossed": c.crossings.iter().filter_map(|x| x.crossed_at.map(|t| json!({
                        "fraction": x.fraction, "at": rfc3339(t, tz)
                    }))).collect::<Vec<_>>(),
                }))
                .collect::<Vec<_>>()
        ),
    }
}

/// A job with its clocks at `now`: `{"id", "job", "clocks"}`.
#[must_use]
pub fn job_with_clocks(job: &Job, policy: &Policy, now: i64) -> serde_json::Value {
    json!({
        "id": job.id,
        "job": crate::intake::export::job_json(job, &policy.display_tz),
        "clocks": clocks_json(job, policy, now),
    })
}
