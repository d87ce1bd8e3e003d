//! 汇总部门预算: the department files of a folder into one district file.

use super::Modal as _;
use super::{Dialog, path_of};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::{Pick, path_field};

#[derive(Default)]
pub struct ConsolidateDialog {
    open: bool,
    folder: String,
    out: String,
}

impl ConsolidateDialog {
    pub fn start(&mut self) {
        self.open = true;
    }
}

impl Dialog for ConsolidateDialog {
    fn is_open(&self) -> bool {
        self.open
    }
    fn close(&mut self) {
        self.open = false;
    }
    fn show(&mut self, ctx: &egui::Context, _doc: Option<&Document>) -> Vec<Command> {
        let mut go = false;
        egui::Window::new("汇总部门预算")
            .open(&mut self.open)
            .collapsible(false)
            .show_modal(ctx, |ui| {
                ui.label("把文件夹中各部门的预算文件（.db）汇总为一个汇总预算文件；");
                ui.label("各文件只读打开、不会被修改；有任何文件无法使用时不生成汇总文件。");
                path_field(ui, "部门文件夹：", &mut self.folder, Pick::Folder);
                path_field(
                    ui,
                    "汇总文件：",
                    &mut self.out,
                    Pick::Save("预算文件", &["db"]),
                );
                if ui.button("汇总并打开").clicked() {
                    go = true;
                }
            });
        if !go {
            return vec![];
        }
        match (path_of(&self.folder), path_of(&self.out)) {
            (Some(dir), Some(out)) => vec![Command::Consolidate(dir, out)],
            _ => vec![Command::Notify(crate::app::ui::Notice::error(
                "请填写部门文件夹和汇总文件",
            ))],
        }
    }
}
