//! `POST /api/v1/integrations/pagerduty`: the body of PagerDuty's Events API v2, so a
//! monitoring tool (Alertmanager, Grafana, Zabbix…) sends incidents with no custom code.
//!
//! The `routing_key` is an integration token (`slawatch token create --integration NAME
//! --customer NAME`): it names the customer, and no Authorization header is needed (an
//! `Authorization: Bearer` integration token is taken too). Answers as PagerDuty does:
//! `202 {"status":"success","message":"Event processed","dedup_key":…}`, or `400
//! {"status":"invalid event","message":…,"errors":[…]}` — also for a wrong key, in words
//! that do not tell whether it exists.
//!
//! - `trigger` logs a job: summary = `payload.summary`, asset = `payload.source`,
//!   priority by `[api.pagerduty] severity`; its clock starts at `payload.timestamp`
//!   when that lies within `max_skew` of receipt, else at receipt; the created event's
//!   `origin.pagerduty` says which and why. The same `dedup_key` again (from the same
//!   integration) while its job is open is that job, and changes nothing; once that job
//!   is resolved or cancelled it logs a new job, as PagerDuty opens a new incident
//!   (Alertmanager sends its group's key again when an alert fires anew). Without a
//!   `dedup_key`, one is made.
//! - `acknowledge` marks the job responded, `resolve` resolves it, as the integration.
//!   A key no trigger made, or a step already taken, changes nothing: still 202.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use slawatch_core::job::limits::NAME_MAX;
use slawatch_core::job::{JobAction, JobStatus, NewJob};
use slawatch_core::policy::Policy;
use slawatch_core::policy::api::Severity;
use slawatch_store::{Repeat, Store, StoreError, TokenKind};

use super::auth::{self, Caller};
use super::errors::ApiError;
use super::{AppState, secret};

/// PagerDuty's limits: a dedup_key of 255 characters, a summary of 1024.
const DEDUP_MAX: usize = 255;
const SUMMARY_MAX: usize = 1024;

/// Where the events are posted.
pub const PATH: &str = "/api/v1/integrations/pagerduty";

/// What a monitoring tool is answered when it is not a 202.
#[derive(Debug)]
pub enum PdError {
    /// 400 `invalid event`, each fault in `errors`.
    Invalid(Vec<String>),
    /// The body is over the limit (413), as PagerDuty answers one.
    TooLarge(String),
    /// The store is busy (503): the tool retries.
    Unavailable(String),
    /// Over the rate limit (429 with `Retry-After`), as PagerDuty says it.
    Throttled {
        message: String,
        secs: u64,
    },
    Internal(String),
}

impl IntoResponse for PdError {
    fn into_response(self) -> Response {
        let retry = match &self {
            PdError::Throttled { secs, .. } => Some(*secs),
            _ => None,
        };
        let (status, body) = match self {
            PdError::Invalid(errors) => (
                StatusCode::BAD_REQUEST,
                json!({"status": "invalid event", "message": "Event object is invalid", "errors": errors}),
            ),
            PdError::TooLarge(m) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                json!({"status": "invalid event", "message": m, "errors": [m]}),
            ),
            PdError::Unavailable(m) => (
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"status": "unavailable", "message": m, "errors": [m]}),
            ),
            PdError::Internal(m) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"status": "error", "message": m, "errors": [m]}),
            ),
            PdError::Throttled { message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                json!({"status": "throttle exceeded", "message": message, "errors": [message]}),
            ),
        };
        let mut resp = (status, Json(body)).into_response();
        if let Some(secs) = retry {
            resp.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        resp
    }
}

