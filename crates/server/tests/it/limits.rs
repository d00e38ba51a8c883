//! Requests that used to panic, cost seconds of CPU, or store half an
//! answer: every parameter at its extremes, repeated parameters, bodies
//! sent without a token, a busy index and a locked database.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use proptest::prelude::*;
use rasd_server::openapi::{ENDPOINTS, FILTER};

use crate::{assert_error, call, get, post, server};

/// Each line: a request and the status it must get.
#[tokio::test]
async fn parameters_outside_their_range_are_400() {
    let s = server(|_| {});
    let by = vec!["group"; 2500].join(",");
    let many =
        (0..40).map(|i| format!("since=2018-01-{:02}", i % 28 + 1)).collect::<Vec<_>>().join("&");
    let cases: Vec<(String, u16)> = vec![
        ("/api/alerts?days=99999999".into(), 400),
        ("/api/alerts?days=0".into(), 400),
        ("/api/alerts?days=3650".into(), 200),
        ("/api/trends?top=1000000".into(), 400),
        ("/api/events?offset=-1".into(), 400),
        ("/api/events?offset=99999999999999999999".into(), 400),
        ("/api/events?min_killed=4294967296".into(), 400),
        ("/api/events?limit=1001".into(), 400),
        ("/api/incidents/0".into(), 404),
        (format!("/api/stats?by={by}"), 400),
        ("/api/stats?by=group,group".into(), 400),
        ("/api/events?country=AF&country=PK".into(), 400),
        ("/api/events?limit=5&limit=6".into(), 400),
        (format!("/api/events?{many}"), 400),
        (format!("/api/events?place={}", "x".repeat(5000)), 400),
    ];
    for (uri, want) in cases {
        let (st, v) = get(&s, &uri).await;
        assert_eq!(st.as_u16(), want, "{}: {v}", &uri[..uri.len().min(80)]);
        if want == 400 {
            assert_error(&v, "bad_request");
        }
    }
}

/// The OpenAPI document states every integer parameter's range.
#[test]
fn every_integer_parameter_has_a_documented_range() {
    let doc = rasd_server::openapi::document();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (_, op) in ops.as_object().unwrap() {
            for p in op["parameters"].as_array().unwrap() {
                if p["schema"]["type"] == "integer" {
                    assert!(p["schema"]["minimum"].is_i64(), "{path} {p}");
                    assert!(p["schema"]["maximum"].is_i64(), "{path} {p}");
                }
            }
        }
    }
}

/// Extreme and arbitrary values for parameters.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just(i64::MAX.to_string()),
        Just(i64::MIN.to_string()),
        Just(u64::MAX.to_string()),
        Just("1e308".to_string()),
        Just("NaN".to_string()),
        Just("9999-12-31".to_string()),
        Just("0000-00-00".to_string()),
        Just("-99999-01".to_string()),
        Just("2018-02-30".to_string()),
        Just(",,,,".to_string()),
        Just("group,group".to_string()),
        "[0-9]{1,25}",
        "-?[0-9]{1,6}-[0-9]{1,3}(-[0-9]{1,3})?",
        "\\PC{0,40}",
    ]
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Every documented GET parameter, one at a time and in pairs, with
/// extreme and arbitrary values: never a server error, always JSON errors.
#[test]
fn any_parameter_value_gives_no_server_error() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let s = server(|_| {});
    // Every parameter of every GET operation, as the OpenAPI document
    // publishes them (so that a parameter added to the table is driven too).
    let doc = rasd_server::openapi::document();
    let mut targets: Vec<(String, String)> = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let Some(op) = ops.get("get") else { continue };
        for p in op["parameters"].as_array().unwrap() {
            let name = p["name"].as_str().unwrap().to_string();
            if p["in"] == "path" {
                targets.push((path.clone(), format!("{{{name}}}")));
            } else {
                targets.push((path.replace("{id}", "1"), name));
            }
        }
    }
    // The table and the document agree: each GET parameter is one target.
    let in_table: usize = ENDPOINTS
        .iter()
        .filter(|e| e.method == "GET")
        .map(|e| e.params.len() + if e.filtered { FILTER.len() } else { 0 })
        .sum();
    assert_eq!(targets.len(), in_table);
    let n_targets = targets.len();
    // `tools/fuzz.sh` runs a longer budget through RASD_FUZZ_CASES.
    let cases = std::env::var("RASD_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400);
    let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(which in 0..n_targets, v in value(), other in 0..n_targets, w in value())| {
        let (path, name) = &targets[which];
        let uri = if name == "{id}" {
            path.replace("{id}", &encode(&v))
        } else {
            let (p2, n2) = &targets[other];
            let extra = if p2 == path && n2 != name && n2 != "{id}" {
                format!("&{n2}={}", encode(&w))
            } else {
                String::new()
            };
            format!("{path}?{name}={}{extra}", encode(&v))
        };
        let (st, headers, body) = rt.block_on(call(&s, Request::get(&uri).body(Body::empty()).unwrap()));
        prop_assert!(st.as_u16() < 500, "{uri}: {st} {}", String::from_utf8_lossy(&body));
        // What the fuzz target `query` reads as a 400 is a 400 here.
        if let Some((p, raw)) = uri.split_once('?')
            && rasd_server::check_query(p, Some(raw)).is_err()
        {
            prop_assert_eq!(st.as_u16(), 400, "{}", uri);
        }
        prop_assert_eq!(headers.get("x-content-type-options").map(|h| h.as_bytes()), Some(&b"nosniff"[..]));
        if st.as_u16() >= 400 {
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
            prop_assert!(v["error"]["code"].is_string(), "{uri}: {v}");
        }
    });
}

