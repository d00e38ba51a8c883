//! `rasd serve`: a JSON API and a web UI over the event database.
//!
//! Every route is declared once, in [`openapi::ENDPOINTS`]: the router is
//! built from that table and so is the OpenAPI document, so the two cannot
//! disagree. Reads go to a pool of read handles on the store (SQLite
//! connections in WAL, which run side by side, or PostgreSQL handles
//! sharing one connection pool) on blocking threads; writes (`POST
//! /api/documents`) go to one writer handle, then the search index
//! catches up. GET responses
//! are cached until the next write.
//!
//! The UI (`src/ui/`) is three static files compiled into the binary: no
//! CDN, no tile server, no request leaves the machine. Article text is only
//! ever put into the page as text (`textContent`), never as markup.

mod api;
mod desk;
mod error;
pub mod openapi;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};

use axum::Router;
use axum::http::{HeaderValue, Method, header};
use rasd_extract::Extractor;
use rasd_store::search::SearchIndex;
use rasd_store::{Database, Store};
use rasd_watch::Config as AlertConfig;
use rasd_watch::Replayed;
use tower_http::cors::CorsLayer;

pub use api::check_query;
pub use error::ApiError;

/// How the server is set up.
#[derive(Clone, Debug)]
pub struct Options {
    /// The database: a file (it must exist) or a PostgreSQL URL.
    pub db: PathBuf,
    /// The search index's folder, when not the default (see
    /// [`Database::open_url`]).
    pub index: Option<PathBuf>,
    /// Bearer token that write requests must carry, named `token` on the
    /// desk; with no token at all (here or in `tokens`): read-only.
    pub token: Option<String>,
    /// Named tokens (name, secret): each person's own, so that the desk
    /// records who acknowledged or acted on a warning.
    pub tokens: Vec<(String, String)>,
    /// Origins allowed by CORS; none: CORS off.
    pub cors: Vec<String>,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Read connections.
    pub readers: usize,
    /// The warning rules.
    pub alerts: AlertConfig,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// Time a client has to send a request's headers, and then its body.
    pub read_timeout: std::time::Duration,
    /// Time a read may spend in the database before it is stopped (a
    /// 503), and the time the replay of warnings may take with the reading
    /// of its reports.
    pub query_budget: std::time::Duration,
    /// The status file `rasd monitor --status-json FILE` keeps, served at
    /// `/api/sources`; none: that route is a 404 saying how to set it.
    pub sources_status: Option<PathBuf>,
}

impl Options {
    /// Defaults for a database file: read-only, no CORS, 16 MB bodies.
    pub fn new(db: &Path) -> Options {
        Options {
            db: db.to_path_buf(),
            index: None,
            token: None,
            tokens: Vec::new(),
            cors: Vec::new(),
            max_body: 16 << 20,
            readers: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2),
            alerts: AlertConfig::default(),
            max_connections: 512,
            read_timeout: std::time::Duration::from_secs(10),
            query_budget: std::time::Duration::from_secs(1),
            sources_status: None,
        }
    }
}

/// A few database connections shared by the request threads.
struct Pool {
    conns: Mutex<Vec<Box<dyn Store + Send>>>,
    ready: Condvar,
    /// How long one lease may spend in the database.
    budget: std::time::Duration,
}

/// A connection lent by the pool, returned when dropped.
struct Lease<'a> {
    pool: &'a Pool,
    conn: Option<Box<dyn Store + Send>>,
}

impl std::ops::Deref for Lease<'_> {
    type Target = dyn Store + Send + 'static;

    fn deref(&self) -> &(dyn Store + Send + 'static) {
        self.conn.as_deref().expect("held until dropped")
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            c.set_deadline(None);
            self.pool.conns.lock().unwrap_or_else(|p| p.into_inner()).push(c);
            self.pool.ready.notify_one();
        }
    }
}

impl Pool {
    fn get(&self) -> Lease<'_> {
        let mut conns = self.conns.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(c) = conns.pop() {
                c.set_deadline(Some(std::time::Instant::now() + self.budget));
                return Lease { pool: self, conn: Some(c) };
            }
            conns = self.ready.wait(conns).unwrap_or_else(|p| p.into_inner());
        }
    }
}

/// A cached response.
#[derive(Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub filename: Option<String>,
}

