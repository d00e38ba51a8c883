//! The desk's routes: the warnings with their states, and the one write
//! that moves a warning on, for the holder of a named token.
//!
//! Never cached: a state changes without the data changing (another
//! person's click, `rasd alerts ack` beside the server).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use rasd_store::{DeskEntry, DeskState};
use serde_json::{Value, json};

use crate::api::{Params, authorize, id_of, read_body};
use crate::{ApiError, App};

type St = State<Arc<App>>;

/// The largest body of a change of state: a state and a note.
const MAX_CHANGE_BODY: usize = 64 << 10;

/// Runs a desk request on a blocking thread, with a read permit.
async fn blocking(
    app: Arc<App>,
    f: impl FnOnce(&App) -> Result<Value, ApiError> + Send + 'static,
) -> Response {
    let Ok(_permit) = app.permits.acquire().await else {
        return ApiError::internal("the server is shutting down").into_response();
    };
    let app2 = app.clone();
    crate::api::json_answer(tokio::task::spawn_blocking(move || f(&app2)).await)
}

/// The state asked for: one state, or `all`.
pub(crate) fn state_param(p: &Params) -> Result<Option<DeskState>, ApiError> {
    match p.get("state").unwrap_or("new") {
        "all" => Ok(None),
        s => Ok(Some(s.parse().map_err(|_| {
            ApiError::bad_request(format!(
                "state={s:?}: new, acknowledged, acted, dismissed or all"
            ))
        })?)),
    }
}

/// Seconds from `since` (as the desk writes times) to `now`.
fn waited(since: &str, now: jiff::Timestamp) -> Option<i64> {
    let t: jiff::Timestamp = since.parse().ok()?;
    Some(now.as_second() - t.as_second())
}

fn with_wait(e: &DeskEntry, now: jiff::Timestamp) -> Value {
    let mut v = json!(e);
    v["waited_s"] = json!(waited(&e.since, now));
    v
}

/// `GET /api/desk`: the warnings in one state (new by default), longest
/// waiting first, with how long each has waited, and the counts per state.
pub(crate) async fn desk(State(app): St, RawQuery(q): RawQuery) -> Response {
    blocking(app, move |app| {
        let p = Params::parse(q.as_deref())?;
        p.check("/api/desk")?;
        let state = state_param(&p)?;
        let limit: usize = p.number("limit")?.unwrap_or(50);
        let offset: usize = p.number("offset")?.unwrap_or(0);
        app.sync_desk()?;
        let store = app.pool.get();
        let now = jiff::Timestamp::now();
        let entries = store.desk(state, limit, offset)?;
        let counts: serde_json::Map<String, Value> = store
            .desk_counts()?
            .into_iter()
            .map(|(s, n)| (s.as_str().to_string(), json!(n)))
            .collect();
        Ok(json!({
            "state": state.map_or("all", DeskState::as_str),
            "now": rasd_store::desk::timestamp(now),
            "counts": counts,
            "warnings": entries.iter().map(|e| with_wait(e, now)).collect::<Vec<_>>(),
        }))
    })
    .await
}

/// `GET /api/desk/{id}`: one warning, the whole warning and its trail.
pub(crate) async fn desk_warning(State(app): St, Path(id): Path<String>) -> Response {
    blocking(app, move |app| {
        let id = id_of(&id)?;
        let Some((entry, warning, trail)) = app.pool.get().desk_warning(id)? else {
            return Err(ApiError::not_found(format!("no warning {id} on the desk")));
        };
        let now = jiff::Timestamp::now();
        Ok(json!({"entry": with_wait(&entry, now), "warning": warning, "trail": trail}))
    })
    .await
}

/// What a change of state says.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    state: String,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /api/desk/{id}/state`: moves a warning on, in the name of the
/// token that came with the request.
pub(crate) async fn set_state(
    State(app): St,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let who = match authorize(&app, &headers) {
        Ok(who) => who,
        Err(e) => return e.into_response(),
    };
    let body = match read_body(body, MAX_CHANGE_BODY, app.read_timeout).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    blocking(app, move |app| {
        let id = id_of(&id)?;
        let change: Change = serde_json::from_slice(&body).map_err(|e| {
            ApiError::bad_request(format!(
                "the body must be {{\"state\": \"acknowledged\"|\"acted\"|\"dismissed\", \"note\": \"…\"}}: {e}"
            ))
        })?;
        let to: DeskState = change.state.parse()?;
        let now = jiff::Timestamp::now();
        let done = app.writer.lock().unwrap_or_else(|p| p.into_inner()).set_warning_state(
            id,
            to,
            &who,
            change.note.as_deref(),
            now,
        )?;
        let entry = app.pool.get().desk_warning(id)?.map(|(e, _, _)| with_wait(&e, now));
        Ok(json!({"change": done, "entry": entry}))
    })
    .await
}