impl From<StoreError> for PdError {
    fn from(e: StoreError) -> Self {
        match ApiError::from(e) {
            ApiError::Unavailable(m) => PdError::Unavailable(m),
            ApiError::Internal(m) => PdError::Internal(m),
            // A policy that has no tier for the integration's customer, a refused
            // field: the sender's configuration is at fault, said in the CLI's words.
            ApiError::Invalid { message, .. }
            | ApiError::Conflict(message)
            | ApiError::Forbidden(message)
            | ApiError::NotFound(message)
            | ApiError::BadRequest(message)
            | ApiError::Unauthorized(message)
            | ApiError::MethodNotAllowed(message) => PdError::Invalid(vec![message]),
            ApiError::TooLarge(message) => PdError::TooLarge(message),
            ApiError::TooManyRequests { message, secs } => PdError::Throttled { message, secs },
        }
    }
}

const INVALID_KEY: &str = "Invalid routing key";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Trigger,
    Acknowledge,
    Resolve,
}

/// A trigger's payload, checked.
#[derive(Debug)]
struct Payload {
    summary: String,
    source: String,
    severity: Severity,
    timestamp: Option<String>,
    extra: Map<String, Value>,
}

/// An event, checked.
#[derive(Debug)]
struct PdEvent {
    routing_key: Option<String>,
    action: Action,
    dedup_key: Option<String>,
    payload: Option<Payload>,
    client: Option<String>,
}

fn str_field<'v>(
    o: &'v Map<String, Value>,
    key: &str,
    place: &str,
    errors: &mut Vec<String>,
) -> Option<&'v str> {
    match o.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => {
            errors.push(format!("'{place}{key}' must be a string"));
            None
        }
    }
}

/// The body, each fault named as PagerDuty names them (fields the API does not use —
/// `client_url`, `links`, `images`, `group`, `class`, `custom_details` — are taken and
/// kept in the job's origin or left).
fn parse(body: &[u8]) -> Result<PdEvent, PdError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| PdError::Invalid(vec![format!("the body is not valid JSON: {e}")]))?;
    let Value::Object(o) = value else {
        return Err(PdError::Invalid(vec![
            "the body must be a JSON object".to_owned(),
        ]));
    };
    let mut errors = Vec::new();
    let routing_key = str_field(&o, "routing_key", "", &mut errors).map(str::to_owned);
    let action = match str_field(&o, "event_action", "", &mut errors) {
        Some("trigger") => Some(Action::Trigger),
        Some("acknowledge") => Some(Action::Acknowledge),
        Some("resolve") => Some(Action::Resolve),
        Some(other) => {
            errors.push(format!(
                "'event_action' `{other}` is not known: send trigger, acknowledge or resolve"
            ));
            None
        }
        None => {
            errors.push("'event_action' is missing: send trigger, acknowledge or resolve".to_owned());
            None
        }
    };
    let dedup_key = str_field(&o, "dedup_key", "", &mut errors)
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned);
    if dedup_key.as_ref().is_some_and(|k| k.chars().count() > DEDUP_MAX) {
        errors.push(format!("'dedup_key' is longer than {DEDUP_MAX} characters"));
    }
    if matches!(action, Some(Action::Acknowledge | Action::Resolve)) && dedup_key.is_none() {
        errors
            .push("'dedup_key' is missing: acknowledge and resolve name the trigger's dedup_key".to_owned());
    }
    let client = str_field(&o, "client", "", &mut errors).map(str::to_owned);
    let payload = if action == Some(Action::Trigger) {
        payload(o.get("payload"), &mut errors)
    } else {
        None
    };
    match action {
        Some(action) if errors.is_empty() => Ok(PdEvent {
            routing_key,
            action,
            dedup_key,
            payload,
            client,
        }),
        _ => Err(PdError::Invalid(errors)),
    }
}

