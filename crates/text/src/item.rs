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
    let mut out: [Option<(usize, &str)>; 3] = [Some((0, w)), None, None];
    let mut n = 1;
    let conj = w.starts_with('و') || w.starts_with('ف');
    let after_conj = if conj { &w[2..] } else { w };
    if conj && after_conj.chars().count() >= 2 {
        out[n] = Some((2, after_conj));
        n += 1;
    }
    if ["ب", "ل", "ك"].iter().any(|p| after_conj.starts_with(p)) && after_conj.chars().count() >= 3
    {
        let rest = &after_conj[2..];
        let consumed = w.len() - rest.len();
        out[n] = Some((consumed, rest));
    }
    out.into_iter().flatten()
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
