//! Early warnings, replayed day by day without look-ahead.
//!
//! The replay reads every report in order of publication. On each day D it
//! first takes in the reports published that day, then tests the rules on
//! the incidents and subjects they touched, using only what was published
//! by D. Running it to the last day gives the warnings for the data as it
//! stands; keeping the warnings of earlier days shows when each would have
//! been raised.
//!
//! When an incident happened: on its date when a report gives a day; on
//! its publication day when it is an undated headline event; otherwise
//! (a month, a year, an undated side remark) it is history and counts for
//! nothing. Warnings are about news: an incident first reported more than
//! `max_age_days` after it happened raises nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use jiff::civil::Date;
use rasd_core::{EventType, Status};
use rasd_store::Sighting;
use serde::Serialize;

use crate::config::{Config, Severity};
use crate::{Names, WatchError};

/// What a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A group strikes a country where it has had no recent incident.
    NewGround,
    /// Incidents rise above the subject's baseline.
    SurgeIncidents,
    /// Killed rise above the subject's baseline.
    SurgeKilled,
    /// A deadly incident.
    MassCasualty,
    /// A group seen for the first time.
    NewActor,
}

impl Kind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NewGround => "new_ground",
            Kind::SurgeIncidents => "surge_incidents",
            Kind::SurgeKilled => "surge_killed",
            Kind::MassCasualty => "mass_casualty",
            Kind::NewActor => "new_actor",
        }
    }
}

/// What a warning is about: a group, a country, or one incident.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Subject {
    /// `group`, `country` or `incident`.
    pub kind: String,
    /// The group's key, the country code, or the incident id.
    pub key: String,
    /// Its English name.
    pub name: String,
    /// Its Arabic name.
    pub name_ar: String,
}

/// One warning.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    /// Stable id (kind, subject, country, day).
    pub id: String,
    /// What sort of warning.
    pub kind: Kind,
    /// How bad.
    pub severity: Severity,
    /// The day it is raised: the day of the report that set it off.
    pub day: String,
    /// Its subject.
    pub subject: Subject,
    /// The country it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// One sentence in English.
    pub message_en: String,
    /// One sentence in Arabic.
    pub message_ar: String,
    /// The incidents behind it.
    pub incidents: Vec<i64>,
    /// The figures the rule tested (counts, baseline, p-value, z-score).
    pub figures: BTreeMap<String, f64>,
}

/// An incident as known on the replay's current day.
#[derive(Default)]
struct Known {
    day: Option<Date>,
    country: Option<String>,
    place: Option<String>,
    place_ar: Option<String>,
    event_type: Option<EventType>,
    /// Group key → (name, strongest status, reports tying it).
    groups: BTreeMap<String, (String, Status, usize)>,
    killed: Option<(String, u32)>,
    first_report: Option<Date>,
    mass_raised: bool,
    /// Groups already in `group_history` / `activity`, and whether the
    /// country's activity has it.
    in_history: HashSet<String>,
    in_activity: HashSet<String>,
    in_country: bool,
    /// Reports so far, and whether one of them names a method and a place.
    reports: usize,
    specific: bool,
    /// Whether a report gives the day (rather than the day being the
    /// publication day of an undated headline event).
    dated: bool,
}

impl Known {
    fn killed(&self) -> u32 {
        self.killed.as_ref().map_or(0, |k| k.1)
    }
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Claimed => 3,
        Status::Attributed => 2,
        Status::Suspected => 1,
    }
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Claimed => "claimed",
        Status::Attributed => "attributed",
        Status::Suspected => "suspected",
    }
}

fn day(s: &str) -> Option<Date> {
    s.get(..10).and_then(|d| d.parse().ok())
}

/// `n` days as a span; beyond the largest span of days (about 20,000
/// years) it is that span, so no setting or parameter can panic here.
fn days(n: i64) -> jiff::Span {
    const MAX: i64 = 7_304_484;
    jiff::Span::new().days(n.clamp(-MAX, MAX))
}

/// The Arabic name of a type, for messages.
pub fn type_ar(t: EventType) -> &'static str {
    match t {
        EventType::SuicideBombing => "تفجير انتحاري",
        EventType::Bombing => "تفجير",
        EventType::ArmedAssault => "هجوم مسلح",
        EventType::ArmedClash => "اشتباك مسلح",
        EventType::AirStrike => "غارة جوية",
        EventType::Shelling => "قصف",
        EventType::Kidnapping => "عملية اختطاف",
        EventType::Assassination => "عملية اغتيال",
        EventType::Attack => "هجوم",
    }
}

