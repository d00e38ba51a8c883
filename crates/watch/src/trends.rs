//! Incidents and killed per group, country or type, per week or month.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use rasd_store::{Dimension, Incident};
use serde::Serialize;

use crate::Names;

/// The length of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// ISO weeks (`2018-W18`), labelled by their Monday.
    Week,
    /// Calendar months (`2018-05`).
    Month,
}

impl Period {
    /// The first day of the period holding `d`.
    pub fn start(self, d: Date) -> Date {
        match self {
            Period::Week => d.saturating_sub(
                jiff::Span::new().days(i64::from(d.weekday().to_monday_zero_offset())),
            ),
            Period::Month => d.first_of_month(),
        }
    }

    /// The first day of the next period.
    pub fn next(self, start: Date) -> Date {
        match self {
            Period::Week => start.saturating_add(jiff::Span::new().days(7)),
            Period::Month => start.saturating_add(jiff::Span::new().months(1)),
        }
    }

    /// The label of the period starting on `start`.
    pub fn label(self, start: Date) -> String {
        match self {
            Period::Week => {
                let w = start.iso_week_date();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Month => format!("{:04}-{:02}", start.year(), start.month()),
        }
    }
}

/// One line of a trend.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// The group key, country code or type.
    pub key: String,
    /// English name.
    pub name: String,
    /// Arabic name.
    pub name_ar: String,
    /// Incidents per period.
    pub incidents: Vec<u64>,
    /// Killed per period (best figures).
    pub killed: Vec<u64>,
}

impl Series {
    /// Incidents over all periods.
    pub fn total_incidents(&self) -> u64 {
        self.incidents.iter().sum()
    }

    /// Killed over all periods.
    pub fn total_killed(&self) -> u64 {
        self.killed.iter().sum()
    }
}

/// Trends: the periods and one series per key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trends {
    /// Period length.
    pub period: Period,
    /// First day of each period.
    pub starts: Vec<String>,
    /// Label of each period.
    pub labels: Vec<String>,
    /// The series, most incidents first.
    pub series: Vec<Series>,
}

/// The day an incident counts on: the store's one rule
/// ([`rasd_store::link::incident_day`]), so that trends, the timeline and
/// `rasd stats` put every incident in the same period.
pub fn incident_day(i: &Incident) -> Option<Date> {
    rasd_store::link::incident_day(i)
}

/// The Arabic names of the types, for labels.
fn type_names(key: &str) -> (String, String) {
    let ar = rasd_store::parse_type(key).map(crate::alerts::type_ar).unwrap_or("");
    (key.replace('_', " "), ar.to_string())
}

/// Counts incidents and killed per period and key; keeps the `top` keys
/// with most incidents (all when 0). `first` and `last` bound the periods;
/// by default they are the start of steady coverage
/// ([`crate::alerts::coverage_start`]) and the last day an incident was
/// reported, so that old attacks recalled in the news, or an article with
/// a wrong date, do not stretch the axis back by decades.
pub fn trends(
    incidents: &[Incident],
    by: Dimension,
    period: Period,
    top: usize,
    first: Option<Date>,
    last: Option<Date>,
    names: &dyn Names,
) -> Trends {
    let reported = |f: fn(&Incident) -> Option<&str>| {
        incidents.iter().filter_map(f).filter_map(|d| d.get(..10)?.parse::<Date>().ok())
    };
    // News reports what happened up to a few days before: the week before
    // coverage began is in range.
    let first = first.or_else(|| {
        crate::alerts::steady_start(reported(|i| i.first_reported.as_deref()).collect())
            .map(|d| d.saturating_sub(jiff::Span::new().days(7)))
    });
    let last = last.or_else(|| reported(|i| i.last_reported.as_deref()).max());
    let dated: Vec<(Date, &Incident)> = incidents
        .iter()
        .filter_map(|i| incident_day(i).map(|d| (d, i)))
        .filter(|(d, _)| first.is_none_or(|f| *d >= f) && last.is_none_or(|l| *d <= l))
        .collect();
    let (Some(lo), Some(hi)) = (
        first.or_else(|| dated.iter().map(|d| d.0).min()),
        last.or_else(|| dated.iter().map(|d| d.0).max()),
    ) else {
        return Trends { period, starts: vec![], labels: vec![], series: vec![] };
    };
    let mut starts = Vec::new();
    let mut s = period.start(lo);
    while s <= hi {
        starts.push(s);
        s = period.next(s);
    }
    let index: HashMap<Date, usize> = starts.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut acc: BTreeMap<String, (String, Vec<u64>, Vec<u64>)> = BTreeMap::new();
    for (d, i) in &dated {
        let Some(&slot) = index.get(&period.start(*d)) else { continue };
        let keys: Vec<(String, String)> = match by {
            Dimension::Group => i
                .perpetrators
                .iter()
                .map(|a| (a.id.clone().unwrap_or_else(|| a.name.to_lowercase()), a.name.clone()))
                .collect(),
            Dimension::Country => i.country.iter().map(|c| (c.clone(), c.clone())).collect(),
            Dimension::Type => {
                vec![(i.event_type.as_str().to_string(), i.event_type.as_str().to_string())]
            }
            Dimension::Month | Dimension::Week => vec![("all".into(), "all incidents".into())],
        };
        for (key, name) in keys {
            let e = acc
                .entry(key)
                .or_insert_with(|| (name, vec![0; starts.len()], vec![0; starts.len()]));
            e.1[slot] += 1;
            e.2[slot] += u64::from(i.killed.as_ref().and_then(|t| t.best).unwrap_or(0));
        }
    }
    let mut series: Vec<Series> = acc
        .into_iter()
        .map(|(key, (name, incidents, killed))| {
            let (name, name_ar) = match by {
                Dimension::Group => names.group(&key, &name),
                Dimension::Country => names.country(&key),
                Dimension::Type => type_names(&key),
                _ => (name, "كل الحوادث".into()),
            };
            Series { key, name, name_ar, incidents, killed }
        })
        .collect();
    series.sort_by(|a, b| {
        (b.total_incidents(), b.total_killed(), &a.key).cmp(&(
            a.total_incidents(),
            a.total_killed(),
            &b.key,
        ))
    });
    if top > 0 {
        series.truncate(top);
    }
    Trends {
        period,
        labels: starts.iter().map(|s| period.label(*s)).collect(),
        starts: starts.iter().map(|s| s.to_string()).collect(),
        series,
    }
}

/// A line of block characters, one per value, scaled to the largest.
pub fn sparkline(values: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|v| {
            if *v == 0 {
                ' '
            } else if max == 0 {
                BARS[0]
            } else {
                BARS[((*v * 7).div_ceil(max) as usize).min(7)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_to_the_largest_and_leave_zero_blank() {
        assert_eq!(sparkline(&[0, 1, 4, 8]), " ▂▅█");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        let d: Date = "2018-05-10".parse().unwrap();
        assert_eq!(Period::Week.start(d).to_string(), "2018-05-07");
        assert_eq!(Period::Week.label(Period::Week.start(d)), "2018-W19");
        assert_eq!(Period::Month.start(d).to_string(), "2018-05-01");
        assert_eq!(Period::Month.next(Period::Month.start(d)).to_string(), "2018-06-01");
    }
}
