//! Reading one source: its list of items, each new item's article, the
//! sink, then the state, in that order.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rasd_core::Doc;
use sha2::{Digest, Sha256};

use crate::clock::rfc3339;
use crate::config::{Kind, Source};
use crate::decode::{as_utf8_xml, decode};
use crate::http::{FetchError, Validators};
use crate::state::{SourceState, Stored};
use crate::{Monitor, MonitorError, Sink, SourceStatus, backoff};

/// New items read from one source in one poll at most; the rest wait for
/// the next poll, so that a poll stays short whatever a listing holds.
pub const MAX_NEW_PER_POLL: usize = 100;
/// Failed attempts at one article page before the feed's own text is used
/// (or the item given up).
pub const MAX_ITEM_ATTEMPTS: u32 = 3;
/// The largest file read from a watched folder.
const MAX_FILE_BYTES: u64 = 10 << 20;

/// Something a source lists.
struct Item {
    /// What it is remembered as: its link, or a file's path.
    key: String,
    /// The article page to fetch, if any.
    page: Option<String>,
    /// The file to read, for a folder's item.
    file: Option<PathBuf>,
    /// The text the source itself gives (a feed item's, a file's).
    own: Vec<Doc>,
}

pub(crate) fn initial_status(s: &Source) -> SourceStatus {
    let (kind, target) = match &s.kind {
        Kind::Feed { url } => ("feed", url.clone()),
        Kind::Listing { url, .. } => ("listing", url.clone()),
        Kind::Folder { path } => ("folder", path.display().to_string()),
    };
    SourceStatus {
        name: s.name.clone(),
        kind,
        target,
        outlet: s.outlet.clone(),
        country: s.country.clone(),
        ..SourceStatus::default()
    }
}

/// The hash a text is known by across sources: SHA-256 of its words.
pub fn text_hash(text: &str) -> String {
    let mut h = Sha256::new();
    for w in text.split_whitespace() {
        h.update(w.as_bytes());
        h.update(b" ");
    }
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The links a listing page's selector picks, made absolute, in page
/// order, each once.
fn listing_links(base: &str, html: &str, selector: &str) -> Vec<String> {
    let (Ok(sel), Ok(a), Ok(base)) = (
        scraper::Selector::parse(selector),
        scraper::Selector::parse("a[href]"),
        reqwest::Url::parse(base),
    ) else {
        return Vec::new();
    };
    let page = scraper::Html::parse_document(html);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for el in page.select(&sel) {
        let href = el
            .value()
            .attr("href")
            .or_else(|| el.select(&a).next().and_then(|x| x.value().attr("href")));
        let Some(url) = href.and_then(|h| base.join(h).ok()) else { continue };
        if matches!(url.scheme(), "http" | "https") && seen.insert(url.to_string()) {
            out.push(url.to_string());
        }
    }
    out
}

/// How long a file must have been left alone before it is read: one
/// still being copied in would be read cut short.
const SETTLE_MS: u64 = 2_000;

/// Whether a file was changed in the last [`SETTLE_MS`] (a time in the
/// future, from a skewed clock, counts as settled).
fn being_written(path: &Path, now_ms: u64) -> bool {
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_millis() as u64);
    modified.is_some_and(|m| m <= now_ms && now_ms - m < SETTLE_MS)
}

/// The documents of one file in a watched folder.
fn read_file(path: &Path) -> Result<Vec<Doc>, String> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("{name}: {e}"))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("{name}: over {} MB; not read", MAX_FILE_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let text = decode(None, &bytes).map_err(|e| format!("{name}: {e}"))?;
    let e = |e: rasd_input::InputError| e.to_string();
    match rasd_input::detect(&name, text.as_bytes()) {
        rasd_input::Format::Html => Ok(vec![rasd_input::parse_html(&name, &text).map_err(e)?]),
        rasd_input::Format::Feed => {
            rasd_input::parse_feed(&name, as_utf8_xml(&text).as_bytes()).map_err(e)
        }
        rasd_input::Format::Text => Ok(vec![rasd_input::parse_text(&name, &text).map_err(e)?]),
        rasd_input::Format::JsonLines => text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| rasd_input::parse_json_line(&name, i + 1, l).map_err(e))
            .collect(),
    }
}

/// A source's items and validators; `None` when it has not changed.
type Listed = Result<Option<(Vec<Item>, Validators)>, FetchError>;

/// What an item came to.
enum Outcome {
    /// Articles to store.
    Docs(Vec<Doc>),
    /// Nothing to store, and nothing to try again (gone, no text).
    Done(String),
    /// Try again at the next poll.
    Later(String),
}

