//! The connections a store and its handles share.

use super::*;

/// One pooled connection and the statements prepared on it.
pub(super) struct Conn {
    pub(super) client: Client,
    pub(super) statements: HashMap<String, Statement>,
}

/// How the pool (r2d2) opens and checks connections.
pub(super) struct Manager {
    pub(super) config: postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> std::result::Result<Conn, postgres::Error> {
        Ok(Conn { client: self.config.connect(NoTls)?, statements: HashMap::new() })
    }

    fn is_valid(&self, conn: &mut Conn) -> std::result::Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.client.is_closed()
    }
}

/// A connection lent by the pool; given back when dropped, unless broken.
pub(super) type Lease = r2d2::PooledConnection<Manager>;

/// The connections shared by clones of a store: an r2d2 pool, opened
/// lazily (no connection is made until one is needed), at most `size`
/// connections, a wait of [`WAIT`] at most for a free one.
pub(super) struct Pool {
    inner: Option<r2d2::Pool<Manager>>,
    config: postgres::Config,
    pub(super) name: String,
}

/// The longest wait for a connection (all lent, or the server unreachable).
const WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl Drop for Pool {
    /// Closing a connection blocks on the driver's runtime too.
    fn drop(&mut self) {
        let inner = self.inner.take();
        off_runtime(move || drop(inner));
    }
}

impl Pool {
    pub(super) fn new(config: postgres::Config, size: usize, name: String) -> Result<Pool> {
        let size = u32::try_from(size)
            .map_err(|_| StoreError::Invalid(format!("{name}: pool_size {size} is too large")))?;
        // A broken connection shows as closed; checking each one with a
        // round trip before lending it would cost every query one more.
        let inner = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(0))
            .test_on_check_out(false)
            .connection_timeout(WAIT)
            .build_unchecked(Manager { config: config.clone() });
        Ok(Pool { inner: Some(inner), config, name })
    }

    /// A connection; a server that cannot be reached is one line naming
    /// the database.
    pub(super) fn get(&self) -> Result<Lease> {
        let pool = self.inner.as_ref().expect("only taken when dropped");
        pool.get().map_err(|e| StoreError::Db {
            path: self.name.clone(),
            detail: e.to_string().replace('\n', " "),
        })
    }

    /// Opens one connection outside the pool, so that a bad address or
    /// an unreachable server is told at once, in the driver's words.
    pub(super) fn check(&self) -> Result<()> {
        let client = self.config.connect(NoTls).map_err(|e| classify(&self.name, &e))?;
        drop(client);
        Ok(())
    }
}

pub(super) fn classify(name: &str, e: &postgres::Error) -> StoreError {
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
