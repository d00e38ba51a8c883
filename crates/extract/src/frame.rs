//! Frames: the stretch of a sentence that tells of one event, with the
//! names, dates and counts in it. A sentence with two triggers in two
//! places ("تفجيراً في بيشاور، وهجوماً آخر في باجور") holds two frames.

use rasd_core::EventType;
use rasd_lexicon::Lexicon;

use crate::annotate::{Doc, Sentence, Trigger};
use crate::casualty::Fact;
use crate::lists::{List, has, stem_in};
use crate::perp::Hit;
use crate::words::Cue;
use rasd_text::item::stems;

/// The two families of violence an article may tell side by side: fire
/// from afar (air strikes, shelling) and fighting on the ground (clashes,
/// assaults). `None` for the other types. The merge keeps drafts of the
/// two apart, and an event takes no author from the other family's frames.
pub(crate) fn family(ty: EventType) -> Option<bool> {
    match ty {
        EventType::AirStrike | EventType::Shelling => Some(true),
        EventType::ArmedClash | EventType::ArmedAssault => Some(false),
        _ => None,
    }
}

/// One frame.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub(crate) sentence: usize,
    pub(crate) paragraph: usize,
    /// Items `start..end` of the sentence.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) in_title: bool,
    pub(crate) triggers: Vec<Trigger>,
    /// Entity mentions (document indices) that are places below country level.
    pub(crate) places: Vec<usize>,
    /// Country and country-adjective mentions.
    pub(crate) countries: Vec<usize>,
    /// Date mentions (analysis indices).
    pub(crate) dates: Vec<usize>,
    pub(crate) facts: Vec<Fact>,
    pub(crate) perps: Vec<Hit>,
    /// Authors read by the late rules (`perp::late_cue`): an event takes
    /// them only when its frames name no other author, and the learned
    /// decisions never read them.
    pub(crate) late_perps: Vec<Hit>,
    /// Starts a new event: "في هجوم آخر", "في حادث منفصل".
    pub(crate) separate: bool,
    /// Did not happen: foiled, planned, warned of.
    pub(crate) foiled: bool,
    /// A statistic over many events.
    pub(crate) stats: bool,
    /// Tells a trend over weeks or years ("عاود في الأسابيع الماضية تنفيذ تفجيرات").
    pub(crate) trend: bool,
    /// Names a disaster, an accident or a match.
    pub(crate) nonviolent: bool,
    /// "لم تعلن أي جهة مسؤوليتها".
    pub(crate) no_claim: bool,
    pub(crate) targets: Vec<(usize, &'static str)>,
    /// A name no gazetteer holds, read as a place because a town noun
    /// stands before it ("مديرية القبيطة", "قرية الحنيني"): its items.
    pub(crate) town: Option<(usize, usize)>,
}

impl Frame {
    pub(crate) fn has_strong_trigger(&self) -> bool {
        self.triggers.iter().any(|t| t.info.strong)
    }

    pub(crate) fn is_event(&self) -> bool {
        !self.triggers.is_empty()
            || self.facts.iter().any(|f| f.side == crate::casualty::Side::Killed)
    }

    /// Only plural triggers ("سلسلة تفجيرات"): several events or a trend.
    pub(crate) fn only_plural(&self) -> bool {
        !self.triggers.is_empty() && self.triggers.iter().all(|t| t.info.plural)
    }

    /// Every trigger is a weak definite noun ("الهجوم", "الاعتداء"), or a
    /// definite bombing or attack of a named kind ("التفجير", "الهجوم
    /// الكيماوي"): the frame speaks of an event already told.
    pub(crate) fn anaphoric(&self, doc: &Doc<'_>) -> bool {
        !self.triggers.is_empty()
            && self.triggers.iter().all(|t| {
                let w = doc.items[t.at].norm;
                let w = stems(w).last().map(|(_, s)| s).unwrap_or(w);
                t.info.anaphor
                    || ((!t.info.strong
                        || matches!(t.info.ty, EventType::Bombing | EventType::Attack))
                        && w.starts_with("ال"))
            })
    }

    /// Item of the first trigger, or the frame's start.
    pub(crate) fn anchor(&self) -> usize {
        self.triggers.first().map(|t| t.at).unwrap_or(self.start)
    }
}

