//! `rasd trends` and `rasd alerts`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;
use rasd_lexicon::Lexicon;
use rasd_store::{Dimension, Filter, Store};
use rasd_watch::trends::{Period, Trends, sparkline, trends};
use rasd_watch::{Config, LexiconNames, Names, Severity, Warning};

use crate::db::{DbArg, FilterArgs, open_existing};

/// What trends are counted by.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TrendBy {
    /// Armed group or force.
    Group,
    /// Country.
    Country,
    /// Event type.
    Type,
}

/// Period lengths.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PeriodArg {
    /// ISO weeks.
    Week,
    /// Calendar months.
    Month,
}

/// Output formats of trends.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TrendFormat {
    /// A table with sparklines.
    Table,
    /// One row per series and period.
    Csv,
    /// One JSON document.
    Json,
}

/// Arguments of `rasd trends`.
#[derive(clap::Args)]
pub struct TrendArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// What each line is.
    #[arg(long, value_enum, default_value_t = TrendBy::Group)]
    pub by: TrendBy,
    /// Period length.
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,
    /// Lines kept, those with most incidents first (0: all; at most 1000).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(0..=1000))]
    pub top: u16,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TrendFormat::Table)]
    pub format: TrendFormat,
    /// The same as `--format json`.
    #[arg(long)]
    pub json: bool,
    /// Also draw the trends to this file (.svg with English and Arabic
    /// names, or .png with English names), warnings marked.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// The warning rules for the marks (default: the shipped rules).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

fn load_config(path: Option<&PathBuf>) -> Result<Config> {
    match path {
        None => Ok(Config::default()),
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| p.display().to_string())?;
            Ok(Config::parse(&p.display().to_string(), &text)?)
        }
    }
}

/// Runs `rasd trends`.
pub fn run_trends(args: TrendArgs, out: &mut dyn Write) -> Result<()> {
    let db = open_existing(&args.db)?;
    let mut filter = args.filter.filter(db.store.as_ref())?;
    // Trends count every matching incident; --top chooses the lines.
    filter.limit = None;
    filter.offset = 0;
    let incidents = db.store.incidents(&filter)?;
    let lex = Lexicon::load()?;
    let names = LexiconNames(&lex);
    let by = match args.by {
        TrendBy::Group => Dimension::Group,
        TrendBy::Country => Dimension::Country,
        TrendBy::Type => Dimension::Type,
    };
    let period = match args.period {
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
    };
    let t =
        trends(&incidents, by, period, usize::from(args.top), filter.since, filter.until, &names);
    if let Some(path) = &args.plot {
        let config = load_config(args.config.as_ref())?;
        let (sightings, archive) = watch_input(db.store.as_ref(), filter.include_history)?;
        let warnings =
            rasd_watch::replay(&sightings, &archive, &config, &names, filter.since, filter.until);
        let title = format!(
            "rasd: incidents per {} by {}",
            if period == Period::Week { "week" } else { "month" },
            match args.by {
                TrendBy::Group => "group",
                TrendBy::Country => "country",
                TrendBy::Type => "type",
            }
        );
        rasd_watch::plot::plot(path, &t, &warnings, &title)?;
        eprintln!(
            "rasd: drew {} series over {} {}s to {}",
            t.series.len(),
            t.labels.len(),
            if period == Period::Week { "week" } else { "month" },
            path.display()
        );
    }
    let format = if args.json { TrendFormat::Json } else { args.format };
    match format {
        TrendFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &t)?;
            writeln!(out)?;
        }
        TrendFormat::Csv => {
            let mut w = rasd_store::export::csv_writer(out);
            w.write_record(["key", "name", "name_ar", "period", "start", "incidents", "killed"])?;
            for s in &t.series {
                for (i, label) in t.labels.iter().enumerate() {
                    w.write_record([
                        s.key.as_str(),
                        &s.name,
                        &s.name_ar,
                        label,
                        &t.starts[i],
                        &s.incidents[i].to_string(),
                        &s.killed[i].to_string(),
                    ])?;
                }
            }
            w.flush()?;
        }
        TrendFormat::Table => write_table(&t, out)?,
    }
    Ok(())
}

