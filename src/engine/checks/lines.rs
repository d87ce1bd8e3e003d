//! The checks of each line: its codes in the catalogs in force, its government code by the
//! mapping, 行政运行 and 事业运行 by the unit's kind, a zero amount, an override of its
//! cost class, a project line without a project; and lines still without their codes.

use super::*;

/// Lines still without a function or economic code: kept, but in no table.
pub(super) fn incomplete_lines(b: &Budget) -> Vec<Finding> {
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

/// Codes exist in the catalog. (That function codes are at 项 level is a rule of the
/// store: a line's function code is always 7 digits.)
pub(super) fn codes_in_catalog(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
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

pub(super) fn codes_in_catalog_group(b: &Budget, s: &Sums, g: &Item) -> bool {
    !b.catalog.function.contains(&s.func[g.func as usize])
        || !b.catalog.dept_economic.contains(&s.econ[g.econ as usize])
}

/// Last year's function codes exist in the catalog.
pub(super) fn prior_codes(b: &Budget) -> Vec<Finding> {
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

pub(super) fn catalog_name(b: &Budget, kind: crate::engine::catalog::CatalogKind) -> String {
    if b.catalog.loaded.contains(&kind) {
        format!("本文件载入的{}", kind.label())
    } else {
        format!("{}目录", kind.label())
    }
}

/// The government code follows from the mapping; an override is a warning; a missing or
/// unknown government code is an error.
pub(super) fn gov_code_mapping(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
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
pub(super) fn gov_code_mapping_group(b: &Budget, s: &Sums, g: &Item) -> bool {
    let Some(kind) = g.unit_kind() else {
        return false;
    };
    let Some(gov) = s.gov.get(g.gov as usize) else {
        return true;
    };
    b.catalog.gov_for(&s.econ[g.econ as usize], kind) != Some(&**gov)
        || !b.catalog.gov_economic.contains(gov)
}

pub(super) fn unit_kind_function_group(b: &Budget, s: &Sums, g: &Item) -> bool {
    let name = b.catalog.function.name(&s.func[g.func as usize]);
    !g.is_project()
        && matches!(
            (name, g.unit_kind()),
            (Some("行政运行"), Some(UnitKind::Institution))
                | (Some("事业运行"), Some(UnitKind::Administrative))
        )
}

/// 行政运行 (…01) belongs to 行政/参公 units, 事业运行 (…50) to 事业单位.
pub(super) fn unit_kind_function(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
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

pub(super) fn zero_line(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
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
pub(super) fn cost_class_override(_: &Budget, l: &Line, out: &mut Vec<Finding>) {
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

/// Every project line belongs to a project; a basic line does not.
pub(super) fn project_line(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
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
