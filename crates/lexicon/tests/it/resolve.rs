//! Disambiguation, people and the data's own consistency.

use rasd_lexicon::{Entity, Lexicon, MentionKind, PlaceKind};
use rasd_text::{Analysis, Config};

use crate::markup::lexicon;

fn places(text: &str) -> Vec<(String, String, String)> {
    let lex = lexicon();
    let a = Analysis::new(text, &Config::default());
    lex.find(text, &a)
        .entities
        .iter()
        .filter(|m| m.kind == MentionKind::Place)
        .map(|m| match m.entity() {
            Entity::Place(p) => {
                let p = &lex.places[p as usize];
                (m.span.of(text).to_string(), p.name.clone(), p.country.clone())
            }
            _ => unreachable!("a place mention's best candidate is a place"),
        })
        .collect()
}

#[test]
fn moscow_is_in_russia_and_kerman_in_iran() {
    let p = places("هجوم على قاعة حفلات في موسكو وتفجيرات في كرمان");
    assert_eq!(p[0].2, "RU");
    assert_eq!(p[1], ("كرمان".into(), "Kerman".into(), "IR".into()));
}

#[test]
fn an_adjective_or_the_article_decides_tripoli() {
    let p = places("اشتباكات في طرابلس اللبنانية بين مسلحين");
    assert_eq!(p[0].2, "LB", "{p:?}");
    let p = places("هجوم على مقر المفوضية في طرابلس عاصمة ليبيا");
    assert_eq!(p[0].2, "LY", "{p:?}");
}

#[test]
fn province_or_city_by_the_word_before() {
    let lex = lexicon();
    let kind = |text: &str| {
        let a = Analysis::new(text, &Config::default());
        match lex.find(text, &a).entities[0].entity() {
            Entity::Place(p) => lex.places[p as usize].kind,
            e => panic!("{e:?}"),
        }
    };
    assert_eq!(kind("في ولاية قندهار جنوبي البلاد"), PlaceKind::Province);
    assert_eq!(kind("في مدينة قندهار جنوبي البلاد"), PlaceKind::City);
    assert_eq!(kind("في قندهار جنوبي البلاد"), PlaceKind::City);
}

#[test]
fn people_with_titles_and_roles() {
    let lex = lexicon();
    let text = "وقال المتحدث باسم طالبان ذبيح الله مجاهد إن الحركة نفذت الهجوم، فيما حذر قائد القيادة المركزية الأمريكية الجنرال مايكل كوريلا من تنامي التهديد";
    let a = Analysis::new(text, &Config::default());
    let m = lex.find(text, &a);
    let names: Vec<&str> = m.people.iter().map(|p| p.name.of(text)).collect();
    assert_eq!(names, vec!["ذبيح الله مجاهد", "مايكل كوريلا"]);
    assert_eq!(m.people[0].role.of(text), "المتحدث باسم طالبان");
    assert_eq!(m.people[0].org.map(|e| lex.name(e)), Some("Taliban"));
    assert_eq!(m.people[1].role.of(text), "قائد القيادة المركزية الأمريكية الجنرال");
}

#[test]
fn guideline_names_and_their_common_forms() {
    // The canonical names of ../shared/eval/GUIDELINES.md with an Arabic form each.
    let lex = lexicon();
    let cases = [
        ("Islamic State", "تنظيم الدولة"),
        ("Islamic State Khorasan Province", "ولاية خراسان"),
        ("Islamic State West Africa Province", "ولاية غرب أفريقيا"),
        ("al-Qaeda", "تنظيم القاعدة"),
        ("al-Qaeda in the Arabian Peninsula", "القاعدة في جزيرة العرب"),
        ("al-Qaeda in the Islamic Maghreb", "القاعدة في بلاد المغرب الإسلامي"),
        ("Taliban", "حركة طالبان"),
        ("Tehrik-i-Taliban Pakistan", "طالبان باكستان"),
        ("al-Shabaab", "حركة الشباب"),
        ("Boko Haram", "بوكو حرام"),
        ("Houthis", "أنصار الله"),
        ("Hayat Tahrir al-Sham", "جبهة النصرة"),
        ("Kurdistan Workers' Party", "حزب العمال الكردستاني"),
    ];
    for (name, alias) in cases {
        let text = format!("أعلن {alias} مسؤوليته");
        let a = Analysis::new(&text, &Config::default());
        let m = lex.find(&text, &a);
        let found: Vec<&str> = m.entities.iter().map(|e| lex.name(e.entity())).collect();
        assert_eq!(found, vec![name], "{alias}");
    }
}

#[test]
fn data_is_consistent() {
    let lex = Lexicon::load().expect("loads");
    assert!(lex.groups.len() >= 150, "{} groups", lex.groups.len());
    // Every group's parent and countries resolve; Islamic State Khorasan is part of Islamic State.
    let (_, iskp) = lex.group_by_id("iskp").expect("ISKP is known");
    let parent = iskp.parent.map(|p| lex.groups[p as usize].name.as_str());
    assert_eq!(parent, Some("Islamic State"));
    for g in &lex.groups {
        for c in &g.countries {
            assert!(lex.country(c).is_some(), "{}: {c}", g.id);
        }
    }
    // Every admin place has a country (or is a world region) and coordinates on the globe.
    for p in &lex.places {
        assert!((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon), "{}", p.id);
        assert!(!p.country.is_empty() || p.kind == PlaceKind::Region, "{}", p.id);
    }
    let khost = lex.places.iter().find(|p| p.id == "admin:af-khost-city").expect("Khost");
    let province = &lex.places[khost.parent.expect("has a parent") as usize];
    assert_eq!(province.name, "Khost Province");
}

/// Every actor is found by its id, a country's army and air force as the
/// extractor names them, and an unknown id finds none.
#[test]
fn actors_are_found_by_their_ids() {
    let lex = Lexicon::load().expect("loads");
    for (i, a) in lex.actors.iter().enumerate() {
        let found = lex.actor_by_id(&a.id).expect("every id is found");
        // An id written twice finds its first actor.
        let first = lex.actors.iter().position(|b| b.id == a.id).unwrap();
        assert_eq!(found, Entity::Actor(first as u32), "{} at {i}", a.id);
    }
    for id in ["army:SY", "air-force:IL", "government-forces"] {
        let Some(Entity::Actor(a)) = lex.actor_by_id(id) else { panic!("{id} is an actor") };
        assert_eq!(lex.actors[a as usize].id, id);
    }
    assert_eq!(lex.actor_by_id("army:XX"), None);
}
