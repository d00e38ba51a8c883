//! The server store: PostgreSQL, for teams and for several processes
//! writing at once.
//!
//! Same tables, same rules, same answers as the SQLite store: text that is
//! ordered is in the "C" collation, NULLs sort as SQLite sorts them, ids
//! are one more than the largest (as SQLite's rowids), and linking runs
//! the shared code in [`crate::reports`] and [`crate::link`]. Tests ingest
//! the same articles into both and compare the exports.
//!
//! **Concurrency.** Each write transaction starts by taking a transaction
//! advisory lock of its schema, so writers from any number of processes
//! store and link one batch at a time, each seeing every batch committed
//! before it: linking never races (two workers cannot open two incidents
//! for one attack), ids and change numbers grow in commit order (so the
//! search index, fed by [`Store::changed_since`], never misses a commit).
//! Extraction, the costly part, runs in parallel outside the lock.
//!
//! **Blocking.** The driver is the synchronous `postgres` crate over an
//! r2d2 pool of connections ([`Pool`]). Each connection runs its own
//! tiny runtime, which must not be started from inside an async runtime:
//! called from one (a server's handler, a worker), a method runs on a
//! scoped thread instead ([`off_runtime`]), so the trait stays synchronous
//! and nothing panics.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement, Transaction};
use rasd_core::{Event, Mention};

use crate::filter::{Filter, Part, Sort, page_in_order};
use crate::link::{self, Incident};
use crate::reports::{self, IncidentRows, Loaded, ReportCache};
use crate::rows::{self, decode_event, doc_key, group_key, status_str};
use crate::{
    Article, CoverageRow, Dimension, DocInfo, EventRow, IndexDoc, IngestReport, Result, Sighting,
    StatRow, Store, StoreError, StoredDoc, Totals, Vocabulary,
};

mod desk;
mod pool;
mod query;
mod store;
mod tx;
mod write;

use pool::{Conn, Pool, classify};
use query::{
    conditions, doc_info, event_rows, incident_rows, order, page, page_of, part_condition,
};
use tx::{Tx, Values, count};

/// The schema version this build writes (PostgreSQL's own numbering).
pub const PG_SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Schema changes, oldest first; entry `n` takes a database from version
/// `n` to `n + 1`. Each runs in one transaction with the version's update.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_schema.sql"),
    include_str!("../../migrations/postgres/0002_desk.sql"),
    include_str!("../../migrations/postgres/0003_stats.sql"),
    include_str!("../../migrations/postgres/0004_totals.sql"),
];

/// First key of rasd's advisory locks ("rasd" in ASCII); the second is a
/// hash of the schema's name and the lock's purpose.
const LOCK_SPACE: i32 = 0x7261_7364;

/// Connections a store opens at most when the URL does not say
/// (`pool_size=N`).
const DEFAULT_POOL: usize = 8;

/// Statements kept prepared per connection at most.
const MAX_STATEMENTS: usize = 256;

/// Whether `s` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Runs `f` where the driver may block: on this thread, unless this thread
/// is inside a tokio runtime, where the driver's own runtime cannot start;
/// then on a scoped thread of its own.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| s.spawn(f).join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
}

/// A database's name as shown in messages: a URL without its password;
/// a file name as it is.
pub fn display_name(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (auth, host) = match rest.rsplit_once('@') {
        Some((auth, host)) => (Some(auth), host),
        None => (None, rest),
    };
    match auth {
        Some(a) => {
            let user = a.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_string(),
    }
}

/// Takes rasd's own `pool_size=N` out of a URL's query, leaving what the
/// driver reads.
fn split_pool_size(url: &str) -> Result<(String, Option<usize>)> {
    let Some((base, query)) = url.split_once('?') else { return Ok((url.to_string(), None)) };
    let mut size = None;
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.strip_prefix("pool_size=") {
            Some(n) => {
                size = Some(n.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "{}: pool_size must be a whole number of connections, 1 or more",
                        display_name(base)
                    ))
                })?);
            }
            None => kept.push(pair),
        }
    }
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    Ok((url, size))
}

/// The store on a PostgreSQL database.
pub struct PgStore {
    pool: Arc<Pool>,
    /// When reads must stop: milliseconds after [`epoch`], 0 for never.
    deadline: AtomicU64,
    /// Incidents' reports linking read lately (see `reports.rs`).
    cache: ReportCache,
}

