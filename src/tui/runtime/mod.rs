//! The one owner of I/O for the dashboard: the terminal, the clock, the store worker
//! and the policy file. Everything becomes a `Msg`; `update` decides; effects run here.
//! The store thread is in `worker`, the work off the drawing path in `background`.

mod background;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use futures_util::StreamExt;
use ratatui::crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, EventStream, KeyEventKind, MouseEventKind,
};
use ratatui::crossterm::execute;
use tokio::sync::mpsc;

use background::{
    FIRST_FORECAST, FORECAST_EVERY, spawn_delivery, spawn_export, spawn_forecast, spawn_report,
};
use worker::{StoreRequest, worker};

use super::app::App;
use super::update::{Effect, Msg, update};
use super::view::view;
use crate::service::open_jobs::load_open;
use crate::service::policy::{PolicySource, read_policy};
use slawatch_store::Store;

/// What the dashboard opens.
#[derive(Debug, Clone)]
pub struct Options {
    pub db: PathBuf,
    pub policy: PolicySource,
    pub user: String,
    /// The user's own settings (config.toml), already read and checked.
    pub prefs: super::prefs::Prefs,
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
    let now = crate::service::clock::now();
    let entries = load_open(&store, &opts.db, &policy, now)?;
    let mut app = App::new(Arc::clone(&policy), &opts.user, store_label, now);
    app.plain = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.absorb_judged(entries);
    // The default view's first effects (a report to compute) run with the others.
    let opening = super::prefs::apply(&mut app, opts.prefs.clone());

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
    let (jobs_tx, jobs_rx) = std_mpsc::channel::<StoreRequest>();
    let worker_opts = opts.clone();
    let worker_policy = Arc::clone(&policy);
    let worker = std::thread::spawn(move || worker(store, worker_opts, worker_policy, jobs_rx, tx));

    let size = terminal.size().map_err(|e| e.to_string())?;
    let mut fx = opening;
    fx.extend(update(&mut app, Msg::Resize(size.width, size.height)));
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
        let mut dirty = true;
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
                        spawn_export(
                            &opts.db,
                            Arc::clone(&app.policy),
                            spec,
                            tx_reports.clone(),
                            std::path::PathBuf::from("."),
                        );
                    }
                    Effect::Clipboard(text) => {
                        // Straight to the terminal, between frames: the terminal (or
                        // tmux, or the ssh client's) puts it on the clipboard.
                        use std::io::Write;
                        let mut out = std::io::stdout();
                        let _ = out.write_all(super::osc52::sequence(&text).as_bytes());
                        let _ = out.flush();
                    }
                    Effect::AlertRound(dues, reminders) => {
                        let _ = jobs_tx.send(StoreRequest::Alerts(dues, reminders));
                    }
                    e => {
                        let _ = jobs_tx.send(StoreRequest::Effect(e));
                    }
                }
            }
            // Drawn only when something may have changed: a key release or a mouse move
            // changes nothing on screen.
            if dirty {
                terminal
                    .draw(|f| view(&app, f))
                    .map_err(|e| format!("drawing: {e}"))?;
                dirty = false;
            }
            let msg = tokio::select! {
                ev = events.next() => match ev {
                    Some(Ok(Event::Key(k))) if k.kind == KeyEventKind::Release => continue,
                    Some(Ok(Event::Key(k))) => Msg::Key(k),
                    Some(Ok(Event::Mouse(m))) if m.kind == MouseEventKind::Moved => continue,
                    Some(Ok(Event::Mouse(m))) => Msg::Mouse(m),
                    Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return Err(format!("reading the terminal: {e}")),
                    None => return Ok(()),
                },
                _ = tick.tick() => {
                    let _ = jobs_tx.send(StoreRequest::Poll);
                    Msg::Tick(crate::service::clock::now())
                }
                Some(m) = rx.recv() => m,
            };
            let ticked = matches!(msg, Msg::Tick(_));
            fx = update(&mut app, msg);
            dirty = true;
            if ticked {
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
    let _ = jobs_tx.send(StoreRequest::Effect(Effect::Quit));
    drop(jobs_tx);
    let _ = worker.join();
    result
}
