//! Killed and injured counts: a number (or a singular victim noun) tied to
//! the nearest casualty word, with the hedge of the number as qualifier.

use rasd_core::{CountQualifier, Span};
use rasd_text::item::stems;
use rasd_text::number::{NumberKind, Qualifier};

use crate::annotate::{Doc, Sentence};
use crate::lists::{List, definite_in, has, stem_in};
use crate::words::Cue;

/// Killed or injured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
    /// A total that says it includes the attackers ("30 بينهم خمسة انتحاريين").
    pub(crate) with_attackers: bool,
    /// Given by the perpetrator's own media.
    pub(crate) propaganda: bool,
    /// Told as an earlier report of the toll ("حصيلة أولية", "حصيلة
    /// سابقة"): a later figure of the event replaces it.
    pub(crate) earlier: bool,
    pub(crate) rule: &'static str,
}

const SINGULAR_RULE: &str = "a singular victim noun counts one";

/// Person nouns that may follow a number ("17 جنديا").
fn is_people_word(w: &str) -> bool {
    !has(List::NotPeople, w)
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
/// Words after a casualty word within which a word for other people makes
/// it count others ("وجرح عناصر أخرى").
const OTHERS_WITHIN: usize = 3;

/// A four-digit number that reads as a year ("توفي في 2016", "احتجاجات
/// 2011", "(1976-1983)"): no count, unless a noun for people or a casualty
/// word follows it ("2016 شخصا", "2000 قتيل").
fn looks_like_year(doc: &Doc<'_>, s: &Sentence, n: usize) -> bool {
    let num = &doc.analysis.numbers[n];
    let digits = doc.text.get(num.core.start as usize..num.core.end as usize).unwrap_or("");
    let year = digits.len() == 4
        && digits.bytes().all(|c| c.is_ascii_digit())
        && num.value.is_some_and(|v| (1900.0..=2100.0).contains(&v));
    if !year {
        return false;
    }
    let b = doc.number_items[n].1;
    let people = b < s.end
        && stems(doc.items[b].norm).any(|(_, w)| has(List::People, w) || has(List::OnePerson, w));
    let casualty = s.cues.iter().any(|c| c.0 == b && matches!(c.2, Cue::Killed | Cue::Injured));
    !people && !casualty
}

/// Something that may count casualties: a number, a dual noun, or a
/// singular victim noun right after a casualty word.
struct Candidate {
    a: usize,
    b: usize,
    value: Option<u32>,
    qualifier: CountQualifier,
    span: Span,
    /// Joined to the count before it by و ("قتل ضابط و3 جنود").
    joined: bool,
    /// Counts a man's companions, joined to him ("مع 3 من مرافقيه").
    companions: bool,
    rule: &'static str,
}

/// Reads the counts of one sentence.
pub(crate) fn facts(doc: &Doc<'_>, s: &Sentence) -> Vec<Fact> {
    let killed: Vec<(usize, usize)> =
        s.cues_in(Cue::Killed, s.start, s.end).map(|c| (c.0, c.1)).collect();
    let injured: Vec<(usize, usize)> =
        s.cues_in(Cue::Injured, s.start, s.end).map(|c| (c.0, c.1)).collect();
    let denied = denied_counts(doc, s, &killed, &injured);
    if killed.is_empty() && injured.is_empty() {
        return denied;
    }
    let r = Reading {
        update: s.has_cue(Cue::Update),
        propaganda: is_propaganda(doc, s),
        subset_at: s.cues_in(Cue::Subset, s.start, s.end).map(|c| c.1).collect(),
        killed,
        injured,
    };
    let mut cands = number_candidates(doc, s);
    singular_candidates(doc, s, &r, &mut cands);
    cands.sort_by_key(|c| c.a);
    hedges_behind(doc, s, &mut cands);
    let (assigned, mut used) = assign(doc, s, &r, &cands);
    let mut out = counted_facts(doc, s, &r, &cands, &assigned, &mut used);
    out.extend(denied);
    bare_plurals(doc, &r, &used, &mut out);
    out.sort_by_key(|f| f.at);
    sum_parts(doc, out)
}

/// The casualty words of a sentence and what holds for all its counts.
struct Reading {
    killed: Vec<(usize, usize)>,
    injured: Vec<(usize, usize)>,
    /// The sentence updates a toll ("ارتفع عدد القتلى").
    update: bool,
    /// The toll is the perpetrator's own media's.
    propaganda: bool,
    /// Where each subset cue ("بينهم") ends.
    subset_at: Vec<usize>,
}

impl Reading {
    fn cues(&self) -> impl Iterator<Item = &(usize, usize)> {
        self.killed.iter().chain(&self.injured)
    }
}

/// The numbers of the sentence that may count people: not ordinals, not
/// inside a date, whole and below 100,000, followed by a person word; and a
/// singular noun joined by و right after a counted noun.
fn number_candidates(doc: &Doc<'_>, s: &Sentence) -> Vec<Candidate> {
    let items = &doc.items;
    let mut cands: Vec<Candidate> = Vec::new();
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
        if num.kind == NumberKind::Dual
            && !stems(items[a].norm).any(|(_, w)| rasd_text::number::is_person_dual(w))
        {
            continue;
        }
        if looks_like_year(doc, s, n) {
            continue;
        }
        // A model number ("طائرة بوينغ 737", "من طراز 700") or a unit's
        // ("اللواء 405 مشاة") counts no one.
        if a > s.start
            && (stem_in(List::ModelWords, items[a - 1].norm)
                || stem_in(List::UnitWords, items[a - 1].norm))
        {
            continue;
        }
        // An age ("في الـ27 من العمر") counts no one.
        let after = |i: usize| items.get(i).filter(|_| i < s.end).map(|x| x.norm);
        if after(b) == Some("من") && after(b + 1).is_some_and(|w| has(List::AgeWords, w)) {
            continue;
        }
        // What the number counts: the word after it, not after a hedge
        // written behind the noun ("14 شخصا على الأقل يوم الخميس").
        let noun =
            items.partition_point(|it| it.span.start < num.core.end).clamp(a + 1, b.max(a + 1));
        if let Some(next) = items.get(noun).filter(|_| noun < s.end) {
            let w = stems(next.norm).last().map(|(_, w)| w).unwrap_or(next.norm);
            if num.kind != NumberKind::Dual && !is_people_word(w) && !is_people_word(next.norm) {
                continue;
            }
        }
        let joined = items[a].norm.starts_with('و') || (a > 0 && items[a - 1].norm == "و");
        let companions = value.is_some() && with_his_companions(doc, s, a, b, joined);
        let qualifier =
            if value.is_none() { CountQualifier::Vague } else { qualifier(num.qualifier) };
        cands.push(Candidate {
            a,
            b,
            value,
            qualifier,
            span: num.span,
            joined,
            companions,
            rule: "number beside a casualty word",
        });
        // "مقتل 10 مدنيين وجندي": one more, joined by و after the counted
        // noun, or after a partitive's noun phrase ("ثلاثة من رجال الأمن
        // وامرأة").
        if value.is_some() {
            let partitive = b < s.end && items[b].norm == "من";
            let next = if partitive {
                (b + 1..(b + 4).min(s.end)).find(|&k| items[k].norm.starts_with('و'))
            } else {
                Some(b + 1)
            };
            cands.extend(next.and_then(|k| one_more(doc, k, s.end)));
        }
    }
    cands
}

