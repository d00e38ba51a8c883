//! Errors as stable JSON bodies: `{"error": {"code", "message"}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rasd_store::StoreError;

/// An error a request ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// A stable, machine-readable code (`bad_request`, `not_found`, …).
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// 400.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { status: 400, code: "bad_request", message: message.into() }
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: 404, code: "not_found", message: message.into() }
    }

    /// 500.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError { status: 500, code: "internal", message: message.into() }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Invalid(m) => ApiError::bad_request(m),
            StoreError::NotFound(m) => ApiError::not_found(m),
            StoreError::Conflict(m) => ApiError { status: 409, code: "conflict", message: m },
            StoreError::Locked { .. } => {
                ApiError { status: 503, code: "locked", message: e.to_string() }
            }
            StoreError::TooSlow { .. } => {
                ApiError { status: 503, code: "too_slow", message: e.to_string() }
            }
            StoreError::IndexBusy { .. } => {
                ApiError { status: 503, code: "locked", message: e.to_string() }
            }
            StoreError::Full { .. } => {
                ApiError { status: 507, code: "storage_full", message: e.to_string() }
            }
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl From<rasd_watch::WatchError> for ApiError {
    fn from(e: rasd_watch::WatchError) -> ApiError {
        match e {
            rasd_watch::WatchError::TooSlow { .. } => {
                ApiError { status: 503, code: "too_slow", message: e.to_string() }
            }
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut r =
            (status, [("content-type", "application/json")], body.to_string()).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            // A locked database or a busy server: worth trying again soon.
            r.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("1"));
        }
        r
    }
}
