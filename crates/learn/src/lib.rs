//! Training rasd's learned extraction decisions from annotated articles.
//!
//! The extractor's rules propose candidates (events, tolls, later tellings
//! of the main incident) with their features
//! ([`rasd_extract::Extractor::training`]). This crate aligns the
//! candidates with the gold events of annotated articles by the eval
//! contract's own matching ([`align`]), turns the alignment into labels,
//! and fits one logistic regression per decision (linfa). It also
//! cross-validates by article: folds split articles, never sentences of
//! one article.
//!
//! **Invariant:** training is deterministic. The same files, in any
//! order, with the same seed give the same model, byte for byte: articles
//! are sorted by id before examples are made, folds come from a hash of
//! the seed and the id, and the solver starts from zero.

pub mod align;

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use rasd_core::Doc;
use rasd_extract::Extractor;
use rasd_extract::model::{Decision, Model, Weights};
use serde_json::Value;

/// Errors reading annotated articles or fitting.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// A line of a gold file is not a record.
    #[error("{file}:{line}: {message}")]
    Gold {
        /// The file.
        file: String,
        /// Its line (1-based).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The solver failed.
    #[error("fitting {decision}: {message}")]
    Fit {
        /// The decision being fitted.
        decision: &'static str,
        /// The solver's message.
        message: String,
    },
}

/// One annotated article: the document and its gold events.
#[derive(Clone, Debug)]
pub struct Annotated {
    /// The article as the extractor reads it.
    pub doc: Doc,
    /// Its gold events, as written in the file.
    pub gold: Vec<Value>,
}

/// Articles by id (each a JSON Lines record with `text`), to complete the
/// gold records kept without their article: the annotations of bench
/// articles in `data/extract/gold/` carry an id, their events and character
/// spans, never the text.
pub type Texts = std::collections::HashMap<String, Value>;

/// The ids of a gold file's records that carry no `text`, to look up in
/// [`Texts`]. Lines that are not JSON are left for [`read_gold`] to name.
pub fn ids_without_text(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v.get("text").is_none() && v.get("body").is_none())
        .filter_map(|v| v.get("id").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// Reads a gold file (JSON Lines with `events`). A record without `text`
/// is completed from `texts` by its id (its own `events` kept), and each
/// of its events' `evidence_span` (character offsets) must fall inside
/// that text.
pub fn read_gold(name: &str, text: &str, texts: &Texts) -> Result<Vec<Annotated>, LearnError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err =
            |message: String| LearnError::Gold { file: name.to_string(), line: i + 1, message };
        let v: Value = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let gold = match v.get("events") {
            Some(Value::Array(a)) => a.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return Err(err("\"events\" is not a list".into())),
        };
        let doc = if v.get("text").is_some() || v.get("body").is_some() {
            rasd_input::parse_json_line(name, i + 1, line).map_err(|e| err(e.message))?
        } else {
            let id = v.get("id").and_then(Value::as_str).unwrap_or_default();
            let article = texts.get(id).ok_or_else(|| {
                err(format!(
                    "the record has no \"text\" and no article {id:?} was given (rasd train --texts FILE)"
                ))
            })?;
            let chars =
                article.get("text").and_then(Value::as_str).map_or(0, |t| t.chars().count());
            for e in &gold {
                if let Some(span) = e.get("evidence_span") {
                    let ok = matches!(span.as_array().map(Vec::as_slice),
                        Some([a, b]) if a.as_u64().zip(b.as_u64()).is_some_and(|(a, b)| a < b && b <= chars as u64));
                    if !ok {
                        return Err(err(format!(
                            "evidence_span {span} is not a span inside the article's {chars} characters"
                        )));
                    }
                }
            }
            rasd_input::parse_json_line(name, i + 1, &article.to_string())
                .map_err(|e| err(e.message))?
        };
        out.push(Annotated { doc, gold });
    }
    Ok(out)
}

/// Examples of one decision: feature rows and labels.
#[derive(Clone, Debug, Default)]
pub struct Examples {
    /// Feature rows.
    pub x: Vec<Vec<f64>>,
    /// Labels.
    pub y: Vec<bool>,
}

impl Examples {
    fn push(&mut self, x: Vec<f64>, y: bool) {
        self.x.push(x);
        self.y.push(y);
    }

    /// How many examples, and how many of them say yes.
    pub fn counts(&self) -> (usize, usize) {
        (self.y.len(), self.y.iter().filter(|y| **y).count())
    }
}

