//! 上年数: last year's general-budget figures by function and nature (table 5 and the
//! narrative), and last year's 三公 and 机关运行经费.

use super::plan::{Plan, PlanGrid};
use super::rows::{RowRules, fixed_rows, one_edit};
use super::{Command, Notice, SetResult, SheetGrid, SheetStates, Verb, grid_ui, total_label};
use crate::app::document::Document;
use crate::app::ui::grid::CellChange;
use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::{Money, parse_yuan};
use crate::engine::records::code_of;
use crate::engine::records::place::Sheet;
use crate::engine::records::{Kind, PriorFigure};

/// The 上年预算数 column.
pub const AMOUNT: usize = 2;

/// How places (findings, remarks) name a figure of last year by function: its code.
pub fn key(p: &PriorFunction) -> String {
    p.func_code.clone()
}

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    ui.label("上年一般公共预算财政拨款预算数（按功能科目和支出性质），用于公开表中的上年数和情况说明。上年收入在“收入”页填写。在表格最后的新行中输入：功能科目 Tab 支出性质 Tab 金额 回车。");
    ui.horizontal_wrapped(|ui| {
        let (code, nature_opt, amount) = &mut st.prior_new;
        let nature = nature_opt.get_or_insert(Nature::Basic);
        let l = super::tag(ui, "新增：功能科目");
        ui.add(egui::TextEdit::singleline(code).desired_width(80.0))
            .labelled_by(l.id);
        let l = super::tag(ui, "性质");
        egui::ComboBox::from_id_salt("prior_nature")
            .selected_text(nature.label())
            .show_ui(ui, |ui| {
                for n in Nature::ALL {
                    ui.selectable_value(nature, *n, n.label());
                }
            })
            .response
            .labelled_by(l.id);
        let l = super::tag(ui, "金额");
        ui.add(egui::TextEdit::singleline(amount).desired_width(120.0))
            .labelled_by(l.id);
        if ui.add_enabled(!ro, egui::Button::new("添加")).clicked() {
            let c = code_of(code);
            match parse_yuan(amount) {
                _ if c.len() != 7 || !b.catalog.function.contains(&c) => out.push(Command::Notify(
                    Notice::error(format!("“{code}”不是目录中的项级功能科目")),
                )),
                Err(e) => out.push(Command::Notify(Notice::error(format!("金额：{e}")))),
                Ok(m) => {
                    out.push(Command::Apply(
                        Edit::put(PriorFunction {
                            func_code: c,
                            nature: *nature,
                            amount: m,
                        }),
                        None,
                    ));
                    code.clear();
                    amount.clear();
                }
            }
        }
    });
    let list = &b.prior_functions;
    let plan = Plan::<PriorFunction>::of_kind();
    let columns = plan.columns(b);
    let data = PlanGrid {
        plan: &plan,
        records: list,
        b,
        hover: None,
    };
    let rules = RowRules::of_plan(&plan, &columns, list, b, |_| Ok(PriorFunction::blank()));
    let set = |changes: &[CellChange]| -> SetResult {
        let changed = rules.apply(changes)?;
        let mut edits = Vec::new();
        let mut problems = Vec::new();
        for (row, new) in changed {
            let taken = |p: &PriorFunction| {
                list.iter().enumerate().any(|(i, x)| {
                    Some(i) != row && x.func_code == p.func_code && x.nature == p.nature
                })
            };
            if new.func_code.is_empty() {
                problems.push(crate::exchange::paste::PasteProblem {
                    row: row.unwrap_or(list.len()) + 1,
                    column: "功能科目",
                    message: "功能科目不能为空".into(),
                });
                continue;
            }
            if taken(&new) {
                problems.push(crate::exchange::paste::PasteProblem {
                    row: row.map_or(list.len() + 1, |r| r + 1),
                    column: "功能科目",
                    message: format!(
                        "已有 {} {} 的上年数，请直接修改那一行",
                        new.func_code, new.nature
                    ),
                });
                continue;
            }
            match row.map(|r| &list[r]) {
                // Another code or nature: the old figure goes, the new one comes.
                Some(old) if old.func_code != new.func_code || old.nature != new.nature => {
                    edits.push(Edit::put(PriorFunction {
                        amount: Money::ZERO,
                        ..old.clone()
                    }));
                    edits.push(Edit::put(new));
                }
                _ => edits.push(Edit::put(new)),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(one_edit(edits))
    };
    // A figure of last year needs its code and its amount (a zero figure is no figure):
    // the new row keeps what is typed into it until both are there.
    let pending =
        |cells: &[CellChange]| -> Result<Option<String>, Vec<crate::exchange::paste::PasteProblem>> {
            let changed = rules.apply(cells)?;
            Ok(match changed.first() {
                None => Some("功能科目".into()),
                Some((_, p)) if p.func_code.is_empty() => Some("功能科目".into()),
                Some((_, p)) if p.amount.is_zero() => Some("上年预算数".into()),
                Some(_) => None,
            })
        };
    let total: Money = list.iter().map(|p| p.amount).sum();
    total_label(ui, format!("上年合计 {}", total.grouped()));
    let h = (ui.available_height() - 190.0).max(120.0);
    let mut g = SheetGrid::new((Sheet::Prior, 0), "上年数", &columns, &data, &set)
        .with_new_row()
        .height(h);
    g.pending_row = Some(&pending);
    let outcome = grid_ui(ui, doc, st, &g, out);
    match outcome.verb {
        Some(Verb::DeleteRows) => {
            let del: Vec<Edit> = st
                .grid(Sheet::Prior, 0)
                .selected_rows()
                .iter()
                .filter_map(|r| list.get(*r))
                .map(|p| {
                    Edit::put(PriorFunction {
                        amount: Money::ZERO,
                        ..p.clone()
                    })
                })
                .collect();
            if let Some(e) = one_edit(del) {
                out.push(Command::Apply(e, None));
            }
        }
        Some(Verb::InsertRow | Verb::DuplicateRows) => out.push(Command::Notify(Notice::info(
            "上年数请在上方“新增”处添加，或从 Excel 粘贴到表格末尾",
        ))),
        _ => {}
    }

    ui.add_space(6.0);
    ui.strong("上年“三公”经费和机关运行经费");
    let figures: Vec<PriorFigure> = PriorItem::ALL
        .iter()
        .map(|i| PriorFigure {
            item: *i,
            amount: b.prior_item(*i),
        })
        .collect();
    let plan = Plan::<PriorFigure>::of_kind().fixed("项目");
    let columns = plan.columns(b);
    let data = PlanGrid {
        plan: &plan,
        records: &figures,
        b,
        hover: None,
    };
    let rules = RowRules::of_plan(&plan, &columns, &figures, b, fixed_rows(figures.len()));
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::put);
    let g = SheetGrid::new((Sheet::Prior, 1), "上年三公", &columns, &data, &set)
        .rows_height(figures.len(), 6);
    let outcome = grid_ui(ui, doc, st, &g, out);
    super::fixed_rows_verb(outcome.verb, out);
}
