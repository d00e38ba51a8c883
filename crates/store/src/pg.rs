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
//! **Blocking.** The driver is the synchronous `postgres` crate over a
//! small pool of connections ([`Pool`]). Each connection runs its own
//! tiny runtime, which must not be started from inside an async runtime:
//! called from one (a server's handler, a worker), a method runs on a
//! scoped thread instead ([`off_runtime`]), so the trait stays synchronous
//! and nothing panics.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement, Transaction};
use rasd_core::{Event, Mention};

use crate::filter::{Filter, Sort};
use crate::link::{self, Incident};
use crate::reports::{self, IncidentRows, Loaded, ReportCache};
use crate::{
    Article, CoverageRow, Dimension, DocInfo, EventRow, GroupTie, IndexDoc, IngestReport, Result,
    Sighting, StatRow, Store, StoreError, StoredDoc, Totals, Vocabulary,
};

/// The schema version this build writes (PostgreSQL's own numbering).
pub const PG_SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Schema changes, oldest first; entry `n` takes a database from version
/// `n` to `n + 1`. Each runs in one transaction with the version's update.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/postgres/0001_schema.sql")];

/// First key of rasd's advisory locks ("rasd" in ASCII); the second is a
/// hash of the schema's name and the lock's purpose.
const LOCK_SPACE: i32 = 0x7261_7364;

/// Connections a store opens at most when the URL does not say
/// (`pool_size=N`).
const DEFAULT_POOL: usize = 8;

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

/// One pooled connection and the statements prepared on it.
struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

/// A few connections shared by clones of a store.
struct Pool {
    config: postgres::Config,
    idle: Mutex<(Vec<Conn>, usize)>,
    ready: Condvar,
    size: usize,
    name: String,
}

/// A connection lent by the pool; given back when dropped, unless broken.
struct Lease<'a> {
    pool: &'a Pool,
    conn: Option<Conn>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        let mut idle = self.pool.idle.lock().unwrap_or_else(|p| p.into_inner());
        match self.conn.take() {
            Some(c) if !c.client.is_closed() => idle.0.push(c),
            _ => idle.1 -= 1,
        }
        self.pool.ready.notify_one();
    }
}

impl Drop for Pool {
    /// Closing a connection blocks on the driver's runtime too.
    fn drop(&mut self) {
        let idle = std::mem::take(&mut self.idle.get_mut().unwrap_or_else(|p| p.into_inner()).0);
        off_runtime(move || drop(idle));
    }
}

impl Pool {
    fn get(&self) -> Result<Lease<'_>> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(c) = idle.0.pop() {
                return Ok(Lease { pool: self, conn: Some(c) });
            }
            if idle.1 < self.size {
                idle.1 += 1;
                drop(idle);
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Lease {
                        pool: self,
                        conn: Some(Conn { client, statements: HashMap::new() }),
                    }),
                    Err(e) => {
                        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
                        idle.1 -= 1;
                        self.ready.notify_one();
                        Err(classify(&self.name, &e))
                    }
                };
            }
            idle = self.ready.wait(idle).unwrap_or_else(|p| p.into_inner());
        }
    }
}

fn classify(name: &str, e: &postgres::Error) -> StoreError {
    let path = name.to_string();
    if let Some(db) = e.as_db_error() {
        if db.code() == &postgres::error::SqlState::QUERY_CANCELED {
            return StoreError::TooSlow { path };
        }
        if db.code() == &postgres::error::SqlState::DISK_FULL {
            return StoreError::Full { path };
        }
        return StoreError::Db { path, detail: db.message().to_string() };
    }
    // The driver's own words (connection refused, closed, bad URL), on one
    // line.
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let more = s.to_string();
        if !detail.contains(&more) {
            detail = format!("{detail}: {more}");
        }
        source = s.source();
    }
    StoreError::Db { path, detail: detail.replace('\n', " ") }
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
        let pool = Pool {
            config,
            idle: Mutex::new((Vec::new(), 0)),
            ready: Condvar::new(),
            size: size.unwrap_or(DEFAULT_POOL),
            name,
        };
        let store = PgStore {
            pool: Arc::new(pool),
            deadline: AtomicU64::new(0),
            cache: ReportCache::default(),
        };
        off_runtime(|| store.migrate(create))?;
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
        let conn = lease.conn.as_mut().expect("held until dropped");
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
        let Conn { client, statements } = lease.conn.as_mut().expect("held until dropped");
        let tx = client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| self.err(&e))?;
        let mut tx = Tx { tx, statements, name: &self.pool.name };
        let at = self.deadline.load(Ordering::Relaxed);
        if at != 0 {
            let left = at.saturating_sub(epoch().elapsed().as_millis() as u64).max(1);
            tx.tx
                .batch_execute(&format!("SET LOCAL statement_timeout = {left}"))
                .map_err(|e| self.err(&e))?;
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
            let Conn { client, statements } = lease.conn.as_mut().expect("held until dropped");
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

/// A transaction with the connection's prepared statements.
struct Tx<'a> {
    tx: Transaction<'a>,
    statements: &'a mut HashMap<String, Statement>,
    name: &'a str,
}

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

