//! The API driven through the router, without a socket.

mod limits;
mod postgres;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use rasd_core::Doc;
use rasd_extract::Extractor;
use rasd_server::openapi::{ENDPOINTS, FILTER};
use rasd_server::{App, Options, router};
use rasd_store::{Article, Database};
use tower::ServiceExt;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new().expect("the lexicon loads"))
}

/// A database of the shipped examples, in a temporary folder.
fn database(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("api.db");
    let mut db = Database::open(&path).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports.jsonl");
    let text = std::fs::read_to_string(examples).unwrap();
    let batch: Vec<Article> = text
        .lines()
        .enumerate()
        .map(|(n, l)| {
            let doc: Doc = rasd_input::parse_json_line("examples", n + 1, l).unwrap();
            let x = extractor().extract(&doc);
            Article { doc, events: x.events, mentions: x.mentions }
        })
        .collect();
    db.store.ingest(&batch).unwrap();
    db.sync_index().unwrap();
    path
}

struct Server {
    router: axum::Router,
    app: Arc<App>,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn server(configure: impl FnOnce(&mut Options)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut opts = Options::new(&path);
    opts.readers = 2;
    configure(&mut opts);
    let app = Arc::new(App::open(&opts).unwrap());
    Server { router: router(app.clone(), &opts), app, db: path, _dir: dir }
}

async fn call(s: &Server, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let resp = s.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

async fn get(s: &Server, uri: &str) -> (StatusCode, serde_json::Value) {
    let (status, _, body) = call(s, Request::get(uri).body(Body::empty()).unwrap()).await;
    (status, serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null))
}

fn post(uri: &str, token: Option<&str>, body: &str) -> Request<Body> {
    let mut r = Request::post(uri).header("content-type", "application/json");
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_string())).unwrap()
}

fn assert_error(v: &serde_json::Value, code: &str) {
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
}

#[tokio::test]
async fn queries_filter_and_page() {
    let s = server(|_| {});
    let (st, v) = get(&s, "/api/health").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["totals"]["documents"], 6);
    let (_, v) = get(&s, "/api/incidents?country=AF").await;
    assert_eq!(v.as_array().unwrap().len(), 2);
    let (_, v) = get(&s, "/api/incidents?country=AF&limit=1&offset=1").await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = get(&s, "/api/events?group=%D8%AF%D8%A7%D8%B9%D8%B4").await; // داعش
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = get(&s, "/api/events?type=bombing&min_killed=12&sort=killed").await;
    let killed: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"]["killed"]["value"].as_i64().unwrap())
        .collect();
    assert_eq!(killed, [19, 19, 12]);
    let (_, v) = get(&s, "/api/stats?by=country,type").await;
    assert_eq!(v["country"][0]["key"], "AF");
    let (_, v) = get(&s, "/api/trends?by=country&period=week").await;
    assert!(!v["labels"].as_array().unwrap().is_empty());
    let (_, v) = get(&s, "/api/points").await;
    assert_eq!(v.as_array().unwrap().len(), 3);
    let (_, v) = get(&s, "/api/documents?country=SO").await;
    assert_eq!(v[0]["ext_id"], "wakala-a-0508-2");
    let (_, v) = get(&s, "/api/search?q=%D9%83%D8%A7%D8%A8%D9%88%D9%84").await; // كابول
    assert_eq!(v["results"][0]["doc"]["ext_id"], "sahifa-b-0507-7");
    let (_, v) = get(&s, "/api/alerts?since=2018-01").await;
    assert!(v.is_array());
    // A country's name is its code; a typo names the nearest.
    let (_, by_name) = get(&s, "/api/incidents?country=Afghanistan").await;
    let (_, by_code) = get(&s, "/api/incidents?country=AF").await;
    assert_eq!(by_name, by_code);
    let (_, v) = get(&s, "/api/incidents?place=Jalalabd").await;
    assert!(v["error"]["message"].as_str().unwrap().contains("nearest: Jalalabad"), "{v}");
    let (_, v) = get(&s, "/api/incidents?min_confidence=0.99").await;
    assert_eq!(v.as_array().unwrap().len(), 0);
    let (_, v) = get(&s, "/api/incidents?include_history=true&min_confidence=0.5").await;
    assert!(!v.as_array().unwrap().is_empty());
    // Why the Warnings tab is empty: the examples span a few days.
    let (_, v) = get(&s, "/api/health").await;
    assert!(v["watch"]["why_no_warnings"].as_str().unwrap().contains("45 days"), "{v}");
    assert!(v["watch"]["coverage"]["gaps"].is_array(), "{v}");
}