/// How many decisions the model has: one slot each in the arrays below.
pub const DECISIONS: usize = Decision::ALL.len();

/// The examples of every decision, in [`Decision::ALL`] order.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// Per decision.
    pub by_decision: [Examples; DECISIONS],
}

fn to_json(e: &impl serde::Serialize) -> Value {
    serde_json::to_value(e).unwrap_or(Value::Null)
}

fn optional(g: &Value) -> bool {
    g.get("optional").and_then(|v| v.as_bool()).unwrap_or(false)
}

/// Adds one article's examples.
///
/// - event: a candidate is a real incident when the contract's matching
///   pairs it with a gold event (candidates paired with an optional gold
///   event, and aggregates, teach nothing and are left out);
/// - merge: a later candidate the matching leaves out tells the main
///   incident again when it could be the gold event the main candidate is
///   paired with;
/// - killed: over candidates paired with a gold event that has a toll,
///   each figure is right when it is that toll (events where no figure is
///   right are left out: they teach no choice);
/// - target: over candidates paired with a gold event whose target type
///   some word of the candidate votes for, each voted type is right when
///   it is the gold's.
/// - perp: over candidates paired with a gold event whose own sentences
///   name no author by the rules, each group or force the article names
///   elsewhere is right when the gold names it (by the contract's name
///   matching); a gold event with no author makes every one wrong.
pub fn add_examples(ex: &Extractor, a: &Annotated, data: &mut Dataset) {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut merged: Vec<usize> = Vec::new();
    let training = ex.training(&a.doc, |events, main| {
        let preds: Vec<Value> = events.iter().map(to_json).collect();
        pairs = align::matching(&preds, &a.gold);
        let main_gold = main.and_then(|m| pairs.iter().find(|p| p.0 == m).map(|p| p.1));
        if let Some(g) = main_gold {
            for (i, p) in preds.iter().enumerate() {
                let paired = pairs.iter().any(|q| q.0 == i);
                if Some(i) != main
                    && !paired
                    && align::similarity(p, &a.gold[g]).is_some_and(|s| s >= MERGE_SIMILARITY)
                {
                    merged.push(i);
                }
            }
        }
        merged.clone()
    });
    let main_paired = training.main.is_some_and(|m| pairs.iter().any(|p| p.0 == m));
    for (i, c) in training.candidates.iter().enumerate() {
        let gold = pairs.iter().find(|p| p.0 == i).map(|p| &a.gold[p.1]);
        if gold.is_some_and(optional) {
            continue;
        }
        if !c.event.aggregate && Some(i) != training.main {
            data.by_decision[Decision::Event as usize].push(c.event_x.clone(), gold.is_some());
        }
        if let Some(m) = &c.merge_x
            && (main_paired || gold.is_some())
        {
            data.by_decision[Decision::Merge as usize].push(m.clone(), merged.contains(&i));
        }
        if let Some(gt) = gold.and_then(|g| g.get("target_type")).and_then(Value::as_str)
            && gt != "unknown"
            && c.targets.iter().any(|t| t.0 == gt)
        {
            for (t, x) in &c.targets {
                data.by_decision[Decision::Target as usize].push(x.clone(), *t == gt);
            }
        }
        if let Some(g) = gold {
            for (p, x) in &c.authors {
                let right = align::perp_matches(&to_json(p), g);
                data.by_decision[Decision::Perp as usize].push(x.clone(), right);
            }
        }
        let Some(kv) = gold.and_then(|g| align::count_value(g.get("killed"))) else { continue };
        if c.tolls.len() < 2 || !c.tolls.iter().any(|t| i64::from(t.0) == kv) {
            continue;
        }
        for (v, x) in &c.tolls {
            data.by_decision[Decision::Killed as usize].push(x.clone(), i64::from(*v) == kv);
        }
    }
}

/// How alike a later telling must be to the main incident's gold event
/// to count as telling it again: more than a shared country (the place, or
/// the type and the day, must agree too).
const MERGE_SIMILARITY: f64 = 2.5;

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// L2 regularisation strength.
    pub alpha: f64,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// Number of folds for cross-validation.
    pub folds: usize,
    /// The decisions to learn; the others keep the rules' answer (every
    /// candidate kept, the rules' toll, no merging).
    pub learn: [bool; DECISIONS],
    /// The probability at or above which a background candidate is kept.
    pub event_threshold: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            alpha: 1.0,
            seed: 2026,
            folds: 5,
            learn: [true; DECISIONS],
            event_threshold: 0.5,
        }
    }
}

