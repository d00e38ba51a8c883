//! Drafts into events: each field chosen from the event's frames, with the
//! words it came from.

use rasd_core::{Count, CountQualifier, Event, EventType, Evidence, Perpetrator, Span, Status};
use rasd_lexicon::{Entity, Lexicon, PlaceKind};

use crate::annotate::Doc;
use crate::casualty::{Fact, Side};
use crate::features::{self, Built};
use crate::frame::{Frame, family};
use crate::lists::{List, has, stem_in, words};
use crate::merge::Draft;
use crate::model::{Decision, Model, Weights};

fn evidence(doc: &Doc<'_>, span: Span, rule: impl Into<String>) -> Evidence {
    Evidence { span, text: span.of(doc.text).to_string(), rule: rule.into() }
}

/// The type: suicide if any frame says so; else the specific method named
/// most often (a later paragraph may name it); else a plain attack. A bare
/// bombardment ("قصف", "القصف") names no means: in an event whose words
/// name air strikes ("غارات", "الضربات الجوية") it is theirs, and counts
/// for them, not for shelling; so do missiles ("صواريخ"), which the
/// aircraft fired. The attack an event answered ("ردا على") names no method
/// of it, and clashes among protesters are an assault on them.
fn event_type(doc: &Doc<'_>, frames: &[&Frame]) -> (EventType, Option<Span>) {
    use EventType::*;
    let words_of =
        |l: List| frames.iter().any(|f| (f.start..f.end).any(|i| stem_in(l, doc.items[i].norm)));
    // A method named only as the attack this one answered ("ردا على إطلاق
    // صواريخ") is not this one's, when the event names another.
    let told: Vec<_> = frames.iter().flat_map(|f| f.triggers.iter()).collect();
    let own = told.iter().any(|t| !t.response && t.info.ty != Attack);
    let all: Vec<_> = told.into_iter().filter(|t| !own || !t.response).collect();
    // Clashes in an event whose sentences tell of protesters are an assault
    // on them ("مواجهات غزة", the soldiers who met the protest with bullets).
    let protest = words_of(List::Protest);
    if let Some(t) = all.iter().find(|t| t.info.ty == SuicideBombing) {
        return (SuicideBombing, Some(Span { start: 0, end: 0 }).map(|_| span_of_trigger(t)));
    }
    let air = all.iter().any(|t| t.info.ty == AirStrike);
    // Missiles in an event that names an air strike outright are the
    // aircraft's ("شن غارات … أطلقت الطائرات صواريخ"), not artillery's.
    let air_named = all.iter().any(|t| t.info.ty == AirStrike && t.info.strong);
    let missile = |t: &crate::annotate::Trigger| {
        (t.at..t.end).any(|i| stem_in(List::Missiles, doc.items[i].norm))
    };
    let ty_of = |t: &crate::annotate::Trigger| match t.info.ty {
        Shelling if t.bare && air => AirStrike,
        Shelling if air_named && missile(t) => AirStrike,
        ArmedClash if protest => ArmedAssault,
        ty => ty,
    };
    const ORDER: [EventType; 8] =
        [Bombing, Assassination, Kidnapping, AirStrike, Shelling, ArmedAssault, ArmedClash, Attack];
    // The method named most often; among equals, the one named first.
    let mut best: Option<(usize, usize, EventType)> = None;
    for ty in ORDER.iter() {
        let n = all.iter().filter(|t| ty_of(t) == *ty && t.info.strong).count();
        let first = all.iter().position(|t| ty_of(t) == *ty && t.info.strong).unwrap_or(usize::MAX);
        if n > 0 && best.is_none_or(|b| n > b.0 || (n == b.0 && first < b.1)) {
            best = Some((n, first, *ty));
        }
    }
    // No method named outright: the type a weaker word implies ("الضربات").
    let ty = best
        .map(|b| b.2)
        .or_else(|| all.iter().map(|t| ty_of(t)).find(|t| *t != Attack))
        .unwrap_or(Attack);
    let span = all.iter().find(|t| ty_of(t) == ty).map(|t| span_of_trigger(t));
    (ty, span)
}

fn span_of_trigger(t: &crate::annotate::Trigger) -> Span {
    // Filled in by the caller with item spans; kept as a marker here.
    Span { start: t.at as u32, end: t.end as u32 }
}

fn item_span(doc: &Doc<'_>, items: Span) -> Span {
    let (a, b) = (items.start as usize, items.end as usize);
    doc.items[a].span.cover(doc.items[b - 1].span)
}

/// The count of one side: the last rising toll if the article gives one,
/// else the largest figure (breakdowns are smaller), the latest of equals;
/// vague words only when no figure is given.
/// More dead or wounded than any one attack of the modern record has left
/// (the deadliest, 11 September 2001, about 3,000): a figure above it is a
/// war's, a campaign's or a period's ("80 ألف قتيل"), told beside the
/// event, and no toll of it.
const MAX_ONE_INCIDENT: u32 = 5_000;

/// True for a count one incident can have.
fn one_incidents(c: &Count) -> bool {
    c.value.is_none_or(|v| v <= MAX_ONE_INCIDENT)
}

fn count(doc: &Doc<'_>, facts: &[&Fact], side: Side) -> Option<Count> {
    let victims: Vec<&Fact> = facts.iter().copied().filter(|f| !f.attackers).collect();
    let attackers: Vec<&Fact> = facts.iter().copied().filter(|f| f.attackers).collect();
    let main = count_of(doc, &victims, side);
    let extra = if side == Side::Killed { count_of(doc, &attackers, side) } else { None };
    match (main, extra) {
        // "4 policemen and the 4 attackers": all sides together.
        // Only the attackers' figure ("مقتل 28 من مسلحي التنظيم" in a strike on
        // them): that is the toll.
        (Some(m), Some(x)) if m.value.is_none() && x.value.is_some() => Some(x),
        // … unless the total says it includes them.
        (Some(m), Some(_)) if victims.iter().any(|f| f.with_attackers && f.value == m.value) => {
            Some(m)
        }
        // "100 قتيل بغارات" in the headline, "قتل أكثر من 100 مسلح" in the
        // body: the headline's figure is the attackers' told again, not
        // more dead beside them.
        (Some(m), Some(x))
            if m.value.is_some()
                && m.value == x.value
                && victims
                    .iter()
                    .filter(|f| f.side == side && f.value == m.value)
                    .all(|f| in_title(doc, f)) =>
        {
            Some(x)
        }
        (Some(mut m), Some(x)) if m.value.is_some() && x.value.is_some() => {
            m.value = Some(m.value.unwrap_or(0) + x.value.unwrap_or(0));
            // A sum is one incident's toll only if each part is: the
            // attackers' figure of a battle report or a campaign, added to
            // another episode's dead (128 in a day's raids and clashes, 35
            // in a foiled infiltration), makes no attack's toll. The first
            // evidence carries the mark, as the store reads it there.
            if let (Some(first), Some(mark)) = (m.evidence.first_mut(), not_own_mark(&x))
                && not_own_mark_rule(&first.rule).is_none()
            {
                first.rule = format!("{} ({mark})", first.rule);
            }
            if matches!(x.qualifier, CountQualifier::AtLeast | CountQualifier::MoreThan) {
                m.qualifier = x.qualifier;
            }
            m.evidence.extend(x.evidence.into_iter().map(|mut e| {
                e.rule = format!("{} (attackers, added)", e.rule);
                e
            }));
            Some(m)
        }
        (Some(m), _) => Some(m),
        (None, x) => x,
    }
}

