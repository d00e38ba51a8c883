//! Numbers: digits in any script, number words, dual nouns, ordinals and
//! the hedges that qualify a count.
//!
//! Recognition reads [`Item`]s (match-normalised tokens) and returns
//! [`NumberMention`]s whose spans cover the hedge and the number in the
//! original text.

use std::sync::OnceLock;

use rasd_core::Span;
use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::item::{Item, stems, without_conj};
use crate::segment::TokenKind;

/// How a count is qualified by the words around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// A plain number.
    Exact,
    /// "ما لا يقل عن"، "على الأقل".
    AtLeast,
    /// "أكثر من"، "ما يزيد على".
    MoreThan,
    /// "نحو"، "حوالي"، "قرابة"، "زهاء".
    About,
    /// "حتى"، "ما يصل إلى".
    UpTo,
    /// "عشرات"، "مئات"، "بضعة": no value.
    Vague,
}

impl Qualifier {
    /// The name used in output (`at_least`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::About => "about",
            Qualifier::UpTo => "up_to",
            Qualifier::Vague => "vague",
        }
    }
}

/// What sort of number a mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    /// A count: digits or number words.
    Cardinal,
    /// A dual noun, which counts two by its ending (قتيلين، جنديان).
    Dual,
    /// An ordinal (الثالث، الحادي والعشرون).
    Ordinal,
}

/// A number found in text.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct NumberMention {
    /// The hedge and the number together.
    pub span: Span,
    /// The number alone.
    pub core: Span,
    /// The value; `None` for vague quantities.
    pub value: Option<f64>,
    /// How the count is qualified.
    pub qualifier: Qualifier,
    /// Cardinal, dual or ordinal.
    pub kind: NumberKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    /// 0 to 10.
    Unit(u32),
    /// 11 to 19 written as one word (colloquial حداشر).
    Teen(u32),
    /// 20, 30 … 90.
    Ten(u32),
    /// 100 to 900 written as one word (ثلاثمائة، مئتان).
    Hundreds(u32),
    /// A multiplier: مئة، ألف، مليون، مليار (singular, after a count or alone).
    Mult(f64),
    /// A plural multiplier: آلاف، ملايين (after 3–10, or vague alone).
    Plural(f64),
    /// A dual multiplier: ألفان، مليونين.
    Dual(f64),
}

fn unit(w: &str) -> Option<u32> {
    Some(match w {
        "صفر" => 0,
        "واحد" | "واحدة" | "واحده" => 1,
        "اثنان" | "اثنين" | "اثنتان" | "اثنتين" | "اثنا" | "اثني" | "اثنتا" | "اثنتي" | "اتنين"
        | "اثنى" | "اثنتى" | "ثنتين" | "ثنتان" => 2,
        "ثلاث" | "ثلاثة" | "ثلاثه" | "تلات" | "تلاتة" | "تلاته" => 3,
        "اربع" | "اربعة" | "اربعه" => 4,
        "خمس" | "خمسة" | "خمسه" => 5,
        "ست" | "ستة" | "سته" => 6,
        "سبع" | "سبعة" | "سبعه" => 7,
        "ثمان" | "ثماني" | "ثمانية" | "ثمانيه" | "ثمانى" | "تمن" | "تمانية" | "تمانيه"
        | "تماني" => 8,
        "تسع" | "تسعة" | "تسعه" => 9,
        "عشر" | "عشرة" | "عشره" => 10,
        _ => return None,
    })
}

/// Units that only count inside a compound ("احد عشر", "إحدى عشرة").
fn compound_unit(w: &str) -> Option<u32> {
    match w {
        "احد" | "احدى" => Some(1),
        _ => None,
    }
}

