//! The dateline at the top of an article: `الإثنين 25 مارس 2024 / 11:52`,
//! and the agency forms `بغداد (رويترز) - الخميس 14 آذار/مارس 2019`,
//! `بغداد - 14 آذار 2019 (أ ف ب)`, `القاهرة، 14 مارس (د ب أ) -`.

use jiff::civil::{Date, date};
use rasd_core::Span;
use serde::Serialize;

use crate::date::{DateKind, Precision, Prefer, Resolver, find_dates};
use crate::item::Item;
use crate::segment::TokenKind;

/// A dateline: the line, the date it gives and the clock time if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Dateline {
    /// The whole line in the original text.
    pub span: Span,
    /// The date's own span.
    pub date_span: Span,
    /// The day it gives.
    #[serde(serialize_with = "ser_date")]
    pub date: Date,
    /// Hours and minutes, when the line gives them.
    pub time: Option<(u8, u8)>,
}

fn ser_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// How many non-empty lines from the top may hold the dateline.
const MAX_LINES: usize = 3;
/// A dateline is short; a longer line is a sentence that happens to hold a
/// date.
const MAX_WORDS: usize = 12;
/// Words a dateline's head may have before its date: a city, a country and
/// an agency (`واشنطن، الولايات المتحدة (د ب أ) -`).
const MAX_HEAD_WORDS: usize = 7;

/// Finds the dateline among the first lines: a line holding a full date
/// (day, month and year) that either is short and starts with the date
/// within its first three words, or opens with a dateline head (a city,
/// perhaps an agency in brackets, then a dash, comma or slash, perhaps a
/// weekday) right before the date. A line of the second kind may go on
/// with the article's first sentence.
///
/// `lines` are the items of each line, in order from the top.
pub fn find_dateline<'a>(
    text: &str,
    lines: impl Iterator<Item = &'a [Item<'a>]>,
) -> Option<Dateline> {
    // Absolute dates with a year need no reference; any will do.
    let r = Resolver { today: date(2000, 1, 1), prefer: Prefer::Past };
    for line in lines.filter(|l| !l.is_empty()).take(MAX_LINES) {
        // A dateline's date is written with its year: a line without four
        // digits in a row has none, and reading its dates would be wasted
        // (the first lines are often whole paragraphs).
        if !has_year(text, line[0].span.cover(line[line.len() - 1].span)) {
            continue;
        }
        let n_words = line.iter().filter(|x| x.kind == TokenKind::Word).count();
        let dates = find_dates(line, &r);
        let Some(d) = dates.iter().find(|d| {
            matches!(d.kind, DateKind::Absolute | DateKind::Hijri)
                && d.value.precision == Precision::Day
                && has_year(text, d.span)
        }) else {
            continue;
        };
        let Some(at) = line.iter().position(|x| x.span.start == d.span.start) else {
            continue;
        };
        let short = n_words <= MAX_WORDS && at < 4;
        if !short && !is_head(&line[..at]) {
            continue;
        }
        let time = line.iter().find_map(|x| clock(x.norm).filter(|_| x.kind == TokenKind::Number));
        let span = line[0].span.cover(line[line.len() - 1].span);
        return Some(Dateline { span, date_span: d.span, date: d.value.start, time });
    }
    None
}

/// Whether the items before a date are a dateline's head: a few words
/// ending in a dash, comma, slash or colon (or an agency's closing
/// bracket), then perhaps a weekday and a comma.
fn is_head(head: &[Item<'_>]) -> bool {
    let weekday =
        |x: &Item<'_>| x.kind == TokenKind::Word && crate::date::weekday_word(x.norm).is_some();
    let mut end = head.len();
    // "- الخميس، 14 آذار": the comma after a weekday is not the separator.
    if end > 1 && head[end - 1].norm == "," && weekday(&head[end - 2]) {
        end -= 1;
    }
    if end > 0 && weekday(&head[end - 1]) {
        end -= 1;
    }
    let head = &head[..end];
    let words = head.iter().filter(|x| x.kind == TokenKind::Word).count();
    let ends_in_separator = head.last().is_some_and(|x| {
        x.kind == TokenKind::Punct
            && x.norm.chars().all(|c| matches!(c, '-' | '–' | '—' | ',' | '/' | ':' | ')' | '|'))
    });
    (1..=MAX_HEAD_WORDS).contains(&words) && ends_in_separator
}

fn has_year(text: &str, span: Span) -> bool {
    let s = span.of(text);
    let mut run = 0;
    for c in s.chars() {
        if crate::segment::digit_value(c).is_some() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Parses `HH:MM` (or `HH:MM:SS`) in match form.
pub fn clock(s: &str) -> Option<(u8, u8)> {
    let mut parts = s.split(':');
    let h: u8 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    (h < 24 && m < 60).then_some((h, m))
}
