//! Warnings on small hand-written histories where the right answer is
//! known.

use jiff::civil::Date;
use rasd_core::{EventType, Status};
use rasd_store::{CoverageRow, GroupTie, Sighting};
use rasd_watch::{Archive, Config, Kind, PlainNames, Replayed, Severity, Warning, WatchError};

/// The replay without article counts: every week is covered.
fn replay(
    s: &[Sighting],
    c: &Config,
    n: &PlainNames,
    from: Option<Date>,
    to: Option<Date>,
) -> Vec<Warning> {
    rasd_watch::replay(s, &Archive::default(), c, n, from, to)
}

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
            admin1: None,
            coordinates: None,
            event_type: EventType::Bombing,
            killed,
            injured: None,
            groups: group
                .map(|(g, s)| GroupTie { key: format!("group:{g}"), name: g.into(), status: s })
                .into_iter()
                .collect(),
            doc_id: 10_000 + self.next_event,
            source: Some("wakala".into()),
            history: false,
            killed_running_total: false,
            killed_recalled: false,
            killed_battle_total: false,
            title: Some("مقتل العشرات في هجوم".into()),
        });
        self.next_event += 1;
        self
    }

    /// The last report written.
    fn last(&mut self) -> &mut Sighting {
        self.rows.last_mut().expect("a report")
    }

    fn sorted(&mut self) -> &[Sighting] {
        self.rows.sort_by(|a, b| (&a.published, a.event_id).cmp(&(&b.published, b.event_id)));
        &self.rows
    }

    /// The warnings of the whole history under the default rules.
    fn warnings(&mut self) -> Vec<Warning> {
        replay(self.sorted(), &Config::default(), &PlainNames, None, None)
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

/// The group's attacks in Iraq from the 13th week (27 March): one a day
/// for `days` days, each with `killed` dead (incidents 500 on).
fn daily_attacks(h: &mut History, days: i64, killed: u32) {
    for k in 0..days {
        let d = day("2019-03-27", k);
        h.report(500 + k, &d, Some(&d), "IQ", Some(("isx", Status::Claimed)), Some(killed));
    }
}

/// Twelve quiet weeks of the group in Iraq, then four small attacks (9
/// killed each) in week 13: the set-up of the surge-in-deaths tests.
fn quiet_then_four_attacks() -> History {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    daily_attacks(&mut h, 4, 9);
    h
}

/// No state of any surge in deaths counts `limit` killed or more.
fn surge_deaths_below(ws: &[Warning], limit: f64) {
    for w in ws.iter().filter(|w| w.kind == Kind::SurgeKilled) {
        for s in &w.states {
            assert!(s.figures["killed"] < limit, "{}", s.message_en);
        }
    }
}

/// The warnings of a kind about a subject: its own, or another subject's
/// warning of the same episode that names it.
fn about<'a>(ws: &'a [Warning], kind: Kind, key: &str) -> Vec<&'a Warning> {
    ws.iter()
        .filter(|w| w.kind == kind)
        .filter(|w| w.subject.key == key || w.also.iter().any(|a| a.key == key))
        .collect()
}

/// The mass casualties, one per episode as it stands: the warnings, and
/// the unconfirmed leads not promoted to one.
fn mass_of(ws: &[Warning]) -> Vec<&Warning> {
    ws.iter()
        .filter(|w| {
            w.kind == Kind::MassCasualty
                || (w.kind == Kind::MassCasualtyLead && w.promoted.is_none())
        })
        .collect()
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
    let ws = h.warnings();
    let ground: Vec<&Warning> = ws.iter().filter(|w| w.kind == Kind::NewGround).collect();
    assert_eq!(ground.len(), 1, "{:#?}", kinds(&ws));
    assert_eq!(ground[0].country.as_deref(), Some("TR"));
    assert_eq!(ground[0].day, first);
    assert_eq!(ground[0].incidents, [1]);
    assert!(ground[0].message_en.contains("first incident in TR"), "{}", ground[0].message_en);
    assert!(!ground[0].message_ar.is_empty());
    // rasd's records start in January: they do not reach back the year
    // the rule looks back, and the warning says so, at lower severity.
    assert!(
        ground[0].message_en.contains("in rasd's records since 2019-01-02"),
        "{}",
        ground[0].message_en
    );
    assert_eq!(ground[0].severity, Severity::Medium);
}

/// Names that know where a group operates, as the lexicon does.
struct KnownIn(&'static [&'static str]);

impl rasd_watch::Names for KnownIn {
    fn group(&self, _key: &str, name: &str) -> (String, String) {
        (name.to_string(), name.to_string())
    }

    fn country(&self, code: &str) -> (String, String) {
        (code.to_string(), code.to_string())
    }

    fn group_countries(&self, _key: &str) -> Vec<String> {
        self.0.iter().map(|c| c.to_string()).collect()
    }
}

#[test]
fn where_the_records_are_short_a_country_the_group_is_known_in_is_not_new_ground() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    let first = day("2019-01-02", 80);
    h.report(1, &first, Some(&first), "TR", Some(("isx", Status::Claimed)), Some(5));
    let rows = h.sorted().to_vec();
    let ground = |names: &dyn rasd_watch::Names, c: &Config| {
        rasd_watch::replay(&rows, &Archive::default(), c, names, None, None)
            .into_iter()
            .filter(|w| w.kind == Kind::NewGround)
            .count()
    };
    // rasd's records reach back 80 days of the 365 looked back: the lexicon
    // knows the group in Turkey, so its attack there is not new ground.
    assert_eq!(ground(&KnownIn(&["IQ", "TR"]), &Config::default()), 0);
    assert_eq!(ground(&KnownIn(&["IQ"]), &Config::default()), 1);
    // With the whole look-back in the records, the records decide.
    let short = Config::parse("short.toml", "[new_ground]\nlookback_days = 60\n").unwrap();
    assert_eq!(ground(&KnownIn(&["IQ", "TR"]), &short), 1);
}

#[test]
fn new_ground_with_the_whole_lookback_in_the_records_is_asserted() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    let first = day("2019-01-02", 80);
    h.report(1, &first, Some(&first), "TR", Some(("isx", Status::Claimed)), Some(5));
    let short = Config::parse("short.toml", "[new_ground]\nlookback_days = 60\n").unwrap();
    let ws = replay(h.sorted(), &short, &PlainNames, None, None);
    let ground = ws.iter().find(|w| w.kind == Kind::NewGround).expect("new ground");
    assert!(ground.message_en.contains("in the 60 days rasd looks back"), "{}", ground.message_en);
    assert!(!ground.message_en.contains("records since"), "{}", ground.message_en);
    assert_eq!(ground.severity, Severity::High);
}

#[test]
fn an_earlier_attack_told_in_the_same_or_a_linked_article_cancels_new_ground() {
    let short = Config::parse("short.toml", "[new_ground]\nlookback_days = 60\n").unwrap();
    let first = day("2019-01-02", 80);
    // The article itself recalls the group's 2017 bombing in Turkey.
    let mut same = History::new();
    established_in_iraq(&mut same, 12);
    same.report(1, &first, Some(&first), "TR", Some(("isx", Status::Claimed)), Some(5));
    let doc = same.last().doc_id;
    same.report(900, &first, Some("2017-06"), "TR", Some(("isx", Status::Attributed)), Some(12));
    same.last().doc_id = doc;
    same.last().main = false;
    same.last().history = true;
    let ws = replay(same.sorted(), &short, &PlainNames, None, None);
    assert!(ws.iter().all(|w| w.kind != Kind::NewGround), "{:#?}", kinds(&ws));
    // Another report of the same attack, a day later, recalls it.
    let mut linked = History::new();
    established_in_iraq(&mut linked, 12);
    linked.report(1, &first, Some(&first), "TR", Some(("isx", Status::Attributed)), Some(5));
    let next = day(&first, 1);
    linked.report(1, &next, Some(&first), "TR", Some(("isx", Status::Attributed)), Some(5));
    let doc = linked.last().doc_id;
    linked.report(901, &next, Some("2018-08-14"), "TR", Some(("isx", Status::Claimed)), None);
    linked.last().doc_id = doc;
    linked.last().history = true;
    let ws = replay(linked.sorted(), &short, &PlainNames, None, None);
    assert!(ws.iter().all(|w| w.kind != Kind::NewGround), "{:#?}", kinds(&ws));
    // Without the recalled attack, the same reports raise it.
    let mut plain = History::new();
    established_in_iraq(&mut plain, 12);
    plain.report(1, &first, Some(&first), "TR", Some(("isx", Status::Attributed)), Some(5));
    plain.report(1, &next, Some(&first), "TR", Some(("isx", Status::Attributed)), Some(5));
    let ws = replay(plain.sorted(), &short, &PlainNames, None, None);
    assert!(ws.iter().any(|w| w.kind == Kind::NewGround), "{:#?}", kinds(&ws));
}

/// Articles per day: `per_day` every day from `from` for `n` days, with
/// `thin` per day in the days given.
fn articles(from: &str, n: i64, per_day: u64, thin: &[(i64, i64, u64)]) -> Vec<CoverageRow> {
    (0..n)
        .map(|i| {
            let a = thin.iter().find(|t| i >= t.0 && i < t.1).map_or(per_day, |t| t.2);
            CoverageRow {
                day: day(from, i),
                source: Some("wakala".into()),
                country: None,
                articles: a,
            }
        })
        .collect()
}

