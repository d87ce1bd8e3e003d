//! 与另一文件比较: the earlier file to compare the budget with.

use super::{Dialog, PathForm};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::Pick;

#[derive(Default)]
pub struct CompareDialog(PathForm);

impl CompareDialog {
    pub fn start(&mut self) {
        self.0.start(String::new());
    }
}

impl Dialog for CompareDialog {
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
                "与另一文件比较",
                &["选择较早的版本（如上一稿）；结果列出从它到当前文件的变化。"],
                ("文件：", Pick::Open("预算文件", &["db"])),
                "比较",
            )
            .map(|p| vec![Command::Compare(p)])
            .unwrap_or_default()
    }
}
