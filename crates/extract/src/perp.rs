//! Who did it, and how the article ties them to it: a claim, an
//! attribution, or a suspicion; or a denial, which removes them.

use rasd_core::{Span, Status};
use rasd_lexicon::{Entity, Lexicon, MentionKind};
use rasd_text::item::stems;

use crate::annotate::{Doc, Sentence, Trigger};
use crate::lists::{List, definite_in, has, stem_in, words};
use crate::words::Cue;

/// A group or actor tied to the events of a sentence.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub(crate) entity: Entity,
    /// The name as the article writes it (match form).
    pub(crate) surface: String,
    pub(crate) status: Status,
    /// The item where the name stands.
    pub(crate) at: usize,
    /// The item where the cue ends (the claim, the attack verb).
    pub(crate) cue_end: usize,
    /// The name and the cue.
    pub(crate) span: Span,
    pub(crate) rule: &'static str,
    /// Read by a late rule: it names the event's author when no other rule
    /// does, and the learned decisions do not see it (see [`late_tie`]).
    pub(crate) late: bool,
}

/// What a sentence says about perpetrators.
#[derive(Default)]
pub(crate) struct Perps {
    pub(crate) hits: Vec<Hit>,
    pub(crate) denied: Vec<Entity>,
}

/// How far (in items) a cue may stand from the name it qualifies.
const CLAIM_WINDOW: usize = 7;
const SUSPICION_WINDOW: usize = 10;
const ATTRIBUTION_WINDOW: usize = 5;
const DENIAL_WINDOW: usize = 14;

pub(crate) fn is_armed_group(lex: &Lexicon, e: Entity) -> bool {
    match e {
        Entity::Group(_) => true,
        Entity::Actor(a) => !lex.actors[a as usize].kind.is_empty(),
        _ => false,
    }
}

/// How far before the gunfire the attackers may stand as the ones shot.
const ATTACKERS_SHOT_WINDOW: usize = 6;

/// How far after the name the attack may be told.
const FIGHTERS_WINDOW: usize = 8;

/// State forces take part in air strikes, shelling and clashes; in a
/// bombing or a shooting they are almost always the target.
fn is_state(e: Entity) -> bool {
    matches!(e, Entity::Actor(_))
}

/// Who the sentence ties to its events: each armed group or actor named
/// (or referred back to) is denied, tied by a cue or by its place, or left.
pub(crate) fn find(
    doc: &Doc<'_>,
    lex: &Lexicon,
    s: &Sentence,
    last_group: &mut Option<(Entity, String)>,
) -> Perps {
    let mut out = Perps::default();
    let names = names_in(doc, lex, s, last_group);
    let x = Context::new(doc, s);
    for n in names {
        if matches!(n.entity, Entity::Group(_)) {
            *last_group = Some((n.entity, n.surface.clone()));
        }
        if denies(&x, n.b) {
            out.denied.push(n.entity);
            continue;
        }
        if let Some(hit) = tie(&x, &n).or_else(|| late_tie(&x, &n)) {
            out.hits.push(hit);
        }
    }
    strike_adjectives(doc, lex, s, &mut out);
    late_states(doc, lex, s, &mut out);
    out
}

/// An armed group or actor named in a sentence.
struct Name {
    /// Its items.
    a: usize,
    b: usize,
    entity: Entity,
    surface: String,
    span: Span,
}

impl Name {
    fn hit(&self, status: Status, cue_end: usize, span: Span, rule: &'static str) -> Hit {
        Hit {
            entity: self.entity,
            surface: self.surface.clone(),
            status,
            at: self.a,
            cue_end,
            span,
            rule,
            late: false,
        }
    }
}

/// The names in the sentence, and back-references to the last group named,
/// in text order.
fn names_in(
    doc: &Doc<'_>,
    lex: &Lexicon,
    s: &Sentence,
    last_group: &Option<(Entity, String)>,
) -> Vec<Name> {
    let items = &doc.items;
    let mut names: Vec<Name> = Vec::new();
    for &m in &s.mentions {
        let mention = doc.mention(m);
        if matches!(mention.kind, MentionKind::Group | MentionKind::Actor)
            && is_armed_group(lex, mention.entity())
        {
            let (a, b) = doc.mention_items[m];
            names.push(Name {
                a,
                b,
                entity: mention.entity(),
                surface: mention.surface.clone(),
                span: mention.span,
            });
        }
    }
    for (i, item) in items.iter().enumerate().take(s.end).skip(s.start) {
        if stem_in(List::BackReferences, item.norm)
            && !names.iter().any(|n| n.a <= i && i < n.b)
            && let Some((e, surface)) = last_group.clone()
        {
            names.push(Name { a: i, b: i + 1, entity: e, surface, span: item.span });
        }
    }
    names.sort_by_key(|n| n.a);
    names
}

/// What a sentence says that every name in it is judged against.
struct Context<'s, 'd, 't> {
    doc: &'d Doc<'t>,
    s: &'s Sentence,
    air_or_shelling: bool,
    clash: bool,
    /// Where each "no one claimed" cue ends.
    no_claim_ends: Vec<usize>,
}

impl<'s, 'd, 't> Context<'s, 'd, 't> {
    fn new(doc: &'d Doc<'t>, s: &'s Sentence) -> Self {
        let air_or_shelling = s.triggers.iter().any(|t| {
            matches!(t.info.ty, rasd_core::EventType::AirStrike | rasd_core::EventType::Shelling)
        });
        let clash = s.triggers.iter().any(|t| t.info.ty == rasd_core::EventType::ArmedClash);
        // "لم تعلن أي جهة مسؤوليتها": the claim word inside is no claim.
        let no_claim_ends: Vec<usize> =
            s.cues.iter().filter(|c| c.2 == Cue::NoClaim).map(|c| c.1).collect();
        Context { doc, s, air_or_shelling, clash, no_claim_ends }
    }