/// Four incidents a week in Yemen for sixteen weeks; then six weeks in
/// which the archive holds a tenth of its articles and no incident; then a
/// week of `last` incidents.
fn thin_archive(last: i64) -> (History, Archive) {
    let mut h = History::new();
    let start = "2019-01-02";
    let mut id = 1;
    for w in 0..23 {
        if (16..22).contains(&w) {
            continue;
        }
        let n = if w == 22 { last } else { 4 };
        for k in 0..n {
            let d = day(start, 7 * w + k % 7);
            h.report(id, &d, Some(&d), "YE", None, None);
            h.last().place = Some(format!("town {id}"));
            id += 1;
        }
    }
    (h, Archive::new(&articles(start, 7 * 23, 140, &[(7 * 16, 7 * 22, 14)])))
}

#[test]
fn a_gap_in_the_archive_is_skipped_by_the_baseline() {
    let c = Config::default();
    // Eight incidents after the gap: a return to normal, not a surge.
    let (mut h, archive) = thin_archive(8);
    let ws = rasd_watch::replay(h.sorted(), &archive, &c, &PlainNames, None, None);
    assert!(ws.iter().all(|w| w.kind != Kind::SurgeIncidents), "{:#?}", kinds(&ws));
    // Read without the article counts, the thin weeks look quiet and the
    // same week is a "surge".
    let blind = rasd_watch::replay(h.sorted(), &Archive::default(), &c, &PlainNames, None, None);
    assert!(blind.iter().any(|w| w.kind == Kind::SurgeIncidents), "{:#?}", kinds(&blind));
    // Sixteen: a surge against the covered weeks, saying which it skipped.
    let (mut h, archive) = thin_archive(16);
    let ws = rasd_watch::replay(h.sorted(), &archive, &c, &PlainNames, None, None);
    let surge = ws.iter().find(|w| w.kind == Kind::SurgeIncidents).expect("a surge");
    assert_eq!(surge.figures["weeks_skipped_thin"], 6.0, "{:?}", surge.figures);
    assert_eq!(surge.figures["baseline_weeks"], 8.0, "{:?}", surge.figures);
    assert_eq!(surge.gaps.len(), 6);
    assert!(
        surge.message_en.contains("thin week(s) of the archive left out"),
        "{}",
        surge.message_en
    );
    assert!(surge.gap_note().is_some());
    // The list of warnings can say where the archive is thin.
    let cov = rasd_watch::coverage(h.sorted(), &archive, &c);
    assert!(!cov.gaps.is_empty(), "{cov:#?}");
    assert!(cov.gaps.iter().all(|g| g.from.as_str() >= day("2019-01-02", 7 * 16 - 6).as_str()));
    assert!(cov.gaps.iter().any(|g| g.articles < g.normal / 2), "{cov:#?}");
}

#[test]
fn a_surge_that_goes_on_for_weeks_is_one_warning_updated() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    // Weeks 13 to 15: seven, then ten, then fourteen incidents, in other
    // towns, on two days a week.
    for (w, n) in [(0, 7), (1, 10), (2, 14)] {
        for k in 0..n {
            let d = day("2019-03-27", 7 * w + k % 2);
            h.report(500 + 100 * w + k, &d, Some(&d), "IQ", Some(("isx", Status::Claimed)), None);
            h.last().place = Some(format!("town {w}{k}"));
        }
    }
    let sorted = h.sorted().to_vec();
    let ws = replay(&sorted, &Config::default(), &PlainNames, None, None);
    // The group and its country surge on the same incidents: one warning.
    let group = about(&ws, Kind::SurgeIncidents, "group:isx");
    assert_eq!(group.len(), 1, "{:#?}", kinds(&ws));
    assert_eq!(ws.iter().filter(|w| w.kind == Kind::SurgeIncidents).count(), 1);
    let w = group[0];
    assert!(w.states.len() > 1, "{:#?}", w.states);
    assert!(w.updated.as_deref().is_some_and(|u| u >= day("2019-03-27", 14).as_str()));
    assert!(w.incidents.contains(&500) && w.incidents.contains(&713), "{:?}", w.incidents);
    assert!(w.states.iter().skip(1).all(|s| !s.raised), "updated, not raised again");
    assert!(w.message_en.contains("Continuing since"), "{}", w.message_en);
    // As it stood on its first day: the first state only.
    let first = w.as_of(&w.day).unwrap();
    assert_eq!(first.states.len(), 1);
    assert!(first.incidents.len() < w.incidents.len());
}

#[test]
fn split_reports_of_one_attack_are_one_mass_casualty() {
    let mut h = History::new();
    // Three incidents of one air strike (linking split them by toll and
    // type), on one day in one town.
    h.report(7, "2019-05-01", Some("2019-05-01"), "YE", None, Some(60));
    h.last().event_type = EventType::AirStrike;
    h.report(8, "2019-05-01", Some("2019-05-01"), "YE", None, Some(55));
    h.last().event_type = EventType::AirStrike;
    h.last().source = Some("sahifa".into());
    h.report(9, "2019-05-02", Some("2019-05-01"), "YE", None, Some(61));
    h.last().event_type = EventType::Shelling;
    let ws = h.warnings();
    let mass: Vec<&Warning> = mass_of(&ws);
    assert_eq!(mass.len(), 1, "{:#?}", kinds(&ws));
    assert_eq!(mass[0].incidents, [7, 8, 9]);
    assert_eq!(mass[0].figures["killed"], 61.0);
    // Confirmed the day it was raised: a warning from the start, no lead.
    assert!(ws.iter().all(|w| w.kind != Kind::MassCasualtyLead), "{:#?}", kinds(&ws));
    assert!(mass[0].id.starts_with("mass_casualty:"), "{}", mass[0].id);
    // Confirmed on the first day (two outlets); neither a higher threshold
    // nor a confirmation came after: updated quietly since.
    assert_eq!(mass[0].confirmed, Some(true));
    assert!(
        mass[0].states.iter().filter(|s| s.day.as_str() > "2019-05-01").all(|s| !s.raised),
        "{:#?}",
        mass[0].states
    );
    // A reaction piece two days later, undated, placed in the capital,
    // repeats the toll: the same episode, not a new warning.
    h.report(11, "2019-05-03", None, "YE", None, Some(61));
    h.last().event_type = EventType::AirStrike;
    h.last().place = Some("the capital".into());
    let ws = h.warnings();
    let mass: Vec<&Warning> = mass_of(&ws);
    assert_eq!(mass.len(), 1, "{:#?}", kinds(&ws));
    assert_eq!(mass[0].incidents, [7, 8, 9, 11]);
    // A bombing elsewhere in the country that day is another incident.
    h.report(10, "2019-05-01", Some("2019-05-01"), "YE", None, Some(70));
    h.last().place = Some("another town".into());
    let ws = h.warnings();
    assert_eq!(mass_of(&ws).len(), 2, "{:#?}", kinds(&ws));
}

/// One incident of 1 May told by two outlets with 60 and 62 killed: a
/// confirmed mass casualty.
fn two_outlets_at_62() -> History {
    let mut h = History::new();
    h.report(7, "2019-05-01", Some("2019-05-01"), "YE", None, Some(60));
    h.report(7, "2019-05-01", Some("2019-05-01"), "YE", None, Some(62));
    h.last().source = Some("sahifa".into());
    h
}

#[test]
fn a_mass_casualty_whose_toll_falls_below_the_threshold_says_so() {
    let mut h = two_outlets_at_62();
    // The next day's report gives the incident's toll as 20.
    h.report(7, "2019-05-02", Some("2019-05-01"), "YE", None, Some(20));
    let ws = h.warnings();
    let mass: Vec<&Warning> = mass_of(&ws);
    assert_eq!(mass.len(), 1, "{:#?}", kinds(&ws));
    let w = mass[0];
    assert_eq!(w.figures["killed"], 20.0);
    assert!(w.message_en.contains("below the threshold"), "{}", w.message_en);
    assert!(!w.message_en.contains("at or above"), "{}", w.message_en);
    assert!(w.message_ar.contains("دون عتبة"), "{}", w.message_ar);
    assert_eq!(w.severity, Severity::Low);
    let last = w.states.last().unwrap();
    assert!(!last.raised, "{:#?}", w.states);
    // As it stood on its first day, it was raised at the threshold.
    let first = w.as_of("2019-05-01").unwrap();
    assert!(first.message_en.contains("at or above"), "{}", first.message_en);
}

#[test]
fn a_smaller_toll_of_a_following_day_does_not_revise_a_mass_casualty() {
    let mut h = two_outlets_at_62();
    // The next day's report of the next day's raids, linked to it.
    h.report(7, "2019-05-02", Some("2019-05-02"), "YE", None, Some(20));
    h.last().source = Some("qanat".into());
    let ws = h.warnings();
    let mass: Vec<&Warning> = mass_of(&ws);
    assert_eq!(mass.len(), 1, "{:#?}", kinds(&ws));
    let w = mass[0];
    assert_eq!(w.figures["killed"], 62.0);
    assert!(w.message_en.contains("at or above"), "{}", w.message_en);
    assert_eq!(w.severity, Severity::High);
    // A smaller figure for the incident's own day still revises it.
    h.report(7, "2019-05-03", Some("2019-05-01"), "YE", None, Some(25));
    let ws = h.warnings();
    let w = mass_of(&ws)[0];
    assert_eq!(w.figures["killed"], 25.0);
    assert!(w.message_en.contains("below the threshold"), "{}", w.message_en);
}

