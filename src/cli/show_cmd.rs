//! `show`: one job, its clocks and its timeline (revoked events marked, with the
//! revocation beside them).

use std::fmt::Write as _;

use serde_json::json;

use super::args::Global;
use super::job_cmd::{clocks_json, deadline_lines};
use super::{CliResult, db_path, policy};
use slawatch_core::job::EventKind;
use slawatch_core::job::EventRow;
use slawatch_core::text::inert;
use slawatch_core::time::duration::format_secs;
use slawatch_core::time::instant::rfc3339;
use slawatch_core::time::shown::{human, when};
use slawatch_store::Store;

/// One line of the timeline, in words.
fn describe(e: &EventRow) -> String {
    let d: serde_json::Value = serde_json::from_str(&e.data).unwrap_or_default();
    let s = |k: &str| d.get(k).and_then(|v| v.as_str()).map(|v| inert(v, 200));
    let note = s("note").map(|n| format!(" — {n}")).unwrap_or_default();
    match e.event_kind() {
        Some(EventKind::Created) => format!(
            "logged: {} · {} — {}",
            s("customer").unwrap_or_default(),
            s("priority").unwrap_or_default(),
            s("matched").unwrap_or_default()
        ),
        Some(EventKind::Responded) | Some(EventKind::Attended) | Some(EventKind::Resolved) => {
            let outs: Vec<String> = d
                .get("outcomes")
                .and_then(|o| o.as_array())
                .map(|a| {
                    a.iter()
                        .map(|o| {
                            format!(
                                "{} {} ({} of {})",
                                o["clock"].as_str().unwrap_or("?"),
                                o["state"].as_str().unwrap_or("?"),
                                format_secs(o["elapsed"].as_i64().unwrap_or(0)),
                                format_secs(o["target"].as_i64().unwrap_or(0))
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "{}{}{note}",
                e.kind,
                if outs.is_empty() {
                    String::new()
                } else {
                    format!(": {}", outs.join(", "))
                }
            )
        }
        Some(EventKind::Paused) => format!(
            "paused: {}{}{note}",
            s("reason").unwrap_or_default(),
            if d["stops_clock"].as_bool() == Some(false) {
                " (clock keeps running)"
            } else {
                ""
            }
        ),
        Some(EventKind::Assigned) => format!("assigned to {}", s("to").unwrap_or_default()),
        Some(EventKind::Reprioritized) => format!(
            "priority {} → {} (tier {})",
            s("from").unwrap_or_default(),
            s("to").unwrap_or_default(),
            s("tier").unwrap_or_default()
        ),
        Some(EventKind::Note) => format!("note: {}", s("text").unwrap_or_default()),
        Some(EventKind::Escalated) => format!("escalated to level {}{note}", d["level"]),
        Some(EventKind::Acknowledged) => format!("acknowledged level {}{note}", d["level"]),
        Some(EventKind::Alert) => format!("alert: {}", slawatch_core::alerts::alert_text(&d)),
        Some(EventKind::Cancelled) => format!("cancelled: {}", s("reason").unwrap_or_default()),
        Some(EventKind::Revoked) => format!(
            "revoked event {} ({} by {}): {}",
            d["event"],
            s("kind").unwrap_or_default(),
            s("by").unwrap_or_default(),
            s("reason").unwrap_or_default()
        ),
        Some(other) => format!("{other}{note}"),
        None => format!("{}{note}", inert(&e.kind, 200)),
    }
}

pub(crate) fn show(global: &Global, id: i64, json_out: bool) -> CliResult {
    let policy = policy(global)?;
    let store = Store::open_existing(&db_path(global)?)?;
    let now = crate::service::clock::now();
    let job = store.job(id)?;
    let mut events = store.events_of(id)?;
    // The timeline in time order (the log's order is not time's: the alert engine
    // records a crossing at the instant it happened, after events recorded since).
    events.sort_by_key(|e| (e.at, e.id));
    let tz = &policy.display_tz;
    // Which event revoked which: the timeline shows both, the revoked one marked.
    let revoked_by: std::collections::HashMap<i64, &slawatch_core::job::EventRow> = events
        .iter()
        .filter(|e| e.event_kind() == Some(EventKind::Revoked))
        .filter_map(|e| slawatch_core::job::revoke::target_of(&e.data).map(|t| (t, e)))
        .collect();
    if json_out {
        let evs: Vec<_> = events
            .iter()
            .map(|e| {
                json!({
                    "id": e.id, "kind": e.kind, "at": rfc3339(e.at, tz), "recorded_at": rfc3339(e.recorded_at, tz),
                    "actor": e.actor, "data": serde_json::from_str::<serde_json::Value>(&e.data).unwrap_or_default(),
                    "revoked_by": revoked_by.get(&e.id).map(|r| r.id),
                })
            })
            .collect();
        return super::emit_json(
            &json!({ "job": crate::intake::export::job_json(&job, tz), "clocks": clocks_json(&job, &policy, now), "events": evs }),
            true,
        );
    }
    // One text, written once: a reader that goes away (`| head`) ends it quietly.
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Job {} · {} · {} · {}",
        job.id,
        inert(&job.customer, 60),
        inert(&job.priority, 40),
        job.status
    );
    let _ = writeln!(out, "  {}", inert(&job.summary, 500));
    let _ = writeln!(
        out,
        "  tier {} ({}){}{}{}{}",
        inert(&job.tier, 40),
        inert(&job.windows, 80),
        job.contract
            .as_ref()
            .map(|c| format!(" · contract {}", inert(c, 80)))
            .unwrap_or_default(),
        job.asset
            .as_ref()
            .map(|a| format!(" · asset {}", inert(a, 60)))
            .unwrap_or_default(),
        job.technician
            .as_ref()
            .map(|t| format!(" · tech {}", inert(t, 40)))
            .unwrap_or_default(),
        job.site
            .as_ref()
            .map(|t| format!(" · site {}", inert(t, 60)))
            .unwrap_or_default(),
    );
    if job.escalation_level > 0 {
        let _ = writeln!(
            out,
            "  escalated to level {}{}",
            job.escalation_level,
            if job.acked_level >= job.escalation_level {
                " (acknowledged)"
            } else {
                " — NOT acknowledged"
            }
        );
    }
    if let Some(c) = events
        .iter()
        .rev()
        .find(|e| e.event_kind() == Some(EventKind::Cancelled))
        && job.status == slawatch_core::job::JobStatus::Cancelled
    {
        let _ = writeln!(
            out,
            "  cancelled by {} at {}: {} — not tracked, not judged",
            inert(&c.actor, 80),
            when(c.at, now, tz),
            inert(c.data_value()["reason"].as_str().unwrap_or(""), 500)
        );
    }
    let _ = writeln!(out, "Clocks:");
    for l in deadline_lines(&job, &policy, now) {
        let _ = writeln!(out, "{l}");
    }
    if let Ok(sla) = job.evaluate(&policy, now) {
        for c in &sla.clocks {
            let crossed: Vec<String> = c
                .crossings
                .iter()
                .filter_map(|x| {
                    x.crossed_at
                        .map(|t| format!("{:.0}% at {}", x.fraction * 100.0, when(t, now, tz)))
                })
                .collect();
            let _ = writeln!(
                out,
                "    {}: {} of {} elapsed ({:.0}%){}{}",
                c.kind,
                format_secs(c.elapsed),
                format_secs(c.target),
                c.fraction * 100.0,
                if c.excluded_secs() > 0 {
                    format!(", {} excluded by pauses", format_secs(c.excluded_secs()))
                } else {
                    String::new()
                },
                if crossed.is_empty() {
                    String::new()
                } else {
                    format!("; crossed {}", crossed.join(", "))
                }
            );
        }
    }
    let _ = writeln!(out, "Timeline:");
    for e in &events {
        let _ = writeln!(
            out,
            "  #{:<6} {}  {:<10} {}{}",
            e.id,
            human(e.at, tz),
            inert(&e.actor, 10),
            describe(e),
            revoked_by.get(&e.id).map_or_else(String::new, |r| format!(
                "  ✗ REVOKED by {} (#{})",
                inert(&r.actor, 40),
                r.id
            ))
        );
    }
    super::emit(out.trim_end_matches('\n'))
}
