//! Measures: what the ledger counts, in which unit, as a flow or a stock.

use crate::Subject;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Code, Error, Name};

/// The unit of a measure.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Money in yuan, with at most two fraction digits.
    Yuan,
    /// Persons, whole.
    Persons,
    /// A count of events or items, whole.
    Count,
    /// Schools, whole.
    Schools,
}

impl Unit {
    /// Whether values are money.
    #[must_use]
    pub const fn is_money(self) -> bool {
        matches!(self, Unit::Yuan)
    }

    /// Fraction digits a value may have: 2 for yuan, 0 for the rest.
    #[must_use]
    pub const fn fraction_digits(self) -> u8 {
        if self.is_money() { 2 } else { 0 }
    }

    /// The unit's code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Unit::Yuan => "yuan",
            Unit::Persons => "persons",
            Unit::Count => "count",
            Unit::Schools => "schools",
        }
    }
}

/// Whether a measure is summed over time.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasureKind {
    /// Summed over time and over areas (funds paid, people trained).
    #[default]
    Flow,
    /// A value as of a date: summed over areas, never over time; a period
    /// takes its latest value (pairings in force, schools equipped so far).
    Stock,
}

/// A measure of the programme.
///
/// ```
/// use eduaid::{Code, Measure, MeasureKind, Name, Unit};
/// let m = Measure::new(
///     Code::new("placements")?, Name::new("安置实习就业", "placements")?,
///     Unit::Persons, MeasureKind::Flow,
///     vec![Code::new("registered-poor")?, Code::new("other")?],
/// )?;
/// assert!(m.allows(&Code::new("registered-poor")?));
/// // A breakdown value may be declared only once.
/// assert!(Measure::new(
///     Code::new("x")?, Name::new("x", "")?, Unit::Count, MeasureKind::Flow,
///     vec![Code::new("a")?, Code::new("a")?],
/// ).is_err());
/// # Ok::<(), eduaid::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "MeasureRaw", into = "MeasureRaw")]
pub struct Measure {
    code: Code,
    name: Name,
    unit: Unit,
    kind: MeasureKind,
    breakdowns: Vec<Code>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MeasureRaw {
    pub(crate) code: Code,
    pub(crate) name: Name,
    pub(crate) unit: Unit,
    #[serde(default)]
    pub(crate) kind: MeasureKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) breakdowns: Vec<Code>,
}

impl Measure {
    /// A measure with its allowed breakdown values (possibly none).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when a breakdown value repeats, or there are more
    /// than 250 of them.
    pub fn new(
        code: Code,
        name: Name,
        unit: Unit,
        kind: MeasureKind,
        breakdowns: Vec<Code>,
    ) -> Result<Measure, Error> {
        if let Some(dup) = breakdowns
            .iter()
            .enumerate()
            .find(|(i, b)| breakdowns[..*i].contains(b))
        {
            return Err(Error::invalid(
                Subject::Measure,
                format!("{code}: breakdown {} is declared twice", dup.1),
            ));
        }
        if breakdowns.len() > 250 {
            return Err(Error::invalid(
                Subject::Measure,
                format!("{code}: {} breakdown values, at most 250", breakdowns.len()),
            ));
        }
        Ok(Measure {
            code,
            name,
            unit,
            kind,
            breakdowns,
        })
    }

    /// The code.
    #[must_use]
    pub fn code(&self) -> &Code {
        &self.code
    }
    /// The name.
    #[must_use]
    pub fn name(&self) -> &Name {
        &self.name
    }
    /// The unit.
    #[must_use]
    pub fn unit(&self) -> Unit {
        self.unit
    }
    /// Flow or stock.
    #[must_use]
    pub fn kind(&self) -> MeasureKind {
        self.kind
    }
    /// The allowed breakdown values.
    #[must_use]
    pub fn breakdowns(&self) -> &[Code] {
        &self.breakdowns
    }
    /// The position of a breakdown value, if allowed.
    #[must_use]
    pub fn breakdown_index(&self, breakdown: &str) -> Option<usize> {
        self.breakdowns.iter().position(|b| b.as_str() == breakdown)
    }
    /// Whether a breakdown value is allowed.
    #[must_use]
    pub fn allows(&self, breakdown: &Code) -> bool {
        self.breakdowns.contains(breakdown)
    }

