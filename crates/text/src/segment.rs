//! Lossless segmentation: tokens, sentences and clitic splits.
//!
//! Tokens partition the input: concatenating the text of every token gives
//! the input back, byte for byte. Sentences partition the tokens. Clitic
//! splits are sub-spans of a word token and never move its boundaries.

use rasd_core::Span;
use serde::Serialize;

use crate::normalize::{Fold, fold_match, is_arabic_mark, is_invisible, is_tatweel};

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters (any script) with their diacritics and tatweel.
    Word,
    /// Digits of any script, with internal decimal, thousands and clock
    /// separators (`3.5`, `1,200`, `11:52`, `١٢٫٥`).
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// A run of white space and invisible control characters.
    Space,
}

/// One token: a kind and its byte span in the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    /// What the token is made of.
    pub kind: TokenKind,
    /// Where it is in the original text.
    pub span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    Space,
    /// Combining marks, tatweel and joiners: they extend the current word.
    Joiner,
    Other,
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Class::Letter
        } else if c.is_ascii_digit() {
            Class::Digit
        } else if c.is_ascii_whitespace() || c == '_' {
            // Underscores only join the words of hashtags (#حركة_الشباب).
            Class::Space
        } else {
            Class::Other
        };
    }
    // The common case first: a base Arabic letter.
    if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
        return Class::Letter;
    }
    if matches!(c, '،' | '؛' | '؟' | '٪' | '«' | '»' | '–' | '—' | '“' | '”' | '‘' | '’' | '…')
    {
        return Class::Other;
    }
    if is_arabic_mark(c) || is_tatweel(c) || matches!(c, '\u{200C}' | '\u{200D}') {
        Class::Joiner
    } else if is_invisible(c) || c.is_whitespace() {
        Class::Space
    } else if c.is_numeric() && digit_value(c).is_some() {
        Class::Digit
    } else if c.is_alphabetic() || unicode_mark(c) {
        Class::Letter
    } else {
        Class::Other
    }
}

/// Combining marks outside the Arabic block (Latin accents written
/// decomposed) belong to the letter they follow.
fn unicode_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// The value of a decimal digit in any script rasd reads (ASCII,
/// Arabic-Indic, Extended Arabic-Indic).
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// Splits `text` into tokens that together cover it exactly.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, &mut tokens);
    tokens
}

/// Appends the tokens of `text` to `out`.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = next_char(text, i);
        let start = i;
        let cls = class(c);
        i += c.len_utf8();
        let kind = match cls {
            Class::Letter | Class::Joiner => {
                while i < text.len() {
                    let n = next_char(text, i);
                    if !matches!(class(n), Class::Letter | Class::Joiner) {
                        break;
                    }
                    i += n.len_utf8();
                }
                TokenKind::Word
            }
            Class::Digit => {
                loop {
                    if i >= text.len() {
                        break;
                    }
                    let n = next_char(text, i);
                    if class(n) == Class::Digit {
                        i += n.len_utf8();
                        continue;
                    }
                    // A separator joins the number only when a digit follows;
                    // a thousands separator only before exactly three digits.
                    let after = i + n.len_utf8();
                    let joins = match n {
                        '.' | '٫' | ':' => starts_with_digit(text, after),
                        ',' | '٬' => digits_then_boundary(text, after) == Some(3),
                        _ => false,
                    };
                    if !joins {
                        break;
                    }
                    i = after;
                }
                TokenKind::Number
            }
            Class::Space => {
                while i < text.len() {
                    let n = next_char(text, i);
                    if class(n) != Class::Space {
                        break;
                    }
                    i += n.len_utf8();
                }
                TokenKind::Space
            }
            Class::Other => TokenKind::Punct,
        };
        debug_assert!(i <= bytes.len());
        out.push(Token { kind, span: Span::new(start, i) });
    }
}

fn next_char(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("index is on a char boundary inside the text")
}

fn starts_with_digit(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(|c| digit_value(c).is_some())
}

/// How many digits start at `i`, when they are followed by a non-digit or
/// the end of the text.
fn digits_then_boundary(text: &str, i: usize) -> Option<usize> {
    let n = text[i..].chars().take_while(|c| digit_value(*c).is_some()).count();
    Some(n)
}

