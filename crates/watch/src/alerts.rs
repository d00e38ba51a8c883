//! Early warnings, replayed day by day without look-ahead.
//!
//! The replay reads every report in order of publication. On each day D it
//! first takes in the reports published that day, then tests the rules on
//! the incidents and subjects they touched, using only what was published
//! by D. Running it to the last day gives the warnings for the data as it
//! stands; keeping the warnings of earlier days shows when each would have
//! been raised.
//!
//! When an incident happened: on its date when a report gives a day; on
//! its publication day when it is an undated headline event; otherwise
//! (a month, a year, an undated side remark) it is history and counts for
//! nothing. Warnings are about news: an incident first reported more than
//! `max_age_days` after it happened raises nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use jiff::civil::Date;
use rasd_core::{EventType, Status};
use rasd_store::Sighting;
use serde::Serialize;

use crate::archive::{Archive, Gap};
use crate::config::{Config, Severity};
use crate::{Names, WatchError};

/// What a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A group strikes a country where it has had no recent incident.
    NewGround,
    /// Incidents rise above the subject's baseline.
    SurgeIncidents,
    /// Killed rise above the subject's baseline.
    SurgeKilled,
    /// A deadly incident whose toll a second outlet
    /// confirms.
    MassCasualty,
    /// A group seen for the first time.
    NewActor,
    /// An unconfirmed lead: a deadly incident whose toll one report alone
    /// gives so far. Kept apart from the raised warnings, at a lower
    /// severity; when a second outlet agrees, it is
    /// promoted: a mass-casualty warning is raised and the lead says so.
    MassCasualtyLead,
}

impl Kind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NewGround => "new_ground",
            Kind::SurgeIncidents => "surge_incidents",
            Kind::SurgeKilled => "surge_killed",
            Kind::MassCasualty => "mass_casualty",
            Kind::NewActor => "new_actor",
            Kind::MassCasualtyLead => "mass_casualty_lead",
        }
    }

    /// Whether it is a lead to check rather than a raised warning.
    pub fn is_lead(self) -> bool {
        self == Kind::MassCasualtyLead
    }
}

/// What a warning is about: a group, a country, or one incident.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Subject {
    /// `group`, `country` or `incident`.
    pub kind: String,
    /// The group's key, the country code, or the incident id.
    pub key: String,
    /// Its English name.
    pub name: String,
    /// Its Arabic name.
    pub name_ar: String,
}

/// One warning.
///
/// A warning is raised once per episode and updated as the episode goes
/// on: a surge that holds for weeks, a mass casualty whose toll rises or
/// is confirmed. Its fields are its latest state; `states` keeps every
/// state it has had, the first being the raise, so that [`Warning::as_of`]
/// gives it as it stood on any day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    /// Stable id (kind, subject, country, day raised).
    pub id: String,
    /// What sort of warning.
    pub kind: Kind,
    /// How bad.
    pub severity: Severity,
    /// The day it is raised: the day of the report that set it off.
    pub day: String,
    /// The day of its latest update, when it has been updated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Its subject.
    pub subject: Subject,
    /// The country it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// One sentence in English.
    pub message_en: String,
    /// One sentence in Arabic.
    pub message_ar: String,
    /// The incidents behind it.
    pub incidents: Vec<i64>,
    /// The figures the rule tested (counts, baseline, p-value, z-score).
    pub figures: BTreeMap<String, f64>,
    /// Mass casualty: whether a second outlet agrees
    /// with the toll (`false`: one report alone gives it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<bool>,
    /// Gaps in the archive within the days the rule read (a surge's
    /// baseline, new ground's lookback): what the warning could not see.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
    /// Surge: other subjects whose surge is the same episode (a country
    /// and its army, over mostly the same incidents). They raise no
    /// warning of their own; this one names them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Subject>,
    /// An unconfirmed lead that a second outlet
    /// confirmed: the id of the mass-casualty warning raised from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promoted: Option<String>,
    /// Every state, oldest first; the first is the raise.
    pub states: Vec<State>,
}

/// A warning as it stood from one day on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct State {
    /// The day.
    pub day: String,
    /// Whether this state raises the warning again (a toll past a higher
    /// threshold, a confirmation), rather than updating it quietly.
    pub raised: bool,
    /// Severity then.
    pub severity: Severity,
    /// English message then.
    pub message_en: String,
    /// Arabic message then.
    pub message_ar: String,
    /// How many of the warning's incidents it had.
    pub incidents: usize,
    /// Figures then.
    pub figures: BTreeMap<String, f64>,
    /// Confirmation then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<bool>,
    /// Gaps then.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
    /// Other subjects of the same episode then.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Subject>,
    /// The warning a lead was promoted to, from then on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promoted: Option<String>,
}

impl Warning {
    fn apply(&mut self, s: &State) {
        self.severity = s.severity;
        self.message_en.clone_from(&s.message_en);
        self.message_ar.clone_from(&s.message_ar);
        self.incidents.truncate(s.incidents);
        self.figures.clone_from(&s.figures);
        self.confirmed = s.confirmed;
        self.gaps.clone_from(&s.gaps);
        self.also.clone_from(&s.also);
        self.promoted.clone_from(&s.promoted);
    }

    /// The warning as it stood at the end of `day`, or `None` when it was
    /// not raised yet.
    pub fn as_of(&self, day: &str) -> Option<Warning> {
        let n = self.states.iter().take_while(|s| s.day.as_str() <= day).count();
        let last = self.states.get(n.checked_sub(1)?)?.clone();
        let mut w = self.clone();
        w.states.truncate(n);
        w.updated = (n > 1).then(|| last.day.clone());
        w.apply(&last);
        Some(w)
    }

    /// What the archive missed in the days the warning rests on, as a
    /// sentence, when it missed anything.
    pub fn gap_note(&self) -> Option<String> {
        (!self.gaps.is_empty()).then(|| {
            let all: Vec<String> = self.gaps.iter().map(Gap::describe).collect();
            format!("Note: {}.", all.join("; "))
        })
    }

    /// The last day it was raised (first raised or raised again).
    pub fn last_raised(&self) -> &str {
        self.states.iter().rev().find(|s| s.raised).map_or(self.day.as_str(), |s| s.day.as_str())
    }
}

/// One report's toll, as the watch weighs it.
#[derive(Clone)]
struct Toll {
    published: Date,
    doc: i64,
    source: Option<String>,
    killed: u32,
    /// The day the report gives, if it gives one.
    day: Option<Date>,
    /// The report dates the incident by a month or a year only (a recap:
    /// "الأسبوع الماضي"): its figure lowers no toll a report of the day
    /// gives (`Known::settled`).
    coarse: bool,
    /// Whether the report is its article's headline event (not a figure
    /// recalled in background text).
    main: bool,
    /// Whether its article's headline tells of deaths or an attack
    /// (`mass_casualty.headline_words`).
    headline: bool,
    /// Whether its article's headline tells of a disaster or an accident
    /// and of no attack (`mass_casualty.not_violence_words`, none of
    /// `attack_words`).
    not_violence: bool,
}

/// Whether a headline holds one of `words` (diacritics left out).
fn headline_tells(title: Option<&str>, words: &[String]) -> bool {
    let Some(t) = title else { return false };
    let bare: String = t.chars().filter(|c| !('\u{064B}'..='\u{0652}').contains(c)).collect();
    words.iter().any(|w| bare.contains(w.as_str()))
}

/// An incident as known on the replay's current day.
#[derive(Default)]
struct Known {
    day: Option<Date>,
    country: Option<String>,
    place: Option<String>,
    place_ar: Option<String>,
    /// The province its place lies in, and the place's coordinates (given
    /// with the place, never for an incident placed only in its country).
    admin1: Option<String>,
    coordinates: Option<[f64; 2]>,
    event_type: Option<EventType>,
    /// Group key → (name, strongest status, reports tying it).
    groups: BTreeMap<String, (String, Status, usize)>,
    /// The tolls its reports give, in order of publication; running
    /// totals and recalled tolls are not among them.
    tolls: Vec<Toll>,
    /// The battle reports' totals its reports give (one side's dead in
    /// clashes and raids over a front): no toll, but two incidents told
    /// with one such figure are one battle's reports (`split_day`).
    battle: Vec<u32>,
    /// Tolls above these are a war's or a campaign's figure, not one
    /// incident's: (any type, air strikes and shelling, kidnappings and
    /// assassinations), from `mass_casualty.implausible_killed`,
    /// `implausible_killed_strike` and `implausible_killed_targeted`.
    ceilings: (u32, u32, u32),
    first_report: Option<Date>,
    /// The articles that report it.
    docs: Vec<i64>,
    /// Groups already in `group_history` / `activity`, and whether the
    /// country's activity has it.
    in_history: HashSet<String>,
    in_activity: HashSet<String>,
    in_country: bool,
    /// Reports so far, and whether one of them names a method and a place.
    reports: usize,
    specific: bool,
    /// Whether a report gives the day (rather than the day being the
    /// publication day of an undated headline event).
    dated: bool,
    /// The days its reports give, each with how many give it, in the
    /// order last given.
    days: Vec<(Date, usize)>,
    /// Publication days of its headline reports whose article's headline
    /// tells of deaths or an attack.
    headline_days: Vec<Date>,
}

impl Known {
    /// The day an episode counts it on: the day most of its reports give,
    /// the latest given on a tie, else its day. One late report that
    /// misdates it (a sports page's "yesterday", a reaction dated by the
    /// reaction) does not move it away from the day the news told, which
    /// its split reports are compared on. (Its `day`, the latest report's,
    /// is what a warning says: the day a rising toll is told for.)
    fn usual_day(&self) -> Option<Date> {
        let Some(most) = self.days.iter().map(|d| d.1).max() else { return self.day };
        self.days.iter().rev().find(|d| d.1 == most).map(|d| d.0)
    }

    /// The best toll: the latest report's, leaving out figures above the
    /// ceiling of the incident's type.
    fn killed(&self) -> u32 {
        self.settled().last().map_or(0, |t| t.killed)
    }

    /// The highest credible toll any report gave: a copy told while the
    /// toll still rose is compared at its highest.
    fn highest(&self) -> u32 {
        self.credible().map(|t| t.killed).max().unwrap_or(0)
    }

    /// The credible tolls less those of recaps that date the incident by
    /// its month or year and give less than the latest report of a day:
    /// a recap's partial figure is no revision (the store's incident toll
    /// follows the same rule).
    fn settled(&self) -> impl DoubleEndedIterator<Item = &Toll> {
        let floor = self.credible().rfind(|t| t.day.is_some()).map(|t| t.killed);
        self.credible().filter(move |t| !t.coarse || floor.is_none_or(|f| t.killed > f))
    }

    /// The toll a mass casualty weighs: the best toll, or the latest
    /// report's of the incident's usual day (an undated report is of it)
    /// when that is larger. A later, smaller figure of a following day
    /// (the next day's raids, joined by linking's day of tolerance) does
    /// not hide the toll the incident's own day was told with; a smaller
    /// figure given for that day still revises it.
    fn mass_killed(&self) -> u32 {
        self.killed().max(self.usual_day_killed())
    }