/// P(X ≥ x) for X ~ Poisson(λ).
pub fn poisson_tail(x: u64, lambda: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    // 1 − P(X ≤ x − 1), summed in log space for stability.
    let mut term = (-lambda).exp();
    let mut cdf = term;
    for k in 1..x {
        term *= lambda / k as f64;
        cdf += term;
    }
    (1.0 - cdf).max(0.0)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Robust z-score of `x` against `baseline`, on the log scale:
/// (log1p x − median) / max(1.4826 · MAD, floor).
pub fn robust_z(x: f64, baseline: &[f64], floor: f64) -> f64 {
    let mut logs: Vec<f64> = baseline.iter().map(|v| v.ln_1p()).collect();
    let m = median(&mut logs);
    let mut dev: Vec<f64> = logs.iter().map(|v| (v - m).abs()).collect();
    let mad = median(&mut dev);
    (x.ln_1p() - m) / (1.4826 * mad).max(floor)
}

/// The replay's state.
struct Watch<'a> {
    config: &'a Config,
    names: &'a dyn Names,
    incidents: HashMap<i64, Known>,
    /// Group key → (day, incident, country) of its incidents, by any tie.
    group_history: HashMap<String, Vec<(Date, i64, Option<String>)>>,
    /// Subject → (day, incident) of its counted incidents.
    activity: HashMap<(String, String), Vec<(Date, i64)>>,
    seen_groups: HashSet<String>,
    /// Group key → English name, as the reports give it.
    group_names: HashMap<String, String>,
    new_ground_raised: HashMap<(String, String), Date>,
    surge_raised: HashMap<(Kind, String, String), (Date, f64)>,
    first_day: Option<Date>,
    out: Vec<Warning>,
}

