//! Exports in the formats analysts already load: ACLED-style and GTD-style
//! CSV, GeoJSON, and JSON. `docs/exports.md` documents every column and
//! how rasd's types map to each dataset's.

use std::io::Write;

use rasd_core::{CountQualifier, EventType, Status};
use serde_json::{Value, json};

use crate::link::Incident;
use crate::{Filter, Result, Store, StoreError, codebook};

/// English names of countries by ISO code, for columns that want a name.
pub type CountryNames<'a> = &'a dyn Fn(&str) -> Option<String>;

fn io(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!("writing the export: {e}"))
}

/// Target types whose victims ACLED counts as civilians.
fn civilian_target(target: &str) -> bool {
    matches!(
        target,
        "civilians"
            | "religious"
            | "business"
            | "education"
            | "transportation"
            | "media"
            | "diplomatic"
    )
}

/// Target types that are armed.
fn armed_target(target: &str) -> bool {
    matches!(target, "military" | "police" | "militants")
}

/// ACLED's event type and sub-event type for an incident. Bombs, strikes
/// and shelling are remote violence whoever they hit; abductions are
/// violence against civilians; an assault is violence against civilians
/// when civilians (or officials) were its target, a battle when armed men
/// were or the target is unknown; a targeted killing is violence against
/// civilians unless its target was armed.
pub fn acled_type(i: &Incident) -> (&'static str, &'static str) {
    let t = i.target_type.as_str();
    match i.event_type {
        EventType::SuicideBombing => ("Explosions/Remote violence", "Suicide bomb"),
        EventType::Bombing => ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        EventType::AirStrike => ("Explosions/Remote violence", "Air/drone strike"),
        EventType::Shelling => ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        EventType::ArmedClash => ("Battles", "Armed clash"),
        EventType::Kidnapping => ("Violence against civilians", "Abduction/forced disappearance"),
        EventType::Assassination if !armed_target(t) => ("Violence against civilians", "Attack"),
        EventType::ArmedAssault | EventType::Attack if civilian_target(t) || t == "government" => {
            ("Violence against civilians", "Attack")
        }
        EventType::ArmedAssault | EventType::Assassination | EventType::Attack => {
            ("Battles", "Armed clash")
        }
    }
}

/// GTD's attack type code for an incident, `None` for types GTD does not
/// record (clashes, air strikes and shelling by armed forces).
pub fn gtd_attack_type(t: EventType) -> Option<u8> {
    match t {
        EventType::Assassination => Some(1),
        EventType::ArmedAssault => Some(2),
        EventType::SuicideBombing | EventType::Bombing => Some(3),
        EventType::Kidnapping => Some(6),
        EventType::Attack => Some(9),
        EventType::ArmedClash | EventType::AirStrike | EventType::Shelling => None,
    }
}

/// GTD's target type code for rasd's target type (20, Unknown, when rasd
/// does not know it).
pub fn gtd_target_type(t: &str) -> u8 {
    match t {
        "business" => 1,
        "government" => 2,
        "police" => 3,
        "military" => 4,
        "diplomatic" => 7,
        "education" => 8,
        "media" => 10,
        "civilians" => 14,
        "religious" => 15,
        "militants" => 17,
        "transportation" => 19,
        "infrastructure" => 21,
        _ => 20,
    }
}

/// GTD's weapon type code: explosives for bombings, else 13 (Unknown): an
/// assault may be with guns, blades or fire, and rasd does not say which.
pub fn gtd_weapon_type(t: EventType) -> u8 {
    match t {
        EventType::SuicideBombing | EventType::Bombing => 6,
        _ => 13,
    }
}

/// ACLED's actor type (`inter1`) for a group: 1 for a state's forces, 8
/// for coalitions and international forces, 2 for armed groups.
fn inter(id: Option<&str>) -> u8 {
    const EXTERNAL: [&str; 7] = [
        "actor:saudi-led-coalition",
        "actor:us-led-coalition",
        "actor:coalition",
        "actor:nato",
        "actor:resolute-support",
        "actor:amisom",
        "actor:un-peacekeepers",
    ];
    match id {
        Some(id) if EXTERNAL.contains(&id) => 8,
        Some(id) if id.starts_with("actor:") => 1,
        _ => 2,
    }
}

/// ACLED's `interaction`: the two actor types as one number, the lower
/// first (12, 27); a one-sided event is the actor's type times ten (20).
pub fn interaction(inter1: u8, inter2: u8) -> u8 {
    if inter2 == 0 { inter1 * 10 } else { inter1.min(inter2) * 10 + inter1.max(inter2) }
}

fn country(i: &Incident, names: CountryNames) -> String {
    i.country.as_deref().map(|c| names(c).unwrap_or_else(|| c.to_string())).unwrap_or_default()
}

fn toll_text(t: &Option<crate::link::Toll>) -> String {
    match t {
        Some(t) => match (t.best, t.qualifier) {
            (Some(v), CountQualifier::AtLeast) => format!("at least {v}"),
            (Some(v), CountQualifier::MoreThan) => format!("more than {v}"),
            (Some(v), CountQualifier::About) => format!("about {v}"),
            (Some(v), CountQualifier::UpTo) => format!("up to {v}"),
            (Some(v), _) => v.to_string(),
            (None, _) => "an unknown number".into(),
        },
        None => "none reported".into(),
    }
}

