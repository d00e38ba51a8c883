//! One pass of every text stage over a document.

use jiff::civil::Date;
use rasd_core::Span;
use serde::Serialize;

use crate::date::{DateKind, DateMention, DateValue, Prefer, Resolver, find_dates_after};
use crate::dateline::{Dateline, find_dateline};
use crate::item::Item;
use crate::normalize::{Profile, normalize_into};
use crate::number::{NumberKind, NumberMention, find_numbers};
use crate::segment::{Sentence, Token, TokenKind, sentences, tokenize};

/// How a document is analysed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Config {
    /// The day relative dates are resolved against; when `None`, the
    /// dateline's day, and without a dateline relative dates are left out.
    pub reference: Option<Date>,
    /// Which way undirected dates (a bare weekday) resolve.
    pub prefer: Prefer,
}

/// Everything the text layer finds in one document.
#[derive(Debug, Serialize)]
pub struct Analysis {
    /// Tokens covering the text exactly.
    pub tokens: Vec<Token>,
    /// Sentences covering the tokens exactly.
    pub sentences: Vec<Sentence>,
    /// The match form of the whole text: each token's form, concatenated.
    #[serde(skip)]
    pub norm: String,
    /// Byte range of each token's match form in `norm`, by token index.
    #[serde(skip)]
    pub norm_ranges: Vec<(u32, u32)>,
    /// Numbers, in text order.
    pub numbers: Vec<NumberMention>,
    /// Dates, in text order.
    pub dates: Vec<DateMention>,
    /// The dateline, when the article has one.
    pub dateline: Option<Dateline>,
    /// The reference day actually used.
    #[serde(serialize_with = "ser_opt_date")]
    pub reference: Option<Date>,
}

fn ser_opt_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

impl Analysis {
    /// Analyses `text`.
    pub fn new(text: &str, config: &Config) -> Analysis {
        let tokens = tokenize(text);
        let sents = sentences(text, &tokens);
        let mut norm = String::with_capacity(text.len());
        let mut norm_ranges = Vec::with_capacity(tokens.len());
        for t in &tokens {
            let start = norm.len();
            normalize_into(t.span.of(text), Profile::Match, &mut norm);
            norm_ranges.push((start as u32, norm.len() as u32));
        }
        let items = build_items(text, &tokens, &norm, &norm_ranges);
        // Item ranges of each sentence and each line.
        let sentence_items = ranges_by(&items, sents.iter().map(|s| s.span));
        let line_spans = line_spans(text);
        let line_items = ranges_by(&items, line_spans.iter().copied());

        let dateline = find_dateline(text, line_items.iter().map(|r| &items[r.0..r.1]));
        let reference = config.reference.or(dateline.map(|d| d.date));
        let resolver = Resolver {
            today: reference.unwrap_or(jiff::civil::date(2000, 1, 1)),
            prefer: config.prefer,
        };

        let mut numbers = Vec::new();
        let mut dates = Vec::new();
        // The year written out last, for "من العام نفسه" in a later sentence.
        let mut year_told = None;
        for (s, e) in &sentence_items {
            let run = &items[*s..*e];
            numbers.extend(find_numbers(run));
            let found = find_dates_after(run, &resolver, &mut year_told);
            dates.extend(
                found.into_iter().filter(|d| reference.is_some() || is_self_contained(text, d)),
            );
        }
        Analysis {
            tokens,
            sentences: sents,
            norm,
            norm_ranges,
            numbers,
            dates,
            dateline,
            reference,
        }
    }

    /// The match form of token `idx`.
    pub fn token_norm(&self, idx: usize) -> &str {
        let (s, e) = self.norm_ranges[idx];
        &self.norm[s as usize..e as usize]
    }

    /// The non-space tokens as [`Item`]s, the view that recognisers read.
    /// `text` must be the text this analysis was made from.
    pub fn items<'a>(&'a self, text: &'a str) -> Vec<Item<'a>> {
        build_items(text, &self.tokens, &self.norm, &self.norm_ranges)
    }

