//! Fuzzing of every reader: the HTML, feed, JSON Lines and text readers
//! and the text layer's number and date parsers, on mutations of a saved
//! corpus of inputs written for rasd (`tests/corpus/`) and on arbitrary
//! text. The property is that nothing panics and every error names its
//! input.
//!
//! `cargo test` runs a short budget; `tools/fuzz.sh` runs a long one
//! (`RASD_FUZZ_CASES`). A failure is minimised by proptest and saved under
//! `tests/it/fuzz.proptest-regressions`, which is replayed first on every
//! later run: a crash found once stays a regression test.

use proptest::prelude::*;
use rasd_input::{detect, parse_feed, parse_html, parse_json_line, parse_text};
use rasd_text::analyze::{Analysis, parse_date, parse_numeral, parse_ordinal};
use rasd_text::date::Prefer;

const CORPUS: &[&str] = &[
    include_str!("../corpus/page.html"),
    include_str!("../corpus/feed.xml"),
    include_str!("../corpus/atom.xml"),
    include_str!("../corpus/records.jsonl"),
    include_str!("../corpus/article.txt"),
];

/// Pieces that make readers take unusual paths.
const PIECES: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "&lt;div&gt;",
    "<![CDATA[",
    "]]>",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\n",
    "\r\n",
    "\u{feff}",
    "\u{200f}",
    "ـ",
    "ً",
    "٣",
    "۲",
    "0",
    "-1",
    "1e400",
    "99999999999999999999",
    "ألف",
    "مليون",
    "أمس",
    "الأحد",
    "رمضان",
    "كانون الثاني/يناير",
    "2018-02-30",
    "1439",
    "نحو",
    "عشرات",
    " ",
];

fn cases() -> u32 {
    std::env::var("RASD_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

/// A corpus file changed by a few edits: pieces inserted, ranges cut or
/// doubled, anywhere (on character boundaries).
fn mutated() -> impl Strategy<Value = String> {
    let edit =
        (0..3u8, any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0..PIECES.len());
    (0..CORPUS.len(), prop::collection::vec(edit, 0..12)).prop_map(|(seed, edits)| {
        let mut s = CORPUS[seed].to_string();
        for (kind, a, b, piece) in edits {
            let bounds: Vec<usize> = (0..=s.len()).filter(|i| s.is_char_boundary(*i)).collect();
            let (x, y) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
            let (lo, hi) = (x.min(y), x.max(y));
            s = match kind {
                0 => format!("{}{}{}", &s[..lo], PIECES[piece], &s[lo..]),
                1 => format!("{}{}", &s[..lo], &s[hi..]),
                _ => format!("{}{}{}", &s[..hi], &s[lo..hi], &s[hi..]),
            };
        }
        s
    })
}

fn input() -> impl Strategy<Value = String> {
    prop_oneof![4 => mutated(), 1 => "\\PC{0,300}", 1 => "[<>/a-z\"=!-]{0,300}"]
}

fn read_all(text: &str) -> Result<(), TestCaseError> {
    let _ = detect("x", text.as_bytes());
    for (n, line) in text.lines().enumerate() {
        if let Err(e) = parse_json_line("f.jsonl", n + 1, line) {
            prop_assert!(e.to_string().starts_with(&format!("f.jsonl:{}: ", n + 1)), "{e}");
        }
    }
    if let Err(e) = parse_html("f.html", text) {
        prop_assert!(e.to_string().starts_with("f.html: "), "{e}");
    }
    if let Err(e) = parse_feed("f.xml", text.as_bytes()) {
        prop_assert!(e.to_string().starts_with("f.xml: "), "{e}");
    }
    if let Ok(d) = parse_text("f.txt", text) {
        let a = Analysis::new(&d.text, &rasd_text::Config::default());
        for n in &a.numbers {
            prop_assert!(d.text.is_char_boundary(n.span.start as usize));
        }
    }
    for phrase in text.lines().take(8) {
        let _ = parse_numeral(phrase);
        let _ = parse_ordinal(phrase);
        let _ = parse_date(phrase, jiff::civil::date(2018, 5, 6), Prefer::Past);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn no_reader_panics_on_mutated_or_arbitrary_input(text in input()) {
        read_all(&text)?;
    }
}

/// The corpus itself reads as expected, so the mutations start from
/// inputs that reach deep into each reader.
#[test]
fn the_corpus_reads() {
    assert!(parse_html("page.html", CORPUS[0]).is_ok());
    assert_eq!(parse_feed("feed.xml", CORPUS[1].as_bytes()).unwrap().len(), 2);
    assert_eq!(parse_feed("atom.xml", CORPUS[2].as_bytes()).unwrap().len(), 1);
    for (n, l) in CORPUS[3].lines().enumerate() {
        assert!(parse_json_line("records.jsonl", n + 1, l).is_ok(), "{l}");
    }
    assert!(parse_text("article.txt", CORPUS[4]).is_ok());
}
