//! Names for codes: what a ledger may write instead of a programme's codes
//! (a project's Chinese name, an area's name, a declared alias); the entry
//! keeps the code.
//!
//! An item's Chinese name is accepted by itself; more names are declared
//! as aliases. A declared alias that would mean two codes of one kind (or
//! that is another item's code) is a programme error (P016); two items that
//! merely share a Chinese name (two schools called 第一小学 in different
//! counties) keep their codes, and the shared name is not accepted.

use crate::Subject;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::programme::RegistryKind;
use crate::violation::{Location, Rule, Violation, Violations};
use crate::{Code, Error, Programme, ProgrammeSpec};

/// The kinds of code a name may stand for (breakdowns are per measure:
/// [`Aliases::add_breakdown`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum CodeKind {
    /// A project.
    Project,
    /// A measure.
    Measure,
    /// A funding source.
    Source,
    /// An area.
    Area,
    /// A school.
    School,
    /// A pairing.
    Pairing,
}

impl CodeKind {
    pub(crate) const ALL: [CodeKind; 6] = [
        CodeKind::Project,
        CodeKind::Measure,
        CodeKind::Source,
        CodeKind::Area,
        CodeKind::School,
        CodeKind::Pairing,
    ];
}

/// A list of names for each code.
type Table = BTreeMap<Code, Vec<String>>;

/// Aliases a programme declares for its codes: in JSON, `"aliases":
/// {"areas": {"fuping": ["阜平县", "阜平"]}, "breakdowns": {"funds":
/// {"general": ["一般用途"]}}}` (keys `projects`, `measures`, `sources`,
/// `areas`, `schools`, `pairings`, `breakdowns`).
///
/// ```
/// use eduaid::{Aliases, Code, CodeKind};
/// let mut a = Aliases::default();
/// a.add(CodeKind::Area, Code::new("fuping")?, "阜平县")?;
/// a.add_breakdown(Code::new("funds")?, Code::new("general")?, "一般用途")?;
/// assert_eq!(a.of(CodeKind::Area, "fuping"), ["阜平县"]);
/// assert!(a.add(CodeKind::Area, Code::new("fuping")?, "  ").is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aliases {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    projects: Table,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    measures: Table,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    sources: Table,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    areas: Table,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    schools: Table,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pairings: Table,
    /// Per measure, per breakdown.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    breakdowns: BTreeMap<Code, Table>,
}

/// Why `name` cannot be a name for a code, if it cannot.
fn name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("a name cannot be blank")
    } else if name.trim() != name {
        Some("a name cannot start or end with a space")
    } else if name.chars().any(char::is_control) {
        Some("a name cannot hold control characters")
    } else {
        None
    }
}

fn checked(name: &str) -> Result<String, Error> {
    match name_problem(name) {
        Some(reason) => Err(Error::invalid(
            Subject::Alias,
            format!("{name:?}: {reason}"),
        )),
        None => Ok(name.to_owned()),
    }
}

impl Aliases {
    fn table(&self, kind: CodeKind) -> &Table {
        match kind {
            CodeKind::Project => &self.projects,
            CodeKind::Measure => &self.measures,
            CodeKind::Source => &self.sources,
            CodeKind::Area => &self.areas,
            CodeKind::School => &self.schools,
            CodeKind::Pairing => &self.pairings,
        }
    }

    fn table_mut(&mut self, kind: CodeKind) -> &mut Table {
        match kind {
            CodeKind::Project => &mut self.projects,
            CodeKind::Measure => &mut self.measures,
            CodeKind::Source => &mut self.sources,
            CodeKind::Area => &mut self.areas,
            CodeKind::School => &mut self.schools,
            CodeKind::Pairing => &mut self.pairings,
        }
    }

    /// Declares `alias` as a name for `code`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when the alias is blank, has spaces at an end
    /// or holds a control character. Whether it means one code only is
    /// checked with the whole programme ([`Programme::new`]).
    pub fn add(&mut self, kind: CodeKind, code: Code, alias: &str) -> Result<(), Error> {
        let alias = checked(alias)?;
        self.table_mut(kind).entry(code).or_default().push(alias);
        Ok(())
    }

    /// Declares `alias` as a name for breakdown `breakdown` of `measure`.
    ///
    /// # Errors
    ///
    /// As [`Aliases::add`].
    pub fn add_breakdown(
        &mut self,
        measure: Code,
        breakdown: Code,
        alias: &str,
    ) -> Result<(), Error> {
        let alias = checked(alias)?;
        self.breakdowns
            .entry(measure)
            .or_default()
            .entry(breakdown)
            .or_default()
            .push(alias);
        Ok(())
    }