impl Tx<'_> {
    fn err(&self, e: &postgres::Error) -> StoreError {
        classify(self.name, e)
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql).map_err(|e| classify(self.name, &e))?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn query(&mut self, sql: &str, params: Params) -> Result<Vec<Row>> {
        let s = self.statement(sql)?;
        self.tx.query(&s, params).map_err(|e| self.err(&e))
    }

    fn one(&mut self, sql: &str, params: Params) -> Result<Row> {
        let s = self.statement(sql)?;
        self.tx.query_one(&s, params).map_err(|e| self.err(&e))
    }

    fn opt(&mut self, sql: &str, params: Params) -> Result<Option<Row>> {
        let s = self.statement(sql)?;
        self.tx.query_opt(&s, params).map_err(|e| self.err(&e))
    }

    fn exec(&mut self, sql: &str, params: Params) -> Result<u64> {
        let s = self.statement(sql)?;
        self.tx.execute(&s, params).map_err(|e| self.err(&e))
    }

    /// A query built at run time (filters): prepared once per text.
    fn dynamic(&mut self, sql: &str, params: &Values) -> Result<Vec<Row>> {
        let refs = params.refs();
        self.query(sql, &refs)
    }
}

/// Values bound to a query built at run time, numbered as they are added.
#[derive(Default)]
struct Values(Vec<Box<dyn ToSql + Sync + Send>>);

impl Values {
    /// Adds a value; returns its placeholder (`$n`).
    fn add(&mut self, v: impl ToSql + Sync + Send + 'static) -> String {
        self.0.push(Box::new(v));
        format!("${}", self.0.len())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|b| b.as_ref() as &(dyn ToSql + Sync)).collect()
    }
}

fn decode_event(name: &str, json: &str) -> Result<Event> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        path: name.into(),
        detail: format!("event record: {e}"),
    })
}

fn count(v: Option<i64>) -> Option<u32> {
    v.and_then(|n| u32::try_from(n).ok())
}

/// SQL conditions for a filter, over a table aliased `t` (see the SQLite
/// store's `conditions`, which this follows clause by clause).
fn conditions(f: &Filter, groups: (&str, &str), v: &mut Values) -> String {
    let mut sql = String::new();
    if !f.include_history {
        sql.push_str(" AND NOT t.history");
    }
    if let Some(c) = f.min_confidence {
        sql.push_str(&format!(" AND t.confidence >= {}", v.add(c)));
    }
    if let Some(d) = f.since {
        sql.push_str(&format!(" AND t.day >= {}", v.add(d.to_string())));
    }
    if let Some(d) = f.until {
        sql.push_str(&format!(" AND t.day <= {}", v.add(d.to_string())));
    }
    if !f.countries.is_empty() {
        let cs: Vec<String> = f.countries.iter().map(|c| c.to_uppercase()).collect();
        sql.push_str(&format!(" AND t.country = ANY({})", v.add(cs)));
    }
    if let Some(p) = &f.place {
        // SQLite's NOCASE folds ASCII letters only, as lower() does in the
        // "C" collation.
        let p = v.add(p.clone());
        sql.push_str(&format!(
            " AND (lower(t.place) = lower({p}) OR t.place_ar = {p} OR lower(t.admin1) = lower({p}) OR t.place_id = {p})"
        ));
    }
    if !f.types.is_empty() {
        let ts: Vec<String> = f.types.iter().map(|t| t.as_str().to_string()).collect();
        sql.push_str(&format!(" AND t.type = ANY({})", v.add(ts)));
    }
    if let Some(k) = f.min_killed {
        sql.push_str(&format!(" AND t.killed >= {}", v.add(i64::from(k))));
    }
    if !f.groups.is_empty() {
        let (table, col) = groups;
        // A bare id (`iskp`) matches the group or force it names.
        let keys: Vec<String> = f
            .groups
            .iter()
            .flat_map(|g| [g.clone(), format!("group:{g}"), format!("actor:{g}")])
            .collect();
        let names: Vec<String> = f.groups.iter().map(|g| g.to_lowercase()).collect();
        let (k, n) = (v.add(keys), v.add(names));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM {table} g WHERE g.{col} = t.id AND (g.group_key = ANY({k}) OR lower(g.name) = ANY({n})))"
        ));
    }
    sql
}

/// The order of events and incidents; NULLs where SQLite puts them (first
/// when ascending, last when descending).
fn order(f: &Filter) -> &'static str {
    match f.sort {
        Sort::Newest => " ORDER BY t.date IS NULL, t.day DESC NULLS LAST, t.id DESC",
        Sort::Oldest => " ORDER BY t.date IS NULL, t.day ASC NULLS FIRST, t.id ASC",
        Sort::Killed => " ORDER BY coalesce(t.killed, -1) DESC, t.day DESC NULLS LAST, t.id DESC",
    }
}

fn page(f: &Filter, v: &mut Values) -> String {
    let limit = v.add(f.limit.map(|l| l.min(i64::MAX as usize) as i64));
    let offset = v.add(f.offset.min(i64::MAX as usize) as i64);
    format!(" LIMIT {limit} OFFSET {offset}")
}

const EVENT_COLUMNS: &str =
    "t.id, t.json, t.incident_id, d.id, d.ext_id, d.url, d.source, d.published, d.title";

fn doc_info(r: &Row, at: usize) -> DocInfo {
    DocInfo {
        id: r.get(at),
        ext_id: r.get(at + 1),
        url: r.get(at + 2),
        source: r.get(at + 3),
        published: r.get(at + 4),
        title: r.get(at + 5),
    }
}

fn event_rows(tx: &mut Tx, where_sql: &str, v: &Values) -> Result<Vec<EventRow>> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events t JOIN documents d ON d.id = t.doc_id WHERE {where_sql}"
    );
    let rows = tx.dynamic(&sql, v)?;
    rows.iter()
        .map(|r| {
            let json: String = r.get(1);
            let mut event = decode_event(tx.name, &json)?;
            event.incident = r.get::<_, Option<i64>>(2).map(|i| i.to_string());
            Ok(EventRow { id: r.get(0), doc: doc_info(r, 3), event })
        })
        .collect()
}

