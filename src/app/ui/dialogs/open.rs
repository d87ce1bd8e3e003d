//! 打开 and 以只读方式打开: a budget file by its path.

use super::{Dialog, path_window};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::Pick;

#[derive(Default)]
pub struct OpenDialog {
    open: bool,
    path: String,
    read_only: bool,
}

impl OpenDialog {
    pub fn start(&mut self, read_only: bool) {
        *self = OpenDialog {
            open: true,
            path: String::new(),
            read_only,
        };
    }
}

impl Dialog for OpenDialog {
    fn is_open(&self) -> bool {
        self.open
    }
    fn close(&mut self) {
        self.open = false;
    }
    fn show(&mut self, ctx: &egui::Context, _doc: Option<&Document>) -> Vec<Command> {
        let title = if self.read_only {
            "以只读方式打开"
        } else {
            "打开预算文件"
        };
        let go = path_window(
            ctx,
            title,
            &mut self.open,
            &[],
            "文件：",
            &mut self.path,
            Pick::Open("预算文件", &["db"]),
            "打开",
        );
        match go {
            Some(p) => {
                self.open = false;
                vec![Command::OpenPath(p, self.read_only)]
            }
            None => vec![],
        }
    }
}
