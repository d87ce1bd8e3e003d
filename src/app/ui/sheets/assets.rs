//! 资产: vehicles and large equipment held, and to be bought this year.

use super::rows::{RowRules, fixed_rows};
use super::{Command, SheetGrid, SheetStates, grid_ui};
use crate::checks::Sheet;
use crate::document::Document;
use crate::edit::Edit;
use crate::model::*;
use crate::ui::grid::{CellChange, ColKind, ColumnSpec, Rows};

pub const COLUMNS: [&str; 3] = ["类别", "现有数量", "本年拟购置数量"];

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    ui.label(
        "截至上年 12 月底的车辆和单位价值 100 万元（含）以上设备，以及本年一般公共预算安排的购置。",
    );
    let rows: Vec<Asset> = AssetCategory::ALL
        .iter()
        .map(|c| {
            b.assets
                .iter()
                .find(|a| a.category == *c)
                .cloned()
                .unwrap_or(Asset {
                    category: *c,
                    owned: 0,
                    to_buy: 0,
                })
        })
        .collect();
    let columns = [
        ColumnSpec::new(COLUMNS[0], 260.0, ColKind::Fixed),
        ColumnSpec::new(COLUMNS[1], 120.0, ColKind::Number),
        ColumnSpec::new(COLUMNS[2], 140.0, ColKind::Number),
    ];
    let shown: Vec<Vec<String>> = rows
        .iter()
        .map(|a| {
            vec![
                a.category.label().into(),
                a.owned.to_string(),
                a.to_buy.to_string(),
            ]
        })
        .collect();
    let data = Rows::new(&shown);
    let get = |r: usize| rows[r].clone();
    let new_row = fixed_rows(rows.len());
    let set_one = |a: &mut Asset, c: usize, t: &str| -> Result<(), String> {
        let t = t.trim();
        let n: u32 = if t.is_empty() {
            0
        } else {
            t.parse().map_err(|_| format!("“{t}”不是非负整数"))?
        };
        if n > 1_000_000 {
            return Err(format!("数量 {n} 过大"));
        }
        if c == 1 {
            a.owned = n;
        } else {
            a.to_buy = n;
        }
        Ok(())
    };
    let rules = RowRules {
        columns: &columns,
        get: &get,
        rows: rows.len(),
        new_row: &new_row,
        set: &set_one,
    };
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::SetAsset);
    let g = SheetGrid::new((Sheet::Assets, 0), "资产", &columns, &data, &set)
        .rows_height(rows.len(), 10);
    let outcome = grid_ui(ui, doc, st, &g, out);
    super::fixed_rows_verb(outcome.verb, out);
}