/// "قتل 13 من الحوثيين و9 من القوات" and "22 من المسلحين الحوثيين قتلوا":
/// the attackers' figure equal to the victims' and naming the same people
/// is the victims' told again, not more dead beside them; their count alone
/// then, when [`count`] added the two. Read on the kept events only, after
/// the decisions, which read the tolls as the rules give them.
fn told_again(doc: &Doc<'_>, facts: &[&Fact], killed: Option<&Count>) -> Option<Count> {
    let victims: Vec<&Fact> = facts.iter().copied().filter(|f| !f.attackers).collect();
    let attackers: Vec<&Fact> = facts.iter().copied().filter(|f| f.attackers).collect();
    let m = count_of(doc, &victims, Side::Killed)?;
    let x = count_of(doc, &attackers, Side::Killed)?;
    let v = m.value.filter(|v| x.value == Some(*v))?;
    let added = killed.and_then(|k| k.value) == Some(v + v);
    let same = victims.iter().filter(|f| f.side == Side::Killed && f.value == Some(v)).any(|f| {
        attackers
            .iter()
            .filter(|a| a.side == Side::Killed && a.value == Some(v))
            .any(|a| crate::casualty::same_people(doc, f, a))
    });
    (added && same).then_some(m)
}

/// True when a fact is read from the headline.
fn in_title(doc: &Doc<'_>, f: &Fact) -> bool {
    let si = doc.sentences.partition_point(|s| s.end <= f.at);
    doc.sentences.get(si).is_some_and(|s| s.in_title)
}

fn count_of(doc: &Doc<'_>, facts: &[&Fact], side: Side) -> Option<Count> {
    // The perpetrator's own figures count only when nobody else gives one.
    let independent =
        facts.iter().any(|f| f.side == side && !f.subset && !f.propaganda && f.value.is_some());
    let of_side: Vec<&&Fact> = facts
        .iter()
        .filter(|f| f.side == side && !f.subset && (!independent || !f.propaganda))
        .collect();
    // A figure no one incident can have is a war's or a period's, told
    // beside the event: it is no candidate, and leaves the incident's own.
    let numeric: Vec<&&Fact> = of_side
        .iter()
        .copied()
        .filter(|f| f.value.is_some_and(|v| v <= MAX_ONE_INCIDENT))
        .collect();
    // "منذ بدء الحرب", "خلال الشهر", "منذ تكثيف الحملة", "حصيلة قتلى
    // العملية العسكرية": a running total is the toll only when no other
    // figure is given.
    let incident: Vec<&&Fact> = numeric
        .iter()
        .copied()
        .filter(|f| {
            !crate::casualty::running_total(doc, f)
                && crate::own_toll::not_own(doc, f) != Some(crate::own_toll::NotOwn::RunningTotal)
        })
        .collect();
    let numeric = if incident.is_empty() { numeric } else { incident };
    // "حصيلة أولية", "حصيلة سابقة": an earlier report gives way to any
    // later figure of the event.
    let current: Vec<&&Fact> = numeric.iter().copied().filter(|f| !f.earlier).collect();
    let numeric = if current.is_empty() { numeric } else { current };
    let chosen = if let Some(f) = numeric.iter().rev().find(|f| f.update) {
        Some(**f)
    } else {
        let max = numeric.iter().map(|f| f.value).max().flatten();
        numeric
            .iter()
            .rev()
            .find(|f| f.value == max)
            .map(|f| **f)
            .or_else(|| of_side.first().map(|f| **f))
    }?;
    // The watch must not read a running total, or a toll recalled from an
    // earlier event, as an incident's toll: the rule says so when the
    // figure chosen is one, or is a headline's figure the body tells as one
    // (the choice itself is unchanged).
    let not_own = if chosen.value.is_none() {
        None
    } else {
        crate::own_toll::reading(doc, chosen)
            .or_else(|| crate::own_toll::as_the_body_tells(doc, chosen))
    };
    let rule = match not_own {
        Some(n) => format!("{} ({})", chosen.rule, crate::own_toll::marker(n)),
        None => chosen.rule.to_string(),
    };
    // "مقتل 8" in the headline, "8 أشخاص على الأقل" in the body: the same
    // figure told once with a hedge is a hedged figure.
    let qualifier = match chosen.value {
        None => CountQualifier::Vague,
        Some(_) if chosen.qualifier == CountQualifier::Exact => numeric
            .iter()
            .filter(|f| f.value == chosen.value)
            .map(|f| f.qualifier)
            .find(|q| matches!(q, CountQualifier::AtLeast | CountQualifier::MoreThan))
            .unwrap_or(chosen.qualifier),
        Some(_) => chosen.qualifier,
    };
    Some(Count { value: chosen.value, qualifier, evidence: vec![evidence(doc, chosen.span, rule)] })
}

/// The marker of a figure that is not one incident's toll, if `c`'s
/// evidence carries one.
fn not_own_mark(c: &Count) -> Option<&'static str> {
    c.evidence.iter().find_map(|e| not_own_mark_rule(&e.rule))
}

fn not_own_mark_rule(rule: &str) -> Option<&'static str> {
    [rasd_core::RUNNING_TOTAL, rasd_core::RECALLED_TOLL, rasd_core::BATTLE_TOTAL]
        .into_iter()
        .find(|m| rule.contains(&format!("({m})")))
}

/// Claimed before attributed before suspected: the strongest tie first.
pub(crate) fn status_rank(s: Status) -> u8 {
    match s {
        Status::Claimed => 0,
        Status::Attributed => 1,
        Status::Suspected => 2,
    }
}

/// The plain English name of a perpetrator; a generic force takes the
/// event's country ("قوات الأمن" in Afghanistan: Afghan security forces).
fn perp_name(lex: &Lexicon, e: Entity, country: Option<&str>) -> String {
    let country = force_country(lex, e, country);
    if let Entity::Actor(a) = e {
        let actor = &lex.actors[a as usize];
        if let (Some(pattern), Some(c)) = (&actor.pattern, country)
            && let Some(d) = lex.demonyms.iter().find(|d| d.code == c)
        {
            return pattern.replace("{}", &d.adjective_en);
        }
    }
    lex.name(e).to_string()
}

