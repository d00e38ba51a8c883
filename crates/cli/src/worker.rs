//! `rasd worker`: articles from a JetStream stream, extracted and stored
//! (docs/scale-out.md).
//!
//! ```text
//! fetch ≤ --batch messages ──► extract (--threads) ──► Store::ingest (one transaction) ──► ack each
//!        (durable pull consumer)                           commit first, then acknowledge
//! ```
//!
//! A message is acknowledged only after the transaction holding its
//! article has committed. A worker killed before that loses nothing: the
//! server delivers the message again after the consumer's acknowledgement
//! wait. One killed after the commit and before the acknowledgement
//! stores nothing twice: the article comes again and the store finds it
//! unchanged (same key, same content hash).
//!
//! Several workers commit in whatever order their batches end, and
//! incremental linking depends on the order articles arrive in. So each
//! worker, whenever the stream is drained (nothing pending, nothing
//! unacknowledged) and the database has changed since it last did so,
//! relinks in publication order: everything the first time, then the days
//! of what was stored since its last relink (`Store::relink_since`). The
//! incidents are then those a single process gives the same articles.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use rasd_core::Doc;
use rasd_extract::Extractor;
use rasd_queue::{ConsumerSettings, DEFAULT_DURABLE, Delivery, Queue};
use rasd_store::{Article, Database, IngestReport, Store, StoreError};

use crate::db::{DbArg, count_arg};
use crate::publish::{PATIENCE, QueueArgs, patiently, runtime};

/// Arguments of `rasd worker`.
#[derive(clap::Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub queue: QueueArgs,
    #[command(flatten)]
    pub db: DbArg,
    /// The durable consumer the workers of one database share.
    #[arg(long, default_value = DEFAULT_DURABLE)]
    pub durable: String,
    /// Articles fetched, extracted and stored at a time (one transaction).
    #[arg(long, default_value_t = 64, value_parser = count_arg::<1>)]
    pub batch: usize,
    /// Extraction threads (default: all cores; at most 1024).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Seconds the server waits for an acknowledgement before it delivers
    /// a message again, when the consumer is created.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub ack_wait: u64,
    /// Stop once the stream is drained (nothing pending, nothing being
    /// worked on), after relinking.
    #[arg(long)]
    pub once: bool,
    /// Stop once the stream has been drained for this many seconds.
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=31_536_000))]
    pub idle_exit: Option<u64>,
    /// Do not relink incidents when the stream is drained (incidents then
    /// depend on the order the workers committed in).
    #[arg(long)]
    pub no_relink: bool,
}

/// How many articles the worker stores before it brings the search index
/// up to date (as `rasd ingest` does).
const INDEX_EVERY: usize = 10_000;

/// What a worker did.
#[derive(Default)]
struct Tally {
    report: IngestReport,
    /// Messages that were not articles, rejected for good.
    rejected: usize,
    /// Deliveries after the first (a worker died, or an ack was lost).
    redelivered: usize,
    /// Acknowledgements that could not be sent (the article comes again
    /// and is found unchanged).
    ack_failures: usize,
    relinks: usize,
}

/// Extracts `docs` on `threads` threads, keeping their order.
fn extract_all(extractor: &Extractor, docs: Vec<Doc>, threads: usize) -> Vec<Article> {
    let mut slots: Vec<Option<Article>> = docs.iter().map(|_| None).collect();
    let threads = threads.clamp(1, docs.len().max(1));
    let chunk = docs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        for (docs, slots) in docs.chunks(chunk).zip(slots.chunks_mut(chunk)) {
            s.spawn(move || {
                for (doc, slot) in docs.iter().zip(slots) {
                    let mut doc = doc.clone();
                    let mut x = extractor.extract_dated(&mut doc);
                    x.undate_inferred();
                    *slot = Some(Article { doc, events: x.events, mentions: x.mentions });
                }
            });
        }
    });
    slots.into_iter().map(|a| a.expect("every slot is filled by its thread")).collect()
}

/// Stores a batch, waiting while another writer holds the database (a
/// relink of a large one can take longer than SQLite's busy timeout), at
/// most `patience`.
fn store(db: &mut Database, articles: &[Article], patience: Duration) -> Result<IngestReport> {
    let started = Instant::now();
    loop {
        match db.store.ingest(articles) {
            Err(StoreError::Locked { .. }) if started.elapsed() < patience => {
                std::thread::sleep(Duration::from_millis(500));
            }
            r => return Ok(r?),
        }
    }
}

/// The first publication day of the articles stored or changed after the
/// change number `seq`: this worker's, every other worker's, and those of a
/// worker that died before it could relink. `None` (relink everything)
/// when none of them has a day.
fn first_day_since(store: &dyn Store, seq: i64) -> Result<Option<jiff::civil::Date>> {
    let mut first: Option<jiff::civil::Date> = None;
    let mut at = seq;
    loop {
        let page = store.changed_since(at, 1000)?;
        let Some(last) = page.last() else { break };
        at = last.seq;
        let ids: Vec<i64> = page.iter().map(|d| d.id).collect();
        for info in store.document_infos(&ids)? {
            let day = info.published.as_deref().and_then(|p| p.get(..10)?.parse().ok());
            if let Some(d) = day {
                first = Some(first.map_or(d, |f: jiff::civil::Date| f.min(d)));
            }
        }
    }
    Ok(first)
}

/// Sets `stop` on the first SIGINT or SIGTERM, so that the batch under way
/// is stored and acknowledged before the worker ends; a second one ends
/// it at once (what is not acknowledged is delivered again).
async fn watch_signals(stop: Arc<AtomicBool>) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) =
        (signal(SignalKind::interrupt()), signal(SignalKind::terminate()))
    else {
        return;
    };
    loop {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
        if stop.swap(true, Ordering::SeqCst) {
            eprintln!("rasd: stopped at once; unacknowledged articles will be delivered again");
            std::process::exit(130);
        }
        eprintln!("rasd: stopping after the batch under way (again to stop at once)");
    }
}

