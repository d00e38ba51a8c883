//! Tolls shared between the kept events of one article that tell the same
//! incident: an event told with no figure takes the figure another
//! telling gives at the same place and day.
//!
//! The merge decision joins most second tellings to the first; the ones it
//! leaves apart (a headline with "قتلى" and a paragraph with the count, the
//! town in one and its province in the other, the day after in one) keep
//! the figure on one side only. A figure is borrowed only when the events
//! cannot be told apart by country, place or day, and only when every such
//! telling gives the same one.

use rasd_core::{Count, Event};

/// What an event is borrowed for.
#[derive(Clone, Copy)]
enum Side {
    Killed,
    Injured,
}

fn side(e: &Event, s: Side) -> Option<&Count> {
    match s {
        Side::Killed => e.killed.as_ref(),
        Side::Injured => e.injured.as_ref(),
    }
}

fn value(e: &Event, s: Side) -> Option<u32> {
    side(e, s).and_then(|c| c.value)
}

/// Gives each event with no figure for killed (or injured) the figure of
/// the other tellings of its incident, when they all give one and the same.
pub(crate) fn share_tolls(events: &mut [Event]) {
    for s in [Side::Killed, Side::Injured] {
        let borrowed: Vec<Option<Count>> = (0..events.len())
            .map(|i| {
                let e = &events[i];
                if e.aggregate || value(e, s).is_some() {
                    return None;
                }
                let mut donors = events.iter().enumerate().filter(|(j, o)| {
                    *j != i && !o.aggregate && value(o, s).is_some() && same_incident(e, o)
                });
                let (_, first) = donors.next()?;
                let v = value(first, s);
                if donors.any(|(_, o)| value(o, s) != v) {
                    return None;
                }
                let mut c = side(first, s)?.clone();
                for ev in &mut c.evidence {
                    ev.rule = format!("{} (told by another telling of the incident)", ev.rule);
                }
                Some(c)
            })
            .collect();
        for (e, b) in events.iter_mut().zip(borrowed) {
            let Some(c) = b else { continue };
            match s {
                Side::Killed => e.killed = Some(c),
                Side::Injured => e.injured = Some(c),
            }
        }
    }
}

/// Two events no field tells apart: the same country, places that are one
/// another's or in one province (or not named), days at most one apart
/// (or both undated).
fn same_incident(a: &Event, b: &Event) -> bool {
    a.country.is_some() && a.country == b.country && same_place(a, b) && near_days(a, b)
}

fn same_place(a: &Event, b: &Event) -> bool {
    let (Some(pa), Some(pb)) = (&a.place, &b.place) else { return true };
    let names = |e: &'_ Event| -> Vec<String> {
        e.place.iter().chain(&e.place_ar).chain(&e.place_alt).cloned().collect()
    };
    pa == pb
        || names(a).iter().any(|n| names(b).contains(n))
        || a.admin1.is_some() && a.admin1 == b.admin1
}

/// Days at most one apart, or both undated: an undated telling beside a
/// dated one may be of any day (a recalled attack, a week's toll). Dates
/// of a month or a year agree with the days inside them.
fn near_days(a: &Event, b: &Event) -> bool {
    let (da, db) = match (a.date.as_deref(), b.date.as_deref()) {
        (Some(da), Some(db)) => (da, db),
        (None, None) => return true,
        _ => return false,
    };
    let n = da.len().min(db.len());
    if da[..n] == db[..n] {
        return true;
    }
    match (da.parse::<jiff::civil::Date>(), db.parse::<jiff::civil::Date>()) {
        (Ok(x), Ok(y)) => x.tomorrow().ok() == Some(y) || y.tomorrow().ok() == Some(x),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use rasd_core::{CountQualifier, EventType};

    use super::*;

    fn event(date: &str, place: Option<&str>, admin1: Option<&str>, killed: Option<u32>) -> Event {
        Event {
            event_type: EventType::AirStrike,
            date: Some(date.into()),
            country: Some("YE".into()),
            place: place.map(Into::into),
            place_ar: None,
            place_alt: Vec::new(),
            place_id: None,
            coordinates: None,
            admin1: admin1.map(Into::into),
            geo_precision: None,
            perpetrators: Vec::new(),
            killed: killed.map(|v| Count {
                value: Some(v),
                qualifier: CountQualifier::Exact,
                evidence: Vec::new(),
            }),
            injured: None,
            target_type: "civilians".into(),
            main: false,
            aggregate: false,
            confidence: 0.5,
            history: false,
            evidence: Vec::new(),
            incident: None,
        }
    }

    fn killed(e: &Event) -> Option<u32> {
        e.killed.as_ref().and_then(|c| c.value)
    }

    #[test]
    fn a_telling_with_no_figure_takes_the_other_tellings() {
        // The town in one telling, its province in the other, the day after.
        let mut ev = vec![
            event("2018-06-13", Some("Zabid"), Some("Hodeidah"), None),
            event("2018-06-14", Some("Hodeidah"), Some("Hodeidah"), Some(22)),
        ];
        share_tolls(&mut ev);
        assert_eq!(killed(&ev[0]), Some(22));
    }

    #[test]
    fn no_figure_is_borrowed_across_places_days_or_a_disagreement() {
        let mut ev = vec![
            event("2018-06-13", Some("Zabid"), Some("Hodeidah"), None),
            event("2018-06-16", Some("Hodeidah"), Some("Hodeidah"), Some(22)),
            event("2018-06-13", Some("Marib"), Some("Marib"), Some(5)),
        ];
        share_tolls(&mut ev);
        assert_eq!(killed(&ev[0]), None);
        let mut ev = vec![
            event("2018-06-13", None, None, None),
            event("2018-06-13", Some("Zabid"), Some("Hodeidah"), Some(22)),
            event("2018-06-13", Some("Marib"), Some("Marib"), Some(5)),
        ];
        share_tolls(&mut ev);
        assert_eq!(killed(&ev[0]), None);
        let mut ev = vec![
            event("2018-06-13", Some("Zabid"), Some("Hodeidah"), None),
            event("2018-06-13", Some("Hodeidah"), Some("Hodeidah"), Some(22)),
        ];
        ev[1].date = None;
        share_tolls(&mut ev);
        assert_eq!(killed(&ev[0]), None);
    }

    #[test]
    fn days_across_a_month() {
        let on = |d: &str| event(d, Some("Zabid"), None, None);
        assert!(near_days(&on("2018-03-01"), &on("2018-02-28")));
        assert!(!near_days(&on("2018-03-02"), &on("2018-02-28")));
        assert!(near_days(&on("2018-03"), &on("2018-03-17")));
    }
}
