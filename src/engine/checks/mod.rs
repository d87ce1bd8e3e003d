//! Checks (勾稽关系 and the rules of the model): a list of small independent functions,
//! each returning findings that name their severity, say in Chinese what is wrong with
//! the figures involved, and point at the place (sheet, record, field) to fix.

mod changes;
mod figures;
mod lines;
mod relations;
mod review;
mod staffing;
mod targets;
mod texts;

use changes::*;
pub use changes::{Change, year_on_year, year_on_year_of};
use figures::*;
use lines::*;
pub use relations::table_relations;
use relations::*;
pub use texts::{Scope, leftover, slip, stale_year};

use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::parts::Parts;
use crate::engine::records::place::{Place, Sheet};
use crate::engine::tables::{self, Item, Sums, Table, office_running_of};
use std::collections::BTreeMap;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// 错误: the budget cannot be published as it is.
    Error,
    /// 警告: worth a look; may be intended.
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// A stable id of the check (`income-balance`), for filtering and tests.
    pub check: &'static str,
    pub severity: Severity,
    pub message: String,
    pub place: Place,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\t[{}]\t{}",
            self.severity.label(),
            self.place,
            self.message
        )
    }
}

fn err(check: &'static str, place: Place, message: String) -> Finding {
    Finding {
        check,
        severity: Severity::Error,
        message,
        place,
    }
}

fn warn(check: &'static str, place: Place, message: String) -> Finding {
    Finding {
        check,
        severity: Severity::Warning,
        message,
        place,
    }
}

/// All checks, given the budget's derived tables (computed once by the caller).
pub fn run_with_tables(b: &Budget, tables: &[Table]) -> Vec<Finding> {
    with_table_relations(b, budget_checks(b, &Sums::of(b)), tables)
}

/// The checks on the budget itself (they do not need the tables), in their order.
pub fn budget_checks(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in CHECKS {
        c.whole(b, sums, &mut out);
        if c.has_lines() {
            for l in &b.lines {
                c.line(b, l, &mut out);
            }
        }
    }
    out
}

/// Adds the relations between the tables to the budget's findings; errors first.
pub fn with_table_relations(b: &Budget, mut out: Vec<Finding>, tables: &[Table]) -> Vec<Finding> {
    out.extend(table_relations(b, tables));
    out.extend(wan_rounding(tables));
    // The errors first, each severity in the order found (moved, not sorted).
    let (mut first, warnings): (Vec<Finding>, Vec<Finding>) =
        out.into_iter().partition(|f| f.severity == Severity::Error);
    first.extend(warnings);
    first
}

/// How a check runs.
#[derive(Clone, Copy)]
pub enum Run {
    /// On the budget as a whole.
    Budget(fn(&Budget) -> Vec<Finding>),
    /// On the budget as a whole, its lines read through their sums.
    Sums(fn(&Budget, &Sums) -> Vec<Finding>),
    /// On each line on its own (with its unit, its project, the catalogs): the findings
    /// are kept line by line, and an edit re-checks only the lines it touched.
    Line(fn(&Budget, &Line, &mut Vec<Finding>)),
    /// On the texts: those of every record but the lines as a whole, each line's on its
    /// own.
    Texts(fn(&Budget, Scope) -> Vec<Finding>),
}

/// Whether a check of each line could find anything on a line of a group (the same
/// codes, kind and unit kind): lines of a group that could not are not looked at.
pub type GroupTest = fn(&Budget, &Sums, &Item) -> bool;

/// A check on the budget: its name, what it reads and how it runs.
pub struct Check {
    pub name: &'static str,
    /// What the check reads. A check of each line reads the line and, of what is named
    /// here, its own unit and project; anything else named makes an edit of it re-check
    /// every line. A text check reads [`Parts::TEXTS`] as a whole; here is what its
    /// check of a line reads besides the line.
    pub reads: Parts,
    pub run: Run,
    /// For a check of each line whose findings follow from what its group's lines have
    /// in common: which groups' lines it need look at (a test of the group, worked out
    /// once per group instead of once per line).
    pub groups: Option<GroupTest>,
}

impl Check {
    /// What the check's part on the budget as a whole reads.
    pub fn whole_reads(&self) -> Parts {
        match self.run {
            Run::Texts(_) => Parts::TEXTS,
            Run::Line(_) => Parts::NONE,
            _ => self.reads,
        }
    }

    /// Whether it checks each line.
    pub fn has_lines(&self) -> bool {
        matches!(self.run, Run::Line(_) | Run::Texts(_))
    }

    /// The findings of its part on the budget as a whole.
    pub fn whole(&self, b: &Budget, sums: &Sums, out: &mut Vec<Finding>) {
        match self.run {
            Run::Budget(f) => out.extend(f(b)),
            Run::Sums(f) => out.extend(f(b, sums)),
            Run::Texts(f) => out.extend(f(b, Scope::Others)),
            Run::Line(_) => {}
        }
    }

    /// The findings of its check of one line.
    pub fn line(&self, b: &Budget, l: &Line, out: &mut Vec<Finding>) {
        match self.run {
            Run::Line(f) => f(b, l, out),
            // A line's one free text is its 备注 (`texts::a_lines_only_free_text_is_its_remark`).
            Run::Texts(_) if l.remark.is_empty() => {}
            Run::Texts(f) => out.extend(f(b, Scope::Line(l))),
            _ => {}
        }
    }
}

const fn check(name: &'static str, reads: Parts, run: Run) -> Check {
    Check {
        name,
        reads,
        run,
        groups: None,
    }
}

