//! The store's behaviour, on SQLite and on PostgreSQL alike.

mod backends;
mod concurrent;
mod data;
mod desk;
mod linking;
mod stats;

use rasd_store::{Database, DayBound, Dimension, Filter, Sort, Store};
use serde_json::{Value, json};

use backends::Backend;

/// Every query the store answers, over a spread of filters, sorts and
/// pages, as one JSON value: two backends holding the same articles must
/// give the same value.
fn answers(s: &dyn Store) -> Value {
    let day = |d: &str| Some(d.parse::<DayBound>().unwrap().first);
    let filters = vec![
        Filter::default(),
        Filter { include_history: true, ..Filter::default() },
        Filter { sort: Sort::Oldest, limit: Some(7), offset: 3, ..Filter::default() },
        Filter { sort: Sort::Killed, include_history: true, ..Filter::default() },
        Filter { countries: vec!["iq".into()], since: day("2019-03-05"), ..Filter::default() },
        Filter {
            until: day("2019-03-09"),
            types: vec![rasd_core::EventType::Bombing],
            ..Filter::default()
        },
        Filter { place: Some("MOSUL".into()), ..Filter::default() },
        Filter { place: Some("كابول".into()), sort: Sort::Oldest, ..Filter::default() },
        Filter { groups: vec!["is".into(), "unknown gunmen".into()], ..Filter::default() },
        Filter { min_killed: Some(3), min_confidence: Some(0.4), ..Filter::default() },
        Filter { doc: Some(5), include_history: true, ..Filter::default() },
    ];
    let mut out = serde_json::Map::new();
    for (n, f) in filters.iter().enumerate() {
        let incidents = s.incidents(f).unwrap();
        out.insert(format!("events {n}"), json!(s.events(f).unwrap()));
        out.insert(format!("incidents {n}"), json!(incidents));
        // A set: its order is the backend's.
        let mut matching = s.documents_matching(f).unwrap();
        if let Some(ids) = &mut matching {
            ids.sort_unstable();
        }
        out.insert(format!("documents_matching {n}"), json!(matching));
        out.insert(format!("list_documents {n}"), json!(s.list_documents(f).unwrap()));
        out.insert(format!("sightings {n}"), json!(s.sightings(f).unwrap()));
        for by in [
            Dimension::Group,
            Dimension::Country,
            Dimension::Type,
            Dimension::Month,
            Dimension::Week,
        ] {
            out.insert(format!("stats {n} {by:?}"), json!(s.stats(f, by).unwrap()));
        }
    }
    let all = s.incidents(&Filter { include_history: true, ..Filter::default() }).unwrap();
    for i in &all {
        out.insert(format!("incident {}", i.id), json!(s.incident(i.id).unwrap()));
    }
    out.insert("no incident".into(), json!(s.incident(99_999).unwrap()));
    let mut docs = Vec::new();
    s.for_each_document(&mut |d| {
        docs.push(d);
        true
    })
    .unwrap();
    out.insert("first documents".into(), json!(docs.iter().take(3).collect::<Vec<_>>()));
    out.insert("documents".into(), json!(docs));
    out.insert("document 4".into(), json!(s.document(4).unwrap()));
    out.insert("no document".into(), json!(s.document(99_999).unwrap()));
    out.insert("infos".into(), json!(s.document_infos(&[9, 99_999, 2, 9]).unwrap()));
    let mut changed = Vec::new();
    let mut seq = 0;
    loop {
        let page = s.changed_since(seq, 7).unwrap();
        let Some(last) = page.last() else { break };
        seq = last.seq;
        changed.extend(page.into_iter().map(|d| (d.id, d.seq, d.text)));
    }
    out.insert("changed".into(), json!(changed));
    out.insert("last_seq".into(), json!(s.last_seq().unwrap()));
    out.insert("totals".into(), json!(s.totals().unwrap()));
    out.insert("coverage".into(), json!(s.coverage().unwrap()));
    out.insert("vocabulary".into(), json!(format!("{:?}", s.vocabulary().unwrap())));
    Value::Object(out)
}

/// Search hits (ids, scores rounded, snippets, events) for the queries the
/// CLI and server tests ask, with and without filters. Every hit is asked
/// for and hits are sorted by score, then id: tantivy orders equal scores
/// by its segments, which differ from one build of an index to the next
/// on either backend.
fn hits(b: &Backend) -> Value {
    let mut db = Database::with_store(b.open(), b.dir.path().join("index"));
    let mut out = Vec::new();
    for q in ["انفجار", "الموصل", "كابول", "خبر رقم", "قتلى", "بالموصل"]
    {
        let all = Filter { limit: Some(1000), ..Filter::default() };
        for f in [all.clone(), Filter { countries: vec!["AF".into()], ..all }] {
            let r = db.search(q, &f).unwrap();
            let mut found: Vec<(i64, i64, Value)> = r
                .results
                .iter()
                .map(|h| {
                    let score = (f64::from(h.score) * 1000.0).round() as i64;
                    (-score, h.doc.id, json!([h.snippet, h.events]))
                })
                .collect();
            found.sort_by_key(|h| (h.0, h.1));
            let found: Vec<Value> =
                found.into_iter().map(|(s, id, v)| json!([id, -s, v])).collect();
            out.push(json!([q, r.total, found]));
        }
    }
    json!(out)
}

