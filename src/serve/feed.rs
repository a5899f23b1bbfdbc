//! The event feed: `GET /api/v1/events?after=ID&limit=N` (paged) and `GET
//! /api/v1/stream` (server-sent events), every event as it is recorded. A user's token
//! sees every event; a customer's or an integration's token only its customer's jobs'.
//!
//! One poller for all stream clients: a thread that looks at the store's
//! `data_version` every [`POLL`] (a cheap pragma), reads what is new and broadcasts it.
//! Each client first catches up from the store after the id it resumes from
//! (`Last-Event-ID` or `?after=`), then follows the broadcast; a client that falls
//! behind the broadcast is caught up from the store again, so it loses nothing.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::{Value, json};
use slawatch_core::policy::Policy;
use slawatch_store::{FeedEvent, Store};
use tokio::sync::broadcast;

use super::AppState;
use super::errors::ApiError;
use super::jobs::query_error;

/// How often the poller looks for new events.
const POLL: Duration = Duration::from_millis(200);
/// Events read at once, by the poller and by a catching-up client.
const BATCH: usize = 500;
/// Events the broadcast holds for a slow client before it must catch up from the store.
pub const BROADCAST: usize = 1024;
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How often an open stream's token is looked at again: a revoked or expired token's
/// stream ends within this.
const RECHECK: Duration = Duration::from_secs(5);
const PAGE_MAX: usize = 1000;
const PAGE_DEFAULT: usize = 100;

/// One recorded event, ready to send.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: i64,
    pub kind: String,
    pub customer: String,
    pub json: Value,
}

