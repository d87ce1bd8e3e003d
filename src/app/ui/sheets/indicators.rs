//! 绩效指标: the indicators of a project's target, or of the department's (整体绩效).

use super::rows::{RowRules, one_edit};
use super::{Command, Notice, SheetGrid, SheetStates, Verb, choice, grid_ui};
use crate::checks::Sheet;
use crate::document::Document;
use crate::edit::Edit;
use crate::model::*;
use crate::ui::grid::{CellChange, ColKind, ColumnSpec, Rows};
use egui::{Color32, RichText};
use rust_decimal::Decimal;
use std::str::FromStr;

pub const COLUMNS: [&str; 8] = [
    "一级指标",
    "二级指标",
    "指标名称",
    "指标权重",
    "计量单位",
    "指标性质",
    "指标值",
    "是否核心指标",
];

/// A new indicator of a target, for a new row or 新增指标.
fn new_indicator(project: Option<i64>) -> Indicator {
    Indicator {
        id: 0,
        project_id: project,
        level1: "产出指标".into(),
        level2: "数量指标".into(),
        name: "新指标".into(),
        weight: Decimal::ZERO,
        unit: String::new(),
        op: IndicatorOp::Ge,
        value: String::new(),
        core: false,
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
        if ui.add_enabled(!ro, egui::Button::new("新增指标")).clicked() {
            out.push(Command::Apply(
                Edit::PutIndicator(new_indicator(project)),
                None,
            ));
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
            && let Some(e) = one_edit(sel.into_iter().map(Edit::DeleteIndicator).collect())
        {
            out.push(Command::Apply(e, None));
        }
    });
    let columns = [
        ColumnSpec::new(
            COLUMNS[0],
            90.0,
            choice(["产出指标", "效益指标", "满意度指标"]),
        ),
        ColumnSpec::new(
            COLUMNS[1],
            110.0,
            choice([
                "数量指标",
                "质量指标",
                "时效指标",
                "成本指标",
                "社会效益指标",
                "经济效益指标",
                "生态效益指标",
                "可持续影响指标",
                "服务对象满意度指标",
            ]),
        ),
        ColumnSpec::new(COLUMNS[2], 220.0, ColKind::Text),
        ColumnSpec::new(COLUMNS[3], 70.0, ColKind::Number),
        ColumnSpec::new(COLUMNS[4], 70.0, ColKind::Text),
        ColumnSpec::new(
            COLUMNS[5],
            70.0,
            choice(IndicatorOp::ALL.iter().map(|o| o.label())),
        ),
        ColumnSpec::new(COLUMNS[6], 90.0, ColKind::Text),
        ColumnSpec::new(COLUMNS[7], 90.0, choice(["是", "否"])),
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|i| {
            vec![
                i.level1.clone(),
                i.level2.clone(),
                i.name.clone(),
                i.weight.normalize().to_string(),
                i.unit.clone(),
                i.op.label().into(),
                i.value.clone(),
                if i.core { "是" } else { "否" }.into(),
            ]
        })
        .collect();
    let data = Rows::new(&rows);
    let get = |r: usize| list[r].clone();
    let new_row = |_k: usize| -> Result<Indicator, String> { Ok(new_indicator(project)) };
    let set_one = |i: &mut Indicator, c: usize, t: &str| -> Result<(), String> {
        let t = t.trim();
        match c {
            0 => i.level1 = t.into(),
            1 => i.level2 = t.into(),
            2 if t.is_empty() => return Err("指标名称不能为空".into()),
            2 => i.name = t.into(),
            3 => {
                let w = if t.is_empty() {
                    Decimal::ZERO
                } else {
                    Decimal::from_str(t).map_err(|_| format!("权重“{t}”不是数字"))?
                };
                if w < Decimal::ZERO || w > Decimal::ONE_HUNDRED {
                    return Err("权重应在 0 到 100 之间".into());
                }
                i.weight = w;
            }
            4 => i.unit = t.into(),
            5 => {
                i.op = IndicatorOp::parse(t)
                    .ok_or_else(|| "指标性质应为 ≥、≤、= 或 定性".to_string())?
            }
            6 => i.value = t.into(),
            _ => {
                i.core = match t {
                    "是" | "Y" | "y" | "1" | "true" => true,
                    "否" | "N" | "n" | "0" | "false" | "" => false,
                    _ => return Err(format!("“{t}”应为“是”或“否”")),
                }
            }
        }
        Ok(())
    };
    let rules = RowRules {
        columns: &columns,
        get: &get,
        rows: list.len(),
        new_row: &new_row,
        set: &set_one,
    };
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::PutIndicator);
    let id = if project.is_some() {
        "项目指标"
    } else {
        "整体绩效指标"
    };
    let g = SheetGrid::new((sheet, 1), id, &columns, &data, &set)
        .with_new_row()
        .rows_height(list.len() + 1, 12);
    let outcome = grid_ui(ui, doc, st, &g, out);
    match outcome.verb {
        Some(Verb::InsertRow) => {
            out.push(Command::Apply(
                Edit::PutIndicator(new_indicator(project)),
                None,
            ));
            st.grid(sheet, 1).select_only(list.len(), 2);
        }
        Some(Verb::DuplicateRows) => {
            let copies: Vec<Edit> = st
                .grid(sheet, 1)
                .selected_rows()
                .iter()
                .filter_map(|r| list.get(*r))
                .map(|i| {
                    Edit::PutIndicator(Indicator {
                        id: 0,
                        ..(*i).clone()
                    })
                })
                .collect();
            if let Some(e) = one_edit(copies) {
                out.push(Command::Apply(e, None));
            }
        }
        Some(Verb::DeleteRows) => {
            let ids: Vec<Edit> = st
                .grid(sheet, 1)
                .selected_rows()
                .iter()
                .filter_map(|r| list.get(*r))
                .map(|i| Edit::DeleteIndicator(i.id))
                .collect();
            let n = ids.len();
            if let Some(e) = one_edit(ids) {
                out.push(Command::Apply(e, None));
                out.push(Command::Notify(Notice::info(format!(
                    "已删除 {n} 个指标（可撤销）"
                ))));
            }
        }
        _ => {}
    }
}
