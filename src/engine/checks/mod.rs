//! Checks (勾稽关系 and the rules of the model): a list of small independent functions,
//! each returning findings that name their severity, say in Chinese what is wrong with
//! the figures involved, and point at the place (sheet, record, field) to fix.

mod review;
mod targets;
mod texts;
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

// ---- the checks ----------------------------------------------------------------------

fn units_present(b: &Budget) -> Vec<Finding> {
    if b.units.is_empty() {
        vec![err(
            "units",
            Place::sheet(Sheet::Department),
            "部门下还没有预算单位".into(),
        )]
    } else {
        vec![]
    }
}

/// Unit codes are digits under the department's code (`129001` under `129`).
fn unit_codes(b: &Budget) -> Vec<Finding> {
    let dept = b.department.code.trim();
    b.units
        .iter()
        .filter_map(|u| {
            let why = crate::engine::create::unit_code_problem(dept, &u.code)?;
            Some(warn(
                "unit-codes",
                Place::id(Sheet::Department, u.id, "单位代码"),
                format!("单位“{}”：{why}", u.name),
            ))
        })
        .collect()
}

/// Lines still without a function or economic code: kept, but in no table.
fn incomplete_lines(b: &Budget) -> Vec<Finding> {
    if b.incomplete_lines.is_empty() {
        return Vec::new();
    }
    let order = b.lines_in_order();
    b.incomplete_lines
        .iter()
        .map(|l| {
            let row = order.iter().position(|x| x.id == l.id).map_or(0, |p| p + 1);
            let missing = match (l.func_code.is_empty(), l.dept_econ.is_empty()) {
                (true, true) => "功能科目和部门经济科目",
                (true, false) => "功能科目",
                _ => "部门经济科目",
            };
            let field = if l.func_code.is_empty() {
                "功能科目"
            } else {
                "部门经济科目"
            };
            let place = Place::id(Sheet::Lines, l.id, field);
            if l.amount.is_zero() {
                warn(
                    "incomplete-lines",
                    place,
                    format!("支出明细第 {row} 行尚未填写{missing}（空行可按 Ctrl+- 删除）"),
                )
            } else {
                err(
                    "incomplete-lines",
                    place,
                    format!(
                        "支出明细第 {row} 行尚未填写{missing}，其金额 {} 元未计入公开表和合计",
                        l.amount.grouped()
                    ),
                )
            }
        })
        .collect()
}

/// 收入合计 = 支出合计, and for each fund source, income = spending.
fn income_balance(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    let income: Money = b.income.iter().map(|i| i.current).sum();
    let spending = sums.total();
    if income != spending {
        out.push(err(
            "income-balance",
            Place::sheet(Sheet::Income),
            format!(
                "收入合计 {} 元与支出合计 {} 元不相等，相差 {} 元",
                income.grouped(),
                spending.grouped(),
                (income - spending).grouped()
            ),
        ));
    }
    let mut by_source: BTreeMap<FundSource, (Money, Money)> = BTreeMap::new();
    for i in &b.income {
        by_source.entry(i.source).or_default().0 += i.current;
    }
    for g in sums.coarse.live() {
        by_source.entry(g.fund()).or_default().1 += g.money();
    }
    for (s, (inc, exp)) in by_source {
        if inc != exp {
            out.push(err(
                "income-by-source",
                Place::key(Sheet::Income, s.label(), Some("本年预算数")),
                format!(
                    "资金来源“{s}”：收入 {} 元，安排支出 {} 元，相差 {} 元",
                    inc.grouped(),
                    exp.grouped(),
                    (inc - exp).grouped()
                ),
            ));
        }
    }
    out
}