/// The replay behind the warnings is bounded by the read budget like a
/// query: past it, a 503 `too_slow` with `Retry-After`, never a request
/// that works on. Within it, the replay is made once and every period is
/// cut from it.
#[tokio::test]
async fn warnings_are_bounded_by_the_read_budget() {
    let s = server(|o| o.query_budget = std::time::Duration::ZERO);
    for uri in ["/api/alerts", "/api/alerts?days=3650", "/alerts.atom"] {
        let (st, headers, body) = call(&s, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(st, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_eq!(headers.get("retry-after").map(|h| h.as_bytes()), Some(&b"1"[..]), "{uri}");
        assert_error(&serde_json::from_slice(&body).unwrap(), "too_slow");
    }
    let s = server(|_| {});
    let (st, all) = get(&s, "/api/alerts?since=2000-01-01").await;
    assert_eq!(st, StatusCode::OK, "{all}");
    let (st, none) = get(&s, "/api/alerts?since=2100-01-01").await;
    assert_eq!(st, StatusCode::OK, "{none}");
    assert_eq!(none, serde_json::json!([]));
}

/// A body that records whether anyone read it.
struct Spy(Arc<AtomicBool>);

impl http_body::Body for Spy {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        self.0.store(true, Ordering::SeqCst);
        Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from_static(b"{\"text\":\"x\"}")))))
    }
}

/// Without the token the body is never read; a body over the limit is
/// refused before it is read whole.
#[tokio::test]
async fn the_token_is_checked_before_the_body_is_read() {
    let s = server(|o| {
        o.token = Some("s3cret".into());
        o.max_body = 4096;
    });
    for token in [None, Some("wrong")] {
        let read = Arc::new(AtomicBool::new(false));
        let mut r = Request::post("/api/documents");
        if let Some(t) = token {
            r = r.header("authorization", format!("Bearer {t}"));
        }
        let (st, _, _) = call(&s, r.body(Body::new(Spy(read.clone()))).unwrap()).await;
        assert_eq!(st, StatusCode::UNAUTHORIZED);
        assert!(!read.load(Ordering::SeqCst), "the body was read before the token was checked");
    }
    let r = Request::post("/api/documents")
        .header("authorization", "Bearer s3cret")
        .header("content-length", "15000000")
        .body(Body::from("{}"))
        .unwrap();
    let (st, _, body) = call(&s, r).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error(&serde_json::from_slice(&body).unwrap(), "too_large");
    // An endless body is cut at the limit.
    let read = Arc::new(AtomicBool::new(false));
    let r = Request::post("/api/documents")
        .header("authorization", "Bearer s3cret")
        .body(Body::new(Spy(read)))
        .unwrap();
    let (st, _, _) = call(&s, r).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
}

