//! Killed and injured counts: a number (or a singular victim noun) tied to
//! the nearest casualty word, with the hedge of the number as qualifier.

use rasd_core::{CountQualifier, Span};
use rasd_text::item::stems;
use rasd_text::number::{NumberKind, Qualifier};

use crate::annotate::{Doc, Sentence};
use crate::words::Cue;

/// Killed or injured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Killed,
    Injured,
}

/// One count read from a sentence.
#[derive(Clone, Debug)]
pub(crate) struct Fact {
    pub(crate) side: Side,
    pub(crate) value: Option<u32>,
    pub(crate) qualifier: CountQualifier,
    /// First item of the words it was read from.
    pub(crate) at: usize,
    pub(crate) span: Span,
    /// Said with a rising-toll word (ارتفع، بلغ، الحصيلة).
    pub(crate) update: bool,
    /// A part of another count (بينهم 9 صحفيين).
    pub(crate) subset: bool,
    /// Counts the attackers ("4 مسلحين"), added to the toll of their victims.
    pub(crate) attackers: bool,
    pub(crate) rule: &'static str,
}

/// Words after a number that show it does not count people.
const NOT_PEOPLE: &[&str] = &[
    "كيلومتر",
    "كيلومترا",
    "كيلومترات",
    "كم",
    "متر",
    "مترا",
    "امتار",
    "عام",
    "عاما",
    "اعوام",
    "سنة",
    "سنوات",
    "يوم",
    "يوما",
    "ايام",
    "ساعة",
    "ساعات",
    "دقيقة",
    "دقائق",
    "شهر",
    "شهرا",
    "اشهر",
    "دولار",
    "دولارا",
    "هجوم",
    "هجوما",
    "هجمات",
    "سيارة",
    "سيارات",
    "منزل",
    "منازل",
    "قذيفة",
    "قذائف",
    "صاروخ",
    "صواريخ",
    "غارة",
    "غارات",
    "مرة",
    "مرات",
    "بالمئة",
    "بالمائة",
    "%",
    "طن",
    "اسبوع",
    "اسابيع",
    "عملية",
    "عمليات",
    "مركز",
    "مراكز",
    "موقع",
    "مواقع",
    "قرية",
    "قرى",
    "مدينة",
    "مدن",
    "بلدة",
    "تفجير",
    "تفجيرات",
    "انفجار",
    "عبوة",
    "عبوات",
    "طائرة",
    "طائرات",
    "مليون",
    "الف",
    "سبتمبر",
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "اغسطس",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "ولاية",
    "ولايات",
    "دولة",
    "دول",
];

/// Singular nouns for one person: "مقتل شرطي" counts one.
const ONE_PERSON: &[&str] = &[
    "شخص",
    "ضابط",
    "جندي",
    "شرطي",
    "مدني",
    "طفل",
    "امراة",
    "رجل",
    "عنصر",
    "مسلح",
    "مواطن",
    "صحفي",
    "حارس",
    "سائح",
    "قتيل",
    "جريح",
    "مهاجم",
    "انتحاري",
    "طالب",
    "موظف",
    "عامل",
    "مسؤول",
    "قائد",
];

/// Person nouns that may follow a number ("17 جنديا").
fn is_people_word(w: &str) -> bool {
    !NOT_PEOPLE.contains(&w)
}

fn qualifier(q: Qualifier) -> CountQualifier {
    match q {
        Qualifier::Exact => CountQualifier::Exact,
        Qualifier::AtLeast => CountQualifier::AtLeast,
        Qualifier::MoreThan => CountQualifier::MoreThan,
        Qualifier::About => CountQualifier::About,
        Qualifier::UpTo => CountQualifier::UpTo,
        Qualifier::Vague => CountQualifier::Vague,
    }
}

/// How far (in items) a casualty word may stand from its number.
const WINDOW: usize = 4;