/// Everything a request handler needs.
pub struct App {
    pool: Pool,
    writer: Mutex<Box<dyn Store + Send>>,
    index: RwLock<SearchIndex>,
    extractor: Extractor,
    /// The tokens writes are accepted with, each with its name.
    tokens: Vec<(String, String)>,
    alerts: AlertConfig,
    generation: AtomicU64,
    cache: Mutex<HashMap<String, (u64, Reply)>>,
    /// As many permits as read connections: requests wait for one here,
    /// asynchronously, rather than as blocked threads on the pool.
    permits: tokio::sync::Semaphore,
    /// One lock per response being computed, so that a burst of the same
    /// request computes it once and the rest wait for the cache.
    in_flight: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// The database as named in messages.
    db_name: String,
    /// The store's write mark (`Store::write_mark`) when last looked at.
    seen_mark: AtomicI64,
    max_body: usize,
    read_timeout: std::time::Duration,
    /// The full replay of warnings and the generation it was made at;
    /// locked while one is computed, so that requests for different
    /// periods wait for the one replay rather than each running their own.
    replayed: Mutex<Option<(u64, Arc<Replayed>)>>,
    /// The monitor's status file ([`Options::sources_status`]).
    sources_status: Option<PathBuf>,
    /// The generation whose warnings the desk was last brought up to
    /// date with; locked while that is done.
    desk_synced: Mutex<Option<u64>>,
    /// The generation the two-second tick last tried to bring the desk up
    /// to date at (`u64::MAX`: never).
    desk_tried: AtomicU64,
}

/// How often the server looks for writes made by another process.
const OUTSIDE_WRITES_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Cached responses kept at most.
const CACHE_ENTRIES: usize = 512;

impl App {
    /// Opens the database (its search index brought up to date) and loads
    /// the extractor.
    pub fn open(opts: &Options) -> Result<App, ApiError> {
        let url = opts.db.to_string_lossy();
        let mut db = match opts.db.to_str() {
            Some(url) if rasd_store::is_postgres_url(url) => {
                Database::open_existing_url(url, opts.index.as_deref())?
            }
            _ if !opts.db.exists() => {
                return Err(ApiError::internal(format!(
                    "{}: no such database (create it with `rasd ingest --db {0} FILES`)",
                    opts.db.display()
                )));
            }
            _ => {
                let mut db = Database::open(&opts.db)?;
                if let Some(dir) = &opts.index {
                    db.set_index_dir(dir);
                }
                db
            }
        };
        db.sync_index()?;
        let index = SearchIndex::open(db.index_dir())?;
        let mark = db.store.write_mark()?;
        let mut conns = Vec::with_capacity(opts.readers.max(1));
        for _ in 0..opts.readers.max(1) {
            conns.push(db.store.reader()?);
        }
        Ok(App {
            permits: tokio::sync::Semaphore::new(conns.len()),
            pool: Pool {
                conns: Mutex::new(conns),
                ready: Condvar::new(),
                budget: opts.query_budget,
            },
            writer: Mutex::new(db.store.reader()?),
            index: RwLock::new(index),
            extractor: Extractor::new().map_err(|e| ApiError::internal(e.to_string()))?,
            tokens: opts
                .token
                .iter()
                .filter(|t| !t.is_empty())
                .map(|t| ("token".to_string(), t.clone()))
                .chain(opts.tokens.iter().filter(|(_, t)| !t.is_empty()).cloned())
                .collect(),
            alerts: opts.alerts.clone(),
            generation: AtomicU64::new(0),
            cache: Mutex::new(HashMap::new()),
            in_flight: Mutex::new(HashMap::new()),
            db_name: rasd_store::display_name(&url),
            seen_mark: AtomicI64::new(mark),
            max_body: opts.max_body,
            read_timeout: opts.read_timeout,
            replayed: Mutex::new(None),
            sources_status: opts.sources_status.clone(),
            desk_synced: Mutex::new(None),
            desk_tried: AtomicU64::new(u64::MAX),
        })
    }

