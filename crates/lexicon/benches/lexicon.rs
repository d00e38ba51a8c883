//! Lexicon loading and matching speed.
//!
//! Matching runs over the shipped example article and, when the shared
//! bench file is beside the repo, the first 300 real articles of
//! `../shared/bench/ant-2018.jsonl.gz` (read at bench time, never copied).
//! The timed loops check the number of mentions so a broken matcher cannot
//! look fast.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_main};
use rasd_lexicon::Lexicon;
use rasd_text::{Analysis, Config};

fn corpus() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/jalalabad-market.txt");
    let example = std::fs::read_to_string(path).expect("the example article ships with the repo");
    [example.as_str(); 3].join("\n\n")
}

fn benches(c: &mut Criterion) {
    c.bench_function("lexicon/load", |b| {
        b.iter(|| black_box(Lexicon::load().expect("data loads")).places.len())
    });

    let lex = Lexicon::load().expect("data loads");
    let text = corpus();
    let config = Config { reference: Some(jiff::civil::date(2018, 5, 6)), ..Config::default() };
    let analysis = Analysis::new(&text, &config);
    let n = lex.find(&text, &analysis).entities.len();
    let mut g = c.benchmark_group("lexicon/find");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("article", |b| {
        b.iter(|| {
            let m = lex.find(black_box(&text), &analysis);
            assert_eq!(m.entities.len(), n);
            m.people.len()
        })
    });
    g.finish();
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(lexicon, super::benches);
}
use group::lexicon;
criterion_main!(lexicon);
