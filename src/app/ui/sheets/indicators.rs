//! 绩效指标: the indicators of a project's target, or of the department's (整体绩效).

use super::plan::{Plan, PlanGrid};
use super::rows::{RowRules, copy_or_delete, one_edit};
use super::{Command, Notice, SheetGrid, SheetStates, Verb, grid_ui};
use crate::app::document::Document;
use crate::app::ui::command::UiCommand;
use crate::app::ui::grid::CellChange;
use crate::engine::edit::Edit;
use crate::engine::model::*;
use crate::engine::records::Kind;
use crate::engine::records::place::Sheet;
use egui::{Color32, RichText};
use rust_decimal::Decimal;

/// A new indicator of a target, for a new row or 新增指标: blank, for the officer to fill.
fn new_indicator(project: Option<i64>) -> Indicator {
    Indicator {
        project_id: project,
        ..Indicator::blank()
    }
}

pub(super) fn grid(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    sheet: Sheet,
    project: Option<i64>,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    let list: Vec<&Indicator> = b.indicators_of(project).collect();
    let sum: Decimal = list.iter().map(|i| i.weight).sum();
    ui.horizontal(|ui| {
        ui.strong("绩效指标");
        let t = RichText::new(format!("权重合计 {}", sum.normalize()));
        ui.label(if sum == Decimal::ONE_HUNDRED || list.is_empty() {
            t
        } else {
            t.color(Color32::from_rgb(200, 40, 40))
        });
        if super::verb_button(ui, "新增指标", !ro, UiCommand::InsertRow, out) {
            st.shared_active(sheet, 1);
        }
        let sel: Vec<i64> = st
            .grid(sheet, 1)
            .selected_rows()
            .iter()
            .filter_map(|r| list.get(*r))
            .map(|i| i.id)
            .collect();
        if ui
            .add_enabled(!ro && !list.is_empty(), egui::Button::new("删除所选指标"))
            .clicked()
            && let Some(e) = one_edit(sel.into_iter().map(Edit::delete::<Indicator>).collect())
        {
            out.push(Command::Apply(e, None));
        }
    });
    let list: Vec<Indicator> = list.into_iter().cloned().collect();
    let plan = Plan::<Indicator>::of_kind();
    let columns = plan.columns(b);
    let data = PlanGrid {
        plan: &plan,
        records: &list,
        b,
        hover: None,
    };
    let rules = RowRules::of_plan(&plan, &columns, &list, b, |_| Ok(new_indicator(project)));
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::put);
    // A new indicator starts blank in the new row and is a record once it has its name.
    let pending =
        |cells: &[CellChange]| -> Result<Option<String>, Vec<crate::exchange::paste::PasteProblem>> {
            let named = rules
                .apply(cells)?
                .first()
                .is_some_and(|(_, i)| !i.name.trim().is_empty());
            Ok((!named).then(|| "指标名称".to_string()))
        };
    let id = if project.is_some() {
        "项目指标"
    } else {
        "整体绩效指标"
    };
    let mut g = SheetGrid::new((sheet, 1), id, &columns, &data, &set)
        .with_new_row()
        .rows_height(list.len() + 1, 12);
    g.pending_row = Some(&pending);
    let outcome = grid_ui(ui, doc, st, &g, out);
    match outcome.verb {
        Some(Verb::InsertRow) => {
            // The new row, blank: what is typed there makes the indicator.
            st.grid(sheet, 1).select_only(list.len(), 0);
            out.push(Command::Notify(Notice::info(
                "在表格最后的新行中填写指标（一级指标 Tab 二级指标 Tab 指标名称……），填好指标名称即保存",
            )));
        }
        Some(v) => {
            copy_or_delete(v, st, (sheet, 1), &list, out);
        }
        None => {}
    }
}
