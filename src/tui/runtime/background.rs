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
        let worst = file.and_then(|f| forecast_in_child(&db, &f)).or_else(|| {
            crate::service::report::worst_at_risk(&db, &policy, crate::service::clock::now()).ok()
        });
        if let Some(worst) = worst {
            let _ = out.send(Msg::Forecast(worst));
        }
    });
}

/// `slawatch forecast worst` on `db` with the policy file `policy`; `None` if it could not
/// run or answer.
fn forecast_in_child(
    db: &std::path::Path,
    policy: &std::path::Path,
) -> Option<std::collections::HashMap<i64, slawatch_core::report::forecast::Forecast>> {
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
    let list: Vec<slawatch_core::report::forecast::Forecast> = serde_json::from_slice(&out.stdout).ok()?;
    Some(list.into_iter().map(|f| (f.job, f)).collect())
}

/// Writes the report of `spec` as HTML beside where slawatch was started, with the event
/// chain checked, owner-only.
pub(super) fn spawn_export(
    db: &std::path::Path,
    policy: Arc<Policy>,
    spec: Spec,
    out: mpsc::UnboundedSender<Msg>,
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
            let path = std::path::Path::new(&name);
            crate::service::files::create_private_file(path)
                .and_then(|mut f| std::io::Write::write_all(&mut f, html.as_bytes()))
                .map_err(|e| format!("cannot write {name}: {e}"))?;
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