fn item(f: &FeedEvent, policy: &Policy) -> Item {
    let e = &f.event;
    // The data is JSON as written; should an old row not be, it is shown as text.
    let data = serde_json::from_str::<Value>(&e.data).unwrap_or_else(|_| json!(e.data));
    Item {
        id: e.id,
        kind: e.kind.clone(),
        customer: f.customer.clone(),
        json: json!({
            "id": e.id,
            "job": e.job,
            "kind": e.kind,
            "at": slawatch_core::time::instant::rfc3339(e.at, &policy.display_tz),
            "recorded_at": slawatch_core::time::instant::rfc3339(e.recorded_at, &policy.display_tz),
            "actor": e.actor,
            "data": data,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedQuery {
    after: Option<i64>,
    limit: Option<usize>,
}

pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(q) = query.map_err(query_error)?;
    let limit = q.limit.unwrap_or(PAGE_DEFAULT);
    if limit == 0 || limit > PAGE_MAX {
        return Err(ApiError::invalid(
            "/limit",
            format!("limit={limit}: give 1 to {PAGE_MAX}"),
        ));
    }
    state
        .with_store(
            &headers,
            Box::new(move |store, caller, policy, _| {
                let rows = store.events_after(q.after.unwrap_or(0), limit, caller.customer.as_deref())?;
                let next = (rows.len() == limit)
                    .then(|| rows.last().map(|r| r.event.id))
                    .flatten();
                let events: Vec<Value> = rows.iter().map(|r| item(r, policy).json).collect();
                Ok(Json(json!({ "events": events, "next_after": next })))
            }),
        )
        .await
}

/// The poller: runs for the life of the process on its own thread, with its own
/// connection (`data_version` changes when another connection commits). It starts
/// from the newest event at the call, before any client is served: a client that
/// caught up earlier must not miss what was recorded before the first poll.
pub fn start_poller(db: Arc<PathBuf>, policy: Arc<RwLock<Arc<Policy>>>, tx: broadcast::Sender<Arc<Item>>) {
    let first = Store::open_existing(&db).and_then(|s| s.last_event_id()).ok();
    let spawned = std::thread::Builder::new()
        .name("slawatch-feed".to_owned())
        .spawn(move || {
            let mut store = None;
            let mut last = first;
            let mut version = None;
            loop {
                std::thread::sleep(POLL);
                if store.is_none() {
                    store = Store::open_existing(&db).ok();
                }
                let Some(s) = &store else { continue };
                let Ok(v) = s.data_version() else {
                    store = None;
                    continue;
                };
                if last.is_some() && version == Some(v) {
                    continue;
                }
                version = Some(v);
                let Some(from) = last.or_else(|| s.last_event_id().ok()) else {
                    continue;
                };
                let tz_policy = policy.read().map(|p| Arc::clone(&p));
                let Ok(p) = tz_policy else { return };
                let mut from = from;
                loop {
                    match s.events_after(from, BATCH, None) {
                        Ok(rows) => {
                            for r in &rows {
                                // No client listening is not an error: the next one catches up.
                                let _ = tx.send(Arc::new(item(r, &p)));
                                from = r.event.id;
                            }
                            if rows.len() < BATCH {
                                break;
                            }
                        }
                        // A busy store: read again at the next tick, changed or not.
                        Err(_) => {
                            version = None;
                            break;
                        }
                    }
                }
                last = Some(from);
            }
        });
    if let Err(e) = spawned {
        crate::say!("slawatch serve: cannot start the event stream's poller: {e}; /stream sends no events");
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamQuery {
    after: Option<i64>,
}

/// A client's place in the feed.
struct Follow {
    rx: broadcast::Receiver<Arc<Item>>,
    last: i64,
    customer: Option<String>,
    pending: VecDeque<Item>,
    catch_up: bool,
    db: Arc<PathBuf>,
    policy: Arc<Policy>,
    stopping: tokio::sync::watch::Receiver<bool>,
    /// The hash of the stream's token, and when to look at it again.
    token: String,
    recheck: tokio::time::Interval,
}

impl Follow {
    /// Whether the token is still good (a store that cannot be read now: yes, as far as
    /// is known).
    async fn token_good(&self) -> bool {
        let (db, hash, tz) = (Arc::clone(&self.db), self.token.clone(), self.policy.display_tz);
        let checked = tokio::task::spawn_blocking(move || {
            let store = Store::open_existing(&db).ok()?;
            Some(super::auth::caller(
                &store,
                &hash,
                crate::service::clock::now(),
                &tz,
            ))
        })
        .await;
        !matches!(checked, Ok(Some(Err(ApiError::Unauthorized(_)))))
    }

    fn sees(&self, customer: &str) -> bool {
        self.customer
            .as_deref()
            .is_none_or(|c| c.trim().eq_ignore_ascii_case(customer.trim()))
    }

    /// The next event to send; `None` ends the stream.
    async fn next(&mut self) -> Option<Item> {
        loop {
            if *self.stopping.borrow() {
                return None;
            }
            if let Some(i) = self.pending.pop_front() {
                return Some(i);
            }
            if self.catch_up {
                let (db, policy, last, customer) = (
                    Arc::clone(&self.db),
                    Arc::clone(&self.policy),
                    self.last,
                    self.customer.clone(),
                );
                let read = tokio::task::spawn_blocking(move || {
                    Store::open_existing(&db)
                        .and_then(|s| s.events_after(last, BATCH, customer.as_deref()))
                        .map(|rows| rows.iter().map(|r| item(r, &policy)).collect::<Vec<_>>())
                })
                .await;
                // A store that cannot be read ends the stream; the client resumes.
                let Ok(Ok(items)) = read else { return None };
                if items.len() < BATCH {
                    self.catch_up = false;
                }
                if let Some(i) = items.last() {
                    self.last = i.id;
                }
                self.pending.extend(items);
                continue;
            }
            let got = tokio::select! {
                got = self.rx.recv() => Some(got),
                // The server stops: the stream ends, the client resumes elsewhere.
                _ = self.stopping.wait_for(|s| *s) => return None,
                _ = self.recheck.tick() => None,
            };
            let Some(got) = got else {
                if !self.token_good().await {
                    return None;
                }
                continue;
            };
            match got {
                Ok(i) if i.id <= self.last => {}
                Ok(i) => {
                    self.last = i.id;
                    if self.sees(&i.customer) {
                        return Some((*i).clone());
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => self.catch_up = true,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

pub async fn stream(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<StreamQuery>, QueryRejection>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let Query(q) = query.map_err(query_error)?;
    let resume = match headers.get("last-event-id") {
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|t| t.trim().parse::<i64>().ok())
                .ok_or_else(|| {
                    ApiError::invalid(
                        "",
                        "Last-Event-ID is not an event id — send the number of the last `id:` received",
                    )
                })?,
        ),
        None => q.after,
    };
    let token = super::auth::token_hash(&headers)?;
    // Subscribed before the catch-up reads the store: nothing falls between the two.
    let rx = state.feed.subscribe();
    let (caller, last) = state
        .with_store(
            &headers,
            Box::new(move |store, caller, _, _| {
                let last = match resume {
                    Some(id) => id,
                    None => store.last_event_id()?,
                };
                Ok((caller.clone(), last))
            }),
        )
        .await?;
    let follow = Follow {
        rx,
        last,
        customer: caller.customer,
        pending: VecDeque::new(),
        catch_up: true,
        db: Arc::clone(&state.db),
        policy: state.policy()?,
        stopping: state.stopping.clone(),
        token,
        recheck: {
            let mut every = tokio::time::interval_at(tokio::time::Instant::now() + RECHECK, RECHECK);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            every
        },
    };
    let events = futures_util::stream::unfold(follow, |mut f| async move {
        let i = f.next().await?;
        let ev = Event::default()
            .id(i.id.to_string())
            .event(i.kind.clone())
            .data(i.json.to_string());
        Some((Ok(ev), f))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("keep-alive")))
}
