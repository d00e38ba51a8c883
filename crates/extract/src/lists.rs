//! Closed word lists the stages read (agencies, verbs of saying, words for
//! fighters …), from `data/extract/lists.tsv`: the vocabulary lives in data,
//! each list once, and the code names the list it reads.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use rasd_lexicon::lists as lexicon;

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
    /// Words before a place that make it a landmark ("قرب", "شمال"): the
    /// lexicon's direction words and the file's own.
    NearWords,
    /// Words before a place that make it where something goes ("نقل
    /// السفارة إلى القدس", "متجهين إلى عفرين"), not where it happened.
    Destination,
    /// Words before a place that make it where something was said ("في مؤتمر صحافي في شانلي أورفة").
    SpeechWords,
    /// Words that refer back to the group named last.
    BackReferences,
    /// Subjects that make a denial someone else's.
    OtherSubjects,
    /// Words for a group's fighters before its name ("مقاتلو حزب العمال"):
    /// the lexicon's fighters and the file's own.
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
    /// Protesters and protests ("متظاهرين", "الاحتجاجات"): beside a clash
    /// they make it an assault on them, not fighting between armed sides.
    Protest,
    /// Words near "طعن" that make it an appeal in court, not a stabbing ("طعن في الحكم", "قدم طعنا").
    Appeal,
    /// Words before an attack word that make it a weapon's name, not an event ("قاذفات قنابل", "منصات صواريخ").
    Weapon,
    /// Words up to two before a method word that rule it out ("وليس عن هجوم انتحاري") or make it a ceasefire ("وقف إطلاق النار").
    RuledOut,
    /// Plural casualty nouns that, with no number, still tell of casualties ("قتلى وجرحى": a vague count).
    CasualtyPlurals,
    /// Verbs that open a sentence going on with the last speaker's words ("وأضافت أن").
    GoesOn,
    /// Verbs that make a group the speaker of a toll ("قالت الحركة", "طالبان زعمت"): its own media's figure.
    GroupSays,
    /// Nouns between a number and "من" that count members of what follows ("مائة فرد من العناصر").
    Members,
    /// Words after a claim that make it a claim of every attack the sentence tells ("مسؤوليته عن جميع الهجمات").
    AllOf,
    /// Words that open a clause ("فيما", "بينما", "حيث"): a trigger's clause begins at the last of them.
    ClauseWords,
    /// Particles that deny the verb right after them ("لم تتبن"): a claim so denied is none.
    VerbNegators,
    /// Claim verbs before a group's name, after which the claim itself may come later ("أعلنت X، وهي جماعة …، مسؤوليتها").
    ClaimVerbs,
    /// Words for gunfire as the means of a shooting ("برصاص", "بنيران"): the
    /// force named right after them fired it.
    Gunfire,
    /// Nouns for the men who fire, between the gunfire and the force they
    /// belong to ("برصاص قناصة الجيش").
    Shooters,
    /// Nouns of a stretch of time ("الفترة", "الساعات"): after an
    /// [`List::OverWords`] word, a figure counts over it.
    PeriodNouns,
    /// Words after منذ that open a campaign or a war ("منذ بدء العملية").
    StartWords,
    /// Words that open a stretch of time when a period noun follows them
    /// ("خلال", "طوال", "على مدى").
    OverWords,
    /// Words that make a figure a total over many incidents ("الإجمالية").
    TotalWords,
    /// Words before منذ that make it a comparison ("الأعنف منذ").
    Superlatives,
    /// Words of an anniversary ("ذكرى").
    Memorial,
    /// Words that open a sentence of background ("يذكر أن", "تجدر الإشارة").
    RecallOpeners,
    /// Period nouns of one year or month ("في عام 1946"): after في they
    /// date an event rather than open a stretch of time.
    OnePeriod,
    /// Nouns of a campaign ("التصعيد", "الحرب"): after an
    /// [`List::OverWords`] word, a figure counts over it.
    CampaignNouns,
    /// Words that make a figure a total over many fronts ("جبهات").
    ManyFronts,
    /// Words of a report's statistic ("الانتهاكات", "الإحصائية") before a
    /// figure: it counts over the report's period, not one incident.
    StatisticWords,
    /// Words before a country adjective that make it an armed group's
    /// patron, not the event's place ("ميليشيات الحوثي الإيرانية").
    ClientWords,
    /// Adjectives that make a strike or gunfire the government's own
    /// ("غارات جوية حكومية", "القصف الحكومي"): the country's government
    /// forces carried it out.
    GovernmentAdjectives,
    /// Capitals the news names for their governments ("اتهمت موسكو").
    Capitals,
    /// Verbs of a state's dealings ("نفت", "تطالب", "وقوف"): a capital
    /// beside them speaks or acts for its government.
    StateVerbs,
    /// Words that make a capital right after them the agent
    /// ("سلوك موسكو", "وإن موسكو", "شن دمشق هجوما"): it stands for its
    /// government, not for a place.
    CapitalAgent,
    /// Verbal nouns of what a group may be accused of that is no attack
    /// ("اتهمت الرياض الحوثيين باستخدام الميناء", "بدعم", "بتهريب").
    OtherCharges,
    /// Words for other people ("وجرح آخرون", "عناصر أخرى"): a casualty
    /// word they follow counts others than the number before it.
    Others,
    /// Words of allegiance before a capital ("القوات الموالية لباماكو",
    /// "الحليفة لموسكو"): the capital names a government.
    Allegiance,
    /// Words after "من" that make the number before them an age ("في
    /// الـ27 من العمر"), not a count.
    AgeWords,
    /// Nouns of a war as a whole ("الحرب", "النزاع"): a figure counted
    /// "in" one is the war's dead ("قتل في النزاع السوري أكثر من 200").
    WarNouns,
    /// Nouns of fighting on the ground ("مواجهات", "معارك").
    GroundFighting,
    /// Nouns of strikes and shelling ("غارات", "قصف").
    StrikesShelling,
    /// Plural nouns of places ("مناطق", "مدن وبلدات").
    PlaceNouns,
    /// Words that spread a place noun over many places ("متفرقة", "عدة").
    SpreadWords,
    /// Words after جبهة that make it a group's name ("جبهة النصرة").
    FrontNames,
    /// Verbs by which a state carries out strikes ("تشن", "قصفت"): a country
    /// right before or after one, in a sentence of strikes, is their author.
    StrikeVerbs,
    /// Verbs by which a force launches or carries out an attack ("شنت",
    /// "نفذ"): a state's force right beside one, with the attack told
    /// right after, launched it.
    LaunchVerbs,
    /// Active verbs of killing ("قتل", "قتلت"): a force right before one,
    /// with a count of people after, killed them.
    KillVerbs,
    /// Epithets a force's name may carry before its verb ("داعش الإرهابي،
    /// قتلوا"): a kill verb after them is still the name's own.
    Epithets,
    /// Verbs of doing ("قامت", "قيام"): the force right after one did the
    /// attack told after it with "ب" ("قامت عناصر التنظيم … بقتل").
    DoingVerbs,
    /// Adverbs of "since then" ("مذاك", "منذئذ"): a figure in their clause
    /// counts over the period since an earlier day.
    SinceThen,
    /// Stems of a bare explosion ("انفجار", "وانفجارها"), found inside a
    /// word: what a bomb does, but also a plane, a gas tank or a factory.
    Explosion,
    /// Words before a model number ("بوينغ 737", "من طراز 700"): the
    /// number names a make, not a count.
    ModelWords,
    /// Words right after a city that make it a newspaper's name ("واشنطن
    /// بوست", "نيويورك تايمز"), no place.
    PressTitles,
    /// Verbs of denial whose subject stands between them and what they
    /// deny ("نفت وزارة الصحة وقوع أي إصابات").
    DenyVerbs,
    /// Words of occurrence a denial verb reaches ("وقوع", "سقوط").
    Occurrence,
    /// Verbs that limit the harm done ("اقتصرت الأضرار على الماديات").
    Limiters,
    /// Words for material harm only ("الماديات", "مادية").
    MaterialOnly,
    /// Words for lives after "خسائر في" ("خسائر في الأرواح"): the dead alone.
    Lives,
    /// Words that open the agent after an attack ("من قبل", "من"): the
    /// name after them, or after its means, carried it out.
    AgentWords,
    /// A man's companions, with his pronoun ("مع 3 من مرافقيه"): killed
    /// with them, he is one more.
    Companions,
    /// Words for a military unit before its number ("اللواء 405 مشاة",
    /// "الكتيبة 22"): the number names the unit, not a count of people.
    UnitWords,
    /// Verbs whose object pronoun is the attack told before them ("غارة
    /// شنتها طائرات التحالف", "المجزرة التي ارتكبتها قوات الاحتلال"): the
    /// force right after one carried it out.
    RelativeVerbs,
    /// Verbal nouns, after ب, of an attack a state is accused of
    /// ("اتهم الغرب النظام السوري بشنها", "بالوقوف وراء الهجوم").
    Charges,
    /// Words of a charge that point at who follows "إلى" ("أصابع الاتهام
    /// إلى النظام", "الغارة المنسوبة إلى التحالف").
    PointTo,
    /// Words that open a clause of another matter ("في حين", "بينما"): an
    /// accusation after one is no accusation of the attack before it.
    ClauseBreaks,
    /// Words after a force that speaks that open what it did ("قال الحرس
    /// الثوري إنه أطلق صواريخ", "أعلن الجيش عن تنفيذ غارة").
    OwnStrikeOpeners,
    /// Verbs and verbal nouns of an attack a speaker tells it carried out
    /// ("إنه أطلق", "عن تنفيذ", "أنه قصف").
    OwnStrikeVerbs,
    /// Words of an answer ("ردا على", "انتقاما"): an attack named right
    /// after one is the one answered, not the event's method.
    Response,
    /// Missiles and rockets ("صواريخ", "هجوم صاروخي"): fired by aircraft
    /// in an event that names an air strike.
    Missiles,
    /// Phrases of a headline that make the article an "on this day" page.
    AlmanacTitles,
    /// Phrases of an article's opening that make it signed opinion.
    OpinionMarks,
    /// A territory and the state whose army its generic "الجيش" is, as
    /// `TERRITORY>STATE` ("PS>IL": the army in Gaza and the West Bank is
    /// Israel's, Palestine has none).
    ArmyOfAnother,
    /// Words that make the missiles or aircraft after them what a strike
    /// destroyed or hit ("تدمير عدد من الصواريخ الإيرانية"): their
    /// adjective names no author.
    DestroyedWeapons,
    /// Words before a country's name that tell it as where something is
    /// ("في سوريا", "شمال العراق", "داخل الأراضي"), not as a state that
    /// acts or is spoken of.
    Locatives,
    /// Nouns of places, without ال, whose country adjective tells where
    /// they are ("الأراضي السورية", "الجنوب السوري", "المدن الأفغانية").
    PlaceHeads,
    /// Nouns that, right before a weekday, make it part of a place's name
    /// ("سوق الخميس", "وادي الخميس"): no date.
    ToponymHeads,
    /// Words after a report of a toll that make it an earlier one
    /// ("حصيلة أولية", "حصيلة سابقة", "في وقت سابق"): a later figure
    /// replaces it.
    EarlierMarks,
    /// Reports of a toll that an earlier mark may follow ("حصيلة",
    /// "تقديرات", "وقت").
    TollReports,
    /// Singular nouns for the one who carried out an attack ("مقتل
    /// المهاجم", "قتل منفذ الهجوم"): counted with the attackers.
    LoneAttackers,
    /// Words that end the noun phrase after a figure ("في هجوم", "خلال
    /// المعارك", "جراء القصف"): what follows tells the event, not the
    /// people counted.
    PhraseEnds,
    /// Nouns of towns, villages and districts before a name ("مديرية
    /// القبيطة", "قرية الحنيني"): a name after one that no gazetteer holds
    /// is read as a place of its own.
    TownNouns,
    /// Words that open a two-word place name ("أم المياذن", "كفر نبل"):
    /// the name after a town noun takes the next word too.
    TownNameHeads,
    /// Words after a town noun that name no place: adjectives ("مدينة
    /// رئيسية", "قرية مجاورة"), function words, words of a title ("مدينة
    /// الملك فهد", "مديرية الأمن").
    NotTownNames,
    /// Words just after a bomb or grenade word that make it a crowd-control
    /// weapon ("قنابل الغاز المسيل للدموع", "قنابل صوتية"), not a bombing.
    CrowdControl,
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
    "destination",
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
    "protest",
    "appeal",
    "weapon",
    "ruled_out",
    "casualty_plurals",
    "goes_on",
    "group_says",
    "members",
    "all_of",
    "clause_words",
    "verb_negators",
    "claim_verbs",
    "gunfire",
    "shooters",
    "period_nouns",
    "start_words",
    "over_words",
    "total_words",
    "superlatives",
    "memorial",
    "recall_openers",
    "one_period",
    "campaign_nouns",
    "many_fronts",
    "statistic_words",
    "client_words",
    "government_adjectives",
    "capitals",
    "state_verbs",
    "capital_agent",
    "other_charges",
    "others",
    "allegiance",
    "age_words",
    "war_nouns",
    "ground_fighting",
    "strikes_shelling",
    "place_nouns",
    "spread_words",
    "front_names",
    "strike_verbs",
    "launch_verbs",
    "kill_verbs",
    "epithets",
    "doing_verbs",
    "since_then",
    "explosion",
    "model_words",
    "press_titles",
    "deny_verbs",
    "occurrence",
    "limiters",
    "material_only",
    "lives",
    "agent_words",
    "companions",
    "unit_words",
    "relative_verbs",
    "charges",
    "point_to",
    "clause_breaks",
    "own_strike_openers",
    "own_strike_verbs",
    "response",
    "missiles",
    "almanac_titles",
    "opinion_marks",
    "army_of_another",
    "destroyed_weapons",
    "locatives",
    "place_heads",
    "toponym_heads",
    "earlier_marks",
    "toll_reports",
    "lone_attackers",
    "phrase_ends",
    "town_nouns",
    "town_name_heads",
    "not_town_names",
    "crowd_control",
];

