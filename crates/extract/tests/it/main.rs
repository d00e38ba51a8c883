//! Integration tests of the extractor.