/// The country a generic force is named after: the event's, unless the
/// event's country is a territory whose army is another state's (list
/// `army_of_another`: "الجيش" and "الجنود" in Gaza are Israel's, not a
/// "Palestinian army"); its police and security forces stay its own.
fn force_country<'c>(lex: &Lexicon, e: Entity, country: Option<&'c str>) -> Option<&'c str> {
    let Entity::Actor(a) = e else { return country };
    let c = country?;
    if !matches!(lex.actors[a as usize].id.as_str(), "army" | "air-force") {
        return Some(c);
    }
    let other = words(List::ArmyOfAnother)
        .iter()
        .find_map(|w| w.split_once('>').filter(|(t, _)| *t == c).map(|(_, s)| s));
    Some(other.unwrap_or(c))
}

/// The id of a perpetrator: a generic force named after the event's
/// country takes the country too (`actor:army:YE`), as its name does.
fn perp_id(lex: &Lexicon, e: Entity, country: Option<&str>) -> String {
    let country = force_country(lex, e, country);
    let id = lex.entity_id(e);
    if let (Entity::Actor(a), Some(c)) = (e, country)
        && lex.actors[a as usize].pattern.is_some()
        && lex.actors[a as usize].country.is_none()
        && lex.demonyms.iter().any(|d| d.code == c)
    {
        return format!("{id}:{c}");
    }
    id
}

/// The frames whose authors an event of type `ty` takes: strikes and
/// ground fighting told in one article are often merged into one event
/// ("غارات للتحالف … واشتباكات بين الجيش والحوثيين"), and the event then
/// carried both sides' authors. When the frames of the event's own family
/// name an author, a frame that tells only the other family lends none.
fn own_family_frames(ty: EventType, frames: Vec<&Frame>) -> Vec<&Frame> {
    own_family_frames_by(ty, frames, |f| !f.perps.is_empty())
}

/// [`own_family_frames`], with `named` telling whether a frame names an
/// author (its own rules' or the late rules').
fn own_family_frames_by(
    ty: EventType,
    frames: Vec<&Frame>,
    named: impl Fn(&Frame) -> bool,
) -> Vec<&Frame> {
    let Some(own) = family(ty) else { return frames };
    let of = |f: &Frame, fam: bool| f.triggers.iter().any(|t| family(t.info.ty) == Some(fam));
    // A strike's event takes no author from a frame of fighting or of an
    // attack named no closer ("شنت القوات الحكومية هجوما"): the authors of
    // fire from afar are named beside it.
    let other_only = |f: &Frame| {
        if own { !f.triggers.is_empty() && !of(f, own) } else { of(f, !own) && !of(f, own) }
    };
    if !frames.iter().any(|f| of(f, own) && named(f)) {
        return frames;
    }
    frames.into_iter().filter(|f| !other_only(f)).collect()
}

/// The frames an event's authors are read from: its own (`fs`) and the
/// claims the draft took from elsewhere, less those that tell only the
/// other family of violence ([`own_family_frames`]).
fn author_frames<'f>(
    frames: &'f [Frame],
    fs: &[&'f Frame],
    d: &Draft,
    ty: EventType,
) -> Vec<&'f Frame> {
    own_family_frames(
        ty,
        fs.iter().copied().chain(d.claims_from.iter().map(|i| &frames[*i])).collect(),
    )
}

fn perpetrators(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[&Frame],
    denied: &[Entity],
    country: Option<&str>,
) -> Vec<Perpetrator> {
    perpetrators_of(doc, lex, frames, denied, country, false)
}

/// The authors of an event as [`perpetrators`] names them, from the frames'
/// late authors when `late`: a state that denies an attack it is suspected
/// of stays suspected ("Damascus denies, the EU says the evidence points to
/// it").
fn perpetrators_of(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[&Frame],
    denied: &[Entity],
    country: Option<&str>,
    late: bool,
) -> Vec<Perpetrator> {
    let mut best: Vec<(Entity, Status, Vec<String>, Vec<Evidence>)> = Vec::new();
    for f in frames {
        let hits = if late { &f.late_perps } else { &f.perps };
        // "لكن الجماعة لم تتبن ذلك الهجوم": no claim in the sentence that says so.
        for h in hits.iter().filter(|h| !(f.no_claim && h.status == Status::Claimed)) {
            match best.iter_mut().find(|b| b.0 == h.entity) {
                Some(b) => {
                    if status_rank(h.status) < status_rank(b.1) {
                        b.1 = h.status;
                    }
                    if !b.2.contains(&h.surface) {
                        b.2.push(h.surface.clone());
                    }
                    b.3.push(evidence(doc, h.span, h.rule));
                }
                None => best.push((
                    h.entity,
                    h.status,
                    vec![h.surface.clone()],
                    vec![evidence(doc, h.span, h.rule)],
                )),
            }
        }
    }
    let no_claim = frames.iter().any(|f| f.no_claim);
    // A group and the larger group it belongs to: keep the more precise one.
    let entities: Vec<Entity> = best.iter().map(|b| b.0).collect();
    best.retain(|(e, status, _, _)| {
        if denied.contains(e)
            && *status != Status::Claimed
            && !(late && *status == Status::Suspected)
        {
            return false;
        }
        if no_claim && *status == Status::Claimed {
            return false;
        }
        if let Entity::Group(g) = e {
            let is_parent_of_other = entities.iter().any(|o| match o {
                Entity::Group(c) => lex.groups[*c as usize].parent == Some(*g),
                _ => false,
            });
            if is_parent_of_other {
                return false;
            }
        }
        true
    });
    best.into_iter()
        .map(|(e, status, aliases, evidence)| {
            let mut aliases = aliases;
            if let Entity::Group(g) = e {
                for a in &lex.groups[g as usize].aliases_en {
                    if !aliases.contains(a) {
                        aliases.push(a.clone());
                    }
                }
            }
            Perpetrator {
                name: perp_name(lex, e, country),
                name_ar: aliases.first().cloned(),
                aliases,
                status,
                id: Some(perp_id(lex, e, country)),
                evidence,
            }
        })
        .collect()
}

/// An air strike's authors less the armed groups named beside a state's
/// force or a coalition: a group has no aircraft, so the group named with
/// the strike ("غارات التحالف على مواقع الحوثيين", "غارة إسرائيلية على
/// موقع لحماس") is what it hit, not who carried it out.
fn strike_targets_out(ty: EventType, perpetrators: &mut Vec<Perpetrator>) {
    let group = |p: &Perpetrator| p.id.as_deref().is_some_and(|id| id.starts_with("group:"));
    if ty == EventType::AirStrike && perpetrators.iter().any(|p| !group(p)) {
        perpetrators.retain(|p| !group(p));
    }
}

/// A clash's authors less the armed groups that are only named as a side
/// of it beside a state's force ("مواجهات بين القوات الحكومية وميليشيات
/// الحوثي"): a state's forces are tied to a clash only where it is said to
/// be theirs, and the reports name the side that attacked, which the
/// article's force is more often than the group it fought.
fn clash_sides_out(ty: EventType, perpetrators: &mut Vec<Perpetrator>) {
    let group = |p: &Perpetrator| p.id.as_deref().is_some_and(|id| id.starts_with("group:"));
    let only_a_side =
        |p: &Perpetrator| p.evidence.iter().all(|e| e.rule == crate::perp::CLASH_SIDE);
    if ty == EventType::ArmedClash && perpetrators.iter().any(|p| !group(p)) {
        perpetrators.retain(|p| !(group(p) && only_a_side(p)));
    }
}