/// How many words after a count its hedge may stand ("مقتل 2 من العاملين
/// في المؤسسة على الأقل").
const HEDGE_WITHIN: usize = 6;

/// "قتل 36 شخصا، على الأقل", "مقتل 28 من مسلحي التنظيم على الأقل", "قتل
/// شخص على الأقل": "على الأقل" a few words behind a plain count, past its
/// noun phrase or a comma, hedges it, unless another number or casualty
/// word comes first (then it is theirs).
fn hedges_behind(doc: &Doc<'_>, s: &Sentence, cands: &mut [Candidate]) {
    let items = &doc.items;
    let starts: Vec<usize> = s.numbers.iter().map(|&n| doc.number_items[n].0).collect();
    for c in cands.iter_mut() {
        if c.value.is_none() || c.qualifier != CountQualifier::Exact {
            continue;
        }
        for j in c.b..(c.b + HEDGE_WITHIN).min(s.end) {
            let w = items[j].norm;
            if w == "." || w == ";" || starts.contains(&j) || is_casualty_word(s, j) {
                break;
            }
            if w == "على" && j + 1 < s.end && items[j + 1].norm == "الاقل" {
                c.qualifier = CountQualifier::AtLeast;
                break;
            }
        }
    }
}

/// A casualty word (killed or injured) stands at item `i`.
fn is_casualty_word(s: &Sentence, i: usize) -> bool {
    s.cues.iter().any(|c| c.0 == i && matches!(c.2, Cue::Killed | Cue::Injured))
}

