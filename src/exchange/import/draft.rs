//! A new budget's form filled from a workbook: the department's name, code, year and
//! region from its 单位信息 sheet, the units from its 单位 sheet, as they are written (the
//! form then checks them as it checks what is typed).

use super::SheetRows;
use crate::engine::create::{BudgetDraft, UnitDraft};
use crate::engine::kinds::UnitKind;
use crate::engine::model::{Department, Unit};
use crate::engine::records::unit;
use crate::engine::records::{Field, Kind};
use crate::exchange::sheet;
use crate::exchange::workbook::WorkbookSheet;

/// The form as the sheets fill it, starting from `draft` (what they leave out stays);
/// `None` when the workbook has neither 单位信息 nor 单位.
pub fn draft_from(sheets: &[SheetRows], draft: &BudgetDraft) -> Option<BudgetDraft> {
    let of = |s: WorkbookSheet| {
        sheets.iter().find(|x| x.kind == s).map(|x| {
            x.rows
                .iter()
                .filter(|r| !r.is_blank())
                .map(|r| r.cells())
                .collect::<Vec<_>>()
        })
    };
    let facts = of(WorkbookSheet::Department);
    let units = of(WorkbookSheet::Units);
    if facts.is_none() && units.is_none() {
        return None;
    }
    let mut d = draft.clone();
    if let Some(rows) = facts {
        let value = |label: &str| department_value(&rows, label);
        for (label, into) in [
            ("部门名称", &mut d.name),
            ("部门代码", &mut d.code),
            ("预算年度", &mut d.year),
            ("地区", &mut d.region),
        ] {
            if let Some(v) = value(label) {
                *into = v;
            }
        }
    }
    if let Some(rows) = units.filter(|r| r.len() > 1) {
        let cols = sheet::header_fields::<Unit>(&rows[0]);
        let cell = |row: &[&str], label: &str| {
            cols.iter()
                .position(|f| f.is_some_and(|f| f.label == label))
                .and_then(|i| row.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        d.units = rows[1..]
            .iter()
            .map(|r| UnitDraft {
                code: cell(r, unit::CODE),
                name: cell(r, unit::NAME),
                short_name: cell(r, unit::SHORT_NAME),
                kind: UnitKind::parse(&cell(r, unit::KIND)),
            })
            .collect();
    }
    Some(d)
}

/// A fact of 单位信息, written down a column (项目 | 内容) or across under a header.
fn department_value(rows: &[Vec<&str>], label: &str) -> Option<String> {
    let field: &Field<Department> = Department::field(label)?;
    let first = rows.first()?;
    let text = if sheet::is_header::<Department>(first) {
        let i = first.iter().position(|h| field.is_named(h))?;
        rows.get(1)?.get(i)?.to_string()
    } else {
        let row = rows
            .iter()
            .find(|r| r.first().is_some_and(|h| field.is_named(h)))?;
        row.get(1)?.to_string()
    };
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}
