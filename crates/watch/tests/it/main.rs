//! Warnings on small hand-written histories where the right answer is
//! known.

use jiff::civil::Date;
use rasd_core::{EventType, Status};
use rasd_store::{GroupTie, Sighting};
use rasd_watch::{Config, Kind, PlainNames, Replayed, Warning, WatchError, replay, warnings};

struct History {
    rows: Vec<Sighting>,
    next_event: i64,
}

impl History {
    fn new() -> History {
        History { rows: Vec::new(), next_event: 1 }
    }

    /// A report published on `published` of incident `incident`, which
    /// happened on `date`, in `country`, tied to `group`.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &mut self,
        incident: i64,
        published: &str,
        date: Option<&str>,
        country: &str,
        group: Option<(&str, Status)>,
        killed: Option<u32>,
    ) -> &mut History {
        self.rows.push(Sighting {
            event_id: self.next_event,
            incident: Some(incident),
            published: Some(published.into()),
            date: date.map(str::to_string),
            main: true,
            country: Some(country.into()),
            place: Some(format!("a town in {country}")),
            place_ar: None,
            event_type: EventType::Bombing,
            killed,
            injured: None,
            groups: group
                .map(|(g, s)| GroupTie { key: format!("group:{g}"), name: g.into(), status: s })
                .into_iter()
                .collect(),
        });
        self.next_event += 1;
        self
    }

    fn sorted(&mut self) -> &[Sighting] {
        self.rows.sort_by(|a, b| (&a.published, a.event_id).cmp(&(&b.published, b.event_id)));
        &self.rows
    }
}

fn day(start: &str, plus: i64) -> String {
    let d: Date = start.parse().unwrap();
    d.checked_add(jiff::Span::new().days(plus)).unwrap().to_string()
}

/// A group active in Iraq every week from January.
fn established_in_iraq(h: &mut History, weeks: i64) {
    for w in 0..weeks {
        let d = day("2019-01-02", 7 * w);
        h.report(100 + w, &d, Some(&d), "IQ", Some(("isx", Status::Claimed)), Some(2));
    }
}

fn kinds(ws: &[Warning]) -> Vec<(Kind, String, String)> {
    ws.iter().map(|w| (w.kind, w.subject.key.clone(), w.day.clone())).collect()
}

#[test]
fn a_groups_first_attack_abroad_is_new_ground_once() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    let first = day("2019-01-02", 80);
    h.report(1, &first, Some(&first), "TR", Some(("isx", Status::Claimed)), Some(5));
    // Reported again the next day, and a second attack there a week later.
    h.report(1, &day(&first, 1), Some(&first), "TR", Some(("isx", Status::Claimed)), Some(6));
    let second = day(&first, 7);
    h.report(2, &second, Some(&second), "TR", Some(("isx", Status::Claimed)), Some(1));
    let ws = replay(h.sorted(), &Config::default(), &PlainNames, None, None);
    let ground: Vec<&Warning> = ws.iter().filter(|w| w.kind == Kind::NewGround).collect();
    assert_eq!(ground.len(), 1, "{:#?}", kinds(&ws));
    assert_eq!(ground[0].country.as_deref(), Some("TR"));
    assert_eq!(ground[0].day, first);
    assert_eq!(ground[0].incidents, [1]);
    assert!(ground[0].message_en.contains("first incident in TR"), "{}", ground[0].message_en);
    assert!(!ground[0].message_ar.is_empty());
}

#[test]
fn a_suspicion_or_a_recalled_old_attack_is_not_new_ground() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    let d = day("2019-01-02", 80);
    h.report(1, &d, Some(&d), "JO", Some(("isx", Status::Suspected)), None);
    // A 2016 attack in Egypt, recalled in a 2019 article.
    h.report(2, &d, Some("2016-03-01"), "EG", Some(("isx", Status::Claimed)), Some(9));
    let ws = replay(h.sorted(), &Config::default(), &PlainNames, None, None);
    assert!(ws.iter().all(|w| w.kind != Kind::NewGround), "{:#?}", kinds(&ws));
}

#[test]
fn a_quiet_steady_history_raises_nothing() {
    let mut h = History::new();
    established_in_iraq(&mut h, 26);
    let ws = replay(h.sorted(), &Config::default(), &PlainNames, None, None);
    assert!(ws.is_empty(), "{:#?}", kinds(&ws));
}

