//! 恢复最近的备份: confirms putting the newest backup copy in place of the file.

use super::Dialog;
use super::Modal as _;
use crate::app::document::Document;
use crate::app::ui::Command;
use std::path::PathBuf;

#[derive(Default)]
pub struct RestoreDialog {
    /// The backup offered for restoring.
    backup: Option<PathBuf>,
}

impl RestoreDialog {
    pub fn start(&mut self, backup: PathBuf) {
        self.backup = Some(backup);
    }
}

impl Dialog for RestoreDialog {
    fn is_open(&self) -> bool {
        self.backup.is_some()
    }
    fn close(&mut self) {
        self.backup = None;
    }
    fn show(&mut self, ctx: &egui::Context, _doc: Option<&Document>) -> Vec<Command> {
        let Some(backup) = self.backup.clone() else {
            return vec![];
        };
        let mut open = true;
        let mut go = false;
        egui::Window::new("恢复最近的备份")
            .open(&mut open)
            .collapsible(false)
            .show_modal(ctx, |ui| {
                let name = backup
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                ui.label(format!("用备份副本 {name} 替换当前文件的内容？"));
                ui.label("当前内容会先另存为一份备份，之后仍可恢复。");
                if ui.button("恢复").clicked() {
                    go = true;
                }
            });
        if go || !open {
            self.backup = None;
        }
        if go {
            vec![Command::RestoreBackup]
        } else {
            vec![]
        }
    }
}
