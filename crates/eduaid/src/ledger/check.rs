//! The checks an entry passes before it is appended (rules L001 to L021,
//! warnings W001 to W004).

use std::sync::Arc;

use rust_decimal::Decimal;

use super::{
    DateIn, Fields, NO_BREAKDOWN, NONE32, Origin, ValueIn, date_to_day, day_to_date, fmt_units,
};
use crate::calendar::parse_date_bytes;
use crate::code::check_code;
use crate::intern::Probe;
use crate::number::{NumberError, parse_hundredths};
use crate::programme::RegistryKind;
use crate::violation::{Location, Rule, Violation, Violations};
use crate::{Code, Error, Ledger};

impl Origin<'_> {
    fn at(&self, id: &str, field: &str) -> Location {
        Location {
            file: self.file.map(str::to_owned),
            line: self.line,
            item: (!id.is_empty()).then(|| format!("entry {id}")),
            field: Some(field.to_owned()),
        }
    }
}

impl Ledger {
    /// Checks one entry's fields and appends it if it breaks no rule; every
    /// violation (and warning) goes to `v`. Returns whether it was appended.
    pub(crate) fn push_fields(
        &mut self,
        f: &Fields<'_>,
        origin: Origin<'_>,
        v: &mut Violations,
    ) -> bool {
        let before = v.error_count();
        let id = f.id;
        let err = |v: &mut Violations, rule: Rule, field: &str, msg: String| {
            v.push(Violation::new(rule, origin.at(id, field), msg));
        };

        // id
        let mut id_hash = None;
        if id.is_empty() {
            err(
                v,
                Rule::MalformedRow,
                "id",
                "id is required but empty".into(),
            );
        } else if let Err(e) = check_code(id) {
            err(v, Rule::InvalidCode, "id", error_reason(&e));
        } else {
            match self.ids.probe(id) {
                Probe::Found(prev) => err(
                    v,
                    Rule::DuplicateId,
                    "id",
                    format!(
                        "id {id:?} is already used by entry number {} of the ledger",
                        prev + 1
                    ),
                ),
                Probe::Vacant(h) => id_hash = Some(h),
            }
        }

        // date
        let date = match f.date {
            DateIn::Date(d) => Some(d),
            DateIn::Text("") => {
                err(
                    v,
                    Rule::MalformedRow,
                    "date",
                    "date is required but empty".into(),
                );
                None
            }
            DateIn::Text(t) => match parse_date_bytes(t.as_bytes()) {
                Ok(d) => Some(d),
                Err(reason) => {
                    err(
                        v,
                        Rule::InvalidDate,
                        "date",
                        format!("date {t:?}: {reason}"),
                    );
                    None
                }
            },
        };

        // project and measure: always listed
        let project = self.lookup(RegistryKind::Project, f.project, origin, id, v);
        let measure = self.lookup(RegistryKind::Measure, f.measure, origin, id, v);

        // area, school, pairing, source: checked when the programme lists them
        let area = self.lookup(RegistryKind::Area, f.area, origin, id, v);
        let school = self.lookup_opt(RegistryKind::School, f.school, origin, id, v);
        let pairing = self.lookup_opt(RegistryKind::Pairing, f.pairing, origin, id, v);
        let source = self.lookup_opt(RegistryKind::Source, f.source, origin, id, v);

        let programme = Arc::clone(&self.programme);
        // Registry items come first in the interners, so an id below the
        // registry's length is the registry position: no hashing needed.
        if let (Some(Some(sid)), Some(_)) = (&school, &area) {
            if let Some(s) = programme.schools().get(*sid as usize) {
                if s.area().as_str() != f.area {
                    err(
                        v,
                        Rule::SchoolNotInArea,
                        "school",
                        format!(
                            "school {} is in area {}, not in area {}",
                            f.school,
                            s.area(),
                            f.area
                        ),
                    );
                }
            }
        }
        if let (Some(Some(pid)), Some(date)) = (&pairing, date) {
            if let Some(p) = programme.pairings().get(*pid as usize) {
                if !p.in_force(date) {
                    let until = p.end().map_or_else(|| "open".to_owned(), |e| e.to_string());
                    err(
                        v,
                        Rule::PairingNotInForce,
                        "pairing",
                        format!(
                            "pairing {} is in force from {} to {until}, not on {date}",
                            f.pairing,
                            p.start()
                        ),
                    );
                }
            }
        }

        // breakdown, value, source against the measure
        let mut breakdown = NO_BREAKDOWN;
        let mut value = None;
        if let Some(m) = measure {
            let m = &programme.measures()[m as usize];
            if f.breakdown.is_empty() {
                if !m.breakdowns().is_empty() {
                    err(
                        v,
                        Rule::MissingBreakdown,
                        "breakdown",
                        format!(
                            "measure {} is broken down by {}, but no breakdown is given",
                            m.code(),
                            join(m.breakdowns())
                        ),
                    );
                }
            } else if let Some(b) = m.breakdown_index(f.breakdown) {
                breakdown = b as u8;
            } else {
                let allowed = if m.breakdowns().is_empty() {
                    "none".to_owned()
                } else {
                    join(m.breakdowns())
                };
                err(
                    v,
                    Rule::BreakdownNotAllowed,
                    "breakdown",
                    format!(
                        "breakdown {:?} is not allowed for measure {} (allowed: {allowed})",
                        f.breakdown,
                        m.code()
                    ),
                );
            }
            value = Self::check_value(&f.value, m, origin, id, v);
            if !f.source.is_empty() && !m.unit().is_money() {
                err(
                    v,
                    Rule::SourceOnNonMoney,
                    "source",
                    format!(
                        "source {:?} is given for measure {}, which is not money",
                        f.source,
                        m.code()
                    ),
                );
            }
            if let (Some(pid), Some(mid)) = (project, measure) {
                let p = &programme.projects()[pid as usize];
                if !self.reports[pid as usize * self.units.len() + mid as usize] {
                    err(
                        v,
                        Rule::MeasureNotReported,
                        "measure",
                        format!("project {} does not declare measure {}", p.code(), m.code()),
                    );
                }
            }
        }

        // corrections
        let mut corrected = None;
        if f.corrects.is_empty() {
            if let Some(x) = value.filter(|&x| x < 0) {
                err(
                    v,
                    Rule::NegativeValue,
                    "value",
                    format!(
                        "value {} is negative, but the entry corrects nothing",
                        fmt_units(x, measure.map(|m| self.unit_of(m as u16)))
                    ),
                );
            }
        } else {
            match self.ids.find(f.corrects) {
                None => err(
                    v,
                    Rule::CorrectsUnknown,
                    "corrects",
                    format!(
                        "corrects {:?}, which is not an earlier entry of the ledger",
                        f.corrects
                    ),
                ),
                Some(t) => {
                    let root = self.root_of(t);
                    let t_measure = self.cols.measure[root];
                    if let Some(m) = measure.filter(|&m| m != u32::from(t_measure)) {
                        err(
                            v,
                            Rule::CorrectionMeasure,
                            "measure",
                            format!(
                                "measure {} differs from measure {} of the corrected entry {}",
                                self.measures.code(m),
                                self.measures.code(u32::from(t_measure)),
                                f.corrects
                            ),
                        );
                    } else if let Some(x) = value {
                        let net = self
                            .nets
                            .get(&(root as u32))
                            .copied()
                            .unwrap_or(self.cols.value[root]);
                        match net.checked_add(x) {
                            None => err(
                                v,
                                Rule::TotalOverflow,
                                "value",
                                "the corrected net value overflows".into(),
                            ),
                            Some(n) if n < 0 => err(
                                v,
                                Rule::CorrectionBelowZero,
                                "value",
                                format!(
                                    "the correction brings entry {}'s net value from {} to {}, below zero",
                                    self.ids.get(root),
                                    fmt_units(net, Some(self.unit_of(t_measure))),
                                    fmt_units(n, Some(self.unit_of(t_measure)))
                                ),
                            ),
                            Some(n) => corrected = Some((t, root, n)),
                        }
                    }
                    if let Some(d) = date {
                        let td = day_to_date(self.cols.date[t]);
                        if d < td {
                            err(
                                v,
                                Rule::CorrectionBeforeOriginal,
                                "date",
                                format!("dated {d}, before the entry it corrects ({td})"),
                            );
                        }
                    }
                }
            }
        }

        let Some(id_hash) = id_hash.filter(|_| v.error_count() == before) else {
            return false;
        };
        let (
            Some(date),
            Some(project),
            Some(measure),
            Some(area),
            Some(school),
            Some(pairing),
            Some(source),
            Some(value),
        ) = (date, project, measure, area, school, pairing, source, value)
        else {
            return false;
        };
        let (Ok(project), Ok(measure), Ok(area)) = (
            u16::try_from(project),
            u16::try_from(measure),
            u16::try_from(area),
        ) else {
            err(
                v,
                Rule::MalformedRow,
                "area",
                "more than 65,535 distinct areas, projects or measures".into(),
            );
            return false;
        };
        let Ok(source) = u16::try_from(source.unwrap_or(u32::from(u16::MAX))) else {
            err(
                v,
                Rule::MalformedRow,
                "source",
                "more than 65,534 distinct funding sources".into(),
            );
            return false;
        };
        let index = self.ids.push(id, id_hash);
        let c = &mut self.cols;
        let day = date_to_day(date);
        c.date.push(day);
        c.span = (c.span.0.min(day), c.span.1.max(day));
        c.project.push(project);
        c.measure.push(measure);
        c.area.push(area);
        c.school.push(school.unwrap_or(NONE32));
        c.pairing.push(pairing.unwrap_or(NONE32));
        c.breakdown.push(breakdown);
        c.source.push(source);
        c.value.push(value);
        if let Some((t, root, net)) = corrected {
            self.corrections.push((index as u32, t as u32));
            self.nets.insert(root as u32, net);
        }
        true
    }

