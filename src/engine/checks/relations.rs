//! The relations between the derived tables that a layout declares, and the 万元
//! rounding a reader would notice.

use super::*;

/// A table the layout prints in 万元 whose printed parts do not add up to their printed
/// whole (a region that rounds each cell on its own prints them so): a reader adding them
/// up finds 0.01 missing, so it is said beside the table and here.
pub(super) fn wan_rounding(tables: &[Table]) -> Vec<Finding> {
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
