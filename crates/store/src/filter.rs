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
    /// True when the filter says nothing about the events themselves.
    pub fn is_open(&self) -> bool {
        self.since.is_none()
            && self.until.is_none()
            && self.countries.is_empty()
            && self.place.is_none()
            && self.groups.is_empty()
            && self.types.is_empty()
            && self.min_killed.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
