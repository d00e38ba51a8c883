//! The features of the learned decisions, one line each on why.
//!
//! **Invariant:** a feature is a pure function of a candidate and its
//! document (distances, cue kinds, sentence role, position, competing
//! candidates). None names an article, a URL or a memorised phrase, so
//! what the weights learn is about how news is written, not about the
//! articles they were learned from. Values stay within about [0, 1] so
//! that one regularisation strength suits them all.

use rasd_core::{EventType, Status};
use rasd_lexicon::{Entity, Lexicon};
use rasd_text::date::DateValue;

use crate::annotate::Doc;
use crate::casualty::{Fact, Side};
use crate::frame::Frame;
use crate::merge::{Draft, places_agree, places_nested, specificity};

/// Is this candidate a real incident the article reports?
pub const EVENT: &[&str] = &[
    "rule_keep",          // the hand-written filter keeps it (see `rule_keep`)
    "strong_trigger",     // a method named outright (تفجير، غارة), not only "attack"
    "title",              // told in the headline: what the article is about
    "main",               // the headline's event, or the first when none is in it
    "first",              // the first candidate the article tells
    "position",           // how far into the article it is first told (0 top, 1 end)
    "n_frames",           // how many sentences tell it (log): retold facts are real
    "place",              // a place below the country is named
    "place_town",         // that place is a town, city or site
    "place_wide",         // that place is only a province or a region
    "country_article",    // its country is the one the article is mostly about
    "dated",              // a day, month or year is said for it
    "date_weak",          // that date is only the date of a statement
    "age_week",           // dated within a week before the report: news
    "age_season",         // dated one week to three months before: recent background
    "age_old",            // dated three months to a year before: background
    "age_years",          // dated more than a year before: recalled history
    "toll",               // a figure of dead is given
    "toll_log",           // how large that figure is (log)
    "toll_huge",          // over 1,000 dead: war totals, not one incident's toll
    "injured",            // a figure of wounded is given
    "casualty_vague",     // casualty words without a figure ("قتلى وجرحى")
    "perp",               // someone is named as its author
    "perp_claimed",       // someone claimed it
    "perp_state",         // its author is a state's forces
    "stats",              // told as a statistic over many incidents
    "trend",              // told as a trend over weeks or years
    "foiled",             // foiled, planned or warned of: did not happen
    "nonviolent",         // beside a disaster, an accident or a match
    "only_plural",        // only plural triggers ("سلسلة تفجيرات"): a series
    "anaphoric",          // only definite back-references ("الهجوم"): told before
    "separate",           // said to be another incident ("في هجوم منفصل")
    "no_anchor",          // no place, no figure and no author to code
    "word_alone",         // no method, no casualty and no author: a word used loosely
    "retells_main",       // another candidate's place and type, with no day of its own
    "type_suicide",       // its type, one-hot: some types are used loosely more often
    "type_bombing",       //
    "type_assault",       //
    "type_clash",         //
    "type_air_strike",    //
    "type_shelling",      //
    "type_kidnapping",    //
    "type_assassination", //
    "type_attack",        //
    "n_candidates",       // how many candidates the article has (log): round-ups
];

/// Is this figure the incident's death toll?
pub const KILLED: &[&str] = &[
    "rule",         // the figure the hand-written rule would choose
    "update",       // said with a rising-toll word (ارتفع، الحصيلة)
    "subset",       // a part of another count (بينهم)
    "attackers",    // counts the attackers
    "propaganda",   // given by the perpetrator's own media
    "title",        // said in the headline
    "largest",      // the largest figure of the incident
    "smallest",     // the smallest figure of the incident
    "latest",       // the last figure told
    "first",        // the first figure told
    "repeated",     // said more than once (log of how often)
    "log_value",    // how large it is (log)
    "huge",         // over 1,000: a war's or a year's total
    "one",          // one person: often one victim among several
    "since",        // after "منذ"/"خلال": a running or campaign total
    "stats_frame",  // in a sentence that tells a statistic
    "other_date",   // in a sentence dated differently from the incident
    "at_least",     // hedged: at least / more than
    "about",        // hedged: about / up to
    "position",     // how far into the article it is first told
    "near_trigger", // told in a sentence with a method named outright
    "sum",          // the sum of two figures (victims and attackers, two sites)
];