/// The candidate authors of the event built from draft `di` (told by
/// `frame_ids`) whose own sentences name none ([`crate::authors`]), each
/// as the event would name it, with the features of [`Decision::Perp`].
fn author_rows(
    x: &Inputs<'_, '_>,
    drafts: &[Draft],
    di: usize,
    frame_ids: &[usize],
    event: &Event,
) -> Vec<(Perpetrator, Vec<f64>)> {
    let (doc, lex) = (x.doc, x.lex);
    let country = event.country.as_deref();
    let t = crate::authors::Target { ty: event.event_type, country, draft: di, frame_ids };
    let all = crate::authors::candidates(doc, lex, x.frames, drafts, x.denied, &t);
    (0..all.len())
        .map(|i| {
            let c = &all[i];
            let mut aliases = vec![c.surface.clone()];
            if let Entity::Group(g) = c.entity {
                for a in &lex.groups[g as usize].aliases_en {
                    if !aliases.contains(a) {
                        aliases.push(a.clone());
                    }
                }
            }
            let p = Perpetrator {
                name: perp_name(lex, c.entity, country),
                name_ar: Some(c.surface.clone()),
                aliases,
                status: crate::authors::status(c),
                id: Some(perp_id(lex, c.entity, country)),
                evidence: vec![evidence(doc, c.span, "author named elsewhere in the article")],
            };
            (p, features::perp(&all, i, event.event_type))
        })
        .collect()
}

/// An event whose sentences name no author takes the candidate named
/// elsewhere in the article that the model scores highest, when it reaches
/// the threshold.
fn choose_author(
    x: &Inputs<'_, '_>,
    drafts: &[Draft],
    di: usize,
    frame_ids: &[usize],
    event: &mut Event,
    w: &Weights,
) {
    if !event.perpetrators.is_empty() || w.threshold >= 1.0 {
        return;
    }
    let rows = author_rows(x, drafts, di, frame_ids, event);
    let best = rows.into_iter().map(|(p, f)| (w.prob(&f), p, f)).max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((p, mut author, f)) = best.filter(|b| b.0 >= w.threshold) {
        let top = w.top(Decision::Perp, &f, 3);
        let top: Vec<String> = top.iter().map(|(n, c)| format!("{n} {c:+.2}")).collect();
        for e in &mut author.evidence {
            e.rule = format!("{}, chosen by the model, p {p:.2} ({})", e.rule, top.join(", "));
        }
        event.perpetrators.push(author);
    }
}

/// "Several blasts in one town are one event with the combined toll": when
/// the event's frames tell, each with its own trigger, blasts in two or more
/// different neighbourhoods of the town with a toll each ("بغداد الجديدة" 19,
/// "الزعفرانية" 4), the toll is their sum.
fn blasts_in_neighbourhoods(doc: &Doc<'_>, lex: &Lexicon, fs: &[&Frame]) -> Option<Count> {
    let mut parts: Vec<(u32, Vec<&Fact>)> = Vec::new();
    for f in fs {
        if f.anaphoric(doc) || !f.has_strong_trigger() {
            continue;
        }
        let neighbourhood = f.places.iter().find_map(|m| match doc.mention(*m).entity() {
            Entity::Place(p) if lex.places[p as usize].kind == PlaceKind::Neighbourhood => Some(p),
            _ => None,
        });
        let Some(p) = neighbourhood else { continue };
        let tolls: Vec<&Fact> = f
            .facts
            .iter()
            .filter(|x| {
                x.side == Side::Killed
                    && x.value.is_some()
                    && !x.subset
                    && !x.propaganda
                    && !x.attackers
            })
            .collect();
        if tolls.is_empty() {
            continue;
        }
        match parts.iter_mut().find(|(q, _)| *q == p) {
            Some((_, v)) => v.extend(tolls),
            None => parts.push((p, tolls)),
        }
    }
    if parts.len() < 2 {
        return None;
    }
    let mut total: Option<Count> = None;
    for (_, facts) in &parts {
        let c = count_of(doc, facts, Side::Killed)?;
        total = Some(match total {
            None => c,
            Some(mut t) => {
                t.value = Some(t.value.unwrap_or(0) + c.value?);
                if matches!(c.qualifier, CountQualifier::AtLeast | CountQualifier::MoreThan) {
                    t.qualifier = c.qualifier;
                }
                t.evidence.extend(c.evidence);
                t
            }
        });
    }
    total
}

/// The headline's draft, else the first.
fn main_draft(frames: &[Frame], drafts: &[Draft]) -> Option<usize> {
    drafts
        .iter()
        .position(|d| d.frames.iter().any(|f| frames[*f].in_title))
        .or(if drafts.is_empty() { None } else { Some(0) })
}

/// The headline tells a count over a period or of thousands ("حصيلة سبع
/// سنوات من الحرب: أكثر من 350 ألف قتيل", "أكثر من ألف قتيل في النصف
/// الأول من 2018"), which opens no draft: the article's subject is the
/// count, so the first draft that stands in for the headline's tells no
/// incident of its own: it is dropped (the other drafts are decided by the
/// model as before).
fn headline_tally(doc: &Doc<'_>, frames: &[Frame]) -> bool {
    frames.iter().any(|f| {
        let numeric_killed = f.facts.iter().any(|x| x.side == Side::Killed && x.value.is_some());
        // A count over a period, since a day or of thousands: not "عشرات"
        // alone ("مقتل عشرات المسلحين في الساحل" is the day's fighting),
        // nor a wave of attacks whose parts the body tells.
        let period = f.trend
            || f.dates.iter().any(|d| crate::merge::is_since(doc, doc.date_items[*d].0))
            || f.facts.iter().any(|x| x.value.is_some_and(|v| v >= 1000));
        f.in_title && f.is_event() && period && crate::merge::is_tally(doc, f, numeric_killed)
    })
}

/// Everything one draft's event needs from the article.
struct Inputs<'x, 'd> {
    doc: &'x Doc<'d>,
    lex: &'x Lexicon,
    frames: &'x [Frame],
    denied: &'x [Entity],
    article_country: Option<&'x str>,
    /// The learned target decision; none in training (the rules' choice).
    target: Option<&'x Weights>,
}

impl<'x, 'd> Inputs<'x, 'd> {
    fn new(
        doc: &'x Doc<'d>,
        lex: &'x Lexicon,
        frames: &'x [Frame],
        denied: &'x [Entity],
        target: Option<&'x Weights>,
    ) -> Inputs<'x, 'd> {
        Inputs { doc, lex, frames, denied, article_country: doc.article_country(), target }
    }
}