/// "… وجندي": one more victim, a singular noun joined by و at item `k`.
fn one_more(doc: &Doc<'_>, k: usize, end: usize) -> Option<Candidate> {
    let items = &doc.items;
    if k >= end || !items[k].norm.starts_with('و') {
        return None;
    }
    let (off, _) = stems(items[k].norm).find(|(off, w)| *off > 0 && has(List::OnePerson, w))?;
    Some(Candidate {
        a: k,
        b: k + 1,
        value: Some(1),
        qualifier: CountQualifier::Exact,
        span: items[k].span_from(off),
        joined: true,
        companions: false,
        rule: SINGULAR_RULE,
    })
}

/// "مقتل شرطي": a singular victim noun right after a casualty word counts
/// one, unless a number already counts there.
fn singular_candidates(doc: &Doc<'_>, s: &Sentence, r: &Reading, cands: &mut Vec<Candidate>) {
    let items = &doc.items;
    for &(c0, c1) in r.cues() {
        let Some(next) = items.get(c1).filter(|_| c1 < s.end) else { continue };
        // A count a few words on makes a definite noun the killer ("قتل
        // المسلح ثلاثة أشخاص"), not the one killed.
        let subject = cands.iter().any(|c| c.a > c1 && c.a <= c1 + SUBJECT_WITHIN);
        // So does a plain count a few words on for an indefinite one ("قتل
        // انتحاري الأحد 8 أشخاص"), unless joined by و or counted by another
        // casualty word ("مقتل شرطي و3 مدنيين", "قتل جندي وأصيب 3").
        let killer = cands.iter().any(|c| {
            c.a > c1 + 1
                && c.a <= c1 + SUBJECT_WITHIN
                && !c.joined
                && !(c1..c.a).any(|j| is_casualty_word(s, j))
        });
        let one = ((stem_in(List::OnePerson, next.norm) || one_national(doc, s, c1)) && !killer)
            || (definite_one_person(next.norm) && !subject)
            || has(List::OnePerson, items[c0].norm);
        let counted = cands.iter().any(|c| c.a <= c1 + 1 && c.b > c1);
        if one && !counted {
            let at = if has(List::OnePerson, items[c0].norm) { c0 } else { c1 };
            let span = items[c0].span.cover(items[at].span);
            cands.push(Candidate {
                a: at,
                b: at + 1,
                value: Some(1),
                qualifier: CountQualifier::Exact,
                span,
                joined: false,
                companions: false,
                rule: SINGULAR_RULE,
            });
            // "مقتل ضابط وجندي": one more, joined by و.
            cands.extend(one_more(doc, at + 1, s.end));
        }
    }
}

/// "قتل فلسطيني", "مقتل إسرائيليين" no: a country's adjective in the
/// singular, standing alone right after a casualty word, is one person of
/// that country (the adjective of a noun follows the noun instead).
fn one_national(doc: &Doc<'_>, s: &Sentence, at: usize) -> bool {
    let w = doc.items[at].norm;
    let singular = (w.ends_with('ي') || w.ends_with("يا")) && !w.starts_with("ال");
    singular
        && s.mentions.iter().any(|m| {
            doc.mention_items[*m].0 == at
                && doc.mention(*m).kind == rasd_lexicon::MentionKind::Demonym
        })
}

/// How far after a definite victim noun a count makes it the killer.
const SUBJECT_WITHIN: usize = 4;

/// "مقتل القيادي", "قتل الصحفي الروسي": a singular noun for one person
/// with the article.
fn definite_one_person(w: &str) -> bool {
    definite_in(List::OnePerson, w)
}

/// A candidate's distance to a casualty word, if within reach. A word after
/// the number that opens a new clause with و ("وجرح ستة") belongs to the
/// next count, so it counts as further away.
fn distance(
    doc: &Doc<'_>,
    s: &Sentence,
    update: bool,
    c: &Candidate,
    cue: (usize, usize),
) -> Option<usize> {
    let items = &doc.items;
    // "إلى 30", "لـ 35" (the ل written apart, its tatweel dropped).
    let rises_to = |a: usize| {
        update
            && a > s.start
            && (items[a - 1].norm == "ل" || stems(items[a - 1].norm).any(|(_, w)| w == "الى"))
    };
    // The noun right after a number is what it counts ("100 مصاب"), before
    // the word right ahead of it ("60 قتيلا وأكثر من 100 مصاب").
    // "قاتلا أحدهم": the victim noun right after the word binds first.
    if cue.1 == c.a && c.rule == SINGULAR_RULE {
        return Some(0);
    }
    if cue.1 <= c.a {
        // "ارتفع عدد القتلى في الهجوم … إلى 30": a rising toll reaches its
        // figure after a longer stretch.
        let window = if rises_to(c.a) { 3 * WINDOW } else { WINDOW };
        (c.a - cue.1 <= window).then_some(c.a - cue.1 + 1)
    } else if cue.0 >= c.b {
        let opens_clause = items[cue.0].norm.starts_with('و');
        // "أسر 4 حوثيين وقتل وجرح عناصر أخرى": a new clause's word that
        // counts others.
        if opens_clause && counts_others(doc, cue.1, s.end) {
            return None;
        }
        let d = cue.0 - c.b;
        let penalty = if opens_clause { 3 } else { 0 };
        (d <= WINDOW).then_some(d + penalty)
    } else {
        Some(0)
    }
}

