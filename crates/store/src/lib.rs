//! rasd's event database.
//!
//! Every article is kept with the events the extractor read from it (one
//! event row is one article's *report* of something that happened) and the
//! names it mentions. Reports of the same real happening in different
//! articles are linked into one *incident* ([`link`]), which keeps every
//! source, the range of tolls they give and a best figure chosen by a
//! documented rule.
//!
//! Storage sits behind the [`Store`] trait; [`SqliteStore`] is the embedded
//! default and [`PgStore`] the server database (`postgres://…`), and both
//! link through the same code ([`link`]). The Arabic full-text index ([`search::SearchIndex`], tantivy)
//! lives beside the database and is rebuilt from it when it falls behind,
//! so the database is the one source of truth. [`Database`] ties the two
//! together.

pub mod codebook;
mod db;
pub mod desk;
pub mod export;
mod filter;
pub mod link;
mod pg;
mod reports;
mod rows;
pub mod search;
mod sqlite;
mod sqlite_desk;

use rasd_core::{Doc, Event, EventType, Mention};
use serde::Serialize;

pub use db::{Database, SearchResult, SearchResults, default_index_dir, search};
pub use desk::{DeskChange, DeskEntry, DeskState, DeskSync, DeskWarning};
pub use filter::{DayBound, Filter, Sort, Vocabulary, nearest};
pub use link::{Incident, Toll};
pub use pg::{PG_SCHEMA_VERSION, PgStore, display_name, is_postgres_url};
pub use sqlite::{SCHEMA_VERSION, SqliteStore};

/// What went wrong, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the database.
    #[error(
        "{path}: the database is locked by another process (is another `rasd ingest` running?)"
    )]
    Locked {
        /// The database file.
        path: String,
    },
    /// The file is not a rasd database, or is damaged.
    #[error("{path}: not a rasd database, or the file is damaged ({detail})")]
    Corrupt {
        /// The database file.
        path: String,
        /// What SQLite said.
        detail: String,
    },
    /// The disk (or the database's size limit) is full.
    #[error(
        "{path}: the disk or the database size limit is full; the batch being written was rolled back and everything committed before it is kept"
    )]
    Full {
        /// The database file.
        path: String,
    },
    /// The database was written by a newer rasd.
    #[error("{path}: schema version {found} is newer than this rasd understands ({supported})")]
    TooNew {
        /// The database file.
        path: String,
        /// The file's version.
        found: u32,
        /// This build's version.
        supported: u32,
    },
    /// Any other database error.
    #[error("{path}: {detail}")]
    Db {
        /// The database file.
        path: String,
        /// What went wrong.
        detail: String,
    },
    /// A read ran past its time budget and was stopped.
    #[error("{path}: the query ran past its time budget and was stopped; narrow the filters")]
    TooSlow {
        /// The database file.
        path: String,
    },
    /// Another process is writing the search index; it catches up from the
    /// database later (the database is the truth).
    #[error("{path}: another rasd process is writing this search index; it catches up later")]
    IndexBusy {
        /// The index folder.
        path: String,
    },
    /// The search index could not be used.
    #[error("{path}: search index: {detail}")]
    Index {
        /// The index folder.
        path: String,
        /// What went wrong.
        detail: String,
    },
    /// A bad argument (an unparseable filter, say).
    #[error("{0}")]
    Invalid(String),
    /// What was asked for is not there (a warning the desk does not hold).
    #[error("{0}")]
    NotFound(String),
    /// A change the record's state does not allow (a dismissed warning
    /// acknowledged, say).
    #[error("{0}")]
    Conflict(String),
}

/// The result of every store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One article and what the extractor read from it, ready to store.
#[derive(Clone, Debug)]
pub struct Article {
    /// The article.
    pub doc: Doc,
    /// Its events, in the order it tells them.
    pub events: Vec<Event>,
    /// The places, groups and forces it names.
    pub mentions: Vec<Mention>,
}