/// What the learned decisions read of one draft.
pub(crate) struct Candidate {
    /// Features of [`Decision::Event`].
    pub(crate) event_x: Vec<f64>,
    /// Features of [`Decision::Merge`] against the main draft (none for
    /// the main draft itself).
    pub(crate) merge_x: Option<Vec<f64>>,
}

/// The place fields of an event: the place, its other names and the
/// places around it named beside it, with the mention it was read from.
struct PlaceFields<'l> {
    place: Option<&'l rasd_lexicon::Place>,
    mention: Option<usize>,
    alt: Vec<String>,
    country: Option<String>,
    /// Where the country was read: the place's, one the event names, or
    /// the article's main country.
    country_rule: &'static str,
    /// A name no gazetteer holds after a town noun ("مديرية القبيطة"),
    /// when the event names no town of the gazetteer: the event's place,
    /// inside `place`. Its items.
    town: Option<Span>,
}

/// The event's country and where it was read: its place's; else one the
/// event names as where it happened ("في سوريا", "الأراضي السورية"); else,
/// for the headline's event, the country of the article's towns and
/// provinces when the event's own country is only a state that acts or
/// speaks, a victim's or an attacker's adjective, or the article's main
/// country ("قتل 20 فلسطينيا برصاص القوات الإسرائيلية" in an article
/// about Gaza); else that country. A background event keeps its own: a
/// recalled attack is often in another country than the article's story.
fn event_country(x: &Inputs<'_, '_>, d: &Draft, main: bool) -> (Option<String>, &'static str) {
    let lex = x.lex;
    if let Some(c) =
        d.place.map(|p| lex.places[p as usize].country.clone()).filter(|c| !c.is_empty())
    {
        return (Some(c), "the place's");
    }
    let (c, rule) = match d.country.clone() {
        Some(c) if d.country_placed => return (Some(c), "named as where in the event"),
        Some(c) => (Some(c), "named in the event"),
        None => (x.article_country.map(String::from), "the article's main country"),
    };
    match x.doc.places_country() {
        Some(p) if main && c.as_deref() != Some(p) => {
            (Some(p.to_string()), "the country of the article's places")
        }
        _ => (c, rule),
    }
}

fn place_fields<'l>(
    x: &Inputs<'_, '_>,
    lex: &'l Lexicon,
    d: &Draft,
    fs: &[&Frame],
    main: bool,
) -> PlaceFields<'l> {
    let doc = x.doc;
    let mention = fs
        .iter()
        .flat_map(|f| f.places.iter().copied())
        .find(|m| matches!(doc.mention(*m).entity(), Entity::Place(p) if Some(p) == d.place));
    let place = d.place.map(|p| &lex.places[p as usize]);
    let (country, country_rule) = event_country(x, d, main);
    let mut alt = Vec::new();
    if let Some(p) = place {
        for n in p.names_ar.iter().skip(1) {
            alt.push(n.clone());
        }
        let mut parent = p.parent;
        while let Some(q) = parent {
            let q = &lex.places[q as usize];
            if q.kind == PlaceKind::Country {
                break;
            }
            alt.push(q.name.clone());
            if let Some(n) = q.names_ar.first() {
                alt.push(n.clone());
            }
            parent = q.parent;
        }
    }
    // Neighbourhoods and provinces named beside the place.
    for f in fs {
        for m in &f.places {
            if let Entity::Place(q) = doc.mention(*m).entity()
                && Some(q) != d.place
                && d.place.is_some_and(|p| crate::merge::places_agree(lex, p, q))
            {
                let qp = &lex.places[q as usize];
                if !alt.contains(&qp.name) {
                    alt.push(qp.name.clone());
                    alt.push(doc.mention(*m).surface.clone());
                }
            }
        }
    }
    // "قصفت قرية الحنيني بمديرية مقبنة": a village the gazetteer lacks is
    // the place, inside the district or province the event names (or in
    // its country alone), unless the event names a town the gazetteer has.
    // A town of the gazetteer told as a district ("بمديرية مقبنة"), as
    // the countryside around ("بريف درعا") or as a landmark ("شمال بغداد",
    // "قرب كويتا") is the place around the village, not where it happened.
    let told_around = fs.iter().flat_map(|f| f.places.iter().copied()).any(|m| {
        let at = doc.mention_items[m].0;
        let this = matches!(doc.mention(m).entity(), Entity::Place(p) if Some(p) == d.place);
        this && at > 0
            && rasd_text::item::stems(doc.items[at - 1].norm).any(|(_, w)| {
                use rasd_lexicon::lists::{List as L, has as lhas};
                lhas(L::ProvinceCue, w) || lhas(L::Direction, w) || has(List::PlaceHeads, w)
            })
    });
    let coarse = told_around
        || d.place_landmark
        || place.is_none_or(|p| {
            matches!(
                p.kind,
                PlaceKind::District | PlaceKind::Province | PlaceKind::Region | PlaceKind::Country
            )
        });
    let town = fs
        .iter()
        .find_map(|f| f.town)
        .filter(|_| coarse && country.is_some())
        .map(|(a, b)| Span { start: a as u32, end: b as u32 });
    PlaceFields { place, mention, alt, country, country_rule, town }
}

/// An event cannot happen after the article that reports it: a date past
/// the publication day (a misread number, a plan) is no date.
fn event_date(doc: &Doc<'_>, d: &Draft) -> Option<rasd_text::date::DateValue> {
    let published = doc.analysis.reference;
    d.date
        .filter(|v| {
            published.is_none_or(|p| v.start <= p.saturating_add(jiff::Span::new().days(1)))
        })
        .map(|v| day_within_week(doc, v))
}

/// "استهدفت الأسبوع الماضي اجتماعا … وأضاف أنه في 24 مايو تم رصد": an
/// event dated by a week the article names its day in, further on or in
/// another sentence, is of that day. The day must be written out (a day
/// and a month): a weekday or "two days ago" in a piece on a week of
/// raids ("مساء الأحد", "منذ يومين") is one of the week's days as often as
/// the event's, and the annotated articles keep such a week a month. Only
/// one day of the week may be named: two (a raid on the 23rd, a funeral on
/// the 25th) leave the week.
fn day_within_week(doc: &Doc<'_>, v: rasd_text::date::DateValue) -> rasd_text::date::DateValue {
    use rasd_text::date::Precision;
    if v.precision != Precision::Week {
        return v;
    }
    let mut days = doc
        .analysis
        .dates
        .iter()
        .filter(|m| m.kind == rasd_text::date::DateKind::Absolute)
        .map(|m| m.value)
        .filter(|x| {
            x.precision == Precision::Day
                && x.start == x.end
                && x.start >= v.start
                && x.end <= v.end
        });
    let Some(day) = days.next() else { return v };
    if days.all(|x| x.start == day.start) { day } else { v }
}

/// The entities named as authors in `perp_frames`, those that denied a
/// part left out.
fn authors(x: &Inputs<'_, '_>, perp_frames: &[&Frame]) -> Vec<Entity> {
    perp_frames
        .iter()
        .flat_map(|f| f.perps.iter().map(|h| h.entity))
        .filter(|e| !x.denied.contains(e))
        .collect()
}

