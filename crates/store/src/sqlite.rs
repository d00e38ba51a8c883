//! The embedded store: one SQLite file in WAL mode.
//!
//! A batch is one transaction, so a process killed at any moment leaves
//! the file as it was after the last whole batch; running the same ingest
//! again skips what is stored and adds the rest. The schema carries its
//! version in `PRAGMA user_version` and an application id that tells a rasd
//! database from any other SQLite file; [`MIGRATIONS`] bring an older file
//! up to date when it is opened.

use std::cell::RefCell;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use rasd_core::{Event, Mention};
use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OptionalExtension, Transaction, params, params_from_iter};

use crate::filter::{Filter, Part, Sort, page_in_order};
use crate::link::{self, Incident};
use crate::reports::{self, IncidentRows, Loaded, ReportCache, StoredEvent};
use crate::rows::{self, decode_event, doc_key, group_key, status_str};
use crate::sqlite_desk::Rows as DeskRows;
use crate::{
    Article, Dimension, DocInfo, EventRow, IndexDoc, IngestReport, Result, Sighting, StatRow,
    Store, StoreError, StoredDoc, Totals,
};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 10;

/// `PRAGMA application_id` of a rasd database ("rasd" in ASCII).
const APPLICATION_ID: i64 = 0x7261_7364;

/// Schema changes, oldest first; entry `n` takes a file from version `n`
/// to `n + 1`.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    ext_id TEXT NOT NULL,
    url TEXT,
    source TEXT,
    published TEXT,
    pub_day TEXT,
    title TEXT,
    text TEXT NOT NULL,
    hash TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_hash ON documents(hash);
CREATE INDEX documents_seq ON documents(seq);

CREATE TABLE mentions (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    entity TEXT NOT NULL,
    name TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    surface TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity);

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    day TEXT,
    country TEXT,
    place TEXT,
    place_ar TEXT,
    place_id TEXT,
    admin1 TEXT,
    killed INTEGER,
    injured INTEGER,
    reports INTEGER NOT NULL,
    win_lo TEXT,
    win_hi TEXT,
    summary TEXT NOT NULL
);
CREATE INDEX incidents_country_window ON incidents(country, win_lo);
CREATE INDEX incidents_day ON incidents(day);