/// An empty text, an id that is a list and a date that is not one are
/// refused; articles without ids are kept apart by their text.
#[tokio::test]
async fn posted_articles_are_checked_and_never_overwrite_each_other() {
    let s = server(|o| o.token = Some("t".into()));
    for bad in [
        r#"{"text":""}"#,
        r#"{"id":["a"],"text":"نص"}"#,
        r#"{"published":"not a date","text":"نص"}"#,
    ] {
        let (st, _, body) = call(&s, post("/api/documents", Some("t"), bad)).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{bad}");
        assert_error(&serde_json::from_slice(&body).unwrap(), "bad_request");
    }
    for text in ["قتل جندي في هجوم على حاجز في قندهار.", "أصيب شرطيان في انفجار عبوة في كابول."]
    {
        let body = serde_json::json!({ "text": text }).to_string();
        let (st, _, out) = call(&s, post("/api/documents", Some("t"), &body)).await;
        assert_eq!(st, StatusCode::OK, "{}", String::from_utf8_lossy(&out));
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["report"]["added"], 1, "{v}");
    }
    let (_, h) = get(&s, "/api/health").await;
    assert_eq!(h["totals"]["documents"], 8);
}

/// A write that reaches the database succeeds even when another process
/// holds the search index; the index catches up afterwards. A locked
/// database is a 503 with Retry-After, and stores nothing.
#[tokio::test]
async fn a_busy_index_never_fails_a_write_and_a_locked_database_is_503() {
    let s = server(|o| o.token = Some("t".into()));
    let index_dir = {
        let mut p = s.db.as_os_str().to_owned();
        p.push(".search");
        std::path::PathBuf::from(p)
    };
    let body = serde_json::json!({"id": "busy-1", "published": "2018-05-09",
        "text": "قتل خمسة أشخاص في انفجار عبوة ناسفة في سوق بمدينة قندهار."})
    .to_string();
    {
        // Another process writing the index: its writer lock is held.
        let other = tantivy_lock(&index_dir);
        let (st, _, out) = call(&s, post("/api/documents", Some("t"), &body)).await;
        assert_eq!(st, StatusCode::OK, "{}", String::from_utf8_lossy(&out));
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!((v["report"]["added"].as_i64(), v["indexed"].as_bool()), (Some(1), Some(false)));
        drop(other);
    }
    // The index catches up on the server's next look.
    let app = s.app.clone();
    tokio::task::spawn_blocking(move || app.check_outside_writes()).await.unwrap().unwrap();
    let (_, found) = get(&s, "/api/search?q=%D9%82%D9%86%D8%AF%D9%87%D8%A7%D8%B1").await; // قندهار
    assert!(
        found["results"].as_array().unwrap().iter().any(|r| r["doc"]["ext_id"] == "busy-1"),
        "{found}"
    );

    let c = rusqlite::Connection::open(&s.db).unwrap();
    c.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let other = body.replace("busy-1", "busy-2").replace("خمسة", "ستة");
    let (st, headers, out) = call(&s, post("/api/documents", Some("t"), &other)).await;
    assert_eq!(st, StatusCode::SERVICE_UNAVAILABLE, "{}", String::from_utf8_lossy(&out));
    assert_eq!(headers.get("retry-after").map(|h| h.as_bytes()), Some(&b"1"[..]));
    assert_error(&serde_json::from_slice(&out).unwrap(), "locked");
    c.execute_batch("ROLLBACK").unwrap();
    let (_, h) = get(&s, "/api/health").await;
    assert_eq!(h["totals"]["documents"], 7);
}

/// Holds the index's writer lock the way another rasd process would.
fn tantivy_lock(dir: &std::path::Path) -> tantivy::IndexWriter {
    let index = tantivy::Index::open_in_dir(dir).unwrap();
    index.writer(15_000_000).unwrap()
}