/// Compares two answers key by key, so that a failure names the query.
fn assert_same(a: &Value, b: &Value, what: &str) {
    let (Value::Object(a), Value::Object(b)) = (a, b) else {
        assert_eq!(a, b, "{what}");
        return;
    };
    for (k, va) in a {
        if Some(va) != b.get(k) {
            let dir = std::env::temp_dir();
            let _ = std::fs::write(dir.join("rasd-left.json"), format!("{va:#}"));
            let _ = std::fs::write(
                dir.join("rasd-right.json"),
                format!("{:#}", b.get(k).unwrap_or(&Value::Null)),
            );
        }
        assert_eq!(
            Some(va),
            b.get(k),
            "{what}: {k} differs (see rasd-left.json, rasd-right.json in the temporary folder)"
        );
    }
    assert_eq!(a.len(), b.len(), "{what}: different queries");
}

#[test]
fn both_backends_answer_every_query_alike() {
    let backends = backends::both("answers");
    let mut seen: Vec<(Value, Value)> = Vec::new();
    for b in &backends {
        let mut s = b.open();
        for chunk in data::articles(120).chunks(25) {
            s.ingest(chunk).unwrap();
        }
        let r = s.ingest(&data::revisions(120)).unwrap();
        assert_eq!(
            (r.updated, r.duplicates, r.superseded, r.unchanged),
            (2, 1, 1, 1),
            "{}",
            b.name
        );
        let a = answers(s.as_ref());
        // A relink rebuilds the same incidents from scratch.
        let n = s.relink().unwrap();
        assert_eq!(s.totals().unwrap().incidents, n);
        let relinked = answers(s.as_ref());
        seen.push((a, relinked));
        seen.last_mut().unwrap().0["hits"] = hits(b);
    }
    let (sqlite, rest) = seen.split_first().unwrap();
    assert!(sqlite.0["incident 1"].is_array(), "the data makes incidents");
    for (b, other) in backends[1..].iter().zip(rest) {
        assert_same(&sqlite.0, &other.0, b.name);
        assert_same(&sqlite.1, &other.1, &format!("{} after relink", b.name));
    }
}

#[test]
fn a_newer_schema_is_refused_in_one_line() {
    let Some(b) = backends::postgres("newer") else { return };
    assert_eq!(b.open().schema_version().unwrap(), rasd_store::PG_SCHEMA_VERSION);
    let mut c: postgres::Client =
        b.url.parse::<postgres::Config>().unwrap().connect(postgres::NoTls).unwrap();
    c.batch_execute("UPDATE rasd_schema SET version = 99").unwrap();
    let e = rasd_store::PgStore::open(&b.url).err().expect("refused");
    let msg = e.to_string();
    assert!(matches!(e, rasd_store::StoreError::TooNew { found: 99, .. }), "{msg}");
    assert!(msg.contains("schema version 99 is newer") && !msg.contains('\n'), "{msg}");
}

#[test]
fn queries_do_not_create_a_postgres_database() {
    let Some(b) = backends::postgres("nocreate") else { return };
    let e = rasd_store::PgStore::open_existing(&b.url).err().expect("refused");
    assert!(e.to_string().contains("no rasd database there"), "{e}");
    drop(b.open());
    assert!(rasd_store::PgStore::open_existing(&b.url).is_ok());
}

#[test]
fn an_unreachable_server_is_one_line_naming_it_without_its_password() {
    let e =
        rasd_store::PgStore::open("postgres://someone:secret@127.0.0.1:1/none?connect_timeout=2")
            .err()
            .expect("nothing listens on port 1");
    let msg = e.to_string();
    assert!(msg.starts_with("postgres://someone@127.0.0.1:1/none"), "{msg}");
    assert!(!msg.contains("secret") && !msg.contains('\n'), "{msg}");
}

#[test]
fn a_read_past_its_deadline_is_stopped() {
    let Some(b) = backends::postgres("deadline") else { return };
    let mut s = b.open();
    s.ingest(&data::articles(30)).unwrap();
    s.set_deadline(Some(std::time::Instant::now()));
    std::thread::sleep(std::time::Duration::from_millis(2));
    let e = s.events(&Filter::default()).expect_err("the budget is spent");
    assert!(matches!(e, rasd_store::StoreError::TooSlow { .. }), "{e}");
    s.set_deadline(Some(std::time::Instant::now() + std::time::Duration::from_secs(30)));
    assert!(!s.events(&Filter::default()).unwrap().is_empty());
    s.set_deadline(None);
    assert!(!s.events(&Filter::default()).unwrap().is_empty());
}

