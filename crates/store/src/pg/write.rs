//! Storing an article and the incident rows linking writes, inside the
//! write transaction.

use super::*;

use crate::reports::StoredEvent;

impl Tx<'_> {
    /// Stores one article (the SQLite store's `put`, step for step);
    /// returns its id and its new events, or `None` when nothing changed.
    pub(super) fn put(
        &mut self,
        cache: &mut ReportCache,
        a: &Article,
        seq: i64,
        report: &mut IngestReport,
    ) -> Result<Option<(i64, Vec<StoredEvent>)>> {
        let doc = &a.doc;
        let key = doc_key(doc);
        let h = crate::content_hash(doc);
        let existing = self
            .opt("SELECT id, hash FROM documents WHERE key = $1", &[&key])?
            .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)));
        let pub_day = doc.published.as_deref().and_then(|p| p.get(..10)).map(str::to_string);
        let now = jiff::Timestamp::now().to_string();
        let doc_id = match existing {
            Some((_, old)) if old == h => {
                report.unchanged += 1;
                return Ok(None);
            }
            Some((id, old)) => {
                if self
                    .opt("SELECT 1 FROM superseded WHERE key = $1 AND hash = $2", &[&key, &h])?
                    .is_some()
                {
                    report.superseded += 1;
                    return Ok(None);
                }
                self.exec(
                    "INSERT INTO superseded (key, hash) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&key, &old],
                )?;
                self.forget_events(cache, id)?;
                self.exec(
                    "UPDATE documents SET ext_id=$2, url=$3, source=$4, published=$5, pub_day=$6,
                     title=$7, text=$8, hash=$9, seq=$10, ingested_at=$11 WHERE id=$1",
                    &[
                        &id,
                        &doc.id,
                        &doc.url,
                        &doc.source,
                        &doc.published,
                        &pub_day,
                        &doc.title,
                        &doc.text,
                        &h,
                        &seq,
                        &now,
                    ],
                )?;
                self.exec("DELETE FROM mentions WHERE doc_id = $1", &[&id])?;
                report.updated += 1;
                id
            }
            None => {
                if self.opt("SELECT id FROM documents WHERE hash = $1 LIMIT 1", &[&h])?.is_some() {
                    report.duplicates += 1;
                    return Ok(None);
                }
                report.added += 1;
                self.one(
                    "INSERT INTO documents (id, key, ext_id, url, source, published, pub_day, title, text,
                     hash, seq, ingested_at)
                     VALUES ((SELECT coalesce(max(id), 0) + 1 FROM documents), $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
                     RETURNING id",
                    &[&key, &doc.id, &doc.url, &doc.source, &doc.published, &pub_day, &doc.title,
                        &doc.text, &h, &seq, &now],
                )?
                .get(0)
            }
        };
        self.insert_mentions(doc_id, &a.mentions)?;
        let mut ids = Vec::with_capacity(a.events.len());
        let mut vocabulary: Vec<(&str, String, String)> = Vec::new();
        for (ord, e) in a.events.iter().enumerate() {
            ids.push(self.insert_event(doc_id, ord, e, pub_day.as_deref())?);
            vocabulary.extend(rows::vocabulary_of(e));
        }
        // What filters may name, for checking them (see `vocabulary`).
        if !vocabulary.is_empty() {
            let kinds: Vec<&str> = vocabulary.iter().map(|v| v.0).collect();
            let values: Vec<&str> = vocabulary.iter().map(|v| v.1.as_str()).collect();
            let names: Vec<&str> = vocabulary.iter().map(|v| v.2.as_str()).collect();
            self.exec(
                "INSERT INTO vocabulary (kind, value, name)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING",
                &[&kinds, &values, &names],
            )?;
        }
        report.events += ids.len();
        Ok(Some((doc_id, ids)))
    }

    fn insert_mentions(&mut self, doc_id: i64, mentions: &[Mention]) -> Result<()> {
        if mentions.is_empty() {
            return Ok(());
        }
        let pos: Vec<i64> = (0..mentions.len() as i64).collect();
        let col = |f: fn(&Mention) -> &str| -> Vec<&str> { mentions.iter().map(f).collect() };
        let (kind, entity, name, surface) =
            (col(|m| &m.kind), col(|m| &m.entity), col(|m| &m.name), col(|m| &m.text));
        let start: Vec<i64> = mentions.iter().map(|m| i64::from(m.span.start)).collect();
        let end: Vec<i64> = mentions.iter().map(|m| i64::from(m.span.end)).collect();
        self.exec(
            "INSERT INTO mentions (doc_id, pos, kind, entity, name, start, \"end\", surface)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[])",
            &[&doc_id, &pos, &kind, &entity, &name, &start, &end, &surface],
        )?;
        Ok(())
    }

    fn insert_event(
        &mut self,
        doc_id: i64,
        ord: usize,
        e: &Event,
        pub_day: Option<&str>,
    ) -> Result<StoredEvent> {
        let (e, json, day) = rows::event_row(e, pub_day)?;
        let value = |c: &Option<rasd_core::Count>| c.as_ref().and_then(|c| c.value).map(i64::from);
        let id: i64 = self
            .one(
                "INSERT INTO events (id, doc_id, ord, type, date, day, country, place, place_ar, place_id,
                 admin1, killed, injured, aggregate, json, main, history, confidence)
                 VALUES ((SELECT coalesce(max(id), 0) + 1 FROM events),
                 $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) RETURNING id",
                &[
                    &doc_id,
                    &(ord as i64),
                    &e.event_type.as_str(),
                    &e.date,
                    &day,
                    &e.country,
                    &e.place,
                    &e.place_ar,
                    &e.place_id,
                    &e.admin1,
                    &value(&e.killed),
                    &value(&e.injured),
                    &e.aggregate,
                    &json,
                    &e.main,
                    &e.history,
                    &e.confidence,
                ],
            )?
            .get(0);
        self.insert_groups(
            "event_groups",
            "event_id",
            id,
            e.perpetrators.iter().map(|p| (p.id.as_deref(), p.name.as_str(), p.status)),
        )?;
        Ok((id, json))
    }

    /// Stores the groups tied to an event or an incident, in their order.
    fn insert_groups<'g>(
        &mut self,
        table: &str,
        owner_col: &str,
        owner: i64,
        groups: impl Iterator<Item = (Option<&'g str>, &'g str, rasd_core::Status)>,
    ) -> Result<()> {
        let (mut keys, mut names, mut statuses) = (Vec::new(), Vec::new(), Vec::new());
        for (id, name, status) in groups {
            keys.push(group_key(id, name));
            names.push(name);
            statuses.push(status_str(status));
        }
        if keys.is_empty() {
            return Ok(());
        }
        let pos: Vec<i64> = (0..keys.len() as i64).collect();
        let sql = format!(
            "INSERT INTO {table} ({owner_col}, pos, group_key, name, status)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])"
        );
        self.exec(&sql, &[&owner, &pos, &keys, &names, &statuses])?;
        Ok(())
    }

    /// Deletes an article's events, then updates or drops the incidents
    /// they were part of.
    fn forget_events(&mut self, cache: &mut ReportCache, doc_id: i64) -> Result<()> {
        let touched: Vec<i64> = self
            .query(
                "SELECT DISTINCT incident_id FROM events WHERE doc_id = $1 AND incident_id IS NOT NULL
                 ORDER BY incident_id",
                &[&doc_id],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        self.exec("DELETE FROM events WHERE doc_id = $1", &[&doc_id])?;
        for id in touched {
            reports::refresh_incident(self, cache, id)?;
        }
        Ok(())
    }

    pub(super) fn load_reports(&mut self, sql: &str, arg: i64) -> Result<Vec<Loaded>> {
        let rows = self.query(sql, &[&arg])?;
        rows.iter()
            .map(|r| {
                let json: &str = r.get(5);
                Ok(Loaded {
                    event_id: r.get(0),
                    doc: r.get(1),
                    key: r.get(2),
                    published: r.get(3),
                    source: r.get(4),
                    event: decode_event(self.name, json)?,
                })
            })
            .collect()
    }
}

