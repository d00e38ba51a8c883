//! Compiling the data files into the lexicon.

use rasd_text::{Profile, normalize};
use rustc_hash::FxHashMap;

use crate::table::Table;
use crate::trie::Trie;
use crate::{
    Actor, Demonym, Entity, Entry, Group, Lexicon, LexiconError, MentionKind, Organization, Place,
    PlaceKind, PlaceSource,
};

/// The kind of mention an entity makes.
pub fn kind_of(e: Entity) -> MentionKind {
    match e {
        Entity::Place(_) => MentionKind::Place,
        Entity::Group(_) => MentionKind::Group,
        Entity::Actor(_) => MentionKind::Actor,
        Entity::Demonym(_) => MentionKind::Demonym,
        Entity::Org(_) => MentionKind::Organization,
    }
}

/// The data files' contents.
pub(crate) struct Sources {
    pub(crate) countries: &'static str,
    pub(crate) countries_extra: &'static str,
    pub(crate) admin: &'static str,
    pub(crate) geonames: &'static str,
    pub(crate) stop_places: &'static str,
    pub(crate) groups: &'static str,
    pub(crate) actors: &'static str,
    pub(crate) actor_heads: &'static str,
    pub(crate) organizations: &'static str,
}

impl Sources {
    pub(crate) fn embedded() -> Sources {
        Sources {
            countries: include_str!("../../../data/places/countries.tsv"),
            countries_extra: include_str!("../../../data/places/countries_extra.tsv"),
            admin: include_str!("../../../data/places/admin.tsv"),
            geonames: include_str!("../../../data/places/geonames.tsv"),
            stop_places: include_str!("../../../data/places/stop_places.txt"),
            groups: include_str!("../../../data/groups/groups.tsv"),
            actors: include_str!("../../../data/groups/actors.tsv"),
            actor_heads: include_str!("../../../data/groups/actor_heads.tsv"),
            organizations: include_str!("../../../data/groups/organizations.tsv"),
        }
    }
}

/// GeoNames names this short (in letters) are weak unless the place is big.
const SHORT_NAME_LETTERS: usize = 3;
const BIG_PLACE: u64 = 1_000_000;

/// Country adjectives that are also common words: مالي is "financial".
const WEAK_ADJECTIVES: &[&str] = &["ML", "EH"];

fn key(name: &str) -> String {
    normalize(name, Profile::Match)
}

fn words(k: &str) -> impl Iterator<Item = &str> {
    k.split_whitespace()
}

fn letters(k: &str) -> usize {
    k.chars().filter(|c| c.is_alphabetic()).count()
}

struct Builder {
    places: Vec<Place>,
    groups: Vec<Group>,
    actors: Vec<Actor>,
    demonyms: Vec<Demonym>,
    organizations: Vec<Organization>,
    trie: Trie,
    country_index: FxHashMap<String, u32>,
    /// Which countries' admin or country entries each key already names.
    trusted_keys: FxHashMap<String, Vec<String>>,
}

impl Builder {
    fn add_name(&mut self, name: &str, entity: Entity, weak: bool) -> String {
        let k = key(name);
        self.trie.insert(words(&k), Entry { entity, weak });
        k
    }
}

pub(crate) fn load(src: &Sources) -> Result<Lexicon, LexiconError> {
    let mut b = Builder {
        places: Vec::new(),
        groups: Vec::new(),
        actors: Vec::new(),
        demonyms: Vec::new(),
        organizations: Vec::new(),
        trie: Trie::new(),
        country_index: FxHashMap::default(),
        trusted_keys: FxHashMap::default(),
    };
    load_countries(&mut b, src)?;
    load_admin(&mut b, src)?;
    load_geonames(&mut b, src)?;
    load_groups(&mut b, src)?;
    load_actors(&mut b, src)?;
    load_organizations(&mut b, src)?;
    let actor_index = actor_index(&b.actors);
    Ok(Lexicon {
        places: b.places,
        groups: b.groups,
        actors: b.actors,
        demonyms: b.demonyms,
        organizations: b.organizations,
        trie: b.trie,
        country_index: b.country_index,
        actor_index,
    })
}

/// Each actor's index by its id; the first of an id written twice.
fn actor_index(actors: &[Actor]) -> FxHashMap<String, u32> {
    let mut index = FxHashMap::default();
    for (i, a) in actors.iter().enumerate() {
        index.entry(a.id.clone()).or_insert(i as u32);
    }
    index
}

