//! The lexicon's cue words: each written once, where its role says.

use rasd_lexicon::lists::{List, check, words};

/// The words of the extractor's list `name` in its data file.
fn extract_list(name: &str) -> Vec<&'static str> {
    include_str!("../../../../data/extract/lists.tsv")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(list, _)| *list == name)
        .map(|(_, rest)| rest.split('\t').next().unwrap_or(rest))
        .collect()
}

#[test]
fn every_list_has_words_and_none_twice() {
    check().expect("data/lexicon/lists.tsv parses");
    for l in List::ALL {
        let ws = words(l);
        assert!(!ws.is_empty(), "{l:?} is empty");
        for (i, w) in ws.iter().enumerate() {
            assert!(!ws[..i].contains(w), "{w} twice in {l:?}");
        }
    }
}

#[test]
fn the_extractor_extends_the_lexicons_lists_and_copies_none_of_them() {
    for (ours, theirs) in [("near_words", List::Direction), ("fighters", List::Fighters)] {
        let ours = extract_list(ours);
        assert!(!ours.is_empty());
        for w in words(theirs) {
            assert!(!ours.contains(w), "{w} is written in the lexicon's {theirs:?} and again");
        }
    }
}
