//! Frames into events.
//!
//! Frames are read in order. A frame joins the event told just before it
//! when nothing in it disagrees: no other place (a place and the province
//! around it agree), no other date, no word saying it is another event.
//! Failing that it joins an earlier event that it names the same place or
//! date as, or starts a new event when it has enough to be one.

use std::collections::HashMap;

use rasd_lexicon::{Entity, Lexicon, PlaceKind, PlaceSource};
use rasd_text::date::{DateValue, Precision as DatePrecision};

use crate::annotate::Doc;
use crate::casualty::Side;
use crate::frame::{Frame, family};
use crate::lists::{List, stem_in};
use crate::words::Cue;

/// An event under construction: its frames and what they agree on.
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    pub(crate) frames: Vec<usize>,
    pub(crate) place: Option<u32>,
    pub(crate) country: Option<String>,
    /// The country was read from a place or from a country named as where
    /// something happened ("في سوريا", "بليبيا"), not from an adjective or a
    /// country that acts or is spoken of.
    pub(crate) country_placed: bool,
    pub(crate) date: Option<DateValue>,
    /// The date is only that of a statement about the event.
    pub(crate) date_weak: bool,
    /// The place is only a landmark the event was near; a town named later
    /// within reach of it replaces it.
    pub(crate) place_landmark: bool,
    /// Frames whose claims (only) apply to this event: a lead that claims a
    /// series before telling its parts ("في هجمات تبنى بعضها داعش").
    pub(crate) claims_from: Vec<usize>,
    /// The towns its frames name (see [`Said::towns`]): a frame naming
    /// only other towns tells another incident.
    pub(crate) towns: Vec<u32>,
}

/// How many paragraphs after a series' claim its parts may be told.
const SERIES_CLAIM_REACH: usize = 3;

/// Rank of a place kind for "most specific": towns first, then districts,
/// neighbourhoods, provinces, regions.
pub(crate) fn specificity(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::City | PlaceKind::Town | PlaceKind::Site => 0,
        PlaceKind::District => 1,
        PlaceKind::Neighbourhood => 2,
        PlaceKind::Province => 3,
        PlaceKind::Region => 4,
        PlaceKind::Country => 5,
    }
}

/// How far a mention at item `at` stands from the frame's trigger; names
/// after the trigger ("تفجير في كابول") come before names ahead of it.
pub(crate) fn distance(f: &Frame, at: usize) -> usize {
    let anchor = f.anchor();
    if at >= anchor { at - anchor } else { 2 * (anchor - at) }
}

/// The frame's place: the named place nearest its trigger, among the most
/// specific kind named; world regions with no country are no event place.
pub(crate) fn frame_place(doc: &Doc<'_>, lex: &Lexicon, f: &Frame) -> Option<u32> {
    frame_place_kind(doc, lex, f).map(|(p, _)| p)
}

/// The frame's place and whether it is named only as a landmark ("قرب
/// مقديشو", "على بعد 30 كيلومترا شمال غربي العاصمة مقديشو").
fn frame_place_kind(doc: &Doc<'_>, lex: &Lexicon, f: &Frame) -> Option<(u32, bool)> {
    let all: Vec<(u32, usize)> = f
        .places
        .iter()
        .filter_map(|m| match doc.mention(*m).entity() {
            Entity::Place(p)
                if !lex.places[p as usize].country.is_empty() && !is_press_title(doc, *m) =>
            {
                Some((p, doc.mention_items[*m].0))
            }
            _ => None,
        })
        .collect();
    // "قرب كويتا", "شمال مقديشو": a landmark, not where it happened, unless
    // nothing else is named.
    let all: Vec<(u32, usize)> = all
        .into_iter()
        .filter(|(_, at)| !is_speech_place(doc, *at) && !is_speakers_place(doc, f, *at))
        .collect();
    let located: Vec<(u32, usize)> =
        all.iter().copied().filter(|(_, at)| !is_reference_point(doc, *at)).collect();
    let landmark = located.is_empty();
    let candidates = if landmark { all } else { located };
    // "تزامنت مع نقل السفارة إلى القدس": where something goes gives way to
    // any other place the frame names.
    let arrived: Vec<(u32, usize)> =
        candidates.iter().copied().filter(|(_, at)| !is_destination(doc, *at)).collect();
    let candidates = if arrived.is_empty() { candidates } else { arrived };
    // A place of a country nothing else in the article points to gives way
    // to one the article's other names support.
    let supported: Vec<(u32, usize)> = candidates
        .iter()
        .copied()
        .filter(|(p, _)| doc.country_supported(lex, Entity::Place(*p)))
        .collect();
    // A GeoNames town of such a country, in an article about another
    // country ("حمد" in Gaza, "دلي" in Lebanon), is no place at all.
    if supported.is_empty()
        && candidates.iter().all(|(p, _)| lex.places[*p as usize].source == PlaceSource::GeoNames)
        && doc.has_main_country()
    {
        return None;
    }
    let candidates = if supported.is_empty() { candidates } else { supported };
    let best_kind =
        candidates.iter().map(|(p, _)| specificity(lex.places[*p as usize].kind)).min()?;
    candidates
        .iter()
        .filter(|(p, _)| specificity(lex.places[*p as usize].kind) <= best_kind.max(1))
        .min_by_key(|(_, at)| distance(f, *at))
        .map(|(p, _)| (*p, landmark))
}