/// The instant deadlines are counted from.
fn epoch() -> Instant {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host/db`, with
    /// libpq's parameters such as `options=-c search_path=…`, and rasd's
    /// `pool_size=N`) and creates or migrates rasd's schema in it.
    pub fn open(url: &str) -> Result<PgStore> {
        PgStore::connect(url, true)
    }

    /// Connects to a database that already holds rasd's schema (migrating
    /// it when older); one without is an error, so queries never create a
    /// database.
    pub fn open_existing(url: &str) -> Result<PgStore> {
        PgStore::connect(url, false)
    }

    fn connect(url: &str, create: bool) -> Result<PgStore> {
        let (driver_url, size) = split_pool_size(url)?;
        let name = display_name(&driver_url);
        let config: postgres::Config = driver_url
            .parse()
            .map_err(|e: postgres::Error| StoreError::Invalid(format!("{name}: {e}")))?;
        let pool = Pool::new(config, size.unwrap_or(DEFAULT_POOL), name)?;
        let store = PgStore {
            pool: Arc::new(pool),
            deadline: AtomicU64::new(0),
            cache: ReportCache::default(),
        };
        off_runtime(|| store.pool.check().and_then(|()| store.migrate(create)))?;
        Ok(store)
    }

    /// The URL without its password, for messages.
    pub fn name(&self) -> &str {
        &self.pool.name
    }

    /// Another handle on the same pool, with a cache and a deadline of its
    /// own.
    pub fn handle(&self) -> PgStore {
        PgStore {
            pool: self.pool.clone(),
            deadline: AtomicU64::new(0),
            cache: ReportCache::default(),
        }
    }

    fn err(&self, e: &postgres::Error) -> StoreError {
        classify(&self.pool.name, e)
    }

    /// Creates the schema or brings it up to date, under a lock so that
    /// processes starting together migrate once.
    fn migrate(&self, create: bool) -> Result<()> {
        let mut lease = self.pool.get()?;
        let conn = &mut *lease;
        let mut tx = conn.client.transaction().map_err(|e| self.err(&e))?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || ':migrate'))",
            &[&LOCK_SPACE],
        )
        .map_err(|e| self.err(&e))?;
        let exists: bool = tx
            .query_one("SELECT to_regclass('rasd_schema') IS NOT NULL", &[])
            .map_err(|e| self.err(&e))?
            .get(0);
        let version: u32 = if exists {
            let v: Option<i32> = tx
                .query_one("SELECT max(version) FROM rasd_schema", &[])
                .map_err(|e| self.err(&e))?
                .get(0);
            v.unwrap_or(0).max(0) as u32
        } else {
            0
        };
        if version > PG_SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.pool.name.clone(),
                found: version,
                supported: PG_SCHEMA_VERSION,
            });
        }
        if version == 0 && !create {
            return Err(StoreError::Invalid(format!(
                "{}: no rasd database there (create it with `rasd ingest --db URL FILES`)",
                self.pool.name
            )));
        }
        if !exists {
            tx.batch_execute("CREATE TABLE rasd_schema (version INTEGER NOT NULL)")
                .map_err(|e| self.err(&e))?;
        }
        for (n, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(sql).map_err(|e| self.err(&e))?;
            tx.execute("DELETE FROM rasd_schema", &[]).map_err(|e| self.err(&e))?;
            tx.execute("INSERT INTO rasd_schema VALUES ($1)", &[&(n as i32 + 1)])
                .map_err(|e| self.err(&e))?;
        }
        tx.commit().map_err(|e| self.err(&e))
    }

    /// Runs `f` in a read-only transaction that sees one snapshot, within
    /// the deadline when one is set.
    fn read<T: Send>(&self, f: impl FnOnce(&mut Tx) -> Result<T> + Send) -> Result<T> {
        off_runtime(|| self.read_here(f))
    }

    /// [`PgStore::read`] on this thread, which is outside any async
    /// runtime.
    fn read_here<T>(&self, f: impl FnOnce(&mut Tx) -> Result<T>) -> Result<T> {
        let mut lease = self.pool.get()?;
        let Conn { client, statements } = &mut *lease;
        let tx = client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| self.err(&e))?;
        let mut tx = Tx { tx, statements, name: &self.pool.name };
        let at = self.deadline.load(Ordering::Relaxed);
        if at != 0 {
            let left = at.saturating_sub(epoch().elapsed().as_millis() as u64);
            if left == 0 {
                return Err(StoreError::TooSlow { path: self.pool.name.clone() });
            }
            tx.one("SELECT set_config('statement_timeout', $1, true)", &[&left.to_string()])?;
        }
        let out = f(&mut tx)?;
        tx.tx.commit().map_err(|e| self.err(&e))?;
        Ok(out)
    }

    /// Runs `f` in a write transaction holding the schema's write lock.
    fn write<T: Send>(
        &mut self,
        f: impl FnOnce(&mut Tx, &mut ReportCache) -> Result<T> + Send,
    ) -> Result<T> {
        let pool = self.pool.clone();
        let cache = &mut self.cache;
        off_runtime(move || {
            let mut lease = pool.get()?;
            let Conn { client, statements } = &mut *lease;
            let tx = client.transaction().map_err(|e| classify(&pool.name, &e))?;
            let mut tx = Tx { tx, statements, name: &pool.name };
            tx.exec(
                "SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || ':write'))",
                &[&LOCK_SPACE],
            )?;
            // Another writer's commit since this one's last may have
            // changed any incident: what was read before is forgotten.
            let n: i64 = tx.one("UPDATE rasd_writes SET n = n + 1 RETURNING n", &[])?.get(0);
            if cache.data_version != Some(n - 1) {
                cache.clear();
            }
            cache.data_version = None;
            let out = match f(&mut tx, cache) {
                Ok(out) => out,
                Err(e) => {
                    // What the cache holds may be what was rolled back.
                    cache.clear();
                    return Err(e);
                }
            };
            tx.tx.commit().map_err(|e| {
                cache.clear();
                classify(&pool.name, &e)
            })?;
            cache.data_version = Some(n);
            Ok(out)
        })
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<u32> {
        self.read(|tx| {
            let v: Option<i32> = tx.one("SELECT max(version) FROM rasd_schema", &[])?.get(0);
            Ok(v.unwrap_or(0) as u32)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_their_password_and_keep_their_pool_size_apart() {
        assert_eq!(display_name("postgres://u:secret@h:5432/db"), "postgres://u@h:5432/db");
        assert_eq!(display_name("postgres://h/db"), "postgres://h/db");
        let (url, n) = split_pool_size("postgres://h/db?pool_size=3&sslmode=disable").unwrap();
        assert_eq!((url.as_str(), n), ("postgres://h/db?sslmode=disable", Some(3)));
        assert!(split_pool_size("postgres://h/db?pool_size=0").is_err());
        assert!(is_postgres_url("postgresql://h/db") && !is_postgres_url("rasd.db"));
    }
}
