//! The request handlers.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rasd_core::{Doc, Evidence};
use rasd_store::{Article, DayBound, Dimension, Filter, Sort, Store, export};
use rasd_watch::trends::Period;
use rasd_watch::{LexiconNames, Warning};
use serde::Serialize;
use serde_json::{Value, json};

use crate::openapi::{ENDPOINTS, FILTER, Handler, MAX_LIST, MAX_PARAMS, MAX_QUERY};
use crate::{ApiError, App, Reply};

type St = State<Arc<App>>;

/// Query parameters, in order.
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(raw: Option<&str>) -> Result<Params, ApiError> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY {
            return Err(ApiError::bad_request(format!(
                "the query string is {} bytes; at most {MAX_QUERY}",
                raw.len()
            )));
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|e| ApiError::bad_request(format!("unreadable query string: {e}")))?;
        if pairs.len() > MAX_PARAMS {
            return Err(ApiError::bad_request(format!(
                "{} parameters; at most {MAX_PARAMS}",
                pairs.len()
            )));
        }
        Ok(Params(pairs))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }

    fn list(&self, name: &str) -> Result<Vec<String>, ApiError> {
        let items: Vec<String> = self
            .0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(',').map(|x| x.trim().to_string()))
            .filter(|x| !x.is_empty())
            .collect();
        if items.len() > MAX_LIST {
            return Err(ApiError::bad_request(format!(
                "{name} lists {} items; at most {MAX_LIST}",
                items.len()
            )));
        }
        let mut seen = HashSet::new();
        if let Some(twice) = items.iter().find(|x| !seen.insert(x.as_str())) {
            return Err(ApiError::bad_request(format!("{name} names {twice:?} twice")));
        }
        Ok(items)
    }

    /// An integer parameter, inside its documented range.
    pub(crate) fn number<T: TryFrom<i64>>(&self, name: &str) -> Result<Option<T>, ApiError> {
        let (min, max) = crate::openapi::range(name).unwrap_or((0, i64::MAX));
        self.get(name)
            .map(|v| {
                let out = || {
                    ApiError::bad_request(format!(
                        "{name}={v:?}: a whole number from {min} to {max}"
                    ))
                };
                let n: i64 = v.parse().map_err(|_| out())?;
                if !(min..=max).contains(&n) {
                    return Err(out());
                }
                T::try_from(n).map_err(|_| out())
            })
            .transpose()
    }

    /// Refuses parameters the endpoint does not take, and any given twice
    /// (which one would count is a guess).
    pub(crate) fn check(&self, path: &str) -> Result<(), ApiError> {
        let mut seen = HashSet::new();
        for (k, _) in &self.0 {
            if !seen.insert(k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "parameter {k:?} is given twice; give it once (lists are comma-separated)"
                )));
            }
        }
        let Some(e) = ENDPOINTS.iter().find(|e| e.path == path && e.method == "GET") else {
            return Ok(());
        };
        let known: HashSet<&str> = e
            .params
            .iter()
            .chain(if e.filtered { FILTER } else { &[] })
            .filter(|p| p.location == "query")
            .map(|p| p.name)
            .collect();
        for (k, _) in &self.0 {
            if !known.contains(k.as_str()) {
                let mut all: Vec<&str> = known.iter().copied().collect();
                all.sort_unstable();
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {k:?} for {path} (known: {})",
                    if all.is_empty() { "none".to_string() } else { all.join(", ") }
                )));
            }
        }
        Ok(())
    }
}

fn day(p: &Params, name: &str) -> Result<Option<DayBound>, ApiError> {
    p.get(name).map(|v| v.parse::<DayBound>().map_err(ApiError::from)).transpose()
}