/// The target decision's examples for the event of a draft told by
/// `frame_ids`: each type its words vote for, with its features.
fn target_rows(
    x: &Inputs<'_, '_>,
    d: &Draft,
    frame_ids: &[usize],
) -> Vec<(&'static str, Vec<f64>)> {
    let fs: Vec<&Frame> = frame_ids.iter().map(|i| &x.frames[*i]).collect();
    let (ty, _) = event_type(x.doc, &fs);
    let perps = authors(x, &author_frames(x.frames, &fs, d, ty));
    let votes = crate::target::votes(x.doc, &fs, ty, &perps);
    let rule = crate::target::rule_choice(&votes);
    (0..votes.len()).map(|i| (votes[i].ty, features::target(&votes, i, rule, ty, &perps))).collect()
}

/// Builds the event of a draft told by `frame_ids`, every field by the
/// rules, the toll included.
fn build(x: &Inputs<'_, '_>, d: &Draft, frame_ids: &[usize], main: bool) -> Event {
    let (doc, lex, frames) = (x.doc, x.lex, x.frames);
    let fs: Vec<&Frame> = frame_ids.iter().map(|i| &frames[*i]).collect();
    let mut ev_evidence = Vec::new();
    let (ty, trig) = event_type(doc, &fs);
    if let Some(t) = trig {
        ev_evidence.push(evidence(doc, item_span(doc, t), format!("trigger: {}", ty.as_str())));
    }
    let mut pf = place_fields(x, lex, d, &fs, main);
    let town = pf.town.map(|t| {
        let span = item_span(doc, t);
        ev_evidence.push(evidence(doc, span, "place: a name after a town noun, in no gazetteer"));
        doc.text[span.start as usize..span.end as usize].to_string()
    });
    if let Some(t) = &town {
        // The gazetteer's place is the one around the town: its other name.
        let mut alt = Vec::new();
        if let Some(p) = pf.place {
            alt.push(p.name.clone());
            alt.extend(
                pf.mention
                    .map(|m| doc.mention(m).surface.clone())
                    .or_else(|| p.names_ar.first().cloned()),
            );
        }
        alt.append(&mut pf.alt);
        alt.retain(|n| n != t);
        pf.alt = alt;
    } else if let Some(m) = pf.mention {
        ev_evidence.push(evidence(
            doc,
            doc.mention(m).span,
            "place: most specific place named in the event",
        ));
    }
    if let (Some(t), Some(c)) = (trig, &pf.country) {
        ev_evidence.push(evidence(
            doc,
            item_span(doc, t),
            format!("country: {c}, {}", pf.country_rule),
        ));
    }
    let place = pf.place;
    let country = pf.country;
    let admin1 = place.and_then(|p| admin1_of(lex, p));
    let geo_precision = Some(match place.map(|p| p.kind) {
        Some(PlaceKind::City | PlaceKind::Town | PlaceKind::Neighbourhood | PlaceKind::Site) => 1,
        Some(PlaceKind::District) => 2,
        _ => 3,
    })
    .filter(|_| country.is_some());
    let coordinates = place
        .map(|p| [p.lat, p.lon])
        .or_else(|| country.as_deref().and_then(|c| lex.country(c)).map(|p| [p.lat, p.lon]));
    let date = event_date(doc, d);
    let date_mention = fs
        .iter()
        .flat_map(|f| f.dates.iter().copied())
        .chain(0..doc.analysis.dates.len())
        .find(|i| Some(doc.analysis.dates[*i].value) == date);
    if let Some(i) = date_mention {
        let dm = &doc.analysis.dates[i];
        ev_evidence.push(evidence(
            doc,
            dm.span,
            format!("date: {:?} expression", dm.kind).to_lowercase(),
        ));
    }
    let facts: Vec<&Fact> = fs.iter().flat_map(|f| f.facts.iter()).collect();
    let killed = count(doc, &facts, Side::Killed);
    let killed = blasts_in_neighbourhoods(doc, lex, &fs).or(killed).filter(one_incidents);
    let injured = count(doc, &facts, Side::Injured).filter(one_incidents);
    let perp_frames = author_frames(frames, &fs, d, ty);
    let mut perpetrators = perpetrators(doc, lex, &perp_frames, x.denied, country.as_deref());
    // The late rules' authors, when no other rule names one.
    if perpetrators.is_empty() {
        let own = fs.iter().copied().chain(d.claims_from.iter().map(|i| &frames[*i])).collect();
        let late_frames = own_family_frames_by(ty, own, |f| !f.late_perps.is_empty());
        perpetrators = perpetrators_of(doc, lex, &late_frames, x.denied, country.as_deref(), true);
    }
    strike_targets_out(ty, &mut perpetrators);
    clash_sides_out(ty, &mut perpetrators);
    let perp_entities = authors(x, &perp_frames);
    let chosen = crate::target::choose(doc, &fs, ty, &perp_entities, x.target);
    if let Some(span) = chosen.span {
        ev_evidence.push(evidence(doc, span, format!("target: {}", chosen.ty)));
    }
    // A series in one named place with its toll is one event, not a statistic.
    let aggregate = fs.iter().all(|f| f.only_plural() || f.stats)
        && !(d.place.is_some()
            && fs.iter().any(|f| {
                !f.stats && f.facts.iter().any(|x| x.side == Side::Killed && x.value.is_some())
            }));
    Event {
        event_type: ty,
        date: date.map(|v| v.iso()),
        country,
        // A name no gazetteer holds is written in Latin letters for the
        // English outputs; its Arabic is `place_ar`.
        place: town
            .as_deref()
            .map(rasd_lexicon::romanize)
            .or_else(|| place.map(|p| p.name.clone())),
        place_ar: town.clone().or_else(|| {
            pf.mention
                .map(|m| doc.mention(m).surface.clone())
                .or_else(|| place.and_then(|p| p.names_ar.first().cloned()))
        }),
        place_alt: pf.alt,
        place_id: place.filter(|_| town.is_none()).map(|p| p.id.clone()),
        coordinates,
        admin1,
        geo_precision,
        perpetrators,
        killed,
        injured,
        target_type: chosen.ty.to_string(),
        main,
        aggregate,
        confidence: 0.5,
        history: false,
        evidence: ev_evidence,
        incident: None,
    }
}

