//! The extractor's word lists (`data/extract/*.tsv`) and a matcher for
//! phrases of one or more words whose first word may carry proclitics.

use rasd_core::EventType;
use rasd_text::item::{Item, stems};
use rasd_text::{Profile, normalize};
use rustc_hash::FxHashMap;

use crate::ExtractError;

/// Phrases keyed by their first word (match form).
pub(crate) struct PhraseSet<T> {
    by_first: FxHashMap<String, Vec<(Vec<String>, T)>>,
    /// Whether a phrase's last word may carry an object or possessive
    /// pronoun ("اختطافها", "خطفهم", "محاولة اغتياله"), and its first word
    /// the article after ل ("للطعن").
    enclitics: bool,
}

/// One match: the item after it and the value.
pub(crate) struct PhraseMatch<T> {
    pub(crate) end: usize,
    pub(crate) value: T,
}

impl<T: Copy> PhraseSet<T> {
    fn new() -> PhraseSet<T> {
        PhraseSet { by_first: FxHashMap::default(), enclitics: false }
    }

    /// The last word is `w`, or `w` with a pronoun attached when the set allows it.
    fn last_is(&self, w: &str, item: &str) -> bool {
        w == item || (self.enclitics && without_enclitic(item).is_some_and(|b| b.is(w)))
    }

    fn insert(&mut self, phrase: &str, value: T) {
        let words: Vec<String> =
            normalize(phrase, Profile::Match).split_whitespace().map(String::from).collect();
        let Some(first) = words.first().cloned() else { return };
        let list = self.by_first.entry(first).or_default();
        list.push((words, value));
        // Longest phrases first.
        list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    }

