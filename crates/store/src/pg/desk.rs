//! The desk's rows in PostgreSQL (`desk.rs` holds the rules), the same
//! rows and order as SQLite's.

use super::*;
use crate::desk::{
    self, DeskChange, DeskEntry, DeskRows, DeskState, DeskSync, DeskWarning, Stored,
};

/// The columns of an entry, `w` the warning and `l` its last trail row.
const ENTRY: &str = "w.id, w.key, w.kind, w.severity, w.day, w.raised, w.country, w.subject,
    w.message_en, w.message_ar, w.incidents, l.to_state, l.at, l.who, l.note, w.first_seen";

/// Joins each warning to the last row of its trail.
const LAST: &str = "FROM warnings w JOIN warning_log l
    ON l.id = (SELECT max(x.id) FROM warning_log x WHERE x.warning_id = w.id)";

fn entry(name: &str, r: &Row) -> Result<DeskEntry> {
    Ok(DeskEntry {
        id: r.get(0),
        key: r.get(1),
        kind: r.get(2),
        severity: r.get(3),
        day: r.get(4),
        raised: r.get(5),
        country: r.get(6),
        subject: r.get(7),
        message_en: r.get(8),
        message_ar: r.get(9),
        incidents: desk::incidents_of(name, r.get(10))?,
        state: desk::state_of(name, r.get(11))?,
        since: r.get(12),
        by: r.get(13),
        note: r.get(14),
        first_seen: r.get(15),
    })
}

impl DeskRows for Tx<'_> {
    fn stored(&mut self, key: &str) -> Result<Option<Stored>> {
        Ok(self
            .opt("SELECT id, raised, json FROM warnings WHERE key = $1", &[&key])?
            .map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    fn state(&mut self, id: i64) -> Result<Option<DeskState>> {
        let row = self.opt(
            "SELECT to_state FROM warning_log WHERE warning_id = $1 ORDER BY id DESC LIMIT 1",
            &[&id],
        )?;
        let name = self.name.to_string();
        row.map(|r| desk::state_of(&name, r.get(0))).transpose()
    }

    fn insert(&mut self, w: &DeskWarning, at: &str) -> Result<i64> {
        let incidents = serde_json::to_string(&w.incidents).unwrap_or_else(|_| "[]".into());
        Ok(self
            .one(
                "INSERT INTO warnings (id, key, kind, severity, day, raised, country, subject,
                 message_en, message_ar, incidents, json, first_seen)
                 VALUES ((SELECT coalesce(max(id), 0) + 1 FROM warnings),
                         $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                &[
                    &w.key,
                    &w.kind,
                    &w.severity,
                    &w.day,
                    &w.raised,
                    &w.country,
                    &w.subject,
                    &w.message_en,
                    &w.message_ar,
                    &incidents,
                    &w.json,
                    &at,
                ],
            )?
            .get(0))
    }

    fn update(&mut self, id: i64, w: &DeskWarning) -> Result<()> {
        let incidents = serde_json::to_string(&w.incidents).unwrap_or_else(|_| "[]".into());
        self.exec(
            "UPDATE warnings SET kind = $2, severity = $3, day = $4, raised = $5, country = $6,
             subject = $7, message_en = $8, message_ar = $9, incidents = $10, json = $11
             WHERE id = $1",
            &[
                &id,
                &w.kind,
                &w.severity,
                &w.day,
                &w.raised,
                &w.country,
                &w.subject,
                &w.message_en,
                &w.message_ar,
                &incidents,
                &w.json,
            ],
        )?;
        Ok(())
    }

    fn append(&mut self, c: &DeskChange) -> Result<i64> {
        let from = c.from.map(DeskState::as_str);
        Ok(self
            .one(
                "INSERT INTO warning_log (id, warning_id, at, who, from_state, to_state, note)
                 VALUES ((SELECT coalesce(max(id), 0) + 1 FROM warning_log), $1, $2, $3, $4, $5, $6)
                 RETURNING id",
                &[&c.warning, &c.at, &c.by, &from, &c.to.as_str(), &c.note],
            )?
            .get(0))
    }
}

impl PgStore {
    pub(super) fn sync_desk(&mut self, ws: &[DeskWarning], at: &str) -> Result<DeskSync> {
        let pending: Vec<DeskWarning> = self.read(|tx| {
            Ok(desk::pending(tx, ws)?.into_iter().cloned().collect::<Vec<DeskWarning>>())
        })?;
        if pending.is_empty() {
            return Ok(DeskSync::default());
        }
        let refs: Vec<&DeskWarning> = pending.iter().collect();
        self.write(|tx, _| desk::sync(tx, &refs, at))
    }

    pub(super) fn desk_page(
        &self,
        state: Option<DeskState>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DeskEntry>> {
        self.read(|tx| {
            let state = state.map(DeskState::as_str);
            let (limit, offset) = (
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX),
            );
            let sql = format!(
                "SELECT {ENTRY} {LAST} WHERE $1::text IS NULL OR l.to_state = $1::text
                 ORDER BY l.at, w.id LIMIT $2 OFFSET $3"
            );
            let rows = tx.query(&sql, &[&state, &limit, &offset])?;
            rows.iter().map(|r| entry(tx.name, r)).collect()
        })
    }

    pub(super) fn desk_count(&self) -> Result<Vec<(DeskState, u64)>> {
        self.read(|tx| {
            let sql = format!("SELECT l.to_state, count(*) {LAST} GROUP BY l.to_state");
            let found: Vec<(String, i64)> =
                tx.query(&sql, &[])?.iter().map(|r| (r.get(0), r.get(1))).collect();
            crate::sqlite_desk::desk_counts(tx.name, found)
        })
    }

    pub(super) fn desk_one(
        &self,
        id: i64,
    ) -> Result<Option<(DeskEntry, serde_json::Value, Vec<DeskChange>)>> {
        self.read(|tx| {
            let sql = format!("SELECT {ENTRY}, w.json {LAST} WHERE w.id = $1");
            let Some(r) = tx.opt(&sql, &[&id])? else { return Ok(None) };
            let e = entry(tx.name, &r)?;
            let json: String = r.get(16);
            let rows = tx.query(
                "SELECT id, at, who, from_state, to_state, note FROM warning_log
                 WHERE warning_id = $1 ORDER BY id",
                &[&id],
            )?;
            let trail = rows
                .iter()
                .map(|r| {
                    Ok(DeskChange {
                        id: r.get(0),
                        warning: id,
                        at: r.get(1),
                        by: r.get(2),
                        from: r
                            .get::<_, Option<&str>>(3)
                            .map(|f| desk::state_of(tx.name, f))
                            .transpose()?,
                        to: desk::state_of(tx.name, r.get(4))?,
                        note: r.get(5),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let json = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                path: tx.name.to_string(),
                detail: format!("warnings.json: {e}"),
            })?;
            Ok(Some((e, json, trail)))
        })
    }

    pub(super) fn set_desk_state(
        &mut self,
        id: i64,
        to: DeskState,
        who: &str,
        note: Option<&str>,
        at: &str,
    ) -> Result<DeskChange> {
        // Checked before the write lock is taken: a bad name costs nothing.
        desk::check_person(who, note)?;
        self.write(|tx, _| desk::set_state(tx, id, to, who, note, at))
    }
}