/// What the decisions read of a draft, without building its event: most
/// drafts are dropped, and building one (places around it, target,
/// evidence) is the costly part. Each value is the one [`build`] gives.
fn summary(x: &Inputs<'_, '_>, d: &Draft) -> Built {
    let (doc, lex, frames) = (x.doc, x.lex, x.frames);
    let fs: Vec<&Frame> = d.frames.iter().map(|i| &frames[*i]).collect();
    let (ty, _) = event_type(doc, &fs);
    // The decisions read the country the event names (or the article's),
    // not the one its places give it at the end (`event_country`).
    let country = d
        .place
        .map(|p| lex.places[p as usize].country.clone())
        .filter(|c| !c.is_empty())
        .or_else(|| d.country.clone())
        .or_else(|| x.article_country.map(String::from));
    let facts: Vec<&Fact> = fs.iter().flat_map(|f| f.facts.iter()).collect();
    let killed =
        blasts_in_neighbourhoods(doc, lex, &fs).or_else(|| count(doc, &facts, Side::Killed));
    let injured = count(doc, &facts, Side::Injured);
    let perp_frames = author_frames(frames, &fs, d, ty);
    let named = !perpetrators(doc, lex, &perp_frames, x.denied, country.as_deref()).is_empty();
    let perps: Vec<(Entity, Status)> = if named {
        perp_frames
            .iter()
            .flat_map(|f| f.perps.iter().map(|h| (h.entity, h.status)))
            .filter(|(e, _)| !x.denied.contains(e))
            .collect()
    } else {
        Vec::new()
    };
    Built {
        ty,
        country,
        killed: killed.and_then(|k| k.value),
        killed_vague: fs.iter().any(|f| f.facts.iter().any(|x| x.side == Side::Killed)),
        injured: injured.is_some_and(|c| c.value.is_some()),
        perps,
    }
}

/// Every draft built by the rules, with the features of the learned
/// decisions.
fn candidates(x: &Inputs<'_, '_>, drafts: &[Draft]) -> (Vec<Candidate>, Option<usize>) {
    let (doc, lex, frames) = (x.doc, x.lex, x.frames);
    let main = main_draft(frames, drafts);
    let all: Vec<Built> = drafts.iter().map(|d| summary(x, d)).collect();
    let ctx = features::Context {
        lex,
        frames,
        drafts,
        all: &all,
        main,
        // Once per article, not once per candidate (that made long texts
        // quadratic).
        headline_nonviolent: frames.iter().any(|f| f.in_title && f.nonviolent),
        article_country: x.article_country,
    };
    let out = (0..drafts.len())
        .map(|di| {
            let event_x = features::event(doc, &ctx, di);
            let merge_x = main
                .filter(|m| *m != di)
                .map(|m| features::merge(doc, lex, frames, drafts, di, m, &all));
            Candidate { event_x, merge_x }
        })
        .collect();
    (out, main)
}

/// The toll candidates of an event told by `frame_ids`: every figure of
/// dead given, and the rules' choice.
fn toll_candidates<'f>(
    frames: &'f [Frame],
    frame_ids: &[usize],
    rule: Option<u32>,
) -> Vec<features::TollCandidate<'f>> {
    let mut out: Vec<features::TollCandidate<'f>> = Vec::new();
    for &fi in frame_ids {
        let f = &frames[fi];
        for fact in features::killed_facts(f) {
            let v = fact.value.unwrap_or(0);
            match out.iter_mut().find(|t| t.value == v) {
                Some(t) => t.facts.push((fact, f)),
                None => out.push(features::TollCandidate {
                    value: v,
                    facts: vec![(fact, f)],
                    rule: false,
                }),
            }
        }
    }
    if let Some(r) = rule {
        match out.iter_mut().find(|t| t.value == r) {
            Some(t) => t.rule = true,
            None => out.push(features::TollCandidate { value: r, facts: Vec::new(), rule: true }),
        }
    }
    out
}

/// The toll the model prefers among the candidates, as a count with the
/// words it came from; the rules' count when it is the one chosen.
fn choose_toll(
    doc: &Doc<'_>,
    frames: &[Frame],
    frame_ids: &[usize],
    date: Option<rasd_text::date::DateValue>,
    rule: Option<Count>,
    w: &Weights,
) -> Option<Count> {
    // A model that weighs only the rules' choice always picks it.
    if w.weights.iter().skip(1).all(|v| *v == 0.0) && w.weights.first().is_some_and(|v| *v > 0.0) {
        return rule;
    }
    let cands = toll_candidates(frames, frame_ids, rule.as_ref().and_then(|c| c.value));
    if cands.len() < 2 {
        return rule;
    }
    let summary = features::Tolls::of(&cands);
    let best = cands
        .iter()
        .map(|c| (w.prob(&features::killed(doc, c, &summary, date)), c))
        .max_by(|a, b| a.0.total_cmp(&b.0))?
        .1;
    if best.rule {
        return rule;
    }
    let (fact, _) = best.facts.last()?;
    Some(Count {
        value: fact.value,
        qualifier: fact.qualifier,
        evidence: vec![evidence(doc, fact.span, format!("{} (chosen by the model)", fact.rule))],
    })
}

/// The toll candidates of a training example, with their features.
pub(crate) fn toll_features(
    doc: &Doc<'_>,
    frames: &[Frame],
    frame_ids: &[usize],
    date: Option<rasd_text::date::DateValue>,
    rule: Option<u32>,
) -> Vec<(u32, Vec<f64>)> {
    let cands = toll_candidates(frames, frame_ids, rule);
    let summary = features::Tolls::of(&cands);
    cands.iter().map(|c| (c.value, features::killed(doc, c, &summary, date))).collect()
}

/// The candidates of an article for training: the rules' events with the
/// features of every decision, and the toll candidates of each event once
/// the drafts that `oracle` names (from the rules' events and the main
/// draft) have joined the main one.
pub(crate) fn training(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[Frame],
    drafts: &[Draft],
    denied: &[Entity],
    oracle: impl FnOnce(&[Event], Option<usize>) -> Vec<usize>,
) -> crate::Training {
    let x = Inputs::new(doc, lex, frames, denied, None);
    let (cands, main) = candidates(&x, drafts);
    let events: Vec<Event> = drafts
        .iter()
        .enumerate()
        .map(|(di, d)| build(&x, d, &d.frames, Some(di) == main))
        .collect();
    let merged = oracle(&events, main);
    let out = cands
        .into_iter()
        .zip(events)
        .enumerate()
        .map(|(di, (c, event))| {
            let d = &drafts[di];
            let mut frame_ids = d.frames.clone();
            if Some(di) == main {
                for m in merged.iter().filter(|m| Some(**m) != main) {
                    frame_ids.extend(drafts[*m].frames.iter().copied());
                }
                frame_ids.sort_unstable();
                frame_ids.dedup();
            }
            let rule = build(&x, d, &frame_ids, Some(di) == main).killed.and_then(|k| k.value);
            let authors = if event.perpetrators.is_empty() {
                author_rows(&x, drafts, di, &d.frames, &event)
            } else {
                Vec::new()
            };
            crate::TrainingCandidate {
                authors,
                targets: target_rows(&x, d, &frame_ids),
                tolls: toll_features(doc, frames, &frame_ids, event_date(doc, d), rule),
                event,
                event_x: c.event_x,
                merge_x: c.merge_x,
            }
        })
        .collect();
    crate::Training { candidates: out, main }
}