    /// The nearest cue of a kind within `window` items before or after the
    /// name at `a..b`, with claims that a negation or an ideology voids left out.
    fn near(&self, cue: Cue, a: usize, b: usize, window: usize) -> Option<(usize, usize)> {
        let items = &self.doc.items;
        self.s
            .cues
            .iter()
            .filter(|c| c.2 == cue)
            .filter(|c| {
                cue != Cue::Claim || !self.no_claim_ends.iter().any(|e| c.0 >= *e && c.0 - e <= 6)
            })
            // "لكن الجماعة لم تتبن ذلك الهجوم": a claim denied by a negation.
            .filter(|c| {
                cue != Cue::Claim || c.0 == 0 || !has(List::VerbNegators, items[c.0 - 1].norm)
            })
            // "يتبنى فكر التنظيم": adopting a group's ideas is no claim.
            .filter(|c| {
                cue != Cue::Claim || !items.get(c.1).is_some_and(|i| has(List::Ideology, i.norm))
            })
            .filter(|c| (c.1 <= a && a - c.1 <= window) || (c.0 >= b && c.0 - b <= window))
            .min_by_key(|c| if c.1 <= a { a - c.1 } else { c.0 - b })
            .map(|c| (c.0, c.1))
    }
}

/// A denial by the group: the denial word soon after its name (ending at
/// `b`), with no other subject between ("نفت السلطات" is the authorities').
fn denies(x: &Context<'_, '_, '_>, b: usize) -> bool {
    let (doc, s) = (x.doc, x.s);
    s.cues.iter().any(|c| {
        c.2 == Cue::Denial
            && c.0 >= b
            && c.0 - b <= DENIAL_WINDOW
            && !s.mentions.iter().any(|m| {
                let at = doc.mention_items[*m].0;
                at >= b && at < c.0
            })
            && !(c.0.saturating_sub(2)..c.0)
                .any(|i| stem_in(List::OtherSubjects, doc.items[i].norm))
    })
}

/// How the sentence ties a name to its events: a claim first; none for a
/// name the sentence makes the target; then a cue, then its place.
fn tie(x: &Context<'_, '_, '_>, n: &Name) -> Option<Hit> {
    if let Some(hit) = claimed(x, n) {
        return Some(hit);
    }
    if let Some(hit) = fired(x, n) {
        return Some(hit);
    }
    if let Some(hit) = killer(x, n) {
        return Some(hit);
    }
    if is_victim(x.s, n.a) {
        return None;
    }
    cued(x, n).or_else(|| placed(x, n))
}

/// "قتل فلسطينيان برصاص قناصة الجيش", "أصيب بنيران الشرطة": the force
/// named right after the gunfire (or after the men who fired it) fired it,
/// a state's as well as a group's; the victims before it are not its own.
fn fired(x: &Context<'_, '_, '_>, n: &Name) -> Option<Hit> {
    let items = &x.doc.items;
    let t = x.s.triggers.iter().find(|t| {
        gunfire(x.doc, t)
            && (t.end == n.a || t.end + 1 == n.a && has(List::Shooters, items[t.end].norm))
    })?;
    // "قتل المهاجمون برصاص قوات الأمن": the attackers shot dead by the
    // force they attacked; the force is no author of the attack.
    let from = t.at.saturating_sub(ATTACKERS_SHOT_WINDOW).max(x.s.start);
    if x.doc.has_word(from, t.at, List::Attackers) {
        return None;
    }
    let span = n.span.cover(items[t.at].span);
    Some(n.hit(Status::Attributed, n.a, span, "the force that fired"))
}

/// "قتلت القوات الإسرائيلية 19 فلسطينيا", "قتل الجيش يوم الجمعة 16
/// شخصا", "الجيش الوطني قتل 30 حوثيا": a force right after the kill verb,
/// or right before an active one (list `kill_verbs`; its epithets and a
/// comma may stand between, list `epithets`), and followed, within
/// a few words, by a count of people is the verb's subject, so it killed
/// them (a force that was killed has no object after it); unless the people
/// it killed were the attackers.
fn killer(x: &Context<'_, '_, '_>, n: &Name) -> Option<Hit> {
    let doc = x.doc;
    let c = x.s.cues.iter().find(|c| {
        c.2 == Cue::Killed
            && c.1 - c.0 == 1
            && (c.1 == n.a || epithets_only(doc, n.b, c.0) && is_kill_verb(doc.items[c.0].norm))
    })?;
    // The object follows the name and the verb, whichever comes last.
    let from = n.b.max(c.1);
    let object = doc
        .number_items
        .iter()
        .find(|&&(a, _)| a >= from && a - from <= KILLER_OBJECT_WINDOW && a < x.s.end)
        .map(|&(a, _)| a);
    // After the name the verb may be passive ("أحد رجال الشرطة قتل وأصيب
    // خمسة آخرون"), or tell of a stretch of time ("قتلت في السنتين
    // الماضيتين عشرات"): there the count must follow the verb at once.
    let object = object.filter(|&a| c.1 == n.a || a == c.1).is_some();
    // "قتلت القوات الأمنية المهاجمين الأربعة", "قتلت الشرطة المهاجم بعد
    // أن طعن ثلاثة": the force that killed the attackers is no author of
    // their attack.
    let upto = (from + KILLER_OBJECT_WINDOW + 1).min(x.s.end);
    if !object
        || doc.has_word(from, upto, List::Attackers)
        || (from..upto).any(|i| crate::casualty::is_lone_attacker(doc.items[i].norm))
        || !is_state(n.entity) && !matches!(n.entity, Entity::Group(_))
    {
        return None;
    }
    let span = n.span.cover(doc.items[c.0].span);
    Some(n.hit(Status::Attributed, n.b, span, "the force that killed them"))
}

