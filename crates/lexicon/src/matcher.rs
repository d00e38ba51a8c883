//! One left-to-right pass over a document's items against the word trie.

use std::borrow::Cow;

use rasd_core::Span;
use rasd_text::item::{Item, stems};
use rasd_text::segment::TokenKind;
use serde::Serialize;

use crate::lists;
use crate::{Entity, EntityMention, Entry, Lexicon, PersonMention, kind_of};

/// Everything the lexicon found in a document.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Mentions {
    /// Places, groups, actors and country adjectives, in text order.
    pub entities: Vec<EntityMention>,
    /// People named with a title or role.
    pub people: Vec<PersonMention>,
    /// Item range of each entity mention (same order), for later passes.
    #[serde(skip)]
    pub(crate) item_ranges: Vec<(usize, usize)>,
    /// Weak group mentions waiting for a strong mention of their group.
    #[serde(skip)]
    pub(crate) pending: Vec<(EntityMention, (usize, usize))>,
}

/// The readings of a word to try against the trie, with the byte offset in
/// its match form where each starts: the whole word, then without و/ف,
/// then without ب/ل/ك; after ل, a stem starting with ل also reads as the
/// definite form with its unwritten alef (للموصل → الموصل).
fn readings(norm: &str) -> impl Iterator<Item = (usize, Cow<'_, str>)> {
    stems(norm).flat_map(move |(off, s)| {
        let lam_article =
            off > 0 && norm[..off].ends_with('ل') && s.starts_with('ل') && !s.starts_with("ال");
        let restored = lam_article.then(|| (off, Cow::Owned(format!("ا{s}"))));
        std::iter::once((off, Cow::Borrowed(s))).chain(restored)
    })
}

fn cued(items: &[Item<'_>], i: usize, is_cue: fn(&str) -> bool) -> bool {
    i > 0
        && items[i - 1].kind == TokenKind::Word
        && stems(items[i - 1].norm).any(|(_, s)| is_cue(s))
}

pub(crate) fn find(lex: &Lexicon, items: &[Item<'_>], ranges: &[(usize, usize)]) -> Mentions {
    let mut out = Mentions::default();
    for &(s, e) in ranges {
        let mut i = s;
        while i < e {
            match match_at(lex, items, i, e) {
                Some((end, mention)) => {
                    match mention {
                        Found::Mention(m) => {
                            out.entities.push(m);
                            out.item_ranges.push((i, end));
                        }
                        Found::PendingGroup(m) => out.pending.push((m, (i, end))),
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
    }
    out
}

enum Found {
    Mention(EntityMention),
    PendingGroup(EntityMention),
}

fn match_at(
    lex: &Lexicon,
    items: &[Item<'_>],
    i: usize,
    sentence_end: usize,
) -> Option<(usize, Found)> {
    let first = items[i];
    if first.kind != TokenKind::Word {
        return None;
    }
    // The longest match over all readings of the first word; among equally
    // long ones, the reading with fewest clitics removed (tried first).
    let mut best: Option<(usize, u32, usize, Cow<'_, str>)> = None;
    for (off, form) in readings(first.norm) {
        let Some(mut node) = lex.trie.step(0, &form) else { continue };
        let mut j = i + 1;
        let mut last = (!lex.trie.entries(node).is_empty()).then_some((j, node));
        while j < sentence_end {
            match lex.trie.step(node, items[j].norm) {
                Some(n) => {
                    node = n;
                    j += 1;
                    if !lex.trie.entries(node).is_empty() {
                        last = Some((j, node));
                    }
                }
                None => break,
            }
        }
        if let Some((end, node)) = last
            && best.as_ref().is_none_or(|b| end > b.0)
        {
            best = Some((end, node, off, form));
        }
    }
    let (end, node, off, form) = best?;
    let entries: &[Entry] = lex.trie.entries(node);
    let span = Span { start: first.span_from(off).start, end: items[end - 1].span.end };
    let token_span = Span { start: first.span.start, end: items[end - 1].span.end };
    let mut surface = form.into_owned();
    for it in &items[i + 1..end] {
        surface.push(' ');
        surface.push_str(it.norm);
    }

    let place_cue = cued(items, i, lists::is_place_cue) || next_is_demonym(lex, items, end);
    let in_name = ends_a_lineage(items, i);
    let group_cue = cued(items, i, lists::is_group_cue);
    let mut candidates = Vec::new();
    let mut weak_used = false;
    let mut weak_groups = Vec::new();
    for entry in entries {
        if in_name && matches!(entry.entity, Entity::Place(_)) {
            continue;
        }
        let ok = !entry.weak
            || match entry.entity {
                Entity::Place(_) => place_cue,
                Entity::Group(_) => group_cue,
                _ => false,
            };
        if ok {
            weak_used |= entry.weak;
            if !candidates.contains(&entry.entity) {
                candidates.push(entry.entity);
            }
        } else if matches!(entry.entity, Entity::Group(_)) {
            weak_groups.push(entry.entity);
        }
    }
    let make = |candidates: Vec<Entity>, weak: bool| EntityMention {
        span,
        token_span,
        surface: surface.clone(),
        kind: kind_of(candidates[0]),
        candidates,
        weak,
    };
    if !candidates.is_empty() {
        return Some((end, Found::Mention(make(candidates, weak_used))));
    }
    if !weak_groups.is_empty() {
        return Some((end, Found::PendingGroup(make(weak_groups, true))));
    }
    None
}

/// True when the word at `i` ends a lineage in a person's name: "عبدالرحمن
/// بن عبدالله السند" names a man, not the town of As Sanad. The family name
/// follows "بن/ابن/بنت" and the father's name; a place that starts with the
/// connector ("بن قردان") is matched from the connector and is not affected.
fn ends_a_lineage(items: &[Item<'_>], i: usize) -> bool {
    i >= 2
        && items[i - 1].kind == TokenKind::Word
        && items[i - 2].kind == TokenKind::Word
        && matches!(items[i - 2].norm, "بن" | "ابن" | "بنت")
}

/// True when the word at `j` is a country adjective ("كرمان الإيرانية").
fn next_is_demonym(lex: &Lexicon, items: &[Item<'_>], j: usize) -> bool {
    items.get(j).is_some_and(|it| {
        it.kind == TokenKind::Word
            && lex
                .trie
                .lookup_word(it.norm)
                .iter()
                .any(|e| matches!(e.entity, Entity::Demonym(_)) && !e.weak)
    })
}