/// The filter a query string asks for, as given: every value parsed and
/// within its range, names not yet looked up. Pure: no store, no lexicon.
fn parse_filter(p: &Params) -> Result<Filter, ApiError> {
    let mut types = Vec::new();
    for t in p.list("type")? {
        types.push(rasd_store::parse_type(&t)?);
    }
    let sort = match p.get("sort") {
        None | Some("newest") => Sort::Newest,
        Some("oldest") => Sort::Oldest,
        Some("killed") => Sort::Killed,
        Some(s) => {
            return Err(ApiError::bad_request(format!("sort={s:?}: newest, oldest or killed")));
        }
    };
    let limit: usize = p.number("limit")?.unwrap_or(50);
    Ok(Filter {
        since: day(p, "since")?.map(|d| d.first),
        until: day(p, "until")?.map(|d| d.last),
        countries: p.list("country")?,
        place: p.get("place").map(str::to_string),
        groups: p.list("group")?,
        types,
        min_killed: p.number("min_killed")?,
        include_history: match p.get("include_history") {
            None | Some("false") => false,
            Some("true") => true,
            Some(v) => {
                return Err(ApiError::bad_request(format!("include_history={v:?}: true or false")));
            }
        },
        min_confidence: match p.get("min_confidence") {
            None => None,
            Some(v) => match v.parse::<f64>() {
                Ok(c) if (0.0..=1.0).contains(&c) => Some(c),
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "min_confidence={v:?}: a number from 0 to 1"
                    )));
                }
            },
        },
        doc: None,
        sort,
        limit: Some(limit),
        offset: p.number("offset")?.unwrap_or(0),
    })
}

/// Reads a GET request's query string as its handler would, without a
/// database: the string's size and parameter count, unknown and repeated
/// parameters, every integer within its range, every day, every list, and
/// the filter. A value or a 400, never a panic (the fuzz target `query`
/// drives it with arbitrary input).
pub fn check_query(path: &str, raw: Option<&str>) -> Result<(), ApiError> {
    let p = Params::parse(raw)?;
    p.check(path)?;
    let Some(e) = ENDPOINTS.iter().find(|e| e.path == path && e.method == "GET") else {
        return Ok(());
    };
    for param in e.params.iter().filter(|x| x.location == "query") {
        match param.name {
            _ if param.kind == "integer" => drop(p.number::<i64>(param.name)?),
            "since" | "until" => drop(day(&p, param.name)?),
            "kind" => drop(p.list("kind")?),
            "by" if e.handler == Handler::Stats => drop(stats_dimensions(&p)?),
            "by" | "period" => drop(trend_axes(&p)?),
            "format" => drop(export_format(&p)?),
            "state" => drop(crate::desk::state_param(&p)?),
            _ => {}
        }
    }
    if e.filtered {
        parse_filter(&p)?;
    }
    Ok(())
}

/// The filter of a request; Arabic group and place names are looked up in
/// the lexicon.
fn filter(app: &App, p: &Params) -> Result<Filter, ApiError> {
    let lex = app.extractor.lexicon();
    let mut f = parse_filter(p)?;
    for g in &mut f.groups {
        if !g.is_ascii()
            && let Some(v) = lex.filter_value(g, true)
        {
            *g = v;
        }
    }
    if let Some(v) = f.place.as_mut().filter(|v| !v.is_ascii())
        && let Some(known) = lex.filter_value(v, false)
    {
        *v = known;
    }
    if f.countries.is_empty() && f.groups.is_empty() && f.place.is_none() {
        return Ok(f);
    }
    // Every country, group and place must be one the database or the
    // lexicon knows: a typo is a 400 naming the nearest, not an empty page.
    let mut known = app.pool.get().vocabulary()?;
    known.countries.extend(
        rasd_store::codebook::countries().iter().map(|c| (c.code.to_string(), c.name.to_string())),
    );
    known.groups.extend(lex.groups.iter().map(|g| (format!("group:{}", g.id), g.name.clone())));
    known.groups.extend(lex.actors.iter().map(|a| (format!("actor:{}", a.id), a.name.clone())));
    let in_gazetteer = |name: &str| lex.places.iter().any(|x| x.name.eq_ignore_ascii_case(name));
    f.resolve(&known, &in_gazetteer)?;
    Ok(f)
}

fn json_reply<T: Serialize + ?Sized>(v: &T) -> Result<Reply, ApiError> {
    let body = serde_json::to_vec(v).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Reply { status: 200, content_type: "application/json", body, filename: None })
}

fn to_response(r: Reply) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::OK);
    let mut resp = (status, r.body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(r.content_type));
    if let Some(f) = r.filename
        && let Ok(v) = format!("attachment; filename=\"{f}\"").parse()
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

