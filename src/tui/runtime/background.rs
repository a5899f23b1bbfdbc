//! The dashboard's background work, off the drawing path: delivering notices, computing
//! reports and the forecast, writing the HTML export. Results come back as [`Msg`]s.

use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use tokio::sync::mpsc;

use super::worker::StoreRequest;
use crate::alerts::deliver::{Deliverer, TerminalSink};
use crate::service::policy::PolicySource;
use crate::tui::update::Msg;
use slawatch_core::alerts::Notice;
use slawatch_core::policy::{NotifyConfig, Policy};
use slawatch_core::report::Spec;
use slawatch_core::report::render::{Format, Section, render};
use slawatch_store::JobFilter;

/// Starts the task that sends notifications, off the drawing path: a slow or absent
/// notification server never delays a frame. Problems come back as status messages.
pub(super) fn spawn_delivery(
    policy: &Policy,
    status: mpsc::UnboundedSender<Msg>,
    store: std_mpsc::Sender<StoreRequest>,
) -> mpsc::UnboundedSender<(Vec<Notice>, NotifyConfig)> {
    let (tx, mut rx) = mpsc::unbounded_channel::<(Vec<Notice>, NotifyConfig)>();
    let mut deliverer = Deliverer::new(policy.notify.clone(), TerminalSink::Stdout);
    tokio::spawn(async move {
        while let Some((notices, cfg)) = rx.recv().await {
            deliverer.set_config(cfg);
            for n in &notices {
                let d = deliverer.deliver(n, crate::service::clock::now()).await;
                if !n.events.is_empty() {
                    let _ = store.send(StoreRequest::Delivered(n.events.clone()));
                }
                for p in d.problems {
                    let _ = status.send(Msg::Done(Err(p)));
                }
            }
        }
    });
    tx
}

/// Computes a report on its own threads: the dashboard keeps drawing and the store
/// worker keeps serving actions meanwhile.
pub(super) fn spawn_report(
    db: &std::path::Path,
    policy: Arc<Policy>,
    spec: Spec,
    generation: u64,
    out: mpsc::UnboundedSender<Msg>,
) {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let now = crate::service::clock::now();
        let result = crate::service::report::build(&db, &policy, spec, &JobFilter::default(), None, now)
            .map(Arc::new)
            .map_err(|e| e.to_string());
        let _ = out.send(Msg::ReportReady(generation, result));
    });
}

/// How often the forecast is computed again. Its history is every job of the store (on
/// a million jobs about 5 s of CPU), read afresh each time so nothing is held between
/// runs; the live countdowns and warnings already track the minutes.
pub(super) const FORECAST_EVERY: Duration = Duration::from_secs(600);
/// How long after start the first forecast runs.
pub(super) const FIRST_FORECAST: Duration = Duration::from_secs(2);

/// Computes the forecast's at-risk jobs off the drawing path. With a policy file it runs in
/// a child process (`slawatch forecast worst`): the pass over the whole store's history
/// allocates hundreds of megabytes for a moment, which the allocator would otherwise keep
/// as the dashboard's own for good. The built-in policy, or a child that fails, is
/// computed here instead.
pub(super) fn spawn_forecast(
    db: &std::path::Path,
    source: &PolicySource,
    policy: Arc<Policy>,
    out: mpsc::UnboundedSender<Msg>,
) {
    let db = db.to_path_buf();
    let file = match source {
        PolicySource::File(f) => Some(f.clone()),
        PolicySource::Builtin(_) => None,
    };
    std::thread::spawn(move || {
        let outlook = file
            .and_then(|f| forecast_in_child(&db, &f))
            .or_else(|| crate::service::report::outlook(&db, &policy, crate::service::clock::now()).ok());
        if let Some(o) = outlook {
            let worst = o.worst.into_iter().map(|f| (f.job, f)).collect();
            if out.send(Msg::Forecast(worst)).is_ok() {
                let _ = out.send(Msg::Queued(o.queued));
            }
        }
    });
}

