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
    assert!(all.total() >= 550, "{} examples", all.total());
    assert!(
        all.passed() == all.total(),
        "numeral+ordinal {}/{}\n{}",
        all.passed(),
        all.total(),
        show_failures(&all)
    );
}

#[test]
fn dates() {
    let d = conformance::duckling(&peer("duckling_ar_examples.tsv"));
    let p = conformance::puckling(&peer("puckling_ar_corpus.tsv"));
    let all = pool("time", &[&d[2], &p[2]]);
    assert!(all.total() >= 240, "{} examples in scope", all.total());
    assert!(all.rate() >= 0.95, "time {}/{}\n{}", all.passed(), all.total(), show_failures(&all));
}

#[test]
fn dateparser_cases() {
    let r = &conformance::dateparser(&peer("dateparser_ar_tests.tsv"))[0];
    assert!(
        r.passed() == r.total() && r.total() >= 15,
        "dateparser {}/{}\n{}",
        r.passed(),
        r.total(),
        show_failures(r)
    );
}
