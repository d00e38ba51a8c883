//! Which reports tell of the same incident, and what the incident's figures
//! are. Pure functions over events: every storage backend links the same
//! way.
//!
//! Two reports from different articles are the same incident when nothing
//! rules it out and enough agrees ([`pair_score`]):
//!
//! * the country is the same; or the reports agree too well for a country
//!   to tell them apart (`joins_abroad`): a report placed nowhere below
//!   its country, of the same day and the same toll of [`ABROAD_TOLL`] or
//!   more as a report placed in another (the country of a report with no
//!   place is the weakest thing it says: often the victims' or the
//!   attackers' nation, "مقتل روس في غارة"), or a report with no country
//!   at the same place as the other;
//! * the types are compatible (the same; a bombing and a suicide bombing;
//!   an armed assault and an assassination; shelling and an air strike; or
//!   one of them a plain "attack");
//! * the dates are within a day of each other (a relative date resolved
//!   against a late publication time can be a day off), or one is a month
//!   or year containing the other, or an undated report was published
//!   within a week after the other's day;
//! * the places are the same, one inside the other (a town and its
//!   province), or within 30 km; a report placed only in a country agrees
//!   with any place but adds nothing;
//! * the groups do not contradict each other (two different groups each
//!   *claiming* it is a contradiction; different suspects only weigh
//!   against);
//! * the tolls are not wildly apart (tolls rise as the dead are counted, so
//!   only a gap of more than five times is a contradiction).
//!
//! Each agreement scores (type 2, same day 2, same place 3, shared group 2,
//! same toll 1, and less for weaker agreement); a report joins the incident
//! it scores best with, at [`THRESHOLD`] or more. One article never gives an
//! incident two reports: the extractor already told its events apart.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;
use rasd_core::{CountQualifier, Event, EventType, Status};
use rasd_text::normalize::{Profile, normalize};
use serde::{Deserialize, Serialize};

use crate::filter::day_range;

/// The score at which a report joins an incident.
pub const THRESHOLD: f64 = 5.0;

/// Kilometres within which two places count as near.
const NEAR_KM: f64 = 30.0;

/// The least toll two reports of different countries must share, with the
/// day, to be one incident (`joins_abroad`): two attacks of one day
/// with one toll of this size are rare; a handful of dead is not.
pub const ABROAD_TOLL: u32 = 10;

/// One report as linking sees it.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    /// The article's id in the store.
    pub doc: i64,
    /// The article's publication time.
    pub published: Option<&'a str>,
    /// The outlet.
    pub source: Option<&'a str>,
    /// The event.
    pub event: &'a Event,
}

impl Report<'_> {
    fn days(&self) -> Option<(Date, Date, bool)> {
        let d = self.event.date.as_deref()?;
        let r = day_range(d)?;
        Some((r.first, r.last, r.first == r.last))
    }

    fn published_day(&self) -> Option<Date> {
        self.published.and_then(|p| p.get(..10)).and_then(|p| p.parse().ok())
    }

    /// Days the incident could have happened on, for finding candidates:
    /// the event's date, else the week before publication.
    pub fn window(&self) -> Option<(Date, Date)> {
        if let Some((a, b, _)) = self.days() {
            return Some((a, b));
        }
        let p = self.published_day()?;
        Some((p.saturating_sub(jiff::Span::new().days(7)), p))
    }

    fn specific_place(&self) -> bool {
        self.event.place.is_some()
            && !self.event.place_id.as_deref().is_some_and(|id| id.starts_with("country:"))
    }
}

fn fold(s: &str) -> String {
    normalize(s, Profile::Search)
}

fn type_score(a: EventType, b: EventType) -> Option<f64> {
    use EventType::*;
    if a == b {
        return Some(2.0);
    }
    let pair = |x, y| (a == x && b == y) || (a == y && b == x);
    if pair(Bombing, SuicideBombing) || pair(ArmedAssault, Assassination) {
        Some(1.0)
    } else if a == Attack || b == Attack || pair(Shelling, AirStrike) {
        Some(0.5)
    } else {
        None
    }
}

fn date_score(a: &Report, b: &Report) -> Option<f64> {
    match (a.days(), b.days()) {
        (Some((a0, a1, a_day)), Some((b0, b1, b_day))) => {
            let gap = if a1 < b0 {
                (b0 - a1).get_days()
            } else if b1 < a0 {
                (a0 - b1).get_days()
            } else {
                0
            };
            // A year agrees with too much to link anything.
            let year = |lo: Date, hi: Date| (hi - lo).get_days() > 31;
            if year(a0, a1) || year(b0, b1) {
                return None;
            }
            match (gap, a_day && b_day) {
                (0, true) => Some(2.0),
                (1, true) => Some(1.0),
                (0, false) => Some(0.5),
                _ => None,
            }
        }
        (Some((d0, d1, _)), None) => undated(d0, d1, b.published_day()),
        (None, Some((d0, d1, _))) => undated(d0, d1, a.published_day()),
        (None, None) => {
            let (p, q) = (a.published_day()?, b.published_day()?);
            ((p - q).get_days().abs() <= 2).then_some(0.0)
        }
    }
}