const fn line_check(
    name: &'static str,
    reads: Parts,
    run: fn(&Budget, &Line, &mut Vec<Finding>),
    groups: GroupTest,
) -> Check {
    Check {
        name,
        reads,
        run: Run::Line(run),
        groups: Some(groups),
    }
}

/// The checks on the budget itself, in the order they run.
pub const CHECKS: &[Check] = {
    use Parts as P;
    use Run::*;
    &[
        check("units", P::UNITS, Budget(units_present)),
        check(
            "unit-codes",
            P::UNITS.with(P::DEPARTMENT),
            Budget(unit_codes),
        ),
        check(
            "hidden-characters",
            P::NONE,
            Texts(texts::hidden_characters),
        ),
        check("placeholders", P::NONE, Texts(texts::placeholders)),
        check(
            "required-texts",
            P::DEPARTMENT.with(P::LAYOUT),
            Budget(texts::required_texts),
        ),
        check(
            "project-texts",
            P::LINES.with(P::PROJECTS).with(P::LAYOUT),
            Sums(texts::project_texts),
        ),
        check(
            "indicator-texts",
            P::PROJECTS.with(P::INDICATORS),
            Budget(texts::indicator_texts),
        ),
        check(
            "composition-counts",
            P::DEPARTMENT.with(P::UNITS),
            Budget(texts::composition_counts),
        ),
        check("stale-years", P::DEPARTMENT, Texts(texts::stale_years)),
        check("text-slips", P::NONE, Texts(texts::text_slips)),
        check("narrative-texts", P::ALL, Sums(texts::narrative_texts)),
        check(
            "project-narrative-texts",
            P::PROJECTS.with(P::REASONS).with(P::LAYOUT),
            Budget(texts::project_narrative_texts),
        ),
        check("incomplete-lines", P::LINES, Budget(incomplete_lines)),
        check(
            "income-balance",
            P::INCOME.with(P::LINES),
            Sums(income_balance),
        ),
        line_check(
            "codes-in-catalog",
            P::CATALOG,
            codes_in_catalog,
            codes_in_catalog_group,
        ),
        check(
            "prior-codes",
            P::PRIOR.with(P::CATALOG),
            Budget(prior_codes),
        ),
        line_check(
            "gov-code-mapping",
            P::UNITS.with(P::CATALOG),
            gov_code_mapping,
            gov_code_mapping_group,
        ),
        line_check(
            "unit-kind-function",
            P::UNITS.with(P::CATALOG),
            unit_kind_function,
            unit_kind_function_group,
        ),
        check("zero-lines", P::UNITS, Line(zero_line)),
        check("cost-class-overrides", P::NONE, Line(cost_class_override)),
        check("social-insurance", P::LINES, Sums(social_insurance_pairs)),
        check("project-lines", P::PROJECTS, Line(project_line)),
        check(
            "project-targets",
            P::LINES
                .with(P::PROJECTS)
                .with(P::INDICATORS)
                .with(P::LAYOUT),
            Sums(project_targets),
        ),
        check(
            "project-amounts",
            P::LINES.with(P::PROJECTS),
            Sums(project_amounts),
        ),
        check(
            "indicator-weights",
            P::PROJECTS.with(P::INDICATORS),
            Budget(targets::indicator_weights),
        ),
        check(
            "indicator-levels",
            P::PROJECTS.with(P::INDICATORS),
            Budget(targets::indicator_levels),
        ),
        check(
            "procurement-parts",
            P::PROCUREMENT,
            Budget(procurement_parts),
        ),
        check(
            "prior-year",
            P::LINES.with(P::PRIOR).with(P::LAYOUT),
            Sums(prior_year_present),
        ),
        check(
            "change-reasons",
            P::LINES.with(P::PRIOR).with(P::REASONS).with(P::LAYOUT),
            Sums(change_reasons),
        ),
        check(
            "large-swings",
            P::LINES.with(P::PRIOR).with(P::REASONS).with(P::LAYOUT),
            Sums(review::large_swings),
        ),
        check(
            "prior-agrees",
            P::INCOME.with(P::PRIOR),
            Budget(review::prior_agrees),
        ),
        check(
            "vehicles",
            P::ASSETS.with(P::LINES),
            Sums(review::vehicles_and_car_costs),
        ),
        check(
            "staff-beyond-posts",
            P::STAFF.with(P::UNITS),
            Budget(staffing::posts),
        ),
        line_check(
            "typed-beside-computed",
            P::STAFF.with(P::STANDARDS).with(P::ASSETS).with(P::CATALOG),
            staffing::typed_beside_computed,
            staffing::typed_beside_computed_group,
        ),
        check(
            "adjustment-beyond-result",
            P::NONE,
            Line(staffing::adjustment_beyond_result),
        ),
        check(
            "roster-rows",
            P::STAFF.with(P::UNITS),
            Budget(staffing::roster_rows),
        ),
        check("rule-values", P::STANDARDS, Budget(staffing::rule_values)),
        check(
            "hidden-characters-staff",
            P::STAFF.with(P::STANDARDS),
            Budget(texts::staff_hidden_characters),
        ),
        check(
            "computed-lines",
            P::STAFF
                .with(P::STANDARDS)
                .with(P::UNITS)
                .with(P::ASSETS)
                .with(P::CATALOG),
            Budget(staffing::computed_lines),
        ),
    ]
};

/// Counts of (错误, 警告).
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let e = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    (e, findings.len() - e)
}

fn unit_label(b: &Budget, id: i64) -> String {
    b.unit(id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| "（未知单位）".into())
}
