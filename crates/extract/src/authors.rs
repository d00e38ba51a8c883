//! Authors read across the article: when no rule names the author of an
//! event in its own sentences, the groups and forces the article names
//! elsewhere (the headline, a claim paragraph, an accusation told later,
//! the author of the same campaign told in another paragraph) are its
//! candidate authors, and the learned *perp* decision
//! ([`crate::model::Decision::Perp`]) takes the likeliest one when the
//! model gives it at least its threshold.
//!
//! **Invariant:** this reads the frames and decides nothing else: no event
//! decision, merge, toll or target reads what it names, so an event's
//! author chosen here moves no kept event.

use rasd_core::{EventType, Span, Status};
use rasd_lexicon::{Entity, Lexicon, MentionKind};

use crate::annotate::Doc;
use crate::build::status_rank;
use crate::frame::Frame;
use crate::merge::{Draft, places_agree};
use crate::perp::{is_armed_group, is_victim};

/// What the article says of one candidate author of an event.
#[derive(Clone, Debug)]
pub(crate) struct Facts {
    pub(crate) entity: Entity,
    /// The name as the article writes it, where it is nearest the event.
    pub(crate) surface: String,
    /// Where it is named (or tied) nearest the event.
    pub(crate) span: Span,
    /// The strongest status a rule ties it with anywhere in the article.
    pub(crate) status: Option<Status>,
    /// Tied by a late rule only.
    pub(crate) late_only: bool,
    pub(crate) in_title: bool,
    pub(crate) title_tie: bool,
    pub(crate) same_paragraph: bool,
    /// Sentences between the event's and the nearest naming.
    pub(crate) distance: usize,
    /// Sentences between the event's and the nearest tie, if tied.
    pub(crate) tie_distance: Option<usize>,
    pub(crate) tie_same_type: bool,
    pub(crate) tie_same_family: bool,
    pub(crate) tie_same_place: bool,
    pub(crate) tie_other_place: bool,
    /// Tied in a frame another draft (another incident) is told by.
    pub(crate) tie_other_draft: bool,
    pub(crate) state: bool,
    /// A state's force whose country the name gives, not the event's.
    pub(crate) other_country: bool,
    /// How often the article names it.
    pub(crate) mentions: usize,
    /// Named as the target or among the dead somewhere.
    pub(crate) victim: bool,
    pub(crate) denied: bool,
}

/// The event an author is sought for.
pub(crate) struct Target<'a> {
    pub(crate) ty: EventType,
    pub(crate) country: Option<&'a str>,
    pub(crate) draft: usize,
    pub(crate) frame_ids: &'a [usize],
}

/// Every group or force the article names or ties as an author, with what
/// the article says of it relative to the event `t`.
pub(crate) fn candidates(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[Frame],
    drafts: &[Draft],
    denied: &[Entity],
    t: &Target<'_>,
) -> Vec<Facts> {
    let own: Vec<&Frame> = t.frame_ids.iter().map(|i| &frames[*i]).collect();
    let own_sentences: Vec<usize> = own.iter().map(|f| f.sentence).collect();
    let own_paragraphs: Vec<usize> = own.iter().map(|f| f.paragraph).collect();
    let dist = |si: usize| own_sentences.iter().map(|s| s.abs_diff(si)).min().unwrap_or(usize::MAX);
    let place = drafts[t.draft].place;
    let mut out: Vec<Facts> = Vec::new();
    let new = |entity: Entity, surface: String, span: Span| Facts {
        entity,
        surface,
        span,
        status: None,
        late_only: false,
        in_title: false,
        title_tie: false,
        same_paragraph: false,
        distance: usize::MAX,
        tie_distance: None,
        tie_same_type: false,
        tie_same_family: false,
        tie_same_place: false,
        tie_other_place: false,
        tie_other_draft: false,
        state: matches!(entity, Entity::Actor(_)),
        other_country: match entity {
            Entity::Actor(a) => lex.actors[a as usize]
                .country
                .as_deref()
                .is_some_and(|c| t.country.is_some_and(|e| e != c)),
            _ => false,
        },
        mentions: 0,
        victim: false,
        denied: denied.contains(&entity),
    };
    // Every naming of an armed group or force.
    for (si, s) in doc.sentences.iter().enumerate() {
        for &m in &s.mentions {
            let mention = doc.mention(m);
            if !matches!(mention.kind, MentionKind::Group | MentionKind::Actor)
                || !is_armed_group(lex, mention.entity())
            {
                continue;
            }
            let e = mention.entity();
            let i = match out.iter().position(|c| c.entity == e) {
                Some(i) => i,
                None => {
                    out.push(new(e, mention.surface.clone(), mention.span));
                    out.len() - 1
                }
            };
            let c = &mut out[i];
            c.mentions += 1;
            c.in_title |= s.in_title;
            c.same_paragraph |= own_paragraphs.contains(&s.paragraph);
            c.victim |= is_victim(s, doc.mention_items[m].0);
            if dist(si) < c.distance {
                c.distance = dist(si);
                c.surface = mention.surface.clone();
                c.span = mention.span;
            }
        }
    }
    // Every tie by a rule, early or late.
    for (fi, f) in frames.iter().enumerate() {
        let ties = f.perps.iter().map(|h| (h, false)).chain(f.late_perps.iter().map(|h| (h, true)));
        for (h, late) in ties {
            let i = match out.iter().position(|c| c.entity == h.entity) {
                Some(i) => i,
                None => {
                    let mut c = new(h.entity, h.surface.clone(), h.span);
                    c.mentions = 1;
                    c.distance = dist(f.sentence);
                    c.in_title = f.in_title;
                    c.same_paragraph = own_paragraphs.contains(&f.paragraph);
                    c.late_only = true;
                    out.push(c);
                    out.len() - 1
                }
            };
            let c = &mut out[i];
            if c.status.is_none() {
                c.late_only = late;
            } else if !late {
                c.late_only = false;
            }
            if c.status.is_none_or(|s| status_rank(h.status) < status_rank(s)) {
                c.status = Some(h.status);
            }
            c.title_tie |= f.in_title;
            let d = dist(f.sentence);
            c.tie_distance = Some(c.tie_distance.map_or(d, |x| x.min(d)));
            c.tie_same_type |= f.triggers.iter().any(|tr| tr.info.ty == t.ty);
            c.tie_same_family |= f
                .triggers
                .iter()
                .any(|tr| crate::features::family(tr.info.ty) == crate::features::family(t.ty));
            let fplaces: Vec<u32> = f
                .places
                .iter()
                .filter_map(|&m| match doc.mention(m).entity() {
                    Entity::Place(p) => Some(p),
                    _ => None,
                })
                .collect();
            if let Some(p) = place {
                c.tie_same_place |= fplaces.iter().any(|q| places_agree(lex, p, *q));
                c.tie_other_place |= fplaces.iter().any(|q| !places_agree(lex, p, *q));
            }
            c.tie_other_draft |= !t.frame_ids.contains(&fi)
                && drafts.iter().enumerate().any(|(di, d)| di != t.draft && d.frames.contains(&fi));
        }
    }
    out
}

/// The name and status the chosen author is given.
pub(crate) fn status(c: &Facts) -> Status {
    c.status.unwrap_or(Status::Attributed)
}
