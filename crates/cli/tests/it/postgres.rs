//! Every database command on PostgreSQL, against the same commands on
//! SQLite: the shared eval articles (dev and dev2), extracted and stored
//! by `rasd ingest`, give the same events, incidents, exports, statistics,
//! searches and warnings on both.
//!
//! PostgreSQL is `RASD_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432/test`), each test in a schema of
//! its own; where it cannot be reached the test says so and passes, unless
//! `RASD_REQUIRE_SERVICES` is set (CI), where that is a failure.

use std::io::Write;

use crate::{rasd, shared_or_skip, stderr, stdout};

/// A schema of its own, dropped when the value is.
pub(crate) struct Schema {
    name: String,
    /// The database URL that selects the schema.
    pub(crate) url: String,
}

fn server() -> String {
    std::env::var("RASD_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

fn client() -> Result<postgres::Client, postgres::Error> {
    let mut config: postgres::Config = server().parse()?;
    config.connect_timeout(std::time::Duration::from_secs(3));
    config.connect(postgres::NoTls)
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut c) = client() {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

pub(crate) fn schema_or_skip(test: &str) -> Option<Schema> {
    let mut c = match client() {
        Ok(c) => c,
        Err(e) => {
            assert!(
                std::env::var_os("RASD_REQUIRE_SERVICES").is_none(),
                "{test}: PostgreSQL at {} is unreachable ({e}) and RASD_REQUIRE_SERVICES is set",
                server()
            );
            let _ = writeln!(
                std::io::stderr(),
                "{test}: skipped: PostgreSQL at {} is unreachable ({e}); set RASD_TEST_PG to test it",
                server()
            );
            return None;
        }
    };
    let name = format!("rasd_cli_{}_{test}", std::process::id());
    c.batch_execute(&format!("CREATE SCHEMA {name}")).expect("a schema is created");
    let base = server();
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(Schema { url: format!("{base}{sep}options=-csearch_path%3D{name}"), name })
}

/// Runs a command that must succeed; returns its standard output.
fn ok(args: &[&str]) -> String {
    let o = rasd(args, b"");
    assert!(o.status.success(), "rasd {args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Search results with hits of equal score in id order (tantivy orders
/// equal scores by segment, which differs between any two builds of an
/// index).
fn search_hits(json: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(json).expect("search --json is JSON");
    if let Some(results) = v["results"].as_array_mut() {
        results.sort_by(|a, b| {
            let score =
                |r: &serde_json::Value| -(r["score"].as_f64().unwrap_or(0.0) * 1e4).round() as i64;
            (score(a), a["doc"]["id"].as_i64()).cmp(&(score(b), b["doc"]["id"].as_i64()))
        });
    }
    v
}

#[test]
fn every_command_answers_alike_on_sqlite_and_postgres() {
    let test = "every_command_answers_alike_on_sqlite_and_postgres";
    let Some(shared) = shared_or_skip(test, "eval/dev2.jsonl") else { return };
    let Some(pg) = schema_or_skip("alike") else { return };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("rasd.db").display().to_string();
    let index = dir.path().join("pg.search").display().to_string();
    let (dev, dev2) = (format!("{shared}/eval/dev.jsonl"), format!("{shared}/eval/dev2.jsonl"));
    let sqlite: Vec<&str> = vec!["--db", &file];
    let postgres: Vec<&str> = vec!["--db", &pg.url, "--index", &index];
    // Queries never create a database, on either backend.
    for db in [&sqlite, &postgres] {
        let o = rasd(&[&["events"][..], db].concat(), b"");
        assert!(!o.status.success() && stderr(&o).contains("rasd ingest --db"), "{}", stderr(&o));
    }
    let mut said = Vec::new();
    for db in [&sqlite, &postgres] {
        let out = ok(&[&["ingest", &dev, &dev2, "--threads", "2"][..], db].concat());
        // The summary line, without the database's name and the time.
        said.push(out.lines().next().unwrap_or("").split(" s: ").nth(1).unwrap_or("").to_string());
    }
    assert_eq!(said[0], said[1]);
    let run = |db: &[&str]| -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut ask = |name: &str, args: &[&str]| {
            out.push((name.to_string(), ok(&[args, db].concat())));
        };
        for format in ["jsonl", "json", "acled", "gtd", "geojson"] {
            ask(format, &["export", "--format", format]);
        }
        ask("events", &["events", "--json", "--include-history", "--sort", "oldest"]);
        ask("events table", &["events", "--country", "af", "--sort", "killed"]);
        ask("incidents", &["incidents", "--json", "--include-history"]);
        ask("incidents csv", &["incidents", "--format", "csv", "--min-killed", "5"]);
        ask("incident 3", &["incident", "3", "--json"]);
        for by in ["group", "country", "type", "month", "week"] {
            ask(by, &["stats", "--by", by, "--json"]);
        }
        ask("trends", &["trends", "--json"]);
        ask("alerts", &["alerts", "--json", "--include-history"]);
        out
    };
    let (a, b) = (run(&sqlite), run(&postgres));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(x, y, "{name} differs");
        assert!(!x.trim().is_empty(), "{name} says something");
    }
    for q in ["انفجار", "كابول", "تفجير انتحاري", "بغداد"] {
        let ask = |db: &[&str]| {
            search_hits(&ok(&[&["search", q, "--json", "--limit", "200"][..], db].concat()))
        };
        assert_eq!(ask(&sqlite), ask(&postgres), "search {q}");
        let filtered = |db: &[&str]| {
            search_hits(&ok(&[
                &["search", q, "--json", "--country", "AF", "--type", "suicide_bombing"][..],
                db,
            ]
            .concat()))
        };
        assert_eq!(filtered(&sqlite), filtered(&postgres), "search {q} with filters");
    }
    // A relink rebuilds the same incidents on both.
    for db in [&sqlite, &postgres] {
        ok(&[&["relink"][..], db].concat());
    }
    let export = |db: &[&str]| ok(&[&["export", "--format", "json"][..], db].concat());
    let relinked = export(&sqlite);
    assert_eq!(relinked, export(&postgres), "after relink");
    // Relinking the later articles alone changes nothing after a relink.
    for db in [&sqlite, &postgres] {
        ok(&[&["relink", "--since", "2018-06"][..], db].concat());
        assert_eq!(export(db), relinked, "after relink --since");
    }
}

#[test]
fn a_bad_url_or_an_unreachable_server_is_one_line() {
    let o = rasd(
        &["events", "--db", "postgres://someone:secret@127.0.0.1:1/none?connect_timeout=2"],
        b"",
    );
    let err = stderr(&o);
    assert!(!o.status.success());
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("postgres://someone@127.0.0.1:1/none") && !err.contains("secret"),
        "{err}"
    );
    let o = rasd(&["ingest", "--db", "postgres://h/db?pool_size=none", "-"], b"");
    assert!(stderr(&o).contains("pool_size"), "{}", stderr(&o));
}
