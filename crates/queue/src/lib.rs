//! rasd's work queue: articles on a NATS JetStream stream, taken by
//! workers through one durable pull consumer.
//!
//! The queue carries articles before extraction ([`rasd_core::Doc`] as
//! JSON), one message each, with the article's content hash as its
//! `Nats-Msg-Id`: the stream drops an article published again within its
//! duplicate window, and the store (`Store::ingest` of rasd-store) makes
//! anything that slips past the window change nothing. Workers acknowledge
//! a message only after the transaction that stored it has committed, so
//! a worker that dies loses nothing (JetStream delivers the message again
//! once its acknowledgement wait has passed) and stores nothing twice.
//!
//! This crate is the only one that knows NATS. It never prints and never
//! reads files: the CLI reads the articles, extracts and stores them.

use std::collections::VecDeque;
use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream};
use futures_util::StreamExt;
use rasd_core::Doc;

/// How long a request may go unanswered beyond its own wait before it is
/// an error (the node it went to may have died under it).
pub const GRACE: Duration = Duration::from_secs(10);

/// The stream articles go to when none is named.
pub const DEFAULT_STREAM: &str = "RASD_ARTICLES";
/// The subject articles are published on when none is named.
pub const DEFAULT_SUBJECT: &str = "rasd.articles";
/// The durable consumer workers share when none is named.
pub const DEFAULT_DURABLE: &str = "rasd-workers";
/// The server rasd connects to when none is named.
pub const DEFAULT_URL: &str = "nats://127.0.0.1:4222";

/// What went wrong, naming the server, stream or message it concerns.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// A server address could not be read.
    #[error("{url}: not a NATS server address ({detail})")]
    Address {
        /// The address as given.
        url: String,
        /// Why.
        detail: String,
    },
    /// No server could be reached.
    #[error("{url}: cannot connect to NATS ({detail})")]
    Connect {
        /// The addresses tried.
        url: String,
        /// What the client said.
        detail: String,
    },
    /// The stream or consumer could not be found or created.
    #[error("stream {stream}: {detail}")]
    Stream {
        /// The stream.
        stream: String,
        /// What the server said.
        detail: String,
    },
    /// A message could not be published, or its acknowledgement did not
    /// come.
    #[error("stream {stream}: publishing article {id}: {detail}")]
    Publish {
        /// The stream.
        stream: String,
        /// The article's id.
        id: String,
        /// What the client or server said.
        detail: String,
    },
    /// The servers answer but cannot serve the stream now (a cluster
    /// electing a leader after losing a node): worth trying again.
    #[error("stream {stream}: not available now ({detail})")]
    Unavailable {
        /// The stream.
        stream: String,
        /// What the client or server said.
        detail: String,
    },
    /// An article is larger than the server takes in one message
    /// (`max_payload`, 1 MB unless the server's configuration raises it).
    #[error(
        "article {id}: {detail}; raise max_payload in the NATS server's configuration to queue it"
    )]
    TooLarge {
        /// The article's id.
        id: String,
        /// What the client said, with the sizes.
        detail: String,
    },
    /// Messages could not be fetched.
    #[error("stream {stream}, consumer {durable}: fetching: {detail}")]
    Fetch {
        /// The stream.
        stream: String,
        /// The consumer.
        durable: String,
        /// What the client or server said.
        detail: String,
    },
}

/// The result of every queue operation.
pub type Result<T, E = QueueError> = std::result::Result<T, E>;

/// Where articles go and how they are kept.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Server addresses, comma-separated (`nats://a:4222,nats://b:4222`);
    /// the client learns the rest of a cluster from the first it reaches.
    pub url: String,
    /// The stream's name.
    pub stream: String,
    /// The subject articles are published on (the stream's only subject).
    pub subject: String,
    /// Copies of the stream in a cluster (1 on a single server, 3 for a
    /// stream that survives the loss of a node). Used when the stream is
    /// created.
    pub replicas: usize,
    /// How long the stream remembers message ids to drop a republished
    /// article. Used when the stream is created.
    pub duplicate_window: Duration,
}

/// How workers take articles.
#[derive(Clone, Debug)]
pub struct ConsumerSettings {
    /// The durable consumer's name: every worker of one database uses the
    /// same, so that each article goes to one of them.
    pub durable: String,
    /// How long the server waits for a worker's acknowledgement before it
    /// delivers the message again. Used when the consumer is created.
    pub ack_wait: Duration,
    /// The most messages delivered and not yet acknowledged, across all
    /// workers. Used when the consumer is created.
    pub max_ack_pending: i64,
}