/// Does this later telling belong to the main incident?
pub const MERGE: &[&str] = &[
    "same_place",     // the same place (or places within a few km)
    "inside_place",   // one place inside the other (a town in its province)
    "other_place",    // a place that does not agree with the main one
    "no_place",       // names no place
    "same_day",       // dated the same day
    "other_day",      // dated another day
    "no_date",        // no date of its own
    "same_family",    // the same kind of method (explosive, remote, assault)
    "anaphoric",      // only definite back-references ("الهجوم")
    "separate",       // said to be another incident
    "has_toll",       // gives a figure of dead
    "same_toll",      // gives the main incident's own figure
    "has_perp",       // names an author
    "same_perp",      // names the main incident's author
    "strong_trigger", // names a method outright
    "distance",       // how many paragraphs after the main one (log)
    "plural",         // only plural triggers: a series, not the incident
    "stats",          // a statistic
    "background",     // told as background ("وكان", "سبق أن")
];

/// Is this target type, which some word of the event votes for, what the
/// event was aimed at? (The event's target is the type scored highest.)
pub const TARGET: &[&str] = &[
    "rule",              // the type the hand-weighted vote chooses (the heaviest sum)
    "share",             // its share of all the votes of the event
    "sum",               // its weighted votes (log)
    "heaviest",          // its heaviest single vote (log)
    "n_words",           // how many words voted for it (log)
    "aimed",             // a word of it after a word that aims ("استهدف", "على", "ضد")
    "victims",           // a word of it as the noun of a victim count ("مقتل 9 صحفيين")
    "after_trigger",     // a word of it within ten words after the trigger
    "first_sentence",    // a word of it in the event's first sentence
    "source_only",       // every word of it is the source of a statement ("قالت الشرطة")
    "people_only",       // only victims of unstated kind ("أشخاص") voted for it
    "group_aimed",       // an armed group named as the aim (militants)
    "n_types",           // how many types the event's words vote for (log)
    "is_civilians",      // the type, one-hot: how often each is the aim at all
    "is_religious",      //
    "is_military",       //
    "is_police",         //
    "is_government",     //
    "is_diplomatic",     //
    "is_business",       //
    "is_education",      //
    "is_transportation", //
    "is_media",          //
    "is_infrastructure", //
    "is_militants",      //
    "militants_state",   // militants, in a state's strike, shelling or clash
    "military_clash",    // the military, in a clash (the side attacked, or the attacker)
    "military_group",    // the military, in an attack an armed group is named for
    "civilians_strike",  // civilians, in an air strike or shelling
    "police_group",      // the police, in an attack an armed group is named for
    "forces_state", // the military or the police, in an attack a state's forces are named for (their own men)
    "militants_group", // militants, in an attack an armed group is named for (the attackers)
];

/// Is this group or force, named somewhere in the article, the author of
/// an event whose own sentences name none? (The event takes the candidate
/// scored highest, when it reaches the threshold.)
pub const PERP: &[&str] = &[
    "claimed",         // some sentence says it claimed an attack
    "attributed",      // some sentence names it as the attacker
    "suspected",       // some sentence suspects or accuses it
    "late_only",       // only a late reading ties it (a verb whose object is the attack, a charge)
    "untied",          // named, but tied by no rule
    "in_title",        // named in the headline: what the article is about
    "title_tie",       // tied as an author in the headline
    "same_paragraph",  // named in a paragraph that tells the event
    "distance",        // sentences from the event to its nearest naming (log)
    "tie_distance",    // sentences from the event to its nearest tie (log; 1 when untied)
    "tie_same_type",   // tied in a sentence that tells an attack of the event's type
    "tie_same_family", // tied beside the same kind of violence (explosive, remote, ground)
    "tie_same_place",  // tied in a sentence naming the event's place
    "tie_other_place", // tied in a sentence naming another place
    "tie_other_draft", // tied in a sentence told as another incident
    "state",           // a state's force
    "state_strike",    // a state's force, and the event is a strike or shelling
    "group_strike",    // an armed group, and the event is an air strike: groups have no aircraft
    "group_blast",     // an armed group, and the event is a bombing or an assault
    "other_country",   // a state's force of another country than the event's
    "mentions",        // how often the article names it (log)
    "share",           // its share of the namings of every candidate
    "most_named",      // named at least as often as any other candidate
    "n_candidates",    // how many candidates the article has (log)
    "only",            // the only candidate
    "victim",          // named as the target or among the dead somewhere
    "denied",          // it denied an attack
];

