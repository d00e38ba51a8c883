//! Training on a tiny annotated set written for these tests in the style
//! of the news: the labels follow the contract's matching, training is
//! deterministic, and cross-validation extracts every article once.

use rasd_extract::Extractor;
use rasd_extract::model::{Decision, Model};
use rasd_learn::{Annotated, Settings};

const GOLD: &str = r#"{"id": "t1", "published": "2018-05-06T18:00:00+04:30", "text": "مقتل 12 شخصا بتفجير انتحاري في كابول\n\nقتل 12 شخصا الأحد عندما فجر انتحاري نفسه قرب مسجد في مدينة كابول. وفي هجوم منفصل، قتل ثلاثة جنود في انفجار عبوة ناسفة في ولاية قندهار السبت.", "events": [{"type": "suicide_bombing", "date": "2018-05-06", "country": "AF", "place": "Kabul", "place_ar": "كابول", "killed": {"value": 12, "qualifier": "exact"}, "target_type": "religious", "main": true}, {"type": "bombing", "date": "2018-05-05", "country": "AF", "place": "Kandahar", "place_ar": "قندهار", "killed": {"value": 3, "qualifier": "exact"}, "main": false}]}
{"id": "t2", "published": "2018-06-02T10:00:00+03:00", "text": "غارة جوية روسية تقتل 9 مدنيين في إدلب\n\nقتل تسعة مدنيين الجمعة في غارة جوية روسية على بلدة سراقب في ريف إدلب. وقالت مصادر إن الحرب أودت بحياة مئات الآلاف منذ 2011.", "events": [{"type": "air_strike", "date": "2018-06-01", "country": "SY", "place": "Saraqib", "place_ar": "سراقب", "killed": {"value": 9, "qualifier": "exact"}, "main": true}]}
{"id": "t3", "published": "2018-07-20T12:00:00+01:00", "text": "المنتخب يهاجم بقوة في المباراة\n\nهاجم لاعبو المنتخب مرمى الخصم طوال المباراة التي أقيمت في الرباط مساء الخميس.", "events": []}
{"id": "t4", "published": "2018-03-11T08:00:00+03:00", "text": "مسلحون يقتلون أربعة من الشرطة في العريش\n\nقتل مسلحون أربعة من رجال الشرطة السبت في هجوم على حاجز أمني في مدينة العريش بشمال سيناء. ولم تعلن أي جهة مسؤوليتها عن الهجوم.", "events": [{"type": "armed_assault", "date": "2018-03-10", "country": "EG", "place": "Arish", "place_ar": "العريش", "killed": {"value": 4, "qualifier": "exact"}, "target_type": "police", "main": true}]}
{"id": "t5", "published": "2018-08-14T09:00:00+04:30", "text": "انفجار يستهدف حافلة في جلال آباد\n\nقتل خمسة ركاب وأصيب ثمانية آخرون عندما انفجرت قنبلة مزروعة على جانب الطريق لدى مرور حافلة في مدينة جلال آباد الاثنين. وتأتي هذه الهجمات بعد سلسلة تفجيرات شهدتها البلاد خلال العام الماضي.", "events": [{"type": "bombing", "date": "2018-08-13", "country": "AF", "place": "Jalalabad", "place_ar": "جلال آباد", "killed": {"value": 5, "qualifier": "exact"}, "injured": {"value": 8, "qualifier": "exact"}, "target_type": "transportation", "main": true}]}
"#;

fn articles() -> Vec<Annotated> {
    rasd_learn::read_gold("gold.jsonl", GOLD, &rasd_learn::Texts::new())
        .expect("the test gold parses")
}

fn extractor() -> Extractor {
    Extractor::untrained().expect("the shipped data loads")
}

#[test]
fn labels_follow_the_contracts_matching() {
    let ex = extractor();
    let a = articles();
    let refs: Vec<&Annotated> = a.iter().collect();
    let data = rasd_learn::dataset(&ex, &refs);
    let (n, yes) = data.by_decision[Decision::Event as usize].counts();
    // Only background candidates teach the event decision; the Kandahar
    // blast is one, and it is real.
    assert!(n >= 1 && yes >= 1, "{n} examples, {yes} yes");
}

#[test]
fn target_labels_say_which_voted_type_the_gold_names() {
    let ex = extractor();
    let a = articles();
    let refs: Vec<&Annotated> = a.iter().collect();
    let data = rasd_learn::dataset(&ex, &refs);
    let t = &data.by_decision[Decision::Target as usize];
    let (n, yes) = t.counts();
    // The mosque, the checkpoint's police and the bus are each voted for
    // and each the gold's target: one yes per event, beside the other
    // types their words vote for.
    assert_eq!(yes, 3, "{n} examples, {yes} yes");
    assert!(n >= yes);
    assert!(t.x.iter().all(|x| x.len() == Decision::Target.features().len()));
}

#[test]
fn training_gives_the_same_bytes_whatever_the_order() {
    let ex = extractor();
    let a = articles();
    let s = Settings { learn: [true; 5], ..Settings::default() };
    let forward: Vec<&Annotated> = a.iter().collect();
    let backward: Vec<&Annotated> = a.iter().rev().collect();
    let m1 = rasd_learn::train(&ex, &forward, s).expect("trains").to_tsv();
    let m2 = rasd_learn::train(&ex, &forward, s).expect("trains").to_tsv();
    let m3 = rasd_learn::train(&ex, &backward, s).expect("trains").to_tsv();
    assert_eq!(m1, m2);
    assert_eq!(m1, m3);
    let model = Model::parse(&m1).expect("the written model parses");
    assert_eq!(model.get(Decision::Event).threshold, 0.5);
}

#[test]
fn cross_validation_extracts_every_article_once_and_restores_the_model() {
    let mut ex = extractor();
    let before = ex.model().clone();
    let a = articles();
    let s = Settings { folds: 3, ..Settings::default() };
    let out = rasd_learn::cross_validate(&mut ex, &a, &[], s).expect("cross-validates");
    assert_eq!(out.len(), a.len());
    assert_eq!(ex.model(), &before);
    // The match report is no event in any fold.
    assert!(out[2].is_empty(), "{:?}", out[2]);
    let folds: Vec<usize> = a.iter().map(|x| rasd_learn::fold_of(&x.doc.id, s.seed, 3)).collect();
    assert!(folds.iter().all(|f| *f < 3));
}

#[test]
fn a_broken_gold_line_is_named() {
    let e = rasd_learn::read_gold(
        "g.jsonl",
        "{\"id\": \"a\", \"text\": \"x\"}\n{not json\n",
        &rasd_learn::Texts::new(),
    )
    .expect_err("the second line is broken");
    assert!(e.to_string().starts_with("g.jsonl:2:"), "{e}");
}
