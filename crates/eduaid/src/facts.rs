//! Registry facts as of a date: paired schools on each side, pairings in force
//! by kind, jointly run schools, and stage coverage per supported county (the
//! "every stage covered" headline).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::{AreaKind, Code, PairingKind, Party, Programme, Side, Stages};

/// The stages covered in one supported district or county.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The district or county.
    pub area: Code,
    /// Stages taught by its schools that are in a school pairing in force.
    pub stages: Stages,
    /// Those schools.
    pub schools: BTreeSet<Code>,
}

impl Coverage {
    /// Whether all six stages are covered.
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.stages.is_all()
    }
}

/// What the registry says as of a date. Counts are distinct counts; each set
/// lists the registry items behind its figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegistryFacts {
    /// The date.
    pub as_of: NaiveDate,
    /// Pairings in force, by kind.
    pub pairings: BTreeMap<PairingKind, BTreeSet<Code>>,
    /// Distinct supporting schools in a school-to-school or joint-school pairing in force.
    pub supporting_schools: BTreeSet<Code>,
    /// Distinct supported schools in such a pairing.
    pub supported_schools: BTreeSet<Code>,
    /// Distinct supported schools run jointly (in a joint-school pairing in force).
    pub joint_schools: BTreeSet<Code>,
    /// Stage coverage of every supported district or county of the registry.
    pub coverage: Vec<Coverage>,
    /// The union of the stages covered anywhere.
    pub stages: Stages,
}

impl RegistryFacts {
    /// The supported districts and counties where some stage is not covered.
    pub fn not_fully_covered(&self) -> impl Iterator<Item = &Coverage> {
        self.coverage.iter().filter(|c| !c.is_full())
    }

    /// How many pairings of a kind are in force.
    #[must_use]
    pub fn pairings_of(&self, kind: PairingKind) -> usize {
        self.pairings.get(&kind).map_or(0, BTreeSet::len)
    }
}

/// The registry facts of a programme as of a date.
///
/// ```
/// use eduaid::{Programme, parse_date, registry_facts};
/// let facts = registry_facts(&Programme::canonical(), parse_date("2019-06-25")?);
/// assert!(facts.supported_schools.is_empty()); // the canonical programme lists no schools
/// # Ok::<(), eduaid::Error>(())
/// ```
#[must_use]
pub fn registry_facts(programme: &Programme, as_of: NaiveDate) -> RegistryFacts {
    let mut pairings: BTreeMap<PairingKind, BTreeSet<Code>> = BTreeMap::new();
    let mut supporting = BTreeSet::new();
    let mut supported = BTreeSet::new();
    let mut joint = BTreeSet::new();
    for p in programme.pairings().iter().filter(|p| p.in_force(as_of)) {
        pairings
            .entry(p.kind())
            .or_default()
            .insert(p.code().clone());
        if let (Party::Schools(a), Party::Schools(b)) = (p.supporting(), p.supported()) {
            supporting.extend(a.iter().cloned());
            supported.extend(b.iter().cloned());
            if p.kind() == PairingKind::JointSchool {
                joint.extend(b.iter().cloned());
            }
        }
    }
    let mut by_area: BTreeMap<&Code, (Stages, BTreeSet<Code>)> = BTreeMap::new();
    for code in &supported {
        if let Some(s) = programme.school(code.as_str()) {
            let e = by_area.entry(s.area()).or_default();
            e.0 = e.0.union(s.stages());
            e.1.insert(code.clone());
        }
    }
    let coverage: Vec<Coverage> = programme
        .areas()
        .iter()
        .filter(|a| a.side() == Side::Supported && a.kind() != AreaKind::Region)
        .map(|a| {
            let (stages, schools) = by_area.remove(a.code()).unwrap_or_default();
            Coverage {
                area: a.code().clone(),
                stages,
                schools,
            }
        })
        .collect();
    let stages = coverage
        .iter()
        .fold(Stages::EMPTY, |s, c| s.union(c.stages));
    RegistryFacts {
        as_of,
        pairings,
        supporting_schools: supporting,
        supported_schools: supported,
        joint_schools: joint,
        coverage,
        stages,
    }
}
