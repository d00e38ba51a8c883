//! The server over PostgreSQL: the same answers as over SQLite, writes
//! through the API, and two servers behind one database seeing each
//! other's writes. PostgreSQL is `RASD_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432/test`), in a schema of its own;
//! where it cannot be reached the test says so and passes, unless
//! `RASD_REQUIRE_SERVICES` is set (CI).

use std::io::Write;
use std::sync::Arc;

use axum::http::StatusCode;
use rasd_server::{App, Options, router};
use rasd_store::{Article, Database};

use crate::{Server, call, extractor, get, post};

struct Schema {
    name: String,
    url: String,
}

fn server_url() -> String {
    std::env::var("RASD_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// Runs SQL of the test's own: on a thread of its own, as the synchronous
/// driver cannot run inside the test's async runtime.
fn sql(statement: String) -> Result<(), postgres::Error> {
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut config: postgres::Config = server_url().parse()?;
            config.connect_timeout(std::time::Duration::from_secs(3));
            config.connect(postgres::NoTls)?.batch_execute(&statement)
        })
        .join()
        .expect("the SQL thread does not panic")
    })
}

impl Drop for Schema {
    fn drop(&mut self) {
        let _ = sql(format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
    }
}

fn schema_or_skip(test: &str) -> Option<Schema> {
    let name = format!("rasd_server_{}_{test}", std::process::id());
    if let Err(e) = sql(format!("CREATE SCHEMA {name}")) {
        assert!(
            std::env::var_os("RASD_REQUIRE_SERVICES").is_none(),
            "{test}: PostgreSQL at {} is unreachable ({e}) and RASD_REQUIRE_SERVICES is set",
            server_url()
        );
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped: PostgreSQL at {} is unreachable ({e}); set RASD_TEST_PG to test it",
            server_url()
        );
        return None;
    }
    let base = server_url();
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(Schema { url: format!("{base}{sep}options=-csearch_path%3D{name}"), name })
}

/// A server over the shipped examples stored in PostgreSQL. Everything
/// here runs inside the test's async runtime, as `rasd serve` does: the
/// store must not block it into a panic.
fn pg_server(pg: &Schema, dir: &std::path::Path, token: Option<&str>) -> Server {
    let index = dir.join("index");
    let mut opts = Options::new(std::path::Path::new(&pg.url));
    opts.index = Some(index);
    opts.readers = 2;
    opts.token = token.map(str::to_string);
    let app = Arc::new(App::open(&opts).unwrap());
    Server {
        router: router(app.clone(), &opts),
        app,
        db: pg.url.clone().into(),
        _dir: tempfile::tempdir().unwrap(),
    }
}

fn examples() -> Vec<Article> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .map(|(n, l)| {
            let doc: rasd_core::Doc = rasd_input::parse_json_line("examples", n + 1, l).unwrap();
            let x = extractor().extract(&doc);
            Article { doc, events: x.events, mentions: x.mentions }
        })
        .collect()
}