/// The features of [`PERP`] for the `i`th candidate author of an event of
/// type `ty`.
pub(crate) fn perp(all: &[crate::authors::Facts], i: usize, ty: EventType) -> Vec<f64> {
    let c = &all[i];
    let total: usize = all.iter().map(|c| c.mentions).sum();
    let most = all.iter().map(|c| c.mentions).max().unwrap_or(0);
    let dist = |d: usize| ((1.0 + d.min(60) as f64).ln() / (61.0f64).ln()).min(1.0);
    let strike = matches!(ty, EventType::AirStrike | EventType::Shelling);
    let blast = matches!(
        ty,
        EventType::Bombing
            | EventType::SuicideBombing
            | EventType::ArmedAssault
            | EventType::Assassination
            | EventType::Kidnapping
    );
    vec![
        b(c.status == Some(Status::Claimed)),
        b(c.status == Some(Status::Attributed)),
        b(c.status == Some(Status::Suspected)),
        b(c.status.is_some() && c.late_only),
        b(c.status.is_none()),
        b(c.in_title),
        b(c.title_tie),
        b(c.same_paragraph),
        dist(c.distance),
        c.tie_distance.map_or(1.0, dist),
        b(c.tie_same_type),
        b(c.tie_same_family),
        b(c.tie_same_place),
        b(c.tie_other_place),
        b(c.tie_other_draft),
        b(c.state),
        b(c.state && strike),
        b(!c.state && ty == EventType::AirStrike),
        b(!c.state && blast),
        b(c.other_country),
        log_scaled(c.mentions as f64),
        if total > 0 { c.mentions as f64 / total as f64 } else { 0.0 },
        b(c.mentions == most),
        log_scaled(all.len() as f64),
        b(all.len() == 1),
        b(c.victim),
        b(c.denied),
    ]
}

/// The features of [`TARGET`] for the `i`th type that votes.
pub(crate) fn target(
    votes: &[crate::target::Votes],
    i: usize,
    rule: Option<usize>,
    ty: EventType,
    perps: &[Entity],
) -> Vec<f64> {
    let v = &votes[i];
    let total: f64 = votes.iter().map(|v| v.sum).sum();
    let group = perps.iter().any(|e| matches!(e, Entity::Group(_)));
    let state = perps.iter().any(|e| matches!(e, Entity::Actor(_)));
    let strike = matches!(ty, EventType::AirStrike | EventType::Shelling);
    let mut x = vec![
        b(rule == Some(i)),
        if total > 0.0 { v.sum / total } else { 0.0 },
        log_scaled(v.sum),
        log_scaled(v.max.max(0.0)),
        log_scaled(v.n as f64),
        b(v.aimed),
        b(v.victims),
        b(v.after_trigger),
        b(v.first_frame),
        b(v.source_only),
        b(v.people_only),
        b(v.group),
        log_scaled(votes.len() as f64),
    ];
    // One-hot over the types a word can vote for (never `unknown`), in the
    // order of `TARGET`'s names.
    let types = crate::words::TARGET_TYPES.iter().filter(|t| **t != "unknown");
    x.extend(types.map(|t| b(v.ty == *t)));
    x.extend([
        b(v.ty == "militants" && crate::target::state_strike(ty, perps)),
        b(v.ty == "military" && ty == EventType::ArmedClash),
        b(v.ty == "military" && group),
        b(v.ty == "civilians" && strike),
        b(v.ty == "police" && group),
        b(matches!(v.ty, "military" | "police") && state),
        b(v.ty == "militants" && group),
    ]);
    x
}

/// Everything about the article the features compare a candidate with.
pub(crate) struct Context<'c> {
    pub(crate) lex: &'c Lexicon,
    pub(crate) frames: &'c [Frame],
    pub(crate) drafts: &'c [Draft],
    /// Every candidate as built.
    pub(crate) all: &'c [Built],
    pub(crate) main: Option<usize>,
    /// The headline names a disaster, an accident or a match.
    pub(crate) headline_nonviolent: bool,
    pub(crate) article_country: Option<&'c str>,
}