/// An undated report published on `published` can tell of an incident in
/// the week before. A year agrees with too much: a report dated by a year
/// alone ("في 2018", a bombing of June recalled in a piece) tells of no
/// undated report's incident, which would take the year as its date and
/// then turn away every report that gives the day.
fn undated(first: Date, last: Date, published: Option<Date>) -> Option<f64> {
    if (last - first).get_days() > 31 {
        return None;
    }
    let p = published?;
    let since = (p - last).get_days();
    (p >= first && since <= 7).then_some(0.0)
}

fn names(e: &Event) -> Vec<String> {
    e.place.iter().chain(&e.place_ar).chain(&e.place_alt).map(|n| fold(n)).collect()
}

fn place_score(a: &Report, b: &Report) -> Option<f64> {
    if !a.specific_place() || !b.specific_place() {
        return Some(0.0);
    }
    let (ea, eb) = (a.event, b.event);
    if ea.place_id.is_some() && ea.place_id == eb.place_id {
        return Some(3.0);
    }
    let own =
        |e: &Event| -> Vec<String> { e.place.iter().chain(&e.place_ar).map(|n| fold(n)).collect() };
    let (na, nb) = (names(ea), names(eb));
    if own(ea).iter().any(|n| nb.contains(n)) || own(eb).iter().any(|n| na.contains(n)) {
        return Some(2.0);
    }
    match (ea.coordinates, eb.coordinates) {
        (Some(p), Some(q)) if rasd_core::km(p, q) <= NEAR_KM => Some(1.5),
        _ => None,
    }
}

fn group_key(p: &rasd_core::Perpetrator) -> String {
    p.id.clone().unwrap_or_else(|| fold(&p.name).to_lowercase())
}

fn group_score(a: &Event, b: &Event) -> Option<f64> {
    if a.perpetrators.is_empty() || b.perpetrators.is_empty() {
        return Some(0.0);
    }
    let ka: Vec<String> = a.perpetrators.iter().map(group_key).collect();
    if b.perpetrators.iter().any(|p| ka.contains(&group_key(p))) {
        return Some(2.0);
    }
    let claimed = |e: &Event| e.perpetrators.iter().any(|p| p.status == Status::Claimed);
    if claimed(a) && claimed(b) { None } else { Some(-1.0) }
}

fn toll_score(a: &Event, b: &Event) -> Option<f64> {
    let value = |e: &Event| e.killed.as_ref().and_then(|c| c.value);
    let (Some(x), Some(y)) = (value(a), value(b)) else { return Some(0.0) };
    let (lo, hi) = (x.min(y), x.max(y));
    if lo == hi {
        Some(1.0)
    } else if hi > 5 * lo + 10 {
        None
    } else if hi - lo <= 3 || f64::from(hi) <= 1.5 * f64::from(lo) {
        Some(0.5)
    } else {
        Some(0.0)
    }
}

fn same_country(a: &Event, b: &Event) -> bool {
    a.country.is_some() && a.country == b.country
}

/// Whether two reports that do not share a country are one incident all
/// the same: one has no country and both name the same place (a place
/// score of 2 or more), or one is placed nowhere below its country and
/// the other somewhere, and both give the same day (a `date` score of 2)
/// and the same toll of [`ABROAD_TOLL`] or more, each its own attack's
/// (not a battle's, a campaign's or a recalled one), and they agree on
/// something more than a day and a figure: a named method on both sides,
/// the group, or the wounded. Compatible types are checked by the caller.
fn joins_abroad(a: &Report, b: &Report, place: f64, date: f64) -> bool {
    let (ea, eb) = (a.event, b.event);
    if (ea.country.is_none() || eb.country.is_none()) && place >= 2.0 {
        return true;
    }
    let value = |e: &Event| e.killed.as_ref().and_then(|c| c.value);
    let own = |e: &Event| {
        e.killed
            .as_ref()
            .is_some_and(|c| !c.is_running_total() && !c.is_battle_total() && !c.is_recalled())
    };
    let shared_toll =
        value(ea).is_some_and(|v| v >= ABROAD_TOLL && value(eb) == Some(v)) && own(ea) && own(eb);
    // "Eleven killed" on one day is told of a migrants' bus in Greece and of
    // bodies found in Detroit: a day and a figure alone join strangers.
    let injured = |e: &Event| e.injured.as_ref().and_then(|c| c.value);
    let more = (ea.event_type != EventType::Attack && eb.event_type != EventType::Attack)
        || group_score(ea, eb) == Some(2.0)
        || injured(ea).is_some() && injured(ea) == injured(eb);
    a.specific_place() != b.specific_place() && date >= 2.0 && shared_toll && more
}

