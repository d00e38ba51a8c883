//! Exports in the formats analysts already load: ACLED-style and GTD-style
//! CSV, GeoJSON, and JSON. `docs/exports.md` documents every column and
//! how rasd's types map to each dataset's.

use std::io::Write;

use rasd_core::{CountQualifier, EventType, Status};
use serde_json::{Value, json};

use crate::link::Incident;
use crate::{Filter, Result, Store, StoreError};

/// English names of countries by ISO code, for columns that want a name.
pub type CountryNames<'a> = &'a dyn Fn(&str) -> Option<String>;

fn io(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!("writing the export: {e}"))
}

/// ACLED's event type and sub-event type for an incident.
pub fn acled_type(i: &Incident) -> (&'static str, &'static str) {
    let civilian = is_civilian(&i.target_type);
    match i.event_type {
        EventType::SuicideBombing => ("Explosions/Remote violence", "Suicide bomb"),
        EventType::Bombing => ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        EventType::AirStrike => ("Explosions/Remote violence", "Air/drone strike"),
        EventType::Shelling => ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        EventType::ArmedClash => ("Battles", "Armed clash"),
        EventType::Kidnapping => ("Violence against civilians", "Abduction/forced disappearance"),
        EventType::ArmedAssault | EventType::Assassination | EventType::Attack if !civilian => {
            ("Battles", "Armed clash")
        }
        EventType::ArmedAssault | EventType::Assassination | EventType::Attack => {
            ("Violence against civilians", "Attack")
        }
    }
}

/// GTD's attack type (code and text) for an incident, `None` for types GTD
/// does not record (clashes, air strikes and shelling by armed forces).
pub fn gtd_attack_type(t: EventType) -> Option<(u8, &'static str)> {
    match t {
        EventType::Assassination => Some((1, "Assassination")),
        EventType::ArmedAssault => Some((2, "Armed Assault")),
        EventType::SuicideBombing | EventType::Bombing => Some((3, "Bombing/Explosion")),
        EventType::Kidnapping => Some((6, "Hostage Taking (Kidnapping)")),
        EventType::Attack => Some((9, "Unknown")),
        EventType::ArmedClash | EventType::AirStrike | EventType::Shelling => None,
    }
}

/// GTD's target type text for rasd's target type.
pub fn gtd_target_type(t: &str) -> &'static str {
    match t {
        "civilians" => "Private Citizens & Property",
        "religious" => "Religious Figures/Institutions",
        "military" => "Military",
        "police" => "Police",
        "government" => "Government (General)",
        "diplomatic" => "Government (Diplomatic)",
        "business" => "Business",
        "education" => "Educational Institution",
        "transportation" => "Transportation",
        "media" => "Journalists & Media",
        "infrastructure" => "Utilities",
        "militants" => "Terrorists/Non-State Militia",
        _ => "Unknown",
    }
}

fn is_civilian(target: &str) -> bool {
    matches!(
        target,
        "civilians"
            | "religious"
            | "business"
            | "education"
            | "transportation"
            | "media"
            | "unknown"
    )
}

/// ACLED's actor type code (`inter1`) for a group id: 1 state forces,
/// 2 rebel groups.
fn inter(id: Option<&str>) -> u8 {
    if id.is_some_and(|i| i.starts_with("actor:")) { 1 } else { 2 }
}

fn country(i: &Incident, names: CountryNames) -> String {
    i.country.as_deref().map(|c| names(c).unwrap_or_else(|| c.to_string())).unwrap_or_default()
}

