//! What every fuzz target shares: the bytes AFL++ gives, as the text the
//! readers take.
//!
//! Each target under `src/bin/` reads one kind of input the way rasd reads
//! it and checks the invariants a reader promises (errors name their
//! input; spans fall on character boundaries). A panic is a crash to AFL++;
//! `tools/fuzz.sh` runs every target for a fixed time.

/// The input as text: invalid UTF-8 replaced, as a lossy reader would,
/// so that no run is wasted on bytes the readers never see as `&str`.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