/// How alike two reports are, or `None` when they cannot be one incident.
pub fn pair_score(a: &Report, b: &Report) -> Option<f64> {
    if a.doc == b.doc || a.event.aggregate || b.event.aggregate {
        return None;
    }
    let (ea, eb) = (a.event, b.event);
    let place = place_score(a, b)?;
    let date = date_score(a, b)?;
    let ty = type_score(ea.event_type, eb.event_type)?;
    let group = group_score(ea, eb)?;
    let toll = toll_score(ea, eb)?;
    if !same_country(ea, eb) && !joins_abroad(a, b, place, date) {
        return None;
    }
    // A month or a year agrees with too much: only the same place makes
    // such reports one incident.
    if date < 1.0 && place < 2.0 && group < 2.0 {
        return None;
    }
    Some(ty + date + place + group + toll)
}

/// How well a report fits an incident's reports: its best score with one
/// of them, unless the incident already has a report from its article,
/// more than half of its reports of the same country rule it out, or the
/// incident's `summary` (see [`summarize`]) disagrees on date or place.
/// A report of another country does not rule it out: the countries of
/// two reports that `joins_abroad` would not join are no contradiction
/// of the one report they agree with.
pub fn fit(report: &Report, incident: &[Report], summary: &Incident) -> Option<f64> {
    if incident.iter().any(|r| r.doc == report.doc) {
        return None;
    }
    fit_grouped(report, incident.iter().map(|r| (*r, 1)), summary)
}

/// Whether a report's dates can agree with those of an incident whose
/// summary ([`summarize`]) has the date `date`: the first check of
/// [`fit_grouped`], which reads nothing else of the incident, so linking
/// makes it on the date the store keeps beside each candidate and reads
/// only the incidents that pass it (it may pass more than `fit_grouped`
/// accepts, never fewer). A report that spans more than a month (a year,
/// "in 2016") agrees with no incident; a report of a day, with incidents
/// of that day or a day either side, of its month, or undated. A dated
/// report against an undated incident is compared at the incident's latest
/// publication, which the candidate's date does not give: any day passes
/// here.
pub fn dates_may_fit(report: &Report, date: Option<&str>) -> bool {
    if date.is_none() && report.event.date.is_some() {
        return report.days().is_none_or(|(first, last, _)| (last - first).get_days() <= 31);
    }
    let whole = Event { date: date.map(str::to_string), ..Event::new(EventType::Attack) };
    let whole = Report { doc: 0, published: report.published, source: None, event: &whole };
    date_score(report, &whole).is_some()
}

/// [`fit`] over an incident's reports grouped by [`pair_key`]: each group
/// is one of its reports and how many reports share its key, which score
/// alike against any other article's report. The caller has checked that
/// no report of the incident is from `report`'s article. A story retold
/// by hundreds of articles is a handful of groups, so fitting a report to
/// it costs the same whatever its size.
pub fn fit_grouped<'a>(
    report: &Report,
    groups: impl IntoIterator<Item = (Report<'a>, usize)>,
    summary: &Incident,
) -> Option<f64> {
    // The incident as a whole (its voted date and most precise place) must
    // agree too, so that a loosely dated report cannot chain one day's
    // incident to the next day's.
    // An undated incident was told when its reports were published: a
    // report that gives the day is compared with its latest publication,
    // not its own (a dated report two weeks later, "قتل 57 شخصا في 22
    // نيسان", still tells of that day's undated headline reports).
    let whole = as_event(summary);
    let published = match (&report.event.date, &summary.date) {
        (Some(_), None) => summary.last_reported.as_deref().or(report.published),
        _ => report.published,
    };
    let whole = Report { doc: 0, published, source: None, event: &whole };
    date_score(report, &whole)?;
    place_score(report, &whole)?;
    let (mut reports, mut vetoes, mut best) = (0, 0, None);
    for (r, n) in groups {
        reports += n;
        match pair_score(report, &r) {
            None if same_country(report.event, r.event) => vetoes += n,
            None => {}
            Some(s) => best = Some(best.map_or(s, |b: f64| b.max(s))),
        }
    }
    if vetoes * 2 > reports {
        return None;
    }
    best.filter(|s| *s >= THRESHOLD)
}

/// Whether the incident `stray` belongs in `home`, given that one report
/// fits both: every report of `stray` is placed nowhere below its country,
/// and that country is not `home`'s. Such an incident is one that a report
/// of another country (`joins_abroad`) opened before the reports of its
/// real incident came in (articles are linked as they arrive, not in
/// order of publication), and the report that fits both shows them one.
pub fn absorbs(home: &Incident, stray: &Incident) -> bool {
    let placed = stray.place.is_some()
        && !stray.place_id.as_deref().is_some_and(|id| id.starts_with("country:"));
    !placed && home.country.is_some() && stray.country != home.country
}

/// The longest window, in days, of each tier of [`window_tier`]; the last
/// tier has no bound.
pub const TIER_DAYS: [i64; 3] = [8, 40, 400];