impl Watch<'_> {
    fn status_ok(list: &[String], s: Status) -> bool {
        list.iter().any(|x| x == status_name(s))
    }

    fn warmed_up(&self, d: Date, need: i64) -> bool {
        self.first_day.is_some_and(|f| (d - f).get_days() as i64 >= need)
    }

    fn describe(&self, inc: i64) -> (String, String) {
        let k = &self.incidents[&inc];
        let t = k.event_type.unwrap_or(EventType::Attack);
        let (cen, car) = k.country.as_deref().map(|c| self.names.country(c)).unwrap_or_default();
        let place_en = k.place.clone().unwrap_or_else(|| cen.clone());
        let place_ar = k.place_ar.clone().or_else(|| Some(car.clone()).filter(|c| !c.is_empty()));
        let date = k.day.map(|d| d.to_string()).unwrap_or_default();
        let killed = k.killed();
        let kind = t.as_str().replace('_', " ");
        let en = format!(
            "{} {kind} in {place_en} on {date}{}",
            if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
            if killed > 0 { format!(" ({killed} killed)") } else { String::new() }
        );
        let ar = format!(
            "{} في {} بتاريخ {date}{}",
            type_ar(t),
            place_ar.unwrap_or(place_en),
            if killed > 0 { format!(" أسفر عن مقتل {killed}") } else { String::new() }
        );
        (en, ar)
    }

    #[allow(clippy::too_many_arguments)]
    fn raise(
        &mut self,
        kind: Kind,
        severity: Severity,
        d: Date,
        subject: Subject,
        country: Option<String>,
        message_en: String,
        message_ar: String,
        incidents: Vec<i64>,
        figures: BTreeMap<String, f64>,
    ) {
        let id =
            format!("{}:{}:{}:{d}", kind.as_str(), subject.key, country.as_deref().unwrap_or("-"));
        self.out.push(Warning {
            id,
            kind,
            severity,
            day: d.to_string(),
            subject,
            country,
            message_en,
            message_ar,
            incidents,
            figures,
        });
    }

    /// Takes in one report published on `today`; returns whether it made
    /// its incident countable or changed it.
    fn take(&mut self, s: &Sighting, today: Date) -> Option<i64> {
        let inc = s.incident?;
        let k = self.incidents.entry(inc).or_default();
        k.first_report.get_or_insert(today);
        k.reports += 1;
        k.specific |= s.place.is_some() && s.event_type != EventType::Attack;
        let own_day = s.date.as_deref().filter(|d| d.len() == 10).and_then(day);
        let counted = own_day.or_else(|| (s.main && s.date.is_none()).then_some(today));
        if let Some(d) = own_day {
            k.day = Some(d);
            k.dated = true;
        } else if k.day.is_none() {
            k.day = counted;
        }
        let surge_ok = k.dated || !self.config.surge.dated_only;
        if k.country.is_none() {
            k.country.clone_from(&s.country);
        }
        if k.place.is_none() {
            k.place.clone_from(&s.place);
            k.place_ar.clone_from(&s.place_ar);
        }
        if k.event_type.is_none() || k.event_type == Some(EventType::Attack) {
            k.event_type = Some(s.event_type);
        }
        if let Some(v) = s.killed {
            k.killed = Some((today.to_string(), v));
        }
        for g in &s.groups {
            self.group_names.entry(g.key.clone()).or_insert_with(|| g.name.clone());
            let slot = k.groups.entry(g.key.clone()).or_insert((g.name.clone(), g.status, 0));
            slot.2 += 1;
            if rank(g.status) > rank(slot.1) {
                slot.1 = g.status;
            }
        }
        // Once it has a day, the incident enters each group's history (any
        // tie) and the activity counted for surges (a group's only when
        // claimed or stated, not suspected).
        let Some(d) = k.day else { return Some(inc) };
        if !(k.specific || k.reports >= self.config.replay.weak_reports) {
            return Some(inc);
        }
        let country = k.country.clone();
        for (key, (_, status, _)) in &k.groups {
            if k.in_history.insert(key.clone()) {
                self.group_history.entry(key.clone()).or_default().push((d, inc, country.clone()));
            }
            if surge_ok && *status != Status::Suspected && k.in_activity.insert(key.clone()) {
                self.activity.entry(("group".into(), key.clone())).or_default().push((d, inc));
            }
        }
        if let Some(c) = country
            && surge_ok
            && !k.in_country
        {
            k.in_country = true;
            self.activity.entry(("country".into(), c)).or_default().push((d, inc));
        }
        Some(inc)
    }

    fn check_incident(&mut self, inc: i64, today: Date) {
        let cfg = self.config;
        let Some(k) = self.incidents.get(&inc) else { return };
        let Some(d) = k.day else { return };
        if !(k.specific || k.reports >= cfg.replay.weak_reports) {
            return;
        }
        let age = (k.first_report.unwrap_or(today) - d).get_days() as i64;
        let country = k.country.clone();
        let groups: Vec<(String, String, Status, usize)> =
            k.groups.iter().map(|(key, (n, s, c))| (key.clone(), n.clone(), *s, *c)).collect();
        let killed = k.killed();
        let mass_raised = k.mass_raised;
        // Mass casualty.
        let mc = &cfg.mass_casualty;
        if mc.enabled && !mass_raised && killed >= mc.killed && age <= mc.max_age_days {
            if let Some(k) = self.incidents.get_mut(&inc) {
                k.mass_raised = true;
            }
            let (en, ar) = self.describe(inc);
            let severity =
                if killed >= mc.critical_killed { Severity::Critical } else { Severity::High };
            let figures = BTreeMap::from([("killed".to_string(), f64::from(killed))]);
            self.raise(
                Kind::MassCasualty,
                severity,
                today,
                Subject {
                    kind: "incident".into(),
                    key: inc.to_string(),
                    name: en.clone(),
                    name_ar: ar.clone(),
                },
                country.clone(),
                format!(
                    "Mass casualties: {en}, by the latest report, at or above the threshold of {}.",
                    mc.killed
                ),
                format!(
                    "خسائر بشرية كبيرة: {ar}، بحسب آخر التقارير، وهو ما يتجاوز عتبة {} قتيلاً.",
                    mc.killed
                ),
                vec![inc],
                figures,
            );
        }
        // New actor and new ground, per group tied to the incident.
        for (key, name, status, support) in groups {
            let is_group = key.starts_with("group:");
            let na = &cfg.new_actor;
            if !self.seen_groups.contains(&key) {
                self.seen_groups.insert(key.clone());
                if na.enabled
                    && (is_group || !na.groups_only)
                    && Self::status_ok(&na.statuses, status)
                    && age <= na.max_age_days
                    && self.warmed_up(d, cfg.replay.warmup_days)
                {
                    let (group_en, group_ar) = self.names.group(&key, &name);
                    let (en, ar) = self.describe(inc);
                    self.raise(
                        Kind::NewActor,
                        na.severity,
                        today,
                        Subject { kind: "group".into(), key: key.clone(), name: group_en.clone(), name_ar: group_ar.clone() },
                        country.clone(),
                        format!("New actor: {group_en} appears in rasd's records for the first time ({}): {en}.", status_name(status)),
                        format!("جهة جديدة: تظهر {group_ar} في سجلات رصد للمرة الأولى: {ar}."),
                        vec![inc],
                        BTreeMap::new(),
                    );
                }
            }
            let ng = &cfg.new_ground;
            let Some(c) = country.clone() else { continue };
            if !ng.enabled
                || (ng.groups_only && !is_group)
                || !Self::status_ok(&ng.statuses, status)
                || (status != Status::Claimed && support < ng.min_reports_unclaimed)
                || age > ng.max_age_days
                || !self.warmed_up(d, cfg.replay.warmup_days)
            {
                continue;
            }
            if self
                .new_ground_raised
                .get(&(key.clone(), c.clone()))
                .is_some_and(|last| (d - *last).get_days() as i64 <= ng.lookback_days)
            {
                continue;
            }
            let since = d.saturating_sub(days(ng.lookback_days));
            let history = self.group_history.get(&key).map(Vec::as_slice).unwrap_or(&[]);
            let here = history.iter().any(|(hd, hi, hc)| {
                *hi != inc && hc.as_deref() == Some(c.as_str()) && *hd >= since && *hd <= d
            });
            let elsewhere: HashSet<i64> = history
                .iter()
                .filter(|(hd, hi, hc)| {
                    *hi != inc && hc.as_deref() != Some(c.as_str()) && *hd >= since && *hd <= d
                })
                .map(|h| h.1)
                .collect();
            if here || elsewhere.len() < ng.min_prior_incidents {
                continue;
            }
            self.new_ground_raised.insert((key.clone(), c.clone()), d);
            let (group_en, group_ar) = self.names.group(&key, &name);
            let (cen, car) = self.names.country(&c);
            let (en, ar) = self.describe(inc);
            let severity =
                if killed >= ng.critical_killed { Severity::Critical } else { ng.severity };
            let figures = BTreeMap::from([
                ("incidents_elsewhere".to_string(), elsewhere.len() as f64),
                ("lookback_days".to_string(), ng.lookback_days as f64),
            ]);
            self.raise(
                Kind::NewGround,
                severity,
                today,
                Subject { kind: "group".into(), key: key.clone(), name: group_en.clone(), name_ar: group_ar.clone() },
                Some(c.clone()),
                format!(
                    "New ground: {group_en} is tied ({}) to {en}, its first incident in {cen} in the {} days rasd looks back, after {} elsewhere.",
                    status_name(status),
                    ng.lookback_days,
                    elsewhere.len()
                ),
                format!(
                    "ساحة جديدة: تُنسب إلى {group_ar} عملية في {car} هي الأولى لها هناك خلال {} يوماً سابقة، وهي {ar}، بعد {} حوادث في بلدان أخرى.",
                    ng.lookback_days,
                    elsewhere.len()
                ),
                vec![inc],
                figures,
            );
        }
    }

    fn check_surge(&mut self, subject: (String, String), today: Date) {
        let cfg = &self.config.surge;
        let w = cfg.window_days;
        let b = cfg.baseline_weeks;
        if !self.warmed_up(today, w + 7 * b) {
            return;
        }
        let Some(acts) = self.activity.get(&subject) else { return };
        let window_start = today.saturating_sub(days(w - 1));
        let in_window: Vec<i64> = {
            let mut v: Vec<i64> = acts
                .iter()
                .filter(|(d, _)| *d >= window_start && *d <= today)
                .map(|a| a.1)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        if in_window.is_empty() {
            return;
        }
        let mut weekly_counts = vec![0u64; b as usize];
        let mut weekly_killed = vec![0f64; b as usize];
        let mut seen: HashSet<i64> = HashSet::new();
        for (d, inc) in acts {
            let before = (window_start - *d).get_days() as i64;
            if before >= 1 && before <= 7 * b && seen.insert(*inc) {
                let week = ((before - 1) / 7) as usize;
                weekly_counts[week] += 1;
                weekly_killed[week] += f64::from(self.incidents[inc].killed());
            }
        }
        let x = in_window.len() as u64;
        // A surge in deaths must not rest on one incident (that is a mass
        // casualty warning's job, and one misread toll would set it off):
        // the deadliest incident of the window is left out of the sum.
        let tolls: Vec<u64> =
            in_window.iter().map(|i| u64::from(self.incidents[i].killed())).collect();
        let killed: u64 = tolls.iter().sum::<u64>() - tolls.iter().max().copied().unwrap_or(0);
        let lambda = (weekly_counts.iter().sum::<u64>() as f64 + cfg.prior_incidents)
            / (b as f64 + cfg.prior_weeks)
            * (w as f64 / 7.0);
        let p = poisson_tail(x, lambda);
        let z = robust_z(killed as f64, &weekly_killed, cfg.min_spread);
        let surge =
            x >= cfg.min_incidents && p <= cfg.max_p_value && x as f64 >= cfg.min_ratio * lambda;
        let deadly = killed >= cfg.min_killed && z >= cfg.killed_z;
        if !surge && !deadly {
            return;
        }
        let (name, name_ar) = if subject.0 == "group" {
            let n = self.group_names.get(&subject.1).cloned().unwrap_or_else(|| subject.1.clone());
            self.names.group(&subject.1, &n)
        } else {
            self.names.country(&subject.1)
        };
        let country = (subject.0 == "country").then(|| subject.1.clone());
        let subj = Subject {
            kind: subject.0.clone(),
            key: subject.1.clone(),
            name: name.clone(),
            name_ar: name_ar.clone(),
        };
        if surge && self.cool(Kind::SurgeIncidents, &subject, today, x as f64) {
            let severity =
                if p <= cfg.max_p_value / 1000.0 { Severity::High } else { Severity::Medium };
            let figures = BTreeMap::from([
                ("incidents".to_string(), x as f64),
                ("baseline_per_window".to_string(), (lambda * 100.0).round() / 100.0),
                ("p_value".to_string(), p),
            ]);
            self.raise(
                Kind::SurgeIncidents,
                severity,
                today,
                subj.clone(),
                country.clone(),
                format!(
                    "Surge: {x} incidents involving {name} in the {w} days to {today}, against a baseline of {lambda:.1} (Poisson p = {p:.1e})."
                ),
                format!(
                    "تصاعد: {x} حوادث مرتبطة بـ{name_ar} خلال {w} أيام حتى {today}، مقابل معدل معتاد قدره {lambda:.1} (p = {p:.1e})."
                ),
                in_window.clone(),
                figures,
            );
        }
        if deadly && self.cool(Kind::SurgeKilled, &subject, today, killed as f64) {
            let base = median(&mut weekly_killed.clone());
            let severity = if z >= 2.0 * cfg.killed_z { Severity::High } else { Severity::Medium };
            let figures = BTreeMap::from([
                ("killed".to_string(), killed as f64),
                ("baseline_median_per_week".to_string(), base),
                ("robust_z".to_string(), (z * 100.0).round() / 100.0),
            ]);
            self.raise(
                Kind::SurgeKilled,
                severity,
                today,
                subj,
                country,
                format!(
                    "Surge in deaths: {killed} killed in incidents involving {name} in the {w} days to {today}, not counting the deadliest, against a weekly median of {base:.0} (robust z = {z:.1})."
                ),
                format!(
                    "تصاعد في عدد القتلى: {killed} قتيلاً في حوادث مرتبطة بـ{name_ar} خلال {w} أيام حتى {today} دون احتساب أكثرها دموية، مقابل وسيط أسبوعي قدره {base:.0}."
                ),
                in_window,
                figures,
            );
        }
    }

    /// Whether a surge may be raised: not within the cooldown of the last,
    /// unless the figure has doubled. Records it when it may.
    fn cool(&mut self, kind: Kind, subject: &(String, String), today: Date, value: f64) -> bool {
        let key = (kind, subject.0.clone(), subject.1.clone());
        if let Some((last, v)) = self.surge_raised.get(&key)
            && (today - *last).get_days() as i64 <= self.config.surge.cooldown_days
            && value < 2.0 * v
        {
            return false;
        }
        self.surge_raised.insert(key, (today, value));
        true
    }
}

