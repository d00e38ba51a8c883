//! The `Store` trait's methods.

use super::*;

/// Articles read for exports per round trip.
const DOCUMENTS_PER_FETCH: i32 = 256;

impl PgStore {
    /// Articles matching `cond` in order of id, with their events and
    /// mentions, fetched a few hundred at a time from one snapshot. Runs on
    /// this thread, which is outside any async runtime.
    pub(super) fn documents_where(
        &self,
        cond: &str,
        v: Values,
        each: &mut dyn FnMut(StoredDoc) -> bool,
    ) -> Result<()> {
        self.read_here(|tx| {
            let sql = format!(
                "SELECT d.id, d.ext_id, d.url, d.source, d.published, d.title, d.text FROM documents d
                 WHERE {cond} ORDER BY d.id"
            );
            let refs = v.refs();
            let portal = tx.tx.bind(sql.as_str(), &refs).map_err(|e| tx.err(&e))?;
            loop {
                let rows = tx.tx.query_portal(&portal, DOCUMENTS_PER_FETCH).map_err(|e| tx.err(&e))?;
                if rows.is_empty() {
                    return Ok(());
                }
                let ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
                let mut events: HashMap<i64, Vec<Event>> = HashMap::new();
                let mut w = Values::default();
                let at = w.add(ids.clone());
                for r in event_rows(tx, &format!("t.doc_id = ANY({at}) ORDER BY t.doc_id, t.ord"), &w)? {
                    events.entry(r.doc.id).or_default().push(r.event);
                }
                let mut mentions: HashMap<i64, Vec<Mention>> = HashMap::new();
                for r in tx.query(
                    "SELECT doc_id, kind, entity, name, start, \"end\", surface FROM mentions
                     WHERE doc_id = ANY($1) ORDER BY doc_id, start, pos",
                    &[&ids],
                )? {
                    mentions.entry(r.get(0)).or_default().push(Mention {
                        kind: r.get(1),
                        entity: r.get(2),
                        name: r.get(3),
                        span: rasd_core::Span {
                            start: r.get::<_, i64>(4) as u32,
                            end: r.get::<_, i64>(5) as u32,
                        },
                        text: r.get(6),
                    });
                }
                for r in &rows {
                    let info = doc_info(r, 0);
                    let id = info.id;
                    let doc = StoredDoc {
                        info,
                        text: r.get(6),
                        events: events.remove(&id).unwrap_or_default(),
                        mentions: mentions.remove(&id).unwrap_or_default(),
                    };
                    if !each(doc) {
                        return Ok(());
                    }
                }
            }
        })
    }
}

/// The rows of a statistics query whose columns are the key, then the
/// incidents, killed, injured and reports summed under it.
fn stat_tuples(rows: &[Row]) -> Vec<(String, i64, i64, i64, i64)> {
    rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))).collect()
}

impl PgStore {
    /// Statistics from the kept totals (schema 4), as the SQLite store's
    /// `stats_from_totals` reads them.
    fn stats_from_totals(
        &self,
        f: &Filter,
        by: Dimension,
        lo: String,
        hi: String,
    ) -> Result<Vec<StatRow>> {
        let rows: Vec<(String, i64, i64, i64, i64)> = self.read(|tx| {
            let mut v = Values::default();
            let key = match by {
                Dimension::Group => "t.grp",
                Dimension::Country => "t.country",
                Dimension::Type => "t.type",
                Dimension::Month | Dimension::Week => "t.period",
            };
            let by_group = v.add(i16::from(by == Dimension::Group));
            let (lo, hi) = (v.add(lo), v.add(hi));
            let rest = Filter { since: None, until: None, ..f.clone() };
            let cond = conditions(&rest, ("", ""), &mut v);
            let sql = format!(
                "SELECT {key} AS k, sum(t.n)::BIGINT, sum(t.killed)::BIGINT, sum(t.injured)::BIGINT,
                        sum(t.reports)::BIGINT
                 FROM stat_totals t WHERE t.by_group = {by_group} AND t.period >= {lo} AND t.period <= {hi}{cond}
                 GROUP BY k HAVING sum(t.n) > 0"
            );
            Ok(stat_tuples(&tx.dynamic(&sql, &v)?))
        })?;
        Ok(rows::stat_rows(rows, by))
    }
}