CREATE TABLE incident_groups (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    group_key TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX incident_groups_incident ON incident_groups(incident_id);
CREATE INDEX incident_groups_key ON incident_groups(group_key);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    type TEXT NOT NULL,
    date TEXT,
    day TEXT,
    country TEXT,
    place TEXT,
    place_ar TEXT,
    place_id TEXT,
    admin1 TEXT,
    killed INTEGER,
    injured INTEGER,
    aggregate INTEGER NOT NULL,
    incident_id INTEGER REFERENCES incidents(id),
    json TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_incident ON events(incident_id);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_country_day ON events(country, day);

CREATE TABLE event_groups (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    group_key TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX event_groups_event ON event_groups(event_id);
CREATE INDEX event_groups_key ON event_groups(group_key);
"#,
    // 2: whether a report is its article's headline event, for the watch
    // (an undated headline event happened around its publication).
    r#"
ALTER TABLE events ADD COLUMN main INTEGER NOT NULL DEFAULT 0;
UPDATE events SET main = coalesce(json_extract(json, '$.main'), 0);
"#,
    // 3: whether a report is recalled history (its date ends more than
    // rasd_extract::RECENT_DAYS = 31 days before its article), and its
    // confidence, for the filters; an incident's date for ordering undated
    // ones last, and its day by link::incident_day.
    r#"
ALTER TABLE events ADD COLUMN history INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN confidence REAL NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN history INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN confidence REAL NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN date TEXT;
UPDATE events SET confidence = coalesce(json_extract(json, '$.confidence'), 0),
    history = coalesce((SELECT CASE length(events.date)
            WHEN 10 THEN events.date
            WHEN 7 THEN date(events.date || '-01', '+1 month', '-1 day')
            WHEN 4 THEN events.date || '-12-31' END < date(d.pub_day, '-31 days')
        FROM documents d WHERE d.id = events.doc_id), 0);
UPDATE events SET json = json_set(json, '$.history', json(CASE history WHEN 1 THEN 'true' ELSE 'false' END));
UPDATE incidents SET date = json_extract(summary, '$.date'),
    confidence = coalesce((SELECT max(e.confidence) FROM events e WHERE e.incident_id = incidents.id), 0),
    history = NOT EXISTS (SELECT 1 FROM events e WHERE e.incident_id = incidents.id AND e.history = 0);
UPDATE incidents SET summary = json_set(summary,
    '$.history', json(CASE history WHEN 1 THEN 'true' ELSE 'false' END), '$.confidence', confidence);
UPDATE incidents SET day = date || '-01' WHERE length(date) = 7;
UPDATE incidents SET day = coalesce(substr(json_extract(summary, '$.first_reported'), 1, 10), win_hi)
    WHERE date IS NULL OR length(date) = 4;
CREATE INDEX events_history ON events(history, day);
CREATE INDEX incidents_history ON incidents(history, day);
"#,
    // 4: the texts an article had before it was corrected, so that an input
    // holding an older and a newer text under one key does not flip the
    // article back and forth on every ingest.
    r#"
CREATE TABLE superseded (
    key TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (key, hash)
) WITHOUT ROWID;
"#,
    // 5: the articles per day and source (`Store::coverage`, which the
    // watch weighs its rules against) read from an index, not by scanning
    // every article's row.
    r#"
CREATE INDEX documents_day_source ON documents(pub_day, source);
"#,
    // 6: archives of many years (see the constant).
    GROWTH_MIGRATION,
    // 7: the desk (see the constant).
    DESK_MIGRATION,
    // 8: statistics over the whole archive read indexes only (see the
    // constant).
    STATS_MIGRATION,
    // 9: statistics kept as incidents are written (see the constant).
    TOTALS_MIGRATION,
    // 10: the index of texts' hashes by their first 16 hexadecimal digits
    // (see the constant).
    HASH_HEAD_MIGRATION,
];

/// Schema change 10: every new article looks its text's hash up, to find
/// the same text under another URL, at a random place of the index of
/// hashes. Whole (64 hexadecimal digits), that index grew by 2.3 MB a
/// year of news (23 MB at ten years, beside the writer's 32 MB page
/// cache), so more and more look-ups and inserts read a page from the
/// file. Its first 16 digits (64 bits) almost never repeat between texts
/// and make an index a third the size (2.4 MB for three years of news
/// against 7.2 MB); the look-up compares the whole hash of the rows it
/// finds ([`HASH_HEAD`]), so it is as exact as before.
const HASH_HEAD_MIGRATION: &str = r#"
DROP INDEX documents_hash;
CREATE INDEX documents_hash_head ON documents(substr(hash, 1, 16));
"#;

/// How many leading hexadecimal digits of a text's hash
/// `documents_hash_head` holds; the look-up's expression must be the
/// index's, word for word, for SQLite to use it.
const HASH_HEAD: &str = "substr(hash, 1, 16)";

/// Schema change 7: the desk (`desk.rs`). `warnings` holds each warning
/// the rules raised, under the key a replay gives it again; `warning_log`
/// is the trail of its states, whose last row is its state. The trail is
/// append-only and no warning is ever deleted: triggers refuse it, so not
/// even a mistake in rasd's own code can rewrite what the desk did.
const DESK_MIGRATION: &str = r#"
CREATE TABLE warnings (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    day TEXT NOT NULL,
    raised TEXT NOT NULL,
    country TEXT,
    subject TEXT NOT NULL,
    message_en TEXT NOT NULL,
    message_ar TEXT NOT NULL,
    incidents TEXT NOT NULL,
    json TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
CREATE TABLE warning_log (
    id INTEGER PRIMARY KEY,
    warning_id INTEGER NOT NULL REFERENCES warnings(id),
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    note TEXT
);
CREATE INDEX warning_log_warning ON warning_log(warning_id, id);
CREATE TRIGGER warning_log_no_update BEFORE UPDATE ON warning_log
BEGIN SELECT RAISE(ABORT, 'warning_log is append-only: a state change is never updated'); END;
CREATE TRIGGER warning_log_no_delete BEFORE DELETE ON warning_log
BEGIN SELECT RAISE(ABORT, 'warning_log is append-only: a state change is never deleted'); END;
CREATE TRIGGER warnings_no_delete BEFORE DELETE ON warnings
BEGIN SELECT RAISE(ABORT, 'warnings are never deleted'); END;
"#;

/// Schema change 6, for archives of many years. Each incident's window
/// length class ([`window_tier`]), so that finding an article's candidate
/// incidents reads only the incidents whose windows can reach its days
/// (without it, every earlier incident of the country was read); and the
/// `vocabulary` table, every country, place and group any report names, so
/// that checking a filter's values reads a small table instead of every
/// event (2.4 s on ten years of news). Self-contained: it only adds a
/// column, a table and an index, and fills them from the rows there.
const GROWTH_MIGRATION: &str = r#"
CREATE TABLE vocabulary (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (kind, value, name)
) WITHOUT ROWID;
INSERT OR IGNORE INTO vocabulary SELECT 'country', country, '' FROM events WHERE country IS NOT NULL;
INSERT OR IGNORE INTO vocabulary SELECT 'group', group_key, name FROM event_groups;
INSERT OR IGNORE INTO vocabulary SELECT 'place', place, '' FROM events WHERE place IS NOT NULL;
INSERT OR IGNORE INTO vocabulary SELECT 'place', place_ar, '' FROM events WHERE place_ar IS NOT NULL;
INSERT OR IGNORE INTO vocabulary SELECT 'place', admin1, '' FROM events WHERE admin1 IS NOT NULL;
INSERT OR IGNORE INTO vocabulary SELECT 'place', place_id, '' FROM events WHERE place_id IS NOT NULL;
ALTER TABLE incidents ADD COLUMN win_tier INTEGER;
UPDATE incidents SET win_tier = CASE
    WHEN win_lo IS NULL OR win_hi IS NULL THEN NULL
    WHEN julianday(win_hi) - julianday(win_lo) <= 8 THEN 0
    WHEN julianday(win_hi) - julianday(win_lo) <= 40 THEN 1
    WHEN julianday(win_hi) - julianday(win_lo) <= 400 THEN 2
    ELSE 3 END;
CREATE INDEX incidents_tier_window ON incidents(country, win_tier, win_lo);
"#;

/// Schema change 8, for queries over every year of an archive. Statistics
/// read an incident's day, country, type, toll and reports and, by group,
/// its groups' names; these indexes hold all of them, so a count over ten
/// years reads two narrow indexes instead of every incident's row (whose
/// summary makes it long). A search within countries reads the articles
/// of their reports from the index of events by country (0.25 s on ten
/// years of news when it read every report's row, 0.03 s from the index);
/// the id after the day keeps that index in the order of the newest
/// reports (day, then id), so a page of them is not sorted. They replace indexes that held a prefix of them
/// (`incidents_history`, `incident_groups_incident`) or that no query used
/// any more (`incidents_country_window`, superseded by the window tiers of
/// schema 6; `mentions_entity`, which no query ever read and which cost
/// every stored article a dozen inserts in random order), so storing costs
/// no more than before.
const STATS_MIGRATION: &str = r#"
DROP INDEX mentions_entity;
DROP INDEX incidents_country_window;
DROP INDEX incidents_history;
CREATE INDEX incidents_history ON incidents(history, day, country, type, killed, injured, reports);
CREATE INDEX incidents_country_stats ON incidents(country, history, day, type, killed, injured, reports);
DROP INDEX incident_groups_incident;
CREATE INDEX incident_groups_incident ON incident_groups(incident_id, group_key, name);
DROP INDEX events_country_day;
CREATE INDEX events_country_day ON events(country, day, id, history, aggregate, doc_id);
"#;

/// Schema change 9: the totals statistics read (`rows::total_periods`),
/// kept as incidents are written ([`TOTALS_MOVE`]), so that statistics
/// over every year read as many rows in an archive's tenth year as in its
/// first. One row per period (`all`, a month, or `''` without a day),
/// history flag, country (`''` for none), type and, where `by_group` is
/// 1, group name (`''` for none; an incident counts once per group, as
/// the join of its groups counts it), with the incidents, killed, injured
/// and reports summed. The primary key serves a period (every country's
/// rows of those months); `stat_totals_country` holds every column again
/// in the order a filter on countries reads them (their rows of those
/// months, not every country's of every year). Filled here from the
/// incidents there.
const TOTALS_MIGRATION: &str = r#"
CREATE TABLE stat_totals (
    by_group INTEGER NOT NULL,
    period TEXT NOT NULL,
    history INTEGER NOT NULL,
    country TEXT NOT NULL,
    type TEXT NOT NULL,
    grp TEXT NOT NULL,
    n INTEGER NOT NULL,
    killed INTEGER NOT NULL,
    injured INTEGER NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (by_group, period, history, country, type, grp)
) WITHOUT ROWID;
CREATE INDEX stat_totals_country ON stat_totals(by_group, country, period, history, type, grp, n, killed, injured, reports);
INSERT INTO stat_totals (by_group, period, history, country, type, grp, n, killed, injured, reports)
SELECT x.by_group, p.period, t.history, coalesce(t.country, ''), t.type, x.grp,
       count(*), sum(coalesce(t.killed, 0)), sum(coalesce(t.injured, 0)), sum(t.reports)
FROM incidents t
JOIN (SELECT id, 0 AS by_group, '' AS grp FROM incidents
      UNION ALL
      SELECT i.id, 1, coalesce(g.name, '') FROM incidents i LEFT JOIN incident_groups g ON g.incident_id = i.id) x
  ON x.id = t.id
JOIN (SELECT id, 'all' AS period FROM incidents
      UNION ALL
      SELECT id, substr(coalesce(day, ''), 1, 7) FROM incidents) p
  ON p.id = t.id
GROUP BY 1, 2, 3, 4, 5, 6;
"#;

/// Adds an incident's rows, as they stand, to the kept totals (`?2` = 1)
/// or takes them away (`?2` = -1): every write of an incident takes it
/// away before and adds it after, so the totals are always the sums of
/// the incidents there (schema 9; `TOTALS_MIGRATION` is the same sums
/// over every incident, and a test compares the two).
const TOTALS_MOVE: &str = "
INSERT INTO stat_totals (by_group, period, history, country, type, grp, n, killed, injured, reports)
SELECT x.by_group, p.period, t.history, coalesce(t.country, ''), t.type, x.grp,
       ?2 * count(*), ?2 * sum(coalesce(t.killed, 0)), ?2 * sum(coalesce(t.injured, 0)), ?2 * sum(t.reports)
FROM incidents t
CROSS JOIN (SELECT 0 AS by_group, '' AS grp
      UNION ALL
      SELECT 1, coalesce(g.name, '') FROM incidents i LEFT JOIN incident_groups g ON g.incident_id = i.id
      WHERE i.id = ?1) x
CROSS JOIN (SELECT 'all' AS period UNION ALL SELECT substr(coalesce(day, ''), 1, 7) FROM incidents WHERE id = ?1) p
WHERE t.id = ?1
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT (by_group, period, history, country, type, grp) DO UPDATE SET
    n = stat_totals.n + excluded.n, killed = stat_totals.killed + excluded.killed,
    injured = stat_totals.injured + excluded.injured, reports = stat_totals.reports + excluded.reports";

/// The SQLite store.
pub struct SqliteStore {
    conn: Connection,
    path: String,
    /// When the running statement must stop: milliseconds after
    /// [`epoch`], 0 for never. Read by SQLite's progress handler.
    deadline: Arc<AtomicU64>,
    /// Incidents' reports linking read lately (see `reports.rs`).
    cache: ReportCache,
}

/// The instant deadlines are counted from.
fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

/// A SQLite error as a [`StoreError`] naming the file.
pub(crate) fn classify_error(path: &str, e: rusqlite::Error) -> StoreError {
    classify(path, e)
}

fn classify(path: &str, e: rusqlite::Error) -> StoreError {
    let path = path.to_string();
    if let rusqlite::Error::SqliteFailure(f, msg) = &e {
        match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                return StoreError::Locked { path };
            }
            ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                return StoreError::Corrupt {
                    path,
                    detail: msg.clone().unwrap_or_else(|| f.to_string()),
                };
            }
            ErrorCode::DiskFull => return StoreError::Full { path },
            ErrorCode::OperationInterrupted => return StoreError::TooSlow { path },
            _ => {}
        }
    }
    StoreError::Db { path, detail: e.to_string() }
}

/// An event row as read for linking: event id, article id, article key,
/// publication time, outlet and the event's JSON.
type ReportRow = (i64, i64, String, Option<String>, Option<String>, String);

