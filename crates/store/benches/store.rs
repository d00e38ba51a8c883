//! Storing, linking and querying: articles per second into a fresh store,
//! and the latency of a filtered query and a search.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rasd_core::{Count, CountQualifier, Doc, Event, EventType};
use rasd_store::{Article, Database, Filter, SqliteStore, Store};

const PLACES: [(&str, &str, f64, f64); 6] = [
    ("Kabul", "AF", 34.53, 69.17),
    ("Jalalabad", "AF", 34.43, 70.45),
    ("Mosul", "IQ", 36.34, 43.13),
    ("Mogadishu", "SO", 2.04, 45.34),
    ("Aden", "YE", 12.78, 45.04),
    ("Idlib", "SY", 35.93, 36.63),
];

/// `n` articles over a year, each with one event; every third article
/// retells the event of the one before (same day and place).
fn articles(n: usize) -> Vec<Article> {
    (0..n)
        .map(|k| {
            let base = if k % 3 == 2 { k - 1 } else { k };
            let (place, country, lat, lon) = PLACES[base % PLACES.len()];
            let day = jiff::civil::date(2018, 1, 1)
                .checked_add(jiff::Span::new().days((base / 6 % 365) as i64))
                .expect("a day in 2018");
            let event = Event {
                date: Some(day.to_string()),
                country: Some(country.into()),
                place: Some(place.into()),
                place_id: Some(format!("bench:{place}")),
                coordinates: Some([lat, lon]),
                geo_precision: Some(1),
                killed: Some(Count {
                    value: Some((k % 20) as u32),
                    qualifier: CountQualifier::Exact,
                    evidence: vec![],
                }),
                target_type: "civilians".into(),
                main: true,
                confidence: 0.9,
                ..Event::new(if base % 2 == 0 { EventType::Bombing } else { EventType::ArmedAssault })
            };
            Article {
                doc: Doc {
                    id: format!("bench-{k}"),
                    published: Some(format!("{day}T20:00:00+03:00")),
                    text: format!("قتل {} أشخاص في انفجار عبوة ناسفة في سوق {place} صباح اليوم، وفق مصادر أمنية. رقم {k}", k % 20),
                    ..Doc::default()
                },
                events: vec![event],
                mentions: vec![],
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let batch = articles(600);
    let mut g = c.benchmark_group("store");
    g.throughput(Throughput::Elements(batch.len() as u64));
    g.sample_size(10);
    g.bench_function("ingest and link 600 articles (in memory)", |b| {
        b.iter(|| {
            let mut s = SqliteStore::in_memory().expect("a store");
            for chunk in batch.chunks(200) {
                s.ingest(chunk).expect("stored");
            }
        })
    });
    g.finish();

    let dir = std::env::temp_dir().join(format!("rasd-bench-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let mut db = Database::open(&dir.join("b.db")).expect("a database");
    for chunk in articles(6000).chunks(500) {
        db.store.ingest(chunk).expect("stored");
    }
    db.sync_index().expect("indexed");
    let filter = Filter {
        countries: vec!["AF".into()],
        types: vec![EventType::Bombing],
        min_killed: Some(5),
        limit: Some(50),
        ..Filter::default()
    };
    c.bench_function("events query, 6000 articles", |b| {
        b.iter(|| db.store.events(&filter).expect("rows"))
    });
    c.bench_function("search with a filter, 6000 articles", |b| {
        b.iter(|| db.search("انفجار سوق", &filter).expect("results"))
    });
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
