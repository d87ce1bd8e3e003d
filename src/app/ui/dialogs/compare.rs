//! 与另一文件比较: the earlier file to compare the budget with.

use super::{Dialog, path_window};
use crate::document::Document;
use crate::ui::Command;
use crate::ui::path_field::Pick;

#[derive(Default)]
pub struct CompareDialog {
    open: bool,
    path: String,
}

impl CompareDialog {
    pub fn start(&mut self) {
        *self = CompareDialog {
            open: true,
            path: String::new(),
        };
    }
}

impl Dialog for CompareDialog {
    fn is_open(&self) -> bool {
        self.open
    }
    fn close(&mut self) {
        self.open = false;
    }
    fn show(&mut self, ctx: &egui::Context, _doc: Option<&Document>) -> Vec<Command> {
        path_window(
            ctx,
            "与另一文件比较",
            &mut self.open,
            &["选择较早的版本（如上一稿）；结果列出从它到当前文件的变化。"],
            "文件：",
            &mut self.path,
            Pick::Open("预算文件", &["db"]),
            "比较",
        )
        .map(|p| vec![Command::Compare(p)])
        .unwrap_or_default()
    }
}