fn incident_rows(tx: &mut Tx, where_sql: &str, v: &Values) -> Result<Vec<Incident>> {
    let rows = tx.dynamic(&format!("SELECT t.summary FROM incidents t WHERE {where_sql}"), v)?;
    rows.iter()
        .map(|r| {
            serde_json::from_str(r.get::<_, &str>(0)).map_err(|e| StoreError::Corrupt {
                path: tx.name.into(),
                detail: format!("incident record: {e}"),
            })
        })
        .collect()
}

/// The key a group is stored under: its lexicon id, else its name.
fn group_key(id: Option<&str>, name: &str) -> String {
    id.map(str::to_string).unwrap_or_else(|| name.to_lowercase())
}

fn status_str(s: rasd_core::Status) -> &'static str {
    match s {
        rasd_core::Status::Claimed => "claimed",
        rasd_core::Status::Attributed => "attributed",
        rasd_core::Status::Suspected => "suspected",
    }
}

/// The day a date string starts on (`2018-05` → `2018-05-01`).
fn first_day(date: Option<&str>) -> Option<String> {
    date.and_then(crate::filter::day_range).map(|r| r.first.to_string())
}

/// An event as stored: its id and its JSON.
type StoredEvent = (i64, String);

impl Tx<'_> {
    /// Stores one article (the SQLite store's `put`, step for step);
    /// returns its id and its new events, or `None` when nothing changed.
    fn put(
        &mut self,
        cache: &mut ReportCache,
        a: &Article,
        seq: i64,
        report: &mut IngestReport,
    ) -> Result<Option<(i64, Vec<StoredEvent>)>> {
        let doc = &a.doc;
        let key = crate::sqlite::doc_key(doc);
        let h = crate::content_hash(doc);
        let existing = self
            .opt("SELECT id, hash FROM documents WHERE key = $1", &[&key])?
            .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)));
        let pub_day = doc.published.as_deref().and_then(|p| p.get(..10)).map(str::to_string);
        let now = jiff::Timestamp::now().to_string();
        let doc_id = match existing {
            Some((_, old)) if old == h => {
                report.unchanged += 1;
                return Ok(None);
            }
            Some((id, old)) => {
                if self
                    .opt("SELECT 1 FROM superseded WHERE key = $1 AND hash = $2", &[&key, &h])?
                    .is_some()
                {
                    report.superseded += 1;
                    return Ok(None);
                }
                self.exec(
                    "INSERT INTO superseded (key, hash) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&key, &old],
                )?;
                self.forget_events(cache, id)?;
                self.exec(
                    "UPDATE documents SET ext_id=$2, url=$3, source=$4, published=$5, pub_day=$6,
                     title=$7, text=$8, hash=$9, seq=$10, ingested_at=$11 WHERE id=$1",
                    &[
                        &id,
                        &doc.id,
                        &doc.url,
                        &doc.source,
                        &doc.published,
                        &pub_day,
                        &doc.title,
                        &doc.text,
                        &h,
                        &seq,
                        &now,
                    ],
                )?;
                self.exec("DELETE FROM mentions WHERE doc_id = $1", &[&id])?;
                report.updated += 1;
                id
            }
            None => {
                if self.opt("SELECT id FROM documents WHERE hash = $1 LIMIT 1", &[&h])?.is_some() {
                    report.duplicates += 1;
                    return Ok(None);
                }
                report.added += 1;
                self.one(
                    "INSERT INTO documents (id, key, ext_id, url, source, published, pub_day, title, text,
                     hash, seq, ingested_at)
                     VALUES ((SELECT coalesce(max(id), 0) + 1 FROM documents), $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
                     RETURNING id",
                    &[&key, &doc.id, &doc.url, &doc.source, &doc.published, &pub_day, &doc.title,
                        &doc.text, &h, &seq, &now],
                )?
                .get(0)
            }
        };
        self.insert_mentions(doc_id, &a.mentions)?;
        let mut ids = Vec::with_capacity(a.events.len());
        let mut vocabulary: Vec<(&str, String, String)> = Vec::new();
        for (ord, e) in a.events.iter().enumerate() {
            ids.push(self.insert_event(doc_id, ord, e, pub_day.as_deref())?);
            let places = [&e.place, &e.place_ar, &e.admin1, &e.place_id];
            vocabulary.extend(
                e.country
                    .iter()
                    .map(|c| ("country", c.clone(), String::new()))
                    .chain(
                        places.into_iter().flatten().map(|p| ("place", p.clone(), String::new())),
                    )
                    .chain(
                        e.perpetrators.iter().map(|p| {
                            ("group", group_key(p.id.as_deref(), &p.name), p.name.clone())
                        }),
                    ),
            );
        }
        // What filters may name, for checking them (see `vocabulary`).
        if !vocabulary.is_empty() {
            let kinds: Vec<&str> = vocabulary.iter().map(|v| v.0).collect();
            let values: Vec<&str> = vocabulary.iter().map(|v| v.1.as_str()).collect();
            let names: Vec<&str> = vocabulary.iter().map(|v| v.2.as_str()).collect();
            self.exec(
                "INSERT INTO vocabulary (kind, value, name)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING",
                &[&kinds, &values, &names],
            )?;
        }
        report.events += ids.len();
        Ok(Some((doc_id, ids)))
    }

    fn insert_mentions(&mut self, doc_id: i64, mentions: &[Mention]) -> Result<()> {
        if mentions.is_empty() {
            return Ok(());
        }
        let pos: Vec<i64> = (0..mentions.len() as i64).collect();
        let col = |f: fn(&Mention) -> &str| -> Vec<&str> { mentions.iter().map(f).collect() };
        let (kind, entity, name, surface) =
            (col(|m| &m.kind), col(|m| &m.entity), col(|m| &m.name), col(|m| &m.text));
        let start: Vec<i64> = mentions.iter().map(|m| i64::from(m.span.start)).collect();
        let end: Vec<i64> = mentions.iter().map(|m| i64::from(m.span.end)).collect();
        self.exec(
            "INSERT INTO mentions (doc_id, pos, kind, entity, name, start, \"end\", surface)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[])",
            &[&doc_id, &pos, &kind, &entity, &name, &start, &end, &surface],
        )?;
        Ok(())
    }

    fn insert_event(
        &mut self,
        doc_id: i64,
        ord: usize,
        e: &Event,
        pub_day: Option<&str>,
    ) -> Result<StoredEvent> {
        let mut e = e.clone();
        e.incident = None;
        let json = serde_json::to_string(&e).map_err(|x| StoreError::Invalid(x.to_string()))?;
        let day = first_day(e.date.as_deref()).or(pub_day.map(str::to_string));
        let value = |c: &Option<rasd_core::Count>| c.as_ref().and_then(|c| c.value).map(i64::from);
        let id: i64 = self
            .one(
                "INSERT INTO events (id, doc_id, ord, type, date, day, country, place, place_ar, place_id,
                 admin1, killed, injured, aggregate, json, main, history, confidence)
                 VALUES ((SELECT coalesce(max(id), 0) + 1 FROM events),
                 $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) RETURNING id",
                &[
                    &doc_id,
                    &(ord as i64),
                    &e.event_type.as_str(),
                    &e.date,
                    &day,
                    &e.country,
                    &e.place,
                    &e.place_ar,
                    &e.place_id,
                    &e.admin1,
                    &value(&e.killed),
                    &value(&e.injured),
                    &e.aggregate,
                    &json,
                    &e.main,
                    &e.history,
                    &e.confidence,
                ],
            )?
            .get(0);
        self.insert_groups(
            "event_groups",
            "event_id",
            id,
            e.perpetrators.iter().map(|p| (p.id.as_deref(), p.name.as_str(), p.status)),
        )?;
        Ok((id, json))
    }

    /// Stores the groups tied to an event or an incident, in their order.
    fn insert_groups<'g>(
        &mut self,
        table: &str,
        owner_col: &str,
        owner: i64,
        groups: impl Iterator<Item = (Option<&'g str>, &'g str, rasd_core::Status)>,
    ) -> Result<()> {
        let (mut keys, mut names, mut statuses) = (Vec::new(), Vec::new(), Vec::new());
        for (id, name, status) in groups {
            keys.push(group_key(id, name));
            names.push(name);
            statuses.push(status_str(status));
        }
        if keys.is_empty() {
            return Ok(());
        }
        let pos: Vec<i64> = (0..keys.len() as i64).collect();
        let sql = format!(
            "INSERT INTO {table} ({owner_col}, pos, group_key, name, status)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])"
        );
        self.exec(&sql, &[&owner, &pos, &keys, &names, &statuses])?;
        Ok(())
    }

    /// Deletes an article's events, then updates or drops the incidents
    /// they were part of.
    fn forget_events(&mut self, cache: &mut ReportCache, doc_id: i64) -> Result<()> {
        let touched: Vec<i64> = self
            .query(
                "SELECT DISTINCT incident_id FROM events WHERE doc_id = $1 AND incident_id IS NOT NULL
                 ORDER BY incident_id",
                &[&doc_id],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        self.exec("DELETE FROM events WHERE doc_id = $1", &[&doc_id])?;
        for id in touched {
            reports::refresh_incident(self, cache, id)?;
        }
        Ok(())
    }

    fn load_reports(&mut self, sql: &str, arg: i64) -> Result<Vec<Loaded>> {
        let rows = self.query(sql, &[&arg])?;
        rows.iter()
            .map(|r| {
                let json: &str = r.get(5);
                Ok(Loaded {
                    event_id: r.get(0),
                    doc: r.get(1),
                    key: r.get(2),
                    published: r.get(3),
                    source: r.get(4),
                    event: decode_event(self.name, json)?,
                })
            })
            .collect()
    }
}