    /// The latest credible toll of the incident's usual day (an undated
    /// report is of it).
    fn usual_day_killed(&self) -> u32 {
        let usual = self.usual_day();
        self.settled().rfind(|t| t.day.is_none() || t.day == usual).map_or(0, |t| t.killed)
    }

    /// The day a mass casualty's toll is told for: the usual day when
    /// `Known::mass_killed` is its toll rather than the latest report's
    /// (a following day's smaller figure, joined by linking's day of
    /// tolerance, is no reason to date the attack a day late), else the
    /// latest report's.
    fn mass_day(&self) -> Option<Date> {
        if self.usual_day_killed() > self.killed() { self.usual_day() } else { self.day }
    }

    /// The toll a surge in deaths counts: the best toll told as news of
    /// deaths, in an article whose headline tells of deaths or an attack
    /// or by two articles (a court story's "33 killed in attacks years
    /// ago", one article's side remark, is no death of this week); and one
    /// of `large` or more told by one article alone (a cumulative figure
    /// a reaction piece repeats with no cue, "141 killed" in a week of a
    /// few) counts only as the largest toll below it. A large toll must be
    /// confirmed in a surge as it must in a mass casualty.
    fn surge_killed(&self, large: u32) -> u32 {
        let told_by: HashSet<i64> = self.credible().map(|t| t.doc).collect();
        let news = |t: &&Toll| t.headline || told_by.len() >= 2;
        let best = self.credible().rfind(news).map_or(0, |t| t.killed);
        if best < large {
            return best;
        }
        let docs: HashSet<i64> =
            self.credible().filter(|t| t.killed >= large).map(|t| t.doc).collect();
        if docs.len() >= 2 {
            return best;
        }
        self.credible()
            .filter(news)
            .filter(|t| t.killed < large)
            .map(|t| t.killed)
            .max()
            .unwrap_or(0)
    }

    /// The tolls that can be an incident's: those below the ceiling of
    /// its type. A campaign's toll is told by every outlet alike, so a
    /// second outlet does not make it an incident's.
    fn credible(&self) -> impl DoubleEndedIterator<Item = &Toll> {
        let ceiling = match self.event_type {
            Some(EventType::AirStrike | EventType::Shelling) => self.ceilings.1,
            Some(EventType::Kidnapping | EventType::Assassination) => self.ceilings.2,
            _ => self.ceilings.0,
        };
        self.tolls.iter().filter(move |t| t.killed < ceiling)
    }
}

/// An event an article tells, kept to find earlier attacks it mentions.
struct Told {
    incident: Option<i64>,
    country: Option<String>,
    groups: Vec<String>,
    /// The last day its date covers.
    end: Option<Date>,
}

/// A toll this large, given for two incidents of one day, makes them one
/// attack: two attacks of one day with the same toll of this size are rare.
const SAME_TOLL: u32 = 20;

/// The family of a type, for telling split reports of one attack: bombs;
/// attacks on the ground; strikes from afar. A plain attack is any.
fn family(t: Option<EventType>) -> Option<u8> {
    match t? {
        EventType::SuicideBombing | EventType::Bombing => Some(0),
        EventType::ArmedAssault
        | EventType::ArmedClash
        | EventType::Kidnapping
        | EventType::Assassination => Some(1),
        EventType::AirStrike | EventType::Shelling => Some(2),
        EventType::Attack => None,
    }
}

/// How far apart two incidents of one attack may be, and how close their
/// tolls (from `mass_casualty`).
#[derive(Clone, Copy)]
struct Apart {
    merge_days: i64,
    attack_days: i64,
    toll_share: f64,
}

/// Whether two tolls are one attack's: both of at least `least`, the
/// smaller at least `share` of the larger ("60 killed" and "62 killed").
fn tolls_agree_from(x: u32, y: u32, share: f64, least: u32) -> bool {
    let (lo, hi) = (x.min(y), x.max(y));
    lo >= least && f64::from(lo) >= share * f64::from(hi)
}

/// Whether two incidents share a toll of at least `least`: one's best and
/// any of the other's.
fn share_a_toll_from(a: &Known, b: &Known, share: f64, least: u32) -> bool {
    let (ka, kb) = (a.killed(), b.killed());
    a.credible().any(|t| tolls_agree_from(t.killed, kb, share, least))
        || b.credible().any(|t| tolls_agree_from(ka, t.killed, share, least))
}

/// [`share_a_toll_from`], or one battle total told in both (for counting
/// a surge's episodes only: a battle total never gives a mass casualty
/// its toll, so it does not gather incidents into one).
fn share_a_figure_from(a: &Known, b: &Known, share: f64, least: u32) -> bool {
    let figures = |k: &Known| {
        k.credible().map(|t| t.killed).chain(k.battle.iter().copied()).collect::<Vec<_>>()
    };
    let (fa, fb) = (figures(a), figures(b));
    share_a_toll_from(a, b, share, least)
        || a.battle.iter().any(|&x| fb.iter().any(|&y| tolls_agree_from(x, y, share, least)))
        || b.battle.iter().any(|&y| fa.iter().any(|&x| tolls_agree_from(x, y, share, least)))
}

/// Kilometres within which the places of two reports of one day are one
/// area (the linking's distance for one place).
const AREA_KM: f64 = 30.0;

/// Whether two incidents' places overlap: one is placed only in its
/// country, or they are one place, in one province, or within
/// [`AREA_KM`] ("Gaza", "the Gaza Strip" and "Khan Younis" for one day's
/// protests along the fence).
fn one_area(a: &Known, b: &Known) -> bool {
    match (&a.place, &b.place) {
        (Some(x), Some(y)) if x != y => {
            (a.admin1.is_some() && a.admin1 == b.admin1)
                || matches!((a.coordinates, b.coordinates), (Some(p), Some(q)) if rasd_core::km(p, q) <= AREA_KM)
        }
        _ => true,
    }
}

