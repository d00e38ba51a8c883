//! Who did it, and how the article ties them to it: a claim, an
//! attribution, or a suspicion; or a denial, which removes them.

use rasd_core::{Span, Status};
use rasd_lexicon::{Entity, Lexicon, MentionKind};
use rasd_text::item::stems;

use crate::annotate::{Doc, Sentence};
use crate::lists::{List, words};
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

fn is_armed_group(lex: &Lexicon, e: Entity) -> bool {
    match e {
        Entity::Group(_) => true,
        Entity::Actor(a) => !lex.actors[a as usize].kind.is_empty(),
        _ => false,
    }
}

/// How far after the name the attack may be told.
const FIGHTERS_WINDOW: usize = 8;

/// State forces take part in air strikes, shelling and clashes; in a
/// bombing or a shooting they are almost always the target.
fn is_state(e: Entity) -> bool {
    matches!(e, Entity::Actor(_))
}

pub(crate) fn find(
    doc: &Doc<'_>,
    lex: &Lexicon,
    s: &Sentence,
    last_group: &mut Option<(Entity, String)>,
) -> Perps {
    let mut out = Perps::default();
    let items = &doc.items;
    // Names in the sentence, and back-references to the last group named.
    let mut names: Vec<(usize, usize, Entity, String, Span)> = Vec::new();
    for &m in &s.mentions {
        let mention = doc.mention(m);
        if matches!(mention.kind, MentionKind::Group | MentionKind::Actor)
            && is_armed_group(lex, mention.entity())
        {
            let (a, b) = doc.mention_items[m];
            names.push((a, b, mention.entity(), mention.surface.clone(), mention.span));
        }
    }
    for (i, item) in items.iter().enumerate().take(s.end).skip(s.start) {
        if stems(item.norm).any(|(_, st)| words(List::BackReferences).contains(&st))
            && !names.iter().any(|n| n.0 <= i && i < n.1)
            && let Some((e, surface)) = last_group.clone()
        {
            names.push((i, i + 1, e, surface, item.span));
        }
    }
    names.sort_by_key(|n| n.0);

    let air_or_shelling = s.triggers.iter().any(|t| {
        matches!(t.info.ty, rasd_core::EventType::AirStrike | rasd_core::EventType::Shelling)
    });
    let clash = s.triggers.iter().any(|t| t.info.ty == rasd_core::EventType::ArmedClash);
    // "لم تعلن أي جهة مسؤوليتها": the claim word inside is no claim.
    let no_claim_ends: Vec<usize> =
        s.cues.iter().filter(|c| c.2 == Cue::NoClaim).map(|c| c.1).collect();
    let near = |cue: Cue, a: usize, b: usize, window: usize| -> Option<(usize, usize)> {
        s.cues
            .iter()
            .filter(|c| c.2 == cue)
            .filter(|c| {
                cue != Cue::Claim || !no_claim_ends.iter().any(|e| c.0 >= *e && c.0 - e <= 6)
            })
            // "لكن الجماعة لم تتبن ذلك الهجوم": a claim denied by a negation.
            .filter(|c| {
                cue != Cue::Claim
                    || c.0 == 0
                    || !words(List::VerbNegators).contains(&items[c.0 - 1].norm)
            })
            // "يتبنى فكر التنظيم": adopting a group's ideas is no claim.
            .filter(|c| {
                cue != Cue::Claim
                    || !items.get(c.1).is_some_and(|i| words(List::Ideology).contains(&i.norm))
            })
            .filter(|c| (c.1 <= a && a - c.1 <= window) || (c.0 >= b && c.0 - b <= window))
            .min_by_key(|c| if c.1 <= a { a - c.1 } else { c.0 - b })
            .map(|c| (c.0, c.1))
    };
    for (a, b, entity, surface, span) in names {
        let hit = |status, cue_end, span, rule| Hit {
            entity,
            surface: surface.clone(),
            status,
            at: a,
            cue_end,
            span,
            rule,
        };
        if matches!(entity, Entity::Group(_)) {
            *last_group = Some((entity, surface.clone()));
        }
        let cue_span = |c: (usize, usize)| span.cover(items[c.0].span).cover(items[c.1 - 1].span);
        // A denial by the group: the denial word soon after its name, with no
        // other subject between ("نفت السلطات" is the authorities').
        let denial = s.cues.iter().any(|c| {
            c.2 == Cue::Denial
                && c.0 >= b
                && c.0 - b <= DENIAL_WINDOW
                && !s.mentions.iter().any(|m| {
                    let at = doc.mention_items[*m].0;
                    at >= b && at < c.0
                })
                && !(c.0.saturating_sub(2)..c.0).any(|i| {
                    stems(items[i].norm).any(|(_, w)| words(List::OtherSubjects).contains(&w))
                })
        });
        if denial {
            out.denied.push(entity);
            continue;
        }
        // The name right after a word that makes it the target.
        let victim = s.cues.iter().any(|c| c.2 == Cue::Victim && c.1 <= a && a - c.1 <= 1)
            || s.cues.iter().any(|c| c.2 == Cue::Killed && c.1 <= a && a - c.1 <= 3);
        // "أعلنت X، وهي جماعة …، مسؤوليتها": after a claim verb the claim may come later.
        let claim_verb = a > s.start
            && stems(items[a - 1].norm).any(|(_, w)| words(List::ClaimVerbs).contains(&w));
        let claim_window = if claim_verb { 3 * CLAIM_WINDOW } else { CLAIM_WINDOW };
        // "اتهمت الحكومة حركة الشباب بالمسؤولية": accused of it, not claiming it.
        let accused = s.cues.iter().any(|c| c.2 == Cue::Suspicion && c.1 <= a && a - c.1 <= 3);
        if let Some(c) = near(Cue::Claim, a, b, claim_window)
            && !is_state(entity)
            && !accused
        {
            out.hits.push(hit(Status::Claimed, c.1, cue_span(c), "claim of responsibility"));
            continue;
        }
        if victim {
            continue;
        }
        if let Some(c) = near(Cue::Suspicion, a, b, SUSPICION_WINDOW).filter(|_| !is_state(entity))
        {
            out.hits.push(hit(
                Status::Suspected,
                c.1,
                cue_span(c),
                "suspected, accused or believed",
            ));
            continue;
        }
        if let Some(c) = near(Cue::Attribution, a, b, ATTRIBUTION_WINDOW)
            && (!is_state(entity) || air_or_shelling || clash)
        {
            out.hits.push(hit(Status::Attributed, c.1, cue_span(c), "named as the attacker"));
            continue;
        }
        // "بهجوم لداعش", "غارات التحالف", "هجوم طالبان": the name right after a trigger.
        let after_trigger = s
            .triggers
            .iter()
            .find(|t| t.end == a || (t.end + 1 == a && items[t.end].norm == "مسلح"));
        if let Some(t) = after_trigger {
            let state_ok = matches!(
                t.info.ty,
                rasd_core::EventType::AirStrike
                    | rasd_core::EventType::Shelling
                    | rasd_core::EventType::ArmedClash
            );
            if !is_state(entity) || state_ok {
                let span = span.cover(items[t.at].span);
                out.hits.push(hit(Status::Attributed, a, span, "named right after the attack"));
                continue;
            }
        }
        // "شنت طائرات التحالف غارات": a force as the subject of a strike.
        if is_state(entity)
            && air_or_shelling
            && let Some(t) = s
                .triggers
                .iter()
                .find(|t| t.at >= b && t.at - b <= 3 || (t.end <= a && a - t.end <= 1))
        {
            let span = span.cover(items[t.at].span);
            out.hits.push(hit(Status::Attributed, a, span, "force carrying out the strike"));
            continue;
        }
        // "أغلق مقاتلو حزب العمال طريقا وأطلقوا النار": the group's fighters as
        // the subject of the attack told right after.
        let fighters = a > s.start
            && stems(items[a - 1].norm).any(|(_, w)| words(List::Fighters).contains(&w))
            && !is_state(entity)
            && !victim;
        if fighters
            && let Some(t) = s
                .triggers
                .iter()
                .find(|t| t.at >= b && t.at - b <= FIGHTERS_WINDOW && t.info.strong)
        {
            let span = items[a - 1].span.cover(items[t.end - 1].span);
            out.hits.push(hit(
                Status::Attributed,
                t.end,
                span,
                "the group's fighters as the attackers",
            ));
            continue;
        }
        // Both sides of a clash; a state force only when it attacked.
        let with = a > s.start && stems(items[a - 1].norm).any(|(_, w)| w == "مع");
        if clash
            && !victim
            && !with
            && !is_state(entity)
            && let Some(t) =
                s.triggers.iter().find(|t| t.info.ty == rasd_core::EventType::ArmedClash)
            && a.abs_diff(t.at) <= 12
        {
            let span = span.cover(items[t.at].span);
            out.hits.push(hit(Status::Attributed, a, span, "side of a clash"));
        }
    }
    strike_adjectives(doc, lex, s, &mut out);
    out
}

