//! Learned decisions: the rules propose candidates, a logistic model
//! scores them.
//!
//! Each decision has a fixed list of features (`features.rs`),
//! one weight per feature and a bias, read from `data/extract/model.tsv`.
//! That file is made by `rasd train` from the annotated articles; its
//! header names the files, the seed and the cross-validated figures.
//! **Invariant:** the features are a pure function of the candidate and
//! its document; the model never sees an article's id or text.

use std::fmt::Write as _;

use crate::ExtractError;
use crate::features;

/// The decisions the model takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Is this candidate a real incident the article reports?
    Event,
    /// Is this figure the incident's death toll?
    Killed,
    /// Does this later telling belong to the main incident?
    Merge,
    /// Is this target type, voted for by the event's words, its aim?
    Target,
    /// Is this group or force, named somewhere in the article, the author
    /// of an event no rule names an author for?
    Perp,
}

impl Decision {
    /// Every decision, in the order of the model file.
    pub const ALL: [Decision; 5] =
        [Decision::Event, Decision::Killed, Decision::Merge, Decision::Target, Decision::Perp];

    /// The name used in the model file.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Event => "event",
            Decision::Killed => "killed",
            Decision::Merge => "merge",
            Decision::Target => "target",
            Decision::Perp => "perp",
        }
    }

    /// The names of its features, in order.
    pub fn features(self) -> &'static [&'static str] {
        match self {
            Decision::Event => features::EVENT,
            Decision::Killed => features::KILLED,
            Decision::Merge => features::MERGE,
            Decision::Target => features::TARGET,
            Decision::Perp => features::PERP,
        }
    }

    fn from_name(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// The weights of one decision.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// Added to every score.
    pub bias: f64,
    /// One weight per feature of the decision, in its order.
    pub weights: Vec<f64>,
    /// The probability at or above which the answer is yes.
    pub threshold: f64,
}

impl Weights {
    /// No opinion: every candidate scores one half.
    pub fn zero(decision: Decision) -> Weights {
        Weights { bias: 0.0, weights: vec![0.0; decision.features().len()], threshold: 0.5 }
    }

    /// The probability that the answer is yes for these feature values.
    pub fn prob(&self, x: &[f64]) -> f64 {
        let z: f64 = self.bias + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }

    /// The features that pushed this score most, strongest first, as
    /// `name ±contribution`.
    pub fn top(&self, decision: Decision, x: &[f64], n: usize) -> Vec<(&'static str, f64)> {
        let mut c: Vec<(&'static str, f64)> = decision
            .features()
            .iter()
            .zip(self.weights.iter().zip(x))
            .map(|(name, (w, v))| (*name, w * v))
            .filter(|(_, c)| c.abs() > 1e-9)
            .collect();
        c.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        c.truncate(n);
        c
    }
}

/// Every decision's weights.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The comment lines at the top of the file (how it was made).
    pub header: Vec<String>,
    /// Weights by decision, in [`Decision::ALL`] order.
    pub decisions: Vec<Weights>,
}

const MODEL_FILE: &str = "data/extract/model.tsv";
const MODEL: &str = include_str!("../../../data/extract/model.tsv");

impl Model {
    /// The model shipped with rasd.
    pub fn shipped() -> Result<Model, ExtractError> {
        Model::parse(MODEL)
    }

    /// A model with no opinion on anything (every score one half).
    pub fn zero() -> Model {
        Model { header: Vec::new(), decisions: Decision::ALL.map(Weights::zero).to_vec() }
    }

    /// The rules' answers: every candidate is an event, the rules' toll is
    /// the toll, no telling is merged, the heaviest vote is the target, no
    /// author is read from outside the event's sentences.
    pub fn rules() -> Model {
        let mut m = Model::zero();
        let e = &mut m.decisions[Decision::Event as usize];
        e.weights[0] = 1.0;
        e.bias = -0.5;
        debug_assert_eq!(features::EVENT[0], "rule_keep");
        m.decisions[Decision::Merge as usize].threshold = 1.0;
        m.decisions[Decision::Merge as usize].bias = -1.0;
        let k = &mut m.decisions[Decision::Killed as usize];
        k.weights[0] = 1.0;
        debug_assert_eq!(features::KILLED[0], "rule");
        let t = &mut m.decisions[Decision::Target as usize];
        t.weights[0] = 1.0;
        debug_assert_eq!(features::TARGET[0], "rule");
        let p = &mut m.decisions[Decision::Perp as usize];
        p.threshold = 1.0;
        p.bias = -1.0;
        m
    }

    /// The weights of one decision.
    pub fn get(&self, d: Decision) -> &Weights {
        &self.decisions[d as usize]
    }

    /// Replaces the weights of one decision.
    pub fn set(&mut self, d: Decision, w: Weights) {
        self.decisions[d as usize] = w;
    }

    /// Reads a model file: `decision<TAB>feature<TAB>weight` lines, with
    /// `bias` and `threshold` as feature names of their own. Every feature
    /// of every decision must be there, and nothing else.
    pub fn parse(text: &str) -> Result<Model, ExtractError> {
        let err =
            |line: usize, message: String| ExtractError::Data { file: MODEL_FILE, line, message };
        let mut model = Model::zero();
        let mut seen: Vec<Vec<bool>> =
            Decision::ALL.iter().map(|d| vec![false; d.features().len()]).collect();
        for (n, line) in text.lines().enumerate() {
            let n = n + 1;
            if let Some(c) = line.strip_prefix('#') {
                model.header.push(c.trim().to_string());
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [d, name, value] = cols[..] else {
                return Err(err(
                    n,
                    format!("expected 3 tab-separated columns, got {}", cols.len()),
                ));
            };
            let d =
                Decision::from_name(d).ok_or_else(|| err(n, format!("unknown decision {d:?}")))?;
            let value: f64 = value
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| err(n, format!("{value:?} is not a number")))?;
            let w = &mut model.decisions[d as usize];
            match name {
                "bias" => w.bias = value,
                "threshold" => w.threshold = value,
                _ => {
                    let i = d.features().iter().position(|f| *f == name).ok_or_else(|| {
                        err(
                            n,
                            format!("{} has no feature {name:?} (retrain: rasd train)", d.as_str()),
                        )
                    })?;
                    w.weights[i] = value;
                    seen[d as usize][i] = true;
                }
            }
        }
        for d in Decision::ALL {
            if let Some(i) = seen[d as usize].iter().position(|s| !s) {
                return Err(err(
                    0,
                    format!(
                        "{} lacks feature {:?} (retrain: rasd train)",
                        d.as_str(),
                        d.features()[i]
                    ),
                ));
            }
        }
        Ok(model)
    }

    /// Writes the model file; weights are rounded to 6 decimals so that
    /// the same training gives the same bytes.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        for h in &self.header {
            let _ = writeln!(out, "# {h}");
        }
        for d in Decision::ALL {
            let w = self.get(d);
            let _ = writeln!(out, "{}\tthreshold\t{}", d.as_str(), round(w.threshold));
            let _ = writeln!(out, "{}\tbias\t{}", d.as_str(), round(w.bias));
            for (name, v) in d.features().iter().zip(&w.weights) {
                let _ = writeln!(out, "{}\t{name}\t{}", d.as_str(), round(*v));
            }
        }
        out
    }
}

fn round(v: f64) -> f64 {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}
