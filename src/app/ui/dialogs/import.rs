//! 导入数据（Excel/CSV）: a file checked first, every problem listed by sheet, row and
//! column; only a file without problems can be imported, as one step.

use super::Modal as _;
use super::{Dialog, path_of};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::{Pick, path_field};
use crate::exchange::import::Preview;
use egui::{Color32, RichText};

const AMBER: Color32 = Color32::from_rgb(170, 110, 0);

#[derive(Default)]
pub struct ImportDialog {
    open: bool,
    path: String,
    preview: Option<Preview>,
    /// Check the file at the next frame (opened with a file already chosen).
    check_now: bool,
    /// Replace the budget's lines, indicators and procurement rather than add to them.
    replace: bool,
}

impl ImportDialog {
    pub fn start(&mut self) {
        *self = ImportDialog {
            open: true,
            ..ImportDialog::default()
        };
    }

    /// Opens with a file chosen, and checks it.
    pub fn start_with(&mut self, path: &std::path::Path) {
        *self = ImportDialog {
            open: true,
            path: path.display().to_string(),
            check_now: true,
            ..ImportDialog::default()
        };
    }
}

impl Dialog for ImportDialog {
    fn is_open(&self) -> bool {
        self.open
    }
    fn close(&mut self) {
        self.open = false;
        self.preview = None;
    }
    fn show(&mut self, ctx: &egui::Context, doc: Option<&Document>) -> Vec<Command> {
        let mut check = None;
        if std::mem::take(&mut self.check_now) {
            check = path_of(&self.path);
        }
        let mut apply = false;
        egui::Window::new("导入数据（Excel/CSV）")
            .open(&mut self.open)
            .default_size([640.0, 420.0])
            .show_modal(ctx, |ui| {
                ui.label("单位信息、单位、收入、上年数、项目、支出明细、绩效指标、政府采购、资产、变动原因；");
                ui.label("先逐表逐行检查，有任何问题都不会写入；导入是一步操作，可撤销。");
                path_field(
                    ui,
                    "文件：",
                    &mut self.path,
                    Pick::Open("Excel 或 CSV", &["xlsx", "csv"]),
                );
                let replace = ui.checkbox(
                    &mut self.replace,
                    "替换已有的支出明细、绩效指标和政府采购（导出后在 Excel 中修改过的工作簿）",
                );
                if ui.button("检查").clicked() || (replace.changed() && self.preview.is_some()) {
                    check = path_of(&self.path);
                }
                if let Some(p) = &self.preview {
                    ui.separator();
                    for note in &p.notes {
                        ui.label(RichText::new(format!("注意：{note}")).color(AMBER));
                    }
                    if p.problems.is_empty() && p.edit().is_none() {
                        ui.label("检查通过：文件中的数据与预算中已有的相同，没有需要导入的变化。");
                    } else if p.problems.is_empty() {
                        ui.label(format!("检查通过，将导入：{}", p.summary()));
                        if ui.button("导入").clicked() {
                            apply = true;
                        }
                    } else {
                        ui.label(
                            RichText::new(format!(
                                "发现 {} 处问题，未导入任何数据：",
                                p.problems.len()
                            ))
                            .color(Color32::from_rgb(200, 40, 40)),
                        );
                        egui::ScrollArea::vertical()
                            .id_salt("import_problems")
                            .show(ui, |ui| {
                                for pr in &p.problems {
                                    ui.label(pr.to_string());
                                }
                            });
                    }
                }
            });
        // Checking only reads the file and the budget.
        if let (Some(path), Some(doc)) = (check, doc) {
            let mode = if self.replace {
                crate::exchange::import::Mode::Replace
            } else {
                crate::exchange::import::Mode::Add
            };
            self.preview = Some(crate::exchange::import::read_in(&path, doc.budget(), mode));
        }
        match (apply, &self.preview) {
            (true, Some(p)) if p.edit().is_some() => vec![Command::Import(Box::new(p.clone()))],
            _ => vec![],
        }
    }
}
