//! The connections a store and its handles share.

use super::*;

/// One pooled connection and the statements prepared on it.
pub(super) struct Conn {
    pub(super) client: Client,
    pub(super) statements: HashMap<String, Statement>,
}

/// A few connections shared by clones of a store.
pub(super) struct Pool {
    pub(super) config: postgres::Config,
    pub(super) idle: Mutex<(Vec<Conn>, usize)>,
    pub(super) ready: Condvar,
    pub(super) size: usize,
    pub(super) name: String,
}

/// A connection lent by the pool; given back when dropped, unless broken.
pub(super) struct Lease<'a> {
    pub(super) pool: &'a Pool,
    pub(super) conn: Option<Conn>,
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
    pub(super) fn get(&self) -> Result<Lease<'_>> {
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
