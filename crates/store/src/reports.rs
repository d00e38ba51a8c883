//! Incidents' reports as linking reads them, kept between articles by the
//! SQLite store's writer.
//!
//! Linking an article reads every candidate incident's reports, and joining
//! one recomputes its figures from all of them. Read from the database each
//! time, a story retold by many articles costs more with every retelling
//! (2,000 articles of one incident took 44 s); kept here, each report is
//! read once. The cache is only an accelerator: it holds exactly what the
//! database would return (events decoded from their stored JSON, in the
//! order `incident_reports` reads them), it is emptied whenever another
//! connection has written to the file or a transaction fails, and it is
//! bounded ([`MAX_REPORTS`]), so memory does not grow with the archive.
//!
//! [`link_doc`] is the one linking procedure both backends run: it asks
//! the backend ([`IncidentRows`]) only for rows (candidate ids, an
//! incident's reports) and to write rows; every decision is made here and
//! in [`link`], so the same articles give the same incidents on SQLite and
//! on PostgreSQL.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rasd_core::{Event, EventType};

use crate::link::{self, Candidates, Incident, Report};
use crate::rows::{decode_event, doc_key};
use crate::{Article, IngestReport, Result};

/// The most reports kept; past it, the incidents used least recently are
/// dropped (they are read again from the database when needed).
///
/// The bound is one that the first year of news already reaches, so the
/// cache holds as much in year ten as in year one. At 20,000 it was
/// reached only past the first year (8,300 reports at the end of the bench
/// year): the ten-year ingest's heap between index steps was 130–207 MB
/// against 76–96 MB for one year, and 96–106 MB with this bound. Linking
/// reads more incidents back from the database (see docs/performance.md,
/// seventh pass), but what it reaches is the news of the days around an
/// article, which a few thousand reports hold.
pub(crate) const MAX_REPORTS: usize = 4_000;

/// An event loaded back for linking.
#[derive(Clone)]
pub(crate) struct Loaded {
    pub event_id: i64,
    pub doc: i64,
    /// The article's key (its URL, else `id:` and its id): what orders
    /// reports published at the same time, so that the order does not
    /// depend on which article arrived first.
    pub key: String,
    pub published: Option<String>,
    pub source: Option<String>,
    pub event: Event,
}

impl Loaded {
    pub fn report(&self) -> Report<'_> {
        Report {
            doc: self.doc,
            published: self.published.as_deref(),
            source: self.source.as_deref(),
            event: &self.event,
        }
    }

    /// The same report without the words behind its fields, which linking
    /// never reads: a cached report takes a fraction of the memory.
    pub fn without_evidence(mut self) -> Loaded {
        let e = &mut self.event;
        e.evidence = Vec::new();
        for c in [&mut e.killed, &mut e.injured].into_iter().flatten() {
            c.evidence = Vec::new();
        }
        for p in &mut e.perpetrators {
            p.evidence = Vec::new();
        }
        self
    }

    /// The order in which `incident_reports` reads an incident's reports:
    /// by publication time, then by article key (an incident has one
    /// report per article at most).
    fn order(&self) -> (Option<&str>, &str) {
        (self.published.as_deref(), &self.key)
    }
}

/// An event as a backend stored it: its id and its stored JSON.
pub(crate) type StoredEvent = (i64, String);

/// An article's events just stored as `doc` (`ids` in the article's
/// order), for [`link_doc`]: as the extractor gave them, and as the
/// database will give them back (read from the stored JSON, without the
/// words behind the fields), so nothing is read back from the database.
pub(crate) fn just_stored(
    a: &Article,
    doc: i64,
    ids: Vec<StoredEvent>,
    name: &str,
) -> Result<(Vec<Loaded>, Vec<Loaded>)> {
    let key = doc_key(&a.doc);
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
        stored.push(loaded(event_id, decode_event(name, &json)?).without_evidence());
    }
    Ok((mine, stored))
}

