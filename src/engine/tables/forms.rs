//! Performance target forms (绩效目标表): the department's overall target, and one form per
//! project of a kind, each with its indicators.

use super::{Cell, Row, RowKind, Table};
use crate::engine::kinds::*;
use crate::engine::layout::spec;
use crate::engine::model::*;
use crate::engine::money::Money;

fn text(s: impl Into<String>) -> Cell {
    Cell::text(s)
}

fn money(m: Money) -> Cell {
    Cell::Money(m)
}

fn form_row(kind: RowKind, cells: Vec<Cell>) -> Row {
    let mut cells = cells;
    cells.resize(spec::FORM_WIDTH, Cell::Empty);
    Row::new(kind, cells)
}

fn indicator_rows(b: &Budget, project: Option<i64>, rows: &mut Vec<Row>) {
    let of: Vec<&Indicator> = b.indicators_of(project).collect();
    indicator_rows_of(&of, rows);
}

fn indicator_rows_of(indicators: &[&Indicator], rows: &mut Vec<Row>) {
    rows.push(form_row(
        RowKind::Heading,
        [
            "绩效指标",
            "指标名称",
            "指标权重",
            "计量单位",
            "指标性质",
            "指标值",
            "是否核心指标",
        ]
        .into_iter()
        .map(text)
        .collect(),
    ));
    for i in indicators {
        rows.push(form_row(
            RowKind::Detail,
            vec![
                Cell::Empty,
                text(i.name.clone()),
                Cell::Number(i.weight),
                text(i.unit.clone()),
                text(i.op.label()),
                text(i.value.clone()),
                text(if i.core { "是" } else { "否" }),
            ],
        ));
    }
}

fn project_form(b: &Budget, p: Option<&Project>, indicators: &[&Indicator], rows: &mut Vec<Row>) {
    let unit = p
        .and_then(|p| b.unit(p.unit_id))
        .map(|u| u.name.clone())
        .unwrap_or_default();
    // A unit's own name prints without the （本级） suffix on these forms.
    let unit = unit.trim_end_matches("（本级）").to_string();
    let s = |f: fn(&Project) -> String| p.map(f).unwrap_or_default();
    let m = |f: fn(&Project) -> Money| p.map(f).map(money).unwrap_or(Cell::Empty);
    rows.push(form_row(
        RowKind::Heading,
        vec![text(format!("编制单位：{unit}"))],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![
            text("专项资金名称"),
            text(s(|p| p.name.clone())),
            Cell::Empty,
            text("业务主管部门"),
            text(s(|p| p.competent_dept.clone())),
        ],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![
            text("当年预算"),
            m(|p| p.budget),
            Cell::Empty,
            text("区级支出（元）"),
            m(|p| p.district),
        ],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            text("补助镇街（元）"),
            m(|p| p.township),
        ],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![text("项目概况"), text(s(|p| p.overview.clone()))],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![text("立项依据"), text(s(|p| p.basis.clone()))],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![text("当年绩效目标"), text(s(|p| p.goal.clone()))],
    ));
    match p {
        Some(_) => indicator_rows_of(indicators, rows),
        None => indicator_rows_of(&[], rows),
    }
}

/// The forms of a table; whether it has none to show (no project of its kind).
pub fn form(b: &Budget, p: &super::Sums, t: &mut Table, r: &spec::RowsSpec) -> bool {
    match r.form {
        Some(spec::FormKind::Department) | None => {
            let total = p.total();
            t.rows.push(form_row(
                RowKind::Heading,
                vec![
                    text("部门(单位)名称"),
                    text(b.department.name.clone()),
                    text("部门支出预算数"),
                    Cell::Money(total),
                ],
            ));
            t.rows.push(form_row(
                RowKind::Heading,
                vec![text("当年整体绩效目标"), text(b.department.goal.clone())],
            ));
            indicator_rows(b, None, &mut t.rows);
            false
        }
        Some(spec::FormKind::Projects) => {
            let kind = r
                .project_kind
                .as_deref()
                .and_then(ProjectKind::parse)
                .unwrap_or(ProjectKind::General);
            let projects: Vec<&Project> = b.projects.iter().filter(|p| p.kind == kind).collect();
            // Each project's indicators, found in one pass (not one pass per project).
            let mut by_project: crate::engine::base::fxhash::FxHashMap<i64, Vec<&Indicator>> =
                Default::default();
            for i in &b.indicators {
                if let Some(p) = i.project_id {
                    by_project.entry(p).or_default().push(i);
                }
            }
            if projects.is_empty() {
                project_form(b, None, &[], &mut t.rows);
            }
            for p in &projects {
                let of = by_project.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
                project_form(b, Some(p), of, &mut t.rows);
            }
            projects.is_empty()
        }
    }
}
