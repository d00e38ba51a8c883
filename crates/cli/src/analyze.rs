//! `rasd analyze`: the text layer's debugging view.

use std::fmt::Write as _;

use rasd_core::Span;
use rasd_lexicon::{Entity, Lexicon, MentionKind, Mentions};
use rasd_text::date::DateMention;
use rasd_text::dateline::Dateline;
use rasd_text::number::NumberMention;
use rasd_text::segment::{CliticKind, TokenKind, best_split};
use rasd_text::{Analysis, Config};
use serde::Serialize;

/// One token as shown to a person.
#[derive(Serialize)]
struct TokenView<'a> {
    text: &'a str,
    kind: TokenKind,
    span: Span,
    norm: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    clitics: Vec<CliticView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stem: Option<&'a str>,
}

#[derive(Serialize)]
struct CliticView<'a> {
    text: &'a str,
    kind: CliticKind,
    span: Span,
}

#[derive(Serialize)]
struct SentenceView<'a> {
    span: Span,
    text: &'a str,
    tokens: Vec<TokenView<'a>>,
}

#[derive(Serialize)]
struct NumberView<'a> {
    text: &'a str,
    #[serde(flatten)]
    number: &'a NumberMention,
}

#[derive(Serialize)]
struct DateView<'a> {
    text: &'a str,
    iso: String,
    #[serde(flatten)]
    date: &'a DateMention,
}

#[derive(Serialize)]
struct DatelineView<'a> {
    text: &'a str,
    #[serde(flatten)]
    dateline: &'a Dateline,
}

/// One recognised name as shown to a person.
#[derive(Serialize)]
struct EntityView<'a> {
    text: &'a str,
    span: Span,
    kind: MentionKind,
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coordinates: Option<[f64; 2]>,
    /// Other readings, best first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<String>,
}

#[derive(Serialize)]
struct PersonView<'a> {
    name: &'a str,
    role: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    org: Option<String>,
    span: Span,
}

/// Everything `rasd analyze --json` prints for one input.
#[derive(Serialize)]
pub struct View<'a> {
    source: &'a str,
    #[serde(serialize_with = "ser_opt_date")]
    reference: Option<jiff::civil::Date>,
    dateline: Option<DatelineView<'a>>,
    sentences: Vec<SentenceView<'a>>,
    numbers: Vec<NumberView<'a>>,
    dates: Vec<DateView<'a>>,
    entities: Vec<EntityView<'a>>,
    people: Vec<PersonView<'a>>,
}

fn ser_opt_date<S: serde::Serializer>(
    d: &Option<jiff::civil::Date>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// Builds the view of `text`.
pub fn view<'a>(
    source: &'a str,
    text: &'a str,
    analysis: &'a Analysis,
    lex: &Lexicon,
    mentions: &'a Mentions,
) -> View<'a> {
    let sentences = analysis
        .sentences
        .iter()
        .map(|s| {
            let tokens = (s.first_token..s.end_token)
                .map(|i| i as usize)
                .filter(|i| analysis.tokens[*i].kind != TokenKind::Space)
                .map(|i| {
                    let t = analysis.tokens[i];
                    let (clitics, stem) = if t.kind == TokenKind::Word {
                        let split = best_split(text, t.span);
                        let clitics: Vec<CliticView<'_>> = split
                            .clitics
                            .iter()
                            .map(|c| CliticView {
                                text: c.span.of(text),
                                kind: c.kind,
                                span: c.span,
                            })
                            .collect();
                        let stem = (!clitics.is_empty()).then(|| split.stem.of(text));
                        (clitics, stem)
                    } else {
                        (Vec::new(), None)
                    };
                    TokenView {
                        text: t.span.of(text),
                        kind: t.kind,
                        span: t.span,
                        norm: analysis.token_norm(i),
                        clitics,
                        stem,
                    }
                })
                .collect();
            SentenceView { span: s.span, text: s.span.of(text).trim_end(), tokens }
        })
        .collect();
    View {
        source,
        reference: analysis.reference,
        dateline: analysis
            .dateline
            .as_ref()
            .map(|d| DatelineView { text: d.span.of(text), dateline: d }),
        sentences,
        numbers: analysis
            .numbers
            .iter()
            .map(|n| NumberView { text: n.span.of(text), number: n })
            .collect(),
        dates: analysis
            .dates
            .iter()
            .map(|d| DateView { text: d.span.of(text), iso: d.value.iso(), date: d })
            .collect(),
        entities: mentions
            .entities
            .iter()
            .map(|m| {
                let e = m.entity();
                let coordinates = match e {
                    Entity::Place(p) => {
                        Some([lex.places[p as usize].lat, lex.places[p as usize].lon])
                    }
                    _ => None,
                };
                EntityView {
                    text: m.span.of(text),
                    span: m.span,
                    kind: m.kind,
                    id: lex.entity_id(e),
                    name: lex.name(e).to_string(),
                    country: lex.country_of(e).map(String::from),
                    coordinates,
                    alternatives: m.candidates[1..]
                        .iter()
                        .map(|c| {
                            format!("{} ({})", lex.name(*c), lex.country_of(*c).unwrap_or("-"))
                        })
                        .collect(),
                }
            })
            .collect(),
        people: mentions
            .people
            .iter()
            .map(|p| PersonView {
                name: p.name.of(text),
                role: p.role.of(text),
                org: p.org.map(|o| lex.name(o).to_string()),
                span: p.span,
            })
            .collect(),
    }
}