fn write_table(t: &Trends, out: &mut dyn Write) -> Result<()> {
    let (Some(first), Some(last)) = (t.labels.first(), t.labels.last()) else {
        writeln!(out, "no incident matches")?;
        return Ok(());
    };
    writeln!(out, "{} periods, {first} to {last}", t.labels.len())?;
    let width = t.labels.len().max(9);
    writeln!(
        out,
        "{:<44} {:>9} {:>7}  {:<width$}  {:<width$}",
        "", "incidents", "killed", "incidents", "killed"
    )?;
    for s in &t.series {
        let name = if s.name_ar.is_empty() || s.name_ar == s.name {
            s.name.clone()
        } else {
            format!("{} / {}", s.name, s.name_ar)
        };
        let name: String = name.chars().take(44).collect();
        writeln!(
            out,
            "{:<44} {:>9} {:>7}  {:<width$}  {:<width$}",
            name,
            s.total_incidents(),
            s.total_killed(),
            sparkline(&s.incidents),
            sparkline(&s.killed)
        )?;
    }
    Ok(())
}

/// Output formats of alerts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlertFormat {
    /// A readable list.
    Table,
    /// JSON, each warning with its incidents, their reports and evidence.
    Json,
    /// One row per warning.
    Csv,
    /// An Atom feed.
    Atom,
}

/// Arguments of `rasd alerts`.
#[derive(clap::Args)]
pub struct AlertArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Replay from this day and list every warning as raised on its day
    /// (default: the last `--days` of the data).
    #[arg(long)]
    pub since: Option<rasd_store::DayBound>,
    /// Stop the replay after this day.
    #[arg(long)]
    pub until: Option<rasd_store::DayBound>,
    /// Without --since: how many days, up to the latest report, to list
    /// (1 to 3650).
    #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub days: i64,
    /// Rules and thresholds (TOML; keys left out keep the shipped defaults,
    /// see data/watch/alerts.toml).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Only these kinds (new_ground, surge_incidents, surge_killed,
    /// mass_casualty, new_actor, mass_casualty_lead: an unconfirmed lead),
    /// comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
    /// Only warnings at least this severe.
    #[arg(long, value_enum)]
    pub min_severity: Option<SeverityArg>,
    /// Only warnings about these countries, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub country: Vec<String>,
    /// Only warnings about these groups (id or English name).
    #[arg(long, value_delimiter = ',')]
    pub group: Vec<String>,
    /// Also count events told as recalled history (dated more than a month
    /// before their article); by default warnings rest on news only.
    #[arg(long)]
    pub include_history: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AlertFormat::Table)]
    pub format: AlertFormat,
    /// The same as `--format json`.
    #[arg(long)]
    pub json: bool,
    /// Also write the warnings as an Atom feed to this file.
    #[arg(long)]
    pub atom: Option<PathBuf>,
    /// Print the shipped rules file and stop.
    #[arg(long)]
    pub print_config: bool,
    /// List the desk instead: the warnings in this state (new: not yet
    /// acknowledged), longest waiting first, after recording those the
    /// rules raise now (the last 14 days' under --config).
    #[arg(long, value_enum)]
    pub state: Option<crate::desk::StateArg>,
    /// Move a warning on the desk.
    #[command(subcommand)]
    pub action: Option<crate::desk::Action>,
}

/// Severities.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SeverityArg {
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

/// What the watch reads from a store: every report (recalled history
/// included, read as earlier attacks told, or as news when
/// `include_history`) and the articles stored per day.
pub fn watch_input(
    store: &dyn Store,
    include_history: bool,
) -> Result<(Vec<rasd_store::Sighting>, rasd_watch::Archive)> {
    let mut sightings = store.sightings(&Filter { include_history: true, ..Filter::default() })?;
    if include_history {
        rasd_watch::as_news(&mut sightings);
    }
    Ok((sightings, rasd_watch::Archive::new(&store.coverage()?)))
}

/// The warnings for a database, as `rasd alerts` computes them.
pub fn warnings(store: &dyn Store, args: &AlertArgs, names: &dyn Names) -> Result<Vec<Warning>> {
    Ok(desk_warnings(store, args, names)?.0)
}