/// The first day of steady coverage: the first day from which the week's
/// reports reach a fifth of a typical week's (the median over the data). A
/// stray old article, or a thin archive before a feed began in earnest,
/// does not start the history, so it cannot end the warm-up early or serve
/// as an empty baseline.
pub fn coverage_start(sightings: &[Sighting]) -> Option<Date> {
    steady_start(sightings.iter().filter_map(|s| s.published.as_deref().and_then(day)).collect())
}

/// How much news the watch has to go on: the days from steady coverage to
/// the latest report, against the warm-up the rules need before they
/// raise anything. It tells a user why an empty list of warnings is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The first day of steady coverage ([`coverage_start`]).
    pub first_day: Option<String>,
    /// The latest report's day.
    pub last_day: Option<String>,
    /// Days from the first to the last.
    pub days: i64,
    /// Days of coverage the rules need first (`replay.warmup_days`).
    pub warmup_days: i64,
}

impl Coverage {
    /// Why no warning can be raised yet, when that is so.
    pub fn explain(&self) -> Option<String> {
        let (Some(first), Some(last)) = (&self.first_day, &self.last_day) else {
            return Some("no reports are stored yet, so no warning can be raised".into());
        };
        (self.days < self.warmup_days).then(|| {
            format!(
                "the reports cover {} days ({first} to {last}) and the rules raise warnings only after {} days of steady coverage (replay.warmup_days in data/watch/alerts.toml)",
                self.days, self.warmup_days
            )
        })
    }
}