fn parse_f64(t: &Table<'_>, row: &crate::table::Row<'_>, col: usize) -> Result<f64, LexiconError> {
    row.get(col).parse().map_err(|_| t.error(row, format!("not a number: {:?}", row.get(col))))
}

fn load_countries(b: &mut Builder, src: &Sources) -> Result<(), LexiconError> {
    let t = Table::parse("data/places/countries.tsv", src.countries)?;
    let (c_code, c_name, c_pop, c_lat, c_lon, c_ar) = (
        t.col("code")?,
        t.col("name")?,
        t.col("population")?,
        t.col("lat")?,
        t.col("lon")?,
        t.col("names_ar")?,
    );
    for row in &t.rows {
        let idx = b.places.len() as u32;
        let code = row.get(c_code).to_string();
        let names_ar: Vec<String> = row.list(c_ar).map(String::from).collect();
        b.places.push(Place {
            id: format!("country:{code}"),
            name: row.get(c_name).to_string(),
            names_ar: names_ar.clone(),
            kind: PlaceKind::Country,
            country: code.clone(),
            parent: None,
            lat: parse_f64(&t, row, c_lat)?,
            lon: parse_f64(&t, row, c_lon)?,
            population: row.get(c_pop).parse().unwrap_or(0),
            source: PlaceSource::Country,
        });
        b.country_index.insert(code.clone(), idx);
        for n in &names_ar {
            let k = b.add_name(n, Entity::Place(idx), false);
            b.trusted_keys.entry(k).or_default().push(code.clone());
        }
    }

    // Adjectives and the state forces they name.
    let e = Table::parse("data/places/countries_extra.tsv", src.countries_extra)?;
    let (e_code, e_adj_en, e_adj_ar, e_people) =
        (e.col("code")?, e.col("adjective_en")?, e.col("adjective_ar")?, e.col("people_ar")?);
    let h = Table::parse("data/groups/actor_heads.tsv", src.actor_heads)?;
    let (h_heads, h_gender, h_pattern) =
        (h.col("heads_ar")?, h.col("gender")?, h.col("pattern_en")?);
    for row in &e.rows {
        let code = row.get(e_code);
        let Some(&country) = b.country_index.get(code) else {
            return Err(e.error(row, format!("unknown country {code}")));
        };
        let d = b.demonyms.len() as u32;
        let adjective_en = row.get(e_adj_en).to_string();
        b.demonyms.push(Demonym {
            country,
            code: code.to_string(),
            adjective_en: adjective_en.clone(),
        });
        let weak = WEAK_ADJECTIVES.contains(&code);
        let bases: Vec<String> = row.list(e_adj_ar).map(key).collect();
        let people: Vec<String> = row.list(e_people).map(key).collect();
        let mut masc = Vec::new();
        let mut fem = Vec::new();
        let mut plural = Vec::new();
        for base in &bases {
            masc.push(format!("ال{base}"));
            fem.push(format!("ال{base}ة"));
            plural.push(format!("ال{base}ين"));
            plural.push(format!("ال{base}ون"));
            for form in [base.clone(), format!("{base}ة"), format!("{base}ين"), format!("{base}ون")]
            {
                b.trie.insert(words(&form), Entry { entity: Entity::Demonym(d), weak });
            }
        }
        for p in &people {
            plural.push(format!("ال{p}"));
            b.trie.insert(words(p), Entry { entity: Entity::Demonym(d), weak });
        }
        for form in masc.iter().chain(&fem).chain(&plural) {
            b.trie.insert(words(form), Entry { entity: Entity::Demonym(d), weak });
        }
        // "الجيش الأفغاني", "القوات الأفغانية", "الجنود الأفغان".
        for hrow in &h.rows {
            let pattern = hrow.get(h_pattern);
            let name = pattern.replace("{}", &adjective_en);
            let a = b.actors.len() as u32;
            b.actors.push(Actor {
                id: format!("{}:{code}", pattern.trim_start_matches("{} ").replace(' ', "-")),
                name,
                kind: "state_force".into(),
                country: Some(code.to_string()),
                pattern: None,
            });
            let adjs: &[String] = match hrow.get(h_gender) {
                "m" => &masc,
                "f" => &fem,
                _ => &plural,
            };
            for head in hrow.list(h_heads) {
                let hk = key(head);
                for adj in adjs {
                    let k = format!("{hk} {adj}");
                    b.trie.insert(words(&k), Entry { entity: Entity::Actor(a), weak: false });
                }
            }
        }
    }
    Ok(())
}