impl<S: Sink> Monitor<S> {
    /// The list of a source: its items, or why it could not be read, with
    /// the HTTP status and the validators for next time.
    fn list(&mut self, source: &Source, st: &SourceState) -> (Option<u16>, Listed) {
        match &source.kind {
            Kind::Feed { url } => {
                let page = match self.fetcher.get(url, &st.validators) {
                    Ok(p) => p,
                    Err(e) => return (e.status, Err(e)),
                };
                let status = Some(page.status);
                if page.not_modified() {
                    return (status, Ok(None));
                }
                let docs = match rasd_input::parse_feed(
                    &source.name,
                    as_utf8_xml(&page.text).as_bytes(),
                ) {
                    Ok(d) => d,
                    Err(e) => {
                        return (
                            status,
                            Err(FetchError {
                                url: url.clone(),
                                status,
                                message: e.message,
                                retry_after: None,
                            }),
                        );
                    }
                };
                let items = docs
                    .into_iter()
                    .rev()
                    .map(|d| Item {
                        key: d.url.clone().unwrap_or_else(|| d.id.clone()),
                        page: d.url.clone(),
                        file: None,
                        own: vec![d],
                    })
                    .collect();
                (status, Ok(Some((items, page.validators))))
            }
            Kind::Listing { url, selector } => {
                let page = match self.fetcher.get(url, &st.validators) {
                    Ok(p) => p,
                    Err(e) => return (e.status, Err(e)),
                };
                let status = Some(page.status);
                if page.not_modified() {
                    return (status, Ok(None));
                }
                let items = listing_links(&page.url, &page.text, selector)
                    .into_iter()
                    .map(|l| Item { key: l.clone(), page: Some(l), file: None, own: Vec::new() })
                    .collect();
                (status, Ok(Some((items, page.validators))))
            }
            Kind::Folder { path } => {
                let err = |m: String| FetchError {
                    url: path.display().to_string(),
                    status: None,
                    message: m,
                    retry_after: None,
                };
                let rd = match std::fs::read_dir(path) {
                    Ok(rd) => rd,
                    Err(e) => return (None, Err(err(e.to_string()))),
                };
                let now = self.clock.now_ms();
                let mut files: Vec<_> = rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.is_file()
                            && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
                            && !being_written(p, now)
                    })
                    .collect();
                files.sort();
                let items = files
                    .into_iter()
                    .map(|p| Item {
                        key: format!("file://{}", p.display()),
                        page: None,
                        file: Some(p),
                        own: Vec::new(),
                    })
                    .collect();
                (None, Ok(Some((items, Validators::default()))))
            }
        }
    }

    /// Reads one new item.
    fn item(&mut self, item: &Item) -> Result<Outcome, MonitorError> {
        if let Some(path) = &item.file {
            return Ok(match read_file(path) {
                Ok(docs) => Outcome::Docs(docs),
                Err(e) => Outcome::Done(e),
            });
        }
        let Some(url) = &item.page else {
            return Ok(Outcome::Docs(item.own.clone()));
        };
        let fallback = |why: String| {
            if item.own.is_empty() { Outcome::Done(why) } else { Outcome::Docs(item.own.clone()) }
        };
        let page = match self.fetcher.get(url, &Validators::default()) {
            Ok(p) => p,
            Err(e) if e.is_permanent() => return Ok(fallback(e.to_string())),
            Err(e) => {
                if self.state.bump_retry(&item.key)? >= MAX_ITEM_ATTEMPTS {
                    return Ok(fallback(format!("{e} ({MAX_ITEM_ATTEMPTS} attempts)")));
                }
                return Ok(Outcome::Later(e.to_string()));
            }
        };
        let mut doc = match rasd_input::parse_html(url, &page.text) {
            Ok(d) => d,
            Err(e) => return Ok(fallback(e.to_string())),
        };
        let own = item.own.first();
        if doc.id.starts_with(&format!("{url}#")) {
            doc.id = doc.url.clone().unwrap_or_else(|| url.clone());
        }
        if doc.url.is_none() {
            doc.url = Some(url.clone());
        }
        if doc.published.is_none() {
            doc.published = own.and_then(|d| d.published.clone());
        }
        if doc.title.is_none() {
            doc.title = own.and_then(|d| d.title.clone());
        }
        Ok(Outcome::Docs(vec![doc]))
    }
}

/// Articles stored (and their progress committed) at a time within one
/// poll, so that a kill in a long poll loses at most this many fetches.
const STORE_EVERY: usize = 10;

/// Hands articles to the sink, then records them and the items dealt with
/// in the state, in that order. `Ok(Err(_))` is the sink's failure.
fn flush<S: Sink>(
    m: &mut Monitor<S>,
    source: &Source,
    st: &SourceState,
    docs: &mut Vec<Doc>,
    keys: &mut Vec<(String, String)>,
    done: &mut Vec<String>,
) -> Result<Result<usize, String>, MonitorError> {
    let n = docs.len();
    if n > 0
        && let Err(e) = m.sink.store(std::mem::take(docs))
    {
        return Ok(Err(format!("storing: {e}")));
    }
    let stored: Vec<Stored<'_>> = keys.iter().map(|(k, h)| Stored { url: k, hash: h }).collect();
    let d: Vec<&str> = done.iter().map(String::as_str).collect();
    m.state.commit_poll(&source.name, st, &stored, &d, m.clock.now_ms())?;
    keys.clear();
    done.clear();
    Ok(Ok(n))
}

