//! Integration tests of the text layer: peers' vectors, property tests and
//! marked-up cases.

mod conformance;
mod dateline;
mod markup;
mod props;
