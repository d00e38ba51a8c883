//! Several processes writing one PostgreSQL database at once (workers).
//!
//! Writers take turns (a lock per schema), so each batch is linked
//! against every batch committed before it, as if one process had stored
//! the batches in commit order. Incremental linking depends on that order
//! (a report joins only incidents already stored), so the incidents of
//! four writers differ from one writer's in the cases where order decides;
//! a relink, which links in publication order with ties broken by article
//! key, makes them equal whatever the order of arrival.

use std::collections::{BTreeMap, BTreeSet};

use rasd_store::{Filter, Store};
use serde_json::Value;
use std::io::Write;

use crate::{backends, data, linking};

/// Each incident as the set of reports it holds (article and event, not
/// the database's ids of events, which follow the order of arrival), with
/// its figures.
fn incidents(s: &dyn Store) -> BTreeMap<BTreeSet<String>, Value> {
    let f = Filter { include_history: true, ..Filter::default() };
    let mut members: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in s.events(&f).unwrap() {
        let e = &r.event;
        let key = format!("{} {:?} {:?} {:?}", r.doc.ext_id, e.date, e.place, e.event_type);
        if let Some(i) = &e.incident {
            members.entry(i.clone()).or_default().insert(key);
        }
    }
    s.incidents(&f)
        .unwrap()
        .into_iter()
        .map(|i| {
            let v = serde_json::to_value(&i).unwrap();
            (members.remove(&i.id.to_string()).unwrap_or_default(), v)
        })
        .collect()
}

#[test]
fn four_writers_at_once_link_as_one_does() {
    let Some(one) = backends::postgres("serial") else { return };
    let Some(many) = backends::postgres("parallel") else { return };
    let mut articles = linking::retold(240);
    articles.extend(data::articles(120));
    let mut serial = one.open();
    for chunk in articles.chunks(10) {
        serial.ingest(chunk).unwrap();
    }
    // Four workers, each its own connection, each given every fourth
    // batch of the same articles, all writing at once.
    let batches: Vec<&[rasd_store::Article]> = articles.chunks(10).collect();
    std::thread::scope(|s| {
        for w in 0..4 {
            let (many, batches) = (&many, &batches);
            s.spawn(move || {
                let mut store = many.open();
                for b in batches.iter().skip(w).step_by(4) {
                    store.ingest(b).unwrap();
                }
            });
        }
    });
    let parallel = many.open();
    // The change numbers follow the commits: each article once, none
    // skipped, so an index fed from them misses nothing.
    let seqs: Vec<i64> = parallel.changed_since(0, 10_000).unwrap().iter().map(|d| d.seq).collect();
    assert_eq!(seqs, (1..=articles.len() as i64).collect::<Vec<_>>());
    let (arrived, stored) = (incidents(serial.as_ref()), incidents(parallel.as_ref()));
    assert!(arrived.keys().any(|m| m.len() > 50), "one incident is retold many times");
    // Whatever the order of arrival, a relink gives the same incidents,
    // ids included.
    let mut parallel = parallel;
    serial.relink().unwrap();
    parallel.relink().unwrap();
    let want = incidents(serial.as_ref());
    let got = incidents(parallel.as_ref());
    let differ = |a: &BTreeMap<BTreeSet<String>, Value>, b: &BTreeMap<BTreeSet<String>, Value>| {
        a.iter().filter(|(k, v)| b.get(*k) != Some(v)).count()
    };
    assert_eq!((differ(&want, &got), differ(&got, &want)), (0, 0), "incidents differ after relink");
    // Where incremental linking would already have agreed, nothing moves.
    let without_ids = |m: &BTreeMap<BTreeSet<String>, Value>| -> BTreeMap<BTreeSet<String>, Value> {
        m.iter()
            .map(|(k, v)| {
                let mut v = v.clone();
                v.as_object_mut().expect("an incident is an object").remove("id");
                (k.clone(), v)
            })
            .collect()
    };
    let moved = differ(&without_ids(&arrived), &without_ids(&stored));
    let _ = writeln!(
        std::io::stderr(),
        "four writers: {moved} of {} incidents differ from one writer's before relink",
        arrived.len()
    );
}