/// An ingest feeds the index in steps and keeps its writer between them:
/// what it has fed is not searchable before it commits, a search meanwhile
/// (another handle, as another process would) reads what is committed
/// instead of failing on the writer's lock, and once finished the index
/// finds what one catch-up finds.
#[test]
fn an_index_fed_in_steps_finds_what_one_catch_up_finds() {
    let b = backends::sqlite();
    let mut s = b.open();
    let articles = data::articles(40);
    s.ingest(&articles[..25]).unwrap();
    let fed_dir = b.dir.path().join("fed");
    let mut fed = Database::with_store(b.open(), fed_dir.clone());
    assert_eq!(fed.feed_index().unwrap(), 25);
    s.ingest(&articles[25..]).unwrap();
    assert_eq!(fed.feed_index().unwrap(), 15);
    assert_eq!(fed.feed_index().unwrap(), 0);
    let all = Filter { limit: Some(1000), ..Filter::default() };
    let found = |dir: &std::path::Path| {
        let mut db = Database::with_store(b.open(), dir.to_path_buf());
        let r = db.search("انفجار", &all).unwrap();
        let mut ids: Vec<i64> = r.results.iter().map(|h| h.doc.id).collect();
        ids.sort_unstable();
        (r.total, ids)
    };
    assert_eq!(found(&fed_dir), (0, vec![]), "nothing is committed yet");
    assert_eq!(fed.sync_index().unwrap(), 0, "finishing commits what was fed");
    let once_dir = b.dir.path().join("once");
    assert_eq!(Database::with_store(b.open(), once_dir.clone()).sync_index().unwrap(), 40);
    let (total, ids) = found(&fed_dir);
    assert_eq!(total, 40);
    assert_eq!((total, ids), found(&once_dir));
}

#[test]
fn the_index_of_a_postgres_database_is_named_by_its_url_without_the_password() {
    let dir = rasd_store::default_index_dir;
    let a = dir("postgres://u:secret@h:5432/db?options=-csearch_path%3Done");
    // The password is no part of the name: changing it keeps the index.
    assert_eq!(a, dir("postgres://u:other@h:5432/db?options=-csearch_path%3Done"));
    assert_ne!(a, dir("postgres://u@h:5432/db?options=-csearch_path%3Dtwo"));
    let name = a.file_name().unwrap().to_str().unwrap().to_string();
    assert!(name.starts_with("h-5432-db-") && name.ends_with(".search"), "{name}");
    assert!(!a.display().to_string().contains("secret"));
}

/// Every page of events and incidents, newest or oldest first, is the
/// slice of the whole list it names (dated rows first, by day, then the
/// undated ones), on both backends: pages that start among the dated rows,
/// cross into the undated ones, or start past them.
#[test]
fn pages_are_slices_of_the_whole_order() {
    for b in backends::both("pages") {
        let mut s = b.open();
        s.ingest(&data::articles(120)).unwrap();
        for sort in [Sort::Newest, Sort::Oldest, Sort::Killed] {
            let all = Filter { sort, include_history: true, ..Filter::default() };
            let events: Vec<i64> = s.events(&all).unwrap().iter().map(|e| e.id).collect();
            let incidents: Vec<i64> = s.incidents(&all).unwrap().iter().map(|i| i.id).collect();
            let undated = s.events(&all).unwrap().iter().filter(|e| e.event.date.is_none()).count();
            assert!(undated > 0 && undated < events.len(), "the data mixes dated and undated");
            if sort != Sort::Killed {
                let dated: Vec<bool> =
                    s.events(&all).unwrap().iter().map(|e| e.event.date.is_some()).collect();
                assert!(dated.windows(2).all(|w| w[0] >= w[1]), "{}: undated last", b.name);
            }
            for limit in [None, Some(1), Some(7), Some(40)] {
                for offset in [0, 3, events.len() - undated - 2, events.len() - 1, events.len() + 5]
                {
                    let f = Filter { limit, offset, ..all.clone() };
                    let want = |ids: &[i64]| -> Vec<i64> {
                        ids.iter().skip(offset).take(limit.unwrap_or(usize::MAX)).copied().collect()
                    };
                    let got: Vec<i64> = s.events(&f).unwrap().iter().map(|e| e.id).collect();
                    assert_eq!(got, want(&events), "{} events {sort:?} {limit:?} {offset}", b.name);
                    let got: Vec<i64> = s.incidents(&f).unwrap().iter().map(|i| i.id).collect();
                    assert_eq!(
                        got,
                        want(&incidents),
                        "{} incidents {sort:?} {limit:?} {offset}",
                        b.name
                    );
                }
            }
        }
    }
}
