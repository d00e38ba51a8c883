//! rasd's knowledge of the world, and its recognition in Arabic text.
//!
//! [`Lexicon::load`] compiles the plain-text files under `data/` (places
//! from GeoNames and rasd's own lists of provinces and districts, countries
//! and their adjectives, armed groups and their aliases, state actors) into
//! one word trie. [`Lexicon::find`] reads a document's
//! [`rasd_text::Analysis`] once, left to right, and returns every mention
//! with its byte span in the original text, its ranked candidate entities,
//! and the people named with a title or role.
//!
//! Matching is clitic-aware: each word is tried whole first, then without
//! its proclitics (بكابول → كابول, للمسلحين → المسلحين), so a name that
//! begins with those letters (بيشاور، البانيا) stays whole when the lexicon
//! knows it. Names that are also common words (صور، جدة) carry a `weak`
//! flag and need a place cue before them.

pub mod lists;
mod load;
pub use load::kind_of;
mod matcher;
mod people;
mod resolve;
mod romanize;
pub use romanize::romanize;
mod table;
mod trie;

use rasd_core::Span;
use serde::Serialize;

pub use matcher::Mentions;
pub use people::PersonMention;

/// Errors loading the lexicon data.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A data file is malformed.
    #[error("{file}:{line}: {message}")]
    Data {
        /// The data file.
        file: &'static str,
        /// Its line (1-based), 0 for the whole file.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// What sort of place an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A sovereign country or territory.
    Country,
    /// A region spanning provinces (Sinai, Darfur, Kurdistan Region).
    Region,
    /// A province, governorate, state or wilaya.
    Province,
    /// A district.
    District,
    /// A city.
    City,
    /// A town or village.
    Town,
    /// A neighbourhood of a city.
    Neighbourhood,
    /// A base, camp, airport or other site.
    Site,
}

impl PlaceKind {
    fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "country" => PlaceKind::Country,
            "region" => PlaceKind::Region,
            "province" => PlaceKind::Province,
            "district" => PlaceKind::District,
            "city" => PlaceKind::City,
            "town" => PlaceKind::Town,
            "neighbourhood" => PlaceKind::Neighbourhood,
            "site" => PlaceKind::Site,
            _ => return None,
        })
    }
}

/// Where a place entry comes from, in order of trust.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceSource {
    /// rasd's hand-written lists of provinces, districts and towns.
    Admin,
    /// Country names.
    Country,
    /// GeoNames (CC BY 4.0).
    GeoNames,
}

/// A place.
#[derive(Clone, Debug, Serialize)]
pub struct Place {
    /// Stable id: `country:AF`, `admin:af-khost`, `geonames:1138958`.
    pub id: String,
    /// Common English name.
    pub name: String,
    /// Arabic names as written in the data (first is the main one).
    pub names_ar: Vec<String>,
    /// What sort of place.
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 code; empty for regions spanning countries.
    pub country: String,
    /// The enclosing place, when known.
    pub parent: Option<u32>,
    /// Latitude (degrees).
    pub lat: f64,
    /// Longitude (degrees).
    pub lon: f64,
    /// Population, 0 when unknown.
    pub population: u64,
    /// Where the entry comes from.
    pub source: PlaceSource,
}

/// An armed group or movement.
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    /// Stable id (`islamic-state`, `iskp`).
    pub id: String,
    /// Canonical English name (as in the eval guidelines).
    pub name: String,
    /// jihadist, insurgent, rebel, militia, separatist, state_force, …
    pub kind: String,
    /// The group it belongs to or is affiliated with.
    pub parent: Option<u32>,
    /// Countries where it operates.
    pub countries: Vec<String>,
    /// Wikidata id, where known for certain.
    pub wikidata: Option<String>,
    /// Arabic aliases.
    pub aliases_ar: Vec<String>,
    /// English aliases.
    pub aliases_en: Vec<String>,
}