    /// The aliases declared for a code.
    #[must_use]
    pub fn of(&self, kind: CodeKind, code: &str) -> &[String] {
        self.table(kind).get(code).map_or(&[], Vec::as_slice)
    }

    /// The aliases declared for a breakdown of a measure.
    #[must_use]
    pub fn of_breakdown(&self, measure: &str, breakdown: &str) -> &[String] {
        self.breakdowns
            .get(measure)
            .and_then(|t| t.get(breakdown))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether none is declared.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        CodeKind::ALL.iter().all(|&k| self.table(k).is_empty()) && self.breakdowns.is_empty()
    }
}

/// The codes of a kind, in registry order, with their Chinese names.
fn items(spec: &ProgrammeSpec, kind: CodeKind) -> Vec<(&Code, Option<&str>)> {
    match kind {
        CodeKind::Project => spec
            .projects
            .iter()
            .map(|x| (x.code(), Some(x.name().zh())))
            .collect(),
        CodeKind::Measure => spec
            .measures
            .iter()
            .map(|x| (x.code(), Some(x.name().zh())))
            .collect(),
        CodeKind::Source => spec
            .sources
            .iter()
            .map(|x| (x.code(), Some(x.name().zh())))
            .collect(),
        CodeKind::Area => spec
            .areas
            .iter()
            .map(|x| (x.code(), Some(x.name().zh())))
            .collect(),
        CodeKind::School => spec
            .schools
            .iter()
            .map(|x| (x.code(), Some(x.name().zh())))
            .collect(),
        CodeKind::Pairing => spec.pairings.iter().map(|x| (x.code(), None)).collect(),
    }
}

/// Builds one kind's name table: Chinese names (dropped when shared by two
/// codes, or when they are another item's code) and declared aliases (a
/// violation when they would mean two codes). Positions are registry
/// positions; a code the programme does not list (an open list) gets
/// `None`.
fn build<'a>(
    items: &[(&'a Code, Option<&'a str>)],
    declared: &'a Table,
    kind: &str,
    mut problem: impl FnMut(Rule, String, String),
) -> HashMap<&'a str, Target<'a>> {
    let position: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (c.as_str(), i))
        .collect();
    let mut names: HashMap<&str, Target<'a>> = HashMap::new();
    let mut shared = Vec::new();
    for (code, zh) in items {
        let Some(zh) = *zh else { continue };
        if zh == code.as_str() || position.contains_key(zh) {
            continue;
        }
        match names.get(zh) {
            Some(t) if t.code != *code => shared.push(zh),
            _ => {
                names.insert(
                    zh,
                    Target {
                        code,
                        pos: position.get(code.as_str()).copied(),
                    },
                );
            }
        }
    }
    for zh in shared {
        names.remove(zh);
    }
    for (code, aliases) in declared {
        if !items.is_empty() && !position.contains_key(code.as_str()) {
            problem(
                Rule::UnknownReference,
                format!("{kind} {code}"),
                format!(
                    "aliases are declared for {kind} {code}, which the programme does not declare"
                ),
            );
            continue;
        }
        for alias in aliases {
            if let Some(reason) = name_problem(alias) {
                problem(
                    Rule::InvalidField,
                    format!("{kind} {code}"),
                    format!("alias {alias:?}: {reason}"),
                );
                continue;
            }
            if alias == code.as_str() {
                continue;
            }
            if position.contains_key(alias.as_str()) {
                problem(
                    Rule::AmbiguousName,
                    format!("{kind} {code}"),
                    format!("alias {alias:?} is the code of another {kind}"),
                );
                continue;
            }
            let declared_for = declared
                .iter()
                .find(|(c, list)| *c != code && list.contains(alias))
                .map(|(c, _)| c);
            if let Some(other) = declared_for {
                if code < other {
                    problem(
                        Rule::AmbiguousName,
                        format!("{kind} {code}"),
                        format!(
                            "alias {alias:?} is declared for both {kind} {code} and {kind} {other}"
                        ),
                    );
                }
                continue;
            }
            names.insert(
                alias,
                Target {
                    code,
                    pos: position.get(code.as_str()).copied(),
                },
            );
        }
    }
    names
}

/// What a name stands for.
#[derive(Clone, Copy)]
struct Target<'a> {
    code: &'a Code,
    pos: Option<usize>,
}