fn b(x: bool) -> f64 {
    if x { 1.0 } else { 0.0 }
}

fn log_scaled(n: f64) -> f64 {
    (1.0 + n).ln() / 10.0
}

/// Days from an event's date to the report (0 when after or unknown).
fn age_days(doc: &Doc<'_>, date: Option<DateValue>) -> Option<i64> {
    let (date, published) = (date?, doc.analysis.reference?);
    Some((published - date.end).get_days().max(0) as i64)
}

pub(crate) fn family(t: EventType) -> u8 {
    match t {
        EventType::SuicideBombing | EventType::Bombing => 0,
        EventType::AirStrike | EventType::Shelling => 1,
        EventType::Kidnapping => 3,
        _ => 2,
    }
}

/// What a draft looks like once built: the facts the features read.
pub(crate) struct Built {
    pub(crate) ty: EventType,
    pub(crate) country: Option<String>,
    pub(crate) killed: Option<u32>,
    pub(crate) killed_vague: bool,
    pub(crate) injured: bool,
    pub(crate) perps: Vec<(Entity, Status)>,
}

pub(crate) fn event(doc: &Doc<'_>, ctx: &Context<'_>, di: usize) -> Vec<f64> {
    let (lex, frames, drafts, all) = (ctx.lex, ctx.frames, ctx.drafts, ctx.all);
    let built = &all[di];
    let d = &drafts[di];
    let fs: Vec<&Frame> = d.frames.iter().map(|i| &frames[*i]).collect();
    let n_sent = doc.sentences.len().max(1) as f64;
    let first_sentence = fs.iter().map(|f| f.sentence).min().unwrap_or(0) as f64;
    let kind = d.place.map(|p| specificity(lex.places[p as usize].kind));
    let age = age_days(doc, d.date);
    let has_perp = !built.perps.is_empty();
    let any_casualty = built.killed.is_some() || built.killed_vague || built.injured;
    let any_method = fs.iter().any(|f| f.has_strong_trigger());
    let headline_nonviolent = ctx.headline_nonviolent;
    let retells_main = ctx.main.is_some_and(|m| {
        m != di
            && d.date.is_none()
            && family(all[m].ty) == family(built.ty)
            && match (d.place, drafts[m].place) {
                (Some(a), Some(b)) => places_agree(lex, a, b),
                (None, _) => true,
                _ => false,
            }
    });
    let ty = |t: EventType| b(built.ty == t);
    let x = vec![
        b(rule_keep(ctx.main == Some(di), d.place.is_some(), built, &fs, headline_nonviolent)),
        b(any_method),
        b(fs.iter().any(|f| f.in_title)),
        b(ctx.main == Some(di)),
        b(di == 0),
        first_sentence / n_sent,
        log_scaled(fs.len() as f64) * 5.0,
        b(d.place.is_some()),
        b(kind == Some(0)),
        b(kind.is_some_and(|k| k >= 3)),
        b(built.country.is_some() && built.country.as_deref() == ctx.article_country),
        b(d.date.is_some()),
        b(d.date_weak),
        b(age.is_some_and(|a| a <= 7)),
        b(age.is_some_and(|a| a > 7 && a <= 90)),
        b(age.is_some_and(|a| a > 90 && a <= 365)),
        b(age.is_some_and(|a| a > 365)),
        b(built.killed.is_some()),
        built.killed.map(|k| log_scaled(k as f64)).unwrap_or(0.0),
        b(built.killed.is_some_and(|k| k > 1000)),
        b(built.injured),
        b(built.killed_vague && built.killed.is_none()),
        b(has_perp),
        b(built.perps.iter().any(|p| p.1 == Status::Claimed)),
        b(built.perps.iter().any(|p| matches!(p.0, Entity::Actor(_)))),
        b(fs.iter().any(|f| f.stats)),
        b(fs.iter().any(|f| f.trend)),
        b(fs.iter().any(|f| f.foiled)),
        b(headline_nonviolent || fs.iter().any(|f| f.nonviolent)),
        b(fs.iter().all(|f| f.only_plural() || f.triggers.is_empty())),
        b(fs.iter().all(|f| f.anaphoric(doc) || f.triggers.is_empty())),
        b(fs.first().is_some_and(|f| f.separate)),
        b(d.place.is_none() && built.killed.is_none() && !has_perp),
        b(!any_method && !any_casualty && !has_perp),
        b(retells_main),
        ty(EventType::SuicideBombing),
        ty(EventType::Bombing),
        ty(EventType::ArmedAssault),
        ty(EventType::ArmedClash),
        ty(EventType::AirStrike),
        ty(EventType::Shelling),
        ty(EventType::Kidnapping),
        ty(EventType::Assassination),
        ty(EventType::Attack),
        log_scaled(ctx.drafts.len() as f64) * 3.0,
    ];
    debug_assert_eq!(x.len(), EVENT.len());
    x
}

