//! Reading articles: plain text, HTML pages, RSS and Atom feeds, and JSON
//! Lines records, each into a [`Doc`].
//!
//! Parsers take bytes or text and a name for messages; the caller does the
//! IO. Errors say what went wrong and where (file and line), so a caller
//! can skip the bad record and keep everything else.

mod html;

use rasd_core::Doc;

pub use html::parse_html;

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
    let id = match r.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => r.url.clone().unwrap_or_else(|| format!("{source_name}:{line}")),
    };
    // Records with a separate title and body become "title, blank line, body".
    let text = match &r.title {
        Some(t) if !t.trim().is_empty() && !body.starts_with(t.trim()) => {
            format!("{}\n\n{}", t.trim(), body)
        }
        _ => body,
    };
    Ok(Doc { id, url: r.url, source: r.source, published: r.published, title: r.title, text })
}

/// A plain-text article: the text as it is, the file's name as its id.
pub fn parse_text(source_name: &str, text: &str) -> Doc {
    Doc { id: stem(source_name), text: text.to_string(), ..Doc::default() }
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
        let title = entry.title.map(|t| html::text_of_fragment(&t.content)).unwrap_or_default();
        let content = entry
            .content
            .and_then(|c| c.body)
            .or_else(|| entry.summary.map(|s| s.content))
            .map(|c| html::text_of_fragment(&c))
            .unwrap_or_default();
        if title.trim().is_empty() && content.trim().is_empty() {
            continue;
        }
        let url = entry.links.first().map(|l| l.href.clone());
        let published = entry.published.or(entry.updated).map(|d| d.to_rfc3339());
        let id = if entry.id.is_empty() {
            url.clone().unwrap_or_else(|| format!("{source_name}#{}", n + 1))
        } else {
            entry.id
        };
        let text = if title.is_empty() { content } else { format!("{title}\n\n{content}") };
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
