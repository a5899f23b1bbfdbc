//! Request bodies: JSON into a typed request, each failure with its status — 413 over
//! the limit, 400 not JSON, 422 a bad field with its JSON pointer (`/priority`).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use super::errors::ApiError;
use super::limits::BODY_MAX;

/// `/a/0/b` for the path serde reports as `a[0].b`.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .map(|s| match s {
            Segment::Seq { index } => format!("/{index}"),
            Segment::Map { key } => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => format!("/{variant}"),
            Segment::Unknown => "/?".to_owned(),
        })
        .collect()
}

/// The body as a `T`.
///
/// # Errors
/// [`ApiError::TooLarge`], [`ApiError::BadRequest`] or [`ApiError::Invalid`].
pub fn parse<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> Result<T, ApiError> {
    let bytes = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(format!(
                "the body is larger than {} KB — a job or an action is much smaller; longer text belongs in several notes",
                BODY_MAX / 1024
            ))
        } else {
            ApiError::BadRequest(r.body_text())
        }
    })?;
    let mut de = serde_json::Deserializer::from_slice(&bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = pointer(e.path());
        let inner = e.into_inner();
        match inner.classify() {
            Category::Data => {
                let message = inner.to_string();
                // The tag names which action: a wrong one is a fault of that field.
                let path = if path.is_empty() && message.starts_with("unknown variant") {
                    "/action".to_owned()
                } else {
                    path
                };
                ApiError::invalid(&path, message)
            }
            Category::Syntax | Category::Eof | Category::Io => {
                ApiError::BadRequest(format!("the body is not valid JSON: {inner}"))
            }
        }
    })?;
    de.end()
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    Ok(value)
}
