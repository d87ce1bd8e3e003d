//! 导入数据（Excel/CSV）: a file checked first, every problem listed by sheet, row and
//! column; only a file without problems can be imported, as one step.

use super::{Dialog, path_of};
use crate::document::Document;
use crate::import::Preview;
use crate::ui::Command;
use crate::ui::path_field::{Pick, path_field};
use egui::{Color32, RichText};

#[derive(Default)]
pub struct ImportDialog {
    open: bool,
    path: String,
    preview: Option<Preview>,
}

impl ImportDialog {
    pub fn start(&mut self) {
        *self = ImportDialog {
            open: true,
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
        let mut apply = false;
        egui::Window::new("导入数据（Excel/CSV）")
            .open(&mut self.open)
            .default_size([640.0, 420.0])
            .show(ctx, |ui| {
                ui.label("支出明细、项目、绩效指标、政府采购；先逐行检查，有任何问题都不会写入。");
                path_field(
                    ui,
                    "文件：",
                    &mut self.path,
                    Pick::Open("Excel 或 CSV", &["xlsx", "csv"]),
                );
                if ui.button("检查").clicked() {
                    check = path_of(&self.path);
                }
                if let Some(p) = &self.preview {
                    ui.separator();
                    if p.problems.is_empty() {
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
            self.preview = Some(crate::import::read(&path, doc.budget()));
        }
        match (apply, &self.preview) {
            (true, Some(p)) => match p.edit() {
                Some(edit) => vec![Command::ApplyImport(edit, p.summary())],
                None => vec![],
            },
            _ => vec![],
        }
    }
}
