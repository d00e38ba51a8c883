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
use crate::model::Weights;

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

/// The votes of one target type in an event, and where they stood.
pub(crate) struct Votes {
    pub(crate) ty: &'static str,
    /// The sum of its weighted votes.
    pub(crate) sum: f64,
    /// Its heaviest vote, and where that stands.
    pub(crate) max: f64,
    pub(crate) at: usize,
    /// How many words voted for it.
    pub(crate) n: usize,
    /// Some vote stood after a word that aims ("استهدف", "على").
    pub(crate) aimed: bool,
    /// Some vote was the noun of a victim count ("مقتل 9 صحفيين").
    pub(crate) victims: bool,
    /// Some vote stood within ten words after the trigger.
    pub(crate) after_trigger: bool,
    /// Some vote stood in the event's first sentence.
    pub(crate) first_frame: bool,
    /// Every vote was the source of a statement ("قالت الشرطة").
    pub(crate) source_only: bool,
    /// Only victims of unstated kind ("أشخاص") voted (civilians).
    pub(crate) people_only: bool,
    /// An armed group named as the aim voted (militants).
    pub(crate) group: bool,
}

/// How one vote stood.
#[derive(Clone, Copy, Default)]
struct Stand {
    aimed: bool,
    victims: bool,
    after_trigger: bool,
    first_frame: bool,
    source: bool,
}

impl Stand {
    fn weight(self, base: f64) -> f64 {
        let mut w = base;
        if self.first_frame {
            w *= WEIGHT_FIRST_FRAME;
        }
        if self.after_trigger {
            w *= WEIGHT_AFTER_TRIGGER;
        }
        if self.aimed {
            w *= WEIGHT_AIMED;
        }
        if self.victims {
            w *= WEIGHT_VICTIM_COUNT;
        }
        if self.source {
            w *= WEIGHT_SOURCE;
        }
        w
    }
}

fn any_before(doc: &Doc<'_>, from: usize, at: usize, window: usize, l: List) -> bool {
    doc.has_word(at.saturating_sub(window).max(from), at, l)
}

/// An air strike, shelling or clash by a state's forces (or by no one
/// named): an armed group named as what it hit was its aim.
pub(crate) fn state_strike(ty: EventType, perps: &[Entity]) -> bool {
    matches!(ty, EventType::AirStrike | EventType::Shelling | EventType::ArmedClash)
        && (perps.is_empty() || perps.iter().any(|e| matches!(e, Entity::Actor(_))))
}

/// Every target type that some word of the event's frames votes for, in
/// the order of their first vote.
pub(crate) fn votes(
    doc: &Doc<'_>,
    frames: &[&Frame],
    ty: EventType,
    perps: &[Entity],
) -> Vec<Votes> {
    let mut out: Vec<Votes> = Vec::new();
    let mut vote = |t: &'static str, w: f64, at: usize, stand: Stand, people: bool, group: bool| {
        let v = match out.iter().position(|v| v.ty == t) {
            Some(i) => &mut out[i],
            None => {
                out.push(Votes {
                    ty: t,
                    sum: 0.0,
                    max: f64::MIN,
                    at,
                    n: 0,
                    aimed: false,
                    victims: false,
                    after_trigger: false,
                    first_frame: false,
                    source_only: true,
                    people_only: true,
                    group: false,
                });
                out.last_mut().expect("just pushed")
            }
        };
        v.sum += w;
        if w > v.max {
            (v.max, v.at) = (w, at);
        }
        v.n += 1;
        v.aimed |= stand.aimed;
        v.victims |= stand.victims;
        v.after_trigger |= stand.after_trigger;
        v.first_frame |= stand.first_frame;
        v.source_only &= stand.source;
        v.people_only &= people;
        v.group |= group;
    };
    let state_strike = state_strike(ty, perps);
    for (fi, f) in frames.iter().enumerate() {
        let trigger = f.triggers.first().map(|t| t.at);
        let s = &doc.sentences[f.sentence];
        let stand = |at: usize| Stand {
            first_frame: fi == 0,
            after_trigger: trigger.is_some_and(|t| at > t && at <= t + 10),
            aimed: any_before(doc, f.start, at, 3, List::Aimed),
            victims: f.facts.iter().any(|x| x.at < at && x.at + 2 >= at && !x.attackers),
            source: any_before(doc, f.start, at, 3, List::Source),
        };
        let in_attackers =
            |at: usize| f.facts.iter().any(|x| x.attackers && x.at < at && x.at + 4 >= at);
        for &(at, t) in &f.targets {
            if !in_attackers(at) {
                let st = stand(at);
                vote(t, st.weight(1.0), at, st, false, false);
            }
        }
        for i in f.start..f.end {
            if doc.has_word(i, i + 1, List::People) && !in_attackers(i) {
                let st = stand(i);
                vote("civilians", st.weight(WEIGHT_PEOPLE), i, st, true, false);
            }
        }
        for &m in &s.mentions {
            let (a, _) = doc.mention_items[m];
            let e = doc.mention(m).entity();
            if a < f.start || a >= f.end || !matches!(e, Entity::Group(_)) || perps.contains(&e) {
                continue;
            }
            let aimed = any_before(doc, f.start, a, 2, List::Aimed)
                || any_before(doc, f.start, a, 2, List::Leader)
                || (state_strike && any_before(doc, f.start, a, 2, List::GroupAim));
            if aimed {
                // At least a whole vote, whatever else weighs on it.
                let st = stand(a);
                vote("militants", st.weight(1.0).max(1.0), a, st, false, true);
            }
        }
    }
    out
}

/// The rules' choice: the heaviest sum of votes, the earliest of equals.
pub(crate) fn rule_choice(votes: &[Votes]) -> Option<usize> {
    votes.iter().enumerate().fold(None, |best: Option<usize>, (i, v)| match best {
        Some(b) if votes[b].sum >= v.sum => Some(b),
        _ => Some(i),
    })
}

/// Chooses the target of an event told by `frames`, of type `ty`, whose
/// perpetrators are `perps`: among the types some word votes for, the one
/// the learned decision scores highest (`model`), or, with none, the
/// rules' choice.
/// No vote at all leaves it unknown: nothing in the text says.
pub(crate) fn choose(
    doc: &Doc<'_>,
    frames: &[&Frame],
    ty: EventType,
    perps: &[Entity],
    model: Option<&Weights>,
) -> Target {
    let votes = votes(doc, frames, ty, perps);
    let rule = rule_choice(&votes);
    let chosen = match model {
        None => rule,
        Some(w) => {
            let mut best: Option<(usize, f64)> = None;
            for i in 0..votes.len() {
                let p = w.prob(&crate::features::target(&votes, i, rule, ty, perps));
                if best.is_none_or(|b| p > b.1) {
                    best = Some((i, p));
                }
            }
            best.map(|b| b.0)
        }
    };
    match chosen {
        Some(i) => Target { ty: votes[i].ty, span: Some(doc.items[votes[i].at].span) },
        None => Target { ty: "unknown", span: None },
    }
}
