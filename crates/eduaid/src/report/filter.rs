//! A query's filters over interned ids, shared by the engine (a loaded
//! ledger) and the streaming sink (a ledger being read).

use super::Query;
use crate::Subject;
use crate::ledger::date_to_day;
use crate::programme::RegistryKind;
use crate::{Code, Error, Programme};

/// The date range and the project, area and measure membership tables of a
/// query (`None`: no filter on that column).
#[derive(Clone, Debug)]
pub(super) struct Filters {
    pub(super) from_day: i32,
    pub(super) to_day: i32,
    pub(super) projects: Option<Vec<bool>>,
    pub(super) areas: Option<Vec<bool>>,
    pub(super) measures: Option<Vec<bool>>,
}

impl Filters {
    /// The filters of `q`. `id_of` gives a code's interned id, or `None`
    /// when no entry can have it; a code the programme declares no such
    /// item for is an error (a misspelt filter must not empty a report
    /// silently).
    pub(super) fn new(
        q: &Query,
        p: &Programme,
        mut id_of: impl FnMut(RegistryKind, &Code) -> Option<u32>,
    ) -> Result<Filters, Error> {
        let mut table = |kind: RegistryKind, codes: &[Code], what: Subject| {
            if codes.is_empty() {
                return Ok(None);
            }
            let mut t = Vec::new();
            for c in codes {
                match id_of(kind, c) {
                    Some(i) => {
                        let i = i as usize;
                        if t.len() <= i {
                            t.resize(i + 1, false);
                        }
                        t[i] = true;
                    }
                    None if p.lists(kind) => {
                        return Err(Error::invalid(
                            what,
                            format!("{c} is not declared by the programme"),
                        ));
                    }
                    None => {} // an open list: no entry has it, so nothing matches
                }
            }
            Ok(Some(t))
        };
        Ok(Filters {
            from_day: q.from.map_or(i32::MIN, date_to_day),
            to_day: q.to.map_or(i32::MAX, date_to_day),
            projects: table(RegistryKind::Project, &q.projects, Subject::ProjectFilter)?,
            areas: table(RegistryKind::Area, &q.areas, Subject::AreaFilter)?,
            measures: table(RegistryKind::Measure, &q.measures, Subject::MeasureFilter)?,
        })
    }

    /// Whether every entry passes.
    pub(super) fn is_none(&self) -> bool {
        self.from_day == i32::MIN
            && self.to_day == i32::MAX
            && self.projects.is_none()
            && self.areas.is_none()
            && self.measures.is_none()
    }

    /// Whether an entry with these values passes.
    #[inline]
    pub(super) fn admits(&self, day: i32, project: u16, area: u16, measure: u16) -> bool {
        (self.from_day..=self.to_day).contains(&day)
            && member(self.projects.as_deref(), project)
            && member(self.areas.as_deref(), area)
            && member(self.measures.as_deref(), measure)
    }
}

/// Whether id `id` is in table `t` (ids past its end are not; no table
/// admits every id).
#[inline]
pub(super) fn member(t: Option<&[bool]>, id: u16) -> bool {
    t.is_none_or(|t| t.get(usize::from(id)).copied().unwrap_or(false))
}
