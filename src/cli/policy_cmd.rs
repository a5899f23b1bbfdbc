//! `slawatch policy check|explain`.

use serde_json::json;

use super::args::{Global, PolicyCmd};
use super::{CliResult, Failure, load_policy, parse_time, policy_path};
use slawatch_core::policy::names::{Name, classify};
use slawatch_core::policy::{JobKey, Policy};
use slawatch_core::sla::{JobInput, evaluate_job, explain_job};
use slawatch_core::text::inert;
use slawatch_core::time::instant::rfc3339;

/// Every open job whose tier, deadlines or clock states differ between two policies.
fn diff(global: &Global, new_path: &std::path::Path, json_out: bool) -> CliResult {
    let old = super::policy(global)?;
    let new = load_policy(new_path)?;
    let store = slawatch_store::Store::open_existing(&super::db_path(global)?)?;
    let now = crate::service::clock::now();
    let tz = &old.display_tz;
    let open = store.jobs(&slawatch_store::JobFilter {
        open_only: true,
        ..Default::default()
    })?;
    let mut changes = Vec::new();
    for job in &open {
        let before = job.evaluate(&old, now);
        let after = job.evaluate(&new, now);
        let mut lines: Vec<String> = Vec::new();
        match (&before, &after) {
            (Ok(a), Ok(b)) => {
                if a.matched.tier.name != b.matched.tier.name {
                    lines.push(format!("tier {} → {}", a.matched.tier.name, b.matched.tier.name));
                }
                for kind in slawatch_core::policy::ClockKind::ALL {
                    let (ca, cb) = (a.clock(kind), b.clock(kind));
                    let due = |c: Option<&slawatch_core::sla::ClockStatus>| {
                        c.and_then(|c| c.deadline)
                            .map_or_else(|| "none".to_owned(), |d| rfc3339(d, tz))
                    };
                    let state =
                        |c: Option<&slawatch_core::sla::ClockStatus>| c.map_or("none", |c| c.state.name());
                    if due(ca) != due(cb) {
                        lines.push(format!("{kind} due {} → {}", due(ca), due(cb)));
                    }
                    if state(ca) != state(cb) {
                        lines.push(format!("{kind} {} → {}", state(ca), state(cb)));
                    }
                }
            }
            (Ok(a), Err(e)) => lines.push(format!("tier {} → cannot be placed: {e}", a.matched.tier.name)),
            (Err(e), Ok(b)) => lines.push(format!("unplaced ({e}) → tier {}", b.matched.tier.name)),
            (Err(_), Err(_)) => {}
        }
        if !lines.is_empty() {
            changes.push((job, lines));
        }
    }
    if json_out {
        return super::emit_json_array(
            changes
                .iter()
                .map(|(j, l)| json!({ "job": j.id, "customer": j.customer, "changes": l })),
        );
    } else {
        for (j, l) in &changes {
            super::emit(&format!(
                "job {} {} · {}: {}",
                j.id,
                slawatch_core::text::inert(&j.customer, 40),
                slawatch_core::text::inert(&j.priority, 40),
                l.join("; ")
            ))?;
        }
        super::emit(&format!(
            "{} of {} open jobs would change under {}.",
            changes.len(),
            open.len(),
            new_path.display()
        ))?;
    }
    Ok(())
}

/// A customer or type that reads as a typo of one the policy names: explained as given,
/// but said (the store is not read: explain is about the policy).
fn typo_notes(policy: &Policy, customer: &str, job_type: Option<&str>) -> Vec<String> {
    let mut notes = Vec::new();
    if let Name::Close(k) = classify(customer, policy.customers()) {
        notes.push(format!(
            "no contract names customer `{}` — did you mean `{}`?",
            inert(customer, 200),
            inert(k, 200)
        ));
    }
    if let Some(t) = job_type
        && let Name::Close(k) = classify(t, policy.job_types())
    {
        notes.push(format!(
            "no rule names type `{}` — did you mean `{}`?",
            inert(t, 200),
            inert(k, 200)
        ));
    }
    notes
}