/// The tier of an incident's candidate window (from its first to its last
/// possible day): a day's news, a month's, a year's, or longer. Stores
/// keep it beside the window so that finding candidates reads, in each
/// tier, only the incidents that start late enough to reach a report.
pub fn window_tier(first: Option<&str>, last: Option<&str>) -> Option<i64> {
    let (first, last) = (first?.parse::<Date>().ok()?, last?.parse::<Date>().ok()?);
    let days = i64::from((last - first).get_days());
    Some(TIER_DAYS.iter().position(|&max| days <= max).unwrap_or(TIER_DAYS.len()) as i64)
}

/// Which stored incidents a report may join: those of its country whose
/// candidate window overlaps `[lo, hi]`, or, with no country, those of any
/// country whose day lies in `[lo, hi]` (see [`candidates`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidates {
    /// The report's country; `None` for any country.
    pub country: Option<String>,
    /// An incident's window must end on or after this day.
    pub lo: Date,
    /// An incident's window must start on or before this day.
    pub hi: Date,
    /// For tiers 0 to 2 ([`TIER_DAYS`]): an incident of the tier that
    /// reaches `lo` starts on or after this day. Tier 3 has no bound.
    pub tier_starts: [Date; 3],
}

/// The incidents a report is compared with: every incident of its country
/// whose window overlaps the report's own, widened by a day each way (a
/// day's error in relative dates) plus a week for undated reports; and,
/// for a report that could join an incident of another country
/// (`joins_abroad`), every incident of any country (`country` `None`)
/// whose day lies in that span. `None` for a report that is never linked
/// (no window, or an aggregate), or none.
pub fn candidates(r: &Report) -> Vec<Candidates> {
    let home = r.event.country.as_deref().and_then(|c| within(r, Some(c.to_string())));
    let abroad = may_join_abroad(r).then(|| within(r, None)).flatten();
    home.into_iter().chain(abroad).collect()
}

/// Whether a report could join an incident of another country
/// (`joins_abroad`): it has no country, or it gives a day and a toll of
/// [`ABROAD_TOLL`] or more. A placed report looks abroad too: articles are
/// not linked in order of publication, so the unplaced report may have
/// come first and opened an incident of its own.
fn may_join_abroad(r: &Report) -> bool {
    let e = r.event;
    let day = r.days().is_some_and(|(_, _, day)| day);
    let toll = e.killed.as_ref().and_then(|c| c.value).is_some_and(|v| v >= ABROAD_TOLL);
    e.country.is_none() || (day && toll)
}

fn within(r: &Report, country: Option<String>) -> Option<Candidates> {
    let (lo, hi) = r.window()?;
    if r.event.aggregate {
        return None;
    }
    let lo = lo.saturating_sub(jiff::Span::new().days(8));
    let hi = hi.saturating_add(jiff::Span::new().days(8));
    // An incident's window overlaps [lo, hi] when it starts by hi and ends
    // from lo on; one of a tier at most `max` days long that ends from lo
    // on starts from lo - max on, which bounds the index range read.
    let starts = |max: i64| lo.saturating_sub(jiff::Span::new().days(max));
    Some(Candidates {
        country,
        lo,
        hi,
        tier_starts: [starts(TIER_DAYS[0]), starts(TIER_DAYS[1]), starts(TIER_DAYS[2])],
    })
}

/// One report of an article that fits an incident: the score, the
/// report's place among the article's events, and the incident's id.
pub type Fit = (f64, usize, i64);

/// Best pairs first: each report joins at most one incident and each
/// incident takes at most one report of the article. Ties go to the
/// earlier report, then the older incident, so the answer does not depend
/// on the order the fits were found in. Returns the report's place →
/// incident.
pub fn assign(mut fits: Vec<Fit>) -> HashMap<usize, i64> {
    fits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut assigned: HashMap<usize, i64> = HashMap::new();
    let mut taken: HashSet<i64> = HashSet::new();
    for (_, i, id) in fits {
        if !assigned.contains_key(&i) && taken.insert(id) {
            assigned.insert(i, id);
        }
    }
    assigned
}

/// What [`pair_score`] reads of a report, besides its article: reports
/// with the same key score the same against any report of another article.
/// The publication day counts only for an undated event.
pub fn pair_key(r: &Report) -> String {
    let e = r.event;
    let groups: Vec<(String, Status)> =
        e.perpetrators.iter().map(|p| (group_key(p), p.status)).collect();
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        e.aggregate,
        e.country,
        e.event_type,
        e.date,
        e.date.is_none().then(|| r.published_day()),
        e.place,
        e.place_ar,
        e.place_alt,
        e.place_id,
        e.coordinates.map(|c| c.map(f64::to_bits)),
        groups,
        e.killed.as_ref().map(|c| c.value),
    )
}