/// Runs a read on a blocking thread, through the cache.
async fn read(
    app: Arc<App>,
    uri: &Uri,
    path: &'static str,
    raw: Option<String>,
    f: impl FnOnce(&App, &Params) -> Result<Reply, ApiError> + Send + 'static,
) -> Response {
    let key = uri.to_string();
    if let Some(r) = app.cached(&key) {
        return to_response(r);
    }
    let flight = app.flight(&key);
    let _computing = flight.lock().await;
    if let Some(r) = app.cached(&key) {
        return to_response(r);
    }
    let generation = app.generation.load(Ordering::Acquire);
    let Ok(_permit) = app.permits.acquire().await else {
        return ApiError::internal("the server is shutting down").into_response();
    };
    let app2 = app.clone();
    let out = tokio::task::spawn_blocking(move || {
        let p = Params::parse(raw.as_deref())?;
        p.check(path)?;
        f(&app2, &p)
    })
    .await
    .unwrap_or_else(|e| Err(ApiError::internal(format!("the request failed: {e}"))));
    match out {
        Ok(r) => {
            app.remember(key, generation, &r);
            to_response(r)
        }
        Err(e) => e.into_response(),
    }
}

pub(crate) async fn health(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/health", q, |app, _| {
        let store = app.pool.get();
        let (sightings, archive) = watch_input(&*store)?;
        let coverage = rasd_watch::coverage(&sightings, &archive, &app.alerts);
        json_reply(&json!({
            "status": "ok",
            "watch": {"coverage": &coverage, "why_no_warnings": coverage.explain()},
            "database": app.db_name,
            "schema_version": store.schema_version()?,
            "totals": store.totals()?,
            "writable": !app.tokens.is_empty(),
        }))
    })
    .await
}

pub(crate) async fn documents(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/documents", q, |app, p| {
        let f = filter(app, p)?;
        json_reply(&app.pool.get().list_documents(&f)?)
    })
    .await
}

pub(crate) async fn document(State(app): St, uri: Uri, Path(id): Path<String>) -> Response {
    read(app, &uri, "/api/documents/{id}", None, move |app, _| {
        let id = id_of(&id)?;
        let d = app.pool.get().document(id)?;
        let d = d.ok_or_else(|| ApiError::not_found(format!("no document {id}")))?;
        json_reply(&d)
    })
    .await
}

pub(crate) fn id_of(s: &str) -> Result<i64, ApiError> {
    s.parse().map_err(|_| ApiError::bad_request(format!("{s:?} is not an id")))
}

pub(crate) async fn events(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/events", q, |app, p| {
        let f = filter(app, p)?;
        json_reply(&app.pool.get().events(&f)?)
    })
    .await
}

pub(crate) async fn incidents(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/incidents", q, |app, p| {
        let f = filter(app, p)?;
        json_reply(&app.pool.get().incidents(&f)?)
    })
    .await
}

/// UTF-16 offset of each byte offset (sorted) of a text.
fn utf16_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(bytes.len());
    let (mut b, mut u) = (0usize, 0usize);
    let mut chars = text.chars();
    for &target in bytes {
        while b < target {
            let Some(c) = chars.next() else { break };
            b += c.len_utf8();
            u += c.len_utf16();
        }
        out.push(u);
    }
    out
}

/// The evidence of one event as highlights of its article's text.
fn highlights(text: &str, e: &rasd_core::Event) -> Vec<Value> {
    let all: Vec<(&str, &Evidence)> =
        e.supports().into_iter().map(|s| (s.field, s.evidence)).collect();
    let mut bytes: Vec<usize> =
        all.iter().flat_map(|(_, ev)| [ev.span.start as usize, ev.span.end as usize]).collect();
    bytes.sort_unstable();
    bytes.dedup();
    let units = utf16_offsets(text, &bytes);
    let at = |b: u32| units[bytes.binary_search(&(b as usize)).unwrap_or(0)];
    all.iter()
        .filter(|(_, ev)| ev.span.end as usize <= text.len())
        .map(|(field, ev)| {
            json!({"field": field, "rule": ev.rule, "text": ev.text,
                   "start": at(ev.span.start), "end": at(ev.span.end)})
        })
        .collect()
}