/// A one-sentence English summary of an incident.
pub fn summary(i: &Incident, names: CountryNames) -> String {
    let place = match (&i.place, i.country.as_deref()) {
        (Some(p), Some(c))
            if !i.place_id.as_deref().is_some_and(|id| id.starts_with("country:")) =>
        {
            format!("{p}, {}", names(c).unwrap_or_else(|| c.to_string()))
        }
        _ => country(i, names),
    };
    let who = match i.perpetrators.first() {
        Some(a) => format!(
            "; {} by {}",
            match a.status {
                Status::Claimed => "claimed",
                Status::Attributed => "attributed",
                Status::Suspected => "suspected",
            },
            a.name
        ),
        None => String::new(),
    };
    format!(
        "{}: {} in {}; killed {}, injured {}{}. {} report(s).",
        i.date.as_deref().unwrap_or("undated"),
        i.event_type.as_str().replace('_', " "),
        if place.is_empty() { "an unknown place".into() } else { place },
        toll_text(&i.killed),
        toll_text(&i.injured),
        who,
        i.reports
    )
}

/// The words behind an incident, for the notes of a row: from the report
/// its best killed figure is from (else its first report), the outlet,
/// the day, the words that tell what happened and the words of the toll.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quote {
    /// The report's outlet.
    pub outlet: Option<String>,
    /// The report's publication day.
    pub published: Option<String>,
    /// The words that say it happened.
    pub event: Option<String>,
    /// The words of the killed figure.
    pub killed: Option<String>,
}

impl Quote {
    /// The quote as a sentence for a notes column, empty when there are no
    /// words to quote.
    pub fn note(&self) -> String {
        let Some(event) = &self.event else { return String::new() };
        let mut s = format!(
            "Evidence ({}, {}): «{}»",
            self.outlet.as_deref().unwrap_or("unknown outlet"),
            self.published.as_deref().unwrap_or("undated"),
            one_line(event)
        );
        if let Some(k) = &self.killed {
            s.push_str(&format!("; killed: «{}»", one_line(k)));
        }
        s.push('.');
        s
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads an incident's quote from the store.
pub fn quote(store: &dyn Store, i: &Incident) -> Result<Quote> {
    let Some((_, reports)) = store.incident(i.id)? else { return Ok(Quote::default()) };
    let best = i.killed.as_ref().and_then(|t| t.best);
    let chosen = reports
        .iter()
        .rev()
        .find(|r| best.is_some() && r.event.killed.as_ref().and_then(|c| c.value) == best)
        .or(reports.first());
    let Some(r) = chosen else { return Ok(Quote::default()) };
    // The whole sentence the words that say it happened are in.
    let text = store.document(r.doc.id)?.map(|d| d.text).unwrap_or_default();
    let event = r.event.evidence.first().map(|e| {
        sentence_around(&text, e.span.start as usize, e.span.end as usize)
            .unwrap_or_else(|| e.text.clone())
    });
    Ok(Quote {
        outlet: r.doc.source.clone(),
        published: r.doc.published.as_deref().map(|p| p.get(..10).unwrap_or(p).to_string()),
        event,
        killed: r.event.killed.as_ref().and_then(|c| c.evidence.first()).map(|e| e.text.clone()),
    })
}

/// The sentence of `text` holding the bytes `start..end`: from after the
/// last full stop, question mark or line break before it to the next one.
pub fn sentence_around(text: &str, start: usize, end: usize) -> Option<String> {
    if start > end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return None;
    }
    let stop = |c: char| matches!(c, '.' | '\n' | '؟' | '?' | '!');
    // Byte offsets after the stop before, and through the stop after (a
    // stop may be two bytes: ؟).
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| stop(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..]
        .char_indices()
        .find(|(_, c)| stop(*c))
        .map_or(text.len(), |(i, c)| end + i + c.len_utf8());
    Some(text[from..to].trim().to_string())
}

/// Finds the quote of an incident (the store's, or a fixed one in tests).
pub type Quotes<'a> = &'a dyn Fn(&Incident) -> Result<Quote>;

/// What an export wrote and what it had to leave out, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Rows (or features) written.
    pub rows: usize,
    /// Counts of incidents left out, each with the reason.
    pub left_out: Vec<(usize, &'static str)>,
}

impl Written {
    fn leave(&mut self, why: &'static str) {
        match self.left_out.iter_mut().find(|(_, w)| *w == why) {
            Some((n, _)) => *n += 1,
            None => self.left_out.push((1, why)),
        }
    }
}

/// The day an incident is dated on in a dataset that needs a day, and how
/// precise it is on ACLED's scale: its own day (1); the first day of its
/// month (3); for a bare year or no date at all, the day it was first
/// reported, as it happened in the week before (2), or, for a year that
/// is not the report's, the first of January (3).
fn dataset_day(i: &Incident) -> Option<(String, u8)> {
    let reported = i.first_reported.as_deref().and_then(|p| p.get(..10)).map(str::to_string);
    match i.date.as_deref() {
        Some(d) if d.len() == 10 => Some((d.to_string(), 1)),
        Some(d) if d.len() == 7 => Some((format!("{d}-01"), 3)),
        Some(y) => match reported {
            Some(r) if r.starts_with(y) => Some((r, 3)),
            _ => Some((format!("{y}-01-01"), 3)),
        },
        None => reported.map(|r| (r, 2)),
    }
}

/// Writes incidents as CSV in the ACLED codebook's columns and codes, one
/// row per incident; incidents with no country or no day are left out
/// (ACLED has neither).
pub fn acled_csv<'a>(
    out: &mut dyn Write,
    incidents: impl IntoIterator<Item = &'a Incident>,
    names: CountryNames,
    quotes: Quotes,
) -> Result<Written> {
    let book = codebook::acled();
    let mut w = csv_writer(out);
    w.write_record(book.columns()).map_err(io)?;
    let mut done = Written::default();
    for i in incidents {
        let Some(c) = i.country.as_deref().and_then(codebook::country) else {
            done.leave("no country (ACLED records every event in a country)");
            continue;
        };
        let Some((date, precision)) = dataset_day(i) else {
            done.leave("no date and no publication date");
            continue;
        };
        let (event_type, sub) = acled_type(i);
        let cname = names(c.code).unwrap_or_else(|| c.name.to_string());
        let (actor1, inter1) = match i.perpetrators.first() {
            Some(a) => (a.name.clone(), inter(a.id.as_deref())),
            None => (format!("Unidentified Armed Group ({cname})"), 3),
        };
        let assoc: Vec<&str> = i.perpetrators.iter().skip(1).map(|a| a.name.as_str()).collect();
        let target = i.target_type.as_str();
        let civilian = civilian_target(target);
        let (actor2, inter2) = match target {
            _ if civilian => (format!("Civilians ({cname})"), 7),
            "military" => (format!("Military Forces of {cname}"), 1),
            "police" => (format!("Police Forces of {cname}"), 1),
            "government" => (format!("Government of {cname}"), 1),
            "militants" => (format!("Unidentified Armed Group ({cname})"), 3),
            _ => (String::new(), 0),
        };
        let timestamp = i
            .last_reported
            .as_deref()
            .and_then(|t| t.parse::<jiff::Timestamp>().ok())
            .map(|t| t.as_second().to_string())
            .unwrap_or_default();
        let killed = i.killed.as_ref().and_then(|t| t.best).unwrap_or(0);
        let mut tags =
            vec![format!("rasd incident {}", i.id), format!("target: {}", i.target_type)];
        if let Some(k) = &i.killed {
            if k.best.is_none() {
                tags.push("fatalities reported without a number".into());
            } else if k.min != k.max {
                tags.push(format!(
                    "fatalities reported {}-{}",
                    k.min.unwrap_or(0),
                    k.max.unwrap_or(0)
                ));
            }
        }
        if i.event_type == EventType::Assassination {
            tags.push("assassination".into());
        }
        if precision == 2 {
            tags.push("date: the week before the first report".into());
        }
        let (lat, lon) =
            i.coordinates.map(|[a, b]| (format!("{a:.4}"), format!("{b:.4}"))).unwrap_or_default();
        let region =
            c.acled_region.and_then(|r| book.name("region", &r.to_string())).unwrap_or_default();
        let notes = {
            let q = quotes(i)?.note();
            let s = summary(i, names);
            if q.is_empty() { s } else { format!("{s} {q}") }
        };
        w.write_record([
            format!("{}{}", c.iso3, i.id).as_str(),
            &date,
            &date[..4],
            &precision.to_string(),
            "Political violence",
            event_type,
            sub,
            &actor1,
            &assoc.join("; "),
            &inter1.to_string(),
            &actor2,
            "",
            &inter2.to_string(),
            &interaction(inter1, inter2).to_string(),
            if civilian { "Civilian targeting" } else { "" },
            &c.iso_numeric.map(|n| n.to_string()).unwrap_or_default(),
            region,
            &cname,
            i.admin1.as_deref().unwrap_or(""),
            "",
            "",
            i.place.as_deref().unwrap_or(&cname),
            &lat,
            &lon,
            &i.geo_precision.map(|g| g.to_string()).unwrap_or_default(),
            &i.outlets.join("; "),
            "",
            &notes,
            &killed.to_string(),
            &tags.join("; "),
            &timestamp,
        ])
        .map_err(io)?;
        done.rows += 1;
    }
    w.flush().map_err(io)?;
    Ok(done)
}