#[tokio::test]
async fn the_api_answers_alike_and_servers_share_one_database() {
    let Some(pg) = schema_or_skip("api") else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open_url(&pg.url, Some(&dir.path().join("index"))).unwrap();
    db.store.ingest(&examples()).unwrap();
    let sqlite = crate::server(|o| o.token = Some("t".into()));
    let one = pg_server(&pg, dir.path(), Some("t"));
    let uris = [
        "/api/incidents",
        "/api/incidents?country=AF&limit=1&offset=1",
        "/api/events?group=%D8%AF%D8%A7%D8%B9%D8%B4",
        "/api/events?type=bombing&min_killed=12&sort=killed",
        "/api/stats?by=country,type,group,month",
        "/api/trends?by=country&period=week",
        "/api/points",
        "/api/documents?country=SO",
        "/api/documents/2",
        "/api/incidents/1",
        "/api/incidents/999",
        "/api/search?q=%D9%83%D8%A7%D8%A8%D9%88%D9%84",
        "/api/alerts?since=2018-01",
        "/api/incidents?place=Jalalabd",
        "/api/export?format=acled",
    ];
    for uri in uris {
        let (a, b) = (get(&sqlite, uri).await, get(&one, uri).await);
        assert_eq!(a, b, "{uri}");
    }
    let (_, h) = get(&one, "/api/health").await;
    assert_eq!(h["totals"]["documents"], 6);
    assert!(h["database"].as_str().unwrap().starts_with("postgres://"), "{h}");
    // A second server on the same database; a write through the first.
    let dir2 = tempfile::tempdir().unwrap();
    let two = pg_server(&pg, dir2.path(), None);
    let body = serde_json::json!({"id": "o1", "published": "2018-05-10T10:00:00+03:00",
        "text": "قتل سبعة أشخاص أمس في انفجار سيارة مفخخة في مدينة الموصل، بحسب الشرطة."})
    .to_string();
    let (st, _, _) = call(&one, post("/api/documents", Some("t"), &body)).await;
    assert_eq!(st, StatusCode::OK);
    let app = two.app.clone();
    assert!(
        tokio::task::spawn_blocking(move || app.check_outside_writes()).await.unwrap().unwrap()
    );
    let (_, after) = get(&two, "/api/health").await;
    assert_eq!(after["totals"]["documents"], 7);
    let (_, found) = get(&two, "/api/search?q=%D8%B3%D9%8A%D8%A7%D8%B1%D8%A9").await; // سيارة
    assert_eq!(found["results"][0]["doc"]["ext_id"], "o1");
    // A relink elsewhere moves no article, but the servers notice it.
    let app = two.app.clone();
    assert!(
        !tokio::task::spawn_blocking(move || app.check_outside_writes()).await.unwrap().unwrap()
    );
    db.store.relink().unwrap();
    let app = two.app.clone();
    assert!(
        tokio::task::spawn_blocking(move || app.check_outside_writes()).await.unwrap().unwrap()
    );
}

#[tokio::test]
async fn the_desk_works_over_postgresql_inside_the_runtime() {
    let Some(pg) = schema_or_skip("desk") else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open_url(&pg.url, Some(&dir.path().join("index"))).unwrap();
    db.store.ingest(&examples()).unwrap();
    let s = pg_server(&pg, dir.path(), Some("t"));
    let massacre = serde_json::json!({"id": "desk-pg", "url": "https://desk.example/pg",
        "published": "2018-05-10T09:00:00+03:00",
        "title": "مقتل 60 شخصا في تفجير انتحاري بسوق في بغداد",
        "text": "بغداد - قتل 60 شخصا وأصيب أكثر من 100 آخرين في تفجير انتحاري استهدف سوقا شعبيا في حي الشعلة ببغداد صباح الخميس، بحسب مصادر أمنية."})
    .to_string();
    let (st, _, _) = call(&s, post("/api/documents", Some("t"), &massacre)).await;
    assert_eq!(st, StatusCode::OK);
    let (st, desk) = get(&s, "/api/desk").await;
    assert_eq!(st, StatusCode::OK, "{desk}");
    let id = desk["warnings"][0]["id"].as_i64().expect("a warning waits");
    // The desk's own write moves PostgreSQL's write mark: the server
    // notices, replays, and the next sync writes nothing new.
    s.app.check_outside_writes().unwrap();
    let (_, again) = get(&s, "/api/desk").await;
    assert_eq!(again["counts"], desk["counts"]);
    let at = format!("/api/desk/{id}/state");
    let (st, _, out) = call(&s, post(&at, Some("t"), r#"{"state": "acknowledged"}"#)).await;
    assert_eq!(st, StatusCode::OK, "{}", String::from_utf8_lossy(&out));
    let (st, _, _) = call(&s, post(&at, Some("t"), r#"{"state": "acknowledged"}"#)).await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (_, one) = get(&s, &format!("/api/desk/{id}")).await;
    assert_eq!(one["entry"]["state"], "acknowledged");
    assert_eq!(one["trail"][1]["by"], "token");
}