/// A state or international force.
#[derive(Clone, Debug, Serialize)]
pub struct Actor {
    /// Stable id (`saudi-led-coalition`, `army:AF`).
    pub id: String,
    /// Plainest English name ("Afghan army"; "army" for a generic one).
    pub name: String,
    /// state_force, coalition, alliance, mission.
    pub kind: String,
    /// Its country, when the name says it; generic actors take the
    /// article's country at extraction.
    pub country: Option<String>,
    /// The English pattern for generic actors ("{} army"), used to name
    /// them once their country is known.
    pub pattern: Option<String>,
}

/// An organisation: an international body, a humanitarian group, a news
/// agency, a government institution, or a club whose name is a place name.
#[derive(Clone, Debug, Serialize)]
pub struct Organization {
    /// Stable id (`un`, `icrc`).
    pub id: String,
    /// English name.
    pub name: String,
    /// intergovernmental, humanitarian, media, government, club, …
    pub kind: String,
    /// Its country, if it has one.
    pub country: Option<String>,
    /// Arabic aliases.
    pub aliases_ar: Vec<String>,
}

/// A country adjective (الأفغاني، الإيرانية).
#[derive(Clone, Debug, Serialize)]
pub struct Demonym {
    /// The country's place index.
    pub country: u32,
    /// ISO code.
    pub code: String,
    /// English adjective ("Afghan").
    pub adjective_en: String,
}

/// A reference to one entity of the lexicon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "index", rename_all = "snake_case")]
pub enum Entity {
    /// A place (index into [`Lexicon::places`]).
    Place(u32),
    /// A group (index into [`Lexicon::groups`]).
    Group(u32),
    /// A state actor (index into [`Lexicon::actors`]).
    Actor(u32),
    /// A country adjective (index into [`Lexicon::demonyms`]).
    Demonym(u32),
    /// An organisation (index into [`Lexicon::organizations`]).
    Org(u32),
}

/// One trie entry: an entity, and whether its name is a weak one (also a
/// common word, recognised only with a cue).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) entity: Entity,
    pub(crate) weak: bool,
}

/// The compiled lexicon.
pub struct Lexicon {
    /// Every place.
    pub places: Vec<Place>,
    /// Every group.
    pub groups: Vec<Group>,
    /// Every state actor.
    pub actors: Vec<Actor>,
    /// Every country adjective.
    pub demonyms: Vec<Demonym>,
    /// Every organisation.
    pub organizations: Vec<Organization>,
    pub(crate) trie: trie::Trie,
    pub(crate) country_index: rustc_hash::FxHashMap<String, u32>,
    /// Every actor's index by its id: extraction looks up a country's army
    /// or air force by id for every strike it attributes.
    pub(crate) actor_index: rustc_hash::FxHashMap<String, u32>,
}

impl Lexicon {
    /// Compiles the lexicon from the data files embedded in the binary.
    pub fn load() -> Result<Lexicon, LexiconError> {
        lists::check()?;
        load::load(&load::Sources::embedded())
    }

    /// The place of a country by ISO code.
    pub fn country(&self, code: &str) -> Option<&Place> {
        self.country_index.get(code).map(|i| &self.places[*i as usize])
    }

    /// Index of a country's place by ISO code.
    pub fn country_idx(&self, code: &str) -> Option<u32> {
        self.country_index.get(code).copied()
    }

    /// An actor's entity by its id (`army:SY`, `government-forces`).
    pub fn actor_by_id(&self, id: &str) -> Option<Entity> {
        self.actor_index.get(id).map(|a| Entity::Actor(*a))
    }

    /// A group by id.
    pub fn group_by_id(&self, id: &str) -> Option<(u32, &Group)> {
        self.groups.iter().enumerate().find(|(_, g)| g.id == id).map(|(i, g)| (i as u32, g))
    }

    /// The English name of an entity.
    pub fn name(&self, e: Entity) -> &str {
        match e {
            Entity::Place(i) => &self.places[i as usize].name,
            Entity::Group(i) => &self.groups[i as usize].name,
            Entity::Actor(i) => &self.actors[i as usize].name,
            Entity::Demonym(i) => &self.demonyms[i as usize].adjective_en,
            Entity::Org(i) => &self.organizations[i as usize].name,
        }
    }