/// Whether two types are of one family, a plain attack going with any.
fn one_family(a: &Known, b: &Known) -> bool {
    match (family(a.event_type), family(b.event_type)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Whether two incidents are one day's violence in one area that
/// extraction told apart: one country and one area ([`one_area`]); the
/// same day and one family of types, or the same day and a toll they
/// share whatever types the reports gave (the day's protests typed a
/// shooting by one outlet and a strike by another); or a day apart at one
/// place, of one family and sharing a toll (a report that dated the day's
/// toll by its own day). Tolls are shared from [`COPY_TOLL`] within
/// [`COPY_SHARE`]. A watch desk counts the day's protests along one fence
/// once, however many towns and outlets tell them.
fn split_day(a: &Known, b: &Known) -> bool {
    let (Some(da), Some(db)) = (a.usual_day(), b.usual_day()) else { return false };
    if a.country.is_none() || a.country != b.country || !one_area(a, b) {
        return false;
    }
    let toll = || share_a_figure_from(a, b, COPY_SHARE, COPY_TOLL);
    let one_place = match (&a.place, &b.place) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    match (da - db).get_days().abs() {
        0 => one_family(a, b) || toll(),
        1 => one_place && one_family(a, b) && toll(),
        _ => false,
    }
}

/// Whether two incidents are one attack placed in two countries: the same
/// day and one toll ([`SAME_TOLL`] or more, within [`COPY_SHARE`]). A
/// group's surge counts it once; a country's leaves the stray copy out
/// (`Watch::stray`).
fn placed_apart(a: &Known, b: &Known) -> bool {
    let day = a.usual_day();
    day.is_some()
        && day == b.usual_day()
        && a.country != b.country
        && tolls_agree_from(a.killed(), b.killed(), COPY_SHARE, SAME_TOLL)
}

/// Whether two incidents of one state force are one operation: the same
/// day and one family of types, wherever the reports place them. A state's
/// raids of one night are told from its own capital, the capitals that
/// answer it and the country struck ("Tel Aviv", "Moscow", "Tehran" for
/// one raid on Syria), and counted apart they would make a surge of the
/// telling, not of the raids.
fn one_operation(a: &Known, b: &Known) -> bool {
    let day = a.usual_day();
    day.is_some() && day == b.usual_day() && one_family(a, b)
}

/// The least toll two incidents of one day must give alike, with the same
/// two actors named, to be one attack told twice ([`one_attack_two_names`]).
const NAMED_TOLL: u32 = 5;

/// Whether two incidents are one attack told twice, wherever the reports
/// place it: one day, one family of types, one toll of [`NAMED_TOLL`] or
/// more, and two actors named by both (the Revolutionary Guards' strike
/// on the Kurdish Democratic Party of Iran, 14 killed, placed by one outlet
/// in Tehran, where its statement came from, and in Baghdad, the
/// government it warned). Two attacks of one day with the same toll and
/// the same two names are rare; two outlets' copies of one are common.
fn one_attack_two_names(a: &Known, b: &Known) -> bool {
    let day = a.usual_day();
    let toll = a.killed();
    day.is_some()
        && day == b.usual_day()
        && one_family(a, b)
        && toll >= NAMED_TOLL
        && toll == b.killed()
        && a.groups.keys().filter(|g| b.groups.contains_key(*g)).count() >= 2
}

/// Whether two incidents of one country are tied (claimed or stated, not
/// suspected) to one state force: then one day's operation of it, of one
/// family of types, is one operation wherever in the country the reports
/// place it (the city its statement came from, a town on the way).
fn one_force(a: &Known, b: &Known) -> bool {
    let forces = |k: &Known| {
        k.groups
            .iter()
            .filter(|(key, (_, status, _))| {
                !key.starts_with("group:") && *status != Status::Suspected
            })
            .map(|(key, _)| key.clone())
            .collect::<Vec<String>>()
    };
    a.country.is_some() && a.country == b.country && forces(a).iter().any(|f| forces(b).contains(f))
}

/// Whether a subject is a state's force (an army, an air force, a
/// coalition), whose operations of one day are one ([`one_operation`]),
/// rather than an armed group.
fn state_force(subject: &(String, String)) -> bool {
    subject.0 == "group" && !subject.1.starts_with("group:")
}

/// A type that a battle's days are told with: fighting, strikes and
/// shelling, an assault on a crowd (a plain "attack" is any). A bombing is
/// one moment, so two at one place on two days are two attacks.
fn battle(t: Option<EventType>) -> bool {
    t.is_none_or(|t| {
        matches!(
            t,
            EventType::ArmedClash
                | EventType::AirStrike
                | EventType::Shelling
                | EventType::ArmedAssault
                | EventType::Attack
        )
    })
}

/// Whether two incidents are one attack for a mass casualty, told apart by
/// extraction: one episode ([`same_episode`]); one day and one large toll
/// whatever the place (a Gaza border protest placed in Jerusalem, or in
/// Israel); or, in one country within `attack_days`, tolls that agree (a
/// report that misdated it, typed it otherwise or placed it in another
/// town) or one place of a battle (its days, each told with a figure).
fn same_attack(a: &Known, b: &Known, apart: Apart) -> bool {
    let toll = a.killed();
    let one_day = a.day.is_some() && a.day == b.day;
    if (one_day && toll >= SAME_TOLL && toll == b.killed()) || same_episode(a, b, apart.merge_days)
    {
        return true;
    }
    let one_place = a.place.is_some() && a.place == b.place;
    same_toll_near(a, b, apart)
        || (near(a, b, apart.attack_days)
            && one_place
            && battle(a.event_type)
            && battle(b.event_type))
}

/// One country, days at most `days` apart.
fn near(a: &Known, b: &Known, days: i64) -> bool {
    let (Some(da), Some(db)) = (a.day, b.day) else { return false };
    a.country.is_some() && a.country == b.country && (da - db).get_days().abs() as i64 <= days
}

/// Whether two incidents of one country, near in days, share a toll: one
/// attack misdated, typed otherwise or placed in another town by one
/// report. Tolls of two families of types (a strike and a bombing), or of
/// two named places, must agree more closely: two attacks of one week in
/// one war can be of a size.
fn same_toll_near(a: &Known, b: &Known, apart: Apart) -> bool {
    same_figure_near(a, b, apart, share_a_toll_from)
}

/// [`same_toll_near`] with the figures `shares` compares: a surge's
/// episodes also count a battle total told in both as shared
/// ([`share_a_figure_from`]); a mass casualty's incidents do not.
fn same_figure_near(
    a: &Known,
    b: &Known,
    apart: Apart,
    shares: fn(&Known, &Known, f64, u32) -> bool,
) -> bool {
    let one_family = match (family(a.event_type), family(b.event_type)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let one_place = match (&a.place, &b.place) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let share = if one_family && one_place { apart.toll_share } else { CLOSE_TOLL };
    near(a, b, apart.attack_days) && shares(a, b, share, SAME_TOLL)
}

/// How closely the tolls of two incidents of different types must agree
/// to be one attack's ("60" and "61").
const CLOSE_TOLL: f64 = 0.95;

/// Whether two incidents are one episode: one country, days at most
/// `merge_days` apart, one family of types, one place (or none given).
fn same_episode(a: &Known, b: &Known, merge_days: i64) -> bool {
    let (Some(ca), Some(cb), Some(da), Some(db)) = (&a.country, &b.country, a.day, b.day) else {
        return false;
    };
    let fam = match (family(a.event_type), family(b.event_type)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let place = match (&a.place, &b.place) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    ca == cb && (da - db).get_days().abs() as i64 <= merge_days && fam && place
}

/// How closely a copy's toll must agree with the deadliest episode's for a
/// surge in deaths to leave it out with it ("71" and "61" for one day's
/// shootings, one figure misread by one outlet).
const COPY_SHARE: f64 = 0.8;
/// The smallest toll a copy of the deadliest episode is told by: below it,
/// two of a size are two incidents as often as one.
const COPY_TOLL: u32 = 10;

/// Whether `b` is a copy of `a` that the episodes did not join: the same
/// day (whatever type each report gave it: Gaza's killings of 14 May
/// typed a bombing in one incident and a shooting in its copy placed in
/// Jerusalem), or a day apart with one family of types (or none named),
/// and tolls of a size at their highest ([`COPY_SHARE`]), in whatever
/// country each report places it (a raid on Syria told from the striking
/// state's own territory). A surge in deaths leaves out every copy of its
/// deadliest episode, not one.
fn copy_of(a: &Known, b: &Known) -> bool {
    let (Some(da), Some(db)) = (a.usual_day(), b.usual_day()) else { return false };
    (da == db || ((da - db).get_days().abs() <= 1 && one_family(a, b)))
        && tolls_agree_from(a.highest(), b.highest(), COPY_SHARE, COPY_TOLL)
}

/// Whether `k` is a later piece repeating `m`'s toll (a reaction, a
/// follow-up) that linking did not join: in the same country, the same
/// figure, within `max_age` days after (dated or not: a reaction piece is
/// often dated by the reaction, not by the attack), or up to `before` days
/// before (a piece that misdated it). The figure must be of
/// [`SAME_TOLL`] or more: a week of war in one country tells many small
/// tolls alike ("7 killed" in Afrin and among the many figures of Eastern
/// Ghouta's bombardment), and one of them repeated is no sign of one
/// attack.
fn repeats(m: &Known, k: &Known, max_age: i64, before: i64) -> bool {
    let (Some(dm), Some(dk)) = (m.day, k.day) else { return false };
    let after = (dk - dm).get_days() as i64;
    m.country.is_some()
        && m.country == k.country
        && k.killed() >= SAME_TOLL
        && m.tolls.iter().any(|t| t.killed == k.killed())
        && (-before..=max_age).contains(&after)
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Claimed => 3,
        Status::Attributed => 2,
        Status::Suspected => 1,
    }
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Claimed => "claimed",
        Status::Attributed => "attributed",
        Status::Suspected => "suspected",
    }
}

pub(crate) fn day(s: &str) -> Option<Date> {
    s.get(..10).and_then(|d| d.parse().ok())
}

/// The last day a date at any precision covers (`2016` → 2016-12-31).
fn date_end(s: &str) -> Option<Date> {
    match s.len() {
        10 => s.parse().ok(),
        7 => format!("{s}-01").parse::<Date>().ok().map(|d| d.last_of_month()),
        4 => s.parse::<i16>().ok().and_then(|y| Date::new(y, 12, 31).ok()),
        _ => None,
    }
}

/// `n` days as a span; beyond the largest span of days (about 20,000
/// years) it is that span, so no setting or parameter can panic here.
pub(crate) fn days(n: i64) -> jiff::Span {
    const MAX: i64 = 7_304_484;
    jiff::Span::new().days(n.clamp(-MAX, MAX))
}

/// The Arabic name of a type, for messages.
pub fn type_ar(t: EventType) -> &'static str {
    match t {
        EventType::SuicideBombing => "تفجير انتحاري",
        EventType::Bombing => "تفجير",
        EventType::ArmedAssault => "هجوم مسلح",
        EventType::ArmedClash => "اشتباك مسلح",
        EventType::AirStrike => "غارة جوية",
        EventType::Shelling => "قصف",
        EventType::Kidnapping => "عملية اختطاف",
        EventType::Assassination => "عملية اغتيال",
        EventType::Attack => "هجوم",
    }
}

/// P(X ≥ x) for X ~ Poisson(λ).
pub fn poisson_tail(x: u64, lambda: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    // 1 − P(X ≤ x − 1), summed in log space for stability.
    let mut term = (-lambda).exp();
    let mut cdf = term;
    for k in 1..x {
        term *= lambda / k as f64;
        cdf += term;
    }
    (1.0 - cdf).max(0.0)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Robust z-score of `x` against `baseline`, on the log scale:
/// (log1p x − median) / max(1.4826 · MAD, floor).
pub fn robust_z(x: f64, baseline: &[f64], floor: f64) -> f64 {
    let mut logs: Vec<f64> = baseline.iter().map(|v| v.ln_1p()).collect();
    let m = median(&mut logs);
    let mut dev: Vec<f64> = logs.iter().map(|v| (v - m).abs()).collect();
    let mad = median(&mut dev);
    (x.ln_1p() - m) / (1.4826 * mad).max(floor)
}

/// What a mass-casualty warning was raised about: its words keep these
/// whatever its incidents later become, so a warning never drifts to
/// another place, day or event.
#[derive(Clone)]
struct Label {
    event_type: EventType,
    place_en: String,
    place_ar: String,
    country: Option<String>,
    day: Date,
}

/// A mass casualty warning's episode.
struct MassEpisode {
    /// Its warning: the lead while one report alone gives the toll, the
    /// mass-casualty warning once it is promoted.
    warning: usize,
    incidents: Vec<i64>,
    /// The toll it was last raised at.
    level: u32,
    label: Label,
    /// Withdrawn: its reports now tell of something else; nothing joins it.
    closed: bool,
}

/// The replay's state.
struct Watch<'a> {
    config: &'a Config,
    names: &'a dyn Names,
    archive: &'a Archive,
    incidents: HashMap<i64, Known>,
    /// Article → the events it tells (news and recalled history).
    told: HashMap<i64, Vec<Told>>,
    /// Group key → (day, incident, country) of its incidents, by any tie.
    group_history: HashMap<String, Vec<(Date, i64, Option<String>)>>,
    /// Subject → (day, incident) of its counted incidents.
    activity: HashMap<(String, String), Vec<(Date, i64)>>,
    seen_groups: HashSet<String>,
    /// Group key → English name, as the reports give it.
    group_names: HashMap<String, String>,
    new_ground_raised: HashMap<(String, String), Date>,
    /// (kind, subject) → (warning, last day the surge held).
    surge_open: HashMap<(Kind, String, String), (usize, Date)>,
    /// Surge warning → its own subject's latest words (English, Arabic),
    /// before any note on the episode's other subjects.
    surge_text: HashMap<usize, (String, String)>,
    mass: Vec<MassEpisode>,
    mass_of: HashMap<i64, usize>,
    /// Day → the incidents a report dates to it (or places on it as an
    /// undated headline event), to find one attack placed in two
    /// countries.
    by_day: HashMap<Date, Vec<i64>>,
    first_day: Option<Date>,
    out: Vec<Warning>,
}

impl Watch<'_> {
    fn status_ok(list: &[String], s: Status) -> bool {
        list.iter().any(|x| x == status_name(s))
    }

    fn warmed_up(&self, d: Date, need: i64) -> bool {
        self.first_day.is_some_and(|f| (d - f).get_days() as i64 >= need)
    }

    fn describe_killed(&self, inc: i64, killed: u32) -> (String, String) {
        let k = &self.incidents[&inc];
        let t = k.event_type.unwrap_or(EventType::Attack);
        let (cen, car) = k.country.as_deref().map(|c| self.names.country(c)).unwrap_or_default();
        let place_en = k.place.clone().unwrap_or_else(|| cen.clone());
        let place_ar = k.place_ar.clone().or_else(|| Some(car.clone()).filter(|c| !c.is_empty()));
        let date = k.day.map(|d| d.to_string()).unwrap_or_default();
        let kind = t.as_str().replace('_', " ");
        let en = format!(
            "{} {kind} in {place_en} on {date}{}",
            if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
            if killed > 0 { format!(" ({killed} killed)") } else { String::new() }
        );
        let ar = format!(
            "{} في {} بتاريخ {date}{}",
            type_ar(t),
            place_ar.unwrap_or(place_en),
            if killed > 0 { format!(" أسفر عن مقتل {killed}") } else { String::new() }
        );
        (en, ar)
    }

    /// The words a mass-casualty warning keeps: its incident's type,
    /// place and day as they were when it was raised (the day its toll is
    /// told for, `Known::mass_day`).
    fn label(&self, inc: i64) -> Option<Label> {
        let k = &self.incidents[&inc];
        let (cen, car) = k.country.as_deref().map(|c| self.names.country(c)).unwrap_or_default();
        let place_en = k.place.clone().unwrap_or_else(|| cen.clone());
        let place_ar = k
            .place_ar
            .clone()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| if car.is_empty() { place_en.clone() } else { car });
        Some(Label {
            event_type: k.event_type.unwrap_or(EventType::Attack),
            place_en,
            place_ar,
            country: k.country.clone(),
            day: k.mass_day()?,
        })
    }

    /// A label and a toll as words.
    fn describe_label(l: &Label, killed: u32) -> (String, String) {
        let kind = l.event_type.as_str().replace('_', " ");
        let en = format!(
            "{} {kind} in {} on {}{}",
            if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
            l.place_en,
            l.day,
            if killed > 0 { format!(" ({killed} killed)") } else { String::new() }
        );
        let ar = format!(
            "{} في {} بتاريخ {}{}",
            type_ar(l.event_type),
            l.place_ar,
            l.day,
            if killed > 0 { format!(" أسفر عن مقتل {killed}") } else { String::new() }
        );
        (en, ar)
    }

    /// Whether incident `k` can still be the attack a warning labelled `l`
    /// was raised about: in its country, from `before` days before its day
    /// to `max_age` after (a reaction piece dated by the reaction), or on
    /// its very day (one attack placed apart by two outlets).
    fn recognisable(l: &Label, k: &Known, before: i64, max_age: i64) -> bool {
        let Some(d) = k.day else { return false };
        let after = (d - l.day).get_days() as i64;
        (k.country == l.country && (-before..=max_age).contains(&after)) || after == 0
    }

    fn describe(&self, inc: i64) -> (String, String) {
        self.describe_killed(inc, self.incidents[&inc].killed())
    }

    /// Raises a new warning; returns its index.
    #[allow(clippy::too_many_arguments)]
    fn raise(
        &mut self,
        kind: Kind,
        d: Date,
        subject: Subject,
        country: Option<String>,
        incidents: Vec<i64>,
        state: State,
    ) -> usize {
        let id =
            format!("{}:{}:{}:{d}", kind.as_str(), subject.key, country.as_deref().unwrap_or("-"));
        let mut w = Warning {
            id,
            kind,
            severity: state.severity,
            day: d.to_string(),
            updated: None,
            subject,
            country,
            message_en: String::new(),
            message_ar: String::new(),
            incidents,
            figures: BTreeMap::new(),
            confirmed: None,
            gaps: Vec::new(),
            also: Vec::new(),
            promoted: None,
            states: Vec::new(),
        };
        w.apply(&state);
        w.states.push(state);
        self.out.push(w);
        self.out.len() - 1
    }

    /// Records a new state of warning `i`, its incidents now `incidents`
    /// (the old ones first).
    fn update(&mut self, i: usize, incidents: Vec<i64>, mut state: State) {
        let w = &mut self.out[i];
        w.incidents = incidents;
        w.apply(&state);
        if w.states.last().is_some_and(|s| s.day == state.day) {
            // One state per day, the day's last (a raise stays a raise).
            state.raised |= w.states.pop().is_some_and(|s| s.raised);
        }
        w.states.push(state);
        w.updated = (w.states.len() > 1).then(|| w.states.last().map(|s| s.day.clone())).flatten();
    }

    /// Takes in one report published on `today`; returns its incident when
    /// the report is news (recalled history is kept only as what its
    /// article tells).
    fn take(&mut self, s: &Sighting, today: Date) -> Option<i64> {
        let told = Told {
            incident: s.incident,
            country: s.country.clone(),
            groups: s.groups.iter().map(|g| g.key.clone()).collect(),
            end: s.date.as_deref().and_then(date_end),
        };
        self.told.entry(s.doc_id).or_default().push(told);
        if s.history {
            return None;
        }
        let inc = s.incident?;
        let k = self.incidents.entry(inc).or_default();
        let mc = &self.config.mass_casualty;
        k.ceilings =
            (mc.implausible_killed, mc.implausible_killed_strike, mc.implausible_killed_targeted);
        k.first_report.get_or_insert(today);
        k.reports += 1;
        if !k.docs.contains(&s.doc_id) {
            k.docs.push(s.doc_id);
        }
        k.specific |= s.place.is_some() && s.event_type != EventType::Attack;
        if s.main && headline_tells(s.title.as_deref(), &self.config.mass_casualty.headline_words) {
            k.headline_days.push(today);
        }
        let own_day = s.date.as_deref().filter(|d| d.len() == 10).and_then(day);
        let counted = own_day.or_else(|| (s.main && s.date.is_none()).then_some(today));
        if let Some(d) = own_day {
            // Kept in the order last given, so that a tie goes to the
            // latest report.
            let n = k.days.iter().position(|(x, _)| *x == d).map_or(0, |i| k.days.remove(i).1);
            k.days.push((d, n + 1));
            k.day = Some(d);
            k.dated = true;
        } else if k.day.is_none() {
            k.day = counted;
        }
        if let Some(d) = counted {
            let on = self.by_day.entry(d).or_default();
            if !on.contains(&inc) {
                on.push(inc);
            }
        }
        let k = self.incidents.get_mut(&inc).expect("taken in above");
        let surge_ok = k.dated || !self.config.surge.dated_only;
        if k.country.is_none() {
            k.country.clone_from(&s.country);
        }
        if k.place.is_none() && s.place.is_some() {
            k.place.clone_from(&s.place);
            k.place_ar.clone_from(&s.place_ar);
            k.admin1.clone_from(&s.admin1);
            k.coordinates = s.coordinates;
        }
        if k.event_type.is_none() || k.event_type == Some(EventType::Attack) {
            k.event_type = Some(s.event_type);
        }
        // A running total ("since the start of the year"), a toll
        // recalled from an earlier event or a battle report's total (one
        // side's fighters killed in clashes and raids over a front) is no
        // incident's toll: it neither raises a mass casualty nor adds to a
        // surge.
        if let Some(v) = s.killed
            && !s.killed_running_total
            && !s.killed_recalled
            && !s.killed_battle_total
        {
            k.tolls.push(Toll {
                published: today,
                doc: s.doc_id,
                source: s.source.clone(),
                killed: v,
                day: own_day,
                coarse: s.date.as_deref().is_some_and(|d| d.len() < 10),
                main: s.main,
                headline: headline_tells(s.title.as_deref(), &mc.headline_words),
                not_violence: headline_tells(s.title.as_deref(), &mc.not_violence_words)
                    && !headline_tells(s.title.as_deref(), &mc.attack_words),
            });
        } else if let Some(v) = s.killed
            && s.killed_battle_total
        {
            k.battle.push(v);
        }
        for g in &s.groups {
            self.group_names.entry(g.key.clone()).or_insert_with(|| g.name.clone());
            let slot = k.groups.entry(g.key.clone()).or_insert((g.name.clone(), g.status, 0));
            slot.2 += 1;
            if rank(g.status) > rank(slot.1) {
                slot.1 = g.status;
            }
        }
        // Once it has a day, the incident enters each group's history (any
        // tie) and the activity counted for surges (a group's only when
        // claimed or stated, not suspected).
        let Some(d) = k.day else { return Some(inc) };
        if !(k.specific || k.reports >= self.config.replay.weak_reports) {
            return Some(inc);
        }
        let country = k.country.clone();
        for (key, (_, status, _)) in &k.groups {
            if k.in_history.insert(key.clone()) {
                self.group_history.entry(key.clone()).or_default().push((d, inc, country.clone()));
            }
            if surge_ok && *status != Status::Suspected && k.in_activity.insert(key.clone()) {
                self.activity.entry(("group".into(), key.clone())).or_default().push((d, inc));
            }
        }
        if let Some(c) = country
            && surge_ok
            && !k.in_country
        {
            k.in_country = true;
            self.activity.entry(("country".into(), c)).or_default().push((d, inc));
        }
        Some(inc)
    }

    fn check_incident(&mut self, inc: i64, today: Date) {
        let cfg = self.config;
        let Some(k) = self.incidents.get(&inc) else { return };
        let Some(d) = k.day else { return };
        let age = (k.first_report.unwrap_or(today) - d).get_days() as i64;
        if !(k.specific || k.reports >= cfg.replay.weak_reports) {
            // A weak incident counts for nothing, except a headline event
            // of a known method whose own toll reaches the mass-casualty
            // threshold: a massacre reported without a place rasd knows
            // must not vanish.
            let mc = &cfg.mass_casualty;
            if mc.enabled
                && age <= mc.max_age_days
                && k.event_type.is_some_and(|t| t != EventType::Attack)
                && k.credible().any(|t| t.main && t.killed >= mc.killed)
            {
                self.check_mass(inc, today);
            }
            return;
        }
        let country = k.country.clone();
        let groups: Vec<(String, String, Status, usize)> =
            k.groups.iter().map(|(key, (n, s, c))| (key.clone(), n.clone(), *s, *c)).collect();
        let killed = k.killed();
        if cfg.mass_casualty.enabled && age <= cfg.mass_casualty.max_age_days {
            self.check_mass(inc, today);
        }
        // New actor and new ground, per group tied to the incident.
        for (key, name, status, support) in groups {
            let is_group = key.starts_with("group:");
            let na = &cfg.new_actor;
            if !self.seen_groups.contains(&key) {
                self.seen_groups.insert(key.clone());
                if na.enabled
                    && (is_group || !na.groups_only)
                    && Self::status_ok(&na.statuses, status)
                    && age <= na.max_age_days
                    && self.warmed_up(d, cfg.replay.warmup_days)
                {
                    let (group_en, group_ar) = self.names.group(&key, &name);
                    let (en, ar) = self.describe(inc);
                    let state = State {
                        day: today.to_string(),
                        raised: true,
                        severity: na.severity,
                        message_en: format!(
                            "New actor: {group_en} appears in rasd's records for the first time ({}): {en}.",
                            status_name(status)
                        ),
                        message_ar: format!(
                            "جهة جديدة: تظهر {group_ar} في سجلات رصد للمرة الأولى: {ar}."
                        ),
                        incidents: 1,
                        figures: BTreeMap::new(),
                        confirmed: None,
                        gaps: Vec::new(),
                        also: Vec::new(),
                        promoted: None,
                    };
                    let subject = Subject {
                        kind: "group".into(),
                        key: key.clone(),
                        name: group_en,
                        name_ar: group_ar,
                    };
                    self.raise(Kind::NewActor, today, subject, country.clone(), vec![inc], state);
                }
            }
            let Some(c) = country.clone() else { continue };
            self.check_new_ground(inc, today, d, age, killed, (key, name, status, support), c);
        }
    }

    /// Whether an article reporting `inc` tells of an earlier attack by
    /// `group` in `country` (recalled history included): then the group
    /// is not new there, whatever rasd's own records say.
    fn earlier_told(&self, inc: i64, group: &str, country: &str, d: Date) -> bool {
        let docs = &self.incidents[&inc].docs;
        docs.iter().filter_map(|doc| self.told.get(doc)).flatten().any(|t| {
            t.incident != Some(inc)
                && t.country.as_deref() == Some(country)
                && t.groups.iter().any(|g| g == group)
                && t.end.is_some_and(|e| e < d)
        })
    }

    /// The first day of rasd's records (steady coverage: a country no
    /// article named before is still covered from then, rasd would have
    /// read of it), and the gaps in the archive from `since` to the day
    /// before `d` (thin weeks, not empty ones: they leave the history
    /// uncertain without ending it).
    fn records_since(&self, d: Date, since: Date) -> (Date, Vec<Gap>) {
        let start = self.first_day.unwrap_or(d);
        let before = d.saturating_sub(days(1));
        let gaps =
            self.archive.gaps(since.max(start), before, start, self.config.coverage.min_share);
        (start, gaps)
    }

    #[allow(clippy::too_many_arguments)]
    fn check_new_ground(
        &mut self,
        inc: i64,
        today: Date,
        d: Date,
        age: i64,
        killed: u32,
        (key, name, status, support): (String, String, Status, usize),
        c: String,
    ) {
        let cfg = self.config;
        let ng = &cfg.new_ground;
        let is_group = key.starts_with("group:");
        if !ng.enabled
            || (ng.groups_only && !is_group)
            || !Self::status_ok(&ng.statuses, status)
            || (status != Status::Claimed && support < ng.min_reports_unclaimed)
            || age > ng.max_age_days
            || !self.warmed_up(d, cfg.replay.warmup_days)
        {
            return;
        }
        if self
            .new_ground_raised
            .get(&(key.clone(), c.clone()))
            .is_some_and(|last| (d - *last).get_days() as i64 <= ng.lookback_days)
        {
            return;
        }
        let since = d.saturating_sub(days(ng.lookback_days));
        let history = self.group_history.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        let here = history.iter().any(|(hd, hi, hc)| {
            *hi != inc && hc.as_deref() == Some(c.as_str()) && *hd >= since && *hd <= d
        });
        let elsewhere: HashSet<i64> = history
            .iter()
            .filter(|(hd, hi, hc)| {
                *hi != inc && hc.as_deref() != Some(c.as_str()) && *hd >= since && *hd <= d
            })
            .map(|h| h.1)
            .collect();
        if here || elsewhere.len() < ng.min_prior_incidents || self.earlier_told(inc, &key, &c, d) {
            return;
        }
        let (records, gaps) = self.records_since(d, since);
        let full = records <= since && gaps.is_empty();
        // Where rasd's records do not reach back the whole look-back, they
        // cannot tell new ground from a country the group has long fought
        // in: a country the lexicon knows the group (or a branch of it) in
        // raises nothing.
        if !full && self.names.group_countries(&key).contains(&c) {
            return;
        }
        self.new_ground_raised.insert((key.clone(), c.clone()), d);
        let (group_en, group_ar) = self.names.group(&key, &name);
        let (cen, car) = self.names.country(&c);
        let (en, ar) = self.describe(inc);
        let severity = match (full, killed >= ng.critical_killed) {
            (true, true) => Severity::Critical,
            (true, false) => ng.severity,
            (false, _) => ng.partial_severity,
        };
        let figures = BTreeMap::from([
            ("incidents_elsewhere".to_string(), elsewhere.len() as f64),
            ("lookback_days".to_string(), ng.lookback_days as f64),
            ("records_days".to_string(), (d - records).get_days().max(0) as f64),
        ]);
        let (message_en, message_ar) = if full {
            (
                format!(
                    "New ground: {group_en} is tied ({}) to {en}, its first incident in {cen} in the {} days rasd looks back, after {} elsewhere.",
                    status_name(status),
                    ng.lookback_days,
                    elsewhere.len()
                ),
                format!(
                    "ساحة جديدة: تُنسب إلى {group_ar} عملية في {car} هي الأولى لها هناك خلال {} يوماً سابقة، وهي {ar}، بعد {} حوادث في بلدان أخرى.",
                    ng.lookback_days,
                    elsewhere.len()
                ),
            )
        } else {
            (
                format!(
                    "New ground? {group_en} is tied ({}) to {en}, its first incident in {cen} in rasd's records since {records} ({}), after {} elsewhere.",
                    status_name(status),
                    if records > since {
                        format!(
                            "the records do not reach back the {} days the rule looks back",
                            ng.lookback_days
                        )
                    } else {
                        format!(
                            "the archive is thin in {} stretch(es) of the {} days the rule looks back",
                            gaps.len(),
                            ng.lookback_days
                        )
                    },
                    elsewhere.len()
                ),
                format!(
                    "ساحة جديدة؟ تُنسب إلى {group_ar} عملية في {car} هي الأولى لها هناك في سجلات رصد منذ {records} (لا تغطي السجلات {} يوماً سابقة)، وهي {ar}، بعد {} حوادث في بلدان أخرى.",
                    ng.lookback_days,
                    elsewhere.len()
                ),
            )
        };
        let state = State {
            day: today.to_string(),
            raised: true,
            severity,
            message_en,
            message_ar,
            incidents: 1,
            figures,
            confirmed: None,
            gaps,
            also: Vec::new(),
            promoted: None,
        };
        let subject =
            Subject { kind: "group".into(), key: key.clone(), name: group_en, name_ar: group_ar };
        self.raise(Kind::NewGround, today, subject, Some(c), vec![inc], state);
    }

    /// How far apart split reports of one attack may be.
    fn apart(&self) -> Apart {
        let mc = &self.config.mass_casualty;
        Apart {
            merge_days: self.config.replay.merge_days,
            attack_days: mc.same_attack_days,
            toll_share: mc.same_toll_share,
        }
    }

    /// Mass casualty, once per attack: raised when a toll first passes
    /// the threshold, raised again when it passes a higher one or is
    /// confirmed, updated quietly when a split report of it joins. Its
    /// words stay those it was raised with; an incident that drifts from
    /// them leaves it, and a warning that nothing holds any more is
    /// withdrawn.
    fn check_mass(&mut self, inc: i64, today: Date) {
        let mc = &self.config.mass_casualty;
        let apart = self.apart();
        let before = mc.same_attack_days;
        let episode =
            self.mass_of.get(&inc).copied().filter(|e| !self.mass[*e].closed).or_else(|| {
                let k = &self.incidents[&inc];
                self.mass.iter().position(|e| {
                    // One attack told apart is of the warning's days (within
                    // `same_attack_days`); only a piece repeating a toll may
                    // come later. Otherwise a war's week chains its attacks,
                    // each a few days from the last, into the first one's
                    // warning.
                    let of_its_days = k
                        .day
                        .is_some_and(|d| ((d - e.label.day).get_days() as i64).abs() <= before);
                    !e.closed
                        && Self::recognisable(&e.label, k, before, mc.max_age_days)
                        && e.incidents.iter().any(|i| {
                            let m = &self.incidents[i];
                            (of_its_days && same_attack(m, k, apart))
                                || repeats(m, k, mc.max_age_days, before)
                        })
                })
            });
        let killed = self.incidents[&inc].mass_killed();
        if episode.is_none() && killed < mc.killed {
            return;
        }
        // A new episode needs a toll told as news: by a headline event, or
        // by `mc.background_reports` articles. One article's background
        // figure (a recap, a reaction piece repeating a toll) raises none.
        if episode.is_none() {
            let k = &self.incidents[&inc];
            // Warnings are about news: an incident that a later report
            // moved to a day long past raises no new warning.
            if k.day.is_some_and(|d| (today - d).get_days() as i64 > mc.max_age_days) {
                return;
            }
            // A toll with no method of violence named ("an attack") is
            // most often a disaster, an accident or a statistic.
            if mc.method_required && k.event_type.is_none_or(|t| t == EventType::Attack) {
                return;
            }
            let at: Vec<&Toll> = k.credible().filter(|t| t.killed >= mc.killed).collect();
            // A toll that only articles about a disaster or an accident give
            // (a volcano, a train into a crowd, a prison fire), however many
            // outlets tell it, is not an attack's.
            if at.iter().all(|t| t.not_violence) {
                return;
            }
            let docs: HashSet<i64> = at.iter().map(|t| t.doc).collect();
            if !at.iter().any(|t| t.main) && docs.len() < mc.background_reports {
                return;
            }
            // One article alone must be about deaths or an attack: a
            // method named in passing (a plane that "exploded", a goal
            // "snatched") in a piece on something else raises nothing.
            // Its own headline, or that of another article on the
            // incident published that day or the day before (the first
            // report of an attack often gives no figure yet).
            let told = |t: &Toll| {
                t.headline
                    || k.headline_days
                        .iter()
                        .any(|d| *d <= t.published && (t.published - *d).get_days() <= 1)
            };
            if docs.len() < 2 && !at.iter().any(|t| told(t)) {
                return;
            }
        }
        let Some(label) = episode.map(|e| self.mass[e].label.clone()).or_else(|| self.label(inc))
        else {
            return;
        };
        let mut members: Vec<i64> = match episode {
            Some(e) => self.mass[e].incidents.clone(),
            None => Vec::new(),
        };
        if !members.contains(&inc) {
            members.push(inc);
        }
        // Incidents that later reports moved away from the warning's words
        // (another country, days away) leave it.
        let (members, drifted): (Vec<i64>, Vec<i64>) = members
            .into_iter()
            .partition(|i| Self::recognisable(&label, &self.incidents[i], before, mc.max_age_days));
        for i in &drifted {
            if episode.is_some_and(|e| self.mass_of.get(i) == Some(&e)) {
                self.mass_of.remove(i);
            }
        }
        if members.is_empty() && episode.is_none() {
            return;
        }
        // The episode's toll: the largest of its incidents' tolls
        // (`Known::mass_killed`).
        let toll = members.iter().map(|i| self.incidents[i].mass_killed()).max().unwrap_or(0);
        // Confirmed when two outlets give a toll at or above the threshold
        // (two articles on different days when an outlet is not known). A
        // later report of the same outlet repeats its first, and outlets
        // that give one figure on one day or the next, none in an article
        // whose headline tells of deaths or an attack (background text, or
        // a piece on something else), carry one wire paragraph: neither is
        // a second, independent report.
        let agreeing: Vec<&Toll> = members
            .iter()
            .flat_map(|i| self.incidents[i].credible())
            .filter(|t| t.killed >= mc.killed)
            .collect();
        let independent = |a: &Toll, b: &Toll| {
            let news = |t: &Toll| t.main && t.headline;
            let wire = !news(a)
                && !news(b)
                && a.killed == b.killed
                && (a.published - b.published).get_days().abs() <= 1;
            match (&a.source, &b.source) {
                (Some(x), Some(y)) => x != y && !wire,
                _ => a.published != b.published,
            }
        };
        // A lead is news while it is fresh: a figure that agrees with it
        // more than `max_age_days` after it was raised (a battle's week told
        // two weeks later, joined by an episode of many incidents) confirms
        // no news, and the lead stays a lead.
        let stale_lead = episode.is_some_and(|e| {
            let w = &self.out[self.mass[e].warning];
            w.kind.is_lead()
                && day(&w.day).is_some_and(|d| (today - d).get_days() as i64 > mc.max_age_days)
        });
        let confirmed = !stale_lead
            && agreeing
                .iter()
                .any(|a| agreeing.iter().any(|b| a.doc != b.doc && independent(a, b)));
        let level = |t: u32| {
            mc.raise_again_at.iter().copied().filter(|l| *l <= t).max().unwrap_or(mc.killed)
        };
        // A raised episode whose best toll has since fallen under the
        // threshold (a figure revised, a report moved to another incident)
        // says so, at the lowest severity, rather than still claiming it;
        // one whose toll now rests only on incidents that drifted away is
        // withdrawn.
        let below = toll < mc.killed;
        let withdrawn = below && !drifted.is_empty();
        let severity = if below {
            Severity::Low
        } else if !confirmed {
            mc.unconfirmed_severity
        } else if toll >= mc.critical_killed {
            Severity::Critical
        } else {
            Severity::High
        };
        let (en, ar) = Self::describe_label(&label, toll);
        // Whose toll it is: the latest report's, or (a following day's
        // smaller figure come in since) the latest of the attack's own day.
        let (by_en, by_ar) = if members.iter().any(|i| self.incidents[i].killed() == toll) {
            ("by the latest report", "بحسب آخر التقارير")
        } else {
            ("by the latest report of that day", "بحسب آخر تقارير ذلك اليوم")
        };
        let sources: HashSet<&str> = agreeing.iter().filter_map(|t| t.source.as_deref()).collect();
        // A lead (one report so far) is kept apart from the raised
        // warnings until a second outlet agrees.
        let lead = match episode {
            Some(e) => self.out[self.mass[e].warning].kind.is_lead(),
            None => !confirmed,
        };
        let (what_en, what_ar) = if lead {
            ("Unconfirmed lead", "معلومة غير مؤكدة")
        } else {
            ("Mass casualties", "الخسائر البشرية الكبيرة")
        };
        let (message_en, message_ar) = if withdrawn {
            (
                format!(
                    "{what_en} withdrawn: {en}; the reports it rested on now tell of another place or day, and none left gives it a toll of {} or more.",
                    mc.killed
                ),
                format!(
                    "سحب {what_ar}: {ar}؛ التقارير التي استند إليها باتت تتحدث عن مكان أو تاريخ آخر، ولم يبق منها ما يعطيه حصيلة تبلغ {} قتيلاً.",
                    mc.killed
                ),
            )
        } else if below {
            (
                format!(
                    "{what_en} revised: {en}, by the latest report, now below the threshold of {}.",
                    mc.killed
                ),
                format!(
                    "مراجعة حصيلة {what_ar}: {ar}، بحسب آخر التقارير، وهي الآن دون عتبة {} قتيلاً.",
                    mc.killed
                ),
            )
        } else if confirmed {
            (
                format!(
                    "Mass casualties: {en}, {by_en}, at or above the threshold of {}.",
                    mc.killed
                ),
                format!("خسائر بشرية كبيرة: {ar}، {by_ar}، وهو ما يتجاوز عتبة {} قتيلاً.", mc.killed),
            )
        } else {
            (
                format!(
                    "Unconfirmed lead (one report so far): {en}, at or above the threshold of {}; not a warning until a second outlet agrees.",
                    mc.killed
                ),
                format!(
                    "معلومة غير مؤكدة (تقرير واحد حتى الآن): {ar}، وهو ما يتجاوز عتبة {} قتيلاً؛ لا يرفع بها تحذير حتى يؤكدها مصدر ثان أو تقرير لاحق.",
                    mc.killed
                ),
            )
        };
        let figures = BTreeMap::from([
            ("killed".to_string(), f64::from(toll)),
            ("reports_at_threshold".to_string(), agreeing.len() as f64),
            ("sources_at_threshold".to_string(), sources.len() as f64),
        ]);
        let mut state = State {
            day: today.to_string(),
            raised: true,
            severity,
            message_en,
            message_ar,
            incidents: members.len(),
            figures,
            confirmed: Some(confirmed),
            gaps: Vec::new(),
            also: Vec::new(),
            promoted: None,
        };
        match episode {
            None => {
                let subject = Subject {
                    kind: "incident".into(),
                    key: inc.to_string(),
                    name: en.clone(),
                    name_ar: ar.clone(),
                };
                let country = label.country.clone();
                let kind = if lead { Kind::MassCasualtyLead } else { Kind::MassCasualty };
                let w = self.raise(kind, today, subject, country, vec![inc], state);
                self.mass.push(MassEpisode {
                    warning: w,
                    incidents: vec![inc],
                    level: level(toll),
                    label,
                    closed: false,
                });
                self.mass_of.insert(inc, self.mass.len() - 1);
            }
            Some(e) => {
                let ep = &self.mass[e];
                let w = &self.out[ep.warning];
                let higher = level(toll) > ep.level;
                let newly_confirmed = confirmed && w.confirmed == Some(false);
                let joined = members.iter().any(|i| !ep.incidents.contains(i));
                let left = !drifted.is_empty();
                let changed = w.figures.get("killed") != Some(&f64::from(toll));
                if !(higher || newly_confirmed || joined || left || changed) {
                    return;
                }
                state.raised = (higher || newly_confirmed) && !below;
                let mut wi = ep.warning;
                let lvl = level(toll).max(ep.level);
                // The warning's list keeps every incident it ever rested on
                // (the old ones first); its state says how many still do.
                let mut all = self.out[wi].incidents.clone();
                all.retain(|i| members.contains(i));
                for i in &members {
                    if !all.contains(i) {
                        all.push(*i);
                    }
                }
                if lead && confirmed && !below && self.out[wi].day == today.to_string() {
                    // Confirmed on the day it was raised: a warning from
                    // the start, no lead left behind.
                    let w = &mut self.out[wi];
                    w.kind = Kind::MassCasualty;
                    w.id = format!(
                        "{}:{}:{}:{today}",
                        Kind::MassCasualty.as_str(),
                        w.subject.key,
                        w.country.as_deref().unwrap_or("-")
                    );
                    state.raised = true;
                    self.update(wi, all, state);
                } else if lead && confirmed && !below {
                    // Promoted: a mass-casualty warning is raised from today,
                    // and the lead says so, keeping its severity.
                    let mut lead_state = State {
                        raised: false,
                        severity: self.out[wi].severity,
                        message_en: format!(
                            "Unconfirmed lead confirmed: {en}; raised as a mass-casualty warning on {today}."
                        ),
                        message_ar: format!(
                            "تأكدت المعلومة: {ar}؛ رفع بها تحذير من الخسائر البشرية الكبيرة بتاريخ {today}."
                        ),
                        ..state.clone()
                    };
                    let subject = self.out[wi].subject.clone();
                    state.raised = true;
                    let country = label.country.clone();
                    let new =
                        self.raise(Kind::MassCasualty, today, subject, country, all.clone(), state);
                    lead_state.promoted = Some(self.out[new].id.clone());
                    self.update(wi, all, lead_state);
                    wi = new;
                } else {
                    self.update(wi, all, state);
                }
                let ep = &mut self.mass[e];
                ep.warning = wi;
                ep.level = lvl;
                ep.incidents.clone_from(&members);
                ep.closed = withdrawn;
                for i in members {
                    self.mass_of.insert(i, e);
                }
            }
        }
    }

    /// The incidents of `list` grouped into episodes (split reports of one
    /// attack), in order of day: an incident joins the first episode whose
    /// first incident it matches ([`same_episode`]), or one of whose
    /// incidents shares its toll in the same country within
    /// `mass_casualty.same_attack_days` (one attack misdated or placed in
    /// another town by one report), is the same day's violence in the same
    /// area ([`split_day`]), is one attack told twice with two names alike
    /// ([`one_attack_two_names`]) or, for a state force's surge (`operations`),
    /// the same day's operation ([`one_operation`]). Counted apart, split
    /// reports would both inflate the count and survive "the deadliest
    /// left out". An episode never spans more than the larger of
    /// `replay.merge_days` and `mass_casualty.same_attack_days`.
    fn episodes(&self, list: &[i64], operations: bool) -> Vec<Vec<i64>> {
        let merge = self.config.replay.merge_days;
        let apart = self.apart();
        let span = merge.max(apart.attack_days);
        let mut items: Vec<(Date, i64)> =
            list.iter().filter_map(|i| self.incidents[i].day.map(|d| (d, *i))).collect();
        items.sort_unstable();
        items.dedup();
        let mut out: Vec<(Date, Vec<i64>)> = Vec::new();
        let mut open = 0;
        for (d, inc) in items {
            while open < out.len() && (d - out[open].0).get_days() as i64 > span {
                open += 1;
            }
            let k = &self.incidents[&inc];
            let split = |e: &[i64]| {
                e.iter().any(|i| {
                    let m = &self.incidents[i];
                    same_figure_near(m, k, apart, share_a_figure_from)
                        || split_day(m, k)
                        || placed_apart(m, k)
                        || one_attack_two_names(m, k)
                        || ((operations || one_force(m, k)) && one_operation(m, k))
                })
            };
            let first_near = |e0: Date| (d - e0).get_days() as i64 <= merge;
            match out[open..].iter().position(|(e0, e)| {
                (first_near(*e0) && same_episode(&self.incidents[&e[0]], k, merge)) || split(e)
            }) {
                Some(p) => out[open + p].1.push(inc),
                None => out.push((d, vec![inc])),
            }
        }
        out.into_iter().map(|e| e.1).collect()
    }

    /// Whether an incident is a stray copy of an attack in another
    /// country: on its day an incident of another country with more
    /// reports gives a toll agreeing with its own ([`SAME_TOLL`] or more,
    /// within [`COPY_SHARE`]). One attack belongs to the country most of
    /// its reports place it in: a day's killings at a border placed in
    /// the capital across it ("Tel Aviv", where the statement came from)
    /// are no incident of that country.
    fn stray(&self, inc: i64) -> bool {
        let k = &self.incidents[&inc];
        let (Some(d), Some(c)) = (k.usual_day(), k.country.as_deref()) else { return false };
        let toll = k.killed();
        toll >= SAME_TOLL
            && self.by_day.get(&d).is_some_and(|on| {
                on.iter().any(|j| {
                    let o = &self.incidents[j];
                    *j != inc
                        && o.country.as_deref().is_some_and(|oc| oc != c)
                        && o.reports > k.reports
                        && o.usual_day() == Some(d)
                        && tolls_agree_from(o.killed(), toll, COPY_SHARE, SAME_TOLL)
                })
            })
    }

    /// An episode's toll: the largest of its incidents' (split reports of
    /// one attack repeat one toll; they do not add up).
    fn episode_killed(&self, e: &[i64]) -> u64 {
        let large = self.config.mass_casualty.killed;
        e.iter().map(|i| u64::from(self.incidents[i].surge_killed(large))).max().unwrap_or(0)
    }

    fn check_surge(&mut self, subject: (String, String), today: Date) {
        let cfg = &self.config.surge;
        let share = self.config.coverage.min_share;
        let w = cfg.window_days;
        let b = cfg.baseline_weeks;
        if !self.warmed_up(today, w + 7 * cfg.min_baseline_weeks.min(b)) {
            return;
        }
        let Some(acts) = self.activity.get(&subject) else { return };
        let operations = state_force(&subject);
        let window_start = today.saturating_sub(days(w - 1));
        let start = self.first_day.unwrap_or(window_start);
        let country = subject.0 == "country";
        let in_window: Vec<i64> = {
            let mut v: Vec<i64> = acts
                .iter()
                .filter(|(d, _)| *d >= window_start && *d <= today)
                .map(|a| a.1)
                .filter(|i| !(country && self.stray(*i)))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        if in_window.is_empty() {
            return;
        }
        // The baseline: the covered weeks before the window, reaching back
        // past gaps in the archive.
        let mut blocks: Vec<(Date, Date)> = Vec::new();
        let mut skipped: Vec<Gap> = Vec::new();
        let normal = self.archive.normal_week(today, start);
        for k in 1..=cfg.max_baseline_span.max(b) {
            if blocks.len() as i64 >= b {
                break;
            }
            let hi = window_start.saturating_sub(days(7 * (k - 1) + 1));
            let lo = hi.saturating_sub(days(6));
            if lo < start {
                break;
            }
            if self.archive.covered(hi, today, start, share) {
                blocks.push((lo, hi));
            } else {
                skipped.push(Gap {
                    from: lo.to_string(),
                    to: hi.to_string(),
                    articles: self.archive.articles(lo, hi),
                    normal: normal.round() as u64,
                    sources_missing: Vec::new(),
                });
            }
        }
        if (blocks.len() as i64) < cfg.min_baseline_weeks {
            return;
        }
        skipped.reverse();
        let mut by_block: Vec<Vec<i64>> = vec![Vec::new(); blocks.len()];
        for (d, inc) in acts.iter().filter(|a| !(country && self.stray(a.1))) {
            if let Some(i) = blocks.iter().position(|(lo, hi)| d >= lo && d <= hi) {
                by_block[i].push(*inc);
            }
        }
        let mut counts = Vec::with_capacity(blocks.len());
        let mut killed_b = Vec::with_capacity(blocks.len());
        for list in &mut by_block {
            list.sort_unstable();
            list.dedup();
            let eps = self.episodes(list, operations);
            counts.push(eps.len() as u64);
            killed_b.push(eps.iter().map(|e| self.episode_killed(e)).sum::<u64>() as f64);
        }
        // Exposure: the articles the archive holds. A window thinner than
        // the share of normal is counted as a normal week.
        let known = self.archive.is_known();
        let expo_b: Vec<f64> = blocks
            .iter()
            .map(|(lo, hi)| if known { self.archive.articles(*lo, *hi) as f64 } else { 7.0 })
            .collect();
        let expo_w_raw =
            if known { self.archive.articles(window_start, today) as f64 } else { w as f64 };
        let thin_window = known && expo_w_raw < share * normal;
        let expo_w = if thin_window { normal.max(1.0) } else { expo_w_raw.max(1.0) };
        let mean_b = expo_b.iter().sum::<f64>() / expo_b.len() as f64;
        let episodes = self.episodes(&in_window, operations);
        let x = episodes.len() as u64;
        // A surge in deaths must not rest on one incident (that is a mass
        // casualty warning's job, and one misread toll would set it off):
        // the deadliest episode of the window is left out of the sum, and
        // with it every copy of it that the episodes did not join (one
        // day's killings told by two outlets with two figures).
        let tolls: Vec<u64> = episodes.iter().map(|e| self.episode_killed(e)).collect();
        let top = (0..tolls.len()).max_by_key(|&i| tolls[i]);
        let copy = |e: &[i64], t: &[i64]| {
            e.iter().any(|i| t.iter().any(|j| copy_of(&self.incidents[j], &self.incidents[i])))
        };
        let killed: u64 = top.map_or(0, |t| {
            (0..tolls.len())
                .filter(|&i| i != t && !copy(&episodes[i], &episodes[t]))
                .map(|i| tolls[i])
                .sum()
        });
        let lambda = (counts.iter().sum::<u64>() as f64 + cfg.prior_incidents)
            / (expo_b.iter().sum::<f64>() + cfg.prior_weeks * mean_b)
            * expo_w;
        let p = poisson_tail(x, lambda);
        let scaled: Vec<f64> =
            killed_b.iter().zip(&expo_b).map(|(k, e)| k * expo_w / e.max(1.0)).collect();
        let z = robust_z(killed as f64, &scaled, cfg.min_spread);
        let surge =
            x >= cfg.min_incidents && p <= cfg.max_p_value && x as f64 >= cfg.min_ratio * lambda;
        let deadly = killed >= cfg.min_killed && z >= cfg.killed_z;
        if !surge && !deadly {
            return;
        }
        let (name, name_ar) = if subject.0 == "group" {
            let n = self.group_names.get(&subject.1).cloned().unwrap_or_else(|| subject.1.clone());
            self.names.group(&subject.1, &n)
        } else {
            self.names.country(&subject.1)
        };
        let country = (subject.0 == "country").then(|| subject.1.clone());
        let subj = Subject {
            kind: subject.0.clone(),
            key: subject.1.clone(),
            name: name.clone(),
            name_ar: name_ar.clone(),
        };
        let per = if !known {
            String::new()
        } else if thin_window {
            format!(
                "; the archive holds only {expo_w_raw:.0} articles in these days against about {normal:.0} normally, so they are weighed as a normal week"
            )
        } else {
            format!(
                "; weighed per article: {expo_w_raw:.0} articles in these days, {mean_b:.0} a week in the baseline"
            )
        };
        let skipped_note = if skipped.is_empty() {
            String::new()
        } else {
            format!(
                "; {} thin week(s) of the archive left out of the baseline ({} to {})",
                skipped.len(),
                skipped[0].from,
                skipped[skipped.len() - 1].to
            )
        };
        let mut base_figures = BTreeMap::from([
            ("baseline_weeks".to_string(), blocks.len() as f64),
            ("weeks_skipped_thin".to_string(), skipped.len() as f64),
        ]);
        if known {
            base_figures.insert("articles_window".to_string(), expo_w_raw);
            base_figures.insert("articles_per_baseline_week".to_string(), mean_b.round());
        }
        let all_incidents: Vec<i64> = in_window.clone();
        if surge {
            let severity =
                if p <= cfg.max_p_value / 1000.0 { Severity::High } else { Severity::Medium };
            let mut figures = base_figures.clone();
            figures.insert("incidents".to_string(), x as f64);
            figures.insert("baseline_per_window".to_string(), (lambda * 100.0).round() / 100.0);
            figures.insert("p_value".to_string(), p);
            let en = format!(
                "Surge: {x} incidents involving {name} in the {w} days to {today}, against a baseline of {lambda:.1} (Poisson p = {p:.1e}){per}{skipped_note}."
            );
            let ar = format!(
                "تصاعد: {x} حوادث مرتبطة بـ{name_ar} خلال {w} أيام حتى {today}، مقابل معدل معتاد قدره {lambda:.1} (p = {p:.1e})."
            );
            self.surge_episode(
                Kind::SurgeIncidents,
                &subject,
                subj.clone(),
                country.clone(),
                today,
                all_incidents.clone(),
                (severity, en, ar, figures, skipped.clone()),
            );
        }
        if deadly {
            let base = median(&mut scaled.clone());
            let severity = if z >= 2.0 * cfg.killed_z { Severity::High } else { Severity::Medium };
            let mut figures = base_figures;
            figures.insert("killed".to_string(), killed as f64);
            figures.insert("baseline_median_per_week".to_string(), base);
            figures.insert("robust_z".to_string(), (z * 100.0).round() / 100.0);
            let en = format!(
                "Surge in deaths: {killed} killed in incidents involving {name} in the {w} days to {today}, not counting the deadliest, against a weekly median of {base:.0} (robust z = {z:.1}){per}{skipped_note}."
            );
            let ar = format!(
                "تصاعد في عدد القتلى: {killed} قتيلاً في حوادث مرتبطة بـ{name_ar} خلال {w} أيام حتى {today} دون احتساب أكثرها دموية، مقابل وسيط أسبوعي قدره {base:.0}."
            );
            self.surge_episode(
                Kind::SurgeKilled,
                &subject,
                subj,
                country,
                today,
                all_incidents,
                (severity, en, ar, figures, skipped),
            );
        }
    }

    /// Raises a surge, or updates the open warning of its episode: one
    /// warning while the surge goes on, updated when it takes in new
    /// incidents or grows more severe. A surge of another subject over
    /// mostly the same incidents (a country and its army) is the same
    /// episode: it joins that warning, which names it, and raises none.
    #[allow(clippy::too_many_arguments)]
    fn surge_episode(
        &mut self,
        kind: Kind,
        subject: &(String, String),
        subj: Subject,
        country: Option<String>,
        today: Date,
        incidents: Vec<i64>,
        (severity, en, ar, figures, gaps): (
            Severity,
            String,
            String,
            BTreeMap<String, f64>,
            Vec<Gap>,
        ),
    ) {
        let key = (kind, subject.0.clone(), subject.1.clone());
        let gap = self.config.surge.episode_gap_days;
        let held = |last: Date| (today - last).get_days() as i64 <= gap;
        let open = self.surge_open.get(&key).copied().filter(|(_, last)| held(*last));
        let open = open.or_else(|| {
            // Another subject's open surge of this kind sharing most of
            // these incidents; the earliest raised, so the replay does not
            // depend on the map's order.
            let share = self.config.surge.same_episode_share;
            self.surge_open
                .iter()
                .filter(|((k, ..), (_, last))| *k == kind && held(*last))
                .map(|(_, (i, last))| (*i, *last))
                .filter(|(i, _)| {
                    let w = &self.out[*i];
                    let shared = incidents.iter().filter(|x| w.incidents.contains(x)).count();
                    shared > 0 && shared as f64 >= share * incidents.len() as f64
                })
                .min_by_key(|(i, _)| *i)
        });
        let Some((i, _)) = open else {
            let state = State {
                day: today.to_string(),
                raised: true,
                severity,
                message_en: en.clone(),
                message_ar: ar.clone(),
                incidents: incidents.len(),
                figures,
                confirmed: None,
                gaps,
                also: Vec::new(),
                promoted: None,
            };
            let i = self.raise(kind, today, subj, country, incidents, state);
            self.surge_text.insert(i, (en, ar));
            self.surge_open.insert(key, (i, today));
            return;
        };
        let old = &self.out[i];
        let own = old.subject.kind == subj.kind && old.subject.key == subj.key;
        let mut all = old.incidents.clone();
        let mut grew = false;
        for inc in incidents {
            if !all.contains(&inc) {
                all.push(inc);
                grew = true;
            }
        }
        let mut also = old.also.clone();
        let joined = !own && !also.iter().any(|a| a.kind == subj.kind && a.key == subj.key);
        if joined {
            also.push(subj);
        }
        // The warning's words and figures stay its own subject's; another
        // subject adds its incidents and its name.
        let (severity, en, ar, figures, gaps) = if own {
            self.surge_text.insert(i, (en.clone(), ar.clone()));
            (severity.max(old.severity), en, ar, figures, gaps)
        } else {
            let (en, ar) = self.surge_text.get(&i).cloned().unwrap_or_default();
            (old.severity, en, ar, old.figures.clone(), old.gaps.clone())
        };
        if grew || joined || severity > old.severity {
            let since = old.day.clone();
            let names_en: Vec<&str> = also.iter().map(|a| a.name.as_str()).collect();
            let names_ar: Vec<&str> = also.iter().map(|a| a.name_ar.as_str()).collect();
            let (also_en, also_ar) = if also.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!(" The same episode involves {}.", names_en.join(", ")),
                    format!(" والموجة نفسها تشمل {}.", names_ar.join("، ")),
                )
            };
            let continuing = if today.to_string() == since {
                (String::new(), String::new())
            } else {
                (format!(" Continuing since {since}."), format!(" مستمر منذ {since}."))
            };
            let state = State {
                day: today.to_string(),
                raised: false,
                severity,
                message_en: format!("{en}{}{also_en}", continuing.0),
                message_ar: format!("{ar}{}{also_ar}", continuing.1),
                incidents: all.len(),
                figures,
                confirmed: None,
                gaps,
                also,
                promoted: None,
            };
            self.update(i, all, state);
        }
        self.surge_open.insert(key, (i, today));
    }
}

