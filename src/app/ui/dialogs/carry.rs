//! 从上年文件带入上年数: last year's file fills 上年数 and what is still empty.

use super::{Dialog, PathForm};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::Pick;

#[derive(Default)]
pub struct CarryDialog(PathForm);

impl CarryDialog {
    pub fn start(&mut self) {
        self.0.start(String::new());
    }
}

impl Dialog for CarryDialog {
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
                "从上年文件带入上年数",
                &[
                    "选择上一年度的预算文件：填入上年数（功能科目、“三公”经费、机关运行经费、收入），",
                    "并带入尚未填写的单位信息、单位，以及上年的项目（延续项目）和绩效指标。可撤销。",
                ],
                ("上年文件：", Pick::Open("预算文件", &["db"])),
                "带入",
            )
            .map(|p| vec![Command::CarryFrom(p)])
            .unwrap_or_default()
    }
}
