//! Warnings as the desk keeps them (`rasd_store::desk`): the same warning,
//! under a key that the next replay, and a relink, give it again.
//!
//! A warning's id names its kind, subject, country and the day it was
//! raised. Every subject but one is a name (a group's key, a country
//! code) and stays as it is. An incident is not: a relink numbers
//! incidents afresh, in publication order, so `mass_casualty:17:…` could
//! become `mass_casualty:12:…` with nothing else changed. On the desk an
//! incident is named by its first report instead (the lowest event id
//! among its reports), which a relink keeps as long as it groups the same
//! reports: `mass_casualty:report-1763:IQ:2019-04-19`.

use std::collections::HashMap;

use rasd_store::{DeskWarning, Sighting};

use crate::Warning;

/// The days of warnings the desk takes from each replay, up to the latest
/// report: those raised or updated then (what `rasd alerts` lists by
/// default). A warning stays on the desk after it leaves them.
pub const DESK_DAYS: i64 = 14;

/// Each incident's first report: the lowest event id among its reports.
pub fn anchors(sightings: &[Sighting]) -> HashMap<i64, i64> {
    let mut out: HashMap<i64, i64> = HashMap::new();
    for s in sightings {
        if let Some(inc) = s.incident {
            out.entry(inc).and_modify(|e| *e = (*e).min(s.event_id)).or_insert(s.event_id);
        }
    }
    out
}

/// The key a warning has on the desk (see the module's comment).
pub fn key(w: &Warning, anchors: &HashMap<i64, i64>) -> String {
    if w.subject.kind != "incident" {
        return w.id.clone();
    }
    let subject = match w.subject.key.parse::<i64>().ok().and_then(|i| anchors.get(&i)) {
        Some(event) => format!("report-{event}"),
        // An incident with no report read (cannot happen: a warning rests
        // on reports) keeps the replay's id rather than failing.
        None => return w.id.clone(),
    };
    format!("{}:{subject}:{}:{}", w.kind.as_str(), w.country.as_deref().unwrap_or("-"), w.day)
}

/// Warnings as records for the desk.
pub fn records(ws: &[Warning], anchors: &HashMap<i64, i64>) -> Vec<DeskWarning> {
    ws.iter()
        .map(|w| DeskWarning {
            key: key(w, anchors),
            kind: w.kind.as_str().to_string(),
            severity: w.severity.as_str().to_string(),
            day: w.day.clone(),
            raised: w.last_raised().to_string(),
            country: w.country.clone(),
            subject: w.subject.name.clone(),
            message_en: w.message_en.clone(),
            message_ar: w.message_ar.clone(),
            incidents: w.incidents.clone(),
            // A warning is plain data: serialising it cannot fail.
            json: serde_json::to_string(w).unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::{Kind, Subject};
    use crate::config::Severity;

    fn warning(kind: Kind, subject: &str, key: &str) -> Warning {
        Warning {
            id: format!("{}:{key}:IQ:2019-04-19", kind.as_str()),
            kind,
            severity: Severity::High,
            day: "2019-04-19".into(),
            updated: None,
            subject: Subject {
                kind: subject.into(),
                key: key.into(),
                name: key.into(),
                name_ar: key.into(),
            },
            country: Some("IQ".into()),
            message_en: String::new(),
            message_ar: String::new(),
            incidents: Vec::new(),
            figures: Default::default(),
            confirmed: None,
            gaps: Vec::new(),
            also: Vec::new(),
            promoted: None,
            states: Vec::new(),
        }
    }

    #[test]
    fn incidents_are_named_by_their_first_report_and_names_stay() {
        // Incident 17's reports are events 40 and 31; a relink that calls
        // it 12 gives the same key.
        let before = HashMap::from([(17, 31)]);
        let after = HashMap::from([(12, 31)]);
        let cases = [
            (
                warning(Kind::MassCasualty, "incident", "17"),
                &before,
                "mass_casualty:report-31:IQ:2019-04-19",
            ),
            (
                warning(Kind::MassCasualty, "incident", "12"),
                &after,
                "mass_casualty:report-31:IQ:2019-04-19",
            ),
            (
                warning(Kind::MassCasualty, "incident", "99"),
                &before,
                "mass_casualty:99:IQ:2019-04-19",
            ),
            (
                warning(Kind::NewGround, "group", "group:is"),
                &before,
                "new_ground:group:is:IQ:2019-04-19",
            ),
        ];
        for (w, anchors, want) in cases {
            assert_eq!(key(&w, anchors), want);
        }
        let sightings: Vec<Sighting> = Vec::new();
        assert!(anchors(&sightings).is_empty());
    }
}