/// How far from a landmark an event told "near" it may be.
const LANDMARK_KM: f64 = 60.0;

/// The frame's country: its place's, else a country named in it. Country
/// adjectives are weaker ("وكالة الصحافة الفرنسية"): see [`frame_adjective_country`].
pub(crate) fn frame_country(
    doc: &Doc<'_>,
    lex: &Lexicon,
    f: &Frame,
    place: Option<u32>,
) -> Option<(String, bool)> {
    if let Some(p) = place {
        let c = &lex.places[p as usize].country;
        if !c.is_empty() {
            return Some((c.clone(), true));
        }
    }
    // "قال الوزير خلال زيارة رسمية إلى العاصمة القطرية": where a statement was made.
    f.countries
        .iter()
        .filter(|m| doc.is_country(lex, **m))
        .filter(|m| !is_speech_place_within(doc, doc.mention_items[**m].0, 5))
        .filter(|m| !is_patron(doc, doc.mention_items[**m].0))
        .find_map(|m| {
            lex.country_of(doc.mention(*m).entity()).map(|c| (c.to_string(), is_locative(doc, *m)))
        })
}

/// "في سوريا", "بليبيا", "شمال العراق": the country mention `m` is named
/// as where something is, not as a state that acts, speaks or is spoken of
/// ("اقترحت روسيا", "بين روسيا والفصائل", "الحدود مع الأردن").
fn is_locative(doc: &Doc<'_>, m: usize) -> bool {
    let a = doc.mention_items[m].0;
    doc.proclitics(m).contains('ب') || (a > 0 && doc.has_word(a - 1, a, List::Locatives))
}

/// A country named only by an adjective in the frame ("17 جنديا أفغانيا"),
/// and whether it is a place's ("مدينة دومة السورية", "الأراضي السورية"):
/// such an adjective comes first.
pub(crate) fn frame_adjective_country(
    doc: &Doc<'_>,
    lex: &Lexicon,
    f: &Frame,
) -> Option<(String, bool)> {
    let adjectives: Vec<(String, bool)> = f
        .countries
        .iter()
        .filter(|m| !doc.is_country(lex, **m))
        .filter(|m| {
            let at = doc.mention_items[**m].0;
            !(at.saturating_sub(2)..at).any(|i| stem_in(List::InstitutionWords, doc.items[i].norm))
                && !is_patron(doc, at)
        })
        .filter_map(|m| {
            let c = lex.country_of(doc.mention(*m).entity())?;
            Some((c.to_string(), of_a_place(doc, lex, *m)))
        })
        .collect();
    adjectives.iter().find(|a| a.1).or(adjectives.first()).cloned()
}

/// The adjective mention `m` qualifies a place: a place noun (list
/// `place_heads`, a town's or province's word) or a named place stands
/// within two words before it ("مدينة دومة السورية", "الأراضي
/// السورية", "حلب السورية").
fn of_a_place(doc: &Doc<'_>, lex: &Lexicon, m: usize) -> bool {
    let at = doc.mention_items[m].0;
    let from = at.saturating_sub(2);
    (from..at).any(|i| {
        let w = doc.items[i].norm;
        let w = rasd_text::item::stems(w).last().map(|(_, s)| s).unwrap_or(w);
        let w = w.strip_prefix("ال").unwrap_or(w);
        stem_in(List::PlaceHeads, w)
            || rasd_lexicon::lists::has(rasd_lexicon::lists::List::CityCue, w)
            || rasd_lexicon::lists::has(rasd_lexicon::lists::List::ProvinceCue, w)
    }) || doc
        .mention_items
        .iter()
        .enumerate()
        .any(|(j, &(a, b))| b == at && a >= from && doc.is_local_place(lex, j))
}

/// True when the country word at item `at` names an armed group's patron
/// ("ميليشيات الحوثي الإيرانية"), not where the group fought.
fn is_patron(doc: &Doc<'_>, at: usize) -> bool {
    doc.has_word(at.saturating_sub(2), at, List::ClientWords)
}

/// True when the date at item `at` follows a verb of saying with no trigger
/// between them, nor the "أن" that opens what was said ("ونقلت وسائل
/// إعلام أن مقتل المسلحين كان في 12 يونيو": the day of what was said).
fn is_statement_date(doc: &Doc<'_>, f: &Frame, at: usize) -> bool {
    is_said_by_reporting_verb(doc, f, at) || is_said_in_statement(doc, f, at)
}

