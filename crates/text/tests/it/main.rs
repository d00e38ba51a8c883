//! Integration tests of the text layer: peers' vectors, property tests and
//! marked-up cases.

mod conformance;
mod markup;
mod props;