impl IncidentRows for Tx<'_> {
    fn candidates(&mut self, c: &link::Candidates) -> Result<Vec<i64>> {
        let [t0, t1, t2] = c.tier_starts.map(|d| d.to_string());
        let rows = self.query(
            "SELECT id FROM incidents WHERE country = $1 AND win_tier = 0 AND win_lo >= $4 AND win_lo <= $3 AND win_hi >= $2
             UNION ALL
             SELECT id FROM incidents WHERE country = $1 AND win_tier = 1 AND win_lo >= $5 AND win_lo <= $3 AND win_hi >= $2
             UNION ALL
             SELECT id FROM incidents WHERE country = $1 AND win_tier = 2 AND win_lo >= $6 AND win_lo <= $3 AND win_hi >= $2
             UNION ALL
             SELECT id FROM incidents WHERE country = $1 AND win_tier = 3 AND win_lo <= $3 AND win_hi >= $2",
            &[&c.country, &c.lo.to_string(), &c.hi.to_string(), &t0, &t1, &t2],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn incident_reports(&mut self, id: i64) -> Result<Vec<Loaded>> {
        Ok(self
            .load_reports(
                "SELECT e.id, e.doc_id, d.key, d.published, d.source, e.json FROM events e
                 JOIN documents d ON d.id = e.doc_id WHERE e.incident_id = $1
                 ORDER BY d.published NULLS FIRST, d.key",
                id,
            )?
            .into_iter()
            .map(Loaded::without_evidence)
            .collect())
    }

    fn new_incident(&mut self, ty: rasd_core::EventType) -> Result<i64> {
        Ok(self
            .one(
                "INSERT INTO incidents (id, type, reports, summary)
                 VALUES ((SELECT coalesce(max(id), 0) + 1 FROM incidents), $1, 0, '{}') RETURNING id",
                &[&ty.as_str()],
            )?
            .get(0))
    }

    fn attach(&mut self, event_id: i64, incident: i64) -> Result<()> {
        self.exec("UPDATE events SET incident_id = $2 WHERE id = $1", &[&event_id, &incident])
            .map(drop)
    }

    fn put_incident(&mut self, id: i64, inc: &Incident) -> Result<()> {
        self.exec("DELETE FROM incident_groups WHERE incident_id = $1", &[&id])?;
        let summary = serde_json::to_string(inc).map_err(|x| StoreError::Invalid(x.to_string()))?;
        let day = link::incident_day(inc).map(|d| d.to_string());
        let best = |t: &Option<link::Toll>| t.as_ref().and_then(|t| t.best).map(i64::from);
        self.exec(
            "INSERT INTO incidents (id, type, day, country, place, place_ar, place_id, admin1, killed,
             injured, reports, win_lo, win_hi, summary, history, confidence, date, win_tier)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
             ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, day = EXCLUDED.day,
             country = EXCLUDED.country, place = EXCLUDED.place, place_ar = EXCLUDED.place_ar,
             place_id = EXCLUDED.place_id, admin1 = EXCLUDED.admin1, killed = EXCLUDED.killed,
             injured = EXCLUDED.injured, reports = EXCLUDED.reports, win_lo = EXCLUDED.win_lo,
             win_hi = EXCLUDED.win_hi, summary = EXCLUDED.summary, history = EXCLUDED.history,
             confidence = EXCLUDED.confidence, date = EXCLUDED.date, win_tier = EXCLUDED.win_tier",
            &[
                &id,
                &inc.event_type.as_str(),
                &day,
                &inc.country,
                &inc.place,
                &inc.place_ar,
                &inc.place_id,
                &inc.admin1,
                &best(&inc.killed),
                &best(&inc.injured),
                &(inc.reports as i64),
                &inc.window_first,
                &inc.window_last,
                &summary,
                &inc.history,
                &inc.confidence,
                &inc.date,
                &link::window_tier(inc.window_first.as_deref(), inc.window_last.as_deref()),
            ],
        )?;
        self.insert_groups(
            "incident_groups",
            "incident_id",
            id,
            inc.perpetrators.iter().map(|a| (a.id.as_deref(), a.name.as_str(), a.status)),
        )
    }

    fn delete_incident(&mut self, id: i64) -> Result<()> {
        self.exec("DELETE FROM incident_groups WHERE incident_id = $1", &[&id])?;
        self.exec("DELETE FROM incidents WHERE id = $1", &[&id]).map(drop)
    }
}