/// What a call to [`Store::ingest`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Articles new to the database.
    pub added: usize,
    /// Articles already stored under the same URL or id whose text changed.
    pub updated: usize,
    /// Articles already stored exactly as they are.
    pub unchanged: usize,
    /// Articles whose text is already stored under another URL or id.
    pub duplicates: usize,
    /// Articles whose text is one their URL or id had before a correction
    /// replaced it (an older copy read again); not applied.
    pub superseded: usize,
    /// Events stored.
    pub events: usize,
    /// Events that started a new incident.
    pub new_incidents: usize,
    /// Events that joined an incident reported before.
    pub joined: usize,
    /// Time spent linking events to incidents (within the call's time), for
    /// `rasd ingest --timings`; not part of the API's answer.
    #[serde(skip)]
    pub link_time: std::time::Duration,
    /// Candidate incidents linking weighed (one per event and incident),
    /// for `--timings`.
    #[serde(skip)]
    pub link_candidates: usize,
    /// Of those, the incidents whose reports linking had to read from the
    /// database (not kept from earlier articles), for `--timings`.
    #[serde(skip)]
    pub link_reads: usize,
}

impl IngestReport {
    /// Adds another report's counts to this one.
    pub fn add(&mut self, o: &IngestReport) {
        self.added += o.added;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
        self.duplicates += o.duplicates;
        self.superseded += o.superseded;
        self.events += o.events;
        self.new_incidents += o.new_incidents;
        self.joined += o.joined;
        self.link_time += o.link_time;
        self.link_candidates += o.link_candidates;
        self.link_reads += o.link_reads;
    }
}

/// A stored article, without its text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocInfo {
    /// The database's id for it.
    pub id: i64,
    /// The article's own id (the input's `id`, or its file name).
    pub ext_id: String,
    /// Its URL, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The outlet, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication time as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A stored event: one article's report, with the article it is from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    /// The database's id for the event.
    pub id: i64,
    /// The article.
    pub doc: DocInfo,
    /// The event, with its evidence; `incident` holds the incident id.
    pub event: Event,
}

/// A stored article with its text, events and mentions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredDoc {
    /// Where it came from.
    pub info: DocInfo,
    /// The text, as read.
    pub text: String,
    /// Its events, in the order the article tells them.
    pub events: Vec<Event>,
    /// The names it mentions.
    pub mentions: Vec<Mention>,
}

/// An article for the search index.
#[derive(Clone, Debug)]
pub struct IndexDoc {
    /// The database's id.
    pub id: i64,
    /// Headline and text.
    pub text: String,
    /// The order of the latest change (see [`Store::changed_since`]).
    pub seq: i64,
}

/// What [`Store::stats`] groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Armed group (or force), by name.
    Group,
    /// Country code.
    Country,
    /// Event type.
    Type,
    /// Calendar month of the incident (`YYYY-MM`).
    Month,
    /// ISO week of the incident (`YYYY-Www`).
    Week,
}

/// One line of statistics.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatRow {
    /// The group, country, type, month or week.
    pub key: String,
    /// Incidents.
    pub incidents: u64,
    /// Killed, by each incident's best figure.
    pub killed: u64,
    /// Injured, by each incident's best figure.
    pub injured: u64,
    /// Reports (events in articles) behind those incidents.
    pub reports: u64,
}

/// Counts of what is stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Articles.
    pub documents: u64,
    /// Events (reports).
    pub events: u64,
    /// Incidents.
    pub incidents: u64,
    /// Name mentions.
    pub mentions: u64,
}

/// A group tied to a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupTie {
    /// Its key: the lexicon id (`group:iskp`, `actor:army:AF`), else its
    /// name in lower case.
    pub key: String,
    /// Its English name.
    pub name: String,
    /// How the report ties it to the event.
    pub status: rasd_core::Status,
}