fn part(w: &str) -> Option<Part> {
    if let Some(u) = unit(w) {
        return Some(Part::Unit(u));
    }
    Some(match w {
        "حداشر" | "حداشرة" => Part::Teen(11),
        "اتناشر" | "اثناشر" => Part::Teen(12),
        "تلتاشر" | "تلاتاشر" => Part::Teen(13),
        "اربعتاشر" | "اربعطاشر" => Part::Teen(14),
        "خمستاشر" | "خمسطاشر" => Part::Teen(15),
        "ستاشر" | "سطاشر" => Part::Teen(16),
        "سبعتاشر" | "سبعطاشر" => Part::Teen(17),
        "تمنتاشر" | "تمنطاشر" => Part::Teen(18),
        "تسعتاشر" | "تسعطاشر" => Part::Teen(19),
        "عشرون" | "عشرين" => Part::Ten(20),
        "ثلاثون" | "ثلاثين" | "تلاتين" => Part::Ten(30),
        "اربعون" | "اربعين" => Part::Ten(40),
        "خمسون" | "خمسين" => Part::Ten(50),
        "ستون" | "ستين" => Part::Ten(60),
        "سبعون" | "سبعين" => Part::Ten(70),
        "ثمانون" | "ثمانين" | "تمانين" => Part::Ten(80),
        "تسعون" | "تسعين" => Part::Ten(90),
        "مئة" | "مائة" | "مئه" | "مائه" | "مية" | "ميه" | "ماية" | "مايه" => {
            Part::Mult(100.0)
        }
        // "مائتي مدني": the construct form before its noun.
        "مئتان" | "مئتين" | "مائتان" | "مائتين" | "مئتي" | "مائتي" | "متين" | "ميتين" => {
            Part::Hundreds(200)
        }
        "الف" | "الفا" => Part::Mult(1e3),
        "الفان" | "الفين" | "الفي" => Part::Dual(1e3),
        "الاف" | "الوف" => Part::Plural(1e3),
        "مليون" | "مليونا" => Part::Mult(1e6),
        "مليونان" | "مليونين" => Part::Dual(1e6),
        "ملايين" => Part::Plural(1e6),
        "مليار" | "مليارا" | "بليون" => Part::Mult(1e9),
        "ملياران" | "مليارين" => Part::Dual(1e9),
        "مليارات" => Part::Plural(1e9),
        _ => return hundreds_word(w).map(Part::Hundreds),
    })
}

/// 300 to 900 written as one word: ثلاثمائة، خمسمئة، تلتمية.
fn hundreds_word(w: &str) -> Option<u32> {
    const HUNDRED: &[&str] = &["مئة", "مائة", "مئه", "مائه", "مية", "ميه", "ماية"];
    let head = HUNDRED.iter().find_map(|h| w.strip_suffix(h))?;
    let n = match head {
        "ثلاث" | "ثلاثة" | "تلت" | "تلات" => 3,
        "اربع" | "ربع" => 4,
        "خمس" => 5,
        "ست" => 6,
        "سبع" => 7,
        "ثمان" | "ثماني" | "ثمن" | "تمن" => 8,
        "تسع" => 9,
        _ => return None,
    };
    Some(n * 100)
}

/// Words for a vague quantity; `Some(true)` when they stand alone as the
/// count ("عشرات القتلى"), matched after the article is removed.
fn vague(w: &str) -> bool {
    matches!(
        w,
        "عشرات"
            | "العشرات"
            | "مئات"
            | "المئات"
            | "مئآت"
            | "الالاف"
            | "بضعة"
            | "بضع"
            | "عدة"
            | "الاف"
            | "ملايين"
            | "الملايين"
    )
}

