//! `rasd extract`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;
use rasd_core::Doc;
use rasd_extract::Extractor;
use serde::Serialize;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A readable table.
    Table,
    /// One JSON line per article (the eval contract, and more).
    Jsonl,
    /// One JSON document.
    Json,
}

/// Arguments of `rasd extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Files or directories; standard input when none or `-`.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Publication date for every article (YYYY-MM-DD), overriding the input's.
    #[arg(long)]
    pub published: Option<jiff::civil::Date>,
    /// Show which words triggered each event and which rule filled each field.
    #[arg(long)]
    pub explain: bool,
    /// Print the frames and drafts the rules built (for rule writers).
    #[arg(long, hide = true)]
    pub debug_frames: bool,
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    events: &'a [rasd_core::Event],
}

/// Runs `rasd extract`.
pub fn run(args: Args) -> Result<ExitCode> {
    let extractor = Extractor::new()?;
    let mut docs: Vec<Doc> = Vec::new();
    for p in &args.paths {
        let (name, text) = crate::input::read_text(Some(p))?;
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let mut doc: Doc =
                serde_json::from_str(line).with_context(|| format!("{name}:{}", n + 1))?;
            if let Some(d) = args.published {
                doc.published = Some(d.to_string());
            }
            docs.push(doc);
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for doc in &docs {
        let x = extractor.extract(doc);
        match args.format {
            Format::Jsonl | Format::Json => {
                serde_json::to_writer(
                    &mut out,
                    &Record { id: &doc.id, published: doc.published.as_deref(), events: &x.events },
                )?;
                writeln!(out)?;
            }
            Format::Table => {
                if args.debug_frames {
                    out.write_all(extractor.debug(doc).as_bytes())?;
                }
                out.write_all(table(doc, &x.events, args.explain).as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn count(c: &Option<rasd_core::Count>) -> String {
    match c {
        None => "-".into(),
        Some(c) => {
            let q = match c.qualifier {
                rasd_core::CountQualifier::Exact => "",
                rasd_core::CountQualifier::AtLeast => "≥",
                rasd_core::CountQualifier::MoreThan => ">",
                rasd_core::CountQualifier::About => "~",
                rasd_core::CountQualifier::UpTo => "≤",
                rasd_core::CountQualifier::Vague => "some",
            };
            format!("{q}{}", c.value.map(|v| v.to_string()).unwrap_or_default())
        }
    }
}

/// The readable table of one article's events, with the evidence when asked.
pub fn table(doc: &Doc, events: &[rasd_core::Event], explain: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "{}  ({} events)", doc.id, events.len());
    for (i, e) in events.iter().enumerate() {
        let perps: Vec<String> = e
            .perpetrators
            .iter()
            .map(|p| format!("{} ({:?})", p.name, p.status).to_lowercase())
            .collect();
        let _ = writeln!(
            out,
            "  {}{} {:<16} {:<10} {:<2} {:<22} killed {:<6} injured {:<6} {}{}",
            i + 1,
            if e.main { "*" } else { " " },
            e.event_type.as_str(),
            e.date.as_deref().unwrap_or("-"),
            e.country.as_deref().unwrap_or("-"),
            e.place.as_deref().unwrap_or("-"),
            count(&e.killed),
            count(&e.injured),
            if perps.is_empty() { "-".to_string() } else { perps.join(", ") },
            if e.aggregate { "  [aggregate]" } else { "" },
        );
        if explain {
            for ev in &e.evidence {
                let _ = writeln!(
                    out,
                    "        {:<40} «{}» [{:?}]",
                    ev.rule,
                    ev.text.replace('\n', " "),
                    ev.span
                );
            }
            for (label, c) in [("killed", &e.killed), ("injured", &e.injured)] {
                if let Some(c) = c {
                    for ev in &c.evidence {
                        let _ = writeln!(
                            out,
                            "        {:<40} «{}» [{:?}]",
                            format!("{label}: {}", ev.rule),
                            ev.text,
                            ev.span
                        );
                    }
                }
            }
            for p in &e.perpetrators {
                for ev in &p.evidence {
                    let _ = writeln!(
                        out,
                        "        {:<40} «{}» [{:?}]",
                        format!("{}: {}", p.name, ev.rule),
                        ev.text,
                        ev.span
                    );
                }
            }
            let _ = writeln!(
                out,
                "        target: {}   confidence: {:.2}",
                e.target_type, e.confidence
            );
        }
    }
    out
}
