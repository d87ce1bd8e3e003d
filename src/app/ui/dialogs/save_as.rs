//! 另存为: a complete copy of the budget in another file, which the window then edits.

use super::{Dialog, PathForm};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::Pick;

#[derive(Default)]
pub struct SaveAsDialog(PathForm);

impl SaveAsDialog {
    pub fn start(&mut self, doc: &Document) {
        self.0
            .start(super::beside(doc, |stem| format!("{stem}-副本.db")));
    }
}

impl Dialog for SaveAsDialog {
    fn is_open(&self) -> bool {
        self.0.open
    }
    fn close(&mut self) {
        self.0.open = false;
    }
    fn show(&mut self, ctx: &egui::Context, _doc: Option<&Document>) -> Vec<Command> {
        self.0
            .window(
                ctx,
                "另存为",
                &["另存后，窗口改为编辑新文件。"],
                ("新文件：", Pick::Save("预算文件", &["db"])),
                "保存",
            )
            .map(|p| vec![Command::SaveAs(p)])
            .unwrap_or_default()
    }
}
