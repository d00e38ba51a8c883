//! `rasd ner-eval`: the lexicon scored against NER corpora and against the
//! gold events of the eval set.
//!
//! Corpora are read in their own formats: ANERcorp's CoNLL split (`word TAG`,
//! blank lines between sentences), AQMAR (`word TAG`), and the Wojood sample
//! (`word TAG [TAG…]`, nested). Tokens are joined with spaces into a text,
//! rasd analyses it, and each mention is mapped to the tokens it covers.
//! Entities count when type and token range agree exactly.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rasd_lexicon::{Lexicon, MentionKind};
use rasd_text::{Analysis, Config};
use rustc_hash::FxHashSet;
// Names are folded the way the eval scorer compares them: one definition,
// shared with training's alignment.
use rasd_learn::align::fold;

/// The three types scored.
pub const TYPES: [&str; 3] = ["LOC", "ORG", "PER"];

/// A sentence of a corpus: tokens and gold entities (type, first token,
/// one past the last token).
pub struct Sentence {
    tokens: Vec<String>,
    gold: FxHashSet<(&'static str, usize, usize)>,
}

fn map_type(tag: &str) -> Option<&'static str> {
    match tag {
        "LOC" | "GPE" => Some("LOC"),
        "ORG" => Some("ORG"),
        "PER" | "PERS" => Some("PER"),
        _ => None,
    }
}

/// Parses `word TAG [TAG…]` lines; blank lines and `-DOCSTART-` end a
/// sentence. Each tag column is read as its own BIO layer.
pub fn parse_bio(src: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut tags: Vec<Vec<String>> = Vec::new();
    let flush = |tokens: &mut Vec<String>, tags: &mut Vec<Vec<String>>, out: &mut Vec<Sentence>| {
        if tokens.is_empty() {
            return;
        }
        let mut gold = FxHashSet::default();
        let layers = tags.iter().map(Vec::len).max().unwrap_or(0);
        for layer in 0..layers {
            let mut open: Option<(&'static str, usize)> = None;
            for (i, t) in tags.iter().enumerate() {
                let tag = t.get(layer).map(String::as_str).unwrap_or("O");
                let (bio, ty) = tag.split_once('-').unwrap_or((tag, ""));
                let ty = map_type(ty);
                let continues = bio == "I" && open.is_some_and(|(o, _)| Some(o) == ty);
                if !continues {
                    if let Some((o, s)) = open.take() {
                        gold.insert((o, s, i));
                    }
                    if let (Some(ty), "B" | "I") = (ty, bio) {
                        open = Some((ty, i));
                    }
                }
            }
            if let Some((o, s)) = open {
                gold.insert((o, s, tags.len()));
            }
        }
        out.push(Sentence { tokens: std::mem::take(tokens), gold });
        tags.clear();
    };
    for line in src.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            flush(&mut tokens, &mut tags, &mut out);
            continue;
        }
        let mut cols = line.split_whitespace();
        let Some(word) = cols.next() else { continue };
        tokens.push(word.to_string());
        tags.push(cols.map(String::from).collect());
        // AQMAR has no blank lines: end sentences at a full stop.
        if matches!(word, "." | "؟" | "!") && tokens.len() > 60 {
            flush(&mut tokens, &mut tags, &mut out);
        }
    }
    flush(&mut tokens, &mut tags, &mut out);
    out
}

/// True positives, false positives and false negatives of one type.
#[derive(Default, Clone, Copy)]
pub struct Counts {
    /// Found and right.
    pub tp: usize,
    /// Found and wrong.
    pub fp: usize,
    /// Missed.
    pub fn_: usize,
}

impl Counts {
    /// Precision, recall, F1.
    pub fn prf(&self) -> (f64, f64, f64) {
        let p =
            if self.tp + self.fp == 0 { 0.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 };
        let r = if self.tp + self.fn_ == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        (p, r, f)
    }
}

/// What rasd predicts for one sentence, as (type, first token, end token).
fn predict(lex: &Lexicon, s: &Sentence) -> FxHashSet<(&'static str, usize, usize)> {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(s.tokens.len());
    for t in &s.tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        starts.push(text.len() as u32);
        text.push_str(t);
    }
    let token_of = |byte: u32| starts.partition_point(|s| *s <= byte) - 1;
    let a = Analysis::new(&text, &Config::default());
    let m = lex.find(&text, &a);
    let mut out = FxHashSet::default();
    for e in &m.entities {
        let ty = match (e.kind, e.entity()) {
            (MentionKind::Place, _) => "LOC",
            (MentionKind::Group | MentionKind::Organization, _) => "ORG",
            _ => continue,
        };
        out.insert((ty, token_of(e.token_span.start), token_of(e.token_span.end - 1) + 1));
    }
    for p in &m.people {
        out.insert(("PER", token_of(p.name.start), token_of(p.name.end - 1) + 1));
    }
    out
}