/// `2018-05-06` → `2018-W18`.
fn iso_week(day: &str) -> Option<String> {
    let d: jiff::civil::Date = day.get(..10)?.parse().ok()?;
    let w = d.iso_week_date();
    Some(format!("{}-W{:02}", w.year(), w.week()))
}

/// Articles read for exports per round trip.
const DOCUMENTS_PER_FETCH: i32 = 256;

impl PgStore {
    /// Articles matching `cond` in order of id, with their events and
    /// mentions, fetched a few hundred at a time from one snapshot. Runs on
    /// this thread, which is outside any async runtime.
    fn documents_where(
        &self,
        cond: &str,
        v: Values,
        each: &mut dyn FnMut(StoredDoc) -> bool,
    ) -> Result<()> {
        self.read_here(|tx| {
            let sql = format!(
                "SELECT d.id, d.ext_id, d.url, d.source, d.published, d.title, d.text FROM documents d
                 WHERE {cond} ORDER BY d.id"
            );
            let refs = v.refs();
            let portal = tx.tx.bind(sql.as_str(), &refs).map_err(|e| tx.err(&e))?;
            loop {
                let rows = tx.tx.query_portal(&portal, DOCUMENTS_PER_FETCH).map_err(|e| tx.err(&e))?;
                if rows.is_empty() {
                    return Ok(());
                }
                let ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
                let mut events: HashMap<i64, Vec<Event>> = HashMap::new();
                let mut w = Values::default();
                let at = w.add(ids.clone());
                for r in event_rows(tx, &format!("t.doc_id = ANY({at}) ORDER BY t.doc_id, t.ord"), &w)? {
                    events.entry(r.doc.id).or_default().push(r.event);
                }
                let mut mentions: HashMap<i64, Vec<Mention>> = HashMap::new();
                for r in tx.query(
                    "SELECT doc_id, kind, entity, name, start, \"end\", surface FROM mentions
                     WHERE doc_id = ANY($1) ORDER BY doc_id, start, pos",
                    &[&ids],
                )? {
                    mentions.entry(r.get(0)).or_default().push(Mention {
                        kind: r.get(1),
                        entity: r.get(2),
                        name: r.get(3),
                        span: rasd_core::Span {
                            start: r.get::<_, i64>(4) as u32,
                            end: r.get::<_, i64>(5) as u32,
                        },
                        text: r.get(6),
                    });
                }
                for r in &rows {
                    let info = doc_info(r, 0);
                    let id = info.id;
                    let doc = StoredDoc {
                        info,
                        text: r.get(6),
                        events: events.remove(&id).unwrap_or_default(),
                        mentions: mentions.remove(&id).unwrap_or_default(),
                    };
                    if !each(doc) {
                        return Ok(());
                    }
                }
            }
        })
    }
}

