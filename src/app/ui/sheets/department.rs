//! 单位信息: the department's facts (a form) and its budget units (a grid).

use super::plan::{Plan, PlanGrid};
use super::rows::RowRules;
use super::{Command, Notice, SheetGrid, SheetStates, Verb, draft_field, grid_ui, rows::one_edit};
use crate::app::document::Document;
use crate::app::ui::command::UiCommand;
use crate::app::ui::grid::CellChange;
use crate::engine::edit::Edit;
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
    let ro = doc.is_read_only();
    let d = &b.department;
    egui::ScrollArea::vertical().id_salt("dept").show(ui, |ui| {
        let mut new = d.clone();
        let mut changed = false;
        egui::Grid::new("dept_form")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let year = d.year.to_string();
                let divisions = d.divisions.to_string();
                let fields: [(&str, &str, &str); 7] = [
                    ("name", "部门名称", &d.name),
                    ("code", "部门代码", &d.code),
                    ("year", "预算年度", &year),
                    ("region", "地区", &d.region),
                    ("divisions", "内设科室数", &divisions),
                    ("contact_name", "联系人", &d.contact_name),
                    ("contact_phone", "联系电话", &d.contact_phone),
                ];
                for (key, label, cur) in fields {
                    if let Some(v) = draft_field(ui, &mut st.drafts, key, label, cur, false, ro) {
                        changed = true;
                        match key {
                            "name" => new.name = v.trim().to_string(),
                            "code" => new.code = v.trim().to_string(),
                            "year" => match v.trim().parse() {
                                Ok(y) => new.year = y,
                                Err(_) => {
                                    out.push(Command::Notify(Notice::error(format!(
                                        "预算年度“{v}”不是年份，未保存"
                                    ))));
                                    changed = false;
                                }
                            },
                            "region" => new.region = v.trim().to_string(),
                            "divisions" => match v.trim().parse() {
                                Ok(n) => new.divisions = n,
                                Err(_) => {
                                    out.push(Command::Notify(Notice::error(format!(
                                        "内设科室数“{v}”不是整数，未保存"
                                    ))));
                                    changed = false;
                                }
                            },
                            "contact_name" => new.contact_name = v,
                            _ => new.contact_phone = v,
                        }
                    }
                    ui.end_row();
                }
            });
        layout_row(ui, doc, out);
        ui.add_space(6.0);
        for (key, label, cur) in [
            ("duties", "职能职责", d.duties.clone()),
            ("composition", "单位构成", d.composition.clone()),
        ] {
            if let Some(v) = draft_field(ui, &mut st.drafts, key, label, &cur, true, ro) {
                changed = true;
                if key == "duties" {
                    new.duties = v;
                } else {
                    new.composition = v;
                }
            }
        }
        if changed {
            out.push(Command::Apply(Edit::put(new), None));
        }
        ui.add_space(10.0);
        ui.horizontal_wrapped(|ui| {
            ui.strong("预算单位");
            for (label, enabled, verb) in [
                ("新增单位", !ro, UiCommand::InsertRow),
                (
                    "删除所选单位",
                    !ro && !b.units.is_empty(),
                    UiCommand::DeleteRows,
                ),
            ] {
                if super::verb_button(ui, label, enabled, verb, out) {
                    st.shared_active(Sheet::Department, 0);
                }
            }
            ui.label(
                egui::RichText::new("简称用于支出明细等表格中的“单位”列；不填则显示单位代码。")
                    .weak(),
            );
        });
        units_grid(ui, doc, st, out);
    });
}

/// 公开表表样: the layout in force, another built-in one to choose (undoable), or a
/// region's own file to load.
fn layout_row(ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    let current = &b.layout;
    ui.horizontal(|ui| {
        let label = ui.label("公开表表样");
        let shown = format!("{}（{} 张表）", current.name(), current.len());
        ui.add_enabled_ui(!ro, |ui| {
            egui::ComboBox::from_id_salt("layout")
                .selected_text(shown)
                .width(260.0)
                .show_ui(ui, |ui| {
                    let mut options: Vec<_> = crate::engine::layout::builtins().to_vec();
                    if !current.builtin {
                        options.push(current.clone());
                    }
                    for l in options {
                        let label = format!("{}（{} 张表）", l.name(), l.len());
                        if ui.selectable_label(*l == **current, label).clicked() && *l != **current
                        {
                            out.push(Command::UseLayout(l.id().to_string()));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if ui.button("载入表样…").clicked() {
                out.push(Command::Ui(crate::app::ui::command::UiCommand::LoadLayout));
            }
        });
        if ui.button("保存表样…").clicked() {
            out.push(Command::Ui(crate::app::ui::command::UiCommand::SaveLayout));
        }
        if !current.builtin {
            ui.label(egui::RichText::new("（本地区载入的表样）").weak());
        }
    });
}

fn units_grid(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    let plan = Plan::<Unit>::of_kind();
    let columns = plan.columns(b);
    let data = PlanGrid {
        plan: &plan,
        records: &b.units,
        b,
        hover: None,
    };
    let rules = RowRules::of_plan(&plan, &columns, &b.units, b, |k| Ok(new_unit(b, k)));
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::put);
    // A unit typed into the new row is made once its code, name and kind are there: its
    // kind is the officer's choice, never a default.
    let pending =
        |cells: &[CellChange]| -> Result<Option<String>, Vec<crate::exchange::paste::PasteProblem>> {
            rules.apply(cells)?;
            Ok(super::first_untyped(
                cells,
                &columns,
                &["单位代码", "单位名称", "单位类型"],
            ))
        };
    let mut g = SheetGrid::new((Sheet::Department, 0), "单位", &columns, &data, &set)
        .with_new_row()
        .rows_height(b.units.len() + 1, 10);
    g.pending_row = Some(&pending);
    let outcome = grid_ui(ui, doc, st, &g, out);
    match outcome.verb {
        Some(Verb::InsertRow) => {
            // The new row, blank: the unit is made of what is typed there.
            st.grid(Sheet::Department, 0).select_only(b.units.len(), 0);
            out.push(Command::Notify(Notice::info(
                "在表格最后的新行中填写单位：单位代码 Tab 单位名称 Tab 简称 Tab 单位类型，填好即保存",
            )));
        }
        Some(Verb::DeleteRows) => {
            let ids: Vec<i64> = st
                .grid(Sheet::Department, 0)
                .selected_rows()
                .iter()
                .filter_map(|r| b.units.get(*r))
                .map(|u| u.id)
                .collect();
            if let Some(e) = one_edit(ids.into_iter().map(Edit::delete::<Unit>).collect()) {
                out.push(Command::Apply(e, None));
            }
        }
        Some(_) => out.push(Command::Notify(Notice::info(
            "单位表可插入行（Ctrl+I）或删除所选行（Ctrl+-）",
        ))),
        None => {}
    }
}

/// A unit for a new row: the next free code under the department's, the kind most units
/// of a department are (事业单位 under a 行政 本级).
fn new_unit(b: &Budget, k: usize) -> Unit {
    let dept = &b.department.code;
    let mut n = b.units.len() + 1 + k;
    while b.units.iter().any(|u| u.code == format!("{dept}{n:03}")) {
        n += 1;
    }
    Unit {
        code: format!("{dept}{n:03}"),
        name: format!("新单位{n}"),
        ..Unit::blank()
    }
}