/// Connects to the servers of `url` (comma-separated). The client keeps
/// reconnecting, to any server of the cluster, if the connection drops.
pub async fn connect(url: &str) -> Result<async_nats::Client> {
    let addrs = url
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|u| {
            u.parse::<async_nats::ServerAddr>()
                .map_err(|e| QueueError::Address { url: u.to_string(), detail: e.to_string() })
        })
        .collect::<Result<Vec<_>>>()?;
    if addrs.is_empty() {
        return Err(QueueError::Address { url: url.to_string(), detail: "empty".into() });
    }
    async_nats::ConnectOptions::new()
        .name("rasd")
        .connection_timeout(Duration::from_secs(5))
        .connect(addrs)
        .await
        .map_err(|e| QueueError::Connect { url: url.to_string(), detail: e.to_string() })
}

/// A connection to the servers and the stream articles go to.
pub struct Queue {
    js: jetstream::Context,
    stream: stream::Stream,
    settings: Settings,
}

impl Queue {
    /// Connects (see [`connect`]) and opens the stream of `settings`,
    /// creating it when absent: file storage, work-queue retention (a
    /// message is gone once a worker has acknowledged it: the database
    /// keeps the article), the subject, replicas and duplicate window of
    /// `settings`. An existing stream is used as it is.
    pub async fn open(settings: &Settings) -> Result<Queue> {
        let client = connect(&settings.url).await?;
        let js = jetstream::new(client);
        let config = stream::Config {
            name: settings.stream.clone(),
            subjects: vec![settings.subject.clone()],
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            num_replicas: settings.replicas,
            duplicate_window: settings.duplicate_window,
            description: Some("rasd: articles waiting to be extracted and stored".into()),
            ..Default::default()
        };
        let stream = js.get_or_create_stream(config).await.map_err(|e| {
            use jetstream::context::CreateStreamErrorKind as K;
            let stream = settings.stream.clone();
            let detail = e.to_string();
            match e.kind() {
                K::TimedOut | K::JetStreamUnavailable => QueueError::Unavailable { stream, detail },
                K::JetStream(j) if unavailable(&j) => QueueError::Unavailable { stream, detail },
                _ => QueueError::Stream { stream, detail },
            }
        })?;
        Ok(Queue { js, stream, settings: settings.clone() })
    }

    /// A publisher keeping at most `in_flight` messages unacknowledged.
    pub fn publisher(&self, in_flight: usize) -> Publisher {
        Publisher {
            js: self.js.clone(),
            stream: self.settings.stream.clone(),
            subject: self.settings.subject.clone(),
            in_flight: in_flight.max(1),
            waiting: VecDeque::new(),
            counts: Published::default(),
        }
    }

    /// Messages on the stream now (those no worker has acknowledged yet).
    pub async fn messages(&self) -> Result<u64> {
        // Reading the stream's state is worth trying again whatever the
        // cause: the stream was just opened.
        let info = self.stream.get_info().await.map_err(|e| QueueError::Unavailable {
            stream: self.settings.stream.clone(),
            detail: e.to_string(),
        })?;
        Ok(info.state.messages)
    }

    /// The durable pull consumer of `settings`, created when absent: every
    /// message delivered to one worker at a time, acknowledged explicitly,
    /// delivered again after `ack_wait` without an acknowledgement, with no
    /// limit on the number of deliveries (an article that cannot be stored
    /// now is stored once the database is back).
    pub async fn consumer(&self, settings: &ConsumerSettings) -> Result<Consumer> {
        let config = consumer::pull::Config {
            durable_name: Some(settings.durable.clone()),
            description: Some("rasd workers".into()),
            ack_policy: consumer::AckPolicy::Explicit,
            ack_wait: settings.ack_wait,
            max_ack_pending: settings.max_ack_pending,
            deliver_policy: consumer::DeliverPolicy::All,
            ..Default::default()
        };
        let inner =
            self.stream.get_or_create_consumer(&settings.durable, config).await.map_err(|e| {
                use jetstream::stream::ConsumerErrorKind as K;
                let stream = self.settings.stream.clone();
                let detail = format!("consumer {}: {e}", settings.durable);
                match e.kind() {
                    K::TimedOut | K::Request => QueueError::Unavailable { stream, detail },
                    K::JetStream(j) if unavailable(&j) => {
                        QueueError::Unavailable { stream, detail }
                    }
                    _ => QueueError::Stream { stream, detail },
                }
            })?;
        Ok(Consumer {
            inner,
            stream: self.settings.stream.clone(),
            durable: settings.durable.clone(),
        })
    }
}

/// Whether a JetStream error says the service is unavailable for now
/// (code 503, as while a cluster has no leader).
fn unavailable(e: &jetstream::Error) -> bool {
    e.code() == 503
}

/// What [`Publisher::finish`] counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// Articles the stream took.
    pub new: usize,
    /// Articles the stream already had (the same content hash within its
    /// duplicate window), dropped by the server.
    pub duplicates: usize,
    /// Messages sent again because their acknowledgement did not come.
    pub resent: usize,
}

