//! `/api/v1/jobs`: log a job (`POST`), read one (`GET /jobs/{id}`), list them (`GET`,
//! paged by id). The same checks as `slawatch log`: names, limits, the policy's match.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use slawatch_core::job::limits::{NAME_MAX, SUMMARY_MAX};
use slawatch_core::job::{Job, JobStatus, NewJob};
use slawatch_core::policy::Policy;
use slawatch_core::sla::ClockState;
use slawatch_store::{JobFilter, Logged, NameMatch, Store, StoreError, TokenKind};

use super::auth::Caller;
use super::errors::ApiError;
use super::limits::text;
use super::{AppState, body};
use crate::service::job_json::job_with_clocks;
use crate::service::names::{self, Kind};

/// `POST /jobs`: what `slawatch log` takes, with `created_at` for a job logged after
/// the fact and `external_id` for the caller's own ticket number.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewJobBody {
    customer: String,
    priority: String,
    summary: String,
    #[serde(rename = "type")]
    job_type: Option<String>,
    asset: Option<String>,
    site: Option<String>,
    contract: Option<String>,
    tech: Option<String>,
    created_at: Option<String>,
    external_id: Option<String>,
    /// Confirms a customer close to a known one is another one (`--new-customer`).
    #[serde(default)]
    new_customer: bool,
    #[serde(default)]
    new_tech: bool,
    #[serde(default)]
    new_type: bool,
}

/// A job the caller may see, or 404 as if it did not exist.
pub(crate) fn visible(store: &Store, caller: &Caller, id: i64) -> Result<Job, ApiError> {
    match store.job(id) {
        Ok(j) if caller.sees(&j.customer) => Ok(j),
        // Another customer's job is "not found", never "forbidden": that would
        // confirm it exists.
        Ok(_) | Err(StoreError::NoSuchJob(_)) => Err(ApiError::NotFound(format!("job {id} does not exist"))),
        Err(e) => Err(e.into()),
    }
}

/// `time` of the field at `path`, as the command line reads `--at`.
pub(crate) fn instant(path: &str, time: Option<&str>, policy: &Policy) -> Result<Option<i64>, ApiError> {
    time.map(|t| {
        slawatch_core::time::instant::parse_instant(t, &policy.display_tz).map_err(|e| {
            ApiError::invalid(
                path,
                format!(
                    "{}: {e} — give an RFC 3339 time such as 2026-11-20T16:30:00+01:00",
                    path.trim_start_matches('/')
                ),
            )
        })
    })
    .transpose()
}

/// `typed` against `known`, refused at `path` when it is a likely typo.
pub(crate) fn checked(
    kind: Kind,
    path: &str,
    typed: &str,
    known: &[&str],
    new: bool,
) -> Result<String, ApiError> {
    let confirm = format!("send \"new_{}\": true", path.trim_start_matches('/'));
    names::check(kind, typed, known, new)
        .map(|c| c.name().to_owned())
        .map_err(|c| ApiError::invalid(path, c.message(&confirm)))
}

fn new_job(b: &NewJobBody, store: &Store, policy: &Policy) -> Result<NewJob, ApiError> {
    text("/customer", "the customer", Some(&b.customer), NAME_MAX)?;
    text("/priority", "the priority", Some(&b.priority), NAME_MAX)?;
    text("/summary", "the summary", Some(&b.summary), SUMMARY_MAX)?;
    for (path, what, v) in [
        ("/type", "the type", &b.job_type),
        ("/asset", "the asset", &b.asset),
        ("/site", "the site", &b.site),
        ("/contract", "the contract", &b.contract),
        ("/tech", "the technician", &b.tech),
        ("/external_id", "the external id", &b.external_id),
    ] {
        text(path, what, v.as_deref(), NAME_MAX)?;
    }
    let stored_customers = store.customers()?;
    let customer = checked(
        Kind::Customer,
        "/customer",
        &b.customer,
        &names::customers(policy, &stored_customers),
        b.new_customer,
    )?;
    let stored_techs = store.technicians()?;
    let technician = b
        .tech
        .as_deref()
        .map(|t| {
            checked(
                Kind::Technician,
                "/tech",
                t,
                &names::technicians(policy, &stored_techs),
                b.new_tech,
            )
        })
        .transpose()?;
    let types = policy.job_types();
    let job_type = match b.job_type.as_deref() {
        // The policy names no type: any is as good as another.
        Some(t) if !types.is_empty() => Some(checked(Kind::JobType, "/type", t, &types, b.new_type)?),
        other => other.map(str::to_owned),
    };
    let job = NewJob {
        customer,
        priority: b.priority.clone(),
        job_type,
        asset: b.asset.clone(),
        site: b.site.clone(),
        contract: b.contract.clone(),
        summary: b.summary.clone(),
        technician,
        at: instant("/created_at", b.created_at.as_deref(), policy)?,
    };
    slawatch_core::job::limits::job(&job).map_err(|m| ApiError::invalid("", m))?;
    Ok(job)
}

