//! Input parsers on documents written for these tests.

mod fuzz;

use rasd_input::{
    Format, MAX_ARTICLE_BYTES, MAX_HTML_DEPTH, content_id, detect, parse_feed, parse_html,
    parse_json_line, parse_text, valid_published,
};

const PAGE: &str = r#"<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">
<title>انفجار في سوق بالمدينة | موقع</title>
<meta property="article:published_time" content="2019-03-02T10:00:00+03:00">
<script>var x = "هجوم"; window.dataLayer=[{"id":"site:42"}];</script><style>p{}</style></head>
<body><nav><a>الرئيسية</a><a>رياضة</a></nav>
<article><h1>انفجار في سوق بالمدينة</h1><p>قتل ثلاثة أشخاص في انفجار عبوة ناسفة.</p>
<div class="share"><p>شارك المقال</p></div><p>وأصيب عشرة آخرون.</p></article>
<aside class="most-read"><p>مقتل 100 في هجوم آخر</p></aside>
<section class="comments"><p>تعليق: هجوم مروع</p></section></body></html>"#;

#[test]
fn html_keeps_the_article_and_drops_the_rest() {
    let d = parse_html("page.html", PAGE).expect("parses");
    assert_eq!(d.id, "site:42");
    assert_eq!(d.published.as_deref(), Some("2019-03-02T10:00:00+03:00"));
    assert_eq!(
        d.text,
        "انفجار في سوق بالمدينة\n\nقتل ثلاثة أشخاص في انفجار عبوة ناسفة.\nوأصيب عشرة آخرون."
    );
}

#[test]
fn truncated_html_still_gives_what_it_has() {
    let cut = &PAGE[..PAGE.find("وأصيب").expect("marker")];
    let d = parse_html("cut.html", cut).expect("parses what is there");
    assert!(d.text.contains("قتل ثلاثة أشخاص"), "{}", d.text);
}

#[test]
fn empty_html_is_an_error() {
    let e = parse_html("empty.html", "<html><body><nav>x</nav></body></html>").unwrap_err();
    assert_eq!(e.to_string(), "empty.html: no article text found in the page");
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أخبار</title>
<item><title>مقتل جنديين بهجوم مسلح</title><link>https://example.org/a</link><guid>a-1</guid>
<pubDate>Sun, 06 May 2018 10:00:00 +0000</pubDate><description>&lt;p&gt;قتل جنديان في هجوم مسلح على حاجز.&lt;/p&gt;</description></item>
<item><title>غارة جوية</title><guid>a-2</guid><description>شنت طائرات غارة على موقع.</description></item>
</channel></rss>"#;

#[test]
fn rss_items_become_documents() {
    let docs = parse_feed("feed.xml", RSS.as_bytes()).expect("parses");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id, "a-1");
    assert_eq!(docs[0].text, "مقتل جنديين بهجوم مسلح\n\nقتل جنديان في هجوم مسلح على حاجز.");
    assert!(docs[0].published.as_deref().is_some_and(|p| p.starts_with("2018-05-06")));
}

#[test]
fn a_broken_feed_is_an_error_that_names_the_file() {
    let e = parse_feed("broken.xml", b"<rss><channel><item><title>x</ti").unwrap_err();
    assert!(e.to_string().starts_with("broken.xml: not a readable feed"), "{e}");
}

