//! The view that recognisers read: non-space tokens with their match form.

use rasd_core::Span;

use crate::normalize::{Fold, fold_match};
use crate::segment::TokenKind;

/// A non-space token with its match-normalised form.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    /// The token's span in the original text.
    pub span: Span,
    /// Word, number or punctuation (never space).
    pub kind: TokenKind,
    /// The token's match form.
    pub norm: &'a str,
    /// The token's original text.
    pub text: &'a str,
}

impl Item<'_> {
    /// The sub-span of this token that starts where its match form's byte
    /// `norm_offset` starts: how a reading that drops a proclitic (found on
    /// the match form) is mapped back to the original text, diacritics and
    /// all.
    pub fn span_from(&self, norm_offset: usize) -> Span {
        if norm_offset == 0 {
            return self.span;
        }
        let mut produced = 0;
        for (i, c) in self.text.char_indices() {
            if produced >= norm_offset && !matches!(fold_match(c), Fold::Drop) {
                return Span::new(self.span.start as usize + i, self.span.end as usize);
            }
            if let Fold::Char(f) = fold_match(c) {
                produced += f.len_utf8();
            }
        }
        self.span
    }

    /// True for a word whose match form is `w`.
    pub fn is(&self, w: &str) -> bool {
        self.kind == TokenKind::Word && self.norm == w
    }

    /// True for a word whose match form is one of `ws`.
    pub fn is_any(&self, ws: &[&str]) -> bool {
        self.kind == TokenKind::Word && ws.contains(&self.norm)
    }

    /// True for punctuation.
    pub fn is_punct(&self) -> bool {
        self.kind == TokenKind::Punct
    }
}

/// Readings of a match-form word with a leading conjunction (و ف) and/or
/// preposition (ب ل ك) removed, the whole word first.
///
/// This is the cheap, dictionary-driven counterpart of
/// [`crate::segment::clitic_splits`] for closed word lists such as number
/// words and month names: a caller looks each reading up and keeps the first
/// that it knows.
pub fn stems(w: &str) -> impl Iterator<Item = (usize, &str)> {
    // Compare UTF-8 bytes directly: و ف ب ل ك all start with 0xD8 or 0xD9
    // and are two bytes long, so byte lengths stand in for letter counts.
    let b = w.as_bytes();
    // Two bytes compared each, not a slice search: this runs for every
    // word a stage looks up.
    let is = |at: usize, x: u8, y: u8| {
        b.len() > at + 1 && b[at] == 0xD9 && (b[at + 1] == x || b[at + 1] == y)
    };
    let is_ba = |at: usize| b.len() > at + 1 && b[at] == 0xD8 && b[at + 1] == 0xA8;
    // و = D9 88, ف = D9 81; ل = D9 84, ك = D9 83; ب = D8 A8.
    let conj = is(0, 0x88, 0x81) && b.len() >= 6;
    let at = if conj { 2 } else { 0 };
    let prep = (is(at, 0x84, 0x83) || is_ba(at)) && b.len() >= at + 8;
    let a = Some((0, w));
    let c = conj.then(|| (2, &w[2..]));
    let p = prep.then(|| (at + 2, &w[at + 2..]));
    [a, c, p].into_iter().flatten()
}

/// The unit of a match-form word after the leading conjunction و, if any,
/// for number phrases written "وعشرون" or "و عشرون".
pub fn without_conj(w: &str) -> Option<&str> {
    w.strip_prefix('و').filter(|r| !r.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_strip_known_proclitics() {
        let s: Vec<&str> = stems("وبنحو").map(|(_, s)| s).collect();
        assert_eq!(s, vec!["وبنحو", "بنحو", "نحو"]);
        let s: Vec<&str> = stems("نحو").map(|(_, s)| s).collect();
        assert_eq!(s, vec!["نحو"]);
        let s: Vec<(usize, &str)> = stems("بمارس").collect();
        assert_eq!(s, vec![(0, "بمارس"), (2, "مارس")]);
    }
}