impl Store for PgStore {
    fn ingest(&mut self, batch: &[Article]) -> Result<IngestReport> {
        self.write(|tx, cache| {
            let mut report = IngestReport::default();
            let mut seq: i64 = tx.one("SELECT coalesce(max(seq), 0) FROM documents", &[])?.get(0);
            for a in batch {
                seq += 1;
                let Some((doc, ids)) = tx.put(cache, a, seq, &mut report)? else { continue };
                let t = Instant::now();
                let (mine, stored) = reports::just_stored(a, doc, ids, tx.name)?;
                reports::link_doc(tx, cache, mine, stored, &mut report)?;
                report.link_time += t.elapsed();
            }
            Ok(report)
        })
    }

    fn relink_since(&mut self, since: Option<jiff::civil::Date>) -> Result<u64> {
        let since = since.map(|d| d.to_string());
        self.write(move |tx, cache| {
            cache.clear();
            match &since {
                None => tx
                    .tx
                    .batch_execute(
                        "UPDATE events SET incident_id = NULL; DELETE FROM incident_groups; DELETE FROM incidents;
                         DELETE FROM stat_totals;",
                    )
                    .map_err(|e| tx.err(&e))?,
                Some(day) => {
                    // The reports of the window leave their incidents,
                    // which go back to what their earlier reports make
                    // them (or go).
                    let touched: Vec<i64> = tx
                        .query(
                            "SELECT DISTINCT e.incident_id FROM events e JOIN documents d ON d.id = e.doc_id
                             WHERE e.incident_id IS NOT NULL AND (d.pub_day IS NULL OR d.pub_day >= $1)
                             ORDER BY 1",
                            &[day],
                        )?
                        .iter()
                        .map(|r| r.get(0))
                        .collect();
                    tx.exec(
                        "UPDATE events SET incident_id = NULL WHERE incident_id IS NOT NULL
                         AND doc_id IN (SELECT id FROM documents WHERE pub_day IS NULL OR pub_day >= $1)",
                        &[day],
                    )?;
                    for id in touched {
                        reports::refresh_incident(tx, cache, id)?;
                    }
                }
            }
            let rows = tx.query(
                "SELECT e.id, e.doc_id, d.key, d.published, d.source, e.json FROM events e
                 JOIN documents d ON d.id = e.doc_id
                 WHERE $1::text IS NULL OR d.pub_day IS NULL OR d.pub_day >= $1
                 ORDER BY d.pub_day IS NULL, d.pub_day, d.published NULLS FIRST, d.key, e.ord",
                &[&since],
            )?;
            let mut by_doc: Vec<Vec<Loaded>> = Vec::new();
            for r in &rows {
                let l = Loaded {
                    event_id: r.get(0),
                    doc: r.get(1),
                    key: r.get(2),
                    published: r.get(3),
                    source: r.get(4),
                    event: decode_event(tx.name, r.get(5))?,
                };
                match by_doc.last_mut() {
                    Some(evs) if evs[0].doc == l.doc => evs.push(l),
                    _ => by_doc.push(vec![l]),
                }
            }
            drop(rows);
            let mut report = IngestReport::default();
            for evs in by_doc {
                let stored = evs.iter().map(|l| l.clone().without_evidence()).collect();
                reports::link_doc(tx, cache, evs, stored, &mut report)?;
            }
            Ok(tx.one("SELECT count(*) FROM incidents", &[])?.get::<_, i64>(0) as u64)
        })
    }

    fn events(&self, f: &Filter) -> Result<Vec<EventRow>> {
        self.read(|tx| {
            let mut v = Values::default();
            let mut cond = conditions(f, ("event_groups", "event_id"), &mut v);
            if let Some(d) = f.doc {
                cond.push_str(&format!(" AND t.doc_id = {}", v.add(d)));
            }
            let cond = format!("NOT t.aggregate{cond}");
            let tx = RefCell::new(tx);
            page_in_order(
                f,
                |part, limit, offset| {
                    let tail = format!("{cond}{}{}", order(f, part), page_of(limit, offset));
                    event_rows(&mut tx.borrow_mut(), &tail, &v)
                },
                |part| {
                    let sql = format!(
                        "SELECT count(*) FROM events t WHERE {cond}{}",
                        part_condition(part)
                    );
                    let n: i64 = tx.borrow_mut().dynamic(&sql, &v)?[0].get(0);
                    Ok(n as usize)
                },
            )
        })
    }

