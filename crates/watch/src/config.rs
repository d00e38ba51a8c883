//! The rules and thresholds of the warnings, read from a TOML file whose
//! defaults ship as `data/watch/alerts.toml`.

use serde::{Deserialize, Serialize};

use crate::WatchError;

/// The shipped defaults, with a comment on every key.
pub const DEFAULT_TOML: &str = include_str!("../../../data/watch/alerts.toml");

/// How bad a warning is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Worth a note in the brief.
    Medium,
    /// Worth the brief's first line.
    High,
    /// Worth a call.
    Critical,
}

impl Severity {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// Replay settings.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Replay {
    /// Days of history before "new" warnings may be raised.
    pub warmup_days: i64,
    /// Reports needed before an incident that no report places or types
    /// counts.
    pub weak_reports: usize,
    /// Incidents of one country whose days are at most this far apart,
    /// of one family of types and at one place (or with no place), are one
    /// episode: an attack that linking split.
    pub merge_days: i64,
}

/// How much of a normal week the archive must hold.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CoverageRules {
    /// A week holding fewer articles than this share of a normal week is
    /// a gap: no baseline uses it, and warnings resting on it say so.
    pub min_share: f64,
}

/// A group in a country where it has no recent incident.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewGround {
    /// On or off.
    pub enabled: bool,
    /// How far back "no incident there" looks.
    pub lookback_days: i64,
    /// Which ties count ("claimed", "attributed", "suspected").
    pub statuses: Vec<String>,
    /// Incidents elsewhere the group must have in the lookback.
    pub min_prior_incidents: usize,
    /// Reports that must tie the group to the incident when it has not
    /// claimed it.
    pub min_reports_unclaimed: usize,
    /// Oldest incident, in days before its first report, that counts.
    pub max_age_days: i64,
    /// Armed groups only, not state forces.
    pub groups_only: bool,
    /// Severity.
    pub severity: Severity,
    /// Killed at which it becomes critical.
    pub critical_killed: u32,
    /// Severity when rasd's records do not reach back the whole lookback
    /// for the country ("first in rasd's records since …").
    pub partial_severity: Severity,
}

/// A rise above a subject's own baseline.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Surge {
    /// On or off.
    pub enabled: bool,
    /// "group" and/or "country".
    pub subjects: Vec<String>,
    /// Count only incidents whose day a report gives.
    pub dated_only: bool,
    /// Length of the window tested, in days.
    pub window_days: i64,
    /// Weeks of baseline before the window.
    pub baseline_weeks: i64,
    /// Fewest incidents in the window for a surge.
    pub min_incidents: u64,
    /// Largest p-value of the Poisson test.
    pub max_p_value: f64,
    /// Smallest ratio of the window's count to the baseline rate.
    pub min_ratio: f64,
    /// Pseudo-incidents added to the baseline.
    pub prior_incidents: f64,
    /// Pseudo-weeks added to the baseline.
    pub prior_weeks: f64,
    /// Fewest killed in the window for a killed surge.
    pub min_killed: u64,
    /// Robust z-score (log scale) for a killed surge.
    pub killed_z: f64,
    /// Floor of the baseline's spread (MAD, log scale).
    pub min_spread: f64,
    /// Covered weeks a baseline needs; fewer, and no surge is tested.
    pub min_baseline_weeks: i64,
    /// How far back, in weeks before the window, a baseline may reach to
    /// find `baseline_weeks` covered weeks.
    pub max_baseline_span: i64,
    /// A surge warning that held within this many days is updated rather
    /// than raised again: one warning per episode.
    pub episode_gap_days: i64,
    /// A surge of one subject whose window's incidents are at least this
    /// share of an open surge's of another subject (a country and its
    /// army) joins that warning instead of raising its own.
    pub same_episode_share: f64,
}