fn date_parts(date: Option<&str>) -> (String, String, String) {
    let mut it = date.unwrap_or("").split('-');
    let mut next = || it.next().unwrap_or("").to_string();
    (next(), next(), next())
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

const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// Writes incidents as ACLED-style CSV, one row per incident.
pub fn acled_csv<'a>(
    out: &mut dyn Write,
    incidents: impl IntoIterator<Item = &'a Incident>,
    names: CountryNames,
) -> Result<usize> {
    let mut w = csv_writer(out);
    w.write_record(ACLED_COLUMNS).map_err(io)?;
    let mut n = 0;
    for i in incidents {
        let (event_type, sub) = acled_type(i);
        let cname = country(i, names);
        let (actor1, inter1) = match i.perpetrators.first() {
            Some(a) => (a.name.clone(), inter(a.id.as_deref())),
            None => (format!("Unidentified Armed Group ({cname})"), 3),
        };
        let assoc: Vec<&str> = i.perpetrators.iter().skip(1).map(|a| a.name.as_str()).collect();
        let civilian = is_civilian(&i.target_type) && event_type == "Violence against civilians";
        let (actor2, inter2) = match i.target_type.as_str() {
            _ if civilian => (format!("Civilians ({cname})"), 7),
            "military" | "police" => (format!("Military Forces of {cname}"), 1),
            "government" | "diplomatic" => (format!("Government of {cname}"), 1),
            "militants" => ("Unidentified Armed Group".to_string(), 3),
            _ => (String::new(), 0),
        };
        let precision = match i.date.as_deref().map(str::len) {
            Some(10) => "1",
            _ => "3",
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
        if let Some(k) = &i.killed
            && k.min != k.max
        {
            tags.push(format!("fatalities reported {}-{}", k.min.unwrap_or(0), k.max.unwrap_or(0)));
        }
        if i.event_type == EventType::Assassination {
            tags.push("assassination".into());
        }
        let (lat, lon) =
            i.coordinates.map(|[a, b]| (format!("{a:.4}"), format!("{b:.4}"))).unwrap_or_default();
        let year = i.date.as_deref().and_then(|d| d.get(..4)).unwrap_or("");
        w.write_record([
            format!("{}{}", i.country.as_deref().unwrap_or("XX"), i.id).as_str(),
            i.date.as_deref().unwrap_or(""),
            year,
            precision,
            "Political violence",
            event_type,
            sub,
            &actor1,
            &assoc.join("; "),
            &inter1.to_string(),
            &actor2,
            "",
            &if inter2 == 0 { String::new() } else { inter2.to_string() },
            &format!("{}{}", inter1, if inter2 == 0 { String::new() } else { inter2.to_string() }),
            if civilian { "Civilian targeting" } else { "" },
            "",
            "",
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
            &summary(i, names),
            &killed.to_string(),
            &tags.join("; "),
            &timestamp,
        ])
        .map_err(io)?;
        n += 1;
    }
    w.flush().map_err(io)?;
    Ok(n)
}

const GTD_COLUMNS: [&str; 29] = [
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "country_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "summary",
    "attacktype1",
    "attacktype1_txt",
    "targtype1_txt",
    "gname",
    "guncertain1",
    "gname2",
    "guncertain2",
    "claimed",
    "nperps",
    "nkill",
    "nwound",
    "suicide",
    "success",
    "weaptype1_txt",
    "dbsource",
    "scite1",
    "scite2",
];

/// Writes incidents as GTD-style CSV, one row per incident of a type GTD
/// records; returns (written, left out).
pub fn gtd_csv<'a>(
    out: &mut dyn Write,
    incidents: impl IntoIterator<Item = &'a Incident>,
    names: CountryNames,
) -> Result<(usize, usize)> {
    let mut w = csv_writer(out);
    w.write_record(GTD_COLUMNS).map_err(io)?;
    let (mut n, mut left) = (0, 0);
    for i in incidents {
        let Some((code, attack)) = gtd_attack_type(i.event_type) else {
            left += 1;
            continue;
        };
        let (y, m, d) = date_parts(i.date.as_deref());
        let num = |s: &str| {
            if s.is_empty() { "0".to_string() } else { s.trim_start_matches('0').to_string() }
        };
        let eventid = format!(
            "{}{:0>2}{:0>2}{:06}",
            if y.is_empty() { "0000" } else { &y },
            if m.is_empty() { "00" } else { &m },
            if d.is_empty() { "00" } else { &d },
            i.id
        );
        let specificity = match i.geo_precision {
            Some(1) => "1",
            Some(2) => "3",
            Some(3) if i.admin1.is_some() => "3",
            _ => "4",
        };
        let group = |k: usize| i.perpetrators.get(k);
        let uncertain = |k: usize| match group(k) {
            Some(a) if a.status == Status::Suspected => "1",
            Some(_) => "0",
            None => "",
        };
        let claimed = match i.perpetrators.first() {
            Some(a) if a.status == Status::Claimed => "1",
            Some(_) => "0",
            None => "",
        };
        let count = |t: &Option<crate::link::Toll>| {
            t.as_ref().and_then(|t| t.best).map(|v| v.to_string()).unwrap_or_default()
        };
        let weapon = match i.event_type {
            EventType::SuicideBombing | EventType::Bombing => "Explosives",
            EventType::ArmedAssault | EventType::Assassination => "Firearms",
            _ => "Unknown",
        };
        let (lat, lon) =
            i.coordinates.map(|[a, b]| (format!("{a:.4}"), format!("{b:.4}"))).unwrap_or_default();
        let approx = if d.is_empty() { i.date.clone().unwrap_or_default() } else { String::new() };
        w.write_record([
            eventid.as_str(),
            if y.is_empty() { "0" } else { &y },
            &num(&m),
            &num(&d),
            &approx,
            &country(i, names),
            i.admin1.as_deref().unwrap_or(""),
            if i.geo_precision == Some(1) { i.place.as_deref().unwrap_or("") } else { "" },
            &lat,
            &lon,
            specificity,
            &summary(i, names),
            &code.to_string(),
            attack,
            gtd_target_type(&i.target_type),
            group(0).map(|a| a.name.as_str()).unwrap_or("Unknown"),
            uncertain(0),
            group(1).map(|a| a.name.as_str()).unwrap_or(""),
            uncertain(1),
            claimed,
            "",
            &count(&i.killed),
            &count(&i.injured),
            if i.event_type == EventType::SuicideBombing { "1" } else { "0" },
            "1",
            weapon,
            "rasd",
            i.outlets.first().map(String::as_str).unwrap_or(""),
            i.outlets.get(1).map(String::as_str).unwrap_or(""),
        ])
        .map_err(io)?;
        n += 1;
    }
    w.flush().map_err(io)?;
    Ok((n, left))
}

