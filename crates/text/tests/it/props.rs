//! Properties that hold for any input: no panic, spans on character
//! boundaries, segmentation lossless.

use proptest::prelude::*;
use rasd_text::segment::{best_split, clitic_splits, sentences, tokenize};
use rasd_text::{Analysis, Config};

/// Text drawn from the characters that matter: Arabic letters, marks,
/// tatweel, both digit scripts, separators, punctuation, spaces, Latin and
/// invisible controls.
fn arabicish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "و",
        "ب",
        "ل",
        "ك",
        "ف",
        "ال",
        "لل",
        "قتل",
        "كابول",
        "مارس",
        "الأحد",
        "أمس",
        "عشرة",
        "ألف",
        "مئة",
        "ما لا يقل عن",
        "أكثر من",
        "نحو",
        "ثلاثة",
        "وعشرون",
        "١٢٨",
        "3.5",
        "1,200",
        "11:52",
        "25/3/2024",
        "٫",
        "٬",
        "،",
        ".",
        "؟",
        "!",
        "\n",
        " ",
        "\u{a0}",
        "\u{200f}",
        "ـ",
        "\u{064e}",
        "\u{0654}",
        "#",
        "_",
        "-",
        "/",
        "هـ",
        "ISIS",
        "é",
        "\u{0301}",
        "\u{FEFB}",
        "😀",
        "(",
        ")",
        "«",
        "»",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tokens_partition_the_input(text in arabicish()) {
        let tokens = tokenize(&text);
        let joined: String = tokens.iter().map(|t| t.span.of(&text)).collect();
        prop_assert_eq!(&joined, &text);
        for t in &tokens {
            prop_assert!(!t.span.is_empty());
        }
        let sents = sentences(&text, &tokens);
        let joined: String = sents.iter().map(|s| s.span.of(&text)).collect();
        prop_assert_eq!(&joined, &text);
        let mut next = 0;
        for s in &sents {
            prop_assert_eq!(s.first_token, next);
            next = s.end_token;
        }
        prop_assert_eq!(next as usize, tokens.len());
    }

    #[test]
    fn clitic_splits_stay_inside_their_word(text in arabicish()) {
        for t in tokenize(&text) {
            for split in clitic_splits(&text, t.span) {
                let mut at = t.span.start;
                for c in &split.clitics {
                    prop_assert_eq!(c.span.start, at);
                    at = c.span.end;
                }
                prop_assert_eq!(split.stem.start, at);
                prop_assert_eq!(split.stem.end, t.span.end);
                prop_assert!(text.is_char_boundary(split.stem.start as usize));
            }
            let _ = best_split(&text, t.span);
        }
    }

    #[test]
    fn analysis_never_panics_and_spans_are_on_boundaries(text in arabicish()) {
        let a = Analysis::new(&text, &Config { reference: Some(jiff::civil::date(2018, 5, 6)), ..Config::default() });
        for n in &a.numbers {
            prop_assert!(text.is_char_boundary(n.span.start as usize) && text.is_char_boundary(n.span.end as usize));
            prop_assert!(n.span.contains(n.core));
        }
        for d in &a.dates {
            prop_assert!(text.is_char_boundary(d.span.start as usize) && text.is_char_boundary(d.span.end as usize));
            prop_assert!(d.value.start <= d.value.end);
        }
    }

    #[test]
    fn any_unicode_is_safe(text in "\\PC{0,200}") {
        let tokens = tokenize(&text);
        let joined: String = tokens.iter().map(|t| t.span.of(&text)).collect();
        prop_assert_eq!(&joined, &text);
        let _ = Analysis::new(&text, &Config::default());
    }
}