/// A deadly incident.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MassCasualty {
    /// On or off.
    pub enabled: bool,
    /// Killed at which it is raised (high).
    pub killed: u32,
    /// Killed at which it is critical.
    pub critical_killed: u32,
    /// Oldest incident, in days before the report, that counts; also the
    /// days within which a lead must be confirmed to become a warning.
    pub max_age_days: i64,
    /// Tolls at which a raised warning is raised again.
    pub raise_again_at: Vec<u32>,
    /// Severity of an unconfirmed lead (one report alone gives the toll).
    pub unconfirmed_severity: Severity,
    /// From this many killed up, a toll is a war's or a campaign's figure,
    /// not one incident's.
    pub implausible_killed: u32,
    /// The same for an air strike or a shelling.
    pub implausible_killed_strike: u32,
    /// The same for a kidnapping or an assassination.
    pub implausible_killed_targeted: u32,
    /// Words (parts of words) of a headline about deaths or an attack: a
    /// toll told by one article alone raises a warning only when its
    /// headline holds one.
    pub headline_words: Vec<String>,
    /// Words (parts of words) of a headline about a disaster or an
    /// accident: a toll that only such articles give raises no new
    /// warning, unless the headline also holds one of `attack_words`.
    pub not_violence_words: Vec<String>,
    /// Words (parts of words) of a headline about an attack.
    pub attack_words: Vec<String>,
    /// Only an incident of a named method (a bombing, an air strike …),
    /// not a plain "attack", raises a new warning.
    pub method_required: bool,
    /// Articles that must give the toll when none tells it as its
    /// headline event.
    pub background_reports: usize,
    /// Days apart within which two incidents of one country can be one
    /// attack: by a toll they share, or (a battle) by one place.
    pub same_attack_days: i64,
    /// Two tolls are one attack's when the smaller is at least this share
    /// of the larger.
    pub same_toll_share: f64,
}

/// A group seen for the first time.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewActor {
    /// On or off.
    pub enabled: bool,
    /// Which ties count.
    pub statuses: Vec<String>,
    /// Armed groups only.
    pub groups_only: bool,
    /// Oldest incident, in days before the report, that counts.
    pub max_age_days: i64,
    /// Severity.
    pub severity: Severity,
}

/// Every rule.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    /// Replay.
    pub replay: Replay,
    /// Coverage of the archive.
    pub coverage: CoverageRules,
    /// New ground.
    pub new_ground: NewGround,
    /// Surge.
    pub surge: Surge,
    /// Mass casualty.
    pub mass_casualty: MassCasualty,
    /// New actor.
    pub new_actor: NewActor,
}

impl Default for Config {
    fn default() -> Config {
        toml::from_str(DEFAULT_TOML).expect("the shipped alerts.toml is valid")
    }
}

fn merge(base: &mut toml::Value, over: toml::Value) {
    match (base, over) {
        (toml::Value::Table(b), toml::Value::Table(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

impl Config {
    /// Reads a config file's text over the defaults: keys it leaves out
    /// keep their default values. `name` is for messages.
    pub fn parse(name: &str, text: &str) -> Result<Config, WatchError> {
        let bad = |e: &dyn std::fmt::Display| WatchError::Config(format!("{name}: {e}"));
        let mut base: toml::Value = toml::from_str(DEFAULT_TOML).map_err(|e| bad(&e))?;
        let over: toml::Value = toml::from_str(text).map_err(|e| bad(&e))?;
        merge(&mut base, over);
        let c: Config = base.try_into().map_err(|e| bad(&e))?;
        for s in c.new_ground.statuses.iter().chain(&c.new_actor.statuses) {
            if !matches!(s.as_str(), "claimed" | "attributed" | "suspected") {
                return Err(bad(&format!("unknown status {s:?} (claimed, attributed, suspected)")));
            }
        }
        if !(0.0..=1.0).contains(&c.coverage.min_share) {
            return Err(bad(&"coverage.min_share must be between 0 and 1"));
        }
        for s in &c.surge.subjects {
            if !matches!(s.as_str(), "group" | "country") {
                return Err(bad(&format!("unknown surge subject {s:?} (group, country)")));
            }
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_is_the_default_and_a_partial_file_overrides_it() {
        let d = Config::default();
        assert_eq!(d.mass_casualty.killed, 50);
        let c = Config::parse("mine.toml", "[mass_casualty]\nkilled = 25\n").unwrap();
        assert_eq!(c.mass_casualty.killed, 25);
        assert_eq!(c.mass_casualty.critical_killed, d.mass_casualty.critical_killed);
        assert_eq!(c.surge.baseline_weeks, d.surge.baseline_weeks);
        let e = Config::parse("bad.toml", "[new_ground]\nstatuses = [\"rumoured\"]\n").unwrap_err();
        assert!(e.to_string().contains("bad.toml: unknown status"), "{e}");
        assert!(Config::parse("x.toml", "[surge\n").is_err());
    }
}