pub(crate) async fn incident(State(app): St, uri: Uri, Path(id): Path<String>) -> Response {
    read(app, &uri, "/api/incidents/{id}", None, move |app, _| {
        let id = id_of(&id)?;
        let store = app.pool.get();
        let Some((inc, reports)) = store.incident(id)? else {
            return Err(ApiError::not_found(format!("no incident {id}")));
        };
        let mut out = Vec::with_capacity(reports.len());
        for r in &reports {
            let doc = store.document(r.doc.id)?;
            let text = doc.map(|d| d.text).unwrap_or_default();
            out.push(json!({"report": r, "text": text, "highlights": highlights(&text, &r.event)}));
        }
        let names = LexiconNames(app.extractor.lexicon());
        let country = inc.country.as_deref().map(|c| rasd_watch::Names::country(&names, c));
        json_reply(&json!({
            "incident": inc,
            "summary": export::summary(&inc, &|c| app.extractor.lexicon().country(c).map(|p| p.name.clone())),
            "type_ar": rasd_watch::alerts::type_ar(inc.event_type),
            "country_name": country,
            "reports": out,
        }))
    })
    .await
}

pub(crate) async fn points(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/points", q, |app, p| {
        let mut f = filter(app, p)?;
        // Every matching incident, up to a map's worth.
        f.limit = Some(p.number("limit")?.unwrap_or(20_000).min(50_000));
        let rows: Vec<Value> = app
            .pool
            .get()
            .incidents(&f)?
            .iter()
            .filter_map(|i| {
                let [lat, lon] = i.coordinates?;
                Some(json!([
                    i.id,
                    lat,
                    lon,
                    i.killed.as_ref().and_then(|t| t.best).unwrap_or(0),
                    i.event_type.as_str(),
                    i.date,
                    i.country,
                    i.place,
                    i.place_ar
                ]))
            })
            .collect();
        json_reply(&rows)
    })
    .await
}

pub(crate) async fn search(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/search", q, |app, p| {
        let query = p.get("q").ok_or_else(|| ApiError::bad_request("q is required"))?.to_string();
        let mut f = filter(app, p)?;
        f.limit = Some(p.number("limit")?.unwrap_or(20));
        let store = app.pool.get();
        let index = app.index.read().unwrap_or_else(|e| e.into_inner());
        json_reply(&rasd_store::search(&*store, &index, &query, &f)?)
    })
    .await
}

fn dimension(s: &str) -> Result<Dimension, ApiError> {
    Ok(match s {
        "group" => Dimension::Group,
        "country" => Dimension::Country,
        "type" => Dimension::Type,
        "month" => Dimension::Month,
        "week" => Dimension::Week,
        _ => {
            return Err(ApiError::bad_request(format!(
                "by={s:?}: group, country, type, week or month"
            )));
        }
    })
}

/// The dimensions `by` asks for (all but week when absent), by name.
fn stats_dimensions(p: &Params) -> Result<Vec<(String, Dimension)>, ApiError> {
    let mut by = p.list("by")?;
    if by.is_empty() {
        by = ["group", "country", "type", "month"].map(String::from).to_vec();
    }
    by.into_iter().map(|b| dimension(&b).map(|d| (b, d))).collect()
}

pub(crate) async fn stats(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/stats", q, |app, p| {
        let mut f = filter(app, p)?;
        let limit = p.number::<usize>("limit")?;
        f.limit = None;
        f.offset = 0;
        let by = stats_dimensions(p)?;
        let store = app.pool.get();
        let mut out = serde_json::Map::new();
        for (b, dim) in by {
            let mut rows = store.stats(&f, dim)?;
            if let Some(l) = limit {
                rows.truncate(l);
            }
            out.insert(
                b,
                serde_json::to_value(rows).map_err(|e| ApiError::internal(e.to_string()))?,
            );
        }
        json_reply(&out)
    })
    .await
}

