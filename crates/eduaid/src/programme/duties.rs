//! How reporting duties must fit the programme (rules P017 and P018): every
//! project and unit declared, a pairing's duty within its time in force, no
//! unit owing one project twice in a month.

use std::collections::HashMap;

use super::Programme;
use super::check::at;
use crate::violation::{Rule, Violation, Violations};
use crate::{Duty, Reporter};

impl Programme {
    pub(super) fn check_duties(&self, v: &mut Violations) {
        let cal = self.spec.calendar;
        let mut seen: HashMap<(&crate::Code, &Reporter), Vec<&Duty>> = HashMap::new();
        for d in &self.spec.duties {
            let item = format!("duty {} {}", d.project(), d.unit());
            let mut push = |rule, msg: String| v.push(Violation::new(rule, at(&item), msg));
            if self.project(d.project().as_str()).is_none() {
                push(
                    Rule::DutyUnknownUnit,
                    format!("project {} is not declared", d.project()),
                );
            }
            let code = d.unit().code().as_str();
            let declared = match d.unit() {
                Reporter::Area(_) => self.area(code).is_some(),
                Reporter::School(_) => self.school(code).is_some(),
                Reporter::Pairing(_) => self.pairing(code).is_some(),
            };
            if !declared {
                push(
                    Rule::DutyUnknownUnit,
                    format!("{} is not declared by the programme", d.unit()),
                );
            }
            if let Some(p) = self
                .pairing(code)
                .filter(|_| matches!(d.unit(), Reporter::Pairing(_)))
            {
                let first = cal.month_of(p.start());
                let last = p.end().map(|e| cal.month_of(e));
                let after_end = match (last, d.to()) {
                    (Some(last), Some(to)) => to > last,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                if d.from() < first || after_end {
                    let until = last.map_or_else(|| "open".to_owned(), |m| m.to_string());
                    push(
                        Rule::DutyPeriod,
                        format!(
                            "the duty runs from {} to {}, outside the pairing's months in force ({first} to {until})",
                            d.from(),
                            d.to().map_or_else(|| "open".to_owned(), |m| m.to_string()),
                        ),
                    );
                }
            }
            let earlier = seen.entry((d.project(), d.unit())).or_default();
            if let Some(o) = earlier.iter().find(|o| o.overlaps(d)) {
                push(
                    Rule::DutyPeriod,
                    format!(
                        "the duty from {} overlaps another of the same project and unit from {}",
                        d.from(),
                        o.from()
                    ),
                );
            }
            earlier.push(d);
        }
    }
}