/// The events of an article: every draft built by the rules, then the
/// learned decisions: later tellings of the main incident join it, the
/// candidates that are real incidents are kept, and each takes the toll
/// the model prefers.
pub(crate) fn events(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[Frame],
    drafts: &[Draft],
    denied: &[Entity],
    model: &Model,
) -> Vec<Event> {
    let x = Inputs::new(doc, lex, frames, denied, Some(model.get(Decision::Target)));
    let (cands, main) = candidates(&x, drafts);
    let wm = model.get(Decision::Merge);
    let merged: Vec<usize> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.merge_x.as_ref().is_some_and(|m| wm.prob(m) >= wm.threshold))
        .map(|(i, _)| i)
        // A linked headline is an event of its own that lends nothing.
        .filter(|i| !drafts[*i].frames.iter().all(|f| doc.sentences[frames[*f].sentence].link_line))
        .collect();
    let we = model.get(Decision::Event);
    let wk = model.get(Decision::Killed);
    let stand_in_for_tally = main.is_some_and(|m| {
        !drafts[m].frames.iter().any(|f| frames[*f].in_title) && headline_tally(doc, frames)
    });
    let mut out = Vec::with_capacity(cands.len());
    let mut told: Vec<(usize, Vec<usize>)> = Vec::with_capacity(cands.len());
    for (di, c) in cands.into_iter().enumerate() {
        if merged.contains(&di) {
            continue;
        }
        // The headline's event is the article's subject: the rules' filter
        // decides it, unless the model is nearly sure it is none; the model
        // decides the background events.
        let p = we.prob(&c.event_x);
        let keep = if Some(di) == main {
            !stand_in_for_tally && c.event_x[0] > 0.5 && p >= HEADLINE_FLOOR
        } else {
            p >= we.threshold
        };
        if !keep {
            continue;
        }
        let d = &drafts[di];
        let mut frame_ids = d.frames.clone();
        if Some(di) == main && !merged.is_empty() {
            for m in &merged {
                frame_ids.extend(drafts[*m].frames.iter().copied());
            }
            frame_ids.sort_unstable();
            frame_ids.dedup();
        }
        let mut event = build(&x, d, &frame_ids, Some(di) == main);
        let facts: Vec<&Fact> = frame_ids.iter().flat_map(|f| frames[*f].facts.iter()).collect();
        if let Some(c) = told_again(doc, &facts, event.killed.as_ref()) {
            event.killed = Some(c);
        }
        event.killed =
            choose_toll(doc, frames, &frame_ids, event_date(doc, d), event.killed.take(), wk);
        event.confidence = (p * 100.0).round() / 100.0;
        // Why it was kept, beside the words it was kept for.
        if let Some(span) = event.evidence.first().map(|e| e.span) {
            let why = if Some(di) == main {
                "the headline's event, kept by the rules' filter".to_string()
            } else {
                let top = we.top(Decision::Event, &c.event_x, 3);
                let top: Vec<String> = top.iter().map(|(n, c)| format!("{n} {c:+.2}")).collect();
                format!("kept by the model, p {p:.2} ({})", top.join(", "))
            };
            event.evidence.push(evidence(doc, span, format!("decision: {why}")));
        }
        out.push(event);
        told.push((di, frame_ids));
    }
    share_strike_author(&mut out);
    share_strike_authors_in_place(&mut out);
    let wp = model.get(Decision::Perp);
    for (event, (di, frame_ids)) in out.iter_mut().zip(&told) {
        choose_author(&x, drafts, *di, frame_ids, event, wp);
    }
    out
}

/// The model overrules the rules' filter on the headline's event only
/// when it is nearly sure there is no incident: a train overturned, a storm,
/// a bridge that fell, told with the words of an attack.
const HEADLINE_FLOOR: f64 = 0.05;

/// "غارة جوية جديدة شنها التحالف … وفي غارة سابقة على صعدة": when every
/// strike of one kind in a country that the article names an author for is
/// one state force's, its other strikes of that kind there are that force's
/// too. Strikes are a state's weapon; an article about a coalition's air
/// campaign does not name it again for each raid.
fn share_strike_author(events: &mut [Event]) {
    for i in 0..events.len() {
        if !is_strike(&events[i]) || !events[i].perpetrators.is_empty() {
            continue;
        }
        let (ty, country) = (events[i].event_type, events[i].country.clone());
        let authors: Vec<&Perpetrator> = events
            .iter()
            .filter(|e| e.event_type == ty && e.country == country && country.is_some())
            .flat_map(|e| e.perpetrators.iter())
            .collect();
        let Some(first) = authors.first() else { continue };
        if !(authors.iter().all(|p| p.id == first.id) && is_state_force(first)) {
            continue;
        }
        let p = borrowed(first, "the author of the article's other strikes there");
        events[i].perpetrators.push(p);
    }
}

/// "قصفت المدفعية الإسرائيلية موقعا في غزة … وغارة جوية على غزة": a strike
/// or shelling with no author takes the authors of the article's other
/// strikes and shelling in the same named place, when every one of them is
/// a state's force or a coalition (one or several: "الطائرات الروسية
/// والسورية"). A group's attacks are each their own; a state's strikes on
/// one place are one campaign's.
fn share_strike_authors_in_place(events: &mut [Event]) {
    for i in 0..events.len() {
        if !is_strike(&events[i]) || !events[i].perpetrators.is_empty() {
            continue;
        }
        let Some(place) = events[i].place.clone() else { continue };
        let mut authors: Vec<Perpetrator> = Vec::new();
        for p in events
            .iter()
            .filter(|e| is_strike(e) && e.place.as_deref() == Some(place.as_str()))
            .flat_map(|e| e.perpetrators.iter())
        {
            if !authors.iter().any(|q| q.id == p.id) {
                authors
                    .push(borrowed(p, "the author of the article's other strikes in that place"));
            }
        }
        if authors.is_empty() || !authors.iter().all(is_state_force) {
            continue;
        }
        events[i].perpetrators = authors;
    }
}

/// Fire from afar: an air strike or shelling, a state's weapon.
fn is_strike(e: &Event) -> bool {
    matches!(e.event_type, EventType::AirStrike | EventType::Shelling)
}

/// A state's force or a coalition (an `actor:` id), not a group.
fn is_state_force(p: &Perpetrator) -> bool {
    p.id.as_deref().is_some_and(|id| id.starts_with("actor:"))
}

/// Another event's author lent to this one: its first piece of evidence,
/// told as lent by `rule`.
fn borrowed(p: &Perpetrator, rule: &str) -> Perpetrator {
    let mut p = p.clone();
    p.evidence.truncate(1);
    for e in &mut p.evidence {
        e.rule = rule.to_string();
    }
    p
}

/// The province a place lies in (or is), climbing its parents.
fn admin1_of(lex: &Lexicon, place: &rasd_lexicon::Place) -> Option<String> {
    let mut p = place;
    loop {
        match p.kind {
            PlaceKind::Province => return Some(p.name.clone()),
            PlaceKind::Country | PlaceKind::Region => return None,
            _ => p = &lex.places[p.parent? as usize],
        }
    }
}