/// Each candidate's side and casualty word: the nearest pairs first, a word
/// serving one count (or several joined by و after it); then counts joined
/// by و to an assigned one. Also the casualty words used.
fn assign(
    doc: &Doc<'_>,
    s: &Sentence,
    r: &Reading,
    cands: &[Candidate],
) -> (Vec<Option<(Side, usize)>>, Vec<usize>) {
    let mut pairs: Vec<(usize, usize, Side, usize)> = Vec::new();
    for (ci, c) in cands.iter().enumerate() {
        for &cue in &r.killed {
            if let Some(d) = distance(doc, s, r.update, c, cue) {
                pairs.push((d, ci, Side::Killed, cue.0));
            }
        }
        for &cue in &r.injured {
            if let Some(d) = distance(doc, s, r.update, c, cue) {
                pairs.push((d, ci, Side::Injured, cue.0));
            }
        }
    }
    pairs.sort();
    let mut assigned: Vec<Option<(Side, usize)>> = vec![None; cands.len()];
    let mut used: Vec<usize> = Vec::new();
    for &(_, ci, side, cue) in &pairs {
        if assigned[ci].is_some() {
            continue;
        }
        // A casualty word serves one count, or several joined by و after it.
        if used.contains(&cue) && !(cands[ci].joined && cue < cands[ci].a) {
            continue;
        }
        assigned[ci] = Some((side, cue));
        used.push(cue);
    }
    // "مقتل 17 جنديا بينهم 4 ضباط، وأكثر من مائة من المسلحين": a count
    // joined by و to the one before it, with no casualty word between,
    // counts the same side however far it stands from the word.
    for ci in 1..cands.len() {
        let c = &cands[ci];
        if assigned[ci].is_some() || !c.joined || c.value.is_none() {
            continue;
        }
        let Some(pi) = (0..ci).rev().find(|p| assigned[*p].is_some()) else { continue };
        let prev = &cands[pi];
        let cue_between = r.cues().any(|&(c0, _)| c0 >= prev.b && c0 < c.a);
        if !cue_between {
            assigned[ci] = assigned[pi];
        }
    }
    // "مقتل مبخوت سلامة، مساعد قائد الأمن، إلى جانب 17 من مرافقيه": the
    // companions of a man killed count the dead, however far the word.
    for ci in 0..cands.len() {
        let c = &cands[ci];
        if assigned[ci].is_some() || !c.companions {
            continue;
        }
        let Some(&(k0, _)) = r.killed.iter().rev().find(|k| k.1 <= c.a) else { continue };
        if !r.injured.iter().any(|i| i.0 > k0 && i.0 < c.a) {
            assigned[ci] = Some((Side::Killed, k0));
        }
    }
    (assigned, used)
}