/// "دعت المنظمة في بيان الاثنين", "قال في مؤتمر صحافي الجمعة": a date
/// right after the word for a statement, an interview or a meeting is the
/// day it was said or held.
fn is_said_in_statement(doc: &Doc<'_>, f: &Frame, at: usize) -> bool {
    let from = at.saturating_sub(2).max(f.start);
    (from..at).any(|i| stem_in(List::SpeechWords, doc.items[i].norm))
        && !f.triggers.iter().any(|t| t.at >= from && t.at < at)
}

fn is_said_by_reporting_verb(doc: &Doc<'_>, f: &Frame, at: usize) -> bool {
    let from = at.saturating_sub(12).max(f.start);
    let Some(verb) = (from..at).rev().find(|i| stem_in(List::Reporting, doc.items[*i].norm)) else {
        return false;
    };
    !f.triggers.iter().any(|t| t.at >= from && t.at < at)
        && !(verb + 1..at).any(|i| matches!(doc.items[i].norm, "ان" | "بان" | "انه" | "بانه"))
}

/// True when the date at item `at` opens a period ("منذ 2011"): the frame
/// counts events over it.
pub(crate) fn is_since(doc: &Doc<'_>, at: usize) -> bool {
    at > 0 && stem_in(List::Period, doc.items[at - 1].norm)
}

/// The frame's date: the date mention nearest its trigger, dates of
/// statements ("أعلن … أمس") only when no other is given (then `true`).
pub(crate) fn frame_date_weak(doc: &Doc<'_>, f: &Frame) -> Option<(DateValue, bool)> {
    f.dates
        .iter()
        .filter(|d| !is_since(doc, doc.date_items[**d].0))
        .map(|d| {
            let at = doc.date_items[*d].0;
            (*d, is_statement_date(doc, f, at), distance(f, at))
        })
        .min_by_key(|(_, weak, dist)| (*weak, *dist))
        .map(|(d, weak, _)| (doc.analysis.dates[d].value, weak))
}

fn ancestors(lex: &Lexicon, p: u32) -> Vec<u32> {
    let mut out = vec![p];
    let mut cur = lex.places[p as usize].parent;
    while let Some(c) = cur {
        if out.contains(&c) {
            break;
        }
        out.push(c);
        cur = lex.places[c as usize].parent;
    }
    out
}

/// "صحيفة واشنطن بوست": the place mention `m` is part of a newspaper's name.
fn is_press_title(doc: &Doc<'_>, m: usize) -> bool {
    let end = doc.mention_items[m].1;
    doc.items.get(end).is_some_and(|x| stem_in(List::PressTitles, x.norm))
}

/// True when the place at item `at` is where a statement was made.
fn is_speech_place(doc: &Doc<'_>, at: usize) -> bool {
    is_speech_place_within(doc, at, 3)
}

fn is_speech_place_within(doc: &Doc<'_>, at: usize, window: usize) -> bool {
    doc.has_word(at.saturating_sub(window), at, List::SpeechWords)
}

/// "وقال آمر الفوج في ناحية القيارة، إن الضربات …": a place that describes the
/// speaker, between a verb of saying and the "إن" that opens what was said,
/// when the event is told after it.
fn is_speakers_place(doc: &Doc<'_>, f: &Frame, at: usize) -> bool {
    let anchor = f.anchor();
    at < anchor
        && (at + 1..anchor).any(|i| matches!(doc.items[i].norm, "ان" | "بان"))
        && doc.has_word(f.start, at, List::Reporting)
}

/// True when the place at item `at` is where something goes ("إلى
/// القدس", "إلى مدينة عفرين").
fn is_destination(doc: &Doc<'_>, at: usize) -> bool {
    doc.has_word(at.saturating_sub(2), at, List::Destination)
}

/// True when the place at item `at` is named as a landmark.
pub(crate) fn is_reference_point(doc: &Doc<'_>, at: usize) -> bool {
    doc.has_word(at.saturating_sub(2), at, List::NearWords)
}

/// Two places agree when one is the other or lies inside it, or they share
/// a name.
pub(crate) fn places_agree(lex: &Lexicon, a: u32, b: u32) -> bool {
    if a == b || places_nested(lex, a, b) {
        return true;
    }
    let (pa, pb) = (&lex.places[a as usize], &lex.places[b as usize]);
    if pa.names_ar.iter().any(|n| pb.names_ar.contains(n)) {
        return true;
    }
    // A neighbourhood, site or hamlet and its town: within a few kilometres.
    // Two towns are two places, however close.
    let part = |p: &rasd_lexicon::Place| {
        matches!(p.kind, PlaceKind::Neighbourhood | PlaceKind::Site)
            || (p.source == PlaceSource::GeoNames && p.population < 20_000)
    };
    let local =
        |k: PlaceKind| !matches!(k, PlaceKind::Country | PlaceKind::Region | PlaceKind::Province);
    (part(pa) || part(pb))
        && local(pa.kind)
        && local(pb.kind)
        && pa.country == pb.country
        && rasd_core::km([pa.lat, pa.lon], [pb.lat, pb.lon]) < NEAR_KM
}