/// Hedges written before the number, as match-form word sequences. The first
/// word may carry a proclitic (وأكثر من، بنحو).
const PRE_HEDGES: &[(&[&str], Qualifier)] = &[
    (&["ما", "لا", "يقل", "عن"], Qualifier::AtLeast),
    (&["لا", "يقل", "عن"], Qualifier::AtLeast),
    (&["ما", "لا", "يقل", "عدده", "عن"], Qualifier::AtLeast),
    (&["على", "الاقل"], Qualifier::AtLeast),
    (&["اكثر", "من"], Qualifier::MoreThan),
    (&["ازيد", "من"], Qualifier::MoreThan),
    (&["ما", "يزيد", "على"], Qualifier::MoreThan),
    (&["ما", "يزيد", "عن"], Qualifier::MoreThan),
    (&["يزيد", "على"], Qualifier::MoreThan),
    (&["يزيد", "عن"], Qualifier::MoreThan),
    (&["ما", "يربو", "على"], Qualifier::MoreThan),
    (&["ما", "يربو", "عن"], Qualifier::MoreThan),
    (&["يربو", "على"], Qualifier::MoreThan),
    (&["ما", "يفوق"], Qualifier::MoreThan),
    (&["يفوق"], Qualifier::MoreThan),
    (&["ما", "يتجاوز"], Qualifier::MoreThan),
    (&["يتجاوز"], Qualifier::MoreThan),
    (&["نحو"], Qualifier::About),
    (&["حوالي"], Qualifier::About),
    (&["حوالى"], Qualifier::About),
    (&["قرابة"], Qualifier::About),
    (&["زهاء"], Qualifier::About),
    (&["ما", "يقارب"], Qualifier::About),
    (&["يقارب"], Qualifier::About),
    (&["ما", "يقرب", "من"], Qualifier::About),
    (&["يقرب", "من"], Qualifier::About),
    (&["تقريبا"], Qualifier::About),
    (&["ما", "يناهز"], Qualifier::About),
    (&["يناهز"], Qualifier::About),
    (&["ما", "يصل", "الى"], Qualifier::UpTo),
    (&["يصل", "الى"], Qualifier::UpTo),
    (&["حتى"], Qualifier::UpTo),
    (&["لا", "يزيد", "عن"], Qualifier::UpTo),
    (&["لا", "يزيد", "على"], Qualifier::UpTo),
    (&["اقل", "من"], Qualifier::UpTo),
];

/// Hedges written after the number (and the counted noun).
const POST_HEDGES: &[(&[&str], Qualifier)] = &[
    (&["على", "الاقل"], Qualifier::AtLeast),
    (&["على", "اقل", "تقدير"], Qualifier::AtLeast),
    (&["او", "اكثر"], Qualifier::AtLeast),
    (&["تقريبا"], Qualifier::About),
];

/// Nouns for people whose dual form counts two people (قتيلين، الضابطين).
const PERSON_DUALS: &[&str] = &[
    "قتيلين",
    "قتيلان",
    "جريحين",
    "جريحان",
    "جنديين",
    "جنديان",
    "شخصين",
    "شخصان",
    "طفلين",
    "طفلان",
    "رجلين",
    "رجلان",
    "امراتين",
    "امراتان",
    "شرطيين",
    "شرطيان",
    "ضابطين",
    "ضابطان",
    "عنصرين",
    "عنصران",
    "مدنيان",
    "انتحاريان",
    "مسلحان",
    "صحفيان",
    "مواطنان",
    "شقيقين",
    "شقيقان",
    // Nominative duals of nationalities ("قتل فلسطينيان"): the genitive
    // "فلسطينيين" is also the plural, so only the nominative counts two.
    "فلسطينيان",
    "اسرائيليان",
    "عراقيان",
    "سوريان",
    "يمنيان",
    "مصريان",
    "افغانيان",
    "باكستانيان",
    "لبنانيان",
    "ليبيان",
    "تركيان",
    "امريكيان",
    "مسعفان",
    "ناشطان",
];

/// Other nouns whose dual ending is never a plural: the dual form counts two.
const OTHER_DUALS: &[&str] = &[
    "هجومين",
    "هجومان",
    "انفجارين",
    "انفجاران",
    "تفجيرين",
    "تفجيران",
    "سيارتين",
    "سيارتان",
    "عبوتين",
    "عبوتان",
    "قذيفتين",
    "قذيفتان",
    "غارتين",
    "غارتان",
    "عمليتين",
    "عمليتان",
    "طائرتين",
    "طائرتان",
    "هجمتين",
    "يومين",
    "يومان",
    "اسبوعين",
    "اسبوعان",
    "شهرين",
    "شهران",
    "عامين",
    "عامان",
    "سنتين",
    "سنتان",
    "ساعتين",
    "ساعتان",
    "مرتين",
    "مرتان",
];