fn payload(v: Option<&Value>, errors: &mut Vec<String>) -> Option<Payload> {
    let Some(Value::Object(p)) = v else {
        errors.push(
            "'payload' is missing: a trigger carries payload.summary, payload.source and payload.severity"
                .to_owned(),
        );
        return None;
    };
    let summary = str_field(p, "summary", "payload.", errors).map(str::trim);
    match summary {
        None | Some("") => errors.push("'payload.summary' is missing".to_owned()),
        Some(s) if s.chars().count() > SUMMARY_MAX => {
            errors.push(format!(
                "'payload.summary' is longer than {SUMMARY_MAX} characters"
            ));
        }
        Some(_) => {}
    }
    let source = str_field(p, "source", "payload.", errors).map(str::trim);
    match source {
        None | Some("") => errors.push("'payload.source' is missing".to_owned()),
        Some(s) if s.len() > NAME_MAX => {
            errors.push(format!("'payload.source' is longer than {NAME_MAX} bytes"));
        }
        Some(_) => {}
    }
    let severity = match str_field(p, "severity", "payload.", errors) {
        Some(s) => {
            let sev = Severity::parse(s);
            if sev.is_none() {
                errors.push(format!(
                    "'payload.severity' `{s}` is not known: send critical, error, warning or info"
                ));
            }
            sev
        }
        None => {
            errors.push("'payload.severity' is missing: send critical, error, warning or info".to_owned());
            None
        }
    };
    let timestamp = str_field(p, "timestamp", "payload.", errors).map(str::to_owned);
    let mut extra = Map::new();
    for key in ["component", "group", "class"] {
        if let Some(v) = str_field(p, key, "payload.", errors) {
            extra.insert(key.to_owned(), json!(v));
        }
    }
    Some(Payload {
        summary: summary?.to_owned(),
        source: source?.to_owned(),
        severity: severity?,
        timestamp,
        extra,
    })
}

/// The integration whose token is `key`; anything else is the same "invalid routing
/// key", so an answer never tells a key exists.
fn integration(store: &Store, key: &str, now: i64, policy: &Policy) -> Result<Caller, PdError> {
    let invalid = || PdError::Invalid(vec![INVALID_KEY.to_owned()]);
    if !key.starts_with(secret::PREFIX) {
        return Err(invalid());
    }
    match auth::caller(store, &secret::hash(key), now, &policy.display_tz) {
        Ok(c) if c.kind == TokenKind::Integration && c.customer.is_some() => Ok(c),
        Ok(_) | Err(ApiError::Unauthorized(_)) => Err(invalid()),
        Err(ApiError::Unavailable(m)) => Err(PdError::Unavailable(m)),
        Err(e) => Err(PdError::Internal(format!("{e:?}"))),
    }
}

/// When the job's clock starts, and the origin that says why.
fn start(p: &Payload, max_skew: i64, now: i64) -> (i64, &'static str, String) {
    let Some(ts) = &p.timestamp else {
        return (now, "received", "the event has no payload.timestamp".to_owned());
    };
    match chrono::DateTime::parse_from_rfc3339(ts) {
        Ok(t) if (t.timestamp() - now).abs() <= max_skew => (
            t.timestamp().min(now),
            "timestamp",
            format!("payload.timestamp is within max_skew ({max_skew} s) of receipt"),
        ),
        Ok(t) => (
            now,
            "received",
            format!(
                "payload.timestamp is {} s off receipt, more than max_skew ({max_skew} s)",
                (t.timestamp() - now).abs()
            ),
        ),
        Err(e) => (
            now,
            "received",
            format!("payload.timestamp is not RFC 3339 ({e})"),
        ),
    }
}

/// A dedup_key for a trigger that sent none: as random as a token's secret.
fn new_dedup_key() -> Result<String, PdError> {
    secret::generate()
        .map(|s| format!("slw-{}", s.trim_start_matches(secret::PREFIX)))
        .map_err(PdError::Internal)
}

