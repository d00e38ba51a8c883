//! `rasd monitor`: keeps reading feeds, listing pages and folders, stores
//! new articles as `rasd ingest` does, and pushes new warnings as `rasd
//! alerts` computes them.
//!
//! Every step is committed before the next (the database, then the
//! monitor's state), so stopping it at any moment, Ctrl-C or kill -9, is
//! safe: the next run carries on where it stopped.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rasd_core::Doc;
use rasd_extract::Extractor;
use rasd_lexicon::Lexicon;
use rasd_monitor::clock::rfc3339;
use rasd_monitor::{
    Alert, Clock, Config, Monitor, Sink, SinkError, Source, SourceStatus, State, SystemClock,
    WebhookConfig,
};
use rasd_store::Database;
use rasd_watch::{LexiconNames, Warning};

use crate::db::DbArg;
use crate::ingest::{article, index_or_later};
use crate::watch::{AlertArgs, AlertFormat, SeverityArg};

/// Arguments of `rasd monitor`.
#[derive(clap::Args)]
pub struct Args {
    /// The sources file (TOML; see examples/sources.toml).
    #[arg(long)]
    pub sources: Option<PathBuf>,
    /// A feed to follow (repeatable), besides or instead of a sources file.
    #[arg(long)]
    pub feed: Vec<String>,
    /// How often each `--feed` is read (e.g. 5m, 1h).
    #[arg(long, default_value = "15m", value_parser = rasd_monitor::config::parse_duration)]
    pub interval: Duration,
    #[command(flatten)]
    pub db: DbArg,
    /// The monitor's own state (default: the database's path with
    /// `.monitor` added).
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Read every source once, deliver what is due, and stop (for cron).
    #[arg(long)]
    pub once: bool,
    /// Post each new warning here (JSON, signed); overrides the sources
    /// file's webhook.
    #[arg(long)]
    pub webhook: Option<String>,
    /// The webhook's signing secret (better given in the environment: a
    /// flag shows in the list of processes).
    #[arg(long, env = "RASD_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// The warning rules (TOML, as for `rasd alerts --config`).
    #[arg(long)]
    pub alert_config: Option<PathBuf>,
    /// Push only warnings at least this severe.
    #[arg(long, value_enum)]
    pub min_severity: Option<SeverityArg>,
    /// Keep the warnings of the last days as an Atom feed in this file.
    #[arg(long)]
    pub atom: Option<PathBuf>,
    /// Write the sources' status as JSON to this file after each round.
    #[arg(long)]
    pub status_json: Option<PathBuf>,
}

/// The sink of the `rasd` binary: the database, through the same steps as
/// `rasd ingest`, and the warnings as `rasd alerts` gives them.
struct DbSink {
    db: Database,
    extractor: Extractor,
    lexicon: Lexicon,
    alerts: AlertArgs,
    /// The warnings of the last run of the rules, for the Atom feed.
    last: Vec<Warning>,
}

impl Sink for DbSink {
    fn store(&mut self, docs: Vec<Doc>) -> Result<usize, SinkError> {
        let articles: Vec<_> = docs.into_iter().map(|d| article(&self.extractor, d)).collect();
        let r = self.db.store.ingest(&articles)?;
        index_or_later(self.db.sync_index())?;
        Ok(r.added + r.updated)
    }

    fn warnings(&mut self) -> Result<Vec<Alert>, SinkError> {
        let names = LexiconNames(&self.lexicon);
        let (ws, records) =
            crate::watch::desk_warnings(self.db.store.as_ref(), &self.alerts, &names)?;
        // The desk records each warning the moment the monitor raises it,
        // so that its wait starts then, not when someone first looks.
        self.db.store.sync_warnings(&records, jiff::Timestamp::now())?;
        let alerts = ws
            .iter()
            .map(|w| {
                // A warning raised again (a toll past a higher threshold)
                // is pushed again; updates in between are not.
                let key = format!("{}@{}", w.id, w.last_raised());
                // An unconfirmed lead is delivered as one, for the desk to
                // check, not as a raised warning.
                let event = if w.kind.is_lead() { "lead" } else { "warning" };
                let body = serde_json::json!({"event": event, "key": key, "warning": w});
                Alert {
                    line: format!(
                        "{} {} {}: {} / {}",
                        w.day,
                        w.severity.as_str(),
                        w.kind.as_str(),
                        w.message_en,
                        w.message_ar
                    ),
                    body: body.to_string(),
                    key,
                }
            })
            .collect();
        self.last = ws;
        Ok(alerts)
    }
}

/// The terminal: log lines scroll above a block of status lines that is
/// redrawn in place.
#[derive(Default)]
struct Term {
    /// Status lines on screen below the log.
    drawn: usize,
}

impl Term {
    fn erase(&mut self, err: &mut impl Write) {
        if self.drawn > 0 {
            let _ = write!(err, "\x1b[{}A\x1b[J", self.drawn);
            self.drawn = 0;
        }
    }
}

fn hms(t: Option<&String>) -> &str {
    t.and_then(|t| t.get(11..19)).unwrap_or("-")
}

/// One source's status as a line.
pub fn status_line(s: &SourceStatus) -> String {
    let mut line = format!(
        "{:<20} {:<7} {:>3}  seen {:>3} new {:>3} stored {:>5}  last {} next {}",
        s.name.chars().take(20).collect::<String>(),
        s.kind,
        s.last_status.map_or("-".to_string(), |c| c.to_string()),
        s.items_seen,
        s.items_new,
        s.stored_total,
        hms(s.last_fetch.as_ref()),
        hms(s.next_poll.as_ref()),
    );
    if let Some(e) = &s.last_error {
        line.push_str(&format!("  error ({}x): {e}", s.failures));
    }
    line
}

