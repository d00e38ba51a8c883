//! Closed word lists the matcher reads (place, group and title cues), from
//! `data/lexicon/lists.tsv`: the vocabulary lives in data, each word once,
//! tagged by its role; a cue set that spans roles (every place cue) is the
//! union of its lists, made here once.

use std::sync::OnceLock;

use crate::LexiconError;

/// The lists, in the order of `NAMES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// Words before a name that make it a province ("ولاية قندهار").
    ProvinceCue,
    /// Words before a name that make it a town ("مدينة قندهار").
    CityCue,
    /// Directions and nearness before a place ("قرب", "شمال").
    Direction,
    /// The other words before a name that show it is a place ("في صور").
    PlaceCue,
    /// Words for a group's fighters before its name ("مقاتلو حزب العمال").
    Fighters,
    /// The other words before a name that show it is a group ("حركة الشباب").
    GroupCue,
    /// Titles after which the name follows at once ("الجنرال", "الشيخ").
    Rank,
    /// The other words that open a title ("وزير", "المتحدث").
    Title,
    /// Connectors inside Arabic names ("عبد", "بن").
    NameConnector,
    /// Words that end a person's name.
    NameStop,
}

impl List {
    /// Every list, in the order of `NAMES`.
    pub const ALL: [List; 10] = [
        List::ProvinceCue,
        List::CityCue,
        List::Direction,
        List::PlaceCue,
        List::Fighters,
        List::GroupCue,
        List::Rank,
        List::Title,
        List::NameConnector,
        List::NameStop,
    ];
}

/// Each list's name in the data file.
const NAMES: &[&str] = &[
    "province_cue",
    "city_cue",
    "direction",
    "place_cue",
    "fighters",
    "group_cue",
    "rank",
    "title",
    "name_connector",
    "name_stop",
];

const _: () = assert!(List::ALL.len() == NAMES.len());

const FILE: &str = "data/lexicon/lists.tsv";
const DATA: &str = include_str!("../../../data/lexicon/lists.tsv");

/// The parsed lists and the cue sets made of several of them.
struct Lists {
    lists: Vec<Vec<&'static str>>,
    /// Every word before a name that shows it is a place.
    place_cues: Vec<&'static str>,
    /// Every word before a name that shows it is an armed group.
    group_cues: Vec<&'static str>,
    /// Every word that opens a title.
    titles: Vec<&'static str>,
}

fn union(lists: &[Vec<&'static str>], of: &[List]) -> Vec<&'static str> {
    of.iter().flat_map(|l| lists[*l as usize].iter().copied()).collect()
}

/// Reads a closed word-list file (`list<TAB>word[<TAB>note]` lines, `#`
/// comments, a `list` header): the words of each list named in `names`, in
/// that order. An unknown list, a line without a word or a list with no
/// word is an error naming the file and line. The extractor's lists file
/// has the same form and is read with this too.
pub fn parse_lists(
    file: &'static str,
    data: &'static str,
    names: &[&str],
) -> Result<Vec<Vec<&'static str>>, LexiconError> {
    let err = |line: usize, message: String| LexiconError::Data { file, line, message };
    let mut lists: Vec<Vec<&'static str>> = vec![Vec::new(); names.len()];
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("list\t") || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(list), Some(word)) = (cols.next(), cols.next()) else {
            return Err(err(n + 1, "expected list<TAB>word".into()));
        };
        let Some(i) = names.iter().position(|x| *x == list) else {
            return Err(err(n + 1, format!("unknown list {list:?}")));
        };
        lists[i].push(word);
    }
    if let Some(i) = lists.iter().position(|l| l.is_empty()) {
        return Err(err(0, format!("list {:?} has no word", names[i])));
    }
    Ok(lists)
}

fn parse() -> Result<Lists, LexiconError> {
    let lists = parse_lists(FILE, DATA, NAMES)?;
    use List::*;
    Ok(Lists {
        place_cues: union(&lists, &[ProvinceCue, CityCue, Direction, PlaceCue]),
        group_cues: union(&lists, &[Fighters, GroupCue]),
        titles: union(&lists, &[Rank, Title]),
        lists,
    })
}

static LISTS: OnceLock<Lists> = OnceLock::new();

fn get() -> &'static Lists {
    // Invariant: `Lexicon::load` ran `check`, which parsed the embedded file.
    LISTS.get_or_init(|| {
        parse().unwrap_or_else(|_| Lists {
            lists: vec![Vec::new(); NAMES.len()],
            place_cues: Vec::new(),
            group_cues: Vec::new(),
            titles: Vec::new(),
        })
    })
}

/// Checks the lists file; [`crate::Lexicon::load`] calls it, so a broken
/// file is an error there and never a panic later.
pub fn check() -> Result<(), LexiconError> {
    let lists = parse()?;
    let _ = LISTS.set(lists);
    Ok(())
}

/// The words of a list.
pub fn words(l: List) -> &'static [&'static str] {
    &get().lists[l as usize]
}

/// Every word before a name that shows it is a place: province, city,
/// direction and other place cues.
pub(crate) fn place_cues() -> &'static [&'static str] {
    &get().place_cues
}

/// Every word before a name that shows it is an armed group: fighters and
/// other group cues.
pub(crate) fn group_cues() -> &'static [&'static str] {
    &get().group_cues
}

/// Every word that opens a title: ranks and other titles.
pub(crate) fn titles() -> &'static [&'static str] {
    &get().titles
}