/// A recap days later that dates the attack by its month ("الأسبوع
/// الماضي") and gives a partial figure revises nothing; a higher figure
/// it gives still counts.
#[test]
fn a_recap_dated_by_its_month_does_not_revise_a_mass_casualty() {
    let mut h = two_outlets_at_62();
    h.report(7, "2019-05-05", Some("2019-05"), "YE", None, Some(30));
    let ws = h.warnings();
    let w = mass_of(&ws)[0];
    assert_eq!(w.figures["killed"], 62.0, "{}", w.message_en);
    assert!(w.message_en.contains("at or above"), "{}", w.message_en);
    h.report(7, "2019-05-06", Some("2019-05"), "YE", None, Some(70));
    let ws = h.warnings();
    assert_eq!(mass_of(&ws)[0].figures["killed"], 70.0);
}

/// A war's days chain attacks whose tolls are alike, each a few days from
/// the last; an attack told more than `same_attack_days` after a warning's
/// day is no part of it (only a piece repeating its very toll may come
/// later) and raises its own.
#[test]
fn an_attack_a_week_after_a_mass_casualty_is_its_own() {
    let mut h = History::new();
    h.report(1, "2019-03-07", Some("2019-03-07"), "SY", None, Some(62));
    h.last().place = Some("Damascus".into());
    h.report(1, "2019-03-07", Some("2019-03-07"), "SY", None, Some(62));
    (h.last().place, h.last().source) = (Some("Damascus".into()), Some("sahifa".into()));
    // A piece repeating the toll six days later, and an attack in a town
    // nearby two days after that piece, its toll alike.
    h.report(2, "2019-03-13", Some("2019-03-13"), "SY", None, Some(62));
    h.last().place = Some("Damascus".into());
    for source in ["wakala", "sahifa"] {
        h.report(3, "2019-03-15", Some("2019-03-15"), "SY", None, Some(60));
        (h.last().place, h.last().source) = (Some("Kafr Batna".into()), Some(source.into()));
    }
    let ws = h.warnings();
    let mass = mass_of(&ws);
    assert_eq!(mass.len(), 2, "{:#?}", kinds(&ws));
    assert!(mass.iter().any(|w| w.incidents == [3]), "{:#?}", kinds(&ws));
}

#[test]
fn a_mass_casualty_names_the_day_its_toll_is_told_for() {
    // Kafr Batna's shape: two outlets give 80 for the 16th, and a last
    // report of the same day's publication gives the 17th's 30 (the next
    // day's raids, joined by linking's day of tolerance).
    let mut h = History::new();
    h.report(7, "2019-03-16", Some("2019-03-16"), "SY", None, Some(31));
    h.report(7, "2019-03-17", Some("2019-03-16"), "SY", None, Some(80));
    h.last().source = Some("sahifa".into());
    h.report(7, "2019-03-17", Some("2019-03-16"), "SY", None, Some(80));
    h.report(7, "2019-03-17", Some("2019-03-17"), "SY", None, Some(30));
    h.last().source = Some("qanat".into());
    let ws = h.warnings();
    let mass = mass_of(&ws);
    assert_eq!(mass.len(), 1, "{:#?}", kinds(&ws));
    let w = mass[0];
    assert_eq!(w.figures["killed"], 80.0);
    assert!(w.message_en.contains("on 2019-03-16"), "{}", w.message_en);
    assert!(w.message_ar.contains("2019-03-16"), "{}", w.message_ar);
    assert!(!w.message_en.contains("2019-03-17"), "{}", w.message_en);
    // The 80 is not the latest report's (that is the 17th's 30).
    assert!(w.message_en.contains("by the latest report of that day"), "{}", w.message_en);
}

#[test]
fn a_lead_is_not_confirmed_by_a_figure_told_weeks_later() {
    let mut h = History::new();
    h.report(7, "2019-03-07", Some("2019-03-05"), "SY", None, Some(68));
    // Another outlet's figure for the incident, seventeen days after the
    // lead was raised: no news any more.
    h.report(7, "2019-03-24", Some("2019-03-05"), "SY", None, Some(62));
    h.last().source = Some("sahifa".into());
    let ws = h.warnings();
    assert!(ws.iter().all(|w| w.kind != Kind::MassCasualty), "{:#?}", kinds(&ws));
    let lead: Vec<&Warning> = ws.iter().filter(|w| w.kind == Kind::MassCasualtyLead).collect();
    assert_eq!(lead.len(), 1, "{:#?}", kinds(&ws));
    assert_eq!(lead[0].confirmed, Some(false));
    // Within the days it is news, the same figure confirms it.
    let mut h = History::new();
    h.report(7, "2019-03-07", Some("2019-03-05"), "SY", None, Some(68));
    h.report(7, "2019-03-10", Some("2019-03-05"), "SY", None, Some(62));
    h.last().source = Some("sahifa".into());
    let ws = h.warnings();
    assert_eq!(mass_of(&ws).len(), 1, "{:#?}", kinds(&ws));
}

#[test]
fn a_small_toll_told_alike_elsewhere_gathers_no_incident_into_a_lead() {
    // A lead in one town (68), a smaller shelling of the next day there
    // (7); then a clash in another town of the country, first told with 7
    // dead, later with 150. Seven dead told twice in a week of war is no
    // sign of one attack: the clash does not join the lead, whose figure
    // stays 68.
    let mut h = History::new();
    h.report(1, "2019-03-07", Some("2019-03-05"), "SY", None, Some(68));
    h.last().place = Some("Douma".into());
    h.last().event_type = EventType::Shelling;
    h.report(2, "2019-03-08", Some("2019-03-06"), "SY", None, Some(7));
    h.last().place = Some("Douma".into());
    h.last().event_type = EventType::Shelling;
    h.report(3, "2019-03-09", Some("2019-03-08"), "SY", None, Some(7));
    h.last().place = Some("Afrin".into());
    h.last().event_type = EventType::ArmedClash;
    h.report(3, "2019-03-10", Some("2019-03-08"), "SY", None, Some(150));
    h.last().place = Some("Afrin".into());
    h.last().event_type = EventType::ArmedClash;
    let ws = h.warnings();
    let lead = ws
        .iter()
        .find(|w| w.kind == Kind::MassCasualtyLead && w.incidents.contains(&1))
        .expect("the lead of the first incident");
    assert_eq!(lead.figures.get("killed"), Some(&68.0), "{lead:#?}");
    assert!(!lead.incidents.contains(&3), "{lead:#?}");
}

#[test]
fn a_running_total_raises_no_mass_casualty() {
    let mut h = History::new();
    h.report(7, "2019-05-01", Some("2019-05-01"), "SO", None, Some(150));
    h.last().killed_running_total = true;
    h.report(7, "2019-05-02", Some("2019-05-01"), "SO", None, Some(150));
    h.last().killed_running_total = true;
    h.last().source = Some("sahifa".into());
    let ws = h.warnings();
    assert!(mass_of(&ws).is_empty(), "{:#?}", kinds(&ws));
}

/// One report for the mass-casualty cases: incident, published, the
/// event's date, country, place, type, killed, whether it is its
/// article's headline event, outlet, and a mark on the toll ("battle", "running",
/// "recalled" or "").
type Report = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    EventType,
    u32,
    bool,
    &'static str,
    &'static str,
);

