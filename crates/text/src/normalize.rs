//! Normalisation profiles.
//!
//! Two named profiles, kept apart as charabia keeps its lossless and lossy
//! normalisers apart:
//!
//! * [`Profile::Match`] only removes what never distinguishes two words in
//!   news text: diacritics, tatweel, invisible bidi and joiner marks, alef
//!   variants, Persian letter variants, digit scripts and Arabic punctuation.
//!   Gazetteer keys, trigger lexicons and number parsing use it.
//! * [`Profile::Search`] adds lossy folds that raise recall (ة→ه, ى→ي, hamza
//!   seats, Latin case). Only the search index uses it.
//!
//! Normalisation writes a *separate* string; the original text is never
//! rewritten, and every token keeps its byte span into the original.

use unicode_normalization::UnicodeNormalization;

/// Which normalisation to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    /// The lossless form used for matching names, triggers and numbers.
    Match,
    /// The lossy form used for full-text search.
    Search,
}

/// What one input character becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// Dropped entirely (diacritics, tatweel, invisible controls).
    Drop,
    /// Replaced by this character (possibly itself).
    Char(char),
}

/// True for Arabic diacritics and Quranic annotation marks, which the match
/// form drops.
#[inline]
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}')
}

/// True for characters that are invisible in rendered text: bidi controls,
/// joiners, the byte-order mark and the soft hyphen.
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// True for the tatweel (kashida) used to stretch words.
#[inline]
pub fn is_tatweel(c: char) -> bool {
    c == '\u{0640}'
}

/// The match-profile fold of one character, ignoring context.
#[inline]
pub fn fold_match(c: char) -> Fold {
    // The common cases first: ASCII and Arabic letters that stay as they are.
    if c.is_ascii() || matches!(c, '\u{0624}' | '\u{0626}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
        return Fold::Char(c);
    }
    match c {
        _ if is_arabic_mark(c) || is_invisible(c) || is_tatweel(c) => Fold::Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Fold::Char('ا'),
        '\u{0660}'..='\u{0669}' => Fold::Char(ascii_digit(c as u32 - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => Fold::Char(ascii_digit(c as u32 - 0x06F0)),
        '،' => Fold::Char(','),
        '؛' => Fold::Char(';'),
        '؟' => Fold::Char('?'),
        '٫' => Fold::Char('.'),
        '٬' => Fold::Char(','),
        '٪' => Fold::Char('%'),
        'ی' | 'ې' => Fold::Char('ي'),
        'ک' => Fold::Char('ك'),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Fold::Char(' ')
        }
        _ => Fold::Char(c),
    }
}

/// The search-profile fold of one character: the match fold, then the lossy
/// letter folds and Latin lower case.
#[inline]
pub fn fold_search(c: char) -> Fold {
    match fold_match(c) {
        Fold::Drop => Fold::Drop,
        Fold::Char(c) => Fold::Char(match c {
            'ة' => 'ه',
            'ى' => 'ي',
            'ؤ' => 'و',
            'ئ' => 'ي',
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => c,
        }),
    }
}

fn ascii_digit(d: u32) -> char {
    char::from_digit(d, 10).expect("digit offsets are 0..=9")
}

/// The fold of one character under a profile.
#[inline]
pub fn fold(c: char, profile: Profile) -> Fold {
    match profile {
        Profile::Match => fold_match(c),
        Profile::Search => fold_search(c),
    }
}

/// True when canonical composition could change this character's sequence:
/// combining marks that compose with a preceding letter, and Arabic
/// presentation forms, which only compatibility decomposition undoes.
#[inline]
fn needs_slow_path(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0653}'..='\u{0655}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Appends the normalised form of `text` to `out`.
///
/// Composes to NFC first where the text needs it (a hamza written as a
/// combining mark after its seat, Arabic presentation forms), then folds
/// each character. A `#` directly before a letter (a hashtag) is dropped and
/// the hashtag's underscores become spaces.
pub fn normalize_into(text: &str, profile: Profile, out: &mut String) {
    // Pure ASCII needs only the per-character folds.
    if !text.is_ascii() && text.chars().any(needs_slow_path) {
        let composed: String = text
            .chars()
            .flat_map(|c| {
                let mut buf = [None; 4];
                if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}') {
                    let mut n = 0;
                    unicode_normalization::char::decompose_compatible(c, |d| {
                        if n < buf.len() {
                            buf[n] = Some(d);
                            n += 1;
                        }
                    });
                } else {
                    buf[0] = Some(c);
                }
                buf.into_iter().flatten()
            })
            .nfc()
            .collect();
        fold_into(&composed, profile, out);
    } else {
        fold_into(text, profile, out);
    }
}

