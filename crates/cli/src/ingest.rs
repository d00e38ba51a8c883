//! `rasd ingest`: articles in, stored and linked, searchable.
//!
//! Three stages run at once, joined by bounded channels:
//!
//! ```text
//! reader (this thread) ──(n, Doc)──► extractors (--threads) ──(n, Article)──► writer ──(due)──► indexer
//!   files, gzip, JSON                 Extractor::extract_dated                 reorders by n,       catches up
//!                                                                              one transaction      from its own
//!                                                                              per batch            connection
//! ```
//!
//! The writer puts the articles back in input order before it stores them
//! and cuts batches exactly where a one-thread run would, so the ids,
//! events and incidents are the same whatever the number of threads. Every
//! [`FEED_EVERY`] articles it signals the indexing thread, which adds them
//! to the search index (committed every 10,000) while the writer goes on. The
//! channels hold a few batches at most: memory depends on the batch, not on
//! the input or the archive.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use rasd_core::Doc;
use rasd_extract::Extractor;
use rasd_store::{Article, Database, IngestReport};

use crate::db::{DbArg, count_arg};
use crate::extract::{DEFAULT_MAX_INPUT_MB, Limits, documents_counted, sources};

/// Arguments of `rasd ingest`.
#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories, as for `rasd extract`; standard input when none.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// Publication date for every article (YYYY-MM-DD), overriding the input's.
    #[arg(long)]
    pub published: Option<jiff::civil::Date>,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256, value_parser = count_arg::<1>)]
    pub batch: usize,
    /// Extraction threads (default: all cores; at most 1024).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Stop writing when the database file would pass this many megabytes.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1 << 30))]
    pub max_size_mb: Option<u64>,
    /// The most megabytes read from one file or standard input, after
    /// decompression.
    #[arg(long, default_value_t = DEFAULT_MAX_INPUT_MB, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_input_mb: u64,
    /// Print on standard error how long each stage took (read, extract,
    /// store, link, index).
    #[arg(long)]
    pub timings: bool,
}

/// Where the time of an ingest went. Stages overlap (reading, extracting
/// and writing run at once), so the parts add up to more than the wall
/// time: each is the time its own thread or threads were busy.
#[derive(Default)]
struct Timings {
    /// Reading and parsing the input, on the reading thread.
    read: Duration,
    /// The reading thread waiting for the extractors to take articles.
    read_waiting: Duration,
    /// Extraction, summed over the extraction threads.
    extract: Duration,
    /// Storing articles, events and mentions (the writer's transactions
    /// without linking).
    store: Duration,
    /// Linking events to incidents.
    link: Duration,
    /// The writer waiting for extracted articles.
    write_waiting: Duration,
    /// Bringing the search index up to date.
    index: Duration,
    /// CPU time of the stages' own threads, where the system tells it.
    cpu: StageCpu,
}

/// The CPU time each stage's threads used, read from Linux's
/// `/proc/thread-self/schedstat`: unlike the busy times, it does not count
/// waiting for a core, so runs on a loaded machine can be compared. What
/// the process used beyond these (tantivy's indexing and merging threads,
/// the kernel's work on the process's behalf in other threads) is the
/// total's rest.
#[derive(Default, Clone, Copy)]
struct StageCpu {
    read: Duration,
    extract: Duration,
    writer: Duration,
    index: Duration,
}

/// The CPU time the calling thread has used so far; `None` where the
/// system does not tell it (not Linux).
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The CPU time (user and system) the whole process has used so far, from
/// `/proc/self/stat` (in the kernel's fixed 100 ticks a second).
fn process_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command's name, which is in parentheses and
    // may hold spaces: utime and stime are the 12th and 13th of them.
    let rest = &s[s.rfind(')')? + 1..];
    let mut f = rest.split_whitespace().skip(11);
    let ticks = f.next()?.parse::<u64>().ok()? + f.next()?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// A search index that another process is writing is not a failure: the