fn trigger(
    store: &mut Store,
    caller: &Caller,
    policy: &Policy,
    ev: &PdEvent,
    now: i64,
) -> Result<String, PdError> {
    let Some(p) = &ev.payload else {
        return Err(PdError::Invalid(vec!["'payload' is missing".to_owned()]));
    };
    let dedup = match &ev.dedup_key {
        Some(k) => k.clone(),
        None => new_dedup_key()?,
    };
    let pd = &policy.api.pagerduty;
    let (at, started, why) = start(p, pd.max_skew, now);
    let mut origin = json!({
        "dedup_key": dedup,
        "source": p.source,
        "severity": p.severity.name(),
        "timestamp": p.timestamp,
        "client": ev.client,
        "received": slawatch_core::time::instant::rfc3339(now, &policy.display_tz),
        "start": started,
        "why": why,
    });
    if let Some(o) = origin.as_object_mut() {
        o.extend(p.extra.clone());
    }
    let job = NewJob {
        customer: caller.customer.clone().unwrap_or_default(),
        priority: pd.priority(p.severity, &policy.priorities),
        summary: p.summary.clone(),
        asset: Some(p.source.clone()),
        at: Some(at),
        ..NewJob::default()
    };
    store.log_job_once_from(
        policy,
        &job,
        &caller.name,
        &caller.key(),
        &dedup,
        now,
        Some(&json!({ "pagerduty": origin })),
        Repeat::NewAfterClose,
    )?;
    Ok(dedup)
}

/// `acknowledge` / `resolve` of the job the dedup_key names, if it is still to do.
fn follow_up(store: &mut Store, caller: &Caller, policy: &Policy, ev: &PdEvent) -> Result<(), PdError> {
    let Some(key) = &ev.dedup_key else { return Ok(()) };
    let Some(id) = store.external_job(&caller.key(), key)? else {
        return Ok(());
    };
    let job = store.job(id)?;
    let closed = matches!(job.status, JobStatus::Resolved | JobStatus::Cancelled);
    let action = match ev.action {
        Action::Acknowledge if job.responded_at.is_none() && !closed => JobAction::Respond { note: None },
        Action::Resolve if !closed => JobAction::Resolve { note: None },
        _ => return Ok(()),
    };
    match store.record_with_clock(
        policy,
        id,
        &action,
        &caller.name,
        None,
        &crate::service::clock::now,
    ) {
        // A step the job does not take now (paused, say) is the desk's to do.
        Ok(_) | Err(StoreError::Refused(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

pub async fn enqueue(
    State(state): State<AppState>,
    headers: HeaderMap,
    raw: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), PdError> {
    let bytes = raw.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            PdError::TooLarge(format!(
                "the body is larger than {} KB — an event is a few KB; send less in custom_details",
                super::limits::BODY_MAX / 1024
            ))
        } else {
            PdError::Invalid(vec![r.body_text()])
        }
    })?;
    let ev = parse(&bytes)?;
    // The routing key, or a bearer token when the body names none.
    let bearer = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim().to_owned());
    let Some(key) = ev.routing_key.clone().or(bearer) else {
        return Err(PdError::Invalid(vec!["'routing_key' is missing".to_owned()]));
    };
    let policy = state
        .policy()
        .map_err(|_| PdError::Internal("the policy lock was poisoned".to_owned()))?;
    let db = std::sync::Arc::clone(&state.db);
    tokio::task::spawn_blocking(move || {
        let mut store = Store::open_existing(&db)?;
        let now = crate::service::clock::now();
        let caller = integration(&store, &key, now, &policy)?;
        let dedup = match ev.action {
            Action::Trigger => trigger(&mut store, &caller, &policy, &ev, now)?,
            Action::Acknowledge | Action::Resolve => {
                follow_up(&mut store, &caller, &policy, &ev)?;
                ev.dedup_key.clone().unwrap_or_default()
            }
        };
        Ok((
            StatusCode::ACCEPTED,
            Json(json!({"status": "success", "message": "Event processed", "dedup_key": dedup})),
        ))
    })
    .await
    .map_err(|e| PdError::Internal(format!("a store task failed: {e}")))?
}
