//! Reading articles: plain text, HTML pages, RSS and Atom feeds, and JSON
//! Lines records, each into a [`Doc`].
//!
//! Parsers take bytes or text and a name for messages; the caller does the
//! IO. Errors say what went wrong and where (file and line), so a caller
//! can skip the bad record and keep everything else.

mod html;

use rasd_core::Doc;
use sha2::{Digest, Sha256};

pub use html::{MAX_HTML_DEPTH, parse_html};

/// The largest article text rasd reads, in bytes (10 MB). Extraction is
/// linear in the text, but no news article comes near this; a larger one is
/// refused with a message rather than read for minutes.
pub const MAX_ARTICLE_BYTES: usize = 10 << 20;

/// The id of an article that gives none (no id, no URL): where it came
/// from, then the first 16 hex digits of the SHA-256 of its text, so that
/// two different texts read from the same place (`d1/a.txt` and `d2/a.txt`,
/// two runs over standard input) are never one article, and the same text
/// read again is the same article.
pub fn content_id(source_name: &str, text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{source_name}#{hex}")
}

/// Refuses an article with no text, or with a text over
/// [`MAX_ARTICLE_BYTES`].
fn check_text(source_name: &str, line: Option<usize>, text: &str) -> Result<(), InputError> {
    if text.trim().is_empty() {
        return Err(InputError::new(source_name, line, "the article's text is empty"));
    }
    if text.len() > MAX_ARTICLE_BYTES {
        return Err(InputError::new(
            source_name,
            line,
            format!(
                "the article's text is {:.1} MB, over the limit of {} MB",
                text.len() as f64 / (1 << 20) as f64,
                MAX_ARTICLE_BYTES >> 20
            ),
        ));
    }
    Ok(())
}

/// Whether a publication time is one rasd can read: a day `YYYY-MM-DD`,
/// optionally followed by `T` or a space and a time.
pub fn valid_published(p: &str) -> bool {
    let Some(day) = p.get(..10) else { return false };
    let rest = &p[10..];
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return false;
    }
    let (y, m, d) = (
        day[..4].parse::<i16>().unwrap_or(0),
        day[5..7].parse::<i8>().unwrap_or(0),
        day[8..10].parse::<i8>().unwrap_or(0),
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1 && (1..=days).contains(&d) && (rest.is_empty() || rest.starts_with(['T', 't', ' ']))
}

/// Something in the input could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct InputError {
    /// The file (or `<stdin>`).
    pub source_name: String,
    /// The line, for line-based formats.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl InputError {
    fn new(source_name: &str, line: Option<usize>, message: impl Into<String>) -> InputError {
        InputError { source_name: source_name.to_string(), line, message: message.into() }
    }
}

/// The formats rasd reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON record a line: `{id, published, title, text, …}`.
    JsonLines,
    /// An HTML page.
    Html,
    /// An RSS or Atom feed.
    Feed,
    /// Plain text (a dateline in the first lines gives the date).
    Text,
}

/// The format of a file, from its name, else from its first bytes.
pub fn detect(name: &str, head: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
        return Format::JsonLines;
    }
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        return Format::Html;
    }
    if lower.ends_with(".rss") || lower.ends_with(".atom") || lower.ends_with(".xml") {
        return Format::Feed;
    }
    let head =
        String::from_utf8_lossy(&head[..head.len().min(512)]).trim_start().to_ascii_lowercase();
    if head.starts_with('{') {
        Format::JsonLines
    } else if head.starts_with("<rss")
        || head.starts_with("<feed")
        || (head.starts_with("<?xml") && (head.contains("<rss") || head.contains("<feed")))
    {
        Format::Feed
    } else if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
    {
        Format::Html
    } else {
        Format::Text
    }
}

/// A record of a JSON Lines file. Unknown keys (gold `events`) are ignored.
#[derive(serde::Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    url: Option<String>,
    source: Option<String>,
    published: Option<String>,
    title: Option<String>,
    text: Option<String>,
    body: Option<String>,
}

