//! The desk: warnings kept as records with a state, and the trail of every
//! change of state.
//!
//! The warning rules (`rasd-watch`) are replayed from the reports whenever
//! the data changes; what the desk keeps is what people did about what
//! they raised. A warning is known by its key (see `rasd_watch::desk`),
//! which a later replay, or a relink, gives again, so its record and its
//! state survive both. Its state is the last row of its trail, the
//! `warning_log` table, which is append-only: the database refuses to
//! update or delete a row of it (an SQLite trigger, a PostgreSQL trigger),
//! and no warning record is ever deleted.
//!
//! The rules of who may do what are here, once, for both backends: a
//! backend only answers `DeskRows`.

use serde::Serialize;

use crate::{Result, StoreError};

/// Where a warning stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeskState {
    /// Raised (or raised again) and not yet seen by anyone.
    New,
    /// Someone has seen it and is dealing with it.
    Acknowledged,
    /// Something was done about it.
    Acted,
    /// Looked at and judged to need nothing.
    Dismissed,
}

impl DeskState {
    /// Every state, in the order a warning goes through them.
    pub const ALL: [DeskState; 4] =
        [DeskState::New, DeskState::Acknowledged, DeskState::Acted, DeskState::Dismissed];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeskState::New => "new",
            DeskState::Acknowledged => "acknowledged",
            DeskState::Acted => "acted",
            DeskState::Dismissed => "dismissed",
        }
    }

    /// Whether a person may move a warning from `self` to `to`: new →
    /// acknowledged → acted or dismissed. Only the rules move a warning
    /// back to new, when they raise it again.
    pub fn can_become(self, to: DeskState) -> bool {
        matches!(
            (self, to),
            (DeskState::New, DeskState::Acknowledged)
                | (DeskState::Acknowledged, DeskState::Acted | DeskState::Dismissed)
        )
    }
}

impl std::str::FromStr for DeskState {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<DeskState> {
        DeskState::ALL.into_iter().find(|x| x.as_str() == s).ok_or_else(|| {
            StoreError::Invalid(format!(
                "unknown warning state {s:?} (one of: new, acknowledged, acted, dismissed)"
            ))
        })
    }
}

impl std::fmt::Display for DeskState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who the rules are in the trail: the name on the rows they append.
pub const RULES: &str = "rasd";

/// The longest name of whoever changes a state, in characters.
pub const MAX_WHO: usize = 100;
/// The longest note, in characters.
pub const MAX_NOTE: usize = 2000;

/// A warning as the rules raised it, ready for the desk.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeskWarning {
    /// What identifies it across replays and relinks.
    pub key: String,
    /// Its kind (`mass_casualty`, …).
    pub kind: String,
    /// Its severity now.
    pub severity: String,
    /// The day it was first raised.
    pub day: String,
    /// The last day it was raised (first raised or raised again).
    pub raised: String,
    /// The country it concerns.
    pub country: Option<String>,
    /// What it is about, in English.
    pub subject: String,
    /// One sentence in English, as it stands.
    pub message_en: String,
    /// One sentence in Arabic, as it stands.
    pub message_ar: String,
    /// The incidents behind it.
    pub incidents: Vec<i64>,
    /// The whole warning as JSON, as `rasd alerts --json` gives it.
    pub json: String,
}

/// A warning on the desk, with where it stands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeskEntry {
    /// The desk's id for it (what `rasd alerts ack ID` takes).
    pub id: i64,
    /// Its key (see [`DeskWarning::key`]).
    pub key: String,
    /// Its kind.
    pub kind: String,
    /// Its severity.
    pub severity: String,
    /// The day it was first raised.
    pub day: String,
    /// The last day it was raised.
    pub raised: String,
    /// The country it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// What it is about.
    pub subject: String,
    /// English sentence.
    pub message_en: String,
    /// Arabic sentence.
    pub message_ar: String,
    /// The incidents behind it.
    pub incidents: Vec<i64>,
    /// Its state: the last row of its trail.
    pub state: DeskState,
    /// When it entered that state (UTC, `YYYY-MM-DDTHH:MM:SSZ`): for a new
    /// warning, since when it has been waiting.
    pub since: String,
    /// Who moved it there (the rules, `rasd`, for new ones).
    pub by: String,
    /// The note given then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the desk first saw it.
    pub first_seen: String,
}

