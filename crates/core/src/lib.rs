//! Plain types shared by every rasd stage, with no IO and no analysis.
//!
//! The one rule that every other crate leans on lives here: a [`Span`] is a
//! half-open byte range into the *original* text of a document. Normalised
//! forms are computed beside the original and never replace it, so evidence
//! shown to a user is always the publisher's own words.

mod event;

pub use event::{
    BATTLE_TOTAL, Count, CountQualifier, Doc, Event, EventType, Evidence, Mention, Perpetrator,
    RECALLED_TOLL, RUNNING_TOTAL, Status, Support,
};

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into the original text.
///
/// Both ends always lie on UTF-8 character boundaries of the text they were
/// produced from.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    ///
    /// # Panics
    /// When `end < start`, or either offset does not fit in `u32` (documents
    /// over 4 GiB are rejected at input time, so this is a bug).
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span end {end} before start {start}");
        let start = u32::try_from(start).expect("document larger than 4 GiB");
        let end = u32::try_from(end).expect("document larger than 4 GiB");
        Span { start, end }
    }

    /// The span as a `Range<usize>` for slicing.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// True when `other` lies inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this span covers.
    ///
    /// # Panics
    /// When the span is out of bounds or not on character boundaries of
    /// `text`, which means it was made from another text: a bug.
    pub fn of(self, text: &str) -> &str {
        &text[self.range()]
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_slices_original_text() {
        let text = "قتل 5 في كابول";
        let span = Span::new(text.find("كابول").unwrap(), text.len());
        assert_eq!(span.of(text), "كابول");
        assert_eq!(span.len(), "كابول".len());
        assert!(Span::new(0, text.len()).contains(span));
        assert_eq!(Span::new(0, 2).cover(Span::new(5, 9)), Span::new(0, 9));
        assert_eq!(format!("{span:?}"), format!("{}..{}", span.start, span.end));
    }

    #[test]
    #[should_panic(expected = "before start")]
    fn reversed_span_is_a_bug() {
        let _ = Span::new(3, 2);
    }
}