/// Reads the counts of one sentence.
pub(crate) fn facts(doc: &Doc<'_>, s: &Sentence) -> Vec<Fact> {
    let items = &doc.items;
    let killed: Vec<(usize, usize)> =
        s.cues_in(Cue::Killed, s.start, s.end).map(|c| (c.0, c.1)).collect();
    let injured: Vec<(usize, usize)> =
        s.cues_in(Cue::Injured, s.start, s.end).map(|c| (c.0, c.1)).collect();
    if killed.is_empty() && injured.is_empty() {
        return Vec::new();
    }
    let update = s.has_cue(Cue::Update);
    let subset_at: Vec<usize> = s.cues_in(Cue::Subset, s.start, s.end).map(|c| c.1).collect();
    let mut out: Vec<Fact> = Vec::new();
    let mut used_cues: Vec<usize> = Vec::new();
    for &n in &s.numbers {
        let num = &doc.analysis.numbers[n];
        if num.kind == NumberKind::Ordinal {
            continue;
        }
        let (a, b) = doc.number_items[n];
        // A number inside a date is no count.
        if s.dates.iter().any(|d| {
            let (da, db) = doc.date_items[*d];
            a < db && da < b
        }) {
            continue;
        }
        let value = match num.value {
            Some(v) if v.fract() != 0.0 || !(0.0..=100_000.0).contains(&v) => continue,
            Some(v) => Some(v as u32),
            None => None,
        };
        // What the number counts: the word after it.
        if let Some(next) = items.get(b).filter(|_| b < s.end) {
            let w = stems(next.norm).last().map(|(_, w)| w).unwrap_or(next.norm);
            if num.kind != NumberKind::Dual && !is_people_word(w) && !is_people_word(next.norm) {
                continue;
            }
        }
        let dist = |c: &(usize, usize)| -> Option<usize> {
            if c.1 <= a {
                (a - c.1 <= WINDOW).then_some(a - c.1)
            } else if c.0 >= b {
                (c.0 - b <= WINDOW).then_some(c.0 - b)
            } else {
                // The number's own word is the cue (قتيلان).
                Some(0)
            }
        };
        let near_k = killed.iter().filter_map(|c| dist(c).map(|d| (d, c.0))).min();
        let near_i = injured.iter().filter_map(|c| dist(c).map(|d| (d, c.0))).min();
        // "مقتل وإصابة 10": both cues right before the number.
        let combined = match (near_k, near_i) {
            (Some((dk, ck)), Some((di, ci))) => {
                let before = ck < a && ci < a;
                let after = ck >= b && ci >= b;
                (before || after) && dk.abs_diff(di) <= 2 && dk <= 3 && di <= 3
            }
            _ => false,
        };
        let subset = subset_at.iter().any(|e| *e <= a && a - e <= 1);
        let q = qualifier(num.qualifier);
        let span = num.span;
        let attackers = counts_attackers(doc, b, s.end);
        let mk = |side, value, qualifier, cue: usize, rule| Fact {
            side,
            value,
            qualifier,
            at: a.min(cue),
            span,
            update,
            subset,
            attackers,
            rule,
        };
        if combined {
            let (_, ck) = near_k.expect("combined has both");
            let (_, ci) = near_i.expect("combined has both");
            out.push(mk(
                Side::Killed,
                None,
                CountQualifier::Vague,
                ck,
                "killed and injured counted together",
            ));
            out.push(mk(
                Side::Injured,
                None,
                CountQualifier::Vague,
                ci,
                "killed and injured counted together",
            ));
            used_cues.extend([ck, ci]);
            continue;
        }
        // A casualty noun right after the number is what it counts ("100 مصاب").
        let right_after = |c: usize| c == b && !items[c].norm.starts_with('و');
        let (side, cue) = match (near_k, near_i) {
            (Some((_, ck)), Some((_, ci))) if right_after(ck) != right_after(ci) => {
                if right_after(ck) { (Side::Killed, ck) } else { (Side::Injured, ci) }
            }
            (Some((dk, ck)), Some((di, ci))) => {
                if dk <= di {
                    (Side::Killed, ck)
                } else {
                    (Side::Injured, ci)
                }
            }
            (Some((_, ck)), None) => (Side::Killed, ck),
            (None, Some((_, ci))) => (Side::Injured, ci),
            (None, None) => continue,
        };
        used_cues.push(cue);
        let qualifier = if value.is_none() { CountQualifier::Vague } else { q };
        out.push(mk(side, value, qualifier, cue, "number beside a casualty word"));
    }
    // Casualty words with no number: "مقتل شرطي" (one), "قتلى وجرحى" (vague).
    for (cues, side) in [(&killed, Side::Killed), (&injured, Side::Injured)] {
        for &(c0, c1) in cues {
            if used_cues.contains(&c0)
                || out.iter().any(|f| f.side == side && f.at.abs_diff(c0) <= WINDOW)
            {
                continue;
            }
            let span = Span { start: items[c0].span.start, end: items[c1 - 1].span.end };
            let next = items.get(c1).filter(|_| c1 < s.end).map(|it| it.norm).unwrap_or("");
            let one = stems(next).any(|(_, w)| ONE_PERSON.contains(&w))
                || ONE_PERSON.contains(&items[c0].norm);
            let plural_noun = matches!(
                items[c0].norm,
                "قتلى" | "القتلى" | "جرحى" | "الجرحى" | "ضحايا" | "الضحايا" | "المصابين"
            );
            let (value, qualifier, rule) = if one {
                (Some(1), CountQualifier::Exact, "a singular victim noun counts one")
            } else if plural_noun {
                (None, CountQualifier::Vague, "casualty noun with no number")
            } else {
                continue;
            };
            let end = if one { c1 + 1 } else { c1 };
            let span = span.cover(items[end.min(s.end) - 1].span);
            out.push(Fact {
                side,
                value,
                qualifier,
                at: c0,
                span,
                update,
                subset: false,
                attackers: false,
                rule,
            });
        }
    }
    out.sort_by_key(|f| f.at);
    sum_parts(doc, out)
}