/// A sentence: a run of tokens. Sentences partition the tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Byte span in the original text, trailing white space included.
    pub span: Span,
    /// Index of the first token.
    pub first_token: u32,
    /// One past the index of the last token.
    pub end_token: u32,
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    // Arabic: doctor, engineer, professor, AD, AH, BC, page, part, number.
    "د", "م", "ا", "ه", "هـ", "ق", "ص", "ج", "ع", "ت", "ش", "أ", "إ", "أ.د", // Latin.
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "No", "vs", "etc", "Gen", "Col", "Lt",
    "Capt", "Sgt", "Inc", "Ltd", "Co", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec",
];

/// Splits tokens into sentences.
///
/// A sentence ends after `.`, `!`, `?`, `؟`, `…` or `؛`-free line break
/// (any white space holding a newline), with closing quotes and brackets
/// kept in the sentence that they close. A full stop inside a number is part
/// of the number token and never ends a sentence; a full stop after a known
/// abbreviation or a single letter (an initial) does not either.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0usize;
    let mut i = 0usize;
    while i < tokens.len() {
        let t = tokens[i];
        let mut boundary = false;
        match t.kind {
            TokenKind::Space => {
                boundary = t.span.of(text).contains('\n') && i > first;
            }
            TokenKind::Punct => {
                let s = t.span.of(text);
                if matches!(s, "!" | "?" | "؟" | "…") {
                    boundary = true;
                } else if s == "." {
                    boundary = !is_abbreviation(text, tokens, i);
                }
                if boundary {
                    // Keep runs of terminal punctuation and closing marks together.
                    while i + 1 < tokens.len()
                        && tokens[i + 1].kind == TokenKind::Punct
                        && matches!(
                            tokens[i + 1].span.of(text),
                            "." | "!" | "?" | "؟" | "…" | "\"" | "'" | "»" | ")" | "]" | "”" | "’"
                        )
                    {
                        i += 1;
                    }
                }
            }
            _ => {}
        }
        if boundary {
            // Trailing white space belongs to the sentence it follows.
            while i + 1 < tokens.len() && tokens[i + 1].kind == TokenKind::Space {
                i += 1;
            }
            out.push(make_sentence(tokens, first, i + 1));
            first = i + 1;
        }
        i += 1;
    }
    if first < tokens.len() {
        out.push(make_sentence(tokens, first, tokens.len()));
    }
    out
}

fn make_sentence(tokens: &[Token], first: usize, end: usize) -> Sentence {
    let span = tokens[first].span.cover(tokens[end - 1].span);
    Sentence { span, first_token: first as u32, end_token: end as u32 }
}

fn is_abbreviation(text: &str, tokens: &[Token], dot: usize) -> bool {
    if dot == 0 {
        return false;
    }
    let prev = tokens[dot - 1];
    if prev.kind != TokenKind::Word {
        return false;
    }
    // A word followed by more text on the same line after ". " with a
    // lower-case Latin letter is not a sentence end either ("e.g. this").
    let word = prev.span.of(text);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1 || ABBREVIATIONS.contains(&word)
}

/// The role of one proclitic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CliticKind {
    /// و or ف: "and", "so".
    Conjunction,
    /// ب, ل or ك: "in/by", "for/to", "like".
    Preposition,
    /// The definite article ال, or its ل after the preposition ل (لل).
    Article,
}

/// One proclitic: its role and its sub-span of the word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Clitic {
    /// What the proclitic does.
    pub kind: CliticKind,
    /// Its bytes in the original text (diacritics on it included).
    pub span: Span,
}

/// One way to read a word as proclitics plus a stem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Split {
    /// Proclitics in reading order (at most conjunction, preposition, article).
    pub clitics: Vec<Clitic>,
    /// The rest of the word.
    pub stem: Span,
}

impl Split {
    /// True when the split includes the definite article: the stem is then
    /// the bare noun, and `ال` + stem is the definite form (for لل, whose
    /// article lost its alef in writing).
    pub fn definite(&self) -> bool {
        self.clitics.iter().any(|c| c.kind == CliticKind::Article)
    }

    /// Span of everything before the stem, if anything.
    pub fn prefix(&self) -> Option<Span> {
        let first = self.clitics.first()?;
        Some(Span { start: first.span.start, end: self.stem.start })
    }
}