/// One place lies inside the other ("خان يونس" in "قطاع غزة", a town in
/// its province): they agree, but an event told in each may be two.
pub(crate) fn places_nested(lex: &Lexicon, a: u32, b: u32) -> bool {
    a != b && (ancestors(lex, a).contains(&b) || ancestors(lex, b).contains(&a))
}

/// Places closer than this are one place for an event.
const NEAR_KM: f64 = 15.0;

fn near_landmark(lex: &Lexicon, landmark: u32, p: u32) -> bool {
    let (a, b) = (&lex.places[landmark as usize], &lex.places[p as usize]);
    a.country == b.country && rasd_core::km([a.lat, a.lon], [b.lat, b.lon]) <= LANDMARK_KM
}

fn dates_agree(a: &DateValue, b: &DateValue) -> bool {
    a.start <= b.end && b.start <= a.end
}

enum Fit {
    /// Agrees, and names the same place or date.
    Same,
    /// Nothing disagrees.
    Compatible,
    /// Place or date disagree.
    Conflict,
}

fn fit(
    lex: &Lexicon,
    d: &Draft,
    place: Option<u32>,
    country: &Option<String>,
    date: &Option<DateValue>,
) -> Fit {
    let mut same = false;
    match (d.place, place) {
        (Some(a), Some(b)) => {
            let agree = places_agree(lex, a, b) || (d.place_landmark && near_landmark(lex, a, b));
            if !agree {
                return Fit::Conflict;
            }
            same = true;
        }
        _ => {
            if let (Some(a), Some(b)) = (&d.country, country)
                && a != b
            {
                return Fit::Conflict;
            }
        }
    }
    if let (Some(a), Some(b)) = (&d.date, date) {
        // A statement's date is a few days at most after the event it reports.
        let near_statement = d.date_weak && {
            use jiff::ToSpan;
            let widened =
                DateValue { start: a.start - 3.days(), end: a.end, precision: a.precision };
            dates_agree(&widened, b)
        };
        if !dates_agree(a, b) && !near_statement {
            return Fit::Conflict;
        }
        same |= dates_agree(a, b);
    }
    if same { Fit::Same } else { Fit::Compatible }
}

/// Joins a document's frames into draft events, in text order: each frame
/// joins the event being told, starts one, or lends its details to one.
pub(crate) fn merge(doc: &Doc<'_>, lex: &Lexicon, frames: &[Frame]) -> Vec<Draft> {
    let mut st = State::default();
    for (fi, f) in frames.iter().enumerate() {
        // "إلى ذلك", "في حادث منفصل": what follows is no part of a series told before.
        if f.separate {
            st.series_claims.clear();
        }
        if f.foiled {
            continue;
        }
        let mut x = said(doc, lex, f);
        // A linked article's headline tells its own event and lends nothing.
        if x.link && !f.is_event() {
            continue;
        }
        if !f.is_event() {
            lend_details(lex, frames, &mut st, fi, &x);
            continue;
        }
        // A trend or series with nothing particular about it is no event; a
        // claim or attribution in it goes to the event being told
        // ("وتبنت حركة الشباب مسؤولية الهجمات").
        if f.only_plural() && (x.place.is_none() || f.stats || !x.killed) {
            lend_from_series(doc, lex, &mut st, fi, f, &x);
            continue;
        }
        let numeric_killed = f.facts.iter().any(|x| x.side == Side::Killed && x.value.is_some());
        if is_tally(doc, f, numeric_killed) {
            continue;
        }
        if x.country.is_none()
            && x.place.is_none()
            && let Some((c, placed)) = frame_adjective_country(doc, lex, f)
        {
            x.country = Some(c);
            x.country_placed = placed;
        }
        if retold(doc, lex, &mut st, fi, f, &x, numeric_killed) {
            continue;
        }
        let joined = joined_draft(doc, lex, frames, &st, f, &x);
        let numeric_killed = numeric_killed && (x.place.is_some() || x.date.is_some());
        let enough = if f.triggers.is_empty() {
            numeric_killed
        } else {
            (!x.only_anaphors || (x.place.is_some() && numeric_killed))
                && (f.has_strong_trigger()
                    || x.killed
                    || x.place.is_some()
                    || x.date.is_some()
                    || x.has_perps)
        };
        match joined {
            Some(c) => {
                join(lex, &mut st.drafts[c], fi, &x);
                st.current = Some(c);
            }
            None if enough || st.drafts.is_empty() => open_draft(doc, lex, frames, &mut st, fi, x),
            None => {}
        }
    }
    same_place_and_day(frames, st.drafts)
}

/// What the merge carries from frame to frame.
#[derive(Default)]
struct State {
    drafts: Vec<Draft>,
    /// The draft of the event being told.
    current: Option<usize>,
    /// Frames of a series told before any event, whose claims go to the
    /// events told next.
    series_claims: Vec<usize>,
    /// The day of a series told before any event, and its paragraph.
    series_date: Option<(DateValue, usize)>,
}