/// "قتل ضابط و3 جنود": counts of one side joined by و, with no other
/// casualty word between them, are parts of one toll.
fn sum_parts(doc: &Doc<'_>, facts: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::with_capacity(facts.len());
    for f in facts {
        if let Some(prev) = out.last_mut() {
            let joined = prev.side == f.side
                && !f.subset
                && !prev.subset
                && prev.value.is_some()
                && prev.attackers == f.attackers
                && f.value.is_some()
                && f.span.start > prev.span.end
                && joined_by_and(doc, prev.span.end, f.span.start);
            if joined {
                prev.value = Some(prev.value.unwrap_or(0) + f.value.unwrap_or(0));
                prev.qualifier = weakest(prev.qualifier, f.qualifier);
                prev.span = prev.span.cover(f.span);
                prev.rule = "parts of one toll added up";
                continue;
            }
        }
        out.push(f);
    }
    out
}

/// True when only a noun phrase and و stand between two counts.
fn joined_by_and(doc: &Doc<'_>, from: u32, to: u32) -> bool {
    let between = &doc.text[from as usize..to as usize];
    let words: Vec<&str> = between.split_whitespace().collect();
    if words.len() > 5 || between.contains(['،', ',', '.']) {
        return false;
    }
    words.last().is_some_and(|w| *w == "و" || w.starts_with('و'))
        || between.trim_end().ends_with('و')
}

fn weakest(a: CountQualifier, b: CountQualifier) -> CountQualifier {
    use CountQualifier::*;
    let rank = |q| match q {
        Exact => 0,
        About => 1,
        UpTo => 1,
        AtLeast => 2,
        MoreThan => 3,
        Vague => 4,
    };
    if rank(a) >= rank(b) { a } else { b }
}

/// Nouns for the attackers themselves.
const ATTACKERS: &[&str] = &[
    "مسلحين",
    "مسلحا",
    "المسلحين",
    "مهاجمين",
    "المهاجمين",
    "انتحاريين",
    "الانتحاريين",
    "ارهابيين",
    "الارهابيين",
    "عناصر",
    "مقاتلين",
    "مقاتليها",
    "مقاتليه",
    "المتشددين",
    "متشددين",
    "المسلحون",
    "مسلحون",
];

/// True when the words after a number (up to "من X") name the attackers.
fn counts_attackers(doc: &Doc<'_>, b: usize, end: usize) -> bool {
    let items = &doc.items;
    let mut j = b;
    if j < end && stems(items[j].norm).any(|(_, w)| w == "من") {
        j += 1;
    }
    j < end && stems(items[j].norm).any(|(_, w)| ATTACKERS.contains(&w))
}