/// One change of state, as the trail keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeskChange {
    /// Its place in the trail.
    pub id: i64,
    /// The warning's desk id.
    pub warning: i64,
    /// When (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub at: String,
    /// Who: a token's name, a `--by` name, or `rasd` for the rules.
    pub by: String,
    /// The state before (none for the first row).
    pub from: Option<DeskState>,
    /// The state after.
    pub to: DeskState,
    /// Why, in the words of whoever did it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What [`crate::Store::sync_warnings`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DeskSync {
    /// Warnings new to the desk.
    pub added: usize,
    /// Warnings raised again after someone had dealt with them: back to new.
    pub reopened: usize,
    /// Warnings whose figures or messages changed, state kept.
    pub updated: usize,
}

/// The time the desk writes: UTC to the second, so that both backends
/// store and order the same text.
pub fn timestamp(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A warning as stored: its id, last day raised and JSON.
pub(crate) type Stored = (i64, String, String);

/// What a backend answers for the desk, inside one transaction.
pub(crate) trait DeskRows {
    /// The stored record of a key.
    fn stored(&mut self, key: &str) -> Result<Option<Stored>>;
    /// The state of a warning (the last row of its trail), or `None` when
    /// there is no such warning.
    fn state(&mut self, id: i64) -> Result<Option<DeskState>>;
    /// Stores a new warning under a new id, which it returns.
    fn insert(&mut self, w: &DeskWarning, at: &str) -> Result<i64>;
    /// Replaces what a warning says (its state is the trail's).
    fn update(&mut self, id: i64, w: &DeskWarning) -> Result<()>;
    /// Appends a row to the trail; returns its id.
    fn append(&mut self, change: &DeskChange) -> Result<i64>;
}

/// The warnings of `ws` that the desk does not hold as they are (new ones,
/// and ones whose record changed): when there are none, nothing is
/// written at all.
pub(crate) fn pending<'w>(
    rows: &mut dyn DeskRows,
    ws: &'w [DeskWarning],
) -> Result<Vec<&'w DeskWarning>> {
    let mut out = Vec::new();
    for w in ws {
        match rows.stored(&w.key)? {
            Some((_, raised, json)) if raised == w.raised && json == w.json => {}
            _ => out.push(w),
        }
    }
    Ok(out)
}

/// Brings the desk up to date with warnings the rules raise: a new key is
/// a new record, new; a changed one is updated, keeping its state, unless
/// it was raised again after someone acknowledged, acted on or dismissed
/// it, which puts it back to new. Nothing is ever removed: a warning a
/// later replay no longer raises keeps its record and its trail.
pub(crate) fn sync(rows: &mut dyn DeskRows, ws: &[&DeskWarning], at: &str) -> Result<DeskSync> {
    let mut done = DeskSync::default();
    for w in ws {
        match rows.stored(&w.key)? {
            None => {
                let id = rows.insert(w, at)?;
                rows.append(&DeskChange {
                    id: 0,
                    warning: id,
                    at: at.to_string(),
                    by: RULES.into(),
                    from: None,
                    to: DeskState::New,
                    note: Some(format!("raised on {}", w.raised)),
                })?;
                done.added += 1;
            }
            Some((id, raised, json)) => {
                if raised == w.raised && json == w.json {
                    continue;
                }
                rows.update(id, w)?;
                let state = rows.state(id)?.unwrap_or(DeskState::New);
                if w.raised > raised && state != DeskState::New {
                    rows.append(&DeskChange {
                        id: 0,
                        warning: id,
                        at: at.to_string(),
                        by: RULES.into(),
                        from: Some(state),
                        to: DeskState::New,
                        note: Some(format!("raised again on {}", w.raised)),
                    })?;
                    done.reopened += 1;
                } else {
                    done.updated += 1;
                }
            }
        }
    }
    Ok(done)
}