/// What a frame says that the merge decides on.
struct Said {
    place: Option<u32>,
    /// The place is a landmark the event was near.
    landmark: bool,
    country: Option<String>,
    /// The country is a place's or a country named as where (see
    /// [`Draft::country_placed`]).
    country_placed: bool,
    date: Option<DateValue>,
    /// The date is a statement's, a fallback for the event's.
    date_weak: bool,
    killed: bool,
    has_perps: bool,
    only_anaphors: bool,
    /// The frame is in a linked article's headline.
    link: bool,
    /// The towns the frame names, landmarks too ("غرب مدينة رفح"): a
    /// round-up's incidents each in its own town of one region stay apart.
    towns: Vec<u32>,
}

/// The place, country, date and other facts of a frame.
fn said(doc: &Doc<'_>, lex: &Lexicon, f: &Frame) -> Said {
    let (place, landmark) = match frame_place_kind(doc, lex, f) {
        Some((p, l)) => (Some(p), l),
        None => (None, false),
    };
    let (country, country_placed) = match frame_country(doc, lex, f, place) {
        Some((c, placed)) => (Some(c), placed),
        None => (None, false),
    };
    let (date, date_weak) = match frame_date_weak(doc, f) {
        Some((d, w)) => (Some(d), w),
        None => (None, false),
    };
    Said {
        place,
        landmark,
        country,
        country_placed,
        date,
        date_weak,
        killed: f.facts.iter().any(|x| x.side == Side::Killed),
        has_perps: !f.perps.is_empty(),
        only_anaphors: !f.triggers.is_empty() && f.triggers.iter().all(|t| t.info.anaphor),
        link: doc.sentences[f.sentence].link_line,
        towns: frame_towns(doc, lex, f),
    }
}

/// The towns and cities a frame names where something happened: not
/// where a statement was made, where something goes, or a newspaper.
fn frame_towns(doc: &Doc<'_>, lex: &Lexicon, f: &Frame) -> Vec<u32> {
    let mut out = Vec::new();
    for m in &f.places {
        let Entity::Place(p) = doc.mention(*m).entity() else { continue };
        let at = doc.mention_items[*m].0;
        let town = matches!(lex.places[p as usize].kind, PlaceKind::City | PlaceKind::Town);
        if town
            && !out.contains(&p)
            && !is_press_title(doc, *m)
            && !is_speech_place(doc, at)
            && !is_speakers_place(doc, f, at)
            && !is_destination(doc, at)
        {
            out.push(p);
        }
    }
    out
}

/// A frame whose towns are all other than the draft's (neither the same
/// nor one inside the other) tells an incident of its own, even when both
/// lie in one region the draft was first told in.
fn towns_apart(lex: &Lexicon, d: &Draft, towns: &[u32]) -> bool {
    !d.towns.is_empty()
        && !towns.is_empty()
        && !towns.iter().any(|a| d.towns.iter().any(|b| places_agree(lex, *a, *b)))
}

/// A frame with no event: its claims, injuries, places and dates told
/// apart from the trigger join the event being told, when they agree with it.
fn lend_details(lex: &Lexicon, frames: &[Frame], st: &mut State, fi: usize, x: &Said) {
    let f = &frames[fi];
    let Some(c) = st.current else { return };
    let drafts = &mut st.drafts;
    let agrees = !matches!(fit(lex, &drafts[c], x.place, &x.country, &x.date), Fit::Conflict);
    if agrees && (x.has_perps || !f.facts.is_empty()) {
        drafts[c].frames.push(fi);
    }
    // A day; a bare year ("التي تشكلت في 2012") dates something else. A
    // day without a place dates the event when it is told on the line of
    // the event's latest part or the next one (not the first part's: the
    // headline is often far above). Across a blank line it stays apart:
    // allowing that lowers the cross-validated figure (docs/quality.md).
    let last = drafts[c].frames.iter().map(|k| frames[*k].paragraph).max().unwrap_or(0);
    // A statement's day gives way to the event's own day told in the
    // same reach ("أعلن الجيش الجمعة مقتل 26 … وكانت الغارات الثلاثاء").
    let undated = drafts[c].date.is_none() || (drafts[c].date_weak && !x.date_weak);
    if agrees
        && undated
        && x.date.is_some_and(|d| d.precision == DatePrecision::Day)
        && (x.place.is_some() || f.paragraph <= last + 1)
    {
        drafts[c].date = x.date;
        drafts[c].date_weak = x.date_weak;
        drafts[c].frames.push(fi);
    }
}