/// Codes exist in the catalog. (That function codes are at 项 level is a rule of the
/// store: a line's function code is always 7 digits.)
fn codes_in_catalog(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
    let c = &b.catalog;
    {
        if !c.function.contains(&l.func_code) {
            out.push(err(
                "function-code",
                Place::id(Sheet::Lines, l.id, "功能科目"),
                format!(
                    "功能科目“{}”不在{}中",
                    l.func_code,
                    catalog_name(b, crate::engine::catalog::CatalogKind::Function)
                ),
            ));
        }
        if !c.dept_economic.contains(&l.dept_econ) {
            out.push(err(
                "dept-econ-code",
                Place::id(Sheet::Lines, l.id, "部门经济科目"),
                format!(
                    "部门经济科目“{}”不在{}中",
                    l.dept_econ,
                    catalog_name(b, crate::engine::catalog::CatalogKind::DeptEconomic)
                ),
            ));
        }
    }
}

fn codes_in_catalog_group(b: &Budget, s: &Sums, g: &Item) -> bool {
    !b.catalog.function.contains(&s.func[g.func as usize])
        || !b.catalog.dept_economic.contains(&s.econ[g.econ as usize])
}

/// Last year's function codes exist in the catalog.
fn prior_codes(b: &Budget) -> Vec<Finding> {
    let c = &b.catalog;
    let mut out = Vec::new();
    for p in &b.prior_functions {
        if !c.function.contains(&p.func_code) {
            out.push(err(
                "function-code",
                Place::key(Sheet::Prior, p.func_code.clone(), Some("功能科目")),
                format!("上年数中的功能科目“{}”不在功能分类目录中", p.func_code),
            ));
        }
    }
    out
}

fn catalog_name(b: &Budget, kind: crate::engine::catalog::CatalogKind) -> String {
    if b.catalog.loaded.contains(&kind) {
        format!("本文件载入的{}", kind.label())
    } else {
        format!("{}目录", kind.label())
    }
}

/// The government code follows from the mapping; an override is a warning; a missing or
/// unknown government code is an error.
fn gov_code_mapping(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
    {
        let Some(unit) = b.unit(l.unit_id) else {
            return;
        };
        // One lookup of the mapping per line (the unit is known).
        let mapped = b.catalog.gov_for(&l.dept_econ, unit.kind);
        match (&l.gov_econ_override, mapped) {
            (None, None) => out.push(err(
                "gov-econ-missing",
                Place::id(Sheet::Lines, l.id, "政府经济科目"),
                format!(
                    "部门经济科目“{}”在对照表中没有{}单位对应的政府经济科目，请手工指定",
                    l.dept_econ, unit.kind
                ),
            )),
            (Some(o), m) if Some(o.as_str()) != m => out.push(warn(
                "gov-econ-override",
                Place::id(Sheet::Lines, l.id, "政府经济科目"),
                match m {
                    Some(m) => format!(
                        "政府经济科目手工指定为“{o}”，对照表中{}单位的“{}”应对应“{m}”",
                        unit.kind, l.dept_econ
                    ),
                    None => format!("政府经济科目手工指定为“{o}”，对照表中没有“{}”", l.dept_econ),
                },
            )),
            _ => {}
        }
        if let Some(g) = l.gov_econ_override.as_deref().or(mapped)
            && !b.catalog.gov_economic.contains(g)
        {
            out.push(err(
                "gov-econ-code",
                Place::id(Sheet::Lines, l.id, "政府经济科目"),
                format!("政府经济科目“{g}”不在政府经济分类目录中"),
            ));
        }
    }
}

/// A group's lines have a government code that is the mapping's and in the catalog.
fn gov_code_mapping_group(b: &Budget, s: &Sums, g: &Item) -> bool {
    let Some(kind) = g.unit_kind() else {
        return false;
    };
    let Some(gov) = s.gov.get(g.gov as usize) else {
        return true;
    };
    b.catalog.gov_for(&s.econ[g.econ as usize], kind) != Some(&**gov)
        || !b.catalog.gov_economic.contains(gov)
}

fn unit_kind_function_group(b: &Budget, s: &Sums, g: &Item) -> bool {
    let name = b.catalog.function.name(&s.func[g.func as usize]);
    !g.is_project()
        && matches!(
            (name, g.unit_kind()),
            (Some("行政运行"), Some(UnitKind::Institution))
                | (Some("事业运行"), Some(UnitKind::Administrative))
        )
}

