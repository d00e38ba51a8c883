//! `rasd extract`: articles in, events out.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;
use rasd_core::{Doc, Event};
use rasd_extract::Extractor;
use rasd_input::{Format as InputFormat, InputError};
use serde::Serialize;

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A readable table.
    Table,
    /// One JSON line per article (the eval contract, and more).
    Jsonl,
    /// One JSON document: an array of articles.
    Json,
}

/// Arguments of `rasd extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (read recursively); standard input when none or `-`.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// The same as `--format json`.
    #[arg(long)]
    pub json: bool,
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

/// One article's output record.
#[derive(Serialize)]
pub struct Record<'a> {
    /// The article's id.
    pub id: &'a str,
    /// Its publication time, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<&'a str>,
    /// Its URL, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// The events found.
    pub events: &'a [Event],
}

/// A file to read, or standard input.
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// Expands directories (recursively, in name order) into files.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    if paths.is_empty() {
        return Ok(vec![Source::Stdin]);
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if p.is_dir() {
            let before = out.len();
            walk(p, &mut out).with_context(|| p.display().to_string())?;
            if out.len() == before {
                anyhow::bail!(
                    "{}: no files in this folder (hidden files are skipped)",
                    p.display()
                );
            }
        } else if p.exists() {
            out.push(Source::File(p.clone()));
        } else {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Source>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(Source::File(p));
        }
    }
    Ok(())
}

/// The bytes of a source, decompressed when it ends in `.gz`.
pub fn read_bytes(source: &Source) -> Result<Vec<u8>, InputError> {
    let name = source.name();
    let err = |m: String| InputError { source_name: name.clone(), line: None, message: m };
    let mut raw = Vec::new();
    match source {
        Source::Stdin => {
            std::io::stdin().read_to_end(&mut raw).map_err(|e| err(format!("cannot read: {e}")))?;
        }
        Source::File(p) => {
            raw = std::fs::read(p).map_err(|e| err(format!("cannot read: {e}")))?;
        }
    }
    if name.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| err(format!("not readable gzip: {e}")))?;
        return Ok(out);
    }
    Ok(raw)
}

fn utf8<'a>(name: &str, line: Option<usize>, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(InputError {
            source_name: name.into(),
            line,
            message: format!("binary data (NUL byte at byte {at}), not text"),
        });
    }
    std::str::from_utf8(bytes).map_err(|e| InputError {
        source_name: name.into(),
        line,
        message: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
    })
}

/// Reads every document of a source, calling `each` for each one and
/// `skip` for each record or file that cannot be read.
pub fn documents(source: &Source, each: impl FnMut(Doc), skip: impl FnMut(InputError)) {
    documents_counted(source, &mut |_| {}, each, skip)
}

/// [`documents`], telling `count` first how many records the source holds
/// (for progress bars).
pub fn documents_counted(
    source: &Source,
    count: &mut dyn FnMut(usize),
    mut each: impl FnMut(Doc),
    mut skip: impl FnMut(InputError),
) {
    let name = source.name();
    let bytes = match read_bytes(source) {
        Ok(b) => b,
        Err(e) => return skip(e),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    match rasd_input::detect(&name, &bytes) {
        InputFormat::JsonLines => {
            count(
                bytes
                    .split(|b| *b == b'\n')
                    .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
                    .count(),
            );
            for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let doc = utf8(&name, Some(n + 1), line)
                    .and_then(|l| rasd_input::parse_json_line(&name, n + 1, l));
                match doc {
                    Ok(d) => each(d),
                    Err(e) => skip(e),
                }
            }
        }
        InputFormat::Html => {
            count(1);
            match utf8(&name, None, &bytes).and_then(|t| rasd_input::parse_html(&name, t)) {
                Ok(d) => each(d),
                Err(e) => skip(e),
            }
        }
        InputFormat::Feed => match rasd_input::parse_feed(&name, &bytes) {
            Ok(docs) => {
                count(docs.len());
                docs.into_iter().for_each(each)
            }
            Err(e) => skip(e),
        },
        InputFormat::Text => match utf8(&name, None, &bytes).inspect(|_| count(1)) {
            Ok(t) => each(rasd_input::parse_text(&name, t.trim_start_matches('\u{feff}'))),
            Err(e) => skip(e),
        },
    }
}