/// A series or trend frame: before any event, its claims and day wait for
/// the events told next; after one, it lends its claim, toll and day to the
/// event being told when they agree.
fn lend_from_series(doc: &Doc<'_>, lex: &Lexicon, st: &mut State, fi: usize, f: &Frame, x: &Said) {
    if st.current.is_none() && x.has_perps {
        st.series_claims.push(fi);
    }
    // "قتل 30 في سلسلة تفجيرات … أول أمس": the day of the parts told next.
    if st.current.is_none()
        && !x.date_weak
        && !f.trend
        && let Some(d) = x.date
    {
        st.series_date = Some((d, f.paragraph));
    }
    if let Some(c) = st.current
        && !f.stats
        && !matches!(fit(lex, &st.drafts[c], x.place, &x.country, &x.date), Fit::Conflict)
    {
        let d = &mut st.drafts[c];
        // "ان 11 شخصا قتلوا و32 أصيبوا، مدينا الهجمات": the toll of the
        // event being told, named with a plural word.
        let toll = f.anaphoric(doc)
            && f.dates.is_empty()
            && f.facts.iter().any(|x| x.value.is_some() && !x.propaganda);
        if x.has_perps || toll {
            d.frames.push(fi);
        }
        // "وشنت طالبان هجمات … صباح الثلاثاء": the date of the event told.
        if x.date.is_some_and(|x| x.precision == DatePrecision::Day)
            && !x.date_weak
            && (d.date.is_none() || d.date_weak)
        {
            d.date = x.date;
            d.date_weak = false;
        }
    }
}

/// A count over a period ("قتل 40 ألفا منذ 1984") or a statistic: no event.
pub(crate) fn is_tally(doc: &Doc<'_>, f: &Frame, numeric_killed: bool) -> bool {
    (f.dates.iter().any(|d| is_since(doc, doc.date_items[*d].0)) && !f.has_strong_trigger())
        || (f.stats && f.facts.iter().any(|x| x.value.is_some_and(|v| v >= 1000)))
        || (f.stats && (f.trend || !f.has_strong_trigger()) && !numeric_killed)
}

/// "الهجوم" again: the event already told, whatever else the sentence
/// names; it fills in the place and date when they agree. True when the
/// frame is done with: joined, or anaphors alone that open no event.
/// (A definite trigger with a place or date of its own that disagrees,
/// "التفجيرين اللذين وقعا في كرمان", tells of another event.)
fn retold(
    doc: &Doc<'_>,
    lex: &Lexicon,
    st: &mut State,
    fi: usize,
    f: &Frame,
    x: &Said,
    numeric_killed: bool,
) -> bool {
    if !(f.anaphoric(doc) && !f.separate && !x.link) {
        return false;
    }
    let (place, country) = (x.place, &x.country);
    // Only another place makes it another event; a date it names may
    // be of something else in the sentence.
    let agrees = st
        .current
        .map(|c| !matches!(fit(lex, &st.drafts[c], place, country, &None), Fit::Conflict));
    if let (Some(c), Some(true)) = (st.current, agrees) {
        let date_agrees =
            !matches!(fit(lex, &st.drafts[c], place, country, &x.date), Fit::Conflict);
        let date = if date_agrees { x.date } else { None };
        let d = &mut st.drafts[c];
        d.frames.push(fi);
        // "في جنوب غزة … القصف الذي طال شرق مدينة رفح": the event told
        // again in a town inside the place it had, as a frame that joins.
        let more_specific = place.zip(d.place).is_some_and(|(p, q)| {
            specificity(lex.places[p as usize].kind) < specificity(lex.places[q as usize].kind)
                && places_agree(lex, p, q)
        });
        if d.place.is_none() || (d.place_landmark && place.is_some() && !x.landmark) {
            d.place = place;
            d.place_landmark = x.landmark;
        } else if more_specific {
            d.place = place;
        }
        // "الهجوم الكيميائي الذي استهدف في 7 نيسان سكان دوما" after a
        // statement's day: the day the event is told again on is its own.
        if d.date.is_none() {
            d.date = date;
        } else if date.is_some() && !x.date_weak && d.date_weak {
            d.date = date;
            d.date_weak = false;
        }
        return true;
    }
    // "الضربات استهدفت … في قرية تل شعير، ما أدى إلى مقتل 28": the
    // strikes again, but in a place of their own with a toll of
    // their own, are an event of their own.
    x.only_anaphors && !(place.is_some() && numeric_killed)
}

/// The draft an event frame joins: the event being told when nothing
/// disagrees, else the latest with the same place or day; none for a
/// separate event or a linked headline.
fn joined_draft(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[Frame],
    st: &State,
    f: &Frame,
    x: &Said,
) -> Option<usize> {
    let drafts = &st.drafts;
    // "كما شنت مقاتلات التحالف غارات على مواقع في مديرية نهم" after the
    // fighting there: fire from afar told after ground fighting (or the
    // other way round) is an event of its own.
    let k = frame_kinds(f);
    let other_kind = |d: &Draft| kinds_apart(kinds(frames, d), k);
    // "وكان التنظيم قد شن هجوما في الثالث من مايو": an earlier event
    // with its own day is not the undated one being told.
    let earlier = is_background(doc, f)
        && !x.date_weak
        && x.date.is_some_and(|d| {
            d.precision == DatePrecision::Day
                && doc.analysis.reference.is_some_and(|r| {
                    use jiff::ToSpan;
                    d.end < r - 2.days()
                })
        });
    // "قتل في هجوم انتحاري استهدف تجمعا في بيشاور في ديسمبر عام 2012":
    // an attack told with a date long past, with or without a word of
    // background, is a recalled one, not the undated news being told.
    let recalled = !x.date_weak
        && x.date.is_some_and(|d| {
            doc.analysis
                .reference
                .is_some_and(|r| (r - d.end).get_days() > crate::RECENT_DAYS as i32)
        });
    // A headline told with no date ("عام على أسوأ تفجير في مقديشو") is
    // the event the body then dates, however long ago.
    let headline_only = |d: &Draft| d.frames.iter().all(|i| frames[*i].in_title);
    let undated = |d: &Draft| (earlier || (recalled && !headline_only(d))) && d.date.is_none();
    if f.separate || x.link {
        None
    } else if let Some(c) = st.current.filter(|c| {
        !undated(&drafts[*c])
            && !other_kind(&drafts[*c])
            && !towns_apart(lex, &drafts[*c], &x.towns)
            && !matches!(fit(lex, &drafts[*c], x.place, &x.country, &x.date), Fit::Conflict)
    }) {
        Some(c)
    } else {
        (0..drafts.len()).rev().find(|i| {
            !undated(&drafts[*i])
                && !other_kind(&drafts[*i])
                && !towns_apart(lex, &drafts[*i], &x.towns)
                && matches!(fit(lex, &drafts[*i], x.place, &x.country, &x.date), Fit::Same)
        })
    }
}