/// GTD's `eventid`s for incidents: the day (`YYYYMMDD`, zeros where the
/// month or day is unknown) and a four-digit number counting the
/// incidents of that day in order of their rasd id, so that an id does
/// not change when later incidents are added.
pub fn gtd_event_ids(all: &[Incident]) -> std::collections::HashMap<i64, String> {
    let mut keyed: Vec<(String, i64)> = all
        .iter()
        .filter_map(|i| gtd_date(i).map(|(y, m, d, _)| (format!("{y:04}{m:02}{d:02}"), i.id)))
        .collect();
    keyed.sort();
    let mut out = std::collections::HashMap::new();
    let mut seq = 0;
    let mut last = String::new();
    for (day, id) in keyed {
        seq = if day == last { seq + 1 } else { 1 };
        out.insert(id, format!("{day}{seq:04}"));
        last = day;
    }
    out
}

/// GTD's year, month and day (0 where unknown) and `approxdate`.
fn gtd_date(i: &Incident) -> Option<(i32, i32, i32, String)> {
    let num = |s: &str| s.parse::<i32>().ok();
    match i.date.as_deref() {
        Some(d) if d.len() == 10 => {
            Some((num(&d[..4])?, num(&d[5..7])?, num(&d[8..])?, String::new()))
        }
        Some(d) if d.len() == 7 => Some((num(&d[..4])?, num(&d[5..])?, 0, d.to_string())),
        Some(y) => Some((num(y)?, 0, 0, y.to_string())),
        None => {
            let r = i.first_reported.as_deref()?.get(..10)?;
            Some((num(&r[..4])?, num(&r[5..7])?, 0, format!("on or before {r}")))
        }
    }
}

