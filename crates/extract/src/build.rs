//! Drafts into events: each field chosen from the event's frames, with the
//! words it came from.

use rasd_core::{Count, CountQualifier, Event, EventType, Evidence, Perpetrator, Span, Status};
use rasd_lexicon::{Entity, Lexicon, PlaceKind};

use crate::annotate::Doc;
use crate::casualty::{Fact, Side};
use crate::frame::Frame;
use crate::merge::{Draft, specificity};

fn evidence(doc: &Doc<'_>, span: Span, rule: impl Into<String>) -> Evidence {
    Evidence { span, text: span.of(doc.text).to_string(), rule: rule.into() }
}

/// The type: suicide if any frame says so; else the specific method named
/// most often (a later paragraph may name it); else a plain attack.
fn event_type(frames: &[&Frame]) -> (EventType, Option<Span>) {
    use EventType::*;
    let all: Vec<_> = frames.iter().flat_map(|f| f.triggers.iter()).collect();
    if let Some(t) = all.iter().find(|t| t.info.ty == SuicideBombing) {
        return (SuicideBombing, Some(Span { start: 0, end: 0 }).map(|_| span_of_trigger(t)));
    }
    const ORDER: [EventType; 8] =
        [Bombing, Assassination, Kidnapping, AirStrike, Shelling, ArmedAssault, ArmedClash, Attack];
    // The method named most often; among equals, the one named first.
    let mut best: Option<(usize, usize, EventType)> = None;
    for ty in ORDER.iter() {
        let n = all.iter().filter(|t| t.info.ty == *ty && t.info.strong).count();
        let first =
            all.iter().position(|t| t.info.ty == *ty && t.info.strong).unwrap_or(usize::MAX);
        if n > 0 && best.is_none_or(|b| n > b.0 || (n == b.0 && first < b.1)) {
            best = Some((n, first, *ty));
        }
    }
    // No method named outright: the type a weaker word implies ("الضربات").
    let ty = best
        .map(|b| b.2)
        .or_else(|| all.iter().map(|t| t.info.ty).find(|t| *t != Attack))
        .unwrap_or(Attack);
    let span = all.iter().find(|t| t.info.ty == ty).map(|t| span_of_trigger(t));
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
        (Some(mut m), Some(x)) if m.value.is_some() && x.value.is_some() => {
            m.value = Some(m.value.unwrap_or(0) + x.value.unwrap_or(0));
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

fn count_of(doc: &Doc<'_>, facts: &[&Fact], side: Side) -> Option<Count> {
    // The perpetrator's own figures count only when nobody else gives one.
    let independent =
        facts.iter().any(|f| f.side == side && !f.subset && !f.propaganda && f.value.is_some());
    let of_side: Vec<&&Fact> = facts
        .iter()
        .filter(|f| f.side == side && !f.subset && (!independent || !f.propaganda))
        .collect();
    let numeric: Vec<&&Fact> = of_side.iter().copied().filter(|f| f.value.is_some()).collect();
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
    Some(Count {
        value: chosen.value,
        qualifier: if chosen.value.is_none() { CountQualifier::Vague } else { chosen.qualifier },
        evidence: vec![evidence(doc, chosen.span, chosen.rule)],
    })
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Claimed => 0,
        Status::Attributed => 1,
        Status::Suspected => 2,
    }
}

/// The plain English name of a perpetrator; a generic force takes the
/// event's country ("قوات الأمن" in Afghanistan: Afghan security forces).
fn perp_name(lex: &Lexicon, e: Entity, country: Option<&str>) -> String {
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

/// The id of a perpetrator: a generic force named after the event's
/// country takes the country too (`actor:army:YE`), as its name does.
fn perp_id(lex: &Lexicon, e: Entity, country: Option<&str>) -> String {
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

fn perpetrators(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[&Frame],
    denied: &[Entity],
    country: Option<&str>,
) -> Vec<Perpetrator> {
    let mut best: Vec<(Entity, Status, Vec<String>, Vec<Evidence>)> = Vec::new();
    for f in frames {
        // "لكن الجماعة لم تتبن ذلك الهجوم": no claim in the sentence that says so.
        for h in f.perps.iter().filter(|h| !(f.no_claim && h.status == Status::Claimed)) {
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
        if denied.contains(e) && *status != Status::Claimed {
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

pub(crate) fn events(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[Frame],
    drafts: &[Draft],
    denied: &[Entity],
) -> Vec<Event> {
    // The article's country: the one its places and adjectives name most.
    let mut weights: Vec<(String, usize)> = Vec::new();
    for m in &doc.mentions.entities {
        if let Some(c) = lex
            .country_of(m.entity())
            .filter(|_| !matches!(m.entity(), Entity::Org(_) | Entity::Group(_)))
        {
            match weights.iter_mut().find(|w| w.0 == c) {
                Some(w) => w.1 += 1,
                None => weights.push((c.to_string(), 1)),
            }
        }
    }
    let article_country = weights.iter().max_by_key(|w| w.1).map(|w| w.0.clone());
    let main_draft = drafts
        .iter()
        .position(|d| d.frames.iter().any(|f| frames[*f].in_title))
        .or(if drafts.is_empty() { None } else { Some(0) });

    // Once per article, not once per draft (that made long texts quadratic).
    let headline_nonviolent = frames.iter().any(|f| f.in_title && f.nonviolent);
    let mut out = Vec::with_capacity(drafts.len());
    for (di, d) in drafts.iter().enumerate() {
        let fs: Vec<&Frame> = d.frames.iter().map(|i| &frames[*i]).collect();
        // A background event needs something to code: a place, a toll or a perpetrator.
        let has_toll =
            fs.iter().any(|f| f.facts.iter().any(|x| x.side == Side::Killed && x.value.is_some()));
        let has_perp = fs.iter().any(|f| !f.perps.is_empty());
        if Some(di) != main_draft && d.place.is_none() && !has_toll && !has_perp {
            continue;
        }
        // A word and nothing else ("ترامب يهاجم الاتحاد الأوروبي"): no method
        // named, no casualty, no author: no event, even in the headline.
        let any_casualty = fs.iter().any(|f| !f.facts.is_empty());
        let any_method = fs.iter().any(|f| f.has_strong_trigger());
        if !any_method && !any_casualty && !has_perp {
            continue;
        }
        // Floods, crashes, matches: their tolls and "attacks" are not violence.
        if (headline_nonviolent || fs.iter().any(|f| f.nonviolent))
            && !has_perp
            && !(any_method && any_casualty)
        {
            continue;
        }
        // "الصواريخ" in a talk of sanctions: a method named, but no place, no
        // casualty and no author: nothing an analyst could code.
        if d.place.is_none() && !any_casualty && !has_perp {
            continue;
        }
        let mut ev_evidence = Vec::new();
        let (ty, trig) = event_type(&fs);
        if let Some(t) = trig {
            ev_evidence.push(evidence(doc, item_span(doc, t), format!("trigger: {}", ty.as_str())));
        }
        // Place: the most specific place named in the event's frames.
        let place_mention = fs
            .iter()
            .flat_map(|f| f.places.iter().copied())
            .find(|m| matches!(doc.mention(*m).entity(), Entity::Place(p) if Some(p) == d.place));
        let place = d.place.map(|p| &lex.places[p as usize]);
        let country = place
            .map(|p| p.country.clone())
            .filter(|c| !c.is_empty())
            .or_else(|| d.country.clone())
            .or_else(|| article_country.clone());
        let mut place_alt = Vec::new();
        if let Some(p) = place {
            for n in p.names_ar.iter().skip(1) {
                place_alt.push(n.clone());
            }
            let mut parent = p.parent;
            while let Some(q) = parent {
                let q = &lex.places[q as usize];
                if q.kind == PlaceKind::Country {
                    break;
                }
                place_alt.push(q.name.clone());
                if let Some(n) = q.names_ar.first() {
                    place_alt.push(n.clone());
                }
                parent = q.parent;
            }
        }
        // Neighbourhoods and provinces named beside the place.
        for f in &fs {
            for m in &f.places {
                if let Entity::Place(q) = doc.mention(*m).entity()
                    && Some(q) != d.place
                    && d.place.is_some_and(|p| crate::merge::places_agree(lex, p, q))
                {
                    let qp = &lex.places[q as usize];
                    if !place_alt.contains(&qp.name) {
                        place_alt.push(qp.name.clone());
                        place_alt.push(doc.mention(*m).surface.clone());
                    }
                }
            }
        }
        if let Some(m) = place_mention {
            ev_evidence.push(evidence(
                doc,
                doc.mention(m).span,
                "place: most specific place named in the event",
            ));
        }
        let admin1 = place.and_then(|p| admin1_of(lex, p));
        let geo_precision = Some(match place.map(|p| p.kind) {
            Some(
                PlaceKind::City | PlaceKind::Town | PlaceKind::Neighbourhood | PlaceKind::Site,
            ) => 1,
            Some(PlaceKind::District) => 2,
            _ => 3,
        })
        .filter(|_| country.is_some());
        let coordinates = place
            .map(|p| [p.lat, p.lon])
            .or_else(|| country.as_deref().and_then(|c| lex.country(c)).map(|p| [p.lat, p.lon]));
        // Date. An event cannot happen after the article that reports it:
        // a date past the publication day (a misread number, a plan) is no
        // date.
        let published = doc.analysis.reference;
        let date = d.date.filter(|v| {
            published.is_none_or(|p| v.start <= p.saturating_add(jiff::Span::new().days(1)))
        });
        let date_mention = fs
            .iter()
            .flat_map(|f| f.dates.iter().copied())
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
        let killed = blasts_in_neighbourhoods(doc, lex, &fs).or(killed);
        let injured = count(doc, &facts, Side::Injured);
        let perp_frames: Vec<&Frame> =
            fs.iter().copied().chain(d.claims_from.iter().map(|i| &frames[*i])).collect();
        let perpetrators = perpetrators(doc, lex, &perp_frames, denied, country.as_deref());
        let perp_entities: Vec<Entity> = perp_frames
            .iter()
            .flat_map(|f| f.perps.iter().map(|h| h.entity))
            .filter(|e| !denied.contains(e))
            .collect();
        let chosen = crate::target::choose(doc, &fs, ty, &perp_entities);
        if let Some(span) = chosen.span {
            ev_evidence.push(evidence(doc, span, format!("target: {}", chosen.ty)));
        }
        let target_type = chosen.ty.to_string();
        let main = Some(di) == main_draft;
        // A series in one named place with its toll is one event, not a statistic.
        let aggregate = fs.iter().all(|f| f.only_plural() || f.stats)
            && !(d.place.is_some()
                && fs.iter().any(|f| {
                    !f.stats && f.facts.iter().any(|x| x.side == Side::Killed && x.value.is_some())
                }));
        let mut confidence: f64 = 0.4;
        if fs.iter().any(|f| f.has_strong_trigger()) {
            confidence += 0.15;
        }
        confidence += 0.1
            * [place.is_some(), d.date.is_some(), killed.is_some(), !perpetrators.is_empty()]
                .iter()
                .filter(|x| **x)
                .count() as f64;
        if main {
            confidence += 0.05;
        }
        out.push(Event {
            event_type: ty,
            date: date.map(|v| v.iso()),
            country,
            place: place.map(|p| p.name.clone()),
            place_ar: place_mention
                .map(|m| doc.mention(m).surface.clone())
                .or_else(|| place.and_then(|p| p.names_ar.first().cloned())),
            place_alt,
            place_id: place.map(|p| p.id.clone()),
            coordinates,
            admin1,
            geo_precision,
            perpetrators,
            killed,
            injured,
            target_type,
            main,
            aggregate,
            confidence: confidence.min(0.95),
            evidence: ev_evidence,
            incident: None,
        });
    }
    let _ = specificity;
    out
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