impl SqliteStore {
    /// Opens (creating when absent) a database file and brings its schema up
    /// to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(|e| classify(&name, e))?;
        let mut store = SqliteStore {
            conn,
            path: name,
            deadline: Arc::default(),
            cache: ReportCache::default(),
        };
        store.setup()?;
        Ok(store)
    }

    /// An in-memory database, for tests.
    pub fn in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory().map_err(|e| classify(":memory:", e))?;
        let mut store = SqliteStore {
            conn,
            path: ":memory:".into(),
            deadline: Arc::default(),
            cache: ReportCache::default(),
        };
        store.setup()?;
        Ok(store)
    }

    /// The file's name, for messages.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Caps the file's size: writes that would pass it fail as a full disk
    /// would, and roll back.
    pub fn set_size_limit(&self, bytes: u64) -> Result<()> {
        let page: i64 =
            self.conn.query_row("PRAGMA page_size", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        let pages = (bytes as i64 / page).max(1);
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .map_err(|e| self.err(e))
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }

    /// Stops any statement still running at `deadline` (it fails with
    /// [`StoreError::TooSlow`]); `None` lifts the limit. A server sets one
    /// per request so that no request holds a core for long.
    pub fn set_deadline(&self, deadline: Option<Instant>) {
        let ms = deadline.map_or(0, |d| {
            u64::try_from(d.saturating_duration_since(epoch()).as_millis())
                .unwrap_or(u64::MAX)
                .max(1)
        });
        self.deadline.store(ms, Ordering::Relaxed);
    }

    fn setup(&mut self) -> Result<()> {
        let deadline = self.deadline.clone();
        self.conn.progress_handler(
            10_000,
            Some(move || {
                let at = deadline.load(Ordering::Relaxed);
                at != 0 && epoch().elapsed().as_millis() >= u128::from(at)
            }),
        );
        let c = &self.conn;
        c.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| classify(&self.path, e))?;
        // Reading the header is the first thing that fails on a file that
        // is not a database. One statement reads it all from one snapshot:
        // read one by one, a worker could see a new file's id still unset
        // and then the tables another worker's first migration had just
        // made, and take the file for another program's.
        let (app, version, tables): (i64, u32, i64) = c
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id()), \
                        (SELECT user_version FROM pragma_user_version()), \
                        (SELECT count(*) FROM sqlite_master)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|e| classify(&self.path, e))?;
        if tables > 0 && app != APPLICATION_ID {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: "an SQLite file of another program".into(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if self.path != ":memory:" {
            let mode: String = c
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .map_err(|e| classify(&self.path, e))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Db {
                    path: self.path.clone(),
                    detail: format!("cannot switch to WAL mode (journal mode is {mode})"),
                });
            }
        }
        // NORMAL is durable across a killed process in WAL mode; only a
        // power cut can lose the last batches, never corrupt the file.
        c.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;",
        )
        .map_err(|e| classify(&self.path, e))?;
        // Room for every statement storing and linking run (rusqlite keeps
        // 16 by default, fewer than they are, and prepares again what it
        // dropped).
        c.set_prepared_statement_cache_capacity(64);
        // Each step takes the write lock and reads the version again:
        // several processes opening a new file at once (workers) migrate
        // it once.
        let mut n = version as usize;
        while n < MIGRATIONS.len() {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| classify(&self.path, e))?;
            let now: u32 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| classify(&self.path, e))?;
            if now as usize > n {
                n = now as usize;
                continue;
            }
            tx.execute_batch(MIGRATIONS[n]).map_err(|e| classify(&self.path, e))?;
            tx.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
                n + 1
            ))
            .map_err(|e| classify(&self.path, e))?;
            tx.commit().map_err(|e| classify(&self.path, e))?;
            n += 1;
        }
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| self.err(e))
    }
}

/// Everything a write needs: the transaction, the file name and the
/// reports linking read lately.
struct Writer<'a> {
    tx: Transaction<'a>,
    path: &'a str,
    cache: RefCell<ReportCache>,
}

impl Writer<'_> {
    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(self.path, e)
    }

    /// Runs a statement the writer runs for every article or incident,
    /// prepared once per connection (preparing the same text for every
    /// article was a tenth of storing's time).
    fn run(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        let mut s = self.tx.prepare_cached(sql).map_err(|e| self.err(e))?;
        s.execute(params).map_err(|e| self.err(e))
    }

    /// The first row of such a statement, if any.
    fn first<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        row: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        let mut s = self.tx.prepare_cached(sql).map_err(|e| self.err(e))?;
        s.query_row(params, row).optional().map_err(|e| self.err(e))
    }

    /// Stores one article; returns what happened to it and the ids of its
    /// new events.
    fn put(
        &self,
        a: &Article,
        seq: i64,
        report: &mut IngestReport,
    ) -> Result<Option<(i64, Vec<StoredEvent>)>> {
        let doc = &a.doc;
        let key = doc_key(doc);
        let h = crate::content_hash(doc);
        let existing: Option<(i64, String)> =
            self.first("SELECT id, hash FROM documents WHERE key = ?1", [&key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let pub_day = doc.published.as_deref().and_then(|p| p.get(..10)).map(str::to_string);
        let now = jiff::Timestamp::now().to_string();
        let doc_id = match existing {
            Some((_, old)) if old == h => {
                report.unchanged += 1;
                return Ok(None);
            }
            Some((id, old)) => {
                let seen_before: Option<i64> = self
                    .tx
                    .query_row(
                        "SELECT 1 FROM superseded WHERE key = ?1 AND hash = ?2",
                        [&key, &h],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(|e| self.err(e))?;
                if seen_before.is_some() {
                    report.superseded += 1;
                    return Ok(None);
                }
                self.tx
                    .execute(
                        "INSERT OR IGNORE INTO superseded (key, hash) VALUES (?1, ?2)",
                        [&key, &old],
                    )
                    .map_err(|e| self.err(e))?;
                self.forget_events(id)?;
                self.tx
                    .execute(
                        "UPDATE documents SET ext_id=?2, url=?3, source=?4, published=?5, pub_day=?6,
                         title=?7, text=?8, hash=?9, seq=?10, ingested_at=?11 WHERE id=?1",
                        params![id, doc.id, doc.url, doc.source, doc.published, pub_day, doc.title,
                            doc.text, h, seq, now],
                    )
                    .map_err(|e| self.err(e))?;
                self.tx
                    .execute("DELETE FROM mentions WHERE doc_id = ?1", [id])
                    .map_err(|e| self.err(e))?;
                report.updated += 1;
                id
            }
            None => {
                if self.same_text(&h)? {
                    report.duplicates += 1;
                    return Ok(None);
                }
                self.run(
                    "INSERT INTO documents (key, ext_id, url, source, published, pub_day, title, text,
                     hash, seq, ingested_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                    params![key, doc.id, doc.url, doc.source, doc.published, pub_day, doc.title,
                        doc.text, h, seq, now],
                )?;
                report.added += 1;
                self.tx.last_insert_rowid()
            }
        };
        let mut m = self
            .tx
            .prepare_cached(
                "INSERT INTO mentions (doc_id, kind, entity, name, start, end, surface)
                 VALUES (?1,?2,?3,?4,?5,?6,?7)",
            )
            .map_err(|e| self.err(e))?;
        for x in &a.mentions {
            m.execute(params![doc_id, x.kind, x.entity, x.name, x.span.start, x.span.end, x.text])
                .map_err(|e| self.err(e))?;
        }
        let mut ids = Vec::with_capacity(a.events.len());
        for (ord, e) in a.events.iter().enumerate() {
            ids.push(self.insert_event(doc_id, ord, e, pub_day.as_deref())?);
        }
        report.events += ids.len();
        Ok(Some((doc_id, ids)))
    }

    /// Whether an article with this text's hash is stored. The index holds
    /// the hash's first digits ([`HASH_HEAD`]); the whole hash is compared
    /// here rather than in the statement, where SQLite would put the value
    /// of `hash = ?` into the indexed expression (its constant
    /// propagation) and then read every article instead of the index.
    fn same_text(&self, hash: &str) -> Result<bool> {
        let mut s = self
            .tx
            .prepare_cached(&format!("SELECT hash FROM documents WHERE {HASH_HEAD} = ?1"))
            .map_err(|e| self.err(e))?;
        let head = hash.get(..16).unwrap_or(hash);
        let mut rows = s.query([head]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            if r.get_ref(0).map_err(|e| self.err(e))?.as_str().ok() == Some(hash) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn insert_event(
        &self,
        doc_id: i64,
        ord: usize,
        e: &Event,
        pub_day: Option<&str>,
    ) -> Result<StoredEvent> {
        let (e, json, day) = rows::event_row(e, pub_day)?;
        self.tx
            .prepare_cached(
                "INSERT INTO events (doc_id, ord, type, date, day, country, place, place_ar, place_id,
                 admin1, killed, injured, aggregate, json, main, history, confidence)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    doc_id,
                    ord as i64,
                    e.event_type.as_str(),
                    e.date,
                    day,
                    e.country,
                    e.place,
                    e.place_ar,
                    e.place_id,
                    e.admin1,
                    e.killed.as_ref().and_then(|c| c.value),
                    e.injured.as_ref().and_then(|c| c.value),
                    e.aggregate,
                    json,
                    e.main,
                    e.history,
                    e.confidence
                ])
            })
            .map_err(|x| self.err(x))?;
        let id = self.tx.last_insert_rowid();
        self.insert_groups(
            "INSERT INTO event_groups (event_id, group_key, name, status) VALUES (?1,?2,?3,?4)",
            id,
            e.perpetrators.iter().map(|p| (p.id.as_deref(), p.name.as_str(), p.status)),
        )?;
        // What filters may name, for checking them (see `vocabulary`).
        let mut v = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO vocabulary (kind, value, name) VALUES (?1, ?2, ?3)",
            )
            .map_err(|x| self.err(x))?;
        for (kind, value, name) in rows::vocabulary_of(&e) {
            v.execute(params![kind, value, name]).map_err(|x| self.err(x))?;
        }
        Ok((id, json))
    }

    /// Deletes an article's events, then updates or drops the incidents
    /// they were part of.
    fn forget_events(&self, doc_id: i64) -> Result<()> {
        let mut s = self
            .tx
            .prepare("SELECT DISTINCT incident_id FROM events WHERE doc_id = ?1 AND incident_id IS NOT NULL")
            .map_err(|e| self.err(e))?;
        let touched: Vec<i64> = s
            .query_map([doc_id], |r| r.get(0))
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        self.tx
            .execute("DELETE FROM events WHERE doc_id = ?1", [doc_id])
            .map_err(|e| self.err(e))?;
        let mut cache = self.cache.borrow_mut();
        for id in touched {
            reports::refresh_incident(&mut Rows(self), &mut cache, id)?;
        }
        Ok(())
    }

    fn load_reports(&self, sql: &str, arg: i64) -> Result<Vec<Loaded>> {
        let mut s = self.tx.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows: Vec<ReportRow> = s
            .query_map([arg], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(event_id, doc, key, published, source, json)| {
                let event = decode_event(self.path, &json)?;
                Ok(Loaded { event_id, doc, key, published, source, event })
            })
            .collect()
    }

    fn incident_reports(&self, id: i64) -> Result<Vec<Loaded>> {
        self.load_reports(
            "SELECT e.id, e.doc_id, d.key, d.published, d.source, e.json FROM events e
             JOIN documents d ON d.id = e.doc_id WHERE e.incident_id = ?1 ORDER BY d.published, d.key",
            id,
        )
    }

    /// Adds an incident's rows to the kept totals (`sign` 1) or takes
    /// them away (-1); see [`TOTALS_MOVE`].
    fn move_totals(&self, id: i64, sign: i64) -> Result<()> {
        self.run(TOTALS_MOVE, params![id, sign]).map(drop)
    }

    /// Writes an incident's row and groups, and moves the kept totals
    /// from what it was to what it is.
    fn put_incident(&self, id: i64, inc: &Incident) -> Result<()> {
        self.move_totals(id, -1)?;
        self.run("DELETE FROM incident_groups WHERE incident_id = ?1", [id])?;
        let summary = serde_json::to_string(inc).map_err(|x| StoreError::Invalid(x.to_string()))?;
        let day = link::incident_day(inc).map(|d| d.to_string());
        self.run(
                "INSERT OR REPLACE INTO incidents (id, type, day, country, place, place_ar, place_id,
                 admin1, killed, injured, reports, win_lo, win_hi, summary, history, confidence, date,
                 win_tier)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
                params![
                    id,
                    inc.event_type.as_str(),
                    day,
                    inc.country,
                    inc.place,
                    inc.place_ar,
                    inc.place_id,
                    inc.admin1,
                    inc.killed.as_ref().and_then(|t| t.best),
                    inc.injured.as_ref().and_then(|t| t.best),
                    inc.reports as i64,
                    inc.window_first,
                    inc.window_last,
                    summary,
                    inc.history,
                    inc.confidence,
                    inc.date,
                    link::window_tier(inc.window_first.as_deref(), inc.window_last.as_deref())
                ],
            )?;
        self.insert_groups(
            "INSERT INTO incident_groups (incident_id, group_key, name, status) VALUES (?1,?2,?3,?4)",
            id,
            inc.perpetrators.iter().map(|a| (a.id.as_deref(), a.name.as_str(), a.status)),
        )?;
        self.move_totals(id, 1)
    }

    /// Stores the groups tied to an event or an incident (`sql` names the
    /// table), each under its key.
    fn insert_groups<'g>(
        &self,
        sql: &str,
        owner: i64,
        groups: impl Iterator<Item = (Option<&'g str>, &'g str, rasd_core::Status)>,
    ) -> Result<()> {
        let mut g = self.tx.prepare_cached(sql).map_err(|e| self.err(e))?;
        for (id, name, status) in groups {
            g.execute(params![owner, group_key(id, name), name, status_str(status)])
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }
}

