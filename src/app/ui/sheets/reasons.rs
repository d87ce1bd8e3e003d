//! 变动原因: every item that changed from last year, with the reason the narrative quotes.

use super::plan::{Plan, PlanGrid};
use super::rows::{RowRules, fixed_rows};
use super::{Command, SheetGrid, SheetStates, grid_ui, total_label};
use crate::app::document::Document;
use crate::app::ui::grid::{CellChange, ColKind, ColumnSpec};
use crate::engine::edit::Edit;
use crate::engine::records::Reason;
use crate::engine::records::place::Sheet;

pub const REASON: usize = 5;

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    ui.label("与上年相比有变动的每一项，需写明原因（用于情况说明）。");
    let changes = st.changed_items(doc);
    let reasons: Vec<Reason> = changes
        .iter()
        .map(|c| Reason {
            key: c.key.clone(),
            text: b.reasons.get(&c.key).cloned().unwrap_or_default(),
        })
        .collect();
    // The items and their figures are computed; the reason is the record's.
    let what = |r: usize| changes[r].what.clone();
    let prior = |r: usize| changes[r].prior.grouped();
    let current = |r: usize| changes[r].current.grouped();
    let change = |r: usize| (changes[r].current - changes[r].prior).grouped();
    let percent = |r: usize| {
        crate::engine::money::percent_change(changes[r].prior, changes[r].current, 1)
            .map(|p| format!("{p}%"))
            .unwrap_or_default()
    };
    let plan = Plan::<Reason>::fields(&["原因"])
        .extra(0, ColumnSpec::new("项目", 300.0, ColKind::Fixed), &what)
        .extra(
            1,
            ColumnSpec::new("上年", 120.0, ColKind::FixedMoney),
            &prior,
        )
        .extra(
            2,
            ColumnSpec::new("本年", 120.0, ColKind::FixedMoney),
            &current,
        )
        .extra(
            3,
            ColumnSpec::new("增减", 120.0, ColKind::FixedMoney),
            &change,
        )
        .extra(
            4,
            ColumnSpec::new("增幅", 70.0, ColKind::FixedNumber),
            &percent,
        );
    let columns = plan.columns(b);
    let missing = changes
        .iter()
        .filter(|c| b.reason(&c.key).is_none())
        .count();
    total_label(
        ui,
        format!("共 {} 项变动，{} 项尚未填写原因", changes.len(), missing),
    );
    let data = PlanGrid {
        plan: &plan,
        records: &reasons,
        b,
        hover: None,
    };
    let rules = RowRules::of_plan(&plan, &columns, &reasons, b, fixed_rows(reasons.len()));
    let set = |cells: &[CellChange]| {
        rules.edits(cells, |r| {
            Edit::put(Reason {
                key: r.key,
                text: r.text.trim().to_string(),
            })
        })
    };
    let mut g = SheetGrid::new((Sheet::Reasons, 0), "变动原因", &columns, &data, &set);
    g.frozen = 1;
    let outcome = grid_ui(ui, doc, st, &g, out);
    super::fixed_rows_verb(outcome.verb, out);
}