/// How many times a message is sent before the publisher gives up.
const TRIES: u32 = 20;

/// A message sent and not yet acknowledged.
struct Waiting {
    /// The article's id, for messages.
    id: String,
    /// The message, to send again.
    message: jetstream::message::PublishMessage,
    ack: jetstream::context::PublishAckFuture,
    tries: u32,
}

/// Publishes articles with at most a bounded number awaiting the server's
/// acknowledgement.
pub struct Publisher {
    js: jetstream::Context,
    stream: String,
    subject: String,
    in_flight: usize,
    waiting: VecDeque<Waiting>,
    counts: Published,
}

impl Publisher {
    fn error(&self, id: &str, detail: impl ToString) -> QueueError {
        QueueError::Publish {
            stream: self.stream.clone(),
            id: id.to_string(),
            detail: detail.to_string(),
        }
    }

    /// Publishes one article with `msg_id` (its content hash) as its
    /// message id. Returns once it is sent and, if too many are waiting,
    /// the oldest is acknowledged.
    pub async fn publish(&mut self, doc: &Doc, msg_id: &str) -> Result<()> {
        let payload = serde_json::to_vec(doc).map_err(|e| self.error(&doc.id, e))?;
        let message =
            jetstream::message::PublishMessage::build().payload(payload.into()).message_id(msg_id);
        let ack = match self.js.send_publish(self.subject.clone(), message.clone()).await {
            Ok(ack) => ack,
            Err(e) if e.kind() == jetstream::context::PublishErrorKind::MaxPayloadExceeded => {
                return Err(QueueError::TooLarge { id: doc.id.clone(), detail: e.to_string() });
            }
            Err(e) => return Err(self.error(&doc.id, e)),
        };
        self.waiting.push_back(Waiting { id: doc.id.clone(), message, ack, tries: 1 });
        while self.waiting.len() >= self.in_flight {
            self.settle_one().await?;
        }
        Ok(())
    }

    async fn send(
        &self,
        id: &str,
        message: jetstream::message::PublishMessage,
    ) -> Result<jetstream::context::PublishAckFuture> {
        self.js.send_publish(self.subject.clone(), message).await.map_err(|e| self.error(id, e))
    }

    /// Waits for the oldest acknowledgement. A message whose
    /// acknowledgement does not come (a server of the cluster went away,
    /// the stream is electing a leader) is sent again, up to [`TRIES`]
    /// times: with the same message id, the stream keeps one copy
    /// whichever of the sends arrived.
    async fn settle_one(&mut self) -> Result<()> {
        let Some(Waiting { id, message, mut ack, mut tries }) = self.waiting.pop_front() else {
            return Ok(());
        };
        loop {
            let mut why = match ack.await {
                Ok(a) => {
                    if a.duplicate {
                        self.counts.duplicates += 1;
                    } else {
                        self.counts.new += 1;
                    }
                    return Ok(());
                }
                Err(e) => e.to_string(),
            };
            loop {
                if tries >= TRIES {
                    return Err(self.error(&id, format!("{why} (tried {tries} times)")));
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                tries += 1;
                self.counts.resent += 1;
                match self.send(&id, message.clone()).await {
                    Ok(a) => {
                        ack = a;
                        break;
                    }
                    Err(e) => why = e.to_string(),
                }
            }
        }
    }

    /// Waits for every acknowledgement and returns the counts.
    pub async fn finish(mut self) -> Result<Published> {
        while !self.waiting.is_empty() {
            self.settle_one().await?;
        }
        Ok(self.counts)
    }
}

/// One delivered article: its message (to acknowledge) and the article,
/// or why it could not be read.
pub struct Delivery {
    message: jetstream::Message,
    /// The article, or why the message is not one.
    pub doc: std::result::Result<Doc, String>,
    /// How many times the server has delivered it (1 the first time).
    pub delivered: i64,
}

impl Delivery {
    /// The stream's sequence number of the message, for messages.
    pub fn sequence(&self) -> u64 {
        self.message.info().map(|i| i.stream_sequence).unwrap_or(0)
    }

    /// Tells the server the article is stored; it is never delivered
    /// again. A lost acknowledgement is harmless: the article comes again
    /// and the store finds it unchanged.
    pub async fn ack(&self) -> std::result::Result<(), String> {
        match tokio::time::timeout(GRACE, self.message.ack()).await {
            Ok(r) => r.map_err(|e| e.to_string()),
            Err(_) => Err("no answer from the server".into()),
        }
    }

