//! The one owner of I/O for the dashboard: the terminal, the clock, the store worker
//! and the policy file. Everything becomes a `Msg`; `update` decides; effects run here.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, SystemTime};

use futures_util::StreamExt;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, EventStream};
use ratatui::crossterm::execute;
use tokio::sync::mpsc;

use super::app::App;
use super::entry::Entry;
use super::update::{Effect, Msg, update};
use super::view::view;
use crate::alerts::cycle::Engine;
use crate::alerts::deliver::{Deliverer, TerminalSink};
use crate::alerts::{Due, Notice, Reminder};
use crate::policy::{NotifyConfig, Policy, parse_policy};
use crate::report::Spec;
use crate::report::render::{Format, Section, render};
use crate::store::{JobFilter, Store, by_shares, cores};

/// Where the policy comes from.
#[derive(Debug, Clone)]
pub enum PolicySource {
    /// A file, watched: edits apply live.
    File(PathBuf),
    /// Text compiled into the binary (the demo).
    Builtin(&'static str),
}

/// What the dashboard opens.
#[derive(Debug, Clone)]
pub struct Options {
    pub db: PathBuf,
    pub policy: PolicySource,
    pub user: String,
}

pub(crate) fn read_policy(src: &PolicySource) -> Result<Policy, String> {
    match src {
        PolicySource::Builtin(text) => parse_policy("sla.toml.example", text).map_err(|e| e.to_string()),
        PolicySource::File(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            parse_policy(&p.display().to_string(), &text).map_err(|e| e.to_string())
        }
    }
}

/// Work for the store thread.
#[allow(clippy::large_enum_variant)] // one message at a time; boxing buys nothing
enum Job {
    Effect(Effect),
    /// Anything new in the store? Is the policy file changed?
    Poll,
    /// A round of the alert engine: crossings to record, reminders due.
    Alerts(Vec<(Due, String)>, Vec<Reminder>),
    /// These alert events were delivered: no longer pending for this user.
    Delivered(Vec<i64>),
}

/// The store thread: owns its connection, answers with messages.
fn worker(
    mut store: Store,
    opts: Options,
    policy: Arc<Policy>,
    jobs: std_mpsc::Receiver<Job>,
    out: mpsc::UnboundedSender<Msg>,
) {
    let mut policy = policy;
    let mut last_event = store.last_event_id().unwrap_or(0);
    let mut data_version = store.data_version().unwrap_or(0);
    let mtime = |p: &PolicySource| match p {
        PolicySource::File(f) => std::fs::metadata(f).and_then(|m| m.modified()).ok(),
        PolicySource::Builtin(_) => None,
    };
    let mut policy_mtime: Option<SystemTime> = mtime(&opts.policy);
    let mut engine = Engine::default();
    let send = |m: Msg| out.send(m).is_ok();
    let reload = |store: &Store, last_event: &mut i64| -> bool {
        match store.changed_since(*last_event) {
            Ok((newest, rows)) => {
                *last_event = newest;
                rows.is_empty() || send(Msg::Loaded(rows))
            }
            Err(e) => send(Msg::Done(Err(format!("reading the store: {e}")))),
        }
    };
    while let Ok(job) = jobs.recv() {
        let ok = match job {
            Job::Poll => {
                let v = store.data_version().unwrap_or(data_version);
                let mut ok = true;
                if v != data_version {
                    data_version = v;
                    ok = reload(&store, &mut last_event);
                }
                let m = mtime(&opts.policy);
                if m != policy_mtime {
                    policy_mtime = m;
                    let msg = match read_policy(&opts.policy) {
                        Ok(p) => {
                            policy = Arc::new(p);
                            Msg::Policy(Ok(Arc::clone(&policy)))
                        }
                        Err(e) => Msg::Policy(Err(e)),
                    };
                    ok = ok && send(msg);
                }
                ok
            }
            Job::Effect(Effect::LoadTimeline(id)) => match store.events_of(id) {
                Ok(ev) => send(Msg::Timeline(id, ev)),
                Err(e) => send(Msg::Done(Err(e.to_string()))),
            },
            Job::Effect(Effect::Record { job, action }) => {
                let now = crate::clock::now();
                let result = store.record(&policy, job, &action, &opts.user, None, now);
                let msg = match result {
                    Ok(row) => Ok(format!(
                        "job {job} {} by {} · status {}",
                        action.kind(),
                        opts.user,
                        row.status
                    )),
                    Err(e) => Err(e.to_string()),
                };
                reload(&store, &mut last_event) && send(Msg::Done(msg))
            }
            Job::Effect(Effect::Log(new)) => {
                let now = crate::clock::now();
                match store.log_job(&policy, &new, &opts.user, now) {
                    Ok(id) => {
                        reload(&store, &mut last_event)
                            && send(Msg::Select(id))
                            && send(Msg::Done(Ok(format!("logged job {id} for {}", new.customer))))
                    }
                    Err(e) => send(Msg::Done(Err(e.to_string()))),
                }
            }
            Job::Alerts(dues, reminders) => {
                let now = crate::clock::now();
                match engine.round(&mut store, &policy, &opts.user, &dues, &reminders, now) {
                    Ok((recorded, notices)) => {
                        (recorded == 0 || reload(&store, &mut last_event))
                            && (notices.is_empty() || send(Msg::Notices(notices)))
                    }
                    // A read-only or locked store: say which file and what to do.
                    Err(e) => send(Msg::Done(Err(format!(
                        "recording alerts: {}",
                        e.at(store.path())
                    )))),
                }
            }
            Job::Delivered(events) => match store.mark_delivered(&opts.user, &events) {
                Ok(()) => true,
                Err(e) => send(Msg::Done(Err(format!("recording delivered alerts: {e}")))),
            },
            // Delivery and reports run elsewhere, never here.
            Job::Effect(Effect::Deliver(_) | Effect::Report { .. } | Effect::ExportReport(_)) => true,
            Job::Effect(Effect::Quit) => false,
        };
        if !ok {
            break;
        }
    }
}

/// Reads and judges every open job, one share per core, each on its own connection:
/// decoding rows and judging them is the start-up time of a big store.
#[allow(clippy::vec_box)] // boxed for the app's map: see `App::absorb_judged`
pub(crate) fn load_open(
    store: &Store,
    path: &std::path::Path,
    policy: &Policy,
    now: i64,
) -> Result<Vec<Box<Entry>>, String> {
    let ranges = store.open_id_ranges(cores()).map_err(|e| e.to_string())?;
    let parts = by_shares(path, ranges, |conn, range| {
        let rows = conn.jobs(&JobFilter {
            open_only: true,
            ids: Some(range),
            ..JobFilter::default()
        })?;
        Ok(rows
            .into_iter()
            .map(|r| Box::new(Entry::judge(r, policy, now)))
            .collect::<Vec<_>>())
    })
    .map_err(|e| e.to_string())?;
    Ok(parts.into_iter().flatten().collect())
}

/// Starts the task that sends notifications, off the drawing path: a slow or absent
/// notification server never delays a frame. Problems come back as status messages.
fn spawn_delivery(
    policy: &Policy,
    status: mpsc::UnboundedSender<Msg>,
    store: std_mpsc::Sender<Job>,
) -> mpsc::UnboundedSender<(Vec<Notice>, NotifyConfig)> {
    let (tx, mut rx) = mpsc::unbounded_channel::<(Vec<Notice>, NotifyConfig)>();
    let mut deliverer = Deliverer::new(policy.notify.clone(), TerminalSink::Stdout);
    tokio::spawn(async move {
        while let Some((notices, cfg)) = rx.recv().await {
            deliverer.set_config(cfg);
            for n in &notices {
                let d = deliverer.deliver(n, crate::clock::now()).await;
                if !n.events.is_empty() {
                    let _ = store.send(Job::Delivered(n.events.clone()));
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
fn spawn_report(
    db: &std::path::Path,
    policy: Arc<Policy>,
    spec: Spec,
    generation: u64,
    out: mpsc::UnboundedSender<Msg>,
) {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let now = crate::clock::now();
        let result = crate::reporting::build(&db, &policy, spec, &JobFilter::default(), None, now)
            .map(Arc::new)
            .map_err(|e| e.to_string());
        let _ = out.send(Msg::ReportReady(generation, result));
    });
}

/// How often the forecast is computed again. Its history is every job of the store (on
/// a million jobs about 5 s of CPU), read afresh each time so nothing is held between
/// runs; the live countdowns and warnings already track the minutes.
const FORECAST_EVERY: Duration = Duration::from_secs(600);
/// How long after start the first forecast runs.
const FIRST_FORECAST: Duration = Duration::from_secs(2);

/// Computes the forecast's at-risk jobs off the drawing path. With a policy file it runs in
/// a child process (`slawatch forecast worst`): the pass over the whole store's history
/// allocates hundreds of megabytes for a moment, which the allocator would otherwise keep
/// as the dashboard's own for good. The built-in policy, or a child that fails, is
/// computed here instead.
fn spawn_forecast(
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
        let worst = file
            .and_then(|f| forecast_in_child(&db, &f))
            .or_else(|| crate::reporting::worst_at_risk(&db, &policy, crate::clock::now()).ok());
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
) -> Option<std::collections::HashMap<i64, crate::report::forecast::Forecast>> {
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
    let list: Vec<crate::report::forecast::Forecast> = serde_json::from_slice(&out.stdout).ok()?;
    Some(list.into_iter().map(|f| (f.job, f)).collect())
}

/// Writes the report of `spec` as HTML beside where slawatch was started, with the event
/// chain checked, owner-only.
fn spawn_export(db: &std::path::Path, policy: Arc<Policy>, spec: Spec, out: mpsc::UnboundedSender<Msg>) {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let now = crate::clock::now();
        let tz = policy.display_tz;
        let day = |t: i64| {
            crate::instant::rfc3339(t, &tz)
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
            let report = crate::reporting::build(&db, &policy, spec, &JobFilter::default(), None, now)
                .map_err(|e| e.to_string())?;
            let ev = crate::reporting::evidence(&db, Vec::new(), true, now).map_err(|e| e.to_string())?;
            let html = render(&report, &ev, Format::Html, Section::Summary, &tz);
            let path = std::path::Path::new(&name);
            crate::cli::create_private_file(path)
                .and_then(|mut f| std::io::Write::write_all(&mut f, html.as_bytes()))
                .map_err(|e| format!("cannot write {name}: {e}"))?;
            Ok(format!(
                "report written to {name} ({})",
                if ev.chain_ok {
                    "event chain verified"
                } else {
                    "event chain NOT verified"
                }
            ))
        })();
        let _ = out.send(Msg::Done(result));
    });
}

/// Restores the terminal whatever happens after it was taken over.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// Opens the dashboard. Problems with the policy or the store are reported before the
/// terminal is touched.
///
/// # Errors
/// A message for stderr: what is wrong and how to fix it.
pub fn run(opts: Options, store_label: &str) -> Result<(), String> {
    let policy = Arc::new(read_policy(&opts.policy)?);
    let store = Store::open_existing(&opts.db).map_err(|e| e.to_string())?;
    // The dashboard keeps this connection for hours: pages it reads stay in a small page
    // cache instead of counting against the process as a map of the whole file.
    store.stream_reads().map_err(|e| e.to_string())?;
    let now = crate::clock::now();
    let entries = load_open(&store, &opts.db, &policy, now)?;
    let mut app = App::new(Arc::clone(&policy), &opts.user, store_label, now);
    app.plain = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.absorb_judged(entries);

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the event loop: {e}"))?;

    // Also leave mouse capture on a panic (ratatui's hook restores the rest).
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        hook(info);
    }));
    let mut terminal = ratatui::try_init().map_err(|e| format!("cannot open the terminal: {e}"))?;
    let _guard = TerminalGuard;
    let _ = execute!(std::io::stdout(), EnableMouseCapture);

    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let tx_status = tx.clone();
    let tx_reports = tx.clone();
    let (jobs_tx, jobs_rx) = std_mpsc::channel::<Job>();
    let worker_opts = opts.clone();
    let worker_policy = Arc::clone(&policy);
    let worker = std::thread::spawn(move || worker(store, worker_opts, worker_policy, jobs_rx, tx));

    let size = terminal.size().map_err(|e| e.to_string())?;
    let mut fx = update(&mut app, Msg::Resize(size.width, size.height));
    if let Some(s) = app.selected {
        fx.push(Effect::LoadTimeline(s));
    }
    let result = rt.block_on(async {
        let deliver_tx = spawn_delivery(&policy, tx_status, jobs_tx.clone());
        // The first forecast starts a few seconds in, so it never competes with the
        // first screen. Timed on the monotonic clock: a system clock set back must not
        // hold the forecast off for as long as it went back.
        let started = std::time::Instant::now();
        let mut forecast_at: Option<std::time::Instant> = None;
        let mut events = EventStream::new();
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            for e in fx.drain(..) {
                match e {
                    Effect::Quit => return Ok(()),
                    Effect::Deliver(notices) => {
                        let _ = deliver_tx.send((notices, app.policy.notify.clone()));
                    }
                    Effect::Report { spec, generation } => {
                        spawn_report(
                            &opts.db,
                            Arc::clone(&app.policy),
                            spec,
                            generation,
                            tx_reports.clone(),
                        );
                    }
                    Effect::ExportReport(spec) => {
                        spawn_export(&opts.db, Arc::clone(&app.policy), spec, tx_reports.clone());
                    }
                    e => {
                        let _ = jobs_tx.send(Job::Effect(e));
                    }
                }
            }
            terminal
                .draw(|f| view(&app, f))
                .map_err(|e| format!("drawing: {e}"))?;
            let msg = tokio::select! {
                ev = events.next() => match ev {
                    Some(Ok(Event::Key(k))) => Msg::Key(k),
                    Some(Ok(Event::Mouse(m))) => Msg::Mouse(m),
                    Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return Err(format!("reading the terminal: {e}")),
                    None => return Ok(()),
                },
                _ = tick.tick() => {
                    let _ = jobs_tx.send(Job::Poll);
                    Msg::Tick(crate::clock::now())
                }
                Some(m) = rx.recv() => m,
            };
            let ticked = matches!(msg, Msg::Tick(_));
            fx = update(&mut app, msg);
            if ticked {
                let (dues, reminders) = app.alert_work();
                let _ = jobs_tx.send(Job::Alerts(dues, reminders));
                let due = match forecast_at {
                    None => started.elapsed() >= FIRST_FORECAST,
                    Some(at) => at.elapsed() >= FORECAST_EVERY,
                };
                if due {
                    forecast_at = Some(std::time::Instant::now());
                    spawn_forecast(
                        &opts.db,
                        &opts.policy,
                        Arc::clone(&app.policy),
                        tx_reports.clone(),
                    );
                }
            }
            // Take in whatever else is already waiting, then draw once.
            while let Ok(m) = rx.try_recv() {
                fx.extend(update(&mut app, m));
            }
            if app.quit {
                return Ok(());
            }
        }
    });
    let _ = jobs_tx.send(Job::Effect(Effect::Quit));
    drop(jobs_tx);
    let _ = worker.join();
    result
}