    /// Finds (and for open lists, interns) a required code.
    fn lookup(
        &mut self,
        kind: RegistryKind,
        text: &str,
        origin: Origin<'_>,
        id: &str,
        v: &mut Violations,
    ) -> Option<u32> {
        let column = kind.column();
        if text.is_empty() {
            v.push(Violation::new(
                Rule::MalformedRow,
                origin.at(id, column),
                format!("{column} is required but empty"),
            ));
            return None;
        }
        self.lookup_opt(kind, text, origin, id, v).flatten()
    }

    /// Finds an optional code: `Some(None)` when absent, `None` when invalid.
    #[allow(clippy::option_option)]
    fn lookup_opt(
        &mut self,
        kind: RegistryKind,
        text: &str,
        origin: Origin<'_>,
        id: &str,
        v: &mut Violations,
    ) -> Option<Option<u32>> {
        let column = kind.column();
        if text.is_empty() {
            return Some(None);
        }
        let interner = match kind {
            RegistryKind::Project => &mut self.projects,
            RegistryKind::Measure => &mut self.measures,
            RegistryKind::Area => &mut self.areas,
            RegistryKind::School => &mut self.schools,
            RegistryKind::Pairing => &mut self.pairings,
            RegistryKind::Source => &mut self.sources,
        };
        if let Some(i) = interner.get(text) {
            return Some(Some(i));
        }
        if let Err(e) = check_code(text) {
            v.push(Violation::new(
                Rule::InvalidCode,
                origin.at(id, column),
                error_reason(&e),
            ));
            return None;
        }
        if self.programme.lists(kind) {
            v.push(Violation::new(
                kind.unknown_rule(),
                origin.at(id, column),
                format!("{column} {text:?} is not declared by the programme"),
            ));
            return None;
        }
        let code = Code::new(text).expect("checked above");
        Some(Some(interner.intern(&code)))
    }