fn load_admin(b: &mut Builder, src: &Sources) -> Result<(), LexiconError> {
    let t = Table::parse("data/places/admin.tsv", src.admin)?;
    let cols = (
        t.col("id")?,
        t.col("name")?,
        t.col("kind")?,
        t.col("country")?,
        t.col("parent")?,
        t.col("lat")?,
        t.col("lon")?,
        t.col("names_ar")?,
        t.col("weak")?,
    );
    let (c_id, c_name, c_kind, c_country, c_parent, c_lat, c_lon, c_ar, c_weak) = cols;
    let first = b.places.len();
    let mut parents = Vec::new();
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    for row in &t.rows {
        let idx = b.places.len() as u32;
        let kind = PlaceKind::parse(row.get(c_kind))
            .ok_or_else(|| t.error(row, format!("unknown kind {}", row.get(c_kind))))?;
        let country = row.get(c_country).to_string();
        // Regions that span countries (الشرق الأوسط) have none.
        let spans_countries = country.is_empty() && kind == PlaceKind::Region;
        if !spans_countries && !b.country_index.contains_key(&country) {
            return Err(t.error(row, format!("unknown country {country}")));
        }
        let names_ar: Vec<String> = row.list(c_ar).map(String::from).collect();
        if ids.insert(row.get(c_id), idx).is_some() {
            return Err(t.error(row, format!("duplicate id {}", row.get(c_id))));
        }
        b.places.push(Place {
            id: format!("admin:{}", row.get(c_id)),
            name: row.get(c_name).to_string(),
            names_ar: names_ar.clone(),
            kind,
            country: country.clone(),
            parent: None,
            lat: parse_f64(&t, row, c_lat)?,
            lon: parse_f64(&t, row, c_lon)?,
            population: 0,
            source: PlaceSource::Admin,
        });
        parents.push((row, row.get(c_parent)));
        let weak = row.get(c_weak) == "y";
        for n in &names_ar {
            let k = b.add_name(n, Entity::Place(idx), weak);
            b.trusted_keys.entry(k).or_default().push(country.clone());
        }
    }
    for (i, (row, parent)) in parents.iter().enumerate() {
        let place = &mut b.places[first + i];
        place.parent = if parent.is_empty() {
            b.country_index.get(&place.country).copied()
        } else {
            Some(*ids.get(parent).ok_or_else(|| t.error(row, format!("unknown parent {parent}")))?)
        };
    }
    Ok(())
}

fn load_geonames(b: &mut Builder, src: &Sources) -> Result<(), LexiconError> {
    let stop: rustc_hash::FxHashSet<String> = src
        .stop_places
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(key)
        .collect();
    let t = Table::parse("data/places/geonames.tsv", src.geonames)?;
    let (c_id, c_name, c_country, c_lat, c_lon, c_pop, c_ar) = (
        t.col("geonameid")?,
        t.col("name")?,
        t.col("country")?,
        t.col("lat")?,
        t.col("lon")?,
        t.col("population")?,
        t.col("names_ar")?,
    );
    for row in &t.rows {
        let country = row.get(c_country).to_string();
        let population: u64 = row.get(c_pop).parse().unwrap_or(0);
        let names: Vec<(String, String)> = row
            .list(c_ar)
            .map(|n| (n.to_string(), key(n)))
            .filter(|(_, k)| !stop.contains(k))
            // The same name already names a trusted place in this country:
            // that entry is the same place, better described.
            .filter(|(_, k)| !b.trusted_keys.get(k).is_some_and(|cs| cs.contains(&country)))
            .collect();
        if names.is_empty() {
            continue;
        }
        let idx = b.places.len() as u32;
        b.places.push(Place {
            id: format!("geonames:{}", row.get(c_id)),
            name: row.get(c_name).to_string(),
            names_ar: names.iter().map(|(n, _)| n.clone()).collect(),
            kind: if population >= 100_000 { PlaceKind::City } else { PlaceKind::Town },
            country: country.clone(),
            parent: b.country_index.get(&country).copied(),
            lat: parse_f64(&t, row, c_lat)?,
            lon: parse_f64(&t, row, c_lon)?,
            population,
            source: PlaceSource::GeoNames,
        });
        for (_, k) in &names {
            let short = !k.contains(' ') && letters(k) <= SHORT_NAME_LETTERS;
            let weak = short && population < BIG_PLACE;
            b.trie.insert(words(k), Entry { entity: Entity::Place(idx), weak });
        }
    }
    Ok(())
}

