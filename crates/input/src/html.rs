//! HTML pages: the article's headline, body paragraphs and date, without
//! navigation, sidebars, comments, scripts or styles.

use rasd_core::Doc;
use scraper::{ElementRef, Html, Node, Selector};

use crate::InputError;

/// Elements whose text is never part of the article.
const NOISE: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "iframe",
    "svg", "template",
];

/// Class or id words of blocks that hold no article text.
const NOISE_CLASSES: &[&str] = &[
    "comment",
    "related",
    "most-read",
    "sidebar",
    "share",
    "social",
    "ticker",
    "breadcrumb",
    "advert",
    "promo",
    "newsletter",
    "footer",
    "menu",
    "tags",
];

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selectors here are valid CSS")
}

fn is_noise(el: &ElementRef<'_>) -> bool {
    let v = el.value();
    if NOISE.contains(&v.name()) {
        return true;
    }
    let attrs = format!("{} {}", v.attr("class").unwrap_or(""), v.attr("id").unwrap_or(""))
        .to_ascii_lowercase();
    NOISE_CLASSES.iter().any(|c| attrs.contains(c))
}

/// The text of an element, skipping noise inside it.
fn text_of(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(_) => {
                if let Some(c) = ElementRef::wrap(child)
                    && !is_noise(&c)
                {
                    if c.value().name() == "br" {
                        out.push('\n');
                    }
                    text_of(c, out);
                }
            }
            _ => {}
        }
    }
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of an HTML fragment (a feed item's content); a fragment nested
/// deeper than [`MAX_HTML_DEPTH`] is refused with the byte where it goes
/// too deep.
pub(crate) fn text_of_fragment(fragment: &str) -> Result<String, usize> {
    if let Some(at) = too_deep(fragment, MAX_HTML_DEPTH) {
        return Err(at);
    }
    let doc = Html::parse_fragment(fragment);
    let mut paragraphs = Vec::new();
    let blocks = sel("p, h1, h2, h3, li, blockquote");
    for b in doc.select(&blocks) {
        let mut t = String::new();
        text_of(b, &mut t);
        let t = clean(&t);
        if !t.is_empty() {
            paragraphs.push(t);
        }
    }
    if paragraphs.is_empty() {
        let mut t = String::new();
        text_of(doc.root_element(), &mut t);
        return Ok(t.lines().map(clean).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n"));
    }
    Ok(paragraphs.join("\n"))
}

fn meta(doc: &Html, names: &[&str]) -> Option<String> {
    for n in names {
        for attr in ["property", "name", "itemprop"] {
            let s = sel(&format!("meta[{attr}=\"{n}\"]"));
            if let Some(v) = doc.select(&s).next().and_then(|m| m.value().attr("content"))
                && !v.trim().is_empty()
            {
                return Some(v.trim().to_string());
            }
        }
    }
    None
}

/// An article id the page gives itself: a metadata field, or an "id" in
/// an analytics data layer script.
fn page_id(doc: &Html) -> Option<String> {
    if let Some(id) = meta(doc, &["article:id", "rasd:id", "article-id", "articleId"]) {
        return Some(id);
    }
    for script in doc.select(&sel("script")) {
        let text: String = script.text().collect();
        if let Some(at) = text.find("dataLayer") {
            let rest = &text[at..];
            if let Some(i) = rest.find("\"id\"") {
                let after =
                    rest[i + 4..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
                let end = after.find('"')?;
                return Some(after[..end].to_string());
            }
        }
    }
    None
}

/// The deepest nesting of elements rasd reads. An HTML parser's work per
/// element grows with the depth it is opened at (the scope searches of the
/// HTML standard), so a page nested a million deep would take forever; real
/// pages stay far below this.
pub const MAX_HTML_DEPTH: usize = 256;

/// Elements that never hold others (void elements) or that the parser
/// closes by itself when the next one opens; they add no depth.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th",
];

/// An upper estimate of how deep the page's elements nest, from its tags
/// alone (linear, before any parser sees the page): the byte offset of the
/// first tag that goes past `limit`, if any. Comments and the contents of
/// scripts and styles are skipped.
pub(crate) fn too_deep(html: &str, limit: usize) -> Option<usize> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + off;
        i = at + 1;
        let rest = &b[i..];
        if rest.starts_with(b"!--") {
            i = find(b, i, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let start = i + usize::from(closing);
        let len = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if len == 0 || !b[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        let end = b[start..].iter().position(|&c| c == b'>').map_or(b.len(), |e| start + e);
        i = end.min(b.len());
        if closing {
            if !FLAT.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
            continue;
        }
        let self_closing = end > start && b[end - 1] == b'/';
        if !self_closing && !FLAT.contains(&name.as_str()) {
            depth += 1;
            if depth > limit {
                return Some(at);
            }
        }
    }
    None
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// Parses an HTML page into a document: headline, a blank line, then the
/// body's paragraphs, one a line. A page nested deeper than
/// [`MAX_HTML_DEPTH`] is refused before it is parsed.
pub fn parse_html(source_name: &str, html: &str) -> Result<Doc, InputError> {
    if let Some(at) = too_deep(html, MAX_HTML_DEPTH) {
        return Err(InputError::new(
            source_name,
            None,
            format!("elements nested deeper than {MAX_HTML_DEPTH} (at byte {at}); page not read"),
        ));
    }
    let doc = Html::parse_document(html);
    let title = meta(&doc, &["og:title", "twitter:title"])
        .or_else(|| doc.select(&sel("h1")).next().map(|h| clean(&h.text().collect::<String>())))
        .or_else(|| {
            doc.select(&sel("title")).next().map(|t| {
                let t = clean(&t.text().collect::<String>());
                t.split(" | ").next().unwrap_or(&t).to_string()
            })
        })
        .unwrap_or_default();
    let published = meta(
        &doc,
        &[
            "article:published_time",
            "og:published_time",
            "datePublished",
            "pubdate",
            "date",
            "DC.date.issued",
        ],
    )
    .or_else(|| {
        doc.select(&sel("time[datetime]"))
            .next()
            .and_then(|t| t.value().attr("datetime").map(String::from))
    })
    // Page metadata is often odd: a date rasd cannot read is left out.
    .filter(|p| crate::valid_published(p));
    // The body: paragraphs inside <article> (or <main>, or the whole page),
    // outside noise blocks.
    let root = doc
        .select(&sel("article"))
        .next()
        .or_else(|| doc.select(&sel("main")).next())
        .or_else(|| doc.select(&sel("body")).next())
        .unwrap_or(doc.root_element());
    let mut paragraphs: Vec<String> = Vec::new();
    for p in root.select(&sel("p, h2, h3, blockquote, li")) {
        if p.ancestors().filter_map(ElementRef::wrap).any(|a| is_noise(&a)) {
            continue;
        }
        let mut t = String::new();
        text_of(p, &mut t);
        let t = clean(&t);
        if !t.is_empty() && t != title {
            paragraphs.push(t);
        }
    }
    if title.is_empty() && paragraphs.is_empty() {
        return Err(InputError::new(source_name, None, "no article text found in the page"));
    }
    let canonical = doc
        .select(&sel("link[rel=\"canonical\"]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .filter(|h| !h.is_empty())
        .map(String::from);
    let text = if title.is_empty() {
        paragraphs.join("\n")
    } else {
        format!("{title}\n\n{}", paragraphs.join("\n"))
    };
    crate::check_text(source_name, None, &text)?;
    let id = page_id(&doc)
        .or_else(|| canonical.clone())
        .unwrap_or_else(|| crate::content_id(source_name, &text));
    Ok(Doc {
        id,
        url: canonical,
        source: None,
        published,
        title: Some(title).filter(|t| !t.is_empty()),
        text,
    })
}
