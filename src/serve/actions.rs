//! `POST /api/v1/jobs/{id}/actions`: `{"action": "respond", …}` as the same
//! `JobAction` and `record_with_clock` as the command line's job commands, acting as the
//! token's user with that user's roles.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};
use slawatch_core::job::JobAction;
use slawatch_core::policy::Policy;
use slawatch_store::Store;

use super::errors::ApiError;
use super::jobs::{checked, instant, job_id, visible};
use super::{AppState, body};
use crate::service::job_json::job_with_clocks;
use crate::service::names::{self, Kind};

/// One action; `at` (RFC 3339) when it happened earlier than now.
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "lowercase", deny_unknown_fields)]
pub enum ActionBody {
    Respond {
        note: Option<String>,
        at: Option<String>,
    },
    Attend {
        note: Option<String>,
        at: Option<String>,
    },
    Resolve {
        note: Option<String>,
        at: Option<String>,
    },
    Reopen {
        note: Option<String>,
        at: Option<String>,
    },
    Resume {
        note: Option<String>,
        at: Option<String>,
    },
    Ack {
        note: Option<String>,
        at: Option<String>,
    },
    Pause {
        reason: String,
        note: Option<String>,
        at: Option<String>,
    },
    Assign {
        to: String,
        #[serde(default)]
        new_tech: bool,
        at: Option<String>,
    },
    Reprioritize {
        priority: String,
        #[serde(rename = "type")]
        job_type: Option<String>,
        #[serde(default)]
        new_type: bool,
        at: Option<String>,
    },
    Note {
        text: String,
        at: Option<String>,
    },
    Escalate {
        level: Option<i64>,
        note: Option<String>,
        at: Option<String>,
    },
    Cancel {
        reason: String,
        at: Option<String>,
    },
    Revoke {
        event: i64,
        reason: String,
        at: Option<String>,
    },
}

/// The action and its time, names checked as the command line checks them.
fn action(b: ActionBody, store: &Store, policy: &Policy) -> Result<(JobAction, Option<String>), ApiError> {
    Ok(match b {
        ActionBody::Respond { note, at } => (JobAction::Respond { note }, at),
        ActionBody::Attend { note, at } => (JobAction::Attend { note }, at),
        ActionBody::Resolve { note, at } => (JobAction::Resolve { note }, at),
        ActionBody::Reopen { note, at } => (JobAction::Reopen { note }, at),
        ActionBody::Resume { note, at } => (JobAction::Resume { note }, at),
        ActionBody::Ack { note, at } => (JobAction::Ack { note }, at),
        ActionBody::Pause { reason, note, at } => (JobAction::Pause { reason, note }, at),
        ActionBody::Assign { to, new_tech, at } => {
            let stored = store.technicians()?;
            let to = checked(
                Kind::Technician,
                "/to",
                &to,
                &names::technicians(policy, &stored),
                new_tech,
            )?;
            (JobAction::Assign { to }, at)
        }
        ActionBody::Reprioritize {
            priority,
            job_type,
            new_type,
            at,
        } => {
            let types = policy.job_types();
            let job_type = match job_type {
                Some(t) if !types.is_empty() => Some(checked(Kind::JobType, "/type", &t, &types, new_type)?),
                other => other,
            };
            (JobAction::Reprioritize { priority, job_type }, at)
        }
        ActionBody::Note { text, at } => (JobAction::Note { text }, at),
        ActionBody::Escalate { level, note, at } => (JobAction::Escalate { level, note }, at),
        ActionBody::Cancel { reason, at } => (JobAction::Cancel { reason }, at),
        ActionBody::Revoke { event, reason, at } => (JobAction::Revoke { event, reason }, at),
    })
}

pub async fn record(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    state
        .with_store(
            &headers,
            Box::new(move |store, caller, policy, _| {
                let id = job_id(&id)?;
                // A job the caller may not see is not there, whatever the token may do.
                visible(store, caller, id)?;
                let who = caller.user()?.to_owned();
                let b: ActionBody = body::parse(raw)?;
                let (action, at) = action(b, store, policy)?;
                let at = instant("/at", at.as_deref(), policy)?;
                slawatch_core::job::limits::action(&action).map_err(|m| ApiError::invalid("", m))?;
                let row =
                    store.record_with_clock(policy, id, &action, &who, at, &crate::service::clock::now)?;
                let now = crate::service::clock::now();
                let mut out = job_with_clocks(&row, policy, now);
                out["event"] = json!(action.kind());
                Ok(Json(out))
            }),
        )
        .await
}
