//! The database commands: `ingest`, `search`, `events`, `incidents`,
//! `incident`, `stats`, `export` and `relink`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::ValueEnum;
use rasd_core::Event;
use rasd_store::link::Incident;
use rasd_store::{Database, DayBound, Dimension, EventRow, Filter, Sort, StatRow, export};

use crate::TableOrJson;
use crate::extract::count;

/// The database file used when `--db` is not given.
pub const DEFAULT_DB: &str = "rasd.db";

/// Where the database is.
#[derive(clap::Args, Clone)]
pub struct DbArg {
    /// The database: a file (SQLite, created when absent; its search index
    /// is the folder of the same name with `.search` added), or a
    /// PostgreSQL URL, postgres://USER@HOST:PORT/DB (see docs/database.md).
    #[arg(long, default_value = DEFAULT_DB, env = "RASD_DB")]
    pub db: PathBuf,
    /// The search index's folder (default: beside an SQLite file; for
    /// PostgreSQL, one per URL under ~/.local/share/rasd/index).
    #[arg(long, env = "RASD_INDEX")]
    pub index: Option<PathBuf>,
}

impl DbArg {
    /// The database as named in messages (a URL without its password).
    pub fn name(&self) -> String {
        rasd_store::display_name(&self.db.to_string_lossy())
    }

    /// Opens the database, creating it when `create`; an SQLite file is
    /// capped at `max_bytes`.
    pub fn open(&self, create: bool, max_bytes: Option<u64>) -> Result<Database> {
        let index = self.index.as_deref();
        match self.db.to_str() {
            Some(url) if rasd_store::is_postgres_url(url) => {
                if max_bytes.is_some() {
                    anyhow::bail!(
                        "{}: --max-size-mb caps an SQLite file; PostgreSQL's room is the server's to set",
                        self.name()
                    );
                }
                Ok(Database::open_url_with(url, index, create, None)?)
            }
            _ => {
                if !create && !self.db.exists() {
                    anyhow::bail!(
                        "{}: no such database (create it with `rasd ingest --db {0} FILES`)",
                        self.db.display()
                    );
                }
                let mut db = Database::open_limited(&self.db, max_bytes)?;
                if let Some(dir) = index {
                    db.set_index_dir(dir);
                }
                Ok(db)
            }
        }
    }
}

/// Filters shared by the queries, the search and the exports.
#[derive(clap::Args, Clone, Default)]
pub struct FilterArgs {
    /// On or after this day, month or year (YYYY, YYYY-MM, YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<DayBound>,
    /// On or before this day, month or year.
    #[arg(long)]
    pub until: Option<DayBound>,
    /// Countries: ISO codes or English names, comma-separated (AF,PK or
    /// afghanistan,pakistan).
    #[arg(long, value_delimiter = ',')]
    pub country: Vec<String>,
    /// A place: English or Arabic name, province, or gazetteer id.
    #[arg(long)]
    pub place: Option<String>,
    /// Armed groups: id (iskp), English name, or Arabic name (داعش);
    /// comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub group: Vec<String>,
    /// Event types, comma-separated (suicide_bombing,bombing).
    #[arg(long = "type", value_delimiter = ',')]
    pub types: Vec<String>,
    /// At least this many killed.
    #[arg(long = "min-killed", alias = "killed")]
    pub min_killed: Option<u32>,
    /// At least this confidence, 0 to 1 (an event's own; an incident's best
    /// report's).
    #[arg(long = "min-confidence", value_parser = confidence)]
    pub min_confidence: Option<f64>,
    /// Also count events told as recalled history (dated more than a month
    /// before their article); by default only news counts.
    #[arg(long)]
    pub include_history: bool,
    /// Order of results.
    #[arg(long, value_enum, default_value_t = SortArg::Newest)]
    pub sort: SortArg,
    /// At most this many results (1 to 1,000,000,000).
    #[arg(long, value_parser = count_arg::<1>)]
    pub limit: Option<usize>,
    /// Skip this many results first (at most 1,000,000,000).
    #[arg(long, default_value_t = 0, value_parser = count_arg::<0>)]
    pub offset: usize,
}

/// A confidence between 0 and 1.
fn confidence(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err(format!("{s:?} is not a confidence from 0 to 1")),
    }
}

