//! How much the archive holds, day by day: the exposure of the rules.
//!
//! A week with a tenth of the usual articles is not a quiet week; it is a
//! week rasd did not read. [`Archive`] counts the stored articles per day
//! (all of them, with or without events), per source and per country their
//! events name, so that baselines can skip thin weeks, surges can compare
//! rates per article, "new ground" can say how far back the records really
//! reach, and every list of warnings can say where the archive has a gap.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use rasd_store::CoverageRow;
use serde::Serialize;

use crate::alerts::{day, days};

/// Articles per day, from the store's [`CoverageRow`]s.
#[derive(Clone, Debug, Default)]
pub struct Archive {
    /// The first day counted; index 0 of the vectors.
    first: Option<Date>,
    /// Articles per day, every source.
    total: Vec<u64>,
    /// Articles per day, per source.
    sources: BTreeMap<String, Vec<u64>>,
    /// The first day an article's events name each country.
    country_first: BTreeMap<String, Date>,
}

/// A stretch of the archive with far fewer articles than normal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// First day (`YYYY-MM-DD`).
    pub from: String,
    /// Last day.
    pub to: String,
    /// Articles stored in those days.
    pub articles: u64,
    /// Articles a normal stretch of that length holds (the median week,
    /// scaled).
    pub normal: u64,
    /// Sources that fell below their own normal share in those days.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources_missing: Vec<String>,
}

impl Gap {
    /// One line in English.
    pub fn describe(&self) -> String {
        let missing = if self.sources_missing.is_empty() {
            String::new()
        } else {
            format!("; thin or missing: {}", self.sources_missing.join(", "))
        };
        format!(
            "the archive has a gap from {} to {}: {} articles against about {} normally{missing}",
            self.from, self.to, self.articles, self.normal
        )
    }
}

/// Weeks looked at to say what a normal week holds.
const NORMAL_WEEKS: i64 = 26;

impl Archive {
    /// From the store's rows (any order).
    pub fn new(rows: &[CoverageRow]) -> Archive {
        let parsed: Vec<(Date, &CoverageRow)> =
            rows.iter().filter_map(|r| day(&r.day).map(|d| (d, r))).collect();
        let (Some(first), Some(last)) =
            (parsed.iter().map(|p| p.0).min(), parsed.iter().map(|p| p.0).max())
        else {
            return Archive::default();
        };
        let n = (last - first).get_days() as usize + 1;
        let mut a = Archive { first: Some(first), total: vec![0; n], ..Archive::default() };
        for (d, r) in parsed {
            let i = (d - first).get_days() as usize;
            match &r.country {
                None => {
                    a.total[i] += r.articles;
                    let src = r.source.clone().unwrap_or_else(|| "(unknown)".into());
                    a.sources.entry(src).or_insert_with(|| vec![0; n])[i] += r.articles;
                }
                Some(c) => {
                    let slot = a.country_first.entry(c.clone()).or_insert(d);
                    *slot = (*slot).min(d);
                }
            }
        }
        a
    }

    /// Whether anything is known: without rows, every rule reads counts
    /// as they are (no week is a gap, exposure is constant).
    pub fn is_known(&self) -> bool {
        self.first.is_some()
    }

    fn sum(v: &[u64], first: Date, from: Date, to: Date) -> u64 {
        let lo = (from - first).get_days().max(0) as usize;
        let hi = ((to - first).get_days() + 1).max(0) as usize;
        v.get(lo.min(v.len())..hi.min(v.len())).map_or(0, |s| s.iter().sum())
    }

    /// Articles published from `from` to `to`, both included.
    pub fn articles(&self, from: Date, to: Date) -> u64 {
        self.first.map_or(0, |f| Self::sum(&self.total, f, from, to))
    }

    /// What a normal week held, as known on `at`: the median of the 7-day
    /// stretches ending on `at`, `at` − 7, … (up to half a year back, from
    /// `start` on). Later articles are not read.
    pub fn normal_week(&self, at: Date, start: Date) -> f64 {
        self.normal_in(&self.total, at, start)
    }

    fn normal_in(&self, v: &[u64], at: Date, start: Date) -> f64 {
        let Some(first) = self.first else { return 0.0 };
        let mut weeks: Vec<u64> = (0..NORMAL_WEEKS)
            .map(|k| at.saturating_sub(days(7 * k)))
            .take_while(|end| end.saturating_sub(days(6)) >= start.max(first))
            .map(|end| Self::sum(v, first, end.saturating_sub(days(6)), end))
            .collect();
        if weeks.is_empty() {
            return Self::sum(v, first, at.saturating_sub(days(6)), at) as f64;
        }
        weeks.sort_unstable();
        weeks[weeks.len() / 2] as f64
    }

    /// Whether the 7 days ending on `end` hold at least `share` of a normal
    /// week (as known on `at`). True when nothing is known.
    pub fn covered(&self, end: Date, at: Date, start: Date, share: f64) -> bool {
        !self.is_known()
            || self.articles(end.saturating_sub(days(6)), end) as f64
                >= share * self.normal_week(at, start)
    }

    /// The first day an article's events name `country`, if any by `at`.
    pub fn country_first(&self, country: &str, at: Date) -> Option<Date> {
        self.country_first.get(country).copied().filter(|d| *d <= at)
    }

    /// The gaps between `from` and `to`, in 7-day stretches counted back
    /// from `to` (as known on `to`), joined when they touch.
    pub fn gaps(&self, from: Date, to: Date, start: Date, share: f64) -> Vec<Gap> {
        let Some(first) = self.first else { return Vec::new() };
        let from = from.max(start).max(first);
        let normal = self.normal_week(to, start);
        let mut out: Vec<Gap> = Vec::new();
        let mut end = to;
        while end.saturating_sub(days(6)) >= from {
            let lo = end.saturating_sub(days(6));
            let n = self.articles(lo, end);
            if (n as f64) < share * normal {
                let missing: BTreeSet<String> = self
                    .sources
                    .iter()
                    .filter(|(_, v)| {
                        let own = self.normal_in(v, to, start);
                        own > 0.0 && (Self::sum(v, first, lo, end) as f64) < share * own
                    })
                    .map(|(s, _)| s.clone())
                    .collect();
                match out.last_mut() {
                    // Counting back: this stretch ends the day before the
                    // last one found began.
                    Some(g) if g.from == end.saturating_add(days(1)).to_string() => {
                        g.from = lo.to_string();
                        g.articles += n;
                        g.normal += normal.round() as u64;
                        let mut all: BTreeSet<String> = g.sources_missing.drain(..).collect();
                        all.extend(missing);
                        g.sources_missing = all.into_iter().collect();
                    }
                    _ => out.push(Gap {
                        from: lo.to_string(),
                        to: end.to_string(),
                        articles: n,
                        normal: normal.round() as u64,
                        sources_missing: missing.into_iter().collect(),
                    }),
                }
            }
            end = lo.saturating_sub(days(1));
        }
        out.reverse();
        out
    }
}
