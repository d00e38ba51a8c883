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

/// The great-circle distance in kilometres between two points given as
/// `[latitude, longitude]` in degrees (haversine, mean Earth radius).
pub fn km(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (la1, lo1, la2, lo2) =
        (a[0].to_radians(), a[1].to_radians(), b[0].to_radians(), b[1].to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

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
    fn km_is_the_great_circle_distance() {
        assert_eq!(km([34.5, 69.2], [34.5, 69.2]), 0.0);
        // A degree of latitude is about 111.2 km.
        assert!((km([33.0, 44.0], [34.0, 44.0]) - 111.2).abs() < 0.1);
        assert_eq!(km([33.3, 44.4], [36.2, 37.1]), km([36.2, 37.1], [33.3, 44.4]));
    }

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