/// The first day of steady coverage: the first day from which the week's
/// reports reach a fifth of a typical week's (the median over the data). A
/// stray old article, or a thin archive before a feed began in earnest,
/// does not start the history, so it cannot end the warm-up early or serve
/// as an empty baseline.
pub fn coverage_start(sightings: &[Sighting]) -> Option<Date> {
    steady_start(sightings.iter().filter_map(|s| s.published.as_deref().and_then(day)).collect())
}

/// How much news the watch has to go on: the days from steady coverage to
/// the latest report, against the warm-up the rules need before they
/// raise anything. It tells a user why an empty list of warnings is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The first day of steady coverage ([`coverage_start`]).
    pub first_day: Option<String>,
    /// The latest report's day.
    pub last_day: Option<String>,
    /// Days from the first to the last.
    pub days: i64,
    /// Days of coverage the rules need first (`replay.warmup_days`).
    pub warmup_days: i64,
    /// Where the archive holds far fewer articles than normal, from the
    /// first day to the last.
    pub gaps: Vec<Gap>,
}

impl Coverage {
    /// Why no warning can be raised yet, when that is so.
    pub fn explain(&self) -> Option<String> {
        let (Some(first), Some(last)) = (&self.first_day, &self.last_day) else {
            return Some("no reports are stored yet, so no warning can be raised".into());
        };
        (self.days < self.warmup_days).then(|| {
            format!(
                "the reports cover {} days ({first} to {last}) and the rules raise warnings only after {} days of steady coverage (replay.warmup_days in data/watch/alerts.toml)",
                self.days, self.warmup_days
            )
        })
    }
}