impl Store for PgStore {
    fn ingest(&mut self, batch: &[Article]) -> Result<IngestReport> {
        self.write(|tx, cache| {
            let mut report = IngestReport::default();
            let mut seq: i64 = tx.one("SELECT coalesce(max(seq), 0) FROM documents", &[])?.get(0);
            for a in batch {
                seq += 1;
                let Some((doc, ids)) = tx.put(cache, a, seq, &mut report)? else { continue };
                let t = Instant::now();
                let key = crate::sqlite::doc_key(&a.doc);
                let loaded = |event_id, event| Loaded {
                    event_id,
                    doc,
                    key: key.clone(),
                    published: a.doc.published.clone(),
                    source: a.doc.source.clone(),
                    event,
                };
                let mut mine = Vec::with_capacity(ids.len());
                let mut stored = Vec::with_capacity(ids.len());
                for ((event_id, json), e) in ids.into_iter().zip(&a.events) {
                    mine.push(loaded(event_id, Event { incident: None, ..e.clone() }));
                    stored.push(loaded(event_id, decode_event(tx.name, &json)?).without_evidence());
                }
                reports::link_doc(tx, cache, mine, stored, &mut report)?;
                report.link_time += t.elapsed();
            }
            Ok(report)
        })
    }

    fn relink(&mut self) -> Result<u64> {
        self.write(|tx, cache| {
            tx.tx
                .batch_execute(
                    "UPDATE events SET incident_id = NULL; DELETE FROM incident_groups; DELETE FROM incidents;",
                )
                .map_err(|e| tx.err(&e))?;
            let rows = tx.query(
                "SELECT e.id, e.doc_id, d.key, d.published, d.source, e.json FROM events e
                 JOIN documents d ON d.id = e.doc_id
                 ORDER BY d.pub_day IS NULL, d.pub_day, d.published NULLS FIRST, d.key, e.ord",
                &[],
            )?;
            let mut by_doc: Vec<Vec<Loaded>> = Vec::new();
            for r in &rows {
                let l = Loaded {
                    event_id: r.get(0),
                    doc: r.get(1),
                    key: r.get(2),
                    published: r.get(3),
                    source: r.get(4),
                    event: decode_event(tx.name, r.get(5))?,
                };
                match by_doc.last_mut() {
                    Some(evs) if evs[0].doc == l.doc => evs.push(l),
                    _ => by_doc.push(vec![l]),
                }
            }
            drop(rows);
            let mut report = IngestReport::default();
            cache.clear();
            for evs in by_doc {
                let stored = evs.iter().map(|l| l.clone().without_evidence()).collect();
                reports::link_doc(tx, cache, evs, stored, &mut report)?;
            }
            Ok(tx.one("SELECT count(*) FROM incidents", &[])?.get::<_, i64>(0) as u64)
        })
    }

    fn events(&self, f: &Filter) -> Result<Vec<EventRow>> {
        self.read(|tx| {
            let mut v = Values::default();
            let mut cond = conditions(f, ("event_groups", "event_id"), &mut v);
            if let Some(d) = f.doc {
                cond.push_str(&format!(" AND t.doc_id = {}", v.add(d)));
            }
            let tail = format!("NOT t.aggregate{cond}{}{}", order(f), page(f, &mut v));
            event_rows(tx, &tail, &v)
        })
    }

    fn incidents(&self, f: &Filter) -> Result<Vec<Incident>> {
        self.read(|tx| {
            let mut v = Values::default();
            let cond = conditions(f, ("incident_groups", "incident_id"), &mut v);
            let tail = format!("TRUE{cond}{}{}", order(f), page(f, &mut v));
            incident_rows(tx, &tail, &v)
        })
    }

    fn incident(&self, id: i64) -> Result<Option<(Incident, Vec<EventRow>)>> {
        self.read(|tx| {
            let mut v = Values::default();
            let at = v.add(id);
            let Some(inc) = incident_rows(tx, &format!("t.id = {at}"), &v)?.pop() else {
                return Ok(None);
            };
            let reports = event_rows(
                tx,
                &format!("t.incident_id = {at} ORDER BY d.published NULLS FIRST, t.id"),
                &v,
            )?;
            Ok(Some((inc, reports)))
        })
    }

    fn document(&self, id: i64) -> Result<Option<StoredDoc>> {
        let mut v = Values::default();
        let cond = format!("d.id = {}", v.add(id));
        let mut out = None;
        off_runtime(|| {
            self.documents_where(&cond, v, &mut |d| {
                out = Some(d);
                false
            })
        })?;
        Ok(out)
    }