/// The incident rows linking reads and writes, in the writer's
/// transaction.
struct Rows<'w, 'a>(&'w Writer<'a>);

impl IncidentRows for Rows<'_, '_> {
    fn candidates(&mut self, c: &link::Candidates) -> Result<Vec<(i64, Option<String>)>> {
        let w = self.0;
        let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, Option<String>)> {
            Ok((r.get(0)?, r.get(1)?))
        };
        let Some(country) = &c.country else {
            let mut s =
                w.tx.prepare_cached("SELECT id, date FROM incidents WHERE day >= ?1 AND day <= ?2")
                    .map_err(|e| w.err(e))?;
            return s
                .query_map(params![c.lo.to_string(), c.hi.to_string()], row)
                .and_then(|r| r.collect())
                .map_err(|e| w.err(e));
        };
        let mut s = w
            .tx
            .prepare_cached(
                "SELECT id, date FROM incidents WHERE country = ?1 AND win_tier = 0 AND win_lo >= ?4 AND win_lo <= ?3 AND win_hi >= ?2
                 UNION ALL
                 SELECT id, date FROM incidents WHERE country = ?1 AND win_tier = 1 AND win_lo >= ?5 AND win_lo <= ?3 AND win_hi >= ?2
                 UNION ALL
                 SELECT id, date FROM incidents WHERE country = ?1 AND win_tier = 2 AND win_lo >= ?6 AND win_lo <= ?3 AND win_hi >= ?2
                 UNION ALL
                 SELECT id, date FROM incidents WHERE country = ?1 AND win_tier = 3 AND win_lo <= ?3 AND win_hi >= ?2",
            )
            .map_err(|e| w.err(e))?;
        let [t0, t1, t2] = c.tier_starts.map(|d| d.to_string());
        s.query_map(params![country, c.lo.to_string(), c.hi.to_string(), t0, t1, t2], row)
            .and_then(|r| r.collect())
            .map_err(|e| w.err(e))
    }

    fn incident_reports(&mut self, id: i64) -> Result<Vec<Loaded>> {
        Ok(self.0.incident_reports(id)?.into_iter().map(Loaded::without_evidence).collect())
    }

    fn new_incident(&mut self, ty: rasd_core::EventType) -> Result<i64> {
        let w = self.0;
        w.run(
            "INSERT INTO incidents (type, reports, summary) VALUES (?1, 0, '{}')",
            [ty.as_str()],
        )?;
        let id = w.tx.last_insert_rowid();
        w.move_totals(id, 1)?;
        Ok(id)
    }

    fn attach(&mut self, event_id: i64, incident: i64) -> Result<()> {
        let w = self.0;
        w.run("UPDATE events SET incident_id = ?2 WHERE id = ?1", params![event_id, incident])
            .map(drop)
    }

    fn put_incident(&mut self, id: i64, inc: &Incident) -> Result<()> {
        self.0.put_incident(id, inc)
    }

    fn delete_incident(&mut self, id: i64) -> Result<()> {
        let w = self.0;
        w.move_totals(id, -1)?;
        w.run("DELETE FROM incident_groups WHERE incident_id = ?1", [id])?;
        w.run("DELETE FROM incidents WHERE id = ?1", [id]).map(drop)
    }
}

