//! 帮助 › 使用说明 (the short Chinese guide shipped with the program, `assets/guide.md`)
//! and 帮助 › 关于 (the version, the build's date, the licences).

use super::{Dialog, Modal};
use crate::app::document::Document;
use crate::app::ui::Command;

/// The guide, as shipped.
pub const GUIDE: &str = include_str!("../../../../assets/guide.md");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    Guide,
    About,
}

#[derive(Default)]
pub struct HelpDialog {
    page: Option<Page>,
}

impl HelpDialog {
    pub fn guide(&mut self) {
        self.page = Some(Page::Guide);
    }
    pub fn about(&mut self) {
        self.page = Some(Page::About);
    }
}

impl Dialog for HelpDialog {
    fn is_open(&self) -> bool {
        self.page.is_some()
    }
    fn close(&mut self) {
        self.page = None;
    }
    fn show(&mut self, ctx: &egui::Context, _doc: Option<&Document>) -> Vec<Command> {
        let Some(page) = self.page else {
            return Vec::new();
        };
        let mut open = true;
        let title = match page {
            Page::Guide => "使用说明",
            Page::About => "关于预算编制",
        };
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .default_width(640.0)
            .show_modal(ctx, |ui| match page {
                Page::Guide => {
                    egui::ScrollArea::vertical()
                        .max_height(520.0)
                        .show(ui, |ui| guide(ui, GUIDE));
                }
                Page::About => {
                    ui.heading("预算编制（yusuan）");
                    ui.label("部门预算编制：从人员和标准到部门预算公开表和情况说明。");
                    ui.add_space(6.0);
                    for line in crate::app::cli::version_text().lines() {
                        ui.label(line);
                    }
                    ui.add_space(6.0);
                    ui.label("预算数据只保存在你选定的 .db 文件中；证件号码不保存，人员姓名只在你要求时导出。");
                }
            });
        if !open {
            self.page = None;
        }
        Vec::new()
    }
}

/// The guide's Markdown, as a reader sees it: headings, bullets, paragraphs.
fn guide(ui: &mut egui::Ui, text: &str) {
    for line in text.lines() {
        let t = line.trim_end();
        if let Some(h) = t.strip_prefix("# ") {
            ui.heading(h);
        } else if let Some(h) = t.strip_prefix("## ") {
            ui.add_space(6.0);
            ui.strong(h);
        } else if let Some(item) = t.strip_prefix("- ") {
            ui.label(format!("• {}", item.replace("**", "")));
        } else if !t.is_empty() {
            ui.label(t.replace("**", ""));
        }
    }
}
