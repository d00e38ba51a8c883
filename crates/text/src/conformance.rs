//! Runs other projects' Arabic test vectors against this crate.
//!
//! Each reader takes a peer's file as text (the caller does the IO) and
//! returns one [`Report`] per dimension. Examples outside rasd's scope are
//! kept in the report with the reason, so the rate is honest about what it
//! counts:
//!
//! * clock times and parts of the day (Duckling grains `Hour`, `Minute`,
//!   `Second`): rasd dates events to the day and never reads times of day
//!   as dates;
//! * "National Day", whose date depends on the country;
//! * dateparser's tokenizer, language detection and bare durations, which
//!   are not dates.
//!
//! Duckling resolves undirected expressions (a bare weekday, a month without
//! a year) forward, to the next such day; news reads them backwards. The
//! readers use [`Prefer::Future`] for Duckling's and puckling's vectors and
//! [`Prefer::Past`] for dateparser's.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use serde_json::Value;

use crate::analyze::{Analysis, Config, parse_date, parse_numeral, parse_ordinal};
use crate::date::Prefer;
use crate::normalize::{Profile, normalize};
use crate::segment::TokenKind;

/// What became of one example.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The result matched.
    Pass,
    /// It did not: what was expected and what came out.
    Fail {
        /// The peer's expected value, as text.
        expected: String,
        /// rasd's value, as text.
        got: String,
    },
    /// Not counted, with the reason.
    OutOfScope(&'static str),
}

/// One example and its outcome.
#[derive(Clone, Debug)]
pub struct Case {
    /// The input phrase.
    pub input: String,
    /// What happened.
    pub outcome: Outcome,
}

/// All the examples of one dimension of one peer.
#[derive(Clone, Debug)]
pub struct Report {
    /// `peer/dimension`.
    pub name: String,
    /// Every example, in file order.
    pub cases: Vec<Case>,
}

impl Report {
    fn new(name: &str) -> Report {
        Report { name: name.to_string(), cases: Vec::new() }
    }

    fn push(&mut self, input: &str, outcome: Outcome) {
        self.cases.push(Case { input: input.to_string(), outcome });
    }

    /// Examples that passed.
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.outcome == Outcome::Pass).count()
    }

    /// Examples in scope.
    pub fn total(&self) -> usize {
        self.cases.iter().filter(|c| !matches!(c.outcome, Outcome::OutOfScope(_))).count()
    }

    /// Examples out of scope.
    pub fn out_of_scope(&self) -> usize {
        self.cases.len() - self.total()
    }

    /// Pass rate over the examples in scope.
    pub fn rate(&self) -> f64 {
        if self.total() == 0 { 1.0 } else { self.passed() as f64 / self.total() as f64 }
    }
}

/// Pools several reports into one (for a combined rate).
pub fn pool(name: &str, reports: &[&Report]) -> Report {
    Report { name: name.to_string(), cases: reports.iter().flat_map(|r| r.cases.clone()).collect() }
}

/// Duckling's reference time: Tuesday 2013-02-12.
fn duckling_today() -> Date {
    date(2013, 2, 12)
}

fn check_number(input: &str, expected: f64) -> Outcome {
    match parse_numeral(input) {
        Some(v) if (v - expected).abs() < 1e-9 => Outcome::Pass,
        got => Outcome::Fail { expected: expected.to_string(), got: format!("{got:?}") },
    }
}

fn check_ordinal(input: &str, expected: u32) -> Outcome {
    match parse_ordinal(input) {
        Some(v) if v == expected => Outcome::Pass,
        got => Outcome::Fail { expected: expected.to_string(), got: format!("{got:?}") },
    }
}

/// Compares a parsed date with an expected first day and, for intervals, an
/// expected exclusive end.
fn check_date(
    input: &str,
    today: Date,
    prefer: Prefer,
    start: Date,
    end_excl: Option<Date>,
) -> Outcome {
    let got = parse_date(input, today, prefer);
    let ok = got.is_some_and(|v| v.start == start && end_excl.is_none_or(|e| v.end + 1.day() == e));
    if ok {
        Outcome::Pass
    } else {
        let expected = match end_excl {
            Some(e) => format!("{start}..{e}"),
            None => start.to_string(),
        };
        Outcome::Fail { expected, got: format!("{:?}", got.map(|v| (v.start, v.end))) }
    }
}

fn check_negative(input: &str, today: Date) -> Outcome {
    match parse_date(input, today, Prefer::Future) {
        None => Outcome::Pass,
        Some(v) => Outcome::Fail { expected: "no date".into(), got: v.start.to_string() },
    }
}