/// The hand-written filter: an event needs something to code. A
/// background draft with no place, no toll and no author; a word and
/// nothing else (no method, no casualty, no author: "ترامب يهاجم"); a toll
/// or an "attack" beside a flood, a crash or a match without both a method
/// and a toll (a bare explosion is no method there: a crashed plane
/// explodes, "سقوط الطائرة وانفجارها"); or a method with no place, no
/// casualty and no author ("الصواريخ" in a talk of sanctions) is dropped.
fn rule_keep(
    main: bool,
    place: bool,
    built: &Built,
    fs: &[&Frame],
    headline_nonviolent: bool,
) -> bool {
    let has_toll = built.killed.is_some()
        || fs.iter().any(|f| f.facts.iter().any(|x| x.side == Side::Killed && x.value.is_some()));
    let has_perp = fs.iter().any(|f| !f.perps.is_empty());
    let any_casualty = fs.iter().any(|f| !f.facts.is_empty());
    let any_method = fs.iter().any(|f| f.has_strong_trigger());
    let nonviolent = headline_nonviolent || fs.iter().any(|f| f.nonviolent);
    let violent_method =
        fs.iter().any(|f| f.triggers.iter().any(|t| t.info.strong && !t.explosion));
    (main || place || has_toll || has_perp)
        && (any_method || any_casualty || has_perp)
        && (!nonviolent || has_perp || (violent_method && any_casualty))
        && (place || any_casualty || has_perp)
}

/// One figure of dead that could be an incident's toll.
pub(crate) struct TollCandidate<'f> {
    pub(crate) value: u32,
    /// The facts that give this figure, in the order told.
    pub(crate) facts: Vec<(&'f Fact, &'f Frame)>,
    /// The rule's choice (possibly a sum no single fact gives).
    pub(crate) rule: bool,
}

/// What the toll features compare one figure with: all the figures of its
/// event, summed up once (not once per figure).
pub(crate) struct Tolls {
    n: usize,
    max: u32,
    min: u32,
    last_at: Option<usize>,
    first_at: Option<usize>,
}

