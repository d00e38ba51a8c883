//! Statistics against the incidents they sum, on each backend: the kept
//! totals (`stat_totals`) answer the filters they can, the incidents the
//! rest, and both must give what adding up `Store::incidents` gives,
//! through ingests, corrections and relinks that move incidents between
//! days, countries, groups and tolls.

use std::collections::BTreeMap;

use rasd_core::EventType;
use rasd_store::link::incident_day;
use rasd_store::{Article, DayBound, Dimension, Filter, StatRow, Store};

use crate::{backends, data};

const DIMENSIONS: [Dimension; 5] =
    [Dimension::Group, Dimension::Country, Dimension::Type, Dimension::Month, Dimension::Week];

/// The statistics of a filter, added up from its incidents one by one.
fn expected(s: &dyn Store, f: &Filter, by: Dimension) -> Vec<StatRow> {
    let mut acc: BTreeMap<String, StatRow> = BTreeMap::new();
    for i in s.incidents(f).unwrap() {
        let day = incident_day(&i);
        let keys: Vec<String> = match by {
            Dimension::Group if i.perpetrators.is_empty() => vec![String::new()],
            Dimension::Group => i.perpetrators.iter().map(|a| a.name.clone()).collect(),
            Dimension::Country => vec![i.country.clone().unwrap_or_default()],
            Dimension::Type => vec![i.event_type.as_str().to_string()],
            Dimension::Month => {
                vec![
                    day.map_or("(undated)".into(), |d| format!("{:04}-{:02}", d.year(), d.month())),
                ]
            }
            Dimension::Week => vec![day.map_or("(undated)".into(), |d| {
                let w = d.iso_week_date();
                format!("{}-W{:02}", w.year(), w.week())
            })],
        };
        for k in keys {
            let k = if k.is_empty() { "(unknown)".to_string() } else { k };
            let row = acc.entry(k.clone()).or_insert(StatRow {
                key: k,
                incidents: 0,
                killed: 0,
                injured: 0,
                reports: 0,
            });
            row.incidents += 1;
            row.killed += u64::from(i.killed.as_ref().and_then(|t| t.best).unwrap_or(0));
            row.injured += u64::from(i.injured.as_ref().and_then(|t| t.best).unwrap_or(0));
            row.reports += i.reports as u64;
        }
    }
    let mut out: Vec<StatRow> = acc.into_values().collect();
    if matches!(by, Dimension::Group | Dimension::Country | Dimension::Type) {
        out.sort_by(|a, b| (b.incidents, b.killed, &a.key).cmp(&(a.incidents, a.killed, &b.key)));
    }
    out
}

/// Filters the totals answer (whole months, countries, types, history)
/// and some they do not (a day, a toll, a group, a place).
fn filters() -> Vec<Filter> {
    let first = |d: &str| Some(d.parse::<DayBound>().unwrap().first);
    let last = |d: &str| Some(d.parse::<DayBound>().unwrap().last);
    vec![
        Filter::default(),
        Filter { include_history: true, ..Filter::default() },
        Filter { countries: vec!["iq".into()], ..Filter::default() },
        Filter {
            countries: vec!["AF".into(), "SY".into()],
            types: vec![EventType::Bombing, EventType::SuicideBombing],
            include_history: true,
            ..Filter::default()
        },
        Filter { since: first("2019-03"), ..Filter::default() },
        Filter { until: last("2019-03"), ..Filter::default() },
        Filter { since: first("2019-04"), until: last("2019-04"), ..Filter::default() },
        Filter { since: first("2019"), until: last("2019"), ..Filter::default() },
        Filter { since: first("2019-03-05"), ..Filter::default() },
        Filter { min_killed: Some(2), ..Filter::default() },
        Filter { groups: vec!["taliban".into()], ..Filter::default() },
    ]
}

fn check(s: &dyn Store, stage: &str, backend: &str) {
    for (n, f) in filters().iter().enumerate() {
        for by in DIMENSIONS {
            assert_eq!(
                s.stats(f, by).unwrap(),
                expected(s, f, by),
                "{backend}, {stage}: filter {n} by {by:?}"
            );
        }
    }
}

/// The test data's articles a month later, under other keys.
fn next_month(n: usize) -> Vec<Article> {
    data::articles(n)
        .into_iter()
        .map(|mut a| {
            a.doc.id = format!("next-{}", a.doc.id);
            a.doc.url = a.doc.url.map(|u| format!("{u}/next"));
            a.doc.text.push_str(" (أبريل)");
            a.doc.published = a.doc.published.map(|p| p.replace("2019-03", "2019-04"));
            for e in &mut a.events {
                e.date = e.date.take().map(|d| d.replace("2019-03", "2019-04"));
            }
            a
        })
        .collect()
}

#[test]
fn statistics_are_the_sums_of_the_incidents_through_every_change() {
    for b in backends::both("stats") {
        let mut s = b.open();
        for chunk in data::articles(120).chunks(25) {
            s.ingest(chunk).unwrap();
        }
        s.ingest(&next_month(60)).unwrap();
        check(s.as_ref(), "ingested", b.name);
        s.ingest(&data::revisions(120)).unwrap();
        check(s.as_ref(), "corrected", b.name);
        s.relink_since(Some(jiff::civil::date(2019, 3, 10))).unwrap();
        check(s.as_ref(), "relinked since a day", b.name);
        s.relink().unwrap();
        check(s.as_ref(), "relinked", b.name);
        assert!(
            s.stats(&Filter::default(), Dimension::Month)
                .unwrap()
                .iter()
                .any(|r| r.key == "2019-04"),
            "the data spans months"
        );
    }
}