/// An incident as a GeoJSON feature (`null` geometry when unplaced).
pub fn geojson_feature(i: &Incident, names: CountryNames) -> Value {
    let geometry = match i.coordinates {
        Some([lat, lon]) => json!({"type": "Point", "coordinates": [lon, lat]}),
        None => Value::Null,
    };
    json!({
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
    })
}

/// Writes incidents as one GeoJSON FeatureCollection.
pub fn geojson<'a>(
    out: &mut dyn Write,
    incidents: impl IntoIterator<Item = &'a Incident>,
    names: CountryNames,
) -> Result<usize> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[").map_err(io)?;
    let mut n = 0;
    for i in incidents {
        if n > 0 {
            out.write_all(b",\n").map_err(io)?;
        }
        serde_json::to_writer(&mut *out, &geojson_feature(i, names)).map_err(io)?;
        n += 1;
    }
    out.write_all(b"]}\n").map_err(io)?;
    Ok(n)
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

/// Writes what matches a filter in a format; returns how many incidents
/// the format left out (GTD does not record clashes, air strikes or
/// shelling).
pub fn write(
    format: Format,
    out: &mut dyn Write,
    store: &dyn Store,
    filter: &Filter,
    names: CountryNames,
) -> Result<usize> {
    match format {
        Format::Jsonl => articles_jsonl(out, store, filter).map(|_| 0),
        Format::Json => incidents_json(out, store, &store.incidents(filter)?, names).map(|_| 0),
        Format::Acled => acled_csv(out, &store.incidents(filter)?, names).map(|_| 0),
        Format::Gtd => gtd_csv(out, &store.incidents(filter)?, names).map(|(_, left)| left),
        Format::Geojson => geojson(out, &store.incidents(filter)?, names).map(|_| 0),
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
                id: Some("taliban".into()),
                status: Status::Claimed,
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
        }
    }

    fn names(c: &str) -> Option<String> {
        (c == "AF").then(|| "Afghanistan".to_string())
    }

    #[test]
    fn acled_row_has_their_columns_and_values() {
        let mut out = Vec::new();
        acled_csv(&mut out, [&incident(EventType::SuicideBombing)], &names).unwrap();
        let mut r = csv::Reader::from_reader(&out[..]);
        let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(head, ACLED_COLUMNS);
        let row = r.records().next().unwrap().unwrap();
        let get = |c: &str| row[head.iter().position(|h| h == c).unwrap()].to_string();
        assert_eq!(get("sub_event_type"), "Suicide bomb");
        assert_eq!(get("actor1"), "Taliban");
        assert_eq!(get("fatalities"), "17");
        assert_eq!(get("country"), "Afghanistan");
        assert_eq!(get("latitude"), "33.3300");
        assert!(get("tags").contains("fatalities reported 12-17"));
    }

    #[test]
    fn gtd_leaves_out_what_it_does_not_code() {
        let mut out = Vec::new();
        let rows = [incident(EventType::Bombing), incident(EventType::AirStrike)];
        let (n, left) = gtd_csv(&mut out, rows.iter(), &names).unwrap();
        assert_eq!((n, left), (1, 1));
        let mut r = csv::Reader::from_reader(&out[..]);
        let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let row = r.records().next().unwrap().unwrap();
        let get = |c: &str| row[head.iter().position(|h| h == c).unwrap()].to_string();
        assert_eq!(
            (get("iyear"), get("imonth"), get("iday")),
            ("2018".into(), "5".into(), "6".into())
        );
        assert_eq!(get("claimed"), "1");
        assert_eq!(get("attacktype1_txt"), "Bombing/Explosion");
        assert_eq!(get("eventid"), "20180506000007");
    }

    #[test]
    fn geojson_points_are_lon_lat() {
        let f = geojson_feature(&incident(EventType::Bombing), &names);
        assert_eq!(f["geometry"]["coordinates"], json!([69.92, 33.33]));
        assert_eq!(f["properties"]["killed"], json!(17));
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
