//! `rasd publish`: articles onto a NATS JetStream stream, for `rasd worker`
//! to extract and store (docs/scale-out.md).
//!
//! The articles are read exactly as `rasd ingest` reads them (every input
//! kind, the same limits, the same skipped records); each becomes one
//! message whose id is its content hash, so the stream drops an article
//! published twice within its duplicate window.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rasd_queue::{DEFAULT_STREAM, DEFAULT_SUBJECT, DEFAULT_URL, Queue, QueueError, Settings};

use crate::extract::{DEFAULT_MAX_INPUT_MB, Limits, documents_counted, sources};

/// Where the stream is, shared by `publish` and `worker`.
#[derive(clap::Args, Clone)]
pub struct QueueArgs {
    /// NATS server address; several, comma-separated, for a cluster.
    #[arg(long, default_value = DEFAULT_URL, env = "RASD_NATS")]
    pub nats: String,
    /// The JetStream stream (created when absent).
    #[arg(long, default_value = DEFAULT_STREAM)]
    pub stream: String,
    /// The subject articles are published on (the stream's subject).
    #[arg(long, default_value = DEFAULT_SUBJECT)]
    pub subject: String,
    /// Copies of the stream when it is created: 1 on one server, 3 in a
    /// cluster that must survive the loss of a node.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub replicas: u8,
    /// Seconds the stream remembers message ids (content hashes) to drop
    /// an article published again, when it is created.
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub dedup_window: u64,
}

impl QueueArgs {
    /// The queue's settings.
    pub fn settings(&self) -> Settings {
        Settings {
            url: self.nats.clone(),
            stream: self.stream.clone(),
            subject: self.subject.clone(),
            replicas: usize::from(self.replicas),
            duplicate_window: Duration::from_secs(self.dedup_window),
        }
    }
}

/// The runtime the NATS client runs on: one thread of its own, so that the
/// connection is served (pings answered, acknowledgements sent) while this
/// thread reads, extracts or stores.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("starting the NATS client's runtime")
}

/// How long `publish` and `worker` wait for a stream that the servers
/// cannot serve yet (a cluster electing a leader after losing a node)
/// before they give up.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// Runs `op` until it succeeds. While the servers answer but cannot serve
/// the stream, it is tried again every second for at most [`PATIENCE`];
/// a server that does not answer at all is an error at once.
pub fn patiently<T, F>(rt: &tokio::runtime::Runtime, mut op: impl FnMut() -> F) -> Result<T>
where
    F: Future<Output = rasd_queue::Result<T>>,
{
    let started = Instant::now();
    loop {
        match rt.block_on(op()) {
            Ok(v) => return Ok(v),
            Err(e @ QueueError::Unavailable { .. }) if started.elapsed() < PATIENCE => {
                eprintln!("rasd: {e}; trying again");
                std::thread::sleep(Duration::from_secs(1));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Arguments of `rasd publish`.
#[derive(clap::Args)]
pub struct PublishArgs {
    /// Files or directories, as for `rasd ingest`; standard input when none
    /// or `-`.
    pub paths: Vec<std::path::PathBuf>,
    #[command(flatten)]
    pub queue: QueueArgs,
    /// Publication date for every article (YYYY-MM-DD), overriding the input's.
    #[arg(long)]
    pub published: Option<jiff::civil::Date>,
    /// The most megabytes read from one file or standard input, after
    /// decompression.
    #[arg(long, default_value_t = DEFAULT_MAX_INPUT_MB, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_input_mb: u64,
    /// The most articles sent and not yet acknowledged by the stream.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub in_flight: u64,
}

/// Runs `rasd publish`.
pub fn publish(args: PublishArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let sources = sources(&args.paths)?;
    let rt = runtime()?;
    let settings = args.queue.settings();
    let queue = patiently(&rt, || Queue::open(&settings))?;
    let mut publisher = queue.publisher(args.in_flight as usize);
    let (mut read, mut skipped, mut too_large) = (0usize, 0usize, 0usize);
    let mut failure: Option<anyhow::Error> = None;
    for source in &sources {
        if failure.is_some() {
            break;
        }
        documents_counted(
            source,
            Limits::from_mb(args.max_input_mb),
            &mut |_| {},
            |mut doc| {
                if failure.is_some() {
                    return;
                }
                if let Some(d) = args.published {
                    doc.published = Some(d.to_string());
                }
                read += 1;
                let hash = rasd_store::content_hash(&doc);
                match rt.block_on(publisher.publish(&doc, &hash)) {
                    Ok(()) => {}
                    // One article too large for the server is skipped, as
                    // a bad record is; the rest go on.
                    Err(e @ QueueError::TooLarge { .. }) => {
                        too_large += 1;
                        eprintln!("rasd: skipped {}: {e}", source.name());
                    }
                    Err(e) => failure = Some(e.into()),
                }
            },
            |e| {
                skipped += 1;
                eprintln!("rasd: skipped {e}");
            },
        );
    }
    if let Some(e) = failure {
        return Err(e.context(format!("stopped after {read} articles")));
    }
    let counts = rt.block_on(publisher.finish())?;
    skipped += too_large;
    let waiting = patiently(&rt, || queue.messages())?;
    println!(
        "{read} articles read in {:.1} s: {} published to stream {}, {} already on it (same text within the duplicate window){}; {waiting} messages waiting for workers",
        started.elapsed().as_secs_f64(),
        counts.new,
        settings.stream,
        counts.duplicates,
        if counts.resent > 0 {
            format!("; {} sent again after an acknowledgement did not come", counts.resent)
        } else {
            String::new()
        },
    );
    if skipped > 0 {
        eprintln!("rasd: {skipped} inputs skipped");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