/// One report as the watch sees it: when it was published and what it
/// says, without its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sighting {
    /// The event's id.
    pub event_id: i64,
    /// Its incident.
    pub incident: Option<i64>,
    /// The article's publication day (`YYYY-MM-DD`).
    pub published: Option<String>,
    /// The event's date, at its precision.
    pub date: Option<String>,
    /// Whether it is its article's headline event.
    pub main: bool,
    /// Country code: its incident's (a report placed nowhere below its
    /// country can join an incident of another, `link::pair_score`).
    pub country: Option<String>,
    /// Place, in English.
    pub place: Option<String>,
    /// Place, as the article writes it.
    pub place_ar: Option<String>,
    /// The first-level division (province, governorate) the place lies
    /// in, or is, in English: where two reports of one day in one
    /// province may be one episode told from two towns.
    pub admin1: Option<String>,
    /// Latitude and longitude of the place (of the country when no place
    /// is named).
    pub coordinates: Option<[f64; 2]>,
    /// Type.
    pub event_type: EventType,
    /// Killed, when a number is given.
    pub killed: Option<u32>,
    /// Injured, when a number is given.
    pub injured: Option<u32>,
    /// Groups tied to it.
    pub groups: Vec<GroupTie>,
    /// Its article's id in the store.
    pub doc_id: i64,
    /// Its article's source (outlet), when known.
    pub source: Option<String>,
    /// Whether it is recalled history (dated more than a month before its
    /// article): the watch reads it as an earlier attack mentioned, not as
    /// news, unless asked.
    pub history: bool,
    /// Whether `killed` is a running total ("since the start of the
    /// year") rather than an incident's own toll.
    pub killed_running_total: bool,
    /// Whether `killed` is the toll of an earlier event the article
    /// recalls (an anniversary piece, a date long past) rather than the
    /// toll of the incident it reports.
    pub killed_recalled: bool,
    /// Whether `killed` is a battle report's total (one side's fighters
    /// killed in clashes and raids, or over a front) rather than the toll
    /// of one attack.
    pub killed_battle_total: bool,
    /// Its article's headline, for the watch to ask whether the article is
    /// about deaths or an attack at all (a plane crash, a court case, a
    /// match report that names a method in passing is not).
    pub title: Option<String>,
}

/// How many articles one source published on one day, and how many of
/// them name each country (through their events).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// The publication day (`YYYY-MM-DD`).
    pub day: String,
    /// The source, when known.
    pub source: Option<String>,
    /// The country, or `None` for every article of the source that day.
    pub country: Option<String>,
    /// Articles.
    pub articles: u64,
}