/// One incident's reports and figures.
pub(crate) struct Cached {
    /// Its reports, in publication order (then article key).
    pub reports: Vec<Arc<Loaded>>,
    /// The articles they are from.
    pub docs: HashSet<i64>,
    /// Reports grouped by [`link::pair_key`]: the key's first report and
    /// how many share the key.
    groups: Vec<(Arc<Loaded>, usize)>,
    keys: HashMap<String, usize>,
    /// [`link::summarize`] of the reports.
    pub summary: Incident,
    used: u64,
}

impl Cached {
    /// An incident of these reports (at least one, in publication order).
    pub fn new(id: i64, reports: Vec<Loaded>) -> Cached {
        let views: Vec<Report> = reports.iter().map(Loaded::report).collect();
        let summary = link::summarize(id, &views);
        drop(views);
        let mut c = Cached {
            reports: Vec::with_capacity(reports.len()),
            docs: HashSet::new(),
            groups: Vec::new(),
            keys: HashMap::new(),
            summary,
            used: 0,
        };
        for l in reports {
            c.push(Arc::new(l));
        }
        c
    }

    fn push(&mut self, l: Arc<Loaded>) {
        self.docs.insert(l.doc);
        let key = link::pair_key(&l.report());
        match self.keys.get(&key) {
            Some(&g) => self.groups[g].1 += 1,
            None => {
                self.keys.insert(key, self.groups.len());
                self.groups.push((l.clone(), 1));
            }
        }
        let at = self.reports.partition_point(|r| r.order() <= l.order());
        self.reports.insert(at, l);
    }

    fn summarize(&mut self, id: i64) {
        let views: Vec<Report> = self.reports.iter().map(|r| r.report()).collect();
        self.summary = link::summarize(id, &views);
    }

    /// The groups for [`link::fit_grouped`].
    pub fn groups(&self) -> impl Iterator<Item = (Report<'_>, usize)> {
        self.groups.iter().map(|(l, n)| (l.report(), *n))
    }
}

/// The incidents linking has read lately.
#[derive(Default)]
pub(crate) struct ReportCache {
    incidents: HashMap<i64, Cached>,
    reports: usize,
    clock: u64,
    /// The database's mark of its last write (SQLite's `PRAGMA
    /// data_version`, PostgreSQL's write counter) when the cache was last
    /// known to match it.
    pub data_version: Option<i64>,
}

impl ReportCache {
    pub fn clear(&mut self) {
        self.incidents.clear();
        self.reports = 0;
    }

    pub fn get(&mut self, id: i64) -> Option<&Cached> {
        self.clock += 1;
        let c = self.incidents.get_mut(&id)?;
        c.used = self.clock;
        Some(c)
    }

    pub fn insert(&mut self, id: i64, mut c: Cached) {
        self.clock += 1;
        c.used = self.clock;
        self.reports += c.reports.len();
        if let Some(old) = self.incidents.insert(id, c) {
            self.reports -= old.reports.len();
        }
        self.shrink();
    }

    pub fn remove(&mut self, id: i64) {
        if let Some(old) = self.incidents.remove(&id) {
            self.reports -= old.reports.len();
        }
    }

    /// Adds a report to a cached incident and recomputes its figures;
    /// false when the incident is not cached.
    pub fn add(&mut self, id: i64, l: Loaded) -> bool {
        self.clock += 1;
        let Some(c) = self.incidents.get_mut(&id) else { return false };
        c.used = self.clock;
        c.push(Arc::new(l));
        c.summarize(id);
        self.reports += 1;
        self.shrink();
        true
    }