/// Checks the programme's aliases against its codes (rules P003, P010,
/// P016).
pub(crate) fn check(spec: &ProgrammeSpec, v: &mut Violations) {
    let mut problem = |rule: Rule, item: String, message: String| {
        v.push(Violation::new(
            rule,
            Location {
                item: Some(item),
                ..Location::default()
            },
            message,
        ));
    };
    for kind in CodeKind::ALL {
        let column = kind.column();
        build(
            &items(spec, kind),
            spec.aliases.table(kind),
            column,
            &mut problem,
        );
    }
    for (measure, table) in &spec.aliases.breakdowns {
        let Some(m) = spec.measures.iter().find(|m| m.code() == measure) else {
            problem(
                Rule::UnknownReference,
                format!("measure {measure}"),
                format!(
                    "breakdown aliases are declared for measure {measure}, which the programme does not declare"
                ),
            );
            continue;
        };
        let list: Vec<(&Code, Option<&str>)> = m.breakdowns().iter().map(|b| (b, None)).collect();
        if list.is_empty() {
            problem(
                Rule::UnknownReference,
                format!("measure {measure}"),
                format!(
                    "breakdown aliases are declared for measure {measure}, which has no breakdowns"
                ),
            );
            continue;
        }
        build(&list, table, "breakdown", &mut problem);
    }
}

/// The names a ledger may write, by kind: name to code. Built once per
/// ledger; the reader interns every code a name stands for up front.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    kinds: [HashMap<Box<str>, Code>; 6],
    /// Per measure position: name to breakdown position.
    breakdowns: Vec<HashMap<Box<str>, u8>>,
}

/// A kind's place in tables kept by kind.
pub(crate) fn slot(kind: RegistryKind) -> usize {
    match kind {
        RegistryKind::Project => 0,
        RegistryKind::Measure => 1,
        RegistryKind::Source => 2,
        RegistryKind::Area => 3,
        RegistryKind::School => 4,
        RegistryKind::Pairing => 5,
    }
}

impl NameIndex {
    pub(crate) fn new(p: &Programme) -> NameIndex {
        let spec = p.spec();
        let ignore = |_: Rule, _: String, _: String| {};
        let kinds = CodeKind::ALL.map(|kind| {
            build(&items(spec, kind), spec.aliases.table(kind), "", ignore)
                .into_iter()
                .map(|(name, t)| (Box::from(name), t.code.clone()))
                .collect()
        });
        let breakdowns = spec
            .measures
            .iter()
            .map(|m| {
                let list: Vec<(&Code, Option<&str>)> =
                    m.breakdowns().iter().map(|b| (b, None)).collect();
                let table = spec.aliases.breakdowns.get(m.code());
                match table {
                    None => HashMap::new(),
                    Some(t) => build(&list, t, "", ignore)
                        .into_iter()
                        .filter_map(|(name, t)| Some((Box::from(name), t.pos? as u8)))
                        .collect(),
                }
            })
            .collect();
        NameIndex { kinds, breakdowns }
    }

    /// Every name of a kind with the code it stands for.
    pub(crate) fn pairs(&self, kind: RegistryKind) -> impl Iterator<Item = (&str, &Code)> {
        self.kinds[slot(kind)].iter().map(|(n, c)| (n.as_ref(), c))
    }

    /// Every code of a kind that a name stands for, sorted, once each.
    pub(crate) fn codes(&self, kind: RegistryKind) -> Vec<&Code> {
        let mut codes: Vec<&Code> = self.kinds[slot(kind)].values().collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// Every name of a measure's breakdowns (by the measure's position)
    /// with the breakdown's position.
    pub(crate) fn breakdown_pairs(&self, measure: usize) -> impl Iterator<Item = (&str, usize)> {
        (self.breakdowns.get(measure).into_iter())
            .flat_map(|m| m.iter().map(|(n, &b)| (n.as_ref(), usize::from(b))))
    }

    /// Every name of a kind (for suggestions).
    pub(crate) fn names(&self, kind: RegistryKind) -> impl Iterator<Item = &str> {
        self.kinds[slot(kind)].keys().map(AsRef::as_ref)
    }

    /// Every name of a measure's breakdowns (for suggestions).
    pub(crate) fn breakdown_names(&self, measure: usize) -> impl Iterator<Item = &str> {
        self.breakdowns
            .get(measure)
            .into_iter()
            .flat_map(|m| m.keys().map(AsRef::as_ref))
    }
}