fn fold_into(text: &str, profile: Profile, out: &mut String) {
    out.reserve(text.len());
    let mut in_hashtag = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '#' && chars.peek().is_some_and(|n| n.is_alphanumeric()) {
            in_hashtag = true;
            continue;
        }
        if in_hashtag {
            if c == '_' {
                out.push(' ');
                continue;
            }
            // A hashtag ends at white space or punctuation.
            if c.is_whitespace() || (c.is_ascii_punctuation()) || matches!(c, '،' | '؛' | '؟') {
                in_hashtag = false;
            }
        }
        if let Fold::Char(f) = fold(c, profile) {
            out.push(f);
        }
    }
}

/// The normalised form of `text` as a new string.
pub fn normalize(text: &str, profile: Profile) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, profile, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        normalize(s, Profile::Match)
    }
    fn s(s: &str) -> String {
        normalize(s, Profile::Search)
    }

    #[test]
    fn match_form_strips_marks_and_unifies_alef() {
        assert_eq!(m("الْعَرَبِيَّةُ"), "العربية");
        assert_eq!(m("العـــــربية"), "العربية");
        assert_eq!(m("أفغانستان وإيران وآسيا"), "افغانستان وايران واسيا");
        assert_eq!(m("قُتِلَ ١٢٨ شخصاً"), "قتل 128 شخصا");
        assert_eq!(m("۱۲۸"), "128");
        assert_eq!(m("كابول، الأحد؛ لماذا؟"), "كابول, الاحد; لماذا?");
        assert_eq!(m("١٢٫٥ و١٬٢٠٠"), "12.5 و1,200");
    }

    #[test]
    fn match_form_keeps_letters_that_differ() {
        // ة, ى and hamza seats distinguish words; only the search form folds them.
        assert_eq!(m("مدينة على مسؤول رئيس"), "مدينة على مسؤول رئيس");
        assert_eq!(s("مدينة على مسؤول رئيس"), "مدينه علي مسوول رييس");
    }

    #[test]
    fn invisible_controls_and_hashtags() {
        assert_eq!(m("\u{200F}كابول\u{200E}"), "كابول");
        assert_eq!(m("حركة #طالبان"), "حركة طالبان");
        assert_eq!(m("#هجوم_كابول اليوم"), "هجوم كابول اليوم");
        assert_eq!(m("مصادر\u{a0}إعلامية"), "مصادر اعلامية");
        // A lone '#' is punctuation, not a hashtag marker.
        assert_eq!(m("# 5"), "# 5");
    }

    #[test]
    fn combining_hamza_is_composed_before_folding() {
        // و + combining hamza above is ؤ, which the match form keeps.
        assert_eq!(m("مسو\u{0654}ول"), "مسؤول");
        // ا + combining hamza above is أ, which the match form unifies.
        assert_eq!(m("ا\u{0654}فغانستان"), "افغانستان");
        // Presentation forms are decomposed.
        assert_eq!(m("\u{FEFB}"), "لا");
    }

    #[test]
    fn persian_letter_variants() {
        assert_eq!(m("کابل"), "كابل");
        assert_eq!(m("پیشاور"), "پيشاور");
    }

    #[test]
    fn search_form_lowercases_latin() {
        assert_eq!(s("ISIS-K داعش"), "isis-k داعش");
        assert_eq!(m("ISIS-K"), "ISIS-K");
    }
}
