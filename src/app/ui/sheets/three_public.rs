//! 三公经费: this year's figures come from the lines by economic code; last year's are
//! typed here.

use super::plan::{Plan, PlanGrid};
use super::rows::{RowRules, fixed_rows};
use super::{Command, SheetGrid, SheetStates, grid_ui, total_label};
use crate::app::document::Document;
use crate::app::ui::grid::{CellChange, ColKind, ColumnSpec};
use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::money::Money;
use crate::engine::records::PriorFigure;
use crate::engine::records::place::Sheet;

pub const ITEMS: [PriorItem; 4] = [
    PriorItem::Abroad,
    PriorItem::CarPurchase,
    PriorItem::CarRunning,
    PriorItem::Reception,
];

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let cur = crate::engine::tables::three_public_of(doc.derived().sums());
    let prior = crate::engine::tables::three_public_prior(b);
    ui.label("本年数由支出明细按经济科目汇总（因公出国 30212、公务用车购置 31013/30913、公务用车运行维护 30231、公务接待 30217），上年数在此填写。");
    let figures: Vec<PriorFigure> = ITEMS
        .iter()
        .zip(&prior)
        .map(|(item, amount)| PriorFigure {
            item: *item,
            amount: *amount,
        })
        .collect();
    let this_year = |r: usize| cur[r].grouped();
    let change = |r: usize| (cur[r] - prior[r]).grouped();
    let plan = Plan::<PriorFigure>::of_kind()
        .fixed("项目")
        .extra(
            1,
            ColumnSpec::new("本年预算数", 150.0, ColKind::FixedMoney),
            &this_year,
        )
        .extra(
            3,
            ColumnSpec::new("增减", 150.0, ColKind::FixedMoney),
            &change,
        );
    let columns = plan.columns(b);
    let data = PlanGrid {
        plan: &plan,
        records: &figures,
        b,
        hover: None,
    };
    let rules = RowRules::of_plan(&plan, &columns, &figures, b, fixed_rows(figures.len()));
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::put);
    let (ct, pt) = (
        cur.iter().copied().sum::<Money>(),
        prior.iter().copied().sum::<Money>(),
    );
    total_label(
        ui,
        format!(
            "“三公”经费合计：本年 {}，上年 {}",
            ct.grouped(),
            pt.grouped()
        ),
    );
    let g = SheetGrid::new((Sheet::ThreePublic, 0), "三公经费", &columns, &data, &set)
        .rows_height(ITEMS.len(), 4);
    let outcome = grid_ui(ui, doc, st, &g, out);
    super::fixed_rows_verb(outcome.verb, out);

    ui.add_space(8.0);
    ui.strong("构成本年数的支出明细");
    let codes: Vec<&str> = [
        crate::engine::tables::ABROAD,
        crate::engine::tables::CAR_PURCHASE,
        crate::engine::tables::CAR_RUNNING,
        crate::engine::tables::RECEPTION,
    ]
    .concat();
    egui::ScrollArea::vertical()
        .id_salt("sangong_lines")
        .show(ui, |ui| {
            egui::Grid::new("sangong_lines")
                .striped(true)
                .show(ui, |ui| {
                    for h in ["单位", "功能科目", "经济科目", "性质", "金额"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for l in b
                        .lines
                        .iter()
                        .filter(|l| codes.contains(&l.dept_econ.as_str()))
                    {
                        ui.label(b.unit(l.unit_id).map(|u| u.short_label()).unwrap_or(""));
                        ui.label(&l.func_code);
                        ui.label(format!(
                            "{} {}",
                            l.dept_econ,
                            b.catalog.dept_economic.name(&l.dept_econ).unwrap_or("")
                        ));
                        ui.label(l.nature.label());
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.monospace(l.amount.grouped());
                        });
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.strong("公务用车（见“资产”页）");
            let cars: u32 = b
                .assets
                .iter()
                .filter(|a| a.category != AssetCategory::LargeEquipment)
                .map(|a| a.owned)
                .sum();
            let buy: u32 = b
                .assets
                .iter()
                .filter(|a| a.category != AssetCategory::LargeEquipment)
                .map(|a| a.to_buy)
                .sum();
            ui.label(format!("现有车辆 {cars} 辆，本年拟购置 {buy} 辆。"));
        });
}
