//! The extractor on articles written for these tests in the style of the
//! news: each test states the events an analyst would code.

use std::sync::OnceLock;

use rasd_core::{CountQualifier, Doc, Event, EventType, Status};
use rasd_extract::Extractor;

fn extractor() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| Extractor::new().expect("the shipped data loads"))
}

fn events(published: &str, text: &str) -> Vec<Event> {
    let doc = Doc {
        id: "t".into(),
        published: Some(published.into()),
        text: text.into(),
        ..Doc::default()
    };
    extractor().extract(&doc).events.into_iter().filter(|e| !e.aggregate).collect()
}

fn killed(e: &Event) -> (Option<u32>, CountQualifier) {
    let k = e.killed.as_ref().expect("a killed count");
    (k.value, k.qualifier)
}

#[test]
fn a_claimed_suicide_bombing_with_its_toll_place_and_date() {
    let ev = events(
        "2018-05-06T18:00:00+04:30",
        "مقتل 12 شخصا بتفجير انتحاري في كابول\n\nقتل ما لا يقل عن 12 شخصا وأصيب 20 آخرون الأحد عندما فجر انتحاري نفسه قرب مسجد في مدينة كابول. وأعلن تنظيم داعش مسؤوليته عن الهجوم في بيان نشرته وكالة أعماق.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let e = &ev[0];
    assert_eq!(e.event_type, EventType::SuicideBombing);
    assert_eq!(e.date.as_deref(), Some("2018-05-06"));
    assert_eq!((e.country.as_deref(), e.place.as_deref()), (Some("AF"), Some("Kabul")));
    assert_eq!(killed(e), (Some(12), CountQualifier::AtLeast));
    assert_eq!(e.injured.as_ref().and_then(|c| c.value), Some(20));
    assert_eq!(e.perpetrators.len(), 1);
    assert_eq!(
        (e.perpetrators[0].name.as_str(), e.perpetrators[0].status),
        ("Islamic State", Status::Claimed)
    );
    assert_eq!(e.target_type, "religious");
    assert!(e.main);
    // Every field points back to the article.
    assert!(e.evidence.iter().any(|x| x.text == "كابول"));
    assert!(e.killed.as_ref().expect("killed").evidence[0].text.contains("12"));
}

#[test]
fn a_denial_is_no_perpetrator_and_the_latest_toll_counts() {
    let ev = events(
        "2018-07-13T12:00:00+05:00",
        "ارتفاع حصيلة تفجير بيشاور\n\nقتل 20 شخصا في انفجار استهدف تجمعا انتخابيا في بيشاور الجمعة. ونفت حركة طالبان باكستان أي علاقة لها بالهجوم. ثم ارتفعت حصيلة القتلى إلى 31 قتيلا بحسب مسؤول.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert!(ev[0].perpetrators.is_empty(), "{:?}", ev[0].perpetrators);
    assert_eq!(killed(&ev[0]), (Some(31), CountQualifier::Exact));
    assert_eq!(ev[0].target_type, "government");
}

#[test]
fn background_events_keep_their_own_place_date_and_toll() {
    let ev = events(
        "2018-06-09T12:00:00+04:30",
        "هجوم على قاعدة عسكرية في غزني\n\nقتل 14 جنديا أفغانيا الجمعة في هجوم شنته حركة طالبان على قاعدة عسكرية في مدينة غزني. وفي واقعة منفصلة، قتل 5 مدنيين في انفجار عبوة ناسفة في ولاية قندهار. وكان تفجير انتحاري قد أودى بحياة 40 شخصا في كابول في أبريل الماضي.",
    );
    assert_eq!(ev.len(), 3, "{ev:#?}");
    assert_eq!((ev[0].place.as_deref(), killed(&ev[0]).0), (Some("Ghazni"), Some(14)));
    assert_eq!(ev[0].perpetrators[0].status, Status::Attributed);
    assert_eq!(ev[0].target_type, "military");
    assert_eq!((ev[1].event_type, killed(&ev[1]).0), (EventType::Bombing, Some(5)));
    assert_eq!(ev[1].place.as_deref(), Some("Kandahar Province"));
    assert_eq!(
        (ev[2].event_type, ev[2].date.as_deref()),
        (EventType::SuicideBombing, Some("2018-04"))
    );
    assert_eq!((ev[2].place.as_deref(), killed(&ev[2]).0), (Some("Kabul"), Some(40)));
    assert!(ev[0].main && !ev[1].main && !ev[2].main);
}

#[test]
fn attackers_killed_are_added_to_the_toll() {
    let ev = events(
        "2018-08-25T12:00:00+02:00",
        "مقتل 4 شرطيين في العريش\n\nقتل 4 من رجال الشرطة في هجوم مسلح على نقطة أمنية في مدينة العريش، فيما قتلت القوات 3 من المهاجمين.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(7), CountQualifier::Exact));
    assert_eq!(ev[0].target_type, "police");
}

/// The attackers' figure equal to the victims' and naming the same people
/// is the victims' told again; equal figures of other people still add up.
#[test]
fn the_same_dead_told_as_victims_and_as_attackers_count_once() {
    let ev = events(
        "2018-05-20T12:00:00+03:00",
        "معارك في جبهة صرواح\n\nاندلعت معارك عنيفة بين القوات الحكومية والمتمردين في مديرية صرواح بمحافظة مأرب السبت، أسفرت عن مقتل ستة من المتمردين الحوثيين وإصابة آخرين.\nوقال مصدر عسكري إن 6 من المسلحين الحوثيين قتلوا في المعارك.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]).0, Some(6), "{ev:#?}");
    let ev = events(
        "2018-08-25T12:00:00+02:00",
        "مقتل 4 شرطيين في العريش\n\nقتل 4 من رجال الشرطة في هجوم مسلح على نقطة أمنية في مدينة العريش، فيما قتلت القوات 4 من المهاجمين في الهجوم.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]).0, Some(8), "{ev:#?}");
}

/// "ستة عناصر من قوات مكافحة الإرهاب": members of a force are victims,
/// a part of the toll the parts joined by و add up to, however long the
/// part's noun phrase.
#[test]
fn members_of_a_force_are_a_part_of_the_wounded() {
    let ev = events(
        "2018-07-01T12:00:00+03:00",
        "هجوم انتحاري على مخازن في كركوك\n\nاستهدف هجوم انتحاري مخازن قرب مبنى المحافظة في مدينة كركوك الأحد، وأدى الهجوم إلى إصابة خمسة شرطيين وثلاثة عناصر من قوات مكافحة الإرهاب وسبعة مدنيين.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let injured = ev[0].injured.as_ref().and_then(|c| c.value);
    assert_eq!(injured, Some(15), "{ev:#?}");
}

#[test]
fn gunmen_loyal_to_a_government_are_not_the_attackers() {
    let text = |who: &str| {
        format!(
            "هجوم على البوكمال\n\nقتل 20 عنصرا من قوات النظام في هجوم انتحاري لتنظيم داعش على مدينة البوكمال الجمعة، كما قتل 30 {who} في الهجوم."
        )
    };
    // The attackers' dead are added to the toll …
    let ev = events("2018-06-08T12:00:00+03:00", &text("مسلحا من التنظيم"));
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]).0, Some(50), "{ev:#?}");
    // … but gunmen loyal to the government are its men, not the attackers.
    let ev = events("2018-06-08T12:00:00+03:00", &text("مسلحا مواليا للنظام"));
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_ne!(killed(&ev[0]).0, Some(50), "{ev:#?}");
}

#[test]
fn statistics_warnings_and_foiled_plots_are_no_events() {
    let ev = events(
        "2018-03-17T12:00:00+03:00",
        "تحذيرات أمنية في عدن\n\nحذرت الأجهزة الأمنية من هجمات محتملة على المقار الحكومية. وأحبطت الشرطة تفجيرا كان يستهدف سوقا. وقتل أكثر من 10 آلاف شخص في البلاد منذ عام 2015 في سلسلة هجمات.",
    );
    assert!(ev.is_empty(), "{ev:#?}");
}

#[test]
fn a_headline_tally_has_no_incident_standing_in_for_it() {
    // The headline counts the dead of a war or a month; the fighting and
    // shelling the body names are background, none of them the subject.
    for text in [
        "حصيلة ست سنوات من الحرب في اليمن: أكثر من 20 ألف قتيل\n\nقالت منظمة حقوقية في تقرير نشرته الأحد إن الحرب في اليمن أودت بحياة أكثر من 20 ألف شخص منذ عام 2015. وأضاف التقرير أن المعارك العنيفة في مدينة تعز خلفت أكبر عدد من الضحايا، فيما أدى القصف المتواصل على مدينة الحديدة إلى نزوح آلاف الأسر.",
        "مقتل 60 مدنيا في سوريا خلال شهر مايو\n\nوثقت شبكة حقوقية مقتل 60 مدنيا في سوريا خلال شهر مايو الماضي. وقالت الشبكة في تقريرها الشهري إن القصف على بلدات ريف إدلب أوقع العدد الأكبر من الضحايا، تليه الاشتباكات في ريف حماة.",
    ] {
        let ev = events("2018-06-03T12:00:00+03:00", text);
        assert!(!ev.iter().any(|e| e.main), "{ev:#?}");
    }
}

#[test]
fn the_dead_of_a_dust_storm_or_a_volcano_are_no_attack() {
    for text in [
        "مقتل 15 شخصا جراء عاصفة ترابية في الهند\n\nقتل 15 شخصا على الأقل وأصيب العشرات جراء عاصفة ترابية قوية ضربت ولاية راجستان في شمال الهند مساء الأربعاء، بحسب ما أعلنت السلطات المحلية.",
        "ثوران بركان في غواتيمالا يوقع عشرات القتلى\n\nلقي 25 شخصا على الأقل مصرعهم إثر ثوران بركان فويغو في غواتيمالا الأحد، فيما أصيب العشرات بحروق.",
    ] {
        let ev = events("2018-06-20T12:00:00+03:00", text);
        assert!(ev.is_empty(), "{ev:#?}");
    }
}

#[test]
fn coalition_air_strikes_and_clash_sides() {
    let ev = events(
        "2015-07-22T12:00:00+03:00",
        "غارات على صعدة\n\nشنت طائرات التحالف العربي غارات جوية على مواقع للحوثيين في محافظة صعدة أمس، ما أسفر عن مقتل 15 مسلحا.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::AirStrike);
    let names: Vec<&str> = ev[0].perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Saudi-led coalition"]);
    assert_eq!(ev[0].date.as_deref(), Some("2015-07-21"));
    assert_eq!(ev[0].target_type, "militants");
}

#[test]
fn the_target_is_what_was_aimed_at_not_who_reported_it() {
    // The police speak of the attack; the market was its aim.
    let ev = events(
        "2019-03-02T10:00:00+03:00",
        "قتلى في تفجير بسوق في الموصل\n\nقالت الشرطة العراقية إن سبعة أشخاص قتلوا السبت في انفجار عبوة ناسفة استهدفت سوقا شعبيا في مدينة الموصل.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].target_type, "civilians");
    assert!(ev[0].evidence.iter().any(|x| x.rule == "target: civilians" && x.text == "سوقا"));
    // Victims told only as people are civilians unless a target is named.
    let ev = events(
        "2019-03-02T10:00:00+03:00",
        "انفجار في كركوك\n\nقال مسؤول في الشرطة إن شخصين قتلا في انفجار قنبلة في كركوك الجمعة.",
    );
    assert_eq!(ev[0].target_type, "civilians", "{ev:#?}");
    // Aircraft striking a group's positions hit militants.
    let ev = events(
        "2019-03-02T10:00:00+03:00",
        "غارات على الحوثيين\n\nشن طيران التحالف غارات جوية على مواقع الحوثيين في مديرية صرواح بمحافظة مأرب الجمعة.",
    );
    assert_eq!(ev[0].target_type, "militants", "{ev:#?}");
}

/// A militia named by its common noun ("الميليشيات", "مليشيات") is what a
/// strike on it hit; the learned decision weighs the words that vote.
#[test]
fn a_strike_on_the_militias_hit_militants() {
    let ev = events(
        "2018-05-12T10:00:00+03:00",
        "غارات على مديرية حيس\n\nشنت مقاتلات التحالف غارات جوية على المليشيات في مديرية حيس جنوب الحديدة الجمعة، ما أسفر عن مقتل 14 من عناصرها.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].target_type, "militants", "{ev:#?}");
    assert!(ev[0].evidence.iter().any(|x| x.rule == "target: militants"), "{ev:#?}");
    // A bombing at a checkpoint where policemen died hit the police, not
    // the people who passed by.
    let ev = events(
        "2018-05-12T10:00:00+03:00",
        "تفجير عند حاجز للشرطة\n\nقتل ثلاثة من رجال الشرطة وأصيب مدنيان السبت في انفجار سيارة مفخخة استهدف حاجزا للشرطة عند مدخل مدينة الرمادي.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].target_type, "police", "{ev:#?}");
}

#[test]
fn a_total_that_includes_the_attackers_is_not_added_to() {
    let ev = events(
        "2018-02-24T12:00:00+03:00",
        "هجوم على فندق في مقديشو\n\nارتفع عدد القتلى في الهجوم على فندق في مقديشو مساء الخميس إلى 30 شخصا بينهم خمسة انتحاريين. وقالت وزارة الأمن إن قوات الأمن قتلت 5 من المهاجمين خلال تبادل إطلاق النار.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(30), CountQualifier::Exact));
    // Without the word that includes them, the attackers are added.
    let ev = events(
        "2018-02-24T12:00:00+03:00",
        "هجوم على فندق في مقديشو\n\nقتل 25 شخصا في الهجوم على فندق في مقديشو مساء الخميس. وقالت وزارة الأمن إن قوات الأمن قتلت 5 من المهاجمين خلال تبادل إطلاق النار.",
    );
    assert_eq!(killed(&ev[0]), (Some(30), CountQualifier::Exact), "{ev:#?}");
}

#[test]
fn a_claim_of_a_series_reaches_its_parts_but_not_a_separate_attack() {
    let ev = events(
        "2015-07-19T12:00:00+03:00",
        "حصيلة دامية لموجة تفجيرات في العراق\n\nلقي 25 شخصا على الأقل حتفهم أمس جراء تفجيرات ضربت عدة محافظات عراقية، في هجمات متزامنة تبنى تنظيم داعش عددا منها.\n\nوكانت أعنف التفجيرات سيارة مفخخة انفجرت في حي الكرادة ببغداد وأودت بحياة 15 شخصا على الأقل.\n\nإلى ذلك، قتل جنديان بانفجار عبوة ناسفة على طريق في مدينة تكريت.",
    );
    let baghdad = ev.iter().find(|e| e.place.as_deref() == Some("Baghdad")).expect("Baghdad");
    assert_eq!(baghdad.perpetrators.len(), 1, "{ev:#?}");
    assert_eq!(baghdad.perpetrators[0].status, Status::Claimed);
    // The lead's day is the day of the parts it announces.
    assert_eq!(baghdad.date.as_deref(), Some("2015-07-18"));
    let tikrit = ev.iter().find(|e| e.place.as_deref() == Some("Tikrit")).expect("Tikrit");
    assert!(tikrit.perpetrators.is_empty(), "{ev:#?}");
}

#[test]
fn a_second_attack_told_in_the_same_sentence_takes_its_own_date() {
    let ev = events(
        "2015-07-21T12:00:00+03:00",
        "تفجير في سروج\n\nقتل 30 شخصا في هجوم انتحاري في بلدة سروج التركية الاثنين. وبالتزامن مع هجوم سروج فجر انتحاري نفسه أمس بسيارة مفخخة على حاجز في جنوب مدينة كوباني السورية ما أدى إلى مقتل عنصرين.",
    );
    let kobani = ev.iter().find(|e| e.place.as_deref() == Some("Kobani")).expect("Kobani");
    assert_eq!(kobani.date.as_deref(), Some("2015-07-20"), "{ev:#?}");
    assert_eq!(kobani.event_type, EventType::SuicideBombing);
    assert_eq!(killed(kobani), (Some(2), CountQualifier::Exact));
}

#[test]
fn the_day_told_in_the_paragraph_after_the_attack_dates_it() {
    // The headline and the lead tell the shooting without a day; the next
    // line, about the same killing and with no trigger of its own, gives it.
    let ev = events(
        "2018-09-26T09:00:00+00:00",
        "مقتل محام بإطلاق نار في الموصل\n\nقتل محام معروف بإطلاق نار في مدينة الموصل شمالي العراق.\nوأظهر مقطع فيديو لحظة مقتل المحامي أمام مكتبه يوم الثلاثاء، إذ اقترب منه شخص ثم أطلق الرصاص عليه.",
    );
    let main = ev.iter().find(|e| e.main).expect("a main event");
    assert_eq!(main.place.as_deref(), Some("Mosul"), "{ev:#?}");
    assert_eq!(main.date.as_deref(), Some("2018-09-25"), "{ev:#?}");
}

#[test]
fn a_figure_no_single_attack_reaches_is_no_toll() {
    // A war's dead told in the attack's sentence: no one incident leaves
    // 80,000 dead, so the event keeps no toll rather than that one.
    let ev = events(
        "2018-06-20T09:00:00+00:00",
        "هجوم على قرية في دارفور\n\nهاجم مسلحون قرية في ولاية شمال دارفور أمس في النزاع الذي أسفر عن مقتل 80 ألف شخص.",
    );
    assert!(!ev.is_empty(), "{ev:#?}");
    assert!(
        ev.iter().all(|e| e.killed.as_ref().and_then(|k| k.value).is_none_or(|v| v <= 5_000)),
        "{ev:#?}"
    );
}

#[test]
fn a_linked_headline_is_its_own_event_and_a_bare_year_dates_nothing() {
    let ev = events(
        "2018-09-02T10:00:00+00:00",
        "انتحاري يستهدف مقرا للجيش في مقديشو\n\nأفاد مسؤول أمني بأن انتحاريا يقود سيارة محملة بالمتفجرات اقتحم بوابة مقر عسكري في مقديشو ما أدى إلى مقتل 3 جنود.\n\nوقد تبنت حركة الشباب الهجوم في بيان لها.\n\nالصومال: 358 قتيلا حصيلة تفجير الشاحنة في مقديشو\n\nوتسعى الحكومة التي تأسست في 2012 إلى بسط سيطرتها على الأقاليم.",
    );
    let main = ev.iter().find(|e| e.main).expect("a main event");
    assert_eq!(killed(main), (Some(3), CountQualifier::Exact), "{ev:#?}");
    assert_eq!(main.date, None);
    assert_eq!(main.perpetrators.len(), 1);
    assert!(ev.iter().any(|e| !e.main && e.killed.as_ref().and_then(|k| k.value) == Some(358)));
}

#[test]
fn an_agency_dateline_is_no_place_and_another_country_is_another_event() {
    let ev = events(
        "2018-10-01T09:00:00+00:00",
        "إيران تقصف مواقع في سوريا\n\nدبي، الإمارات العربية المتحدة (CNN)-- أعلن الحرس الثوري الإيراني أنه شن فجر الإثنين هجوما صاروخيا على مواقع في سوريا، ردا على هجوم الأحواز الذي أسفر عن مقتل 25 شخصا السبت قبل الماضي.",
    );
    assert!(ev.iter().all(|e| e.country.as_deref() != Some("AE")), "{ev:#?}");
    let ahvaz = ev.iter().find(|e| e.place.as_deref() == Some("Ahvaz")).expect("Ahvaz");
    assert_eq!(killed(ahvaz), (Some(25), CountQualifier::Exact));
    assert_eq!(ahvaz.date.as_deref(), Some("2018-09-22"));
    let strike = ev.iter().find(|e| e.country.as_deref() == Some("SY")).expect("the strike");
    assert_eq!(strike.event_type, EventType::Shelling);
    assert_eq!(strike.date.as_deref(), Some("2018-10-01"));
}

#[test]
fn a_groups_figure_told_on_after_its_agency_is_still_propaganda() {
    let ev = events(
        "2018-03-09T15:00:00+00:00",
        "سبعة قتلى في هجوم على حسينية بكابول\n\nأعلنت وزارة الداخلية الأفغانية أن 7 مصلين على الأقل قتلوا الجمعة عندما فجر انتحاري نفسه عند مدخل حسينية في غرب كابول.\n\nوتبنى تنظيم داعش التفجير، وزعمت وكالة \"أعماق\" الناطقة باسمه أن العملية طالت تجمعا كبيرا. وأضافت أن الهجوم أوقع 150 قتيلا.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(7), CountQualifier::AtLeast));
}

#[test]
fn accused_of_responsibility_is_suspected_and_a_group_that_never_claimed_did_not_claim() {
    let ev = events(
        "2018-02-24T12:00:00+03:00",
        "عام على أسوأ تفجير في مقديشو\n\nأودى انفجار شاحنة ملغومة عند تقاطع مزدحم في مقديشو في أكتوبر الماضي بحياة أكثر من 500 شخص. واتهمت السلطات الصومالية حركة الشباب بالمسؤولية عن التفجير، غير أن الحركة لم تتبن العملية حتى الآن.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].perpetrators.len(), 1);
    assert_eq!(
        (ev[0].perpetrators[0].name.as_str(), ev[0].perpetrators[0].status),
        ("al-Shabaab", Status::Suspected)
    );
}

#[test]
fn a_town_named_later_replaces_the_landmark_an_attack_was_near() {
    let ev = events(
        "2018-03-02T13:00:00+03:00",
        "سيارة ملغومة تضرب قاعدة قرب مقديشو\n\nهاجم انتحاري بشاحنة محملة بالمتفجرات ثكنة للجيش تقع على مسافة نحو 30 كيلومترا شمال غربي العاصمة مقديشو صباح الجمعة. وأوضح قائد محلي متحدثا من بلدة أفجوي، حيث وقع الهجوم، أن المهاجم فجر السيارة عند البوابة.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].place.as_deref(), Some("Afgoye"));
    assert_eq!(ev[0].date.as_deref(), Some("2018-03-02"));
    // With no other place named, the landmark stands.
    let ev = events(
        "2018-03-02T13:00:00+03:00",
        "انفجار قرب مقديشو\n\nانفجرت عبوة ناسفة قرب مقديشو صباح الجمعة مستهدفة دورية للجيش.",
    );
    assert_eq!(ev[0].place.as_deref(), Some("Mogadishu"), "{ev:#?}");
}

#[test]
fn where_something_goes_is_not_where_the_attack_happened() {
    // The dead are in the Gaza Strip; Jerusalem, a city and so the more
    // specific place, is where the embassy moved, Ramallah where the
    // minister travelled.
    let ev = events(
        "2018-05-15T10:00:00+03:00",
        "مقتل ثلاثة فلسطينيين على حدود قطاع غزة\n\nقتل ثلاثة فلسطينيين برصاص الجيش الإسرائيلي الاثنين على حدود قطاع غزة خلال احتجاجات على نقل السفارة الأمريكية إلى القدس.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].place.as_deref(), Some("Gaza Strip"), "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(3), CountQualifier::Exact));
    // With no other place named, the destination stands.
    let ev = events(
        "2018-05-15T10:00:00+03:00",
        "هجوم على موكب وزير\n\nانفجرت عبوة ناسفة الاثنين بموكب وزير الداخلية لدى وصوله إلى رام الله.",
    );
    assert_eq!(ev[0].place.as_deref(), Some("Ramallah"), "{ev:#?}");
}

#[test]
fn aircraft_that_aim_at_positions_make_an_air_strike() {
    // No word of a raid or a bombardment: the fighter jets that aimed at the
    // positions are the strike.
    let ev = events(
        "2018-05-20T10:00:00+03:00",
        "التحالف يضرب الحوثيين في حجة\n\nاستهدفت مقاتلات التحالف السبت تجمعات لميليشيات الحوثي في مديرية حرض بمحافظة حجة.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::AirStrike, "{ev:#?}");
    assert_eq!(ev[0].country.as_deref(), Some("YE"));
    assert_eq!(ev[0].date.as_deref(), Some("2018-05-19"));
}

#[test]
fn a_method_ruled_out_is_not_the_type() {
    let ev = events(
        "2018-05-06T18:00:00+04:30",
        "تفجير مسجد في خوست\n\nقتل 17 شخصا في تفجير وقع في مسجد بإقليم خوست الأحد. وقال المسؤول إن الانفجار نتج عن متفجرات وضعت في المسجد وليس عن هجوم انتحاري.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::Bombing);
}

#[test]
fn an_attack_by_gunmen_is_an_armed_assault() {
    let ev = events(
        "2018-07-11T10:00:00+04:30",
        "مسلحون يهاجمون مدرسة في جلال آباد\n\nهاجم مسلحون صباح الأربعاء مدرسة ثانوية في مدينة جلال آباد، وسمع دوي انفجارين قرب المكان، بحسب مكتب الحاكم الذي أكد سقوط قتيلين على الأقل.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::ArmedAssault);
    assert_eq!(ev[0].target_type, "education");
}

#[test]
fn killing_one_of_them_counts_one() {
    let ev = events(
        "2018-05-13T10:00:00+02:00",
        "هجوم طعن في مرسيليا\n\nنفذ رجل هجوم طعن استهدف أربعة مارة قاتلا أحدهم في وسط مدينة مرسيليا الفرنسية مساء السبت.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(1), CountQualifier::Exact));
}

#[test]
fn an_age_is_no_toll() {
    let ev = events(
        "2018-03-30T10:00:00+02:00",
        "مقتل مزارع بقصف مدفعي\n\nقتل مزارع في قصف مدفعي قرب الحدود صباح الجمعة، وقال مسؤول في وزارة الصحة إن المزارع، في الـ31 من العمر، توفي متأثرا بجروحه.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_ne!(killed(&ev[0]).0, Some(31), "{ev:#?}");
}

/// A hedge written after the counted noun does not hide the noun ("14
/// شخصا على الأقل يوم الخميس": the people are counted, not the day), and the
/// verbal noun of death counts ("عن مصرع خمسة مقاتلين").
#[test]
fn a_hedge_after_the_noun_and_the_noun_of_death_keep_the_toll() {
    for (text, want) in [
        (
            "غارة جوية في الشمال\n\nوقتل 14 شخصا على الأقل يوم الخميس في ضربة جوية على سوق في إقليم قندوز.",
            (Some(14), CountQualifier::AtLeast),
        ),
        (
            "غارات على ريف عفرين\n\nوأسفرت غارات جوية على قرية في ريف عفرين صباح الأربعاء عن مصرع خمسة مقاتلين من الوحدات الكردية.",
            (Some(5), CountQualifier::Exact),
        ),
    ] {
        let ev = events("2018-03-16T12:00:00+03:00", text);
        assert_eq!(ev.len(), 1, "{text}\n{ev:#?}");
        assert_eq!(killed(&ev[0]), want, "{text}\n{ev:#?}");
    }
}

/// A model number is no count ("طائرة بوينغ 737"), and a figure over
/// decades ("على مدار 4 عقود") is a running total, not an incident's toll.
#[test]
fn a_model_number_counts_no_one_and_decades_make_a_running_total() {
    let ev = events(
        "2018-04-18T06:00:00+00:00",
        "وفاة راكبة بعد عطل في طائرة\n\nلقيت امرأة مصرعها بعدما تعرضت طائرة بوينغ 737 تابعة لشركة طيران أمريكية لعطل في أحد محركيها بعد إقلاعها من نيويورك الثلاثاء.",
    );
    for e in &ev {
        assert_ne!(e.killed.as_ref().and_then(|k| k.value), Some(737), "{ev:#?}");
    }
    let ev = events(
        "2018-04-20T12:00:00+00:00",
        "منظمة انفصالية تعلن حل نفسها\n\nأعلنت المنظمة حل نفسها نهائيا. وتعد الجماعة مسؤولة عن مصرع 800 شخص وإصابة آلاف آخرين على مدار 4 عقود من العنف.",
    );
    for e in ev.iter().filter(|e| e.killed.as_ref().and_then(|k| k.value) == Some(800)) {
        let k = e.killed.as_ref().unwrap();
        assert!(k.evidence.iter().any(|x| x.rule.ends_with("(running total)")), "{ev:#?}");
    }
}

#[test]
fn a_groups_fighters_as_the_subject_of_the_attack_are_its_authors() {
    let ev = events(
        "2015-07-21T10:00:00+03:00",
        "هجوم على دورية في هكاري\n\nنصب مقاتلو حزب العمال الكردستاني كمينا لدورية عسكرية وهاجموها بالأسلحة الرشاشة في ولاية هكاري مساء الأحد.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].perpetrators.len(), 1);
    assert_eq!(
        (ev[0].perpetrators[0].name.as_str(), ev[0].perpetrators[0].status),
        ("Kurdistan Workers' Party", Status::Attributed)
    );
    // Fighters killed in a strike are its targets, not its authors.
    let ev = events(
        "2015-07-21T10:00:00+03:00",
        "غارة في لحج\n\nأسفرت غارة جوية نفذها طيران التحالف على تجمع للحوثيين في مديرية كرش بمحافظة لحج عن مقتل 12 من مسلحي الجماعة.",
    );
    assert!(ev[0].perpetrators.iter().all(|p| p.name != "Houthis"), "{ev:#?}");
}

#[test]
fn a_report_that_opens_on_its_place_goes_on_the_day_just_told() {
    let ev = events(
        "2015-07-22T10:00:00+03:00",
        "هجمات في جنوب شرق تركيا\n\nقال الجيش إن دورية له تعرضت لانفجار عبوة ناسفة في ولاية هكاري مساء الاثنين. وفي ولاية أجدير، هاجم مسلحون نقطة للشرطة بالأسلحة الرشاشة ما أدى إلى مقتل شرطيين.",
    );
    assert_eq!(ev.len(), 2, "{ev:#?}");
    let igdir = ev.iter().find(|e| e.place.as_deref() == Some("Igdir")).expect("Igdir");
    assert_eq!(igdir.date.as_deref(), Some("2015-07-20"), "{ev:#?}");
}

#[test]
fn a_number_and_one_more_victim_add_up() {
    let ev = events(
        "2015-07-23T10:00:00+01:00",
        "تفجير في فوتوكول\n\nفجرت انتحاريتان نفسيهما في بلدة فوتوكول الكاميرونية الأحد ما أدى إلى مقتل 10 مدنيين وجندي.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(11), CountQualifier::Exact));
}

#[test]
fn strikes_told_again_in_a_village_with_their_own_toll() {
    // The speaker's post names another town; the strikes hit the village,
    // and the militants they killed are the toll.
    let ev = events(
        "2015-07-22T10:00:00+03:00",
        "غارات على مواقع داعش غربي الموصل\n\nوأوضح آمر الفوج في ناحية القيارة، أن الضربات دمرت مقرا ونقطة تفتيش للتنظيم في قرية تل شعير، ما أسفر عن مقتل 28 من عناصر التنظيم على الأقل.",
    );
    let e = ev.iter().find(|e| e.killed.as_ref().and_then(|k| k.value) == Some(28)).expect("28");
    assert_eq!(e.place.as_deref(), Some("Tal Shair"), "{ev:#?}");
    assert_eq!(e.event_type, EventType::AirStrike);
    assert!(!e.aggregate);
}

#[test]
fn two_officers_found_killed_count_two() {
    let ev = events(
        "2015-07-22T10:00:00+03:00",
        "مقتل شرطيين في جيلان بينار\n\nقال المسؤول إنه تم العثور على الضابطين مقتولين برصاص في منزلهما بمنطقة جيلان بينار صباح اليوم.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(2), CountQualifier::Exact));
}

#[test]
fn an_earlier_attack_with_its_own_day_is_not_the_undated_one_told() {
    let ev = events(
        "2015-07-23T19:00:00+02:00",
        "مقتل أربعة عسكريين بانفجار لغم في سيناء\n\nلقي ضابط و3 جنود مصرعهم إثر انفجار لغم أرضي بمدرعتهم خلال حملة أمنية في مدينة رفح بمحافظة شمال سيناء.\n\nوكان التنظيم قد شن في الأول من يوليو الحالي هجوما واسعا على نقاط تفتيش للجيش في رفح أسفر عن مقتل 17 جنديا.",
    );
    assert_eq!(ev.len(), 2, "{ev:#?}");
    let main = ev.iter().find(|e| e.main).expect("main");
    assert_eq!(killed(main), (Some(4), CountQualifier::Exact));
    // Not the earlier attack's day: only the month the article tells of.
    assert_eq!(main.date.as_deref(), Some("2015-07"));
    let earlier = ev.iter().find(|e| !e.main).expect("the earlier attack");
    assert_eq!(earlier.date.as_deref(), Some("2015-07-01"));
    assert_eq!(killed(earlier), (Some(17), CountQualifier::Exact));
}

#[test]
fn soldiers_and_the_militants_killed_in_the_same_sentence_add_up() {
    let ev = events(
        "2015-07-05T12:00:00+02:00",
        "معارك في الشيخ زويد\n\nهاجم مسلحون كمائن للجيش في مدينة الشيخ زويد السبت، ما أسفر عن مقتل 12 جنديا بينهم 3 ضباط، وأكثر من خمسين فردا من العناصر المسلحة.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(62), CountQualifier::MoreThan));
}

#[test]
fn blasts_in_two_neighbourhoods_of_one_city_add_up() {
    let ev = events(
        "2015-07-19T12:00:00+03:00",
        "تفجيران في بغداد\n\nانفجرت سيارة مفخخة أمس في سوق شعبي بمنطقة الكرادة وسط بغداد ما أدى إلى مقتل 12 شخصا على الأقل. كما انفجرت عبوة ناسفة في حي الشعلة بشمال بغداد وأدت إلى مقتل ثلاثة أشخاص.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(15), CountQualifier::AtLeast));
}

#[test]
fn one_more_wounded_and_a_part_of_the_wounded() {
    let ev = events(
        "2018-05-06T18:00:00+04:30",
        "كمين في هرات\n\nقال المتحدث باسم حاكم الولاية إن 9 من عناصر الشرطة قتلوا وأصيب آخر بجروح في كمين نصبه مسلحون في ولاية هرات الأحد.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].injured.as_ref().and_then(|c| c.value), Some(1));
    // "12 من الجرحى" are some of the wounded, not all of them.
    let ev = events(
        "2015-07-22T10:00:00+03:00",
        "تفجير في سروج\n\nقتل 30 شخصا وأصيب نحو مئة آخرين في تفجير انتحاري في بلدة سروج الاثنين. وقال الوزير إن 12 من الجرحى ما زالوا في المستشفيات.",
    );
    assert_eq!(ev[0].injured.as_ref().and_then(|c| c.value), Some(100), "{ev:#?}");
}

#[test]
fn the_toll_told_with_a_plural_word_for_the_attacks_just_told() {
    let ev = events(
        "2015-07-23T10:00:00+01:00",
        "تفجيران في مروة\n\nفجرت فتاتان نفسيهما في السوق المركزي بمدينة مروة الكاميرونية الأربعاء. وقال مكتب الرئاسة إن 9 أشخاص قتلوا و27 أصيبوا بجروح، منددا بالهجمات على المدنيين.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(9), CountQualifier::Exact));
    assert_eq!(ev[0].injured.as_ref().and_then(|c| c.value), Some(27));
}

#[test]
fn words_of_attack_outside_violence_make_no_event() {
    // A verbal attack.
    let ev = events(
        "2018-07-19T10:00:00+00:00",
        "الرئيس الأمريكي يهاجم المفوضية الأوروبية\n\nهاجم الرئيس الأمريكي المفوضية الأوروبية بسبب غرامة فرضتها على شركة تقنية، وقال إنها تستغل الولايات المتحدة.",
    );
    assert!(ev.is_empty(), "{ev:#?}");
    // A flood's toll.
    let ev = events(
        "2018-07-22T10:00:00+00:00",
        "21 قتيلا في السيول في شمال فيتنام\n\nلقي 21 شخصا حتفهم وفقد 14 آخرون جراء السيول التي اجتاحت ولايات شمال فيتنام خلال الأيام الأخيرة.",
    );
    assert!(ev.is_empty(), "{ev:#?}");
    // A match.
    let ev = events(
        "2018-05-06T10:00:00+00:00",
        "المدرب يبحث عن حل لأزمة الهجوم\n\nيعاني المنتخب من ضعف واضح في الهجوم قبل المباراة المقبلة، بعد أن غاب اللاعب الأبرز عن التدريبات بسبب الإصابة.",
    );
    assert!(ev.is_empty(), "{ev:#?}");
    // Missiles in a talk of sanctions.
    let ev = events(
        "2018-05-06T10:00:00+00:00",
        "العقوبات على طهران\n\nتطالب واشنطن بوقف برنامج الصواريخ الباليستية الإيراني قبل أي اتفاق جديد.",
    );
    assert!(ev.is_empty(), "{ev:#?}");
}

#[test]
fn an_appeal_in_court_is_not_a_stabbing() {
    let ev = events(
        "2018-05-06T10:00:00+02:00",
        "محامي المتهمين يطعن في الحكم\n\nقدم محامي المتهمين في قضية الهجوم على الكنيسة في الإسكندرية طعنا في الحكم أمام محكمة النقض الأحد.",
    );
    assert!(ev.iter().all(|e| e.event_type != EventType::ArmedAssault), "{ev:#?}");
    // A stabbing stays one.
    let ev = events(
        "2018-05-13T10:00:00+02:00",
        "هجوم طعن في مرسيليا\n\nأصيب ثلاثة أشخاص في هجوم طعن نفذه رجل في وسط مدينة مرسيليا الفرنسية السبت.",
    );
    assert_eq!(ev[0].event_type, EventType::ArmedAssault, "{ev:#?}");
}

#[test]
fn an_on_this_day_page_is_no_news() {
    let text = "حدث في 14 أغسطس.. اغتيال زعيم وانفجار في ميناء\n\nفي مثل هذا اليوم اغتال مسلحون زعيماً سياسياً في العاصمة، وقتل 40 شخصاً في انفجار هز ميناء بيروت.";
    assert!(rasd_extract::is_almanac(text));
    assert!(events("2018-08-14", text).is_empty());
    assert!(!rasd_extract::is_almanac("حدث في كابول: انفجار يقتل 12\n\nنص"));
}

#[test]
fn a_signed_opinion_piece_is_no_news() {
    let text = "عام على الحرب.. ماذا تغير؟\n\nهذا المقال بقلم كاتب ومحلل سياسي، والآراء الواردة فيه تعبر عن رأيه.\n\nقتل 30 شخصاً في تفجير انتحاري هز السوق الكبير في الموصل قبل عام.";
    assert!(rasd_extract::is_opinion(text));
    assert!(events("2018-08-14", text).is_empty());
}

#[test]
fn adopting_a_groups_ideas_is_no_claim() {
    let text = "مقتل شرطيين بإطلاق نار في الرياض\n\nقتل شرطيان الأربعاء بإطلاق نار على نقطة تفتيش في الرياض، وقالت السلطات إن المهاجم شاب يتبنى فكر تنظيم داعش.";
    let events = events("2018-08-15", text);
    assert_eq!(events.len(), 1);
    assert!(
        events[0].perpetrators.iter().all(|p| p.status != Status::Claimed),
        "{:?}",
        events[0].perpetrators
    );
}

#[test]
fn the_west_bank_of_the_euphrates_is_in_syria() {
    let text = "مقتل 17 مقاتلاً موالياً للنظام في هجوم لتنظيم داعش\n\nقتل 17 مقاتلاً موالياً للقوات الحكومية السورية الثلاثاء في هجمات شنها تنظيم داعش على مواقعهم في الضفة الغربية لنهر الفرات بمحافظة دير الزور، بحسب المرصد.";
    let events = events("2018-06-05", text);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].country.as_deref(), Some("SY"));
}

#[test]
fn an_event_has_no_date_after_its_report() {
    let text = "مقتل أربعة أشخاص بانفجار في بغداد\n\nقتل أربعة أشخاص في انفجار عبوة ناسفة في سوق ببغداد يوم 12 يونيو 2019، بحسب الشرطة.";
    let events = events("2018-05-06", text);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].date, None);
}

#[test]
fn a_strike_names_the_state_its_adjective_names() {
    let ev = events(
        "2018-05-10T09:00:00+03:00",
        "مقتل 9 مدنيين في غارة جوية روسية على ريف إدلب\n\nقتل تسعة مدنيين الأربعاء في غارة جوية روسية استهدفت بلدة سراقب في ريف إدلب، بحسب مصادر محلية.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let e = &ev[0];
    assert_eq!(e.event_type, EventType::AirStrike);
    let names: Vec<(&str, Status)> =
        e.perpetrators.iter().map(|p| (p.name.as_str(), p.status)).collect();
    assert_eq!(names, [("Russian air force", Status::Attributed)], "{ev:#?}");
    assert!(e.perpetrators[0].evidence[0].text.contains("روسية"));
}

#[test]
fn the_force_that_fired_is_the_author_unless_it_shot_the_attackers() {
    let names = |ev: &[Event]| -> Vec<(String, Status)> {
        ev.iter().flat_map(|e| e.perpetrators.iter().map(|p| (p.name.clone(), p.status))).collect()
    };
    // "برصاص قناصة الجيش": the army's snipers fired, the army is the author.
    let ev = events(
        "2018-06-01T20:00:00+03:00",
        "مقتل متظاهرين اثنين قرب السياج\n\nقتل متظاهران اثنان الجمعة برصاص قناصة الجيش الإسرائيلي شرق مدينة خان يونس جنوب قطاع غزة، وأصيب 40 آخرون.",
    );
    assert_eq!(names(&ev), [("Israeli army".to_string(), Status::Attributed)], "{ev:#?}");
    // "بالرصاص الإسرائيلي": the gunfire's adjective names the state.
    let ev = events(
        "2018-06-01T20:00:00+03:00",
        "مقتل شاب فلسطيني بالرصاص الإسرائيلي في خان يونس\n\nقتل شاب فلسطيني الجمعة شرق مدينة خان يونس جنوب قطاع غزة.",
    );
    assert_eq!(names(&ev), [("Israeli army".to_string(), Status::Attributed)], "{ev:#?}");
    // The attackers shot dead by the guards they attacked: the guards did
    // not carry out the attack.
    let ev = events(
        "2018-06-01T20:00:00+04:30",
        "هجوم على قاعدة في كابول\n\nهاجم مسلحون قاعدة عسكرية في كابول الجمعة، وقتل المهاجمون الثلاثة برصاص قوات الأمن قبل دخولهم القاعدة.",
    );
    assert!(!ev.is_empty());
    assert!(names(&ev).iter().all(|(n, _)| !n.contains("forces")), "{ev:#?}");
}

#[test]
fn the_force_that_committed_a_massacre_is_named_as_its_author() {
    let ev = events(
        "2018-07-19T12:00:00+03:00",
        "ارتفاع حصيلة مجزرة الدريهمي\n\nارتفعت حصيلة المجزرة التي ارتكبتها الميليشيات الحوثية في قرية الجاح بمديرية الدريهمي إلى خمسة قتلى، جراء قصف عشوائي على منازل المدنيين.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let names: Vec<&str> = ev[0].perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Houthis"], "{ev:#?}");
    assert_eq!(ev[0].perpetrators[0].status, Status::Attributed);
}

#[test]
fn a_state_forces_other_strikes_in_the_same_country_are_its_own() {
    let ev = events(
        "2018-08-25T12:00:00+03:00",
        "مقتل 20 مدنيا في غارة على الحديدة\n\nقتل 20 مدنيا على الأقل الخميس في غارة جوية شنها التحالف بقيادة السعودية على مديرية الدريهمي في محافظة الحديدة.\nوكانت غارة جوية على سوق في مدينة صعدة قد أسفرت في التاسع من أغسطس عن مقتل 40 شخصا.",
    );
    let strikes: Vec<&Event> = ev.iter().filter(|e| e.event_type == EventType::AirStrike).collect();
    assert_eq!(strikes.len(), 2, "{ev:#?}");
    for e in strikes {
        let names: Vec<&str> = e.perpetrators.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Saudi-led coalition"], "{e:#?}");
    }
}

#[test]
fn dozens_of_dead_is_a_vague_toll_and_dozens_of_attacks_a_statistic() {
    let ev = events(
        "2018-04-08T16:00:00+03:00",
        "مقتل عشرات الأشخاص في هجوم بالغاز السام على دوما\n\nلقي عشرات الأشخاص مصرعهم مساء السبت في هجوم بالغاز السام على مدينة دوما في الغوطة الشرقية، بحسب مسعفين.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].place.as_deref(), Some("Douma"), "{ev:#?}");
    assert_eq!(ev[0].killed.as_ref().map(|k| k.qualifier), Some(CountQualifier::Vague));
    let ev = events(
        "2018-04-08T16:00:00+03:00",
        "تقرير: عشرات الهجمات في اليمن خلال الشهر\n\nسجل تقرير حقوقي عشرات الهجمات على المدنيين في اليمن خلال الشهر الماضي.",
    );
    assert!(ev.is_empty(), "{ev:#?}");
}

#[test]
fn an_adjective_of_the_target_names_no_author() {
    // "على مواقع إيرانية": the positions are Iranian, the strike is not.
    let ev = events(
        "2018-05-10T09:00:00+03:00",
        "غارات على مواقع إيرانية قرب دمشق\n\nاستهدفت غارات جوية مواقع إيرانية قرب مطار دمشق الدولي فجر الخميس، ما أدى إلى مقتل ثمانية عناصر.",
    );
    assert!(!ev.is_empty(), "{ev:#?}");
    assert!(
        ev.iter().all(|e| e.perpetrators.iter().all(|p| !p.name.starts_with("Iranian"))),
        "{ev:#?}"
    );
}

#[test]
fn every_kept_event_says_why_it_was_kept() {
    let ev = events(
        "2018-05-06T18:00:00+04:30",
        "مقتل 12 شخصا بتفجير انتحاري في كابول\n\nقتل 12 شخصا الأحد عندما فجر انتحاري نفسه قرب مسجد في مدينة كابول. وفي هجوم منفصل، قتل ثلاثة جنود في انفجار عبوة ناسفة في ولاية قندهار السبت.",
    );
    assert_eq!(ev.len(), 2, "{ev:#?}");
    for e in &ev {
        assert!(e.evidence.iter().any(|x| x.rule.starts_with("decision: ")), "{e:#?}");
        assert!((0.0..=1.0).contains(&e.confidence));
    }
    let background = ev.iter().find(|e| !e.main).expect("a background event");
    assert_eq!(background.place.as_deref(), Some("Kandahar Province"), "{ev:#?}");
    assert!(background.evidence.iter().any(|x| x.rule.contains("kept by the model, p ")));
}

#[test]
fn the_author_the_headline_names_is_read_for_the_strike_the_body_tells() {
    // The body's shelling names no author in its own sentences; the
    // headline names the force whose campaign it is, and the learned perp
    // decision can take it, saying so in its evidence. The shipped
    // threshold (0.65) is cautious, since wrong authors cost check's
    // strict F1 at 0.5; a naming in the headline alone scores about 0.5,
    // so the decision is tested here with the shipped weights at 0.5.
    use rasd_extract::model::Decision;
    let mut ex = Extractor::new().expect("the extractor");
    let mut model = ex.model().clone();
    let mut w = model.get(Decision::Perp).clone();
    assert!(w.threshold > 0.5 && w.threshold < 1.0, "the shipped perp decision");
    w.threshold = 0.5;
    model.set(Decision::Perp, w);
    ex.set_model(model);
    let run = |text: &str| -> Vec<Event> {
        let doc = Doc {
            id: "t".into(),
            published: Some("2018-05-06T10:00:00+03:00".into()),
            text: text.into(),
            ..Doc::default()
        };
        ex.extract(&doc).events.into_iter().filter(|e| !e.aggregate).collect()
    };
    let ev = run(
        "الجيش السوري يصعد حملته في ريف إدلب\n\nقتل خمسة مدنيين، الأحد، في قصف مدفعي على بلدة خان شيخون في ريف إدلب الجنوبي، بحسب مصادر محلية. وأضافت المصادر أن القصف طال منازل المدنيين وسط البلدة.",
    );
    let e = ev.iter().find(|e| e.event_type == EventType::Shelling).expect("the shelling");
    let names: Vec<&str> = e.perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Syrian army"], "{ev:#?}");
    let why = &e.perpetrators[0].evidence[0].rule;
    assert!(why.contains("named elsewhere") && why.contains("chosen by the model"), "{why}");
    // With no group or force named anywhere, there is no one to choose.
    let ev = run(
        "مقتل خمسة مدنيين في ريف إدلب\n\nقتل خمسة مدنيين، الأحد، في قصف مدفعي على بلدة خان شيخون في ريف إدلب الجنوبي، بحسب مصادر محلية. ولم تعلن أي جهة مسؤوليتها عن القصف.",
    );
    assert!(ev.iter().all(|e| e.perpetrators.is_empty()), "{ev:#?}");
}

mod model {
    use rasd_extract::model::{Decision, Model};

    #[test]
    fn the_shipped_model_names_every_feature_and_round_trips() {
        let m = Model::shipped().expect("the shipped model loads");
        assert!(m.header.iter().any(|h| h.starts_with("made by: rasd train")), "{:?}", m.header);
        assert_eq!(Model::parse(&m.to_tsv()).expect("its own output parses"), m);
        for d in Decision::ALL {
            assert_eq!(m.get(d).weights.len(), d.features().len());
        }
    }

    #[test]
    fn a_stale_or_broken_model_file_is_refused_with_its_line() {
        let good = Model::rules().to_tsv();
        let unknown = good.replacen("event\ttoll\t", "event\tno_such_feature\t", 1);
        let e = Model::parse(&unknown).expect_err("unknown feature").to_string();
        assert!(e.contains("no_such_feature") && e.contains("rasd train"), "{e}");
        let missing: String = good
            .lines()
            .filter(|l| !l.starts_with("killed\tsince"))
            .map(|l| format!("{l}\n"))
            .collect();
        let e = Model::parse(&missing).expect_err("missing feature").to_string();
        assert!(e.contains("since"), "{e}");
        let nan = good.replacen("event\tbias\t-0.5", "event\tbias\tNaN", 1);
        let e = Model::parse(&nan).expect_err("not a number").to_string();
        assert!(e.contains("model.tsv:") && e.contains("NaN"), "{e}");
    }

    #[test]
    fn the_rules_model_keeps_what_the_filter_keeps() {
        let m = Model::rules();
        let w = m.get(Decision::Event);
        let mut x = vec![0.0; Decision::Event.features().len()];
        assert!(w.prob(&x) < w.threshold);
        x[0] = 1.0; // rule_keep
        assert!(w.prob(&x) >= w.threshold);
        assert!(m.get(Decision::Merge).prob(&vec![1.0; Decision::Merge.features().len()]) < 1.0);
        // The target: the rules' choice scores above every other type.
        let t = m.get(Decision::Target);
        let mut x = vec![0.0; Decision::Target.features().len()];
        let other = t.prob(&x);
        x[0] = 1.0; // rule
        assert!(t.prob(&x) > other);
        // No author is read from outside an event's sentences.
        let p = m.get(Decision::Perp);
        assert!(p.prob(&vec![1.0; Decision::Perp.features().len()]) < p.threshold);
    }
}

#[test]
fn a_running_total_is_not_the_incidents_toll() {
    let ev = events(
        "2018-03-12T10:00:00+02:00",
        "مقتل 7 جنود في هجوم على ثكنة في العريش\n\nقتل سبعة جنود الأحد في هجوم شنه مسلحون على ثكنة عسكرية في مدينة العريش. وبذلك يرتفع عدد قتلى قوات الأمن منذ بداية العام إلى 150 قتيلا.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_eq!(main.killed.as_ref().and_then(|k| k.value), Some(7), "{ev:#?}");
    // A total "since the campaign intensified" or "of the military
    // operation" is no incident's toll either, when the incident has one.
    for total in [
        "وتفيد تقديرات بأن نحو 700 مدني قتلوا منذ تكثيف القوات الحكومية حملتها على المنطقة.",
        "وارتفعت بذلك حصيلة قتلى العملية العسكرية في المحافظة إلى 160 مدنيا.",
    ] {
        let ev = events(
            "2018-03-05T10:00:00+02:00",
            &format!(
                "قتلى بقصف على بلدة في ريف دمشق\n\nقتل عشرة مدنيين الاثنين في قصف مدفعي استهدف بلدة حمورية في الغوطة الشرقية. {total}"
            ),
        );
        let main = ev.iter().find(|e| e.main).expect("the headline's event");
        assert_eq!(main.killed.as_ref().and_then(|k| k.value), Some(10), "{ev:#?}");
    }
}

#[test]
fn a_place_of_a_country_the_article_names_wins_over_a_homonym_elsewhere() {
    // "المنطقة الشرقية" is also Saudi Arabia's Eastern Province; nothing
    // else in the article is Saudi, and Nangarhar is in the Afghanistan it
    // names.
    let ev = events(
        "2018-09-02T09:00:00+04:30",
        "مقتل قيادي في داعش بغارة أمريكية في أفغانستان\n\nقالت القوات الأمريكية في أفغانستان الأحد إن غارة جوية نفذتها طائراتها السبت في المنطقة الشرقية من ولاية ننغرهار قتلت قياديا في تنظيم داعش وعشرة من مقاتليه.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!((ev[0].country.as_deref(), ev[0].place.as_deref()), (Some("AF"), Some("Nangarhar")));
}

#[test]
fn a_foreign_town_named_once_in_an_article_about_another_country_is_no_place() {
    // مدينة حمد is a town of Bahrain in GeoNames and a quarter of Gaza here.
    let ev = events(
        "2018-07-20T20:00:00+03:00",
        "مقتل فلسطينيين اثنين بقصف إسرائيلي في غزة\n\nقتل فلسطينيان الجمعة في قصف مدفعي إسرائيلي استهدف مدينة حمد، بحسب وزارة الصحة الفلسطينية في القطاع.",
    );
    assert!(!ev.is_empty());
    assert!(ev.iter().all(|e| e.country.as_deref() != Some("BH")), "{ev:#?}");
}

#[test]
fn a_denied_casualty_word_is_a_toll_of_zero() {
    // "No one was hurt" is a count of zero, not a missing count; a word for
    // the dead and hurt alike makes both zero.
    let ev = events(
        "2018-09-06T10:00:00+03:00",
        "سقوط قذائف على المنطقة الخضراء في بغداد\n\nسقطت ثلاث قذائف هاون الخميس على أرض خالية في المنطقة الخضراء ببغداد دون وقوع خسائر بشرية أو مادية، بحسب بيان أمني.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(0), CountQualifier::Exact));
    assert_eq!(ev[0].injured.as_ref().and_then(|c| c.value), Some(0));
    // The denial reaches past the verb's subject; a figure elsewhere wins.
    let ev = events(
        "2018-05-06T10:00:00+04:30",
        "انفجار في كابول\n\nانفجرت عبوة ناسفة في كابول الأحد ولم يسفر الانفجار عن سقوط ضحايا.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(0), CountQualifier::Exact));
    let ev = events(
        "2018-05-06T10:00:00+04:30",
        "مقتل 4 في تفجير بكابول\n\nقتل أربعة أشخاص في تفجير عبوة ناسفة في كابول الأحد. ولم يسفر انفجار ثان عن إصابات.",
    );
    assert!(ev.iter().any(|e| e.killed.as_ref().and_then(|k| k.value) == Some(4)), "{ev:#?}");
    // "لا يقل عن": a hedge, not a denial.
    let ev = events(
        "2018-05-06T10:00:00+04:30",
        "تفجير في كابول\n\nقتل ما لا يقل عن 12 شخصا في تفجير في كابول الأحد.",
    );
    assert_eq!(killed(&ev[0]), (Some(12), CountQualifier::AtLeast));
}

#[test]
fn a_bombardment_by_aircraft_is_an_air_strike() {
    let ev = events(
        "2018-05-20T12:00:00+03:00",
        "مقاتلات التحالف تقصف موقعا في صنعاء\n\nقصفت مقاتلات التحالف الأحد موقعا عسكريا في صنعاء، ما أدى إلى مقتل خمسة مسلحين.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::AirStrike);
    // With no aircraft named, a bombardment is shelling.
    let ev = events(
        "2018-05-20T12:00:00+03:00",
        "قتلى في قصف على تعز\n\nقصفت الميليشيات الأحد أحياء سكنية في تعز، ما أدى إلى مقتل خمسة مدنيين.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::Shelling);
}

#[test]
fn a_knife_attack_is_an_armed_assault_and_blowing_oneself_up_a_suicide_bombing() {
    let ev = events(
        "2018-05-12T22:00:00+02:00",
        "هجوم بالسكين في باريس\n\nقتل شخص وأصيب أربعة آخرون السبت في هجوم بالسكين في وسط باريس، بحسب الشرطة الفرنسية.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::ArmedAssault);
    let ev = events(
        "2015-07-23T10:00:00+01:00",
        "مقتل 13 في تفجيرين بالكاميرون\n\nقتل 13 شخصا الأربعاء عندما قامت فتاتان بتفجير نفسيهما في السوق المركزي في مدينة مروة.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::SuicideBombing);
}

#[test]
fn a_toll_that_is_only_a_running_total_says_so() {
    // The only figure counts since the start of the year: it stays the
    // toll (nothing else is given), marked so the watch can leave it out.
    let ev = events(
        "2018-03-12T10:00:00+02:00",
        "هجوم على ثكنة في العريش\n\nهاجم مسلحون ثكنة عسكرية في مدينة العريش الأحد، ويرتفع بذلك عدد قتلى قوات الأمن منذ بداية العام إلى 150 قتيلا.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    let killed = main.killed.as_ref().expect("a toll");
    assert!(killed.is_running_total(), "{killed:#?}");
    let own = events(
        "2018-03-12T10:00:00+02:00",
        "مقتل 7 جنود في هجوم على ثكنة في العريش\n\nقتل سبعة جنود الأحد في هجوم شنه مسلحون على ثكنة عسكرية في مدينة العريش.",
    );
    let main = own.iter().find(|e| e.main).expect("the headline's event");
    assert!(!main.killed.as_ref().expect("a toll").is_running_total());
}

/// Whether a toll is the incident's own, a running total or a recalled
/// toll: (publication time, text, the toll, what it is).
const OWN_TOLLS: &[(&str, &str, u32, &str)] = &[
    // A headline's figure that the body tells as the dead of days of
    // fighting on many fronts: no incident at all (the model's veto on a
    // headline with neither place nor day), or one whose figure is marked.
    (
        "2018-06-08T12:00:00+03:00",
        "مصرع 120 من أبناء قبيلة واحدة\n\nقالت مصادر قبلية إن 120 رجلا من أبناء القبيلة ممن جندتهم الجماعة في صفوفها لقوا مصرعهم خلال الأسابيع الماضية في المعارك الدائرة على جبهات عدة.",
        120,
        "running or none",
    ),
    // The same headline told plainly in the body stays the incident's own.
    (
        "2018-06-08T12:00:00+03:00",
        "مقتل 120 في تفجير سوق شعبية\n\nقتل 120 شخصا الجمعة في تفجير سيارة مفخخة وسط سوق شعبية في المدينة، بحسب مصادر طبية.",
        120,
        "own",
    ),
    // The other side's dead, given as the counterpart of a campaign's
    // ("في المقابل"), count over the campaign too: no figure is the
    // incident's own, and the toll left is the campaign's, marked.
    (
        "2018-03-18T12:00:00+03:00",
        "معركة عفرين\n\nوذكر المرصد أن أكثر من 900 مقاتل كردي لقوا حتفهم منذ بدء الهجوم التركي على منطقة عفرين. ووثق المرصد في المقابل مقتل أكثر من 300 عنصر من الفصائل الموالية لأنقرة.",
        900,
        "running",
    ),
    // A campaign opened by منذ well before the figure in its sentence.
    (
        "2018-06-16T12:00:00+03:00",
        "غارات على مواقع المسلحين قرب المطار\n\nشنت طائرات التحالف غارات على مواقع المسلحين قرب المطار السبت. وارتفعت خسائر المسلحين منذ انطلاق العملية العسكرية لاستعادة المدينة الساحلية ومرافقها، إلى نحو 300 قتيل، وفق مصادر طبية.",
        300,
        "running",
    ),
    // A stretch of hours after the figure.
    (
        "2018-05-10T12:00:00+03:00",
        "معارك عنيفة في الساحل الغربي\n\nقتل نحو 90 مسلحا في معارك عنيفة على جبهة الساحل الغربي خلال الساعات الـ48 الأخيرة، بحسب مصادر عسكرية.",
        90,
        "running",
    ),
    // A total.
    (
        "2018-03-01T12:00:00+03:00",
        "قصف متواصل على الغوطة\n\nتواصل القصف المدفعي على بلدات الغوطة الخميس، وبلغت الحصيلة الإجمالية للقتلى 400 قتيل بحسب المرصد.",
        400,
        "running",
    ),
    // "The deadliest since": a comparison, the attack's own toll.
    (
        "2018-07-13T20:00:00+05:00",
        "تفجير انتحاري يستهدف تجمعا انتخابيا\n\nقتل 60 شخصا في أعنف هجوم منذ بداية العام، عندما فجر انتحاري نفسه وسط تجمع انتخابي في المدينة الجمعة.",
        60,
        "own",
    ),
    // "Since Sunday evening" tells one attack's manhunt, not a period.
    (
        "2018-04-23T12:00:00-05:00",
        "البحث عن مسلح فتح النار في مطعم\n\nتبحث الشرطة منذ مساء الأحد عن مسلح يشتبه في أنه قتل أربعة أشخاص عندما فتح النار داخل مطعم في المدينة.",
        4,
        "own",
    ),
    // An anniversary right before the figure recalls an earlier attack.
    (
        "2018-11-05T12:00:00-06:00",
        "تجمع في البلدة\n\nأحيا سكان البلدة الأحد ذكرى مقتل 25 شخصا في هجوم مسلح على كنيسة فيها قبل عام.",
        25,
        "recalled",
    ),
    // An anniversary as the occasion of today's news is not a recall.
    (
        "2018-05-15T12:00:00+03:00",
        "مقتل فلسطينيين على حدود غزة\n\nقتل 60 فلسطينيا برصاص الجيش الإسرائيلي الاثنين في مواجهات على حدود قطاع غزة عشية ذكرى النكبة.",
        60,
        "own",
    ),
    // A stretch of days after a comma, and one counted in the headline.
    (
        "2018-06-17T12:00:00+03:00",
        "تقدم للقوات الحكومية قرب الميناء\n\nقالت القوات الحكومية الأحد إنها تقدمت نحو الميناء، وأعلنت مقتل 400 مسلح من الجماعة، خلال الأيام الخمسة الماضية في معارك المدينة.",
        400,
        "running",
    ),
    (
        "2018-05-15T12:00:00+03:00",
        "معارك الجبهة الغربية تكبد المسلحين 75 قتيلا في يومين\n\nدارت معارك عنيفة على الجبهة الغربية مع تقدم القوات الحكومية نحو البلدة.",
        75,
        "running",
    ),
    // Weeks counted before the figure, in a reaction piece's background.
    (
        "2018-05-06T12:00:00+03:00",
        "إطلاق نار قرب السياج\n\nأطلق الجنود النار الأحد على محتجين قرب السياج. ويأتي الحادث بعد سبعة أسابيع من الاحتجاجات على السياج قتل فيها 58 شخصا.",
        58,
        "running",
    ),
    // A weekend's clashes are one episode: "the week" alone is no period.
    (
        "2018-06-24T12:00:00+01:00",
        "حظر تجول بعد اشتباكات في الولاية\n\nفرضت السلطات حظر تجول في الولاية بعد مقتل ما لا يقل عن 72 شخصا في اشتباكات بين مزارعين ورعاة خلال مطلع الأسبوع.",
        72,
        "own",
    ),
    // Two days ago is the attack's own day.
    (
        "2018-05-06T12:00:00+03:00",
        "تشييع ضحايا التفجير\n\nشيع السكان الأحد ضحايا تفجير انتحاري قتل قبل يومين 55 شخصا في سوق المدينة.",
        55,
        "own",
    ),
    // A campaign named after a stretch word.
    (
        "2018-06-28T12:00:00+03:00",
        "غارات على ريف المحافظة\n\nقال المرصد إن الغارات تواصلت الخميس، ليرتفع إلى 85 عدد القتلى في المحافظة خلال التصعيد الأخير.",
        85,
        "running",
    ),
    // One side's tally over many fronts.
    (
        "2018-04-20T12:00:00+03:00",
        "مقتل عشرات المسلحين في الساحل\n\nقتل أكثر من 65 مسلحا في مواجهات مع القوات الحكومية وغارات جوية في جبهات متفرقة من الساحل خلال اليوم.",
        65,
        "running",
    ),
    // A rights report's statistic: no incident at all (the model's veto on
    // the headline), or one whose figure is marked.
    (
        "2018-02-16T12:00:00+03:00",
        "تقرير يرصد آلاف الانتهاكات في المحافظة\n\nرصد تقرير حقوقي آلاف الانتهاكات في المحافظة. وسقط جراء هذه الجرائم والانتهاكات 640 قتيلا من المدنيين.",
        640,
        "running or none",
    ),
    // "Since then": the dead of weeks of protests.
    (
        "2018-07-22T18:00:00+00:00",
        "إسرائيل تعيد فتح المعبر\n\nواندلعت احتجاجات على الحدود في 30 آذار/مارس. وقتل ما لا يقل عن 149 فلسطينيا برصاص الجنود الإسرائيليين مذاك.",
        149,
        "running",
    ),
    // A campaign opened by its intensification, whatever its length.
    (
        "2018-03-04T12:00:00+02:00",
        "غارات جديدة على البلدات المحاصرة\n\nشنت الطائرات الحكومية غارات على البلدات المحاصرة الأحد. ويقدر ناشطون أن نحو 640 مدنيا قتلوا في الغارات والقصف منذ تكثيف القوات الحكومية حملتها على البلدات المحاصرة.",
        640,
        "running",
    ),
    // A toll named after a military operation.
    (
        "2018-07-02T12:00:00+03:00",
        "غارات على ريف المحافظة الجنوبي\n\nشنت الطائرات غارات على بلدة في الريف الجنوبي الاثنين. وارتفعت بذلك حصيلة قتلى العملية العسكرية في المحافظة إلى 140 مدنيا، بحسب المرصد.",
        140,
        "running",
    ),
    // The toll of one attack stays its own.
    (
        "2018-07-02T12:00:00+03:00",
        "تفجير في سوق المدينة\n\nوارتفعت حصيلة قتلى التفجير الانتحاري في سوق المدينة إلى 57 شخصا، بحسب مصادر طبية.",
        57,
        "own",
    ),
    // A war's dead, counted "in" the war.
    (
        "2018-04-10T12:00:00+03:00",
        "قصف على حمص\n\nقصفت القوات الحكومية حيا سكنيا في حمص. وقتل في النزاع السوري أكثر من 200 صحفي.",
        200,
        "running",
    ),
    // Fighting on the ground joined to raids: a battle report.
    (
        "2018-05-20T12:00:00+03:00",
        "خسائر للمسلحين في الجبهة الجنوبية\n\nقتل 75 مسلحا من الميليشيات وأصيب العشرات في مواجهات مع القوات الحكومية وغارات للطيران على مواقعهم، بحسب مصادر عسكرية.",
        75,
        "battle",
    ),
    // Raids over many places: a day's tally, not one attack.
    (
        "2018-02-20T12:00:00+02:00",
        "عشرات القتلى في غارات على الريف الشرقي\n\nقتل 90 مدنيا على الأقل في غارات جوية استهدفت مناطق متفرقة من الريف الشرقي الاثنين، وفق المرصد.",
        90,
        "battle",
    ),
    // A figure told for a front.
    (
        "2018-05-28T12:00:00+03:00",
        "اشتباكات عنيفة وتقدم للقوات الحكومية\n\nقتل 65 مسلحا من الميليشيات في جبهة الساحل الجنوبي الأحد، في وقت تقدمت فيه القوات الحكومية نحو المدينة.",
        65,
        "battle",
    ),
    // A front that is a group's name is no battle front.
    (
        "2018-05-28T12:00:00+03:00",
        "تفجير انتحاري في سوق المدينة\n\nقتل 55 شخصا في تفجير انتحاري تبنته جبهة النصرة في سوق المدينة الأحد.",
        55,
        "own",
    ),
    // The dead of the battles.
    (
        "2018-06-17T12:00:00+03:00",
        "معارك عنيفة جنوبي المدينة\n\nوقالت مصادر طبية إن 110 مسلحين على الأقل قتلوا خلال المعارك جنوبي المدينة الأحد.",
        110,
        "battle",
    ),
    // Raids counted over a day's hours, told far from the figure.
    (
        "2018-03-16T12:00:00+03:00",
        "غارات على مواقع المسلحين\n\nقتل 85 عنصرا من المسلحين وأصيب عشرات آخرون في غارات لمقاتلات التحالف على مواقعهم وتجمعاتهم ومخازن أسلحتهم في المنطقة الساحلية الغربية للبلاد خلال الساعات الأربع والعشرين الماضية.",
        85,
        "battle",
    ),
    // Communal clashes in villages are one episode's toll.
    (
        "2018-06-24T12:00:00+01:00",
        "حظر تجول بعد أعمال عنف\n\nقتل 70 شخصا على الأقل في اشتباكات بين مزارعين ورعاة في قرى الولاية خلال عطلة نهاية الأسبوع.",
        70,
        "own",
    ),
    // "أكثر من" is the figure's qualifier, not a superlative comparing
    // the stretch after it with another.
    (
        "2018-03-07T12:00:00+02:00",
        "قصف على الغوطة\n\nقتل أكثر من 700 شخص خلال الأسابيع الماضية في قصف على الغوطة الشرقية.",
        700,
        "running",
    ),
    // A date long before the article.
    (
        "2018-06-21T12:00:00+03:00",
        "تمديد حالة الطوارئ\n\nمدد البرلمان حالة الطوارئ الأربعاء. وكان هجوم بالقنابل على مبنى حكومي في آذار/مارس 2016 قد أسفر عن مقتل 80 شخصا.",
        80,
        "recalled",
    ),
];

#[test]
fn a_toll_over_a_campaign_a_battle_or_recalled_from_the_past_is_marked_for_the_watch() {
    for (published, text, toll, want) in OWN_TOLLS {
        let ev = events(published, text);
        let Some(k) = ev.iter().filter_map(|e| e.killed.as_ref()).find(|k| k.value == Some(*toll))
        else {
            assert!(*want == "running or none", "no event with the toll {toll} in {text}: {ev:#?}");
            continue;
        };
        let got = match (k.is_running_total(), k.is_recalled(), k.is_battle_total()) {
            (true, _, _) => "running",
            (_, true, _) => "recalled",
            (_, _, true) => "battle",
            _ => "own",
        };
        assert_eq!(got, want.trim_end_matches(" or none"), "{text}\n{k:#?}");
    }
}

#[test]
fn a_sum_whose_part_is_a_battle_total_is_marked_too() {
    // The attackers' dead of a battle report, added to the soldiers of the
    // attack, make no one attack's toll.
    let ev = events(
        "2018-06-16T12:00:00+03:00",
        "هجوم على موقع عسكري\n\nقتل 20 جنديا في هجوم شنه مسلحون على موقع عسكري جنوبي المدينة الأحد. وقالت مصادر عسكرية إن 40 من المسلحين المهاجمين قتلوا في مواجهات مع الجيش وغارات للطيران على مواقعهم.",
    );
    let k = ev
        .iter()
        .filter_map(|e| e.killed.as_ref())
        .find(|k| k.value == Some(60))
        .unwrap_or_else(|| panic!("no sum of 60: {ev:#?}"));
    assert!(k.is_battle_total(), "{k:#?}");
}

#[test]
fn singular_victims_joined_by_and_are_added_up() {
    let ev = events(
        "2018-03-17T12:00:00+02:00",
        "مقتل ضابط وجندي إسرائيليين في عملية دهس بالضفة الغربية\n\nقتل ضابط وجندي إسرائيليان الجمعة عندما صدم فلسطيني بسيارته دورية عسكرية قرب مدينة جنين في الضفة الغربية.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_eq!(killed(main), (Some(2), CountQualifier::Exact), "{ev:#?}");
    let ev = events(
        "2018-09-11T12:00:00+03:00",
        "مقتل صبي برصاص قوات الأمن في البصرة\n\nقتل صبي الاثنين برصاص قوات الأمن خلال احتجاجات في مدينة البصرة.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_eq!(killed(main), (Some(1), CountQualifier::Exact), "{ev:#?}");
}

#[test]
fn a_nominative_dual_of_a_nationality_counts_two() {
    let ev = events(
        "2018-08-10T20:00:00+03:00",
        "مقتل فلسطينيين برصاص إسرائيلي شرقي غزة\n\nقتل فلسطينيان الجمعة برصاص الجيش الإسرائيلي خلال احتجاجات شرقي مدينة غزة، بحسب وزارة الصحة.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_eq!(killed(main), (Some(2), CountQualifier::Exact), "{ev:#?}");
}

#[test]
fn a_patrons_adjective_in_a_groups_name_does_not_place_the_event() {
    // "The Iranian militias" of a group fighting in Yemen name its patron,
    // not where the fighting was.
    let ev = events(
        "2018-05-27T12:00:00+03:00",
        "خسائر للمسلحين في الساحل الغربي\n\nقتل 40 عنصرا من ميليشيات الحوثي الإيرانية في مواجهات مع القوات الحكومية وغارات جوية الأحد.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_ne!(main.country.as_deref(), Some("IR"), "{ev:#?}");
    // The Yemeni forces they fought still place it.
    let ev = events(
        "2018-05-27T12:00:00+03:00",
        "خسائر للمسلحين في الساحل الغربي\n\nقتل 40 عنصرا من ميليشيات الحوثي الإيرانية في مواجهات مع القوات اليمنية وغارات جوية الأحد.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_eq!(main.country.as_deref(), Some("YE"), "{ev:#?}");
}

#[test]
fn a_bombardment_by_aircraft_named_later_in_the_sentence_is_an_air_strike() {
    let ev = events(
        "2018-03-06T12:00:00+03:00",
        "قتلى في دوما\n\nقتل 12 مدنيا الاثنين في قصف عنيف استهدف أحياء سكنية وسط مدينة دوما شنته الطائرات الحربية.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::AirStrike);
    // Without aircraft in the sentence the bombardment stays shelling.
    let ev = events(
        "2018-03-06T12:00:00+03:00",
        "قتلى في دوما\n\nقتل 12 مدنيا الاثنين في قصف عنيف استهدف أحياء سكنية وسط مدينة دوما.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::Shelling);
}

#[test]
fn a_force_that_killed_a_count_of_people_did_it_but_not_when_they_were_the_attackers() {
    let ev = events(
        "2018-04-01T12:00:00+03:00",
        "مواجهات دامية على الحدود\n\nقتلت القوات الإسرائيلية 19 فلسطينيا يوم الجمعة خلال مواجهات على حدود قطاع غزة.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let names: Vec<&str> = ev[0].perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Israeli forces"], "{ev:#?}");
    assert_eq!(ev[0].perpetrators[0].status, Status::Attributed);
    let ev = events(
        "2018-09-23T12:00:00+03:00",
        "هجوم على عرض عسكري في الأهواز\n\nهاجم مسلحون عرضا عسكريا في مدينة الأهواز السبت، وقتلت القوات الأمنية المهاجمين الأربعة بعد اشتباك استمر دقائق.",
    );
    assert!(!ev.is_empty(), "{ev:#?}");
    for e in &ev {
        assert!(e.perpetrators.iter().all(|p| !p.name.contains("security forces")), "{ev:#?}");
    }
}

#[test]
fn a_group_whose_epithet_stands_before_its_kill_verb_killed_them() {
    let ev = events(
        "2018-06-02T12:00:00+03:00",
        "هجوم في كركوك\n\nقال مسؤول محلي إن مسلحي تنظيم داعش الإرهابي، قتلوا تسعة أشخاص في هجوم على منزل في قرية بمحافظة كركوك فجر السبت.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let names: Vec<&str> = ev[0].perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Islamic State"], "{ev:#?}");
    assert_eq!(ev[0].perpetrators[0].status, Status::Attributed);
}

#[test]
fn the_force_after_a_verb_of_doing_did_the_attack_told_after_it() {
    let ev = events(
        "2018-07-09T12:00:00+03:00",
        "قصف على الحديدة\n\nقتل أربعة مدنيين الاثنين جراء قيام المتمردين الحوثيين بقصف حي سكني في مدينة الحديدة.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let names: Vec<&str> = ev[0].perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Houthis"], "{ev:#?}");
    assert_eq!(ev[0].perpetrators[0].status, Status::Attributed);
}

#[test]
fn a_threatened_strike_is_no_event() {
    for text in [
        "تهديد تركي\n\nهدد الجيش التركي بقصف مواقع وحدات حماية الشعب الكردية في منبج إذا لم تنسحب منها.",
        "تصعيد\n\nتوعدت إسرائيل بقصف مواقع حركة حماس في قطاع غزة إذا استمر إطلاق البالونات الحارقة.",
    ] {
        let ev = events("2018-04-11T12:00:00+03:00", text);
        assert!(ev.is_empty(), "{ev:#?}");
    }
}

#[test]
fn a_government_strike_is_the_countrys_government_forces() {
    let ev = events(
        "2018-02-25T12:00:00+03:00",
        "قصف على الغوطة\n\nقتل أكثر من 20 مدنيا في القصف الجوي الحكومي على بلدة حمورية في الغوطة الشرقية أمس.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let names: Vec<&str> = ev[0].perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Syrian government forces"], "{ev:#?}");
}

#[test]
fn a_capital_that_speaks_for_its_government_is_no_place() {
    let ev = events(
        "2018-03-12T12:00:00+03:00",
        "غارات على الغوطة\n\nقتل 12 مدنيا في غارات جوية على بلدة حمورية في الغوطة الشرقية الأحد.\nونفت موسكو أن تكون طائراتها شاركت في الغارات على الغوطة، وقالت واشنطن إن الهجوم يجب أن يتوقف.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].country.as_deref(), Some("SY"), "{ev:#?}");
    // A verb with an object pronoun, and a force loyal to a capital.
    for (published, text, country) in [
        (
            "2018-04-08T12:00:00+03:00",
            "هجوم بالغاز في سوريا\n\nقتل عشرات الأشخاص السبت في هجوم بغاز سام، وهو ما نفته دمشق ووصفته بالمسرحية.",
            "SY",
        ),
        (
            "2018-04-28T12:00:00+00:00",
            "مقتل مدنيين في مالي\n\nقتل 43 مدنيا على الأقل في هجوم شنه متطرفون على قرى يسكنها أفراد من قبيلة تدعم الجماعات المسلحة الموالية لباماكو.",
            "ML",
        ),
    ] {
        let ev = events(published, text);
        assert!(!ev.is_empty());
        for e in &ev {
            assert_eq!(e.country.as_deref(), Some(country), "{ev:#?}");
            assert!(!matches!(e.place.as_deref(), Some("Damascus" | "Bamako")), "{ev:#?}");
        }
    }
}

/// A capital as the agent ("سلوك موسكو", "إن موسكو", "دمشق شنت") stands
/// for its government: the event is where the frame places it.
#[test]
fn a_capital_that_acts_or_is_accused_is_no_place() {
    for (published, text, country, place) in [
        (
            "2018-03-13T12:00:00+00:00",
            "بريطانيا تحمل روسيا المسؤولية\n\nقالت الحكومة البريطانية إن موسكو تقف وراء محاولة تسميم ضابط سابق في مدينة سالزبري الأسبوع الماضي، معتبرة أن سلوك موسكو يهدد أمن أوروبا.",
            "GB",
            "Salisbury",
        ),
        (
            "2018-04-08T12:00:00+03:00",
            "هجوم على دوما\n\nقالت منظمات إغاثة إن دمشق شنت هجوما كيميائيا على مدينة دوما في الغوطة الشرقية السبت، ما أدى إلى مقتل 40 شخصا.",
            "SY",
            "Douma",
        ),
    ] {
        let ev = events(published, text);
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(
            (ev[0].country.as_deref(), ev[0].place.as_deref()),
            (Some(country), Some(place))
        );
    }
}

/// "لم يقع هجوم", "نفت وقوع هجوم": an attack denied outright did not
/// happen.
#[test]
fn a_denied_attack_is_no_event() {
    for text in [
        "موسكو تنفي\n\nقال مسؤول عسكري روسي إنه لم يقع هجوم كيميائي في بلدة دوما، وإن الصور التي نشرت مفبركة.",
        "الشرطة تنفي وقوع هجوم في العريش\n\nقالت مصادر أمنية إنه لم يحدث أي هجوم مسلح على مركز الشرطة في مدينة العريش مساء الأحد، وإن ما سمعه السكان كان احتفالا بحفل زفاف.",
    ] {
        let ev = events("2018-04-09T12:00:00+03:00", text);
        assert!(ev.is_empty(), "{ev:#?}");
    }
}

#[test]
fn a_leader_or_an_officer_killed_alone_counts_one() {
    let ev = events(
        "2018-03-20T12:00:00+03:00",
        "غارة في مأرب\n\nقتل قيادي في تنظيم القاعدة مساء الاثنين في غارة جوية بطائرة مسيرة استهدفت سيارته في مديرية الوادي بمحافظة مأرب.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(1), CountQualifier::Exact));
}

#[test]
fn a_group_accused_of_something_that_is_no_attack_is_no_suspect() {
    let ev = events(
        "2018-06-13T12:00:00+03:00",
        "غارات على الحديدة\n\nشن التحالف بقيادة السعودية غارات جوية على مدينة الحديدة اليمنية الأربعاء. وتتهم الرياض الحوثيين باستخدام ميناء الحديدة في تهريب السلاح.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let names: Vec<&str> = ev[0].perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Saudi-led coalition"], "{ev:#?}");
}

#[test]
fn a_casualty_word_that_counts_others_does_not_take_the_number_before_it() {
    // "وجرح آخرون": the others were hurt apart from the 13 killed.
    let ev = events(
        "2018-06-05T12:00:00+03:00",
        "مقتل 13 جنديا في جبهة الملاجم\n\nلقي ما لا يقل عن 13 جنديا مصرعهم وجرح آخرون الثلاثاء في هجوم شنه مسلحون على مواقع الجيش في جبهة الملاجم بمحافظة البيضاء.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_eq!(killed(main), (Some(13), CountQualifier::AtLeast), "{ev:#?}");
    // "أسر 4 … وقتل وجرح عناصر أخرى": the four were captured, not killed.
    let ev = events(
        "2018-04-08T12:00:00+03:00",
        "قصف للجيش في ميدي\n\nقصفت مدفعية الجيش الأحد مواقع المسلحين في مدينة ميدي ما أسفر عن أسر 4 مسلحين وقتل وجرح عناصر أخرى.",
    );
    assert!(!ev.is_empty());
    assert!(ev.iter().all(|e| e.killed.as_ref().and_then(|k| k.value) != Some(4)), "{ev:#?}");
}

#[test]
fn a_year_is_no_toll() {
    let ev = events(
        "2018-03-08T12:00:00+02:00",
        "مقتل ثلاثة في هجوم بسكين\n\nقتل ثلاثة أشخاص الأحد في هجوم بسكين في القدس. وكانت الحكومة قد قررت في 2016 ألا تسلم جثث فلسطينيين قتلوا خلال هجمات. وتوفي المغني في 2016 عن عمر يناهز 57 سنة.",
    );
    assert!(!ev.is_empty());
    for e in &ev {
        assert_ne!(e.killed.as_ref().and_then(|k| k.value), Some(2016), "{ev:#?}");
    }
    // A number of that size followed by a noun for people is a count.
    let ev = events(
        "2018-03-08T12:00:00+02:00",
        "مقتل 2000 شخص في الحرب\n\nقتل 2000 شخص في المعارك بين الجيش والمسلحين في الولاية.",
    );
    assert!(ev.iter().any(|e| e.killed.as_ref().and_then(|k| k.value) == Some(2000)), "{ev:#?}");
}

#[test]
fn a_figure_no_incident_can_have_leaves_the_incidents_own() {
    let ev = events(
        "2018-05-22T10:00:00+03:00",
        "مقتل خمسة مدنيين بصاروخ في مأرب\n\nقتل خمسة مدنيين وأصيب 18 آخرون الثلاثاء بعد سقوط صاروخ على سوق في مدينة مأرب.\nوتشهد البلاد حربا منذ مارس 2015.\nوقتل أكثر من عشرة آلاف شخص وأصيب نحو خمسين ألفا آخرين.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_eq!(killed(main), (Some(5), CountQualifier::Exact), "{ev:#?}");
}

#[test]
fn the_attack_a_superlative_compares_with_does_not_date_the_news() {
    let ev = events(
        "2018-04-22T14:00:00+04:30",
        "مقتل 31 في تفجير انتحاري بكابول\n\nقتل 31 شخصا في تفجير انتحاري استهدف مركزا لتسجيل الناخبين في كابول. ويعد التفجير الأفدح منذ مقتل 100 شخص في هجوم بسيارة إسعاف مفخخة في يناير/ كانون الثاني.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_ne!(main.date.as_deref(), Some("2018-01"), "{ev:#?}");
    assert_eq!(killed(main), (Some(31), CountQualifier::Exact), "{ev:#?}");
}

#[test]
fn a_country_that_speaks_for_its_government_is_no_country_of_the_event() {
    let ev = events(
        "2018-05-10T12:00:00+03:00",
        "غارات على مواقع التنظيم\n\nقتل 20 مسلحا في غارات جوية على مواقع للتنظيم، وقالت الولايات المتحدة إن طائراتها نفذت الغارات في سوريا.",
    );
    assert!(!ev.is_empty());
    assert!(ev.iter().all(|e| e.country.as_deref() == Some("SY")), "{ev:#?}");
    // The country it accuses is no place either; the attack stays where
    // the accuser is.
    let ev = events(
        "2018-09-23T12:00:00+03:30",
        "هجوم على عرض عسكري في إيران\n\nاتهمت إيران الولايات المتحدة بالوقوف وراء الهجوم المسلح الذي قتل فيه 25 شخصا خلال عرض عسكري.",
    );
    assert!(!ev.is_empty());
    assert!(ev.iter().all(|e| e.country.as_deref() == Some("IR")), "{ev:#?}");
}

/// A state's forces are a side of a clash said to be with them or between
/// them and another; a force that only backs the fighting is not. Beside
/// a state's force, a group named only as the other side is not named:
/// the reports name the side that attacked.
#[test]
fn a_states_forces_are_a_side_of_a_clash_with_them() {
    let names = |text: &str| -> Vec<String> {
        let ev = events("2018-05-13T12:00:00+03:00", text);
        assert_eq!(ev.len(), 1, "{text}\n{ev:#?}");
        assert_eq!(ev[0].event_type, EventType::ArmedClash, "{ev:#?}");
        let mut n: Vec<String> = ev[0].perpetrators.iter().map(|p| p.name.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(
        names(
            "اشتباكات في الشمال\n\nقتل 12 شخصا في اشتباكات بين القوات التركية ووحدات حماية الشعب الكردية في ريف عفرين السبت."
        ),
        vec!["Turkish forces"]
    );
    // Without a state's force, the groups named as sides stay.
    assert_eq!(
        names(
            "اشتباكات في الشمال\n\nقتل 12 شخصا في اشتباكات بين هيئة تحرير الشام وحركة أحرار الشام في ريف إدلب السبت."
        ),
        vec!["Ahrar al-Sham", "Hayat Tahrir al-Sham"]
    );
    assert_eq!(
        names(
            "مقتل مسلحين في سيناء\n\nقتل ستة مسلحين في مواجهات مع الشرطة في مدينة العريش بشمال سيناء السبت."
        ),
        vec!["Egyptian police"]
    );
    // The coalition backs the army from the air; the sides are the army
    // and the Houthis, and "الجيش اليمني" is named before the clash.
    let backed = names(
        "معارك في صعدة\n\nقتل 15 من ميليشيا الحوثي في مواجهات مع الجيش اليمني المسنود بطيران التحالف في مديرية باقم السبت.",
    );
    assert!(backed.contains(&"Yemeni army".to_string()), "{backed:?}");
    assert!(!backed.iter().any(|n| n.contains("coalition")), "{backed:?}");
    // The Houthis there are what the count of dead counts: the side that
    // lost, not the one the report names as fighting.
    assert!(!backed.contains(&"Houthis".to_string()), "{backed:?}");
    let lost = names(
        "معارك في حجة\n\nقتل 23 عنصرا من ميليشيات الحوثي في مواجهات مع الجيش اليمني في مديرية حرض الخميس.",
    );
    assert_eq!(lost, vec!["Yemeni army"]);
}

#[test]
fn the_group_that_tells_of_a_clash_is_no_side_of_it() {
    let ev = events(
        "2018-05-14T16:00:00+03:00",
        "مواجهات على حدود غزة\n\nقتل 41 فلسطينيا على الأقل في مواجهات مع الجنود الإسرائيليين على حدود قطاع غزة الاثنين، وقالت حماس إن فتى في الرابعة عشرة لقي حتفه في الاشتباكات، وذكرت وزارة الصحة التابعة لحماس إن طفلة قتلت في الاشتباكات أيضا.",
    );
    assert!(!ev.is_empty());
    for e in &ev {
        assert!(e.perpetrators.iter().all(|p| !p.name.contains("Hamas")), "{ev:#?}");
    }
}

/// Headlines with a word of death and nothing of an attack around it (an
/// essay, a report of yearly estimates, a storm): the model overrules the
/// rules' filter on the headline's event only when it is nearly sure.
#[test]
fn the_model_vetoes_a_headline_with_no_incident_in_it() {
    for text in [
        "هل يحتاج النجاح في الحياة إلى ضحايا؟\n\nيكتب كثير من الشباب عن الضغوط التي يواجهونها في الجامعات، ويرى بعضهم أن الطريق إلى النجاح يمر بتضحيات كبيرة. ويقول أساتذة إن التوازن بين الدراسة والراحة ضروري.",
        "الوزارة تكشف تقديرات عدد القتلى المدنيين في عام من الحرب\n\nنشرت وزارة الدفاع تقريرا سنويا يقدر عدد القتلى المدنيين خلال العام الماضي، وقالت إن التقديرات تستند إلى مراجعة داخلية. وانتقدت منظمات حقوقية التقرير وقالت إن الأرقام أقل من الواقع.",
        "عاصفة رملية قوية تقتل العشرات في الهند\n\nلقي العشرات حتفهم وأصيب المئات جراء عاصفة رملية قوية ضربت ولايتين في شمال البلاد مساء الأربعاء، بحسب ما أعلن مسؤولون. وانهارت منازل وأشجار على السكان.",
    ] {
        let ev = events("2018-03-21T12:00:00+00:00", text);
        assert!(ev.is_empty(), "{text}\n{ev:#?}");
    }
}

/// A trigger with a pronoun attached ("بعد يوم من اختطافها", "خطفهم",
/// "محاولة اغتياله") still tells its event.
#[test]
fn a_trigger_with_a_pronoun_attached_tells_its_event() {
    for (text, ty) in [
        (
            "الإفراج عن صحفية بعد يوم من اختطافها في بغداد\n\nأفرج مسلحون مجهولون الأحد عن صحفية عراقية بعد يوم من اختطافها من منزلها في حي الكرادة ببغداد.",
            EventType::Kidnapping,
        ),
        (
            "مسلحون يخطفون ثلاثة مزارعين في ديالى\n\nقالت مصادر أمنية إن مسلحين مجهولين داهموا قرية في محافظة ديالى فجر الأحد وخطفوهم من منازلهم.",
            EventType::Kidnapping,
        ),
        (
            "نجاة محافظ من محاولة اغتياله في عدن\n\nنجا محافظ عدن الأحد من محاولة اغتياله بعد أن أطلق مسلحون النار على موكبه في مديرية المنصورة.",
            EventType::Assassination,
        ),
    ] {
        let ev = events("2018-03-18T12:00:00+03:00", text);
        assert!(ev.iter().any(|e| e.event_type == ty), "{text}\n{ev:#?}");
    }
}

/// The words of martyrdom ("استشهاد 15 رجل أمن", "استشهد ثلاثة") count the
/// dead as the plain casualty words do.
#[test]
fn the_words_of_martyrdom_count_the_dead() {
    let ev = events(
        "2015-08-06T19:00:00+03:00",
        "تفجير انتحاري يستهدف مسجدا في أبها\n\nفجر انتحاري نفسه داخل مسجد في مدينة أبها ظهر الخميس، ونتج عن ذلك استشهاد 15 رجل أمن وإصابة 9 آخرين.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].killed.as_ref().and_then(|k| k.value), Some(15), "{ev:#?}");
    assert_eq!(ev[0].injured.as_ref().and_then(|k| k.value), Some(9), "{ev:#?}");
}

/// "تعرض للطعن", "وللقصف": ل before the article drops its alif, and the
/// trigger is still read.
#[test]
fn a_trigger_after_li_with_the_article_is_read() {
    let ev = events(
        "2018-03-18T16:00:00+03:00",
        "إصابة شرطي في القدس\n\nقالت الشرطة إن شرطيا تعرض للطعن في القدس اليوم الأحد ونقل إلى المستشفى.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::ArmedAssault, "{ev:#?}");
}

/// "تركيا تشن غارات …", "شنت تركيا غارات …": a country as the subject of a
/// verb of striking names its forces as the author.
#[test]
fn a_country_that_strikes_names_its_forces() {
    let ev = events(
        "2018-03-18T16:00:00+03:00",
        "تركيا تشن غارات على مواقع للمسلحين في شمال العراق\n\nشنت تركيا غارات جوية على مواقع لحزب العمال الكردستاني في منطقة قنديل شمال العراق الأحد.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let p: Vec<(&str, Status)> =
        ev[0].perpetrators.iter().map(|p| (p.name.as_str(), p.status)).collect();
    assert_eq!(p, vec![("Turkish air force", Status::Attributed)], "{ev:#?}");
}

/// A plane that fell and exploded ("سقوط الطائرة وانفجارها") is a crash:
/// a bare explosion beside a crash names no method of violence, so its
/// dead are no attack's toll. A bomb that brought a plane down still is
/// (told with its town: an explosion with no place at all the model may
/// drop as it drops other placeless candidates).
#[test]
fn a_crashed_plane_that_exploded_is_no_bombing() {
    let ev = events(
        "2018-06-02T12:00:00+00:00",
        "مشاهد مروعة لسقوط الطائرة وانفجارها\n\nأظهرت مشاهد مصورة، السبت، لحظة سقوط طائرة ركاب وارتطامها بالأرض قرب مطار العاصمة، إذ قتل 86 من أصل 90 راكبا كانوا على متنها، ونجا أربعة آخرون بجروح خطيرة.\nوتصاعدت النيران من حطام الطائرة المنكوبة في حقل قريب من المدرج.",
    );
    assert!(ev.is_empty(), "{ev:#?}");
    let ev = events(
        "2018-06-02T12:00:00+00:00",
        "سقوط طائرة ركاب بعد انفجار عبوة ناسفة على متنها\n\nقال مسؤولون السبت إن عبوة ناسفة انفجرت على متن طائرة ركاب بعد إقلاعها من مطار مقديشو، ما أدى إلى سقوطها ومقتل 40 شخصا كانوا على متنها.",
    );
    assert!(ev.iter().any(|e| e.event_type == EventType::Bombing), "{ev:#?}");
}

#[test]
fn an_event_dated_by_its_week_takes_the_day_the_article_names_in_it() {
    // "Last week", then the day itself further on: the event is of that day.
    let ev = events(
        "2018-05-31T02:00:00+03:00",
        "غارة أمريكية تقتل 40 من قادة طالبان\n\nأعلنت القوات الأمريكية الأربعاء مقتل أكثر من 40 قياديا في حركة طالبان في غارة استهدفت الأسبوع الماضي اجتماعا لهم في ولاية هلمند. وأضاف المتحدث أنه في 24 مايو تم رصد المجتمعين في مبنى بمنطقة موسى قلعة.",
    );
    // (A second telling dated by the week alone takes the same toll.)
    let day = |e: &&Event| e.date.as_deref() == Some("2018-05-24");
    let e = ev.iter().filter(day).find(|e| e.killed.as_ref().is_some_and(|k| k.value == Some(40)));
    assert!(e.is_some(), "{ev:#?}");
    // Two days of that week named: the week stays the date.
    let ev = events(
        "2018-05-31T02:00:00+03:00",
        "غارة أمريكية تقتل 40 من قادة طالبان\n\nأعلنت القوات الأمريكية الأربعاء مقتل أكثر من 40 قياديا في حركة طالبان في غارة استهدفت الأسبوع الماضي اجتماعا لهم في ولاية هلمند. وأضاف المتحدث أنه في 23 مايو تم رصد المجتمعين، وفي 25 مايو أعلنت الحركة الحداد.",
    );
    let e = ev.iter().find(|e| e.killed.as_ref().is_some_and(|k| k.value == Some(40)));
    assert_eq!(e.and_then(|e| e.date.as_deref()), Some("2018-05"), "{ev:#?}");
}

#[test]
fn strikes_and_ground_fighting_keep_their_own_authors() {
    let cases = [
        // A coalition's strikes and the army's fighting with the Houthis,
        // told in one report of one district and day: the strike is the
        // coalition's alone, whatever else the fighting names.
        (
            "2018-05-15T12:00:00+03:00",
            "قتلى حوثيون في صرواح\n\nقتل 20 مسلحا حوثيا في غارات شنها طيران التحالف العربي على مواقعهم في مديرية صرواح بمحافظة مأرب اليوم الثلاثاء.\n\nواندلعت اشتباكات عنيفة بين قوات الجيش الوطني وميليشيات الحوثي في مديرية صرواح، وسط تقدم للجيش.",
        ),
        // A government's offensive, named only an attack, told before the
        // coalition's strikes in the same district: the strikes stay the
        // coalition's.
        (
            "2018-06-12T12:00:00+03:00",
            "هجوم على حيس\n\nشنت القوات الحكومية هجوما واسعا على مواقع الحوثيين في مديرية حيس يوم الاثنين.\n\nوقصفت مقاتلات التحالف العربي مواقع للحوثيين في مديرية حيس، ما أسفر عن مقتل 14 مسلحا.",
        ),
    ];
    for (published, text) in cases {
        let ev = events(published, text);
        let strike = ev.iter().find(|e| e.event_type == EventType::AirStrike).expect("the strike");
        let names: Vec<&str> = strike.perpetrators.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["Saudi-led coalition"], "{ev:#?}");
    }
}

/// A state's force that is the subject of the verb of its attack launched
/// it, whatever the attack's kind: right beside a verb of launching with
/// the attack told after them, or right before an active kill verb with a
/// count after. A force near an attack it did not launch stays no author.
#[test]
fn a_force_as_the_subject_of_its_attack_is_its_author() {
    for (text, authors) in [
        (
            "شنت القوات الحكومية السورية هجوما واسعا على بلدة حمورية في الغوطة الشرقية يوم الأحد، ما أسفر عن مقتل 12 مدنيا.",
            &["Syrian government forces"][..],
        ),
        (
            "قوات الجيش العراقي شنت هجوما على مواقع التنظيم في قضاء الحويجة يوم الأربعاء وقتلت 15 مسلحا.",
            &["Iraqi army"][..],
        ),
        (
            "القوات الإسرائيلية قتلت ثلاثة فلسطينيين قرب السياج شرق مدينة رفح يوم الجمعة.",
            &["Israeli forces"][..],
        ),
        // "الجيش الوطني" with no adjective is the country's army, one name.
        (
            "أكدت مصادر ميدانية أن الجيش الوطني قتل ما لا يقل عن 25 حوثيا في مديرية باقم بمحافظة صعدة اليمنية يوم السبت.",
            &["Yemeni army"][..],
        ),
        // One person named by a definite noun is the verb's object too,
        // read late: it names the author of an event that has none.
        (
            "القوات الإسرائيلية قتلت المسعفة خلال احتجاجات قرب السياج شرق مدينة رفح يوم الجمعة.",
            &["Israeli forces"][..],
        ),
        // Not when the one killed is the attacker.
        (
            "الشرطة قتلت المهاجم قرب محطة القطار في مدينة مرسيليا يوم الأحد بعد أن طعن امرأة.",
            &[][..],
        ),
        // The force attacked, and the attackers' own verb.
        ("قتل جنديان في هجوم شنه مسلحون على دورية للجيش في مدينة العريش يوم الخميس.", &[][..]),
        // The force killed the attackers: no author of their attack.
        ("القوات الأمنية قتلت ثلاثة مسلحين هاجموا حاجزا في مدينة العريش يوم الخميس.", &[][..]),
        // After the name the verb is passive: one of them was killed.
        (
            "أحد رجال الشرطة قتل وأصيب خمسة آخرون في تفجير انتحاري قرب وزارة الداخلية في كابول يوم الأربعاء.",
            &[][..],
        ),
    ] {
        let ev = events("2018-07-13T10:00:00+03:00", text);
        assert_eq!(ev.len(), 1, "{text}: {ev:#?}");
        let names: Vec<&str> = ev[0].perpetrators.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, authors, "{text}");
    }
}

/// A bare bombardment ("قصف") names no means: in an event whose other
/// words name air strikes it is theirs; beside artillery, or alone, it
/// stays shelling.
#[test]
fn a_bare_bombardment_takes_the_means_its_event_names() {
    for (text, ty) in [
        (
            "مقتل 12 مدنيا في قصف على بلدة سقبا\n\nقتل 12 مدنيا على الأقل يوم الثلاثاء في غارات جوية استهدفت بلدة سقبا في الغوطة الشرقية، بحسب المرصد السوري لحقوق الإنسان.",
            EventType::AirStrike,
        ),
        (
            "مقتل خمسة في قصف على بلدة سقبا\n\nقتل خمسة مدنيين يوم الثلاثاء في قصف مدفعي استهدف بلدة سقبا في الغوطة الشرقية، بحسب المرصد السوري لحقوق الإنسان.",
            EventType::Shelling,
        ),
        (
            "مقتل خمسة في قصف على بلدة سقبا\n\nقتل خمسة مدنيين يوم الثلاثاء في قصف استهدف بلدة سقبا في الغوطة الشرقية، بحسب المرصد السوري لحقوق الإنسان.",
            EventType::Shelling,
        ),
    ] {
        let ev = events("2018-03-07T10:00:00+03:00", text);
        assert_eq!(ev.len(), 1, "{text}: {ev:#?}");
        assert_eq!(ev[0].event_type, ty, "{text}");
    }
}

/// Clashes with protesters a few words off are an assault on them (the
/// guidelines' clash is fighting between two organised armed sides);
/// fighting between two armed sides stays a clash.
#[test]
fn a_clash_with_protesters_is_an_assault() {
    for (text, ty) in [
        (
            "قتل ثلاثة أشخاص وأصيب 20 آخرون يوم الأحد في اشتباكات بين متظاهرين وقوات الأمن في مدينة الناصرية جنوب العراق.",
            EventType::ArmedAssault,
        ),
        (
            "قتل ثلاثة أشخاص وأصيب 20 آخرون يوم الأحد في مواجهات لدى تظاهر المئات أمام مبنى المحافظة في مدينة الناصرية جنوب العراق.",
            EventType::ArmedAssault,
        ),
        (
            "قتل ثلاثة جنود وأصيب 20 آخرون يوم الأحد في اشتباكات بين الجيش ومسلحي التنظيم قرب مدينة الحويجة شمال العراق.",
            EventType::ArmedClash,
        ),
    ] {
        let ev = events("2018-07-16T10:00:00+03:00", text);
        assert_eq!(ev.len(), 1, "{text}: {ev:#?}");
        assert_eq!(ev[0].event_type, ty, "{text}");
    }
}

/// Missiles in an event that names an air strike outright are the
/// aircraft's; missiles alone stay shelling.
#[test]
fn missiles_beside_an_air_strike_are_the_strike() {
    for (text, ty) in [
        (
            "صواريخ إسرائيلية على مواقع قرب دمشق\n\nقال مصدر عسكري إن الطائرات الإسرائيلية أطلقت عدة صواريخ على مواقع قرب مطار دمشق فجر الأحد، في غارة أدت إلى مقتل أربعة عسكريين.",
            EventType::AirStrike,
        ),
        (
            "صواريخ على بلدة سديروت\n\nسقطت عدة صواريخ أطلقت من قطاع غزة فجر الأحد على بلدة سديروت، ما أدى إلى إصابة أربعة أشخاص بجروح.",
            EventType::Shelling,
        ),
    ] {
        let ev = events("2018-05-13T10:00:00+03:00", text);
        assert!(!ev.is_empty(), "{text}");
        assert_eq!(ev[0].event_type, ty, "{text}: {ev:#?}");
    }
}

/// "ردا على هجوم بطائرة مسيرة": the attack answered is no method of the
/// strike told; its artillery is.
#[test]
fn the_attack_answered_does_not_type_the_answer() {
    let text = "قتل ثلاثة مسلحين الأحد بقصف مدفعي للجيش التركي على قرية في شمال العراق، ردا على هجوم بطائرة مسيرة وغارة على موقع عسكري.";
    let ev = events("2018-06-10T10:00:00+03:00", text);
    let e = ev.iter().find(|e| killed(e).0 == Some(3)).unwrap_or_else(|| panic!("{ev:#?}"));
    assert_eq!(e.event_type, EventType::Shelling, "{ev:#?}");
}

/// Clashes in an event whose other sentence tells of protesters are an
/// assault on them, however far the word of protest.
#[test]
fn clashes_in_an_event_of_protesters_are_an_assault() {
    let text = "مقتل ثلاثة فلسطينيين في مواجهات شرق غزة\n\nقتل ثلاثة فلسطينيين وأصيب العشرات الجمعة شرق مدينة غزة، بعد أن أطلق الجنود الإسرائيليون الرصاص الحي على آلاف المتظاهرين قرب السياج.";
    let ev = events("2018-04-13T20:00:00+03:00", text);
    assert!(!ev.is_empty(), "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::ArmedAssault, "{ev:#?}");
}

/// A ramming names a method the guidelines give no type of its own: a
/// plain attack, not an armed assault (firearms or blades).
#[test]
fn a_ramming_is_an_attack() {
    let text = "قتل جنديان وأصيب ثالث يوم الجمعة في عملية دهس نفذها شاب بسيارته قرب مدينة جنين في شمال الضفة الغربية.";
    let ev = events("2018-03-16T18:00:00+03:00", text);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, EventType::Attack, "{ev:#?}");
}

/// A round-up's ground fighting and, told apart as another item ("إلى
/// ذلك"), the day's strikes on the same city are two events, even though
/// a later line retells the fighting beside the strikes.
#[test]
fn a_days_fighting_and_its_strikes_on_one_city_are_two_events() {
    let text = "معارك عنيفة في محيط صنعاء\n\nاندلعت، الأحد، معارك عنيفة بين قوات الجيش الوطني وميليشيا الحوثي في مديرية بني حشيش شرق العاصمة صنعاء، أسفرت عن مقتل 11 من عناصر الميليشيا.\n\nإلى ذلك، شنت مقاتلات التحالف العربي، الأحد، غارات على معسكرات للحوثيين جنوب العاصمة صنعاء.\n\nويأتي ذلك بالتزامن مع اشتداد المعارك بين الجيش والحوثيين في أطراف صنعاء.";
    let ev = events("2018-03-04T12:00:00+03:00", text);
    let clash = ev.iter().find(|e| e.event_type == EventType::ArmedClash).expect("the fighting");
    assert_eq!(killed(clash).0, Some(11), "{ev:#?}");
    let strike = ev.iter().find(|e| e.event_type == EventType::AirStrike).expect("the strikes");
    assert_eq!(strike.date.as_deref(), Some("2018-03-04"), "{ev:#?}");
    let names: Vec<&str> = strike.perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Saudi-led coalition"], "{ev:#?}");
}

/// "وفي غارة أخرى": a strike said to be another, in the same town on the
/// same day, is an event of its own with its own toll.
#[test]
fn another_strike_in_the_same_town_on_the_same_day_is_its_own_event() {
    let text = "غارات على صعدة\n\nقتل 12 مدنيا في غارة جوية شنتها طائرات التحالف على سوق شعبي في مدينة صعدة يوم الخميس، بحسب مصادر طبية.\n\nوفي غارة أخرى، قتل ثلاثة أطفال في مدينة صعدة يوم الخميس.";
    let ev = events("2018-08-24T12:00:00+03:00", text);
    let mut tolls: Vec<Option<u32>> = ev.iter().map(|e| killed(e).0).collect();
    tolls.sort_unstable();
    assert_eq!(tolls, vec![Some(3), Some(12)], "{ev:#?}");
    assert!(ev.iter().all(|e| e.date.as_deref() == Some("2018-08-23")), "{ev:#?}");
}

#[test]
fn the_day_of_what_was_said_dates_the_event_not_the_day_it_was_said() {
    // Published Friday 15 June 2018. The army speaks on Friday; the day of
    // the strikes comes after "أن" in the next sentence, or in a line of
    // detail with no trigger of its own: either is the strikes' day.
    for (detail, day) in [
        ("ونقلت وسائل إعلام رسمية أن مقتل المسلحين كان في 12 يونيو الجاري.", "2018-06-12"),
        ("وكان مقتل المسلحين يوم الأربعاء بحسب مصادر محلية.", "2018-06-13"),
    ] {
        let text = format!(
            "مقتل 26 مسلحا بغارات جوية في كونار\n\nأعلن الجيش الأفغاني، الجمعة، عن مقتل 26 مسلحا في غارات جوية في ولاية كونار شرقي البلاد.\n{detail}"
        );
        let ev = events("2018-06-15T08:00:00+00:00", &text);
        let main = ev.iter().find(|e| e.main).expect("a main event");
        assert_eq!(main.date.as_deref(), Some(day), "{detail}\n{ev:#?}");
    }
}

#[test]
fn a_newspapers_city_and_a_city_kilometres_away_are_not_where_it_happened() {
    // A capital named only as the landmark the attack was far from, or
    // inside a newspaper's name, is not where it happened.
    for (text, not_here) in [
        (
            "مقتل ضابط في اشتباك مسلح\n\nقتل ضابط في الجيش العراقي في اشتباك مسلح على بعد 40 كيلومترا من بغداد، بحسب مصادر أمنية.\nووقع الهجوم في بلدة الطارمية.",
            "Baghdad",
        ),
        (
            "مقتل ثلاثة في إطلاق نار بمدرسة\n\nقتل مسلح ثلاثة أشخاص في إطلاق نار داخل مدرسة بولاية تكساس، وفقا لصحيفة نيويورك تايمز.",
            "New York",
        ),
    ] {
        let ev = events("2018-06-29T08:00:00+00:00", text);
        assert!(ev.iter().all(|e| e.place.as_deref() != Some(not_here)), "{text}\n{ev:#?}");
    }
}

/// Killed and injured values.
type Toll = (Option<u32>, Option<u32>);

/// The headline event's killed and injured values, for the cases below.
fn headline_toll(text: &str) -> Toll {
    let ev = events("2018-05-01T10:00:00+03:00", text);
    let e = ev.iter().find(|e| e.main).unwrap_or_else(|| panic!("no headline event: {ev:#?}"));
    (e.killed.as_ref().and_then(|c| c.value), e.injured.as_ref().and_then(|c| c.value))
}

#[test]
fn more_wordings_of_no_one_killed_or_hurt() {
    let cases: &[(&str, Toll)] = &[
        // A denial verb reaches across its subject to the occurrence it denies.
        (
            "غارة إسرائيلية على غزة\n\nشنت طائرات إسرائيلية غارة على موقع في مدينة غزة يوم الاثنين. ونفت وزارة الصحة في غزة وقوع أي إصابات في الغارة.",
            (Some(0), Some(0)),
        ),
        // Harm limited to material.
        (
            "قصف صاروخي على القنيطرة\n\nأطلق الطيران صواريخ على مواقع للجيش في بلدة حضر بالقنيطرة يوم الاثنين، واقتصرت الأضرار على الماديات.",
            (Some(0), Some(0)),
        ),
        // No loss of lives: no dead, and the hurt still counted.
        (
            "ضربات على حمص\n\nاستهدفت الضربات الصاروخية مواقع قرب حمص يوم الاثنين، ولم تسفر الضربة عن أي خسائر في الأرواح. وقالت الحكومة إن ثلاثة أشخاص أصيبوا بالقرب من حمص.",
            (Some(0), Some(3)),
        ),
        // Damage and an "immediate" between the denial and the word denied.
        (
            "قصف على مطار في طرابلس\n\nسقطت قذائف صاروخية على مطار معيتيقة في طرابلس يوم الاثنين. ولم ترد تقارير فورية عن وقوع أضرار أو إصابات في المطار.",
            (Some(0), Some(0)),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(headline_toll(text), *want, "{text}");
    }
}

#[test]
fn parts_of_a_toll_joined_by_and_add_up() {
    let cases: &[(&str, Toll)] = &[
        // A dual whose own word carries و.
        (
            "غارة على مدرسة في عربين\n\nأفاد المرصد بمقتل 12 طفلا وامرأتان في غارة جوية استهدفت مدرسة في بلدة عربين يوم الاثنين.",
            (Some(14), None),
        ),
        // One more after a partitive's noun phrase, then a dual.
        (
            "تفجير انتحاري في عدن\n\nأسفر التفجير الانتحاري في مدينة عدن يوم الاثنين عن مقتل أربعة من رجال الأمن وامرأة وطفلين وإصابة 30 آخرين.",
            (Some(7), Some(30)),
        ),
        // Killed and hurt counted together in a headline: the body's figures.
        (
            "مسلح يقتل ويصيب «7» أشخاص في سينما\n\nقتل شخصان وأصيب خمسة آخرون برصاص مسلح أطلق النار داخل صالة سينما يوم الاثنين في مدينة لافاييت بولاية لويزيانا.",
            (Some(2), Some(5)),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(headline_toll(text), *want, "{text}");
    }
}

#[test]
fn earlier_reports_days_campaigns_and_the_lone_attacker() {
    let cases: &[(&str, Toll)] = &[
        // An initial toll that rose: the later figure is the toll.
        (
            "غارات على مأرب\n\nقتل خمسة أشخاص وأصيب تسعة آخرون في غارات جوية على مدينة مأرب يوم الاثنين. وكانت حصيلة أولية من مصدر أمني قد أشارت إلى سقوط قتيل واحد لكنها ارتفعت لاحقا.",
            (Some(5), Some(9)),
        ),
        // The dead of two days are not parts of one toll.
        (
            "غارات على بلدة جنديرس\n\nقتل 12 عنصرا من القوات الموالية في غارات على بلدة جنديرس يوم الاثنين وثلاثة آخرون الثلاثاء، بحسب المرصد.",
            (Some(12), None),
        ),
        // The figure counted since a campaign began gives way to the
        // attack's own.
        (
            "قصف على مخيم في دمشق\n\nقتل أربعة مدنيين في قصف على مخيم اليرموك يوم الاثنين، ليرتفع إلى 20 عدد القتلى الذين سقطوا منذ التصعيد على المخيم.",
            (Some(4), None),
        ),
        // A toll that rises "لـ" a figure, the ل written apart.
        (
            "غارات على بلدة كفر بطنا\n\nأفادت مصادر طبية بارتفاع حصيلة قتلى المدنيين، الاثنين، لـ 17 مدنيا بينهم نساء، جراء غارات جوية على بلدة كفر بطنا.",
            (Some(17), None),
        ),
        // The one attacker killed is added to the victims; the one who
        // kills is not.
        (
            "هجوم بسكين في مدينة ليون\n\nأكدت السلطات مقتل شخصين في هجوم بسكين في مدينة ليون يوم الاثنين، وتمكنت الشرطة من قتل المنفذ بعد دقائق.",
            (Some(3), None),
        ),
        (
            "هجوم مسلح في مدينة ليون\n\nقتل المهاجم ثلاثة أشخاص في هجوم مسلح في مدينة ليون يوم الاثنين.",
            (Some(3), None),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(headline_toll(text), *want, "{text}");
    }
}

#[test]
fn a_definite_singular_victim_counts_one() {
    let cases: &[(&str, Toll)] = &[
        (
            "غارة تقتل قياديا حوثيا في صعدة\n\nأسفرت غارة جوية لطيران التحالف على مدينة صعدة يوم الاثنين عن مقتل القيادي في الميليشيا.",
            (Some(1), None),
        ),
        (
            "اغتيال صحفي في كييف\n\nقتل الصحفي الروسي بإطلاق النار عليه خارج منزله في كييف يوم الاثنين.",
            (Some(1), None),
        ),
        // "One of" the men counts one.
        (
            "هجوم على حاجز للشرطة في العريش\n\nأسفر هجوم مسلح على حاجز أمني في مدينة العريش يوم الاثنين عن مقتل أحد أفراد الشرطة.",
            (Some(1), None),
        ),
        // The definite noun as the killer: the count after it is the toll.
        (
            "إطلاق نار في مدينة لييج\n\nقتل المسلح ثلاثة أشخاص في إطلاق نار في مدينة لييج يوم الاثنين.",
            (Some(3), None),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(headline_toll(text), *want, "{text}");
    }
}

#[test]
fn a_headline_figure_equal_to_the_attackers_is_them_told_again() {
    let cases: &[(&str, Toll)] = &[
        (
            "80 قتيلا بغارات على مواقع المتمردين\n\nقتل أكثر من 80 مسلحا من المتمردين في سلسلة غارات جوية لطيران التحالف على مواقعهم في محافظة الحديدة يوم الاثنين.",
            (Some(80), None),
        ),
        // Victims and attackers of the same number, both told in the body,
        // add up.
        (
            "مقتل 4 شرطيين في هجوم على حاجز بالعريش\n\nقتل 4 من رجال الشرطة في هجوم على حاجز أمني بمدينة العريش يوم الاثنين، فيما قتلت القوات 4 مسلحين.",
            (Some(8), None),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(headline_toll(text), *want, "{text}");
    }
}

/// The author after the attack across its means and an agent's "من قبل"
/// ("قصف جوي من قبل مقاتلات روسية", "هجوم من قبل جماعة بوكو حرام"): the
/// name, or the state the adjective names, carried it out.
#[test]
fn the_author_after_the_attacks_means_and_an_agents_words() {
    for (text, author) in [
        (
            "قصف على إدلب\n\nقتل تسعة مدنيين يوم السبت في قصف جوي من قبل مقاتلات روسية استهدف بلدة خان شيخون بريف إدلب الجنوبي.",
            "Russian air force",
        ),
        (
            "هجوم على قرية في بورنو\n\nقتل 11 قرويا يوم الأحد في هجوم من قبل جماعة بوكو حرام على قرية قرب مدينة مايدوغوري شمال شرق نيجيريا.",
            "Boko Haram",
        ),
        (
            "قصف على عفرين\n\nقتل ستة مدنيين يوم الجمعة في قصف مدفعي من قبل القوات التركية على قرية جنديرس في ريف عفرين.",
            "Turkish forces",
        ),
        // The group's name written as one word.
        (
            "هجوم على ثكنة في ديفا\n\nقتل سبعة جنود يوم الخميس في هجوم شنته جماعة بوكوحرام على ثكنة للجيش في بلدة ديفا جنوب شرق النيجر.",
            "Boko Haram",
        ),
    ] {
        let ev = events("2018-03-12T12:00:00+03:00", text);
        let e = ev.iter().find(|e| e.killed.is_some()).expect("the event with its toll");
        let names: Vec<&str> = e.perpetrators.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec![author], "{text}: {ev:#?}");
    }
}

#[test]
fn a_part_of_a_rising_toll_is_not_the_toll() {
    // "من ضمنهم" tells a part of the toll, as "بينهم" does.
    let text = "هجوم على مواقع الجيش في ريف حماة\n\nشنت فصائل مسلحة هجوما على مواقع للجيش في ريف حماة يوم الاثنين. وقال المرصد إن عدد الجنود الذين قتلوا في الهجوم ارتفع إلى 31، من ضمنهم 6 ضباط ممن قتلوا في القصف.";
    assert_eq!(headline_toll(text), (Some(31), None), "{text}");
}

#[test]
fn a_man_killed_with_his_companions_is_one_more() {
    let cases: &[(&str, Toll)] = &[
        (
            "غارة على موكب قيادي في البيضاء\n\nأسفرت غارة جوية في محافظة البيضاء يوم الاثنين عن مقتل القيادي الميداني أبو علي مع 4 من مرافقيه.",
            (Some(5), None),
        ),
        // However far the word of killing.
        (
            "غارة على موكب في الحديدة\n\nأكدت مصادر عسكرية مقتل صالح عبد الله، قائد ما يسمى قوات الأمن في المديرية، إلى جانب 12 شخصا من مرافقيه، في غارة جوية على الحديدة يوم الاثنين.",
            (Some(13), None),
        ),
        // With no joiner, he was not among them.
        (
            "هجوم على موكب مسؤول في عدن\n\nقتل مسلحون 3 من مرافقيه في هجوم على موكب مسؤول محلي في مدينة عدن يوم الاثنين.",
            (Some(3), None),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(headline_toll(text), *want, "{text}");
    }
}

#[test]
fn a_man_and_his_companions_joined_by_and_are_not_counted_twice() {
    let text = "غارة على سيارة في أبين\n\nأدت غارة لطائرة بدون طيار على سيارة في محافظة أبين يوم الاثنين إلى مقتل القيادي المحلي أبو أحمد وثلاثة من مرافقيه.";
    assert_eq!(headline_toll(text), (Some(4), None), "{text}");
}

#[test]
fn a_hedge_behind_the_noun_phrase_or_on_the_same_figure_told_again() {
    let hedged = |text: &str| {
        let ev = events("2018-05-01T10:00:00+03:00", text);
        let e = ev.iter().find(|e| e.main).unwrap_or_else(|| panic!("no headline event: {ev:#?}"));
        killed(e)
    };
    // Past the counted noun phrase, or after a comma.
    assert_eq!(
        hedged(
            "هجوم على حاجز في العريش\n\nأسفر هجوم مسلح على حاجز أمني في مدينة العريش يوم الاثنين عن مقتل 12 من عناصر الشرطة على الأقل."
        ),
        (Some(12), CountQualifier::AtLeast)
    );
    assert_eq!(
        hedged(
            "غارات على بلدة في ريف إدلب\n\nقتل 19 شخصا، على الأقل، في غارات جوية على بلدة سراقب في ريف إدلب يوم الاثنين."
        ),
        (Some(19), CountQualifier::AtLeast)
    );
    // The hedge of the next count is its own.
    assert_eq!(
        hedged(
            "تفجير في سوق ببغداد\n\nقتل 4 أشخاص وأصيب 15 على الأقل في تفجير عبوة ناسفة في سوق ببغداد يوم الاثنين."
        ),
        (Some(4), CountQualifier::Exact)
    );
    // The same figure told with a hedge and again without: hedged.
    assert_eq!(
        hedged(
            "11 قتيلا على الأقل في تفجير بمدينة الحلة\n\nأسفر تفجير سيارة مفخخة في سوق بمدينة الحلة يوم الاثنين عن مقتل 11 شخصا."
        ),
        (Some(11), CountQualifier::AtLeast)
    );
}

#[test]
fn a_total_since_a_campaign_began_past_a_comma_and_more_words_of_wounding() {
    // "منذ أن بدأت" opens a campaign as "منذ بدء" does, even past the
    // comma that ends the figure's clause.
    let text = "تفجير في سوق بالحلة\n\nأسفر تفجير سيارة مفخخة في سوق بمدينة الحلة يوم الاثنين عن مقتل 9 أشخاص، ليرتفع عدد القتلى في المدينة إلى 340، منذ أن بدأت الحملة العسكرية.";
    assert_eq!(headline_toll(text), (Some(9), None), "{text}");
    // "وأصابوا", "جرحوا": the wounded.
    let text = "هجوم على مسرح في باريس\n\nهاجم مسلحون مسرحا في باريس يوم الاثنين وقتلوا 20 شخصا وأصابوا 45 آخرين.";
    assert_eq!(headline_toll(text), (Some(20), Some(45)), "{text}");
}

#[test]
fn an_indefinite_killer_before_the_count_is_not_a_victim() {
    let cases: &[(&str, Toll)] = &[
        // "قتل انتحاري … 8 أشخاص": the bomber killed eight.
        (
            "تفجير في كابول\n\nقتل انتحاري يوم الاثنين 8 أشخاص على الأقل قرب مسجد في العاصمة كابول.",
            (Some(8), None),
        ),
        // Joined by و, or counted by its own casualty word, the count is
        // others beside the one killed.
        (
            "تفجير في كابول\n\nقتل جندي وأصيب 3 آخرون في تفجير عبوة ناسفة في العاصمة كابول يوم الاثنين.",
            (Some(1), Some(3)),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(headline_toll(text), *want, "{text}");
    }
}

/// A unit's number ("قائد اللواء 405 مشاة") names the brigade, not its
/// dead: the commander killed is one.
#[test]
fn a_brigades_number_counts_no_one() {
    let ev = events(
        "2018-02-22T01:00:00+04:00",
        "مقتل قائد حوثي في الجوف\n\nقتل قائد اللواء 405 مشاة التابع للحوثيين، العميد محسن الغريبي، في مواجهات مع الجيش اليمني بمحافظة الجوف يوم الأربعاء.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]), (Some(1), CountQualifier::Exact), "{ev:#?}");
    let ev = events(
        "2018-02-22T01:00:00+04:00",
        "هجوم على الكتيبة 22 في سيناء\n\nقتل ثلاثة جنود من الكتيبة 22 في هجوم شنه مسلحون على نقطة تفتيش في العريش يوم الأربعاء.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(killed(&ev[0]).0, Some(3), "{ev:#?}");
}

/// A country's adjective alone after a casualty word is one person of that
/// country ("قتل فلسطيني"), and so is a kinsman or a title ("مقتل نجل
/// القائد", "مصرع المقاتلة"); a plural adjective counts no one.
#[test]
fn one_national_or_one_kinsman_killed_counts_one() {
    let cases = [
        ("قتل فلسطيني وأصيب اثنان آخران في غارة إسرائيلية على بيت لاهيا مساء الأحد.", Some(1)),
        ("أعلنت الشرطة مقتل إسرائيلي طعنا في هجوم قرب مدينة الخليل.", Some(1)),
        ("أكد مصدر أمني مقتل نجل القيادي في غارة جوية على مدينة حمص.", Some(1)),
        ("أعلنت الوحدات الكردية مصرع المقاتلة البريطانية في قصف تركي على مدينة عفرين.", Some(1)),
        ("قتل متظاهر وأصيب عشرة آخرون برصاص قوات الأمن في مدينة البصرة يوم الجمعة.", Some(1)),
        ("قتل فلسطينيون في غارة إسرائيلية على مدينة رفح مساء الأحد.", None),
    ];
    for (text, want) in cases {
        let ev = events("2018-06-10", text);
        assert_eq!(ev.len(), 1, "{text}: {ev:#?}");
        assert_eq!(ev[0].killed.as_ref().and_then(|k| k.value), want, "{text}: {ev:#?}");
    }
}

/// What follows "منذ" and a noun is the earlier event a period runs from:
/// its day and toll are not the news's.
#[test]
fn the_event_a_period_runs_from_lends_the_news_neither_day_nor_toll() {
    let ev = events(
        "2018-04-09T10:00:00+00:00",
        "طائرات إسرائيلية تقصف موقعا لحماس في غزة\n\nقصفت طائرات إسرائيلية موقعا عسكريا لحركة حماس في شمال قطاع غزة ردا على تسلل عبر السياج. ويسود التوتر على الحدود منذ مواجهات عنيفة في 30 مارس أوقعت 30 قتيلا.",
    );
    let main = ev.iter().find(|e| e.main).expect("a main event");
    assert_eq!(main.place.as_deref(), Some("Gaza Strip"), "{ev:#?}");
    assert_ne!(main.date.as_deref(), Some("2018-03-30"), "{ev:#?}");
    assert_ne!(main.killed.as_ref().and_then(|k| k.value), Some(30), "{ev:#?}");
}

/// The late readings of who did it: each sentence names an author that no
/// other rule reads, and the events are the same as without them.
#[test]
fn authors_read_late_name_the_kept_events_author() {
    let names = |text: &str| -> Vec<(String, Status)> {
        let ev = events("2018-06-02T20:00:00+03:00", text);
        assert_eq!(ev.len(), 1, "{ev:#?}");
        ev[0].perpetrators.iter().map(|p| (p.name.clone(), p.status)).collect()
    };
    let cases: &[(&str, &str, Status)] = &[
        // "بنيران", no trigger, before the force that fired.
        (
            "مقتل فلسطيني برصاص الاحتلال شرق رفح\nقتل شاب فلسطيني وأصيب ثلاثة آخرون بنيران جيش الاحتلال شرق مدينة رفح جنوب قطاع غزة الجمعة، بحسب وزارة الصحة.",
            "Israeli army",
            Status::Attributed,
        ),
        // A verb whose object pronoun is the attack, then the force.
        (
            "ارتفاع حصيلة مجزرة غزة\nارتفعت حصيلة المجزرة التي ارتكبتها قوات الاحتلال الإسرائيلي بحق المتظاهرين شرق مدينة غزة الجمعة إلى 16 قتيلا.",
            "Israeli army",
            Status::Attributed,
        ),
        // An attack attributed to a force: suspected.
        (
            "مقتل 15 مدنيا في غارة على معرة النعمان\nقتل 15 مدنيا الثلاثاء في غارة جوية على سوق في مدينة معرة النعمان بريف إدلب، نسبت إلى قوات النظام السوري، وفق المرصد.",
            "Syrian army",
            Status::Suspected,
        ),
        (
            "مقتل 15 مدنيا في هجوم على سوق\nقتل 15 مدنيا الثلاثاء في هجوم على سوق في مدينة معرة النعمان بريف إدلب، وتشير أصابع الاتهام إلى قوات النظام السوري.",
            "Syrian army",
            Status::Suspected,
        ),
        // A state's force accused, the charge right after it.
        (
            "قتلى في هجوم بغاز سام على دوما\nقتل 9 مدنيين بينهم طفلان الأحد في هجوم بغاز سام على مدينة دوما في الغوطة الشرقية، واتهم ناشطون النظام السوري بشنه.",
            "Syrian army",
            Status::Suspected,
        ),
        // A state accused by its country's name.
        (
            "اغتيال معارض روسي في كييف\nقتل معارض روسي بالرصاص أمام منزله في العاصمة الأوكرانية كييف الثلاثاء، واتهمت الحكومة الأوكرانية روسيا بالوقوف وراء الاغتيال.",
            "Russian army",
            Status::Suspected,
        ),
        // The force between the verb of firing and the fire.
        (
            "مقتل شاب فلسطيني شرق خان يونس\nقتل شاب فلسطيني وأصيب آخران الجمعة شرق مدينة خان يونس جنوب قطاع غزة، بعد أن أطلق الجنود الإسرائيليون النار على المتظاهرين قرب السياج.",
            "Israeli army",
            Status::Attributed,
        ),
        // A state's aircraft by its adjective, before the verb whose object
        // is the strike, after a hedge.
        (
            "مقتل 8 مدنيين في غارات على ريف إدلب\nقتل 8 مدنيين الأحد في غارات جوية يرجح أن طائرات روسية نفذتها على بلدة سراقب في ريف إدلب، بحسب المرصد.",
            "Russian air force",
            Status::Suspected,
        ),
    ];
    for (text, name, status) in cases {
        assert_eq!(names(text), [(name.to_string(), *status)], "{text}");
    }
    // "في حين اتهم الجيش بقتل سبعة مدنيين": the charge of another matter,
    // in a clause after the attack, names no author of the attack.
    let ev = names(
        "مقتل ستة جنود في هجوم وسط مالي\nقتل ستة جنود الثلاثاء في هجوم على موقع عسكري في منطقة موبتي وسط مالي، في حين اتهم الجيش بقتل سبعة مدنيين بعد توقيفهم.",
    );
    assert!(ev.is_empty(), "{ev:?}");
}

#[test]
fn an_undated_event_of_this_months_news_takes_the_publication_month() {
    // Nothing in the article dates the blast: it is this month's news.
    let ev = events(
        "2018-04-17T09:00:00+03:00",
        "مقتل ثلاثة جنود بانفجار عبوة ناسفة في العريش\n\nقتل ثلاثة جنود مصريين وأصيب اثنان آخران بانفجار عبوة ناسفة استهدفت دوريتهم جنوب مدينة العريش بمحافظة شمال سيناء، بحسب مصادر أمنية.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].date.as_deref(), Some("2018-04"), "{ev:#?}");
    // The store keeps it undated, as the text left it.
    let doc = Doc {
        id: "t".into(),
        published: Some("2018-04-17T09:00:00+03:00".into()),
        text: "مقتل ثلاثة جنود بانفجار عبوة ناسفة في العريش\n\nقتل ثلاثة جنود مصريين وأصيب اثنان آخران بانفجار عبوة ناسفة استهدفت دوريتهم جنوب مدينة العريش بمحافظة شمال سيناء، بحسب مصادر أمنية.".into(),
        ..Doc::default()
    };
    let mut x = extractor().extract(&doc);
    assert_eq!(x.dated_by_publication.len(), 1);
    x.undate_inferred();
    assert!(x.events.iter().all(|e| e.date.is_none()), "{:#?}", x.events);
    // A year written out means older incidents are told too: it stays undated.
    let ev = events(
        "2018-04-17T09:00:00+03:00",
        "مقتل ثلاثة جنود بانفجار عبوة ناسفة في العريش\n\nقتل ثلاثة جنود مصريين وأصيب اثنان آخران بانفجار عبوة ناسفة استهدفت دوريتهم جنوب مدينة العريش بمحافظة شمال سيناء، بحسب مصادر أمنية.\n\nوتشهد المحافظة هجمات متكررة منذ عام 2013.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].date, None, "{ev:#?}");
}

#[test]
fn a_round_up_of_one_days_news_dates_its_undated_events_by_that_day() {
    let ev = events(
        "2018-05-21T14:00:00+03:00",
        "غارة للتحالف على صعدة ومواجهات في الحديدة\n\nشنت مقاتلات التحالف، الأحد، غارة جوية على موقع لميليشيات الحوثي في مديرية حيدان بمحافظة صعدة، ما أسفر عن مقتل أربعة مسلحين.\n\nوفي محافظة الحديدة، قتل خمسة من مسلحي الحوثي في مواجهات مع قوات الجيش الوطني في مديرية الدريهمي.",
    );
    let clash = ev.iter().find(|e| e.event_type == EventType::ArmedClash).expect("the clash");
    assert_eq!(clash.date.as_deref(), Some("2018-05-20"), "{ev:#?}");
    // A day a week back is no round-up's day: the month only.
    let ev = events(
        "2018-05-21T14:00:00+03:00",
        "غارة للتحالف على صعدة ومواجهات في الحديدة\n\nشنت مقاتلات التحالف، يوم 12 مايو، غارة جوية على موقع لميليشيات الحوثي في مديرية حيدان بمحافظة صعدة، ما أسفر عن مقتل أربعة مسلحين.\n\nوفي محافظة الحديدة، قتل خمسة من مسلحي الحوثي في مواجهات مع قوات الجيش الوطني في مديرية الدريهمي.",
    );
    let clash = ev.iter().find(|e| e.event_type == EventType::ArmedClash).expect("the clash");
    assert_eq!(clash.date.as_deref(), Some("2018-05"), "{ev:#?}");
}

/// A capital that leads, backs or answers for its government ("التحالف
/// الذي تقوده واشنطن", "قوات تدعمها واشنطن", "رد واشنطن") is no place of
/// the event.
#[test]
fn a_capital_that_leads_or_backs_a_force_is_no_place() {
    let ev = events(
        "2018-06-18T10:00:00+03:00",
        "غارة للتحالف على موقع للجيش السوري\n\nقال مصدر عسكري إن طيران التحالف الدولي الذي تقوده واشنطن شن الاثنين غارة على موقع للجيش السوري قرب مدينة البوكمال، ما أسفر عن مقتل جنديين.",
    );
    assert!(!ev.is_empty(), "{ev:#?}");
    assert!(ev.iter().all(|e| e.country.as_deref() == Some("SY")), "{ev:#?}");
}

/// A bridge that fell under a train, a mine that caved in, a fire in a
/// market: "الحادث" and its dead are no attack. A fire that gunmen set is
/// still one: it has an author.
#[test]
fn a_collapse_or_a_fire_with_dead_is_no_attack_unless_someone_set_it() {
    let ev = events(
        "2018-07-09T10:00:00+00:00",
        "10 قتلى في انهيار جسر تحت قطار ركاب\n\nقتل عشرة أشخاص وأصيب 70 آخرون الأحد في انهيار جسر أسفل قطار ركاب قرب مدينة تكيرداغ، وقالت السلطات إن الحادث وقع بعد أمطار غزيرة.",
    );
    assert!(ev.is_empty(), "{ev:#?}");
    let ev = events(
        "2018-05-06T10:00:00+00:00",
        "مقتل 16 عاملا في انهيار منجم\n\nلقي 16 عاملا حتفهم السبت إثر انهيار منجم للفحم في إقليم بلوشستان، وقال مسؤولون إن فرق الإنقاذ ما زالت تبحث عن مفقودين بعد الحادث.",
    );
    assert!(ev.is_empty(), "{ev:#?}");
    let ev = events(
        "2018-05-06T10:00:00+00:00",
        "مسلحون يضرمون حريقا في سوق ويقتلون خمسة\n\nقتل خمسة أشخاص السبت عندما هاجم مسلحون من حركة الشباب سوقا في مدينة بلدوين وأضرموا النار في المحلات.",
    );
    assert!(!ev.is_empty(), "{ev:#?}");
}

/// "أدانت الأمم المتحدة في بيان الأحد الهجوم …": the day after the word
/// for a statement is the day it was issued; the attack keeps its own day.
#[test]
fn a_statements_day_does_not_date_the_attack_it_condemns() {
    let ev = events(
        "2018-07-09T10:00:00+00:00",
        "الأمم المتحدة تدين هجوما على مسجد في نيجيريا\n\nأدانت الأمم المتحدة في بيان الأحد الهجوم الذي استهدف مسجدا في مدينة كانو وأوقع 12 قتيلا في 25 يونيو.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].date.as_deref(), Some("2018-06-25"), "{ev:#?}");
}

/// "الجيش" and "الجنود" with no adjective in Gaza or the West Bank are
/// Israel's army (list `army_of_another`): Palestine has no army of its own.
#[test]
fn the_army_in_gaza_is_israels() {
    let ev = events(
        "2018-05-04T18:00:00+03:00",
        "مقتل شاب فلسطيني شرق خان يونس\n\nقتل شاب فلسطيني الجمعة برصاص الجنود قرب السياج الحدودي شرق مدينة خان يونس جنوب قطاع غزة، بحسب وزارة الصحة.",
    );
    let names: Vec<&str> =
        ev.iter().flat_map(|e| e.perpetrators.iter().map(|p| p.name.as_str())).collect();
    assert!(names.contains(&"Israeli army"), "{ev:#?}");
    assert!(!names.iter().any(|n| n.starts_with("Palestinian")), "{ev:#?}");
}

/// A group named with an air strike that a state's force or a coalition
/// carried out is what the strike hit: it has no aircraft.
#[test]
fn the_group_an_air_strike_hit_is_not_its_author() {
    let ev = events(
        "2018-05-20T20:00:00+03:00",
        "مقتل 8 حوثيين بغارات للتحالف في صعدة\n\nقتل 8 مسلحين حوثيين، الأحد، في غارات جوية لمقاتلات التحالف العربي استهدفت منصة لإطلاق صواريخ الحوثي في مديرية حيدان بمحافظة صعدة.",
    );
    let strike = ev
        .iter()
        .find(|e| e.event_type == EventType::AirStrike && !e.perpetrators.is_empty())
        .expect("a strike with its author");
    let names: Vec<&str> = strike.perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"Saudi-led coalition"), "{ev:#?}");
    assert!(!names.contains(&"Houthis"), "{ev:#?}");
}

/// Missiles that a strike destroyed (list `destroyed_weapons` before them)
/// are its target: the state of their adjective is no author.
#[test]
fn a_states_missiles_a_strike_destroyed_name_no_author() {
    let ev = events(
        "2018-05-20T20:00:00+03:00",
        "انفجارات تهز ريف حماة\n\nقتل 12 عنصرا من الميليشيات في قصف صاروخي على مواقع عسكرية في ريف حماة ليل الأحد، أسفر عن تدمير عدد كبير من الصواريخ الإيرانية المخزنة هناك.",
    );
    assert!(!ev.is_empty(), "{ev:#?}");
    let names: Vec<&str> =
        ev.iter().flat_map(|e| e.perpetrators.iter().map(|p| p.name.as_str())).collect();
    assert!(!names.iter().any(|n| n.starts_with("Iranian")), "{ev:#?}");
}

/// A strike with no author in a place where the article's other strikes
/// are a state's takes that state's forces: a state's strikes on one place
/// are one campaign's.
#[test]
fn a_strike_takes_the_state_author_of_the_other_strikes_in_its_place() {
    let ev = events(
        "2018-06-20T20:00:00+03:00",
        "قصف إسرائيلي على غزة\n\nقصفت المدفعية الإسرائيلية، الأربعاء، موقع رصد شرق مدينة غزة، ما أدى إلى إصابة شابين بجروح. وفي وقت لاحق، أصيب ثلاثة فلسطينيين في غارة جوية استهدفت أرضا زراعية في حي الزيتون بمدينة غزة مساء الثلاثاء.",
    );
    let strike = ev.iter().find(|e| e.event_type == EventType::AirStrike).expect("the raid");
    let names: Vec<&str> = strike.perpetrators.iter().map(|p| p.name.as_str()).collect();
    assert!(names.iter().any(|n| n.starts_with("Israeli")), "{ev:#?}");
}

/// The headline's event with no place of its own is in the country of the
/// towns the article tells, not in the country of those who speak of it or
/// of the force that fired.
#[test]
fn the_headline_event_is_where_the_articles_towns_are() {
    let ev = events(
        "2018-04-07T12:00:00+03:00",
        "مقتل سبعة محتجين برصاص القوات الإسرائيلية\n\nقتل سبعة محتجين برصاص القوات الإسرائيلية يوم الجمعة.\nلكن الإسرائيليين يقولون إن المحتجين حاولوا اقتحام السياج.\nوتجمع آلاف المحتجين قرب الحدود في خان يونس وفي مدينة غزة.",
    );
    let main = ev.iter().find(|e| e.main).expect("a main event");
    assert_eq!(main.country.as_deref(), Some("PS"), "{ev:#?}");
    // A country named as where it happened stays the event's.
    let ev = events(
        "2018-03-25T12:00:00+03:00",
        "غارة أمريكية في ليبيا\n\nأعلنت القيادة الأمريكية في أفريقيا مقتل مسلحين اثنين في غارة جوية نفذتها طائراتها بليبيا السبت.\nوكان المتحدث قد قال في واشنطن إن الغارات ستستمر، وأضاف في نيويورك أن التنسيق قائم.",
    );
    let main = ev.iter().find(|e| e.main).expect("a main event");
    assert_eq!(main.country.as_deref(), Some("LY"), "{ev:#?}");
}

/// "على مدينة دومة السورية": a country's adjective on a place tells where
/// the event was, before the adjective of the people who tell of it.
#[test]
fn a_places_adjective_tells_the_country_before_the_peoples() {
    let ev = events(
        "2018-06-26T12:00:00+01:00",
        "لندن تطالب بالتحقيق\n\nطالبت بريطانيا في لندن بتحقيق جديد.\nوذكر أطباء بريطانيون أن أكثر من 40 شخصا قتلوا في هجوم بالغاز على مدينة دومة السورية في أبريل.\nوقال مسؤول في مانشستر إن الاجتماع سيعقد الأسبوع المقبل.",
    );
    let gas = ev.iter().find(|e| e.killed.as_ref().and_then(|k| k.value) == Some(40));
    let gas = gas.expect("the gas attack");
    assert_eq!(gas.country.as_deref(), Some("SY"), "{ev:#?}");
}

#[test]
fn strikes_told_after_the_ground_fighting_of_a_district_are_their_own_event() {
    let ev = events(
        "2018-03-02T18:00:00+03:00",
        "الجيش يتقدم في مديرية نهم\n\nانتزعت قوات الجيش الجمعة مواقع من قبضة ميليشيا الحوثي في مديرية نهم بعد معارك أسفرت عن مقتل 13 من عناصر الميليشيا.\n\nكما شنت مقاتلات التحالف غارة جوية على تجمع للميليشيا في مديرية نهم، ما أسفر عن مقتل خمسة من عناصرها.",
    );
    let clash = ev.iter().find(|e| e.event_type == EventType::ArmedClash).expect("the fighting");
    assert_eq!(killed(clash).0, Some(13), "{ev:#?}");
    assert!(
        ev.iter().any(|e| e.event_type == EventType::AirStrike && killed(e).0 == Some(5)),
        "the strikes are an event of their own: {ev:#?}"
    );
}

#[test]
fn an_attack_told_with_a_date_long_past_does_not_date_the_undated_news() {
    let ev = events(
        "2018-07-11T18:00:00+05:00",
        "مقتل 10 أشخاص في تفجير انتحاري في بيشاور\n\nقتل 10 أشخاص في تفجير انتحاري استهدف تجمعا انتخابيا في مدينة بيشاور. وقتل 20 شخصا في هجوم انتحاري استهدف تجمعا حزبيا في مدينة بيشاور في شهر ديسمبر عام 2012.",
    );
    let main = ev.iter().find(|e| e.main).expect("the headline's event");
    assert_eq!(killed(main).0, Some(10), "{ev:#?}");
    assert_ne!(main.date.as_deref(), Some("2012-12"), "{ev:#?}");
}

/// The shipped model learns which later telling joins the main incident:
/// one in the same place, undated, of the same kind of method and with
/// the main incident's own toll joins it; one in another place, on
/// another day, said to be another incident, stays apart. The rules alone
/// merge nothing, so this fails if the merge decision stops shipping.
#[test]
fn the_shipped_model_joins_a_retelling_and_keeps_another_incident_apart() {
    use rasd_extract::model::{Decision, Model};
    let x = |on: &[&str]| -> Vec<f64> {
        Decision::Merge.features().iter().map(|f| if on.contains(f) { 1.0 } else { 0.0 }).collect()
    };
    let model = Model::shipped().expect("the shipped model");
    let w = model.get(Decision::Merge);
    let retelling = x(&["same_place", "no_date", "same_family", "same_toll", "strong_trigger"]);
    assert!(w.prob(&retelling) >= w.threshold, "{}", w.prob(&retelling));
    let other = x(&["other_place", "other_day", "separate", "has_toll", "strong_trigger"]);
    assert!(w.prob(&other) < w.threshold, "{}", w.prob(&other));
    let rules = Model::rules();
    let r = rules.get(Decision::Merge);
    assert!(r.prob(&retelling) < r.threshold, "the rules' answer merges nothing");
}

#[test]
fn a_weekday_inside_a_place_name_dates_nothing() {
    // "سوق الخميس" is a market town, not Thursday: the fighting is of the
    // Tuesday told after it.
    let ev = events(
        "2018-02-21T20:00:00+04:00",
        "معارك عنيفة في لحج\n\nقتل 10 مسلحين حوثيين على الأقل في معارك مع قوات الجيش اليمني في منطقة سوق الخميس بمحافظة لحج، الثلاثاء.",
    );
    let main = ev.iter().find(|e| e.main).expect("the fighting");
    assert_eq!(main.date.as_deref(), Some("2018-02-20"), "{ev:#?}");
    // A valley the gazetteer does not know, named after its noun.
    let ev = events(
        "2018-02-21T20:00:00+04:00",
        "معارك عنيفة في لحج\n\nقتل 10 مسلحين حوثيين على الأقل في معارك مع قوات الجيش اليمني حول وادي الخميس بمحافظة لحج، الثلاثاء.",
    );
    let main = ev.iter().find(|e| e.main).expect("the fighting");
    assert_eq!(main.date.as_deref(), Some("2018-02-20"), "{ev:#?}");
}

#[test]
fn a_village_the_gazetteer_lacks_is_read_after_its_noun() {
    // "قرية المحاريق" is in no gazetteer: the village is the place, inside
    // the district the sentence names ("مديرية مقبنة", a town of GeoNames
    // told as a district).
    let ev = events(
        "2018-07-21T12:00:00+03:00",
        "قصف حوثي على قرى تعز\n\nقتل ثلاثة مدنيين بينهم طفل، السبت، في قصف لميليشيات الحوثي استهدف قرية المحاريق بمديرية مقبنة غرب محافظة تعز، بحسب مصادر محلية.",
    );
    let e = ev.iter().find(|e| e.place_ar.as_deref() == Some("المحاريق")).expect("the shelling");
    assert_eq!(killed(e).0, Some(3), "{ev:#?}");
    assert_eq!(e.place_ar.as_deref(), Some("المحاريق"), "{ev:#?}");
    // Its English name, for alerts and exports.
    assert_eq!(e.place.as_deref(), Some("al-Mahariq"), "{ev:#?}");
    assert_eq!(e.country.as_deref(), Some("YE"), "{ev:#?}");
    assert!(e.place_alt.iter().any(|n| n == "مقبنة"), "{ev:#?}");
    assert!(e.place_id.is_none(), "{ev:#?}");
}

#[test]
fn words_after_a_town_noun_that_name_no_place_are_no_town() {
    // An amusement park and a border town: the gazetteer's city and
    // province stay the places.
    let ev = events(
        "2018-07-21T12:00:00+03:00",
        "انفجار في بغداد\n\nأصيب خمسة أشخاص، السبت، في انفجار عبوة ناسفة قرب مدينة الملاهي في بغداد، بحسب الشرطة العراقية.",
    );
    let e = ev.iter().find(|e| e.main).expect("the blast");
    assert_eq!(e.place.as_deref(), Some("Baghdad"), "{ev:#?}");
    let ev = events(
        "2018-07-21T12:00:00+03:00",
        "هجوم في النيجر\n\nقتل أربعة جنود نيجريين، السبت، في هجوم شنه مسلحون على بلدة حدودية في منطقة تيلابيري غرب النيجر.",
    );
    let e = ev.iter().find(|e| e.main).expect("the attack");
    assert_eq!(e.place.as_deref(), Some("Tillaberi"), "{ev:#?}");
}

#[test]
fn a_village_in_the_countryside_of_a_known_city_takes_the_place() {
    // The headline names the city; the body the village "بريف درعا": the
    // city is the countryside around the village, which is the place.
    let ev = events(
        "2018-06-28T12:00:00+03:00",
        "تفجير في درعا\n\nقتل 12 عنصرا من قوات النظام، الأربعاء، بانفجار سيارة مفخخة في بلدة المحيصنة بريف درعا الشرقي، بحسب المرصد السوري.",
    );
    let e = ev.iter().find(|e| e.main).expect("the blast");
    assert_eq!(e.place_ar.as_deref(), Some("المحيصنة"), "{ev:#?}");
    assert!(e.place_alt.iter().any(|n| n == "Daraa"), "{ev:#?}");
}

#[test]
fn a_chemical_attack_told_in_a_reaction_piece_is_its_main_event() {
    // The attack is named only by a noun phrase; its later mentions refer
    // back to it and date it.
    let ev = events(
        "2018-04-10T12:00:00+03:00",
        "مجلس الأمن يبحث الهجوم الكيماوي على دوما\n\nعقد مجلس الأمن الدولي جلسة طارئة لبحث الهجوم الكيماوي على مدينة دوما في الغوطة الشرقية. واتهمت دول غربية قوات النظام السوري بتنفيذ الهجوم الكيماوي الذي وقع السبت الماضي، فيما نفت دمشق أي تورط.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let e = &ev[0];
    assert!(e.main);
    assert_eq!(e.event_type, EventType::Attack);
    assert_eq!((e.country.as_deref(), e.place.as_deref()), (Some("SY"), Some("Douma")));
    assert_eq!(e.date.as_deref(), Some("2018-04-07"));
}

#[test]
fn a_poisoning_is_an_assassination_where_it_happened() {
    let ev = events(
        "2018-03-14T12:00:00+00:00",
        "لندن تطرد دبلوماسيين روسا بعد تسميم عميل سابق\n\nأعلنت الحكومة البريطانية طرد 23 دبلوماسيا روسيا ردا على تسميم العميل الروسي السابق وابنته في مدينة سالزبري جنوبي إنجلترا.",
    );
    let e = ev.iter().find(|e| e.main).expect("the poisoning");
    assert_eq!(e.event_type, EventType::Assassination, "{ev:#?}");
    assert_eq!((e.country.as_deref(), e.place.as_deref()), (Some("GB"), Some("Salisbury")));
}

#[test]
fn tear_gas_and_stun_grenades_are_no_bombing() {
    // A bomb word followed by a crowd-control word is thrown at a crowd.
    let ev = events(
        "2018-05-19T12:00:00+03:00",
        "إصابات قرب السياج\n\nأطلقت القوات الإسرائيلية قنابل الغاز المسيل للدموع على المتظاهرين قرب السياج الحدودي شرق خان يونس، الجمعة، ما أدى إلى إصابة 12 شخصا بالاختناق.",
    );
    assert!(ev.iter().all(|e| e.event_type != EventType::Bombing), "{ev:#?}");
    let ev = events(
        "2018-05-19T12:00:00+03:00",
        "تفريق تظاهرة\n\nاستخدمت الشرطة قنابل صوتية لتفريق مئات المحتجين وسط العاصمة، السبت.",
    );
    assert!(ev.iter().all(|e| e.event_type != EventType::Bombing), "{ev:#?}");
    // A bomb that is no crowd-control weapon stays a bombing.
    let ev = events(
        "2018-05-19T12:00:00+03:00",
        "انفجار في بغداد\n\nقتل خمسة أشخاص، السبت، في انفجار قنبلة زرعت قرب سوق شعبي في بغداد.",
    );
    assert!(ev.iter().any(|e| e.event_type == EventType::Bombing), "{ev:#?}");
}

#[test]
fn the_police_that_killed_a_lone_attacker_is_not_its_author() {
    let ev = events(
        "2018-05-20T12:00:00+02:00",
        "هجوم بسكين في مرسيليا\n\nقتلت الشرطة الفرنسية المهاجم بعد أن طعن ثلاثة أشخاص في محطة القطارات الرئيسية في مرسيليا، الأحد.",
    );
    let e = ev.iter().find(|e| e.main).expect("the stabbing");
    assert!(e.perpetrators.is_empty(), "{ev:#?}");
}

/// A town of the West Bank lies inside it: the headline's region and the
/// body's town tell one raid.
#[test]
fn a_town_and_the_region_it_lies_in_are_one_place() {
    let ev = events(
        "2018-06-12T12:00:00+03:00",
        "مقتل شاب برصاص الاحتلال في الضفة الغربية\n\nقتل شاب فلسطيني برصاص قوات الاحتلال الإسرائيلي فجر الثلاثاء خلال اقتحام مخيم بلاطة في مدينة نابلس شمال الضفة الغربية، وأصيب ثلاثة آخرون بجروح.",
    );
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!((ev[0].country.as_deref(), ev[0].place.as_deref()), (Some("PS"), Some("Nablus")));
    assert_eq!(killed(&ev[0]).0, Some(1));
}

/// A round-up of strikes across the Gaza Strip: the wounded of a strike
/// west of Deir al-Balah are no part of the strike in Rafah told next,
/// though both towns lie in the Strip.
#[test]
fn two_towns_of_one_region_are_two_incidents() {
    let ev = events(
        "2018-10-18T12:00:00+03:00",
        "غارات إسرائيلية على قطاع غزة\n\nشنت طائرات الاحتلال الإسرائيلي فجر الخميس سلسلة غارات على مواقع متفرقة في قطاع غزة. وأصيب سبعة مواطنين بجروح في قصف استهدف موقعا غرب مدينة دير البلح وسط قطاع غزة. كما أصيب اثنان آخران في قصف استهدف أرضا زراعية في مدينة رفح جنوب القطاع.",
    );
    let deir = ev.iter().find(|e| e.injured.as_ref().and_then(|c| c.value) == Some(7));
    let deir = deir.unwrap_or_else(|| panic!("the seven wounded: {ev:#?}"));
    assert_ne!(deir.place.as_deref(), Some("Rafah"), "{ev:#?}");
}
