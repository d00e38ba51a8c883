//! The `rasd` command: the only place in rasd that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod analyze;
mod bench;
mod conformance;
mod db;
mod desk;
mod extract;
mod ingest;
mod input;
mod monitor;
mod ner_eval;
mod publish;
mod serve;
mod train;
mod watch;
mod worker;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use rasd_text::Config;
use rasd_text::date::Prefer;

/// The allocator. glibc's gives each thread that allocates an arena of its
/// own and keeps what was freed in it: an ingest, whose extraction,
/// writing and indexing threads (tantivy starts new ones for every step
/// of the index) each allocate and free a great deal, grew to 478 MB over
/// ten years of news against 235 MB for one, with the live data the same
/// size. mimalloc hands freed pages back and reuses a finished thread's
/// memory, and allocates faster, which text analysis and indexing do all
/// the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// rasd (رصد): violent events from Arabic news, with evidence.
#[derive(Parser)]
#[command(name = "rasd", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show what the text layer sees: sentences, tokens with clitics,
    /// numbers and dates with their spans and resolved values.
    Analyze {
        /// A UTF-8 text file; standard input when absent or `-`.
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
        /// The same as `--format json`.
        #[arg(long)]
        json: bool,
        /// The day relative dates resolve against (YYYY-MM-DD). Default:
        /// the article's dateline, else today.
        #[arg(long)]
        reference: Option<jiff::civil::Date>,
        /// Which way a bare weekday or a month without a year resolves.
        #[arg(long, value_enum, default_value_t = Direction::Past)]
        prefer: Direction,
    },
    /// Extract violent events from articles: text, HTML, RSS/Atom feeds,
    /// JSON Lines, directories (recursively) or standard input.
    Extract(extract::Args),
    /// Store articles, their events and incidents in a database (an SQLite
    /// file, or PostgreSQL by URL) with an Arabic search index; re-ingesting
    /// is safe.
    Ingest(ingest::IngestArgs),
    /// Keep reading feeds, listing pages and folders: store new articles
    /// once each and push new warnings to a webhook and the log.
    Monitor(monitor::Args),
    /// Put articles on a NATS JetStream stream for `rasd worker` (read as
    /// `ingest` reads them; an article published twice is taken once).
    Publish(publish::PublishArgs),
    /// Take articles from a JetStream stream, extract and store them; run
    /// several, on one or more machines, over one database.
    Worker(worker::WorkerArgs),
    /// Search the stored articles: Arabic words in any form, with filters.
    Search(db::SearchArgs),
    /// List stored events (one article's report each).
    Events(db::QueryArgs),
    /// List incidents (the same happening across articles, tolls reconciled).
    Incidents(db::QueryArgs),
    /// Show one incident with every report and the words behind each field.
    Incident(db::IncidentArgs),
    /// Incidents, killed and injured per group, country, type, month or week.
    Stats(db::StatsArgs),
    /// Export: eval JSON Lines, JSON, ACLED-style or GTD-style CSV, GeoJSON.
    Export(db::ExportArgs),
    /// Incidents and killed per group, country or type over weeks or
    /// months: a table with sparklines, CSV, JSON, or a picture.
    Trends(watch::TrendArgs),
    /// Early warnings (new ground, surges, mass casualties, new actors),
    /// replayed day by day without look-ahead; the desk (`--state new`,
    /// `ack`, `act`, `dismiss`, `show`) keeps who dealt with each.
    #[command(args_conflicts_with_subcommands = true)]
    Alerts(watch::AlertArgs),
    /// Serve the JSON API and the web UI (map, timeline, incidents with
    /// their evidence) over a database, offline.
    Serve(serve::Args),
    /// Rebuild every incident from the stored events (or those of the
    /// articles published since a day).
    Relink(db::RelinkArgs),
    /// Learn the extractor's decisions from annotated articles and write
    /// the model file (or, with --cv, out-of-fold predictions).
    Train(train::Args),
    /// Measure end-to-end extraction speed and memory over a JSON Lines file.
    Bench(bench::Args),
    /// Run other projects' Arabic test vectors and print rasd's pass rates.
    Conformance {
        /// List every failure and every example left out of scope.
        #[arg(long, short)]
        verbose: bool,
        /// PyArabic's vectors (GPL; read in place, never copied).
        #[arg(
            long,
            default_value = "../shared/data/peers/pyarabic_tests/pyarabic_test_vectors.tsv"
        )]
        pyarabic: PathBuf,
    },
    /// Print a shell completion script (`rasd completions bash >
    /// /etc/bash_completion.d/rasd`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (`rasd man > rasd.1; man ./rasd.1`).
    Man,
    /// Score place, group and person recognition against NER corpora and the
    /// eval set's gold places and perpetrators.
    NerEval {
        /// The shared data folder holding data/ner and eval/dev.jsonl.
        #[arg(long, default_value = SHARED)]
        shared: PathBuf,
        /// A gold events file (JSON Lines) for place and perpetrator coverage.
        #[arg(long)]
        dev: Option<PathBuf>,
        /// List what was missed on the gold events.
        #[arg(long, short)]
        verbose: bool,
        /// Write each corpus's false positives and negatives to a file in
        /// this folder.
        #[arg(long)]
        errors_to: Option<PathBuf>,
    },
}