/// An incident's summary as one event, to compare a report with.
fn as_event(i: &Incident) -> Event {
    Event {
        date: i.date.clone(),
        country: i.country.clone(),
        place: i.place.clone(),
        place_ar: i.place_ar.clone(),
        place_alt: i.admin1.iter().cloned().collect(),
        place_id: i.place_id.clone(),
        coordinates: i.coordinates,
        admin1: i.admin1.clone(),
        geo_precision: i.geo_precision,
        target_type: i.target_type.clone(),
        ..Event::new(i.event_type)
    }
}

/// A figure across reports: the range, and the best by the rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Toll {
    /// The best figure (see [`summarize`]), `None` when every report is
    /// vague.
    pub best: Option<u32>,
    /// The best figure's qualifier.
    pub qualifier: CountQualifier,
    /// The lowest figure reported.
    pub min: Option<u32>,
    /// The highest figure reported.
    pub max: Option<u32>,
    /// Reports giving a figure.
    pub reports: usize,
    /// Which report the best figure is from, and why.
    pub rule: String,
}

/// A group tied to an incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Author {
    /// Canonical English name.
    pub name: String,
    /// The lexicon id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The strongest tie any report gives (claimed, then attributed, then
    /// suspected).
    pub status: Status,
    /// Reports naming it.
    pub reports: usize,
}

/// One real incident, as its reports tell it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// The store's id.
    pub id: i64,
    /// The type most reports give (the most specific on a tie).
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The date most reports give, at the finest precision any gives.
    pub date: Option<String>,
    /// ISO country code.
    pub country: Option<String>,
    /// The most precise place any report gives.
    pub place: Option<String>,
    /// That place in Arabic, as written.
    pub place_ar: Option<String>,
    /// Its gazetteer id.
    pub place_id: Option<String>,
    /// Its province.
    pub admin1: Option<String>,
    /// Latitude and longitude.
    pub coordinates: Option<[f64; 2]>,
    /// ACLED's precision code for the coordinates.
    pub geo_precision: Option<u8>,
    /// Every group any report ties to it.
    pub perpetrators: Vec<Author>,
    /// Killed across reports.
    pub killed: Option<Toll>,
    /// Injured across reports.
    pub injured: Option<Toll>,
    /// The target type most reports give.
    pub target_type: String,
    /// Reports (events in articles).
    pub reports: usize,
    /// Distinct outlets.
    pub outlets: Vec<String>,
    /// The first article's publication time.
    pub first_reported: Option<String>,
    /// The latest article's publication time.
    pub last_reported: Option<String>,
    /// Candidate window: the first day it could have happened on.
    pub window_first: Option<String>,
    /// Candidate window: the last day.
    pub window_last: Option<String>,
    /// Every report tells it as recalled history, none as news.
    #[serde(default)]
    pub history: bool,
    /// The highest confidence of its reports.
    #[serde(default)]
    pub confidence: f64,
}

/// The day an incident counts on in filters, statistics, trends and the
/// timeline (one rule for all): its date when the reports give a day; the
/// first of its month when they give a month; else (a bare year, or no
/// date) the day it was first reported, as news tells what just happened.
pub fn incident_day(i: &Incident) -> Option<Date> {
    let day = |s: &str| s.get(..10).and_then(|d| d.parse::<Date>().ok());
    match i.date.as_deref() {
        Some(d) if d.len() == 10 => d.parse().ok(),
        Some(d) if d.len() == 7 => day(&format!("{d}-01")),
        _ => i
            .first_reported
            .as_deref()
            .and_then(day)
            .or_else(|| i.window_last.as_deref().and_then(day)),
    }
}

/// Rank of a type when reports disagree equally: the more specific wins.
fn specificity(t: EventType) -> u8 {
    use EventType::*;
    match t {
        SuicideBombing => 8,
        Assassination => 7,
        Kidnapping => 6,
        AirStrike => 5,
        Shelling => 4,
        Bombing => 3,
        ArmedAssault => 2,
        ArmedClash => 1,
        Attack => 0,
    }
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Claimed => 3,
        Status::Attributed => 2,
        Status::Suspected => 1,
    }
}

/// The most common value, ties broken by `better`.
fn vote<T: Clone + Ord>(
    values: impl IntoIterator<Item = T>,
    better: impl Fn(&T) -> i64,
) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(v, n)| (*n, better(v))).map(|(v, _)| v)
}