/// database holds everything, and the index catches up from it the next
/// time it is opened.
pub fn index_or_later(r: rasd_store::Result<usize>) -> Result<()> {
    match r {
        Ok(_) => Ok(()),
        Err(e @ rasd_store::StoreError::IndexBusy { .. }) => {
            eprintln!("rasd: {e}");
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// One article read and ready to store: its events and mentions, its
/// date settled from the text when it gave none. `rasd monitor` stores
/// through this too.
pub fn article(extractor: &Extractor, mut doc: Doc) -> Article {
    let mut x = extractor.extract_dated(&mut doc);
    x.undate_inferred();
    Article { doc, events: x.events, mentions: x.mentions }
}

/// What the extraction threads do: take the next article, extract it, pass
/// it on with its number, until the reader is done or the writer stopped.
fn extract_loop(
    extractor: &Extractor,
    docs: &Mutex<Receiver<(usize, Doc)>>,
    out: SyncSender<(usize, Article)>,
) -> (Duration, Duration) {
    let mut busy = Duration::ZERO;
    loop {
        // The lock is held only to take one article.
        let next = docs.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((n, doc)) = next else { break };
        let t = Instant::now();
        let a = article(extractor, doc);
        busy += t.elapsed();
        if out.send((n, a)).is_err() {
            break;
        }
    }
    (busy, thread_cpu().unwrap_or_default())
}

/// How many stored articles the writer lets the search index fall behind
/// before it brings it up to date itself, when there is no indexing thread
/// (an in-memory store). Indexing a long ingest in one go made its memory
/// grow with the input (199 MB for a year of news, 326 MB for three); in
/// steps, each is the same size.
const INDEX_EVERY: usize = 10_000;

/// How many stored articles make the writer signal the indexing thread,
/// which adds them to an index writer it keeps open and commits a segment
/// every 10,000 (`SearchIndex::feed`). With steps of [`INDEX_EVERY`], the
/// last step was indexed after the writer had stored the last article,
/// on one core while the other waited: 1.4 s of CPU, and a tenth of the
/// wall time of the bench year. Fed in small steps, the index ends with
/// at most this many articles to add.
const FEED_EVERY: usize = 2_000;

/// The indexing thread: brings the index up to date from its own
/// connection to the store each time the writer signals, and once more
/// when the writer is done (its signal closes); returns the time it was
/// busy. The writer stores the next articles meanwhile: before, it stopped
/// for every step, and the index took a third of its time. A failure
/// (another process writing the index) is left to the caller's last
/// catch-up, which reports it.
///
/// Every write to the index is made from this one handle: tantivy keeps
/// the list of the files an index made in the handle that made them, and
/// a second handle writing after this one would not know them (the files
/// merged away would stay on disk: 71 MB for a 33 MB index).
fn index_loop(index: &mut Database, due: Receiver<()>) -> (Duration, Duration) {
    let mut busy = Duration::ZERO;
    loop {
        let more = due.recv().is_ok();
        let t = Instant::now();
        let _ = if more { index.feed_index() } else { index.sync_index() };
        busy += t.elapsed();
        if !more {
            return (busy, thread_cpu().unwrap_or_default());
        }
    }
}

/// Starts a stage's thread under a name, which `top -H`, `perf` and
/// `/proc/PID/task` show.
fn named<'s, T: Send + 's>(
    s: &'s std::thread::Scope<'s, '_>,
    name: &str,
    f: impl FnOnce() -> T + Send + 's,
) -> std::thread::ScopedJoinHandle<'s, T> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn_scoped(s, f)
        .expect("the system could not start a thread")
}

/// What the writer did.
struct Written {
    report: IngestReport,
    failure: Option<anyhow::Error>,
    store: Duration,
    waiting: Duration,
    index: Duration,
    /// The writer thread's CPU time.
    cpu: Duration,
}

/// The writer: puts extracted articles back in input order and stores them
/// `batch` at a time, one transaction each. Every [`INDEX_EVERY`] articles
/// it signals `index_due` (the indexing thread), or without one brings the
/// index up to date itself. On a failure it sets `stop` and returns, which
/// closes its channel and so stops the extractors.
fn write_loop(
    db: &mut Database,
    articles: Receiver<(usize, Article)>,
    index_due: Option<&SyncSender<()>>,
    batch: usize,
    stop: &AtomicBool,
    progress: &(dyn Fn(usize, &IngestReport) + Sync),
) -> Written {
    let mut w = Written {
        report: IngestReport::default(),
        failure: None,
        store: Duration::ZERO,
        waiting: Duration::ZERO,
        index: Duration::ZERO,
        cpu: Duration::ZERO,
    };
    let mut unindexed = 0usize;
    let mut pending: BTreeMap<usize, Article> = BTreeMap::new();
    let mut next = 0usize;
    let mut ready: Vec<Article> = Vec::with_capacity(batch.min(4096));
    let mut flush = |ready: &mut Vec<Article>, w: &mut Written| -> bool {
        if ready.is_empty() {
            return true;
        }
        let t = Instant::now();
        match db.store.ingest(ready) {
            Ok(r) => {
                w.store += t.elapsed();
                w.report.add(&r);
                progress(ready.len(), &w.report);
                unindexed += ready.len();
                ready.clear();
                if unindexed >= if index_due.is_some() { FEED_EVERY } else { INDEX_EVERY } {
                    match index_due {
                        // The indexing thread catches up while this one
                        // stores; a signal already waiting covers this
                        // one too.
                        Some(due) => {
                            let _ = due.try_send(());
                        }
                        // A failure here (another process writing the
                        // index) is left to the last catch-up, which
                        // reports it.
                        None => {
                            let t = Instant::now();
                            let _ = db.sync_index();
                            w.index += t.elapsed();
                        }
                    }
                    unindexed = 0;
                }
                true
            }
            Err(e) => {
                w.failure = Some(e.into());
                stop.store(true, Ordering::Relaxed);
                false
            }
        }
    };
    loop {
        let t = Instant::now();
        let Ok((n, a)) = articles.recv() else { break };
        w.waiting += t.elapsed();
        pending.insert(n, a);
        while let Some(a) = pending.remove(&next) {
            next += 1;
            ready.push(a);
            if ready.len() >= batch && !flush(&mut ready, &mut w) {
                return w;
            }
        }
    }
    // Every article sent has arrived (the channel closed after the last
    // extractor finished), so nothing is left out of order.
    debug_assert!(pending.is_empty(), "articles were lost between the stages");
    flush(&mut ready, &mut w);
    w.cpu = thread_cpu().unwrap_or_default();
    w
}

/// Runs `rasd ingest`.
pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let mut db = args.db.open(true, args.max_size_mb.map(|mb| mb * 1024 * 1024))?;
    let mut timings = Timings::default();
    // An index left behind by an earlier run catches up first; one that
    // another process is writing catches up later.
    let t = Instant::now();
    index_or_later(db.sync_index())?;
    timings.index += t.elapsed();
    let extractor = Extractor::new()?;
    let threads = args
        .threads
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
        .max(1);
    let sources = sources(&args.paths)?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} articles ({per_sec}, {eta} left) {msg}",
            )
            .expect("the template is valid"),
        );
        bar
    });
    let progress = |n: usize, report: &IngestReport| {
        if let Some(bar) = &bar {
            bar.inc(n as u64);
            bar.set_message(format!("{} events", report.events));
        }
    };
    let batch = args.batch.max(1);
    // A few batches in flight at most, whatever the input's size.
    let in_flight = batch.clamp(16, 1024);
    let stop = AtomicBool::new(false);
    let mut skipped = 0usize;
    let written = std::thread::scope(|s| {
        let (doc_tx, doc_rx) = sync_channel::<(usize, Doc)>(in_flight);
        let (art_tx, art_rx) = sync_channel::<(usize, Article)>(in_flight);
        let doc_rx = Arc::new(Mutex::new(doc_rx));
        let extractors: Vec<_> = (0..threads)
            .map(|_| {
                let (docs, out, extractor) = (doc_rx.clone(), art_tx.clone(), &extractor);
                named(s, "rasd-extract", move || extract_loop(extractor, &docs, out))
            })
            .collect();
        // Only the extractors hold the receiving end, so that the reader's
        // send fails once they have all stopped.
        drop(doc_rx);
        drop(art_tx);
        // The index follows the store on a connection of its own (an
        // in-memory store has none: the writer indexes then).
        let (due_tx, due_rx) = sync_channel::<()>(1);
        let indexer = db.store.scanner().ok().map(|r| {
            let mut index = Database::with_store(r, db.index_dir().to_path_buf());
            named(s, "rasd-index", move || index_loop(&mut index, due_rx))
        });
        let due = indexer.is_some().then_some(due_tx);
        let (db, stop, progress) = (&mut db, &stop, &progress);
        let writer = named(s, "rasd-writer", move || {
            let w = write_loop(db, art_rx, due.as_ref(), batch, stop, progress);
            // Closing the signal ends the indexing thread.
            drop(due);
            w
        });
        let mut n = 0usize;
        let read_started = Instant::now();
        for source in &sources {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            documents_counted(
                source,
                Limits::from_mb(args.max_input_mb),
                &mut |k| {
                    if let Some(bar) = &bar {
                        bar.inc_length(k as u64);
                    }
                },
                |mut doc| {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    if let Some(d) = args.published {
                        doc.published = Some(d.to_string());
                    }
                    let t = Instant::now();
                    if doc_tx.send((n, doc)).is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                    timings.read_waiting += t.elapsed();
                    n += 1;
                },
                |e| {
                    skipped += 1;
                    let msg = format!("rasd: skipped {e}");
                    match &bar {
                        Some(b) => b.suspend(|| eprintln!("{msg}")),
                        None => eprintln!("{msg}"),
                    }
                },
            );
        }
        timings.read = read_started.elapsed().saturating_sub(timings.read_waiting);
        timings.cpu.read = thread_cpu().unwrap_or_default();
        drop(doc_tx);
        for e in extractors {
            let (busy, cpu) = e.join().expect("an extraction thread panicked");
            timings.extract += busy;
            timings.cpu.extract += cpu;
        }
        let mut written = writer.join().expect("the writing thread panicked");
        if let Some(i) = indexer {
            let (busy, cpu) = i.join().expect("the indexing thread panicked");
            written.index += busy;
            timings.cpu.index = cpu;
        }
        written
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let Written { report, failure, store, waiting, index, cpu } = written;
    timings.cpu.writer = cpu;
    timings.index += index;
    timings.link = report.link_time;
    timings.store = store.saturating_sub(report.link_time);
    timings.write_waiting = waiting;
    // Whatever was committed is indexed, even after a failure (the
    // indexing thread has done so: this finds nothing left, or reports why
    // it could not).
    let t = Instant::now();
    let indexed = db.sync_index();
    timings.index += t.elapsed();
    if failure.is_none() {
        db.store.maintain()?;
    }
    let totals = db.store.totals()?;
    let read =
        report.added + report.updated + report.unchanged + report.duplicates + report.superseded;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "{read} articles read in {:.1} s: {} added, {} updated, {} unchanged, {} duplicates{}; {} events ({} new incidents, {} joined earlier ones)",
        started.elapsed().as_secs_f64(),
        report.added,
        report.updated,
        report.unchanged,
        report.duplicates,
        if report.superseded > 0 {
            format!(", {} older texts of corrected articles", report.superseded)
        } else {
            String::new()
        },
        report.events,
        report.new_incidents,
        report.joined
    )?;
    writeln!(
        out,
        "{}: {} articles, {} events, {} incidents",
        args.db.name(),
        totals.documents,
        totals.events,
        totals.incidents
    )?;
    if args.timings {
        let s = |d: Duration| format!("{:.1}", d.as_secs_f64());
        eprintln!(
            "rasd: timings (s): wall {}; read {} (then waited {} for the extractors); extract {} over {threads} threads; store {}; link {}; index {}; the writer waited {} for articles",
            s(started.elapsed()),
            s(timings.read),
            s(timings.read_waiting),
            s(timings.extract),
            s(timings.store),
            s(timings.link),
            s(timings.index),
            s(timings.write_waiting),
        );
        eprintln!(
            "rasd: linking weighed {} candidate incidents, {} of them read from the database",
            report.link_candidates, report.link_reads
        );
        if let Some(total) = process_cpu() {
            let c = timings.cpu;
            let own = c.read + c.extract + c.writer + c.index;
            eprintln!(
                "rasd: cpu (s): total {}; read and start-up {}; extract {}; writer (store and link) {}; index thread {}; tantivy's threads and the rest {}",
                s(total),
                s(c.read),
                s(c.extract),
                s(c.writer),
                s(c.index),
                s(total.saturating_sub(own)),
            );
        }
    }
    if let Some(e) = failure {
        return Err(e.context(format!(
            "stopped after {read} articles; the {} articles stored before are kept",
            totals.documents
        )));
    }
    index_or_later(indexed)?;
    if skipped > 0 {
        eprintln!("rasd: {skipped} inputs skipped");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
