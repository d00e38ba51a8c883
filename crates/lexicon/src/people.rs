//! People named with a title or role, found by rule:
//! "المتحدث باسم طالبان ذبيح الله مجاهد", "قائد القيادة المركزية الأمريكية
//! الجنرال مايكل كوريلا", "وزير الداخلية الأفغاني ويس برمك".
//!
//! A title word opens the pattern; the role's complement follows (definite
//! words, باسم X, known names); then the person's name: one to four words
//! that are neither definite nor function words, with the connectors of
//! Arabic names (عبد، أبو، بن) allowed to take a definite word after them.

use rasd_core::Span;
use rasd_text::item::{Item, stems};
use rasd_text::segment::TokenKind;
use serde::Serialize;

use crate::lists::{self, List};
use crate::{Entity, EntityMention, Lexicon};

/// A person named in the text.
#[derive(Clone, Debug, Serialize)]
pub struct PersonMention {
    /// Title, role and name together.
    pub span: Span,
    /// The name alone.
    pub name: Span,
    /// The title and role ("المتحدث باسم طالبان").
    pub role: Span,
    /// The organisation, group or country the role names, when known.
    pub org: Option<Entity>,
}

fn is_title(w: &str) -> bool {
    stems(w).any(|(_, s)| lists::is_title(s))
}

fn name_word(w: &str, after_connector: bool) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && !lists::has(List::NameStop, w)
        && !lists::is_title(w)
        && (after_connector || !w.starts_with("ال") || w == "الله")
        && !w.chars().any(|c| c.is_ascii_digit())
}

pub(crate) fn find(
    lex: &Lexicon,
    items: &[Item<'_>],
    ranges: &[(usize, usize)],
    entities: &[EntityMention],
) -> Vec<PersonMention> {
    let _ = lex;
    let mut out = Vec::new();
    for &(s, e) in ranges {
        let mut i = s;
        while i < e {
            if items[i].kind != TokenKind::Word || !is_title(items[i].norm) {
                i += 1;
                continue;
            }
            match person_at(items, i, e, entities) {
                Some((end, p)) => {
                    out.push(p);
                    i = end;
                }
                None => i += 1,
            }
        }
    }
    out
}

fn entity_starting_at(
    entities: &[EntityMention],
    span_start: u32,
    token_start: u32,
) -> Option<&EntityMention> {
    entities.iter().find(|m| m.token_span.start == token_start || m.span.start == span_start)
}

fn person_at(
    items: &[Item<'_>],
    i: usize,
    e: usize,
    entities: &[EntityMention],
) -> Option<(usize, PersonMention)> {
    let mut j = i + 1;
    let mut org = None;
    // The role's complement: up to six words.
    if !lists::has(List::Rank, items[i].norm) {
        let limit = (i + 7).min(e);
        while j < limit {
            let it = items[j];
            if it.kind != TokenKind::Word {
                break;
            }
            if let Some(m) = entity_starting_at(entities, it.span.start, it.span.start) {
                org.get_or_insert(m.entity());
                // Skip the whole mention.
                while j < e && items[j].span.end <= m.token_span.end {
                    j += 1;
                }
                continue;
            }
            let w = it.norm;
            let complement = w.starts_with("ال")
                || w == "باسم"
                || w.starts_with("بال")
                || w.starts_with("لل")
                || is_title(w);
            if !complement || lists::has(List::NameStop, w) {
                break;
            }
            j += 1;
            // A second title ("قائد القيادة المركزية الجنرال"): the name follows it.
            if lists::has(List::Rank, w) {
                break;
            }
        }
    }
    // The name.
    let start = j;
    let mut after_connector = false;
    while j < e && j - start < 4 {
        let it = items[j];
        if it.kind != TokenKind::Word || !name_word(it.norm, after_connector) {
            break;
        }
        if entity_starting_at(entities, it.span.start, it.span.start).is_some() && !after_connector
        {
            break;
        }
        after_connector = lists::has(List::NameConnector, it.norm);
        j += 1;
    }
    if j == start || after_connector {
        return None;
    }
    let name = Span { start: items[start].span.start, end: items[j - 1].span.end };
    let role = Span { start: items[i].span.start, end: items[start - 1].span.end };
    Some((j, PersonMention { span: role.cover(name), name, role, org }))
}
