//! Linking reports into incidents, on each backend.

use rasd_core::{Count, CountQualifier, Doc, Event, EventType};
use rasd_store::link::Incident;
use rasd_store::{Article, Filter, Store};

use crate::backends;

fn event(date: &str, place: &str, killed: u32) -> Event {
    Event {
        date: Some(date.into()),
        country: Some("IQ".into()),
        place: Some(place.into()),
        place_id: Some(format!("test:{place}")),
        geo_precision: Some(1),
        killed: Some(Count {
            value: Some(killed),
            qualifier: CountQualifier::Exact,
            evidence: vec![],
        }),
        target_type: "civilians".into(),
        main: true,
        ..Event::new(EventType::Bombing)
    }
}

fn article(id: &str, published: &str, events: Vec<Event>) -> Article {
    Article {
        doc: Doc {
            id: id.into(),
            published: Some(published.into()),
            text: format!("نص {id}"),
            ..Doc::default()
        },
        events,
        mentions: vec![],
    }
}

/// Many retellings of one attack (tolls rising, some undated, some from
/// other outlets), and attacks on nearby days and places.
pub fn retold(n: usize) -> Vec<Article> {
    (0..n)
        .map(|k| {
            let day = 1 + (k % 5) as i8;
            let published = format!("2019-03-{:02}T{:02}:{:02}:00Z", day + 1, k % 24, k % 60);
            let mut e = if k % 3 == 0 {
                event(&format!("2019-03-{day:02}"), ["Mosul", "Kirkuk"][k % 2], (k % 7) as u32)
            } else {
                event("2019-03-01", "Mosul", 10 + (k / 50) as u32)
            };
            if k % 11 == 0 {
                e.date = None;
            }
            let mut a = article(&format!("r{k}"), &published, vec![e]);
            a.doc.source = Some(format!("outlet{}", k % 4));
            a
        })
        .collect()
}

/// Incidents and each event's incident, in id order.
pub fn linked(s: &dyn Store) -> (Vec<Incident>, Vec<(i64, Option<String>)>) {
    let f = Filter { include_history: true, ..Filter::default() };
    let mut incidents = s.incidents(&f).unwrap();
    incidents.sort_by_key(|i| i.id);
    let mut events: Vec<(i64, Option<String>)> =
        s.events(&f).unwrap().into_iter().map(|r| (r.id, r.event.incident)).collect();
    events.sort();
    (incidents, events)
}

#[test]
fn incremental_linking_and_a_rebuild_agree() {
    for b in backends::both("rebuild") {
        let mut s = b.open();
        let batch = [
            article("a", "2019-03-01T10:00:00Z", vec![event("2019-03-01", "Mosul", 3)]),
            article(
                "b",
                "2019-03-02T08:00:00Z",
                vec![event("2019-03-01", "Mosul", 5), event("2019-03-01", "Kirkuk", 1)],
            ),
        ];
        let r = s.ingest(&batch).unwrap();
        assert_eq!((r.added, r.events, r.new_incidents, r.joined), (2, 3, 2, 1), "{}", b.name);
        let r = s
            .ingest(&[article("c", "2019-03-02T20:00:00Z", vec![event("2019-03-02", "Mosul", 6)])])
            .unwrap();
        assert_eq!(r.joined, 1, "{}", b.name);
        let before = linked(s.as_ref());
        assert_eq!(s.relink().unwrap(), 2);
        assert_eq!(linked(s.as_ref()), before, "{}", b.name);
        let mosul = before.0.iter().find(|i| i.place.as_deref() == Some("Mosul")).unwrap();
        assert_eq!((mosul.reports, mosul.killed.as_ref().and_then(|t| t.best)), (3, Some(6)));
    }
}