/// Fits one decision. With examples of one answer only, the model says
/// that answer's rate for everything.
pub fn fit(
    decision: Decision,
    ex: &Examples,
    alpha: f64,
    threshold: f64,
) -> Result<Weights, LearnError> {
    let n_feat = decision.features().len();
    let (n, pos) = ex.counts();
    if pos == 0 || pos == n {
        let rate = (pos as f64 + 0.5) / (n as f64 + 1.0);
        return Ok(Weights {
            bias: (rate / (1.0 - rate)).ln(),
            weights: vec![0.0; n_feat],
            threshold,
        });
    }
    let flat: Vec<f64> = ex.x.iter().flatten().copied().collect();
    let x = Array2::from_shape_vec((n, n_feat), flat)
        .map_err(|e| LearnError::Fit { decision: decision.as_str(), message: e.to_string() })?;
    let y = Array1::from_vec(ex.y.clone());
    let data = linfa::Dataset::new(x, y);
    let fitted = LogisticRegression::default()
        .alpha(alpha)
        .max_iterations(500)
        .fit(&data)
        .map_err(|e| LearnError::Fit { decision: decision.as_str(), message: e.to_string() })?;
    // linfa scores the more frequent answer: turn it round when that is "no".
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    Ok(Weights {
        bias: sign * fitted.intercept(),
        weights: fitted.params().iter().map(|w| sign * w).collect(),
        threshold,
    })
}

/// The decision thresholds: an event is kept, a telling merged or an
/// author taken, when the model gives it at least this probability. The
/// author's is higher: at 0.5 the pool's and the bench articles' strict
/// rose but check's fell, by wrong authors taken (docs/quality.md).
const THRESHOLDS: [f64; DECISIONS] = [0.5, 0.5, 0.5, 0.5, 0.65];

/// Trains every decision on the articles' examples.
pub fn train(ex: &Extractor, articles: &[&Annotated], s: Settings) -> Result<Model, LearnError> {
    let data = dataset(ex, articles);
    train_on(&data, s)
}

/// The examples of every decision from the articles, in the order of
/// their ids.
pub fn dataset(ex: &Extractor, articles: &[&Annotated]) -> Dataset {
    let mut data = Dataset::default();
    let mut sorted: Vec<&&Annotated> = articles.iter().collect();
    sorted.sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
    for a in sorted {
        add_examples(ex, a, &mut data);
    }
    data
}

/// Trains every decision on examples already made.
pub fn train_on(data: &Dataset, s: Settings) -> Result<Model, LearnError> {
    let mut model = Model::rules();
    for d in Decision::ALL.into_iter().filter(|d| s.learn[*d as usize]) {
        let t = if d == Decision::Event { s.event_threshold } else { THRESHOLDS[d as usize] };
        model.set(d, fit(d, &data.by_decision[d as usize], s.alpha, t)?);
    }
    Ok(model)
}

/// The fold of an article: FNV-1a of the seed and its id.
pub fn fold_of(id: &str, seed: u64, folds: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.to_le_bytes().iter().chain(id.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h % folds.max(1) as u64) as usize
}

/// Out-of-fold events: each article extracted by a model trained on the
/// other folds and on every article of `extra`, which is never scored.
/// Returns the events per article, in the input order.
pub fn cross_validate(
    ex: &mut Extractor,
    articles: &[Annotated],
    extra: &[Annotated],
    s: Settings,
) -> Result<Vec<Vec<rasd_core::Event>>, LearnError> {
    let shipped = ex.model().clone();
    let mut out: Vec<Vec<rasd_core::Event>> = vec![Vec::new(); articles.len()];
    for k in 0..s.folds {
        let train_set: Vec<&Annotated> = articles
            .iter()
            .filter(|a| fold_of(&a.doc.id, s.seed, s.folds) != k)
            .chain(extra)
            .collect();
        let model = train(ex, &train_set, s)?;
        ex.set_model(model);
        for (i, a) in articles.iter().enumerate() {
            if fold_of(&a.doc.id, s.seed, s.folds) == k {
                out[i] = ex.extract(&a.doc).events;
            }
        }
    }
    ex.set_model(shipped);
    Ok(out)
}