    /// Every warning of the data as it stands: one replay per change of
    /// the data, shared by every request for warnings, within the read
    /// budget (reading the reports and replaying them together), else a
    /// 503 `too_slow`.
    fn replayed(&self) -> Result<Arc<Replayed>, ApiError> {
        let generation = self.generation.load(Ordering::Acquire);
        let mut slot = self.replayed.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, r)) = &*slot
            && *at == generation
        {
            return Ok(r.clone());
        }
        let deadline = std::time::Instant::now() + self.pool.budget;
        let (sightings, archive) = api::watch_input(&*self.pool.get())?;
        let names = rasd_watch::LexiconNames(self.extractor.lexicon());
        let r =
            Arc::new(Replayed::new(&sightings, &archive, &self.alerts, &names, Some(deadline))?);
        *slot = Some((generation, r.clone()));
        Ok(r)
    }

    /// Brings the desk up to date with the warnings of the data as it
    /// stands, once per change of the data (the warnings of the last
    /// [`rasd_watch::desk::DESK_DAYS`] days; the store writes nothing when
    /// it holds them already).
    fn sync_desk(&self) -> Result<(), ApiError> {
        let generation = self.generation.load(Ordering::Acquire);
        let mut synced = self.desk_synced.lock().unwrap_or_else(|p| p.into_inner());
        if *synced == Some(generation) {
            return Ok(());
        }
        let records = self.replayed()?.desk();
        self.writer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .sync_warnings(&records, jiff::Timestamp::now())?;
        *synced = Some(generation);
        Ok(())
    }

    /// What the two-second tick does for the desk: once per change of the
    /// data (tried once, so that a replay past its budget on a large
    /// archive is not retried every tick), records the warnings the rules
    /// now raise, so that a warning's wait starts within seconds of the
    /// write that raised it, not when someone first opens the desk.
    pub fn desk_tick(&self) -> Result<(), ApiError> {
        let generation = self.generation.load(Ordering::Acquire);
        if self.desk_tried.swap(generation, Ordering::AcqRel) == generation {
            return Ok(());
        }
        self.sync_desk()
    }

    fn cached(&self, key: &str) -> Option<Reply> {
        let g = self.generation.load(Ordering::Acquire);
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.get(key).filter(|(at, _)| *at == g).map(|(_, r)| r.clone())
    }

    fn remember(&self, key: String, generation: u64, reply: &Reply) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(key, (generation, reply.clone()));
    }

    fn flight(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut f = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        if f.len() >= CACHE_ENTRIES {
            f.retain(|_, m| Arc::strong_count(m) > 1);
        }
        f.entry(key.to_string()).or_default().clone()
    }

    /// Notices writes made by another process (a `rasd ingest` beside the
    /// server, a worker, a relink): when the store's write mark moved, the
    /// index is reread and the cache dropped. An index left behind (it was busy when a
    /// write came in) catches up here. Returns whether anything changed.
    pub fn check_outside_writes(&self) -> Result<bool, ApiError> {
        use rasd_store::StoreError;
        let (mark, seq) = {
            let store = self.pool.get();
            (store.write_mark()?, store.last_seq()?)
        };
        let moved = mark != self.seen_mark.swap(mark, Ordering::AcqRel);
        let behind = self.index.read().unwrap_or_else(|e| e.into_inner()).indexed_seq()? < seq;
        if behind {
            let store = self.pool.get();
            store.set_deadline(None);
            let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
            match index.catch_up(&*store) {
                Ok(_) | Err(StoreError::IndexBusy { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if !moved && !behind {
            return Ok(false);
        }
        self.index.read().unwrap_or_else(|e| e.into_inner()).refresh()?;
        self.changed();
        Ok(true)
    }

    fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

/// The router, for a socket or for tests (`tower::ServiceExt::oneshot`).
pub fn router(app: Arc<App>, opts: &Options) -> Router {
    let mut r = openapi::routes(Router::new()).with_state(app);
    if !opts.cors.is_empty() {
        let origins: Vec<HeaderValue> = opts.cors.iter().filter_map(|o| o.parse().ok()).collect();
        r = r.layer(
            CorsLayer::new()
                .allow_origin(origins)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
        );
    }
    r.layer(tower_http::compression::CompressionLayer::new()).layer(
        // No response is ever to be sniffed into another type (a JSON or
        // CSV body shown as HTML).
        tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
    )
}

/// Serves until Ctrl-C, calling `ready` with the bound address first.
///
/// At most `max_connections` connections are served at once (more wait in
/// the kernel's queue); a client has `read_timeout` to send its headers, so
/// sockets that never finish a request do not pile up.
pub async fn serve(
    opts: Options,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ApiError> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use tower_service::Service;

    let app = Arc::new(App::open(&opts)?);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ApiError::internal(format!("cannot listen on {addr}: {e}")))?;
    let bound = listener.local_addr().map_err(|e| ApiError::internal(e.to_string()))?;
    ready(bound);
    let watcher = app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(OUTSIDE_WRITES_EVERY);
        loop {
            tick.tick().await;
            let app = watcher.clone();
            let _ = tokio::task::spawn_blocking(move || {
                let _ = app.check_outside_writes();
                app.desk_tick()
            })
            .await;
        }
    });
    let router = router(app, &opts);
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(opts.read_timeout)
        .max_buf_size(64 * 1024);
    builder.http2().timer(TokioTimer::new()).max_concurrent_streams(32);
    let slots = Arc::new(tokio::sync::Semaphore::new(opts.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => match s {
                Ok(s) => s,
                Err(_) => break,
            },
            _ = &mut stop => break,
        };
        let stream = tokio::select! {
            a = listener.accept() => match a {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors, say: wait a little, go on.
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let router = router.clone();
        let service =
            hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                router.clone().call(req.map(axum::body::Body::new))
            });
        let conn =
            builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
    // Requests under way finish (for a few seconds at most).
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), graceful.shutdown()).await;
    Ok(())
}
