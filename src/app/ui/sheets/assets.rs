//! 资产: vehicles and large equipment held, and to be bought this year.

use super::plan::{Plan, PlanGrid};
use super::rows::{RowRules, fixed_rows};
use super::{Command, SheetGrid, SheetStates, grid_ui};
use crate::app::document::Document;
use crate::app::ui::grid::CellChange;
use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::records::Kind;
use crate::engine::records::place::Sheet;

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
                    ..Asset::blank()
                })
        })
        .collect();
    let plan = Plan::<Asset>::of_kind().fixed("类别");
    let columns = plan.columns(b);
    let data = PlanGrid {
        plan: &plan,
        records: &rows,
        b,
        hover: None,
    };
    let rules = RowRules::of_plan(&plan, &columns, &rows, b, fixed_rows(rows.len()));
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::put);
    let g = SheetGrid::new((Sheet::Assets, 0), "资产", &columns, &data, &set)
        .rows_height(rows.len(), 10);
    let outcome = grid_ui(ui, doc, st, &g, out);
    super::fixed_rows_verb(outcome.verb, out);
}
