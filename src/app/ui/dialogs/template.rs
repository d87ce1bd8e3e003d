//! 保存导入模板: the workbook whose sheets and headers the import reads.

use super::{Dialog, PathForm};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::Pick;

#[derive(Default)]
pub struct TemplateDialog(PathForm);

impl TemplateDialog {
    pub fn start(&mut self, doc: Option<&Document>) {
        let dir = doc
            .and_then(|d| d.path().parent().map(std::path::Path::to_path_buf))
            .unwrap_or_default();
        self.0
            .start(dir.join("yusuan-导入模板.xlsx").display().to_string());
    }
}

impl Dialog for TemplateDialog {
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
                "保存导入模板",
                &[],
                ("文件：", Pick::Save("Excel 工作簿", &["xlsx"])),
                "保存",
            )
            .map(|p| vec![Command::SaveTemplate(p.with_extension("xlsx"))])
            .unwrap_or_default()
    }
}
