//! Choosing among candidates with the rest of the document.
//!
//! A name such as طرابلس or موسكو names several places. The evidence, in
//! order of strength: a country adjective or country name right after the
//! name (طرابلس الليبية), the countries the article names elsewhere (and the
//! countries of its unambiguous places), the source of the entry (rasd's
//! own lists before GeoNames), and population.

use rasd_text::item::Item;
use rustc_hash::FxHashMap;

use crate::lists::{List, has};
use crate::{Entity, Lexicon, MentionKind, Mentions, PlaceKind, PlaceSource};

pub(crate) fn resolve(lex: &Lexicon, items: &[Item<'_>], m: &mut Mentions) {
    accept_pending_groups(m);

    // Countries the document speaks of.
    let mut weight: FxHashMap<String, f64> = FxHashMap::default();
    for mention in &m.entities {
        let countries: Vec<&str> =
            mention.candidates.iter().filter_map(|e| lex.country_of(*e)).collect();
        let Some(first) = countries.first() else { continue };
        if countries.iter().all(|c| c == first) {
            // Adjectives ("الأمريكيين") are said of commentators and
            // aid as often as of the place of events: they weigh less.
            let w = match mention.entity() {
                Entity::Place(p) if lex.places[p as usize].kind == PlaceKind::Country => 2.0,
                Entity::Demonym(_) | Entity::Org(_) => 0.3,
                _ => 1.0,
            };
            *weight.entry(first.to_string()).or_default() += w;
        }
    }

    let total_weight = weight.values().sum::<f64>().max(1.0);
    let n = m.entities.len();
    for k in 0..n {
        if m.entities[k].candidates.len() < 2 && !is_generic_coalition(lex, &m.entities[k]) {
            continue;
        }
        let end_item = m.item_ranges[k].1;
        // A country adjective or name right after the name (a comma between is fine).
        let adjacent: Option<String> = (k + 1 < n)
            .then(|| {
                let next_start = m.item_ranges[k + 1].0;
                let gap_ok = next_start == end_item
                    || (next_start == end_item + 1 && items[end_item].norm == ",");
                if !gap_ok {
                    return None;
                }
                let next = &m.entities[k + 1];
                let is_country_word = match next.entity() {
                    Entity::Demonym(_) => true,
                    Entity::Place(p) => lex.places[p as usize].kind == PlaceKind::Country,
                    _ => false,
                };
                is_country_word.then(|| lex.country_of(next.entity()).map(String::from)).flatten()
            })
            .flatten();
        // "ولاية قندهار" is the province, "مدينة قندهار" the city; alone, the city.
        let first_item = m.item_ranges[k].0;
        let cue = if first_item > 0 { items[first_item - 1].norm } else { "" };
        let cue = rasd_text::item::stems(cue)
            .map(|(_, s)| s)
            .find(|s| has(List::ProvinceCue, s) || has(List::CityCue, s));
        let score = |e: &Entity| -> f64 {
            let country = lex.country_of(*e).unwrap_or("");
            let mut s = 0.0;
            if adjacent.as_deref() == Some(country) {
                s += 100.0;
            }
            s += 10.0 * (1.0 + weight.get(country).copied().unwrap_or(0.0)).ln();
            // The article's main country outweighs the trust in a source.
            s += 30.0 * weight.get(country).copied().unwrap_or(0.0) / total_weight;
            match e {
                Entity::Place(p) => {
                    let p = &lex.places[*p as usize];
                    s += match p.source {
                        PlaceSource::Country => 30.0,
                        PlaceSource::Admin => 30.0,
                        PlaceSource::GeoNames => 0.0,
                    };
                    s += ((p.population + 1) as f64).log10();
                    let is_province = matches!(
                        p.kind,
                        PlaceKind::Province | PlaceKind::Region | PlaceKind::District
                    );
                    let is_city = matches!(p.kind, PlaceKind::City | PlaceKind::Town);
                    match cue {
                        Some(c) if has(List::ProvinceCue, c) && is_province => s += 15.0,
                        Some(c) if has(List::CityCue, c) && is_city => s += 15.0,
                        None if is_city => s += 3.0,
                        _ => {}
                    }
                }
                Entity::Group(g) => {
                    let g = &lex.groups[*g as usize];
                    s +=
                        5.0 * g.countries.iter().filter(|c| weight.contains_key(*c)).count() as f64;
                    s += 25.0;
                }
                Entity::Actor(_) | Entity::Org(_) => s += 25.0,
                Entity::Demonym(_) => s += 10.0,
            }
            s
        };
        let mention = &mut m.entities[k];
        mention.candidates.sort_by(|a, b| score(b).total_cmp(&score(a)));
        mention.kind = crate::kind_of(mention.entity());
        // "التحالف" alone: the Saudi-led coalition in Yemen, the US-led one
        // in Iraq, Syria and Afghanistan.
        if is_generic_coalition(lex, mention) {
            let yemen = weight.get("YE").copied().unwrap_or(0.0);
            let levant = ["IQ", "SY", "AF"]
                .iter()
                .map(|c| weight.get(*c).copied().unwrap_or(0.0))
                .sum::<f64>();
            let pick = if yemen > levant && yemen > 0.0 {
                Some("saudi-led-coalition")
            } else if levant > yemen {
                Some("us-led-coalition")
            } else {
                None
            };
            if let Some(id) = pick
                && let Some(a) = lex.actor_by_id(id)
            {
                mention.candidates.insert(0, a);
            }
        }
    }
}

fn is_generic_coalition(lex: &Lexicon, m: &crate::EntityMention) -> bool {
    matches!(m.entity(), Entity::Actor(a) if lex.actors[a as usize].id == "coalition")
}

/// A weak group name (الشباب) counts when the same group is named
/// unambiguously elsewhere in the document.
fn accept_pending_groups(m: &mut Mentions) {
    if m.pending.is_empty() {
        return;
    }
    let strong: Vec<Entity> =
        m.entities.iter().filter(|e| e.kind == MentionKind::Group).map(|e| e.entity()).collect();
    for (mention, range) in std::mem::take(&mut m.pending) {
        if mention.candidates.iter().any(|c| strong.contains(c)) {
            let at = m.item_ranges.partition_point(|r| r.0 < range.0);
            m.entities.insert(at, mention);
            m.item_ranges.insert(at, range);
        }
    }
}