    fn for_each_document(&self, each: &mut dyn FnMut(StoredDoc) -> bool) -> Result<()> {
        // The callback stays on this thread: documents are passed back
        // through a channel when the reading runs on a thread of its own.
        if tokio::runtime::Handle::try_current().is_err() {
            return self.documents_where("TRUE", Values::default(), each);
        }
        let (tx, rx) = std::sync::mpsc::sync_channel::<StoredDoc>(DOCUMENTS_PER_FETCH as usize);
        std::thread::scope(|s| {
            let reader = s.spawn(move || {
                self.documents_where("TRUE", Values::default(), &mut |d| tx.send(d).is_ok())
            });
            for d in rx.iter() {
                if !each(d) {
                    break;
                }
            }
            drop(rx);
            reader.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    }

    fn documents_matching(&self, f: &Filter) -> Result<Option<Vec<i64>>> {
        if f.is_open() {
            return Ok(None);
        }
        self.read(|tx| {
            let mut v = Values::default();
            let cond = conditions(f, ("event_groups", "event_id"), &mut v);
            let sql = format!(
                "SELECT DISTINCT t.doc_id FROM events t WHERE NOT t.aggregate{cond} ORDER BY 1"
            );
            Ok(Some(tx.dynamic(&sql, &v)?.iter().map(|r| r.get(0)).collect()))
        })
    }

    fn document_infos(&self, ids: &[i64]) -> Result<Vec<DocInfo>> {
        let ids = ids.to_vec();
        self.read(move |tx| {
            let rows = tx.query(
                "SELECT id, ext_id, url, source, published, title FROM documents WHERE id = ANY($1)",
                &[&ids],
            )?;
            let by_id: HashMap<i64, DocInfo> =
                rows.iter().map(|r| (r.get(0), doc_info(r, 0))).collect();
            // In the order asked, as often as asked; unknown ids left out.
            Ok(ids.iter().filter_map(|id| by_id.get(id).cloned()).collect())
        })
    }

    fn list_documents(&self, f: &Filter) -> Result<Vec<DocInfo>> {
        self.read(|tx| {
            let mut v = Values::default();
            let restrict = if f.is_open() {
                String::new()
            } else {
                let cond = conditions(f, ("event_groups", "event_id"), &mut v);
                format!(
                    " AND EXISTS (SELECT 1 FROM events t WHERE t.doc_id = d.id AND NOT t.aggregate{cond})"
                )
            };
            let sql = format!(
                "SELECT d.id, d.ext_id, d.url, d.source, d.published, d.title FROM documents d
                 WHERE TRUE{restrict} ORDER BY d.published IS NULL, d.published DESC, d.id DESC{}",
                page(f, &mut v)
            );
            Ok(tx.dynamic(&sql, &v)?.iter().map(|r| doc_info(r, 0)).collect())
        })
    }

    fn changed_since(&self, seq: i64, limit: usize) -> Result<Vec<IndexDoc>> {
        self.read(|tx| {
            let rows = tx.query(
                "SELECT id, text, seq FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&seq, &(limit.min(i64::MAX as usize) as i64)],
            )?;
            Ok(rows
                .iter()
                .map(|r| IndexDoc { id: r.get(0), text: r.get(1), seq: r.get(2) })
                .collect())
        })
    }

    fn last_seq(&self) -> Result<i64> {
        self.read(|tx| Ok(tx.one("SELECT coalesce(max(seq), 0) FROM documents", &[])?.get(0)))
    }

    fn stats(&self, f: &Filter, by: Dimension) -> Result<Vec<StatRow>> {
        let rows: Vec<(String, i64, i64, i64)> = self.read(|tx| {
            let mut v = Values::default();
            let cond = conditions(f, ("incident_groups", "incident_id"), &mut v);
            let key = match by {
                Dimension::Group => {
                    "coalesce((SELECT string_agg(g.name, '|' ORDER BY g.pos) FROM incident_groups g WHERE g.incident_id = t.id), '')"
                }
                Dimension::Country => "coalesce(t.country, '')",
                Dimension::Type => "t.type",
                Dimension::Month | Dimension::Week => "coalesce(t.day, '')",
            };
            let sql = format!(
                "SELECT {key}, coalesce(t.killed, 0), coalesce(t.injured, 0), t.reports FROM incidents t WHERE TRUE{cond}"
            );
            Ok(tx.dynamic(&sql, &v)?.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect())
        })?;
        let mut acc: BTreeMap<String, StatRow> = BTreeMap::new();
        for (k, killed, injured, reports) in rows {
            let keys: Vec<String> = match by {
                Dimension::Group if k.is_empty() => vec!["(unknown)".into()],
                Dimension::Group => k.split('|').map(str::to_string).collect(),
                Dimension::Month => vec![k.get(..7).unwrap_or("(undated)").to_string()],
                Dimension::Week => vec![iso_week(&k).unwrap_or_else(|| "(undated)".into())],
                _ if k.is_empty() => vec!["(unknown)".into()],
                _ => vec![k],
            };
            for k in keys {
                let row = acc.entry(k.clone()).or_insert(StatRow {
                    key: k,
                    incidents: 0,
                    killed: 0,
                    injured: 0,
                    reports: 0,
                });
                row.incidents += 1;
                row.killed += killed as u64;
                row.injured += injured as u64;
                row.reports += reports as u64;
            }
        }
        let mut out: Vec<StatRow> = acc.into_values().collect();
        if matches!(by, Dimension::Group | Dimension::Country | Dimension::Type) {
            out.sort_by(|a, b| {
                (b.incidents, b.killed, &a.key).cmp(&(a.incidents, a.killed, &b.key))
            });
        }
        Ok(out)
    }

    fn totals(&self) -> Result<Totals> {
        self.read(|tx| {
            let r = tx.one(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
                        (SELECT count(*) FROM incidents), (SELECT count(*) FROM mentions)",
                &[],
            )?;
            let n = |i: usize| r.get::<_, i64>(i) as u64;
            Ok(Totals { documents: n(0), events: n(1), incidents: n(2), mentions: n(3) })
        })
    }

    fn sightings(&self, f: &Filter) -> Result<Vec<Sighting>> {
        self.read(|tx| {
            let mut v = Values::default();
            // SQLite's LIKE ignores the case of ASCII letters; ILIKE too.
            let running = v.add(format!("%({})", rasd_core::RUNNING_TOTAL));
            let cond = conditions(f, ("event_groups", "event_id"), &mut v);
            let sql = format!(
                "SELECT t.id, t.incident_id, d.pub_day, t.date, t.main, t.country, t.place, t.type, t.killed,
                        t.injured, t.place_ar,
                        (SELECT string_agg(g.group_key || chr(31) || g.name || chr(31) || g.status, chr(30) ORDER BY g.pos)
                         FROM event_groups g WHERE g.event_id = t.id),
                        t.doc_id, d.source, t.history,
                        coalesce(t.json::jsonb #>> '{{killed,evidence,0,rule}}', '') ILIKE {running}
                 FROM events t JOIN documents d ON d.id = t.doc_id
                 WHERE NOT t.aggregate AND t.incident_id IS NOT NULL{cond}
                 ORDER BY d.pub_day IS NULL, d.pub_day, d.published NULLS FIRST, t.id"
            );
            let rows = tx.dynamic(&sql, &v)?;
            Ok(rows
                .iter()
                .map(|r| {
                    let ty: &str = r.get(7);
                    let groups: Option<String> = r.get(11);
                    Sighting {
                        event_id: r.get(0),
                        incident: r.get(1),
                        published: r.get(2),
                        date: r.get(3),
                        main: r.get(4),
                        country: r.get(5),
                        place: r.get(6),
                        place_ar: r.get(10),
                        event_type: crate::parse_type(ty).unwrap_or(rasd_core::EventType::Attack),
                        killed: count(r.get(8)),
                        injured: count(r.get(9)),
                        groups: groups
                            .unwrap_or_default()
                            .split('\u{1e}')
                            .filter(|g| !g.is_empty())
                            .filter_map(|g| {
                                let mut p = g.split('\u{1f}');
                                let (key, name, status) = (p.next()?, p.next()?, p.next()?);
                                let status = match status {
                                    "claimed" => rasd_core::Status::Claimed,
                                    "attributed" => rasd_core::Status::Attributed,
                                    _ => rasd_core::Status::Suspected,
                                };
                                Some(GroupTie { key: key.into(), name: name.into(), status })
                            })
                            .collect(),
                        doc_id: r.get(12),
                        source: r.get(13),
                        history: r.get(14),
                        killed_running_total: r.get(15),
                    }
                })
                .collect())
        })
    }

    fn coverage(&self) -> Result<Vec<CoverageRow>> {
        self.read(|tx| {
            let rows = tx.query(
                "SELECT pub_day, source, NULL::text COLLATE \"C\", count(*) FROM documents
                     WHERE pub_day IS NOT NULL GROUP BY pub_day, source
                 UNION ALL
                 SELECT d.pub_day, d.source, e.country, count(*) FROM documents d
                     JOIN (SELECT DISTINCT doc_id, country FROM events WHERE country IS NOT NULL) e
                     ON e.doc_id = d.id
                     WHERE d.pub_day IS NOT NULL GROUP BY d.pub_day, d.source, e.country
                 ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST",
                &[],
            )?;
            Ok(rows
                .iter()
                .map(|r| CoverageRow {
                    day: r.get(0),
                    source: r.get(1),
                    country: r.get(2),
                    articles: r.get::<_, i64>(3) as u64,
                })
                .collect())
        })
    }

    fn vocabulary(&self) -> Result<Vocabulary> {
        self.read(|tx| {
            let strings = |tx: &mut Tx, kind: &str| -> Result<Vec<String>> {
                Ok(tx
                    .query("SELECT value FROM vocabulary WHERE kind = $1 ORDER BY value", &[&kind])?
                    .iter()
                    .map(|r| r.get(0))
                    .collect())
            };
            let countries = strings(tx, "country")?;
            let groups = tx
                .query(
                    "SELECT value, name FROM vocabulary WHERE kind = 'group' ORDER BY value, name",
                    &[],
                )?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let places = strings(tx, "place")?;
            Ok(Vocabulary {
                countries: countries.into_iter().map(|c| (c.clone(), c)).collect(),
                groups,
                places,
            })
        })
    }

    /// Refreshes the planner's statistics after a large write.
    fn maintain(&self) -> Result<()> {
        off_runtime(|| {
            let mut lease = self.pool.get()?;
            let conn = lease.conn.as_mut().expect("held until dropped");
            conn.client
                .batch_execute(
                    "ANALYZE documents, events, incidents, event_groups, incident_groups",
                )
                .map_err(|e| self.err(&e))
        })
    }

    fn set_deadline(&self, deadline: Option<Instant>) {
        let ms = deadline.map_or(0, |d| {
            u64::try_from(d.saturating_duration_since(epoch()).as_millis())
                .unwrap_or(u64::MAX)
                .max(1)
        });
        self.deadline.store(ms, Ordering::Relaxed);
    }

    fn schema_version(&self) -> Result<u32> {
        PgStore::schema_version(self)
    }

    fn reader(&self) -> Result<Box<dyn Store + Send>> {
        Ok(Box::new(self.handle()))
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
