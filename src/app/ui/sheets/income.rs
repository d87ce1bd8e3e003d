//! 收入: income by source, this year and last. Every source has its row (a source with
//! nothing is 0.00), so that no row needs adding or removing.

use super::plan::{Plan, PlanGrid};
use super::rows::{RowRules, fixed_rows};
use super::{Command, SheetGrid, SheetStates, grid_ui, total_label};
use crate::app::document::Document;
use crate::app::ui::grid::{CellChange, ColKind, ColumnSpec};
use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::records::Kind;
use crate::engine::records::place::Sheet;

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let income: Vec<Income> = FundSource::ALL
        .iter()
        .map(|s| {
            b.income_of(*s).cloned().unwrap_or(Income {
                source: *s,
                ..Income::blank()
            })
        })
        .collect();
    let change = |r: usize| (income[r].current - income[r].prior).grouped();
    let plan = Plan::<Income>::of_kind().fixed("资金来源").extra(
        3,
        ColumnSpec::new("增减", 160.0, ColKind::FixedMoney),
        &change,
    );
    let columns = plan.columns(b);
    let data = PlanGrid {
        plan: &plan,
        records: &income,
        b,
        hover: None,
    };
    let rules = RowRules::of_plan(&plan, &columns, &income, b, fixed_rows(income.len()));
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::put);
    let cur: Money = b.income.iter().map(|i| i.current).sum();
    let prior: Money = b.income.iter().map(|i| i.prior).sum();
    total_label(
        ui,
        format!(
            "收入合计：本年 {}，上年 {}，增减 {}",
            cur.grouped(),
            prior.grouped(),
            (cur - prior).grouped()
        ),
    );
    let g = SheetGrid::new((Sheet::Income, 0), "收入", &columns, &data, &set);
    let outcome = grid_ui(ui, doc, st, &g, out);
    super::fixed_rows_verb(outcome.verb, out);
}
