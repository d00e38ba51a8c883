//! Documents and events: the records every stage after extraction shares.

use serde::{Deserialize, Serialize};

use crate::Span;

/// An article to read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// Stable id (the record's id, or one made from the path or URL).
    pub id: String,
    /// Where it was published, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The outlet, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication time as written (ISO 8601), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The headline, when the input gives it apart from the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The text: title, a blank line, then the body (as in the eval files).
    pub text: String,
}

/// The kinds of violent event (GUIDELINES.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// An attacker detonates explosives on their body or vehicle.
    SuicideBombing,
    /// A planted, remote, vehicle or thrown bomb, IED, landmine or grenade.
    Bombing,
    /// Gunmen or an attacker with firearms or blades.
    ArmedAssault,
    /// Fighting between two organised armed sides.
    ArmedClash,
    /// Air or drone strike.
    AirStrike,
    /// Artillery, mortar, rocket or missile fire.
    Shelling,
    /// Abduction or hostage taking.
    Kidnapping,
    /// Targeted killing of a named person.
    Assassination,
    /// A violent attack whose method the text does not state.
    Attack,
}

impl EventType {
    /// Every type.
    pub const ALL: [EventType; 9] = [
        EventType::SuicideBombing,
        EventType::Bombing,
        EventType::ArmedAssault,
        EventType::ArmedClash,
        EventType::AirStrike,
        EventType::Shelling,
        EventType::Kidnapping,
        EventType::Assassination,
        EventType::Attack,
    ];

    /// The snake_case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::SuicideBombing => "suicide_bombing",
            EventType::Bombing => "bombing",
            EventType::ArmedAssault => "armed_assault",
            EventType::ArmedClash => "armed_clash",
            EventType::AirStrike => "air_strike",
            EventType::Shelling => "shelling",
            EventType::Kidnapping => "kidnapping",
            EventType::Assassination => "assassination",
            EventType::Attack => "attack",
        }
    }
}

/// How a perpetrator is tied to an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The group claimed responsibility.
    Claimed,
    /// The article or an official states as fact that the group did it.
    Attributed,
    /// Hedged: suspected, believed, accused.
    Suspected,
}

/// How a count is qualified (GUIDELINES.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountQualifier {
    /// A plain number.
    Exact,
    /// At least.
    AtLeast,
    /// More than.
    MoreThan,
    /// About.
    About,
    /// Up to.
    UpTo,
    /// Tens, hundreds, "dead and wounded" with no number.
    Vague,
}

impl CountQualifier {
    /// A short sign for tables: `≥`, `>`, `~`, `≤`, nothing for exact,
    /// `some` for vague.
    pub fn symbol(self) -> &'static str {
        match self {
            CountQualifier::Exact => "",
            CountQualifier::AtLeast => "≥",
            CountQualifier::MoreThan => ">",
            CountQualifier::About => "~",
            CountQualifier::UpTo => "≤",
            CountQualifier::Vague => "some",
        }
    }
}

/// Where a value came from: the words of the article and the rule that
/// read them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The words, as a span of the document text.
    pub span: Span,
    /// The words themselves.
    pub text: String,
    /// The rule or lexicon entry that read them.
    pub rule: String,
}

/// A count of people killed or injured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// The number; `None` when vague.
    pub value: Option<u32>,
    /// Its qualifier.
    pub qualifier: CountQualifier,
    /// The words it was read from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// The words an evidence rule ends with when the figure counts over a
/// period ("since the start of the year") rather than one incident's toll:
/// the extractor writes them, the store and the watch read them.
pub const RUNNING_TOTAL: &str = "running total";

/// The words an evidence rule ends with when the figure is the toll of an
/// earlier event the article recalls (an anniversary, a date long before
/// the article), not the toll of the incident it reports.
pub const RECALLED_TOLL: &str = "recalled toll";

/// The words an evidence rule ends with when the figure is a battle
/// report's: the fighters of one side killed in clashes and raids, or over
/// a front, not the toll of one attack.
pub const BATTLE_TOTAL: &str = "battle total";

impl Count {
    /// Whether the figure is a running total (it counts over a period or
    /// a campaign), not one incident's toll.
    pub fn is_running_total(&self) -> bool {
        self.evidence.iter().any(|e| e.rule.ends_with(&format!("({RUNNING_TOTAL})")))
    }

    /// Whether the figure is a recalled toll of an earlier event.
    pub fn is_recalled(&self) -> bool {
        self.evidence.iter().any(|e| e.rule.ends_with(&format!("({RECALLED_TOLL})")))
    }

