//! `rasd bench`: end-to-end extraction speed over a JSON Lines file.
//!
//! Articles are read and parsed by the calling thread and extracted by
//! `--threads` workers, in batches over a bounded channel so that memory
//! stays flat however large the file.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use anyhow::{Context, Result};
use rasd_extract::Extractor;

/// Arguments of `rasd bench`.
#[derive(clap::Args)]
pub struct Args {
    /// A JSON Lines file of articles, gzipped or not.
    pub path: PathBuf,
    /// Worker threads (default: all cores; at most 1024).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Stop after this many articles.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// What a run measured.
pub struct Report {
    /// Articles extracted.
    pub articles: usize,
    /// Bytes of article text.
    pub bytes: usize,
    /// Events found.
    pub events: usize,
    /// Lines that could not be read.
    pub skipped: usize,
    /// Seconds spent extracting (after loading).
    pub seconds: f64,
    /// Seconds to load the lexicons.
    pub load_seconds: f64,
    /// Peak resident memory, bytes (Linux).
    pub peak_rss: Option<u64>,
    /// Worker threads.
    pub threads: usize,
}

const BATCH: usize = 64;

/// Runs the benchmark.
pub fn run(args: &Args) -> Result<Report> {
    let threads = args
        .threads
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
        .max(1);
    let started = Instant::now();
    let extractor = Extractor::new()?;
    let load_seconds = started.elapsed().as_secs_f64();
    let file = std::fs::File::open(&args.path).with_context(|| args.path.display().to_string())?;
    let reader: Box<dyn Read> = if args.path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let name = args.path.display().to_string();
    let started = Instant::now();
    let (tx, rx) = sync_channel::<Vec<rasd_core::Doc>>(threads * 2);
    let rx = std::sync::Mutex::new(rx);
    let mut articles = 0usize;
    let mut bytes = 0usize;
    let mut skipped = 0usize;
    let events = std::thread::scope(|scope| -> Result<usize> {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let rx = &rx;
                let extractor = &extractor;
                scope.spawn(move || {
                    let mut n_events = 0usize;
                    loop {
                        let batch = {
                            let guard = rx.lock().expect("no worker panics while holding the lock");
                            guard.recv()
                        };
                        let Ok(batch) = batch else { break };
                        for doc in &batch {
                            n_events += extractor.extract(doc).events.len();
                        }
                    }
                    n_events
                })
            })
            .collect();
        let mut batch = Vec::with_capacity(BATCH);
        for (n, line) in BufReader::new(reader).lines().enumerate() {
            if args.limit.is_some_and(|l| articles >= l) {
                break;
            }
            let line = line.with_context(|| format!("{name}:{}", n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            match rasd_input::parse_json_line(&name, n + 1, &line) {
                Ok(doc) => {
                    articles += 1;
                    bytes += doc.text.len();
                    batch.push(doc);
                    if batch.len() == BATCH {
                        tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                            .expect("workers are running");
                    }
                }
                Err(_) => skipped += 1,
            }
        }
        if !batch.is_empty() {
            tx.send(batch).expect("workers are running");
        }
        drop(tx);
        Ok(workers.into_iter().map(|w| w.join().expect("a worker panicked")).sum())
    })?;
    Ok(Report {
        articles,
        bytes,
        events,
        skipped,
        seconds: started.elapsed().as_secs_f64(),
        load_seconds,
        peak_rss: peak_rss(),
        threads,
    })
}

/// Peak resident set size from /proc (Linux); `None` elsewhere.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

impl Report {
    /// The figures as text.
    pub fn render(&self) -> String {
        let per_s = self.articles as f64 / self.seconds.max(1e-9);
        let mb_s = self.bytes as f64 / 1e6 / self.seconds.max(1e-9);
        let mut s = format!(
            "articles      {}\nevents        {}\nskipped       {}\nthreads       {}\nlexicon load  {:.0} ms\nextraction    {:.2} s\nthroughput    {:.0} articles/s ({:.0} per thread), {:.1} MB/s\n",
            self.articles,
            self.events,
            self.skipped,
            self.threads,
            self.load_seconds * 1000.0,
            self.seconds,
            per_s,
            per_s / self.threads as f64,
            mb_s
        );
        if let Some(rss) = self.peak_rss {
            s.push_str(&format!("peak memory   {:.0} MB\n", rss as f64 / 1e6));
        }
        s
    }
}
