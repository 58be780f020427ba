//! Rule checks over totals, in the manner of DHIS2's validation rules: each
//! rule a programme declares ([`CheckRule`]) is evaluated per group over a
//! report, and every failing group is reported.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::report::{Key, Query, Total, report};
use crate::{Code, Dim, Error, Ledger, Term};

/// A group in which a rule does not hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleFailure {
    /// The rule's code.
    pub rule: Code,
    /// The group: one `(dimension, value)` per grouping column.
    pub group: Vec<(Dim, Key)>,
    /// The left total.
    pub left: Total,
    /// The right total.
    pub right: Total,
    /// What failed, in words.
    pub message: String,
}

/// Evaluates every rule of the ledger's programme; returns each failing group.
///
/// # Errors
///
/// As [`report`].
///
/// ```
/// use std::sync::Arc;
/// use eduaid::{Ledger, Programme, check_rules};
/// // The canonical programme's JSON, with one rule added.
/// let rule = r#"{"rules": [{
///     "code": "trained-local-at-least-in-beijing",
///     "left": {"measure": "people-trained", "breakdown": "local"}, "op": ">=",
///     "right": {"measure": "people-trained", "breakdown": "in-beijing"}, "by": ["area"]
/// }],"#;
/// let json = Programme::canonical().to_json().replacen('{', rule, 1);
/// let programme = Programme::from_json(&json, "p.json")?;
/// let csv = "id,date,project,area,measure,breakdown,value\n\
///            a,2019-03-01,rural-teachers,fuping,people-trained,local,50\n\
///            b,2019-03-01,rural-teachers,fuping,people-trained,in-beijing,10\n\
///            c,2019-03-01,rural-teachers,laiyuan,people-trained,in-beijing,10\n";
/// let ledger = Ledger::read_csv(Arc::new(programme), csv.as_bytes(), "l.csv")?.into_ledger()?;
/// let failures = check_rules(&ledger)?;
/// assert_eq!(failures.len(), 1);
/// assert_eq!(failures[0].message, "area laiyuan: people-trained[local] 0 >= people-trained[in-beijing] 10 does not hold");
/// # Ok::<(), eduaid::Error>(())
/// ```
pub fn check_rules(ledger: &Ledger) -> Result<Vec<RuleFailure>, Error> {
    let mut out = Vec::new();
    for rule in ledger.programme().rules() {
        let mut dims = rule.by.clone();
        dims.extend([Dim::Measure, Dim::Breakdown]);
        let mut q = Query::by(&dims)?.measure(rule.left.measure.clone());
        if rule.right.measure != rule.left.measure {
            q = q.measure(rule.right.measure.clone());
        }
        let r = report(ledger, &q)?;
        let n = rule.by.len();
        let unit = ledger
            .programme()
            .measure(rule.left.measure.as_str())
            .expect("a valid programme's rules name declared measures")
            .unit();
        let mut groups: BTreeMap<Vec<Key>, (i128, i128)> = BTreeMap::new();
        for row in r.rows() {
            let k = |c| row.key(c);
            let matches = |t: &Term| {
                matches!(k(n), Key::Code(m) if *m == t.measure)
                    && t.breakdown
                        .as_ref()
                        .is_none_or(|b| matches!(k(n + 1), Key::Code(x) if x == b))
            };
            let e = groups
                .entry(row.keys().take(n).cloned().collect())
                .or_insert((0, 0));
            if matches(&rule.left) {
                e.0 += row.value().base_units();
            }
            if matches(&rule.right) {
                e.1 += row.value().base_units();
            }
        }
        for (group, (l, r)) in groups {
            if rule.op.holds(l, r) {
                continue;
            }
            let (left, right) = (Total::new(l, unit), Total::new(r, unit));
            let place: Vec<String> = rule
                .by
                .iter()
                .zip(&group)
                .map(|(d, k)| format!("{d} {k}"))
                .collect();
            let place = if place.is_empty() {
                "whole ledger".to_owned()
            } else {
                place.join(", ")
            };
            out.push(RuleFailure {
                rule: rule.code.clone(),
                message: format!(
                    "{place}: {} {left} {} {} {right} does not hold",
                    rule.left,
                    rule.op.symbol(),
                    rule.right
                ),
                group: rule.by.iter().copied().zip(group).collect(),
                left,
                right,
            });
        }
    }
    Ok(out)
}