/// Where documents, events and incidents are kept.
///
/// Every write is atomic: after a crash, a call has happened entirely or
/// not at all. The embedded default is [`SqliteStore`]; [`PgStore`], the
/// server database, gives the same answers to the same calls.
pub trait Store {
    /// Stores a batch of articles in one transaction, linking their events
    /// into incidents. An article already stored under the same URL (or id)
    /// with the same text changes nothing; with a changed text its events
    /// are replaced; the same text under another URL is a duplicate and is
    /// not stored twice.
    fn ingest(&mut self, batch: &[Article]) -> Result<IngestReport>;
    /// Throws the incidents away and links every event again, in order of
    /// publication (articles published at the same time in order of their
    /// key, URL or id), so that the incidents depend only on the articles
    /// stored, not on the order they arrived in. Returns the number of
    /// incidents.
    fn relink(&mut self) -> Result<u64> {
        self.relink_since(None)
    }
    /// [`Store::relink`] of the articles published on or after `since`
    /// (and those without a day): their reports leave their incidents,
    /// which are recomputed from the reports left, and are linked again
    /// in order of publication. Where the incidents of the earlier
    /// articles are what a relink makes them (after one, and with nothing
    /// published before `since` stored since), the result is a full
    /// relink's, at the cost of the window only. `None` relinks all.
    fn relink_since(&mut self, since: Option<jiff::civil::Date>) -> Result<u64>;
    /// Events matching a filter, newest first unless the filter says.
    fn events(&self, filter: &Filter) -> Result<Vec<EventRow>>;
    /// Incidents matching a filter.
    fn incidents(&self, filter: &Filter) -> Result<Vec<Incident>>;
    /// One incident with every report of it.
    fn incident(&self, id: i64) -> Result<Option<(Incident, Vec<EventRow>)>>;
    /// One article, by the database's id.
    fn document(&self, id: i64) -> Result<Option<StoredDoc>>;
    /// Every article in the order it was first stored, for exports; `each`
    /// returns false to stop.
    fn for_each_document(&self, each: &mut dyn FnMut(StoredDoc) -> bool) -> Result<()>;
    /// Ids of the articles with at least one event matching the filter, or
    /// `None` when the filter does not restrict events.
    fn documents_matching(&self, filter: &Filter) -> Result<Option<Vec<i64>>>;
    /// Article infos by id.
    fn document_infos(&self, ids: &[i64]) -> Result<Vec<DocInfo>>;
    /// Articles with at least one event matching the filter (every article
    /// when the filter says nothing about events), newest first, one page.
    fn list_documents(&self, filter: &Filter) -> Result<Vec<DocInfo>>;
    /// Articles stored or changed after `seq` (for the search index).
    fn changed_since(&self, seq: i64, limit: usize) -> Result<Vec<IndexDoc>>;
    /// The highest change number so far.
    fn last_seq(&self) -> Result<i64>;
    /// A number that moves with every committed write that other readers
    /// should notice (a relink moves no article, so not the change
    /// number): a server drops its cached answers when it moves. By
    /// default the change number.
    fn write_mark(&self) -> Result<i64> {
        self.last_seq()
    }
    /// Incidents, killed and injured grouped by one dimension.
    fn stats(&self, filter: &Filter, by: Dimension) -> Result<Vec<StatRow>>;
    /// How much is stored.
    fn totals(&self) -> Result<Totals>;
    /// Every report that belongs to an incident, matching a filter, in
    /// order of publication: what the watch replays.
    fn sightings(&self, filter: &Filter) -> Result<Vec<Sighting>>;
    /// Articles per day and source (country `None`), and per day, source
    /// and country their events name, in order of day: how much the
    /// archive holds, so that a thin week is not read as a quiet one.
    fn coverage(&self) -> Result<Vec<CoverageRow>>;
    /// The countries, groups and places the stored events name, for
    /// checking filters ([`Filter::resolve`]).
    fn vocabulary(&self) -> Result<Vocabulary>;
    /// Brings the desk up to date with the warnings the rules raise now
    /// (see [`desk`]): new keys become new records, changed ones are
    /// updated, and one raised again after it was dealt with goes back to
    /// new. Writes nothing when the desk already holds them as they are.
    fn sync_warnings(&mut self, ws: &[DeskWarning], at: jiff::Timestamp) -> Result<DeskSync>;
    /// The warnings on the desk in one state (every state: `None`), those
    /// that have waited longest first, one page.
    fn desk(&self, state: Option<DeskState>, limit: usize, offset: usize)
    -> Result<Vec<DeskEntry>>;
    /// How many warnings are in each state.
    fn desk_counts(&self) -> Result<Vec<(DeskState, u64)>>;
    /// One warning on the desk, its whole warning as JSON and its trail,
    /// oldest first.
    fn desk_warning(
        &self,
        id: i64,
    ) -> Result<Option<(DeskEntry, serde_json::Value, Vec<DeskChange>)>>;
    /// Moves a warning to another state for `who`, with a note, appending
    /// to its trail: [`StoreError::NotFound`] when the desk has no such
    /// warning, [`StoreError::Conflict`] when the order of states does not
    /// allow the move (new → acknowledged → acted or dismissed).
    fn set_warning_state(
        &mut self,
        id: i64,
        to: DeskState,
        who: &str,
        note: Option<&str>,
        at: jiff::Timestamp,
    ) -> Result<DeskChange>;
    /// Housekeeping after a large write (planner statistics and the like).
    fn maintain(&self) -> Result<()> {
        Ok(())
    }
    /// Stops reads still running at `deadline` (they fail with
    /// [`StoreError::TooSlow`]); `None` lifts the limit. A server sets one
    /// per request.
    fn set_deadline(&self, _deadline: Option<std::time::Instant>) {}
    /// The version of the schema the database holds.
    fn schema_version(&self) -> Result<u32>;
    /// Another handle on the same database, for reading beside this one
    /// (a server's pool of readers).
    fn reader(&self) -> Result<Box<dyn Store + Send>>;
    /// Another handle on the same database for a reader that goes through
    /// new rows once, in order (the search index catching up): a cache of
    /// the pages it read would never be read again.
    fn scanner(&self) -> Result<Box<dyn Store + Send>> {
        self.reader()
    }
}

/// What identifies an article's text: the SHA-256 of its headline and
/// text, in hex. The same text under another URL is a duplicate; a URL
/// whose hash changed is a correction. The work queue uses it as the
/// message id, so that the stream drops an article published again.
pub fn content_hash(doc: &Doc) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(doc.title.as_deref().unwrap_or("").as_bytes());
    h.update([0]);
    h.update(doc.text.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// An event type from its snake_case name, with a message listing the
/// names when it is none of them.
pub fn parse_type(s: &str) -> Result<EventType> {
    EventType::ALL.into_iter().find(|t| t.as_str() == s).ok_or_else(|| {
        let all: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        StoreError::Invalid(format!("unknown event type {s:?} (one of: {})", all.join(", ")))
    })
}
