//! 载入表样… / 保存表样… and 载入测算标准… / 保存测算标准…: a region's own file (a layout,
//! or its standards) into the budget, checked first (its faults listed by line, nothing
//! stored), and the budget's own out to a file, from which a finance bureau can write
//! its own. One dialog, declared by data for each kind of file ([`Layouts`],
//! [`Standards`]).

use super::{Dialog, PathForm};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::Pick;
use std::path::PathBuf;

/// What the dialog loads and saves.
pub struct Files {
    pub load_title: &'static str,
    pub explain: [&'static str; 2],
    pub kind: &'static str,
    pub field: &'static str,
    pub load: fn(PathBuf) -> Command,
    pub save_title: &'static str,
    /// The file name offered, and the line that says what is saved.
    pub save_name: fn(&Document) -> String,
    pub save_line: fn(&Document) -> String,
    pub save: fn(PathBuf) -> Command,
}

/// The kinds of file the dialog is for.
pub trait FileKind: Default {
    const FILES: Files;
}

#[derive(Default)]
pub struct Layouts;
#[derive(Default)]
pub struct Standards;

impl FileKind for Layouts {
    const FILES: Files = Files {
        load_title: "载入表样",
        explain: [
            "载入本地区财政部门的表样文件（TOML，格式见 docs/layouts.md）：",
            "公开表、导出的工作簿和 PDF 将按它输出；载入前先检查，有误时不载入；可撤销。",
        ],
        kind: "表样文件",
        field: "表样文件：",
        load: Command::LoadLayout,
        save_title: "保存表样",
        save_name: |d| format!("{}.toml", d.budget().layout.id()),
        save_line: |d| {
            format!(
                "保存此文件所用的表样“{}”，可作为编写本地区表样的起点。",
                d.budget().layout.name()
            )
        },
        save: Command::SaveLayout,
    };
}

impl FileKind for Standards {
    const FILES: Files = Files {
        load_title: "载入测算标准",
        explain: [
            "载入本地区的测算标准文件（TOML，格式见 assets/standards/general.toml）：",
            "其规则取代此预算的全部规则，测算行随即重算；载入前先检查，有误时不载入；可撤销。",
        ],
        kind: "测算标准文件",
        field: "测算标准文件：",
        load: Command::LoadStandards,
        save_title: "保存测算标准",
        save_name: |d| format!("{}测算标准.toml", d.budget().department.name),
        save_line: |d| {
            format!(
                "保存此预算的 {} 条测算规则，可在其他预算中载入。",
                d.budget().rules.len()
            )
        },
        save: Command::SaveStandards,
    };
}

#[derive(Default)]
pub struct LoadSaveDialog<K: FileKind> {
    kind: std::marker::PhantomData<K>,
    load: PathForm,
    save: PathForm,
    /// Why the last file was not loaded, a line per fault.
    faults: Vec<String>,
}

impl<K: FileKind> LoadSaveDialog<K> {
    pub fn start_load(&mut self, doc: Option<&Document>) {
        self.faults.clear();
        self.save.open = false;
        self.load.start(dir_of(doc));
    }

    pub fn start_save(&mut self, doc: &Document) {
        self.load.open = false;
        let name = (K::FILES.save_name)(doc);
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

impl<K: FileKind> Dialog for LoadSaveDialog<K> {
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
        let f = &K::FILES;
        if self.load.open {
            let mut explain = f.explain.to_vec();
            let faults: Vec<String> = self.faults.iter().map(|f| format!("• {f}")).collect();
            explain.extend(faults.iter().map(String::as_str));
            if let Some(p) = self.load.window(
                ctx,
                f.load_title,
                &explain,
                (f.field, Pick::Open(f.kind, &["toml"])),
                "载入",
            ) {
                out.push((f.load)(p));
            }
        }
        if self.save.open {
            let line = doc.map(f.save_line).unwrap_or_default();
            if let Some(p) = self.save.window(
                ctx,
                f.save_title,
                &[line.as_str()],
                ("保存到：", Pick::Save(f.kind, &["toml"])),
                "保存",
            ) {
                out.push((f.save)(p.with_extension("toml")));
            }
        }
        out
    }
}