/// The coverage of a set of reports under a configuration.
pub fn coverage(sightings: &[Sighting], archive: &Archive, config: &Config) -> Coverage {
    let first = coverage_start(sightings);
    let last = sightings.iter().filter_map(|s| s.published.as_deref().and_then(day)).max();
    Coverage {
        gaps: match (first, last) {
            (Some(f), Some(l)) => archive.gaps(f, l, f, config.coverage.min_share),
            _ => Vec::new(),
        },
        first_day: first.map(|d| d.to_string()),
        last_day: last.map(|d| d.to_string()),
        days: match (first, last) {
            (Some(f), Some(l)) => i64::from((l - f).get_days()),
            _ => 0,
        },
        warmup_days: config.replay.warmup_days,
    }
}

/// [`coverage_start`] over the days of the reports (one entry per report).
pub fn steady_start(mut days: Vec<Date>) -> Option<Date> {
    days.sort_unstable();
    let mut counts: Vec<(Date, usize)> = Vec::new();
    for d in days {
        match counts.last_mut() {
            Some((last, n)) if *last == d => *n += 1,
            _ => counts.push((d, 1)),
        }
    }
    let weekly: Vec<usize> = (0..counts.len())
        .map(|i| {
            counts[i..]
                .iter()
                .take_while(|(d, _)| (*d - counts[i].0).get_days() < 7)
                .map(|c| c.1)
                .sum()
        })
        .collect();
    let mut sorted = weekly.clone();
    sorted.sort_unstable();
    let typical = *sorted.get(sorted.len() / 2)? as f64;
    weekly.iter().position(|w| *w as f64 >= 0.2 * typical).map(|i| counts[i].0)
}