#[test]
fn a_week_far_above_the_baseline_is_a_surge() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    // Week 13: seven incidents, 40 killed.
    for k in 0..7 {
        let d = day("2019-03-27", k);
        h.report(500 + k, &d, Some(&d), "IQ", Some(("isx", Status::Claimed)), Some(6));
    }
    let ws = replay(h.sorted(), &Config::default(), &PlainNames, None, None);
    let surges: Vec<&Warning> = ws.iter().filter(|w| w.kind == Kind::SurgeIncidents).collect();
    assert!(!surges.is_empty(), "{:#?}", kinds(&ws));
    let group = surges.iter().find(|w| w.subject.key == "group:isx").expect("the group surges");
    assert!(group.figures["p_value"] < 0.001, "{:?}", group.figures);
    assert!(group.incidents.len() >= 4);
    assert!(surges.iter().any(|w| w.subject.key == "IQ"), "the country surges too");
    // The cooldown keeps it to one warning per subject for the week.
    let for_group = surges.iter().filter(|w| w.subject.key == "group:isx").count();
    assert_eq!(for_group, 1, "{:#?}", kinds(&ws));
    assert!(ws.iter().any(|w| w.kind == Kind::SurgeKilled && w.subject.key == "group:isx"));
}

#[test]
fn a_toll_passing_the_threshold_is_raised_on_the_day_it_is_reported() {
    let mut h = History::new();
    h.report(7, "2019-05-01", Some("2019-05-01"), "SO", None, Some(30));
    h.report(7, "2019-05-02", Some("2019-05-01"), "SO", None, Some(64));
    h.report(7, "2019-05-03", Some("2019-05-01"), "SO", None, Some(120));
    let ws = replay(h.sorted(), &Config::default(), &PlainNames, None, None);
    let mass: Vec<&Warning> = ws.iter().filter(|w| w.kind == Kind::MassCasualty).collect();
    assert_eq!(mass.len(), 1, "{:#?}", kinds(&ws));
    assert_eq!(mass[0].day, "2019-05-02");
    assert_eq!(mass[0].figures["killed"], 64.0);
}

#[test]
fn a_group_seen_for_the_first_time_after_the_warmup_is_a_new_actor() {
    let mut h = History::new();
    established_in_iraq(&mut h, 10);
    let d = day("2019-01-02", 70);
    h.report(9, &d, Some(&d), "SY", Some(("newcomers", Status::Claimed)), Some(1));
    let ws = replay(h.sorted(), &Config::default(), &PlainNames, None, None);
    let actors: Vec<&Warning> = ws.iter().filter(|w| w.kind == Kind::NewActor).collect();
    assert_eq!(actors.len(), 1, "{:#?}", kinds(&ws));
    assert_eq!(actors[0].subject.key, "group:newcomers");
}

#[test]
fn replay_has_no_look_ahead() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    let first = day("2019-01-02", 80);
    h.report(1, &first, Some(&first), "TR", Some(("isx", Status::Claimed)), Some(5));
    let sorted = h.sorted().to_vec();
    let all = replay(&sorted, &Config::default(), &PlainNames, None, None);
    // Stopping the day before the attack: nothing about it yet.
    let before: Date = day(&first, -1).parse().unwrap();
    let early = replay(&sorted, &Config::default(), &PlainNames, None, Some(before));
    assert!(early.iter().all(|w| w.day.as_str() < first.as_str()));
    // What was raised by then is exactly what the full replay raised by then.
    let prefix: Vec<&Warning> =
        all.iter().filter(|w| w.day.as_str() <= before.to_string().as_str()).collect();
    assert_eq!(prefix.len(), early.len());
    // `from` keeps only the warnings raised from that day on.
    let from: Date = first.parse().unwrap();
    let late = replay(&sorted, &Config::default(), &PlainNames, Some(from), None);
    assert!(late.iter().any(|w| w.kind == Kind::NewGround));
    assert!(late.iter().all(|w| w.day >= first));
}

