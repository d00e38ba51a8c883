//! Violent events from Arabic news, following `../shared/eval/GUIDELINES.md`.
//!
//! [`Extractor::extract`] reads one [`Doc`]:
//!
//! 1. the text layer analyses it (dates resolve against the publication
//!    date, else the dateline) and the lexicon finds places, groups and
//!    actors;
//! 2. each sentence is annotated with its triggers (تفجير، غارة…), cue
//!    words (claims, denials, casualty words…), counts and perpetrators,
//!    and split into frames, one per event it tells of;
//! 3. frames are merged into events: a frame joins the event told just
//!    before it unless its place or date disagrees or it says the event is
//!    another one (آخر، منفصل);
//! 4. each event's fields are chosen from its frames, each with the words
//!    it came from and the rule that read them.
//!
//! Nothing here does IO; the word lists are embedded from `data/extract`.

mod annotate;
mod authors;
mod build;
mod casualty;
mod features;
mod frame;
mod lists;
mod merge;
pub mod model;
mod own_toll;
mod perp;
mod target;
mod tellings;
mod words;

use rasd_core::{Doc, Event};
use rasd_lexicon::{Lexicon, LexiconError, MentionKind};
use rasd_text::date::Prefer;
use rasd_text::{Analysis, Config};
use rustc_hash::FxHashSet;