/// The coverage of a set of reports under a configuration.
pub fn coverage(sightings: &[Sighting], config: &Config) -> Coverage {
    let first = coverage_start(sightings);
    let last = sightings.iter().filter_map(|s| s.published.as_deref().and_then(day)).max();
    Coverage {
        first_day: first.map(|d| d.to_string()),
        last_day: last.map(|d| d.to_string()),
        days: match (first, last) {
            (Some(f), Some(l)) => i64::from((l - f).get_days()),
            _ => 0,
        },
        warmup_days: config.replay.warmup_days,
    }
}

/// [`coverage_start`] over the days of the reports (one entry per report).
pub fn steady_start(mut days: Vec<Date>) -> Option<Date> {
    days.sort_unstable();
    let mut counts: Vec<(Date, usize)> = Vec::new();
    for d in days {
        match counts.last_mut() {
            Some((last, n)) if *last == d => *n += 1,
            _ => counts.push((d, 1)),
        }
    }
    let weekly: Vec<usize> = (0..counts.len())
        .map(|i| {
            counts[i..]
                .iter()
                .take_while(|(d, _)| (*d - counts[i].0).get_days() < 7)
                .map(|c| c.1)
                .sum()
        })
        .collect();
    let mut sorted = weekly.clone();
    sorted.sort_unstable();
    let typical = *sorted.get(sorted.len() / 2)? as f64;
    weekly.iter().position(|w| *w as f64 >= 0.2 * typical).map(|i| counts[i].0)
}