/// The warnings of the last [`rasd_watch::desk::DESK_DAYS`] days under
/// the rules of `config`, as the desk records them.
pub fn desk_records(
    store: &dyn Store,
    config: Option<&PathBuf>,
    include_history: bool,
    names: &dyn Names,
) -> Result<Vec<rasd_store::DeskWarning>> {
    let config = load_config(config)?;
    let (sightings, archive) = watch_input(store, include_history)?;
    let ws = rasd_watch::warnings(
        &sightings,
        &archive,
        &config,
        names,
        None,
        None,
        rasd_watch::desk::DESK_DAYS,
    );
    Ok(rasd_watch::desk::records(&ws, &rasd_watch::desk::anchors(&sightings)))
}

/// [`warnings`], and the warnings as the desk records them.
pub fn desk_warnings(
    store: &dyn Store,
    args: &AlertArgs,
    names: &dyn Names,
) -> Result<(Vec<Warning>, Vec<rasd_store::DeskWarning>)> {
    // The countries and groups asked for are checked as the other
    // commands' filters are: a typo is an error, not an empty list.
    let asked = FilterArgs {
        country: args.country.clone(),
        group: args.group.clone(),
        ..FilterArgs::default()
    }
    .filter(store)?;
    let countries = asked.countries;
    let config = load_config(args.config.as_ref())?;
    let (sightings, archive) = watch_input(store, args.include_history)?;
    let mut ws = rasd_watch::warnings(
        &sightings,
        &archive,
        &config,
        names,
        args.since.map(|d| d.first),
        args.until.map(|u| u.last),
        args.days,
    );
    let min = args.min_severity.map(|s| match s {
        SeverityArg::Low => Severity::Low,
        SeverityArg::Medium => Severity::Medium,
        SeverityArg::High => Severity::High,
        SeverityArg::Critical => Severity::Critical,
    });
    ws.retain(|w| {
        (args.kind.is_empty() || args.kind.iter().any(|k| k == w.kind.as_str()))
            && min.is_none_or(|m| w.severity >= m)
            && (countries.is_empty()
                || w.country
                    .as_deref()
                    .is_some_and(|c| countries.iter().any(|x| x.eq_ignore_ascii_case(c))))
            && (args.group.is_empty()
                || args.group.iter().any(|g| {
                    w.subject.kind == "group"
                        && (w.subject.key == *g
                            || w.subject.key == format!("group:{g}")
                            || w.subject.name.eq_ignore_ascii_case(g))
                }))
    });
    let records = rasd_watch::desk::records(&ws, &rasd_watch::desk::anchors(&sightings));
    Ok((ws, records))
}

