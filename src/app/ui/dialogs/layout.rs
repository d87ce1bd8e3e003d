//! 载入表样… and 保存表样…: a region's own layout file into the budget (checked first; its
//! faults listed by line, nothing stored), and the layout in force out to a file, from
//! which a finance bureau can write its own (docs/layouts.md).

use super::{Dialog, PathForm};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::Pick;

#[derive(Default)]
pub struct LayoutDialog {
    load: PathForm,
    save: PathForm,
    /// Why the last file was not loaded, a line per fault.
    faults: Vec<String>,
}

impl LayoutDialog {
    pub fn start_load(&mut self, doc: Option<&Document>) {
        self.faults.clear();
        self.save.open = false;
        self.load.start(dir_of(doc));
    }

    pub fn start_save(&mut self, doc: &Document) {
        self.load.open = false;
        let name = format!("{}.toml", doc.budget().layout.id());
        self.save.start(
            std::path::Path::new(&dir_of(Some(doc)))
                .join(name)
                .display()
                .to_string(),
        );
    }

    /// The file was refused: its faults, shown in the dialog.
    pub fn refused(&mut self, faults: Vec<String>) {
        self.faults = faults;
    }
}

fn dir_of(doc: Option<&Document>) -> String {
    doc.and_then(|d| d.path().parent())
        .map(|p| {
            let mut s = p.display().to_string();
            if !s.is_empty() {
                s.push(std::path::MAIN_SEPARATOR);
            }
            s
        })
        .unwrap_or_default()
}

impl Dialog for LayoutDialog {
    fn is_open(&self) -> bool {
        self.load.open || self.save.open
    }
    fn close(&mut self) {
        self.load.open = false;
        self.save.open = false;
        self.faults.clear();
    }
    fn show(&mut self, ctx: &egui::Context, doc: Option<&Document>) -> Vec<Command> {
        let mut out = Vec::new();
        if self.load.open {
            let mut explain = vec![
                "载入本地区财政部门的表样文件（TOML，格式见 docs/layouts.md）：",
                "公开表、导出的工作簿和 PDF 将按它输出；载入前先检查，有误时不载入；可撤销。",
            ];
            let faults: Vec<String> = self.faults.iter().map(|f| format!("• {f}")).collect();
            explain.extend(faults.iter().map(String::as_str));
            if let Some(p) = self.load.window(
                ctx,
                "载入表样",
                &explain,
                ("表样文件：", Pick::Open("表样文件", &["toml"])),
                "载入",
            ) {
                out.push(Command::LoadLayout(p));
            }
        }
        if self.save.open {
            let name = doc
                .map(|d| d.budget().layout.name().to_string())
                .unwrap_or_default();
            let line = format!("保存此文件所用的表样“{name}”，可作为编写本地区表样的起点。");
            if let Some(p) = self.save.window(
                ctx,
                "保存表样",
                &[line.as_str()],
                ("保存到：", Pick::Save("表样文件", &["toml"])),
                "保存",
            ) {
                out.push(Command::SaveLayout(p.with_extension("toml")));
            }
        }
        out
    }
}
