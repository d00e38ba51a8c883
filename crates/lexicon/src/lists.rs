//! Closed word lists the matcher reads (place, group and title cues), from
//! `data/lexicon/lists.tsv`: the vocabulary lives in data, each word once,
//! tagged by its role; a cue set that spans roles (every place cue) is the
//! union of its lists, made here once.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

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

/// The parsed lists, and each word's lists: the matcher and the people
/// finder ask about every word of a text, and a scan of the lists cost
/// more than the rest of their work.
struct Lists {
    lists: Vec<Vec<&'static str>>,
    /// A bit per list ([`List`] order), then the bits of the cue sets made
    /// of several lists.
    of: FxHashMap<&'static str, u16>,
}

/// The bits of the cue sets in [`Lists::of`], after the lists' own.
const PLACE_CUES: u16 = 1 << NAMES.len();
const GROUP_CUES: u16 = 1 << (NAMES.len() + 1);
const TITLES: u16 = 1 << (NAMES.len() + 2);

const _: () = assert!(NAMES.len() + 3 <= u16::BITS as usize, "a list's bit must fit in a u16");

impl Lists {
    fn new(lists: Vec<Vec<&'static str>>) -> Lists {
        let mut of: FxHashMap<&'static str, u16> = FxHashMap::default();
        for (l, list) in List::ALL.iter().zip(&lists) {
            for w in list {
                *of.entry(w).or_default() |= (1 << *l as u16) | l.cue_sets();
            }
        }
        Lists { lists, of }
    }

    fn bits(&self, w: &str) -> u16 {
        self.of.get(w).copied().unwrap_or(0)
    }
}

impl List {
    /// The bits of the cue sets this list belongs to.
    fn cue_sets(self) -> u16 {
        use List::*;
        match self {
            ProvinceCue | CityCue | Direction | PlaceCue => PLACE_CUES,
            Fighters | GroupCue => GROUP_CUES,
            Rank | Title => TITLES,
            NameConnector | NameStop => 0,
        }
    }
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
    Ok(Lists::new(parse_lists(FILE, DATA, NAMES)?))
}

static LISTS: OnceLock<Lists> = OnceLock::new();

fn get() -> &'static Lists {
    // Invariant: `Lexicon::load` ran `check`, which parsed the embedded file.
    LISTS.get_or_init(|| parse().unwrap_or_else(|_| Lists::new(vec![Vec::new(); NAMES.len()])))
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

/// Whether `w` is a word of list `l`.
pub fn has(l: List, w: &str) -> bool {
    get().bits(w) & (1 << l as u16) != 0
}

/// Whether `w` shows that the name after it is a place: a province, city,
/// direction or other place cue.
pub(crate) fn is_place_cue(w: &str) -> bool {
    get().bits(w) & PLACE_CUES != 0
}

/// Whether `w` shows that the name after it is an armed group: fighters
/// or another group cue.
pub(crate) fn is_group_cue(w: &str) -> bool {
    get().bits(w) & GROUP_CUES != 0
}

/// Whether `w` opens a title: a rank or another title.
pub(crate) fn is_title(w: &str) -> bool {
    get().bits(w) & TITLES != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_found_in_exactly_the_lists_and_cue_sets_that_hold_it() {
        check().expect("data/lexicon/lists.tsv parses");
        let holds = |of: &[List], w: &str| of.iter().any(|l| words(*l).contains(&w));
        use List::*;
        let every: Vec<&str> = List::ALL.iter().flat_map(|l| words(*l).iter().copied()).collect();
        for w in every.iter().copied().chain(["", "قتل", "مدينه"]) {
            for l in List::ALL {
                assert_eq!(has(l, w), words(l).contains(&w), "{w} in {l:?}");
            }
            assert_eq!(
                is_place_cue(w),
                holds(&[ProvinceCue, CityCue, Direction, PlaceCue], w),
                "{w}"
            );
            assert_eq!(is_group_cue(w), holds(&[Fighters, GroupCue], w), "{w}");
            assert_eq!(is_title(w), holds(&[Rank, Title], w), "{w}");
        }
    }
}