/// Splits a sentence into frames.
pub(crate) fn frames(
    doc: &Doc<'_>,
    lex: &Lexicon,
    si: usize,
    s: &Sentence,
    facts: Vec<Fact>,
    perps: Vec<Hit>,
) -> Vec<Frame> {
    let local_places: Vec<usize> = s
        .mentions
        .iter()
        .copied()
        .filter(|m| doc.is_local_place(lex, *m) && !doc.is_capital_speaking(*m))
        .collect();
    let cuts = cuts(doc, lex, s, &local_places);
    let mut out: Vec<Frame> = cuts
        .windows(2)
        .map(|w| frame_between(doc, lex, si, s, &local_places, &facts, &perps, w[0], w[1]))
        .collect();
    share_claim_of_all(doc, s, &perps, &mut out);
    for f in &mut out {
        let (late, perps): (Vec<Hit>, Vec<Hit>) = f.perps.drain(..).partition(|h| h.late);
        f.perps = perps;
        f.late_perps = late;
    }
    out
}

/// The place, country and date of the frame being built, as far as known.
#[derive(Default)]
struct Told {
    place: Option<String>,
    country: Option<String>,
    date: Option<String>,
    /// The item after the mention that gave the frame its place.
    place_end: Option<usize>,
}

/// Where each frame starts: the sentence start, then each trigger that
/// opens a new event in this sentence: one with another place after it,
/// another date, a word of separation ("هجوم آخر") or of background
/// ("سبق أن", "وكان"). Ends with the sentence end.
/// Items before a trigger within which "منذ" after a superlative ("الأعنف
/// منذ", "الأفدح منذ") makes the trigger an earlier event's.
const COMPARED_WITHIN: usize = 6;

/// Items after "منذ" within which an attack is the earlier one a period
/// runs from ("منذ الهجوم"), not news told further on.
const SINCE_WITHIN: usize = 2;

/// "منذ" at item `i` after a superlative ("الأفدح منذ مقتل 100 شخص في هجوم
/// … في يناير"): what follows tells the earlier event compared with.
fn compared_since(doc: &Doc<'_>, i: usize) -> bool {
    crate::own_toll::is_word(doc, i, "منذ") && (i.saturating_sub(3)..i).any(|j| doc.compares(j))
}

fn cuts(doc: &Doc<'_>, lex: &Lexicon, s: &Sentence, local_places: &[usize]) -> Vec<usize> {
    let mut cuts = vec![s.start];
    let mut frame = Told::default();
    let mut frame_has_trigger = false;
    let mut prev_trigger_end = s.start;
    for (k, t) in s.triggers.iter().enumerate() {
        let next_trigger = s.triggers.get(k + 1).map(|n| n.at).unwrap_or(s.end);
        let after = told_after(doc, lex, s, local_places, t, next_trigger);
        let separate_here = s
            .cues_in(Cue::Separate, t.at.saturating_sub(1), t.end + 2)
            .next()
            .is_some()
            || (t.at > s.start && doc.items[t.at].norm.starts_with('و') && after.place.is_some());
        let background_before = s
            .cues_in(Cue::Background, t.at.saturating_sub(5).max(prev_trigger_end), t.at)
            .next()
            .is_some();
        // "الأفدح منذ مقتل 100 شخص في هجوم …": the attack compared with is
        // an earlier one.
        let compared_at = (t.at.saturating_sub(COMPARED_WITHIN).max(prev_trigger_end)..t.at)
            .find(|&i| compared_since(doc, i));
        if let (true, Some(at)) = (frame_has_trigger, compared_at) {
            cuts.push(at);
            frame = after;
            frame_has_trigger = true;
            prev_trigger_end = t.end;
            continue;
        }
        let new_place = matches!((&frame.place, &after.place), (Some(a), Some(b)) if a != b)
            || matches!((&frame.country, &after.country), (Some(a), Some(b)) if a != b);
        let new_date = matches!((&frame.date, &after.date), (Some(a), Some(b)) if a != b)
            || (frame.date.is_none() && after.date.is_some() && background_before);
        if frame_has_trigger
            && (new_place
                || new_date
                || background_before
                || (separate_here && after.place.is_some()))
        {
            let last_cut = cuts.last().copied().unwrap_or(s.start);
            cuts.push(cut_before(
                doc,
                s,
                t,
                prev_trigger_end,
                last_cut,
                new_place,
                frame.place_end,
            ));
            frame = after;
        } else {
            if frame.country.is_none() {
                frame.country = after.country;
            }
            if frame.place.is_none() {
                frame.place = after.place;
                frame.place_end = after.place_end;
            }
            if frame.date.is_none() {
                frame.date = after.date;
            }
        }
        frame_has_trigger = true;
        prev_trigger_end = t.end;
    }
    cuts.push(s.end);
    cuts
}