/// Writes incidents as CSV in the GTD codebook's 135 columns and codes,
/// one row per incident of a type the GTD records; `ids` are their
/// `eventid`s ([`gtd_event_ids`] over every incident). What rasd does not
/// know is left empty or given the GTD's own unknown code (-9, -99, 13
/// Unknown weapon, 20 Unknown target), never guessed.
pub fn gtd_csv<'a>(
    out: &mut dyn Write,
    incidents: impl IntoIterator<Item = &'a Incident>,
    ids: &std::collections::HashMap<i64, String>,
    names: CountryNames,
    quotes: Quotes,
) -> Result<Written> {
    let book = codebook::gtd();
    let columns = book.columns();
    let mut w = csv_writer(out);
    w.write_record(&columns).map_err(io)?;
    let mut done = Written::default();
    for i in incidents {
        let Some(attack) = gtd_attack_type(i.event_type) else {
            done.leave("the GTD does not record clashes, air strikes or shelling");
            continue;
        };
        let Some(c) = i.country.as_deref().and_then(codebook::country) else {
            done.leave("no country (the GTD records every attack in a country)");
            continue;
        };
        let (Some((y, m, d, approx)), Some(eventid)) = (gtd_date(i), ids.get(&i.id)) else {
            done.leave("no date and no publication date");
            continue;
        };
        let mut row: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
        let mut set = |k: &'static str, v: String| {
            row.insert(k, v);
        };
        set("eventid", eventid.clone());
        set("iyear", y.to_string());
        set("imonth", m.to_string());
        set("iday", d.to_string());
        set("approxdate", approx);
        set("country", c.gtd_country.map(|n| n.to_string()).unwrap_or_default());
        set(
            "country_txt",
            if c.gtd_country_txt.is_empty() {
                names(c.code).unwrap_or_else(|| c.name.to_string())
            } else {
                c.gtd_country_txt.to_string()
            },
        );
        let region = c.gtd_region.map(|r| r.to_string()).unwrap_or_default();
        set("region_txt", book.name("region", &region).unwrap_or_default().to_string());
        set("region", region);
        set("provstate", i.admin1.clone().unwrap_or_default());
        let town = i.geo_precision == Some(1);
        set("city", if town { i.place.clone().unwrap_or_default() } else { String::new() });
        let specificity = match i.geo_precision {
            Some(1) if i.coordinates.is_some() => 1,
            Some(2) => 3,
            Some(3) if i.admin1.is_some() => 4,
            _ => 5,
        };
        if specificity < 5
            && let Some([lat, lon]) = i.coordinates
        {
            set("latitude", format!("{lat:.6}"));
            set("longitude", format!("{lon:.6}"));
        }
        set("specificity", specificity.to_string());
        set("vicinity", "-9".into());
        set("summary", summary(i, names));
        set("doubtterr", "-9".into());
        set("success", "1".into());
        set("suicide", u8::from(i.event_type == EventType::SuicideBombing).to_string());
        set("attacktype1", attack.to_string());
        set(
            "attacktype1_txt",
            book.name("attacktype", &attack.to_string()).unwrap_or_default().to_string(),
        );
        let target = gtd_target_type(&i.target_type).to_string();
        set("targtype1_txt", book.name("targtype", &target).unwrap_or_default().to_string());
        set("targtype1", target);
        let group = |k: usize| i.perpetrators.get(k);
        set("gname", group(0).map(|a| a.name.clone()).unwrap_or_else(|| "Unknown".into()));
        for (k, (name, unsure)) in
            [("gname", "guncertain1"), ("gname2", "guncertain2"), ("gname3", "guncertain3")]
                .into_iter()
                .enumerate()
        {
            if let Some(a) = group(k) {
                set(name, a.name.clone());
                set(unsure, u8::from(a.status == Status::Suspected).to_string());
            }
        }
        set("nperps", "-99".into());
        set("nperpcap", "-99".into());
        let claimed = i.perpetrators.iter().any(|a| a.status == Status::Claimed);
        set("claimed", if claimed { "1" } else { "-9" }.into());
        let weapon = gtd_weapon_type(i.event_type).to_string();
        set("weaptype1_txt", book.name("weaptype", &weapon).unwrap_or_default().to_string());
        set("weaptype1", weapon);
        let count = |t: &Option<crate::link::Toll>| {
            t.as_ref().and_then(|t| t.best).map(|v| v.to_string()).unwrap_or_default()
        };
        set("nkill", count(&i.killed));
        set("nwound", count(&i.injured));
        set("property", "-9".into());
        set("ishostkid", u8::from(i.event_type == EventType::Kidnapping).to_string());
        let mut notes = vec![format!("rasd incident {}", i.id)];
        if let Some(k) = &i.killed
            && k.min != k.max
        {
            notes.push(format!(
                "fatalities reported {}-{}",
                k.min.unwrap_or(0),
                k.max.unwrap_or(0)
            ));
        }
        let q = quotes(i)?.note();
        if !q.is_empty() {
            notes.push(q);
        }
        set("addnotes", notes.join("; "));
        for (k, col) in ["scite1", "scite2", "scite3"].into_iter().enumerate() {
            set(col, i.outlets.get(k).cloned().unwrap_or_default());
        }
        set("dbsource", "rasd".into());
        for col in ["INT_LOG", "INT_IDEO", "INT_MISC", "INT_ANY"] {
            set(col, "-9".into());
        }
        w.write_record(columns.iter().map(|c| row.get(c).map(String::as_str).unwrap_or("")))
            .map_err(io)?;
        done.rows += 1;
    }
    w.flush().map_err(io)?;
    Ok(done)
}