/// Who logs the job, refused for a token that may not.
fn logger<'c>(caller: &'c Caller, customer: &str) -> Result<&'c str, ApiError> {
    match caller.kind {
        TokenKind::User => Ok(&caller.name),
        TokenKind::Integration if caller.sees(customer) => Ok(&caller.name),
        TokenKind::Integration => Err(ApiError::Forbidden(format!(
            "integration {} logs jobs for customer {} only",
            caller.name,
            caller.customer.as_deref().unwrap_or_default()
        ))),
        TokenKind::Customer => Err(ApiError::Forbidden(
            "a customer token only reads that customer's jobs; logging a job needs a user or integration token".to_owned(),
        )),
    }
}

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    raw: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    state
        .with_store(
            &headers,
            Box::new(move |store, caller, policy, now| {
                // Who may log comes first: a customer token learns nothing from the body.
                if caller.kind == TokenKind::Customer {
                    logger(caller, "")?;
                }
                let b: NewJobBody = body::parse(raw)?;
                let job = new_job(&b, store, policy)?;
                let who = logger(caller, &job.customer)?;
                slawatch_core::job::identity::check(who).map_err(ApiError::Forbidden)?;
                // As `log`: the name that marks demo jobs never logs a real one.
                if slawatch_core::job::identity::same(who, crate::service::demo::DEMO_LOGGER) {
                    return Err(ApiError::Forbidden(format!(
                        "{who} marks the jobs `demo-data` makes up, so it cannot log real ones — use a token of another name"
                    )));
                }
                let (id, status) = match b.external_id.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                    Some(ext) => match store.log_job_once(policy, &job, who, &caller.key(), ext, now)? {
                        Logged::New(id) => (id, StatusCode::CREATED),
                        Logged::Earlier(id) => (id, StatusCode::OK),
                    },
                    None => (store.log_job(policy, &job, who, now)?, StatusCode::CREATED),
                };
                let row = store.job(id)?;
                Ok((status, Json(job_with_clocks(&row, policy, now))))
            }),
        )
        .await
}

/// The id in the path: anything else is no job.
pub(crate) fn job_id(text: &str) -> Result<i64, ApiError> {
    text.parse::<i64>()
        .map_err(|_| ApiError::NotFound(format!("job {text} does not exist — a job id is a number")))
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    state
        .with_store(
            &headers,
            Box::new(move |store, caller, policy, now| {
                let job = visible(store, caller, job_id(&id)?)?;
                Ok(Json(job_with_clocks(&job, policy, now)))
            }),
        )
        .await
}

/// Which jobs `GET /jobs` lists.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StatusFilter {
    /// Open or paused.
    #[default]
    Open,
    /// Resolved or cancelled.
    Closed,
    All,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    #[serde(default)]
    status: StatusFilter,
    customer: Option<String>,
    tech: Option<String>,
    breached: Option<bool>,
    limit: Option<usize>,
    /// The last id of the page before.
    after: Option<i64>,
}

/// The most jobs one page holds.
const PAGE_MAX: usize = 500;
const PAGE_DEFAULT: usize = 100;

/// A bad query parameter, named as the body's fields are: `status: unknown variant …`
/// is at `/status`.
pub(crate) fn query_error(e: QueryRejection) -> ApiError {
    let text = e.body_text();
    let detail = text
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(&text);
    let path = detail
        .split_once(": ")
        .map(|(name, _)| name)
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map_or_else(String::new, |n| format!("/{n}"));
    ApiError::invalid(&path, format!("the query: {detail}"))
}

fn breached(job: &Job, policy: &Policy, now: i64) -> bool {
    job.evaluate(policy, now).is_ok_and(|sla| {
        sla.clocks
            .iter()
            .any(|c| matches!(c.state, ClockState::Breached | ClockState::MetLate))
    })
}

pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(q) = query.map_err(query_error)?;
    let limit = q.limit.unwrap_or(PAGE_DEFAULT);
    if limit == 0 || limit > PAGE_MAX {
        return Err(ApiError::invalid(
            "",
            format!("limit={limit}: give 1 to {PAGE_MAX}"),
        ));
    }
    state
        .with_store(
            &headers,
            Box::new(move |store, caller, policy, now| {
                // A customer's token lists that customer's jobs, whatever it asks for.
                let customer = match &caller.customer {
                    Some(c) => Some(c.clone()),
                    None => q.customer.clone(),
                };
                let filter = JobFilter {
                    open_only: q.status == StatusFilter::Open,
                    customer,
                    technician: q.tech.clone(),
                    names: NameMatch::Whole,
                    ids: Some((q.after.unwrap_or(0).saturating_add(1), i64::MAX)),
                    ..JobFilter::default()
                };
                let mut page = Vec::new();
                let mut last = None;
                let scan = store.try_scan_jobs(&filter, |job| {
                    let closed = matches!(job.status, JobStatus::Resolved | JobStatus::Cancelled);
                    if q.status == StatusFilter::Closed && !closed {
                        return Ok(());
                    }
                    if q.breached.is_some_and(|b| b != breached(job, policy, now)) {
                        return Ok(());
                    }
                    page.push(job_with_clocks(job, policy, now));
                    last = Some(job.id);
                    if page.len() == limit {
                        Err(ScanStop::Full)
                    } else {
                        Ok(())
                    }
                });
                match scan {
                    Ok(()) => last = None,
                    Err(ScanStop::Full) => {}
                    Err(ScanStop::Store(e)) => return Err(e.into()),
                }
                Ok(Json(json!({ "jobs": page, "next_after": last })))
            }),
        )
        .await
}

/// Why a page's scan ended early.
enum ScanStop {
    Full,
    Store(StoreError),
}

impl From<StoreError> for ScanStop {
    fn from(e: StoreError) -> Self {
        ScanStop::Store(e)
    }
}
