//! The two backends a test runs on: an SQLite file in a temporary folder,
//! and a fresh schema of the PostgreSQL database at `RASD_TEST_PG`
//! (default `postgres://postgres@127.0.0.1:5432/test`), dropped after.
//!
//! Where PostgreSQL cannot be reached, its half of a test says so on
//! standard error and passes, unless `RASD_REQUIRE_SERVICES` is set (as
//! `.ci/run` does), where that is a failure.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use rasd_store::{PgStore, SqliteStore, Store};

/// Where the test database server is.
pub fn server_url() -> String {
    std::env::var("RASD_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// A schema of its own for one test, dropped when the value is.
pub struct Schema {
    name: String,
    /// The URL that opens rasd's tables in this schema.
    pub url: String,
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut c) = connect() {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

fn connect() -> Result<postgres::Client, postgres::Error> {
    let mut config: postgres::Config = server_url().parse()?;
    config.connect_timeout(std::time::Duration::from_secs(3));
    config.connect(postgres::NoTls)
}

/// A fresh schema, or `None` (with a note) when PostgreSQL is not there.
pub fn schema(test: &str) -> Option<Schema> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let mut client = match connect() {
        Ok(c) => c,
        Err(e) => {
            assert!(
                std::env::var_os("RASD_REQUIRE_SERVICES").is_none(),
                "{test}: PostgreSQL at {} is unreachable ({e}) and RASD_REQUIRE_SERVICES is set",
                server_url()
            );
            // Written to the process's standard error, which the test
            // harness does not capture, so that `cargo test` shows it.
            let _ = writeln!(
                std::io::stderr(),
                "{test}: skipped on PostgreSQL: {} is unreachable ({e}); set RASD_TEST_PG to test it",
                server_url()
            );
            return None;
        }
    };
    let name = format!(
        "rasd_it_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        test.chars().filter(|c| c.is_ascii_alphanumeric()).take(24).collect::<String>()
    )
    .to_lowercase();
    client.batch_execute(&format!("CREATE SCHEMA {name}")).expect("a schema is created");
    let base = server_url();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-csearch_path%3D{name}");
    Some(Schema { name, url })
}

/// One backend under test, and what keeps it alive.
pub struct Backend {
    /// "sqlite" or "postgres".
    pub name: &'static str,
    /// What `--db` would say.
    pub url: String,
    /// The folder the SQLite file or the search index is in.
    pub dir: tempfile::TempDir,
    _schema: Option<Schema>,
}

impl Backend {
    /// A new connection to the database.
    pub fn open(&self) -> Box<dyn Store + Send> {
        if self.name == "postgres" {
            Box::new(PgStore::open(&self.url).expect("PostgreSQL opens"))
        } else {
            Box::new(SqliteStore::open(std::path::Path::new(&self.url)).expect("SQLite opens"))
        }
    }
}

/// An empty SQLite database.
pub fn sqlite() -> Backend {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = dir.path().join("test.db").display().to_string();
    Backend { name: "sqlite", url, dir, _schema: None }
}

/// An empty PostgreSQL database, when PostgreSQL is there.
pub fn postgres(test: &str) -> Option<Backend> {
    let schema = schema(test)?;
    let dir = tempfile::tempdir().expect("a temporary folder");
    Some(Backend { name: "postgres", url: schema.url.clone(), dir, _schema: Some(schema) })
}

/// Both backends (PostgreSQL when reachable).
pub fn both(test: &str) -> Vec<Backend> {
    let mut v = vec![sqlite()];
    v.extend(postgres(test));
    v
}