/// The facts of the assigned candidates: a part of the casualties, the
/// attackers counted, or killed and injured counted together.
fn counted_facts(
    doc: &Doc<'_>,
    s: &Sentence,
    r: &Reading,
    cands: &[Candidate],
    assigned: &[Option<(Side, usize)>],
    used: &mut Vec<usize>,
) -> Vec<Fact> {
    let items = &doc.items;
    let mut out: Vec<Fact> = Vec::new();
    for (ci, c) in cands.iter().enumerate() {
        let Some((side, cue)) = assigned[ci] else { continue };
        // "32 من الجرحى ما زالوا في المستشفيات": a part of the casualties.
        let partitive =
            c.b + 1 < s.end && items[c.b].norm == "من" && r.cues().any(|&(c0, _)| c0 == c.b + 1);
        let subset = partitive || r.subset_at.iter().any(|e| *e <= c.a && c.a - e <= 1);
        // "بينهم خمسة انتحاريين": the attackers are already in the total.
        // "وتمكنت الشرطة من قتل المنفذ": the one attacker, counted one.
        let lone = c.rule == SINGULAR_RULE && is_lone_attacker(items[c.a].norm);
        let attackers = !subset && (lone || counts_attackers(doc, c.b, s.end));
        let with_attackers = r.subset_at.iter().any(|e| {
            *e > c.b && *e <= c.b + 3 && (*e..(*e + 3).min(s.end)).any(|j| is_attacker_noun(doc, j))
        });
        let fact = |side, value, qualifier, cue: usize, rule| {
            let earlier = earlier_report(doc, s, c.a.min(cue));
            Fact {
                side,
                value,
                qualifier,
                at: c.a.min(cue),
                span: c.span,
                // "أشارت حصيلة أولية إلى سقوط قتيل واحد لكنها ارتفعت": the
                // rise is told of the figure after it, not of this one.
                update: r.update && !earlier,
                subset,
                attackers,
                with_attackers,
                propaganda: r.propaganda,
                earlier,
                rule,
            }
        };
        // "مقتل وإصابة 10", "60 بين قتيل وجريح": the other side's word right
        // beside this one, on the same side of the number, with no number after.
        let other: &[(usize, usize)] = if side == Side::Killed { &r.injured } else { &r.killed };
        // "لقي 13 مسلحا مصرعهم وجرح آخرون": the others were hurt apart.
        let pair = other.iter().find(|o| {
            o.0.abs_diff(cue) <= 2
                && ((o.0 < c.a && cue < c.a) || (o.0 >= c.b && cue >= c.b))
                && !counts_others(doc, o.1, s.end)
        });
        let another_after = pair.is_some_and(|o| {
            let last = o.0.max(cue);
            cands.iter().any(|x| x.a > last && x.a <= last + 3)
        });
        if let (Some(o), false) = (pair, another_after)
            && (!used.contains(&o.0) || o.0 < c.a)
        {
            out.push(fact(
                Side::Killed,
                None,
                CountQualifier::Vague,
                cue.min(o.0),
                "killed and injured counted together",
            ));
            out.push(fact(
                Side::Injured,
                None,
                CountQualifier::Vague,
                cue.max(o.0),
                "killed and injured counted together",
            ));
            used.push(o.0);
            continue;
        }
        // "قتل القيادي مع 3 من مرافقيه", "أصيب مع 3 من مرافقيه": the man
        // and his companions.
        if c.companions {
            let value = c.value.map(|v| v + 1);
            out.push(fact(side, value, c.qualifier, cue, COMPANIONS_RULE));
            continue;
        }
        out.push(fact(side, c.value, c.qualifier, cue, c.rule));
    }
    out
}

const COMPANIONS_RULE: &str = "a man with a count of his companions";

/// How many words before a figure an earlier report of the toll may stand
/// ("بعدما كانت حصيلة سابقة صادرة عن الشرطة المحلية أفادت بمقتل ثلاثة").
const EARLIER_WITHIN: usize = 8;

/// The figure at item `at` is told as an earlier report of the toll: a
/// report's noun and a mark of being earlier ("حصيلة أولية", "حصيلة
/// سابقة", "في وقت سابق") a few words before it in its sentence.
fn earlier_report(doc: &Doc<'_>, s: &Sentence, at: usize) -> bool {
    let items = &doc.items;
    (at.saturating_sub(EARLIER_WITHIN).max(s.start + 1)..at).any(|i| {
        stem_in(List::EarlierMarks, items[i].norm) && stem_in(List::TollReports, items[i - 1].norm)
    })
}

/// How many words may stand between a count and "من مرافقيه" ("17 شخصا
/// من مرافقيه").
const COMPANIONS_WITHIN: usize = 2;

/// "قتل القيادي مع 3 من مرافقيه", "مقتل القيادي … و7 من مرافقيه", "إلى
/// جانب 17 شخصا من مرافقيه": a count of a man's companions (a word of the
/// list `companions`, with his pronoun) joined to him by مع, و or "إلى
/// جانب" (items `a..b` the count) counts them, and he was killed or hurt
/// with them: one more. Not a count with no joiner ("قتل المسلحون 3 من
/// مرافقيه": he was not among them).
fn with_his_companions(doc: &Doc<'_>, s: &Sentence, a: usize, b: usize, joined: bool) -> bool {
    let items = &doc.items;
    let word = |i: usize, w: &str| i >= s.start && i < s.end && items[i].norm == w;
    let joined = joined || (a > 0 && (word(a - 1, "مع") || word(a - 1, "جانب")));
    joined
        && (b..(b + COMPANIONS_WITHIN + 1).min(s.end))
            .any(|j| word(j, "من") && j + 1 < s.end && stem_in(List::Companions, items[j + 1].norm))
}