/// Analyses with `config`.
pub fn run(text: &str, config: &Config) -> Analysis {
    Analysis::new(text, config)
}

/// The readable table for a terminal.
pub fn table(v: &View<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "source     {}", v.source);
    match v.reference {
        Some(r) => {
            let _ = writeln!(out, "reference  {r}");
        }
        None => {
            let _ = writeln!(out, "reference  (none: relative dates are not resolved)");
        }
    }
    if let Some(d) = &v.dateline {
        let time = d.dateline.time.map(|(h, m)| format!(" {h:02}:{m:02}")).unwrap_or_default();
        let _ = writeln!(out, "dateline   {}  →  {}{time}", d.text, d.dateline.date);
    }
    for (k, s) in v.sentences.iter().enumerate() {
        let _ = writeln!(out, "\nsentence {} [{:?}]", k + 1, s.span);
        let _ = writeln!(out, "  {}", s.text.replace('\n', " "));
        let words: Vec<String> = s
            .tokens
            .iter()
            .map(|t| {
                if t.clitics.is_empty() {
                    t.text.to_string()
                } else {
                    let mut parts: Vec<&str> = t.clitics.iter().map(|c| c.text).collect();
                    parts.push(t.stem.unwrap_or(t.text));
                    parts.join("+")
                }
            })
            .collect();
        let _ = writeln!(out, "  tokens: {}", words.join(" | "));
    }
    if !v.numbers.is_empty() {
        let _ = writeln!(out, "\nnumbers");
        for n in &v.numbers {
            let value = n.number.value.map(|x| x.to_string()).unwrap_or_else(|| "-".into());
            let _ = writeln!(
                out,
                "  {:<12} {:<10} {:<9} {:<9} {}",
                format!("{:?}", n.number.span),
                value,
                n.number.qualifier.as_str(),
                format!("{:?}", n.number.kind).to_lowercase(),
                n.text
            );
        }
    }
    if !v.dates.is_empty() {
        let _ = writeln!(out, "\ndates");
        for d in &v.dates {
            let range = if d.date.value.start == d.date.value.end {
                d.date.value.start.to_string()
            } else {
                format!("{}..{}", d.date.value.start, d.date.value.end)
            };
            let _ = writeln!(
                out,
                "  {:<12} {:<10} {:<23} {:<9} {}",
                format!("{:?}", d.date.span),
                d.iso,
                range,
                format!("{:?}", d.date.kind).to_lowercase(),
                d.text
            );
        }
    }
    if !v.entities.is_empty() {
        let _ = writeln!(out, "\nentities");
        for e in &v.entities {
            let kind = format!("{:?}", e.kind).to_lowercase();
            let country = e.country.as_deref().unwrap_or("-");
            let coords =
                e.coordinates.map(|[a, b]| format!(" ({a:.2}, {b:.2})")).unwrap_or_default();
            let alt = if e.alternatives.is_empty() {
                String::new()
            } else {
                format!("  [also: {}]", e.alternatives.join(", "))
            };
            let _ = writeln!(
                out,
                "  {:<12} {:<12} {:<30} {:<3} {}{coords}{alt}",
                format!("{:?}", e.span),
                kind,
                e.name,
                country,
                e.text
            );
        }
    }
    if !v.people.is_empty() {
        let _ = writeln!(out, "\npeople");
        for p in &v.people {
            let org = p.org.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
            let _ =
                writeln!(out, "  {:<12} {}  —  {}{org}", format!("{:?}", p.span), p.name, p.role);
        }
    }
    out
}