/// True for an ordinal word (الثالث، ثامن، الحادية), alone or as the head
/// of a compound.
pub fn is_ordinal_word(w: &str) -> bool {
    ordinal_unit(w).is_some() || ordinal_compound_unit(w).is_some() || ordinal_ten(w).is_some()
}

fn dual_nouns() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| PERSON_DUALS.iter().chain(OTHER_DUALS).copied().collect())
}

/// The dual noun a match-form word holds, with or without ال ("الضابطين").
fn dual_noun(w: &str) -> Option<&str> {
    let set = dual_nouns();
    if set.contains(w) {
        return Some(w);
    }
    w.strip_prefix("ال").filter(|d| set.contains(d))
}

/// True for the dual of a noun for people (قتيلين، جنديان، الضابطين): a
/// count of two people, where "هجومين" or "يومين" counts something else.
pub fn is_person_dual(w: &str) -> bool {
    let w = w.strip_prefix("ال").unwrap_or(w);
    PERSON_DUALS.contains(&w)
}

fn hedge_openers() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| PRE_HEDGES.iter().map(|(ws, _)| ws[0]).collect())
}

/// A cheap test before the rules: can a number start at this item?
fn may_open_number(it: &Item<'_>) -> bool {
    match it.kind {
        TokenKind::Number => true,
        TokenKind::Word => {
            let hedges = hedge_openers();
            stems(it.norm).any(|(_, s)| {
                hedges.contains(s)
                    || part(s).is_some()
                    || compound_unit(s).is_some()
                    || is_ordinal_word(s)
                    || dual_noun(s).is_some()
                    || vague(s)
            })
        }
        _ => false,
    }
}