/// A whole number from `MIN` to a billion, for counts and pages.
pub fn count_arg<const MIN: usize>(s: &str) -> Result<usize, String> {
    const MAX: usize = 1_000_000_000;
    match s.parse::<usize>() {
        Ok(n) if (MIN..=MAX).contains(&n) => Ok(n),
        _ => Err(format!("{s:?}: a whole number from {MIN} to {MAX}")),
    }
}

/// Orders.
#[derive(Clone, Copy, Debug, ValueEnum, Default)]
pub enum SortArg {
    /// Latest first.
    #[default]
    Newest,
    /// Earliest first.
    Oldest,
    /// Deadliest first.
    Killed,
}

impl FilterArgs {
    /// The store's filter: Arabic group and place names are looked up in
    /// the lexicon, and every country, group and place is checked against
    /// what the database and the lexicon know (an unknown one is an error
    /// naming the nearest known values, not an empty answer).
    pub fn filter(&self, store: &dyn rasd_store::Store) -> Result<Filter> {
        let mut types = Vec::new();
        for t in &self.types {
            types.push(rasd_store::parse_type(t)?);
        }
        let mut filter = Filter {
            since: self.since.map(|d| d.first),
            until: self.until.map(|d| d.last),
            countries: self.country.iter().map(|c| c.trim().to_string()).collect(),
            place: self.place.clone(),
            groups: self.group.clone(),
            types,
            min_killed: self.min_killed,
            include_history: self.include_history,
            min_confidence: self.min_confidence,
            doc: None,
            sort: match self.sort {
                SortArg::Newest => Sort::Newest,
                SortArg::Oldest => Sort::Oldest,
                SortArg::Killed => Sort::Killed,
            },
            limit: self.limit,
            offset: self.offset,
        };
        if filter.countries.is_empty() && filter.groups.is_empty() && filter.place.is_none() {
            return Ok(filter);
        }
        let mut known = store.vocabulary()?;
        known.countries.extend(
            rasd_store::codebook::countries()
                .iter()
                .map(|c| (c.code.to_string(), c.name.to_string())),
        );
        let lex = (!filter.groups.is_empty() || filter.place.is_some())
            .then(rasd_lexicon::Lexicon::load)
            .transpose()?;
        if let Some(lex) = &lex {
            for g in &mut filter.groups {
                if !g.is_ascii()
                    && let Some(id) = lex.filter_value(g, true)
                {
                    *g = id;
                }
            }
            if let Some(p) = &mut filter.place
                && !p.is_ascii()
                && let Some(name) = lex.filter_value(p, false)
            {
                *p = name;
            }
            known
                .groups
                .extend(lex.groups.iter().map(|g| (format!("group:{}", g.id), g.name.clone())));
            known
                .groups
                .extend(lex.actors.iter().map(|a| (format!("actor:{}", a.id), a.name.clone())));
        }
        let in_gazetteer = |p: &str| {
            lex.as_ref().is_some_and(|l| l.places.iter().any(|x| x.name.eq_ignore_ascii_case(p)))
        };
        filter.resolve(&known, &in_gazetteer).map_err(|e| match e {
            rasd_store::StoreError::Invalid(m) => anyhow::anyhow!("filter: {m}"),
            e => e.into(),
        })?;
        Ok(filter)
    }
}

/// Output formats of the queries.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum QueryFormat {
    /// A readable table.
    Table,
    /// One JSON document.
    Json,
    /// One JSON record a line.
    Jsonl,
    /// Comma-separated values.
    Csv,
}

/// Arguments shared by `events`, `incidents` and `stats`.
#[derive(clap::Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
    /// The same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

impl QueryArgs {
    /// The format chosen by `--format` and its `--json` alias.
    fn output(&self) -> QueryFormat {
        if self.json { QueryFormat::Json } else { self.format }
    }
}

/// Opens an existing database (queries never create one).
pub fn open_existing(db: &DbArg) -> Result<Database> {
    db.open(false, None)
}

fn perps(e: &Event) -> String {
    let v: Vec<String> = e
        .perpetrators
        .iter()
        .map(|p| format!("{} ({})", p.name, format!("{:?}", p.status).to_lowercase()))
        .collect();
    if v.is_empty() { "-".into() } else { v.join(", ") }
}