/// "غارة إسرائيلية", "قصف مدفعي تركي", "غارات جوية لطائرات روسية": a strike
/// and, after it with only words of its means between, the adjective of the
/// state that carried it out. That state's forces are named as the author.
fn strike_adjectives(doc: &Doc<'_>, lex: &Lexicon, s: &Sentence, out: &mut Perps) {
    use rasd_core::EventType::{AirStrike, Shelling};
    for &m in &s.mentions {
        let mention = doc.mention(m);
        let Entity::Demonym(dm) = mention.entity() else { continue };
        let (a, b) = doc.mention_items[m];
        let Some(t) = s
            .triggers
            .iter()
            .find(|t| matches!(t.info.ty, AirStrike | Shelling) && t.end <= a && a - t.end <= 4)
        else {
            continue;
        };
        let means =
            |i: usize| s.cues.iter().any(|c| c.2 == Cue::StrikeMeans && c.0 <= i && i < c.1);
        if !(t.end..a).all(means) {
            continue;
        }
        let code = &lex.demonyms[dm as usize].code;
        let head = if t.info.ty == AirStrike { "air-force" } else { "army" };
        let id = format!("{head}:{code}");
        let Some(actor) = lex.actors.iter().position(|x| x.id == id) else { continue };
        let entity = Entity::Actor(actor as u32);
        if out.hits.iter().any(|h| h.entity == entity) || out.denied.contains(&entity) {
            continue;
        }
        out.hits.push(Hit {
            entity,
            surface: mention.surface.clone(),
            status: Status::Attributed,
            at: a,
            cue_end: b,
            span: doc.items[t.at].span.cover(mention.span),
            rule: "the state named by the strike's adjective",
        });
    }
}
