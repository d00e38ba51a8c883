//! The `rasd` command: the only place in rasd that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod analyze;
mod conformance;
mod input;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use rasd_text::Config;
use rasd_text::date::Prefer;

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
        /// Print JSON instead of a table.
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Direction {
    /// News: the latest such day on or before the reference.
    Past,
    /// Schedules: the next such day.
    Future,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`rasd … | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let msg: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("rasd: error: {}", msg.join(": "));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Analyze { file, json, reference, prefer } => {
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
            let view = analyze::view(&name, &text, &analysis);
            if json {
                serde_json::to_writer_pretty(&mut out, &view).context("writing JSON")?;
                writeln!(out)?;
            } else {
                out.write_all(analyze::table(&view).as_bytes())?;
            }
        }
        Command::Conformance { verbose, pyarabic } => {
            let pyarabic = pyarabic.exists().then_some(pyarabic.as_path());
            let reports = conformance::run(pyarabic)?;
            out.write_all(conformance::table(&reports, verbose).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