/// Each case: what it shows, its reports, and how many mass-casualty
/// warnings it raises.
const MASS_CASES: &[(&str, &[Report], usize)] = &[
    (
        "a toll recalled from an earlier attack raises nothing",
        &[(
            1,
            "2019-05-01",
            "2019-05-01",
            "SO",
            Some("Mogadishu"),
            EventType::Bombing,
            150,
            true,
            "wakala",
            "recalled",
        )],
        0,
    ),
    (
        "a running total raises nothing",
        &[(
            1,
            "2019-05-01",
            "2019-05-01",
            "YE",
            Some("Hodeidah"),
            EventType::ArmedClash,
            390,
            true,
            "wakala",
            "running",
        )],
        0,
    ),
    (
        "a battle report's total raises nothing, even from two outlets",
        &[
            (
                1,
                "2019-05-01",
                "2019-05-01",
                "YE",
                Some("Hodeidah"),
                EventType::ArmedClash,
                96,
                true,
                "wakala",
                "battle",
            ),
            (
                1,
                "2019-05-01",
                "2019-05-01",
                "YE",
                Some("Hodeidah"),
                EventType::ArmedClash,
                96,
                true,
                "sahifa",
                "battle",
            ),
        ],
        0,
    ),
    (
        "a figure in one article's background raises nothing",
        &[(
            1,
            "2019-05-01",
            "2019-05-01",
            "AF",
            Some("Kabul"),
            EventType::SuicideBombing,
            60,
            false,
            "wakala",
            "",
        )],
        0,
    ),
    (
        "told in the background of two articles, it is news",
        &[
            (
                1,
                "2019-05-01",
                "2019-05-01",
                "AF",
                Some("Kabul"),
                EventType::SuicideBombing,
                60,
                false,
                "wakala",
                "",
            ),
            (
                1,
                "2019-05-02",
                "2019-05-01",
                "AF",
                Some("Kabul"),
                EventType::SuicideBombing,
                60,
                false,
                "sahifa",
                "",
            ),
        ],
        1,
    ),
    (
        "a toll with no method named (a fire, a storm) raises nothing",
        &[(
            1,
            "2019-05-01",
            "2019-05-01",
            "IN",
            Some("Agra"),
            EventType::Attack,
            77,
            true,
            "wakala",
            "",
        )],
        0,
    ),
    (
        "a campaign's toll given for one air strike raises nothing",
        &[(
            1,
            "2019-05-01",
            "2019-05-01",
            "SY",
            Some("Douma"),
            EventType::AirStrike,
            400,
            true,
            "wakala",
            "",
        )],
        0,
    ),
    (
        "the same figure for a bombing can be one attack's",
        &[(
            1,
            "2019-05-01",
            "2019-05-01",
            "SO",
            Some("Mogadishu"),
            EventType::Bombing,
            400,
            true,
            "wakala",
            "",
        )],
        1,
    ),
    (
        "a war's toll raises nothing, however many outlets give it",
        &[
            (
                1,
                "2019-05-01",
                "2019-05-01",
                "YE",
                Some("Sanaa"),
                EventType::ArmedClash,
                10000,
                true,
                "wakala",
                "",
            ),
            (
                1,
                "2019-05-01",
                "2019-05-01",
                "YE",
                Some("Sanaa"),
                EventType::ArmedClash,
                10000,
                true,
                "sahifa",
                "",
            ),
        ],
        0,
    ),
    (
        "a headline massacre placed only in its country is raised",
        &[(
            1,
            "2019-06-24",
            "2019-06-24",
            "NG",
            None,
            EventType::ArmedClash,
            86,
            true,
            "wakala",
            "",
        )],
        1,
    ),
    (
        "one attack placed apart by two outlets, with one toll, is one warning",
        &[
            (
                1,
                "2019-05-14",
                "2019-05-14",
                "PS",
                Some("Gaza"),
                EventType::ArmedAssault,
                60,
                true,
                "wakala",
                "",
            ),
            (
                2,
                "2019-05-14",
                "2019-05-14",
                "IL",
                Some("Tel Aviv"),
                EventType::ArmedClash,
                60,
                true,
                "sahifa",
                "",
            ),
        ],
        1,
    ),
    (
        "a reaction piece days later, dated by the reaction, repeats the toll",
        &[
            (
                1,
                "2019-05-14",
                "2019-05-14",
                "PS",
                Some("Gaza"),
                EventType::ArmedAssault,
                60,
                true,
                "wakala",
                "",
            ),
            (
                2,
                "2019-05-18",
                "2019-05-18",
                "PS",
                Some("Gaza City"),
                EventType::ArmedClash,
                60,
                true,
                "sahifa",
                "",
            ),
        ],
        1,
    ),
    (
        "two outlets' toll stands when a last report gives the next day's smaller one",
        &[
            (
                1,
                "2019-03-17",
                "2019-03-16",
                "SY",
                Some("Eastern Ghouta"),
                EventType::AirStrike,
                80,
                true,
                "wakala",
                "",
            ),
            (
                1,
                "2019-03-17",
                "2019-03-16",
                "SY",
                Some("Harasta"),
                EventType::AirStrike,
                80,
                true,
                "sahifa",
                "",
            ),
            (
                1,
                "2019-03-17",
                "2019-03-17",
                "SY",
                Some("Eastern Ghouta"),
                EventType::AirStrike,
                30,
                true,
                "qanat",
                "",
            ),
        ],
        1,
    ),
];

#[test]
fn a_mass_casualty_rests_on_an_incidents_own_toll_told_as_news() {
    for (what, reports, want) in MASS_CASES {
        let mut h = History::new();
        for &(inc, published, date, country, place, ty, killed, main, source, mark) in *reports {
            h.report(inc, published, Some(date), country, None, Some(killed));
            let r = h.last();
            r.place = place.map(str::to_string);
            r.event_type = ty;
            r.main = main;
            r.source = Some(source.into());
            r.killed_running_total = mark == "running";
            r.killed_recalled = mark == "recalled";
            r.killed_battle_total = mark == "battle";
        }
        let ws = h.warnings();
        let n = mass_of(&ws).len();
        assert_eq!(n, *want, "{what}: {:#?}", kinds(&ws));
    }
}

#[test]
fn one_report_alone_is_an_unconfirmed_lead_until_a_second_outlet_agrees() {
    let mut h = History::new();
    h.report(7, "2019-05-01", Some("2019-05-01"), "SO", None, Some(64));
    let alone = h.warnings();
    // Not a warning: a lead, at the lowest severity, that says so.
    assert!(alone.iter().all(|w| w.kind != Kind::MassCasualty), "{:#?}", kinds(&alone));
    let w = alone.iter().find(|w| w.kind == Kind::MassCasualtyLead).expect("a lead");
    assert_eq!(w.confirmed, Some(false));
    assert_eq!(w.severity, Severity::Low);
    assert!(w.message_en.contains("Unconfirmed lead"), "{}", w.message_en);
    assert!(w.message_ar.contains("غير مؤكدة"), "{}", w.message_ar);
    assert_eq!(w.promoted, None);
    // The same day, another outlet gives 58: a warning at once, no lead.
    h.report(7, "2019-05-01", Some("2019-05-01"), "SO", None, Some(58));
    h.last().source = Some("sahifa".into());
    let both = h.warnings();
    assert!(both.iter().all(|w| w.kind != Kind::MassCasualtyLead), "{:#?}", kinds(&both));
    let w = both.iter().find(|w| w.kind == Kind::MassCasualty).expect("raised");
    assert_eq!(w.confirmed, Some(true));
    assert_eq!(w.severity, Severity::High);
    assert!(!w.message_en.contains("nconfirmed"), "{}", w.message_en);
    // A second outlet below the threshold does not confirm it.
    let mut low = History::new();
    low.report(7, "2019-05-01", Some("2019-05-01"), "SO", None, Some(12));
    low.last().source = Some("sahifa".into());
    low.report(7, "2019-05-02", Some("2019-05-01"), "SO", None, Some(64));
    let ws = low.warnings();
    assert_eq!(kinds(&ws).iter().map(|k| k.0).collect::<Vec<_>>(), [Kind::MassCasualtyLead]);
    // A later report of the same outlet repeats its first: still a lead.
    low.report(7, "2019-05-03", Some("2019-05-01"), "SO", None, Some(66));
    let ws = low.warnings();
    assert_eq!(kinds(&ws).iter().map(|k| k.0).collect::<Vec<_>>(), [Kind::MassCasualtyLead]);
    // Another outlet agreeing promotes the lead: a warning is raised that
    // day, and the lead names it; as it stood before, the lead alone.
    low.report(7, "2019-05-04", Some("2019-05-01"), "SO", None, Some(70));
    low.last().source = Some("jarida".into());
    let ws = low.warnings();
    let lead = ws.iter().find(|w| w.kind == Kind::MassCasualtyLead).expect("the lead");
    let warning = ws.iter().find(|w| w.kind == Kind::MassCasualty).expect("promoted");
    assert_eq!(warning.day, "2019-05-04");
    assert_eq!(warning.confirmed, Some(true));
    assert_eq!(warning.incidents, [7]);
    assert_eq!(lead.promoted.as_deref(), Some(warning.id.as_str()));
    assert!(lead.message_en.starts_with("Unconfirmed lead confirmed"), "{}", lead.message_en);
    let before = lead.as_of("2019-05-03").unwrap();
    assert_eq!(before.promoted, None);
    assert!(before.message_en.contains("one report so far"), "{}", before.message_en);
}

#[test]
fn outlets_carrying_one_wire_paragraph_do_not_confirm_each_other() {
    // Three outlets give one figure in background text the same day (a
    // running toll quoted in pieces on something else): one report.
    let mut h = History::new();
    for (i, src) in ["wakala", "sahifa", "jarida"].into_iter().enumerate() {
        h.report(7, "2019-05-05", Some("2019-05-05"), "SO", None, Some(50));
        h.last().source = Some(src.into());
        h.last().main = false;
        h.last().doc_id = 20_000 + i as i64;
    }
    let ws = h.warnings();
    assert_eq!(kinds(&ws).iter().map(|k| k.0).collect::<Vec<_>>(), [Kind::MassCasualtyLead]);
    // So are outlets whose headline is about something else.
    let mut other = History::new();
    for (i, src) in ["wakala", "sahifa"].into_iter().enumerate() {
        other.report(7, "2019-05-05", Some("2019-05-05"), "SO", None, Some(50));
        other.last().source = Some(src.into());
        other.last().title = Some("المجلس يفشل في تمرير بيان".into());
        other.last().doc_id = 20_000 + i as i64;
    }
    let ws = other.warnings();
    assert!(ws.iter().all(|w| w.kind != Kind::MassCasualty), "{:#?}", kinds(&ws));
    // A second outlet telling it as its own news confirms it.
    h.report(7, "2019-05-06", Some("2019-05-05"), "SO", None, Some(52));
    h.last().source = Some("idhaa".into());
    let ws = h.warnings();
    assert!(ws.iter().any(|w| w.kind == Kind::MassCasualty), "{:#?}", kinds(&ws));
}

