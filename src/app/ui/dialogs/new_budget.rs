//! 新建预算: the department, the year, the region, and a table of units (code, name,
//! 简称, and one of the three kinds), typed or read from a workbook's 单位信息 and 单位
//! sheets (whose other sheets are then offered for import). Nothing is created until
//! every field is right; each problem shows by its field or unit row.

use super::Dialog;
use super::Modal as _;
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::{Pick, path_field};
use crate::engine::create::{BudgetDraft, FormProblem, UnitDraft};
use crate::engine::kinds::UnitKind;
use crate::engine::model::Budget;
use crate::engine::records::unit;
use egui::{Color32, RichText};
use std::path::{Path, PathBuf};

pub struct NewBudgetDialog {
    pub open: bool,
    pub draft: BudgetDraft,
    pub path: String,
    pub problems: Vec<FormProblem>,
    /// A failure to write the file, or to read the workbook.
    pub error: Option<String>,
    /// The workbook to fill the form from.
    pub workbook: String,
    /// The workbook the form was filled from: imported once the budget is created.
    pub source: Option<PathBuf>,
    /// The id of the built-in layout (表样) the budget publishes.
    pub layout: String,
}

impl Default for NewBudgetDialog {
    fn default() -> Self {
        NewBudgetDialog {
            open: false,
            draft: BudgetDraft {
                name: String::new(),
                code: String::new(),
                year: "2026".into(),
                region: String::new(),
                units: vec![UnitDraft::default()],
            },
            path: String::new(),
            problems: Vec::new(),
            error: None,
            workbook: String::new(),
            source: None,
            layout: crate::engine::layout::DEFAULT_ID.to_string(),
        }
    }
}

const RED: Color32 = Color32::from_rgb(200, 40, 40);

impl Dialog for NewBudgetDialog {
    fn is_open(&self) -> bool {
        self.open
    }
    fn close(&mut self) {
        self.open = false;
    }
    fn show(&mut self, ctx: &egui::Context, doc: Option<&Document>) -> Vec<Command> {
        match self.form(ctx, doc.map(Document::path)) {
            Some((path, b)) => vec![Command::Create(path, Box::new(b), self.source.clone())],
            None => vec![],
        }
    }
}

impl NewBudgetDialog {
    pub fn start(&mut self) {
        self.open = true;
    }