/// The best figure among reports: the figure of the latest report that
/// gives a number (officials revise tolls upward as the dead are counted,
/// and a later report knows the earlier ones); among reports published at
/// the same time, the highest. A report that dates the incident less
/// finely than others do (a month, "الأسبوع الماضي": a recap) lowers no
/// toll the reports of its day give: its figure counts only when it is
/// higher. Vague counts ("dozens") never beat a number.
fn toll(reports: &[Report], get: impl Fn(&Event) -> Option<&rasd_core::Count>) -> Option<Toll> {
    let given: Vec<(&Report, &rasd_core::Count)> =
        reports.iter().filter_map(|r| get(r.event).map(|c| (r, c))).collect();
    if given.is_empty() {
        return None;
    }
    let numbers: Vec<u32> = given.iter().filter_map(|(_, c)| c.value).collect();
    let finest = reports.iter().filter_map(|r| r.event.date.as_ref().map(String::len)).max();
    let fine = |r: &Report| r.event.date.as_ref().map(String::len) == finest;
    let latest = |keep: &dyn Fn(&Report, Option<u32>) -> bool| {
        given
            .iter()
            .filter(|(r, c)| c.value.is_some() && keep(r, c.value))
            .max_by_key(|(r, c)| (r.published.unwrap_or(""), c.value))
    };
    let floor = latest(&|r, _| fine(r)).and_then(|(_, c)| c.value).unwrap_or(0);
    let best = latest(&|r, v| fine(r) || v.is_some_and(|v| v > floor));
    let (best, qualifier, rule) = match best {
        Some((r, c)) => (
            c.value,
            c.qualifier,
            format!(
                "latest report giving a figure: {}{}",
                r.published.unwrap_or("undated"),
                r.source.map(|s| format!(", {s}")).unwrap_or_default()
            ),
        ),
        None => (None, CountQualifier::Vague, "every report gives a vague count".to_string()),
    };
    Some(Toll {
        best,
        qualifier,
        min: numbers.iter().min().copied(),
        max: numbers.iter().max().copied(),
        reports: given.len(),
        rule,
    })
}