/// Replays the reports (in order of publication) and returns every
/// warning raised on a day in `from..=to` (all days when `None`), or
/// raised earlier and updated in those days (a surge still going on), each
/// as it stood at the end of `to`. `archive` is how many articles the
/// store holds per day ([`Archive::new`] over `Store::coverage`); an empty
/// one reads every week as covered.
///
/// Reports marked `history` are read only as earlier attacks their
/// articles mention; [`as_news`] makes them count as news.
pub fn replay(
    sightings: &[Sighting],
    archive: &Archive,
    config: &Config,
    names: &dyn Names,
    from: Option<Date>,
    to: Option<Date>,
) -> Vec<Warning> {
    replay_within(sightings, archive, config, names, from, to, None)
        .expect("without a deadline the replay always finishes")
}

/// [`replay`], stopped with [`WatchError::TooSlow`] once `deadline` has
/// passed: a server replays within a budget, so that no request can make
/// it work without end. The clock is read once per day of reports and
/// once per incident a day touches, so the time past the deadline is at
/// most one incident's rules.
pub fn replay_within(
    sightings: &[Sighting],
    archive: &Archive,
    config: &Config,
    names: &dyn Names,
    from: Option<Date>,
    to: Option<Date>,
    deadline: Option<Instant>,
) -> Result<Vec<Warning>, WatchError> {
    let late = || deadline.is_some_and(|d| Instant::now() >= d);
    let mut w = Watch {
        config,
        names,
        archive,
        incidents: HashMap::new(),
        told: HashMap::new(),
        group_history: HashMap::new(),
        activity: HashMap::new(),
        seen_groups: HashSet::new(),
        group_names: HashMap::new(),
        new_ground_raised: HashMap::new(),
        surge_open: HashMap::new(),
        surge_text: HashMap::new(),
        mass: Vec::new(),
        mass_of: HashMap::new(),
        by_day: HashMap::new(),
        first_day: None,
        out: Vec::new(),
    };
    w.first_day = coverage_start(sightings);
    let mut i = 0;
    while i < sightings.len() {
        let Some(today) = sightings[i].published.as_deref().and_then(day) else {
            i += 1;
            continue;
        };
        if to.is_some_and(|t| today > t) {
            break;
        }
        if late() {
            return Err(WatchError::TooSlow { reports: i, of: sightings.len() });
        }
        if w.first_day.is_some_and(|f| today < f) {
            // Before steady coverage: history, but no warning.
            while i < sightings.len()
                && sightings[i].published.as_deref().and_then(day) == Some(today)
            {
                w.take(&sightings[i], today);
                i += 1;
            }
            continue;
        }
        let mut touched: Vec<i64> = Vec::new();
        while i < sightings.len() && sightings[i].published.as_deref().and_then(day) == Some(today)
        {
            if let Some(inc) = w.take(&sightings[i], today) {
                touched.push(inc);
            }
            i += 1;
        }
        touched.sort_unstable();
        touched.dedup();
        let mut subjects: Vec<(String, String)> = Vec::new();
        for inc in &touched {
            if late() {
                return Err(WatchError::TooSlow { reports: i, of: sightings.len() });
            }
            w.check_incident(*inc, today);
            let k = &w.incidents[inc];
            if k.day.is_none() {
                continue;
            }
            for s in &config.surge.subjects {
                if s == "group" {
                    subjects.extend(k.in_activity.iter().map(|g| ("group".to_string(), g.clone())));
                } else if let Some(c) = &k.country {
                    subjects.push(("country".into(), c.clone()));
                }
            }
        }
        if config.surge.enabled {
            subjects.sort();
            subjects.dedup();
            for s in subjects {
                w.check_surge(s, today);
            }
        }
    }
    let mut out = w.out;
    if let Some(f) = from {
        out.retain(|w| touched_since(w, f));
    }
    Ok(out)
}

