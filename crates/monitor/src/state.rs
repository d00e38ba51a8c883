//! The monitor's own memory, in a small SQLite file beside the database:
//! per-source fetch state, the URLs and texts already stored, the warnings
//! already pushed and the webhook outbox. Every change is one transaction,
//! written after the articles it records are stored, so a kill at any
//! moment costs at most a fetch done again, never an article lost.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::http::Validators;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS source (
    name TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    next_due_ms INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS seen_url (url TEXT PRIMARY KEY, at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS seen_text (hash TEXT PRIMARY KEY, url TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS retry (url TEXT PRIMARY KEY, attempts INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pushed (key TEXT PRIMARY KEY, at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_ms INTEGER NOT NULL,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
";

/// A state file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("monitor state: {0}")]
pub struct StateError(#[from] rusqlite::Error);

type Result<T> = std::result::Result<T, StateError>;

/// What is kept of one source between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceState {
    /// Validators of the last full answer.
    pub validators: Validators,
    /// When the source is next due.
    pub next_due_ms: u64,
    /// Failures in a row.
    pub failures: u32,
    /// The last failure's message, while failures go on.
    pub last_error: Option<String>,
}

/// Writes a source's state (insert or update).
fn upsert_source(conn: &Connection, name: &str, s: &SourceState) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO source (name, etag, last_modified, next_due_ms, failures, last_error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (name) DO UPDATE SET etag = ?2, last_modified = ?3,
             next_due_ms = ?4, failures = ?5, last_error = ?6",
        params![
            name,
            s.validators.etag,
            s.validators.last_modified,
            s.next_due_ms as i64,
            s.failures,
            s.last_error
        ],
    )?;
    Ok(())
}

/// A webhook delivery waiting to go out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// The warning's key.
    pub key: String,
    /// The JSON body.
    pub body: String,
    /// Attempts so far.
    pub attempts: u32,
}

/// One article's record, written once it is stored.
pub struct Stored<'a> {
    /// Its address (or file path).
    pub url: &'a str,
    /// The hash of its text.
    pub hash: &'a str,
}

/// The state file.
pub struct State {
    conn: Connection,
}

impl State {
    /// Opens (or creates) the state file.
    pub fn open(path: &Path) -> Result<State> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(State { conn })
    }

    /// A source's state (defaults when it is new).
    pub fn source(&self, name: &str) -> Result<SourceState> {
        Ok(self
            .conn
            .query_row(
                "SELECT etag, last_modified, next_due_ms, failures, last_error FROM source WHERE name = ?1",
                [name],
                |r| {
                    Ok(SourceState {
                        validators: Validators { etag: r.get(0)?, last_modified: r.get(1)? },
                        next_due_ms: r.get::<_, i64>(2)? as u64,
                        failures: r.get(3)?,
                        last_error: r.get(4)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Saves a source's state.
    pub fn set_source(&self, name: &str, s: &SourceState) -> Result<()> {
        Ok(upsert_source(&self.conn, name, s)?)
    }

    /// Whether an address was stored (or given up on) before.
    pub fn seen_url(&self, url: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM seen_url WHERE url = ?1", [url], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The address a text was first stored under, if it was.
    pub fn seen_text(&self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT url FROM seen_text WHERE hash = ?1", [hash], |r| r.get(0))
            .optional()?)
    }

    /// Counts one more failed attempt at an item; returns the count.
    pub fn bump_retry(&self, url: &str) -> Result<u32> {
        Ok(self.conn.query_row(
            "INSERT INTO retry (url, attempts) VALUES (?1, 1)
             ON CONFLICT (url) DO UPDATE SET attempts = attempts + 1 RETURNING attempts",
            [url],
            |r| r.get(0),
        )?)
    }

    /// Records stored articles, addresses given up on (or skipped as
    /// copies), and the source's new state, in one transaction.
    pub fn commit_poll(
        &mut self,
        source: &str,
        state: &SourceState,
        stored: &[Stored<'_>],
        done: &[&str],
        now_ms: u64,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        for s in stored {
            tx.execute(
                "INSERT OR IGNORE INTO seen_url (url, at_ms) VALUES (?1, ?2)",
                params![s.url, now_ms as i64],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO seen_text (hash, url) VALUES (?1, ?2)",
                params![s.hash, s.url],
            )?;
            tx.execute("DELETE FROM retry WHERE url = ?1", [s.url])?;
        }
        for url in done {
            tx.execute(
                "INSERT OR IGNORE INTO seen_url (url, at_ms) VALUES (?1, ?2)",
                params![url, now_ms as i64],
            )?;
            tx.execute("DELETE FROM retry WHERE url = ?1", [url])?;
        }
        upsert_source(&tx, source, state)?;
        tx.commit()?;
        Ok(())
    }

    /// How many addresses are recorded.
    pub fn n_seen(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM seen_url", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// A value of the monitor's own settings.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Sets a value of the monitor's own settings.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            [key, value],
        )?;
        Ok(())
    }

    /// Keeps warnings not pushed before: each is recorded as pushed and,
    /// when `body` is given, queued for the webhook, in one transaction.
    /// Returns the keys that were new.
    pub fn queue_warnings(
        &mut self,
        warnings: &[(String, Option<String>)],
        now_ms: u64,
    ) -> Result<Vec<String>> {
        let tx = self.conn.transaction()?;
        let mut new = Vec::new();
        for (key, body) in warnings {
            let n = tx.execute(
                "INSERT OR IGNORE INTO pushed (key, at_ms) VALUES (?1, ?2)",
                params![key, now_ms as i64],
            )?;
            if n == 1 {
                if let Some(body) = body {
                    tx.execute(
                        "INSERT OR IGNORE INTO outbox (key, body, next_ms) VALUES (?1, ?2, ?3)",
                        params![key, body, now_ms as i64],
                    )?;
                }
                new.push(key.clone());
            }
        }
        tx.commit()?;
        Ok(new)
    }

    /// Deliveries due by `now_ms`, oldest first, at most `limit`.
    pub fn due(&self, now_ms: u64, limit: usize) -> Result<Vec<Outgoing>> {
        let mut st = self.conn.prepare(
            "SELECT key, body, attempts FROM outbox WHERE next_ms <= ?1 ORDER BY next_ms, key LIMIT ?2",
        )?;
        let rows = st.query_map(params![now_ms as i64, limit as i64], |r| {
            Ok(Outgoing { key: r.get(0)?, body: r.get(1)?, attempts: r.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A delivery went through: it leaves the outbox.
    pub fn delivered(&self, key: &str) -> Result<()> {
        self.conn.execute("DELETE FROM outbox WHERE key = ?1", [key])?;
        Ok(())
    }

    /// A delivery failed: it stays, to be tried again at `next_ms`.
    pub fn failed(&self, key: &str, next_ms: u64, error: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_ms = ?2, last_error = ?3 WHERE key = ?1",
            params![key, next_ms as i64, error],
        )?;
        Ok(())
    }

    /// When the earliest waiting delivery is due.
    pub fn next_outbox_ms(&self) -> Result<Option<u64>> {
        let v: Option<i64> =
            self.conn.query_row("SELECT min(next_ms) FROM outbox", [], |r| r.get(0))?;
        Ok(v.map(|v| v as u64))
    }

    /// Deliveries still waiting.
    pub fn n_outbox(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get::<_, i64>(0))? as u64)
    }
}