pub(crate) fn run(global: &Global, cmd: PolicyCmd) -> CliResult {
    match cmd {
        PolicyCmd::Diff { new, json } => diff(global, &new, json),
        PolicyCmd::Check { file } => {
            let path = policy_path(file.as_deref().or(global.policy.as_deref()))?;
            let policy = load_policy(&path)?;
            super::emit(&format!("{}: ok — {}", path.display(), policy.summary()))?;
            // Not an error: the sender may run elsewhere, with its own environment.
            for h in &policy.webhooks {
                if std::env::var_os(&h.secret_env).is_none_or(|v| v.is_empty()) {
                    crate::say!(
                        "note: webhook {} ({}): {} is not set here — deliveries from a process without it fail until it is exported",
                        h.index,
                        inert(&h.url, 300),
                        h.secret_env
                    );
                }
            }
            Ok(())
        }
        PolicyCmd::Explain {
            customer,
            priority,
            job_type,
            asset,
            contract,
            at,
            json,
        } => {
            let path = policy_path(global.policy.as_deref())?;
            let policy = load_policy(&path)?;
            let now = crate::service::clock::now();
            let at = match at {
                Some(t) => parse_time(&t, &policy, "--at")?,
                None => now,
            };
            let key = JobKey {
                customer: &customer,
                priority: &priority,
                job_type: job_type.as_deref(),
                asset: asset.as_deref(),
                contract: contract.as_deref(),
                at,
            };
            policy
                .match_job(&key)
                .map_err(|e| Failure::BadInput(e.to_string()))?;
            let job = JobInput {
                customer: &customer,
                priority: &priority,
                job_type: job_type.as_deref(),
                asset: asset.as_deref(),
                contract: contract.as_deref(),
                created_at: at,
                events: &[],
            };
            // Judged at the logging instant: every clock just started.
            let sla = evaluate_job(&policy, &job, at).map_err(|e| Failure::BadInput(e.to_string()))?;
            let why = explain_job(&policy, &job, &sla, at);
            let notes = typo_notes(&policy, &customer, job_type.as_deref());
            let tz = &policy.display_tz;
            if json {
                let clocks: Vec<_> = sla
                    .clocks
                    .iter()
                    .map(|c| {
                        json!({
                            "clock": c.kind.name(),
                            "window": c.window.to_string(),
                            "business_seconds": c.target,
                            "deadline": c.deadline.map(|d| rfc3339(d, tz)),
                        })
                    })
                    .collect();
                let out = json!({
                    "customer": customer,
                    "priority": sla.priority,
                    "type": sla.job_type,
                    "contract": sla.matched.contract.map(|c| c.id.clone()),
                    "rule": match &sla.matched.via {
                        slawatch_core::policy::MatchVia::Rule { index, .. } => Some(index + 1),
                        _ => None,
                    },
                    "tier": sla.matched.tier.name,
                    "calendar": sla.matched.tier.calendar.name(),
                    "logged_at": rfc3339(at, tz),
                    "clocks": clocks,
                    "explanation": why,
                    "notes": notes,
                });
                return super::emit_json(&out, true);
            }
            super::emit(&format!(
                "{} · {} → {}",
                slawatch_core::text::inert(&customer, 200),
                slawatch_core::text::inert(&sla.priority, 40),
                slawatch_core::text::inert(&sla.matched.describe(), 300)
            ))?;
            super::emit(&format!("If logged at {}:", rfc3339(at, tz)))?;
            for c in &sla.clocks {
                super::emit(&format!(
                    "  {:<8} {:<6} due {}",
                    c.kind.name(),
                    c.window.to_string(),
                    c.deadline
                        .map_or_else(|| "never (beyond 2299)".to_owned(), |d| rfc3339(d, tz))
                ))?;
            }
            for n in &notes {
                super::emit(&format!("Note: {n}"))?;
            }
            super::emit("Why:")?;
            // Holiday and rule names come from the policy file: shown inert too.
            for line in why {
                super::emit(&format!("  {}", slawatch_core::text::inert(&line, 500)))?;
            }
            Ok(())
        }
    }
}