/// A letter of a word after match folding, with its original bytes
/// (including any diacritics that follow it).
#[derive(Clone, Copy)]
struct Letter {
    c: char,
    start: usize,
    end: usize,
}

fn letters(text: &str, span: Span) -> Vec<Letter> {
    let mut out: Vec<Letter> = Vec::with_capacity(span.len() / 2);
    for (off, c) in span.of(text).char_indices() {
        let at = span.start as usize + off;
        match fold_match(c) {
            Fold::Drop => {
                if let Some(last) = out.last_mut() {
                    last.end = at + c.len_utf8();
                }
            }
            // Marks before the first letter belong to it.
            Fold::Char(f) => {
                let start = if out.is_empty() { span.start as usize } else { at };
                out.push(Letter { c: f, start, end: at + c.len_utf8() })
            }
        }
    }
    out
}

/// Fewest letters a stem keeps after proclitics are split off.
const MIN_STEM: usize = 2;

/// Every reading of `span` (a word token of `text`) as proclitics and a
/// stem, starting with the unsplit word and ending with the longest split.
///
/// All grammatical combinations of و/ف, then ب/ك/ل, then ال are proposed
/// when at least two letters remain. Which reading is right is a question
/// for a dictionary: lexicon matchers try them in order and keep the first
/// that names something they know, so كابول stays whole while بكابول
/// yields ب + كابول.
pub fn clitic_splits(text: &str, span: Span) -> Vec<Split> {
    let ls = letters(text, span);
    let mut out = vec![Split { clitics: Vec::new(), stem: span }];
    if ls.len() <= MIN_STEM || !ls.iter().all(|l| is_arabic_letter(l.c)) {
        return out;
    }
    let conj_options: &[usize] = if matches!(ls[0].c, 'و' | 'ف') { &[0, 1] } else { &[0] };
    for &nc in conj_options {
        let after_conj = nc;
        let prep_ok = ls.get(after_conj).is_some_and(|l| matches!(l.c, 'ب' | 'ك' | 'ل'));
        let prep_options: &[usize] = if prep_ok { &[0, 1] } else { &[0] };
        for &np in prep_options {
            let at = after_conj + np;
            let prep_is_lam = np == 1 && ls[after_conj].c == 'ل';
            // The article: ال, or a bare ل right after the preposition ل.
            let art_len = if prep_is_lam {
                usize::from(ls.get(at).is_some_and(|l| l.c == 'ل'))
            } else if ls.get(at).is_some_and(|l| l.c == 'ا')
                && ls.get(at + 1).is_some_and(|l| l.c == 'ل')
            {
                2
            } else {
                0
            };
            let art_options: &[usize] = if art_len > 0 { &[0, 1] } else { &[0] };
            for &na in art_options {
                if nc + np + na == 0 {
                    continue;
                }
                let stem_at = at + na * art_len;
                if ls.len() - stem_at < MIN_STEM {
                    continue;
                }
                let mut clitics = Vec::with_capacity(3);
                if nc == 1 {
                    clitics.push(clitic(&ls, 0, 1, CliticKind::Conjunction));
                }
                if np == 1 {
                    clitics.push(clitic(&ls, after_conj, after_conj + 1, CliticKind::Preposition));
                }
                if na == 1 {
                    clitics.push(clitic(&ls, at, at + art_len, CliticKind::Article));
                }
                let stem = Span::new(ls[stem_at].start, span.end as usize);
                out.push(Split { clitics, stem });
            }
        }
    }
    out.sort_by_key(|s| s.clitics.len());
    out
}

