//! Arabic text analysis for rasd.
//!
//! Every later stage reads news through this crate: [`mod@normalize`] folds
//! letters for matching and search, [`segment`] splits text into tokens,
//! sentences and clitics without ever losing a byte, [`number`] and
//! [`date`] recognise counts and dates, and [`analyze`] runs them all over
//! a document. Nothing here does IO, and nothing here fails on odd text:
//! recognisers return what they found.

pub mod analyze;
pub mod conformance;
pub mod date;
pub mod dateline;
pub mod hijri;
pub mod item;
pub mod normalize;
pub mod number;
pub mod segment;

pub use analyze::{Analysis, Config};
pub use normalize::{Profile, normalize};
