//! Queries built from a filter, clause by clause as the SQLite store
//! builds them, with every value bound.

use super::*;

/// SQL conditions for a filter, over a table aliased `t` (see the SQLite
/// store's `conditions`, which this follows clause by clause).
pub(super) fn conditions(f: &Filter, groups: (&str, &str), v: &mut Values) -> String {
    let mut sql = String::new();
    if !f.include_history {
        sql.push_str(" AND NOT t.history");
    }
    if let Some(c) = f.min_confidence {
        sql.push_str(&format!(" AND t.confidence >= {}", v.add(c)));
    }
    if let Some(d) = f.since {
        sql.push_str(&format!(" AND t.day >= {}", v.add(d.to_string())));
    }
    if let Some(d) = f.until {
        sql.push_str(&format!(" AND t.day <= {}", v.add(d.to_string())));
    }
    if !f.countries.is_empty() {
        let cs: Vec<String> = f.countries.iter().map(|c| c.to_uppercase()).collect();
        sql.push_str(&format!(" AND t.country = ANY({})", v.add(cs)));
    }
    if let Some(p) = &f.place {
        // SQLite's NOCASE folds ASCII letters only, as lower() does in the
        // "C" collation.
        let p = v.add(p.clone());
        sql.push_str(&format!(
            " AND (lower(t.place) = lower({p}) OR t.place_ar = {p} OR lower(t.admin1) = lower({p}) OR t.place_id = {p})"
        ));
    }
    if !f.types.is_empty() {
        let ts: Vec<String> = f.types.iter().map(|t| t.as_str().to_string()).collect();
        sql.push_str(&format!(" AND t.type = ANY({})", v.add(ts)));
    }
    if let Some(k) = f.min_killed {
        sql.push_str(&format!(" AND t.killed >= {}", v.add(i64::from(k))));
    }
    if !f.groups.is_empty() {
        let (table, col) = groups;
        // A bare id (`iskp`) matches the group or force it names.
        let keys: Vec<String> = f
            .groups
            .iter()
            .flat_map(|g| [g.clone(), format!("group:{g}"), format!("actor:{g}")])
            .collect();
        let names: Vec<String> = f.groups.iter().map(|g| g.to_lowercase()).collect();
        let (k, n) = (v.add(keys), v.add(names));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM {table} g WHERE g.{col} = t.id AND (g.group_key = ANY({k}) OR lower(g.name) = ANY({n})))"
        ));
    }
    sql
}

/// The order of a part of a query's rows (see [`Part`]); NULLs where
/// SQLite puts them (first when ascending, last when descending).
pub(super) fn order(f: &Filter, part: Part) -> &'static str {
    match (f.sort, part) {
        (Sort::Killed, _) => {
            " ORDER BY coalesce(t.killed, -1) DESC, t.day DESC NULLS LAST, t.id DESC"
        }
        (Sort::Newest, Part::Dated) => {
            " AND t.date IS NOT NULL ORDER BY t.day DESC NULLS LAST, t.id DESC"
        }
        (Sort::Newest, Part::Undated) => {
            " AND t.date IS NULL ORDER BY t.day DESC NULLS LAST, t.id DESC"
        }
        (Sort::Newest, Part::All) => " ORDER BY t.date IS NULL, t.day DESC NULLS LAST, t.id DESC",
        (Sort::Oldest, Part::Dated) => {
            " AND t.date IS NOT NULL ORDER BY t.day ASC NULLS FIRST, t.id ASC"
        }
        (Sort::Oldest, Part::Undated) => {
            " AND t.date IS NULL ORDER BY t.day ASC NULLS FIRST, t.id ASC"
        }
        (Sort::Oldest, Part::All) => " ORDER BY t.date IS NULL, t.day ASC NULLS FIRST, t.id ASC",
    }
}

/// The condition a part of a query's rows adds, for counting them.
pub(super) fn part_condition(part: Part) -> &'static str {
    match part {
        Part::All => "",
        Part::Dated => " AND t.date IS NOT NULL",
        Part::Undated => " AND t.date IS NULL",
    }
}

/// A page of an ordered query, written out (both are numbers).
pub(super) fn page_of(limit: Option<usize>, offset: usize) -> String {
    match limit {
        Some(l) => format!(" LIMIT {} OFFSET {offset}", l.min(i64::MAX as usize)),
        None => format!(" OFFSET {offset}"),
    }
}

pub(super) fn page(f: &Filter, v: &mut Values) -> String {
    let limit = v.add(f.limit.map(|l| l.min(i64::MAX as usize) as i64));
    let offset = v.add(f.offset.min(i64::MAX as usize) as i64);
    format!(" LIMIT {limit} OFFSET {offset}")
}

pub(super) const EVENT_COLUMNS: &str =
    "t.id, t.json, t.incident_id, d.id, d.ext_id, d.url, d.source, d.published, d.title";

pub(super) fn doc_info(r: &Row, at: usize) -> DocInfo {
    DocInfo {
        id: r.get(at),
        ext_id: r.get(at + 1),
        url: r.get(at + 2),
        source: r.get(at + 3),
        published: r.get(at + 4),
        title: r.get(at + 5),
    }
}

pub(super) fn event_rows(tx: &mut Tx, where_sql: &str, v: &Values) -> Result<Vec<EventRow>> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events t JOIN documents d ON d.id = t.doc_id WHERE {where_sql}"
    );
    let rows = tx.dynamic(&sql, v)?;
    rows.iter()
        .map(|r| {
            let json: String = r.get(1);
            let mut event = decode_event(tx.name, &json)?;
            event.incident = r.get::<_, Option<i64>>(2).map(|i| i.to_string());
            Ok(EventRow { id: r.get(0), doc: doc_info(r, 3), event })
        })
        .collect()
}

pub(super) fn incident_rows(tx: &mut Tx, where_sql: &str, v: &Values) -> Result<Vec<Incident>> {
    let rows = tx.dynamic(&format!("SELECT t.summary FROM incidents t WHERE {where_sql}"), v)?;
    rows.iter()
        .map(|r| {
            serde_json::from_str(r.get::<_, &str>(0)).map_err(|e| StoreError::Corrupt {
                path: tx.name.into(),
                detail: format!("incident record: {e}"),
            })
        })
        .collect()
}
