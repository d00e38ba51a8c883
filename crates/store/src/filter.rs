//! What the queries, the search and the exports can be narrowed to.

use jiff::civil::Date;
use rasd_core::EventType;

use crate::{Result, StoreError};

/// A day, a month or a year, as typed on the command line (`2018`,
/// `2018-05`, `2018-05-06`), read as the first or last day it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayBound {
    /// The first day covered.
    pub first: Date,
    /// The last day covered.
    pub last: Date,
}

impl std::str::FromStr for DayBound {
    type Err = StoreError;

    /// A day, month or year from 1900 to 2100 (the years news can be
    /// about; a bound beyond them would only make work).
    fn from_str(s: &str) -> Result<DayBound> {
        day_range(s).filter(|d| d.first.year() >= 1900 && d.last.year() <= 2100).ok_or_else(|| {
            StoreError::Invalid(format!(
                "{s:?} is not a date from 1900 to 2100 (YYYY, YYYY-MM or YYYY-MM-DD)"
            ))
        })
    }
}

/// The days a date of precision year, month or day covers.
pub fn day_range(s: &str) -> Option<DayBound> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| (p.len() == len).then(|| p.parse::<i16>().ok()).flatten();
    match parts.as_slice() {
        [y] => {
            let y = num(y, 4)?;
            Some(DayBound { first: Date::new(y, 1, 1).ok()?, last: Date::new(y, 12, 31).ok()? })
        }
        [y, m] => {
            let first = Date::new(num(y, 4)?, num(m, 2)? as i8, 1).ok()?;
            Some(DayBound { first, last: first.last_of_month() })
        }
        [_, _, _] => {
            let d: Date = s.parse().ok()?;
            Some(DayBound { first: d, last: d })
        }
        _ => None,
    }
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Latest first.
    #[default]
    Newest,
    /// Earliest first.
    Oldest,
    /// Deadliest first.
    Killed,
}

/// Which rows of an ordered query one statement reads: the newest-first
/// and oldest-first orders put undated rows after dated ones, and a
/// statement that read both at once sorted every match before returning
/// the first (an index on the day gives the days in order, not the dated
/// ones first). Read apart, each is in the order of the day index, and a
/// page of the newest reads as many rows as it returns, however many years
/// the archive holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// Every row, in the filter's order (deadliest first).
    All,
    /// Rows with a date, by day.
    Dated,
    /// Rows without one (their day is when they were reported), by day.
    Undated,
}

/// A page of rows in the filter's order, read by `fetch(part, limit,
/// offset)`, with `count(part)` telling how many rows a part holds when
/// the page starts past the dated rows.
pub(crate) fn page_in_order<T>(
    f: &Filter,
    mut fetch: impl FnMut(Part, Option<usize>, usize) -> Result<Vec<T>>,
    count: impl FnOnce(Part) -> Result<usize>,
) -> Result<Vec<T>> {
    if f.sort == Sort::Killed {
        return fetch(Part::All, f.limit, f.offset);
    }
    let mut rows = fetch(Part::Dated, f.limit, f.offset)?;
    if f.limit.is_some_and(|l| rows.len() >= l) {
        return Ok(rows);
    }
    // The dated rows ended within this page, or before it.
    let dated = match (rows.len(), f.offset) {
        (0, 0) => 0,
        (0, _) => count(Part::Dated)?,
        (n, offset) => offset + n,
    };
    let rest = f.limit.map(|l| l - rows.len());
    rows.extend(fetch(Part::Undated, rest, f.offset.saturating_sub(dated))?);
    Ok(rows)
}

/// Conditions every returned event or incident meets. Empty fields do not
/// restrict.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// On or after this day (the event's day, else its article's).
    pub since: Option<Date>,
    /// On or before this day.
    pub until: Option<Date>,
    /// ISO country codes (any of).
    pub countries: Vec<String>,
    /// A place: its English or Arabic name, its province, or its id.
    pub place: Option<String>,
    /// Group ids (`iskp`) or names (`Islamic State`), any of.
    pub groups: Vec<String>,
    /// Event types, any of.
    pub types: Vec<EventType>,
    /// At least this many killed.
    pub min_killed: Option<u32>,
    /// Also events told as recalled history (by default only news: events
    /// within a month of their report, or undated).
    pub include_history: bool,
    /// At least this confidence (0 to 1): an event's own, an incident's
    /// best report's.
    pub min_confidence: Option<f64>,
    /// Only the events of this article (the store's id); incident queries
    /// ignore it.
    pub doc: Option<i64>,
    /// Order.
    pub sort: Sort,
    /// At most this many results.
    pub limit: Option<usize>,
    /// Skip this many results first.
    pub offset: usize,
}