/// SQL conditions and their values for a filter, over a table aliased `t`
/// with columns `day`, `country`, `place`, `place_ar`, `place_id`,
/// `admin1`, `type`, `killed`, `history` and `confidence`, and a group
/// table.
fn conditions(f: &Filter, groups: (&str, &str)) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut vals: Vec<Value> = Vec::new();
    let mut push = |cond: &str, vs: Vec<Value>, sql: &mut String| {
        sql.push_str(" AND ");
        sql.push_str(cond);
        vals.extend(vs);
    };
    let marks = |n: usize| vec!["?"; n].join(",");
    if !f.include_history {
        push("t.history = 0", vec![], &mut sql);
    }
    if let Some(c) = f.min_confidence {
        push("t.confidence >= ?", vec![Value::Real(c)], &mut sql);
    }
    if let Some(d) = f.since {
        push("t.day >= ?", vec![Value::Text(d.to_string())], &mut sql);
    }
    if let Some(d) = f.until {
        push("t.day <= ?", vec![Value::Text(d.to_string())], &mut sql);
    }
    if !f.countries.is_empty() {
        let c = format!("t.country IN ({})", marks(f.countries.len()));
        push(&c, f.countries.iter().map(|c| Value::Text(c.to_uppercase())).collect(), &mut sql);
    }
    if let Some(p) = &f.place {
        push(
            "(t.place = ? COLLATE NOCASE OR t.place_ar = ? OR t.admin1 = ? COLLATE NOCASE OR t.place_id = ?)",
            vec![Value::Text(p.clone()); 4],
            &mut sql,
        );
    }
    if !f.types.is_empty() {
        let c = format!("t.type IN ({})", marks(f.types.len()));
        push(&c, f.types.iter().map(|t| Value::Text(t.as_str().into())).collect(), &mut sql);
    }
    if let Some(k) = f.min_killed {
        push("t.killed >= ?", vec![Value::Integer(i64::from(k))], &mut sql);
    }
    if !f.groups.is_empty() {
        let (table, col) = groups;
        let c = format!(
            "EXISTS (SELECT 1 FROM {table} g WHERE g.{col} = t.id AND (g.group_key IN ({}) OR lower(g.name) IN ({})))",
            marks(f.groups.len() * 3),
            marks(f.groups.len())
        );
        // A bare id (`iskp`) matches the group or force it names.
        let keys: Vec<String> = f
            .groups
            .iter()
            .flat_map(|g| [g.clone(), format!("group:{g}"), format!("actor:{g}")])
            .collect();
        let mut vs: Vec<Value> = keys.iter().map(|g| Value::Text(g.clone())).collect();
        vs.extend(f.groups.iter().map(|g| Value::Text(g.to_lowercase())));
        push(&c, vs, &mut sql);
    }
    (sql, vals)
}

/// The order of a part of a query's rows (see [`Part`]): undated rows
/// last, as their day is only when they were reported.
fn order(f: &Filter, part: Part) -> &'static str {
    match (f.sort, part) {
        (Sort::Killed, _) => " ORDER BY coalesce(t.killed, -1) DESC, t.day DESC, t.id DESC",
        (Sort::Newest, Part::Dated) => " AND t.date IS NOT NULL ORDER BY t.day DESC, t.id DESC",
        (Sort::Newest, Part::Undated) => " AND t.date IS NULL ORDER BY t.day DESC, t.id DESC",
        (Sort::Newest, Part::All) => " ORDER BY t.date IS NULL, t.day DESC, t.id DESC",
        (Sort::Oldest, Part::Dated) => " AND t.date IS NOT NULL ORDER BY t.day ASC, t.id ASC",
        (Sort::Oldest, Part::Undated) => " AND t.date IS NULL ORDER BY t.day ASC, t.id ASC",
        (Sort::Oldest, Part::All) => " ORDER BY t.date IS NULL, t.day ASC, t.id ASC",
    }
}

/// The condition a part of a query's rows adds, for counting them.
fn part_condition(part: Part) -> &'static str {
    match part {
        Part::All => "",
        Part::Dated => " AND t.date IS NOT NULL",
        Part::Undated => " AND t.date IS NULL",
    }
}

/// The rows statistics sum: incidents, and by group each incident once
/// per group, joined from the covering index of their groups (a join,
/// not a subquery per incident that joined its groups' names into a
/// string to be split again).
fn stats_from(by: Dimension) -> &'static str {
    match by {
        Dimension::Group => "incidents t LEFT JOIN incident_groups g ON g.incident_id = t.id",
        _ => "incidents t",
    }
}

fn page(limit: Option<usize>, offset: usize) -> String {
    format!(" LIMIT {} OFFSET {offset}", limit.map_or(-1, |l| l as i64))
}

impl SqliteStore {
    /// Statistics from the kept totals (schema 9), for a filter
    /// `rows::total_periods` admits: the periods from `lo` to `hi`, and
    /// the history, countries and types the filter asks for (`conditions`
    /// of the filter without its days, over columns of the same names).
    fn stats_from_totals(
        &self,
        f: &Filter,
        by: Dimension,
        lo: String,
        hi: String,
    ) -> Result<Vec<StatRow>> {
        let rest = Filter { since: None, until: None, ..f.clone() };
        let (cond, mut vals) = conditions(&rest, ("", ""));
        // The key as an expression, not a column: given a column, SQLite
        // reads an index in its order to skip sorting the groups, and by
        // country that was every year's rows of the country index.
        let (key, by_group) = match by {
            Dimension::Group => ("t.grp || ''", 1),
            Dimension::Country => ("t.country || ''", 0),
            Dimension::Type => ("t.type || ''", 0),
            Dimension::Month | Dimension::Week => ("t.period || ''", 0),
        };
        let sql = format!(
            "SELECT {key} AS k, sum(t.n), sum(t.killed), sum(t.injured), sum(t.reports)
             FROM stat_totals t WHERE t.by_group = ? AND t.period >= ? AND t.period <= ?{cond}
             GROUP BY k HAVING sum(t.n) > 0"
        );
        vals.splice(0..0, [Value::Integer(by_group), Value::Text(lo), Value::Text(hi)]);
        self.stat_query(&sql, vals, by)
    }

    /// The rows of a statistics query whose columns are the key, then the
    /// incidents, killed, injured and reports summed under it.
    fn stat_query(&self, sql: &str, vals: Vec<Value>, by: Dimension) -> Result<Vec<StatRow>> {
        let mut s = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows: Vec<(String, i64, i64, i64, i64)> = s
            .query_map(params_from_iter(vals), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        Ok(rows::stat_rows(rows, by))
    }

    /// How many rows of `table` meet `where_sql`.
    fn count(&self, table: &str, where_sql: &str, vals: Vec<Value>) -> Result<usize> {
        let sql = format!("SELECT count(*) FROM {table} WHERE {where_sql}");
        self.conn
            .query_row(&sql, params_from_iter(vals), |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

    fn event_rows(&self, where_sql: &str, vals: Vec<Value>) -> Result<Vec<EventRow>> {
        self.event_rows_from("events t", where_sql, vals)
    }

    fn event_rows_from(
        &self,
        table: &str,
        where_sql: &str,
        vals: Vec<Value>,
    ) -> Result<Vec<EventRow>> {
        let sql = format!(
            "SELECT t.id, t.json, t.incident_id, d.id, d.ext_id, d.url, d.source, d.published, d.title
             FROM {table} JOIN documents d ON d.id = t.doc_id WHERE {where_sql}"
        );
        let mut s = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = s
            .query_map(params_from_iter(vals), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    DocInfo {
                        id: r.get(3)?,
                        ext_id: r.get(4)?,
                        url: r.get(5)?,
                        source: r.get(6)?,
                        published: r.get(7)?,
                        title: r.get(8)?,
                    },
                ))
            })
            .and_then(|r| r.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(id, json, incident, doc)| {
                let mut event = decode_event(&self.path, &json)?;
                event.incident = incident.map(|i| i.to_string());
                Ok(EventRow { id, doc, event })
            })
            .collect()
    }

    fn incident_rows(&self, where_sql: &str, vals: Vec<Value>) -> Result<Vec<Incident>> {
        let sql = format!("SELECT t.summary FROM incidents t WHERE {where_sql}");
        let mut s = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows: Vec<String> = s
            .query_map(params_from_iter(vals), |r| r.get(0))
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|j| {
                serde_json::from_str(j).map_err(|e| StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: format!("incident record: {e}"),
                })
            })
            .collect()
    }

    fn write<T>(&mut self, f: impl FnOnce(&Writer) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let mut cache = std::mem::take(&mut self.cache);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        // Another connection's commit since the last write may have changed
        // any incident: what was read before is forgotten.
        let version: i64 = tx
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        if cache.data_version != Some(version) {
            cache.clear();
            cache.data_version = Some(version);
        }
        let w = Writer { tx, path: &path, cache: RefCell::new(cache) };
        // A failed write rolls back, and the cache, which may hold what it
        // wrote, is dropped with it.
        let out = f(&w)?;
        let Writer { tx, cache, .. } = w;
        tx.commit().map_err(|e| classify(&path, e))?;
        self.cache = cache.into_inner();
        Ok(out)
    }
}

impl Store for SqliteStore {
    fn ingest(&mut self, batch: &[Article]) -> Result<IngestReport> {
        self.write(|w| {
            let mut report = IngestReport::default();
            let mut seq: i64 =
                w.tx.query_row("SELECT coalesce(max(seq), 0) FROM documents", [], |r| r.get(0))
                    .map_err(|e| w.err(e))?;
            for a in batch {
                seq += 1;
                if let Some((doc, ids)) = w.put(a, seq, &mut report)? {
                    let t = Instant::now();
                    let (mine, stored) = reports::just_stored(a, doc, ids, w.path)?;
                    reports::link_doc(
                        &mut Rows(w),
                        &mut w.cache.borrow_mut(),
                        mine,
                        stored,
                        &mut report,
                    )?;
                    report.link_time += t.elapsed();
                }
            }
            Ok(report)
        })
    }

