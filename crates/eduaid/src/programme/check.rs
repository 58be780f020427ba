//! How a programme's parts must fit together (rules P001 to P015).

use std::collections::HashMap;

use super::{Programme, target_units};
use crate::Dim;
use crate::violation::{Location, Rule, Violation, Violations};
use crate::{AreaKind, Code, Pairing, Party, Side};

pub(super) fn at(item: impl Into<String>) -> Location {
    Location {
        item: Some(item.into()),
        ..Location::default()
    }
}

pub(super) fn at_field(item: impl Into<String>, field: &str) -> Location {
    Location {
        item: Some(item.into()),
        field: Some(field.to_owned()),
        ..Location::default()
    }
}

/// Builds a code index, reporting duplicates.
pub(super) fn index_of<'a>(
    what: &str,
    codes: impl Iterator<Item = &'a Code>,
    v: &mut Violations,
) -> HashMap<Code, usize> {
    let mut map = HashMap::new();
    for (i, code) in codes.enumerate() {
        if let Some(first) = map.insert(code.clone(), i) {
            v.push(Violation::new(
                Rule::DuplicateCode,
                at(format!("{what} {code}")),
                format!("{what} code {code} is declared more than once"),
            ));
            // Keep the first declaration as the one referred to.
            map.insert(code.clone(), first);
        }
    }
    map
}

impl Programme {
    /// Reports `code` as unknown unless the list it belongs to is open (empty)
    /// or has it.
    fn known(
        map: &HashMap<Code, usize>,
        code: &Code,
        kind: &str,
        item: &str,
        field: &str,
        v: &mut Violations,
    ) -> bool {
        if map.is_empty() || map.contains_key(code) {
            return true;
        }
        v.push(Violation::new(
            Rule::UnknownReference,
            at_field(item, field),
            format!("refers to {kind} {code}, which is not declared"),
        ));
        false
    }

    pub(super) fn check_framework(&self, v: &mut Violations) {
        let mut seen = std::collections::HashSet::new();
        for code in self.spec.framework.projects() {
            if !self.index.projects.contains_key(code) {
                v.push(Violation::new(
                    Rule::FrameworkProject,
                    at("framework"),
                    format!("a tier names project {code}, which is not declared"),
                ));
            } else if !seen.insert(code.clone()) {
                v.push(Violation::new(
                    Rule::FrameworkProject,
                    at("framework"),
                    format!("project {code} is named by more than one tier item"),
                ));
            }
        }
    }

    pub(super) fn check_projects(&self, v: &mut Violations) {
        for p in &self.spec.projects {
            let item = format!("project {}", p.code());
            for m in p.measures() {
                if !self.index.measures.contains_key(m) {
                    v.push(Violation::new(
                        Rule::UnknownReference,
                        at_field(&item, "measures"),
                        format!("refers to measure {m}, which is not declared"),
                    ));
                }
            }
        }
    }

    pub(super) fn check_areas(&self, v: &mut Violations) {
        for a in &self.spec.areas {
            let Some(parent) = a.parent() else { continue };
            let item = format!("area {}", a.code());
            if Self::known(&self.index.areas, parent, "area", &item, "parent", v) {
                if let Some(p) = self.area(parent.as_str()) {
                    if p.kind() != AreaKind::Region {
                        v.push(Violation::new(
                            Rule::AreaKind,
                            at_field(&item, "parent"),
                            format!("parent {parent} is a {:?}, not a region", p.kind())
                                .to_lowercase(),
                        ));
                    }
                }
            }
        }
    }

    pub(super) fn check_schools(&self, v: &mut Violations) {
        for s in &self.spec.schools {
            let item = format!("school {}", s.code());
            if Self::known(&self.index.areas, s.area(), "area", &item, "area", v) {
                if let Some(a) = self.area(s.area().as_str()) {
                    if a.kind() == AreaKind::Region {
                        v.push(Violation::new(
                            Rule::AreaKind,
                            at_field(&item, "area"),
                            format!(
                                "area {} is a region; a school lies in a district or county",
                                a.code()
                            ),
                        ));
                    }
                }
            }
        }
    }

    /// The side of a party, when the registry can tell (`Err` names a member on
    /// a side other than `want`).
    fn check_party(&self, party: &Party, want: Side, item: &str, field: &str, v: &mut Violations) {
        for m in party.members() {
            let area = match party {
                Party::Schools(_) => {
                    if !Self::known(&self.index.schools, m, "school", item, field, v) {
                        continue;
                    }
                    match self.school(m.as_str()) {
                        Some(s) => s.area(),
                        None => continue,
                    }
                }
                Party::Area(a) => {
                    if !Self::known(&self.index.areas, a, "area", item, field, v) {
                        continue;
                    }
                    a
                }
            };
            if let Some(a) = self.area(area.as_str()) {
                if a.side() != want {
                    v.push(Violation::new(
                        Rule::PairingSide,
                        at_field(item, field),
                        format!(
                            "{m} is on the {} side (area {}), but the {field} party must be on the {} side",
                            side_name(a.side()),
                            a.code(),
                            side_name(want)
                        ),
                    ));
                }
                if matches!(party, Party::Area(_)) && a.kind() == AreaKind::Region {
                    v.push(Violation::new(
                        Rule::AreaKind,
                        at_field(item, field),
                        format!("area {m} is a region; a district-county pairing joins a district or county"),
                    ));
                }
            }
        }
    }