/// An incident as a GeoJSON feature, `None` when it has no coordinates.
pub fn geojson_feature(i: &Incident, names: CountryNames) -> Option<Value> {
    let [lat, lon] = i.coordinates?;
    let geometry = json!({"type": "Point", "coordinates": [lon, lat]});
    Some(json!({
        "type": "Feature",
        "id": i.id,
        "geometry": geometry,
        "properties": {
            "type": i.event_type.as_str(),
            "date": i.date,
            "country": i.country,
            "country_name": i.country.as_deref().and_then(names),
            "place": i.place,
            "place_ar": i.place_ar,
            "admin1": i.admin1,
            "geo_precision": i.geo_precision,
            "perpetrators": i.perpetrators,
            "killed": i.killed.as_ref().and_then(|t| t.best),
            "killed_range": i.killed.as_ref().map(|t| [t.min, t.max]),
            "injured": i.injured.as_ref().and_then(|t| t.best),
            "target_type": i.target_type,
            "reports": i.reports,
            "outlets": i.outlets,
            "summary": summary(i, names),
        }
    }))
}

/// Writes incidents as one GeoJSON FeatureCollection; incidents without
/// coordinates are left out (a feature without a geometry breaks most GIS
/// tools).
pub fn geojson<'a>(
    out: &mut dyn Write,
    incidents: impl IntoIterator<Item = &'a Incident>,
    names: CountryNames,
) -> Result<Written> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[").map_err(io)?;
    let mut done = Written::default();
    for i in incidents {
        let Some(feature) = geojson_feature(i, names) else {
            done.leave("no coordinates");
            continue;
        };
        if done.rows > 0 {
            out.write_all(b",\n").map_err(io)?;
        }
        serde_json::to_writer(&mut *out, &feature).map_err(io)?;
        done.rows += 1;
    }
    out.write_all(b"]}\n").map_err(io)?;
    Ok(done)
}

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One line per article in the eval contract, events with their
    /// incident ids.
    Jsonl,
    /// Incidents with their summary and every report, one JSON array.
    Json,
    /// ACLED-style CSV.
    Acled,
    /// GTD-style CSV.
    Gtd,
    /// A GeoJSON FeatureCollection.
    Geojson,
}

impl std::str::FromStr for Format {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Format> {
        Ok(match s {
            "jsonl" => Format::Jsonl,
            "json" => Format::Json,
            "acled" => Format::Acled,
            "gtd" => Format::Gtd,
            "geojson" => Format::Geojson,
            _ => {
                return Err(StoreError::Invalid(format!(
                    "format={s:?}: jsonl, json, acled, gtd or geojson"
                )));
            }
        })
    }
}

impl Format {
    /// The media type of the output.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Jsonl => "application/x-ndjson",
            Format::Json => "application/json",
            Format::Acled | Format::Gtd => "text/csv; charset=utf-8",
            Format::Geojson => "application/geo+json",
        }
    }

    /// A file name ending for the output.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Acled => "acled.csv",
            Format::Gtd => "gtd.csv",
            Format::Geojson => "geojson",
        }
    }
}

/// Writes what matches a filter in a format; says what it wrote and what
/// the format had to leave out (the GTD does not record clashes; ACLED and
/// the GTD have no event without a country; GeoJSON no feature without a
/// place).
pub fn write(
    format: Format,
    out: &mut dyn Write,
    store: &dyn Store,
    filter: &Filter,
    names: CountryNames,
) -> Result<Written> {
    let quotes = |i: &Incident| quote(store, i);
    let all = |n: usize| Written { rows: n, left_out: Vec::new() };
    match format {
        // The eval contract has every article's every event, history too.
        Format::Jsonl => {
            let f = Filter { include_history: true, ..filter.clone() };
            articles_jsonl(out, store, &f).map(all)
        }
        Format::Json => incidents_json(out, store, &store.incidents(filter)?, names).map(all),
        Format::Acled => acled_csv(out, &store.incidents(filter)?, names, &quotes),
        Format::Gtd => {
            // Event ids count every incident of a day, whatever the filter,
            // so that an incident keeps its id from one export to the next.
            let everything = Filter { include_history: true, ..Filter::default() };
            let ids = gtd_event_ids(&store.incidents(&everything)?);
            gtd_csv(out, &store.incidents(filter)?, &ids, names, &quotes)
        }
        Format::Geojson => geojson(out, &store.incidents(filter)?, names),
    }
}