/// The writer's cache of incidents is only an accelerator: batches of
/// any size, a fresh connection per article, and two connections writing
/// in turn (each must forget what the other changed) all link alike.
#[test]
fn the_report_cache_links_as_the_database_would() {
    let articles = retold(300);
    let mut want = None;
    for b in backends::both("cache") {
        let mut cached = b.open();
        for chunk in articles.chunks(7) {
            cached.ingest(chunk).unwrap();
        }
        let got = linked(cached.as_ref());
        drop(cached);
        let fresh = if b.name == "sqlite" {
            backends::sqlite()
        } else {
            backends::postgres("cache2").unwrap()
        };
        for a in &articles {
            fresh.open().ingest(std::slice::from_ref(a)).unwrap();
        }
        assert_eq!(linked(fresh.open().as_ref()), got, "{}: uncached", b.name);
        let turns = if b.name == "sqlite" {
            backends::sqlite()
        } else {
            backends::postgres("cache3").unwrap()
        };
        let (mut one, mut two) = (turns.open(), turns.open());
        for (k, chunk) in articles.chunks(13).enumerate() {
            if k % 2 == 0 {
                one.ingest(chunk).unwrap()
            } else {
                two.ingest(chunk).unwrap()
            };
        }
        assert_eq!(linked(one.as_ref()), got, "{}: two connections", b.name);
        assert!(got.0.iter().any(|i| i.reports > 100), "one incident is retold many times");
        match &want {
            None => want = Some(got),
            Some(w) => assert_eq!(&got, w, "{} links as SQLite does", b.name),
        }
    }
}

#[test]
fn incidents_with_long_windows_are_still_candidates() {
    for b in backends::both("windows") {
        let mut s = b.open();
        let before: Vec<Article> = (0..200)
            .map(|k| {
                let day = jiff::civil::date(2015, 1, 1) + jiff::Span::new().days(k * 5);
                article(
                    &format!("old{k}"),
                    &format!("{day}T10:00:00Z"),
                    vec![event(&day.to_string(), "Basra", 2)],
                )
            })
            .collect();
        s.ingest(&before).unwrap();
        s.ingest(&[article("m", "2018-04-02T10:00:00Z", vec![event("2018-03", "Mosul", 4)])])
            .unwrap();
        let r = s
            .ingest(&[article("d", "2018-03-29T10:00:00Z", vec![event("2018-03-28", "Mosul", 4)])])
            .unwrap();
        assert_eq!(r.joined, 1, "{}", b.name);
    }
}

/// A report dated only by its year agrees with no dated incident
/// (`date_score`) and joins no undated one (it would lend it the year as
/// its date), so linking reads none of its country's incidents of that
/// year; a report of a day reads none of the incidents its window reaches
/// on days too far from its own.
#[test]
fn reports_read_only_the_incidents_their_dates_can_join() {
    for b in backends::both("dates") {
        let mut s = b.open();
        let dated: Vec<Article> = (0..6)
            .map(|k| {
                let day = jiff::civil::date(2016, 2, 1) + jiff::Span::new().days(k * 20);
                article(
                    &format!("basra{k}"),
                    &format!("{day}T10:00:00Z"),
                    vec![event(&day.to_string(), "Basra", 2)],
                )
            })
            .collect();
        s.ingest(&dated).unwrap();
        let mut undated = event("2016-06-09", "Mosul", 4);
        undated.date = None;
        s.ingest(&[article("u", "2016-06-10T10:00:00Z", vec![undated])]).unwrap();
        let r = s
            .ingest(&[article("y", "2016-06-12T10:00:00Z", vec![event("2016", "Mosul", 4)])])
            .unwrap();
        assert_eq!((r.joined, r.link_candidates), (0, 0), "{}: the year's report", b.name);
        // Basra's incidents of 2016-02-01 and 2016-02-21: the window of a
        // report of 2016-02-04 reaches the first, its date neither.
        let r = s
            .ingest(&[article("d", "2016-02-04T10:00:00Z", vec![event("2016-02-04", "Basra", 2)])])
            .unwrap();
        assert_eq!((r.joined, r.new_incidents, r.link_candidates), (0, 1, 0), "{}", b.name);
        let f = Filter { include_history: true, ..Filter::default() };
        let mosul: Vec<Incident> = s
            .incidents(&f)
            .unwrap()
            .into_iter()
            .filter(|i| i.place.as_deref() == Some("Mosul"))
            .collect();
        let mut dates: Vec<(usize, Option<&str>)> =
            mosul.iter().map(|i| (i.reports, i.date.as_deref())).collect();
        dates.sort();
        assert_eq!(dates, vec![(1, None), (1, Some("2016"))], "{}", b.name);
    }
}