/// Checks a name and a note before anything is written.
pub(crate) fn check_person(who: &str, note: Option<&str>) -> Result<()> {
    let who_ok = !who.trim().is_empty()
        && who.chars().count() <= MAX_WHO
        && !who.chars().any(char::is_control);
    if !who_ok {
        return Err(StoreError::Invalid(format!(
            "who changes a warning's state must be named: 1 to {MAX_WHO} characters, no control characters"
        )));
    }
    if who == RULES {
        return Err(StoreError::Invalid(format!(
            "{RULES:?} is the name of the rules in the trail; give a person's name"
        )));
    }
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(StoreError::Invalid(format!("a note is at most {MAX_NOTE} characters")));
    }
    Ok(())
}

/// Moves warning `id` to `to`, for `who`, with a note: one row appended to
/// the trail, or an error saying why not (no such warning: `NotFound`; a
/// move the order of states does not allow: `Conflict`).
pub(crate) fn set_state(
    rows: &mut dyn DeskRows,
    id: i64,
    to: DeskState,
    who: &str,
    note: Option<&str>,
    at: &str,
) -> Result<DeskChange> {
    check_person(who, note)?;
    let Some(from) = rows.state(id)? else {
        return Err(StoreError::NotFound(format!("no warning {id} on the desk")));
    };
    if !from.can_become(to) {
        let why = if from == to {
            format!("warning {id} is already {from}")
        } else {
            format!("warning {id} is {from} and cannot become {to}")
        };
        return Err(StoreError::Conflict(format!(
            "{why} (new → acknowledged → acted or dismissed)"
        )));
    }
    let mut change = DeskChange {
        id: 0,
        warning: id,
        at: at.to_string(),
        by: who.to_string(),
        from: Some(from),
        to,
        note: note.filter(|n| !n.trim().is_empty()).map(str::to_string),
    };
    change.id = rows.append(&change)?;
    Ok(change)
}

/// A state as stored, or a `Corrupt` error naming the database.
pub(crate) fn state_of(path: &str, s: &str) -> Result<DeskState> {
    s.parse().map_err(|_| StoreError::Corrupt {
        path: path.to_string(),
        detail: format!("warning_log: unknown state {s:?}"),
    })
}

/// The incidents of a record, from their JSON array.
pub(crate) fn incidents_of(path: &str, s: &str) -> Result<Vec<i64>> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt {
        path: path.to_string(),
        detail: format!("warnings.incidents: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_move_warnings_forward_only() {
        use DeskState::*;
        // (from, to, allowed)
        let cases = [
            (New, Acknowledged, true),
            (New, Acted, false),
            (New, Dismissed, false),
            (New, New, false),
            (Acknowledged, Acted, true),
            (Acknowledged, Dismissed, true),
            (Acknowledged, New, false),
            (Acknowledged, Acknowledged, false),
            (Acted, Dismissed, false),
            (Acted, New, false),
            (Dismissed, Acknowledged, false),
        ];
        for (from, to, ok) in cases {
            assert_eq!(from.can_become(to), ok, "{from} → {to}");
        }
        for s in DeskState::ALL {
            assert_eq!(s.as_str().parse::<DeskState>().unwrap(), s);
        }
        assert!("acked".parse::<DeskState>().unwrap_err().to_string().contains("acknowledged"));
    }

    #[test]
    fn names_and_notes_are_checked() {
        assert!(check_person("amal", Some("called the office")).is_ok());
        for (who, note) in [
            ("", None),
            ("  ", None),
            ("a\nb", None),
            (RULES, None),
            ("amal", Some("x".repeat(MAX_NOTE + 1).as_str())),
        ] {
            assert!(check_person(who, note).is_err(), "{who:?}");
        }
        assert_eq!(timestamp("2026-12-06T13:04:05.123Z".parse().unwrap()), "2026-12-06T13:04:05Z");
    }
}