/// Writes the articles with an event matching the filter (every article
/// when it says nothing about events) as JSON Lines in the eval contract.
pub fn articles_jsonl(out: &mut dyn Write, store: &dyn Store, filter: &Filter) -> Result<usize> {
    let only: Option<std::collections::HashSet<i64>> =
        store.documents_matching(filter)?.map(|v| v.into_iter().collect());
    let mut n = 0;
    let mut failed = None;
    store.for_each_document(&mut |d| {
        if only.as_ref().is_some_and(|o| !o.contains(&d.info.id)) {
            return true;
        }
        let rec = json!({"id": d.info.ext_id, "published": d.info.published, "url": d.info.url,
            "source": d.info.source, "events": d.events});
        match serde_json::to_writer(&mut *out, &rec)
            .map_err(io)
            .and_then(|_| writeln!(out).map_err(io))
        {
            Ok(()) => {
                n += 1;
                true
            }
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    })?;
    failed.map_or(Ok(n), Err)
}

/// Writes incidents with their summary and every report (with its article
/// and evidence) as one JSON array.
pub fn incidents_json(
    out: &mut dyn Write,
    store: &dyn Store,
    incidents: &[Incident],
    names: CountryNames,
) -> Result<usize> {
    out.write_all(b"[").map_err(io)?;
    for (n, i) in incidents.iter().enumerate() {
        let reports = store.incident(i.id)?.map(|(_, r)| r).unwrap_or_default();
        let v = json!({"incident": i, "summary": summary(i, names), "reports": reports});
        out.write_all(if n > 0 { b",\n" } else { b"\n" }).map_err(io)?;
        serde_json::to_writer(&mut *out, &v).map_err(io)?;
    }
    out.write_all(b"\n]\n").map_err(io)?;
    Ok(incidents.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::{Author, Toll};

    fn incident(ty: EventType) -> Incident {
        Incident {
            id: 7,
            event_type: ty,
            date: Some("2018-05-06".into()),
            country: Some("AF".into()),
            place: Some("Khost".into()),
            place_ar: Some("خوست".into()),
            place_id: Some("admin:af-khost".into()),
            admin1: Some("Khost".into()),
            coordinates: Some([33.33, 69.92]),
            geo_precision: Some(1),
            perpetrators: vec![Author {
                name: "Taliban".into(),
                id: Some("group:taliban".into()),
                status: Claimed,
                reports: 2,
            }],
            killed: Some(Toll {
                best: Some(17),
                qualifier: CountQualifier::AtLeast,
                min: Some(12),
                max: Some(17),
                reports: 2,
                rule: "latest".into(),
            }),
            injured: None,
            target_type: "civilians".into(),
            reports: 2,
            outlets: vec!["a".into(), "b".into()],
            first_reported: Some("2018-05-06T10:00:00+04:30".into()),
            last_reported: Some("2018-05-07T10:00:00+04:30".into()),
            window_first: None,
            window_last: None,
            history: false,
            confidence: 0.8,
        }
    }

    fn names(c: &str) -> Option<String> {
        codebook::country(c).map(|c| c.name.to_string())
    }

    fn quotes(_: &Incident) -> Result<Quote> {
        Ok(Quote {
            outlet: Some("a".into()),
            published: Some("2018-05-06".into()),
            event: Some("انفجار".into()),
            killed: Some("17 قتيلا".into()),
        })
    }

    /// The rows of a CSV as maps from column to value, after checking the
    /// header is the codebook's.
    fn rows(
        out: &[u8],
        book: &codebook::Codebook,
    ) -> Vec<std::collections::HashMap<String, String>> {
        let mut r = csv::Reader::from_reader(out);
        let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(head, book.columns(), "the header is the codebook's column list");
        r.records()
            .map(|row| head.iter().cloned().zip(row.unwrap().iter().map(str::to_string)).collect())
            .collect()
    }

    /// An incident changed by a case: type, target, first group's id and
    /// status (or none), country, date.
    fn case(
        ty: EventType,
        target: &str,
        group: Option<(&str, Status)>,
        country: &str,
        date: Option<&str>,
    ) -> Incident {
        let mut i = incident(ty);
        i.target_type = target.into();
        i.perpetrators = group
            .map(|(id, status)| Author {
                name: id.rsplit(':').next().unwrap_or(id).into(),
                id: Some(id.into()),
                status,
                reports: 1,
            })
            .into_iter()
            .collect();
        i.country = Some(country.into());
        i.date = date.map(str::to_string);
        i
    }

    use EventType::*;
    use Status::*;

    #[test]
    fn acled_rows_use_the_codebook_columns_and_codes() {
        // (incident, event_type, sub_event_type, inter1, inter2, interaction,
        // civilian_targeting, time_precision)
        let cases = [
            (
                case(Bombing, "civilians", Some(("group:iskp", Claimed)), "AF", Some("2018-05-06")),
                "Explosions/Remote violence",
                "Remote explosive/landmine/IED",
                "2",
                "7",
                "27",
                "Civilian targeting",
                "1",
            ),
            (
                case(ArmedAssault, "military", None, "IQ", Some("2019-03")),
                "Battles",
                "Armed clash",
                "3",
                "1",
                "13",
                "",
                "3",
            ),
            (
                case(ArmedAssault, "unknown", Some(("group:taliban", Attributed)), "AF", None),
                "Battles",
                "Armed clash",
                "2",
                "0",
                "20",
                "",
                "2",
            ),
            (
                case(
                    AirStrike,
                    "militants",
                    Some(("actor:us-led-coalition", Claimed)),
                    "SY",
                    Some("2018-05-06"),
                ),
                "Explosions/Remote violence",
                "Air/drone strike",
                "8",
                "3",
                "38",
                "",
                "1",
            ),
            (
                case(
                    Shelling,
                    "civilians",
                    Some(("actor:army:SY", Attributed)),
                    "SY",
                    Some("2018-05-06"),
                ),
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
                "1",
                "7",
                "17",
                "Civilian targeting",
                "1",
            ),
            (
                case(
                    Assassination,
                    "government",
                    Some(("group:al-shabaab", Claimed)),
                    "SO",
                    Some("2018-05-06"),
                ),
                "Violence against civilians",
                "Attack",
                "2",
                "1",
                "12",
                "",
                "1",
            ),
            (
                case(Kidnapping, "unknown", None, "NG", Some("2018-05-06")),
                "Violence against civilians",
                "Abduction/forced disappearance",
                "3",
                "0",
                "30",
                "",
                "1",
            ),
        ];
        let incidents: Vec<Incident> = cases.iter().map(|c| c.0.clone()).collect();
        let mut out = Vec::new();
        let done = acled_csv(&mut out, &incidents, &names, &quotes).unwrap();
        assert_eq!(done.rows, cases.len());
        let book = codebook::acled();
        for (row, c) in rows(&out, book).iter().zip(&cases) {
            let got = |k: &str| row[k].as_str();
            let want = (c.1, c.2, c.3, c.4, c.5, c.6, c.7);
            assert_eq!(
                (
                    got("event_type"),
                    got("sub_event_type"),
                    got("inter1"),
                    got("inter2"),
                    got("interaction"),
                    got("civilian_targeting"),
                    got("time_precision")
                ),
                want,
                "{:?} on {}",
                c.0.event_type,
                c.0.target_type
            );
            // Every code is one of the codebook's.
            let country = codebook::country(c.0.country.as_deref().unwrap()).unwrap();
            assert_eq!(got("event_id_cnty"), format!("{}7", country.iso3));
            assert_eq!(got("iso"), country.iso_numeric.unwrap().to_string());
            let region = country.acled_region.unwrap().to_string();
            assert_eq!(Some(got("region")), book.name("region", &region));
            assert!(book.has("sub_event_type", got("event_type"), got("sub_event_type")));
            assert!(book.values("disorder_type").contains(&got("disorder_type")));
            for k in ["inter1", "inter2"] {
                assert!(got(k) == "0" || book.name("inter", got(k)).is_some(), "{k}={}", got(k));
            }
            assert!(book.name("time_precision", got("time_precision")).is_some());
            assert!(book.name("geo_precision", got("geo_precision")).is_some());
            assert!(
                got("civilian_targeting").is_empty()
                    || book.values("civilian_targeting").contains(&got("civilian_targeting"))
            );
            assert_eq!(got("event_date").len(), 10, "every row has a day");
            assert_eq!(got("year"), &got("event_date")[..4]);
            assert!(got("notes").contains("Evidence (a, 2018-05-06): «انفجار»; killed: «17 قتيلا»"));
        }
        // An undated incident is dated by its first report, a week's precision.
        let undated = &rows(&out, book)[2];
        assert_eq!(undated["event_date"], "2018-05-06");
    }

    #[test]
    fn acled_leaves_out_what_has_no_country() {
        let mut i = incident(Bombing);
        i.country = None;
        let mut out = Vec::new();
        let done = acled_csv(&mut out, [&i], &names, &quotes).unwrap();
        assert_eq!(done.rows, 0);
        assert_eq!(done.left_out.len(), 1);
    }

    #[test]
    fn gtd_rows_use_the_codebook_columns_and_codes() {
        let mut month =
            case(Bombing, "police", Some(("group:iskp", Suspected)), "PK", Some("2018-05"));
        month.id = 9;
        let mut undated = case(Kidnapping, "unknown", None, "OM", None);
        undated.id = 10;
        let mut strike = case(AirStrike, "militants", None, "SY", Some("2018-05-06"));
        strike.id = 11;
        let incidents = vec![
            case(
                SuicideBombing,
                "civilians",
                Some(("group:iskp", Claimed)),
                "AF",
                Some("2018-05-06"),
            ),
            month,
            undated,
            strike,
        ];
        let ids = gtd_event_ids(&incidents);
        let mut out = Vec::new();
        let done = gtd_csv(&mut out, &incidents, &ids, &names, &quotes).unwrap();
        assert_eq!(done.rows, 3);
        assert_eq!(
            done.left_out,
            vec![(1, "the GTD does not record clashes, air strikes or shelling")]
        );
        let book = codebook::gtd();
        let rows = rows(&out, book);
        for row in &rows {
            let got = |k: &str| row[k].as_str();
            assert_eq!(got("eventid").len(), 12, "{}", got("eventid"));
            assert!(got("eventid").starts_with(&format!(
                "{:0>4}{:0>2}{:0>2}",
                got("iyear"),
                got("imonth"),
                got("iday")
            )));
            assert_ne!(got("iyear"), "0");
            for (code, txt, kind) in [
                ("region", "region_txt", "region"),
                ("attacktype1", "attacktype1_txt", "attacktype"),
                ("targtype1", "targtype1_txt", "targtype"),
                ("weaptype1", "weaptype1_txt", "weaptype"),
            ] {
                assert!(
                    book.has(kind, got(code), got(txt)),
                    "{code}={} {txt}={}",
                    got(code),
                    got(txt)
                );
            }
            assert!(book.name("specificity", got("specificity")).is_some());
            for k in ["claimed", "doubtterr", "property", "ishostkid"] {
                assert!(book.name("yes_no_unknown", got(k)).is_some(), "{k}={}", got(k));
            }
            let c = codebook::countries()
                .iter()
                .find(|c| c.gtd_country_txt == got("country_txt") || c.name == got("country_txt"))
                .unwrap();
            assert_eq!(got("country"), c.gtd_country.map(|n| n.to_string()).unwrap_or_default());
        }
        let get = |n: usize, k: &str| rows[n][k].clone();
        assert_eq!(
            (get(0, "eventid"), get(0, "country"), get(0, "claimed"), get(0, "suicide")),
            ("201805060001".into(), "4".into(), "1".into(), "1".into())
        );
        assert_eq!(
            (get(0, "attacktype1_txt"), get(0, "targtype1_txt"), get(0, "weaptype1_txt")),
            ("Bombing/Explosion".into(), "Private Citizens & Property".into(), "Explosives".into())
        );
        // A month: day 0, the month in approxdate; a suspect is uncertain.
        assert_eq!(
            (get(1, "eventid"), get(1, "iday"), get(1, "approxdate"), get(1, "guncertain1")),
            ("201805000001".into(), "0".into(), "2018-05".into(), "1".into())
        );
        // Unknown stays unknown: no GTD code for Oman, Unknown weapon and target, -9 for the claim.
        assert_eq!(
            (
                get(2, "country"),
                get(2, "weaptype1"),
                get(2, "targtype1"),
                get(2, "claimed"),
                get(2, "gname")
            ),
            ("".into(), "13".into(), "20".into(), "-9".into(), "Unknown".into())
        );
        assert_eq!(get(2, "approxdate"), "on or before 2018-05-06");
        assert_eq!(get(0, "nkill"), "17");
    }

    #[test]
    fn the_quote_is_the_whole_sentence() {
        let text =
            "عنوان الخبر\n\nقال مسؤول. قتل خمسة في انفجار سيارة مفخخة بالسوق. وأضاف المسؤول.";
        let at = text.find("انفجار").unwrap();
        assert_eq!(
            sentence_around(text, at, at + "انفجار".len()).as_deref(),
            Some("قتل خمسة في انفجار سيارة مفخخة بالسوق.")
        );
        assert_eq!(sentence_around(text, 1, 2), None, "not on a character boundary");
    }

    #[test]
    fn event_ids_number_the_incidents_of_a_day() {
        let mut a = incident(Bombing);
        a.id = 3;
        let mut b = incident(Bombing);
        b.id = 1;
        let ids = gtd_event_ids(&[a, b]);
        assert_eq!((ids[&1].as_str(), ids[&3].as_str()), ("201805060001", "201805060002"));
    }

    #[test]
    fn geojson_points_are_lon_lat_and_unplaced_incidents_are_left_out() {
        let f = geojson_feature(&incident(Bombing), &names).unwrap();
        assert_eq!(f["geometry"]["coordinates"], json!([69.92, 33.33]));
        assert_eq!(f["properties"]["killed"], json!(17));
        let mut nowhere = incident(Bombing);
        nowhere.coordinates = None;
        let mut out = Vec::new();
        let done = geojson(&mut out, [&incident(Bombing), &nowhere], &names).unwrap();
        assert_eq!((done.rows, done.left_out.len()), (1, 1));
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert!(v["features"].as_array().unwrap().iter().all(|f| !f["geometry"].is_null()));
    }
}

/// A CSV writer that neutralises formulas: a cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return (OWASP's rule for CSV
/// injection) gets a leading `'`, so a spreadsheet shows it as text instead
/// of running it. Plain numbers (`-3`, `-12.5`) are left as they are: they
/// cannot be formulas. Every CSV rasd writes goes through it.
pub struct CsvWriter<W: Write>(csv::Writer<W>);

/// A [`CsvWriter`] over `out`.
pub fn csv_writer<W: Write>(out: W) -> CsvWriter<W> {
    CsvWriter(csv::Writer::from_writer(out))
}

impl<W: Write> CsvWriter<W> {
    /// Writes one record, each cell neutralised.
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let cells: Vec<std::borrow::Cow<'_, [u8]>> = record
            .into_iter()
            .map(|c| match neutralise(c.as_ref()) {
                Some(v) => std::borrow::Cow::Owned(v),
                None => std::borrow::Cow::Owned(c.as_ref().to_vec()),
            })
            .collect();
        self.0.write_record(cells)
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The cell with a leading `'` when a spreadsheet would read it as a
/// formula; `None` when it is safe as it is.
pub fn neutralise(cell: &[u8]) -> Option<Vec<u8>> {
    let first = *cell.first()?;
    if !b"=+-@\t\r".contains(&first) {
        return None;
    }
    let number = std::str::from_utf8(cell).is_ok_and(|s| {
        s.len() > 1
            && s[1..].bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && s[1..].bytes().any(|b| b.is_ascii_digit())
            && (first == b'-' || first == b'+')
    });
    if number {
        return None;
    }
    let mut out = Vec::with_capacity(cell.len() + 1);
    out.push(b'\'');
    out.extend_from_slice(cell);
    Some(out)
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    /// Each line: a cell, and how it is written.
    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        let cases = [
            (
                "=HYPERLINK(\"http://x.example\",\"click\")",
                "'=HYPERLINK(\"http://x.example\",\"click\")",
            ),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\tX", "'\tX"),
            ("-", "'-"),
            ("-12.5", "-12.5"),
            ("+3", "+3"),
            ("69.17", "69.17"),
            ("وكالة = الأنباء", "وكالة = الأنباء"),
            ("", ""),
        ];
        for (cell, want) in cases {
            let mut out = Vec::new();
            let mut w = csv_writer(&mut out);
            w.write_record([cell]).unwrap();
            w.flush().unwrap();
            drop(w);
            let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&out[..]);
            let got = r.records().next().unwrap().unwrap();
            assert_eq!(&got[0], want, "{cell}");
        }
    }
}
