//! The dateline at the top of an article: `الإثنين 25 مارس 2024 / 11:52`.

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

/// Finds the dateline among the first lines: a short line holding a full
/// date (day, month and year) that starts within its first three words.
///
/// `lines` are the items of each line, in order from the top.
pub fn find_dateline<'a>(
    text: &str,
    lines: impl Iterator<Item = &'a [Item<'a>]>,
) -> Option<Dateline> {
    // Absolute dates with a year need no reference; any will do.
    let r = Resolver { today: date(2000, 1, 1), prefer: Prefer::Past };
    for line in lines.filter(|l| !l.is_empty()).take(MAX_LINES) {
        let n_words = line.iter().filter(|x| x.kind == TokenKind::Word).count();
        if n_words > MAX_WORDS {
            continue;
        }
        let dates = find_dates(line, &r);
        let Some(d) = dates.iter().find(|d| {
            matches!(d.kind, DateKind::Absolute | DateKind::Hijri)
                && d.value.precision == Precision::Day
                && has_year(text, d.span)
        }) else {
            continue;
        };
        let starts_early = line.iter().take(4).any(|x| x.span.start == d.span.start);
        if !starts_early {
            continue;
        }
        let time = line.iter().find_map(|x| clock(x.norm).filter(|_| x.kind == TokenKind::Number));
        let span = line[0].span.cover(line[line.len() - 1].span);
        return Some(Dateline { span, date_span: d.span, date: d.value.start, time });
    }
    None
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
