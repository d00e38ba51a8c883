//! Latin letters for an Arabic place name no gazetteer holds.
//!
//! A village the extractor reads after "قرية" has only its Arabic form;
//! English alerts, ACLED- and GTD-style exports and map labels need a name
//! an analyst can read. Unvocalised Arabic does not write its short vowels,
//! so [`romanize`] is an approximation: consonants from
//! `data/lexicon/romanize.tsv`, long vowels from the vowel letters, an "a"
//! where a word would otherwise open on two consonants or pile up three,
//! and the common words of place names ("أم", "كفر", "بيت") as English news
//! writes them. "الحنيني" becomes "al-Hanini", "مقبنة" "Maqbanah", "زبيد"
//! "Zabid"; the Arabic stays beside it in `place_ar`.

use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../../data/lexicon/romanize.tsv");

struct Table {
    letters: HashMap<char, &'static str>,
    words: HashMap<String, &'static str>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table { letters: HashMap::new(), words: HashMap::new() };
        for line in DATA.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let mut cols = line.split('\t');
            let (Some(kind), Some(ar), Some(latin)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            match kind {
                "letter" => {
                    if let Some(c) = ar.chars().next() {
                        t.letters.insert(c, latin);
                    }
                }
                "word" => {
                    t.words.insert(fold(ar), latin);
                }
                _ => {}
            }
        }
        t
    })
}

/// The form words are looked up in: diacritics and tatweel out, the alif's
/// hamza seats as bare alif, a final alif maqsura as ya.
fn fold(word: &str) -> String {
    let mut out: String = word
        .chars()
        .filter(|c| !is_mark(*c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            c => c,
        })
        .collect();
    if out.ends_with('ى') {
        out.pop();
        out.push('ي');
    }
    out
}

/// Harakat, shadda, sukun, dagger alif and tatweel.
fn is_mark(c: char) -> bool {
    ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' || c == '\u{0640}'
}