/// The place, country and date told after trigger `t`, before the next
/// trigger.
fn told_after(
    doc: &Doc<'_>,
    lex: &Lexicon,
    s: &Sentence,
    local_places: &[usize],
    t: &Trigger,
    next_trigger: usize,
) -> Told {
    let place_mention = local_places
        .iter()
        .map(|m| (doc.mention_items[*m].0, *m))
        .find(|(at, _)| *at >= t.at && *at < next_trigger)
        .map(|(_, m)| m);
    let place = place_mention.map(|m| doc.mention(m).surface.clone());
    // The country the trigger is told in: its place's, else a country named after it.
    let country = place_mention
        .and_then(|m| match doc.mention(m).entity() {
            rasd_lexicon::Entity::Place(p) => Some(lex.places[p as usize].country.clone()),
            _ => None,
        })
        .filter(|c| !c.is_empty())
        .or_else(|| {
            s.mentions
                .iter()
                .copied()
                .filter(|m| doc.is_country(lex, *m))
                .find(|m| {
                    let at = doc.mention_items[*m].0;
                    at >= t.at && at < next_trigger
                })
                .and_then(|m| lex.country_of(doc.mention(m).entity()).map(String::from))
        });
    let date = s
        .dates
        .iter()
        .map(|d| (doc.date_items[*d].0, *d))
        .find(|(at, _)| *at >= t.at && *at < next_trigger)
        .map(|(_, d)| doc.analysis.dates[d].value.iso());
    Told { place, country, date, place_end: place_mention.map(|m| doc.mention_items[m].1) }
}

/// Where the frame that trigger `t` opens starts: its clause's start, or,
/// for a new place with no clause word before it, right after the last
/// frame's place.
fn cut_before(
    doc: &Doc<'_>,
    s: &Sentence,
    t: &Trigger,
    prev_trigger_end: usize,
    last_cut: usize,
    new_place: bool,
    frame_place_end: Option<usize>,
) -> usize {
    let mut cut = clause_start(doc, prev_trigger_end, t.at);
    // "بعد هجوم حلب فجر انتحاري نفسه أمس بسيارة مفخخة في إدلب": the
    // triggers between the last frame's place and this one, with no
    // clause word between, open the new event.
    if cut == t.at
        && new_place
        && let Some(pe) = frame_place_end.filter(|pe| {
            *pe > last_cut && *pe < t.at && s.triggers.iter().any(|o| o.at >= *pe && o.at < t.at)
        })
    {
        cut = clause_start(doc, pe, t.at);
        if cut == t.at {
            cut = pe;
        }
    }
    cut
}

