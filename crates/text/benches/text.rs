//! Throughput of the text layer on real-sized articles.
//!
//! Two corpora: the example article shipped in the repo, and, when the
//! shared bench file is beside the repo, the first 300 real articles of
//! `../shared/bench/ant-2018.jsonl.gz` (read at bench time, never copied).
//! Each timed loop checks a count so that a broken stage cannot look fast.

use std::hint::black_box;
use std::io::{BufRead, BufReader};

use criterion::{Criterion, Throughput, criterion_main};
use rasd_text::normalize::{Profile, normalize_into};
use rasd_text::segment::{sentences, tokenize};
use rasd_text::{Analysis, Config};

fn example() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/jalalabad-market.txt");
    std::fs::read_to_string(path).expect("the example article ships with the repo")
}

fn real_articles() -> Option<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/bench/ant-2018.jsonl.gz");
    let file = std::fs::File::open(path).ok()?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut texts = Vec::new();
    for line in reader.lines().take(300) {
        let v: serde_json::Value = serde_json::from_str(&line.ok()?).ok()?;
        texts.push(v["text"].as_str()?.to_string());
    }
    Some(texts.join("\n\n"))
}

fn bench_text(c: &mut Criterion, name: &str, text: &str) {
    let n_tokens = tokenize(text).len();
    let config = Config { reference: Some(jiff::civil::date(2018, 5, 6)), ..Config::default() };
    let n_numbers = Analysis::new(text, &config).numbers.len();

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("normalize+segment", |b| {
        let mut norm = String::with_capacity(text.len());
        b.iter(|| {
            let tokens = tokenize(black_box(text));
            assert_eq!(tokens.len(), n_tokens);
            norm.clear();
            for t in &tokens {
                normalize_into(t.span.of(text), Profile::Match, &mut norm);
            }
            black_box(sentences(text, &tokens).len())
        })
    });
    g.bench_function("analyze (segment, numbers, dates)", |b| {
        b.iter(|| {
            let a = Analysis::new(black_box(text), &config);
            assert_eq!(a.numbers.len(), n_numbers);
            a.dates.len()
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let example = example();
    // A real-sized article: the example's body three times over (about 6 KB).
    let article = [example.as_str(); 3].join("\n\n");
    bench_text(c, "article", &article);
    if let Some(real) = real_articles() {
        bench_text(c, "ant-2018 (300 articles)", &real);
    }
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(text, super::benches);
}
use group::text;
criterion_main!(text);