    /// Whether the figure is a battle report's total, not one attack's
    /// toll.
    pub fn is_battle_total(&self) -> bool {
        self.evidence.iter().any(|e| e.rule.ends_with(&format!("({BATTLE_TOTAL})")))
    }
}

impl std::fmt::Display for Count {
    /// `≥17`, `~40`, `12`, `some`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.qualifier.symbol())?;
        match self.value {
            Some(v) => write!(f, "{v}"),
            None => Ok(()),
        }
    }
}

/// Who did it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Perpetrator {
    /// Canonical English name.
    pub name: String,
    /// The name as the article writes it, without attached particles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_ar: Option<String>,
    /// Every form the article uses.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Claimed, attributed or suspected.
    pub status: Status,
    /// The lexicon id (`group:iskp`, `actor:army:AF`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The words that tie it to the event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// One violent event, with the evidence for each field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The kind of event.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// The most specific named place, in English.
    pub place: Option<String>,
    /// The place as the article writes it.
    pub place_ar: Option<String>,
    /// The enclosing province and other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub place_alt: Vec<String>,
    /// The gazetteer id of the place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_id: Option<String>,
    /// Latitude and longitude of the place (or of the country).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<[f64; 2]>,
    /// The first-level division (province, governorate, state) the place
    /// lies in, or is, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// How precise the coordinates are, on ACLED's scale: 1 a town or
    /// smaller, 2 a district, 3 a province, region or country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_precision: Option<u8>,
    /// Who did it.
    pub perpetrators: Vec<Perpetrator>,
    /// People killed, all sides.
    pub killed: Option<Count>,
    /// People injured.
    pub injured: Option<Count>,
    /// What was attacked.
    pub target_type: String,
    /// The article's headline event.
    pub main: bool,
    /// A statistic ("more than 200 attacks"), not one event.
    pub aggregate: bool,
    /// How sure the extractor is, 0 to 1.
    pub confidence: f64,
    /// Recalled history rather than news: its date ends more than a month
    /// before the article was published (an old attack told as background).
    #[serde(default)]
    pub history: bool,
    /// The words that say it happened, and the words behind date, place and type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The incident this event belongs to, once linked across articles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
}

/// One piece of an event's evidence, with the field it supports.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Support<'a> {
    /// `event` (trigger, place, date, type, target), `killed`, `injured`
    /// or `perpetrator`.
    pub field: &'static str,
    /// The perpetrator's name, for `perpetrator`.
    pub who: Option<&'a str>,
    /// The words and the rule.
    pub evidence: &'a Evidence,
}

impl Support<'_> {
    /// The rule, prefixed with what it is about ("killed: …", "Taliban: …").
    pub fn label(&self) -> String {
        match (self.field, self.who) {
            ("event", _) => self.evidence.rule.clone(),
            (_, Some(who)) => format!("{who}: {}", self.evidence.rule),
            (field, None) => format!("{field}: {}", self.evidence.rule),
        }
    }
}

impl Event {
    /// Every piece of evidence of the event, in field order: the event's
    /// own, the counts', the perpetrators'.
    pub fn supports(&self) -> Vec<Support<'_>> {
        fn own<'e>(field: &'static str, evs: &'e [Evidence]) -> impl Iterator<Item = Support<'e>> {
            evs.iter().map(move |evidence| Support { field, who: None, evidence })
        }
        let mut out: Vec<Support<'_>> = own("event", &self.evidence).collect();
        for (field, c) in [("killed", &self.killed), ("injured", &self.injured)] {
            out.extend(c.iter().flat_map(|c| own(field, &c.evidence)));
        }
        for p in &self.perpetrators {
            out.extend(p.evidence.iter().map(|evidence| Support {
                field: "perpetrator",
                who: Some(&p.name),
                evidence,
            }));
        }
        out
    }

    /// An event of a type with every other field empty: no date, place,
    /// perpetrator or toll, target `unknown`, not the headline.
    pub fn new(event_type: EventType) -> Event {
        Event {
            event_type,
            date: None,
            country: None,
            place: None,
            place_ar: None,
            place_alt: Vec::new(),
            place_id: None,
            coordinates: None,
            admin1: None,
            geo_precision: None,
            perpetrators: Vec::new(),
            killed: None,
            injured: None,
            target_type: "unknown".into(),
            main: false,
            aggregate: false,
            confidence: 0.0,
            history: false,
            evidence: Vec::new(),
            incident: None,
        }
    }
}

/// A name of a known entity found in a document: a place, an armed group,
/// a state force or an organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// `place`, `group`, `actor` or `organization`.
    pub kind: String,
    /// The lexicon id (`admin:af-khost`, `group:iskp`).
    pub entity: String,
    /// The entity's English name.
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// The name as written.
    pub text: String,
}