    /// Past [`MAX_REPORTS`], drops the incidents used least recently until
    /// half the room is free, but never the one just used, which the caller
    /// reads next.
    fn shrink(&mut self) {
        if self.reports <= MAX_REPORTS {
            return;
        }
        let mut by_use: Vec<(u64, i64, usize)> =
            self.incidents.iter().map(|(id, c)| (c.used, *id, c.reports.len())).collect();
        by_use.sort_unstable();
        for (used, id, n) in by_use {
            if self.reports <= MAX_REPORTS / 2 || used == self.clock {
                break;
            }
            self.incidents.remove(&id);
            self.reports -= n;
        }
    }
}

/// What linking needs of a backend, inside its write transaction.
pub(crate) trait IncidentRows {
    /// Ids of the incidents [`Candidates`] describes, each with its
    /// `date` column (its summary's date), in any order (with no country:
    /// those of any country whose day lies in its span).
    fn candidates(&mut self, c: &Candidates) -> Result<Vec<(i64, Option<String>)>>;
    /// An incident's reports without their evidence, in publication order
    /// (then article key); empty when it has none.
    fn incident_reports(&mut self, id: i64) -> Result<Vec<Loaded>>;
    /// A new, empty incident of this type; returns its id.
    fn new_incident(&mut self, ty: EventType) -> Result<i64>;
    /// Ties an event to an incident.
    fn attach(&mut self, event_id: i64, incident: i64) -> Result<()>;
    /// Writes an incident's row and groups.
    fn put_incident(&mut self, id: i64, inc: &Incident) -> Result<()>;
    /// Deletes an incident (it has no report left).
    fn delete_incident(&mut self, id: i64) -> Result<()>;
}

/// Recomputes an incident from its reports in the database, or drops it
/// when none is left.
pub(crate) fn refresh_incident(
    db: &mut dyn IncidentRows,
    cache: &mut ReportCache,
    id: i64,
) -> Result<()> {
    cache.remove(id);
    let reports = db.incident_reports(id)?;
    if reports.is_empty() {
        return db.delete_incident(id);
    }
    let c = Cached::new(id, reports);
    db.put_incident(id, &c.summary)?;
    cache.insert(id, c);
    Ok(())
}

/// Reads an incident into the cache when it is not there; true when it
/// had to be read.
fn cache_incident(db: &mut dyn IncidentRows, cache: &mut ReportCache, id: i64) -> Result<bool> {
    if cache.get(id).is_some() {
        return Ok(false);
    }
    let reports = db.incident_reports(id)?;
    if !reports.is_empty() {
        cache.insert(id, Cached::new(id, reports));
    }
    Ok(true)
}

/// Recomputes an incident after `added` (already tied to it) joined it;
/// `fresh` when it is its first report.
fn joined(
    db: &mut dyn IncidentRows,
    cache: &mut ReportCache,
    id: i64,
    added: Loaded,
    fresh: bool,
) -> Result<()> {
    if fresh {
        cache.insert(id, Cached::new(id, vec![added]));
    } else if !cache.add(id, added) {
        return refresh_incident(db, cache, id);
    }
    match cache.get(id).map(|c| c.summary.clone()) {
        Some(summary) => db.put_incident(id, &summary),
        // Dropped at once to keep the cache within its bound.
        None => refresh_incident(db, cache, id),
    }
}