    fn relink_since(&mut self, since: Option<jiff::civil::Date>) -> Result<u64> {
        let since = since.map(|d| d.to_string());
        self.write(|w| {
            let mut cache = w.cache.borrow_mut();
            cache.clear();
            match &since {
                None => w
                    .tx
                    .execute_batch(
                        "UPDATE events SET incident_id = NULL; DELETE FROM incident_groups; DELETE FROM incidents;
                         DELETE FROM stat_totals;",
                    )
                    .map_err(|e| w.err(e))?,
                Some(day) => {
                    // The reports of the window leave their incidents,
                    // which go back to what their earlier reports make
                    // them (or go).
                    let mut s = w
                        .tx
                        .prepare(
                            "SELECT DISTINCT e.incident_id FROM events e JOIN documents d ON d.id = e.doc_id
                             WHERE e.incident_id IS NOT NULL AND (d.pub_day IS NULL OR d.pub_day >= ?1)
                             ORDER BY 1",
                        )
                        .map_err(|e| w.err(e))?;
                    let touched: Vec<i64> = s
                        .query_map([day], |r| r.get(0))
                        .and_then(|r| r.collect())
                        .map_err(|e| w.err(e))?;
                    w.tx.execute(
                        "UPDATE events SET incident_id = NULL WHERE incident_id IS NOT NULL
                         AND doc_id IN (SELECT id FROM documents WHERE pub_day IS NULL OR pub_day >= ?1)",
                        [day],
                    )
                    .map_err(|e| w.err(e))?;
                    for id in touched {
                        reports::refresh_incident(&mut Rows(w), &mut cache, id)?;
                    }
                }
            }
            let mut s = w
                .tx
                .prepare(
                    "SELECT e.id, e.doc_id, d.key, d.published, d.source, e.json FROM events e
                     JOIN documents d ON d.id = e.doc_id
                     WHERE ?1 IS NULL OR d.pub_day IS NULL OR d.pub_day >= ?1
                     ORDER BY d.pub_day IS NULL, d.pub_day, d.published, d.key, e.ord",
                )
                .map_err(|e| w.err(e))?;
            let rows: Vec<ReportRow> = s
                .query_map([&since], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
                })
                .and_then(|r| r.collect())
                .map_err(|e| w.err(e))?;
            let mut by_doc: Vec<Vec<Loaded>> = Vec::new();
            for (event_id, doc, key, published, source, json) in rows {
                let event = decode_event(w.path, &json)?;
                let l = Loaded { event_id, doc, key, published, source, event };
                match by_doc.last_mut() {
                    Some(evs) if evs[0].doc == doc => evs.push(l),
                    _ => by_doc.push(vec![l]),
                }
            }
            let mut report = IngestReport::default();
            for evs in by_doc {
                let stored = evs.iter().map(|l| l.clone().without_evidence()).collect();
                reports::link_doc(&mut Rows(w), &mut cache, evs, stored, &mut report)?;
            }
            drop(cache);
            w.tx.query_row("SELECT count(*) FROM incidents", [], |r| r.get(0)).map_err(|e| w.err(e))
        })
    }

    fn events(&self, f: &Filter) -> Result<Vec<EventRow>> {
        let (mut cond, mut vals) = conditions(f, ("event_groups", "event_id"));
        // One article's events: the article's index, not a filter's, finds
        // them fastest (the planner cannot know that without statistics).
        let table = match f.doc {
            Some(d) => {
                cond.push_str(" AND t.doc_id = ?");
                vals.push(Value::Integer(d));
                "events t INDEXED BY events_doc"
            }
            None => "events t",
        };
        let cond = format!("t.aggregate = 0{cond}");
        page_in_order(
            f,
            |part, limit, offset| {
                let tail = format!("{cond}{}{}", order(f, part), page(limit, offset));
                self.event_rows_from(table, &tail, vals.clone())
            },
            |part| self.count(table, &format!("{cond}{}", part_condition(part)), vals.clone()),
        )
    }

    fn incidents(&self, f: &Filter) -> Result<Vec<Incident>> {
        let (cond, vals) = conditions(f, ("incident_groups", "incident_id"));
        let cond = format!("1 = 1{cond}");
        page_in_order(
            f,
            |part, limit, offset| {
                let tail = format!("{cond}{}{}", order(f, part), page(limit, offset));
                self.incident_rows(&tail, vals.clone())
            },
            |part| {
                self.count("incidents t", &format!("{cond}{}", part_condition(part)), vals.clone())
            },
        )
    }

    fn incident(&self, id: i64) -> Result<Option<(Incident, Vec<EventRow>)>> {
        let Some(inc) = self.incident_rows("t.id = ?", vec![Value::Integer(id)])?.pop() else {
            return Ok(None);
        };
        let reports = self
            .event_rows("t.incident_id = ? ORDER BY d.published, t.id", vec![Value::Integer(id)])?;
        Ok(Some((inc, reports)))
    }

    fn document(&self, id: i64) -> Result<Option<StoredDoc>> {
        let mut out = None;
        self.documents_where("d.id = ?", vec![Value::Integer(id)], &mut |d| {
            out = Some(d);
            false
        })?;
        Ok(out)
    }

    fn for_each_document(&self, each: &mut dyn FnMut(StoredDoc) -> bool) -> Result<()> {
        self.documents_where("1 = 1", vec![], each)
    }

    fn documents_matching(&self, f: &Filter) -> Result<Option<Vec<i64>>> {
        if f.is_open() {
            return Ok(None);
        }
        let (cond, vals) = conditions(f, ("event_groups", "event_id"));
        let sql = format!("SELECT DISTINCT t.doc_id FROM events t WHERE t.aggregate = 0{cond}");
        let mut s = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let ids = s
            .query_map(params_from_iter(vals), |r| r.get(0))
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        Ok(Some(ids))
    }

    fn document_infos(&self, ids: &[i64]) -> Result<Vec<DocInfo>> {
        let mut s = self
            .conn
            .prepare_cached(
                "SELECT id, ext_id, url, source, published, title FROM documents WHERE id = ?1",
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let info = s
                .query_row([id], |r| {
                    Ok(DocInfo {
                        id: r.get(0)?,
                        ext_id: r.get(1)?,
                        url: r.get(2)?,
                        source: r.get(3)?,
                        published: r.get(4)?,
                        title: r.get(5)?,
                    })
                })
                .optional()
                .map_err(|e| self.err(e))?;
            out.extend(info);
        }
        Ok(out)
    }

    fn list_documents(&self, f: &Filter) -> Result<Vec<DocInfo>> {
        let (cond, vals) = conditions(f, ("event_groups", "event_id"));
        let restrict = if f.is_open() {
            String::new()
        } else {
            format!(
                " AND EXISTS (SELECT 1 FROM events t WHERE t.doc_id = d.id AND t.aggregate = 0{cond})"
            )
        };
        let sql = format!(
            "SELECT d.id, d.ext_id, d.url, d.source, d.published, d.title FROM documents d
             WHERE 1 = 1{restrict} ORDER BY d.published IS NULL, d.published DESC, d.id DESC{}",
            page(f.limit, f.offset)
        );
        let mut s = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        s.query_map(params_from_iter(if f.is_open() { vec![] } else { vals }), |r| {
            Ok(DocInfo {
                id: r.get(0)?,
                ext_id: r.get(1)?,
                url: r.get(2)?,
                source: r.get(3)?,
                published: r.get(4)?,
                title: r.get(5)?,
            })
        })
        .and_then(|r| r.collect())
        .map_err(|e| self.err(e))
    }

    fn changed_since(&self, seq: i64, limit: usize) -> Result<Vec<IndexDoc>> {
        let mut s = self
            .conn
            .prepare_cached(
                "SELECT id, text, seq FROM documents WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        s.query_map(params![seq, limit as i64], |r| {
            Ok(IndexDoc { id: r.get(0)?, text: r.get(1)?, seq: r.get(2)? })
        })
        .and_then(|r| r.collect())
        .map_err(|e| self.err(e))
    }

    fn last_seq(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(seq), 0) FROM documents", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn stats(&self, f: &Filter, by: Dimension) -> Result<Vec<StatRow>> {
        if let Some((lo, hi)) = rows::total_periods(f, by) {
            return self.stats_from_totals(f, by, lo, hi);
        }
        let (cond, vals) = conditions(f, ("incident_groups", "incident_id"));
        let key = match by {
            // One row per incident and group (none: one row, unknown).
            Dimension::Group => "coalesce(g.name, '')",
            Dimension::Country => "coalesce(t.country, '')",
            Dimension::Type => "t.type",
            Dimension::Month | Dimension::Week => "coalesce(t.day, '')",
        };
        let sql = format!(
            "SELECT {key} AS k, count(*), sum(coalesce(t.killed, 0)), sum(coalesce(t.injured, 0)), sum(t.reports)
             FROM {} WHERE 1 = 1{cond} GROUP BY k",
            stats_from(by)
        );
        self.stat_query(&sql, vals, by)
    }

    fn sightings(&self, f: &Filter) -> Result<Vec<Sighting>> {
        let (cond, vals) = conditions(f, ("event_groups", "event_id"));
        let sql = format!(
            "SELECT t.id, t.incident_id, d.pub_day, t.date, t.main, coalesce((SELECT i.country FROM incidents i WHERE i.id = t.incident_id), t.country), t.place, t.type, t.killed,
                    t.injured, t.place_ar, (SELECT group_concat(g.group_key || char(31) || g.name || char(31) || g.status, char(30))
                                FROM event_groups g WHERE g.event_id = t.id),
                    t.doc_id, d.source, t.history,
                    coalesce(json_extract(t.json, '$.killed.evidence[0].rule'), '') LIKE ?,
                    coalesce(json_extract(t.json, '$.killed.evidence[0].rule'), '') LIKE ?,
                    d.title, t.admin1,
                    json_extract(t.json, '$.coordinates[0]'), json_extract(t.json, '$.coordinates[1]'),
                    coalesce(json_extract(t.json, '$.killed.evidence[0].rule'), '') LIKE ?
             FROM events t JOIN documents d ON d.id = t.doc_id
             WHERE t.aggregate = 0 AND t.incident_id IS NOT NULL{cond}
             ORDER BY d.pub_day IS NULL, d.pub_day, d.published, t.id"
        );
        let mut s = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut vals = vals;
        vals.insert(0, Value::Text(format!("%({})", rasd_core::BATTLE_TOTAL)));
        vals.insert(0, Value::Text(format!("%({})", rasd_core::RECALLED_TOLL)));
        vals.insert(0, Value::Text(format!("%({})", rasd_core::RUNNING_TOTAL)));
        let rows = s
            .query_map(params_from_iter(vals), |r| {
                let ty: String = r.get(7)?;
                let groups: Option<String> = r.get(11)?;
                Ok(Sighting {
                    event_id: r.get(0)?,
                    incident: r.get(1)?,
                    published: r.get(2)?,
                    date: r.get(3)?,
                    main: r.get(4)?,
                    country: r.get(5)?,
                    place: r.get(6)?,
                    place_ar: r.get(10)?,
                    event_type: crate::parse_type(&ty).unwrap_or(rasd_core::EventType::Attack),
                    killed: r.get(8)?,
                    injured: r.get(9)?,
                    groups: rows::group_ties(groups.as_deref()),
                    doc_id: r.get(12)?,
                    source: r.get(13)?,
                    history: r.get(14)?,
                    killed_running_total: r.get(15)?,
                    killed_recalled: r.get(16)?,
                    killed_battle_total: r.get(21)?,
                    title: r.get(17)?,
                    admin1: r.get(18)?,
                    coordinates: match (r.get::<_, Option<f64>>(19)?, r.get::<_, Option<f64>>(20)?)
                    {
                        (Some(lat), Some(lon)) => Some([lat, lon]),
                        _ => None,
                    },
                })
            })
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    fn coverage(&self) -> Result<Vec<crate::CoverageRow>> {
        // Computed from the stored articles (one pass over documents, one
        // over the events' distinct countries): it follows every ingest and
        // correction without a table of its own to keep in step.
        let sql = "SELECT pub_day, source, NULL, count(*) FROM documents
                 WHERE pub_day IS NOT NULL GROUP BY pub_day, source
             UNION ALL
             SELECT d.pub_day, d.source, e.country, count(*) FROM documents d
                 JOIN (SELECT DISTINCT doc_id, country FROM events WHERE country IS NOT NULL) e
                 ON e.doc_id = d.id
                 WHERE d.pub_day IS NOT NULL GROUP BY d.pub_day, d.source, e.country
             ORDER BY 1, 2, 3";
        let mut s = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = s
            .query_map([], |r| {
                Ok(crate::CoverageRow {
                    day: r.get(0)?,
                    source: r.get(1)?,
                    country: r.get(2)?,
                    articles: r.get::<_, i64>(3)? as u64,
                })
            })
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    fn vocabulary(&self) -> Result<crate::Vocabulary> {
        let strings = |sql: &str| -> Result<Vec<String>> {
            let mut s = self.conn.prepare(sql).map_err(|e| self.err(e))?;
            s.query_map([], |r| r.get(0)).and_then(|r| r.collect()).map_err(|e| self.err(e))
        };
        // Every value any report has named (kept as reports are stored):
        // a small table, whatever the archive's size.
        let countries =
            strings("SELECT value FROM vocabulary WHERE kind = 'country' ORDER BY value")?;
        let mut s = self
            .conn
            .prepare("SELECT value, name FROM vocabulary WHERE kind = 'group' ORDER BY value, name")
            .map_err(|e| self.err(e))?;
        let groups = s
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        let places = strings("SELECT value FROM vocabulary WHERE kind = 'place' ORDER BY value")?;
        Ok(crate::Vocabulary {
            countries: countries.into_iter().map(|c| (c.clone(), c)).collect(),
            groups,
            places,
        })
    }

    /// Refreshes the query planner's statistics where they are stale.
    fn maintain(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA optimize").map_err(|e| self.err(e))
    }

    fn set_deadline(&self, deadline: Option<Instant>) {
        SqliteStore::set_deadline(self, deadline);
    }

    fn schema_version(&self) -> Result<u32> {
        SqliteStore::schema_version(self)
    }

    /// Another connection to the same file; an in-memory database has
    /// none.
    fn reader(&self) -> Result<Box<dyn Store + Send>> {
        if self.path == ":memory:" {
            return Err(StoreError::Invalid("an in-memory database cannot be opened twice".into()));
        }
        Ok(Box::new(SqliteStore::open(Path::new(&self.path))?))
    }

    /// A connection with a page cache of 2 MB instead of 32: the indexing
    /// thread reads each new article's text once, so its cache only held
    /// memory (a steady 36 MB of the ingest's heap).
    fn scanner(&self) -> Result<Box<dyn Store + Send>> {
        let s = SqliteStore::open(Path::new(&self.path))?;
        s.conn.execute_batch("PRAGMA cache_size = -2048;").map_err(|e| s.err(e))?;
        Ok(Box::new(s))
    }

    fn sync_warnings(
        &mut self,
        ws: &[crate::DeskWarning],
        at: jiff::Timestamp,
    ) -> Result<crate::DeskSync> {
        let at = crate::desk::timestamp(at);
        let pending =
            crate::desk::pending(&mut DeskRows { conn: &self.conn, path: &self.path }, ws)?;
        if pending.is_empty() {
            return Ok(crate::DeskSync::default());
        }
        self.write(|w| {
            crate::desk::sync(&mut DeskRows { conn: &w.tx, path: w.path }, &pending, &at)
        })
    }

    fn desk(
        &self,
        state: Option<crate::DeskState>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<crate::DeskEntry>> {
        crate::sqlite_desk::list(
            &DeskRows { conn: &self.conn, path: &self.path },
            state,
            limit,
            offset,
        )
    }

    fn desk_counts(&self) -> Result<Vec<(crate::DeskState, u64)>> {
        crate::sqlite_desk::counts(&DeskRows { conn: &self.conn, path: &self.path })
    }

    fn desk_warning(
        &self,
        id: i64,
    ) -> Result<Option<(crate::DeskEntry, serde_json::Value, Vec<crate::DeskChange>)>> {
        crate::sqlite_desk::one(&DeskRows { conn: &self.conn, path: &self.path }, id)
    }

    fn set_warning_state(
        &mut self,
        id: i64,
        to: crate::DeskState,
        who: &str,
        note: Option<&str>,
        at: jiff::Timestamp,
    ) -> Result<crate::DeskChange> {
        let at = crate::desk::timestamp(at);
        self.write(|w| {
            crate::desk::set_state(
                &mut DeskRows { conn: &w.tx, path: w.path },
                id,
                to,
                who,
                note,
                &at,
            )
        })
    }

    fn totals(&self) -> Result<Totals> {
        let q = |sql: &str| -> Result<u64> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(|e| self.err(e))
        };
        Ok(Totals {
            documents: q("SELECT count(*) FROM documents")?,
            events: q("SELECT count(*) FROM events")?,
            incidents: q("SELECT count(*) FROM incidents")?,
            mentions: q("SELECT count(*) FROM mentions")?,
        })
    }
}

impl SqliteStore {
    fn documents_where(
        &self,
        cond: &str,
        vals: Vec<Value>,
        each: &mut dyn FnMut(StoredDoc) -> bool,
    ) -> Result<()> {
        let sql = format!(
            "SELECT d.id, d.ext_id, d.url, d.source, d.published, d.title, d.text FROM documents d
             WHERE {cond} ORDER BY d.id"
        );
        let mut s = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = s.query(params_from_iter(vals)).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let info = DocInfo {
                id: r.get(0).map_err(|e| self.err(e))?,
                ext_id: r.get(1).map_err(|e| self.err(e))?,
                url: r.get(2).map_err(|e| self.err(e))?,
                source: r.get(3).map_err(|e| self.err(e))?,
                published: r.get(4).map_err(|e| self.err(e))?,
                title: r.get(5).map_err(|e| self.err(e))?,
            };
            let text: String = r.get(6).map_err(|e| self.err(e))?;
            let events = self
                .event_rows("t.doc_id = ? ORDER BY t.ord", vec![Value::Integer(info.id)])?
                .into_iter()
                .map(|r| r.event)
                .collect();
            let mentions = self.mentions_of(info.id)?;
            if !each(StoredDoc { info, text, events, mentions }) {
                break;
            }
        }
        Ok(())
    }

    fn mentions_of(&self, doc: i64) -> Result<Vec<Mention>> {
        let mut s = self
            .conn
            .prepare_cached(
                "SELECT kind, entity, name, start, end, surface FROM mentions WHERE doc_id = ?1 ORDER BY start",
            )
            .map_err(|e| self.err(e))?;
        s.query_map([doc], |r| {
            Ok(Mention {
                kind: r.get(0)?,
                entity: r.get(1)?,
                name: r.get(2)?,
                span: rasd_core::Span { start: r.get(3)?, end: r.get(4)? },
                text: r.get(5)?,
            })
        })
        .and_then(|r| r.collect())
        .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {

    /// A statement still running at its deadline is stopped with
    /// `TooSlow`; without a deadline the same statement runs to the end.
    #[test]
    fn a_read_past_its_deadline_is_stopped() {
        let s = SqliteStore::in_memory().unwrap();
        let count = |n: i64| {
            s.conn
                .query_row(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?1)
                     SELECT count(*) FROM c",
                    [n],
                    |r| r.get::<_, i64>(0),
                )
                .map_err(|e| classify(&s.path, e))
        };
        s.set_deadline(Some(Instant::now()));
        assert!(matches!(count(10_000_000), Err(StoreError::TooSlow { .. })));
        s.set_deadline(None);
        assert_eq!(count(100_000).unwrap(), 100_000);
    }

    use super::*;
    use rasd_core::{Count, CountQualifier, Doc, EventType};

    fn event(date: &str, place: &str, killed: u32) -> Event {
        Event {
            date: Some(date.into()),
            country: Some("IQ".into()),
            place: Some(place.into()),
            place_id: Some(format!("test:{place}")),
            geo_precision: Some(1),
            killed: Some(Count {
                value: Some(killed),
                qualifier: CountQualifier::Exact,
                evidence: vec![],
            }),
            target_type: "civilians".into(),
            main: true,
            ..Event::new(EventType::Bombing)
        }
    }

    fn article(id: &str, published: &str, events: Vec<Event>) -> Article {
        Article {
            doc: Doc {
                id: id.into(),
                published: Some(published.into()),
                text: format!("نص {id}"),
                ..Doc::default()
            },
            events,
            mentions: vec![],
        }
    }

    /// A row of `stat_totals`: its key, then its four sums.
    type TotalRow = (i64, String, i64, String, String, String, [i64; 4]);

    /// The totals kept as incidents are written equal the totals the
    /// migration sums from the incidents at the end (rows left at zero by
    /// incidents that moved away aside).
    #[test]
    fn kept_totals_equal_totals_summed_afresh() {
        let mut s = SqliteStore::in_memory().unwrap();
        let mut articles: Vec<Article> = (0..120)
            .map(|k| {
                let day = jiff::civil::date(2018, 1, 1) + jiff::Span::new().days(k % 70);
                let place = ["Mosul", "Kirkuk", "Basra"][(k % 3) as usize];
                let mut e = event(&day.to_string(), place, (k % 9) as u32);
                if k % 5 == 0 {
                    e.perpetrators.push(rasd_core::Perpetrator {
                        name: ["Islamic State", "Unknown Gunmen"][(k % 2) as usize].into(),
                        name_ar: None,
                        aliases: vec![],
                        status: rasd_core::Status::Claimed,
                        id: None,
                        evidence: vec![],
                    });
                }
                article(&format!("a{k}"), &format!("{day}T10:00:00Z"), vec![e])
            })
            .collect();
        for chunk in articles.chunks(17) {
            s.ingest(chunk).unwrap();
        }
        // Corrections move incidents' tolls and groups, or empty them.
        for a in articles.iter_mut().step_by(7) {
            a.doc.text.push_str(" (تصحيح)");
            a.events.truncate(usize::from(a.doc.id.len() % 2 == 0));
        }
        s.ingest(&articles).unwrap();
        let totals = |s: &SqliteStore| -> Vec<TotalRow> {
            let mut st = s
                .conn
                .prepare("SELECT * FROM stat_totals WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6")
                .unwrap();
            st.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    [r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
                ))
            })
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap()
        };
        let kept = totals(&s);
        assert!(kept.iter().any(|r| r.0 == 1 && r.5 == "Islamic State"), "{kept:?}");
        assert!(kept.iter().any(|r| r.1 == "2018-02"), "{kept:?}");
        s.conn.execute_batch("DROP TABLE stat_totals").unwrap();
        s.conn.execute_batch(TOTALS_MIGRATION).unwrap();
        assert_eq!(kept, totals(&s));
    }

    #[test]
    fn incidents_with_long_windows_are_still_candidates() {
        let mut s = SqliteStore::in_memory().unwrap();
        // Years of other incidents in the same country before it.
        let before: Vec<Article> = (0..200)
            .map(|k| {
                let day = jiff::civil::date(2015, 1, 1) + jiff::Span::new().days(k * 5);
                article(
                    &format!("old{k}"),
                    &format!("{day}T10:00:00Z"),
                    vec![event(&day.to_string(), "Basra", 2)],
                )
            })
            .collect();
        s.ingest(&before).unwrap();
        // A month's incident, then a report of a day late in that month.
        s.ingest(&[article("m", "2018-04-02T10:00:00Z", vec![event("2018-03", "Mosul", 4)])])
            .unwrap();
        let r = s
            .ingest(&[article("d", "2018-03-29T10:00:00Z", vec![event("2018-03-28", "Mosul", 4)])])
            .unwrap();
        assert_eq!(r.joined, 1);
        let tiers: Vec<Option<i64>> = s
            .conn
            .prepare("SELECT win_tier FROM incidents ORDER BY id DESC LIMIT 2")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(tiers, [Some(1), Some(0)]);
    }

    #[test]
    fn schema_is_versioned_and_a_newer_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        s.conn.execute_batch("PRAGMA user_version = 99").unwrap();
        drop(s);
        match SqliteStore::open(&path) {
            Err(StoreError::TooNew { found: 99, .. }) => {}
            other => panic!("{:?}", other.err()),
        }
    }
}