fn load_groups(b: &mut Builder, src: &Sources) -> Result<(), LexiconError> {
    let t = Table::parse("data/groups/groups.tsv", src.groups)?;
    let (c_id, c_name, c_kind, c_parent, c_countries, c_wd, c_ar, c_en, c_weak) = (
        t.col("id")?,
        t.col("name")?,
        t.col("kind")?,
        t.col("parent")?,
        t.col("countries")?,
        t.col("wikidata")?,
        t.col("aliases_ar")?,
        t.col("aliases_en")?,
        t.col("weak_ar")?,
    );
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut parents = Vec::new();
    for row in &t.rows {
        let idx = b.groups.len() as u32;
        if ids.insert(row.get(c_id), idx).is_some() {
            return Err(t.error(row, format!("duplicate id {}", row.get(c_id))));
        }
        let countries: Vec<String> = row
            .get(c_countries)
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
        for c in &countries {
            if !b.country_index.contains_key(c) {
                return Err(t.error(row, format!("unknown country {c}")));
            }
        }
        let aliases_ar: Vec<String> = row.list(c_ar).map(String::from).collect();
        let aliases_en: Vec<String> = row.list(c_en).map(String::from).collect();
        for a in &aliases_ar {
            b.add_name(a, Entity::Group(idx), false);
        }
        for a in row.list(c_weak) {
            b.add_name(a, Entity::Group(idx), true);
        }
        // Acronyms written in Latin letters inside Arabic text (ISIS, PKK).
        for a in aliases_en
            .iter()
            .filter(|a| a.len() >= 3 && a.chars().all(|c| c.is_ascii_uppercase() || c == '-'))
        {
            b.add_name(a, Entity::Group(idx), false);
        }
        let wikidata = Some(row.get(c_wd).to_string()).filter(|w| !w.is_empty());
        b.groups.push(Group {
            id: row.get(c_id).to_string(),
            name: row.get(c_name).to_string(),
            kind: row.get(c_kind).to_string(),
            parent: None,
            countries,
            wikidata,
            aliases_ar,
            aliases_en,
        });
        parents.push((row, row.get(c_parent)));
    }
    for (i, (row, parent)) in parents.iter().enumerate() {
        if !parent.is_empty() {
            let p =
                *ids.get(parent).ok_or_else(|| t.error(row, format!("unknown parent {parent}")))?;
            b.groups[i].parent = Some(p);
        }
    }
    Ok(())
}

fn load_actors(b: &mut Builder, src: &Sources) -> Result<(), LexiconError> {
    let t = Table::parse("data/groups/actors.tsv", src.actors)?;
    let (c_id, c_name, c_kind, c_countries, c_ar) =
        (t.col("id")?, t.col("name")?, t.col("kind")?, t.col("countries")?, t.col("aliases_ar")?);
    for row in &t.rows {
        let idx = b.actors.len() as u32;
        let countries: Vec<&str> =
            row.get(c_countries).split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
        let generic = countries.is_empty();
        let name = row.get(c_name).to_string();
        b.actors.push(Actor {
            id: row.get(c_id).to_string(),
            pattern: generic.then(|| format!("{{}} {name}")),
            name,
            kind: row.get(c_kind).to_string(),
            country: countries.first().map(|c| c.to_string()),
        });
        for a in row.list(c_ar) {
            b.add_name(a, Entity::Actor(idx), false);
        }
    }
    Ok(())
}

fn load_organizations(b: &mut Builder, src: &Sources) -> Result<(), LexiconError> {
    let t = Table::parse("data/groups/organizations.tsv", src.organizations)?;
    let (c_id, c_name, c_kind, c_country, c_ar) =
        (t.col("id")?, t.col("name")?, t.col("kind")?, t.col("country")?, t.col("aliases_ar")?);
    for row in &t.rows {
        let idx = b.organizations.len() as u32;
        let country = Some(row.get(c_country).to_string()).filter(|c| !c.is_empty());
        let aliases_ar: Vec<String> = row.list(c_ar).map(String::from).collect();
        for a in &aliases_ar {
            b.add_name(a, Entity::Org(idx), false);
        }
        b.organizations.push(Organization {
            id: row.get(c_id).to_string(),
            name: row.get(c_name).to_string(),
            kind: row.get(c_kind).to_string(),
            country,
            aliases_ar,
        });
    }
    Ok(())
}