/// A frame joins a draft: a real place replaces a landmark, a more specific
/// one a vaguer; the country and date fill in or improve.
fn join(lex: &Lexicon, d: &mut Draft, fi: usize, x: &Said) {
    let (place, date, date_weak) = (x.place, x.date, x.date_weak);
    d.frames.push(fi);
    for t in &x.towns {
        if !d.towns.contains(t) {
            d.towns.push(*t);
        }
    }
    if let Some(p) = place
        && d.place_landmark
        && !x.landmark
    {
        d.place = Some(p);
        d.place_landmark = false;
    }
    if let Some(p) = place {
        let more_specific = d.place.is_none_or(|q| {
            specificity(lex.places[p as usize].kind) < specificity(lex.places[q as usize].kind)
                && places_agree(lex, p, q)
        });
        if more_specific {
            // A draft with no place yet (a headline told without one) takes
            // the frame's landmark as a landmark.
            if d.place.is_none() {
                d.place_landmark = x.landmark;
            }
            d.place = Some(p);
        }
    }
    if d.country.is_none() {
        d.country = x.country.clone();
        d.country_placed = x.country_placed;
    }
    let better = date.is_some() && !date_weak && (d.date_weak || d.date.is_none());
    if better
        || d.date.is_none()
        || date.is_some_and(|x| d.date.is_some_and(|y| x.precision < y.precision && !date_weak))
    {
        d.date = date.or(d.date);
        d.date_weak = date_weak && d.date == date;
    }
}

/// A frame opens a new draft, with the place and day it inherits when it
/// names none, and the claims of a series told before it.
fn open_draft(doc: &Doc<'_>, lex: &Lexicon, frames: &[Frame], st: &mut State, fi: usize, x: Said) {
    let f = &frames[fi];
    let (place, country, country_placed) = match x.place {
        Some(p) => (Some(p), x.country, x.country_placed),
        None => inherited_place(doc, lex, frames, &st.drafts, fi, x.country, x.country_placed),
    };
    let claims_from = st
        .series_claims
        .iter()
        .copied()
        .filter(|c| f.paragraph <= frames[*c].paragraph + SERIES_CLAIM_REACH)
        .collect();
    let (date, date_weak) = inherited_date(doc, frames, st.series_date, fi, x.date, x.date_weak);
    // `landmark` is only set for the frame's own place, never an inherited one.
    st.drafts.push(Draft {
        frames: vec![fi],
        place,
        country,
        country_placed,
        date,
        date_weak,
        place_landmark: x.landmark,
        claims_from,
        towns: x.towns,
    });
    // The body goes on with the event it was telling.
    if !x.link {
        st.current = Some(st.drafts.len() - 1);
    }
}

/// A new event told without a place takes the place named just before it
/// in the same paragraph ("في المدينة"), else the article's first event's,
/// when in the same country.
fn inherited_place(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[Frame],
    drafts: &[Draft],
    fi: usize,
    country: Option<String>,
    placed: bool,
) -> (Option<u32>, Option<String>, bool) {
    let f = &frames[fi];
    let inherited = frames[..fi]
        .iter()
        .rev()
        .take_while(|g| g.paragraph == f.paragraph)
        .find_map(|g| frame_place(doc, lex, g));
    // Else the place of the article's first event, in the same country.
    let inherited = inherited.or_else(|| drafts.first().and_then(|d| d.place));
    match inherited {
        Some(p) if country.as_ref().is_none_or(|c| *c == lex.places[p as usize].country) => {
            (Some(p), Some(lex.places[p as usize].country.clone()), true)
        }
        _ => (None, country, placed),
    }
}