/// Polls one source; returns how many articles were stored.
pub(crate) fn poll_source<S: Sink>(
    m: &mut Monitor<S>,
    i: usize,
    source: &Source,
    mut st: SourceState,
) -> Result<usize, MonitorError> {
    let now = m.clock.now_ms();
    m.status[i].last_fetch = Some(rfc3339(now));
    let (status, listed) = m.list(source, &st);
    m.status[i].last_status = status;
    let fail = |m: &mut Monitor<S>,
                st: &mut SourceState,
                msg: String,
                wait: Option<std::time::Duration>| {
        st.failures += 1;
        let mut delay = backoff(&m.config.http, st.failures);
        if let Some(w) = wait {
            delay = delay.max(w);
        }
        st.next_due_ms = m.clock.now_ms() + delay.as_millis() as u64;
        m.status[i].failures = st.failures;
        m.status[i].next_poll = Some(rfc3339(st.next_due_ms));
        (m.log)(&format!("{}: {msg}; next try {}", source.name, rfc3339(st.next_due_ms)));
        st.last_error = Some(msg.clone());
        m.status[i].last_error = Some(msg);
    };
    let (items, validators) = match listed {
        Err(e) => {
            fail(m, &mut st, e.to_string(), e.retry_after);
            m.state.set_source(&source.name, &st)?;
            return Ok(0);
        }
        Ok(None) => {
            m.status[i].items_seen = 0;
            m.status[i].items_new = 0;
            (Vec::new(), st.validators.clone())
        }
        Ok(Some(x)) => x,
    };
    m.status[i].items_seen = items.len() as u64;
    let mut docs: Vec<Doc> = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut done: Vec<String> = Vec::new();
    let mut hashes = HashSet::new();
    let mut complete = true;
    let mut n_new = 0usize;
    let mut n_stored = 0usize;
    let mut in_poll = HashSet::new();
    for item in &items {
        if !in_poll.insert(item.key.clone()) || m.state.seen_url(&item.key)? {
            continue;
        }
        if n_new == MAX_NEW_PER_POLL {
            complete = false;
            break;
        }
        n_new += 1;
        match m.item(item)? {
            Outcome::Later(why) => {
                complete = false;
                (m.log)(&format!("{}: {why}; tried again next poll", source.name));
            }
            Outcome::Done(why) => {
                (m.log)(&format!("{}: {why}; skipped", source.name));
                done.push(item.key.clone());
            }
            Outcome::Docs(ds) => {
                let mut any = false;
                for mut d in ds {
                    let h = text_hash(&d.text);
                    if !hashes.insert(h.clone()) {
                        continue;
                    }
                    if let Some(first) = m.state.seen_text(&h)? {
                        (m.log)(&format!(
                            "{}: {} has the text of {first}; skipped",
                            source.name, item.key
                        ));
                        continue;
                    }
                    if d.source.is_none() {
                        d.source.clone_from(&source.outlet);
                    }
                    docs.push(d);
                    keys.push((item.key.clone(), h));
                    any = true;
                }
                if !any {
                    done.push(item.key.clone());
                }
            }
        }
        if docs.len() >= STORE_EVERY {
            match flush(m, source, &st, &mut docs, &mut keys, &mut done)? {
                Ok(n) => n_stored += n,
                Err(e) => {
                    fail(m, &mut st, e, None);
                    m.state.set_source(&source.name, &st)?;
                    return Ok(n_stored);
                }
            }
        }
    }
    let n_docs = match flush(m, source, &st, &mut docs, &mut keys, &mut done)? {
        Ok(n) => n_stored + n,
        Err(e) => {
            fail(m, &mut st, e, None);
            m.state.set_source(&source.name, &st)?;
            return Ok(n_stored);
        }
    };
    // Validators are kept only when every item was dealt with: otherwise
    // a 304 next time would hide the items still waiting.
    if complete {
        st.validators = validators;
    }
    st.failures = 0;
    st.last_error = None;
    st.next_due_ms = m.clock.now_ms() + source.interval.as_millis() as u64;
    m.state.set_source(&source.name, &st)?;
    let s = &mut m.status[i];
    s.items_new = n_docs as u64;
    s.stored_total += n_docs as u64;
    s.failures = 0;
    s.last_error = None;
    s.next_poll = Some(rfc3339(st.next_due_ms));
    if n_docs > 0 {
        (m.log)(&format!("{}: {n_docs} new articles stored", source.name));
    }
    Ok(n_docs)
}
