//! The watch: trends per group, country and type, and early warnings.
//!
//! [`trends`] counts incidents and killed per period for any filter the
//! queries accept and draws them ([`plot`]); [`alerts::replay`] reads the
//! reports in order of publication and raises warnings (new ground,
//! surges, mass casualties, new actors) as they would have been raised on
//! the day, from rules in a readable file ([`config`]), weighed against
//! how much the archive holds ([`archive`]); [`atom`] writes
//! them as a feed analysts can subscribe to; [`desk`] gives them the keys
//! the desk keeps their states under.

pub mod alerts;
pub mod archive;
pub mod atom;
pub mod config;
pub mod desk;
pub mod plot;
pub mod trends;

pub use alerts::{
    Coverage, Kind, Replayed, State, Warning, as_news, coverage, replay, replay_within, warnings,
};
pub use archive::{Archive, Gap};
pub use config::{Config, Severity};

/// English and Arabic names for what the watch talks about.
pub trait Names {
    /// A group's or force's names, from its key and English name.
    fn group(&self, key: &str, name: &str) -> (String, String);
    /// A country's names, from its ISO code.
    fn country(&self, code: &str) -> (String, String);
    /// The countries a group is known to operate in, its branches'
    /// included (ISO codes; empty when nothing is known). Where rasd's own
    /// records do not reach back the whole look-back, this is what tells
    /// new ground from a country the group has long fought in.
    fn group_countries(&self, _key: &str) -> Vec<String> {
        Vec::new()
    }
}

/// Names from the lexicon: Arabic group and country names.
pub struct LexiconNames<'a>(pub &'a rasd_lexicon::Lexicon);

impl Names for LexiconNames<'_> {
    fn group(&self, key: &str, name: &str) -> (String, String) {
        let ar = key
            .strip_prefix("group:")
            .and_then(|id| self.0.group_by_id(id))
            .and_then(|(_, g)| g.aliases_ar.first().cloned())
            .unwrap_or_else(|| name.to_string());
        (name.to_string(), ar)
    }

    fn group_countries(&self, key: &str) -> Vec<String> {
        let Some((root, _)) = key.strip_prefix("group:").and_then(|id| self.0.group_by_id(id))
        else {
            return Vec::new();
        };
        let groups = &self.0.groups;
        // A group and every group whose chain of parents reaches it (the
        // chain is short; the bound keeps a cycle in the data harmless).
        let under = |mut g: u32| {
            for _ in 0..8 {
                if g == root {
                    return true;
                }
                match groups[g as usize].parent {
                    Some(p) => g = p,
                    None => return false,
                }
            }
            false
        };
        let mut out: Vec<String> = (0..groups.len() as u32)
            .filter(|g| under(*g))
            .flat_map(|g| groups[g as usize].countries.iter().cloned())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn country(&self, code: &str) -> (String, String) {
        match self.0.country(code) {
            Some(p) => {
                (p.name.clone(), p.names_ar.first().cloned().unwrap_or_else(|| p.name.clone()))
            }
            None => (code.to_string(), code.to_string()),
        }
    }
}

/// Names when no lexicon is at hand: the English name twice.
pub struct PlainNames;

impl Names for PlainNames {
    fn group(&self, _key: &str, name: &str) -> (String, String) {
        (name.to_string(), name.to_string())
    }

    fn country(&self, code: &str) -> (String, String) {
        (code.to_string(), code.to_string())
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// A bad rules file.
    #[error("{0}")]
    Config(String),
    /// The picture could not be drawn or written.
    #[error("{0}")]
    Plot(String),
    /// The replay ran past its deadline.
    #[error(
        "the warnings took longer than this server allows ({reports} of {of} reports replayed)"
    )]
    TooSlow {
        /// Reports taken in when it stopped.
        reports: usize,
        /// Reports in all.
        of: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_groups_known_countries_take_in_its_branches_not_its_parent() {
        let lex = rasd_lexicon::Lexicon::load().expect("the shipped lexicon loads");
        let names = LexiconNames(&lex);
        // Pakistan is the Khorasan branch's, so the movement is known there.
        let is = names.group_countries("group:islamic-state");
        assert!(is.iter().any(|c| c == "PK") && is.iter().any(|c| c == "IQ"), "{is:?}");
        // The branch does not inherit the movement's countries.
        let branch = names.group_countries("group:iskp");
        assert!(
            branch.iter().any(|c| c == "AF") && !branch.iter().any(|c| c == "IQ"),
            "{branch:?}"
        );
        assert!(names.group_countries("group:no-such-group").is_empty());
        assert!(PlainNames.group_countries("group:islamic-state").is_empty());
    }
}