#[cfg(test)]
mod migration_tests {
    use super::*;

    /// A text's hash is looked up in the index of hash heads, not by
    /// reading every article, and a text whose hash only begins the same
    /// is not the same text.
    #[test]
    fn a_text_is_found_by_the_head_of_its_hash() {
        let mut s = SqliteStore::in_memory().unwrap();
        let sql = format!("EXPLAIN QUERY PLAN SELECT hash FROM documents WHERE {HASH_HEAD} = ?1");
        let plan: String = s.conn.query_row(&sql, ["0123456789abcdef"], |r| r.get(3)).unwrap();
        assert!(plan.contains("documents_hash_head"), "{plan}");
        let stored = format!("0123456789abcdef{}", "0".repeat(48));
        let other = format!("0123456789abcdef{}", "1".repeat(48));
        let found = s
            .write(|w| {
                w.run(
                    "INSERT INTO documents (key, ext_id, text, hash, seq, ingested_at)
                     VALUES ('k', 'a', 'نص', ?1, 1, 'now')",
                    [&stored],
                )?;
                Ok((w.same_text(&stored)?, w.same_text(&other)?, w.same_text("0123")?))
            })
            .unwrap();
        assert_eq!(found, (true, false, false));
    }

    #[test]
    fn a_version_1_file_is_brought_up_to_date_keeping_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let c = Connection::open(&path).unwrap();
        c.execute_batch(MIGRATIONS[0]).unwrap();
        c.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 1;"
        ))
        .unwrap();
        c.execute_batch(
            "INSERT INTO documents (key, ext_id, text, hash, seq, ingested_at) VALUES ('k', 'a', 'نص', 'h', 1, 'now');
             INSERT INTO events (doc_id, ord, type, aggregate, json) VALUES (1, 0, 'bombing', 0, '{\"main\": true}');",
        )
        .unwrap();
        drop(c);
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        let main: i64 = s.conn.query_row("SELECT main FROM events", [], |r| r.get(0)).unwrap();
        assert_eq!(main, 1);
    }
}
