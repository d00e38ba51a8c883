//! What both backends make of their rows alike: the keys articles and
//! groups are stored under, and the decoding and summing of what they
//! read back. One copy, so that SQLite and PostgreSQL cannot drift apart.

use std::collections::BTreeMap;

use rasd_core::{Doc, Event, Status};

use crate::filter::day_range;
use crate::{Dimension, GroupTie, Result, StatRow, StoreError};

/// The key an article is stored under: its URL, else its id.
pub(crate) fn doc_key(doc: &Doc) -> String {
    doc.url.clone().unwrap_or_else(|| format!("id:{}", doc.id))
}

/// The day a date string starts on (`2018-05` → `2018-05-01`).
pub(crate) fn first_day(date: Option<&str>) -> Option<String> {
    date.and_then(day_range).map(|r| r.first.to_string())
}

/// How a group's tie is stored.
pub(crate) fn status_str(s: Status) -> &'static str {
    match s {
        Status::Claimed => "claimed",
        Status::Attributed => "attributed",
        Status::Suspected => "suspected",
    }
}

/// The key a group is stored under: its lexicon id, else its name.
pub(crate) fn group_key(id: Option<&str>, name: &str) -> String {
    id.map(str::to_string).unwrap_or_else(|| name.to_lowercase())
}

/// An event as both backends store it: without its incident (linking sets
/// that), its JSON, and the day it sorts under (its own first day, else its
/// article's).
pub(crate) fn event_row(
    e: &Event,
    pub_day: Option<&str>,
) -> Result<(Event, String, Option<String>)> {
    let e = Event { incident: None, ..e.clone() };
    let json = serde_json::to_string(&e).map_err(|x| StoreError::Invalid(x.to_string()))?;
    let day = first_day(e.date.as_deref()).or(pub_day.map(str::to_string));
    Ok((e, json, day))
}

/// What filters may name from an event, for checking them
/// (`Store::vocabulary`): `(kind, value, name)` of its country, its places
/// and its groups.
pub(crate) fn vocabulary_of(
    e: &Event,
) -> impl Iterator<Item = (&'static str, String, String)> + '_ {
    let places = [&e.place, &e.place_ar, &e.admin1, &e.place_id];
    e.country
        .iter()
        .map(|c| ("country", c.clone(), String::new()))
        .chain(places.into_iter().flatten().map(|p| ("place", p.clone(), String::new())))
        .chain(
            e.perpetrators
                .iter()
                .map(|p| ("group", group_key(p.id.as_deref(), &p.name), p.name.clone())),
        )
}

/// An event from its stored JSON.
pub(crate) fn decode_event(path: &str, json: &str) -> Result<Event> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        path: path.into(),
        detail: format!("event record: {e}"),
    })
}

/// A report's groups as the sightings query concatenates them: key, name
/// and status joined by U+001F, groups by U+001E.
pub(crate) fn group_ties(joined: Option<&str>) -> Vec<GroupTie> {
    joined
        .unwrap_or_default()
        .split('\u{1e}')
        .filter(|g| !g.is_empty())
        .filter_map(|g| {
            let mut p = g.split('\u{1f}');
            let (key, name, status) = (p.next()?, p.next()?, p.next()?);
            let status = match status {
                "claimed" => Status::Claimed,
                "attributed" => Status::Attributed,
                _ => Status::Suspected,
            };
            Some(GroupTie { key: key.into(), name: name.into(), status })
        })
        .collect()
}

/// `2018-05-06` → `2018-W18`.
fn iso_week(day: &str) -> Option<String> {
    let d: jiff::civil::Date = day.get(..10)?.parse().ok()?;
    let w = d.iso_week_date();
    Some(format!("{}-W{:02}", w.year(), w.week()))
}