    /// Tells the server never to deliver the message again: it is not an
    /// article, and delivering it again would not make it one.
    pub async fn reject(&self) -> std::result::Result<(), String> {
        match tokio::time::timeout(GRACE, self.message.ack_with(jetstream::AckKind::Term)).await {
            Ok(r) => r.map_err(|e| e.to_string()),
            Err(_) => Err("no answer from the server".into()),
        }
    }
}

/// The workers' durable consumer.
pub struct Consumer {
    inner: consumer::PullConsumer,
    stream: String,
    durable: String,
}

impl Consumer {
    fn error(&self, e: &dyn std::fmt::Display) -> QueueError {
        QueueError::Fetch {
            stream: self.stream.clone(),
            durable: self.durable.clone(),
            detail: e.to_string(),
        }
    }

    /// Up to `max` messages, waiting at most `wait` for them to arrive.
    /// A server that stops answering (its node died under the request) is
    /// an error after [`GRACE`] more, not a wait without end.
    pub async fn next_batch(&self, max: usize, wait: Duration) -> Result<Vec<Delivery>> {
        match tokio::time::timeout(wait + GRACE, self.fetch(max, wait)).await {
            Ok(r) => r,
            Err(_) => Err(self.error(&"no answer from the server")),
        }
    }

    async fn fetch(&self, max: usize, wait: Duration) -> Result<Vec<Delivery>> {
        let mut messages = self
            .inner
            .batch()
            .max_messages(max)
            .expires(wait)
            .messages()
            .await
            .map_err(|e| self.error(&e))?;
        let mut out = Vec::new();
        while let Some(m) = messages.next().await {
            let message = m.map_err(|e| self.error(&e))?;
            let delivered = message.info().map(|i| i.delivered).unwrap_or(1);
            let doc = serde_json::from_slice::<Doc>(&message.payload)
                .map_err(|e| format!("not an article: {e}"));
            out.push(Delivery { message, doc, delivered });
        }
        Ok(out)
    }

    /// The consumer's backlog, as the server sees it now.
    pub async fn backlog(&self) -> Result<Backlog> {
        let info = tokio::time::timeout(GRACE, self.inner.get_info())
            .await
            .map_err(|_| self.error(&"no answer from the server"))?
            .map_err(|e| self.error(&e))?;
        Ok(Backlog { pending: info.num_pending, unacknowledged: info.num_ack_pending })
    }
}

/// Keeps a batch from being delivered again while a worker is busy with it
/// (waiting for the database's write lock behind a long relink, say):
/// every `every` it tells the server the work is in progress, which
/// starts each message's acknowledgement wait again. It stops when
/// dropped; drop it before acknowledging.
pub struct KeepAlive(tokio::task::JoinHandle<()>);

impl Drop for KeepAlive {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts a [`KeepAlive`] for `batch` on the runtime `rt`.
pub fn keep_alive(rt: &tokio::runtime::Handle, batch: &[Delivery], every: Duration) -> KeepAlive {
    let messages: Vec<jetstream::Message> = batch.iter().map(|d| d.message.clone()).collect();
    KeepAlive(rt.spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            for m in &messages {
                // A lost notice costs at most a delivery again, which the
                // store finds unchanged.
                let _ = tokio::time::timeout(GRACE, m.ack_with(jetstream::AckKind::Progress)).await;
            }
        }
    }))
}

/// Work the consumer still has: messages never delivered, and messages
/// delivered and not acknowledged (being worked on, or waiting to be
/// delivered again).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Messages not yet delivered.
    pub pending: u64,
    /// Messages delivered and not acknowledged.
    pub unacknowledged: usize,
}

impl Backlog {
    /// Nothing waiting and nothing being worked on.
    pub fn is_empty(&self) -> bool {
        self.pending == 0 && self.unacknowledged == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(f)
    }

    #[test]
    fn a_bad_address_and_an_absent_server_are_errors_naming_them() {
        let e = run(connect(" , ")).expect_err("no address");
        assert!(matches!(e, QueueError::Address { .. }), "{e}");
        let e = run(connect("::bad")).expect_err("no host");
        assert!(matches!(e, QueueError::Address { .. }), "{e}");
        assert!(e.to_string().starts_with("::bad: not a NATS server address"), "{e}");
        // Nothing listens on the discard port.
        let e = run(connect("nats://127.0.0.1:9")).expect_err("no server");
        assert!(matches!(e, QueueError::Connect { .. }), "{e}");
        assert!(e.to_string().starts_with("nats://127.0.0.1:9: cannot connect"), "{e}");
    }

    #[test]
    fn a_backlog_is_empty_only_with_nothing_pending_and_nothing_unacknowledged() {
        assert!(Backlog::default().is_empty());
        assert!(!Backlog { pending: 1, unacknowledged: 0 }.is_empty());
        assert!(!Backlog { pending: 0, unacknowledged: 1 }.is_empty());
    }
}
