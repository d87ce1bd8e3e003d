//! The 测算表 as a table like the published ones, to print after them (PDF, workbook)
//! when asked: every computed line's working, per unit and rule, with a 合计.

use super::{Cell, Row, RowKind, Table};
use crate::engine::model::Budget;
use crate::engine::money::Money;
use crate::engine::staffing::working;

/// The 测算表, or none when no line is computed.
pub fn working_table(b: &Budget) -> Option<Table> {
    let w = working::of(b);
    if w.rows.is_empty() {
        return None;
    }
    let columns: Vec<String> = working::COLUMNS
        .iter()
        .map(|(t, _)| t.to_string())
        .collect();
    let money = |m: Money| Cell::Money(m);
    let mut rows: Vec<Row> = w
        .rows
        .iter()
        .map(|r| {
            let c = &r.computed;
            Row::new(
                RowKind::Detail,
                vec![
                    Cell::Text(r.cells[0].clone()),
                    Cell::Text(r.cells[1].clone()),
                    Cell::Text(r.cells[2].clone()),
                    Cell::Text(r.cells[3].clone()),
                    Cell::Text(r.cells[4].clone()),
                    c.working.base.map_or(Cell::Empty, money),
                    Cell::Text(r.cells[6].clone()),
                    money(c.amount),
                    money(r.adjust),
                    money(r.amount),
                ],
            )
        })
        .collect();
    let total = |f: fn(&working::WorkingRow) -> Money| w.rows.iter().map(f).sum::<Money>();
    let mut sum = vec![Cell::Text("合计".into())];
    sum.extend((1..7).map(|_| Cell::Empty));
    sum.push(money(total(|r| r.computed.amount)));
    sum.push(money(total(|r| r.adjust)));
    sum.push(money(total(|r| r.amount)));
    rows.insert(0, Row::new(RowKind::Total, sum));
    Some(Table {
        // Not one of the layout's tables: printed as 附表.
        number: 0,
        title: format!("{}年{}基本支出测算表", b.department.year, b.department.name),
        subtitle: None,
        org_label: format!("部门全称：{}", b.department.name),
        unit_label: "单位：元".into(),
        header: vec![columns.clone()],
        columns,
        rows,
        note: None,
        note_prefix: String::new(),
        code_columns: 0,
        rounding: Vec::new(),
    })
}