/// Statistics from rows of incidents that share a key (a group's name,
/// country, type, or day): the key, how many incidents, and their
/// killed, injured and reports summed. The database sums the incidents of
/// each key, so that ten years of incidents are not each sent here; this
/// splits groups and folds days into months or weeks. Groups, countries
/// and types come most incidents first, periods in order.
pub(crate) fn stat_rows(
    rows: impl IntoIterator<Item = (String, i64, i64, i64, i64)>,
    by: Dimension,
) -> Vec<StatRow> {
    let mut acc: BTreeMap<String, StatRow> = BTreeMap::new();
    for (k, n, killed, injured, reports) in rows {
        let keys: Vec<String> = match by {
            Dimension::Group if k.is_empty() => vec!["(unknown)".into()],
            Dimension::Month => vec![k.get(..7).unwrap_or("(undated)").to_string()],
            Dimension::Week => vec![iso_week(&k).unwrap_or_else(|| "(undated)".into())],
            _ if k.is_empty() => vec!["(unknown)".into()],
            _ => vec![k],
        };
        for k in keys {
            let row = acc.entry(k.clone()).or_insert(StatRow {
                key: k,
                incidents: 0,
                killed: 0,
                injured: 0,
                reports: 0,
            });
            row.incidents += n as u64;
            row.killed += killed as u64;
            row.injured += injured as u64;
            row.reports += reports as u64;
        }
    }
    let mut out: Vec<StatRow> = acc.into_values().collect();
    if matches!(by, Dimension::Group | Dimension::Country | Dimension::Type) {
        out.sort_by(|a, b| (b.incidents, b.killed, &a.key).cmp(&(a.incidents, a.killed, &b.key)));
    }
    out
}

/// The periods of the kept totals of incidents (`stat_totals`, SQLite
/// schema 9, PostgreSQL 4) that answer a statistics query, as an
/// inclusive range of `period` values: `"all"` holds every incident once,
/// `YYYY-MM` the incidents of a month (by `link::incident_day`), `""`
/// those without a day. Both backends keep one row per period, history
/// flag, country, type and (for `by_group = 1`) group name, moved by every
/// write of an incident, so statistics over ten years read as many rows
/// as over one (the combinations of countries, types and groups repeat)
/// instead of every incident.
///
/// `None` when the totals cannot answer: by week (a month's totals do not
/// split into weeks), a period that is not whole months, or a filter on
/// what the totals do not keep (place, group, toll, confidence); then the
/// incidents are summed as before.
pub(crate) fn total_periods(f: &crate::Filter, by: Dimension) -> Option<(String, String)> {
    if by == Dimension::Week
        || f.place.is_some()
        || !f.groups.is_empty()
        || f.min_killed.is_some()
        || f.min_confidence.is_some()
    {
        return None;
    }
    let month = |d: jiff::civil::Date| format!("{:04}-{:02}", d.year(), d.month());
    if f.since.is_some_and(|d| d.day() != 1) || f.until.is_some_and(|d| d != d.last_of_month()) {
        return None;
    }
    Some(match (f.since, f.until) {
        // Every incident once; by month, every month and the undated.
        (None, None) if by == Dimension::Month => (String::new(), "9999-12".into()),
        (None, None) => ("all".into(), "all".into()),
        // A bound leaves out the incidents without a day, as `t.day >= ?`
        // does ("" and "all" sort before any month).
        (since, until) => (
            since.map_or_else(|| "0000-01".into(), month),
            until.map_or_else(|| "9999-12".into(), month),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Filter;

    /// The totals answer whole months, countries, types and history; a
    /// day, a week, a toll, a confidence, a place or a group need the
    /// incidents.
    #[test]
    fn totals_answer_whole_months_only() {
        let day = |s: &str| Some(s.parse::<jiff::civil::Date>().unwrap());
        let all = Filter::default();
        let p = |f: &Filter, by| total_periods(f, by);
        let range = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(p(&all, Dimension::Group), range("all", "all"));
        assert_eq!(p(&all, Dimension::Month), range("", "9999-12"));
        let countries = Filter { countries: vec!["SY".into()], ..Filter::default() };
        assert_eq!(p(&countries, Dimension::Type), range("all", "all"));
        let year = Filter { since: day("2018-01-01"), until: day("2018-12-31"), ..all.clone() };
        assert_eq!(p(&year, Dimension::Country), range("2018-01", "2018-12"));
        let until = Filter { until: day("2018-02-28"), ..all.clone() };
        assert_eq!(p(&until, Dimension::Group), range("0000-01", "2018-02"));
        for f in [
            Filter { since: day("2018-01-02"), ..all.clone() },
            Filter { until: day("2018-02-27"), ..all.clone() },
            Filter { min_killed: Some(1), ..all.clone() },
            Filter { min_confidence: Some(0.5), ..all.clone() },
            Filter { place: Some("Mosul".into()), ..all.clone() },
            Filter { groups: vec!["is".into()], ..all.clone() },
        ] {
            assert_eq!(p(&f, Dimension::Group), None, "{f:?}");
        }
        assert_eq!(p(&all, Dimension::Week), None);
    }
}