/// What the trends count by, and per which period.
fn trend_axes(p: &Params) -> Result<(Dimension, Period), ApiError> {
    let by = match p.get("by").unwrap_or("group") {
        "group" => Dimension::Group,
        "country" => Dimension::Country,
        "type" => Dimension::Type,
        b => return Err(ApiError::bad_request(format!("by={b:?}: group, country or type"))),
    };
    let period = match p.get("period").unwrap_or("month") {
        "week" => Period::Week,
        "month" => Period::Month,
        x => return Err(ApiError::bad_request(format!("period={x:?}: week or month"))),
    };
    Ok((by, period))
}

fn compute_trends(app: &App, p: &Params) -> Result<rasd_watch::trends::Trends, ApiError> {
    let mut f = filter(app, p)?;
    f.limit = None;
    f.offset = 0;
    let (by, period) = trend_axes(p)?;
    let top = p.number("top")?.unwrap_or(8);
    let incidents = app.pool.get().incidents(&f)?;
    let names = LexiconNames(app.extractor.lexicon());
    Ok(rasd_watch::trends::trends(&incidents, by, period, top, f.since, f.until, &names))
}

pub(crate) async fn trends(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/trends", q, |app, p| json_reply(&compute_trends(app, p)?)).await
}

pub(crate) async fn trends_svg(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/trends.svg", q, |app, p| {
        let mut t = compute_trends(app, p)?;
        // More lines than this make no readable picture, only work.
        t.series.truncate(MAX_PLOT_SERIES);
        if t.series.is_empty() {
            return Err(ApiError::not_found("no incident matches: nothing to draw"));
        }
        let ws = &app.replayed()?.warnings;
        let svg = rasd_watch::plot::svg(&t, ws, "rasd: incidents per period · الحوادث")
            .map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(Reply {
            status: 200,
            content_type: "image/svg+xml",
            body: svg.into_bytes(),
            filename: None,
        })
    })
    .await
}

/// What the watch reads: every report (recalled history read as earlier
/// attacks told, not as news) and the articles stored per day.
pub(crate) fn watch_input(
    store: &dyn Store,
) -> Result<(Vec<rasd_store::Sighting>, rasd_watch::Archive), ApiError> {
    let sightings = store.sightings(&Filter { include_history: true, ..Filter::default() })?;
    Ok((sightings, rasd_watch::Archive::new(&store.coverage()?)))
}

/// The most series `/api/trends.svg` draws.
const MAX_PLOT_SERIES: usize = 20;

fn warnings(app: &App, p: &Params) -> Result<Vec<Warning>, ApiError> {
    let since = day(p, "since")?.map(|d| d.first);
    let until = day(p, "until")?.map(|d| d.last);
    let days = p.number("days")?.unwrap_or(14);
    let kinds = p.list("kind")?;
    let mut ws = app.replayed()?.period(since, until, days);
    if !kinds.is_empty() {
        ws.retain(|w| kinds.iter().any(|k| k == w.kind.as_str()));
    }
    Ok(ws)
}

pub(crate) async fn alerts(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/api/alerts", q, |app, p| json_reply(&warnings(app, p)?)).await
}

pub(crate) async fn alerts_atom(State(app): St, uri: Uri, RawQuery(q): RawQuery) -> Response {
    read(app, &uri, "/alerts.atom", q, |app, p| {
        let ws = warnings(app, p)?;
        let now = jiff::Timestamp::now().to_string();
        let body = rasd_watch::atom::feed(&ws, Some("/#/incident/{id}"), &now).into_bytes();
        Ok(Reply { status: 200, content_type: "application/atom+xml", body, filename: None })
    })
    .await
}

pub(crate) async fn export(
    State(app): St,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    // Whoever holds the token may take the time of a whole large export;
    // anyone else gets the budget of every other read.
    let trusted = authorize(&app, &headers).is_ok();
    read(app, &uri, "/api/export", q, move |app, p| {
        let mut f = filter(app, p)?;
        if p.get("limit").is_none() {
            f.limit = None;
        }
        let lex = app.extractor.lexicon();
        let names = |c: &str| lex.country(c).map(|p| p.name.clone());
        let format = export_format(p)?;
        let mut body = Vec::new();
        // An export is the one request meant to return everything: with
        // the token it gets a longer budget than other reads (and, like
        // them, one of the few read permits); without it, a whole export
        // of a large database is refused with a way round.
        let store = app.pool.get();
        if trusted {
            store.set_deadline(Some(std::time::Instant::now() + EXPORT_BUDGET));
        }
        export::write(format, &mut body, &*store, &f, &names).map_err(|e| {
            let mut e = ApiError::from(e);
            if e.code == "too_slow" {
                e.message = format!(
                    "{}: narrow the export (since, until, country, limit), send the token, or run `rasd export` on the database",
                    e.message
                );
            }
            e
        })?;
        let (content_type, ext) = (format.media_type(), format.extension());
        Ok(Reply { status: 200, content_type, body, filename: Some(format!("rasd-export.{ext}")) })
    })
    .await
}

