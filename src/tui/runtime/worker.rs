//! The dashboard's store thread: owns its connection, takes [`StoreRequest`]s, answers
//! with [`Msg`]s. Rendering never waits on it.

use std::sync::Arc;
use std::sync::mpsc as std_mpsc;

use tokio::sync::mpsc;

use super::Options;
use crate::alerts::cycle::Engine;
use crate::service::policy::PolicyWatch;
use crate::tui::update::{Effect, Msg};
use slawatch_core::alerts::{Due, Reminder};
use slawatch_core::policy::Policy;
use slawatch_store::Store;

/// Work for the store thread.
#[allow(clippy::large_enum_variant)] // one message at a time; boxing buys nothing
pub(super) enum StoreRequest {
    Effect(Effect),
    /// Anything new in the store? Is the policy file changed?
    Poll,
    /// A round of the alert engine: crossings to record, reminders due.
    Alerts(Vec<(Due, String)>, Vec<Reminder>),
    /// These alert events were delivered: no longer pending for this user.
    Delivered(Vec<i64>),
}

/// The store thread: owns its connection, answers with messages.
pub(super) fn worker(
    mut store: Store,
    opts: Options,
    policy: Arc<Policy>,
    requests: std_mpsc::Receiver<StoreRequest>,
    out: mpsc::UnboundedSender<Msg>,
) {
    let mut policy = policy;
    // Webhooks go out from their own threads: a slow receiver never holds this worker.
    // A read-only store cannot queue or deliver anything: nothing to tell then.
    let _ = crate::serve::webhooks::sync_routes(&mut store, &policy);
    let hooks: crate::serve::webhooks::sender::PolicyCell =
        Arc::new(std::sync::Mutex::new(Arc::clone(&policy)));
    crate::serve::webhooks::sender::spawn_following(opts.db.clone(), Arc::clone(&hooks), |_| {});
    let mut last_event = store.last_event_id().unwrap_or(0);
    let mut data_version = store.data_version().unwrap_or(0);
    let mut policy_watch = PolicyWatch::new(opts.policy.clone());
    let mut engine = Engine::default();
    let send = |m: Msg| out.send(m).is_ok();
    // Held mail changes no job: it is read again when the ingest log has a new line
    // (every mail taken or assigned writes one), or a job changed (a reopened job is
    // no longer "replied after close"). `last_mail` is the newest log line read.
    let mut last_mail = -1;
    let mail = |store: &Store, last_mail: &mut i64, jobs_changed: bool| -> bool {
        let newest = store.mail_log_newest().unwrap_or(-1);
        if newest == *last_mail && !jobs_changed {
            return true;
        }
        *last_mail = newest;
        match crate::intake::mail::held::state(store, crate::intake::mail::held::HELD_SHOWN) {
            Ok(state) => send(Msg::Mail(state)),
            Err(e) => send(Msg::Done(Err(format!("reading the held mail: {e}")))),
        }
    };
    let reload = |store: &Store, last_event: &mut i64, last_mail: &mut i64| -> bool {
        let (jobs, changed) = match store.changed_since(*last_event) {
            Ok((newest, rows)) => {
                *last_event = newest;
                let changed = !rows.is_empty();
                (!changed || send(Msg::Loaded(rows)), changed)
            }
            Err(e) => (send(Msg::Done(Err(format!("reading the store: {e}")))), false),
        };
        jobs && mail(store, last_mail, changed)
    };
    // The technicians (the free ones too) for the technicians view.
    if let Ok(names) = store.technicians() {
        send(Msg::Technicians(names));
    }
    // The recently closed jobs for the Closed view, after the open ones are on screen.
    match store.recently_closed(slawatch_core::board::CLOSED_KEPT) {
        Ok(rows) if !rows.is_empty() => {
            send(Msg::Loaded(rows));
        }
        Ok(_) => {}
        Err(e) => {
            send(Msg::Done(Err(format!("reading the closed jobs: {e}"))));
        }
    }
    mail(&store, &mut last_mail, true);
    while let Ok(request) = requests.recv() {
        let ok = match request {
            StoreRequest::Poll => {
                let v = store.data_version().unwrap_or(data_version);
                let mut ok = true;
                if v != data_version {
                    data_version = v;
                    ok = reload(&store, &mut last_event, &mut last_mail);
                }
                if let Some(edited) = policy_watch.poll() {
                    let msg = match edited {
                        Ok(p) => {
                            policy = Arc::new(p);
                            let _ = crate::serve::webhooks::sync_routes(&mut store, &policy);
                            if let Ok(mut cell) = hooks.lock() {
                                *cell = Arc::clone(&policy);
                            }
                            Msg::Policy(Ok(Arc::clone(&policy)))
                        }
                        Err(e) => Msg::Policy(Err(e)),
                    };
                    ok = ok && send(msg);
                }
                ok
            }
            StoreRequest::Effect(Effect::LoadTimeline(id)) => match store.events_of(id) {
                Ok(ev) => send(Msg::Timeline(id, ev)),
                Err(e) => send(Msg::Done(Err(e.to_string()))),
            },
            StoreRequest::Effect(Effect::Find(id)) => match store.job(id) {
                Ok(job) => send(Msg::Found(id, Some(Box::new(job)))),
                Err(slawatch_store::StoreError::NoSuchJob(_)) => send(Msg::Found(id, None)),
                Err(e) => send(Msg::Done(Err(format!("looking for job {id}: {e}")))),
            },
            StoreRequest::Effect(Effect::Record { job, action }) => {
                // The time is read once the write lock is held: see `record_with_clock`.
                let result = store.record_with_clock(
                    &policy,
                    job,
                    &action,
                    &opts.user,
                    None,
                    &crate::service::clock::now,
                );
                let msg = match result {
                    Ok(row) => Ok(format!(
                        "job {job} {} by {} · status {}",
                        action.kind(),
                        opts.user,
                        row.status
                    )),
                    Err(e) => Err(e.to_string()),
                };
                // A new technician may have come with an assignment.
                let techs = !matches!(action, slawatch_core::job::JobAction::Assign { .. })
                    || store.technicians().map_or(true, |n| send(Msg::Technicians(n)));
                techs && reload(&store, &mut last_event, &mut last_mail) && send(Msg::Done(msg))
            }
            StoreRequest::Effect(Effect::Log(new)) => {
                let now = crate::service::clock::now();
                match store.log_job(&policy, &new, &opts.user, now) {
                    Ok(id) => {
                        reload(&store, &mut last_event, &mut last_mail)
                            && send(Msg::Select(id))
                            && send(Msg::Done(Ok(format!("logged job {id} for {}", new.customer))))
                    }
                    Err(e) => send(Msg::Done(Err(e.to_string()))),
                }
            }
            StoreRequest::Effect(Effect::AssignMail { held, customer }) => {
                // The same path as `slawatch mail assign`: the clock at the mail's receipt.
                let now = crate::service::clock::now();
                let made = crate::intake::mail::held::assign(
                    &mut store,
                    &policy,
                    &held.to_string(),
                    &customer,
                    &opts.user,
                    "dashboard",
                    now,
                );
                match made {
                    Ok(done) => {
                        reload(&store, &mut last_event, &mut last_mail)
                            && send(Msg::Done(Ok(format!(
                                "created job {} for {customer} from held mail {held}",
                                done.job
                            ))))
                    }
                    Err(e) => send(Msg::Done(Err(e.to_string()))),
                }
            }
            StoreRequest::Alerts(dues, reminders) => {
                let now = crate::service::clock::now();
                match engine.round(&mut store, &policy, &opts.user, &dues, &reminders, now) {
                    Ok((recorded, notices)) => {
                        (recorded == 0 || reload(&store, &mut last_event, &mut last_mail))
                            && (notices.is_empty() || send(Msg::Notices(notices)))
                    }
                    // A read-only or locked store: say which file and what to do.
                    Err(e) => send(Msg::Done(Err(format!(
                        "recording alerts: {}",
                        e.at(store.path())
                    )))),
                }
            }
            StoreRequest::Delivered(events) => match store.mark_delivered(&opts.user, &events) {
                Ok(()) => true,
                Err(e) => send(Msg::Done(Err(format!("recording delivered alerts: {e}")))),
            },
            // Delivery, reports and alert rounds come as their own requests, never here.
            StoreRequest::Effect(
                Effect::Deliver(_)
                | Effect::Report { .. }
                | Effect::ExportReport(_)
                | Effect::AlertRound(..)
                | Effect::Clipboard(_),
            ) => true,
            StoreRequest::Effect(Effect::Quit) => false,
        };
        if !ok {
            break;
        }
    }
}
