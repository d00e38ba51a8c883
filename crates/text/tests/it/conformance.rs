//! Peers' vectors, with the pass rates rasd reaches asserted so they cannot
//! silently fall.

use rasd_text::conformance::{self, Outcome, Report, pool};

fn peer(name: &str) -> String {
    let path = format!("{}/../../data/peers/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn show_failures(r: &Report) -> String {
    r.cases
        .iter()
        .filter_map(|c| match &c.outcome {
            Outcome::Fail { expected, got } => {
                Some(format!("  {} => want {expected}, got {got}", c.input))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn numerals_and_ordinals() {
    let d = conformance::duckling(&peer("duckling_ar_examples.tsv"));
    let p = conformance::puckling(&peer("puckling_ar_corpus.tsv"));
    let all = pool("numeral+ordinal", &[&d[0], &d[1], &p[0], &p[1]]);
    eprintln!("{}", show_failures(&all));
    eprintln!("numeral+ordinal {}/{}", all.passed(), all.total());
    assert!(all.total() >= 550, "{} examples", all.total());
    assert!(all.passed() == all.total(), "numeral+ordinal {}/{}", all.passed(), all.total());
}

#[test]
fn dates() {
    let d = conformance::duckling(&peer("duckling_ar_examples.tsv"));
    let p = conformance::puckling(&peer("puckling_ar_corpus.tsv"));
    let all = pool("time", &[&d[2], &p[2]]);
    eprintln!("{}", show_failures(&all));
    eprintln!("time {}/{} ({} out of scope)", all.passed(), all.total(), all.out_of_scope());
    assert!(all.total() >= 240, "{} examples in scope", all.total());
    assert!(all.rate() >= 0.95, "time {}/{}", all.passed(), all.total());
}

#[test]
fn dateparser_cases() {
    let r = &conformance::dateparser(&peer("dateparser_ar_tests.tsv"))[0];
    eprintln!("{}", show_failures(r));
    eprintln!("dateparser {}/{}", r.passed(), r.total());
    assert!(r.passed() == r.total() && r.total() >= 15, "dateparser {}/{}", r.passed(), r.total());
}