    /// The longest phrase starting at item `i` and ending before `end`.
    pub(crate) fn match_at(
        &self,
        items: &[Item<'_>],
        i: usize,
        end: usize,
    ) -> Option<PhraseMatch<T>> {
        let first = items.get(i)?;
        // "للطعن", "وللقصف": ل before the article drops its alif.
        let definite = if self.enclitics { with_article(first.norm) } else { None };
        let readings = stems(first.norm).map(|(_, s)| s).chain(definite.as_deref());
        for stem in readings {
            if let Some(list) = self.by_first.get(stem) {
                for (words, value) in list {
                    let last = i + words.len();
                    if last > end {
                        continue;
                    }
                    let n = words.len();
                    if n == 1
                        || words[1..n - 1]
                            .iter()
                            .zip(&items[i + 1..last - 1])
                            .all(|(w, it)| *w == it.norm)
                            && self.last_is(&words[n - 1], items[last - 1].norm)
                    {
                        return Some(PhraseMatch { end: last, value: *value });
                    }
                }
            }
            // "اختطافها", "اغتالوه": a one-word phrase with a pronoun attached.
            if self.enclitics
                && let Some(bare) = without_enclitic(stem)
                && let Some(value) = self.one_word(bare)
            {
                return Some(PhraseMatch { end: i + 1, value });
            }
        }
        None
    }

    /// The one-word phrase the bare word is listed as: itself, or, for a
    /// plural verb ("اغتالو" of "اغتالوه"), with its alif ("اغتالوا"). Only
    /// that rare case builds a string.
    fn one_word(&self, bare: Bare<'_>) -> Option<T> {
        let listed =
            |w: &str| self.by_first.get(w)?.iter().find(|(ws, _)| ws.len() == 1).map(|(_, v)| *v);
        listed(bare.stem)
            .or_else(|| bare.stem.ends_with('و').then(|| listed(&format!("{}ا", bare.stem)))?)
    }

    /// All matches in `items[start..end]`, left to right, not overlapping.
    pub(crate) fn find_all(
        &self,
        items: &[Item<'_>],
        start: usize,
        end: usize,
    ) -> Vec<(usize, PhraseMatch<T>)> {
        let mut out = Vec::new();
        let mut i = start;
        while i < end {
            match self.match_at(items, i, end) {
                Some(m) => {
                    let next = m.end;
                    out.push((i, m));
                    i = next;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The word read with the article after ل ("للطعن" → "الطعن", "وللقصف" →
/// "القصف"), when it starts so.
fn with_article(w: &str) -> Option<String> {
    let w = w.strip_prefix('و').or_else(|| w.strip_prefix('ف')).unwrap_or(w);
    let rest = w.strip_prefix("لل")?;
    (rest.chars().count() >= 2).then(|| format!("ال{rest}"))
}

/// A word without the object or possessive pronoun attached to it
/// (match form): "اختطافها" → "اختطاف", "اغتالوه" → "اغتالو" (read
/// "اغتالوا" too). At least three letters stay.
#[derive(Clone, Copy)]
struct Bare<'a> {
    stem: &'a str,
}

impl Bare<'_> {
    fn is(&self, w: &str) -> bool {
        self.stem == w || (self.stem.ends_with('و') && w.strip_suffix('ا') == Some(self.stem))
    }
}

/// Pronouns that attach to the end of a verb or a verbal noun, longest first.
const ENCLITICS: [&str; 5] = ["هما", "هم", "هن", "ها", "ه"];

fn without_enclitic(w: &str) -> Option<Bare<'_>> {
    ENCLITICS.iter().find_map(|p| {
        let stem = w.strip_suffix(p)?;
        (stem.chars().count() >= 3).then_some(Bare { stem })
    })
}

/// A trigger word's reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TriggerInfo {
    pub(crate) ty: EventType,
    pub(crate) strong: bool,
    pub(crate) plural: bool,
    /// Only refers back to an event already told.
    pub(crate) anaphor: bool,
}

/// What a cue word signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Cue {
    Killed,
    Injured,
    Claim,
    Attribution,
    Suspicion,
    Denial,
    NoClaim,
    Victim,
    Foiled,
    Separate,
    Background,
    Update,
    Subset,
    Stats,
    /// A period of many events ("في الأسابيع الماضية"): the frame tells a trend.
    Trend,
    /// A disaster, an accident or a match ("السيول", "المباراة"): casualty
    /// and attack words there tell no violent event.
    Nonviolent,
    /// Words that may stand between a strike and the adjective of the
    /// state that carried it out ("غارة جوية روسية", "قصف مدفعي تركي").
    StrikeMeans,
}

/// The extractor's word lists.
pub(crate) struct Words {
    pub(crate) triggers: PhraseSet<TriggerInfo>,
    pub(crate) cues: PhraseSet<Cue>,
    pub(crate) targets: PhraseSet<&'static str>,
}

const TRIGGERS: &str = include_str!("../../../data/extract/triggers.tsv");
const CUES: &str = include_str!("../../../data/extract/cues.tsv");
const TARGETS: &str = include_str!("../../../data/extract/targets.tsv");

/// The target types of the guidelines, `unknown` last.
pub(crate) const TARGET_TYPES: &[&str] = &[
    "civilians",
    "religious",
    "military",
    "police",
    "government",
    "diplomatic",
    "business",
    "education",
    "transportation",
    "media",
    "infrastructure",
    "militants",
    "unknown",
];

fn rows(
    name: &'static str,
    src: &'static str,
    n: usize,
) -> Result<Vec<(usize, Vec<&'static str>)>, ExtractError> {
    let mut out = Vec::new();
    let mut header = true;
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if header {
            header = false;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() < n {
            return Err(ExtractError::Data {
                file: name,
                line: i + 1,
                message: format!("expected {n} columns"),
            });
        }
        out.push((i + 1, cols));
    }
    Ok(out)
}

fn event_type(s: &str) -> Option<EventType> {
    EventType::ALL.into_iter().find(|t| t.as_str() == s)
}

impl Words {
    pub(crate) fn load() -> Result<Words, ExtractError> {
        let mut triggers = PhraseSet::new();
        triggers.enclitics = true;
        for (line, c) in rows("data/extract/triggers.tsv", TRIGGERS, 4)? {
            let ty = event_type(c[1]).ok_or(ExtractError::Data {
                file: "data/extract/triggers.tsv",
                line,
                message: format!("unknown type {}", c[1]),
            })?;
            triggers.insert(
                c[0],
                TriggerInfo {
                    ty,
                    strong: c[2] == "strong",
                    plural: c[3] == "p",
                    anaphor: c[2] == "anaphor",
                },
            );
        }
        let mut cues = PhraseSet::new();
        for (line, c) in rows("data/extract/cues.tsv", CUES, 2)? {
            let cue = match c[1] {
                "killed" => Cue::Killed,
                "injured" => Cue::Injured,
                "claim" => Cue::Claim,
                "attribution" => Cue::Attribution,
                "suspicion" => Cue::Suspicion,
                "denial" => Cue::Denial,
                "no_claim" => Cue::NoClaim,
                "victim" => Cue::Victim,
                "foiled" => Cue::Foiled,
                "separate" => Cue::Separate,
                "background" => Cue::Background,
                "update" => Cue::Update,
                "subset" => Cue::Subset,
                "stats" => Cue::Stats,
                "trend" => Cue::Trend,
                "nonviolent" => Cue::Nonviolent,
                "strike_means" => Cue::StrikeMeans,
                other => {
                    return Err(ExtractError::Data {
                        file: "data/extract/cues.tsv",
                        line,
                        message: format!("unknown cue {other}"),
                    });
                }
            };
            cues.insert(c[0], cue);
        }
        let mut targets = PhraseSet::new();
        for (line, c) in rows("data/extract/targets.tsv", TARGETS, 2)? {
            let ty =
                TARGET_TYPES.iter().copied().find(|t| *t == c[1]).ok_or(ExtractError::Data {
                    file: "data/extract/targets.tsv",
                    line,
                    message: format!("unknown target {}", c[1]),
                })?;
            targets.insert(c[0], ty);
        }
        Ok(Words { triggers, cues, targets })
    }
}