impl Filter {
    /// True when the filter says nothing about the events themselves (the
    /// default leaving-out of history does not count: it is a view, not a
    /// question about the events).
    pub fn is_open(&self) -> bool {
        self.since.is_none()
            && self.until.is_none()
            && self.countries.is_empty()
            && self.place.is_none()
            && self.groups.is_empty()
            && self.types.is_empty()
            && self.min_killed.is_none()
            && self.min_confidence.is_none()
    }
}

/// What a filter may name: the countries, groups and places the database
/// holds (for the nearest suggestions) and those the lexicon knows.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Countries: ISO code and English name.
    pub countries: Vec<(String, String)>,
    /// Groups and forces: key (`group:iskp`, `actor:army:AF`, or a name in
    /// lower case) and English name.
    pub groups: Vec<(String, String)>,
    /// Places in the database: English and Arabic names, provinces, ids.
    pub places: Vec<String>,
}

/// The characters of a name the nearest-name search compares: no known
/// name is longer, and a longer value (a 20,000-character `--group` took
/// minutes) then costs no more than a name.
const NAME_CHARS: usize = 64;

/// Levenshtein distance over the first [`NAME_CHARS`] characters, case
/// folded.
fn distance(a: &str, b: &str) -> usize {
    let fold = |s: &str| -> Vec<char> {
        s.chars().take(NAME_CHARS).collect::<String>().to_lowercase().chars().collect()
    };
    let (a, b) = (fold(a), fold(b));
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// The (at most three) known values nearest to `wanted`: those that
/// contain it or start alike first, then by edit distance.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let w = wanted.chars().take(NAME_CHARS).collect::<String>().to_lowercase();
    let mut scored: Vec<(usize, &str)> = known
        .into_iter()
        .filter(|k| !k.is_empty())
        .map(|k| {
            let kl = k.to_lowercase();
            let d = if kl.contains(&w) || w.contains(&kl) { 0 } else { distance(&w, &kl) };
            (d, k)
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

fn unknown(what: &str, value: &str, near: Vec<String>) -> StoreError {
    let hint =
        if near.is_empty() { String::new() } else { format!(" (nearest: {})", near.join(", ")) };
    StoreError::Invalid(format!("{what} {value:?} matches nothing known{hint}"))
}

impl Filter {
    /// Checks the countries, groups and places the filter names against
    /// what is known, so that a typo is an error instead of an empty
    /// answer: a country is its ISO code or its English name (which
    /// becomes the code), a group a key or name the lexicon or the
    /// database knows, a place one the database holds or `in_gazetteer`
    /// accepts. The error names the nearest known values.
    pub fn resolve(
        &mut self,
        known: &Vocabulary,
        in_gazetteer: &dyn Fn(&str) -> bool,
    ) -> Result<()> {
        for c in &mut self.countries {
            let wanted = c.trim();
            let hit = known.countries.iter().find(|(code, name)| {
                code.eq_ignore_ascii_case(wanted) || name.eq_ignore_ascii_case(wanted)
            });
            match hit {
                Some((code, _)) => *c = code.clone(),
                None => {
                    // Nearest by code or by name, whichever is closer.
                    let folded = wanted.chars().take(NAME_CHARS).collect::<String>().to_lowercase();
                    let mut scored: Vec<(usize, &String, &String)> = known
                        .countries
                        .iter()
                        .filter(|(code, name)| code != name)
                        .map(|(code, name)| {
                            let by_name = if name.to_lowercase().contains(&folded) {
                                0
                            } else {
                                distance(wanted, name)
                            };
                            (distance(wanted, code).min(by_name), code, name)
                        })
                        .collect();
                    scored.sort();
                    scored.dedup();
                    let near =
                        scored.iter().take(3).map(|(_, code, n)| format!("{code} {n}")).collect();
                    return Err(unknown("country", wanted, near));
                }
            }
        }
        for g in &self.groups {
            let l = g.to_lowercase();
            let hit = known.groups.iter().any(|(key, name)| {
                key.eq_ignore_ascii_case(g)
                    || key.eq_ignore_ascii_case(&format!("group:{l}"))
                    || key.eq_ignore_ascii_case(&format!("actor:{l}"))
                    || name.to_lowercase() == l
            });
            if !hit {
                let near = nearest(g, known.groups.iter().map(|(_, n)| n.as_str()))
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                return Err(unknown("group", g, near));
            }
        }
        if let Some(p) = &self.place {
            let hit = known.places.iter().any(|k| k.eq_ignore_ascii_case(p)) || in_gazetteer(p);
            if !hit {
                let near = nearest(p, known.places.iter().map(String::as_str))
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                return Err(unknown("place", p, near));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value far longer than any name is compared by its start, so it
    /// costs what a name costs and still finds the name it starts with.
    #[test]
    fn a_very_long_value_is_compared_by_its_start() {
        let long = format!("islamic state{}", "x".repeat(100_000));
        assert_eq!(distance(&long, &"y".repeat(100_000)), NAME_CHARS);
        let near = nearest(&long, ["Islamic State", "Taliban", "al-Shabaab"]);
        assert_eq!(near.first(), Some(&"Islamic State"));
    }

    #[test]
    fn bounds_cover_the_whole_period() {
        let m = day_range("2018-02").unwrap();
        assert_eq!(
            (m.first.to_string(), m.last.to_string()),
            ("2018-02-01".into(), "2018-02-28".into())
        );
        let y = day_range("2024").unwrap();
        assert_eq!(y.last.to_string(), "2024-12-31");
        assert_eq!(day_range("2018-05-06").unwrap().first.to_string(), "2018-05-06");
        for bad in ["", "18-05", "2018-13", "2018-05-32", "May"] {
            assert!(day_range(bad).is_none(), "{bad}");
        }
    }

    fn vocabulary() -> Vocabulary {
        Vocabulary {
            countries: vec![
                ("AF".into(), "Afghanistan".into()),
                ("IQ".into(), "Iraq".into()),
                ("IR".into(), "Iran".into()),
            ],
            groups: vec![
                ("group:iskp".into(), "Islamic State Khorasan Province".into()),
                ("group:taliban".into(), "Taliban".into()),
            ],
            places: vec!["Kabul".into(), "Khost".into(), "كابول".into()],
        }
    }

    /// (countries, groups, place) → the resolved countries, or words of the
    /// error.
    type Case = (
        &'static [&'static str],
        &'static [&'static str],
        Option<&'static str>,
        Result<&'static [&'static str], &'static str>,
    );
    const CASES: &[Case] = &[
        (&["af", "Iraq"], &["iskp", "Taliban", "group:taliban"], Some("kabul"), Ok(&["AF", "IQ"])),
        (&["afghanistan"], &[], Some("Gardez"), Ok(&["AF"])),
        (&["XX"], &[], None, Err("country \"XX\" matches nothing known")),
        (&["Irak"], &[], None, Err("IQ Iraq")),
        (
            &[],
            &["nosuchgroup"],
            None,
            Err("group \"nosuchgroup\" matches nothing known (nearest: "),
        ),
        (&[], &["talibn"], None, Err("(nearest: Taliban")),
        (&[], &[], Some("Atlantis"), Err("place \"Atlantis\" matches nothing known")),
        (&[], &[], Some("Kabol"), Err("(nearest: Kabul")),
    ];

    #[test]
    fn filters_refuse_what_they_cannot_match_and_say_what_is_near() {
        let gazetteer = |p: &str| p == "Gardez";
        for (countries, groups, place, want) in CASES {
            let mut f = Filter {
                countries: countries.iter().map(|c| c.to_string()).collect(),
                groups: groups.iter().map(|g| g.to_string()).collect(),
                place: place.map(str::to_string),
                ..Filter::default()
            };
            let got = f.resolve(&vocabulary(), &gazetteer).map(|()| f.countries.clone());
            match (got, want) {
                (Ok(c), Ok(w)) => assert_eq!(c, *w),
                (Err(e), Err(w)) => assert!(e.to_string().contains(w), "{e} lacks {w}"),
                (got, want) => panic!("{countries:?} {groups:?} {place:?}: {got:?}, want {want:?}"),
            }
        }
    }
}