fn export_format(p: &Params) -> Result<export::Format, ApiError> {
    let format = p.get("format").ok_or_else(|| {
        ApiError::bad_request("format is required: jsonl, json, acled, gtd or geojson")
    })?;
    Ok(format.parse()?)
}

/// The time an export with the token may spend in the database.
const EXPORT_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);

const COUNTRIES: &str = include_str!("../../../data/map/countries.geojson");

/// The monitor's status file, read as it is now: it changes with every
/// poll, not with the database, so it is never cached.
pub(crate) async fn sources(State(app): St, RawQuery(q): RawQuery) -> Response {
    let out = async {
        let p = Params::parse(q.as_deref())?;
        p.check("/api/sources")?;
        // No monitor's file given: no sources, and how to give one.
        let Some(path) = app.sources_status.clone() else {
            return Ok(json!({
                "configured": false,
                "updated": null,
                "sources": [],
                "note": "start the server with --sources-status FILE, the file `rasd monitor --status-json FILE` writes",
            }));
        };
        let name = path.display().to_string();
        let text = tokio::task::spawn_blocking(move || match std::fs::read_to_string(&path) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(ApiError::internal(format!("{}: {e}", path.display()))),
        })
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format!("the request failed: {e}"))))?;
        // Not written yet: the monitor has not finished its first round.
        let mut status: Value = match text {
            None => json!({"updated": null, "sources": []}),
            Some(t) => serde_json::from_str(&t)
                .ok()
                .filter(|v: &Value| v.get("sources").is_some_and(Value::is_array))
                .ok_or_else(|| {
                    ApiError::internal(format!("{name}: not a status file of rasd monitor"))
                })?,
        };
        status["configured"] = json!(true);
        Ok::<Value, ApiError>(status)
    }
    .await;
    match out {
        Ok(v) => ([(header::CONTENT_TYPE, "application/json")], v.to_string()).into_response(),
        Err(e) => e.into_response(),
    }
}

pub(crate) async fn countries() -> Response {
    let mut r = ([(header::CONTENT_TYPE, "application/geo+json")], COUNTRIES).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("max-age=86400"));
    r
}

pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::openapi::document().to_string())
        .into_response()
}

pub(crate) async fn not_found(uri: Uri) -> Response {
    ApiError::not_found(format!("no route {}", uri.path())).into_response()
}

/// Checks the bearer token of a write request; returns the token's name.
pub(crate) fn authorize(app: &App, headers: &HeaderMap) -> Result<String, ApiError> {
    if app.tokens.is_empty() {
        return Err(ApiError {
            status: 403,
            code: "read_only",
            message: "this server is read-only: start it with --token (or RASD_TOKEN) or --tokens FILE to accept writes"
                .into(),
        });
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compare in constant time with every token, so that the time taken
    // does not tell which one was near.
    let mut found = None;
    for (name, token) in &app.tokens {
        let same = given.len() == token.len()
            && given.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if same && found.is_none() {
            found = Some(name.clone());
        }
    }
    found.ok_or_else(|| ApiError {
        status: 401,
        code: "unauthorized",
        message: "a valid bearer token is required (Authorization: Bearer …)".into(),
    })
}

/// Reads the articles of a request body: one JSON object, or JSON Lines.
/// Any bad line refuses the whole request.
fn articles(body: &[u8]) -> Result<Vec<Doc>, ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiError::bad_request(format!("the body is not UTF-8 (byte {})", e.valid_up_to()))
    })?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "the body is empty: send an article as JSON, or JSON Lines",
        ));
    }
    // One object spread over several lines is one article.
    if let Ok(Value::Object(_)) = serde_json::from_str::<Value>(text) {
        return rasd_input::parse_json_line("body", 1, text.trim())
            .map(|d| vec![d])
            .map_err(|e| ApiError::bad_request(e.to_string()));
    }
    let mut docs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        docs.push(
            rasd_input::parse_json_line("body", n + 1, line)
                .map_err(|e| ApiError::bad_request(format!("{e}; nothing was stored")))?,
        );
    }
    Ok(docs)
}