/// Replays the reports (in order of publication) and returns every
/// warning raised on a day in `from..=to` (all days when `None`).
pub fn replay(
    sightings: &[Sighting],
    config: &Config,
    names: &dyn Names,
    from: Option<Date>,
    to: Option<Date>,
) -> Vec<Warning> {
    replay_within(sightings, config, names, from, to, None)
        .expect("without a deadline the replay always finishes")
}

/// [`replay`], stopped with [`WatchError::TooSlow`] once `deadline` has
/// passed: a server replays within a budget, so that no request can make
/// it work without end. The clock is read once per day of reports and
/// once per incident a day touches, so the time past the deadline is at
/// most one incident's rules.
pub fn replay_within(
    sightings: &[Sighting],
    config: &Config,
    names: &dyn Names,
    from: Option<Date>,
    to: Option<Date>,
    deadline: Option<Instant>,
) -> Result<Vec<Warning>, WatchError> {
    let late = || deadline.is_some_and(|d| Instant::now() >= d);
    let mut w = Watch {
        config,
        names,
        incidents: HashMap::new(),
        group_history: HashMap::new(),
        activity: HashMap::new(),
        seen_groups: HashSet::new(),
        group_names: HashMap::new(),
        new_ground_raised: HashMap::new(),
        surge_raised: HashMap::new(),
        first_day: None,
        out: Vec::new(),
    };
    w.first_day = coverage_start(sightings);
    let mut i = 0;
    while i < sightings.len() {
        let Some(today) = sightings[i].published.as_deref().and_then(day) else {
            i += 1;
            continue;
        };
        if to.is_some_and(|t| today > t) {
            break;
        }
        if late() {
            return Err(WatchError::TooSlow { reports: i, of: sightings.len() });
        }
        if w.first_day.is_some_and(|f| today < f) {
            // Before steady coverage: history, but no warning.
            while i < sightings.len()
                && sightings[i].published.as_deref().and_then(day) == Some(today)
            {
                w.take(&sightings[i], today);
                i += 1;
            }
            continue;
        }
        let mut touched: Vec<i64> = Vec::new();
        while i < sightings.len() && sightings[i].published.as_deref().and_then(day) == Some(today)
        {
            if let Some(inc) = w.take(&sightings[i], today) {
                touched.push(inc);
            }
            i += 1;
        }
        touched.sort_unstable();
        touched.dedup();
        let start = w.out.len();
        let mut subjects: Vec<(String, String)> = Vec::new();
        for inc in &touched {
            if late() {
                return Err(WatchError::TooSlow { reports: i, of: sightings.len() });
            }
            w.check_incident(*inc, today);
            let k = &w.incidents[inc];
            if k.day.is_none() {
                continue;
            }
            for s in &config.surge.subjects {
                if s == "group" {
                    subjects.extend(k.in_activity.iter().map(|g| ("group".to_string(), g.clone())));
                } else if let Some(c) = &k.country {
                    subjects.push(("country".into(), c.clone()));
                }
            }
        }
        if config.surge.enabled {
            subjects.sort();
            subjects.dedup();
            for s in subjects {
                w.check_surge(s, today);
            }
        }
        if from.is_some_and(|f| today < f) {
            w.out.truncate(start);
        }
    }
    Ok(w.out)
}

