//! Articles made up for the tests, varied where the backends could
//! differ: missing and equal publication times, undated and loosely dated
//! events, names that differ only in case, groups with and without ids,
//! aggregates, recalled history, mentions at the same place.

use rasd_core::{Count, CountQualifier, Doc, Event, EventType, Mention, Perpetrator, Span, Status};
use rasd_store::Article;

const PLACES: [(&str, &str, &str, [f64; 2]); 5] = [
    ("Mosul", "IQ", "الموصل", [36.34, 43.13]),
    ("Kirkuk", "IQ", "كركوك", [35.47, 44.39]),
    ("Kabul", "AF", "كابول", [34.53, 69.17]),
    ("Khost", "AF", "خوست", [33.34, 69.92]),
    ("Idlib", "SY", "إدلب", [35.93, 36.63]),
];

const TYPES: [EventType; 5] = [
    EventType::Bombing,
    EventType::SuicideBombing,
    EventType::ArmedAssault,
    EventType::AirStrike,
    EventType::Attack,
];

fn group(k: usize) -> Option<Perpetrator> {
    let (name, id, status) = match k % 5 {
        0 => ("Islamic State", Some("group:is"), Status::Claimed),
        1 => ("Taliban", Some("group:taliban"), Status::Attributed),
        2 => ("Unknown Gunmen", None, Status::Suspected),
        3 => ("Iraqi army", Some("actor:army:IQ"), Status::Attributed),
        _ => return None,
    };
    Some(Perpetrator {
        name: name.into(),
        name_ar: None,
        aliases: vec![],
        status,
        id: id.map(str::to_string),
        evidence: vec![],
    })
}

/// The `j`th event of article `k`.
fn event(k: usize, j: usize) -> Event {
    let base = k / 3; // three articles per story
    let (place, country, place_ar, at) = PLACES[(base + j) % PLACES.len()];
    let day = 1 + (base % 20) as i8;
    let date = match (k + j) % 9 {
        0 => None,
        1 => Some("2019-03".to_string()),
        2 => Some("2019".to_string()),
        _ => Some(format!("2019-03-{day:02}")),
    };
    let killed = match k % 4 {
        0 => None,
        1 => Some(Count { value: None, qualifier: CountQualifier::Vague, evidence: vec![] }),
        _ => Some(Count {
            value: Some((base % 7 + k % 2) as u32),
            qualifier: CountQualifier::AtLeast,
            evidence: vec![],
        }),
    };
    Event {
        date,
        country: (k % 13 != 5).then(|| country.to_string()),
        place: Some(if k % 6 == 1 { place.to_lowercase() } else { place.to_string() }),
        place_ar: Some(place_ar.into()),
        place_id: Some(format!("test:{place}")),
        admin1: (j == 0).then(|| format!("{place} Province")),
        coordinates: k.is_multiple_of(2).then_some(at),
        geo_precision: Some(1),
        killed,
        injured: k.is_multiple_of(3).then(|| Count {
            value: Some(k as u32 % 11),
            qualifier: CountQualifier::Exact,
            evidence: vec![],
        }),
        perpetrators: group(base + j)
            .into_iter()
            .chain(group(k + 2).filter(|_| k.is_multiple_of(7)))
            .collect(),
        target_type: ["civilians", "security_forces", "unknown"][k % 3].into(),
        main: j == 0,
        aggregate: k % 17 == 3 && j == 1,
        history: k % 19 == 4,
        confidence: (k % 10) as f64 / 10.0,
        ..Event::new(TYPES[(base + j) % TYPES.len()])
    }
}

/// `n` articles; about every third retells the story before it.
pub fn articles(n: usize) -> Vec<Article> {
    (0..n)
        .map(|k| {
            let base = k / 3;
            let published = match k % 11 {
                0 => None,
                // Equal publication times across articles.
                1 | 2 => Some(format!("2019-03-{:02}T12:00:00Z", 1 + base % 20)),
                _ => Some(format!("2019-03-{:02}T{:02}:{:02}:00Z", 1 + base % 20, k % 24, k % 60)),
            };
            let text = format!("نص الخبر رقم {k}: انفجار في {} أسفر عن قتلى.", PLACES[base % 5].2);
            let mentions = vec![
                Mention {
                    kind: "place".into(),
                    entity: format!("test:{}", PLACES[base % 5].0),
                    name: PLACES[base % 5].0.into(),
                    span: Span::new(0, 4),
                    text: "نص".into(),
                },
                Mention {
                    kind: "group".into(),
                    entity: "group:is".into(),
                    name: "Islamic State".into(),
                    span: Span::new(0, 4),
                    text: "نص".into(),
                },
            ];
            Article {
                doc: Doc {
                    id: format!("a{k}"),
                    url: (k % 4 != 0).then(|| format!("https://example.invalid/{k}")),
                    source: (k % 5 != 0).then(|| format!("outlet{}", k % 3)),
                    published,
                    title: (k % 2 == 0).then(|| format!("عنوان {k}")),
                    text,
                },
                events: (0..k % 3).map(|j| event(k, j)).collect(),
                mentions,
            }
        })
        .collect()
}

/// Corrections, copies and older texts read again, to ingest after
/// `articles(n)`.
pub fn revisions(n: usize) -> Vec<Article> {
    let all = articles(n);
    let mut corrected = all[7].clone();
    corrected.doc.text.push_str(" (تحديث)");
    corrected.events.push(event(8, 0));
    let mut copy = all[10].clone();
    copy.doc.id = "copy".into();
    copy.doc.url = Some("https://example.invalid/copy".into());
    let mut emptied = all[13].clone();
    emptied.doc.text.push_str(" (تصحيح)");
    emptied.events.clear();
    vec![corrected, copy, all[7].clone(), emptied, all[20].clone()]
}
