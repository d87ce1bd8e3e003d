//! The parts of a budget, as what a table or check reads and what an edit touches: an
//! edit re-derives only what reads what it changed (`derived.rs`). Each kind of record is
//! one part (`records::Kind::PART`); what an edit touched is `edit::Touched`.

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
    /// The roster (人员) and the standards (测算标准): what computes lines. No table
    /// reads them (the lines they compute carry their results).
    pub const STAFF: Parts = Parts(1 << 12);
    pub const STANDARDS: Parts = Parts(1 << 13);
    pub const ALL: Parts = Parts((1 << 14) - 1);
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