/// Reads a request body of at most `max` bytes within `timeout`.
pub(crate) async fn read_body(
    body: axum::body::Body,
    max: usize,
    timeout: std::time::Duration,
) -> Result<Bytes, ApiError> {
    let too_large = || ApiError {
        status: 413,
        code: "too_large",
        message: if max >= 1 << 20 {
            format!("the body is larger than {} MB; nothing was stored", max >> 20)
        } else {
            format!("the body is larger than {} KB; nothing was stored", max >> 10)
        },
    };
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, max)).await {
        Err(_) => Err(ApiError {
            status: 408,
            code: "timeout",
            message: format!(
                "the body did not arrive within {} s; nothing was stored",
                timeout.as_secs()
            ),
        }),
        Ok(Ok(b)) => Ok(b),
        Ok(Err(e)) => {
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            while let Some(x) = source {
                if x.is::<http_body_util::LengthLimitError>() {
                    return Err(too_large());
                }
                source = x.source();
            }
            Err(ApiError::bad_request(format!("the body could not be read: {e}")))
        }
    }
}

pub(crate) async fn post_documents(
    State(app): St,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    // The token is checked before a byte of the body is read.
    if let Err(e) = authorize(&app, &headers) {
        return e.into_response();
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > app.max_body as u64) {
        return ApiError {
            status: 413,
            code: "too_large",
            message: format!(
                "the body is larger than {} MB; nothing was stored",
                app.max_body >> 20
            ),
        }
        .into_response();
    }
    let body = match read_body(body, app.max_body, app.read_timeout).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let app2 = app.clone();
    let out = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        let docs = articles(&body)?;
        let batch: Vec<Article> = docs
            .into_iter()
            .map(|mut doc| {
                let mut x = app2.extractor.extract_dated(&mut doc);
                x.undate_inferred();
                Article { doc, events: x.events, mentions: x.mentions }
            })
            .collect();
        let mut writer = app2.writer.lock().unwrap_or_else(|e| e.into_inner());
        // Everything or nothing: one transaction. Once it is committed the
        // request has succeeded, whatever happens to the search index,
        // which catches up from the database later when it is busy now.
        let report = writer.ingest(&batch)?;
        let indexed = {
            let mut index = app2.index.write().unwrap_or_else(|e| e.into_inner());
            index.catch_up(&**writer).is_ok()
        };
        let totals = writer.totals().ok();
        drop(writer);
        app2.changed();
        Ok(json!({"report": report, "totals": totals, "indexed": indexed}))
    })
    .await;
    json_answer(out)
}

/// The answer of a request run on a blocking thread: its JSON, its error,
/// or a 500 when the thread itself failed.
pub(crate) fn json_answer(
    out: Result<Result<Value, ApiError>, tokio::task::JoinError>,
) -> Response {
    match out.unwrap_or_else(|e| Err(ApiError::internal(format!("the request failed: {e}")))) {
        Ok(v) => (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], v.to_string())
            .into_response(),
        Err(e) => e.into_response(),
    }
}

const INDEX_HTML: &str = include_str!("ui/index.html");
const APP_JS: &str = include_str!("ui/app.js");
const APP_CSS: &str = include_str!("ui/app.css");

/// A content security policy that allows nothing from elsewhere and no
/// inline script: text that slipped into markup still could not run.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    let mut r = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, header::HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    r
}

pub(crate) async fn ui_index() -> Response {
    static_file("text/html; charset=utf-8", INDEX_HTML)
}

pub(crate) async fn ui_js() -> Response {
    static_file("text/javascript; charset=utf-8", APP_JS)
}

pub(crate) async fn ui_css() -> Response {
    static_file("text/css; charset=utf-8", APP_CSS)
}
