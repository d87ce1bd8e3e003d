//! 测算标准 and 测算表: the region's rules, editable like any sheet, and the working of
//! every line they compute (read only), per unit and rule.

use super::plan::{Plan, PlanGrid};
use super::rows::{RowRules, copy_or_delete};
use super::{Command, Notice, SheetGrid, SheetStates, Verb, grid_ui, total_label};
use crate::app::document::Document;
use crate::app::ui::command::UiCommand;
use crate::app::ui::grid::{CellChange, ColKind, ColumnSpec, Rows};
use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::records::Kind;
use crate::engine::records::place::Sheet;
use crate::engine::staffing;

fn new_rule(b: &Budget) -> Rule {
    let n = b.rules.len() + 1;
    Rule {
        name: format!("新规则{n}"),
        way: RuleWay::PerMonth,
        seq: b.rules.iter().map(|r| r.seq).max().unwrap_or(0) + 1,
        ..Rule::blank()
    }
}

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    ui.label("每条规则由人员名册为每个单位算出一条支出明细（标“测算”）：按人月、按比例（缴费基数或其他规则的结果）、按人定额、按车定额或按单位定额。比例填 16 即 16%。");
    ui.horizontal(|ui| {
        super::verb_button(ui, "新增规则", !ro, UiCommand::InsertRow, out);
        super::verb_button(
            ui,
            "删除所选",
            !ro && !b.rules.is_empty(),
            UiCommand::DeleteRows,
            out,
        );
        if ui
            .add_enabled(!ro, egui::Button::new("载入测算标准…"))
            .clicked()
        {
            out.push(Command::Ui(UiCommand::LoadStandards));
        }
        ui.add_enabled_ui(!ro, |ui| {
            ui.menu_button("采用内置标准", |ui| {
                for (id, name) in staffing::file::builtins() {
                    if ui.button(name).clicked() {
                        out.push(Command::UseStandards(id.to_string()));
                        ui.close();
                    }
                }
            });
        });
        if ui.button("保存测算标准…").clicked() {
            out.push(Command::Ui(UiCommand::SaveStandards));
        }
    });
    let rules_list = Rule::records(b).into_owned();
    let computed = b.lines.iter().filter(|l| l.is_computed()).count();
    total_label(
        ui,
        format!("{} 条规则，算出 {computed} 条支出明细", rules_list.len()),
    );
    let plan = Plan::<Rule>::of_kind();
    let columns = plan.columns(b);
    let data = PlanGrid {
        plan: &plan,
        records: &rules_list,
        b,
        hover: None,
    };
    let rules = RowRules::of_plan(&plan, &columns, &rules_list, b, |_| Ok(new_rule(b)));
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::put);
    let g = SheetGrid::new((Sheet::Standards, 0), "测算标准", &columns, &data, &set).with_new_row();
    let outcome = grid_ui(ui, doc, st, &g, out);
    match outcome.verb {
        Some(Verb::InsertRow) => {
            st.grid(Sheet::Standards, 0)
                .select_only(rules_list.len(), 0);
            out.push(Command::Notify(Notice::info(
                "在表格最后的新行中填写规则：名称 Tab 方式 Tab 依据 Tab 比例或定额 …",
            )));
        }
        Some(v) => {
            copy_or_delete(v, st, (Sheet::Standards, 0), &rules_list, out);
        }
        None => {}
    }
}

/// The widths of the 测算表's columns.
const WIDTHS: [f32; 10] = [
    96.0, 200.0, 200.0, 170.0, 56.0, 130.0, 96.0, 120.0, 100.0, 120.0,
];

pub(super) fn working(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let rows = st.working(doc);
    ui.label("每个单位每条规则的测算过程：人数、基数、比例或定额，以及手工调整后的金额（在“支出明细”页修改测算行的金额即为手工调整）。");
    let (computed, adjusted) = rows.iter().fold((0, 0), |(n, a), r| {
        (n + 1, a + usize::from(!r.cells[8].is_empty()))
    });
    total_label(
        ui,
        format!("{computed} 条测算行，其中 {adjusted} 条有手工调整"),
    );
    for g in &rows.gaps {
        ui.colored_label(ui.visuals().warn_fg_color, g);
    }
    let columns: Vec<ColumnSpec> = staffing::working::COLUMNS
        .iter()
        .zip(WIDTHS)
        .map(|((t, money), w)| {
            ColumnSpec::new(
                t,
                w,
                if *money {
                    ColKind::FixedMoney
                } else {
                    ColKind::Fixed
                },
            )
        })
        .collect();
    let shown: Vec<Vec<String>> = rows.iter().map(|r| r.cells.to_vec()).collect();
    let hover = |row: usize, _col: usize| rows.get(row).map(|r| r.text.clone());
    let mut data = Rows::new(&shown);
    data.hover = Some(&hover);
    let set = |_: &[CellChange]| -> super::SetResult { Ok(None) };
    let g = SheetGrid::new((Sheet::Working, 0), "测算表", &columns, &data, &set);
    grid_ui(ui, doc, st, &g, out);
}