#[tokio::test]
async fn an_incident_carries_its_sources_and_evidence_in_utf16_offsets() {
    let s = server(|_| {});
    let (_, list) = get(&s, "/api/incidents?place=Jalalabad").await;
    let id = list[0]["id"].as_i64().unwrap();
    let (st, v) = get(&s, &format!("/api/incidents/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["reports"].as_array().unwrap().len(), 3);
    for r in v["reports"].as_array().unwrap() {
        let text: Vec<u16> = r["text"].as_str().unwrap().encode_utf16().collect();
        for h in r["highlights"].as_array().unwrap() {
            let (a, b) =
                (h["start"].as_u64().unwrap() as usize, h["end"].as_u64().unwrap() as usize);
            assert_eq!(String::from_utf16(&text[a..b]).unwrap(), h["text"].as_str().unwrap());
        }
    }
    assert_eq!(v["type_ar"], "تفجير");
}

#[tokio::test]
async fn errors_are_stable_json() {
    let s = server(|_| {});
    for (uri, status, code) in [
        ("/api/incidents/999999", 404, "not_found"),
        ("/api/incidents/abc", 400, "bad_request"),
        ("/api/events?type=riot", 400, "bad_request"),
        ("/api/events?since=May", 400, "bad_request"),
        ("/api/events?limit=0", 400, "bad_request"),
        ("/api/events?colour=red", 400, "bad_request"),
        ("/api/search", 400, "bad_request"),
        ("/api/export?format=xlsx", 400, "bad_request"),
        ("/api/incidents?country=XX", 400, "bad_request"),
        ("/api/stats?group=nosuchgroup", 400, "bad_request"),
        ("/api/trends?place=Atlantis", 400, "bad_request"),
        ("/api/events?min_confidence=2", 400, "bad_request"),
        ("/api/events?include_history=maybe", 400, "bad_request"),
        ("/api/nothing", 404, "not_found"),
    ] {
        let (st, v) = get(&s, uri).await;
        assert_eq!(st.as_u16(), status, "{uri}: {v}");
        assert_error(&v, code);
    }
}

#[tokio::test]
async fn writes_need_a_token_and_a_bad_request_changes_nothing() {
    let ro = server(|_| {});
    let (st, _, body) = call(&ro, post("/api/documents", None, "{\"text\": \"نص\"}")).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_error(&serde_json::from_slice(&body).unwrap(), "read_only");

    let s = server(|o| {
        o.token = Some("s3cret".into());
        o.max_body = 4096;
    });
    let (st, _, body) = call(&s, post("/api/documents", Some("wrong"), "{\"text\": \"نص\"}")).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert_error(&serde_json::from_slice(&body).unwrap(), "unauthorized");
    let (st, _, body) = call(&s, post("/api/documents", None, "{\"text\": \"نص\"}")).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "{}", String::from_utf8_lossy(&body));

    // One good line and one bad: refused whole.
    let good = serde_json::json!({"id": "new-1", "url": "https://x.example/1", "published": "2018-05-09T09:00:00+04:30",
        "text": "قتل خمسة أشخاص أمس في انفجار عبوة ناسفة في سوق بمدينة قندهار، بحسب الشرطة."}).to_string();
    let (st, _, body) =
        call(&s, post("/api/documents", Some("s3cret"), &format!("{good}\n{{oops\n"))).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(v["error"]["message"].as_str().unwrap().contains("body:2"), "{v}");
    let (_, h) = get(&s, "/api/health").await;
    assert_eq!(h["totals"]["documents"], 6);

    let big = format!("{{\"text\": \"{}\"}}", "ا".repeat(5000));
    let (st, _, body) = call(&s, post("/api/documents", Some("s3cret"), &big)).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error(&serde_json::from_slice(&body).unwrap(), "too_large");

    // The cached count is dropped after a write.
    let (st, _, body) = call(&s, post("/api/documents", Some("s3cret"), &good)).await;
    assert_eq!(st, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["report"]["added"], 1);
    let (_, h) = get(&s, "/api/health").await;
    assert_eq!(h["totals"]["documents"], 7);
    let (_, found) = get(&s, "/api/search?q=%D9%82%D9%86%D8%AF%D9%87%D8%A7%D8%B1").await; // قندهار
    assert_eq!(found["results"][0]["doc"]["ext_id"], "new-1");
}

#[tokio::test]
async fn article_markup_is_returned_as_data_and_pages_forbid_inline_script() {
    let s = server(|o| o.token = Some("t".into()));
    let hostile = serde_json::json!({"id": "h", "url": "https://h.example/1", "published": "2018-05-09T09:00:00+04:30",
        "title": "<script>alert(1)</script>",
        "text": "قتل ثلاثة أشخاص أمس في انفجار في سوق بمدينة الموصل \"><img src=x onerror=alert(2)>"}).to_string();
    let (st, _, _) = call(&s, post("/api/documents", Some("t"), &hostile)).await;
    assert_eq!(st, StatusCode::OK);
    let (_, docs) = get(&s, "/api/documents?place=Mosul").await;
    assert_eq!(
        docs[0]["title"], "<script>alert(1)</script>",
        "stored and returned as it was, as JSON data"
    );
    let (_, headers, html) = call(&s, Request::get("/").body(Body::empty()).unwrap()).await;
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(!String::from_utf8(html).unwrap().contains("<script>"), "no inline script in the page");
    let js = call(&s, Request::get("/app.js").body(Body::empty()).unwrap()).await.2;
    let js = String::from_utf8(js).unwrap();
    assert!(
        !js.contains("innerHTML")
            && !js.contains("insertAdjacentHTML")
            && !js.contains("document.write")
    );
}

#[tokio::test]
async fn cors_is_off_unless_configured() {
    let s = server(|_| {});
    let req = || {
        Request::get("/api/health")
            .header("origin", "https://dash.example")
            .body(Body::empty())
            .unwrap()
    };
    let (_, h, _) = call(&s, req()).await;
    assert!(!h.contains_key("access-control-allow-origin"));
    let s = server(|o| o.cors = vec!["https://dash.example".into()]);
    let (_, h, _) = call(&s, req()).await;
    assert_eq!(h["access-control-allow-origin"], "https://dash.example");
}

#[tokio::test]
async fn exports_and_the_feed_have_their_media_types() {
    let s = server(|_| {});
    for (format, ty) in [
        ("acled", "text/csv"),
        ("gtd", "text/csv"),
        ("geojson", "application/geo+json"),
        ("json", "application/json"),
        ("jsonl", "application/x-ndjson"),
    ] {
        let (st, h, body) = call(
            &s,
            Request::get(format!("/api/export?format={format}")).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{format}");
        assert!(h["content-type"].to_str().unwrap().starts_with(ty), "{format}");
        assert!(h["content-disposition"].to_str().unwrap().contains("attachment"));
        assert!(!body.is_empty());
    }
    let (st, h, body) = call(&s, Request::get("/alerts.atom").body(Body::empty()).unwrap()).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(h["content-type"], "application/atom+xml");
    assert!(String::from_utf8(body).unwrap().contains("<feed"));
    let (st, h, _) =
        call(&s, Request::get("/api/map/countries").body(Body::empty()).unwrap()).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(h["content-type"], "application/geo+json");
}

#[tokio::test]
async fn the_openapi_document_matches_the_routes() {
    let s = server(|_| {});
    let (st, doc) = get(&s, "/api/openapi.json").await;
    assert_eq!(st, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    // Every documented operation answers (not 404 or 405), with its
    // documented parameters accepted.
    let mut n = 0;
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            n += 1;
            let uri = path.replace("{id}", "1");
            let mut query: Vec<String> = Vec::new();
            for p in op["parameters"].as_array().unwrap() {
                if p["in"] == "query" && p["required"] == true {
                    query.push(format!(
                        "{}={}",
                        p["name"].as_str().unwrap(),
                        if p["name"] == "format" { "json" } else { "x" }
                    ));
                }
            }
            let uri = if query.is_empty() { uri } else { format!("{uri}?{}", query.join("&")) };
            let req = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .body(Body::from("{}"))
                .unwrap();
            let (st, _, body) = call(&s, req).await;
            // A 404 may say the id is unknown (the desk may be empty), never
            // that the route is.
            let unrouted =
                st == StatusCode::NOT_FOUND && String::from_utf8_lossy(&body).contains("no route");
            assert!(!unrouted && st != StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}: {st}");
            // An undocumented parameter is refused, so the documented list is
            // the whole list.
            if method == "get"
                && op["parameters"].as_array().unwrap().iter().any(|p| p["in"] == "query")
            {
                let sep = if uri.contains('?') { '&' } else { '?' };
                let (st, v) = get(&s, &format!("{uri}{sep}undocumented=1")).await;
                assert_eq!(st, StatusCode::BAD_REQUEST, "{uri}: {v}");
            }
        }
    }
    assert_eq!(n, ENDPOINTS.len());
    // The filter parameters are documented where they apply.
    let events = &paths["/api/events"]["get"]["parameters"];
    for f in FILTER {
        assert!(events.as_array().unwrap().iter().any(|p| p["name"] == f.name), "{}", f.name);
    }
    // And a route that is not documented does not exist.
    let (st, _) = get(&s, "/api/undocumented").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn writes_by_another_process_are_seen() {
    let s = server(|_| {});
    let (_, before) = get(&s, "/api/health").await;
    assert_eq!(before["totals"]["documents"], 6);
    assert!(!s.app.check_outside_writes().unwrap());
    // A `rasd ingest` beside the server.
    let mut other = Database::open(&s.db).unwrap();
    let doc: Doc = rasd_input::parse_json_line(
        "outside",
        1,
        &serde_json::json!({"id": "o1", "published": "2018-05-10T10:00:00+03:00",
            "text": "قتل سبعة أشخاص أمس في انفجار سيارة مفخخة في مدينة الموصل، بحسب الشرطة."})
        .to_string(),
    )
    .unwrap();
    let x = extractor().extract(&doc);
    other.store.ingest(&[Article { doc, events: x.events, mentions: x.mentions }]).unwrap();
    other.sync_index().unwrap();
    // The cached answer stays until the server looks (every two seconds
    // when serving), then both the store and the search index show it.
    assert!(s.app.check_outside_writes().unwrap());
    let (_, after) = get(&s, "/api/health").await;
    assert_eq!(after["totals"]["documents"], 7);
    let (_, found) = get(&s, "/api/search?q=%D8%B3%D9%8A%D8%A7%D8%B1%D8%A9").await; // سيارة
    assert_eq!(found["results"][0]["doc"]["ext_id"], "o1");
}

#[tokio::test]
async fn the_monitors_sources_are_served_as_it_last_wrote_them() {
    // Without a status file the route says how to give one.
    let s = server(|_| {});
    let (st, v) = get(&s, "/api/sources").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["configured"], false);
    assert_eq!(v["sources"], serde_json::json!([]));
    assert!(v["note"].as_str().unwrap().contains("--sources-status"), "{v}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("status.json");
    let s = server(|o| o.sources_status = Some(file.clone()));
    // The monitor has not written it yet: no sources so far.
    let (st, v) = get(&s, "/api/sources").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v, serde_json::json!({"configured": true, "updated": null, "sources": []}));
    // Each request reads the file as it is now (it changes with every
    // poll, not with the database).
    for (n, error) in [(3, serde_json::Value::Null), (4, serde_json::json!("HTTP 503"))] {
        let status = serde_json::json!({
            "updated": "2026-12-06T10:00:00Z",
            "sources": [{"name": "wakala", "kind": "feed", "target": "http://127.0.0.1:9/rss",
                         "last_status": 200, "items_seen": n, "items_new": 1, "failures": 0,
                         "last_error": error}]
        });
        std::fs::write(&file, status.to_string()).unwrap();
        let (st, v) = get(&s, "/api/sources").await;
        assert_eq!(st, StatusCode::OK);
        let mut served = status.clone();
        served["configured"] = serde_json::json!(true);
        assert_eq!(v, served);
    }
    // Unknown parameters are refused as on every route.
    let (st, v) = get(&s, "/api/sources?since=2018").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    // A file that is not the monitor's is a server error naming it.
    std::fs::write(&file, "<html>").unwrap();
    let (st, v) = get(&s, "/api/sources").await;
    assert_eq!(st, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&v, "internal");
    assert!(v["error"]["message"].as_str().unwrap().contains("status.json"), "{v}");
}

#[tokio::test]
async fn the_desk_moves_warnings_on_in_the_name_of_each_token() {
    const AMAL: &str = "amal-token-0123456789";
    let s = server(|o| {
        o.token = Some("shared-token".into());
        o.tokens = vec![("amal".into(), AMAL.into())];
    });
    let massacre = serde_json::json!({"id": "desk-1", "url": "https://desk.example/1",
        "published": "2018-05-10T09:00:00+03:00",
        "title": "مقتل 60 شخصا في تفجير انتحاري بسوق في بغداد",
        "text": "بغداد - قتل 60 شخصا وأصيب أكثر من 100 آخرين في تفجير انتحاري استهدف سوقا شعبيا في حي الشعلة ببغداد صباح الخميس، بحسب مصادر أمنية."})
    .to_string();
    let (st, _, _) = call(&s, post("/api/documents", Some(AMAL), &massacre)).await;
    assert_eq!(st, StatusCode::OK);
    // The serving tick records it without anyone looking, once.
    s.app.desk_tick().unwrap();
    let (_, first) = get(&s, "/api/desk").await;
    let first_seen = first["warnings"][0]["first_seen"].clone();
    assert!(first_seen.is_string(), "{first}");
    s.app.desk_tick().unwrap();
    let (st, desk) = get(&s, "/api/desk").await;
    assert_eq!(desk["warnings"][0]["first_seen"], first_seen);
    assert_eq!(st, StatusCode::OK, "{desk}");
    assert_eq!(desk["state"], "new");
    let waiting = desk["warnings"].as_array().unwrap();
    // One article alone is an unconfirmed lead: it waits on the desk too.
    let w =
        waiting.iter().find(|w| w["kind"] == "mass_casualty_lead").expect("a mass casualty waits");
    assert!(w["waited_s"].as_i64().is_some_and(|s| s >= 0), "{w}");
    assert!(w["key"].as_str().unwrap().starts_with("mass_casualty_lead:report-"), "{w}");
    assert_eq!(desk["counts"]["new"].as_u64(), Some(waiting.len() as u64));
    let id = w["id"].as_i64().unwrap();
    let at = format!("/api/desk/{id}/state");

    // (path, token, body, status, code), in order.
    let steps: &[(&str, Option<&str>, &str, u16, &str)] = &[
        (&at, None, r#"{"state": "acknowledged"}"#, 401, "unauthorized"),
        (&at, Some("wrong"), r#"{"state": "acknowledged"}"#, 401, "unauthorized"),
        (&at, Some(AMAL), r#"{"state": "acted"}"#, 409, "conflict"),
        (&at, Some(AMAL), r#"{"state": "done"}"#, 400, "bad_request"),
        (&at, Some(AMAL), "not json", 400, "bad_request"),
        (&at, Some(AMAL), r#"{"state": "acknowledged", "who": "x"}"#, 400, "bad_request"),
        ("/api/desk/999/state", Some(AMAL), r#"{"state": "acknowledged"}"#, 404, "not_found"),
        ("/api/desk/x/state", Some(AMAL), r#"{"state": "acknowledged"}"#, 400, "bad_request"),
        (&at, Some(AMAL), r#"{"state": "acknowledged", "note": "called the office"}"#, 200, ""),
        (&at, Some(AMAL), r#"{"state": "acknowledged"}"#, 409, "conflict"),
        (&at, Some("shared-token"), r#"{"state": "dismissed", "note": "a duplicate"}"#, 200, ""),
    ];
    for (n, (path, token, body, status, code)) in steps.iter().enumerate() {
        let (st, _, out) = call(&s, post(path, *token, body)).await;
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(st.as_u16(), *status, "step {n}: {v}");
        if code.is_empty() {
            assert_eq!(v["change"]["warning"], id, "step {n}: {v}");
        } else {
            assert_error(&v, code);
            assert!(!v["error"]["message"].as_str().unwrap().contains('\n'), "one line: {v}");
        }
    }
    let (st, one) = get(&s, &format!("/api/desk/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    let moves: Vec<(&str, &str)> = one["trail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["to"].as_str().unwrap(), c["by"].as_str().unwrap()))
        .collect();
    assert_eq!(moves, [("new", "rasd"), ("acknowledged", "amal"), ("dismissed", "token")]);
    assert_eq!(one["trail"][1]["note"], "called the office");
    assert_eq!(one["warning"]["kind"], "mass_casualty_lead");
    let (_, dismissed) = get(&s, "/api/desk?state=dismissed").await;
    assert_eq!(dismissed["warnings"][0]["id"], id);
    let (_, new) = get(&s, "/api/desk?state=new").await;
    assert!(new["warnings"].as_array().unwrap().iter().all(|w| w["id"] != id));
    for bad in ["/api/desk?state=done", "/api/desk?limit=0", "/api/desk?who=x"] {
        let (st, v) = get(&s, bad).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{bad}: {v}");
    }
    let (st, _) = get(&s, "/api/desk/999").await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // A server without tokens shows the desk and moves nothing.
    let ro = server(|_| {});
    let (st, _) = get(&ro, "/api/desk?state=all").await;
    assert_eq!(st, StatusCode::OK);
    let (st, _, out) =
        call(&ro, post("/api/desk/1/state", Some(AMAL), r#"{"state": "acknowledged"}"#)).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_error(&serde_json::from_slice(&out).unwrap(), "read_only");
}