/// The SQLite store's `TOTALS_MOVE`: adds an incident's rows, as they
/// stand, to the kept totals (`$2` = 1) or takes them away (-1).
const TOTALS_MOVE: &str = "
INSERT INTO stat_totals (by_group, period, history, country, type, grp, n, killed, injured, reports)
SELECT x.by_group, p.period, t.history, coalesce(t.country, ''), t.type, x.grp,
       $2::BIGINT * count(*), ($2::BIGINT * sum(coalesce(t.killed, 0)))::BIGINT,
       ($2::BIGINT * sum(coalesce(t.injured, 0)))::BIGINT, ($2::BIGINT * sum(t.reports))::BIGINT
FROM incidents t
CROSS JOIN (SELECT 0 AS by_group, '' AS grp
      UNION ALL
      SELECT 1, coalesce(g.name, '') FROM incidents i LEFT JOIN incident_groups g ON g.incident_id = i.id
      WHERE i.id = $1) x
CROSS JOIN (SELECT 'all' AS period UNION ALL SELECT substr(coalesce(day, ''), 1, 7) FROM incidents WHERE id = $1) p
WHERE t.id = $1
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT (by_group, period, history, country, type, grp) DO UPDATE SET
    n = stat_totals.n + EXCLUDED.n, killed = stat_totals.killed + EXCLUDED.killed,
    injured = stat_totals.injured + EXCLUDED.injured, reports = stat_totals.reports + EXCLUDED.reports";

impl Tx<'_> {
    /// Moves the kept totals by an incident's rows (`sign` 1 or -1).
    fn move_totals(&mut self, id: i64, sign: i64) -> Result<()> {
        self.exec(TOTALS_MOVE, &[&id, &sign]).map(drop)
    }
}