    fn incidents(&self, f: &Filter) -> Result<Vec<Incident>> {
        self.read(|tx| {
            let mut v = Values::default();
            let cond = conditions(f, ("incident_groups", "incident_id"), &mut v);
            let cond = format!("TRUE{cond}");
            let tx = RefCell::new(tx);
            page_in_order(
                f,
                |part, limit, offset| {
                    let tail = format!("{cond}{}{}", order(f, part), page_of(limit, offset));
                    incident_rows(&mut tx.borrow_mut(), &tail, &v)
                },
                |part| {
                    let sql = format!(
                        "SELECT count(*) FROM incidents t WHERE {cond}{}",
                        part_condition(part)
                    );
                    let n: i64 = tx.borrow_mut().dynamic(&sql, &v)?[0].get(0);
                    Ok(n as usize)
                },
            )
        })
    }

    fn incident(&self, id: i64) -> Result<Option<(Incident, Vec<EventRow>)>> {
        self.read(|tx| {
            let mut v = Values::default();
            let at = v.add(id);
            let Some(inc) = incident_rows(tx, &format!("t.id = {at}"), &v)?.pop() else {
                return Ok(None);
            };
            let reports = event_rows(
                tx,
                &format!("t.incident_id = {at} ORDER BY d.published NULLS FIRST, t.id"),
                &v,
            )?;
            Ok(Some((inc, reports)))
        })
    }

    fn document(&self, id: i64) -> Result<Option<StoredDoc>> {
        let mut v = Values::default();
        let cond = format!("d.id = {}", v.add(id));
        let mut out = None;
        off_runtime(|| {
            self.documents_where(&cond, v, &mut |d| {
                out = Some(d);
                false
            })
        })?;
        Ok(out)
    }