#[test]
fn a_suspicion_or_a_recalled_old_attack_is_not_new_ground() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    let d = day("2019-01-02", 80);
    h.report(1, &d, Some(&d), "JO", Some(("isx", Status::Suspected)), None);
    // A 2016 attack in Egypt, recalled in a 2019 article.
    h.report(2, &d, Some("2016-03-01"), "EG", Some(("isx", Status::Claimed)), Some(9));
    let ws = h.warnings();
    assert!(ws.iter().all(|w| w.kind != Kind::NewGround), "{:#?}", kinds(&ws));
}

#[test]
fn a_quiet_steady_history_raises_nothing() {
    let mut h = History::new();
    established_in_iraq(&mut h, 26);
    let ws = h.warnings();
    assert!(ws.is_empty(), "{:#?}", kinds(&ws));
}

#[test]
fn a_week_far_above_the_baseline_is_a_surge() {
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    // Week 13: seven incidents, 40 killed.
    daily_attacks(&mut h, 7, 6);
    let ws = h.warnings();
    let surges: Vec<&Warning> = ws.iter().filter(|w| w.kind == Kind::SurgeIncidents).collect();
    assert!(!surges.is_empty(), "{:#?}", kinds(&ws));
    // The country and the group surge on the same incidents: one episode,
    // one warning (the country's, tested first), which names the group.
    assert_eq!(surges.len(), 1, "{:#?}", kinds(&ws));
    let w = surges[0];
    assert_eq!(w.subject.key, "IQ");
    assert!(w.figures["p_value"] < 0.001, "{:?}", w.figures);
    assert!(w.incidents.len() >= 4);
    assert_eq!(w.also.iter().map(|a| a.key.as_str()).collect::<Vec<_>>(), ["group:isx"]);
    assert!(w.message_en.contains("The same episode involves isx"), "{}", w.message_en);
    assert_eq!(about(&ws, Kind::SurgeKilled, "group:isx").len(), 1, "{:#?}", kinds(&ws));
}

#[test]
fn a_toll_passing_the_threshold_is_raised_on_the_day_it_is_reported() {
    let mut h = History::new();
    h.report(7, "2019-05-01", Some("2019-05-01"), "SO", None, Some(30));
    h.report(7, "2019-05-02", Some("2019-05-01"), "SO", None, Some(64));
    h.report(7, "2019-05-03", Some("2019-05-01"), "SO", None, Some(120));
    h.last().source = Some("sahifa".into());
    let ws = h.warnings();
    let mass: Vec<&Warning> = mass_of(&ws);
    assert_eq!(mass.len(), 1, "{:#?}", kinds(&ws));
    // One report on the 2nd: a lead that day.
    let lead = about(&ws, Kind::MassCasualtyLead, "7");
    assert_eq!(lead.len(), 1, "{:#?}", kinds(&ws));
    assert_eq!(lead[0].day, "2019-05-02");
    assert_eq!(lead[0].states[0].figures["killed"], 64.0);
    // The next day another outlet agrees and passes 100: the
    // lead is promoted, and the warning raised that day is confirmed and
    // critical.
    assert_eq!(mass[0].kind, Kind::MassCasualty);
    assert_eq!(mass[0].day, "2019-05-03");
    assert_eq!(mass[0].figures["killed"], 120.0);
    assert_eq!(mass[0].confirmed, Some(true));
    assert_eq!(mass[0].severity, Severity::Critical);
    assert_eq!(mass[0].last_raised(), "2019-05-03");
}

#[test]
fn a_group_seen_for_the_first_time_after_the_warmup_is_a_new_actor() {
    let mut h = History::new();
    established_in_iraq(&mut h, 10);
    let d = day("2019-01-02", 70);
    h.report(9, &d, Some(&d), "SY", Some(("newcomers", Status::Claimed)), Some(1));
    let ws = h.warnings();
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
    // A surge that goes on over two weeks, and a toll that grows.
    for k in 0..14 {
        let d = day("2019-03-27", k);
        h.report(500 + k, &d, Some(&d), "IQ", Some(("isx", Status::Claimed)), Some(4));
        h.last().place = Some(format!("town {k}"));
    }
    h.report(7, "2019-04-01", Some("2019-04-01"), "SO", None, Some(64));
    h.report(7, "2019-04-03", Some("2019-04-01"), "SO", None, Some(130));
    let sorted = h.sorted().to_vec();
    let all = replay(&sorted, &Config::default(), &PlainNames, None, None);
    assert!(all.iter().any(|w| w.states.len() > 1), "some warning is updated: {:#?}", kinds(&all));
    // Stopping the replay on any day gives exactly the warnings raised by
    // then, each as it stood that day (its later updates not yet made).
    let mut d: Date = "2019-03-01".parse().unwrap();
    while d <= "2019-04-15".parse().unwrap() {
        let early = replay(&sorted, &Config::default(), &PlainNames, None, Some(d));
        let prefix: Vec<Warning> =
            all.iter().filter_map(|w| w.as_of(d.to_string().as_str())).collect();
        assert_eq!(early, prefix, "stopped on {d}");
        d = d.tomorrow().unwrap();
    }
    // `from` keeps the warnings raised or updated from that day on.
    let from: Date = first.parse().unwrap();
    let late = replay(&sorted, &Config::default(), &PlainNames, Some(from), None);
    assert!(late.iter().any(|w| w.kind == Kind::NewGround));
    assert!(late.iter().all(|w| w.states.iter().any(|s| s.day >= first)));
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
    let all = Replayed::new(&sorted, &Archive::default(), &config, &PlainNames, None).unwrap();
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
        let alone = rasd_watch::warnings(
            &sorted,
            &Archive::default(),
            &config,
            &PlainNames,
            since,
            until,
            days,
        );
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
    let r = Replayed::new(h.sorted(), &Archive::default(), &Config::default(), &PlainNames, now);
    assert!(matches!(r, Err(WatchError::TooSlow { of: 12, .. })), "{r:?}");
    assert!(
        Replayed::new(h.sorted(), &Archive::default(), &Config::default(), &PlainNames, None)
            .is_ok()
    );
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
    let mass = mass_of(&ws).into_iter().next().expect("a mass casualty");
    assert!(mass.message_en.contains("an armed clash in"), "{}", mass.message_en);
    assert!(!mass.message_en.contains("a armed"), "{}", mass.message_en);
}