    /// Fills the form from the workbook named in its field.
    fn read_workbook(&mut self) {
        let path = PathBuf::from(self.workbook.trim());
        let filled = crate::exchange::import::read_sheets(&path).and_then(|sheets| {
            crate::exchange::import::draft_from(&sheets, &self.draft)
                .ok_or_else(|| "工作簿中没有“单位信息”或“单位”工作表".to_string())
        });
        match filled {
            Ok(d) => {
                self.draft = d;
                if self.draft.units.is_empty() {
                    self.draft.units.push(UnitDraft::default());
                }
                self.source = Some(path);
                self.problems.clear();
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Shows the form; the file and the budget to create once 建立 is pressed and the
    /// form is valid.
    fn form(&mut self, ctx: &egui::Context, beside: Option<&Path>) -> Option<(PathBuf, Budget)> {
        if !self.open {
            return None;
        }
        let mut open = true;
        let mut create = false;
        egui::Window::new("新建预算")
            .open(&mut open)
            .collapsible(false)
            .default_width(640.0)
            .max_width(760.0)
            .show_modal(ctx, |ui| {
                ui.horizontal(|ui| {
                    path_field(
                        ui,
                        "从工作簿填入：",
                        &mut self.workbook,
                        Pick::Open("Excel 工作簿", &["xlsx"]),
                    );
                    if ui.button("读取").clicked() {
                        self.read_workbook();
                    }
                });
                ui.label(
                    RichText::new(
                        "读取工作簿中的“单位信息”和“单位”（如 yusuan 导出的预算数据或导入模板）；建立后可导入其余工作表。",
                    )
                    .weak(),
                );
                ui.separator();
                let problems = self.problems.clone();
                let problem = |field: &str, row: Option<usize>| {
                    problems
                        .iter()
                        .filter(|p| p.field == field && p.unit_row == row)
                        .map(|p| p.message.clone())
                        .collect::<Vec<_>>()
                        .join("；")
                };
                let d = &mut self.draft;
                egui::Grid::new("new_budget")
                    .num_columns(3)
                    .spacing([8.0, 6.0])
                    .show(ui, |ui| {
                        for (label, value, hint) in [
                            ("部门名称", &mut d.name, "重庆市渝北区信访办公室"),
                            ("部门代码", &mut d.code, "129"),
                            ("预算年度", &mut d.year, "2026"),
                            ("地区", &mut d.region, "渝北区"),
                        ] {
                            let l = ui.label(label);
                            ui.add_sized(
                                [300.0, 22.0],
                                egui::TextEdit::singleline(value).hint_text(hint),
                            )
                            .labelled_by(l.id);
                            ui.label(RichText::new(problem(label, None)).color(RED));
                            ui.end_row();
                        }
                    });
                ui.horizontal(|ui| {
                    let l = ui.label("公开表表样");
                    let current = crate::engine::layout::builtin(&self.layout)
                        .map(|l| l.name().to_string())
                        .unwrap_or_default();
                    egui::ComboBox::from_id_salt("new_budget_layout")
                        .selected_text(current)
                        .width(300.0)
                        .show_ui(ui, |ui| {
                            for l in crate::engine::layout::builtins() {
                                let label = format!("{}（{} 张表）", l.name(), l.len());
                                ui.selectable_value(&mut self.layout, l.id().to_string(), label);
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    ui.label(RichText::new("本地区自己的表样可在新建后从“文件”菜单载入").weak());
                });
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    ui.strong("预算单位");
                    ui.label(RichText::new("代码以部门代码开头；简称用于表格中的“单位”列").weak());
                });
                let dept = d.code.trim().to_string();
                let mut remove = None;
                egui::Grid::new("new_budget_units")
                    .num_columns(5)
                    .spacing([6.0, 4.0])
                    .striped(true)
                    .show(ui, |ui| {
                        // Each field is labelled by its column's header, for screen readers.
                        let heads: Vec<egui::Id> = [unit::CODE, unit::NAME, unit::SHORT_NAME, unit::KIND, ""]
                            .iter()
                            .map(|h| ui.strong(*h).id)
                            .collect();
                        ui.end_row();
                        let n = d.units.len();
                        for (i, u) in d.units.iter_mut().enumerate() {
                            let hint = if dept.is_empty() {
                                "001".to_string()
                            } else {
                                format!("{dept}{:03}", i + 1)
                            };
                            ui.add_sized(
                                [90.0, 22.0],
                                egui::TextEdit::singleline(&mut u.code).hint_text(hint),
                            )
                            .labelled_by(heads[0]);
                            ui.add_sized(
                                [240.0, 22.0],
                                egui::TextEdit::singleline(&mut u.name).hint_text(if i == 0 {
                                    "……（本级）"
                                } else {
                                    ""
                                }),
                            )
                            .labelled_by(heads[1]);
                            ui.add_sized(
                                [90.0, 22.0],
                                egui::TextEdit::singleline(&mut u.short_name),
                            )
                            .labelled_by(heads[2]);
                            ui.horizontal(|ui| {
                                for k in UnitKind::ALL {
                                    if ui.selectable_label(u.kind == Some(*k), k.label()).clicked()
                                    {
                                        u.kind = Some(*k);
                                    }
                                }
                            });
                            if n > 1 && ui.small_button("删除").clicked() {
                                remove = Some(i);
                            }
                            ui.end_row();
                        }
                    });
                if let Some(i) = remove {
                    d.units.remove(i);
                }
                if ui.button("添加单位").clicked() {
                    d.units.push(UnitDraft::default());
                }
                // The units' problems, each by its row (below the table, so that the
                // table keeps its widths).
                for p in problems
                    .iter()
                    .filter(|p| p.unit_row.is_some() || p.field == "单位")
                {
                    ui.label(RichText::new(p.to_string()).color(RED));
                }
                ui.add_space(6.0);
                path_field(
                    ui,
                    "保存为：",
                    &mut self.path,
                    Pick::Save("预算文件", &["db"]),
                );
                // Where a bare name goes, before it is created.
                if !self.path.trim().is_empty() {
                    let to = crate::app::paths::new_budget_path(Path::new(self.path.trim()), beside);
                    ui.label(RichText::new(format!("将保存到：{}", to.display())).weak());
                }
                if let Some(e) = &self.error {
                    ui.colored_label(RED, e);
                }
                if ui.button("建立").clicked() {
                    create = true;
                }
            });
        self.open = open;
        if !create {
            return None;
        }
        self.error = None;
        let budget = self.draft.budget().map(|mut b| {
            if let Some(l) = crate::engine::layout::builtin(&self.layout) {
                b.layout = l;
            }
            b
        });
        let path = self.path.trim();
        let path = if path.is_empty() {
            None
        } else {
            Some(crate::app::paths::new_budget_path(Path::new(path), beside))
        };
        match (budget, path) {
            (Ok(b), Some(p)) if !p.exists() => {
                self.problems.clear();
                Some((p, b))
            }
            (Ok(_), Some(p)) => {
                self.problems.clear();
                self.error = Some(format!("文件已存在：{}", p.display()));
                None
            }
            (Ok(_), None) => {
                self.problems.clear();
                self.error = Some("请填写保存的文件名".into());
                None
            }
            (Err(problems), path) => {
                self.problems = problems;
                if path.is_none() {
                    self.error = Some("请填写保存的文件名".into());
                }
                None
            }
        }
    }
}
