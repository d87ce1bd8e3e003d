//! The parts of a budget, as what a table or check reads and what an edit touches: an
//! edit re-derives only what reads what it changed (`derived.rs`).

use crate::engine::edit::Edit;
use std::ops::BitOr;

/// A set of the parts of a budget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Parts(u16);

impl Parts {
    pub const NONE: Parts = Parts(0);
    pub const DEPARTMENT: Parts = Parts(1);
    pub const UNITS: Parts = Parts(1 << 1);
    pub const INCOME: Parts = Parts(1 << 2);
    pub const LINES: Parts = Parts(1 << 3);
    /// Last year's figures (by function, and the 三公 and 机关运行经费 items).
    pub const PRIOR: Parts = Parts(1 << 4);
    pub const PROJECTS: Parts = Parts(1 << 5);
    pub const INDICATORS: Parts = Parts(1 << 6);
    pub const PROCUREMENT: Parts = Parts(1 << 7);
    pub const ASSETS: Parts = Parts(1 << 8);
    pub const REASONS: Parts = Parts(1 << 9);
    /// The catalogs in force and the layout: whatever reads them is derived anew.
    pub const CATALOG: Parts = Parts(1 << 10);
    pub const LAYOUT: Parts = Parts(1 << 11);
    pub const ALL: Parts = Parts((1 << 12) - 1);
    /// The texts the text checks read besides the lines'.
    pub const TEXTS: Parts = Parts(
        Parts::DEPARTMENT.0
            | Parts::UNITS.0
            | Parts::PROJECTS.0
            | Parts::INDICATORS.0
            | Parts::PROCUREMENT.0
            | Parts::REASONS.0,
    );

    pub const fn with(self, other: Parts) -> Parts {
        Parts(self.0 | other.0)
    }

    pub const fn without(self, other: Parts) -> Parts {
        Parts(self.0 & !other.0)
    }

    pub fn meets(self, other: Parts) -> bool {
        self.0 & other.0 != 0
    }
}

impl BitOr for Parts {
    type Output = Parts;
    fn bitor(self, other: Parts) -> Parts {
        self.with(other)
    }
}

/// What an edit changed: the parts, and the lines, units and projects by id.
#[derive(Clone, Debug, Default)]
pub struct Touched {
    pub parts: Parts,
    pub lines: Vec<i64>,
    pub units: Vec<i64>,
    pub projects: Vec<i64>,
}

impl Touched {
    /// Everything: the budget read again, a catalog or the layout changed.
    pub fn all() -> Touched {
        Touched {
            parts: Parts::ALL,
            ..Touched::default()
        }
    }

    /// What an edit changed, told by the edit that undoes it (the store returns it): it
    /// names every record the edit put, replaced or deleted, new ones included.
    pub fn of_inverse(inverse: &Edit) -> Touched {
        let mut t = Touched::default();
        t.add(inverse);
        t
    }

    fn add(&mut self, e: &Edit) {
        let part = match e {
            Edit::SetDepartment(_) => Parts::DEPARTMENT,
            Edit::PutUnit(u) => {
                self.units.push(u.id);
                Parts::UNITS
            }
            Edit::DeleteUnit(id) => {
                self.units.push(*id);
                Parts::UNITS
            }
            Edit::SetIncome(_) => Parts::INCOME,
            Edit::PutLines(lines) => {
                self.lines.extend(lines.iter().map(|l| l.id));
                Parts::LINES
            }
            Edit::DeleteLines(ids) => {
                self.lines.extend(ids);
                Parts::LINES
            }
            Edit::SetPriorFunction(_) | Edit::SetPriorItem(..) => Parts::PRIOR,
            Edit::PutProject(p) => {
                self.projects.push(p.id);
                Parts::PROJECTS
            }
            Edit::DeleteProject(id) => {
                self.projects.push(*id);
                Parts::PROJECTS
            }
            Edit::PutIndicator(_) | Edit::DeleteIndicator(_) => Parts::INDICATORS,
            Edit::PutProcurement(_) | Edit::DeleteProcurement(_) => Parts::PROCUREMENT,
            Edit::SetAsset(_) => Parts::ASSETS,
            Edit::SetReason { .. } => Parts::REASONS,
            Edit::LoadCatalog(_) | Edit::ResetCatalog(_) => Parts::CATALOG,
            Edit::SetLayout(_) => Parts::LAYOUT,
            // Remarks are annotations: nothing derived reads them.
            Edit::PutRemark(_) | Edit::DeleteRemark(_) => Parts::NONE,
            Edit::Batch(v) => {
                v.iter().for_each(|e| self.add(e));
                Parts::NONE
            }
        };
        self.parts = self.parts | part;
    }
}