    /// Checks a value against a measure's unit; the value in base units.
    fn check_value(
        value: &ValueIn<'_>,
        m: &crate::Measure,
        origin: Origin<'_>,
        id: &str,
        v: &mut Violations,
    ) -> Option<i64> {
        let unit = m.unit();
        let max = unit.fraction_digits();
        let parsed = match value {
            ValueIn::Text(t) => parse_hundredths(t.as_bytes(), max),
            ValueIn::Decimal(d) => {
                let n = d.normalize();
                if n.scale() > u32::from(max) {
                    Err(NumberError::FractionDigits {
                        written: n.scale() as usize,
                        allowed: max,
                    })
                } else {
                    n.checked_mul(Decimal::ONE_HUNDRED)
                        .map(|x| x.normalize().mantissa())
                        .and_then(|x| i64::try_from(x).ok())
                        .ok_or(NumberError::Overflow)
                }
            }
        };
        if let Ok(h) = parsed {
            return Some(if unit.is_money() { h } else { h / 100 });
        }
        // Only an error pays for showing the value.
        let shown = match value {
            ValueIn::Text(t) => (*t).to_owned(),
            ValueIn::Decimal(d) => d.to_string(),
        };
        let (rule, msg) = match parsed {
            Ok(_) => unreachable!("returned above"),
            Err(e @ NumberError::FractionDigits { .. }) if unit.is_money() => (
                Rule::FractionDigits,
                format!("value {shown:?} {e}: {} is in yuan and fen", m.code()),
            ),
            Err(NumberError::FractionDigits { .. }) => (
                Rule::FractionDigits,
                format!(
                    "value {shown:?} is not a whole number: {} counts {}",
                    m.code(),
                    unit.code()
                ),
            ),
            Err(e @ NumberError::Overflow) => (Rule::ValueOverflow, format!("value {shown:?} {e}")),
            Err(NumberError::Empty) => (Rule::MalformedRow, "value is required but empty".into()),
            Err(e) => (Rule::InvalidValue, format!("value {shown:?} {e}")),
        };
        v.push(Violation::new(rule, origin.at(id, "value"), msg));
        None
    }
}

fn error_reason(e: &Error) -> String {
    e.to_string()
}

fn join(codes: &[Code]) -> String {
    codes
        .iter()
        .map(Code::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