/// 行政运行 (…01) belongs to 行政/参公 units, 事业运行 (…50) to 事业单位.
fn unit_kind_function(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
    {
        let Some(u) = b.unit(l.unit_id) else { return };
        let name = b.catalog.function.name(&l.func_code).unwrap_or("");
        let clash = match (name, u.kind) {
            ("行政运行", UnitKind::Institution) => Some("行政运行科目用于事业单位"),
            ("事业运行", UnitKind::Administrative) => Some("事业运行科目用于行政单位"),
            _ => None,
        };
        if let Some(why) = clash
            && l.nature == Nature::Basic
        {
            out.push(warn(
                "unit-kind-function",
                Place::id(Sheet::Lines, l.id, "功能科目"),
                format!("{why}：{} 的明细编在“{}”", u.name, l.func_code),
            ));
        }
    }
}

fn zero_line(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
    if l.amount.is_zero() {
        out.push(warn(
            "zero-line",
            Place::id(Sheet::Lines, l.id, "金额"),
            format!(
                "{} 的明细（{} / {}）金额为 0",
                unit_label(b, l.unit_id),
                l.func_code,
                l.dept_econ
            ),
        ));
    }
}

/// 人员经费 = 301 + 303 and 公用经费 = 302 unless a line overrides it.
fn cost_class_override(_: &Budget, l: &Line, out: &mut Vec<Finding>) {
    let Some(o) = l.cost_class_override else {
        return;
    };
    let d = default_cost_class(&l.dept_econ);
    if o != d {
        out.push(warn(
            "cost-class-override",
            Place::id(Sheet::Lines, l.id, "人员/公用"),
            format!(
                "经济科目“{}”按规定属{d}，此条明细（{} 元）改记为{o}，人员经费将不等于 301+303",
                l.dept_econ,
                l.amount.grouped()
            ),
        ));
    }
}

/// Social-insurance pairs: 30108 = 2080505; 30109 = 2080506; 30113 = 2210201.
fn social_insurance_pairs(_: &Budget, sums: &Sums) -> Vec<Finding> {
    const PAIRS: [(&str, &str, &str); 3] = [
        ("30108", "2080505", "机关事业单位基本养老保险缴费"),
        ("30109", "2080506", "职业年金缴费"),
        ("30113", "2210201", "住房公积金"),
    ];
    let mut out = Vec::new();
    for (econ, func, what) in PAIRS {
        let by_econ = sums.sum(|g| &*sums.econ[g.econ as usize] == econ);
        let by_func = sums.sum(|g| &*sums.func[g.func as usize] == func);
        if by_econ != by_func {
            out.push(warn(
                "social-insurance",
                Place::key(Sheet::Lines, econ, Some("功能科目")),
                format!(
                    "{what}：经济科目 {econ} 合计 {} 元，功能科目 {func} 合计 {} 元，两者应相等（相差 {} 元）",
                    by_econ.grouped(),
                    by_func.grouped(),
                    (by_econ - by_func).grouped()
                ),
            ));
        }
    }
    out
}

/// Every project line belongs to a project; a basic line does not.
fn project_line(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
    match (l.nature, l.project_id) {
        (Nature::Project, None) => out.push(err(
            "project-line-without-project",
            Place::id(Sheet::Lines, l.id, "项目"),
            format!(
                "项目支出明细（{}，{} / {}，{} 元）没有指定项目",
                unit_label(b, l.unit_id),
                l.func_code,
                l.dept_econ,
                l.amount.grouped()
            ),
        )),
        (Nature::Basic, Some(pid)) => out.push(warn(
            "basic-line-with-project",
            Place::id(Sheet::Lines, l.id, "项目"),
            format!(
                "基本支出明细挂在项目“{}”下，请确认支出性质",
                b.project(pid).map(|p| p.name.as_str()).unwrap_or("")
            ),
        )),
        _ => {}
    }
}