fn write_status(path: &std::path::Path, sources: &[SourceStatus], now: u64) -> Result<()> {
    let json = serde_json::json!({"updated": rfc3339(now), "sources": sources});
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(&json)?)
        .with_context(|| tmp.display().to_string())?;
    std::fs::rename(&tmp, path).with_context(|| path.display().to_string())?;
    Ok(())
}

fn config(args: &Args) -> Result<Config> {
    let mut config = match &args.sources {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| p.display().to_string())?;
            Config::parse(&p.display().to_string(), &text)?
        }
        None => Config::default(),
    };
    for url in &args.feed {
        if config.sources.iter().any(|s| s.name == *url) {
            bail!("--feed {url}: a source of that name is already in the sources file");
        }
        rasd_monitor::config::check_url(url).map_err(|m| anyhow::anyhow!("--feed: {m}"))?;
        config.sources.push(Source::feed(url, args.interval));
    }
    if config.sources.is_empty() {
        bail!("nothing to monitor: give --sources FILE or --feed URL");
    }
    if let Some(url) = &args.webhook {
        rasd_monitor::config::check_url(url).map_err(|m| anyhow::anyhow!("--webhook: {m}"))?;
        let Some(secret) = args.webhook_secret.clone().filter(|s| !s.is_empty()) else {
            bail!(
                "--webhook {url}: set RASD_WEBHOOK_SECRET (or --webhook-secret) to sign deliveries"
            );
        };
        config.webhook = Some(WebhookConfig { url: url.clone(), secret });
    }
    Ok(config)
}

/// Runs `rasd monitor`.
pub fn run(args: Args) -> Result<ExitCode> {
    let config = config(&args)?;
    let state_path = match &args.state {
        Some(p) => p.clone(),
        // A server database has no file to sit beside.
        None if args.db.db.to_string_lossy().contains("://") => {
            bail!("--db {}: give --state FILE for the monitor's own state", args.db.name())
        }
        None => {
            let mut p = args.db.db.clone().into_os_string();
            p.push(".monitor");
            PathBuf::from(p)
        }
    };
    let state = State::open(&state_path).with_context(|| state_path.display().to_string())?;
    let db = args.db.open(true, None)?;
    let alerts = AlertArgs {
        db: args.db.clone(),
        since: None,
        until: None,
        days: 14,
        config: args.alert_config.clone(),
        kind: Vec::new(),
        min_severity: args.min_severity,
        country: Vec::new(),
        group: Vec::new(),
        include_history: false,
        format: AlertFormat::Table,
        json: false,
        atom: None,
        print_config: false,
        state: None,
        action: None,
    };
    let sink = DbSink {
        db,
        extractor: Extractor::new()?,
        lexicon: Lexicon::load()?,
        alerts,
        last: Vec::new(),
    };
    let tty = std::io::stderr().is_terminal() && !args.once;
    let term = Arc::new(Mutex::new(Term::default()));
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let log = {
        let (term, clock) = (term.clone(), clock.clone());
        Box::new(move |line: &str| {
            let mut err = std::io::stderr().lock();
            term.lock().unwrap_or_else(|e| e.into_inner()).erase(&mut err);
            let _ = writeln!(err, "{} {line}", rfc3339(clock.now_ms()));
        })
    };
    let n_sources = config.sources.len();
    let mut monitor = Monitor::new(config, state, sink, clock.clone(), log)?;
    eprintln!(
        "rasd: monitoring {n_sources} sources into {} (state in {})",
        args.db.name(),
        state_path.display()
    );
    let after = |m: &Monitor<DbSink>, round: Option<rasd_monitor::Round>| -> Result<()> {
        if let Some(r) = round {
            if let Some(p) = &args.status_json {
                write_status(p, m.status(), clock.now_ms())?;
            }
            if let (Some(p), true) = (&args.atom, r.stored > 0) {
                let feed = rasd_watch::atom::feed(&m.sink().last, None, &rfc3339(clock.now_ms()));
                std::fs::write(p, feed).with_context(|| p.display().to_string())?;
            }
        }
        if tty {
            let mut err = std::io::stderr().lock();
            let mut t = term.lock().unwrap_or_else(|e| e.into_inner());
            t.erase(&mut err);
            // Each line is cut to the terminal's width: a wrapped line
            // would throw the redraw off by one.
            let width = usize::from(console::Term::stderr().size().1).max(20);
            for s in m.status() {
                let line: String = status_line(s).chars().take(width - 1).collect();
                let _ = writeln!(err, "{line}");
            }
            t.drawn = m.status().len();
        }
        Ok(())
    };
    if args.once {
        let round = monitor.round(true)?;
        after(&monitor, Some(round))?;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for s in monitor.status() {
            writeln!(out, "{}", status_line(s))?;
        }
        writeln!(
            out,
            "{} sources read, {} articles stored, {} new warnings, {} webhook deliveries",
            round.polled, round.stored, round.warnings, round.delivered
        )?;
        let failed = monitor.status().iter().any(|s| s.last_error.is_some());
        return Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS });
    }
    // Runs until killed: every step is committed, so any stop is safe.
    let stop = AtomicBool::new(false);
    let mut failure = None;
    monitor.run(&stop, |m, r| {
        if failure.is_none()
            && let Err(e) = after(m, r)
        {
            failure = Some(e);
        }
    })?;
    match failure {
        Some(e) => Err(e),
        None => Ok(ExitCode::SUCCESS),
    }
}