/// Casualty nouns with no number: "قتلى وجرحى" (vague), where no count
/// used the word or stands near it.
fn bare_plurals(doc: &Doc<'_>, r: &Reading, used: &[usize], out: &mut Vec<Fact>) {
    let items = &doc.items;
    for (cues, side) in [(&r.killed, Side::Killed), (&r.injured, Side::Injured)] {
        for &(c0, c1) in cues {
            if used.contains(&c0)
                || out.iter().any(|f| f.side == side && f.at.abs_diff(c0) <= WINDOW)
            {
                continue;
            }
            let plural_noun = has(List::CasualtyPlurals, items[c0].norm);
            if !plural_noun {
                continue;
            }
            let span = Span { start: items[c0].span.start, end: items[c1 - 1].span.end };
            out.push(Fact {
                side,
                value: None,
                qualifier: CountQualifier::Vague,
                at: c0,
                span,
                update: r.update,
                subset: false,
                attackers: false,
                with_attackers: false,
                propaganda: r.propaganda,
                earlier: false,
                rule: "casualty noun with no number",
            });
        }
    }
}

const DENIED_RULE: &str = "a denied casualty word counts zero";

/// "دون وقوع إصابات", "لم يسفر عن سقوط ضحايا", "دون خسائر بشرية": a denied
/// casualty word is a count of zero ("no one was hurt"); a word for the dead
/// and the hurt alike makes both zero.
fn denied_counts(
    doc: &Doc<'_>,
    s: &Sentence,
    killed: &[(usize, usize)],
    injured: &[(usize, usize)],
) -> Vec<Fact> {
    let items = &doc.items;
    let is_in = |i: usize, l: List| stem_in(l, items[i].norm);
    let mut out = Vec::new();
    let zero = |side, at: usize, span: Span| Fact {
        side,
        value: Some(0),
        qualifier: CountQualifier::Exact,
        at,
        span,
        update: false,
        subset: false,
        attackers: false,
        with_attackers: false,
        propaganda: false,
        earlier: false,
        rule: DENIED_RULE,
    };
    for i in s.start..s.end {
        // "اقتصرت الأضرار على الماديات": the harm was material only.
        if is_in(i, List::Limiters)
            && let Some(k) = (i + 1..(i + 5).min(s.end)).find(|&j| is_in(j, List::MaterialOnly))
        {
            let span = items[i].span.cover(items[k].span);
            out.extend([Side::Killed, Side::Injured].map(|side| zero(side, k, span)));
            continue;
        }
        // "نفت وزارة الصحة وقوع أي إصابات": a denial verb reaches across its
        // subject to the occurrence it denies; the walk below starts there.
        let from = if is_in(i, List::DenyVerbs) {
            match (i + 1..(i + 6).min(s.end)).find(|&j| is_in(j, List::Occurrence)) {
                Some(j) => j - 1,
                None => continue,
            }
        } else if is_in(i, List::Negators) {
            i
        } else {
            continue;
        };
        // Fillers, and at most one other word before a filler ("لم يسفر
        // الانفجار عن"): the denied word is the first that is neither.
        let mut gap = false;
        let Some(k) = (from + 1..(from + 10).min(s.end)).find(|&j| {
            if is_in(j, List::DenialFillers) {
                return false;
            }
            let skip = !gap && j + 1 < s.end && is_in(j + 1, List::DenialFillers);
            gap |= skip;
            !skip
        }) else {
            continue;
        };
        let losses = matches!(items[k].norm, "خسائر" | "الخسائر");
        // "خسائر في الأرواح": losses of lives are the dead alone.
        let lives = losses
            && items.get(k + 1).is_some_and(|n| n.norm == "في")
            && k + 2 < s.end
            && is_in(k + 2, List::Lives);
        let any = is_in(k, List::AnyCasualty)
            && (!losses || items.get(k + 1).is_some_and(|n| n.norm == "بشرية"));
        let is_killed = lives || killed.iter().any(|c| c.0 == k);
        let is_injured = injured.iter().any(|c| c.0 == k);
        let sides: &[Side] = match (any, is_killed, is_injured) {
            (true, _, _) => &[Side::Killed, Side::Injured],
            (false, true, _) => &[Side::Killed],
            (false, false, true) => &[Side::Injured],
            _ => &[],
        };
        let span = items[i].span.cover(items[k].span);
        out.extend(sides.iter().map(|&side| zero(side, k, span)));
    }
    out
}

