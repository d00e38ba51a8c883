//! Input parsers on documents written for these tests.

use rasd_input::{Format, detect, parse_feed, parse_html, parse_json_line, parse_text};

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
    assert_eq!(parse_text("dir/article.txt", "نص").id, "article");
}