/// The frame of items `a..b`: what of the sentence lies inside it.
#[allow(clippy::too_many_arguments)]
fn frame_between(
    doc: &Doc<'_>,
    lex: &Lexicon,
    si: usize,
    s: &Sentence,
    local_places: &[usize],
    facts: &[Fact],
    perps: &[Hit],
    a: usize,
    b: usize,
) -> Frame {
    let inside = |at: usize| at >= a && at < b;
    let compared = compared_since(doc, a);
    // "يسود التوتر منذ صدامات … في 30 مارس أوقعت 30 قتيلا": what follows
    // "منذ" and a noun is the earlier event a period runs from; its day
    // and its toll are not the news's (a date or a start right after
    // "منذ" opens a period instead, a running total that `own_toll` reads;
    // an attack told further on is news).
    let since_from = (a..b)
        .find(|&i| {
            crate::own_toll::is_word(doc, i, "منذ")
                && !crate::own_toll::opens_period(doc, i)
                && !s.dates.iter().any(|d| doc.date_items[*d].0 == i + 1)
                && !s.triggers.iter().any(|t| t.at > i + SINCE_WITHIN && t.at < b)
        })
        .unwrap_or(usize::MAX);
    let compared_at = |at: usize| compared || at >= since_from;
    // "وقالت الولايات المتحدة إن طائراتها قصفت … في سوريا": a country that
    // speaks or acts as a government is no country of the event.
    let countries: Vec<usize> = s
        .mentions
        .iter()
        .copied()
        .filter(|m| inside(doc.mention_items[*m].0))
        .filter(|m| {
            doc.is_country(lex, *m) || doc.mention(*m).kind == rasd_lexicon::MentionKind::Demonym
        })
        .collect();
    let countries: Vec<usize> =
        countries.into_iter().filter(|m| !doc.is_country_speaking(lex, *m)).collect();
    let trend = s.cues_in(Cue::Trend, a, b).next().is_some();
    Frame {
        sentence: si,
        paragraph: s.paragraph,
        start: a,
        end: b,
        in_title: s.in_title,
        triggers: s.triggers.iter().copied().filter(|t| inside(t.at)).collect(),
        places: local_places.iter().copied().filter(|m| inside(doc.mention_items[*m].0)).collect(),
        countries,
        // The earlier event a superlative compares with ("الأفدح منذ مقتل
        // 100 شخص في هجوم … في يناير") lends the news neither its date nor
        // its toll.
        dates: s
            .dates
            .iter()
            .copied()
            .filter(|d| inside(doc.date_items[*d].0) && !compared_at(doc.date_items[*d].0))
            .collect(),
        facts: facts.iter().filter(|f| inside(f.at) && !compared_at(f.at)).cloned().collect(),
        perps: perps
            .iter()
            .filter(|p| inside(p.at) && !claims_later_event(p, &s.triggers, b))
            .cloned()
            .chain(
                perps
                    .iter()
                    .filter(|p| !inside(p.at) && claims_event_in(p, &s.triggers, a, b))
                    .cloned(),
            )
            .collect(),
        late_perps: Vec::new(),
        separate: separate_in(doc, s, a, b),
        foiled: is_foiled(doc, s, a, b),
        stats: s.cues_in(Cue::Stats, a, b).any(|c| !counts_victims(doc, s, c.1)) || trend,
        trend,
        nonviolent: s.cues_in(Cue::Nonviolent, a, b).next().is_some(),
        no_claim: s.has_cue(Cue::NoClaim),
        targets: s.targets.iter().copied().filter(|t| inside(t.0)).collect(),
        town: unknown_town(doc, s, a, b),
    }
}

/// "قصف قرية الحنيني بمديرية مقبنة": the first name in items `a..b` that
/// follows a town noun (list `town_nouns`) and that no mention covers, read
/// as a place the gazetteer lacks. A word that is itself a cue of places or
/// a town noun ("بمحافظة", "وبلدة"), a word of list `not_town_names`
/// (adjectives, function words, "مدينة الملاهي"), a word with no Arabic
/// letter or one of two letters (the first of a longer name the rule
/// would cut, "قرية خا مونغ سيك") names none; a word of `town_name_heads` ("أم", "كفر") takes the
/// word after it.
pub(crate) fn unknown_town(
    doc: &Doc<'_>,
    s: &Sentence,
    a: usize,
    b: usize,
) -> Option<(usize, usize)> {
    use rasd_lexicon::lists as lexicon;
    let covered = |i: usize| {
        s.mentions.iter().any(|m| {
            let (x, y) = doc.mention_items[*m];
            x <= i && i < y.max(x + 1)
        })
    };
    let is_word = |i: usize| {
        doc.items.get(i).is_some_and(|it| {
            it.kind == rasd_text::segment::TokenKind::Word
                && it.norm.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        })
    };
    let names_none = |i: usize| {
        let w = doc.items[i].norm;
        stems(w).any(|(_, x)| {
            has(List::NotTownNames, x)
                || has(List::TownNouns, x)
                || [
                    lexicon::List::ProvinceCue,
                    lexicon::List::CityCue,
                    lexicon::List::PlaceCue,
                    lexicon::List::Direction,
                ]
                .into_iter()
                .any(|l| lexicon::has(l, x))
        }) || w.chars().count() < 3
    };
    (a..b.saturating_sub(1)).find_map(|i| {
        let n = i + 1;
        if !stem_in(List::TownNouns, doc.items[i].norm)
            || n >= b
            || !is_word(n)
            || covered(n)
            || names_none(n)
        {
            return None;
        }
        let two = has(List::TownNameHeads, doc.items[n].norm)
            && n + 1 < b
            && is_word(n + 1)
            && !covered(n + 1)
            && !names_none(n + 1);
        Some((n, if two { n + 2 } else { n + 1 }))
    })
}