    /// A stable id for an entity, unique across kinds ("group:…", "actor:…").
    pub fn entity_id(&self, e: Entity) -> String {
        match e {
            Entity::Place(i) => self.places[i as usize].id.clone(),
            Entity::Group(i) => format!("group:{}", self.groups[i as usize].id),
            Entity::Actor(i) => format!("actor:{}", self.actors[i as usize].id),
            Entity::Demonym(i) => format!("adjective:{}", self.demonyms[i as usize].code),
            Entity::Org(i) => format!("org:{}", self.organizations[i as usize].id),
        }
    }

    /// The country an entity belongs to, when it has exactly one.
    pub fn country_of(&self, e: Entity) -> Option<&str> {
        match e {
            Entity::Place(i) => {
                Some(self.places[i as usize].country.as_str()).filter(|c| !c.is_empty())
            }
            Entity::Group(i) => {
                let g = &self.groups[i as usize];
                (g.countries.len() == 1).then(|| g.countries[0].as_str())
            }
            Entity::Actor(i) => self.actors[i as usize].country.as_deref(),
            Entity::Demonym(i) => Some(&self.demonyms[i as usize].code),
            Entity::Org(i) => self.organizations[i as usize].country.as_deref(),
        }
    }

    /// The entities a short text names (a filter value such as "داعش" or
    /// "جلال آباد"), in text order.
    pub fn entities_in(&self, text: &str) -> Vec<Entity> {
        let analysis = rasd_text::Analysis::new(text, &rasd_text::Config::default());
        self.find(text, &analysis).entities.iter().map(EntityMention::entity).collect()
    }

    /// What a filter value written in Arabic means: a group's or force's
    /// id (`groups`), or a place's English name.
    pub fn filter_value(&self, text: &str, groups: bool) -> Option<String> {
        self.entities_in(text).into_iter().find_map(|e| match e {
            Entity::Group(_) | Entity::Actor(_) if groups => Some(self.entity_id(e)),
            Entity::Place(_) if !groups => Some(self.name(e).to_string()),
            _ => None,
        })
    }

    /// Sizes, for `rasd` to report.
    pub fn stats(&self) -> String {
        format!(
            "{} places, {} groups, {} actors, {} organisations, {} country adjectives, {} trie nodes",
            self.places.len(),
            self.groups.len(),
            self.actors.len(),
            self.organizations.len(),
            self.demonyms.len(),
            self.trie.n_nodes()
        )
    }

    /// Finds every mention in an analysed document.
    pub fn find(&self, text: &str, analysis: &rasd_text::Analysis) -> Mentions {
        let items = analysis.items(text);
        let ranges = analysis.sentence_item_ranges(&items);
        let mut m = matcher::find(self, &items, &ranges);
        resolve::resolve(self, &items, &mut m);
        m.people = people::find(self, &items, &ranges, &m.entities);
        m
    }
}

/// Which kind of thing a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A place.
    Place,
    /// An armed group.
    Group,
    /// A state or international force.
    Actor,
    /// A country adjective.
    Demonym,
    /// An organisation.
    Organization,
}

/// A name found in text.
#[derive(Clone, Debug, Serialize)]
pub struct EntityMention {
    /// The name in the original text, without attached particles.
    pub span: Span,
    /// The whole token(s), particles included.
    pub token_span: Span,
    /// The name as it would be written alone (match form; ال restored
    /// after ل, as in للموصل → الموصل).
    pub surface: String,
    /// What sort of thing.
    pub kind: MentionKind,
    /// Candidates, best first.
    pub candidates: Vec<Entity>,
    /// Whether the name needed a cue (it is also a common word).
    pub weak: bool,
}

impl EntityMention {
    /// The best candidate.
    pub fn entity(&self) -> Entity {
        self.candidates[0]
    }
}