    /// The canonical catalogue of the 1215 programme (`docs/ledger-format.md`),
    /// read from the data it is kept in (`data/catalogue-1215.json`).
    #[must_use]
    pub fn canonical() -> Vec<Measure> {
        catalogue().measures.clone()
    }
}

/// The canonical catalogue as data: the 1215 programme's measures and its
/// targeting rule, embedded in the crate.
const CATALOGUE_JSON: &str = include_str!("../data/catalogue-1215.json");

/// (Its `format` and `about` are for the file's reader; a test checks the
/// format.)
#[derive(Deserialize)]
struct Catalogue {
    measures: Vec<Measure>,
    /// The names a summary gives breakdown values, by code (the same name
    /// under every measure that allows the value).
    breakdown_names: BTreeMap<Code, Name>,
    targeting: Targeting,
}

/// A targeting rule: at least `threshold` (a share from 0 to 1) of
/// `measure` under the `targeted` breakdown values.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Targeting {
    pub(crate) measure: Code,
    pub(crate) targeted: Vec<Code>,
    pub(crate) threshold: rust_decimal::Decimal,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CATALOGUE.get_or_init(|| {
        serde_json::from_str(CATALOGUE_JSON).expect("the embedded catalogue is valid (tested)")
    })
}

/// The name the canonical catalogue gives a breakdown value, if any.
pub(crate) fn canonical_breakdown_name(code: &Code) -> Option<&'static Name> {
    catalogue().breakdown_names.get(code)
}

/// The canonical catalogue's targeting rule: 80% of `funds` to the poorest.
pub(crate) fn canonical_targeting() -> &'static Targeting {
    &catalogue().targeting
}

impl TryFrom<MeasureRaw> for Measure {
    type Error = Error;
    fn try_from(r: MeasureRaw) -> Result<Measure, Error> {
        Measure::new(r.code, r.name, r.unit, r.kind, r.breakdowns)
    }
}

impl From<Measure> for MeasureRaw {
    fn from(m: Measure) -> MeasureRaw {
        MeasureRaw {
            code: m.code,
            name: m.name,
            unit: m.unit,
            kind: m.kind,
            breakdowns: m.breakdowns,
        }
    }
}

/// A source of funds (京冀扶贫协作资金, 北京对口帮扶资金, 社会资本).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingSource {
    code: Code,
    name: Name,
}

impl FundingSource {
    /// A funding source.
    #[must_use]
    pub fn new(code: Code, name: Name) -> FundingSource {
        FundingSource { code, name }
    }
    /// The code.
    #[must_use]
    pub fn code(&self) -> &Code {
        &self.code
    }
    /// The name.
    #[must_use]
    pub fn name(&self) -> &Name {
        &self.name
    }
}

#[cfg(test)]
mod catalogue_tests {
    use super::*;

    #[test]
    fn the_embedded_catalogue_holds_together() {
        let raw: serde_json::Value = serde_json::from_str(CATALOGUE_JSON).unwrap();
        assert_eq!(raw["format"], "eduaid-catalogue/1");
        let measures = Measure::canonical();
        assert_eq!(measures.len(), 16);
        let mut codes: Vec<&str> = measures.iter().map(|m| m.code().as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), measures.len(), "a measure declared twice");
        // The targeting rule names a money measure of the catalogue and
        // breakdown values it allows, with a share from 0 to 1.
        let t = canonical_targeting();
        let m = measures.iter().find(|m| m.code() == &t.measure).unwrap();
        assert!(m.unit().is_money());
        assert!(!t.targeted.is_empty() && t.targeted.iter().all(|b| m.allows(b)));
        assert!(
            t.threshold > rust_decimal::Decimal::ZERO && t.threshold <= rust_decimal::Decimal::ONE
        );
        assert_eq!(t.threshold.to_string(), "0.8");
        // Every breakdown value of the catalogue has a name, and every name
        // is of a value of the catalogue.
        let values: std::collections::BTreeSet<&Code> =
            measures.iter().flat_map(Measure::breakdowns).collect();
        let named: std::collections::BTreeSet<&Code> = catalogue().breakdown_names.keys().collect();
        assert_eq!(values, named);
        let local = Code::new("local").unwrap();
        assert_eq!(canonical_breakdown_name(&local).unwrap().zh(), "本地培训");
        assert_eq!(canonical_breakdown_name(&Code::new("x").unwrap()), None);
    }
}
