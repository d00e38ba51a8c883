//! The database a user opens: the store and its search index, kept in step.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::search::{ParsedQuery, SearchIndex, Snippet, snippet};
use crate::{DocInfo, EventRow, Filter, Result, SqliteStore, Store};

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

    /// A database over any store, with its search index in `index_dir`.
    pub fn with_store(store: Box<dyn Store + Send>, index_dir: PathBuf) -> Database {
        Database { store, index_dir, index: None }
    }

    /// The search index folder.
    pub fn index_dir(&self) -> &Path {
        &self.index_dir
    }

    /// Indexes whatever the store has that the index lacks; returns how
    /// many articles were indexed.
    pub fn sync_index(&mut self) -> Result<usize> {
        if self.index.is_none() {
            self.index = Some(SearchIndex::open(&self.index_dir)?);
        }
        let index = self.index.as_mut().expect("just opened");
        index.catch_up(self.store.as_ref())
    }

    /// Articles matching a query and a filter, best first, with snippets.
    pub fn search(&mut self, query: &str, filter: &Filter) -> Result<SearchResults> {
        self.sync_index()?;
        let index = self.index.as_ref().expect("opened by sync_index");
        search(self.store.as_ref(), index, query, filter)
    }
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