/// Errors building the extractor.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A lexicon data file is malformed.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// An extractor data file is malformed.
    #[error("{file}:{line}: {message}")]
    Data {
        /// The data file.
        file: &'static str,
        /// Its line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The extractor: the lexicon and the word lists, loaded once.
pub struct Extractor {
    lex: Lexicon,
    words: words::Words,
    model: model::Model,
}

/// One candidate event with what the learned decisions read of it, for
/// training them.
#[derive(Clone, Debug)]
pub struct TrainingCandidate {
    /// The event as the rules build it.
    pub event: Event,
    /// Features of [`model::Decision::Event`].
    pub event_x: Vec<f64>,
    /// Features of [`model::Decision::Merge`] (none for the main draft).
    pub merge_x: Option<Vec<f64>>,
    /// Each figure of dead that could be the toll, with the features of
    /// [`model::Decision::Killed`].
    pub tolls: Vec<(u32, Vec<f64>)>,
    /// Each target type the event's words vote for, with the features of
    /// [`model::Decision::Target`].
    pub targets: Vec<(&'static str, Vec<f64>)>,
    /// When the rules name no author of the event: each group or force the
    /// article names elsewhere, as the event would name it, with the
    /// features of [`model::Decision::Perp`].
    pub authors: Vec<(rasd_core::Perpetrator, Vec<f64>)>,
}

/// An article's candidates for training.
#[derive(Clone, Debug)]
pub struct Training {
    /// The candidates, in the order the article tells them.
    pub candidates: Vec<TrainingCandidate>,
    /// The main candidate (the headline's), if any.
    pub main: Option<usize>,
}

/// What one document yields.
#[derive(Clone, Debug)]
pub struct Extraction {
    /// Events, in the order the article tells them.
    pub events: Vec<Event>,
    /// The day relative dates were resolved against.
    pub reference: Option<jiff::civil::Date>,
    /// Every place, group, force and organisation the text names (names
    /// that are also common words only where a cue confirmed them).
    pub mentions: Vec<rasd_core::Mention>,
    /// The events (indices into `events`) whose date the text does not
    /// give: undated events of an article of this month's news, dated by
    /// the publication month or the one day the article tells of (the
    /// coders' reading; see [`Extraction::undate_inferred`]).
    pub dated_by_publication: Vec<usize>,
}

impl Extraction {
    /// Leaves the events the text does not date undated again. The store
    /// calls this: incidents are linked and warnings counted on the days
    /// the reports give, and an undated headline event counts on its
    /// publication day there already; a month read from the publication
    /// would make it history.
    pub fn undate_inferred(&mut self) {
        for &i in &self.dated_by_publication {
            if let Some(e) = self.events.get_mut(i) {
                e.date = None;
            }
        }
        self.dated_by_publication.clear();
    }
}

impl Extractor {
    /// Loads the lexicon and word lists.
    pub fn new() -> Result<Extractor, ExtractError> {
        lists::check()?;
        Ok(Extractor {
            lex: Lexicon::load()?,
            words: words::Words::load()?,
            model: model::Model::shipped()?,
        })
    }

    /// An extractor deciding by the hand-written rules alone, whatever the
    /// shipped model file says: what `rasd train` starts from, so that a
    /// model file made stale by a change of features can be made anew.
    pub fn untrained() -> Result<Extractor, ExtractError> {
        lists::check()?;
        Ok(Extractor {
            lex: Lexicon::load()?,
            words: words::Words::load()?,
            model: model::Model::rules(),
        })
    }

    /// Replaces the model in place.
    pub fn set_model(&mut self, model: model::Model) {
        self.model = model;
    }

    /// The model deciding now.
    pub fn model(&self) -> &model::Model {
        &self.model
    }

    /// The candidates of one document and the features of every decision,
    /// for training. `oracle` names, from the rules' events and the main
    /// candidate, the candidates that tell the main incident again; their
    /// figures join the main candidate's toll candidates.
    pub fn training(
        &self,
        doc: &Doc,
        oracle: impl FnOnce(&[Event], Option<usize>) -> Vec<usize>,
    ) -> Training {
        if is_almanac(&doc.text) || is_opinion(&doc.text) {
            return Training { candidates: Vec::new(), main: None };
        }
        self.read(doc, |d, frames, drafts, denied| {
            build::training(d, &self.lex, frames, drafts, denied, oracle)
        })
    }

    /// Reads a document up to its drafts (the text layer, the names, each
    /// sentence's frames, the drafts they merge into, the groups that
    /// denied a part) and hands them to `f`.
    fn read<R>(
        &self,
        doc: &Doc,
        f: impl FnOnce(
            &annotate::Doc<'_>,
            &[frame::Frame],
            &[merge::Draft],
            &[rasd_lexicon::Entity],
        ) -> R,
    ) -> R {
        let reference = doc.published.as_deref().and_then(publication_date);
        let analysis = Analysis::new(&doc.text, &Config { reference, prefer: Prefer::Past });
        let mentions = self.lex.find(&doc.text, &analysis);
        let d = annotate::Doc::new(&doc.text, &analysis, &mentions, &self.words, &self.lex);
        let (frames, denied) = self.frames(&d);
        let drafts = merge::merge(&d, &self.lex, &frames);
        f(&d, &frames, &drafts, &denied)
    }

    /// The lexicon, for callers that show names.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// The frames and drafts of one document, for debugging the rules.
    pub fn debug(&self, doc: &Doc) -> String {
        use std::fmt::Write as _;
        let reference = doc.published.as_deref().and_then(publication_date);
        let analysis = Analysis::new(&doc.text, &Config { reference, prefer: Prefer::Past });
        let mentions = self.lex.find(&doc.text, &analysis);
        let d = annotate::Doc::new(&doc.text, &analysis, &mentions, &self.words, &self.lex);
        let (frames, _) = self.frames(&d);
        let mut out = String::new();
        for (i, f) in frames.iter().enumerate() {
            let text = |a: usize, b: usize| {
                doc.text[d.items[a].span.start as usize..d.items[b - 1].span.end as usize]
                    .replace('\n', " ")
            };
            let trig: Vec<String> = f
                .triggers
                .iter()
                .map(|t| format!("{}:{}", text(t.at, t.end), t.info.ty.as_str()))
                .collect();
            let places: Vec<String> =
                f.places.iter().map(|m| d.mention(*m).surface.clone()).collect();
            let dates: Vec<String> =
                f.dates.iter().map(|x| analysis.dates[*x].value.iso()).collect();
            let facts: Vec<String> = f
                .facts
                .iter()
                .map(|x| format!("{:?}{:?}{}", x.side, x.value, if x.subset { "sub" } else { "" }))
                .collect();
            let perps: Vec<String> = f
                .perps
                .iter()
                .chain(&f.late_perps)
                .map(|p| {
                    let late = if p.late { " (late)" } else { "" };
                    format!("{}:{:?}{late}", self.lex.name(p.entity), p.status)
                })
                .collect();
            let _ = writeln!(
                out,
                "F{i} s{} title={} sep={} foiled={} stats={} trig={trig:?} places={places:?} dates={dates:?} facts={facts:?} perps={perps:?}\n     {}",
                f.sentence,
                f.in_title,
                f.separate,
                f.foiled,
                f.stats,
                text(f.start, f.end)
            );
        }
        for (i, dr) in merge::merge(&d, &self.lex, &frames).iter().enumerate() {
            let _ = writeln!(
                out,
                "D{i} frames={:?} place={:?} date={:?}",
                dr.frames,
                dr.place.map(|p| &self.lex.places[p as usize].name),
                dr.date.map(|x| x.iso())
            );
        }
        out
    }

    /// Every sentence's frames, and the groups that denied a part.
    fn frames(&self, d: &annotate::Doc<'_>) -> (Vec<frame::Frame>, Vec<rasd_lexicon::Entity>) {
        let mut last_group = None;
        let mut frames = Vec::new();
        let mut denied = Vec::new();
        for (si, s) in d.sentences.iter().enumerate() {
            let facts = casualty::facts(d, s);
            let perps = perp::find(d, &self.lex, s, &mut last_group);
            denied.extend(perps.denied);
            frames.extend(frame::frames(d, &self.lex, si, s, facts, perps.hits));
        }
        (frames, denied)
    }

    /// Extracts the events of a document that is to be kept: one with no
    /// publication time takes the day its dateline names.
    pub fn extract_dated(&self, doc: &mut Doc) -> Extraction {
        let x = self.extract(doc);
        if doc.published.is_none() {
            doc.published = x.reference.map(|r| r.to_string());
        }
        x
    }

    /// Extracts the events of one document.
    pub fn extract(&self, doc: &Doc) -> Extraction {
        self.read(doc, |d, frames, drafts, denied| {
            // "On this day" pages list anniversaries: their undated days
            // would resolve to this year, and none of their events is news.
            // Opinion pieces argue over events told elsewhere, with the
            // dates of the argument.
            let mut events = if is_almanac(&doc.text) || is_opinion(&doc.text) {
                Vec::new()
            } else {
                build::events(d, &self.lex, frames, drafts, denied, &self.model)
            };
            let mut dated_by_publication = Vec::new();
            if let Some(day) = d.analysis.reference {
                dated_by_publication = date_by_publication(&mut events, d.analysis, &doc.text, day);
                for e in &mut events {
                    e.history = e.date.as_deref().is_some_and(|date| is_history(date, day));
                }
            }
            // Once every event has its day: a telling with no figure takes
            // the one another telling of its incident gives.
            tellings::share_tolls(&mut events);
            let mentions = d
                .mentions
                .entities
                .iter()
                .filter_map(|m| {
                    let kind = match m.kind {
                        MentionKind::Place => "place",
                        MentionKind::Group => "group",
                        MentionKind::Actor => "actor",
                        MentionKind::Organization => "organization",
                        MentionKind::Demonym => return None,
                    };
                    let e = m.entity();
                    Some(rasd_core::Mention {
                        kind: kind.into(),
                        entity: self.lex.entity_id(e),
                        name: self.lex.name(e).to_string(),
                        span: m.span,
                        text: m.span.of(&doc.text).to_string(),
                    })
                })
                .collect();
            Extraction { events, reference: d.analysis.reference, mentions, dated_by_publication }
        })
    }
}

/// Whether an article is an "on this day" page ("حدث في 12 سبتمبر", "في
/// مثل هذا اليوم"), judged by its headline.
pub fn is_almanac(text: &str) -> bool {
    let title = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let t = rasd_text::normalize::normalize(title, rasd_text::normalize::Profile::Search);
    if lists::words(lists::List::AlmanacTitles).iter().any(|p| t.contains(p)) {
        return true;
    }
    // "حدث في" and a day of a month, with no year: an anniversary.
    let Some(rest) = t.trim_start().strip_prefix("حدث في ") else { return false };
    let mut words = rest.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let day = words.next().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 2);
    let month = words.next().is_some_and(|w| rasd_text::date::month_number(w).is_some());
    day && month
}

/// Whether an article is signed opinion ("هذا المقال بقلم …", "لا يعبر
/// بالضرورة عن رأي …"), judged by its opening.
pub fn is_opinion(text: &str) -> bool {
    let head: String = text.chars().take(600).collect();
    let t = rasd_text::normalize::normalize(&head, rasd_text::normalize::Profile::Search);
    lists::words(lists::List::OpinionMarks).iter().any(|p| t.contains(p))
}

/// An article whose every date lies in the year it was published, and whose
/// events are all undated or of its month, tells this month's news: an
/// event it leaves undated ("قتل ثلاثة جنود بهجوم على حاجز …" with no day)
/// happened in the month of publication, and takes that month. When the
/// article dates its events to one day only, the publication day or the
/// day before ("شنت مقاتلات التحالف، الأحد، غارات …" and further raids told
/// without a day), it is a round-up of that day's news, and its undated
/// events take that day. The coders date such events so; a year written out
/// ("منذ 2011", "في يونيو 2016", "وفي 2012 وقع هجوم مماثل") or an event of
/// another month means the article recalls older incidents too, and an
/// undated one may be among them, so it stays undated.
fn date_by_publication(
    events: &mut [Event],
    analysis: &Analysis,
    text: &str,
    published: jiff::civil::Date,
) -> Vec<usize> {
    let year = published.year();
    let month = format!("{year:04}-{:02}", published.month());
    let other_year =
        analysis.dates.iter().any(|m| m.value.start.year() != year || m.value.end.year() != year)
            || analysis.numbers.iter().any(|n| {
                let digits = n.core.of(text).chars().filter(|c| c.is_numeric()).count();
                digits == 4
                    && n.value
                        .is_some_and(|v| (1950.0..=2100.0).contains(&v) && v != f64::from(year))
            });
    let news = || events.iter().filter(|e| !e.aggregate);
    if other_year || news().any(|e| e.date.as_deref().is_some_and(|d| !d.starts_with(&month))) {
        return Vec::new();
    }
    let days: FxHashSet<&str> =
        news().filter_map(|e| e.date.as_deref()).filter(|d| d.len() == 10).collect();
    let day = match days.iter().next() {
        Some(d) if days.len() == 1 => d.parse::<jiff::civil::Date>().ok().filter(|d| {
            let back = (published - *d).get_days();
            (0..=1).contains(&back)
        }),
        _ => None,
    };
    let date = day.map_or(month, |d| d.to_string());
    let mut dated = Vec::new();
    for (i, e) in events.iter_mut().enumerate() {
        if !e.aggregate && e.date.is_none() {
            e.date = Some(date.clone());
            dated.push(i);
        }
    }
    dated
}

/// How many days before its report an event may end and still be news.
pub const RECENT_DAYS: i64 = 31;

/// Whether an event dated `date` (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) is
/// history in an article published on `published`: the last day the date
/// covers is more than [`RECENT_DAYS`] before it. An undated event is news.
pub fn is_history(date: &str, published: jiff::civil::Date) -> bool {
    let last: Option<jiff::civil::Date> = match date.len() {
        10 => date.parse().ok(),
        7 => format!("{date}-01").parse::<jiff::civil::Date>().ok().map(|d| d.last_of_month()),
        4 => date.parse::<i16>().ok().and_then(|y| jiff::civil::Date::new(y, 12, 31).ok()),
        _ => None,
    };
    last.is_some_and(|l| (published - l).get_days() > RECENT_DAYS as i32)
}

/// The publication day of an ISO 8601 time, in the time zone it was
/// written in ("2018-05-06T23:10:50+04:00" is 6 May).
pub fn publication_date(published: &str) -> Option<jiff::civil::Date> {
    published.get(..10)?.parse().ok()
}
