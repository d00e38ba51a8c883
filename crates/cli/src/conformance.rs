//! `rasd conformance`: peers' test vectors and rasd's pass rates.

use std::fmt::Write as _;
use std::path::Path;

use rasd_text::conformance::{self, Outcome, Report, pool};

const DUCKLING: &str = include_str!("../../../data/peers/duckling_ar_examples.tsv");
const PUCKLING: &str = include_str!("../../../data/peers/puckling_ar_corpus.tsv");
const DATEPARSER: &str = include_str!("../../../data/peers/dateparser_ar_tests.tsv");

/// Runs every set; PyArabic's GPL vectors only when `pyarabic` points at
/// them (they are never copied into the repo).
pub fn run(pyarabic: Option<&Path>) -> anyhow::Result<Vec<Report>> {
    let d = conformance::duckling(DUCKLING);
    let p = conformance::puckling(PUCKLING);
    let mut reports = Vec::new();
    reports.push(pool("numeral+ordinal (target 97%)", &[&d[0], &d[1], &p[0], &p[1]]));
    reports.push(pool("time: dates and days (target 90%)", &[&d[2], &p[2]]));
    reports.extend(d);
    reports.extend(p);
    reports.extend(conformance::dateparser(DATEPARSER));
    if let Some(path) = pyarabic {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        reports.extend(conformance::pyarabic(&text));
    }
    Ok(reports)
}

/// The table of pass rates, with failures when `verbose`.
pub fn table(reports: &[Report], verbose: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<38} {:>8} {:>7} {:>8}", "set", "passed", "rate", "skipped");
    for r in reports {
        let _ = writeln!(
            out,
            "{:<38} {:>8} {:>6.1}% {:>8}",
            r.name,
            format!("{}/{}", r.passed(), r.total()),
            100.0 * r.rate(),
            r.out_of_scope()
        );
    }
    if verbose {
        for r in reports.iter().skip(2) {
            for c in &r.cases {
                match &c.outcome {
                    Outcome::Fail { expected, got } => {
                        let _ = writeln!(
                            out,
                            "FAIL {:<20} {}  want {expected}, got {got}",
                            r.name, c.input
                        );
                    }
                    Outcome::OutOfScope(why) => {
                        let _ = writeln!(out, "SKIP {:<20} {}  ({why})", r.name, c.input);
                    }
                    Outcome::Pass => {}
                }
            }
        }
    }
    out
}