/// One letter of a word as the romanisation reads it.
#[derive(Clone, Copy, PartialEq)]
enum Unit {
    /// A consonant and its Latin letters ("" for a word-initial ع or hamza).
    Cons(&'static str),
    /// An alif: a long "a", or the vowel a hamza seat gives at the start.
    Alif(&'static str),
    /// و or ي: a long vowel between consonants, a consonant beside vowels.
    Glide { vowel: &'static str, cons: &'static str },
    /// ة at the end of a word.
    TaMarbuta,
    /// ى at the end of a word.
    Maqsura,
}

fn units(word: &str, t: &Table) -> Vec<Unit> {
    let chars: Vec<char> = word.chars().filter(|c| !is_mark(*c)).collect();
    chars
        .iter()
        .enumerate()
        .filter_map(|(i, &c)| {
            let first = i == 0;
            Some(match c {
                'ا' | 'ٱ' | 'أ' | 'آ' => Unit::Alif("a"),
                'إ' => Unit::Alif("i"),
                'و' => Unit::Glide { vowel: "u", cons: "w" },
                'ي' => Unit::Glide { vowel: "i", cons: "y" },
                'ى' => Unit::Maqsura,
                'ة' => Unit::TaMarbuta,
                'ع' | 'ء' | 'ؤ' | 'ئ' if first => Unit::Cons(""),
                c => Unit::Cons(t.letters.get(&c).copied().unwrap_or("")),
            })
            .filter(|u| first || *u != Unit::Cons(""))
        })
        .collect()
}

/// The romanisation of one word without its article.
fn stem(word: &str, t: &Table) -> String {
    let us = units(word, t);
    let mut out = String::new();
    // Consonants written since the last vowel.
    let mut run = 0usize;
    let vowel_next =
        |i: usize| matches!(us.get(i + 1), Some(Unit::Alif(_) | Unit::TaMarbuta | Unit::Maqsura));
    let mut skip = false;
    for (i, u) in us.iter().enumerate() {
        if std::mem::take(&mut skip) {
            continue;
        }
        match *u {
            Unit::Cons(latin) => {
                if run >= 2 {
                    out.push('a');
                    run = 0;
                }
                out.push_str(latin);
                run += 1;
                // A word does not open on two consonants: "زبيد" is Zabid.
                let next_cons = matches!(us.get(i + 1), Some(Unit::Cons(_)))
                    || matches!(us.get(i + 1), Some(Unit::Glide { .. })) && vowel_next(i + 1);
                if i == 0 && next_cons && us.len() > 2 {
                    out.push('a');
                    run = 0;
                }
            }
            Unit::Alif(v) => {
                // A hamza seat before a glide is the glide's long vowel
                // ("أورم": Urm, "ايلات": Ilat); before an alif, nothing.
                if i == 0 {
                    match us.get(1) {
                        Some(Unit::Glide { vowel, .. }) if !vowel_next(1) => {
                            out.push_str(vowel);
                            skip = true;
                            continue;
                        }
                        Some(Unit::Alif(_)) => continue,
                        _ => {}
                    }
                }
                out.push_str(v);
                run = 0;
            }
            Unit::Glide { vowel, cons } => {
                let after_vowel = i == 0 || run == 0;
                if after_vowel || vowel_next(i) && vowel == "u" {
                    if run >= 2 {
                        out.push('a');
                    }
                    out.push_str(cons);
                    run = 1;
                    // "اليرموك": al-Yarmuk.
                    if i == 0 && matches!(us.get(1), Some(Unit::Cons(_))) && us.len() > 2 {
                        out.push('a');
                        run = 0;
                    }
                } else if vowel_next(i) {
                    // "ية": "Hamidiyah".
                    out.push_str(vowel);
                    out.push_str(cons);
                    run = 1;
                } else {
                    out.push_str(vowel);
                    run = 0;
                }
            }
            Unit::TaMarbuta => {
                if i + 1 == us.len() {
                    if !out.ends_with('a') {
                        out.push('a');
                    }
                    out.push('h');
                } else {
                    out.push('t');
                }
                run = 0;
            }
            Unit::Maqsura => {
                out.push('a');
                run = 0;
            }
        }
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some('\'') => capitalised(cs.as_str()),
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// Latin letters for an Arabic name: each word romanised, the article
/// written "al-", each word capitalised. Latin letters and digits in the
/// name are kept as they are.
pub fn romanize(arabic: &str) -> String {
    let t = table();
    arabic
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let folded = fold(w);
            if let Some(latin) = t.words.get(&folded) {
                return (*latin).to_string();
            }
            if !folded.chars().any(|c| ('\u{0621}'..='\u{06FF}').contains(&c)) {
                return w.to_string();
            }
            match folded.strip_prefix("ال").filter(|rest| rest.chars().count() >= 2) {
                Some(rest) => {
                    let latin = t
                        .words
                        .get(rest)
                        .map(|l| (*l).to_string())
                        .unwrap_or_else(|| capitalised(&stem(original_tail(w, 2), t)));
                    format!("al-{latin}")
                }
                None => capitalised(&stem(w, t)),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `word` without its first `n` letters (diacritics not counted), so that
/// the stem keeps its own hamza seats.
fn original_tail(word: &str, n: usize) -> &str {
    let mut seen = 0;
    for (i, c) in word.char_indices() {
        if seen == n {
            return &word[i..];
        }
        if !is_mark(c) {
            seen += 1;
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_data_file_is_read() {
        for (n, line) in DATA.lines().enumerate().filter(|(_, l)| !l.starts_with('#')).skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let at = format!("data/lexicon/romanize.tsv:{}: {line}", n + 1);
            assert_eq!(cols.len(), 3, "{at}");
            assert!(cols[2].is_ascii() && !cols[2].is_empty(), "{at}");
            match cols[0] {
                "letter" => assert_eq!(cols[1].chars().count(), 1, "{at}"),
                "word" => assert!(table().words.contains_key(&fold(cols[1])), "{at}"),
                _ => panic!("unknown kind: {at}"),
            }
        }
    }
}
