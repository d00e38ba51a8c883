//! The target: what or whom an event was aimed at.
//!
//! Every target word in the event's frames (`data/extract/targets.tsv`) is a
//! vote for its type, weighted by where it stands: after a word that aims
//! ("استهدف", "على", "ضد", "أمام") it counts most; as the noun of a victim
//! count ("مقتل 9 صحفيين") it counts more; as the source of a statement
//! ("قالت الشرطة", "مسؤول في الشرطة") it hardly counts; inside the attackers'
//! own toll it does not count. Victims told only as "people" are a weak vote
//! for civilians, and an armed group named as the aim (after an aiming word,
//! a leader's title, or, in a state's strike or clash, "مواقع"/"عناصر") is a
//! vote for militants.

use rasd_core::{EventType, Span};
use rasd_lexicon::Entity;

use crate::annotate::Doc;
use crate::frame::Frame;
use crate::lists::List;

const WEIGHT_PEOPLE: f64 = 0.4;
const WEIGHT_AIMED: f64 = 2.5;
const WEIGHT_VICTIM_COUNT: f64 = 2.0;
const WEIGHT_AFTER_TRIGGER: f64 = 1.5;
const WEIGHT_FIRST_FRAME: f64 = 1.5;
const WEIGHT_SOURCE: f64 = 0.1;

/// The target type chosen and the words that chose it.
pub(crate) struct Target {
    pub(crate) ty: &'static str,
    pub(crate) span: Option<Span>,
}

fn any_before(doc: &Doc<'_>, from: usize, at: usize, window: usize, l: List) -> bool {
    doc.has_word(at.saturating_sub(window).max(from), at, l)
}

/// Chooses the target of an event told by `frames`, of type `ty`, whose
/// perpetrators are `perps`.
pub(crate) fn choose(doc: &Doc<'_>, frames: &[&Frame], ty: EventType, perps: &[Entity]) -> Target {
    // Per type: the sum of its votes, its heaviest vote and where that stands.
    let mut votes: Vec<(&'static str, f64, f64, usize)> = Vec::new();
    let mut vote = |t: &'static str, w: f64, at: usize| {
        if let Some(v) = votes.iter_mut().find(|v| v.0 == t) {
            v.1 += w;
            if w > v.2 {
                (v.2, v.3) = (w, at);
            }
        } else {
            votes.push((t, w, w, at));
        }
    };
    let state_strike =
        matches!(ty, EventType::AirStrike | EventType::Shelling | EventType::ArmedClash)
            && (perps.is_empty() || perps.iter().any(|e| matches!(e, Entity::Actor(_))));
    for (fi, f) in frames.iter().enumerate() {
        let trigger = f.triggers.first().map(|t| t.at);
        let weight_at = |at: usize, base: f64| {
            let mut w = base;
            if fi == 0 {
                w *= WEIGHT_FIRST_FRAME;
            }
            if trigger.is_some_and(|t| at > t && at <= t + 10) {
                w *= WEIGHT_AFTER_TRIGGER;
            }
            if any_before(doc, f.start, at, 3, List::Aimed) {
                w *= WEIGHT_AIMED;
            }
            if f.facts.iter().any(|x| x.at < at && x.at + 2 >= at && !x.attackers) {
                w *= WEIGHT_VICTIM_COUNT;
            }
            if any_before(doc, f.start, at, 3, List::Source) {
                w *= WEIGHT_SOURCE;
            }
            w
        };
        let in_attackers =
            |at: usize| f.facts.iter().any(|x| x.attackers && x.at < at && x.at + 4 >= at);
        for &(at, t) in &f.targets {
            if !in_attackers(at) {
                vote(t, weight_at(at, 1.0), at);
            }
        }
        for i in f.start..f.end {
            if doc.has_word(i, i + 1, List::People) && !in_attackers(i) {
                vote("civilians", weight_at(i, WEIGHT_PEOPLE), i);
            }
        }
        {
            let s = &doc.sentences[f.sentence];
            for &m in &s.mentions {
                let (a, _) = doc.mention_items[m];
                let e = doc.mention(m).entity();
                if a < f.start || a >= f.end || !matches!(e, Entity::Group(_)) || perps.contains(&e)
                {
                    continue;
                }
                let aimed = any_before(doc, f.start, a, 2, List::Aimed)
                    || any_before(doc, f.start, a, 2, List::Leader)
                    || (state_strike && any_before(doc, f.start, a, 2, List::GroupAim));
                if aimed {
                    vote("militants", weight_at(a, 1.0).max(1.0), a);
                }
            }
        }
    }
    // The heaviest vote; the earliest of equals.
    let best = votes.iter().fold(None::<&(&'static str, f64, f64, usize)>, |best, v| match best {
        Some(b) if b.1 >= v.1 => Some(b),
        _ => Some(v),
    });
    match best {
        Some(&(ty, _, _, at)) => Target { ty, span: Some(doc.items[at].span) },
        None => Target { ty: "unknown", span: None },
    }
}
