//! The live monitor: reads feeds, listing pages and folders on their own
//! schedule, hands each new article to a [`Sink`] once, and pushes each new
//! warning to a webhook and the log.
//!
//! The crate does the fetching, the bookkeeping and the delivering; what
//! "store an article" and "the warnings now" mean is the sink's (the `rasd`
//! binary's sink extracts and stores exactly as `rasd ingest` does, and
//! asks `rasd_watch` for the warnings as `rasd alerts` does), so this crate
//! knows neither the store nor the extractor. Its own memory ([`State`]) is
//! a small SQLite file; a source's progress is committed only after the
//! sink has stored its articles, so a kill at any moment loses nothing.
//! Time comes from a [`Clock`], so tests run months of polls instantly.

pub mod clock;
pub mod config;
pub mod decode;
pub mod http;
mod poll;
pub mod robots;
pub mod state;
pub mod webhook;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rasd_core::Doc;
use serde::Serialize;

pub use clock::{Clock, FakeClock, SystemClock};
pub use config::{Config, HttpConfig, Kind, Source, WebhookConfig};
pub use http::{Fetcher, Validators};
pub use state::State;

/// An error a sink returns.
pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// What the monitor hands articles to and asks warnings of.
pub trait Sink {
    /// Extracts and stores articles, one transaction; returns how many
    /// were new or changed. Storing an article stored before changes
    /// nothing.
    fn store(&mut self, docs: Vec<Doc>) -> Result<usize, SinkError>;
    /// Every warning the rules raise on the data as it stands.
    fn warnings(&mut self) -> Result<Vec<Alert>, SinkError>;
}

/// A warning as the monitor pushes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    /// What makes it new: the same key is never pushed twice.
    pub key: String,
    /// One line for the log.
    pub line: String,
    /// The webhook's JSON body.
    pub body: String,
}

/// What went wrong, at the level of the whole monitor (a source's failure
/// is in its status, not here).
#[derive(Debug, thiserror::Error)]
pub enum MonitorError {
    /// A bad sources file or option.
    #[error("{0}")]
    Config(String),
    /// The state file.
    #[error(transparent)]
    State(#[from] state::StateError),
    /// The HTTP client could not be made.
    #[error("{0}")]
    Http(String),
}

/// One source as the status line and `/api/sources` show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SourceStatus {
    /// The source's name.
    pub name: String,
    /// `feed`, `listing` or `folder`.
    pub kind: &'static str,
    /// Its address or folder.
    pub target: String,
    /// The outlet hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The country hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// When it was last read (RFC 3339).
    pub last_fetch: Option<String>,
    /// The HTTP status of the last fetch (none for folders or when no
    /// answer came).
    pub last_status: Option<u16>,
    /// Items the last fetch listed.
    pub items_seen: u64,
    /// Items of the last fetch that were new and stored.
    pub items_new: u64,
    /// Articles stored from it since the monitor started.
    pub stored_total: u64,
    /// When it is read next (RFC 3339).
    pub next_poll: Option<String>,
    /// Failures in a row.
    pub failures: u32,
    /// The last error, cleared by a success.
    pub last_error: Option<String>,
}

/// What one round of polling did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Sources read.
    pub polled: usize,
    /// Articles stored.
    pub stored: usize,
    /// New warnings.
    pub warnings: usize,
    /// Webhook deliveries that went through.
    pub delivered: usize,
}

/// `ms` with a quarter either way of random jitter, so that many monitors
/// (or many failed sources) do not come back in step.
pub(crate) fn jitter(ms: u64) -> u64 {
    let f = 0.75 + fastrand::f64() * 0.5;
    (ms as f64 * f) as u64
}

/// The wait before the next try after `failures` failures in a row: the
/// base doubling each time, capped, jittered.
pub fn backoff(http: &HttpConfig, failures: u32) -> Duration {
    let base = http.backoff_base.as_millis() as u64;
    let ms = base.saturating_mul(1u64 << failures.saturating_sub(1).min(20));
    Duration::from_millis(jitter(ms.min(http.backoff_max.as_millis() as u64)))
}

/// The monitor: sources, their status, the client, the state and the sink.
pub struct Monitor<S: Sink> {
    config: Config,
    status: Vec<SourceStatus>,
    fetcher: Fetcher,
    state: State,
    sink: S,
    clock: Arc<dyn Clock>,
    webhook: Option<reqwest::blocking::Client>,
    log: Box<dyn FnMut(&str) + Send>,
}

/// Webhook deliveries tried per round at most.
const DELIVERIES_PER_ROUND: usize = 50;