const FILE: &str = "data/extract/lists.tsv";
const DATA: &str = include_str!("../../../data/extract/lists.tsv");

fn parse() -> Result<Vec<Vec<&'static str>>, ExtractError> {
    let mut out = lexicon::parse_lists(FILE, DATA, NAMES)?;
    // Lists that extend one of the lexicon's, which stays the only place
    // its words are written.
    for (ours, theirs) in
        [(List::NearWords, lexicon::List::Direction), (List::Fighters, lexicon::List::Fighters)]
    {
        out[ours as usize].extend_from_slice(lexicon::words(theirs));
    }
    Ok(out)
}

/// The lists, and for each word the lists it is in (bit `l` for list `l`):
/// a stage asks whether a word is in a list thousands of times an article,
/// and a scan of the list compared it with every word there.
struct Lists {
    words: Vec<Vec<&'static str>>,
    of: FxHashMap<&'static str, u128>,
}

const _: () = assert!(NAMES.len() <= u128::BITS as usize, "a list's bit must fit in a u128");

impl Lists {
    fn new(words: Vec<Vec<&'static str>>) -> Lists {
        let mut of: FxHashMap<&'static str, u128> = FxHashMap::default();
        for (l, list) in words.iter().enumerate() {
            for w in list {
                *of.entry(w).or_default() |= 1 << l;
            }
        }
        Lists { words, of }
    }
}