/// A project with project lines has a performance target.
fn project_targets(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    let with_lines = |p: &Project| sums.project(p.id).is_some_and(|s| s.project_lines > 0);
    if !b.projects.iter().any(with_lines) {
        return out;
    }
    let mut indicators: crate::engine::base::fxhash::FxHashMap<i64, usize> = Default::default();
    for i in &b.indicators {
        if let Some(p) = i.project_id {
            *indicators.entry(p).or_default() += 1;
        }
    }
    for p in b.projects.iter().filter(|p| with_lines(p)) {
        let indicators = indicators.get(&p.id).copied().unwrap_or(0);
        if p.goal.trim().is_empty() || indicators == 0 {
            let missing = match (p.goal.trim().is_empty(), indicators == 0) {
                (true, true) => "当年绩效目标和绩效指标",
                (true, false) => "当年绩效目标",
                _ => "绩效指标",
            };
            // Without a table of project targets in the layout, a missing target does
            // not stop the tables being published: a reminder, not an error.
            let finding = if b.layout.prints_forms().projects {
                err
            } else {
                warn
            };
            out.push(finding(
                "project-target",
                Place::id(
                    Sheet::Projects,
                    p.id,
                    if indicators == 0 {
                        "绩效指标"
                    } else {
                        "当年绩效目标"
                    },
                ),
                format!("项目“{}”有支出明细，但缺少{missing}", p.name),
            ));
        }
    }
    out
}

/// A project's lines add up to its 当年预算, and 区级支出 + 补助镇街 = 当年预算.
fn project_amounts(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &b.projects {
        let lines = sums
            .project(p.id)
            .map_or(Money::ZERO, |s| Money::from_fen_wide(s.fen));
        if lines != p.budget {
            out.push(err(
                "project-budget",
                Place::id(Sheet::Projects, p.id, "当年预算"),
                format!(
                    "项目“{}”的当年预算为 {} 元，其支出明细合计 {} 元，相差 {} 元",
                    p.name,
                    p.budget.grouped(),
                    lines.grouped(),
                    (p.budget - lines).grouped()
                ),
            ));
        }
        if p.district + p.township != p.budget {
            out.push(err(
                "project-split",
                Place::id(Sheet::Projects, p.id, "区级支出"),
                format!(
                    "项目“{}”：区级支出 {} 元 + 补助镇街 {} 元 = {} 元，不等于当年预算 {} 元",
                    p.name,
                    p.district.grouped(),
                    p.township.grouped(),
                    (p.district + p.township).grouped(),
                    p.budget.grouped()
                ),
            ));
        }
    }
    out
}

/// 合计 = 货物 + 工程 + 服务 for each procurement item.
fn procurement_parts(b: &Budget) -> Vec<Finding> {
    let mut out: Vec<Finding> = b
        .procurement
        .iter()
        .filter(|p| p.goods + p.works + p.services != p.total)
        .map(|p| {
            err(
                "procurement-parts",
                Place::id(Sheet::Procurement, p.id, "合计"),
                format!(
                    "采购项目“{}”：合计 {} 元，货物 {} + 工程 {} + 服务 {} = {} 元",
                    p.name,
                    p.total.grouped(),
                    p.goods.grouped(),
                    p.works.grouped(),
                    p.services.grouped(),
                    (p.goods + p.works + p.services).grouped()
                ),
            )
        })
        .collect();
    // The reserve for small and medium firms is part of the item, and the small and micro
    // firms' part of that.
    for p in &b.procurement {
        if p.sme > p.total {
            out.push(err(
                "procurement-parts",
                Place::id(Sheet::Procurement, p.id, "面向中小企业预留"),
                format!(
                    "采购项目“{}”：面向中小企业预留 {} 元，超过合计 {} 元",
                    p.name,
                    p.sme.grouped(),
                    p.total.grouped()
                ),
            ));
        }
        if p.small > p.sme {
            out.push(err(
                "procurement-parts",
                Place::id(Sheet::Procurement, p.id, "其中小微企业"),
                format!(
                    "采购项目“{}”：其中小微企业 {} 元，超过面向中小企业预留 {} 元",
                    p.name,
                    p.small.grouped(),
                    p.sme.grouped()
                ),
            ));
        }
    }
    out
}