#[test]
fn coverage_counts_articles_per_day_source_and_country_and_sightings_carry_the_watchs_marks() {
    for b in backends::both("coverage") {
        let mut s = b.open();
        let mut total = event("2019-03-01", "Mosul", 150);
        total.killed.as_mut().unwrap().evidence = vec![rasd_core::Evidence {
            span: rasd_core::Span { start: 0, end: 3 },
            text: "150".into(),
            rule: format!("number beside a casualty word ({})", rasd_core::RUNNING_TOTAL),
        }];
        let mut quiet = article("q", "2019-03-01T09:00:00Z", vec![]);
        quiet.doc.source = Some("wakala".into());
        let mut a = article("a", "2019-03-01T10:00:00Z", vec![total]);
        a.doc.source = Some("wakala".into());
        let c = article("b", "2019-03-02T10:00:00Z", vec![event("2019-03-02", "Mosul", 4)]);
        s.ingest(&[quiet, a, c]).unwrap();
        let rows: Vec<(String, Option<String>, Option<String>, u64)> = s
            .coverage()
            .unwrap()
            .into_iter()
            .map(|r| (r.day, r.source, r.country, r.articles))
            .collect();
        let w = Some("wakala".to_string());
        assert_eq!(
            rows,
            [
                ("2019-03-01".into(), w.clone(), None, 2),
                ("2019-03-01".into(), w, Some("IQ".into()), 1),
                ("2019-03-02".into(), None, None, 1),
                ("2019-03-02".into(), None, Some("IQ".into()), 1),
            ],
            "{}",
            b.name
        );
        let mut old = event("2019-03-02", "Basra", 70);
        old.killed.as_mut().unwrap().evidence = vec![rasd_core::Evidence {
            span: rasd_core::Span { start: 0, end: 2 },
            text: "70".into(),
            rule: format!("number beside a casualty word ({})", rasd_core::RECALLED_TOLL),
        }];
        s.ingest(&[article("c", "2019-03-02T11:00:00Z", vec![old])]).unwrap();
        let seen = s.sightings(&Filter::default()).unwrap();
        let marks: Vec<(Option<u32>, bool, bool, bool)> = seen
            .iter()
            .map(|x| (x.killed, x.killed_running_total, x.killed_recalled, x.history))
            .collect();
        assert_eq!(
            marks,
            [
                (Some(150), true, false, false),
                (Some(4), false, false, false),
                (Some(70), false, true, false)
            ],
            "{}",
            b.name
        );
        assert_eq!(seen[0].source.as_deref(), Some("wakala"));
        assert_ne!(seen[0].doc_id, seen[1].doc_id);
    }
}

/// "مقتل روس في غارة أمريكية": a report placed nowhere below a country that
/// is not the attack's, linked before the report it agrees with, opens an
/// incident of its own; the report that fits both brings it home, and the
/// watch reads its reports under the incident's country.
#[test]
fn a_report_from_abroad_joins_its_incident_whatever_the_order() {
    let strike = |place: Option<&str>, country: &str, killed: u32| {
        let mut e = event("2018-02-07", place.unwrap_or(""), killed);
        e.event_type = EventType::AirStrike;
        e.country = Some(country.into());
        if place.is_none() {
            (e.place, e.place_id, e.geo_precision) = (None, None, None);
        }
        e
    };
    for b in backends::both("abroad") {
        let mut s = b.open();
        let outlet = |mut a: Article, source: &str| {
            a.doc.source = Some(source.into());
            a
        };
        s.ingest(&[
            outlet(
                article(
                    "bbc1",
                    "2018-02-15T10:00:00Z",
                    vec![strike(Some("Deir ez-Zor"), "SY", 200)],
                ),
                "BBC",
            ),
            outlet(article("bbc2", "2018-02-20T10:00:00Z", vec![strike(None, "RU", 100)]), "BBC"),
        ])
        .unwrap();
        assert_eq!(linked(s.as_ref()).0.len(), 2, "{}", b.name);
        s.ingest(&[outlet(
            article("fr", "2018-02-17T10:00:00Z", vec![strike(Some("Deir ez-Zor"), "SY", 100)]),
            "france24",
        )])
        .unwrap();
        let (incidents, _) = linked(s.as_ref());
        assert_eq!(incidents.len(), 1, "{}: {incidents:?}", b.name);
        assert_eq!((incidents[0].reports, incidents[0].country.as_deref()), (3, Some("SY")));
        let f = Filter { include_history: true, ..Filter::default() };
        let countries: Vec<Option<String>> =
            s.sightings(&f).unwrap().into_iter().map(|x| x.country).collect();
        assert_eq!(countries, vec![Some("SY".to_string()); 3], "{}", b.name);
    }
}