/// Links one article's new events to incidents: every (event, incident)
/// pair that fits ([`link::fit_grouped`]) is scored among the candidates
/// ([`link::candidates`]), and the best pairs are taken first
/// ([`link::assign`]). The rest start incidents of their own. `stored` are
/// the same events as read back from the database (what an incident's
/// figures are computed from), without their evidence.
pub(crate) fn link_doc(
    db: &mut dyn IncidentRows,
    cache: &mut ReportCache,
    mine: Vec<Loaded>,
    stored: Vec<Loaded>,
    report: &mut IngestReport,
) -> Result<()> {
    if mine.is_empty() {
        return Ok(());
    }
    let mut fits: Vec<link::Fit> = Vec::new();
    for (i, l) in mine.iter().enumerate() {
        let r = l.report();
        let mut found = Vec::new();
        for want in link::candidates(&r) {
            found.extend(db.candidates(&want)?);
        }
        // An incident whose date cannot agree with the report's is not
        // read: `fit_grouped` would refuse it on that date alone. Reports
        // dated only by a year would otherwise read every incident of
        // their country in that year, and a day's report those of the
        // days around it that its window reaches.
        found.retain(|(_, date)| link::dates_may_fit(&r, date.as_deref()));
        // The backend's order is its own; fits are ordered by `assign`.
        let mut ids: Vec<i64> = found.into_iter().map(|(id, _)| id).collect();
        ids.sort_unstable();
        ids.dedup();
        report.link_candidates += ids.len();
        for id in ids {
            report.link_reads += usize::from(cache_incident(db, cache, id)?);
            let Some(c) = cache.get(id) else { continue };
            if c.docs.contains(&r.doc) {
                continue;
            }
            if let Some(score) = link::fit_grouped(&r, c.groups(), &c.summary) {
                fits.push((score, i, id));
            }
        }
    }
    let assigned = link::assign(fits.clone());
    for ((i, l), added) in mine.iter().enumerate().zip(stored) {
        if l.event.aggregate {
            continue;
        }
        let (id, fresh) = match assigned.get(&i) {
            Some(id) => {
                report.joined += 1;
                (*id, false)
            }
            None => {
                report.new_incidents += 1;
                (db.new_incident(l.event.event_type)?, true)
            }
        };
        db.attach(l.event_id, id)?;
        joined(db, cache, id, added, fresh)?;
    }
    for (_, i, stray) in fits {
        if let Some(&home) = assigned.get(&i)
            && home != stray
        {
            absorb(db, cache, home, stray)?;
        }
    }
    Ok(())
}

/// Moves the reports of `stray` into `home` when [`link::absorbs`] says
/// it belongs there and no article has reports in both (one article never
/// gives an incident two reports).
fn absorb(db: &mut dyn IncidentRows, cache: &mut ReportCache, home: i64, stray: i64) -> Result<()> {
    cache_incident(db, cache, home)?;
    let Some(h) = cache.get(home).map(|c| (c.summary.clone(), c.docs.clone())) else {
        return Ok(());
    };
    cache_incident(db, cache, stray)?;
    let Some(s) = cache.get(stray) else { return Ok(()) };
    if !link::absorbs(&h.0, &s.summary) || s.docs.iter().any(|d| h.1.contains(d)) {
        return Ok(());
    }
    for l in db.incident_reports(stray)? {
        db.attach(l.event_id, home)?;
    }
    refresh_incident(db, cache, stray)?;
    refresh_incident(db, cache, home)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(doc: i64, day: u32) -> Loaded {
        let event = Event {
            date: Some(format!("2018-{:02}-{:02}", 1 + day / 28 % 12, 1 + day % 28)),
            country: Some("IQ".into()),
            place: Some("الموصل".into()),
            ..Event::new(EventType::Bombing)
        };
        Loaded {
            event_id: doc,
            doc,
            key: format!("id:{doc}"),
            published: Some("2018-05-06T10:00:00+03:00".into()),
            source: Some("outlet".into()),
            event,
        }
    }

    /// The bench year left 8,300 reports in the cache: a bound that the
    /// first year does not reach lets the cache of year ten hold more than
    /// year one's, and the ingest's memory grow with the archive.
    #[test]
    fn the_first_year_of_news_fills_the_cache_to_its_bound() {
        let mut cache = ReportCache::default();
        for id in 0..8_300 {
            cache.insert(id, Cached::new(id, vec![loaded(id, id as u32)]));
            assert!(cache.reports <= MAX_REPORTS, "{} reports kept", cache.reports);
        }
        assert!(cache.reports < 8_300, "nothing was dropped");
        // The incidents used last are the ones kept, the very last among them.
        assert!(cache.get(8_299).is_some());
        assert!(cache.get(0).is_none());
    }
}