impl IncidentRows for Tx<'_> {
    fn candidates(&mut self, c: &link::Candidates) -> Result<Vec<(i64, Option<String>)>> {
        let Some(country) = &c.country else {
            let rows = self.query(
                "SELECT id, date FROM incidents WHERE day >= $1 AND day <= $2",
                &[&c.lo.to_string(), &c.hi.to_string()],
            )?;
            return Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect());
        };
        let [t0, t1, t2] = c.tier_starts.map(|d| d.to_string());
        let rows = self.query(
            "SELECT id, date FROM incidents WHERE country = $1 AND win_tier = 0 AND win_lo >= $4 AND win_lo <= $3 AND win_hi >= $2
             UNION ALL
             SELECT id, date FROM incidents WHERE country = $1 AND win_tier = 1 AND win_lo >= $5 AND win_lo <= $3 AND win_hi >= $2
             UNION ALL
             SELECT id, date FROM incidents WHERE country = $1 AND win_tier = 2 AND win_lo >= $6 AND win_lo <= $3 AND win_hi >= $2
             UNION ALL
             SELECT id, date FROM incidents WHERE country = $1 AND win_tier = 3 AND win_lo <= $3 AND win_hi >= $2",
            &[country, &c.lo.to_string(), &c.hi.to_string(), &t0, &t1, &t2],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn incident_reports(&mut self, id: i64) -> Result<Vec<Loaded>> {
        Ok(self
            .load_reports(
                "SELECT e.id, e.doc_id, d.key, d.published, d.source, e.json FROM events e
                 JOIN documents d ON d.id = e.doc_id WHERE e.incident_id = $1
                 ORDER BY d.published NULLS FIRST, d.key",
                id,
            )?
            .into_iter()
            .map(Loaded::without_evidence)
            .collect())
    }

    fn new_incident(&mut self, ty: rasd_core::EventType) -> Result<i64> {
        let id = self
            .one(
                "INSERT INTO incidents (id, type, reports, summary)
                 VALUES ((SELECT coalesce(max(id), 0) + 1 FROM incidents), $1, 0, '{}') RETURNING id",
                &[&ty.as_str()],
            )?
            .get(0);
        self.move_totals(id, 1)?;
        Ok(id)
    }

    fn attach(&mut self, event_id: i64, incident: i64) -> Result<()> {
        self.exec("UPDATE events SET incident_id = $2 WHERE id = $1", &[&event_id, &incident])
            .map(drop)
    }

    fn put_incident(&mut self, id: i64, inc: &Incident) -> Result<()> {
        self.move_totals(id, -1)?;
        self.exec("DELETE FROM incident_groups WHERE incident_id = $1", &[&id])?;
        let summary = serde_json::to_string(inc).map_err(|x| StoreError::Invalid(x.to_string()))?;
        let day = link::incident_day(inc).map(|d| d.to_string());
        let best = |t: &Option<link::Toll>| t.as_ref().and_then(|t| t.best).map(i64::from);
        self.exec(
            "INSERT INTO incidents (id, type, day, country, place, place_ar, place_id, admin1, killed,
             injured, reports, win_lo, win_hi, summary, history, confidence, date, win_tier)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
             ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, day = EXCLUDED.day,
             country = EXCLUDED.country, place = EXCLUDED.place, place_ar = EXCLUDED.place_ar,
             place_id = EXCLUDED.place_id, admin1 = EXCLUDED.admin1, killed = EXCLUDED.killed,
             injured = EXCLUDED.injured, reports = EXCLUDED.reports, win_lo = EXCLUDED.win_lo,
             win_hi = EXCLUDED.win_hi, summary = EXCLUDED.summary, history = EXCLUDED.history,
             confidence = EXCLUDED.confidence, date = EXCLUDED.date, win_tier = EXCLUDED.win_tier",
            &[
                &id,
                &inc.event_type.as_str(),
                &day,
                &inc.country,
                &inc.place,
                &inc.place_ar,
                &inc.place_id,
                &inc.admin1,
                &best(&inc.killed),
                &best(&inc.injured),
                &(inc.reports as i64),
                &inc.window_first,
                &inc.window_last,
                &summary,
                &inc.history,
                &inc.confidence,
                &inc.date,
                &link::window_tier(inc.window_first.as_deref(), inc.window_last.as_deref()),
            ],
        )?;
        self.insert_groups(
            "incident_groups",
            "incident_id",
            id,
            inc.perpetrators.iter().map(|a| (a.id.as_deref(), a.name.as_str(), a.status)),
        )?;
        self.move_totals(id, 1)
    }

    fn delete_incident(&mut self, id: i64) -> Result<()> {
        self.move_totals(id, -1)?;
        self.exec("DELETE FROM incident_groups WHERE incident_id = $1", &[&id])?;
        self.exec("DELETE FROM incidents WHERE id = $1", &[&id]).map(drop)
    }
}
