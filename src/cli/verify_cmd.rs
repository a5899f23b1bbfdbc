//! `verify`: the chain, the jobs, the append-only triggers; the chain head to publish,
//! and a head published before checked against the store.

use serde_json::json;

use super::args::Global;
use super::{CliResult, Failure, db_path};
use slawatch_core::job::ChainHead;
use slawatch_core::text::inert;
use slawatch_store::{HeadCheck, Store, VerifyProblem};

/// What a failed head check says, in words: what was found and what it means.
fn head_failure(head: &ChainHead, check: &HeadCheck) -> Option<String> {
    let n = head.events;
    match check {
        HeadCheck::Holds => None,
        HeadCheck::Short { found } => Some(format!(
            "the store holds only {found} events, the published head {head} counts {n}: events after {found} were removed since the head was published"
        )),
        HeadCheck::Differs { found } => Some(format!(
            "event {n} hashes to {found}, the published head says {}: an event at or before {n} was changed since the head was published",
            head.hash
        )),
        HeadCheck::Broken(p) => Some(format!("up to the published head {head}: {}", p.message)),
    }
}

pub(crate) fn verify(global: &Global, json_out: bool, head: Option<&str>) -> CliResult {
    let published = head
        .map(|h| {
            h.parse::<ChainHead>()
                .map_err(|e| Failure::BadInput(format!("--head {e}")))
        })
        .transpose()?;
    let store = Store::open_existing(&db_path(global)?)?;
    let report = store.verify()?;
    let check = published
        .as_ref()
        .map(|h| store.verify_head(h).map(|c| (h, c)))
        .transpose()?;
    let head_problem = check.as_ref().and_then(|(h, c)| head_failure(h, c));
    let warnings = beyond_the_chain(global, &store)?;
    let ok = report.ok() && head_problem.is_none();
    let path = store.path().display();
    if json_out {
        let problem = |p: &VerifyProblem| json!({"event": p.event, "job": p.job, "message": p.message});
        super::emit_json(
            &json!({
                "ok": ok, "events": report.events, "jobs": report.jobs,
                "head": report.head,
                "problems": report.problems.iter().map(problem).collect::<Vec<_>>(),
                "warnings": warnings,
                "published_head": check.as_ref().map(|(h, _)| json!({
                    "head": h, "holds": head_problem.is_none(), "problem": head_problem,
                })),
            }),
            false,
        )?;
    } else {
        if report.ok() && head_problem.is_some() {
            crate::say!(
                "{path}: the chain as stored now is unbroken ({} events), but it is not the chain the published head was taken from:",
                report.events
            );
        } else if report.ok() {
            let (events, jobs) = (report.events, report.jobs);
            super::emit(&format!(
                "{path}: ok — {events} {} in an unbroken chain, {jobs} {} with {} events, append-only triggers in place",
                if events == 1 { "event" } else { "events" },
                if jobs == 1 { "job agrees" } else { "jobs agree" },
                if jobs == 1 { "its" } else { "their" },
            ))?;
        } else {
            for p in &report.problems {
                crate::say!("{path}: {}", p.message);
            }
        }
        for w in &warnings {
            crate::say!("{path}: warning: {w}");
        }
        match (&check, &head_problem) {
            (Some((h, _)), None) => super::emit(&format!(
                "published head {h}: holds — the first {} events are unchanged",
                h.events
            ))?,
            (_, Some(p)) => crate::say!("{path}: {p}"),
            (None, None) => {}
        }
        // A head of a store with problems is no evidence: shown, but not to publish.
        if let (Some(h), false) = (&report.head, ok) {
            crate::say!(
                "{path}: chain head now {h} — not to be published until the problems above are solved"
            );
        } else if let Some(h) = &report.head {
            super::emit(&format!(
                "chain head {h} — publish it (it is on every report and export too); `slawatch verify --head {h}` later proves the first {} events are unchanged",
                h.events
            ))?;
        }
    }
    if ok {
        Ok(())
    } else {
        let count = report.problems.len() + usize::from(head_problem.is_some());
        Err(Failure::Runtime(format!("verify found {count} problem(s)")))
    }
}

/// Open jobs at an escalation level the policy does not define (written under an older
/// policy): not a fault of the record, but worth knowing, since they are treated as at
/// the top of the chain. Checked when the policy can be read.
fn beyond_the_chain(global: &Global, store: &Store) -> Result<Vec<String>, Failure> {
    let Ok(policy) = super::policy(global) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let filter = slawatch_store::JobFilter {
        open_only: true,
        ..slawatch_store::JobFilter::default()
    };
    store.scan_jobs(&filter, |j| {
        if j.escalation_level > 0 && policy.chain_level(j.escalation_level).is_none() {
            out.push(match policy.top_level() {
                Some(top) => format!(
                    "job {} is at escalation level {}, which the policy does not define ({}): it is treated as level {} ({}), the top — acknowledging it needs that level's role",
                    j.id,
                    j.escalation_level,
                    policy.chain_text(),
                    top.level,
                    inert(&top.name, 80)
                ),
                None => format!(
                    "job {} is at escalation level {}, but the policy defines no escalation chain — add [[escalation.levels]] to sla.toml",
                    j.id, j.escalation_level
                ),
            });
        }
    })?;
    Ok(out)
}