/// Reads Duckling's Arabic corpus (`duckling_ar_examples.tsv`): returns the
/// Numeral, Ordinal and Time reports.
pub fn duckling(tsv: &str) -> Vec<Report> {
    let mut numeral = Report::new("duckling/Numeral");
    let mut ordinal = Report::new("duckling/Ordinal");
    let mut time = Report::new("duckling/Time");
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [dim, _locale, _file, expr, phrase] = cols[..] else { continue };
        match dim {
            "Numeral" => {
                let v = expr
                    .trim_start_matches("NumeralValue")
                    .trim()
                    .trim_matches(|c| c == '(' || c == ')');
                match v.parse::<f64>() {
                    Ok(v) => numeral.push(phrase, check_number(phrase, v)),
                    Err(_) => numeral.push(phrase, Outcome::OutOfScope("unreadable expectation")),
                }
            }
            "Ordinal" => match expr.trim_start_matches("OrdinalData").trim().parse::<u32>() {
                Ok(v) => ordinal.push(phrase, check_ordinal(phrase, v)),
                Err(_) => ordinal.push(phrase, Outcome::OutOfScope("unreadable expectation")),
            },
            "Time" => time.push(phrase, duckling_time(expr, phrase)),
            _ => {}
        }
    }
    vec![numeral, ordinal, time]
}

fn duckling_time(expr: &str, phrase: &str) -> Outcome {
    if expr == "NEGATIVE" {
        return check_negative(phrase, duckling_today());
    }
    let grain = expr.rsplit(')').next().unwrap_or("").split_whitespace().next().unwrap_or("");
    if matches!(grain, "Hour" | "Minute" | "Second") {
        return Outcome::OutOfScope("clock time or part of day");
    }
    let nums: Vec<i32> = expr
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let ymd = |k: usize| date(nums[k] as i16, nums[k + 1] as i8, nums[k + 2] as i8);
    if expr.starts_with("datetimeInterval") && nums.len() >= 12 {
        check_date(phrase, duckling_today(), Prefer::Future, ymd(0), Some(ymd(6)))
    } else if nums.len() >= 6 {
        check_date(phrase, duckling_today(), Prefer::Future, ymd(0), None)
    } else {
        Outcome::OutOfScope("unreadable expectation")
    }
}

/// Reads puckling's Arabic corpus (`puckling_ar_corpus.tsv`): returns the
/// numeral, ordinal and time reports.
pub fn puckling(tsv: &str) -> Vec<Report> {
    let mut numeral = Report::new("puckling/numeral");
    let mut ordinal = Report::new("puckling/ordinal");
    let mut time = Report::new("puckling/time");
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [dim, _file, json, phrase] = cols[..] else { continue };
        let Ok(v) = serde_json::from_str::<Value>(json) else { continue };
        match dim {
            "numeral" => match v["value"].as_f64() {
                Some(x) => numeral.push(phrase, check_number(phrase, x)),
                None => numeral.push(phrase, Outcome::OutOfScope("unreadable expectation")),
            },
            "ordinal" => match v["value"].as_u64() {
                Some(x) => ordinal.push(phrase, check_ordinal(phrase, x as u32)),
                None => ordinal.push(phrase, Outcome::OutOfScope("unreadable expectation")),
            },
            "time" => time.push(phrase, puckling_time(&v, phrase)),
            _ => {}
        }
    }
    vec![numeral, ordinal, time]
}

fn puckling_time(v: &Value, phrase: &str) -> Outcome {
    let day_of = |v: &Value| -> Option<Date> { v.as_str()?.get(..10)?.parse().ok() };
    let small_grain = |g: &Value| matches!(g.as_str(), Some("hour" | "minute" | "second"));
    if v["holiday"].as_str() == Some("National Day") {
        return Outcome::OutOfScope("country-dependent holiday");
    }
    if v["type"] == "interval" {
        if small_grain(&v["from"]["grain"]) {
            return Outcome::OutOfScope("clock time or part of day");
        }
        let (Some(a), Some(b)) = (day_of(&v["from"]["value"]), day_of(&v["to"]["value"])) else {
            return Outcome::OutOfScope("unreadable expectation");
        };
        // puckling's day intervals end on the last day itself.
        return check_date(phrase, duckling_today(), Prefer::Future, a, Some(b + 1.day()));
    }
    if small_grain(&v["grain"]) {
        return Outcome::OutOfScope("clock time or part of day");
    }
    match day_of(&v["value"]) {
        Some(d) => check_date(phrase, duckling_today(), Prefer::Future, d, None),
        None => Outcome::OutOfScope("unreadable expectation"),
    }
}

