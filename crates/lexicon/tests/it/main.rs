//! Integration tests of the lexicon: marked-up sentences, loading and
//! disambiguation.

mod lists;
mod markup;
mod resolve;
mod romanize;