    /// For each sentence, the range of `items` (from [`Analysis::items`])
    /// inside it.
    pub fn sentence_item_ranges(&self, items: &[Item<'_>]) -> Vec<(usize, usize)> {
        ranges_by(items, self.sentences.iter().map(|s| s.span))
    }
}

fn build_items<'a>(
    text: &'a str,
    tokens: &[Token],
    norm: &'a str,
    norm_ranges: &[(u32, u32)],
) -> Vec<Item<'a>> {
    tokens
        .iter()
        .zip(norm_ranges)
        .filter(|(t, _)| t.kind != TokenKind::Space)
        .map(|(t, (s, e))| Item {
            span: t.span,
            kind: t.kind,
            norm: &norm[*s as usize..*e as usize],
            text: t.span.of(text),
        })
        .collect()
}

/// A date that needs no reference: written with its year.
fn is_self_contained(text: &str, d: &DateMention) -> bool {
    matches!(d.kind, DateKind::Absolute | DateKind::Hijri | DateKind::Range)
        && d.span.of(text).chars().filter(|c| crate::segment::digit_value(*c).is_some()).count()
            >= 4
}

/// Spans of the lines of `text` (without their line breaks).
fn line_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            out.push(Span::new(start, i));
            start = i + 1;
        }
    }
    out.push(Span::new(start, text.len()));
    out
}

/// For each span (in order, not overlapping), the range of items inside it.
fn ranges_by(items: &[Item<'_>], spans: impl Iterator<Item = Span>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    for span in spans {
        while i < items.len() && items[i].span.start < span.start {
            i += 1;
        }
        let s = i;
        while i < items.len() && items[i].span.end <= span.end {
            i += 1;
        }
        out.push((s, i));
    }
    out
}

/// Parses a whole phrase as one cardinal number, as Duckling's Numeral
/// dimension does: digits, words, signs, decimals and fractions over a
/// power of ten ("٧٧/١٠٠"). `None` unless the number covers the phrase.
pub fn parse_numeral(phrase: &str) -> Option<f64> {
    let norm = crate::normalize::normalize(phrase.trim(), Profile::Match);
    let (sign, body) = match norm.strip_prefix('-') {
        Some(rest) => (-1.0, rest.trim_start()),
        None => (1.0, norm.as_str()),
    };
    if let Some(v) = fraction(body) {
        return Some(sign * v);
    }
    let body = if body.starts_with('.') { format!("0{body}") } else { body.to_string() };
    let a = Analysis::new(&body, &Config::default());
    let [m] = a.numbers.as_slice() else { return None };
    let covers = m.span == Span::new(0, body.len()) && m.kind == NumberKind::Cardinal;
    covers.then(|| sign * m.value.unwrap_or(f64::NAN)).filter(|v| !v.is_nan())
}

fn fraction(s: &str) -> Option<f64> {
    let (a, b) = s.split_once('/')?;
    let (a, b): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    let pow10 = [10.0, 100.0, 1000.0].contains(&b);
    pow10.then_some(a / b)
}

/// Parses a whole phrase as one ordinal.
pub fn parse_ordinal(phrase: &str) -> Option<u32> {
    let a = Analysis::new(phrase.trim(), &Config::default());
    let [m] = a.numbers.as_slice() else { return None };
    let covers = m.span == Span::new(0, phrase.trim().len()) && m.kind == NumberKind::Ordinal;
    covers.then(|| m.value.map(|v| v as u32)).flatten()
}

/// Parses a whole phrase as one date against `reference`. Leading
/// prepositions (في، عند) and trailing punctuation may stand outside the
/// date.
pub fn parse_date(phrase: &str, reference: Date, prefer: Prefer) -> Option<DateValue> {
    let text = phrase.trim();
    let a = Analysis::new(text, &Config { reference: Some(reference), prefer });
    let [d] = a.dates.as_slice() else { return None };
    let outside = a
        .tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind != TokenKind::Space && !d.span.contains(t.span));
    let ok = outside.into_iter().all(|(i, t)| {
        t.kind == TokenKind::Punct || matches!(a.token_norm(i), "في" | "عند" | "قرابة" | "بحدود")
    });
    ok.then_some(d.value)
}