/// A toll given by the perpetrator's own media ("وكالة أعماق", "قالت
/// الحركة"), which an official or independent figure outranks.
/// "وأضافت أن التفجير أسفر عن مقتل 200": a sentence that goes on with the
/// last speaker's words, with no new speaker named.
fn continues_speech(doc: &Doc<'_>, s: &Sentence) -> bool {
    let first = |i: usize| i < s.end && stem_in(List::GoesOn, doc.items[i].norm);
    let then_that = |i: usize| i < s.end && matches!(doc.items[i].norm, "ان" | "بان" | ":" | "\"");
    (first(s.start) && then_that(s.start + 1))
        || (doc.items[s.start].norm == "و" && first(s.start + 1) && then_that(s.start + 2))
}

fn is_propaganda(doc: &Doc<'_>, s: &Sentence) -> bool {
    if continues_speech(doc, s)
        && let Some(k) = doc.sentences.iter().position(|x| x.start == s.start)
        && k > 0
        && doc.sentences[k - 1].paragraph == s.paragraph
        && said_by_group(doc, &doc.sentences[k - 1])
    {
        return true;
    }
    said_by_group(doc, s)
}

fn said_by_group(doc: &Doc<'_>, s: &Sentence) -> bool {
    let says = |i: usize| stem_in(List::GroupSays, doc.items[i].norm);
    s.mentions.iter().any(|m| {
        let mention = doc.mention(*m);
        let (a, b) = doc.mention_items[*m];
        match mention.entity() {
            rasd_lexicon::Entity::Org(_) => mention.surface.contains("اعماق"),
            // "طالبان قالت", "قالت طالبان إن 18 جنديا قتلوا".
            rasd_lexicon::Entity::Group(_) => {
                (b..(b + 2).min(s.end)).any(says) || (a.saturating_sub(2).max(s.start)..a).any(says)
            }
            _ => false,
        }
    }) || (s.start..s.end).any(|i| {
        let w = doc.items[i].norm;
        (w == "الحركة" || w == "التنظيم" || w == "الجماعة") && i > s.start && says(i - 1)
    }) || (s.start..s.end).any(|i| {
        // "وكالة "أعماق"": the quotes keep the agency's full name from matching.
        stems(doc.items[i].norm).any(|(_, w)| w == "اعماق")
    })
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
                // "مقتل القيادي وأربعة من مرافقيه": the man is the part
                // before; his companions add only themselves.
                let men = u32::from(f.rule == COMPANIONS_RULE);
                let part = f.value.unwrap_or(0).saturating_sub(men);
                prev.value = Some(prev.value.unwrap_or(0) + part);
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

/// True when only a noun phrase and و stand between two counts, the و
/// written alone, on the last word between, or on the second count's own
/// word when that is a dual of people ("15 طفلا وامرأتان"; not "من أسرة
/// واحدة", whose و is the number's own letter), and no day stands between
/// them (the dead of two days).
fn joined_by_and(doc: &Doc<'_>, from: u32, to: u32) -> bool {
    let between = &doc.text[from as usize..to as usize];
    let words: Vec<&str> = between.split_whitespace().collect();
    if words.len() > 6 || between.contains(['،', ',', '.']) {
        return false;
    }
    // "قتل فيها 24 من القوات الخميس وأربعة آخرون الجمعة": a day between
    // the counts tells them apart, the dead of two days.
    if doc.analysis.dates.iter().any(|d| d.span.start >= from && d.span.end <= to) {
        return false;
    }
    let at = doc.items.partition_point(|it| it.span.start < to);
    let dual_with_and = doc.items.get(at).is_some_and(|it| {
        it.span.start == to
            && stems(it.norm).any(|(off, w)| off > 0 && rasd_text::number::is_person_dual(w))
    });
    words.last().is_some_and(|w| *w == "و" || w.starts_with('و'))
        || between.trim_end().ends_with('و')
        || dual_with_and
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

/// A singular noun for the one who carried out the attack, with or
/// without the article ("المهاجم", "منفذ").
pub(crate) fn is_lone_attacker(w: &str) -> bool {
    stem_in(List::LoneAttackers, w) || definite_in(List::LoneAttackers, w)
}

/// How many words after a figure name the people it counts.
const PEOPLE_WITHIN: usize = 4;

/// The words naming the people a fact counts, as keys: the words of its
/// figure and the few after it up to a cue or a preposition, without the
/// article, clitics, number words and the nouns any armed men are counted
/// by ("عناصر", "مسلحين").
fn people_keys(doc: &Doc<'_>, f: &Fact) -> Vec<String> {
    let items = &doc.items;
    let first = items.partition_point(|it| it.span.start < f.span.start);
    let last = items.partition_point(|it| it.span.start < f.span.end);
    let Some(sentence) = doc.sentences.get(doc.sentences.partition_point(|s| s.end <= first))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (j, it) in items.iter().enumerate().take(last + PEOPLE_WITHIN).skip(first) {
        if j >= sentence.end || matches!(it.norm, "." | "،" | "," | ";") {
            break;
        }
        // The noun phrase ends at a cue ("قتلوا", "قالت") or a preposition
        // ("في هجوم", "خلال المعارك"): the words after tell the event.
        if sentence.cues.iter().any(|c| c.0 <= j && j < c.1) {
            if j >= last {
                break;
            }
            continue;
        }
        if j >= last && has(List::PhraseEnds, it.norm) {
            break;
        }
        // A number word names no one ("أربعة" both times is the figure).
        let in_number = doc
            .analysis
            .numbers
            .iter()
            .any(|n| n.core.start <= it.span.start && it.span.start < n.core.end);
        let w = stems(it.norm).last().map(|(_, w)| w).unwrap_or(it.norm);
        let w = w.strip_prefix("ال").unwrap_or(w);
        if in_number
            || w.chars().count() < 4
            || stem_in(List::Attackers, it.norm)
            || has(List::Members, w)
            || stem_in(List::Others, it.norm)
        {
            continue;
        }
        out.push(w.chars().take(4).collect());
    }
    out
}

/// True when two facts name the same people: "22 من المسلحين الحوثيين"
/// and "13 من الحوثيين و9 من القوات", "8 من عناصر مليشيات الحوثي" and
/// "ثمانية من المليشيات". A figure of the attackers equal to the victims'
/// and naming the same people is them told again, not more dead.
pub(crate) fn same_people(doc: &Doc<'_>, a: &Fact, b: &Fact) -> bool {
    let ka = people_keys(doc, a);
    people_keys(doc, b).iter().any(|k| ka.contains(k))
}

fn is_attacker_noun(doc: &Doc<'_>, j: usize) -> bool {
    stem_in(List::Attackers, doc.items[j].norm)
}

/// True when the words after a number (up to "من X") name the attackers.
/// Whether a word for other people ("آخرون", "أخرى") follows a casualty
/// word within a few words: "وجرح آخرون" counts others than the number
/// before it.
fn counts_others(doc: &Doc<'_>, after: usize, end: usize) -> bool {
    (after..(after + OTHERS_WITHIN).min(end)).any(|j| stem_in(List::Others, doc.items[j].norm))
}

fn counts_attackers(doc: &Doc<'_>, b: usize, end: usize) -> bool {
    let items = &doc.items;
    let mut j = b;
    // "أكثر من مائة فرد من العناصر الإرهابية".
    if j + 1 < end
        && has(List::Members, items[j].norm)
        && stems(items[j + 1].norm).any(|(_, w)| w == "من")
    {
        j += 1;
    }
    if j < end && stems(items[j].norm).any(|(_, w)| w == "من") {
        j += 1;
    }
    j < end
        && stem_in(List::Attackers, items[j].norm)
        // "8 من عناصر الحرس الثوري": members of a state force are victims;
        // so are gunmen loyal to a government ("45 مسلحا مواليا للنظام"),
        // and members "من" a force ("ستة عناصر من قوات مكافحة الإرهاب").
        && !(j + 1 < end
            && stems(items[j + 1].norm).any(|(_, w)| {
                has(List::StateForces, w) || has(List::Allegiance, w)
            }))
        && !(j + 2 < end
            && stems(items[j + 1].norm).any(|(_, w)| w == "من")
            && stems(items[j + 2].norm).any(|(_, w)| has(List::StateForces, w)))
}

/// Whether a figure counts over a period ("منذ 2011", "خلال الشهر"): one of
/// the few words before it in its sentence opens the period.
pub(crate) fn running_total(doc: &Doc<'_>, f: &Fact) -> bool {
    let si = doc.sentences.partition_point(|s| s.end <= f.at);
    let start = doc.sentences.get(si).map_or(0, |s| s.start);
    (f.at.saturating_sub(6).max(start)..f.at).any(|i| stem_in(List::Period, doc.items[i].norm))
}