/// Runs `rasd extract`.
pub fn run(mut args: Args) -> Result<ExitCode> {
    if args.json {
        args.format = Format::Json;
    }
    let extractor = Extractor::new()?;
    let sources = sources(&args.paths)?;
    let total: u64 = sources
        .iter()
        .map(|s| match s {
            Source::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Source::Stdin => 0,
        })
        .sum();
    let progress = (std::io::stderr().is_terminal() && total > 1 << 20).then(|| {
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({eta})")
                .expect("the template is valid"),
        );
        bar
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut skipped = 0usize;
    let mut n_docs = 0usize;
    let mut n_events = 0usize;
    let mut json_started = false;
    if matches!(args.format, Format::Json) {
        out.write_all(b"[")?;
    }
    let mut write_err: Option<std::io::Error> = None;
    for source in &sources {
        documents(
            source,
            |mut doc| {
                if write_err.is_some() {
                    return;
                }
                if let Some(d) = args.published {
                    doc.published = Some(d.to_string());
                }
                // An article without a publication time takes its dateline's
                // day, as `rasd ingest` and `rasd analyze` do.
                let x = extractor.extract_dated(&mut doc);
                n_docs += 1;
                n_events += x.events.len();
                let record = Record {
                    id: &doc.id,
                    published: doc.published.as_deref(),
                    url: doc.url.as_deref(),
                    events: &x.events,
                };
                let r = match args.format {
                    Format::Jsonl => serde_json::to_writer(&mut out, &record)
                        .map_err(std::io::Error::other)
                        .and_then(|_| writeln!(out)),
                    Format::Json => {
                        let sep: &[u8] = if json_started { b",\n" } else { b"\n" };
                        json_started = true;
                        out.write_all(sep).and_then(|_| {
                            serde_json::to_writer(&mut out, &record).map_err(std::io::Error::other)
                        })
                    }
                    Format::Table => {
                        let mut s = String::new();
                        if args.debug_frames {
                            s.push_str(&extractor.debug(&doc));
                        }
                        s.push_str(&table(&doc, &x.events, args.explain));
                        out.write_all(s.as_bytes())
                    }
                };
                if let Err(e) = r {
                    write_err = Some(e);
                }
            },
            |e| {
                skipped += 1;
                if let Some(bar) = &progress {
                    bar.suspend(|| eprintln!("rasd: skipped {e}"));
                } else {
                    eprintln!("rasd: skipped {e}");
                }
            },
        );
        if let Some(e) = write_err.take() {
            return Err(e.into());
        }
        if let (Some(bar), Source::File(p)) = (&progress, source) {
            bar.inc(std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
            bar.set_message(format!("{n_docs} articles, {n_events} events"));
        }
    }
    if matches!(args.format, Format::Json) {
        out.write_all(b"\n]\n")?;
    }
    out.flush()?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if skipped > 0 {
        eprintln!("rasd: {n_docs} articles read, {skipped} skipped");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A count for a table: `≥17`, or `-` when none is given.
pub fn count(c: Option<&rasd_core::Count>) -> String {
    c.map_or_else(|| "-".into(), |c| c.to_string())
}

/// The readable table of one article's events, with the evidence when asked.
pub fn table(doc: &Doc, events: &[Event], explain: bool) -> String {
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
            count(e.killed.as_ref()),
            count(e.injured.as_ref()),
            if perps.is_empty() { "-".to_string() } else { perps.join(", ") },
            if e.aggregate { "  [aggregate]" } else { "" },
        );
        if explain {
            for sup in e.supports() {
                let _ = writeln!(
                    out,
                    "        {:<44} «{}» [{:?}]",
                    sup.label(),
                    sup.evidence.text.replace('\n', " "),
                    sup.evidence.span
                );
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