#[test]
fn json_lines_records_and_their_errors() {
    let d = parse_json_line(
        "in.jsonl",
        1,
        r#"{"id":"x1","published":"2018-05-06T00:00:00+04:00","text":"عنوان\n\nنص","events":[]}"#,
    )
    .expect("parses");
    assert_eq!((d.id.as_str(), d.text.as_str()), ("x1", "عنوان\n\nنص"));
    let d =
        parse_json_line("in.jsonl", 2, r#"{"id":7,"title":"عنوان","text":"نص"}"#).expect("parses");
    assert_eq!((d.id.as_str(), d.text.as_str()), ("7", "عنوان\n\nنص"));
    let e = parse_json_line("in.jsonl", 3, r#"{"id": "x", "text": "#).unwrap_err();
    assert!(e.to_string().starts_with("in.jsonl:3: not a JSON record"), "{e}");
    let e = parse_json_line("in.jsonl", 4, r#"{"id": "x"}"#).unwrap_err();
    assert_eq!(e.to_string(), "in.jsonl:4: record has no \"text\"");
}

#[test]
fn formats_by_name_and_content() {
    assert_eq!(detect("a.jsonl.gz", b""), Format::JsonLines);
    assert_eq!(detect("page", b"<!DOCTYPE html><html>"), Format::Html);
    assert_eq!(detect("x", b"<?xml version=\"1.0\"?><rss>"), Format::Feed);
    assert_eq!(detect("notes.txt", "الأحد 6 مايو 2018".as_bytes()), Format::Text);
    assert_eq!(
        parse_text("dir/article.txt", "نص").unwrap().id,
        content_id("dir/article.txt", "نص")
    );
}

/// Articles without an id or URL are told apart by their text, so that
/// different texts are never one article (each line: where it was read,
/// its text; the id must differ from every other line's).
#[test]
fn articles_without_an_id_are_keyed_by_their_text() {
    let text_a = "قتل جندي في هجوم على حاجز.";
    let text_b = "أصيب شرطيان في انفجار عبوة.";
    let ids = [
        parse_text("d1/a.txt", text_a).unwrap().id,
        parse_text("d1/a.txt", text_b).unwrap().id,
        parse_html("x/index.html", &format!("<html><body><p>{text_a}</p></body></html>"))
            .unwrap()
            .id,
        parse_html("x/index.html", &format!("<html><body><p>{text_b}</p></body></html>"))
            .unwrap()
            .id,
        parse_json_line("<stdin>", 1, &format!(r#"{{"text":"{text_a}"}}"#)).unwrap().id,
        parse_json_line("<stdin>", 1, &format!(r#"{{"text":"{text_b}"}}"#)).unwrap().id,
    ];
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            assert_ne!(a, b);
        }
    }
    // The same text read from the same place is the same article.
    assert_eq!(parse_text("d1/a.txt", text_a).unwrap().id, ids[0]);
    assert!(ids[0].starts_with("d1/a.txt#"), "{}", ids[0]);
    // An id or a URL, when given, is the identity.
    let d = parse_json_line("in", 1, r#"{"url":"https://example.org/1","text":"نص"}"#).unwrap();
    assert_eq!(d.id, "https://example.org/1");
}

/// Records rasd refuses, with the message each gives.
#[test]
fn bad_records_are_refused_with_a_reason() {
    let cases = [
        (
            r#"{"id":["a"],"text":"نص"}"#,
            "in.jsonl:1: \"id\" is an array; it must be a string or a number",
        ),
        (
            r#"{"id":{"x":1},"text":"نص"}"#,
            "in.jsonl:1: \"id\" is an object; it must be a string or a number",
        ),
        (r#"{"id":"a","text":""}"#, "in.jsonl:1: the article's text is empty"),
        (r#"{"id":"a","text":"  \n "}"#, "in.jsonl:1: the article's text is empty"),
        (
            r#"{"id":"a","published":"not a date","text":"نص"}"#,
            "in.jsonl:1: \"published\" is \"not a date\", not a date (YYYY-MM-DD, optionally with a time)",
        ),
        (
            r#"{"id":"a","published":"2018-02-30","text":"نص"}"#,
            "in.jsonl:1: \"published\" is \"2018-02-30\", not a date (YYYY-MM-DD, optionally with a time)",
        ),
    ];
    for (line, want) in cases {
        assert_eq!(parse_json_line("in.jsonl", 1, line).unwrap_err().to_string(), want, "{line}");
    }
    let big = "ق".repeat(MAX_ARTICLE_BYTES / 2 + 1);
    let e = parse_text("big.txt", &big).unwrap_err();
    assert_eq!(e.to_string(), "big.txt: the article's text is 10.0 MB, over the limit of 10 MB");
}

#[test]
fn publication_times() {
    for ok in
        ["2018-05-06", "2018-05-06T10:00:00Z", "2016-02-29 10:00", "2018-05-06T00:00:00+04:00"]
    {
        assert!(valid_published(ok), "{ok}");
    }
    for bad in
        ["", "2018", "2018-5-6", "2017-02-29", "2018-13-01", "0000-01-01", "2018-05-06x", "١٢"]
    {
        assert!(!valid_published(bad), "{bad}");
    }
}

/// Pages nested deeper than the limit are refused before parsing; as deep
/// as the limit is read, and unclosed paragraphs or void elements add no
/// depth.
#[test]
fn html_nesting_is_capped_before_parsing() {
    let nested = |n: usize| {
        format!(
            "<html><body>{}<p>نص المقال</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    };
    // html and body are two levels.
    assert!(parse_html("ok.html", &nested(MAX_HTML_DEPTH - 2)).is_ok());
    let e = parse_html("deep.html", &nested(1_000_000)).unwrap_err();
    assert!(e.to_string().starts_with("deep.html: elements nested deeper than 256"), "{e}");
    let flat = format!("<html><body>{}</body></html>", "<p>سطر<br><img src=x>".repeat(5_000));
    assert!(parse_html("flat.html", &flat).is_ok());
    let commented = format!("<html><body><!-- {} --><p>نص</p></body></html>", "<div>".repeat(1000));
    assert!(parse_html("c.html", &commented).is_ok());
    let feed = format!(
        r#"<rss version="2.0"><channel><item><title>x</title><description>{}</description></item></channel></rss>"#,
        "&lt;div&gt;".repeat(1000)
    );
    let e = parse_feed("deep.xml", feed.as_bytes()).unwrap_err();
    assert!(e.to_string().starts_with("deep.xml: item 1: markup nested deeper"), "{e}");
}
