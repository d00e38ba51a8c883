//! `rasd extract`: articles in, events out.

use std::io::{BufRead, IsTerminal, Read, Write};
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
    /// The most megabytes read from one file or standard input, after
    /// decompression.
    #[arg(long, default_value_t = DEFAULT_MAX_INPUT_MB, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_input_mb: u64,
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
                    "{}: no files in this folder (hidden and .toml files are skipped)",
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
        // Settings beside the articles (a monitor's sources.toml in
        // examples/) are never news: a folder's TOML files are not read.
        let settings = p.extension().is_some_and(|x| x.eq_ignore_ascii_case("toml"));
        if hidden || settings {
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

/// The default of `--max-input-mb`: the most bytes read from one file or
/// from standard input, after decompression.
pub const DEFAULT_MAX_INPUT_MB: u64 = 1024;

/// HTML pages, feeds and plain text are read into memory whole; a file of
/// one of them may not pass this size (decompressed).
pub const MAX_DOCUMENT_FILE: u64 = 64 << 20;

/// The longest JSON Lines record: an article at the size limit written
/// with JSON escapes, and its other fields.
pub const MAX_LINE: usize = 4 * rasd_input::MAX_ARTICLE_BYTES + (1 << 20);

/// Bounds on what is read from one source.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The most bytes read from one source, after decompression.
    pub max_input: u64,
}

impl Limits {
    /// From `--max-input-mb`.
    pub fn from_mb(mb: u64) -> Limits {
        Limits { max_input: mb.saturating_mul(1 << 20) }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::from_mb(DEFAULT_MAX_INPUT_MB)
    }
}

/// A reader that fails once more than `left` bytes have been read, so that
/// `/dev/zero` or a decompression bomb stops at the limit instead of
/// filling the memory.
struct Bounded<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want =
            buf.len().min(usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(format!(
                "more than {} MB (raise --max-input-mb to read it)",
                self.limit >> 20
            )));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// A source opened for reading: decompressed as it is read when its name
/// ends in `.gz`, and bounded by `limits`.
fn open(source: &Source, limits: Limits) -> Result<Box<dyn BufRead>, InputError> {
    let name = source.name();
    let raw: Box<dyn Read> = match source {
        Source::Stdin => Box::new(std::io::stdin()),
        Source::File(p) => Box::new(std::fs::File::open(p).map_err(|e| InputError {
            source_name: name.clone(),
            line: None,
            message: format!("cannot read: {e}"),
        })?),
    };
    let raw: Box<dyn Read> = if name.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(raw)))
    } else {
        raw
    };
    let bounded = Bounded { inner: raw, left: limits.max_input, limit: limits.max_input };
    Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, bounded)))
}

/// Why reading stopped, in words.
fn read_error(name: &str, e: &std::io::Error) -> String {
    if name.ends_with(".gz") && e.kind() != std::io::ErrorKind::Other {
        format!("not readable gzip (truncated or damaged): {e}")
    } else {
        format!("cannot read: {e}")
    }
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
pub fn documents(
    source: &Source,
    limits: Limits,
    each: impl FnMut(Doc),
    skip: impl FnMut(InputError),
) {
    documents_counted(source, limits, &mut |_| {}, each, skip)
}

/// [`documents`], telling `count` how many records it has found so far (for
/// progress bars). JSON Lines are read one record at a time, so memory
/// stays at one record whatever the file's size, and every record before a
/// damaged or truncated part of the file is kept.
pub fn documents_counted(
    source: &Source,
    limits: Limits,
    count: &mut dyn FnMut(usize),
    mut each: impl FnMut(Doc),
    mut skip: impl FnMut(InputError),
) {
    let name = source.name();
    let err = |line: Option<usize>, message: String| InputError {
        source_name: name.clone(),
        line,
        message,
    };
    let mut reader = match open(source, limits) {
        Ok(r) => r,
        Err(e) => return skip(e),
    };
    // The first bytes tell the format when the name does not.
    let mut head = Vec::with_capacity(512);
    if let Err(e) = (&mut reader).take(512).read_to_end(&mut head) {
        return skip(err(None, read_error(&name, &e)));
    }
    let format = rasd_input::detect(&name, &head);
    if format != InputFormat::JsonLines
        && let Err(e) = utf8(&name, None, &head[..head.len().min(64)]).map(|_| ())
        && e.message.starts_with("binary")
    {
        return skip(e);
    }
    let mut reader = std::io::BufReader::new(std::io::Cursor::new(head).chain(reader));
    if format == InputFormat::JsonLines {
        let mut line = Vec::new();
        let mut n = 0;
        loop {
            n += 1;
            line.clear();
            let read = (&mut reader).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line);
            match read {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) => {
                    return skip(err(
                        Some(n),
                        format!("{}; the records before this line are kept", read_error(&name, &e)),
                    ));
                }
            }
            if line.len() > MAX_LINE {
                skip(err(Some(n), format!("record longer than {} MB", MAX_LINE >> 20)));
                // The rest of the record is passed over, a megabyte at a time.
                loop {
                    line.clear();
                    match (&mut reader).take(1 << 20).read_until(b'\n', &mut line) {
                        Ok(0) => return,
                        Ok(_) if line.ends_with(b"\n") => break,
                        Ok(_) => {}
                        Err(e) => return skip(err(Some(n), read_error(&name, &e))),
                    }
                }
                continue;
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let doc = utf8(&name, Some(n), &line)
                .and_then(|l| rasd_input::parse_json_line(&name, n, l.trim_end()));
            match doc {
                Ok(d) => {
                    count(1);
                    each(d)
                }
                Err(e) => skip(e),
            }
        }
    }
    // The other formats are one document (or one feed) read whole.
    let cap = MAX_DOCUMENT_FILE.min(limits.max_input);
    let mut bytes = Vec::new();
    if let Err(e) = (&mut reader).take(cap + 1).read_to_end(&mut bytes) {
        return skip(err(None, read_error(&name, &e)));
    }
    if bytes.len() as u64 > cap {
        return skip(err(
            None,
            format!("over {} MB, the most rasd reads of one page, feed or text", cap >> 20),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    match format {
        // Read record by record above.
        InputFormat::JsonLines => {}
        InputFormat::Html => {
            match utf8(&name, None, &bytes).and_then(|t| rasd_input::parse_html(&name, t)) {
                Ok(d) => {
                    count(1);
                    each(d)
                }
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
        InputFormat::Text => match utf8(&name, None, &bytes)
            .and_then(|t| rasd_input::parse_text(&name, t.trim_start_matches('\u{feff}')))
        {
            Ok(d) => {
                count(1);
                each(d)
            }
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
            Limits::from_mb(args.max_input_mb),
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