static LISTS: OnceLock<Lists> = OnceLock::new();

fn lists() -> &'static Lists {
    // Invariant: `Extractor::new` ran `check`, which parsed the embedded file.
    LISTS.get_or_init(|| Lists::new(parse().unwrap_or_else(|_| vec![Vec::new(); NAMES.len()])))
}

/// Checks the lists file; the extractor calls it once when it loads, so a
/// broken file is an error there and never a panic later.
pub(crate) fn check() -> Result<(), ExtractError> {
    lexicon::check()?;
    let lists = parse()?;
    let _ = LISTS.set(Lists::new(lists));
    Ok(())
}

/// The words of a list.
pub(crate) fn words(l: List) -> &'static [&'static str] {
    &lists().words[l as usize]
}

/// True when `w` is a word of list `l`.
pub(crate) fn has(l: List, w: &str) -> bool {
    lists().of.get(w).is_some_and(|bits| bits & (1 << l as usize) != 0)
}

/// True when `w`, or what is left of it after the proclitics و/ف and
/// ب/ل/ك (`rasd_text::item::stems`), is a word of list `l`.
pub(crate) fn stem_in(l: List, w: &str) -> bool {
    rasd_text::item::stems(w).any(|(_, s)| has(l, s))
}

/// True when `w`, after its proclitics, is a word of list `l` with the
/// article ("المهاجم", "والقيادي").
pub(crate) fn definite_in(l: List, w: &str) -> bool {
    rasd_text::item::stems(w).any(|(_, s)| s.strip_prefix("ال").is_some_and(|x| has(l, x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table gives each word the bits of exactly the lists that hold
    /// it, and `has` and `stem_in` read a list's bit, with or without a
    /// proclitic.
    #[test]
    fn a_word_is_found_in_exactly_the_lists_that_hold_it() {
        check().unwrap();
        let all = lists();
        assert_eq!(all.words.len(), NAMES.len());
        for list in &all.words {
            for w in list {
                let bits = all.of.get(w).copied().unwrap_or(0);
                for (l, other) in all.words.iter().enumerate() {
                    assert_eq!(bits & (1 << l) != 0, other.contains(w), "{w} in {}", NAMES[l]);
                }
            }
        }
        for w in words(List::Capitals) {
            assert!(has(List::Capitals, w) && stem_in(List::Capitals, &format!("و{w}")), "{w}");
            assert_eq!(has(List::Negators, w), words(List::Negators).contains(w), "{w}");
        }
        assert!(!has(List::Negators, "كابول"));
        assert!(!has(List::Negators, ""));
    }
}