/// The prior-year figures that the layout's tables and the narrative need.
fn prior_year_present(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    if !b.lines.is_empty() && b.prior_functions.is_empty() {
        let using: Vec<String> = b
            .layout
            .tables_using(crate::engine::layout::spec::Source::PriorFunctions)
            .into_iter()
            .map(crate::engine::tables::sheet_name)
            .collect();
        let what = if using.is_empty() {
            "情况说明中与上年的比较将缺少依据".to_string()
        } else {
            format!("{}的上年数和增幅将为空", using.join("、"))
        };
        out.push(warn(
            "prior-missing",
            Place::sheet(Sheet::Prior),
            format!("还没有填写上年预算数（按功能科目），{what}"),
        ));
    }
    if !b.prior_items.contains_key(&PriorItem::OfficeRunning)
        && office_running_of(sums) > Money::ZERO
    {
        out.push(warn(
            "prior-missing",
            Place::key(Sheet::Prior, PriorItem::OfficeRunning.label(), None),
            "还没有填写上年机关运行经费，无法说明其增减".into(),
        ));
    }
    out
}

/// An item compared with last year: its reason key, what it is, and both figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub what: String,
    pub prior: Money,
    pub current: Money,
}

/// Every item the narrative compares with last year: each function 项 of the general
/// budget, basic and project spending, the 三公 items and 机关运行经费.
pub fn year_on_year(b: &Budget) -> Vec<Change> {
    year_on_year_of(b, &Sums::of(b))
}

/// [`year_on_year`], the lines read through their sums.
pub fn year_on_year_of(b: &Budget, sums: &Sums) -> Vec<Change> {
    let mut out = Vec::new();
    // One pass over the lines, sums in integer 分: by function 项 and by nature.
    let mut by_func: crate::engine::base::fxhash::FxHashMap<&str, (i128, i128)> =
        Default::default();
    let mut by_nature = [(0i128, 0i128); 2];
    let slot = |n: Nature| match n {
        Nature::Basic => 0,
        Nature::Project => 1,
    };
    for p in &b.prior_functions {
        by_func.entry(&p.func_code).or_default().0 += p.amount.fen() as i128;
        by_nature[slot(p.nature)].0 += p.amount.fen() as i128;
    }
    for g in sums
        .coarse
        .live()
        .filter(|g| g.fund().fiscal_kind() == Some(FiscalKind::General))
    {
        by_func.entry(&sums.func[g.func as usize]).or_default().1 += g.fen;
        let nature = if g.is_project() {
            Nature::Project
        } else {
            Nature::Basic
        };
        by_nature[slot(nature)].1 += g.fen;
    }
    let mut by_func: Vec<(&str, (i128, i128))> = by_func.into_iter().collect();
    by_func.sort_unstable_by_key(|(code, _)| *code);
    for (code, (prior, current)) in by_func {
        let name = b.catalog.function.name(code).unwrap_or("");
        out.push(Change {
            key: reason_key::function(code),
            what: format!("功能科目 {code} {name}"),
            prior: Money::from_fen_wide(prior),
            current: Money::from_fen_wide(current),
        });
    }
    for nature in [Nature::Basic, Nature::Project] {
        let (prior, current) = by_nature[slot(nature)];
        let (prior, current) = (Money::from_fen_wide(prior), Money::from_fen_wide(current));
        out.push(Change {
            key: reason_key::nature(nature),
            what: nature.label().to_string(),
            prior,
            current,
        });
    }
    let cur = tables::three_public_of(sums);
    let prior = tables::three_public_prior(b);
    let items = [
        PriorItem::Abroad,
        PriorItem::CarPurchase,
        PriorItem::CarRunning,
        PriorItem::Reception,
    ];
    for (i, item) in items.into_iter().enumerate() {
        out.push(Change {
            key: reason_key::item(item),
            what: format!("“三公”经费中的{item}"),
            prior: prior[i],
            current: cur[i],
        });
    }
    out.push(Change {
        key: reason_key::item(PriorItem::OfficeRunning),
        what: "机关运行经费".into(),
        prior: b.prior_item(PriorItem::OfficeRunning),
        current: office_running_of(sums),
    });
    out
}

