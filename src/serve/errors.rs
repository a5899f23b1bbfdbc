//! What the API answers when it says no: a status and `{"error": …}` (and `"path"`, the
//! JSON pointer of the field at fault, for a 422), the message in the CLI's words.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use slawatch_store::StoreError;

#[derive(Debug)]
pub enum ApiError {
    /// No usable token (401, with `WWW-Authenticate: Bearer`).
    Unauthorized(String),
    /// A token without the right (403): the message names the role or token needed.
    Forbidden(String),
    /// No such thing for this caller (404): also another customer's job.
    NotFound(String),
    /// Not allowed now (409): the store's reason.
    Conflict(String),
    /// A bad field (422): its JSON pointer and what is wrong.
    Invalid { path: String, message: String },
    /// Not JSON, or not a request this API knows (400).
    BadRequest(String),
    /// A path this API has, with a method it does not take there (405).
    MethodNotAllowed(String),
    /// The body is over the limit (413).
    TooLarge(String),
    /// Over the rate limit (429, with `Retry-After: secs`).
    TooManyRequests { message: String, secs: u64 },
    /// The store is busy or cannot be written now (503): try again.
    Unavailable(String),
    /// A bug or a failure of the machine (500).
    Internal(String),
}

impl ApiError {
    pub fn invalid(path: &str, message: impl Into<String>) -> Self {
        ApiError::Invalid {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let unauthorized = matches!(self, ApiError::Unauthorized(_));
        let retry = match &self {
            ApiError::TooManyRequests { secs, .. } => Some(*secs),
            _ => None,
        };
        let body = match self {
            ApiError::Invalid { path, message } => json!({ "error": message, "path": path }),
            ApiError::TooManyRequests { message, .. } => json!({ "error": message }),
            ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::BadRequest(m)
            | ApiError::MethodNotAllowed(m)
            | ApiError::TooLarge(m)
            | ApiError::Unavailable(m)
            | ApiError::Internal(m) => json!({ "error": m }),
        };
        let mut resp = (status, axum::Json(body)).into_response();
        if unauthorized {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = retry {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NoSuchJob(id) => ApiError::NotFound(format!("job {id} does not exist")),
            StoreError::Refused(m) => ApiError::Conflict(m),
            StoreError::Forbidden(m) => ApiError::Forbidden(m),
            StoreError::Match(m) => {
                use slawatch_core::policy::MatchError as M;
                // The field the CLI's message is about.
                let path = match &m {
                    M::UnknownPriority { .. } | M::NoRule { .. } => "/priority",
                    M::NoContract { .. } => "/customer",
                    M::UnknownContract { .. } | M::OtherCustomer { .. } | M::NotInForce { .. } => "/contract",
                };
                ApiError::invalid(path, m.to_string())
            }
            e @ (StoreError::Busy | StoreError::Locked { .. } | StoreError::ReadOnly { .. }) => {
                ApiError::Unavailable(e.to_string())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}
