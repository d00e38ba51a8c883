//! `rasd train`: fits the learned decisions on annotated articles and
//! writes the model file; with `--cv`, writes out-of-fold predictions
//! instead, for an honest figure.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result};
use rasd_extract::Extractor;
use rasd_extract::model::Decision;
use rasd_learn::{Annotated, Settings};

/// Arguments of `rasd train`.
#[derive(clap::Args)]
pub struct Args {
    /// Annotated articles (JSON Lines with gold `events`, as in
    /// `../shared/eval`).
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, short, default_value = "data/extract/model.tsv")]
    output: PathBuf,
    /// Cross-validate instead: train on all folds but one, extract the one
    /// left out, for each fold in turn, and write every article's events
    /// (JSON Lines, the eval contract) to this file.
    #[arg(long)]
    cv: Option<PathBuf>,
    /// Write the in-sample predictions (the model trained on everything,
    /// extracting the same articles) to this file, to measure the gap.
    #[arg(long)]
    in_sample: Option<PathBuf>,
    /// Number of folds.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(2..=20))]
    folds: u64,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// L2 regularisation strength.
    #[arg(long, default_value_t = 1.0)]
    alpha: f64,
    /// The decisions to learn; the others keep the rules' answers. The
    /// toll and merge decisions are measured but not shipped: in
    /// cross-validation they did not beat the rules (docs/quality.md).
    #[arg(long, value_delimiter = ',', default_value = "event",
          value_parser = ["event", "killed", "merge", "none"])]
    only: Vec<String>,
    /// Keep a background candidate when the model gives it at least this
    /// probability of being a real incident.
    #[arg(long, default_value_t = 0.35)]
    event_threshold: f64,
    /// Print how many examples each decision has.
    #[arg(long)]
    stats: bool,
}

fn read(paths: &[PathBuf]) -> Result<Vec<Annotated>> {
    let mut out = Vec::new();
    for p in paths {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        out.extend(rasd_learn::read_gold(&p.display().to_string(), &text)?);
    }
    Ok(out)
}

fn write_predictions(
    path: &PathBuf,
    articles: &[Annotated],
    events: &[Vec<rasd_core::Event>],
) -> Result<()> {
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    for (a, ev) in articles.iter().zip(events) {
        let record = crate::extract::Record {
            id: &a.doc.id,
            published: a.doc.published.as_deref(),
            url: a.doc.url.as_deref(),
            events: ev,
        };
        serde_json::to_writer(&mut f, &record)?;
        writeln!(f)?;
    }
    f.flush()?;
    Ok(())
}

/// Runs `rasd train`.
pub fn run(args: Args, out: &mut impl std::io::Write) -> Result<()> {
    let articles = read(&args.gold)?;
    let learn = Decision::ALL.map(|d| args.only.iter().any(|o| o == d.as_str()));
    let settings = Settings {
        alpha: args.alpha,
        seed: args.seed,
        folds: args.folds as usize,
        learn,
        event_threshold: args.event_threshold,
    };
    let mut ex = Extractor::untrained()?;
    if let Some(path) = &args.cv {
        let events = rasd_learn::cross_validate(&mut ex, &articles, settings)?;
        write_predictions(path, &articles, &events)?;
        writeln!(
            out,
            "{} articles, {} folds: out-of-fold events in {}",
            articles.len(),
            args.folds,
            path.display()
        )?;
        return Ok(());
    }
    let refs: Vec<&Annotated> = articles.iter().collect();
    let data = rasd_learn::dataset(&ex, &refs);
    if args.stats {
        for d in Decision::ALL {
            let (n, yes) = data.by_decision[d as usize].counts();
            writeln!(out, "  {:<7} {n} examples, {yes} yes", d.as_str())?;
        }
    }
    let mut model = rasd_learn::train_on(&data, settings)?;
    let files: Vec<String> = args
        .gold
        .iter()
        .map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default())
        .collect();
    model.header = vec![
        "rasd extraction model: logistic weights of the learned decisions (features in crates/extract/src/features.rs)".into(),
        format!("trained on: {} ({} articles)", files.join(", "), articles.len()),
        format!(
            "made by: rasd train {} --only {} --event-threshold {} --alpha {} --seed {}; the same files give the same bytes",
            files.iter().map(|f| format!("../shared/eval/{f}")).collect::<Vec<_>>().join(" "),
            args.only.join(","),
            args.event_threshold,
            args.alpha,
            args.seed
        ),
        "figures: docs/quality.md".into(),
    ];
    std::fs::write(&args.output, model.to_tsv())
        .with_context(|| format!("writing {}", args.output.display()))?;
    writeln!(out, "{} articles: model written to {}", articles.len(), args.output.display())?;
    for d in Decision::ALL {
        let w = model.get(d);
        let top = w.top(d, &vec![1.0; d.features().len()], 5);
        let top: Vec<String> = top.iter().map(|(n, c)| format!("{n} {c:+.2}")).collect();
        writeln!(out, "  {:<7} bias {:+.2}; strongest: {}", d.as_str(), w.bias, top.join(", "))?;
    }
    if let Some(path) = &args.in_sample {
        ex.set_model(model);
        let events: Vec<Vec<rasd_core::Event>> =
            articles.iter().map(|a| ex.extract(&a.doc).events).collect();
        write_predictions(path, &articles, &events)?;
        writeln!(out, "in-sample events in {}", path.display())?;
    }
    Ok(())
}
