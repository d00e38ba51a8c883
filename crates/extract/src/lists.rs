//! Closed word lists the stages read (agencies, verbs of saying, words for
//! fighters …), from `data/extract/lists.tsv`: the vocabulary lives in data,
//! each list once, and the code names the list it reads.

use std::sync::OnceLock;

use crate::ExtractError;

/// The lists, in the order of [`NAMES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum List {
    /// Words that name a news agency in a dateline (match form, Latin lower-cased by the caller).
    Agencies,
    /// gunmen.
    Gunmen,
    /// Words after a number that show it does not count people.
    NotPeople,
    /// Singular nouns for one person: "مقتل شرطي" counts one.
    OnePerson,
    /// Nouns for the attackers themselves.
    Attackers,
    /// Words after "عناصر"/"مقاتلي" that make them a state's men.
    StateForces,
    /// Words before a country adjective that make it an institution's, not the event's ("وكالة الصحافة الفرنسية", "الخارجية الأمريكية").
    InstitutionWords,
    /// Verbs of saying: a date right after them dates the statement, which is a fallback for the event's date.
    Reporting,
    /// Words before a place that make it a landmark ("قرب", "شمال").
    NearWords,
    /// Words before a place that make it where something was said ("في مؤتمر صحافي في شانلي أورفة").
    SpeechWords,
    /// Words that refer back to the group named last.
    BackReferences,
    /// Subjects that make a denial someone else's.
    OtherSubjects,
    /// Words for a group's fighters before its name ("مقاتلو حزب العمال").
    Fighters,
    /// Words after "تبنى" that make it "adopt the ideas of", not "claim".
    Ideology,
    /// Words that aim an attack at what follows (match form).
    Aimed,
    /// Words that make what follows the source of a statement, not the target.
    Source,
    /// Nouns for victims of unstated kind: a weak vote for civilians.
    People,
    /// Nouns that, before an armed group's name, make it the aim ("مواقع الحوثيين").
    GroupAim,
    /// A leader of the group named next ("قياديا حوثيا"): the group's own man was the aim.
    Leader,
    /// Words that open a period ("منذ 2011", "خلال الشهر"): what follows
    /// counts over it.
    Period,
    /// Words that deny what follows ("دون وقوع إصابات", "لم يسفر عن ضحايا").
    Negators,
    /// Words that may stand between a denial and the casualty word it
    /// denies ("وقوع", "أي", "عن").
    DenialFillers,
    /// Casualty words that mean the dead and the hurt alike ("ضحايا",
    /// "إصابات", "خسائر بشرية"): denied, they make both counts zero.
    AnyCasualty,
    /// Words for aircraft: beside a bare bombardment they make it an air strike.
    Aircraft,
    /// The bare words of bombardment ("قصف", "قصفت"), shelling unless
    /// aircraft are named beside them.
    Bombardment,
}

/// Each list's name in the data file.
const NAMES: &[&str] = &[
    "agencies",
    "gunmen",
    "not_people",
    "one_person",
    "attackers",
    "state_forces",
    "institution_words",
    "reporting",
    "near_words",
    "speech_words",
    "back_references",
    "other_subjects",
    "fighters",
    "ideology",
    "aimed",
    "source",
    "people",
    "group_aim",
    "leader",
    "period",
    "negators",
    "denial_fillers",
    "any_casualty",
    "aircraft",
    "bombardment",
];

const FILE: &str = "data/extract/lists.tsv";
const DATA: &str = include_str!("../../../data/extract/lists.tsv");

fn parse() -> Result<Vec<Vec<&'static str>>, ExtractError> {
    let mut out: Vec<Vec<&'static str>> = vec![Vec::new(); NAMES.len()];
    for (n, line) in DATA.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("list\t") || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(list), Some(word)) = (cols.next(), cols.next()) else {
            return Err(ExtractError::Data {
                file: FILE,
                line: n + 1,
                message: "expected list<TAB>word".into(),
            });
        };
        let Some(i) = NAMES.iter().position(|x| *x == list) else {
            return Err(ExtractError::Data {
                file: FILE,
                line: n + 1,
                message: format!("unknown list {list:?}"),
            });
        };
        out[i].push(word);
    }
    if let Some(i) = out.iter().position(|l| l.is_empty()) {
        return Err(ExtractError::Data {
            file: FILE,
            line: 0,
            message: format!("list {:?} has no word", NAMES[i]),
        });
    }
    Ok(out)
}

static LISTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();

/// Checks the lists file; the extractor calls it once when it loads, so a
/// broken file is an error there and never a panic later.
pub(crate) fn check() -> Result<(), ExtractError> {
    let lists = parse()?;
    let _ = LISTS.set(lists);
    Ok(())
}

/// The words of a list.
pub(crate) fn words(l: List) -> &'static [&'static str] {
    // Invariant: `Extractor::new` ran `check`, which parsed the embedded file.
    &LISTS.get_or_init(|| parse().unwrap_or_else(|_| vec![Vec::new(); NAMES.len()]))[l as usize]
}