impl Tolls {
    pub(crate) fn of(all: &[TollCandidate<'_>]) -> Tolls {
        Tolls {
            n: all.len(),
            max: all.iter().map(|t| t.value).max().unwrap_or(0),
            min: all.iter().map(|t| t.value).min().unwrap_or(0),
            last_at: all.iter().filter_map(|t| t.facts.last().map(|(f, _)| f.at)).max(),
            first_at: all.iter().filter_map(|t| t.facts.first().map(|(f, _)| f.at)).min(),
        }
    }
}

pub(crate) fn killed(
    doc: &Doc<'_>,
    c: &TollCandidate<'_>,
    all: &Tolls,
    event_date: Option<DateValue>,
) -> Vec<f64> {
    let n_sent = doc.sentences.len().max(1) as f64;
    let any = |p: &dyn Fn(&Fact, &Frame) -> bool| c.facts.iter().any(|(f, fr)| p(f, fr));
    let (max, min, last_at, first_at) = (all.max, all.min, all.last_at, all.first_at);
    let order = |t: &TollCandidate<'_>| t.facts.first().map(|(f, _)| f.at);
    let since = any(&|f, _| crate::casualty::running_total(doc, f));
    let other_date = any(&|_, fr| {
        fr.dates.iter().any(|i| {
            let v = doc.analysis.dates[*i].value;
            event_date.is_some_and(|e| v.end < e.start || v.start > e.end)
        })
    });
    let first_sentence = c.facts.first().map(|(_, fr)| fr.sentence).unwrap_or(0) as f64;
    let x = vec![
        b(c.rule),
        b(any(&|f, _| f.update)),
        b(!c.facts.is_empty() && c.facts.iter().all(|(f, _)| f.subset)),
        b(!c.facts.is_empty() && c.facts.iter().all(|(f, _)| f.attackers)),
        b(!c.facts.is_empty() && c.facts.iter().all(|(f, _)| f.propaganda)),
        b(any(&|_, fr| fr.in_title)),
        b(c.value == max && all.n > 1),
        b(c.value == min && all.n > 1),
        b(c.facts.last().map(|(f, _)| f.at) == last_at && all.n > 1),
        b(order(c) == first_at && all.n > 1),
        log_scaled(c.facts.len() as f64) * 5.0,
        log_scaled(c.value as f64),
        b(c.value > 1000),
        b(c.value == 1),
        b(since),
        b(any(&|_, fr| fr.stats || fr.trend)),
        b(other_date),
        b(any(&|f, _| {
            matches!(
                f.qualifier,
                rasd_core::CountQualifier::AtLeast | rasd_core::CountQualifier::MoreThan
            )
        })),
        b(any(&|f, _| {
            matches!(
                f.qualifier,
                rasd_core::CountQualifier::About | rasd_core::CountQualifier::UpTo
            )
        })),
        first_sentence / n_sent,
        b(any(&|_, fr| fr.has_strong_trigger())),
        b(c.facts.is_empty()),
    ];
    debug_assert_eq!(x.len(), KILLED.len());
    x
}

/// Facts of the side "killed" with a figure, in a frame.
pub(crate) fn killed_facts(f: &Frame) -> impl Iterator<Item = &Fact> {
    f.facts.iter().filter(|x| x.side == Side::Killed && x.value.is_some())
}

pub(crate) fn merge(
    doc: &Doc<'_>,
    lex: &Lexicon,
    frames: &[Frame],
    drafts: &[Draft],
    di: usize,
    main: usize,
    built: &[Built],
) -> Vec<f64> {
    let (d, m) = (&drafts[di], &drafts[main]);
    let (bd, bm) = (&built[di], &built[main]);
    let fs: Vec<&Frame> = d.frames.iter().map(|i| &frames[*i]).collect();
    let same_place = match (d.place, m.place) {
        (Some(a), Some(b)) => places_agree(lex, a, b),
        _ => false,
    };
    let inside = match (d.place, m.place) {
        (Some(a), Some(b)) => places_nested(lex, a, b),
        _ => false,
    };
    let same_day = match (d.date, m.date) {
        (Some(a), Some(b)) => a.start <= b.end && b.start <= a.end,
        _ => false,
    };
    let para = |dr: &Draft| dr.frames.first().map(|f| frames[*f].paragraph).unwrap_or(0);
    let distance = para(d).saturating_sub(para(m)) as f64;
    let background = fs.iter().any(|f| {
        let s = &doc.sentences[f.sentence];
        s.cues_in(crate::words::Cue::Background, f.start, f.end).next().is_some()
    });
    let x = vec![
        b(same_place && !inside),
        b(inside),
        b(d.place.is_some() && m.place.is_some() && !same_place),
        b(d.place.is_none()),
        b(same_day),
        b(d.date.is_some() && m.date.is_some() && !same_day),
        b(d.date.is_none()),
        b(family(bd.ty) == family(bm.ty)),
        b(fs.iter().all(|f| f.anaphoric(doc) || f.triggers.is_empty())),
        b(fs.iter().any(|f| f.separate)),
        b(bd.killed.is_some()),
        b(bd.killed.is_some() && bd.killed == bm.killed),
        b(!bd.perps.is_empty()),
        b(bd.perps.iter().any(|p| bm.perps.iter().any(|q| q.0 == p.0))),
        b(fs.iter().any(|f| f.has_strong_trigger())),
        log_scaled(distance) * 3.0,
        b(fs.iter().all(|f| f.only_plural() || f.triggers.is_empty())),
        b(fs.iter().any(|f| f.stats)),
        b(background),
    ];
    debug_assert_eq!(x.len(), MERGE.len());
    x
}