#[test]
fn coverage_says_why_a_short_history_raises_nothing() {
    let mut h = History::new();
    established_in_iraq(&mut h, 3);
    let c = rasd_watch::coverage(h.sorted(), &Archive::default(), &Config::default());
    assert_eq!((c.first_day.as_deref(), c.days), (Some("2019-01-02"), 14));
    let why = c.explain().expect("too short to warn");
    assert!(why.contains("14 days") && why.contains("45 days"), "{why}");
    let mut long = History::new();
    established_in_iraq(&mut long, 12);
    let none = Archive::default();
    assert_eq!(rasd_watch::coverage(long.sorted(), &none, &Config::default()).explain(), None);
    assert!(rasd_watch::coverage(&[], &none, &Config::default()).explain().is_some());
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

/// Each case: what it shows, its reports (as in [`MASS_CASES`]), and how
/// many mass-casualty warnings it raises: one attack that extraction told
/// apart is one warning; two attacks stay two.
const ONE_ATTACK_CASES: &[(&str, &[Report], usize)] = &[
    (
        "a reaction piece that misdated the attack three days early joins it",
        &[
            (
                1,
                "2019-05-14",
                "2019-05-14",
                "PS",
                Some("Gaza"),
                EventType::ArmedAssault,
                61,
                true,
                "wakala",
                "",
            ),
            (
                1,
                "2019-05-14",
                "2019-05-14",
                "PS",
                Some("Gaza"),
                EventType::ArmedAssault,
                58,
                true,
                "sahifa",
                "",
            ),
            (
                2,
                "2019-05-15",
                "2019-05-11",
                "PS",
                Some("Khan Yunis"),
                EventType::Bombing,
                60,
                true,
                "qanat",
                "",
            ),
        ],
        1,
    ),
    (
        "a battle's days at one place are one warning, raised again past 100",
        &[
            (
                1,
                "2019-06-13",
                "2019-06-13",
                "YE",
                Some("Hodeidah"),
                EventType::ArmedClash,
                96,
                true,
                "wakala",
                "",
            ),
            (
                2,
                "2019-06-14",
                "2019-06-14",
                "YE",
                Some("Hodeidah"),
                EventType::AirStrike,
                22,
                true,
                "sahifa",
                "",
            ),
            (
                3,
                "2019-06-16",
                "2019-06-16",
                "YE",
                Some("Hodeidah"),
                EventType::ArmedClash,
                139,
                true,
                "qanat",
                "",
            ),
        ],
        1,
    ),
    (
        "a bombing told the next day with a close toll, in the province's name",
        &[
            (
                1,
                "2019-07-25",
                "2019-07-25",
                "SY",
                Some("Sweida"),
                EventType::SuicideBombing,
                215,
                true,
                "wakala",
                "",
            ),
            (
                2,
                "2019-07-26",
                "2019-07-26",
                "SY",
                None,
                EventType::Bombing,
                246,
                true,
                "sahifa",
                "",
            ),
        ],
        1,
    ),
    (
        "two bombings of one city two days apart, of other tolls, are two",
        &[
            (
                1,
                "2019-01-20",
                "2019-01-20",
                "AF",
                Some("Kabul"),
                EventType::Bombing,
                60,
                true,
                "wakala",
                "",
            ),
            (
                2,
                "2019-01-22",
                "2019-01-22",
                "AF",
                Some("Kabul"),
                EventType::SuicideBombing,
                103,
                true,
                "sahifa",
                "",
            ),
        ],
        2,
    ),
    (
        "an air strike and a bombing of one day elsewhere, of near tolls, are two",
        &[
            (
                1,
                "2019-05-01",
                "2019-05-01",
                "YE",
                Some("Saada"),
                EventType::AirStrike,
                61,
                true,
                "wakala",
                "",
            ),
            (
                2,
                "2019-05-01",
                "2019-05-01",
                "YE",
                Some("Aden"),
                EventType::Bombing,
                70,
                true,
                "sahifa",
                "",
            ),
        ],
        2,
    ),
    (
        "air strikes on two towns of one war two days apart, of near tolls, are two",
        &[
            (
                1,
                "2019-08-09",
                "2019-08-09",
                "YE",
                Some("Saada"),
                EventType::AirStrike,
                51,
                true,
                "wakala",
                "",
            ),
            (
                1,
                "2019-08-09",
                "2019-08-09",
                "YE",
                Some("Saada"),
                EventType::AirStrike,
                50,
                true,
                "sahifa",
                "",
            ),
            (
                2,
                "2019-08-11",
                "2019-08-11",
                "YE",
                Some("Sanaa"),
                EventType::AirStrike,
                54,
                true,
                "qanat",
                "",
            ),
        ],
        2,
    ),
    (
        "one toll in two countries two days apart is two attacks",
        &[
            (
                1,
                "2019-05-01",
                "2019-05-01",
                "NG",
                Some("Maiduguri"),
                EventType::SuicideBombing,
                60,
                true,
                "wakala",
                "",
            ),
            (
                2,
                "2019-05-03",
                "2019-05-03",
                "CM",
                Some("Mora"),
                EventType::SuicideBombing,
                60,
                true,
                "sahifa",
                "",
            ),
        ],
        2,
    ),
];

fn history_of(reports: &[Report]) -> History {
    let mut h = History::new();
    for &(inc, published, date, country, place, ty, killed, main, source, mark) in reports {
        h.report(inc, published, Some(date), country, None, Some(killed));
        let r = h.last();
        r.place = place.map(str::to_string);
        r.event_type = ty;
        r.main = main;
        r.source = Some(source.into());
        r.killed_running_total = mark == "running";
        r.killed_recalled = mark == "recalled";
    }
    h
}

/// No state of a mass-casualty warning says a toll under the threshold is
/// at or above it, and every state gives the toll its figures hold.
fn messages_agree_with_figures(w: &Warning) {
    for s in &w.states {
        let killed = s.figures["killed"];
        let claims = s.message_en.contains("at or above");
        assert!(!claims || killed >= 50.0, "{}: {}", s.day, s.message_en);
        if killed > 0.0 {
            assert!(s.message_en.contains(&format!("({killed} killed)")), "{}", s.message_en);
        }
    }
}

#[test]
fn one_attack_told_apart_by_extraction_is_one_mass_casualty() {
    for (what, reports, want) in ONE_ATTACK_CASES {
        let mut h = history_of(reports);
        let ws = h.warnings();
        let mass: Vec<&Warning> = mass_of(&ws);
        assert_eq!(mass.len(), *want, "{what}: {:#?}", mass);
        for w in mass {
            messages_agree_with_figures(w);
        }
    }
    // The battle's warning is raised again when its toll passes 100, and
    // its words stay those of the day it was raised.
    let mut h = history_of(ONE_ATTACK_CASES[1].1);
    let ws = h.warnings();
    let w = mass_of(&ws).into_iter().next().expect("raised");
    assert_eq!(w.last_raised(), "2019-06-16");
    assert!(
        w.message_en.contains("armed clash in Hodeidah on 2019-06-13 (139 killed)"),
        "{}",
        w.message_en
    );
}

#[test]
fn a_mass_casualty_keeps_its_words_and_is_withdrawn_when_its_incident_drifts_away() {
    // Raised on a strike in Douma (80 killed, two outlets). A report in
    // another town of the same day with a close toll joins it: the words
    // stay Douma's.
    let mut h = history_of(&[
        (
            1,
            "2019-02-19",
            "2019-02-19",
            "SY",
            Some("Douma"),
            EventType::AirStrike,
            80,
            true,
            "wakala",
            "",
        ),
        (
            1,
            "2019-02-19",
            "2019-02-19",
            "SY",
            Some("Douma"),
            EventType::AirStrike,
            78,
            true,
            "sahifa",
            "",
        ),
        (
            2,
            "2019-02-20",
            "2019-02-19",
            "SY",
            Some("Harasta"),
            EventType::Shelling,
            84,
            true,
            "qanat",
            "",
        ),
    ]);
    let ws = h.warnings();
    let mass: Vec<&Warning> = mass_of(&ws);
    assert_eq!(mass.len(), 1, "{mass:#?}");
    assert!(
        mass[0].message_en.contains("air strike in Douma on 2019-02-19 (84 killed)"),
        "{}",
        mass[0].message_en
    );
    messages_agree_with_figures(mass[0]);
    // Later reports date both incidents six weeks on (an explainer's
    // battle, with another toll): nothing left holds the warning, which
    // says so in its own words, and raises nothing new for the old news.
    h.report(1, "2019-04-06", Some("2019-03-10"), "SY", None, Some(120));
    h.last().event_type = EventType::AirStrike;
    h.report(2, "2019-04-06", Some("2019-03-10"), "SY", None, Some(120));
    h.last().event_type = EventType::AirStrike;
    let ws = h.warnings();
    let mass: Vec<&Warning> = mass_of(&ws);
    assert_eq!(mass.len(), 1, "{mass:#?}");
    let w = mass[0];
    assert!(w.message_en.starts_with("Mass casualties withdrawn"), "{}", w.message_en);
    assert!(w.message_en.contains("Douma on 2019-02-19"), "{}", w.message_en);
    assert!(!w.message_en.contains("at or above the threshold"), "{}", w.message_en);
    assert_eq!(w.severity, Severity::Low);
    messages_agree_with_figures(w);
}

#[test]
fn a_deadly_attack_split_over_two_incidents_is_left_out_of_a_surge_in_deaths_whole() {
    let mut h = quiet_then_four_attacks();
    // Week 13: four small incidents, and one attack of 128 killed told
    // twice (a second report placed it in another town the next day).
    h.report(
        600,
        "2019-03-31",
        Some("2019-03-31"),
        "IQ",
        Some(("isx", Status::Claimed)),
        Some(128),
    );
    h.report(
        601,
        "2019-04-01",
        Some("2019-04-01"),
        "IQ",
        Some(("isx", Status::Claimed)),
        Some(128),
    );
    h.last().place = Some("another town".into());
    let ws = h.warnings();
    // Not counting the deadliest attack, 36 killed remain, not 164.
    surge_deaths_below(&ws, 128.0);
}

#[test]
fn every_copy_of_the_deadliest_attack_is_left_out_of_a_surge_in_deaths() {
    let mut h = quiet_then_four_attacks();
    // Week 13: four small incidents, and one day's attack told by two
    // outlets in two towns with two figures (one of them misread).
    h.report(600, "2019-03-31", Some("2019-03-31"), "IQ", Some(("isx", Status::Claimed)), Some(71));
    h.report(601, "2019-03-31", Some("2019-03-31"), "IQ", Some(("isx", Status::Claimed)), Some(61));
    h.last().place = Some("another town".into());
    let ws = h.warnings();
    // Not counting the deadliest attack and its copy, 36 killed remain.
    surge_deaths_below(&ws, 61.0);
}

#[test]
fn a_same_day_copy_typed_otherwise_and_told_while_its_toll_rose_is_left_out_too() {
    let mut h = quiet_then_four_attacks();
    // Week 13: one day's killings typed a bombing in one incident (41,
    // then 71) and a shooting in its copy placed in another town, whose
    // reports rose from 25 to 66 before a later one said 61.
    for killed in [41, 71] {
        let group = Some(("isx", Status::Claimed));
        h.report(600, "2019-03-31", Some("2019-03-31"), "IQ", group, Some(killed));
    }
    for killed in [25, 66, 61] {
        let group = Some(("isx", Status::Claimed));
        h.report(601, "2019-03-31", Some("2019-03-31"), "IQ", group, Some(killed));
        (h.last().place, h.last().event_type) =
            (Some("another town".into()), EventType::ArmedAssault);
    }
    let ws = h.warnings();
    // Not counting the deadliest attack and its copy, 36 killed remain.
    surge_deaths_below(&ws, 61.0);
}

/// One article's headline event with a toll over the threshold: (what it
/// shows, the article's headline, the type, the toll, whether a warning
/// is raised).
const ONE_ARTICLE_CASES: &[(&str, &str, EventType, u32, bool)] = &[
    ("a headline of deaths", "مقتل 70 في تفجير بسوق المدينة", EventType::Bombing, 70, true),
    ("a headline of an attack", "هجوم على قاعدة عسكرية جنوب البلاد", EventType::Bombing, 59, true),
    (
        "a plane crash whose text says it exploded",
        "العثور على الصندوق الأسود للطائرة المنكوبة",
        EventType::Bombing,
        71,
        false,
    ),
    (
        "a prize story that names a bomb",
        "جائزة صحفية لكشف قضية فساد",
        EventType::Bombing,
        100,
        false,
    ),
    ("diacritics do not hide a word", "مَقْتَلُ 80 فِي قَصْفٍ", EventType::Shelling, 80, true),
    (
        "a kidnapping with scores dead is a statistic or a misreading",
        "مقتل 66 في عمليات خطف خلال عام",
        EventType::Kidnapping,
        66,
        false,
    ),
];

#[test]
fn one_article_alone_raises_a_mass_casualty_only_when_it_is_about_deaths_or_an_attack() {
    for (what, title, ty, killed, want) in ONE_ARTICLE_CASES {
        let mut h = History::new();
        h.report(1, "2019-05-01", Some("2019-05-01"), "RU", None, Some(*killed));
        h.last().title = Some((*title).into());
        h.last().event_type = *ty;
        let ws = h.warnings();
        let n = mass_of(&ws).len();
        assert_eq!(n, usize::from(*want), "{what}");
    }
    // Another article on the incident that day, whose headline tells of
    // deaths but gives no figure yet, makes it news; one published days
    // later does not make old words news.
    for (published, want) in [("2019-05-01", 1), ("2019-05-04", 0)] {
        let mut h = History::new();
        h.report(1, "2019-05-01", Some("2019-05-01"), "RU", None, None);
        h.last().title = Some("عشرات القتلى في هجوم على حافلة".into());
        h.report(1, published, Some("2019-05-01"), "RU", None, Some(50));
        h.last().title = Some("المتحدث: لم نستهدف الحافلة".into());
        let ws = h.warnings();
        let n = mass_of(&ws).len();
        assert_eq!(n, want, "{published}");
    }
    // A second article agreeing makes it news whatever the headlines.
    let mut h = History::new();
    for (i, source) in ["wakala", "sahifa"].into_iter().enumerate() {
        h.report(1, "2019-05-01", Some("2019-05-01"), "RU", None, Some(71));
        h.last().title = Some(format!("تقرير {i} عن الطائرة"));
        h.last().source = Some(source.into());
    }
    let ws = h.warnings();
    assert_eq!(mass_of(&ws).len(), 1);
}

#[test]
fn a_large_toll_one_article_alone_gives_does_not_make_a_surge_in_deaths() {
    // A quiet group's week: four small incidents, and two reaction pieces
    // each repeating a cumulative toll of 141 with no cue (two incidents,
    // one article each).
    let mut h = History::new();
    established_in_iraq(&mut h, 12);
    daily_attacks(&mut h, 4, 3);
    for (inc, d) in [(600, "2019-03-27"), (601, "2019-04-01")] {
        h.report(inc, d, Some(d), "IQ", Some(("isx", Status::Claimed)), Some(141));
        h.last().place = Some(format!("town {inc}"));
        h.last().title = Some("تعليق الشحنات إلى المدينة".into());
    }
    let ws = h.warnings();
    surge_deaths_below(&ws, 141.0);
    // Two outlets giving it make it a toll the surge counts.
    let mut h2 = History::new();
    established_in_iraq(&mut h2, 12);
    daily_attacks(&mut h2, 4, 3);
    for (inc, source) in [(600, "wakala"), (601, "sahifa"), (602, "wakala"), (603, "sahifa")] {
        let d = if inc < 602 { "2019-03-29" } else { "2019-04-01" };
        let n = if inc < 602 { 90 } else { 141 };
        h2.report(inc - inc % 2, d, Some(d), "IQ", Some(("isx", Status::Claimed)), Some(n));
        h2.last().place = Some(format!("town {}", inc - inc % 2));
        h2.last().source = Some(source.into());
    }
    let ws = h2.warnings();
    assert!(
        ws.iter().any(|w| w.kind == Kind::SurgeKilled && w.figures["killed"] >= 90.0),
        "{:#?}",
        kinds(&ws)
    );
}

#[test]
fn a_disaster_told_by_every_outlet_is_no_mass_casualty() {
    // (headline, raised): two outlets give the toll under the same headline.
    let cases = [
        ("قطار يدهس حشدا من المحتفلين ويقتل العشرات", false),
        ("ارتفاع عدد قتلى ثوران البركان إلى 70", false),
        ("عشرات القتلى في كارثة حريق بمركز احتجاز", false),
        ("عشرات القتلى في تفجير استهدف قطارا للركاب", true),
        ("مقتل العشرات في هجوم مسلح على سوق", true),
    ];
    for (title, want) in cases {
        let mut h = History::new();
        for source in ["wakala", "sahifa"] {
            h.report(1, "2019-05-01", Some("2019-05-01"), "IN", None, Some(62));
            h.last().title = Some(title.into());
            h.last().event_type = EventType::Bombing;
            h.last().source = Some(source.into());
        }
        let ws = h.warnings();
        assert_eq!(!mass_of(&ws).is_empty(), want, "{title}: {:#?}", kinds(&ws));
    }
}

/// A place of the surge cases: (name, latitude, longitude).
type Spot = (&'static str, f64, f64);

/// A country with one small incident a week for twelve weeks, then, in
/// the thirteenth, `reports` of one day or of one day each: each report
/// its own incident at its spot, of its type, with its toll.
fn week_after_quiet(
    country: &str,
    group: Option<&str>,
    reports: &[(i64, Spot, EventType, u32)],
) -> Vec<Warning> {
    let mut h = History::new();
    for w in 0..12 {
        let d = day("2019-01-02", 7 * w);
        h.report(100 + w, &d, Some(&d), country, None, Some(1));
        h.last().place = Some(format!("village {w}"));
        h.last().coordinates = Some([30.0 + w as f64, 40.0]);
    }
    for (n, &(plus, (place, lat, lon), ty, killed)) in reports.iter().enumerate() {
        let d = day("2019-03-27", plus);
        h.report(500 + n as i64, &d, Some(&d), country, None, Some(killed));
        let r = h.last();
        r.place = Some(place.into());
        r.coordinates = Some([lat, lon]);
        r.event_type = ty;
        if let Some(g) = group {
            r.groups = vec![GroupTie { key: g.into(), name: g.into(), status: Status::Attributed }];
        }
    }
    h.warnings()
}

#[test]
fn one_days_violence_told_from_nearby_towns_and_typed_apart_is_one_episode() {
    // The day's protests along one fence, told from three towns within
    // 25 km of each other by outlets that typed them a shooting, a clash,
    // a strike and a bombing ("tear gas from the air"), with the day's toll.
    let fence: &[(i64, Spot, EventType, u32)] = &[
        (3, ("Gaza", 31.50, 34.47), EventType::ArmedAssault, 16),
        (3, ("Gaza Strip", 31.40, 34.38), EventType::ArmedClash, 17),
        (3, ("Gaza Strip", 31.40, 34.38), EventType::AirStrike, 18),
        (3, ("Khan Younis", 31.34, 34.31), EventType::ArmedClash, 17),
        (3, ("Gaza", 31.50, 34.47), EventType::Bombing, 16),
        (3, ("Khan Younis", 31.34, 34.31), EventType::ArmedAssault, 1),
        // A report that dated the day's toll by its own day.
        (4, ("Gaza Strip", 31.40, 34.38), EventType::ArmedClash, 17),
    ];
    let ws = week_after_quiet("PS", None, fence);
    assert!(about(&ws, Kind::SurgeIncidents, "PS").is_empty(), "{:#?}", kinds(&ws));
    assert!(about(&ws, Kind::SurgeKilled, "PS").is_empty(), "{:#?}", kinds(&ws));
    // Seven attacks in seven towns a hundred kilometres apart are seven.
    let apart: Vec<(i64, Spot, EventType, u32)> = (0..7)
        .map(|i| {
            let lat = 20.0 + i as f64;
            (
                i.min(3),
                (["a", "b", "c", "d", "e", "f", "g"][i as usize], lat, 40.0),
                EventType::ArmedAssault,
                2 + i as u32,
            )
        })
        .collect();
    let ws = week_after_quiet("PS", None, &apart);
    assert_eq!(about(&ws, Kind::SurgeIncidents, "PS").len(), 1, "{:#?}", kinds(&ws));
}

#[test]
fn one_battle_told_with_one_battle_total_is_one_episode() {
    // Three days of a front's battle, told from seven towns far apart by
    // outlets that typed it a clash, a strike, a shelling and an assault,
    // each with the same count of one side's dead from the other side: a
    // battle total, no toll, but the same figure says it is one battle.
    let battle = |figure: &dyn Fn(i64) -> u32| {
        let mut h = History::new();
        for w in 0..12 {
            let d = day("2019-01-02", 7 * w);
            h.report(100 + w, &d, Some(&d), "YE", None, Some(1));
            h.last().place = Some(format!("village {w}"));
            h.last().coordinates = Some([30.0 + w as f64, 40.0]);
        }
        let types = [
            EventType::ArmedClash,
            EventType::AirStrike,
            EventType::Shelling,
            EventType::ArmedAssault,
        ];
        for n in 0..7_i64 {
            let d = day("2019-03-27", n.min(3));
            h.report(500 + n, &d, Some(&d), "YE", None, Some(figure(n)));
            let r = h.last();
            r.place = Some(["a", "b", "c", "d", "e", "f", "g"][n as usize].into());
            r.coordinates = Some([10.0 + n as f64, 40.0]);
            r.event_type = types[n as usize % types.len()];
            r.killed_battle_total = true;
        }
        h.warnings()
    };
    let ws = battle(&|_| 87);
    assert!(about(&ws, Kind::SurgeIncidents, "YE").is_empty(), "{:#?}", kinds(&ws));
    assert!(mass_of(&ws).is_empty(), "{:#?}", kinds(&ws));
    // Seven battles, each with its own figure, are seven.
    let ws = battle(&|n| 60 + 7 * n as u32);
    assert_eq!(about(&ws, Kind::SurgeIncidents, "YE").len(), 1, "{:#?}", kinds(&ws));
}

#[test]
fn a_state_forces_raid_told_from_several_capitals_is_one_operation() {
    let force = "actor:air-force:XX";
    // One night's raid, told from the country struck, the striking
    // state's own city and the capitals that answered it: no surge of the
    // force.
    let night: &[(i64, Spot, EventType, u32)] = &[
        (3, ("Damascus", 33.51, 36.29), EventType::AirStrike, 23),
        (3, ("Al Kiswah", 33.36, 36.24), EventType::AirStrike, 0),
        (3, ("Moscow", 55.75, 37.62), EventType::Shelling, 0),
        (3, ("Tehran", 35.69, 51.39), EventType::AirStrike, 0),
        (3, ("Tel Aviv", 32.08, 34.78), EventType::Shelling, 3),
        (3, ("Homs", 34.73, 36.71), EventType::AirStrike, 23),
    ];
    let ws = week_after_quiet("SY", Some(force), night);
    assert!(about(&ws, Kind::SurgeIncidents, force).is_empty(), "{:#?}", kinds(&ws));
    assert!(about(&ws, Kind::SurgeKilled, force).is_empty(), "{:#?}", kinds(&ws));
    // Raids on six days are six operations.
    let nights: Vec<(i64, Spot, EventType, u32)> =
        night.iter().enumerate().map(|(i, r)| (i as i64, r.1, r.2, r.3)).collect();
    let ws = week_after_quiet("SY", Some(force), &nights);
    assert_eq!(about(&ws, Kind::SurgeIncidents, force).len(), 1, "{:#?}", kinds(&ws));
}

#[test]
fn one_attack_told_twice_with_the_same_two_names_is_one_episode() {
    // A quiet group's week: a strike on a rival group (14 killed) placed by
    // two outlets in two countries, the same day, and two other attacks.
    let week = |second_toll: u32, second_rival: &str| {
        let mut h = History::new();
        for w in 0..12 {
            let d = day("2019-01-02", 7 * w);
            h.report(100 + w, &d, Some(&d), "IQ", None, Some(1));
            h.last().place = Some(format!("village {w}"));
            h.last().coordinates = Some([30.0 + w as f64, 40.0]);
        }
        let tie =
            |key: &str| GroupTie { key: key.into(), name: key.into(), status: Status::Attributed };
        let attacks: [(i64, &str, &str, u32, &str); 4] = [
            (500, "2019-03-27", "IQ", 14, "group:rival"),
            (501, "2019-03-27", "IR", second_toll, second_rival),
            (502, "2019-03-29", "IQ", 3, "group:other"),
            (503, "2019-03-31", "IQ", 2, "group:third"),
        ];
        for (n, (inc, d, country, killed, rival)) in attacks.into_iter().enumerate() {
            h.report(inc, d, Some(d), country, None, Some(killed));
            let r = h.last();
            r.place = Some(format!("town {n}"));
            r.coordinates = Some([10.0 + 5.0 * n as f64, 40.0]);
            r.event_type = EventType::Shelling;
            r.groups = vec![tie("group:guards"), tie(rival)];
        }
        let groups = Config::parse("groups.toml", "[surge]\nsubjects = [\"group\"]\n").unwrap();
        replay(h.sorted(), &groups, &PlainNames, None, None)
    };
    // Three attacks, not four: no surge of the group.
    let ws = week(14, "group:rival");
    assert!(about(&ws, Kind::SurgeIncidents, "group:guards").is_empty(), "{:#?}", kinds(&ws));
    // Another toll, or another rival, is another attack: four, a surge.
    for (toll, rival) in [(9, "group:rival"), (14, "group:fourth")] {
        let ws = week(toll, rival);
        assert_eq!(
            about(&ws, Kind::SurgeIncidents, "group:guards").len(),
            1,
            "{toll} {rival}: {:#?}",
            kinds(&ws)
        );
    }
}

#[test]
fn a_copy_of_the_deadliest_attack_placed_in_another_country_is_left_out_with_it() {
    let mut h = quiet_then_four_attacks();
    // One raid, told by one outlet in Iraq and by another in Syria.
    h.report(600, "2019-03-31", Some("2019-03-31"), "IQ", Some(("isx", Status::Claimed)), Some(23));
    h.report(601, "2019-03-31", Some("2019-03-31"), "SY", Some(("isx", Status::Claimed)), Some(23));
    // The group's own surge (a country's would hold one copy only).
    let groups = Config::parse("groups.toml", "[surge]\nsubjects = [\"group\"]\n").unwrap();
    let ws = replay(h.sorted(), &groups, &PlainNames, None, None);
    let deaths = about(&ws, Kind::SurgeKilled, "group:isx");
    assert_eq!(deaths.len(), 1, "{:#?}", kinds(&ws));
    // The four small attacks' 36, not 36 and the raid's copy.
    for s in &deaths[0].states {
        assert!(s.figures["killed"] < 23.0 + 36.0, "{}", s.message_en);
    }
}

#[test]
fn a_toll_in_a_piece_about_something_else_makes_no_surge_in_deaths() {
    // Four small attacks (27 killed after the deadliest), and an article
    // on a court case giving the toll of attacks years ago, dated by the
    // ruling: placed and typed like news, but no news of deaths.
    let run = |title: &str| {
        let mut h = quiet_then_four_attacks();
        h.report(
            600,
            "2019-03-31",
            Some("2019-03-31"),
            "IQ",
            Some(("isx", Status::Claimed)),
            Some(33),
        );
        h.last().title = Some(title.into());
        h.last().place = Some("the capital".into());
        h.warnings()
    };
    let deaths = |ws: &[Warning]| ws.iter().filter(|w| w.kind == Kind::SurgeKilled).count();
    let ws = run("الحكومة تكسب قضية التعويض أمام المحكمة العليا");
    assert_eq!(deaths(&ws), 0, "{:#?}", kinds(&ws));
    let ws = run("مقتل 33 في هجوم على سوق العاصمة");
    assert_eq!(deaths(&ws), 1, "{:#?}", kinds(&ws));
}

#[test]
fn an_attack_placed_in_two_countries_counts_where_most_reports_place_it() {
    let run = |copy_reports: usize| {
        let mut h = History::new();
        for w in 0..12 {
            let d = day("2019-01-02", 7 * w);
            h.report(100 + w, &d, Some(&d), "IL", None, Some(1));
            h.last().place = Some(format!("village {w}"));
        }
        // Five small incidents in five towns on five days.
        for k in 0..5 {
            let d = day("2019-03-27", k);
            h.report(500 + k, &d, Some(&d), "IL", None, Some(1));
            h.last().place = Some(format!("town {k}"));
            h.last().coordinates = Some([30.0 + k as f64, 35.0]);
        }
        // A day's killings at the border, told from Gaza by three outlets
        // and from the capital across it by `copy_reports`.
        let d = day("2019-03-27", 5);
        for (n, outlet) in ["wakala", "sahifa", "qanat"].iter().enumerate() {
            h.report(600, &d, Some(&d), "PS", None, Some(58 + n as u32));
            h.last().place = Some("Gaza".into());
            h.last().source = Some((*outlet).into());
        }
        for _ in 0..copy_reports {
            h.report(601, &d, Some(&d), "IL", None, Some(60));
            h.last().place = Some("Tel Aviv".into());
        }
        h.warnings()
    };
    // Told from Tel Aviv by one report: a stray copy, no sixth incident.
    let ws = run(1);
    assert!(about(&ws, Kind::SurgeIncidents, "IL").is_empty(), "{:#?}", kinds(&ws));
    // Told there by more reports than from Gaza, it is Israel's.
    let ws = run(4);
    assert_eq!(about(&ws, Kind::SurgeIncidents, "IL").len(), 1, "{:#?}", kinds(&ws));
}