/// The most epithets and marks between a force's name and its kill verb.
const EPITHET_GAP: usize = 2;

/// Whether the items from `b` up to `v` are none, or only epithets of the
/// name and punctuation ("داعش الإرهابي، قتلوا").
fn epithets_only(doc: &Doc<'_>, b: usize, v: usize) -> bool {
    v >= b
        && v - b <= EPITHET_GAP
        && (b..v).all(|i| doc.items[i].is_punct() || has(List::Epithets, doc.items[i].norm))
}

/// An active verb of killing, bare or after و/ف ("وقتلت"); not a verbal
/// noun after a preposition ("اتهم الجيش بقتل سبعة"), which tells of an
/// accusation.
fn is_kill_verb(w: &str) -> bool {
    let verbs = words(List::KillVerbs);
    verbs.contains(&w) || w.strip_prefix(['و', 'ف']).is_some_and(|v| verbs.contains(&v))
}

/// How far after the force the count of the people it killed may stand.
const KILLER_OBJECT_WINDOW: usize = 4;

/// The name right after a word that makes it the target.
pub(crate) fn is_victim(s: &Sentence, a: usize) -> bool {
    s.cues.iter().any(|c| c.2 == Cue::Victim && c.1 <= a && a - c.1 <= 1)
        || s.cues.iter().any(|c| c.2 == Cue::Killed && c.1 <= a && a - c.1 <= 3)
}

/// A claim of responsibility near the name, by a group not accused of it.
fn claimed(x: &Context<'_, '_, '_>, n: &Name) -> Option<Hit> {
    let (items, s, a) = (&x.doc.items, x.s, n.a);
    // "أعلنت X، وهي جماعة …، مسؤوليتها": after a claim verb the claim may come later.
    let claim_verb = a > s.start && stem_in(List::ClaimVerbs, items[a - 1].norm);
    let claim_window = if claim_verb { 3 * CLAIM_WINDOW } else { CLAIM_WINDOW };
    // "اتهمت الحكومة حركة الشباب بالمسؤولية": accused of it, not claiming it.
    let accused = s.cues.iter().any(|c| c.2 == Cue::Suspicion && c.1 <= a && a - c.1 <= 3);
    let c = x.near(Cue::Claim, a, n.b, claim_window)?;
    (!is_state(n.entity) && !accused)
        .then(|| n.hit(Status::Claimed, c.1, cue_span(items, n.span, c), "claim of responsibility"))
}