/// Whether last year's figure of a [`year_on_year`] item was entered: without them, the
/// prior-missing finding says what to do, and a finding for every line is noise.
/// A function 项 or a nature is compared only where the layout's narrative publishes that
/// comparison with its reason (重庆's does; Shanghai's states 项 without last year).
fn prior_entered(b: &Budget, key: &str) -> bool {
    if key == reason_key::item(PriorItem::OfficeRunning) {
        b.prior_items.contains_key(&PriorItem::OfficeRunning)
    } else if key.starts_with("功能科目:") || key.starts_with("支出性质:") {
        !b.prior_functions.is_empty() && crate::engine::narrative::compares_functions(b)
    } else {
        true
    }
}

/// An item that changed from last year needs a reason (for the narrative).
fn change_reasons(b: &Budget, sums: &Sums) -> Vec<Finding> {
    year_on_year_of(b, sums)
        .into_iter()
        .filter(|c| c.prior != c.current && b.reason(&c.key).is_none() && prior_entered(b, &c.key))
        .map(|c| {
            let change = if c.current > c.prior {
                "增加"
            } else {
                "减少"
            };
            warn(
                "change-reason",
                Place::key(Sheet::Reasons, c.key.clone(), Some("原因")),
                format!(
                    "{}较上年{change} {} 元（上年 {} 元，本年 {} 元），尚未填写变动原因",
                    c.what,
                    (c.current - c.prior).abs().grouped(),
                    c.prior.grouped(),
                    c.current.grouped()
                ),
            )
        })
        .collect()
}

/// A table the layout prints in 万元 whose printed parts do not add up to their printed
/// whole (a region that rounds each cell on its own prints them so): a reader adding them
/// up finds 0.01 missing, so it is said beside the table and here.
fn wan_rounding(tables: &[Table]) -> Vec<Finding> {
    tables
        .iter()
        .flat_map(|t| &t.rounding)
        .map(|r| warn("wan-rounding", Place::sheet(Sheet::Tables), r.clone()))
        .collect()
}

/// The relations between the derived tables that the budget's layout declares (重庆:
/// 表一 = 表三, 表五 = 表六 + 表八, 表六 = 表七, 表八 = 表九, 三公 小计 = 购置 + 运行). They
/// hold by construction; a finding here means a fault in the program or in a layout of
/// one's own, and says so.
pub fn table_relations(b: &Budget, t: &[Table]) -> Vec<Finding> {
    let cell = |r: &crate::engine::layout::spec::CellRef| -> Money {
        let Some(table) = t.iter().find(|x| x.number == r.table) else {
            return Money::ZERO;
        };
        let row = table.relation_row(&r.row).map(|i| &table.rows[i]);
        row.and_then(|row| row.cells.get(r.column.saturating_sub(1)))
            .and_then(|c| c.money())
            .unwrap_or_default()
    };
    // A relation of income against spending fails with the budget's own balance, which
    // the income-balance check reports: then that, not the program, is the cause.
    // (Worked out only for a relation that fails.)
    let origin = || {
        let income: Money = b.income.iter().map(|i| i.current).sum();
        let spending =
            Money::from_fen_wide(b.lines.iter().map(|l| i128::from(l.amount.fen())).sum());
        if income != spending {
            "收入与支出不相等所致，收支平衡后即成立"
        } else if b.layout.builtin {
            "程序内部不一致，请报告此问题"
        } else {
            "请检查载入的表样"
        }
    };
    b.layout
        .spec
        .relations
        .iter()
        .map(|r| r.get_ref())
        .filter_map(|r| {
            let left: Money = r.left.iter().map(cell).sum();
            let right: Money = r.right.iter().map(cell).sum();
            (left != right).then(|| {
                err(
                    "table-relation",
                    Place::sheet(Sheet::Tables),
                    format!(
                        "{}不成立：{} ≠ {}（{}）",
                        r.name,
                        left.grouped(),
                        right.grouped(),
                        origin()
                    ),
                )
            })
        })
        .collect()
}
