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
    // One writer taking the batches in the opposite order links them
    // otherwise too (the order, not the concurrency, decides), and its
    // relink is the same.
    let reversed = backends::sqlite();
    let mut one_by_one = reversed.open();
    for chunk in articles.chunks(10).rev() {
        one_by_one.ingest(chunk).unwrap();
    }
    assert_ne!(without_ids(&incidents(one_by_one.as_ref())), without_ids(&arrived));
    one_by_one.relink().unwrap();
    assert_eq!(incidents(one_by_one.as_ref()), want, "one writer in reverse, relinked");
}

/// Articles published from 2019-03-08 on: most retell the earlier days'
/// attacks, some tell new ones.
fn later(n: usize) -> Vec<rasd_store::Article> {
    linking::retold(n)
        .into_iter()
        .enumerate()
        .map(|(k, mut a)| {
            a.doc.id = format!("later{k}");
            a.doc.text = format!("نص لاحق {k}");
            a.doc.published = Some(format!("2019-03-{:02}T{:02}:00:00Z", 8 + k % 3, k % 24));
            if k % 4 == 0 {
                a.events[0].date = Some("2019-03-08".into());
            }
            a
        })
        .collect()
}

/// After a relink, workers store the days that follow, in any order; a
/// relink of those days alone gives the incidents of a full relink, and
/// those of one process storing everything and relinking.
#[test]
fn a_relink_of_the_days_stored_since_equals_a_full_one() {
    let since: jiff::civil::Date = "2019-03-08".parse().unwrap();
    let (earlier, late) = (linking::retold(150), later(150));
    let mut want = None;
    for b in backends::both("since") {
        let mut s = b.open();
        s.ingest(&earlier).unwrap();
        s.relink().unwrap();
        let batches: Vec<&[rasd_store::Article]> = late.chunks(10).collect();
        if b.name == "postgres" {
            std::thread::scope(|t| {
                for w in 0..4 {
                    let (b, batches) = (&b, &batches);
                    t.spawn(move || {
                        let mut store = b.open();
                        for batch in batches.iter().skip(w).step_by(4) {
                            store.ingest(batch).unwrap();
                        }
                    });
                }
            });
        } else {
            for batch in batches.iter().rev() {
                s.ingest(batch).unwrap();
            }
        }
        s.relink_since(Some(since)).unwrap();
        let windowed = incidents(s.as_ref());
        assert!(
            windowed.keys().any(|m| m.iter().any(|r| r.starts_with("later"))
                && m.iter().any(|r| r.starts_with('r'))),
            "late reports join earlier incidents"
        );
        s.relink().unwrap();
        assert_eq!(incidents(s.as_ref()), windowed, "{}", b.name);
        match &want {
            None => want = Some(windowed),
            Some(w) => assert_eq!(&windowed, w, "{} relinks as SQLite does", b.name),
        }
    }
}