/// Parses one JSON Lines record. `line` is 1-based, for messages.
pub fn parse_json_line(source_name: &str, line: usize, text: &str) -> Result<Doc, InputError> {
    let r: Record = serde_json::from_str(text)
        .map_err(|e| InputError::new(source_name, Some(line), format!("not a JSON record: {e}")))?;
    let body = r
        .text
        .or(r.body)
        .ok_or_else(|| InputError::new(source_name, Some(line), "record has no \"text\""))?;
    check_text(source_name, Some(line), &body)?;
    let url = r.url.filter(|u| !u.trim().is_empty());
    if let Some(p) = &r.published
        && !valid_published(p)
    {
        return Err(InputError::new(
            source_name,
            Some(line),
            format!("\"published\" is {p:?}, not a date (YYYY-MM-DD, optionally with a time)"),
        ));
    }
    let id = match r.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(_)) => None,
        Some(other) => {
            let kind = match other {
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Array(_) => "an array",
                _ => "an object",
            };
            return Err(InputError::new(
                source_name,
                Some(line),
                format!("\"id\" is {kind}; it must be a string or a number"),
            ));
        }
    };
    // Records with a separate title and body become "title, blank line, body".
    let text = match &r.title {
        Some(t) if !t.trim().is_empty() && !body.starts_with(t.trim()) => {
            format!("{}\n\n{}", t.trim(), body)
        }
        _ => body,
    };
    // Without an id or a URL, the text is the article's identity; where it
    // was read stays in the id as information.
    let id = id
        .or_else(|| url.clone())
        .unwrap_or_else(|| content_id(&format!("{source_name}:{line}"), &text));
    Ok(Doc { id, url, source: r.source, published: r.published, title: r.title, text })
}

/// A plain-text article: the text as it is; its id is the file's name and
/// the hash of the text ([`content_id`]), so two files of the same name
/// with different texts are two articles.
pub fn parse_text(source_name: &str, text: &str) -> Result<Doc, InputError> {
    check_text(source_name, None, text)?;
    Ok(Doc { id: content_id(source_name, text), text: text.to_string(), ..Doc::default() })
}

/// The file name without folders and extension.
pub fn stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let base = base.strip_suffix(".gz").unwrap_or(base);
    match base.rfind('.') {
        Some(i) if i > 0 => base[..i].to_string(),
        _ => base.to_string(),
    }
}

/// Parses an RSS or Atom feed: one document per item, its text the title
/// and the item's content (or summary) with markup removed.
pub fn parse_feed(source_name: &str, bytes: &[u8]) -> Result<Vec<Doc>, InputError> {
    let feed = feed_rs::parser::parse(bytes)
        .map_err(|e| InputError::new(source_name, None, format!("not a readable feed: {e}")))?;
    let mut docs = Vec::with_capacity(feed.entries.len());
    for (n, entry) in feed.entries.into_iter().enumerate() {
        let deep = |at: usize| {
            InputError::new(
                source_name,
                None,
                format!(
                    "item {}: markup nested deeper than {} (at byte {at}); feed not read",
                    n + 1,
                    MAX_HTML_DEPTH
                ),
            )
        };
        let title =
            entry.title.map(|t| html::text_of_fragment(&t.content)).transpose().map_err(deep)?;
        let content = entry
            .content
            .and_then(|c| c.body)
            .or_else(|| entry.summary.map(|s| s.content))
            .map(|c| html::text_of_fragment(&c))
            .transpose()
            .map_err(deep)?;
        let (title, content) = (title.unwrap_or_default(), content.unwrap_or_default());
        if title.trim().is_empty() && content.trim().is_empty() {
            continue;
        }
        let url = entry.links.first().map(|l| l.href.clone());
        let published = entry.published.or(entry.updated).map(|d| d.to_rfc3339());
        let text = if title.is_empty() { content } else { format!("{title}\n\n{content}") };
        if let Err(e) = check_text(source_name, None, &text) {
            return Err(InputError { message: format!("item {}: {}", n + 1, e.message), ..e });
        }
        let id = if entry.id.trim().is_empty() {
            url.clone().unwrap_or_else(|| content_id(&format!("{source_name}#{}", n + 1), &text))
        } else {
            entry.id
        };
        docs.push(Doc {
            id,
            url,
            source: None,
            published,
            title: Some(title).filter(|t| !t.is_empty()),
            text,
        });
    }
    Ok(docs)
}