/// Reads dateparser's Arabic cases (`dateparser_ar_tests.tsv`).
pub fn dateparser(tsv: &str) -> Vec<Report> {
    let mut r = Report::new("dateparser/dates");
    // dateparser resolves relative dates against "now"; any fixed day works.
    let today = date(2018, 5, 6);
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [_source, kind, input, expected] = cols[..] else { continue };
        let outcome = match kind {
            "translate" => {
                // "6 january 2015 05:16 pm": the date part.
                let parts: Vec<&str> = expected.split_whitespace().collect();
                match english_date(&parts) {
                    Some(d) => check_date(&date_part(input), today, Prefer::Past, d, None),
                    None => Outcome::OutOfScope("unreadable expectation"),
                }
            }
            "translate_relative" | "freshness" => {
                let days = expected
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("days=").and_then(|d| d.parse::<i64>().ok()))
                    .or(match expected {
                        "1 day ago" => Some(1),
                        "0 day ago" => Some(0),
                        _ => None,
                    });
                match days {
                    Some(n) if !expected.contains("hour") && !expected.contains("years=") => {
                        check_date(input, today, Prefer::Past, today - n.days(), None)
                    }
                    _ => Outcome::OutOfScope("a duration or a time of day, not a date"),
                }
            }
            "hijri_DMY" => match expected.get(..10).and_then(|d| d.parse::<Date>().ok()) {
                // Without an era marker, dateparser was told the calendar; rasd
                // reads Hijri numeric dates only with هـ.
                Some(d) if input.contains('ه') => {
                    check_date(&date_part(input), today, Prefer::Past, d, None)
                }
                Some(_) => Outcome::OutOfScope("Hijri calendar given out of band, not in the text"),
                None => Outcome::OutOfScope("unreadable expectation"),
            },
            "search_dates" => search_dates(input, expected, today),
            _ => Outcome::OutOfScope("not a date parser test"),
        };
        r.push(input, outcome);
    }
    vec![r]
}

/// The text before the first comma that follows a year or a clock time:
/// "14-09-1432 هـ, 09:40 صباحاً" → "14-09-1432 هـ"; also drops a trailing
/// "الساعة …" clause, since clock times are out of scope.
fn date_part(input: &str) -> String {
    let mut s = input.trim();
    if let Some(i) = s.find("الساعة") {
        s = &s[..i];
    }
    let kept: Vec<&str> = s
        .split_whitespace()
        .filter(|w| !w.contains(':') && !matches!(*w, "صباحاً" | "مساءً" | "صباحا" | "مساء"))
        .collect();
    kept.join(" ").trim_end_matches([',', '،', ' ']).to_string()
}

fn english_date(parts: &[&str]) -> Option<Date> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let d: i8 = parts.first()?.parse().ok()?;
    let name = *parts.get(1)?;
    let m = MONTHS.iter().position(|m| *m == name)? as i8 + 1;
    let y: i16 = parts.get(2)?.parse().ok()?;
    Date::new(y, m, d).ok()
}

fn search_dates(input: &str, expected: &str, today: Date) -> Outcome {
    let want: Vec<Date> =
        expected.split(" | ").filter_map(|p| p.split('=').nth(1)?.parse().ok()).collect();
    let a = Analysis::new(input, &Config { reference: Some(today), prefer: Prefer::Past });
    let got: Vec<Date> = a.dates.iter().map(|d| d.value.start).collect();
    if got == want {
        Outcome::Pass
    } else {
        Outcome::Fail { expected: format!("{want:?}"), got: format!("{got:?}") }
    }
}

/// Reads PyArabic's vectors (`pyarabic_test_vectors.tsv`, GPL: read from
/// ../shared, never copied). Normalisation, tokenisation and number words
/// are in scope.
pub fn pyarabic(tsv: &str) -> Vec<Report> {
    let mut r = Report::new("pyarabic/text");
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [_source, function, _kwargs, input, expected] = cols[..] else { continue };
        let outcome = match function {
            // These remove every mark, as the match form does.
            "strip_tashkeel" | "strip_tatweel" | "strip_shadda" => {
                let got = normalize(input, Profile::Match);
                if got == expected {
                    Outcome::Pass
                } else {
                    Outcome::Fail { expected: expected.into(), got }
                }
            }
            "tokenize" => {
                let got: Vec<String> = crate::segment::tokenize(input)
                    .into_iter()
                    .filter(|t| t.kind != TokenKind::Space)
                    .map(|t| format!("'{}'", t.span.of(input)))
                    .collect();
                let got = format!("[{}]", got.join(", "));
                if got == expected {
                    Outcome::Pass
                } else {
                    Outcome::Fail { expected: expected.into(), got }
                }
            }
            // Number to words, read backwards: the words must parse to the number.
            "int2str" | "number2text" => match input.parse::<f64>() {
                Ok(n) if !input.contains("..") => check_number(expected, n),
                _ => Outcome::OutOfScope("malformed number input"),
            },
            "number2ordinal" => match input.parse::<u32>() {
                Ok(n) => check_ordinal(expected, n),
                _ => Outcome::OutOfScope("malformed number input"),
            },
            _ => Outcome::OutOfScope("not a normalisation, tokenisation or number function"),
        };
        r.push(input, outcome);
    }
    vec![r]
}