/// The name and the cue's items.
fn cue_span(items: &[rasd_text::item::Item<'_>], span: Span, c: (usize, usize)) -> Span {
    span.cover(items[c.0].span).cover(items[c.1 - 1].span)
}

/// A suspicion or an attribution near the name; a state force only as the
/// attacker of a strike or a clash.
fn cued(x: &Context<'_, '_, '_>, n: &Name) -> Option<Hit> {
    let items = &x.doc.items;
    if let Some(c) =
        x.near(Cue::Suspicion, n.a, n.b, SUSPICION_WINDOW).filter(|_| !is_state(n.entity))
    {
        // "وتتهم الرياض الحوثيين باستخدام الميناء": accused of something
        // that is no attack.
        if other_charge(x, n.b) {
            return None;
        }
        let span = cue_span(items, n.span, c);
        return Some(n.hit(Status::Suspected, c.1, span, "suspected, accused or believed"));
    }
    if let Some(c) = x.near(Cue::Attribution, n.a, n.b, ATTRIBUTION_WINDOW)
        && (!is_state(n.entity) || x.air_or_shelling || x.clash || launched(x, n, c))
    {
        let span = cue_span(items, n.span, c);
        return Some(n.hit(Status::Attributed, c.1, span, "named as the attacker"));
    }
    None
}

/// How far after the force and its verb the attack it launched may be told
/// ("شنت القوات الحكومية السورية هجوما واسعا").
const LAUNCH_WINDOW: usize = 3;

/// "شنت القوات الحكومية هجوما", "قوات الحكومة شنت هجوما بريا": a state's
/// force right beside a verb of launching (the cue `c`, list
/// `launch_verbs`) is its subject, and when the attack is told right after
/// them, the force launched it, whatever its kind. Elsewhere a state's
/// force near an attack is as often its target.
fn launched(x: &Context<'_, '_, '_>, n: &Name, c: (usize, usize)) -> bool {
    let beside = c.1 == n.a || c.0 == n.b;
    let from = n.b.max(c.1);
    beside
        && x.doc.has_word(c.0, c.1, List::LaunchVerbs)
        && x.s.triggers.iter().any(|t| t.at >= from && t.at - from <= LAUNCH_WINDOW)
}

/// The word right after the accused is a charge that is no attack ("ب"
/// and a verbal noun: "باستخدام", "بدعم").
fn other_charge(x: &Context<'_, '_, '_>, b: usize) -> bool {
    let Some(item) = x.doc.items.get(b).filter(|_| b < x.s.end) else { return false };
    item.norm.starts_with('ب')
        && stems(item.norm).any(|(off, w)| off > 0 && has(List::OtherCharges, w))
}

/// The name where the attacker stands: right after the attack, as the
/// subject of a strike, as the group of fighters who attacked, or as a side
/// of a clash.
fn placed(x: &Context<'_, '_, '_>, n: &Name) -> Option<Hit> {
    let (items, s, a, b, entity) = (&x.doc.items, x.s, n.a, n.b, n.entity);
    // "بهجوم لداعش", "غارات التحالف", "هجوم طالبان": the name right after
    // a trigger, or after its means and an agent's "من قبل" ("بقصف من
    // طائرات التحالف", "هجوم من قبل جماعة بوكو حرام").
    let after_trigger = s.triggers.iter().find(|t| {
        (t.end + 1 == a && items[t.end].norm == "مسلح") || author_gap(x.doc, s, t.end, a)
    });
    if let Some(t) = after_trigger {
        let state_ok = matches!(
            t.info.ty,
            rasd_core::EventType::AirStrike
                | rasd_core::EventType::Shelling
                | rasd_core::EventType::ArmedClash
        );
        if !is_state(entity) || state_ok {
            let span = n.span.cover(items[t.at].span);
            return Some(n.hit(Status::Attributed, a, span, "named right after the attack"));
        }
    }
    // "شنت طائرات التحالف غارات": a force as the subject of a strike.
    if is_state(entity)
        && x.air_or_shelling
        && let Some(t) =
            s.triggers.iter().find(|t| t.at >= b && t.at - b <= 3 || (t.end <= a && a - t.end <= 1))
    {
        let span = n.span.cover(items[t.at].span);
        return Some(n.hit(Status::Attributed, a, span, "force carrying out the strike"));
    }
    // "أغلق مقاتلو حزب العمال طريقا وأطلقوا النار": the group's fighters as
    // the subject of the attack told right after.
    let fighters = a > s.start && stem_in(List::Fighters, items[a - 1].norm) && !is_state(entity);
    if fighters
        && let Some(t) =
            s.triggers.iter().find(|t| t.at >= b && t.at - b <= FIGHTERS_WINDOW && t.info.strong)
    {
        let span = items[a - 1].span.cover(items[t.end - 1].span);
        return Some(n.hit(
            Status::Attributed,
            t.end,
            span,
            "the group's fighters as the attackers",
        ));
    }
    // Both sides of a clash; a state force only when it attacked.
    let with = a > s.start && stems(items[a - 1].norm).any(|(_, w)| w == "مع");
    // "وقالت حماس إن فتى قتل في الاشتباكات", "التابعة لحماس إن": the group
    // that tells of the clash is its source, not a side of it.
    let speaks = (a > s.start && stem_in(List::Reporting, items[a - 1].norm))
        || (b < s.end && items[b].norm == "ان");
    // A state's forces are a side only where the clash is said to be with
    // them or between them and another ("مواجهات مع الشرطة", "اشتباكات بين
    // القوات التركية ووحدات"): elsewhere in the sentence they are as often
    // the ones who support, shell or speak.
    let between = a > s.start && stems(items[a - 1].norm).any(|(_, w)| w == "بين");
    if x.clash
        && (if is_state(entity) { with || between } else { !with })
        && !speaks
        && !counted(x, a)
        && let Some(t) = s.triggers.iter().find(|t| t.info.ty == rasd_core::EventType::ArmedClash)
        && a.abs_diff(t.at) <= 12
    {
        let span = n.span.cover(items[t.at].span);
        return Some(n.hit(Status::Attributed, a, span, CLASH_SIDE));
    }
    None
}

/// The rule of a side of a clash, which `build` reads to tell a side
/// from an author.
pub(crate) const CLASH_SIDE: &str = "side of a clash";

/// "قتل أكثر من 20 من ميليشيات الحوثي في مواجهات مع الجيش", "لقي 15
/// حوثيا مصرعهم في معارك": the name at `a` is what a count of people
/// counts (right after the number, or after it, a noun of members and
/// "من"): its men are the dead or the captured of the clash, the side
/// that lost it, and the reports name the side that attacked.
fn counted(x: &Context<'_, '_, '_>, a: usize) -> bool {
    let items = &x.doc.items;
    let partitive = a > x.s.start && items[a - 1].norm == "من";
    x.doc
        .number_items
        .iter()
        .any(|&(_, e)| e <= a && e >= x.s.start && (e == a || partitive && a - e <= COUNTED_GAP))
}

/// The most words from the end of a count to the name it counts ("20
/// عنصرا من ميليشيات").
const COUNTED_GAP: usize = 3;

/// The most words between an attack and its author ("بقصف من طائرات
/// تحالف").
const AUTHOR_GAP: usize = 4;

/// Whether the words from `from` to the name at `a` leave the name the
/// author of the attack that ends at `from`: none, or only words of its
/// means ("جوية", "لطائرات") and of an agent ("من قبل").
fn author_gap(doc: &Doc<'_>, s: &Sentence, from: usize, a: usize) -> bool {
    a >= from
        && a - from <= AUTHOR_GAP
        && (from..a).all(|i| is_means(s, i) || has(List::AgentWords, doc.items[i].norm))
}

/// Whether a trigger is gunfire ("برصاص", "بنيران"): a shooting whose
/// means is named, so that the force named after it fired.
fn gunfire(doc: &Doc<'_>, t: &Trigger) -> bool {
    t.info.ty == rasd_core::EventType::ArmedAssault && doc.has_word(t.at, t.end, List::Gunfire)
}

/// "غارة إسرائيلية", "قصف مدفعي تركي", "غارات جوية لطائرات روسية": a strike
/// and, after it with only words of its means between, the adjective of the
/// state that carried it out. That state's forces are named as the author.
fn strike_adjectives(doc: &Doc<'_>, lex: &Lexicon, s: &Sentence, out: &mut Perps) {
    government_strikes(doc, lex, s, out);
    state_subjects(doc, lex, s, out);
    for &m in &s.mentions {
        let mention = doc.mention(m);
        let Entity::Demonym(dm) = mention.entity() else { continue };
        let (a, b) = doc.mention_items[m];
        // "بالرصاص الإسرائيلي": gunfire and the state that fired it.
        let Some(t) = s
            .triggers
            .iter()
            .find(|t| takes_author_adjective(doc, t) && t.end <= a && a - t.end <= AUTHOR_GAP)
        else {
            continue;
        };
        // "قصف جوي من قبل مقاتلات روسية": its means and an agent's words between.
        if !author_gap(doc, s, t.end, a) || destroyed(doc, s, t) {
            continue;
        }
        let code = &lex.demonyms[dm as usize].code;
        let span = doc.items[t.at].span.cover(mention.span);
        let rule = "the state named by the adjective of the strike or the gunfire";
        push_state_force(lex, out, code, t, (mention, a, b), span, rule);
    }
}

/// How far before the missiles a word may make them what was destroyed
/// ("تدمير عدد ضخم من الصواريخ").
const DESTROYED_WINDOW: usize = 4;

/// "أسفرت عن تدمير عدد من الصواريخ الإيرانية", "استهدفت مخازن صواريخ
/// إيرانية": the missiles or aircraft of trigger `t` are what a strike
/// destroyed or hit (list `destroyed_weapons` just before them), so the
/// state of their adjective is its target, not its author.
fn destroyed(doc: &Doc<'_>, s: &Sentence, t: &Trigger) -> bool {
    let from = t.at.saturating_sub(DESTROYED_WINDOW).max(s.start);
    doc.has_word(from, t.at, List::DestroyedWeapons)
}

/// Names a state's forces (its air force for an air strike, else its army)
/// as the attributed author of trigger `t`, unless they are named or denied
/// already; `named` is the mention that names the state and its items.
fn push_state_force(
    lex: &Lexicon,
    out: &mut Perps,
    code: &str,
    t: &Trigger,
    named: (&rasd_lexicon::EntityMention, usize, usize),
    span: Span,
    rule: &'static str,
) {
    let air = t.info.ty == rasd_core::EventType::AirStrike;
    push_state(lex, out, code, air, named, span, (rule, Status::Attributed, false));
}

/// Names a state's forces (its air force when `air`, else its army) with
/// the rule, status and lateness of `how`, unless they are named or denied
/// already.
fn push_state(
    lex: &Lexicon,
    out: &mut Perps,
    code: &str,
    air: bool,
    named: (&rasd_lexicon::EntityMention, usize, usize),
    span: Span,
    how: (&'static str, Status, bool),
) {
    let head = if air { "air-force" } else { "army" };
    let id = format!("{head}:{code}");
    let Some(entity) = lex.actor_by_id(&id) else { return };
    let (rule, status, late) = how;
    // A late reading never stands in the way of another rule's.
    if out.hits.iter().any(|h| h.entity == entity && (late || !h.late))
        || out.denied.contains(&entity)
    {
        return;
    }
    let (mention, at, cue_end) = named;
    let surface = mention.surface.clone();
    out.hits.push(Hit { entity, surface, status, at, cue_end, span, rule, late });
}

/// How far after the verb of a state's strike the strike may be named
/// ("تركيا تشن سلسلة غارات").
const STRIKE_VERB_WINDOW: usize = 4;

/// "إسرائيل تقصف مواقع …", "شنت تركيا غارات على …": a country as the
/// subject of a verb of striking, in a sentence of strikes or shelling.
/// That state's forces are named as the author (its air force for air
/// strikes).
fn state_subjects(doc: &Doc<'_>, lex: &Lexicon, s: &Sentence, out: &mut Perps) {
    use rasd_core::EventType::{AirStrike, Shelling};
    let is_verb = |i: usize| i >= s.start && i < s.end && doc.has_word(i, i + 1, List::StrikeVerbs);
    for &m in &s.mentions {
        if !doc.is_country(lex, m) {
            continue;
        }
        let (a, b) = doc.mention_items[m];
        // The verb right after the country (a headline's order) or right before it.
        let verb = if is_verb(b) {
            b
        } else if a > s.start && is_verb(a - 1) {
            a - 1
        } else {
            continue;
        };
        let Some(t) = s.triggers.iter().find(|t| {
            matches!(t.info.ty, AirStrike | Shelling)
                && (t.at == verb || t.at > verb && t.at - verb <= STRIKE_VERB_WINDOW)
        }) else {
            continue;
        };
        let Some(code) = lex.country_of(doc.mention(m).entity()) else { continue };
        let mention = doc.mention(m);
        let span = mention.span.cover(doc.items[t.end - 1].span);
        let rule = "the state as the subject of the strike";
        push_state_force(lex, out, code, t, (mention, a, b), span, rule);
    }
}

/// "غارات جوية حكومية", "القصف الحكومي", "بنيران القوات النظامية": a strike
/// or gunfire and, after it with only words of its means between, an
/// adjective that makes it the government's. The country's government
/// forces (named after the event's country, as any generic force) carried
/// it out.
fn government_strikes(doc: &Doc<'_>, lex: &Lexicon, s: &Sentence, out: &mut Perps) {
    let Some(entity) = lex.actor_by_id("government-forces") else { return };
    if out.hits.iter().any(|h| h.entity == entity && !h.late) || out.denied.contains(&entity) {
        return;
    }
    for t in s.triggers.iter().filter(|t| takes_author_adjective(doc, t)) {
        let mut i = t.end;
        while i < s.end && i < t.end + 3 && is_means(s, i) {
            i += 1;
        }
        if i >= s.end || !doc.has_word(i, i + 1, List::GovernmentAdjectives) {
            continue;
        }
        let item = &doc.items[i];
        out.hits.push(Hit {
            entity,
            surface: item.norm.to_string(),
            status: Status::Attributed,
            at: i,
            cue_end: i + 1,
            span: doc.items[t.at].span.cover(item.span),
            rule: "the government named by the adjective of the strike or the gunfire",
            late: false,
        });
        return;
    }
}

/// A strike, shelling or gunfire: the triggers whose author an adjective
/// after them may name ("غارة إسرائيلية", "القصف الحكومي").
fn takes_author_adjective(doc: &Doc<'_>, t: &Trigger) -> bool {
    use rasd_core::EventType::{AirStrike, Shelling};
    matches!(t.info.ty, AirStrike | Shelling) || gunfire(doc, t)
}

/// Item `i` is a word of a strike's means ("جوية", "مدفعي", "طائرات").
fn is_means(s: &Sentence, i: usize) -> bool {
    s.cues.iter().any(|c| c.2 == Cue::StrikeMeans && c.0 <= i && i < c.1)
}

/// How far after the attack the verb whose pronoun is the attack may stand
/// ("بهجوم كيماوي على دوما مساء السبت ونفذه النظام السوري").
const RELATIVE_WINDOW: usize = 8;

/// How far after the force that speaks the words that open its own attack
/// may stand ("أعلن الجيش، الأحد، عن تنفيذ").
const OWN_STRIKE_GAP: usize = 5;

/// How far before the accused the verb of accusing may stand ("اتهم
/// رئيس الوزراء الأوكراني روسيا").
const ACCUSER_WINDOW: usize = 6;

/// How a late rule ties the name at items `a..b` to the sentence's events:
/// its status, the rule, and whether the attack it names is an air strike.
struct LateCue {
    status: Status,
    rule: &'static str,
    air: bool,
    cue_end: usize,
}

/// The late readings of who did it, for a name at items `a..b` that no
/// other rule ties (a state's force, which the cues tie only as the subject
/// of a strike or a clash, or a state named by its country):
///
/// - "غارة جوية شنتها طائرات التحالف", "بهجوم كيماوي … ونفذه النظام
///   السوري", "المجزرة التي ارتكبتها قوات الاحتلال": right after a verb
///   whose object pronoun is an attack told before it (list
///   `relative_verbs`), with only words of a strike's means between;
/// - "اتهم الغرب النظام السوري بشنها", "اتهم … روسيا بأنها الجهة المدبرة
///   لقتل": accused, with the charge of an attack right after (list
///   `charges`);
/// - "تشير أصابع الاتهام إلى النظام السوري", "الغارة المنسوبة إلى
///   التحالف": right after "إلى" of a charge or an attribution (list
///   `point_to`);
/// - "قامت مجموعة من عناصر التنظيم … بقتل خمسة": a few words after a
///   verb of doing, with the attack told after the name with "ب" (list
///   `doing_verbs`);
/// - "القوات الإسرائيلية قتلت الممرضة": beside an active kill verb whose
///   object is one person named by a definite noun ([`killed_one`]);
/// - "قتل فلسطينيان بنيران الجيش الإسرائيلي": right after gunfire, or
///   the men who fired it, in a sentence that tells of the dead or the
///   hurt, where gunfire is no trigger ("بنيران").
///
/// Found authors are features of the learned event decision, so that a new
/// reading of them moves which events are kept in untouched articles
/// (the thirteenth round measured each of these readings so); read late,
/// they name the author of an event the decisions kept, and nothing else.
fn late_cue(doc: &Doc<'_>, s: &Sentence, a: usize, b: usize) -> Option<LateCue> {
    use rasd_core::EventType::AirStrike;
    let items = &doc.items;
    let word = |i: usize| items[i].norm;
    // The relative verb, with only words of the means between it and the name.
    let mut v = a;
    while v > s.start && v + 2 >= a && v > 0 && is_means(s, v - 1) {
        v -= 1;
    }
    if v > s.start && stem_in(List::RelativeVerbs, word(v - 1)) {
        let verb = v - 1;
        if let Some(t) =
            s.triggers.iter().rev().find(|t| t.end <= verb && verb - t.end <= RELATIVE_WINDOW)
        {
            return Some(LateCue {
                status: Status::Attributed,
                rule: "the force after a verb whose object is the attack",
                air: t.info.ty == AirStrike,
                cue_end: a,
            });
        }
    }
    // "إلى" after a word of a charge or an attribution.
    let to = |i: usize| matches!(word(i), "الى" | "إلى");
    if a > s.start + 1
        && to(a - 1)
        && (a.saturating_sub(6).max(s.start)..a - 1).any(|i| stem_in(List::PointTo, word(i)))
        && !s.triggers.is_empty()
    {
        return Some(LateCue {
            status: Status::Suspected,
            rule: "the one a charge or an attribution points to",
            air: s.triggers.iter().all(|t| t.info.ty == AirStrike),
            cue_end: a,
        });
    }
    // Accused, with the charge of an attack right after.
    let accuser = (a.saturating_sub(ACCUSER_WINDOW).max(s.start)..a)
        .any(|i| stems(word(i)).any(|(_, w)| w.contains("تهم") && !w.starts_with("ال")));
    if accuser && b < s.end {
        let charge = word(b).starts_with('ب')
            && stems(word(b)).any(|(off, w)| off > 0 && has(List::Charges, w));
        // "بأنها هي الجهة المدبرة لقتل": a charge told as a clause.
        let clause = matches!(word(b), "بانها" | "بانه" | "بان")
            && (b + 1..(b + 7).min(s.end)).any(|i| {
                stems(word(i)).any(|(_, w)| has(List::Charges, w))
                    || s.triggers.iter().any(|t| t.at == i)
            });
        // "هجومين …، في حين اتهم الجيش بقتل سبعة مدنيين": the charge of
        // another clause, when no attack is told after the accused.
        let before = s.triggers.iter().rev().find(|t| t.end <= a).map(|t| t.end);
        let other_clause = before.is_some_and(|e| doc.has_word(e, a, List::ClauseBreaks))
            && !s.triggers.iter().any(|t| t.at >= b);
        if (charge || clause) && !other_clause {
            return Some(LateCue {
                status: Status::Suspected,
                rule: "accused of the attack",
                air: false,
                cue_end: b + 1,
            });
        }
    }
    // "قامت مجموعة من عناصر التنظيم … بقتل خمسة", "قيام الميليشيا
    // بقصف الحي": the doer of the attack told with "ب" after it.
    if let Some(cue_end) = done_by(doc, s, a, b) {
        return Some(LateCue {
            status: Status::Attributed,
            rule: "the doer of the attack told after a verb of doing",
            air: false,
            cue_end,
        });
    }
    // "القوات الإسرائيلية قتلت الممرضة", "قتل الجيش الشاب": the force
    // beside an active kill verb whose object is one person.
    if let Some(cue_end) = killed_one(doc, s, a, b) {
        return Some(LateCue {
            status: Status::Attributed,
            rule: "the force that killed one person",
            air: false,
            cue_end,
        });
    }
    // "قال الحرس الثوري الإيراني إنه أطلق صواريخ", "أعلنت القيادة
    // الأفريقية بالجيش الأمريكي، الأحد، عن تنفيذ غارة جوية": the speaker
    // tells of its own attack.
    if a > s.start && stem_in(List::Reporting, word(a - 1)) {
        let opener = (b..(b + OWN_STRIKE_GAP).min(s.end))
            .find(|&i| has(List::OwnStrikeOpeners, word(i)) && i + 1 < s.end);
        if let Some(o) = opener
            && stem_in(List::OwnStrikeVerbs, word(o + 1))
            && s.triggers.iter().any(|t| t.at > o && t.at <= o + 4)
        {
            return Some(LateCue {
                status: Status::Attributed,
                rule: "the force that tells of its own attack",
                air: s.triggers.iter().any(|t| t.at > o && t.info.ty == AirStrike),
                cue_end: o + 2,
            });
        }
    }
    // Gunfire that is no trigger, right before the name or its shooters.
    let g = if a > s.start && has(List::Shooters, word(a - 1)) { a - 1 } else { a };
    let shot = s.cues.iter().any(|c| matches!(c.2, Cue::Killed | Cue::Injured));
    // "أطلق الجنود الإسرائيليون النار": the force between the verb of
    // firing and the fire.
    let fires = |w: &str| stems(w).any(|(_, w)| w.starts_with("اطلق"));
    if shot
        && a > s.start
        && b < s.end
        && fires(word(a - 1))
        && matches!(word(b), "النار" | "النيران")
    {
        return Some(LateCue {
            status: Status::Attributed,
            rule: "the force that opened fire",
            air: false,
            cue_end: b + 1,
        });
    }
    if shot
        && g > s.start
        && word(g - 1).starts_with('ب')
        && stem_in(List::Gunfire, word(g - 1))
        && !s.triggers.iter().any(|t| t.at < g && g <= t.end)
        && !doc.has_word(
            g.saturating_sub(1 + ATTACKERS_SHOT_WINDOW).max(s.start),
            g - 1,
            List::Attackers,
        )
    {
        return Some(LateCue {
            status: Status::Attributed,
            rule: "the force whose gunfire killed or hurt them",
            air: false,
            cue_end: a,
        });
    }
    None
}

/// The name at items `a..b` stands right before an active kill verb
/// (its epithets and a comma between) or right after one, and the verb's
/// object is one person named by a definite noun (list `one_person`):
/// where the object ends. [`killer`] reads a count as the object; this
/// reads the one person ("قتلت الممرضة"), not one of the attackers
/// ("قتلت الشرطة المهاجم").
fn killed_one(doc: &Doc<'_>, s: &Sentence, a: usize, b: usize) -> Option<usize> {
    let items = &doc.items;
    let verb = s.cues.iter().find(|c| {
        c.2 == Cue::Killed
            && c.1 - c.0 == 1
            && is_kill_verb(items[c.0].norm)
            && (c.1 == a || epithets_only(doc, b, c.0))
    })?;
    let object = b.max(verb.1);
    (object < s.end
        && definite_in(List::OnePerson, items[object].norm)
        && !stem_in(List::Attackers, items[object].norm)
        && !crate::casualty::is_lone_attacker(items[object].norm))
    .then_some(object + 1)
}

/// How far before the name the verb of doing may stand ("قامت مجموعة من
/// عناصر التنظيم").
const DOER_GAP: usize = 4;

/// How far after the name the attack done may be told, with "ب".
const DONE_WINDOW: usize = 12;

/// The name at items `a..b` stands a few words after a verb of doing
/// (list `doing_verbs`), and an attack or a killing is told after it with
/// "ب" ("بقتل", "بقصف"): where that word ends. Not when the ones killed
/// are the attackers ("قامت قوات الأمن بقتل المهاجمين").
fn done_by(doc: &Doc<'_>, s: &Sentence, a: usize, b: usize) -> Option<usize> {
    let items = &doc.items;
    let from = a.saturating_sub(DOER_GAP).max(s.start);
    if !doc.has_word(from, a, List::DoingVerbs) {
        return None;
    }
    let to = (b + DONE_WINDOW).min(s.end);
    let act = (b..to).find(|&i| {
        items[i].norm.starts_with('ب')
            && (s.triggers.iter().any(|t| t.at == i)
                || s.cues.iter().any(|c| c.2 == Cue::Killed && c.0 == i))
    })?;
    let upto = (act + 1 + ATTACKERS_SHOT_WINDOW).min(s.end);
    (!doc.has_word(act + 1, upto, List::Attackers)).then_some(act + 1)
}

/// A late reading of who did it ([`late_cue`]) for a named group or force
/// that no other rule ties; none for a state's force the sentence makes the
/// target.
fn late_tie(x: &Context<'_, '_, '_>, n: &Name) -> Option<Hit> {
    let mut c = late_cue(x.doc, x.s, n.a, n.b)?;
    // A group that tells of its own attack claims it.
    if !is_state(n.entity) && c.rule == "the force that tells of its own attack" {
        c.status = Status::Claimed;
    }
    let span = n.span.cover(x.doc.items[n.a.min(c.cue_end.saturating_sub(1))].span);
    let mut hit = n.hit(c.status, c.cue_end, span, c.rule);
    hit.late = true;
    Some(hit)
}

/// The late readings ([`late_cue`]) of a state named by its country
/// ("اتهم … روسيا بأنها", "نسبتها دمشق إلى إسرائيل", "شنتها إسرائيل") or
/// by the adjective right after gunfire ("بنيران إسرائيلية"): that state's
/// forces (its air force for an air strike).
fn late_states(doc: &Doc<'_>, lex: &Lexicon, s: &Sentence, out: &mut Perps) {
    for &m in &s.mentions {
        let mention = doc.mention(m);
        let (a, b) = doc.mention_items[m];
        let code = match mention.entity() {
            Entity::Demonym(dm) => {
                // Only right after gunfire: elsewhere a demonym is as often
                // the victims' or the place's.
                let shot = s.cues.iter().any(|c| matches!(c.2, Cue::Killed | Cue::Injured));
                let gunfire = a > s.start
                    && doc.items[a - 1].norm.starts_with('ب')
                    && stem_in(List::Gunfire, doc.items[a - 1].norm)
                    && shot;
                let code = lex.demonyms[dm as usize].code.as_str();
                if gunfire {
                    code
                } else if let Some(how) = soldiers_or_aircraft(doc, s, a, b, shot) {
                    let span = mention.span;
                    push_state(
                        lex,
                        out,
                        code,
                        how.air,
                        (mention, a, b),
                        span,
                        (how.rule, how.status, true),
                    );
                    continue;
                } else {
                    continue;
                }
            }
            // "التحالف بقيادة السعودية": a country that qualifies an armed
            // name right before it is that name's, not an actor of its own.
            _ if qualifies_name(doc, lex, s, a) => continue,
            e if doc.is_country(lex, m) => match lex.country_of(e) {
                Some(code) => code,
                None => continue,
            },
            _ => continue,
        };
        let c = match mention.entity() {
            Entity::Demonym(_) => LateCue {
                status: Status::Attributed,
                rule: "the state named by the adjective of the gunfire",
                air: false,
                cue_end: b,
            },
            _ => match late_cue(doc, s, a, b) {
                Some(c) => c,
                None => continue,
            },
        };
        let span = mention.span.cover(doc.items[a.min(c.cue_end.saturating_sub(1))].span);
        push_state(lex, out, code, c.air, (mention, a, c.cue_end), span, (c.rule, c.status, true));
    }
}

/// Whether an armed group's or force's name ends at most two words before
/// item `a` ("التحالف العسكري بقيادة السعودية").
fn qualifies_name(doc: &Doc<'_>, lex: &Lexicon, s: &Sentence, a: usize) -> bool {
    s.mentions.iter().any(|&m| {
        let mention = doc.mention(m);
        let b = doc.mention_items[m].1;
        matches!(mention.kind, MentionKind::Group | MentionKind::Actor)
            && is_armed_group(lex, mention.entity())
            && b <= a
            && a - b <= 2
    })
}

/// How far the words of firing may stand from the soldiers who fired
/// ("أطلق الجنود الإسرائيليون النار").
const FIRE_WINDOW: usize = 3;

/// A state's men or aircraft named by its adjective (the demonym at items
/// `a..b`) as the ones who fired: "أطلق الجنود الإسرائيليون النار", "قتل
/// من قبل جنود إسرائيليين" in a sentence of the dead or the hurt (`shot`);
/// "غارات يرجح أن طائرات روسية نفذتها", the aircraft right before a verb
/// whose object is the strike (suspected after a hedge).
fn soldiers_or_aircraft(
    doc: &Doc<'_>,
    s: &Sentence,
    a: usize,
    b: usize,
    shot: bool,
) -> Option<LateCue> {
    use rasd_core::EventType::AirStrike;
    let items = &doc.items;
    if a <= s.start {
        return None;
    }
    let before = a - 1;
    let shooters = |w: &str| has(List::Shooters, w.strip_prefix("ال").unwrap_or(w));
    if shot && shooters(items[before].norm) {
        let from = before.saturating_sub(FIRE_WINDOW).max(s.start);
        let to = (b + FIRE_WINDOW).min(s.end);
        let fire = (from..to).any(|i| {
            stems(items[i].norm).any(|(_, w)| w.starts_with("اطلق") || w.starts_with("يطلق"))
        }) && (from..to).any(|i| matches!(items[i].norm, "النار" | "النيران"));
        let agent = before > s.start && has(List::AgentWords, items[before - 1].norm);
        if fire || agent {
            return Some(LateCue {
                status: Status::Attributed,
                rule: "the state's soldiers who fired",
                air: false,
                cue_end: b,
            });
        }
    }
    let air = s.triggers.iter().any(|t| t.info.ty == AirStrike);
    if air && is_means(s, before) && b < s.end && stem_in(List::RelativeVerbs, items[b].norm) {
        let hedged =
            s.cues.iter().any(|c| c.2 == Cue::Suspicion && c.1 <= before && before - c.1 <= 3);
        return Some(LateCue {
            status: if hedged { Status::Suspected } else { Status::Attributed },
            rule: "the state's aircraft that carried out the strike",
            air: true,
            cue_end: b + 1,
        });
    }
    None
}