/// A new event told without a date takes the day of a series told just
/// before, or the day the previous report of a list told.
fn inherited_date(
    doc: &Doc<'_>,
    frames: &[Frame],
    series_date: Option<(DateValue, usize)>,
    fi: usize,
    date: Option<DateValue>,
    date_weak: bool,
) -> (Option<DateValue>, bool) {
    let f = &frames[fi];
    match (date, series_date) {
        (None, Some((d, p))) if f.paragraph <= p + SERIES_CLAIM_REACH => (Some(d), false),
        // "… لهجومين ليل الاثنين. وفي إقليم أجدير، أطلق مسلحون النار":
        // a report that opens on its place goes on the day just told.
        (None, _) if opens_on_place(doc, f) && fi > 0 => {
            let prev = &frames[fi - 1];
            match frame_date_weak(doc, prev) {
                Some((d, false))
                    if prev.paragraph == f.paragraph
                        && prev.is_event()
                        && d.precision == DatePrecision::Day =>
                {
                    (Some(d), false)
                }
                _ => (date, date_weak),
            }
        }
        _ => (date, date_weak),
    }
}

/// The frame opens "وفي <place>،": one report in a list of the day's.
fn opens_on_place(doc: &Doc<'_>, f: &Frame) -> bool {
    let w = |i: usize| (i < f.end).then(|| doc.items[i].norm);
    let after = match (w(f.start), w(f.start + 1)) {
        (Some("وفي"), _) => f.start + 1,
        (Some("و"), Some("في")) => f.start + 2,
        _ => return false,
    };
    f.places.iter().any(|m| {
        let at = doc.mention_items[*m].0;
        at >= after && at <= after + 2
    })
}

/// The frame tells an earlier event: a background word ("وكان", "سبق أن")
/// stands at its start or before its first trigger.
fn is_background(doc: &Doc<'_>, f: &Frame) -> bool {
    let s = &doc.sentences[f.sentence];
    let to = f.triggers.first().map(|t| t.at).unwrap_or(f.end);
    s.cues_in(Cue::Background, f.start, to).next().is_some()
}

/// The kinds of violence the frame that opened a draft tells: fire from
/// afar (air strikes, shelling) and fighting on the ground (clashes,
/// assaults). Later frames often retell the day's other kind ("بالتزامن
/// مع اشتداد المعارك").
fn kinds(frames: &[Frame], d: &Draft) -> (bool, bool) {
    d.frames.first().map_or((false, false), |f| frame_kinds(&frames[*f]))
}

/// The kinds of violence one frame tells (see [`kinds`]).
fn frame_kinds(f: &Frame) -> (bool, bool) {
    let any = |fam: bool| f.triggers.iter().any(|t| family(t.info.ty) == Some(fam));
    (any(true), any(false))
}

/// One tells only fire from afar, the other only fighting on the ground.
fn kinds_apart(a: (bool, bool), b: (bool, bool)) -> bool {
    (a.0 && !a.1 && b.1 && !b.0) || (a.1 && !a.0 && b.0 && !b.1)
}

/// Several blasts in one town on one day are one event: drafts told apart
/// (a quote between them, a stray date) that name the same place and the
/// same day are joined, unless one tells only strikes or shelling and the
/// other only fighting on the ground ("معارك في مديرية نهم" and, told
/// apart, "غارات على مواقع … جنوب صنعاء" the same day): a round-up's
/// ground fighting and its strikes are events of their own. A draft opened
/// by a word of separation ("وفي غارة أخرى", "في حادث منفصل", "إلى ذلك")
/// is another incident, whatever its place and day.
fn same_place_and_day(frames: &[Frame], drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    // The drafts of each place and day, found by a lookup rather than
    // a scan of every draft kept (a scan made long, event-dense texts take
    // quadratic time).
    let mut first: HashMap<(u32, jiff::civil::Date, jiff::civil::Date), Vec<usize>> =
        HashMap::new();
    let mut grown: Vec<bool> = Vec::new();
    let mut kind: Vec<(bool, bool)> = Vec::new();
    for d in drafts {
        let key = match (d.place, d.date) {
            (Some(p), Some(x)) if x.precision == DatePrecision::Day => Some((p, x.start, x.end)),
            _ => None,
        };
        let k = kinds(frames, &d);
        let separate = d.frames.first().is_some_and(|f| frames[*f].separate);
        let apart = |o: (bool, bool)| separate || kinds_apart(o, k);
        let into = key
            .and_then(|key| first.get(&key))
            .and_then(|is| is.iter().copied().find(|i| !apart(kind[*i])));
        match into {
            Some(i) => {
                let o = &mut out[i];
                o.frames.extend(d.frames);
                grown[i] = true;
                o.date_weak &= d.date_weak;
                for c in d.claims_from {
                    if !o.claims_from.contains(&c) {
                        o.claims_from.push(c);
                    }
                }
            }
            None => {
                if let Some(key) = key {
                    first.entry(key).or_default().push(out.len());
                }
                out.push(d);
                grown.push(false);
                kind.push(k);
            }
        }
    }
    for (o, g) in out.iter_mut().zip(grown) {
        if g {
            o.frames.sort_unstable();
        }
    }
    out
}