/// The warnings of any period cut from one full replay are the warnings
/// of that period replayed on their own (what lets a server replay once
/// per change of the data).
#[test]
fn a_period_cut_from_the_full_replay_is_the_periods_replay() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    let first = day("2019-01-02", 80);
    h.report(1, &first, Some(&first), "TR", Some(("isx", Status::Claimed)), Some(5));
    h.report(2, &day(&first, 3), Some(&day(&first, 3)), "SO", None, Some(90));
    let sorted = h.sorted().to_vec();
    let config = Config::default();
    let all = Replayed::new(&sorted, &config, &PlainNames, None).unwrap();
    assert!(all.warnings.len() >= 2, "{:?}", kinds(&all.warnings));
    let d = |s: &str| Some(s.parse::<Date>().unwrap());
    let periods = [
        (None, None, 14),
        (None, None, 1),
        (None, None, 3650),
        (d(&first), None, 14),
        (None, d(&first), 3650),
        (d("2019-01-01"), d(&day(&first, 2)), 14),
        (d(&day(&first, 1)), d(&day(&first, 1)), 14),
        (d("2030-01-01"), None, 14),
    ];
    for (since, until, days) in periods {
        let alone = warnings(&sorted, &config, &PlainNames, since, until, days);
        assert_eq!(
            kinds(&all.period(since, until, days)),
            kinds(&alone),
            "{since:?} {until:?} {days}"
        );
    }
}

/// A replay whose deadline has passed stops with `TooSlow` instead of
/// working on; without a deadline the same replay finishes.
#[test]
fn a_replay_past_its_deadline_stops() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    let now = Some(std::time::Instant::now());
    let r = Replayed::new(h.sorted(), &Config::default(), &PlainNames, now);
    assert!(matches!(r, Err(WatchError::TooSlow { of: 12, .. })), "{r:?}");
    assert!(Replayed::new(h.sorted(), &Config::default(), &PlainNames, None).is_ok());
}

#[test]
fn rules_can_be_switched_off_in_the_config() {
    let mut h = History::new();
    h.report(7, "2019-05-01", Some("2019-05-01"), "SO", None, Some(300));
    let off = Config::parse("off.toml", "[mass_casualty]\nenabled = false\n").unwrap();
    assert!(replay(h.sorted(), &off, &PlainNames, None, None).is_empty());
}

#[test]
fn messages_use_an_before_a_vowel() {
    let mut h = History::new();
    h.report(7, "2019-05-01", Some("2019-05-01"), "SO", None, Some(64));
    let mut rows = h.sorted().to_vec();
    rows[0].event_type = EventType::ArmedClash;
    let ws = replay(&rows, &Config::default(), &PlainNames, None, None);
    let mass = ws.iter().find(|w| w.kind == Kind::MassCasualty).expect("a mass casualty");
    assert!(mass.message_en.contains("an armed clash in"), "{}", mass.message_en);
    assert!(!mass.message_en.contains("a armed"), "{}", mass.message_en);
}

#[test]
fn coverage_says_why_a_short_history_raises_nothing() {
    let mut h = History::new();
    established_in_iraq(&mut h, 3);
    let c = rasd_watch::coverage(h.sorted(), &Config::default());
    assert_eq!((c.first_day.as_deref(), c.days), (Some("2019-01-02"), 14));
    let why = c.explain().expect("too short to warn");
    assert!(why.contains("14 days") && why.contains("45 days"), "{why}");
    let mut long = History::new();
    established_in_iraq(&mut long, 12);
    assert_eq!(rasd_watch::coverage(long.sorted(), &Config::default()).explain(), None);
    assert!(rasd_watch::coverage(&[], &Config::default()).explain().is_some());
}

#[test]
fn the_last_period_label_fits_in_the_picture() {
    use rasd_watch::trends::{Period, Series, Trends};
    let labels: Vec<String> = (1..=12).map(|w| format!("2018-W{w:02}")).collect();
    let t = Trends {
        period: Period::Week,
        starts: labels.clone(),
        labels: labels.clone(),
        series: vec![Series {
            key: "k".into(),
            name: "all".into(),
            name_ar: String::new(),
            incidents: (1..=12).collect(),
            killed: vec![0; 12],
        }],
    };
    let svg = rasd_watch::plot::svg(&t, &[], "t").unwrap();
    // The label's <text> is centred on its x; at 13px a character is at
    // most 9px wide.
    let at = svg.find("2018-W12").expect("the last label is drawn");
    let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
    let x: f64 = tag.split("x=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!(x + 8.0 * 9.0 / 2.0 <= 1200.0, "the label at x={x} runs past the edge: {tag}");
}