fn write_jsonl<T: serde::Serialize>(out: &mut dyn Write, rows: &[T]) -> Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *out, r)?;
        writeln!(out)?;
    }
    Ok(())
}

/// How a list of records is written in each format: the CSV columns and
/// cells, and the table's heading and lines.
struct Listing<'a, T> {
    noun: &'a str,
    columns: &'a [&'a str],
    cells: &'a dyn Fn(&T) -> Vec<String>,
    head: String,
    line: &'a dyn Fn(&T) -> String,
}

/// Runs a listing query: the filter (a table shows 50 rows unless told),
/// the rows, and the output in the chosen format.
fn list<T: serde::Serialize>(
    args: QueryArgs,
    out: &mut dyn Write,
    fetch: impl FnOnce(&dyn rasd_store::Store, &Filter) -> rasd_store::Result<Vec<T>>,
    how: Listing<T>,
) -> Result<()> {
    let db = open_existing(&args.db)?;
    let mut filter = args.filter.filter(db.store.as_ref())?;
    let format = args.output();
    if filter.limit.is_none() && matches!(format, QueryFormat::Table) {
        filter.limit = Some(50);
    }
    let rows = fetch(db.store.as_ref(), &filter)?;
    match format {
        QueryFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        QueryFormat::Jsonl => write_jsonl(out, &rows)?,
        QueryFormat::Csv => {
            let mut w = export::csv_writer(out);
            w.write_record(how.columns)?;
            for r in &rows {
                w.write_record((how.cells)(r))?;
            }
            w.flush()?;
        }
        QueryFormat::Table => {
            writeln!(out, "{}", how.head)?;
            for r in &rows {
                writeln!(out, "{}", (how.line)(r))?;
            }
            writeln!(out, "({} {})", rows.len(), how.noun)?;
        }
    }
    Ok(())
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn num(v: Option<u32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn lat_lon(c: Option<[f64; 2]>) -> (String, String) {
    c.map(|[a, b]| (a.to_string(), b.to_string())).unwrap_or_default()
}

/// Runs `rasd events`.
pub fn events(args: QueryArgs, out: &mut dyn Write) -> Result<()> {
    let cells = |r: &EventRow| {
        let e = &r.event;
        let (lat, lon) = lat_lon(e.coordinates);
        vec![
            r.id.to_string(),
            opt(&e.incident),
            opt(&e.date),
            opt(&e.country),
            opt(&e.admin1),
            opt(&e.place),
            opt(&e.place_ar),
            lat,
            lon,
            e.event_type.as_str().to_string(),
            num(e.killed.as_ref().and_then(|c| c.value)),
            num(e.injured.as_ref().and_then(|c| c.value)),
            perps(e),
            e.target_type.clone(),
            r.doc.ext_id.clone(),
            opt(&r.doc.url),
            opt(&r.doc.source),
            opt(&r.doc.published),
        ]
    };
    let line = |r: &EventRow| {
        let e = &r.event;
        format!(
            "{:>7} {:>8} {:<10} {:<2} {:<20} {:<16} {:>7} {:>7}  {}",
            r.id,
            e.incident.as_deref().unwrap_or("-"),
            e.date.as_deref().unwrap_or("-"),
            e.country.as_deref().unwrap_or("-"),
            truncate(e.place.as_deref().unwrap_or("-"), 20),
            e.event_type.as_str(),
            count(e.killed.as_ref()),
            count(e.injured.as_ref()),
            perps(e)
        )
    };
    let how = Listing {
        noun: "events",
        columns: &[
            "event",
            "incident",
            "date",
            "country",
            "admin1",
            "place",
            "place_ar",
            "latitude",
            "longitude",
            "type",
            "killed",
            "injured",
            "perpetrators",
            "target_type",
            "article",
            "url",
            "source",
            "published",
        ],
        cells: &cells,
        head: format!(
            "{:>7} {:>8} {:<10} {:<2} {:<20} {:<16} {:>7} {:>7}  perpetrators",
            "event", "incident", "date", "cc", "place", "type", "killed", "injured"
        ),
        line: &line,
    };
    list(args, out, |s, f| s.events(f), how)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

fn toll(t: Option<&rasd_store::Toll>) -> String {
    match t {
        None => "-".into(),
        Some(t) => {
            let best = format!(
                "{}{}",
                t.qualifier.symbol(),
                t.best.map(|v| v.to_string()).unwrap_or_default()
            );
            match (t.min, t.max) {
                (Some(a), Some(b)) if a != b => format!("{best} ({a}-{b})"),
                _ => best,
            }
        }
    }
}

fn authors(i: &Incident) -> String {
    let v: Vec<String> = i
        .perpetrators
        .iter()
        .map(|a| format!("{} ({})", a.name, format!("{:?}", a.status).to_lowercase()))
        .collect();
    if v.is_empty() { "-".into() } else { v.join(", ") }
}

/// Runs `rasd incidents`.
pub fn incidents(args: QueryArgs, out: &mut dyn Write) -> Result<()> {
    let cells = |i: &Incident| {
        let (lat, lon) = lat_lon(i.coordinates);
        vec![
            i.id.to_string(),
            opt(&i.date),
            opt(&i.country),
            opt(&i.admin1),
            opt(&i.place),
            opt(&i.place_ar),
            lat,
            lon,
            i.event_type.as_str().to_string(),
            num(i.killed.as_ref().and_then(|t| t.best)),
            num(i.killed.as_ref().and_then(|t| t.min)),
            num(i.killed.as_ref().and_then(|t| t.max)),
            num(i.injured.as_ref().and_then(|t| t.best)),
            authors(i),
            i.target_type.clone(),
            i.reports.to_string(),
            i.outlets.join("; "),
        ]
    };
    let line = |i: &Incident| {
        format!(
            "{:>8} {:<10} {:<2} {:<20} {:<16} {:>13} {:>7} {:>7}  {}",
            i.id,
            i.date.as_deref().unwrap_or("-"),
            i.country.as_deref().unwrap_or("-"),
            truncate(i.place.as_deref().unwrap_or("-"), 20),
            i.event_type.as_str(),
            toll(i.killed.as_ref()),
            toll(i.injured.as_ref()),
            i.reports,
            authors(i)
        )
    };
    let how = Listing {
        noun: "incidents",
        columns: &[
            "incident",
            "date",
            "country",
            "admin1",
            "place",
            "place_ar",
            "latitude",
            "longitude",
            "type",
            "killed",
            "killed_min",
            "killed_max",
            "injured",
            "perpetrators",
            "target_type",
            "reports",
            "outlets",
        ],
        cells: &cells,
        head: format!(
            "{:>8} {:<10} {:<2} {:<20} {:<16} {:>13} {:>7} {:>7}  perpetrators",
            "incident", "date", "cc", "place", "type", "killed", "injured", "reports"
        ),
        line: &line,
    };
    list(args, out, |s, f| s.incidents(f), how)
}

/// Arguments of `rasd incident`.
#[derive(clap::Args)]
pub struct IncidentArgs {
    /// The incident's id.
    pub id: i64,
    #[command(flatten)]
    pub db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
    /// The same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

/// Runs `rasd incident ID`: the incident and every report of it, with the
/// words behind each field.
pub fn incident(args: IncidentArgs, out: &mut dyn Write) -> Result<()> {
    let db = open_existing(&args.db)?;
    let Some((inc, reports)) = db.store.incident(args.id)? else {
        anyhow::bail!("{}: no incident {}", args.db.name(), args.id);
    };
    if args.format.or_json(args.json) == TableOrJson::Json {
        let v = serde_json::json!({"incident": inc, "reports": reports});
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "incident {}: {} {} in {} ({}), killed {}, injured {}; {}",
        inc.id,
        inc.date.as_deref().unwrap_or("undated"),
        inc.event_type.as_str(),
        inc.place.as_deref().unwrap_or("-"),
        inc.country.as_deref().unwrap_or("-"),
        toll(inc.killed.as_ref()),
        toll(inc.injured.as_ref()),
        authors(&inc)
    )?;
    if let Some(k) = &inc.killed {
        writeln!(out, "  best killed figure: {}", k.rule)?;
    }
    for r in &reports {
        writeln!(
            out,
            "\n  report {} from {} ({}, {})",
            r.id,
            r.doc.ext_id,
            r.doc.source.as_deref().unwrap_or("unknown outlet"),
            r.doc.published.as_deref().unwrap_or("undated")
        )?;
        if let Some(u) = &r.doc.url {
            writeln!(out, "    {u}")?;
        }
        let e = &r.event;
        writeln!(
            out,
            "    {} {} {} killed {} injured {} {}",
            e.event_type.as_str(),
            e.date.as_deref().unwrap_or("-"),
            e.place.as_deref().unwrap_or("-"),
            count(e.killed.as_ref()),
            count(e.injured.as_ref()),
            perps(e)
        )?;
        for sup in e.supports() {
            writeln!(out, "      {:<40} «{}»", sup.label(), sup.evidence.text.replace('\n', " "))?;
        }
    }
    Ok(())
}

/// Arguments of `rasd search`.
#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words to find (Arabic; every word must occur, in any form: with or
    /// without و، ب، ل، ال, as a noun or its adjective).
    pub query: String,
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
    /// The same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

/// Runs `rasd search`.
pub fn search(args: SearchArgs, out: &mut dyn Write) -> Result<()> {
    let mut db = open_existing(&args.db)?;
    let mut filter = args.filter.filter(db.store.as_ref())?;
    filter.limit = Some(filter.limit.unwrap_or(10));
    let res = db.search(&args.query, &filter)?;
    if args.format.or_json(args.json) == TableOrJson::Json {
        serde_json::to_writer_pretty(&mut *out, &res)?;
        writeln!(out)?;
        return Ok(());
    }
    let bold = std::io::stdout().is_terminal();
    for r in &res.results {
        writeln!(
            out,
            "{:.2}  {}  {}  {}",
            r.score,
            r.doc.published.as_deref().map(|p| p.get(..10).unwrap_or(p)).unwrap_or("undated"),
            r.doc.ext_id,
            r.doc.title.as_deref().unwrap_or("")
        )?;
        let mut s = String::new();
        let mut at = 0;
        for [a, b] in &r.snippet.highlights {
            s.push_str(&r.snippet.text[at..*a]);
            if bold {
                s.push_str(&format!("\x1b[1m{}\x1b[0m", &r.snippet.text[*a..*b]));
            } else {
                s.push_str(&format!("[{}]", &r.snippet.text[*a..*b]));
            }
            at = *b;
        }
        s.push_str(&r.snippet.text[at..]);
        writeln!(out, "      …{s}…")?;
        for e in &r.events {
            let ev = &e.event;
            writeln!(
                out,
                "      event {} (incident {}): {} {} {} killed {}",
                e.id,
                ev.incident.as_deref().unwrap_or("-"),
                ev.event_type.as_str(),
                ev.date.as_deref().unwrap_or("-"),
                ev.place.as_deref().unwrap_or("-"),
                count(ev.killed.as_ref())
            )?;
        }
    }
    writeln!(out, "({} of {} articles)", res.results.len(), res.total)?;
    Ok(())
}

/// Stats dimensions.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ByArg {
    /// Armed group.
    Group,
    /// Country.
    Country,
    /// Event type.
    Type,
    /// Month.
    Month,
    /// ISO week.
    Week,
}

/// Arguments of `rasd stats`.
#[derive(clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    /// What to group by (all of group, country, type and month when absent).
    #[arg(long, value_enum)]
    pub by: Vec<ByArg>,
}

/// Runs `rasd stats`.
pub fn stats(args: StatsArgs, out: &mut dyn Write) -> Result<()> {
    let db = open_existing(&args.query.db)?;
    let filter = args.query.filter.filter(db.store.as_ref())?;
    let by = if args.by.is_empty() {
        vec![ByArg::Group, ByArg::Country, ByArg::Type, ByArg::Month]
    } else {
        args.by.clone()
    };
    let mut all: Vec<(String, Vec<StatRow>)> = Vec::new();
    for b in by {
        let (name, d) = match b {
            ByArg::Group => ("group", Dimension::Group),
            ByArg::Country => ("country", Dimension::Country),
            ByArg::Type => ("type", Dimension::Type),
            ByArg::Month => ("month", Dimension::Month),
            ByArg::Week => ("week", Dimension::Week),
        };
        let mut rows = db.store.stats(&filter, d)?;
        if let Some(l) = filter.limit {
            rows.truncate(l);
        }
        all.push((name.to_string(), rows));
    }
    match args.query.output() {
        QueryFormat::Json => {
            let v: serde_json::Map<String, serde_json::Value> = all
                .iter()
                .map(|(k, rows)| (k.clone(), serde_json::to_value(rows).unwrap_or_default()))
                .collect();
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)?;
        }
        QueryFormat::Jsonl => {
            for (k, rows) in &all {
                for r in rows {
                    let v = serde_json::json!({"by": k, "key": r.key, "incidents": r.incidents,
                        "killed": r.killed, "injured": r.injured, "reports": r.reports});
                    writeln!(out, "{v}")?;
                }
            }
        }
        QueryFormat::Csv => {
            let mut w = export::csv_writer(out);
            w.write_record(["by", "key", "incidents", "killed", "injured", "reports"])?;
            for (k, rows) in &all {
                for r in rows {
                    w.write_record([
                        k.as_str(),
                        &r.key,
                        &r.incidents.to_string(),
                        &r.killed.to_string(),
                        &r.injured.to_string(),
                        &r.reports.to_string(),
                    ])?;
                }
            }
            w.flush()?;
        }
        QueryFormat::Table => {
            let totals = db.store.totals()?;
            writeln!(
                out,
                "{} articles, {} events, {} incidents",
                totals.documents, totals.events, totals.incidents
            )?;
            for (k, rows) in &all {
                writeln!(out, "\nby {k}:")?;
                writeln!(
                    out,
                    "  {:<32} {:>9} {:>8} {:>8} {:>8}",
                    k, "incidents", "killed", "injured", "reports"
                )?;
                for r in rows {
                    writeln!(
                        out,
                        "  {:<32} {:>9} {:>8} {:>8} {:>8}",
                        truncate(&r.key, 32),
                        r.incidents,
                        r.killed,
                        r.injured,
                        r.reports
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Export formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// One line per article in the eval contract, events carrying their
    /// incident id.
    Jsonl,
    /// Incidents with every report and its evidence, one JSON document.
    Json,
    /// ACLED-style CSV, one row per incident.
    Acled,
    /// GTD-style CSV, one row per incident of a type GTD records.
    Gtd,
    /// GeoJSON FeatureCollection of incidents.
    Geojson,
}

/// Arguments of `rasd export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Runs `rasd export`.
pub fn export(args: ExportArgs) -> Result<()> {
    let db = open_existing(&args.db)?;
    let filter = args.filter.filter(db.store.as_ref())?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| p.display().to_string())?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let lex = rasd_lexicon::Lexicon::load()?;
    let names = |c: &str| lex.country(c).map(|p| p.name.clone());
    let format = match args.format {
        ExportFormat::Jsonl => export::Format::Jsonl,
        ExportFormat::Json => export::Format::Json,
        ExportFormat::Acled => export::Format::Acled,
        ExportFormat::Gtd => export::Format::Gtd,
        ExportFormat::Geojson => export::Format::Geojson,
    };
    let written = export::write(format, &mut out, db.store.as_ref(), &filter, &names)?;
    out.flush()?;
    for (n, why) in &written.left_out {
        eprintln!("rasd: {n} incidents left out: {why}");
    }
    Ok(())
}

/// Arguments of `rasd relink`.
#[derive(clap::Args)]
pub struct RelinkArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Relink only the articles published on or after this day (and those
    /// without a day): after a full relink, the same incidents as another
    /// full relink when nothing older was stored since (say, after workers
    /// stored a day's news out of order).
    #[arg(long)]
    pub since: Option<DayBound>,
}

/// Runs `rasd relink`: incidents rebuilt from the stored events.
pub fn relink(args: RelinkArgs, out: &mut dyn Write) -> Result<()> {
    let mut d = open_existing(&args.db)?;
    let started = Instant::now();
    let n = d.store.relink_since(args.since.map(|b| b.first))?;
    writeln!(
        out,
        "{}: {n} incidents, relinked in {:.1} s",
        args.db.name(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