/// True when a warning was raised or updated on `from` or later.
fn touched_since(w: &Warning, from: Date) -> bool {
    let f = from.to_string();
    w.states.iter().any(|s| s.day >= f)
}

/// Reads reports marked history as news (`--include-history`): they then
/// count as incidents on their own dates, as any report does.
pub fn as_news(sightings: &mut [Sighting]) {
    for s in sightings {
        s.history = false;
    }
}

/// The warnings of a period: replayed from `since` when given, else over
/// the last `days` days up to the latest report (the data as it stands),
/// stopping after `until`.
pub fn warnings(
    sightings: &[Sighting],
    archive: &Archive,
    config: &Config,
    names: &dyn Names,
    since: Option<Date>,
    until: Option<Date>,
    days: i64,
) -> Vec<Warning> {
    let last = last_day(sightings);
    replay(sightings, archive, config, names, period_start(last, since, days), until)
}

/// The day of the latest report.
fn last_day(sightings: &[Sighting]) -> Option<Date> {
    sightings.iter().filter_map(|s| s.published.as_deref().and_then(day)).max()
}

/// The first day of a period of warnings: `since`, else the last `days`
/// days up to `last`.
fn period_start(last: Option<Date>, since: Option<Date>, days: i64) -> Option<Date> {
    since.or_else(|| last.map(|l| l.saturating_sub(self::days(days.max(1) - 1))))
}