/// "أعلن التنظيم مسؤوليته عن جميع الهجمات": a claim of all goes to every
/// frame of the sentence.
fn share_claim_of_all(doc: &Doc<'_>, s: &Sentence, perps: &[Hit], out: &mut [Frame]) {
    let all_claimed = s.cues.iter().any(|c| {
        c.2 == Cue::Claim
            && (c.1..(c.1 + 4).min(s.end)).any(|i| {
                has(List::AllOf, doc.items[i].norm)
                    // a claim of "هجمات عدة" that the sentence then lists
                    || s.triggers.iter().any(|t| t.at == i && t.info.plural)
            })
    });
    if out.len() > 1 && all_claimed {
        for f in out.iter_mut() {
            for p in perps.iter().filter(|p| !p.late) {
                if !f.perps.iter().any(|q| q.entity == p.entity) {
                    f.perps.push(p.clone());
                }
            }
        }
    }
}

/// A trigger governed by a foiling or warning word just before it.
fn is_foiled(doc: &Doc<'_>, s: &Sentence, a: usize, b: usize) -> bool {
    let triggers: Vec<&Trigger> = s.triggers.iter().filter(|t| t.at >= a && t.at < b).collect();
    if triggers.is_empty() {
        return false;
    }
    triggers.iter().all(|t| {
        s.cues.iter().any(|c| c.2 == Cue::Foiled && c.1 <= t.at && t.at - c.1 <= 3)
            || doc.items[t.at.saturating_sub(1)].norm.ends_with("لشن")
    })
}

/// A word saying a new event begins: a phrase such as "في واقعة منفصلة",
/// or آخر/منفصل/ثان right after a trigger ("هجوم آخر").
fn separate_in(doc: &Doc<'_>, s: &Sentence, a: usize, b: usize) -> bool {
    s.cues_in(Cue::Separate, a, b).any(|c| {
        let phrase = c.1 - c.0 > 1;
        phrase || s.triggers.iter().any(|t| c.0 >= t.end && c.0 - t.end <= 1)
    }) && doc.items.len() > a
}

/// Where the clause holding the trigger at `at` begins: after the last
/// comma or clause word ("فيما", "بينما", "حيث", a word with و) between the
/// previous trigger and this one; else at the trigger.
fn clause_start(doc: &Doc<'_>, from: usize, at: usize) -> usize {
    (from..at)
        .rev()
        .find(|i| {
            let w = doc.items[*i].norm;
            matches!(w, "," | ";") || has(List::ClauseWords, w)
        })
        .map(|i| if matches!(doc.items[i].norm, "," | ";") { i + 1 } else { i })
        .unwrap_or(at)
        .max(from)
}

/// The trigger a claim or attack cue points at: the first trigger within
/// four items after the cue ("مسؤوليته عن هجوم …").
fn claimed_trigger(p: &Hit, triggers: &[Trigger]) -> Option<usize> {
    triggers.iter().find(|t| t.at >= p.cue_end && t.at - p.cue_end <= 4).map(|t| t.at)
}

/// The hit's claim points at a trigger at or after `end` (another frame).
fn claims_later_event(p: &Hit, triggers: &[Trigger], end: usize) -> bool {
    claimed_trigger(p, triggers).is_some_and(|t| t >= end)
}

/// The hit's claim points at a trigger inside `[a, b)`.
fn claims_event_in(p: &Hit, triggers: &[Trigger], a: usize, b: usize) -> bool {
    claimed_trigger(p, triggers).is_some_and(|t| t >= a && t < b)
}

/// "عشرات القتلى", "مئات الأشخاص": a quantifier before the words for the
/// dead or for people is a vague toll of one event, not a statistic over
/// many (as "عشرات الهجمات" is).
fn counts_victims(doc: &Doc<'_>, s: &Sentence, after: usize) -> bool {
    after < s.end
        && (s.cues.iter().any(|c| matches!(c.2, Cue::Killed | Cue::Injured) && c.0 == after)
            || doc.has_word(after, after + 1, List::People)
            || doc.has_word(after, after + 1, List::CasualtyPlurals))
}
