//! Extraction speed on the shipped example article.
fn main() {}