/// Scores the lexicon on a corpus; `errors` receives one line per false
/// positive (`FP`) and false negative (`FN`).
pub fn score(
    lex: &Lexicon,
    sentences: &[Sentence],
    errors: &mut Vec<String>,
) -> BTreeMap<&'static str, Counts> {
    let mut counts: BTreeMap<&'static str, Counts> =
        TYPES.iter().map(|t| (*t, Counts::default())).collect();
    for s in sentences {
        let pred = predict(lex, s);
        let words = |a: usize, b: usize| s.tokens[a..b].join(" ");
        for p in &pred {
            let c = counts.get_mut(p.0).expect("known type");
            if s.gold.contains(p) {
                c.tp += 1
            } else {
                c.fp += 1;
                errors.push(format!("FP {} {}", p.0, words(p.1, p.2)));
            }
        }
        for g in &s.gold {
            if !pred.contains(g) {
                counts.get_mut(g.0).expect("known type").fn_ += 1;
                errors.push(format!("FN {} {}", g.0, words(g.1, g.2)));
            }
        }
    }
    counts
}

/// Renders one corpus's figures.
pub fn table(name: &str, counts: &BTreeMap<&'static str, Counts>) -> String {
    let mut out = String::new();
    for (ty, c) in counts {
        let (p, r, f) = c.prf();
        let _ = writeln!(
            out,
            "{name:<28} {ty:<4} P {p:.3}  R {r:.3}  F1 {f:.3}   (tp {} fp {} fn {})",
            c.tp, c.fp, c.fn_
        );
    }
    out
}

/// Recognition of the eval set's gold places and perpetrators where they
/// occur in the text: (found, total, misses).
pub struct Coverage {
    /// Gold places found / occurring.
    pub places: (usize, usize),
    /// Gold perpetrators found / occurring.
    pub perpetrators: (usize, usize),
    /// What was missed, one line each.
    pub misses: Vec<String>,
}

/// Measures [`Coverage`] on a gold JSON Lines file.
pub fn dev_coverage(lex: &Lexicon, jsonl: &str) -> anyhow::Result<Coverage> {
    let mut cov = Coverage { places: (0, 0), perpetrators: (0, 0), misses: Vec::new() };
    for (n, line) in jsonl.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let doc: serde_json::Value =
            serde_json::from_str(line).map_err(|e| anyhow::anyhow!("line {}: {e}", n + 1))?;
        let text = doc["text"].as_str().unwrap_or_default();
        let id = doc["id"].as_str().unwrap_or_default();
        let a = Analysis::new(text, &Config::default());
        let m = lex.find(text, &a);
        let norm_text = rasd_text::normalize(text, rasd_text::Profile::Match);
        let place_surfaces: FxHashSet<String> = m
            .entities
            .iter()
            .filter(|e| e.kind == MentionKind::Place)
            .map(|e| fold(&e.surface))
            .collect();
        let place_names: FxHashSet<String> = m
            .entities
            .iter()
            .filter(|e| e.kind == MentionKind::Place)
            .map(|e| fold(lex.name(e.entity())))
            .collect();
        let actor_names: FxHashSet<String> = m
            .entities
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    MentionKind::Group | MentionKind::Actor | MentionKind::Organization
                )
            })
            .flat_map(|e| [fold(lex.name(e.entity())), fold(&e.surface)])
            .collect();
        let mut seen_places = FxHashSet::default();
        let mut seen_perps = FxHashSet::default();
        for ev in doc["events"].as_array().into_iter().flatten() {
            if let Some(pa) = ev["place_ar"].as_str() {
                let occurs =
                    norm_text.contains(&rasd_text::normalize(pa, rasd_text::Profile::Match));
                if occurs && seen_places.insert(pa.to_string()) {
                    cov.places.1 += 1;
                    let gold_names: Vec<String> = std::iter::once(pa)
                        .chain(ev["place"].as_str())
                        .chain(
                            ev["place_alt"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|v| v.as_str()),
                        )
                        .map(fold)
                        .collect();
                    if place_surfaces.contains(&fold(pa))
                        || gold_names.iter().any(|g| place_names.contains(g))
                    {
                        cov.places.0 += 1;
                    } else {
                        cov.misses.push(format!("{id}\tplace\t{pa}"));
                    }
                }
            }
            for p in ev["perpetrators"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap_or_default();
                let aliases: Vec<&str> = p["aliases"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str())
                    .collect();
                let arabic_in_text = aliases
                    .iter()
                    .filter(|a| a.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
                    .any(|a| {
                        norm_text.contains(&rasd_text::normalize(a, rasd_text::Profile::Match))
                    });
                if arabic_in_text && seen_perps.insert(name.to_string()) {
                    cov.perpetrators.1 += 1;
                    let gold: Vec<String> =
                        std::iter::once(name).chain(aliases.iter().copied()).map(fold).collect();
                    if gold.iter().any(|g| actor_names.contains(g)) {
                        cov.perpetrators.0 += 1;
                    } else {
                        cov.misses.push(format!("{id}\tperpetrator\t{name}"));
                    }
                }
            }
        }
    }
    Ok(cov)
}
