//! Integration tests of the lexicon: marked-up sentences, loading and
//! disambiguation.

mod markup;
mod resolve;