/// Runs `rasd alerts`.
pub fn run_alerts(args: AlertArgs, out: &mut dyn Write) -> Result<()> {
    if args.print_config {
        out.write_all(rasd_watch::config::DEFAULT_TOML.as_bytes())?;
        return Ok(());
    }
    if let Some(action) = args.action {
        return crate::desk::run(action, out);
    }
    let mut db = open_existing(&args.db)?;
    let lex = Lexicon::load()?;
    let names = LexiconNames(&lex);
    if let Some(state) = args.state {
        let records =
            desk_records(db.store.as_ref(), args.config.as_ref(), args.include_history, &names)?;
        let done = db.store.sync_warnings(&records, jiff::Timestamp::now())?;
        if done.added + done.reopened > 0 {
            eprintln!(
                "rasd: {} new warnings on the desk, {} raised again",
                done.added, done.reopened
            );
        }
        let format = if args.json { AlertFormat::Json } else { args.format };
        return crate::desk::list(db.store.as_ref(), state, &args.kind, format, out);
    }
    let ws = warnings(db.store.as_ref(), &args, &names)?;
    let config = load_config(args.config.as_ref())?;
    let (sightings, archive) = watch_input(db.store.as_ref(), args.include_history)?;
    let coverage = rasd_watch::coverage(&sightings, &archive, &config);
    if ws.is_empty() {
        match coverage.explain() {
            Some(why) => eprintln!("rasd: no warnings: {why}"),
            None => eprintln!("rasd: no warnings in the days asked for"),
        }
    }
    // The gaps in the archive over the days listed: a quiet stretch there
    // may be one rasd did not read.
    let first_listed = ws.iter().map(|w| w.day.as_str()).min().unwrap_or("9999");
    let gaps: Vec<&rasd_watch::Gap> =
        coverage.gaps.iter().filter(|g| g.to.as_str() >= first_listed).collect();
    let now = jiff::Timestamp::now().to_string();
    if let Some(path) = &args.atom {
        std::fs::write(path, rasd_watch::atom::feed(&ws, None, &now))
            .with_context(|| path.display().to_string())?;
    }
    let format = if args.json { AlertFormat::Json } else { args.format };
    match format {
        AlertFormat::Atom => out.write_all(rasd_watch::atom::feed(&ws, None, &now).as_bytes())?,
        AlertFormat::Json => {
            let mut all = Vec::with_capacity(ws.len());
            for w in &ws {
                let mut incidents = Vec::new();
                for id in &w.incidents {
                    if let Some((inc, reports)) = db.store.incident(*id)? {
                        incidents.push(serde_json::json!({"incident": inc, "reports": reports}));
                    }
                }
                let mut v = serde_json::to_value(w)?;
                v["incidents"] = serde_json::Value::Array(incidents);
                all.push(v);
            }
            serde_json::to_writer_pretty(&mut *out, &all)?;
            writeln!(out)?;
        }
        AlertFormat::Csv => {
            let mut c = rasd_store::export::csv_writer(out);
            c.write_record([
                "id",
                "day",
                "kind",
                "severity",
                "subject",
                "country",
                "message_en",
                "message_ar",
                "incidents",
                "updated",
                "confirmed",
                "archive_gaps",
            ])?;
            for w in &ws {
                let incidents: Vec<String> = w.incidents.iter().map(|i| i.to_string()).collect();
                c.write_record([
                    w.id.as_str(),
                    &w.day,
                    w.kind.as_str(),
                    w.severity.as_str(),
                    &w.subject.name,
                    w.country.as_deref().unwrap_or(""),
                    &w.message_en,
                    &w.message_ar,
                    &incidents.join(" "),
                    w.updated.as_deref().unwrap_or(""),
                    match w.confirmed {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "",
                    },
                    &w.gap_note().unwrap_or_default(),
                ])?;
            }
            c.flush()?;
        }
        AlertFormat::Table => {
            for g in &gaps {
                writeln!(out, "note: {}", g.describe())?;
            }
            // Unconfirmed leads (one report so far) are listed apart, after
            // the raised warnings: they are for checking, not for briefing.
            let (leads, raised): (Vec<&Warning>, Vec<&Warning>) =
                ws.iter().partition(|w| w.kind.is_lead());
            for w in &raised {
                table_entry(db.store.as_ref(), w, out)?;
            }
            writeln!(out, "({} warnings)", raised.len())?;
            if !leads.is_empty() {
                writeln!(
                    out,
                    "\nUnconfirmed leads (one report so far; not raised as warnings until a second outlet or a later report agrees):"
                )?;
                for w in &leads {
                    table_entry(db.store.as_ref(), w, out)?;
                }
                writeln!(out, "({} unconfirmed leads)", leads.len())?;
            }
        }
    }
    Ok(())
}

/// One warning of `rasd alerts`'s table, with its first incidents.
fn table_entry(store: &dyn Store, w: &Warning, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "{}  {:<8} {:<15} {}",
        w.day,
        w.severity.as_str(),
        w.kind.as_str(),
        w.message_en
    )?;
    writeln!(out, "{:<36}{}", "", w.message_ar)?;
    if let Some(u) = &w.updated {
        writeln!(
            out,
            "{:<36}updated {u} ({} state(s); raised {})",
            "",
            w.states.len(),
            w.last_raised()
        )?;
    }
    if let Some(n) = w.gap_note() {
        writeln!(out, "{:<36}{n}", "")?;
    }
    for id in w.incidents.iter().take(5) {
        if let Some((inc, reports)) = store.incident(*id)? {
            let first = reports
                .first()
                .map(|r| format!("{} {}", r.doc.ext_id, r.doc.url.as_deref().unwrap_or("")));
            writeln!(
                out,
                "{:<36}incident {}: {} {} {}, {} report(s), first {}",
                "",
                inc.id,
                inc.date.as_deref().unwrap_or("undated"),
                inc.event_type.as_str(),
                inc.place.as_deref().unwrap_or("-"),
                inc.reports,
                first.unwrap_or_default()
            )?;
        }
    }
    if w.incidents.len() > 5 {
        writeln!(out, "{:<36}… and {} more incidents", "", w.incidents.len() - 5)?;
    }
    Ok(())
}