/// An incident's figures from its reports (at least one).
pub fn summarize(id: i64, reports: &[Report]) -> Incident {
    let specific: Vec<EventType> =
        reports.iter().map(|r| r.event.event_type).filter(|t| *t != EventType::Attack).collect();
    let event_type = if specific.is_empty() {
        EventType::Attack
    } else {
        vote(specific, |t| i64::from(specificity(*t))).unwrap_or(EventType::Attack)
    };
    // Date: the finest precision any report gives, then the most common,
    // then the earliest.
    let finest = reports.iter().filter_map(|r| r.event.date.as_ref().map(|d| d.len())).max();
    let date = finest.and_then(|len| {
        vote(reports.iter().filter_map(|r| r.event.date.clone()).filter(|d| d.len() == len), |d| {
            -(d.bytes().map(i64::from).sum::<i64>())
        })
    });
    // Country: the one the placed reports give (a report placed nowhere
    // below its country may have joined from another, see
    // `joins_abroad`), else the most common.
    let placed_countries: Vec<String> = reports
        .iter()
        .filter(|r| r.specific_place())
        .filter_map(|r| r.event.country.clone())
        .collect();
    let country = vote(placed_countries, |_| 0)
        .or_else(|| vote(reports.iter().filter_map(|r| r.event.country.clone()), |_| 0));
    // Place: the most precise, then the most common.
    let placed: Vec<&Report> = reports.iter().filter(|r| r.event.place.is_some()).collect();
    let precision = placed.iter().filter_map(|r| r.event.geo_precision).min();
    let place_id = vote(
        placed
            .iter()
            .filter(|r| precision.is_none() || r.event.geo_precision == precision)
            .filter_map(|r| r.event.place_id.clone()),
        |_| 0,
    );
    let at = placed
        .iter()
        .find(|r| place_id.is_some() && r.event.place_id == place_id)
        .or(placed.first())
        .map(|r| r.event)
        .unwrap_or(reports[0].event);
    let mut authors: Vec<Author> = Vec::new();
    for r in reports {
        for p in &r.event.perpetrators {
            let key = group_key(p);
            match authors
                .iter_mut()
                .find(|a| a.id.clone().unwrap_or_else(|| fold(&a.name).to_lowercase()) == key)
            {
                Some(a) => {
                    a.reports += 1;
                    if status_rank(p.status) > status_rank(a.status) {
                        a.status = p.status;
                    }
                }
                None => authors.push(Author {
                    name: p.name.clone(),
                    id: p.id.clone(),
                    status: p.status,
                    reports: 1,
                }),
            }
        }
    }
    authors.sort_by(|a, b| {
        (status_rank(b.status), b.reports).cmp(&(status_rank(a.status), a.reports))
    });
    let target_type =
        vote(reports.iter().map(|r| r.event.target_type.clone()).filter(|t| t != "unknown"), |_| 0)
            .unwrap_or_else(|| "unknown".into());
    let mut outlets: Vec<String> =
        reports.iter().filter_map(|r| r.source.map(str::to_string)).collect();
    outlets.sort();
    outlets.dedup();
    let published = || reports.iter().filter_map(|r| r.published);
    let windows: Vec<(Date, Date)> = reports.iter().filter_map(Report::window).collect();
    Incident {
        id,
        event_type,
        date,
        country,
        place: at.place.clone(),
        place_ar: at.place_ar.clone(),
        place_id: at.place_id.clone(),
        admin1: at.admin1.clone(),
        coordinates: at.coordinates,
        geo_precision: at.geo_precision,
        perpetrators: authors,
        killed: toll(reports, |e| e.killed.as_ref()),
        injured: toll(reports, |e| e.injured.as_ref()),
        target_type,
        reports: reports.len(),
        outlets,
        first_reported: published().min().map(str::to_string),
        last_reported: published().max().map(str::to_string),
        window_first: windows.iter().map(|w| w.0).min().map(|d| d.to_string()),
        window_last: windows.iter().map(|w| w.1).max().map(|d| d.to_string()),
        history: reports.iter().all(|r| r.event.history),
        confidence: reports.iter().map(|r| r.event.confidence).fold(0.0, f64::max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_core::{Count, Perpetrator};

    fn event(ty: EventType, date: &str, place: &str, killed: Option<u32>) -> Event {
        Event {
            date: Some(date.into()).filter(|d: &String| !d.is_empty()),
            country: Some("AF".into()),
            place: Some(place.into()),
            place_id: Some(format!("test:{place}")),
            geo_precision: Some(1),
            killed: killed.map(|v| Count {
                value: Some(v),
                qualifier: CountQualifier::Exact,
                evidence: vec![],
            }),
            target_type: "civilians".into(),
            main: true,
            ..Event::new(ty)
        }
    }

    fn report<'a>(doc: i64, published: &'a str, e: &'a Event) -> Report<'a> {
        Report { doc, published: Some(published), source: Some("x"), event: e }
    }

    #[test]
    fn same_day_same_place_links_and_a_day_apart_too() {
        let a = event(EventType::SuicideBombing, "2018-05-06", "Khost", Some(17));
        let b = event(EventType::Bombing, "2018-05-07", "Khost", Some(19));
        let s = pair_score(&report(1, "2018-05-06T10:00", &a), &report(2, "2018-05-07T09:00", &b));
        assert!(s.is_some_and(|s| s >= THRESHOLD), "{s:?}");
    }

    /// Kabul, 22 April: two undated headline reports of the day; a report
    /// dated by a year alone (another bombing there, recalled in June)
    /// does not join them, and one that gives the day two weeks later does.
    #[test]
    fn a_late_report_of_the_day_joins_an_undated_incident_and_a_year_does_not() {
        let a = event(EventType::SuicideBombing, "", "Kabul", Some(31));
        let b = event(EventType::SuicideBombing, "", "Kabul", Some(48));
        let rs = [report(1, "2018-04-22T10:00", &a), report(2, "2018-04-22T18:00", &b)];
        let i = summarize(7, &rs);
        let year = event(EventType::SuicideBombing, "2018", "Kabul", Some(14));
        assert_eq!(pair_score(&report(3, "2018-06-09T10:00", &year), &rs[0]), None);
        assert_eq!(fit(&report(3, "2018-04-24T10:00", &year), &rs, &i), None);
        let late = event(EventType::SuicideBombing, "2018-04-22", "Kabul", Some(57));
        let s = fit(&report(4, "2018-05-06T10:00", &late), &rs, &i);
        assert!(s.is_some_and(|s| s >= THRESHOLD), "{s:?}");
    }

    #[test]
    fn different_towns_or_days_or_claimants_do_not_link() {
        let a = event(EventType::Bombing, "2018-05-06", "Khost", None);
        let b = event(EventType::Bombing, "2018-05-06", "Herat", None);
        assert_eq!(pair_score(&report(1, "2018-05-06", &a), &report(2, "2018-05-06", &b)), None);
        let c = event(EventType::Bombing, "2018-05-09", "Khost", None);
        assert_eq!(pair_score(&report(1, "2018-05-06", &a), &report(2, "2018-05-09", &c)), None);
        let claim = |name: &str| Perpetrator {
            name: name.into(),
            name_ar: None,
            aliases: vec![],
            status: Status::Claimed,
            id: Some(name.into()),
            evidence: vec![],
        };
        let mut d = a.clone();
        d.perpetrators.push(claim("taliban"));
        let mut e = a.clone();
        e.perpetrators.push(claim("iskp"));
        assert_eq!(pair_score(&report(1, "2018-05-06", &d), &report(2, "2018-05-06", &e)), None);
        assert_eq!(pair_score(&report(1, "2018-05-06", &a), &report(1, "2018-05-06", &a)), None);
    }

    /// A report placed nowhere below a country, and the country is not
    /// the placed report's ("مقتل روس في غارة"): one incident only on the
    /// same day with the same toll of `ABROAD_TOLL` or more.
    #[test]
    fn a_report_with_no_place_joins_abroad_only_on_day_and_toll() {
        let placed = event(EventType::AirStrike, "2018-02-07", "Deir ez-Zor", Some(100));
        let cases: [(&str, Option<&str>, Option<u32>, bool); 6] = [
            ("2018-02-07", Some("RU"), Some(100), true),
            ("2018-02-07", None, Some(100), true),
            ("2018-02-08", Some("RU"), Some(100), false),
            ("2018-02-07", Some("RU"), Some(90), false),
            ("2018-02-07", Some("RU"), None, false),
            ("2018-02", Some("RU"), Some(100), false),
        ];
        for (date, country, killed, joins) in cases {
            let mut abroad = event(EventType::AirStrike, date, "", killed);
            (abroad.country, abroad.place, abroad.place_id) = (country.map(Into::into), None, None);
            let s =
                pair_score(&report(1, "2018-02-07", &placed), &report(2, "2018-02-20", &abroad));
            assert_eq!(s.is_some_and(|s| s >= THRESHOLD), joins, "{date} {country:?} {killed:?}");
        }
        // Placed in two countries, the same figures are two incidents.
        let mut other = placed.clone();
        (other.country, other.place_id) = (Some("IQ".into()), Some("test:Qaim".into()));
        other.place = Some("Qaim".into());
        assert_eq!(
            pair_score(&report(1, "2018-02-07", &placed), &report(2, "2018-02-07", &other)),
            None
        );
        // A plain attack agrees on too little with a day and a figure alone,
        // unless the wounded agree too; a battle's tally is no attack's toll.
        let mut plain = event(EventType::Attack, "2018-02-07", "", Some(100));
        (plain.country, plain.place, plain.place_id) = (Some("RU".into()), None, None);
        let mut attack = placed.clone();
        attack.event_type = EventType::Attack;
        let pair = |x: &Event, y: &Event| {
            pair_score(&report(1, "2018-02-07", x), &report(2, "2018-02-07", y))
                .is_some_and(|s| s >= THRESHOLD)
        };
        assert!(!pair(&attack, &plain));
        let wounded =
            Count { value: Some(2), qualifier: CountQualifier::Exact, evidence: Vec::new() };
        (attack.injured, plain.injured) = (Some(wounded.clone()), Some(wounded));
        assert!(pair(&attack, &plain));
        let mut battle = event(EventType::AirStrike, "2018-02-07", "", Some(100));
        (battle.country, battle.place, battle.place_id) = (Some("RU".into()), None, None);
        if let Some(k) = battle.killed.as_mut() {
            k.evidence.push(rasd_core::Evidence {
                span: rasd_core::Span { start: 0, end: 0 },
                text: "100".into(),
                rule: format!("number beside a casualty word ({})", rasd_core::BATTLE_TOTAL),
            });
        }
        assert!(!pair(&placed, &battle));
        // A small toll is shared by too many attacks of one day.
        let mut few = event(EventType::AirStrike, "2018-02-07", "", Some(4));
        (few.country, few.place, few.place_id) = (Some("RU".into()), None, None);
        let mut near = placed.clone();
        near.killed = few.killed.clone();
        assert_eq!(
            pair_score(&report(1, "2018-02-07", &near), &report(2, "2018-02-07", &few)),
            None
        );
    }

    #[test]
    fn best_toll_is_the_latest_report_and_the_range_is_kept() {
        let a = event(EventType::Bombing, "2018-05-06", "Khost", Some(12));
        let b = event(EventType::Bombing, "2018-05-06", "Khost", Some(17));
        let c = event(EventType::SuicideBombing, "2018-05-06", "Khost", Some(15));
        let rs = [
            report(1, "2018-05-06T08:00", &a),
            report(2, "2018-05-07T08:00", &b),
            report(3, "2018-05-06T20:00", &c),
        ];
        let i = summarize(7, &rs);
        let k = i.killed.unwrap();
        assert_eq!((k.best, k.min, k.max, k.reports), (Some(17), Some(12), Some(17), 3));
        assert!(k.rule.contains("2018-05-07"), "{}", k.rule);
        // Two bombings and one suicide bombing: the majority wins.
        assert_eq!(i.event_type, EventType::Bombing);
        assert_eq!(i.reports, 3);
        assert_eq!(i.date.as_deref(), Some("2018-05-06"));
    }

    /// A recap that dates the incident by its month ("الأسبوع الماضي")
    /// lowers no toll its day's reports give; a higher figure it gives
    /// still counts (the final toll told later).
    #[test]
    fn a_recap_dated_by_its_month_lowers_no_toll() {
        let day = event(EventType::AirStrike, "2018-03-16", "Kafr Batna", Some(87));
        let recap = event(EventType::AirStrike, "2018-03", "Kafr Batna", Some(30));
        let rs = [report(1, "2018-03-17T08:00", &day), report(2, "2018-03-20T10:00", &recap)];
        let k = summarize(7, &rs).killed.unwrap();
        assert_eq!((k.best, k.min, k.max), (Some(87), Some(30), Some(87)));
        assert!(k.rule.contains("2018-03-17"), "{}", k.rule);
        let higher = event(EventType::AirStrike, "2018-03", "Kafr Batna", Some(93));
        let rs = [report(1, "2018-03-17T08:00", &day), report(2, "2018-03-20T10:00", &higher)];
        assert_eq!(summarize(7, &rs).killed.unwrap().best, Some(93));
    }
}