/// Where `rasd ner-eval` finds its corpora by default: beside the repo.
const SHARED: &str = "../shared";

/// Output formats of commands that print a table or JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    /// A readable table.
    Table,
    /// One JSON document.
    Json,
}

impl TableOrJson {
    /// The format chosen by `--format` and its `--json` alias.
    pub fn or_json(self, json: bool) -> TableOrJson {
        if json { TableOrJson::Json } else { self }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Direction {
    /// News: the latest such day on or before the reference.
    Past,
    /// Schedules: the next such day.
    Future,
}

/// Whether an error is the reader of our output going away (`rasd … |
/// head`), however deep the writer that met it wrapped it.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
            || c.downcast_ref::<csv::Error>().is_some_and(
                |x| matches!(x.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`rasd … | head`) is not an error.
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let msg: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            // One line, whatever a path or value quoted in it holds.
            let mut line = String::new();
            for c in msg.join(": ").chars() {
                if c.is_control() {
                    line.extend(c.escape_default());
                } else {
                    line.push(c);
                }
            }
            eprintln!("rasd: error: {line}");
            ExitCode::from(2)
        }
    }
}

fn aqmar_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Analyze { file, format, json, reference, prefer } => {
            let (name, text) = input::read_text(file.as_deref())?;
            let prefer = match prefer {
                Direction::Past => Prefer::Past,
                Direction::Future => Prefer::Future,
            };
            // Without --reference, the dateline decides; failing that, today.
            let mut config = Config { reference, prefer };
            let mut analysis = analyze::run(&text, &config);
            if analysis.reference.is_none() {
                config.reference = Some(jiff::Zoned::now().date());
                analysis = analyze::run(&text, &config);
            }
            let lex = rasd_lexicon::Lexicon::load()?;
            let mentions = lex.find(&text, &analysis);
            let view = analyze::view(&name, &text, &analysis, &lex, &mentions);
            if format.or_json(json) == TableOrJson::Json {
                serde_json::to_writer_pretty(&mut out, &view).context("writing JSON")?;
                writeln!(out)?;
            } else {
                out.write_all(analyze::table(&view).as_bytes())?;
            }
        }
        Command::Train(args) => train::run(args, &mut out)?,
        Command::Bench(args) => {
            let report = bench::run(&args)?;
            out.write_all(report.render().as_bytes())?;
        }
        Command::Extract(args) => {
            drop(out);
            return extract::run(args);
        }
        Command::Ingest(args) => {
            drop(out);
            return ingest::ingest(args);
        }
        Command::Monitor(args) => {
            drop(out);
            return monitor::run(args);
        }
        Command::Publish(args) => {
            drop(out);
            return publish::publish(args);
        }
        Command::Worker(args) => {
            drop(out);
            return worker::worker(args);
        }
        Command::Search(args) => db::search(args, &mut out)?,
        Command::Events(args) => db::events(args, &mut out)?,
        Command::Incidents(args) => db::incidents(args, &mut out)?,
        Command::Incident(args) => db::incident(args, &mut out)?,
        Command::Stats(args) => db::stats(args, &mut out)?,
        Command::Export(args) => {
            drop(out);
            db::export(args)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Relink(args) => db::relink(args, &mut out)?,
        Command::Serve(args) => {
            drop(out);
            serve::run(args)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Trends(args) => watch::run_trends(args, &mut out)?,
        Command::Alerts(args) => watch::run_alerts(args, &mut out)?,
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // Generated into memory first: the generator panics on a write
            // error, and a closed pipe must end quietly.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "rasd", &mut script);
            out.write_all(&script)?;
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
            // Each command's page follows the main one, so one file has all.
            for sub in cmd.get_subcommands() {
                clap_mangen::Man::new(sub.clone())
                    .title(format!("rasd-{}", sub.get_name()))
                    .render(&mut page)?;
            }
            out.write_all(&page).context("writing the manual page")?;
        }
        Command::Conformance { verbose, pyarabic } => {
            let pyarabic = pyarabic.exists().then_some(pyarabic.as_path());
            let reports = conformance::run(pyarabic)?;
            out.write_all(conformance::table(&reports, verbose).as_bytes())?;
        }
        Command::NerEval { shared, dev, verbose, errors_to } => {
            let started = std::time::Instant::now();
            let lex = rasd_lexicon::Lexicon::load()?;
            writeln!(
                out,
                "lexicon: {} (loaded in {} ms)",
                lex.stats(),
                started.elapsed().as_millis()
            )?;
            let ner = shared.join("data/ner");
            let corpora = [
                ("ANERcorp test (ITE5th split)", vec![ner.join("anercorp/ITE5th_test_data.conll")]),
                ("Wojood sample test", vec![ner.join("wojood_sample/test.txt")]),
                ("AQMAR (28 articles)", aqmar_files(&ner.join("aqmar"))),
            ];
            for (name, files) in corpora {
                let mut sentences = Vec::new();
                for f in &files {
                    match std::fs::read_to_string(f) {
                        Ok(src) => sentences.extend(ner_eval::parse_bio(&src)),
                        Err(e) => writeln!(out, "{name}: skipped ({}: {e})", f.display())?,
                    }
                }
                if !sentences.is_empty() {
                    let mut errors = Vec::new();
                    let counts = ner_eval::score(&lex, &sentences, &mut errors);
                    out.write_all(ner_eval::table(name, &counts).as_bytes())?;
                    if let Some(path) = &errors_to {
                        let file = path.join(format!(
                            "{}.errors.txt",
                            name.split_whitespace().next().unwrap_or("corpus")
                        ));
                        std::fs::write(&file, errors.join("\n"))
                            .with_context(|| file.display().to_string())?;
                    }
                }
            }
            let dev = dev.unwrap_or_else(|| shared.join("eval/dev.jsonl"));
            match std::fs::read_to_string(&dev) {
                Ok(src) => {
                    let cov = ner_eval::dev_coverage(&lex, &src)
                        .with_context(|| dev.display().to_string())?;
                    let rate =
                        |(a, b): (usize, usize)| if b == 0 { 1.0 } else { a as f64 / b as f64 };
                    writeln!(
                        out,
                        "gold places recognised where they occur: {}/{} = {:.3}",
                        cov.places.0,
                        cov.places.1,
                        rate(cov.places)
                    )?;
                    writeln!(
                        out,
                        "gold perpetrators recognised where they occur: {}/{} = {:.3}",
                        cov.perpetrators.0,
                        cov.perpetrators.1,
                        rate(cov.perpetrators)
                    )?;
                    if verbose {
                        for m in &cov.misses {
                            writeln!(out, "MISS {m}")?;
                        }
                    }
                }
                Err(e) => writeln!(out, "{}: skipped ({e})", dev.display())?,
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
