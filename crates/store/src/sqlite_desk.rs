//! The desk's rows in SQLite (`desk.rs` holds the rules).

use rusqlite::{Connection, OptionalExtension, params};

use crate::desk::{self, DeskChange, DeskEntry, DeskRows, DeskState, DeskWarning, Stored};
use crate::{Result, StoreError};

/// The desk's rows over one connection (inside a write transaction when
/// writing).
pub(crate) struct Rows<'a> {
    pub conn: &'a Connection,
    pub path: &'a str,
}

impl Rows<'_> {
    fn err(&self, e: rusqlite::Error) -> StoreError {
        crate::sqlite::classify_error(self.path, e)
    }
}

/// The columns of an entry, `w` the warning and `l` its last trail row.
const ENTRY: &str = "w.id, w.key, w.kind, w.severity, w.day, w.raised, w.country, w.subject,
    w.message_en, w.message_ar, w.incidents, l.to_state, l.at, l.who, l.note, w.first_seen";

/// Joins each warning to the last row of its trail.
const LAST: &str = "FROM warnings w JOIN warning_log l
    ON l.id = (SELECT max(x.id) FROM warning_log x WHERE x.warning_id = w.id)";

type EntryRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
);

fn entry_row(r: &rusqlite::Row) -> rusqlite::Result<EntryRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
        r.get(14)?,
        r.get(15)?,
    ))
}

fn entry(path: &str, r: EntryRow) -> Result<DeskEntry> {
    let (id, key, kind, severity, day, raised, country, subject, message_en, message_ar) =
        (r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9);
    Ok(DeskEntry {
        id,
        key,
        kind,
        severity,
        day,
        raised,
        country,
        subject,
        message_en,
        message_ar,
        incidents: desk::incidents_of(path, &r.10)?,
        state: desk::state_of(path, &r.11)?,
        since: r.12,
        by: r.13,
        note: r.14,
        first_seen: r.15,
    })
}

impl DeskRows for Rows<'_> {
    fn stored(&mut self, key: &str) -> Result<Option<Stored>> {
        self.conn
            .query_row("SELECT id, raised, json FROM warnings WHERE key = ?1", [key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    fn state(&mut self, id: i64) -> Result<Option<DeskState>> {
        let s: Option<String> = self
            .conn
            .query_row(
                "SELECT to_state FROM warning_log WHERE warning_id = ?1 ORDER BY id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        s.map(|s| desk::state_of(self.path, &s)).transpose()
    }

    fn insert(&mut self, w: &DeskWarning, at: &str) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO warnings (key, kind, severity, day, raised, country, subject,
                 message_en, message_ar, incidents, json, first_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    w.key,
                    w.kind,
                    w.severity,
                    w.day,
                    w.raised,
                    w.country,
                    w.subject,
                    w.message_en,
                    w.message_ar,
                    serde_json::to_string(&w.incidents).unwrap_or_else(|_| "[]".into()),
                    w.json,
                    at
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    fn update(&mut self, id: i64, w: &DeskWarning) -> Result<()> {
        self.conn
            .execute(
                "UPDATE warnings SET kind = ?2, severity = ?3, day = ?4, raised = ?5, country = ?6,
                 subject = ?7, message_en = ?8, message_ar = ?9, incidents = ?10, json = ?11
                 WHERE id = ?1",
                params![
                    id,
                    w.kind,
                    w.severity,
                    w.day,
                    w.raised,
                    w.country,
                    w.subject,
                    w.message_en,
                    w.message_ar,
                    serde_json::to_string(&w.incidents).unwrap_or_else(|_| "[]".into()),
                    w.json
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn append(&mut self, c: &DeskChange) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO warning_log (warning_id, at, who, from_state, to_state, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    c.warning,
                    c.at,
                    c.by,
                    c.from.map(DeskState::as_str),
                    c.to.as_str(),
                    c.note
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }
}

/// One page of the desk, longest waiting first.
pub(crate) fn list(
    rows: &Rows,
    state: Option<DeskState>,
    limit: usize,
    offset: usize,
) -> Result<Vec<DeskEntry>> {
    let sql = format!(
        "SELECT {ENTRY} {LAST} WHERE ?1 IS NULL OR l.to_state = ?1 ORDER BY l.at, w.id LIMIT ?2 OFFSET ?3"
    );
    let mut s = rows.conn.prepare(&sql).map_err(|e| rows.err(e))?;
    let found: Vec<EntryRow> = s
        .query_map(
            params![
                state.map(DeskState::as_str),
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX)
            ],
            entry_row,
        )
        .and_then(|r| r.collect())
        .map_err(|e| rows.err(e))?;
    found.into_iter().map(|r| entry(rows.path, r)).collect()
}

/// Warnings per state, in the order of [`DeskState::ALL`], zeros included.
pub(crate) fn counts(rows: &Rows) -> Result<Vec<(DeskState, u64)>> {
    let sql = format!("SELECT l.to_state, count(*) {LAST} GROUP BY l.to_state");
    let mut s = rows.conn.prepare(&sql).map_err(|e| rows.err(e))?;
    let found: Vec<(String, i64)> = s
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|r| r.collect())
        .map_err(|e| rows.err(e))?;
    desk_counts(rows.path, found)
}

/// Counts per state from `(state, count)` rows.
pub(crate) fn desk_counts(path: &str, found: Vec<(String, i64)>) -> Result<Vec<(DeskState, u64)>> {
    let mut out: Vec<(DeskState, u64)> = DeskState::ALL.iter().map(|s| (*s, 0)).collect();
    for (s, n) in found {
        let s = desk::state_of(path, &s)?;
        if let Some(slot) = out.iter_mut().find(|(x, _)| *x == s) {
            slot.1 = n.max(0) as u64;
        }
    }
    Ok(out)
}

/// One warning, its JSON and its trail.
pub(crate) fn one(
    rows: &Rows,
    id: i64,
) -> Result<Option<(DeskEntry, serde_json::Value, Vec<DeskChange>)>> {
    let sql = format!("SELECT {ENTRY}, w.json {LAST} WHERE w.id = ?1");
    let found: Option<(EntryRow, String)> = rows
        .conn
        .query_row(&sql, [id], |r| Ok((entry_row(r)?, r.get(16)?)))
        .optional()
        .map_err(|e| rows.err(e))?;
    let Some((r, json)) = found else { return Ok(None) };
    let e = entry(rows.path, r)?;
    let mut s = rows
        .conn
        .prepare(
            "SELECT id, at, who, from_state, to_state, note FROM warning_log
             WHERE warning_id = ?1 ORDER BY id",
        )
        .map_err(|e| rows.err(e))?;
    type Row = (i64, String, String, Option<String>, String, Option<String>);
    let trail: Vec<Row> = s
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .and_then(|r| r.collect())
        .map_err(|e| rows.err(e))?;
    let trail = trail
        .into_iter()
        .map(|(cid, at, by, from, to, note)| {
            Ok(DeskChange {
                id: cid,
                warning: id,
                at,
                by,
                from: from.map(|f| desk::state_of(rows.path, &f)).transpose()?,
                to: desk::state_of(rows.path, &to)?,
                note,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let json = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
        path: rows.path.to_string(),
        detail: format!("warnings.json: {e}"),
    })?;
    Ok(Some((e, json, trail)))
}