    pub(super) fn check_pairings(&self, v: &mut Violations) {
        let mut by_parties: HashMap<(Vec<&Code>, Vec<&Code>), Vec<&Pairing>> = HashMap::new();
        for p in &self.spec.pairings {
            let item = format!("pairing {}", p.code());
            self.check_party(p.supporting(), Side::Supporting, &item, "supporting", v);
            self.check_party(p.supported(), Side::Supported, &item, "supported", v);
            let mut a: Vec<&Code> = p.supporting().members().iter().collect();
            let mut b: Vec<&Code> = p.supported().members().iter().collect();
            a.sort();
            b.sort();
            let same = by_parties.entry((a, b)).or_default();
            if let Some(other) = same.iter().find(|o| o.overlaps(p)) {
                v.push(Violation::new(
                    Rule::PairingOverlap,
                    at(&item),
                    format!(
                        "pairs the same two parties as pairing {} over overlapping dates ({} to {})",
                        other.code(),
                        p.start().max(other.start()),
                        match (p.end(), other.end()) {
                            (Some(x), Some(y)) => x.min(y).to_string(),
                            (Some(x), None) | (None, Some(x)) => x.to_string(),
                            (None, None) => "open".to_owned(),
                        }
                    ),
                ));
            }
            same.push(p);
        }
    }

    pub(super) fn check_plan(&self, v: &mut Violations) {
        let mut seen = std::collections::HashSet::new();
        for t in self.spec.plan.targets() {
            let item = format!("target {} {} {}", t.year(), t.project(), t.measure());
            Self::known(
                &self.index.projects,
                t.project(),
                "project",
                &item,
                "project",
                v,
            );
            if let Some(a) = t.area() {
                Self::known(&self.index.areas, a, "area", &item, "area", v);
            }
            // The measure list is never open: a target must name a declared measure.
            match self.measure(t.measure().as_str()) {
                None => v.push(Violation::new(
                    Rule::UnknownReference,
                    at_field(&item, "measure"),
                    format!("refers to measure {}, which is not declared", t.measure()),
                )),
                Some(m) => {
                    if let Some(b) = t.breakdown() {
                        if !m.allows(b) {
                            v.push(Violation::new(
                                Rule::TargetBreakdown,
                                at_field(&item, "breakdown"),
                                format!("measure {} does not allow breakdown {b}", m.code()),
                            ));
                        }
                    }
                    if target_units(t.value(), m.unit()).is_none() {
                        v.push(Violation::new(
                            Rule::InvalidField,
                            at_field(&item, "value"),
                            format!(
                                "value {} does not fit unit {} (at most {} fraction digits)",
                                t.value(),
                                m.unit().code(),
                                m.unit().fraction_digits()
                            ),
                        ));
                    }
                }
            }
            let key = (t.year(), t.project(), t.area(), t.measure(), t.breakdown());
            if !seen.insert(key) {
                v.push(Violation::new(
                    Rule::DuplicateTarget,
                    at(&item),
                    "the same target is set more than once",
                ));
            }
        }
        for m in self.spec.plan.milestones() {
            let item = format!("milestone {}", m.code());
            Self::known(
                &self.index.projects,
                m.project(),
                "project",
                &item,
                "project",
                v,
            );
        }
    }

    pub(super) fn check_rule_decls(&self, v: &mut Violations) {
        for r in &self.spec.rules {
            let item = format!("rule {}", r.code);
            let mut units = Vec::new();
            for (side, term) in [("left", &r.left), ("right", &r.right)] {
                let Some(m) = self.measure(term.measure.as_str()) else {
                    v.push(Violation::new(
                        Rule::UnknownReference,
                        at_field(&item, side),
                        format!("refers to measure {}, which is not declared", term.measure),
                    ));
                    continue;
                };
                units.push(m.unit());
                if let Some(b) = &term.breakdown {
                    if !m.allows(b) {
                        v.push(Violation::new(
                            Rule::CheckRuleInvalid,
                            at_field(&item, side),
                            format!("measure {} does not allow breakdown {b}", m.code()),
                        ));
                    }
                }
            }
            if units.len() == 2 && units[0] != units[1] {
                v.push(Violation::new(
                    Rule::CheckRuleInvalid,
                    at(&item),
                    format!(
                        "compares {} in {} with {} in {}",
                        r.left.measure,
                        units[0].code(),
                        r.right.measure,
                        units[1].code()
                    ),
                ));
            }
            if let Some(d) =
                r.by.iter()
                    .find(|d| matches!(d, Dim::Measure | Dim::Breakdown))
            {
                v.push(Violation::new(
                    Rule::CheckRuleInvalid,
                    at_field(&item, "by"),
                    format!("cannot group by {d}: the terms name measures and breakdowns"),
                ));
            }
        }
    }
}

fn side_name(s: Side) -> &'static str {
    match s {
        Side::Supporting => "supporting",
        Side::Supported => "supported",
    }
}