impl<S: Sink> Monitor<S> {
    /// A monitor over `config`'s sources. The first time a state file is
    /// used, the warnings already raised on the database are recorded as
    /// pushed, so that a new monitor does not flood the webhook with the
    /// past.
    pub fn new(
        config: Config,
        state: State,
        sink: S,
        clock: Arc<dyn Clock>,
        log: Box<dyn FnMut(&str) + Send>,
    ) -> Result<Monitor<S>, MonitorError> {
        let fetcher =
            Fetcher::new(config.http.clone(), clock.clone()).map_err(MonitorError::Http)?;
        let webhook = match &config.webhook {
            None => None,
            Some(_) => Some(
                reqwest::blocking::Client::builder()
                    .user_agent(config.http.user_agent.clone())
                    .timeout(config.http.timeout.min(Duration::from_secs(30)))
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| {
                        MonitorError::Http(format!("cannot build the webhook client: {e}"))
                    })?,
            ),
        };
        let status = config.sources.iter().map(poll::initial_status).collect();
        let mut m = Monitor { config, status, fetcher, state, sink, clock, webhook, log };
        if m.state.meta("warnings_baseline")?.is_none() {
            match m.sink.warnings() {
                Ok(all) => {
                    let keys: Vec<(String, Option<String>)> =
                        all.into_iter().map(|a| (a.key, None)).collect();
                    let n = m.state.queue_warnings(&keys, m.clock.now_ms())?.len();
                    if n > 0 {
                        (m.log)(&format!(
                            "{n} warnings already raised on the database are not pushed"
                        ));
                    }
                    m.state.set_meta("warnings_baseline", &m.clock.now_ms().to_string())?;
                }
                Err(e) => (m.log)(&format!("warnings: {e}")),
            }
        }
        for (i, s) in m.config.sources.iter().enumerate() {
            let st = m.state.source(&s.name)?;
            m.status[i].failures = st.failures;
            m.status[i].last_error = st.last_error;
            m.status[i].next_poll = Some(clock::rfc3339(st.next_due_ms.max(m.clock.now_ms())));
        }
        Ok(m)
    }

    /// The sources' status, in the order of the sources file.
    pub fn status(&self) -> &[SourceStatus] {
        &self.status
    }

    /// The sink.
    pub fn sink(&self) -> &S {
        &self.sink
    }

    /// Requests sent so far, robots.txt included.
    pub fn requests(&self) -> u64 {
        self.fetcher.requests
    }

    /// The state file.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// One round: every due source is read (with `all`, every source not
    /// backing off after failures), new articles stored, the warnings run
    /// when anything was stored, and due webhook deliveries made.
    pub fn round(&mut self, all: bool) -> Result<Round, MonitorError> {
        let mut round = Round::default();
        for i in 0..self.config.sources.len() {
            let source = self.config.sources[i].clone();
            let st = self.state.source(&source.name)?;
            let now = self.clock.now_ms();
            let due = st.next_due_ms <= now || (all && st.failures == 0);
            if !due {
                continue;
            }
            round.polled += 1;
            let stored = poll::poll_source(self, i, &source, st)?;
            round.stored += stored;
        }
        if round.stored > 0 {
            round.warnings = self.push_warnings()?;
        }
        round.delivered = self.deliver()?;
        Ok(round)
    }

    /// Runs warning rules on the data as it stands and queues each new one.
    fn push_warnings(&mut self) -> Result<usize, MonitorError> {
        let all = match self.sink.warnings() {
            Ok(all) => all,
            Err(e) => {
                (self.log)(&format!("warnings: {e}"));
                return Ok(0);
            }
        };
        let webhook = self.config.webhook.is_some();
        let keys: Vec<(String, Option<String>)> =
            all.iter().map(|a| (a.key.clone(), webhook.then(|| a.body.clone()))).collect();
        let new = self.state.queue_warnings(&keys, self.clock.now_ms())?;
        for a in all.iter().filter(|a| new.contains(&a.key)) {
            (self.log)(&format!("WARNING {}", a.line));
        }
        Ok(new.len())
    }

    /// Makes the webhook deliveries that are due; a failed one stays in the
    /// outbox and is tried again later.
    fn deliver(&mut self) -> Result<usize, MonitorError> {
        let (Some(client), Some(hook)) = (&self.webhook, &self.config.webhook) else {
            return Ok(0);
        };
        let mut n = 0;
        for out in self.state.due(self.clock.now_ms(), DELIVERIES_PER_ROUND)? {
            match webhook::post(client, &hook.url, &hook.secret, &out.key, &out.body) {
                Ok(()) => {
                    self.state.delivered(&out.key)?;
                    n += 1;
                }
                Err(e) => {
                    let next =
                        self.clock.now_ms() + webhook::retry_delay(out.attempts).as_millis() as u64;
                    (self.log)(&format!(
                        "webhook {}: delivery of {} failed ({e}); attempt {} failed, tried again at {}",
                        hook.url,
                        out.key,
                        out.attempts + 1,
                        clock::rfc3339(next)
                    ));
                    self.state.failed(&out.key, next, &e)?;
                }
            }
        }
        Ok(n)
    }

    /// When the next source or webhook retry is due, in ms since the epoch.
    pub fn next_due_ms(&self) -> Result<u64, MonitorError> {
        let outbox = if self.webhook.is_some() { self.state.next_outbox_ms()? } else { None };
        let mut next = outbox.unwrap_or(u64::MAX);
        for s in &self.config.sources {
            next = next.min(self.state.source(&s.name)?.next_due_ms);
        }
        Ok(next)
    }

    /// Polls until `stop` is set: a round, then a wait until the next
    /// source is due (in steps of at most a second, so a stop is quick).
    /// `after` sees the monitor after each round and each step.
    pub fn run(
        &mut self,
        stop: &AtomicBool,
        mut after: impl FnMut(&Self, Option<Round>),
    ) -> Result<(), MonitorError> {
        while !stop.load(Ordering::Relaxed) {
            let round = self.round(false)?;
            after(self, Some(round));
            let next = self.next_due_ms()?;
            while !stop.load(Ordering::Relaxed) {
                let now = self.clock.now_ms();
                if now >= next {
                    break;
                }
                self.clock.sleep(Duration::from_millis((next - now).min(1000)));
                after(self, None);
            }
        }
        Ok(())
    }
}