fn clitic(ls: &[Letter], from: usize, to: usize, kind: CliticKind) -> Clitic {
    Clitic { kind, span: Span::new(ls[from].start, ls[to - 1].end) }
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Words (match form) that begin with clitic letters but are not split by
/// [`best_split`]: function words, number words and frequent nouns and
/// names whose first letters only look like a proclitic.
const WHOLE_WORDS: &[&str] = &[
    // Function words.
    "الى",
    "الا",
    "التي",
    "الذي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللذان",
    "اللتان",
    "اللواتي",
    "اللاتي",
    "الله",
    "اللهم",
    "لكن",
    "لكنه",
    "لكنها",
    "ليس",
    "ليست",
    "لدى",
    "لقد",
    "لذلك",
    "لماذا",
    "لان",
    "لاسيما",
    "لعل",
    "لو",
    "لولا",
    "لما",
    "لن",
    "لم",
    "لا",
    "كل",
    "كلا",
    "كما",
    "كيف",
    "كان",
    "كانت",
    "كانوا",
    "كذلك",
    "كلما",
    "بين",
    "بعد",
    "بعض",
    "بينما",
    "بل",
    "بلا",
    "بدون",
    "بسبب",
    "بشكل",
    "فقط",
    "فيما",
    "في",
    "فوق",
    "فان",
    "وفق",
    "وفقا",
    "وراء",
    "وسط",
    "وقت",
    "وقد",
    "ولم",
    "ولا",
    "وهو",
    "وهي",
    "وهم",
    "بها",
    "به",
    "بهم",
    "لها",
    "له",
    "لهم",
    "كانون",
    // Weekdays and the names that carry their article as part of the name.
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الان",
    // Number words.
    "الف",
    "الفا",
    "الفان",
    "الفين",
    "الاف",
    "الوف",
    "واحد",
    "واحدة",
    "اول",
    "اولى",
    // Frequent nouns.
    "وزير",
    "وزيرة",
    "وزارة",
    "وزراء",
    "ولاية",
    "ولايات",
    "وكالة",
    "وحدة",
    "وحدات",
    "وطني",
    "وطنية",
    "وفد",
    "وفاة",
    "وضع",
    "واقع",
    "واقعة",
    "بلد",
    "بلدة",
    "بلدات",
    "بيان",
    "بيت",
    "بنك",
    "بحر",
    "برلمان",
    "لجنة",
    "لواء",
    "كتيبة",
    "كبير",
    "كبيرة",
    "فريق",
    "فرقة",
    "فصائل",
    "فصيل",
    "لقاء",
    "بلاد",
    "بلدية",
    "كتائب",
    "فرع",
    "قوات",
    // Places and demonyms written with a leading clitic letter.
    "البانيا",
    "المانيا",
    "الماني",
    "المانية",
    "الاسكا",
    "بيشاور",
    "بغداد",
    "بيروت",
    "بنغازي",
    "بلجيكا",
    "بريطانيا",
    "باكستان",
    "بنغلاديش",
    "بورما",
    "بوركينا",
    "بوروندي",
    "بلوشستان",
    "باجور",
    "باريس",
    "برلين",
    "بروكسل",
    "بعقوبة",
    "بابل",
    "بصرى",
    "لندن",
    "ليبيا",
    "لبنان",
    "لاهور",
    "لوغار",
    "لاغوس",
    "كابول",
    "كابل",
    "كراتشي",
    "كركوك",
    "كندا",
    "كينيا",
    "كولومبيا",
    "كرمان",
    "كويتا",
    "كونر",
    "كوبا",
    "كشمير",
    "فرنسا",
    "فلسطين",
    "فنزويلا",
    "فيتنام",
    "فرح",
    "فارياب",
    "فلوجة",
    "واشنطن",
    "وزيرستان",
    "وردك",
];

/// The most likely reading of a word, for display and for matchers that
/// have no dictionary of their own: the unsplit word when it is a known
/// whole word, otherwise the longest split that leaves a stem of at least
/// three letters (two after the article).
pub fn best_split(text: &str, span: Span) -> Split {
    let mut splits = clitic_splits(text, span);
    if splits.len() == 1 {
        return splits.pop().expect("the unsplit reading is always there");
    }
    let whole = crate::normalize::normalize(span.of(text), crate::normalize::Profile::Match);
    if WHOLE_WORDS.contains(&whole.as_str()) {
        return splits.swap_remove(0);
    }
    let letters_in =
        |s: Span| s.of(text).chars().filter(|c| !matches!(fold_match(*c), Fold::Drop)).count();
    let pick = splits.iter().rposition(|s| {
        let n = letters_in(s.stem);
        if s.definite() { n >= 2 } else { n >= 3 }
    });
    splits.swap_remove(pick.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text).into_iter().map(|t| (t.kind, t.span.of(text))).collect()
    }

    #[test]
    fn numbers_keep_their_separators() {
        use TokenKind::*;
        assert_eq!(
            toks("3.5 و1,200 عند 11:52، ١٢٫٥"),
            vec![
                (Number, "3.5"),
                (Space, " "),
                (Word, "و"),
                (Number, "1,200"),
                (Space, " "),
                (Word, "عند"),
                (Space, " "),
                (Number, "11:52"),
                (Punct, "،"),
                (Space, " "),
                (Number, "١٢٫٥"),
            ]
        );
        // A comma before two digits is punctuation, not a thousands separator.
        assert_eq!(toks("5,12")[1], (Punct, ","));
        // A full stop ending a sentence after a number is punctuation.
        assert_eq!(toks("عام 2018.")[3], (Punct, "."));
    }

    #[test]
    fn diacritics_and_tatweel_stay_in_the_word() {
        let t = toks("قُتِلَ العـــــدد");
        assert_eq!(
            t,
            vec![
                (TokenKind::Word, "قُتِلَ"),
                (TokenKind::Space, " "),
                (TokenKind::Word, "العـــــدد")
            ]
        );
    }

    fn sents(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        sentences(text, &tokens).into_iter().map(|s| s.span.of(text).trim_end()).collect()
    }

    #[test]
    fn sentence_boundaries() {
        assert_eq!(
            sents("قتل 3.5 شخص. وأصيب 1,200 آخرون! هل انتهى؟ لا"),
            vec!["قتل 3.5 شخص.", "وأصيب 1,200 آخرون!", "هل انتهى؟", "لا"]
        );
        assert_eq!(sents("العنوان\n\nالنص الأول"), vec!["العنوان", "النص الأول"]);
        assert_eq!(sents("قال د. محمد إن الساعة 11:52."), vec!["قال د. محمد إن الساعة 11:52."]);
        assert_eq!(
            sents("He met Mr. Smith in the U.S. yesterday."),
            vec!["He met Mr. Smith in the U.S. yesterday."]
        );
        assert_eq!(sents("قال: \"انتهى.\" ثم غادر"), vec!["قال: \"انتهى.\"", "ثم غادر"]);
    }

    fn split_str(text: &str) -> Vec<String> {
        let span = Span::new(0, text.len());
        clitic_splits(text, span)
            .into_iter()
            .map(|s| {
                let mut parts: Vec<&str> = s.clitics.iter().map(|c| c.span.of(text)).collect();
                parts.push(s.stem.of(text));
                parts.join("+")
            })
            .collect()
    }

    fn best(text: &str) -> String {
        let s = best_split(text, Span::new(0, text.len()));
        let mut parts: Vec<&str> = s.clitics.iter().map(|c| c.span.of(text)).collect();
        parts.push(s.stem.of(text));
        parts.join("+")
    }

    #[test]
    fn clitic_candidates() {
        assert_eq!(split_str("بكابول"), vec!["بكابول", "ب+كابول"]);
        assert_eq!(
            split_str("وبالعاصمة"),
            vec!["وبالعاصمة", "و+بالعاصمة", "و+ب+العاصمة", "و+ب+ال+عاصمة"]
        );
        assert!(split_str("للمسلحين").contains(&"ل+ل+مسلحين".to_string()));
        assert!(split_str("فللمدينة").contains(&"ف+ل+ل+مدينة".to_string()));
        // Diacritics stay with the letter they sit on.
        assert!(split_str("وَبِالمدينة").contains(&"وَ+بِ+ال+مدينة".to_string()));
    }

    #[test]
    fn best_reading_keeps_real_words_whole() {
        assert_eq!(best("البانيا"), "البانيا");
        assert_eq!(best("بيشاور"), "بيشاور");
        assert_eq!(best("لندن"), "لندن");
        assert_eq!(best("كابول"), "كابول");
        assert_eq!(best("وزير"), "وزير");
        assert_eq!(best("الف"), "الف");
        assert_eq!(best("بكابول"), "ب+كابول");
        assert_eq!(best("وبالعاصمة"), "و+ب+ال+عاصمة");
        assert_eq!(best("للمسلحين"), "ل+ل+مسلحين");
        assert_eq!(best("الموصل"), "ال+موصل");
        assert_eq!(best("ولد"), "ولد");
    }
}