/// Every warning of one full replay, and the day of the latest report:
/// what the warnings of any period are cut from. Because the replay has
/// no look-ahead, [`Replayed::period`] gives exactly what [`warnings`]
/// gives for the same period, so a server replays once per change of the
/// data however many periods it is asked for.
#[derive(Clone, Debug)]
pub struct Replayed {
    /// Every warning, in the order raised.
    pub warnings: Vec<Warning>,
    last: Option<Date>,
    /// Each incident's first report, for the desk's keys.
    anchors: HashMap<i64, i64>,
}

impl Replayed {
    /// Replays every report, within `deadline` when one is given.
    pub fn new(
        sightings: &[Sighting],
        archive: &Archive,
        config: &Config,
        names: &dyn Names,
        deadline: Option<Instant>,
    ) -> Result<Replayed, WatchError> {
        let warnings = replay_within(sightings, archive, config, names, None, None, deadline)?;
        Ok(Replayed {
            warnings,
            last: last_day(sightings),
            anchors: crate::desk::anchors(sightings),
        })
    }

    /// The warnings of the last [`crate::desk::DESK_DAYS`] days as the
    /// desk keeps them.
    pub fn desk(&self) -> Vec<rasd_store::DeskWarning> {
        crate::desk::records(&self.period(None, None, crate::desk::DESK_DAYS), &self.anchors)
    }

    /// The warnings [`warnings`] gives for the same arguments.
    pub fn period(&self, since: Option<Date>, until: Option<Date>, days: i64) -> Vec<Warning> {
        let from = period_start(self.last, since, days);
        // Each warning as it stood at the end of `until` (a replay stopped
        // there), kept when raised or updated from `from` on.
        self.warnings
            .iter()
            .filter_map(|w| match until {
                Some(u) => w.as_of(&u.to_string()),
                None => Some(w.clone()),
            })
            .filter(|w| from.is_none_or(|f| touched_since(w, f)))
            .collect()
    }
}