/// Finds every number in a run of items (usually one sentence).
pub fn find_numbers(items: &[Item<'_>]) -> Vec<NumberMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if !may_open_number(&items[i]) {
            i += 1;
            continue;
        }
        if let Some((end, m)) = number_at(items, i) {
            out.push(m);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// A number (with any hedge) starting at item `i`: the index after it and
/// the mention.
fn number_at(items: &[Item<'_>], i: usize) -> Option<(usize, NumberMention)> {
    // A hedge, then a number.
    let first: Vec<&str> = if items[i].kind == TokenKind::Word {
        stems(items[i].norm).map(|(_, s)| s).filter(|s| hedge_openers().contains(s)).collect()
    } else {
        Vec::new()
    };
    for (words, q) in PRE_HEDGES.iter().filter(|(ws, _)| first.contains(&ws[0])) {
        if let Some((after, start)) = match_words_at(items, i, words)
            && let Some((end, mut m)) = bare_number(items, after)
            && (m.kind == NumberKind::Cardinal || m.kind == NumberKind::Dual)
        {
            if m.qualifier == Qualifier::Exact {
                m.qualifier = *q;
            }
            m.span = start.cover(m.span);
            return Some((end, m));
        }
    }
    let (end, mut m) = bare_number(items, i)?;
    if m.qualifier == Qualifier::Exact && m.kind != NumberKind::Ordinal {
        // A hedge after the number and at most two words of counted noun.
        for skip in 0..=2 {
            let at = end + skip;
            if items[end..at.min(items.len())].iter().any(|it| it.kind != TokenKind::Word) {
                break;
            }
            if let Some((words, q)) =
                POST_HEDGES.iter().find(|(w, _)| match_words(items, at, w).is_some())
            {
                let last = match_words(items, at, words).expect("just matched") - 1;
                m.qualifier = *q;
                m.span = m.span.cover(items[last].span);
                break;
            }
        }
    }
    Some((end, m))
}

/// Matches `words` at item `i`; the first word may carry a proclitic.
fn match_words(items: &[Item<'_>], i: usize, words: &[&str]) -> Option<usize> {
    match_words_at(items, i, words).map(|(end, _)| end)
}

/// Like [`match_words`], also giving where the match starts in the original
/// text (after any proclitic on the first word).
fn match_words_at(items: &[Item<'_>], i: usize, words: &[&str]) -> Option<(usize, Span)> {
    let first = items.get(i)?;
    if first.kind != TokenKind::Word {
        return None;
    }
    let (off, _) = stems(first.norm).find(|(_, s)| *s == words[0])?;
    let start = first.span_from(off);
    for (k, w) in words.iter().enumerate().skip(1) {
        if !items.get(i + k)?.is(w) {
            return None;
        }
    }
    Some((i + words.len(), start))
}

/// A number without hedge at item `i`.
fn bare_number(items: &[Item<'_>], i: usize) -> Option<(usize, NumberMention)> {
    let it = items.get(i)?;
    match it.kind {
        TokenKind::Number => digits_number(items, i),
        TokenKind::Word => word_number(items, i)
            .or_else(|| ordinal_at(items, i))
            .or_else(|| dual_at(items, i))
            .or_else(|| vague_at(items, i)),
        _ => None,
    }
}

/// Parses a number token's match form ("1,200", "3.5"): `None` for clock
/// times and other shapes that are not a quantity.
pub fn parse_digits(s: &str) -> Option<f64> {
    if s.contains(':') || s.matches('.').count() > 1 {
        return None;
    }
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    clean.parse::<f64>().ok()
}

fn digits_number(items: &[Item<'_>], i: usize) -> Option<(usize, NumberMention)> {
    let it = items[i];
    let mut value = parse_digits(it.norm)?;
    let mut end = i + 1;
    let mut span = it.span;
    // "1 فاصلة 5": a decimal point in words.
    if let Some((e, frac)) = decimal_word(items, end) {
        value += frac;
        span = span.cover(items[e - 1].span);
        end = e;
    }
    // "100 ألف", "3 ملايين", "2.5 مليون".
    if let Some(next) = items.get(end).filter(|n| n.kind == TokenKind::Word)
        && let Some(Part::Mult(m) | Part::Plural(m)) = part(next.norm)
    {
        value *= m;
        span = span.cover(next.span);
        end += 1;
    }
    Some((end, cardinal(span, value)))
}

fn cardinal(span: Span, value: f64) -> NumberMention {
    NumberMention {
        span,
        core: span,
        value: Some(value),
        qualifier: Qualifier::Exact,
        kind: NumberKind::Cardinal,
    }
}

/// "فاصلة" followed by digits or number words, as a fraction.
fn decimal_word(items: &[Item<'_>], i: usize) -> Option<(usize, f64)> {
    if !items.get(i)?.is("فاصلة") {
        return None;
    }
    let next = items.get(i + 1)?;
    let (end, v) = if next.kind == TokenKind::Number {
        (i + 2, parse_digits(next.norm)?)
    } else {
        let (end, m) = word_number(items, i + 1)?;
        (end, m.value?)
    };
    let digits = format!("{}", v as u64).len() as i32;
    Some((end, v / 10f64.powi(digits)))
}

/// Accumulates a number written in words.
#[derive(Default)]
struct Acc {
    total: f64,
    /// The group below a thousand being built.
    group: u32,
    has_hundreds: bool,
    has_units: bool,
    has_tens: bool,
    n_parts: usize,
}

impl Acc {
    /// Adds a part; false when it cannot continue this number.
    fn push(&mut self, p: Part, joined_by_and: bool) -> bool {
        let first = self.n_parts == 0;
        let ok = match p {
            Part::Unit(u) | Part::Teen(u) if u >= 11 || !self.has_units => {
                // Without و a unit only follows a hundreds word (colloquial
                // "خمسمية خمسة").
                let after_hundreds = self.has_hundreds && !self.has_units && !self.has_tens;
                if !(first || joined_by_and || after_hundreds) {
                    return false;
                }
                if u >= 10 {
                    if self.has_tens {
                        return false;
                    }
                    self.has_tens = true;
                }
                self.has_units = true;
                self.group += u;
                true
            }
            Part::Ten(t) if !self.has_tens => {
                let after_hundreds = self.has_hundreds && !self.has_units;
                if !(first || joined_by_and || after_hundreds) {
                    return false;
                }
                self.has_tens = true;
                self.group += t;
                true
            }
            Part::Hundreds(h) if !self.has_hundreds && !self.has_units && !self.has_tens => {
                if !first && !joined_by_and {
                    return false;
                }
                self.has_hundreds = true;
                self.group += h;
                true
            }
            Part::Mult(100.0) => {
                // "مئة" alone, or "ثلاث مئة" after a unit.
                if self.has_hundreds || self.has_tens || self.group > 10 {
                    return false;
                }
                if !first && joined_by_and && self.group > 0 {
                    return false;
                }
                self.group = self.group.max(1) * 100;
                self.has_hundreds = true;
                self.has_units = false;
                true
            }
            Part::Mult(m) | Part::Plural(m) if !joined_by_and || first => {
                if matches!(p, Part::Plural(_)) && !(3..=10).contains(&self.group) {
                    return false;
                }
                if m <= self.total && self.total > 0.0 {
                    return false;
                }
                self.total = (self.total + f64::from(self.group.max(1))) * m;
                self.reset_group();
                true
            }
            Part::Dual(m) if first || (joined_by_and && self.group == 0) => {
                self.total += 2.0 * m;
                self.reset_group();
                true
            }
            _ => false,
        };
        if ok {
            self.n_parts += 1;
        }
        ok
    }

    fn reset_group(&mut self) {
        self.group = 0;
        self.has_hundreds = false;
        self.has_units = false;
        self.has_tens = false;
    }

    fn value(&self) -> f64 {
        self.total + f64::from(self.group)
    }
}

fn word_number(items: &[Item<'_>], i: usize) -> Option<(usize, NumberMention)> {
    let mut acc = Acc::default();
    let mut j = i;
    let mut end = i;
    let mut first_start = items[i].span;
    let mut last_span = items[i].span;
    while let Some(it) = items.get(j) {
        if it.kind != TokenKind::Word {
            break;
        }
        // "و" alone before the next part, or "وعشرون" with the و attached.
        let (word, and, next_j) = if it.norm == "و" && acc.n_parts > 0 {
            match items.get(j + 1).filter(|n| n.kind == TokenKind::Word) {
                Some(n) => (n.norm, true, j + 2),
                None => break,
            }
        } else if acc.n_parts > 0 {
            match without_conj(it.norm).filter(|r| part(r).is_some()) {
                Some(r) => (r, true, j + 1),
                None => (it.norm, false, j + 1),
            }
        } else {
            // The first word may carry a proclitic: "وثلاثة", "بخمسة".
            match stems(it.norm).find(|(_, s)| part(s).is_some()) {
                Some((off, s)) => {
                    first_start = it.span_from(off);
                    (s, false, j + 1)
                }
                None => (it.norm, false, j + 1),
            }
        };
        // "احد عشر": a compound unit needs its عشر.
        let p = match part(word) {
            Some(p) => p,
            None => match compound_unit(word) {
                Some(u) if items.get(next_j).is_some_and(|n| unit(n.norm) == Some(10)) => {
                    Part::Unit(u)
                }
                _ => break,
            },
        };
        // A unit followed by عشر/عشرة is a teen.
        let (p, next_j) = match p {
            Part::Unit(u @ 1..=9)
                if items.get(next_j).is_some_and(|n| unit(n.norm) == Some(10)) =>
            {
                (Part::Teen(10 + u), next_j + 1)
            }
            _ => (p, next_j),
        };
        if !acc.push(p, and) {
            break;
        }
        last_span = items[next_j - 1].span;
        j = next_j;
        end = j;
    }
    if acc.n_parts == 0 {
        return None;
    }
    // A lone "عشر" reads as a fraction as often as ten: keep it only with
    // company ("عشرة" alone is ten).
    if acc.n_parts == 1 && items[i].norm == "عشر" {
        return None;
    }
    let mut value = acc.value();
    let mut span = Span { start: first_start.start, end: last_span.end };
    if let Some((e, frac)) = decimal_word(items, end) {
        value += frac;
        span = span.cover(items[e - 1].span);
        end = e;
    }
    Some((end, cardinal(span, value)))
}

fn dual_at(items: &[Item<'_>], i: usize) -> Option<(usize, NumberMention)> {
    let it = items[i];
    stems(it.norm).find(|(_, s)| dual_noun(s).is_some())?;
    Some((
        i + 1,
        NumberMention {
            span: it.span,
            core: it.span,
            value: Some(2.0),
            qualifier: Qualifier::Exact,
            kind: NumberKind::Dual,
        },
    ))
}

fn vague_at(items: &[Item<'_>], i: usize) -> Option<(usize, NumberMention)> {
    let it = items[i];
    stems(it.norm).find(|(_, s)| vague(s))?;
    // "عدة" and "بضعة" are vague counts; "عدد من" too.
    Some((
        i + 1,
        NumberMention {
            span: it.span,
            core: it.span,
            value: None,
            qualifier: Qualifier::Vague,
            kind: NumberKind::Cardinal,
        },
    ))
}

/// An ordinal unit 1–10 (الأول، ثالث، الخامسة) in match form, with or
/// without the article.
fn ordinal_unit(w: &str) -> Option<u32> {
    let bare = w.strip_prefix("ال").unwrap_or(w);
    let bare = bare.strip_suffix('ة').or_else(|| bare.strip_suffix('ه')).unwrap_or(bare);
    Some(match bare {
        "اول" | "اولى" | "حادي" | "حادية" | "اولي" => 1,
        "ثاني" | "ثان" => 2,
        "ثالث" => 3,
        "رابع" => 4,
        "خامس" => 5,
        "سادس" => 6,
        "سابع" => 7,
        "ثامن" => 8,
        "تاسع" => 9,
        "عاشر" => 10,
        _ => return None,
    })
}

/// Ordinal units that only occur in compounds ("الأحد عشر", "الواحد والعشرون").
fn ordinal_compound_unit(w: &str) -> Option<u32> {
    match w {
        "الاحد" | "الاحدى" | "الواحد" | "الواحدة" => Some(1),
        "الاثنى" | "الاثني" | "الاثنا" | "الاثنتا" | "الاثنتي" => {
            Some(2)
        }
        _ => None,
    }
}

fn ordinal_ten(w: &str) -> Option<u32> {
    match part(w.strip_prefix("ال")?) {
        Some(Part::Ten(t)) => Some(t),
        _ => None,
    }
}

fn ordinal_at(items: &[Item<'_>], i: usize) -> Option<(usize, NumberMention)> {
    let it = items[i];
    let w = it.norm;
    let unit_v = ordinal_unit(w).or_else(|| ordinal_compound_unit(w));
    let mk = |end: usize, value: u32| {
        let span = it.span.cover(items[end - 1].span);
        Some((
            end,
            NumberMention {
                span,
                core: span,
                value: Some(f64::from(value)),
                qualifier: Qualifier::Exact,
                kind: NumberKind::Ordinal,
            },
        ))
    };
    if let Some(u) = unit_v {
        // "الحادي عشر": + 10.
        if u < 10 && items.get(i + 1).is_some_and(|n| unit(n.norm) == Some(10)) {
            return mk(i + 2, u + 10);
        }
        // "الحادي والعشرون", "الخامس و العشرين".
        let (ten_at, ten_word) = match items.get(i + 1) {
            Some(n) if n.is("و") => (i + 2, items.get(i + 2).map(|x| x.norm)),
            Some(n) => (i + 1, without_conj(n.norm)),
            None => (i + 1, None),
        };
        if let Some(t) = ten_word.and_then(ordinal_ten)
            && u < 10
        {
            return mk(ten_at + 1, u + t);
        }
        if ordinal_unit(w).is_some() {
            return mk(i + 1, u);
        }
        return None;
    }
    // "العشرون" alone.
    ordinal_ten(w).and_then(|t| mk(i + 1, t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Analysis, Config};

    fn nums(text: &str) -> Vec<(String, Option<f64>, &'static str, NumberKind)> {
        let a = Analysis::new(text, &Config::default());
        a.numbers
            .iter()
            .map(|m| (m.span.of(text).to_string(), m.value, m.qualifier.as_str(), m.kind))
            .collect()
    }

    fn one(text: &str) -> (Option<f64>, &'static str) {
        let n = nums(text);
        assert_eq!(n.len(), 1, "{text}: {n:?}");
        (n[0].1, n[0].2)
    }

    #[test]
    fn digits_in_any_script() {
        assert_eq!(one("قتل 128 شخصا"), (Some(128.0), "exact"));
        assert_eq!(one("قتل ١٢٨ شخصا"), (Some(128.0), "exact"));
        assert_eq!(one("بلغ 1,200 نازح"), (Some(1200.0), "exact"));
        assert_eq!(one("نحو 3.5 مليون"), (Some(3_500_000.0), "about"));
        assert_eq!(one("100 ألف"), (Some(100_000.0), "exact"));
    }

    #[test]
    fn number_words() {
        assert_eq!(one("قتل سبعة"), (Some(7.0), "exact"));
        assert_eq!(one("ثلاثة وعشرون"), (Some(23.0), "exact"));
        assert_eq!(one("مئة وخمسة وعشرون"), (Some(125.0), "exact"));
        assert_eq!(one("مئتان وخمسون"), (Some(250.0), "exact"));
        assert_eq!(one("ألف ومئتان"), (Some(1200.0), "exact"));
        assert_eq!(one("ثلاثة آلاف وخمسمائة"), (Some(3500.0), "exact"));
        assert_eq!(one("ألفين"), (Some(2000.0), "exact"));
        assert_eq!(one("إثنا عشر شخصا"), (Some(12.0), "exact"));
        assert_eq!(one("خمسة عشر"), (Some(15.0), "exact"));
        assert_eq!(one("ثلاثين"), (Some(30.0), "exact"));
        assert_eq!(one("مليونين"), (Some(2e6), "exact"));
    }

    #[test]
    fn hedges() {
        assert_eq!(one("ما لا يقل عن 17 شخصا"), (Some(17.0), "at_least"));
        assert_eq!(one("أكثر من 130 قتيلا"), (Some(130.0), "more_than"));
        assert_eq!(one("نحو 60"), (Some(60.0), "about"));
        assert_eq!(one("بنحو 60"), (Some(60.0), "about"));
        assert_eq!(one("قرابة عشرين"), (Some(20.0), "about"));
        assert_eq!(one("زهاء مئة"), (Some(100.0), "about"));
        assert_eq!(one("ما يصل إلى 40"), (Some(40.0), "up_to"));
        assert_eq!(one("مقتل 17 جنديا أفغانيا على الأقل"), (Some(17.0), "at_least"));
        assert_eq!(one("ما يزيد على 200"), (Some(200.0), "more_than"));
        assert_eq!(one("عشرات القتلى"), (None, "vague"));
        assert_eq!(one("بالعشرات"), (None, "vague"));
        assert_eq!(one("بضعة أشخاص"), (None, "vague"));
    }

    #[test]
    fn duals_and_ordinals() {
        let n = nums("مقتل جنديين في الهجوم الثالث");
        assert_eq!(n[0], ("جنديين".into(), Some(2.0), "exact", NumberKind::Dual));
        assert_eq!(n[1], ("الثالث".into(), Some(3.0), "exact", NumberKind::Ordinal));
        // A plural that looks like a dual is no count.
        assert!(nums("مقتل مدنيين").is_empty());
        assert_eq!(nums("الحادي والعشرين")[0].1, Some(21.0));
        assert_eq!(nums("الثالث عشر")[0].1, Some(13.0));
    }

    #[test]
    fn separate_numbers_stay_separate() {
        let n = nums("قتل ثلاثة وأصيب أربعة");
        assert_eq!(n.iter().map(|x| x.1).collect::<Vec<_>>(), vec![Some(3.0), Some(4.0)]);
        let n = nums("قتل 4 من الشرطة و4 مهاجمين");
        assert_eq!(n.iter().map(|x| x.1).collect::<Vec<_>>(), vec![Some(4.0), Some(4.0)]);
    }
}