/// `slawatch forecast worst` on `db` with the policy file `policy`; `None` if it could not
/// run or answer.
fn forecast_in_child(
    db: &std::path::Path,
    policy: &std::path::Path,
) -> Option<crate::service::report::Outlook> {
    let out = std::process::Command::new(std::env::current_exe().ok()?)
        .arg("--db")
        .arg(db)
        .arg("--policy")
        .arg(policy)
        .args(["forecast", "worst"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

/// Writes the report of `spec` as HTML into `dir` (where slawatch was started), with
/// the event chain checked, owner-only. The name is predictable, so it goes through the
/// private-file helper: a link planted there is refused, an older file replaced whole.
pub(super) fn spawn_export(
    db: &std::path::Path,
    policy: Arc<Policy>,
    spec: Spec,
    out: mpsc::UnboundedSender<Msg>,
    dir: std::path::PathBuf,
) {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let now = crate::service::clock::now();
        let tz = policy.display_tz;
        let day = |t: i64| {
            slawatch_core::time::instant::rfc3339(t, &tz)
                .get(..10)
                .unwrap_or_default()
                .to_owned()
        };
        let name = format!(
            "slawatch-report-{}-to-{}-by-{}.html",
            day(spec.from),
            day(spec.to - 1),
            spec.by.name()
        );
        let result = (|| -> Result<String, String> {
            let (report, head, moved_from) =
                crate::service::report::build_at_head(&db, &policy, spec, &JobFilter::default(), None, now)
                    .map_err(|e| e.to_string())?;
            let mut ev = crate::service::report::evidence(&db, (head, moved_from), Vec::new(), true, now)
                .map_err(|e| e.to_string())?;
            ev.corrections =
                crate::service::report::corrections(&db, &JobFilter::default(), None, (spec.from, spec.to))
                    .map_err(|e| e.to_string())?;
            let html = render(&report, &ev, Format::Html, Section::Summary, &tz);
            crate::service::files::write(&dir.join(&name), html.as_bytes()).map_err(|e| e.to_string())?;
            Ok(format!(
                "report written to {name} ({})",
                if ev.chain_ok {
                    format!("event chain verified, head {}", ev.chain_head)
                } else {
                    "event chain NOT verified".to_owned()
                }
            ))
        })();
        let _ = out.send(Msg::Done(result));
    });
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use slawatch_core::job::NewJob;
    use slawatch_core::report::GroupBy;

    const NOW: i64 = 1_795_514_400;

    /// The dashboard's `x` into `dir`, on a store with one job; its message.
    fn export_into(dir: &std::path::Path) -> Result<String, String> {
        let policy = slawatch_core::policy::parse_policy(
            "sla.toml.example",
            include_str!("../../../sla.toml.example"),
        )
        .unwrap();
        let db = dir.join("jobs.db");
        let mut store = slawatch_store::Store::open(&db).unwrap();
        let job = NewJob {
            customer: "Globex".into(),
            priority: "P3".into(),
            job_type: None,
            asset: None,
            site: None,
            contract: None,
            summary: "Gate".into(),
            technician: None,
            at: None,
        };
        store.log_job(&policy, &job, "anna", NOW).unwrap();
        drop(store);
        let (tx, mut rx) = mpsc::unbounded_channel();
        let spec = Spec {
            from: NOW - 86_400,
            to: NOW + 86_400,
            by: GroupBy::Customer,
        };
        spawn_export(&db, Arc::new(policy), spec, tx, dir.to_path_buf());
        match rx.blocking_recv() {
            Some(Msg::Done(r)) => r,
            _ => panic!("no answer from the export"),
        }
    }

    fn export_name(dir: &std::path::Path) -> std::path::PathBuf {
        dir.join("slawatch-report-2026-11-23-to-2026-11-25-by-customer.html")
    }

    #[test]
    fn the_dashboard_export_never_writes_through_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, export_name(dir.path())).unwrap();
        let err = export_into(dir.path()).unwrap_err();
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }

    #[test]
    fn the_dashboard_export_over_an_older_file_is_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let target = export_name(dir.path());
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        let done = export_into(dir.path()).unwrap();
        assert!(done.contains("report written"), "{done}");
        assert!(std::fs::read_to_string(&target).unwrap().contains("<html"));
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