/// Runs `rasd worker`.
pub fn worker(args: WorkerArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let rt = runtime()?;
    let stop = Arc::new(AtomicBool::new(false));
    rt.spawn(watch_signals(stop.clone()));
    let settings = args.queue.settings();
    let ack_wait = Duration::from_secs(args.ack_wait);
    let consumer_settings = ConsumerSettings {
        durable: args.durable.clone(),
        ack_wait,
        // Enough for several workers' batches at once, and bounded.
        max_ack_pending: (args.batch as i64).saturating_mul(64).clamp(1024, 1 << 20),
    };
    let open = || async {
        let queue = Queue::open(&settings).await?;
        queue.consumer(&consumer_settings).await
    };
    let consumer = patiently(&rt, open)?;
    let mut db = args.db.open(true, None)?;
    let extractor = Extractor::new()?;
    let threads = args
        .threads
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let mut t = Tally::default();
    // The change number the last relink saw: another is needed only when
    // articles were stored since.
    let mut relinked_at: Option<i64> = None;
    let mut drained_since: Option<Instant> = None;
    let mut failing_since: Option<Instant> = None;
    let mut unindexed = 0usize;
    while !stop.load(Ordering::SeqCst) {
        let batch = match rt.block_on(consumer.next_batch(args.batch, Duration::from_secs(1))) {
            Ok(b) => {
                failing_since = None;
                b
            }
            Err(e) => {
                // A server of the cluster went away: the client reconnects
                // to another, and the stream's leader moves.
                let since = *failing_since.get_or_insert_with(Instant::now);
                if since.elapsed() > PATIENCE {
                    return Err(e.into());
                }
                eprintln!("rasd: {e}; trying again");
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
        };
        if batch.is_empty() {
            let Ok(backlog) = rt.block_on(consumer.backlog()) else { continue };
            if !backlog.is_empty() {
                drained_since = None;
                continue;
            }
            if !args.no_relink {
                let seq = db.store.last_seq()?;
                if relinked_at != Some(seq) {
                    // The first relink takes everything; later ones the
                    // days of what was stored since, by anyone.
                    let since = match relinked_at {
                        None => None,
                        Some(at) => first_day_since(db.store.as_ref(), at)?,
                    };
                    let t0 = Instant::now();
                    match db.store.relink_since(since) {
                        Ok(n) => {
                            relinked_at = Some(seq);
                            t.relinks += 1;
                            eprintln!(
                                "rasd: stream drained; relinked {} in {:.1} s: {n} incidents",
                                since.map_or("every article".to_string(), |d| format!(
                                    "the articles published from {d} on"
                                )),
                                t0.elapsed().as_secs_f64()
                            );
                        }
                        // Another worker is relinking or writing (SQLite's
                        // busy timeout passed): tried again at the next
                        // drain, before this worker stops.
                        Err(StoreError::Locked { .. }) => continue,
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            let drained = *drained_since.get_or_insert_with(Instant::now);
            if args.once || args.idle_exit.is_some_and(|s| drained.elapsed().as_secs() >= s) {
                break;
            }
            continue;
        }
        drained_since = None;
        let alive = rasd_queue::keep_alive(rt.handle(), &batch, ack_wait / 3);
        let (docs, taken): (Vec<Doc>, Vec<&Delivery>) = {
            let mut docs = Vec::with_capacity(batch.len());
            let mut taken = Vec::with_capacity(batch.len());
            for d in &batch {
                if d.delivered > 1 {
                    t.redelivered += 1;
                }
                match &d.doc {
                    Ok(doc) => {
                        docs.push(doc.clone());
                        taken.push(d);
                    }
                    Err(why) => {
                        eprintln!(
                            "rasd: stream {} message {}: {why}",
                            settings.stream,
                            d.sequence()
                        );
                        t.rejected += 1;
                        if let Err(e) = rt.block_on(d.reject()) {
                            eprintln!("rasd: could not reject message {}: {e}", d.sequence());
                        }
                    }
                }
            }
            (docs, taken)
        };
        let articles = extract_all(&extractor, docs, threads);
        // Not acknowledged on failure: every article of the batch comes
        // again once the database is back.
        let report = store(&mut db, &articles, ack_wait / 2)?;
        t.report.add(&report);
        drop(alive);
        for d in taken {
            if rt.block_on(d.ack()).is_err() {
                t.ack_failures += 1;
            }
        }
        unindexed += articles.len();
        if unindexed >= INDEX_EVERY {
            // Another worker writing the index is no failure: it catches
            // up from the database.
            let _ = db.sync_index();
            unindexed = 0;
        }
    }
    if let Err(e) = db.sync_index()
        && !matches!(e, StoreError::IndexBusy { .. })
    {
        return Err(e.into());
    }
    let r = &t.report;
    println!(
        "{} articles taken in {:.1} s: {} added, {} updated, {} unchanged, {} duplicates; {} events; {} deliveries were repeats; {} relinks",
        r.added + r.updated + r.unchanged + r.duplicates + r.superseded,
        started.elapsed().as_secs_f64(),
        r.added,
        r.updated,
        r.unchanged,
        r.duplicates,
        r.events,
        t.redelivered,
        t.relinks,
    );
    if t.ack_failures > 0 {
        eprintln!(
            "rasd: {} acknowledgements were not sent; those articles come again and are found unchanged",
            t.ack_failures
        );
    }
    if t.rejected > 0 {
        eprintln!("rasd: {} messages were not articles and were rejected", t.rejected);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
