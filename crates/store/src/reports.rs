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

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rasd_core::Event;

use crate::link::{self, Incident, Report};

/// The most reports kept; past it, the incidents used least recently are
/// dropped (they are read again from the database when needed).
pub(crate) const MAX_REPORTS: usize = 20_000;

/// An event loaded back for linking.
#[derive(Clone)]
pub(crate) struct Loaded {
    pub event_id: i64,
    pub doc: i64,
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

    /// The order in which `incident_reports` reads an incident's reports.
    fn order(&self) -> (Option<&str>, i64) {
        (self.published.as_deref(), self.event_id)
    }
}

/// One incident's reports and figures.
pub(crate) struct Cached {
    /// Its reports, in publication order (then event id).
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
    /// `PRAGMA data_version` when the cache was last known to match the
    /// file.
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
