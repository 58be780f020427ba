//! Rules over totals as a programme declares them, in the manner of DHIS2's
//! validation rules: "left operator right" over measures and breakdowns,
//! per group. Only the declaration lives here (it is part of a programme);
//! [`check_rules`](crate::check_rules) evaluates it over a ledger.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Code, Dim, Name};

/// One side of a rule: the total of a measure, or of one of its breakdown values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The measure.
    pub measure: Code,
    /// The breakdown value, or `None` for the measure's whole total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Code>,
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.breakdown {
            Some(b) => write!(f, "{}[{b}]", self.measure),
            None => write!(f, "{}", self.measure),
        }
    }
}

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// Equal.
    #[serde(rename = "==")]
    Eq,
    /// Not equal.
    #[serde(rename = "!=")]
    Ne,
    /// Less than.
    #[serde(rename = "<")]
    Lt,
    /// Less than or equal.
    #[serde(rename = "<=")]
    Le,
    /// Greater than.
    #[serde(rename = ">")]
    Gt,
    /// Greater than or equal.
    #[serde(rename = ">=")]
    Ge,
}

impl Op {
    /// Whether `l op r` holds.
    pub(crate) fn holds(self, l: i128, r: i128) -> bool {
        match self {
            Op::Eq => l == r,
            Op::Ne => l != r,
            Op::Lt => l < r,
            Op::Le => l <= r,
            Op::Gt => l > r,
            Op::Ge => l >= r,
        }
    }
    /// The operator's symbol.
    #[must_use]
    pub const fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

/// A rule over totals, checked for every group of `by`.
///
/// In the programme JSON: `{"code": "poor-placements-within-total",
/// "left": {"measure": "placements", "breakdown": "registered-poor"}, "op": "<=",
/// "right": {"measure": "placements"}, "by": ["project", "area", "year"]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRule {
    /// The rule's code.
    pub code: Code,
    /// What it says, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// The left side.
    pub left: Term,
    /// The comparison.
    pub op: Op,
    /// The right side.
    pub right: Term,
    /// The grouping (not `measure` or `breakdown`); empty for the whole ledger.
    #[serde(default)]
    pub by: Vec<Dim>,
}
