//! The database a user opens: the store and its search index, kept in step.
//!
//! [`Database::open_url`] is the one place a `--db` value becomes a store:
//! a `postgres://` URL opens PostgreSQL, anything else an SQLite file.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::search::{ParsedQuery, SearchIndex, Snippet, snippet};
use crate::{DocInfo, EventRow, Filter, PgStore, Result, SqliteStore, Store, is_postgres_url};

/// A database file with its search index in a folder beside it
/// (`rasd.db` → `rasd.db.search/`).
pub struct Database {
    /// The store: documents, events, incidents.
    pub store: Box<dyn Store + Send>,
    index_dir: PathBuf,
    index: Option<SearchIndex>,
}

/// One search result.
#[derive(Clone, Debug, Serialize)]
pub struct SearchResult {
    /// The article.
    pub doc: DocInfo,
    /// Relevance.
    pub score: f32,
    /// Where the words are.
    pub snippet: Snippet,
    /// The article's events (those matching the filter when one is given).
    pub events: Vec<EventRow>,
}

/// Search results with the number of matching articles.
#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    /// Articles matching, in all.
    pub total: usize,
    /// This page.
    pub results: Vec<SearchResult>,
}

impl Database {
    /// Opens or creates the SQLite database at `path`.
    pub fn open(path: &Path) -> Result<Database> {
        Database::open_limited(path, None)
    }

    /// Opens or creates the SQLite database at `path`, refusing writes that
    /// would take the file past `max_bytes`.
    pub fn open_limited(path: &Path, max_bytes: Option<u64>) -> Result<Database> {
        let store = SqliteStore::open(path)?;
        if let Some(b) = max_bytes {
            store.set_size_limit(b)?;
        }
        let mut index_dir = path.as_os_str().to_owned();
        index_dir.push(".search");
        Ok(Database::with_store(Box::new(store), PathBuf::from(index_dir)))
    }

    /// Opens or creates the database `url` names: a `postgres://` or
    /// `postgresql://` URL is a PostgreSQL database (its schema created or
    /// migrated), anything else an SQLite file. The search index is in
    /// `index`, else beside the file (`FILE.search/`), else, for
    /// PostgreSQL, in [`default_index_dir`].
    pub fn open_url(url: &str, index: Option<&Path>) -> Result<Database> {
        Database::open_url_with(url, index, true, None)
    }

    /// [`Database::open_url`] for a database that must exist already:
    /// queries never create one.
    pub fn open_existing_url(url: &str, index: Option<&Path>) -> Result<Database> {
        Database::open_url_with(url, index, false, None)
    }

    /// [`Database::open_url`] with its choices: `create` a database that
    /// is not there, and cap an SQLite file at `max_bytes`.
    pub fn open_url_with(
        url: &str,
        index: Option<&Path>,
        create: bool,
        max_bytes: Option<u64>,
    ) -> Result<Database> {
        if is_postgres_url(url) {
            let store = if create { PgStore::open(url)? } else { PgStore::open_existing(url)? };
            let dir = index.map(Path::to_path_buf).unwrap_or_else(|| default_index_dir(url));
            return Ok(Database::with_store(Box::new(store), dir));
        }
        let path = Path::new(url);
        if !create && !path.exists() {
            return Err(crate::StoreError::Invalid(format!(
                "{url}: no such database (create it with `rasd ingest --db {url} FILES`)"
            )));
        }
        let mut db = Database::open_limited(path, max_bytes)?;
        if let Some(dir) = index {
            db.set_index_dir(dir);
        }
        Ok(db)
    }

    /// A database over any store, with its search index in `index_dir`.
    pub fn with_store(store: Box<dyn Store + Send>, index_dir: PathBuf) -> Database {
        Database { store, index_dir, index: None }
    }

    /// Keeps the search index in `dir` instead.
    pub fn set_index_dir(&mut self, dir: &Path) {
        self.index_dir = dir.to_path_buf();
        self.index = None;
    }

    /// The search index folder.
    pub fn index_dir(&self) -> &Path {
        &self.index_dir
    }

    /// Indexes whatever the store has that the index lacks, and commits;
    /// returns how many articles were indexed.
    pub fn sync_index(&mut self) -> Result<usize> {
        opened(&mut self.index, &self.index_dir)?.catch_up(self.store.as_ref())
    }

    /// Adds to the index whatever the store has that the index lacks,
    /// keeping its writer open and committing only every few thousand
    /// articles (`SearchIndex::feed`); `sync_index` commits the rest.
    pub fn feed_index(&mut self) -> Result<usize> {
        opened(&mut self.index, &self.index_dir)?.feed(self.store.as_ref())
    }

    /// Articles matching a query and a filter, best first, with snippets.
    ///
    /// While another process writes the index (an ingest keeps its writer
    /// for as long as it runs), the search reads what that process has
    /// committed so far.
    pub fn search(&mut self, query: &str, filter: &Filter) -> Result<SearchResults> {
        match self.sync_index() {
            Ok(_) => {}
            Err(crate::StoreError::IndexBusy { .. }) => {
                self.index.as_ref().expect("opened before its writer was asked for").refresh()?
            }
            Err(e) => return Err(e),
        }
        let index = self.index.as_ref().expect("opened by sync_index");
        search(self.store.as_ref(), index, query, filter)
    }
}

/// The search index in `dir`, opened the first time it is asked for.
fn opened<'a>(index: &'a mut Option<SearchIndex>, dir: &Path) -> Result<&'a mut SearchIndex> {
    match index {
        Some(index) => Ok(index),
        None => Ok(index.insert(SearchIndex::open(dir)?)),
    }
}

/// Where the search index of a PostgreSQL database lives when not given:
/// `rasd/index/HOST-DB-HASH.search` under `$XDG_DATA_HOME` (else
/// `~/.local/share`, else the working folder): the host (and port) and
/// database as the URL gives them, and a hash of the URL without its
/// password, which tells apart URLs that differ in anything else (user,
/// schema). Every process on one
/// machine that opens the same URL shares it.
pub fn default_index_dir(url: &str) -> PathBuf {
    use sha2::{Digest, Sha256};
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })
        .unwrap_or_else(|| PathBuf::from("."));
    // The password never reaches a file name; the rest is hashed whole.
    let shown = crate::display_name(url);
    let rest = shown.split_once("://").map_or(shown.as_str(), |(_, r)| r);
    let host_db = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let host_db = host_db.split('?').next().unwrap_or("");
    let readable: String = host_db
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' })
        .collect();
    let digest = Sha256::digest(rest.as_bytes());
    let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    base.join("rasd").join("index").join(format!("{readable}-{short}.search"))
}

/// Articles matching a query and a filter in `index`, best first, with
/// snippets and their events (those matching the filter) from `store`.
pub fn search(
    store: &dyn Store,
    index: &SearchIndex,
    query: &str,
    filter: &Filter,
) -> Result<SearchResults> {
    let q = ParsedQuery::parse(query)?;
    let only = store.documents_matching(filter)?;
    let limit = filter.limit.unwrap_or(20);
    let (hits, total) = index.search(&q, only.as_deref(), limit, filter.offset)?;
    let mut results = Vec::with_capacity(hits.len());
    for h in hits {
        let Some(doc) = store.document(h.doc)? else { continue };
        let f = Filter { doc: Some(h.doc), limit: None, offset: 0, ..filter.clone() };
        let events = store.events(&f)?;
        results.push(SearchResult {
            snippet: snippet(&doc.text, &q, 40),
            doc: doc.info,
            score: h.score,
            events,
        });
    }
    Ok(SearchResults { total, results })
}