    fn for_each_document(&self, each: &mut dyn FnMut(StoredDoc) -> bool) -> Result<()> {
        // The callback stays on this thread: documents are passed back
        // through a channel when the reading runs on a thread of its own.
        if tokio::runtime::Handle::try_current().is_err() {
            return self.documents_where("TRUE", Values::default(), each);
        }
        let (tx, rx) = std::sync::mpsc::sync_channel::<StoredDoc>(DOCUMENTS_PER_FETCH as usize);
        std::thread::scope(|s| {
            let reader = s.spawn(move || {
                self.documents_where("TRUE", Values::default(), &mut |d| tx.send(d).is_ok())
            });
            for d in rx.iter() {
                if !each(d) {
                    break;
                }
            }
            drop(rx);
            reader.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    }

    fn documents_matching(&self, f: &Filter) -> Result<Option<Vec<i64>>> {
        if f.is_open() {
            return Ok(None);
        }
        self.read(|tx| {
            let mut v = Values::default();
            let cond = conditions(f, ("event_groups", "event_id"), &mut v);
            let sql = format!(
                "SELECT DISTINCT t.doc_id FROM events t WHERE NOT t.aggregate{cond} ORDER BY 1"
            );
            Ok(Some(tx.dynamic(&sql, &v)?.iter().map(|r| r.get(0)).collect()))
        })
    }

    fn document_infos(&self, ids: &[i64]) -> Result<Vec<DocInfo>> {
        let ids = ids.to_vec();
        self.read(move |tx| {
            let rows = tx.query(
                "SELECT id, ext_id, url, source, published, title FROM documents WHERE id = ANY($1)",
                &[&ids],
            )?;
            let by_id: HashMap<i64, DocInfo> =
                rows.iter().map(|r| (r.get(0), doc_info(r, 0))).collect();
            // In the order asked, as often as asked; unknown ids left out.
            Ok(ids.iter().filter_map(|id| by_id.get(id).cloned()).collect())
        })
    }

    fn list_documents(&self, f: &Filter) -> Result<Vec<DocInfo>> {
        self.read(|tx| {
            let mut v = Values::default();
            let restrict = if f.is_open() {
                String::new()
            } else {
                let cond = conditions(f, ("event_groups", "event_id"), &mut v);
                format!(
                    " AND EXISTS (SELECT 1 FROM events t WHERE t.doc_id = d.id AND NOT t.aggregate{cond})"
                )
            };
            let sql = format!(
                "SELECT d.id, d.ext_id, d.url, d.source, d.published, d.title FROM documents d
                 WHERE TRUE{restrict} ORDER BY d.published IS NULL, d.published DESC, d.id DESC{}",
                page(f, &mut v)
            );
            Ok(tx.dynamic(&sql, &v)?.iter().map(|r| doc_info(r, 0)).collect())
        })
    }

    fn changed_since(&self, seq: i64, limit: usize) -> Result<Vec<IndexDoc>> {
        self.read(|tx| {
            let rows = tx.query(
                "SELECT id, text, seq FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&seq, &(limit.min(i64::MAX as usize) as i64)],
            )?;
            Ok(rows
                .iter()
                .map(|r| IndexDoc { id: r.get(0), text: r.get(1), seq: r.get(2) })
                .collect())
        })
    }

    fn last_seq(&self) -> Result<i64> {
        self.read(|tx| Ok(tx.one("SELECT coalesce(max(seq), 0) FROM documents", &[])?.get(0)))
    }

    /// Every write transaction's commit (ingest, relink) moves it.
    fn write_mark(&self) -> Result<i64> {
        self.read(|tx| Ok(tx.one("SELECT n FROM rasd_writes", &[])?.get(0)))
    }

    fn stats(&self, f: &Filter, by: Dimension) -> Result<Vec<StatRow>> {
        if let Some((lo, hi)) = rows::total_periods(f, by) {
            return self.stats_from_totals(f, by, lo, hi);
        }
        let rows: Vec<(String, i64, i64, i64, i64)> = self.read(|tx| {
            let mut v = Values::default();
            let cond = conditions(f, ("incident_groups", "incident_id"), &mut v);
            let key = match by {
                // One row per incident and group (none: one row, unknown).
                Dimension::Group => "coalesce(g.name, '')",
                Dimension::Country => "coalesce(t.country, '')",
                Dimension::Type => "t.type",
                Dimension::Month | Dimension::Week => "coalesce(t.day, '')",
            };
            let sql = format!(
                "SELECT {key} AS k, count(*), sum(coalesce(t.killed, 0))::BIGINT, sum(coalesce(t.injured, 0))::BIGINT,
                        sum(t.reports)::BIGINT
                 FROM {} WHERE TRUE{cond} GROUP BY k",
                match by {
                    Dimension::Group => {
                        "incidents t LEFT JOIN incident_groups g ON g.incident_id = t.id"
                    }
                    _ => "incidents t",
                }
            );
            Ok(stat_tuples(&tx.dynamic(&sql, &v)?))
        })?;
        Ok(rows::stat_rows(rows, by))
    }

    fn sync_warnings(
        &mut self,
        ws: &[crate::DeskWarning],
        at: jiff::Timestamp,
    ) -> Result<crate::DeskSync> {
        self.sync_desk(ws, &crate::desk::timestamp(at))
    }

    fn desk(
        &self,
        state: Option<crate::DeskState>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<crate::DeskEntry>> {
        self.desk_page(state, limit, offset)
    }

    fn desk_counts(&self) -> Result<Vec<(crate::DeskState, u64)>> {
        self.desk_count()
    }

    fn desk_warning(
        &self,
        id: i64,
    ) -> Result<Option<(crate::DeskEntry, serde_json::Value, Vec<crate::DeskChange>)>> {
        self.desk_one(id)
    }

    fn set_warning_state(
        &mut self,
        id: i64,
        to: crate::DeskState,
        who: &str,
        note: Option<&str>,
        at: jiff::Timestamp,
    ) -> Result<crate::DeskChange> {
        self.set_desk_state(id, to, who, note, &crate::desk::timestamp(at))
    }

    fn totals(&self) -> Result<Totals> {
        self.read(|tx| {
            let r = tx.one(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
                        (SELECT count(*) FROM incidents), (SELECT count(*) FROM mentions)",
                &[],
            )?;
            let n = |i: usize| r.get::<_, i64>(i) as u64;
            Ok(Totals { documents: n(0), events: n(1), incidents: n(2), mentions: n(3) })
        })
    }

    fn sightings(&self, f: &Filter) -> Result<Vec<Sighting>> {
        self.read(|tx| {
            let mut v = Values::default();
            // SQLite's LIKE ignores the case of ASCII letters; ILIKE too.
            let running = v.add(format!("%({})", rasd_core::RUNNING_TOTAL));
            let recalled = v.add(format!("%({})", rasd_core::RECALLED_TOLL));
            let battle = v.add(format!("%({})", rasd_core::BATTLE_TOTAL));
            let cond = conditions(f, ("event_groups", "event_id"), &mut v);
            let sql = format!(
                "SELECT t.id, t.incident_id, d.pub_day, t.date, t.main, coalesce((SELECT i.country FROM incidents i WHERE i.id = t.incident_id), t.country), t.place, t.type, t.killed,
                        t.injured, t.place_ar,
                        (SELECT string_agg(g.group_key || chr(31) || g.name || chr(31) || g.status, chr(30) ORDER BY g.pos)
                         FROM event_groups g WHERE g.event_id = t.id),
                        t.doc_id, d.source, t.history,
                        coalesce(t.json::jsonb #>> '{{killed,evidence,0,rule}}', '') ILIKE {running},
                        coalesce(t.json::jsonb #>> '{{killed,evidence,0,rule}}', '') ILIKE {recalled},
                        d.title, t.admin1,
                        (t.json::jsonb #>> '{{coordinates,0}}')::float8,
                        (t.json::jsonb #>> '{{coordinates,1}}')::float8,
                        coalesce(t.json::jsonb #>> '{{killed,evidence,0,rule}}', '') ILIKE {battle}
                 FROM events t JOIN documents d ON d.id = t.doc_id
                 WHERE NOT t.aggregate AND t.incident_id IS NOT NULL{cond}
                 ORDER BY d.pub_day IS NULL, d.pub_day, d.published NULLS FIRST, t.id"
            );
            let rows = tx.dynamic(&sql, &v)?;
            Ok(rows
                .iter()
                .map(|r| {
                    let ty: &str = r.get(7);
                    let groups: Option<String> = r.get(11);
                    Sighting {
                        event_id: r.get(0),
                        incident: r.get(1),
                        published: r.get(2),
                        date: r.get(3),
                        main: r.get(4),
                        country: r.get(5),
                        place: r.get(6),
                        place_ar: r.get(10),
                        event_type: crate::parse_type(ty).unwrap_or(rasd_core::EventType::Attack),
                        killed: count(r.get(8)),
                        injured: count(r.get(9)),
                        groups: rows::group_ties(groups.as_deref()),
                        doc_id: r.get(12),
                        source: r.get(13),
                        history: r.get(14),
                        killed_running_total: r.get(15),
                        killed_recalled: r.get(16),
                        killed_battle_total: r.get(21),
                        title: r.get(17),
                        admin1: r.get(18),
                        coordinates: match (r.get::<_, Option<f64>>(19), r.get::<_, Option<f64>>(20)) {
                            (Some(lat), Some(lon)) => Some([lat, lon]),
                            _ => None,
                        },
                    }
                })
                .collect())
        })
    }

    fn coverage(&self) -> Result<Vec<CoverageRow>> {
        self.read(|tx| {
            let rows = tx.query(
                "SELECT pub_day, source, NULL::text COLLATE \"C\", count(*) FROM documents
                     WHERE pub_day IS NOT NULL GROUP BY pub_day, source
                 UNION ALL
                 SELECT d.pub_day, d.source, e.country, count(*) FROM documents d
                     JOIN (SELECT DISTINCT doc_id, country FROM events WHERE country IS NOT NULL) e
                     ON e.doc_id = d.id
                     WHERE d.pub_day IS NOT NULL GROUP BY d.pub_day, d.source, e.country
                 ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST",
                &[],
            )?;
            Ok(rows
                .iter()
                .map(|r| CoverageRow {
                    day: r.get(0),
                    source: r.get(1),
                    country: r.get(2),
                    articles: r.get::<_, i64>(3) as u64,
                })
                .collect())
        })
    }

    fn vocabulary(&self) -> Result<Vocabulary> {
        self.read(|tx| {
            let strings = |tx: &mut Tx, kind: &str| -> Result<Vec<String>> {
                Ok(tx
                    .query("SELECT value FROM vocabulary WHERE kind = $1 ORDER BY value", &[&kind])?
                    .iter()
                    .map(|r| r.get(0))
                    .collect())
            };
            let countries = strings(tx, "country")?;
            let groups = tx
                .query(
                    "SELECT value, name FROM vocabulary WHERE kind = 'group' ORDER BY value, name",
                    &[],
                )?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let places = strings(tx, "place")?;
            Ok(Vocabulary {
                countries: countries.into_iter().map(|c| (c.clone(), c)).collect(),
                groups,
                places,
            })
        })
    }

    /// Refreshes the planner's statistics after a large write.
    fn maintain(&self) -> Result<()> {
        off_runtime(|| {
            let mut lease = self.pool.get()?;
            let conn = &mut *lease;
            conn.client
                .batch_execute(
                    "ANALYZE documents, events, incidents, event_groups, incident_groups",
                )
                .map_err(|e| self.err(&e))
        })
    }

    fn set_deadline(&self, deadline: Option<Instant>) {
        let ms = deadline.map_or(0, |d| {
            u64::try_from(d.saturating_duration_since(epoch()).as_millis())
                .unwrap_or(u64::MAX)
                .max(1)
        });
        self.deadline.store(ms, Ordering::Relaxed);
    }

    fn schema_version(&self) -> Result<u32> {
        PgStore::schema_version(self)
    }

    fn reader(&self) -> Result<Box<dyn Store + Send>> {
        Ok(Box::new(self.handle()))
    }
}
