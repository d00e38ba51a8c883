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

/// The text of an HTML fragment (a feed item's content).
pub(crate) fn text_of_fragment(fragment: &str) -> String {
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
        return t.lines().map(clean).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    }
    paragraphs.join("\n")
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

/// Parses an HTML page into a document: headline, a blank line, then the
/// body's paragraphs, one a line.
pub fn parse_html(source_name: &str, html: &str) -> Result<Doc, InputError> {
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
    });
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
    let id =
        page_id(&doc).or_else(|| canonical.clone()).unwrap_or_else(|| crate::stem(source_name));
    let text = if title.is_empty() {
        paragraphs.join("\n")
    } else {
        format!("{title}\n\n{}", paragraphs.join("\n"))
    };
    Ok(Doc {
        id,
        url: canonical,
        source: None,
        published,
        title: Some(title).filter(|t| !t.is_empty()),
        text,
    })
}