/// The warnings of a period: replayed from `since` when given, else over
/// the last `days` days up to the latest report (the data as it stands),
/// stopping after `until`.
pub fn warnings(
    sightings: &[Sighting],
    config: &Config,
    names: &dyn Names,
    since: Option<Date>,
    until: Option<Date>,
    days: i64,
) -> Vec<Warning> {
    let last = last_day(sightings);
    replay(sightings, config, names, period_start(last, since, days), until)
}

/// The day of the latest report.
fn last_day(sightings: &[Sighting]) -> Option<Date> {
    sightings.iter().filter_map(|s| s.published.as_deref().and_then(day)).max()
}

/// The first day of a period of warnings: `since`, else the last `days`
/// days up to `last`.
fn period_start(last: Option<Date>, since: Option<Date>, days: i64) -> Option<Date> {
    since.or_else(|| last.map(|l| l.saturating_sub(self::days(days.max(1) - 1))))
}

/// Every warning of one full replay, and the day of the latest report:
/// what the warnings of any period are cut from. Because the replay has
/// no look-ahead, [`Replayed::period`] gives exactly what [`warnings`]
/// gives for the same period, so a server replays once per change of the
/// data however many periods it is asked for.
#[derive(Clone, Debug)]
pub struct Replayed {
    /// Every warning, in the order raised.
    pub warnings: Vec<Warning>,
    last: Option<Date>,
}

impl Replayed {
    /// Replays every report, within `deadline` when one is given.
    pub fn new(
        sightings: &[Sighting],
        config: &Config,
        names: &dyn Names,
        deadline: Option<Instant>,
    ) -> Result<Replayed, WatchError> {
        let warnings = replay_within(sightings, config, names, None, None, deadline)?;
        Ok(Replayed { warnings, last: last_day(sightings) })
    }

    /// The warnings [`warnings`] gives for the same arguments.
    pub fn period(&self, since: Option<Date>, until: Option<Date>, days: i64) -> Vec<Warning> {
        let from = period_start(self.last, since, days);
        self.warnings
            .iter()
            .filter(|w| {
                let d = day(&w.day);
                from.is_none_or(|f| d.is_some_and(|d| d >= f))
                    && until.is_none_or(|u| d.is_some_and(|d| d <= u))
            })
            .cloned()
            .collect()
    }
}
