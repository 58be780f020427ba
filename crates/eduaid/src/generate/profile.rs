//! The generator's profile of the 1215 programme, as data
//! (`data/generator-1215.json`): how often each project reports and to
//! which units, the range of each measure's values, how often each
//! breakdown value and funding source comes up, and which codes play the
//! parts the generator gives special shapes. A code it does not list takes
//! the profile's default, so any programme can be generated.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// How a project's entries relate to schools and pairings.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Role {
    /// Area only.
    Area,
    /// Often a school of the area, sometimes under one of its pairings.
    School,
    /// Often the area's vocational school.
    Vocational,
    /// A supported school of a school pairing, under that pairing.
    SchoolPairing,
    /// Under the area's district-county pairing.
    DistrictPairing,
    /// Sometimes under the area's district-county pairing.
    Training,
}

/// How one project's entries are made.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectProfile {
    /// Its share of the entries, against the other projects' weights.
    pub(super) weight: u64,
    pub(super) role: Role,
    /// Its money entries ten times as large (building works).
    #[serde(default)]
    pub(super) big_funds: bool,
    /// Its money mostly from the social-capital source (nutritious meals).
    #[serde(default)]
    pub(super) social_capital: bool,
}

/// The profile (see the module's docs).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Profile {
    #[allow(dead_code, reason = "for the file's reader; a test checks it")]
    format: String,
    #[allow(dead_code, reason = "for the file's reader")]
    about: String,
    projects: BTreeMap<String, ProjectProfile>,
    default_project: ProjectProfile,
    /// Lowest and highest value, in base units, by `measure` or
    /// `measure/breakdown`.
    values: BTreeMap<String, (i64, i64)>,
    default_values: (i64, i64),
    breakdown_weights: BTreeMap<String, u64>,
    default_breakdown_weight: u64,
    source_weights: BTreeMap<String, u64>,
    default_source_weight: u64,
    /// The breakdown value of funds for deeply poor areas.
    pub(super) deep_poverty_breakdown: String,
    /// The breakdown value of funds not targeted.
    pub(super) general_breakdown: String,
    /// The funding source of social capital.
    pub(super) social_capital_source: String,
}

impl Profile {
    /// The profile of the 1215 programme, embedded in the crate.
    pub(super) fn canonical() -> &'static Profile {
        static PROFILE: OnceLock<Profile> = OnceLock::new();
        PROFILE.get_or_init(|| {
            serde_json::from_str(include_str!("../../data/generator-1215.json"))
                .expect("the embedded generator profile is valid (tested)")
        })
    }

    pub(super) fn project(&self, code: &str) -> ProjectProfile {
        self.projects
            .get(code)
            .copied()
            .unwrap_or(self.default_project)
    }

    /// The range of a measure's values under a breakdown value.
    pub(super) fn value_range(&self, measure: &str, breakdown: Option<&str>) -> (i64, i64) {
        breakdown
            .and_then(|b| self.values.get(&format!("{measure}/{b}")))
            .or_else(|| self.values.get(measure))
            .copied()
            .unwrap_or(self.default_values)
    }

    pub(super) fn breakdown_weight(&self, code: &str) -> u64 {
        let w = self.breakdown_weights.get(code);
        w.copied().unwrap_or(self.default_breakdown_weight)
    }

    pub(super) fn source_weight(&self, code: &str) -> u64 {
        let w = self.source_weights.get(code);
        w.copied().unwrap_or(self.default_source_weight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Measure, Programme};

    #[test]
    fn the_embedded_profile_names_codes_of_the_canonical_programme() {
        let p = Profile::canonical();
        assert_eq!(p.format, "eduaid-generator-profile/1");
        let canonical = Programme::canonical();
        let projects: Vec<&str> = canonical
            .projects()
            .iter()
            .map(|x| x.code().as_str())
            .collect();
        for code in p.projects.keys() {
            assert!(projects.contains(&code.as_str()), "project {code}");
        }
        let measures = Measure::canonical();
        let breakdown_of = |b: &str| {
            measures
                .iter()
                .any(|m| m.breakdowns().iter().any(|x| x.as_str() == b))
        };
        for key in p.values.keys() {
            let (m, b) = key
                .split_once('/')
                .map_or((key.as_str(), None), |(m, b)| (m, Some(b)));
            let measure = measures.iter().find(|x| x.code().as_str() == m);
            assert!(measure.is_some(), "values of measure {m}");
            if let Some(b) = b {
                assert!(
                    measure
                        .unwrap()
                        .breakdowns()
                        .iter()
                        .any(|x| x.as_str() == b),
                    "{key}"
                );
            }
        }
        for (lo, hi) in p.values.values().chain([&p.default_values]) {
            assert!(0 < *lo && lo <= hi);
        }
        for b in p
            .breakdown_weights
            .keys()
            .chain([&p.deep_poverty_breakdown, &p.general_breakdown])
        {
            assert!(breakdown_of(b), "breakdown {b}");
        }
        let sources: Vec<&str> = canonical
            .sources()
            .iter()
            .map(|x| x.code().as_str())
            .collect();
        for s in p.source_weights.keys().chain([&p.social_capital_source]) {
            assert!(sources.contains(&s.as_str()), "source {s}");
        }
        // A breakdown's own range before its measure's, a default for the rest.
        assert_eq!(p.value_range("people-trained", Some("in-beijing")), (2, 40));
        assert_eq!(p.value_range("people-trained", Some("local")), (10, 300));
        assert_eq!(p.value_range("no-such-measure", None), p.default_values);
        assert_eq!(p.project("no-such-project").role, Role::Area);
    }
}
